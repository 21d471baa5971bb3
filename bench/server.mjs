// A tiny static server for the browser benchmark: node:http + node:zlib gzip
// level 6, like a plain nginx/CDN setup with gzip on for .wasm and .zip.
// Bodies are compressed once and kept in memory, so that compression time never
// shows up in a cold start (a real host caches or precompresses too).
// It logs every response (path, status, body bytes on the wire) as a cross-check
// of what the browser reports.
import { createServer } from 'node:http';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync, constants } from 'node:zlib';
import { createHash } from 'node:crypto';

export const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  // The per-module stdlib: served compressed, as "Serving the files" (docs/src/browser.md) sets hosts up to.
  '.pyc': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

// PNGs are already compressed: a real server would not gzip them either.
const GZIP = new Set(Object.keys(TYPES).filter((e) => e !== '.png'));

/** gzip -6 of a buffer, as the server sends it (exported for the size table). */
export function gzip6(buf) {
  return gzipSync(buf, { level: 6 });
}

/**
 * @param {Record<string, string>} mounts  URL prefix (e.g. '/wasipy/') -> directory
 * @returns {Promise<{url: string, log: object[], close(): Promise<void>}>}
 */
export async function startServer(mounts) {
  const cache = new Map(); // file path -> {raw, gz, etag, mtime}
  const log = [];

  function load(file) {
    const st = statSync(file);
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit;
    const raw = readFileSync(file);
    const entry = {
      raw,
      gz: GZIP.has(extname(file)) ? gzip6(raw) : null,
      etag: `"${createHash('sha1').update(raw).digest('hex').slice(0, 16)}"`,
      mtimeMs: st.mtimeMs,
      size: st.size,
      lastModified: st.mtime.toUTCString(),
    };
    cache.set(file, entry);
    return entry;
  }

  function resolve(pathname) {
    for (const [prefix, dir] of Object.entries(mounts)) {
      if (!pathname.startsWith(prefix)) continue;
      let rel = decodeURIComponent(pathname.slice(prefix.length)) || 'index.html';
      if (rel.endsWith('/')) rel += 'index.html';
      const file = normalize(join(dir, rel));
      if (!file.startsWith(normalize(dir) + sep) && file !== normalize(dir)) return null;
      return existsSync(file) && statSync(file).isFile() ? file : null;
    }
    return null;
  }

  const server = createServer((req, res) => {
    const started = performance.now();
    // When the request came in: browser.mjs counts the requests made before the
    // first output by this (a response's end may land after it by the clocks'
    // skew between Chromium and Node, a few ms; wasipy-rare.wasm is asked for 200 ms after).
    const received = Date.now();
    const { pathname } = new URL(req.url, 'http://x');
    const file = resolve(pathname);
    const record = (status, bytes, encoding) =>
      log.push({ path: pathname, status, bytes, encoding, received, at: Date.now(), ms: performance.now() - started });
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      record(404, 9, 'identity');
      return;
    }
    const entry = load(file);
    // Like GitHub Pages: fresh for 10 minutes, then revalidated by ETag.
    const headers = {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'max-age=600',
      ETag: entry.etag,
      'Last-Modified': entry.lastModified,
      Vary: 'Accept-Encoding',
    };
    if (req.headers['if-none-match'] === entry.etag) {
      res.writeHead(304, headers);
      res.end();
      record(304, 0, 'identity');
      return;
    }
    const gz = entry.gz && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    const body = gz ? entry.gz : entry.raw;
    if (gz) headers['Content-Encoding'] = 'gzip';
    headers['Content-Length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    record(200, body.length, gz ? 'gzip' : 'identity');
  });

  /** Reads and compresses every file under the mounts now, before anything is timed. */
  function warm() {
    for (const dir of Object.values(mounts)) {
      for (const rel of readdirSync(dir, { recursive: true })) {
        const file = join(dir, String(rel));
        if (statSync(file).isFile()) load(file);
      }
    }
  }

  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    log,
    warm,
    resolve,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(() => ok()); }),
  };
}

export { constants as zlibConstants };
