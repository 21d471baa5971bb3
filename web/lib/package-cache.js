// Where downloaded wheels and resolved plans are kept between page loads: the
// browser's Cache API (shared by every worker of the origin, so snippets on one
// page and the next visit fetch a wheel once), or memory where there is none
// (Node, insecure origins). Wheels are keyed by their sha256 from the index,
// and only stored once their bytes have that hash.

/** Version of the stored layout: a change starts a new cache instead of misreading an old one. */
const CACHE_NAME = 'wasipy-packages-v1';
// Cache API keys must be http(s) URLs; this host is never fetched (.invalid is reserved).
const KEY_BASE = 'https://wasipy-cache.invalid/';
/**
 * Where plans are kept: `plan-v2/`, plans checked against the index's pages
 * (package-install.js) since issue 21; `plan/` entries of earlier versions,
 * which code in a session could plant, are never read.
 */
const PLAN_PREFIX = 'plan-v2/';
/** A resolved plan is reused this long without asking the index again (docs pages change rarely). */
export const PLAN_FRESH_MS = 24 * 3600 * 1000;

const memory = new Map(); // the fallback, shared by the sessions of one page or process

class MemoryStore {
  async get(key) {
    return memory.get(key) ?? null;
  }
  async put(key, bytes) {
    memory.set(key, bytes);
  }
}

class CacheApiStore {
  constructor(cache) {
    this.cache = cache;
  }
  async get(key) {
    const response = await this.cache.match(KEY_BASE + key);
    return response ? new Uint8Array(await response.arrayBuffer()) : null;
  }
  async put(key, bytes) {
    await this.cache.put(KEY_BASE + key, new Response(bytes));
  }
}

let store = null;

async function openStore() {
  if (!store) {
    store = (async () => {
      try {
        if (typeof caches !== 'undefined') return new CacheApiStore(await caches.open(CACHE_NAME));
      } catch {
        // A page in a sandboxed frame or with storage blocked: keep them in memory.
      }
      return new MemoryStore();
    })();
  }
  return store;
}

/** sha256 of `bytes` in lowercase hex. */
export async function sha256Hex(bytes) {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Storage trouble never fails an install: the cache is only a shortcut. */
async function safely(fn, fallback) {
  try {
    return await fn(await openStore());
  } catch {
    return fallback;
  }
}

export const packageCache = {
  /** The wheel whose sha256 is `hash`, or null. */
  wheel(hash) {
    return safely((s) => s.get(`sha256/${hash}`), null);
  },
  async keepWheel(hash, bytes) {
    if ((await sha256Hex(bytes)) !== hash) return; // never file bytes under a hash they do not have
    await safely((s) => s.put(`sha256/${hash}`, bytes));
  },
  /** The plan stored for `key` with its age in ms, or null. */
  plan(key) {
    return safely(async (s) => {
      const bytes = await s.get(`${PLAN_PREFIX}${await sha256Hex(new TextEncoder().encode(key))}`);
      if (!bytes) return null;
      const { savedAt, plan } = JSON.parse(new TextDecoder().decode(bytes));
      return { plan, ageMs: Date.now() - savedAt };
    }, null);
  },
  async keepPlan(key, plan) {
    const bytes = new TextEncoder().encode(JSON.stringify({ savedAt: Date.now(), plan }));
    await safely(async (s) => s.put(`${PLAN_PREFIX}${await sha256Hex(new TextEncoder().encode(key))}`, bytes));
  },
};
