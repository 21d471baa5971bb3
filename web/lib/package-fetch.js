// The network half of installing packages. Python resolves and installs
// (crate/packages/_wasipy_packages) but cannot fetch: it answers which URLs it
// needs, and this fetches them (wheels from the cache when their sha256 is
// known), puts each body in the in-memory filesystem and tells Python where.
// Only what the gate (package-gate.js) admits is fetched, and never with the
// reader's cookies or HTTP credentials: code in the session chooses these URLs.
import { File } from '@bjorn3/browser_wasi_shim';
import { packageCache } from './package-cache.js';

/**
 * Longest wait for a file's headers, and then for each piece of its body: an
 * index that never answers, or a body that stalls after its headers, must not
 * hang the install (nor hold the per-wheel lock other tabs wait on). A big
 * wheel on a slow link is fine as long as its bytes keep coming. Tests lower it.
 */
export const fetchLimits = { timeoutMs: 60_000 };

let fileCount = 0; // names of the downloaded files: unique for the page's lifetime

const WHEEL_NAME = /[^/]+\.whl(?=$|[?#])/;

/** The wheel's file name in `url` for messages, its %-escapes decoded where they are valid. */
function fileLabel(url) {
  const name = url.match(WHEEL_NAME)?.[0] ?? url;
  try {
    return decodeURIComponent(name);
  } catch {
    return name; // a malformed escape: the name as the URL has it
  }
}

/**
 * What a wheel's files add up to once unpacked, from its zip central
 * directory (what Python's zipfile trusts too), or null when the bytes have
 * none (Python then says what is wrong with the file). A size zip64 stores
 * elsewhere counts as 4 GiB.
 */
export function unpackedSize(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end of central directory record: its signature within the last 64 KiB + 22 bytes.
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65535); at--) {
    if (view.getUint32(at, true) !== 0x06054b50) continue;
    const count = view.getUint16(at + 10, true);
    let entry = view.getUint32(at + 16, true);
    let total = 0;
    for (let i = 0; i < count; i++) {
      if (entry + 46 > bytes.length || view.getUint32(entry, true) !== 0x02014b50) return null;
      total += view.getUint32(entry + 24, true); // 0xffffffff (zip64): 4 GiB, too large anyway
      entry += 46 + view.getUint16(entry + 28, true) + view.getUint16(entry + 30, true) + view.getUint16(entry + 32, true);
    }
    return total;
  }
  return null;
}

/** 943718400 as "900 MiB". */
function mebibytes(n) {
  return `${(n / 2 ** 20).toLocaleString('en-US', { maximumFractionDigits: n < 10 * 2 ** 20 ? 1 : 0 })} MiB`;
}

/**
 * `url`'s response and body, each wait (the headers, then every piece of the
 * body) at most fetchLimits.timeoutMs: {response, bytes} or {error, stopped?}.
 */
async function fetchBody(url, headers, signal) {
  const limit = fetchLimits.timeoutMs;
  const timer = new AbortController();
  let timeout;
  const arm = () => {
    clearTimeout(timeout);
    timeout = setTimeout(() => timer.abort(new DOMException('timeout', 'TimeoutError')), limit);
  };
  const onStop = () => timer.abort(signal.reason);
  signal?.addEventListener('abort', onStop, { once: true });
  const timedOut = () => timer.signal.reason?.name === 'TimeoutError';
  arm();
  try {
    let response;
    try {
      response = await fetch(url, { headers, signal: timer.signal, credentials: 'omit' });
    } catch (e) {
      if (signal?.aborted) return { error: 'stopped', stopped: true };
      return { error: timedOut() ? `no answer within ${limit / 1000} s`
        : `${e?.message ?? e} (offline, or the server does not allow this page to read it: CORS)` };
    }
    try {
      return { response, bytes: await readAll(response, arm) };
    } catch (e) {
      if (signal?.aborted) return { error: 'stopped', stopped: true };
      if (timedOut()) return { error: `the download stalled: no data for ${limit / 1000} s after its headers` };
      return { error: `the download broke off: ${e?.message ?? e}` };
    }
  } finally {
    clearTimeout(timeout);
    signal?.removeEventListener('abort', onStop);
  }
}

/** The body's bytes, calling `progress` for each piece read. */
async function readAll(response, progress) {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    progress();
    chunks.push(value);
    length += value.length;
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

async function download(item, onProgress, signal) {
  if (item.kind === 'wheel') onProgress?.(`Downloading ${fileLabel(item.url)}`);
  const { response, bytes, error, stopped } = await fetchBody(item.url, item.accept ? { Accept: item.accept } : {}, signal);
  if (error) return stopped ? { error, stopped } : { error };
  // Only wheels the index vouches for by hash are kept: a wheel given by URL
  // may be rebuilt under the same URL (the HTTP cache, with its own rules, still applies).
  if (response.ok && item.kind === 'wheel' && item.sha256) await packageCache.keepWheel(item.sha256, bytes);
  return { bytes, status: response.status, contentType: response.headers.get('content-type') };
}

async function fetchOne(item, onProgress, signal) {
  if (!(item.kind === 'wheel' && item.sha256)) return download(item, onProgress, signal);
  const fromCacheOrNetwork = async () => {
    const cached = await packageCache.wheel(item.sha256);
    if (cached) return { bytes: cached, status: 200, contentType: 'application/octet-stream', cached: true };
    return download(item, onProgress, signal);
  };
  // One download of a wheel per origin at a time: snippets of a page (each its
  // own worker) that need it at once wait for the first and then take it from the cache.
  const locks = globalThis.navigator?.locks;
  return locks ? locks.request(`wasipy-wheel-${item.sha256}`, fromCacheOrNetwork) : fromCacheOrNetwork();
}

/**
 * Fetches what Python asked for, as far as the gate admits it.
 * @param {Array<{url: string, accept?: string, sha256?: string, kind: string}>} need
 * @param {{downloads: import('@bjorn3/browser_wasi_shim').Directory, dir: string, onProgress?: (message: string) => void, signal?: AbortSignal,
 *   gate: import('./package-gate.js').PackageGate, indexUrl: string, wheelUrls?: string[]}} where
 *   downloads: the directory Python sees at `dir`; signal: Stop (the answers are then {error: 'stopped', stopped: true});
 *   gate, indexUrl, wheelUrls: what may be fetched (PackageGate.admit); a refused URL's answer says why
 * @returns {Promise<Record<string, {path: string|null, status: number, content_type: string|null, error: string|null}>>}
 */
export async function fetchNeeded(need, { downloads, dir, onProgress, signal, gate, indexUrl, wheelUrls, files: budget }) {
  if (!Array.isArray(need)) throw new TypeError('the request must be a JSON list of {url, kind} objects');
  const admitted = need.map((item) => gate.admit(item, { indexUrl, wheelUrls }));
  const results = await Promise.all(admitted.map(async (a) => {
    if (a.refused) return { error: a.refused };
    let r;
    try {
      r = await fetchOne(a.item, onProgress, signal);
    } catch (e) {
      return { error: `the page could not fetch it: ${e?.message ?? e}` }; // Python's message names the URL
    }
    if (a.item.kind === 'index' && r.bytes && r.status === 200) gate.learnPage(a.item.page, r.bytes, r.contentType);
    if (a.item.kind === 'wheel' && r.bytes && r.status === 200 && budget) {
      // A zip bomb: refused before Python unpacks it into memory.
      const size = unpackedSize(r.bytes);
      const room = budget.limit - budget.used;
      if (size !== null && size > room) {
        return { error: `the wheel is too large when unpacked: its files add up to ${mebibytes(size)}, more than the ${mebibytes(room)} this session's files may still hold (in all at most ${mebibytes(budget.limit)})` };
      }
    }
    return r;
  }));
  const files = {};
  need.forEach((item, i) => {
    const r = results[i];
    let path = null;
    if (r.bytes) {
      const name = String(fileCount++);
      downloads.contents.set(name, new File(r.bytes, { readonly: true }));
      path = `${dir}/${name}`;
    }
    files[String(item?.url)] = { path, status: r.status ?? 0, content_type: r.contentType ?? null, error: r.error ?? null };
  });
  return files;
}
