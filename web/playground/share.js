// The code (and the Input box) kept in the URL hash, so a link can be shared
// and survives a reload: #code=<base64url of UTF-8>&stdin=<same>.
// Links written by hand with encodeURIComponent (#code=print(1)) work too.

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** base64url (no padding) of the UTF-8 bytes of `text`: any Unicode round-trips. */
export function encodeText(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The text of an encodeText() value; a value that is not base64url of UTF-8 is taken as it is. */
export function decodeText(value) {
  if (BASE64URL.test(value) && value.length % 4 !== 1) {
    try {
      const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
      const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      // not base64url of UTF-8: fall through
    }
  }
  return value;
}

/** {code?, stdin?} read from a location hash such as "#code=...". */
export function readHash(hash = location.hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const out = {};
  if (params.has('code')) out.code = decodeText(params.get('code'));
  if (params.has('stdin')) out.stdin = decodeText(params.get('stdin'));
  return out;
}

/** The hash for `code` and `stdin` (stdin only when not empty). */
export function makeHash({ code, stdin = '' }) {
  let hash = `#code=${encodeText(code)}`;
  if (stdin) hash += `&stdin=${encodeText(stdin)}`;
  return hash;
}

/**
 * Keeps the hash in step with the page, debounced, with history.replaceState
 * (no history entry per keystroke). `get` returns the current {code, stdin}.
 */
export function createHashSync(get, { delayMs = 300 } = {}) {
  let timer = 0;
  const write = () => {
    clearTimeout(timer);
    timer = 0;
    const hash = makeHash(get());
    if (hash !== location.hash) {
      history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
    }
    return hash;
  };
  // Whatever is still waiting is written before the page goes away (reload).
  addEventListener('pagehide', () => timer && write());
  return {
    schedule() {
      clearTimeout(timer);
      timer = setTimeout(write, delayMs);
    },
    /** Writes now; returns the full link. */
    flush() {
      write();
      return location.href;
    },
  };
}

/** Copies `text` to the clipboard; resolves to true when it worked. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API (insecure context) or no permission: the old way.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.cssText = 'position:fixed;top:0;left:0;opacity:0';
    document.body.append(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}
