// The network half of installing packages. Python resolves and installs
// (crate/packages/_wasipy_packages) but cannot fetch: it answers which URLs it
// needs, and this fetches them (wheels from the cache when their sha256 is
// known), puts each body in the in-memory filesystem and tells Python where.
import { File } from '@bjorn3/browser_wasi_shim';
import { packageCache } from './package-cache.js';

/** Longest wait for one file; an index that never answers must not hang the install. */
const FETCH_TIMEOUT_MS = 60_000;

let fileCount = 0; // names of the downloaded files: unique for the page's lifetime

const WHEEL_NAME = /[^/]+\.whl(?=$|[?#])/;

function fileLabel(url) {
  return decodeURIComponent(url.match(WHEEL_NAME)?.[0] ?? url);
}

async function fetchOne(item, onProgress) {
  if (item.kind === 'wheel' && item.sha256) {
    const cached = await packageCache.wheel(item.sha256);
    if (cached) return { bytes: cached, status: 200, contentType: 'application/octet-stream', cached: true };
  }
  if (item.kind === 'wheel') onProgress?.(`Downloading ${fileLabel(item.url)}`);
  let response;
  try {
    response = await fetch(item.url, {
      headers: item.accept ? { Accept: item.accept } : {},
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
  } catch (e) {
    const why = e?.name === 'TimeoutError' ? `no answer within ${FETCH_TIMEOUT_MS / 1000} s`
      : `${e?.message ?? e} (offline, or the server does not allow this page to read it: CORS)`;
    return { error: why };
  }
  let bytes;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (e) {
    return { error: `the download broke off: ${e?.message ?? e}` };
  }
  if (response.ok && item.kind === 'wheel' && item.sha256) await packageCache.keepWheel(item.sha256, bytes);
  return { bytes, status: response.status, contentType: response.headers.get('content-type') };
}

/**
 * Fetches what Python asked for.
 * @param {Array<{url: string, accept?: string, sha256?: string, kind: string}>} need
 * @param {{downloads: import('@bjorn3/browser_wasi_shim').Directory, dir: string, onProgress?: (message: string) => void}} where
 *   downloads: the directory Python sees at `dir`
 * @returns {Promise<Record<string, {path: string|null, status: number, content_type: string|null, error: string|null}>>}
 */
export async function fetchNeeded(need, { downloads, dir, onProgress }) {
  const results = await Promise.all(need.map((item) => fetchOne(item, onProgress)));
  const files = {};
  need.forEach((item, i) => {
    const r = results[i];
    let path = null;
    if (r.bytes) {
      const name = String(fileCount++);
      downloads.contents.set(name, new File(r.bytes, { readonly: true }));
      path = `${dir}/${name}`;
    }
    files[item.url] = { path, status: r.status ?? 0, content_type: r.contentType ?? null, error: r.error ?? null };
  });
  return files;
}
