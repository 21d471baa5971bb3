// A simple repository (PEP 503 HTML / PEP 691 JSON, PEP 658 metadata) on
// 127.0.0.1 serving the pinned real wheels and the tiny local test wheels, so
// the installer's tests run without the internet; with hooks for the failures
// a test needs (404, an HTML page with 200, a wrong hash, a cut-off body, no network).
//
//   const index = await startPackageIndex();  // index.url ends with /simple/
//   ... loadPython({ indexUrl: index.url }) ...; index.requests; await index.close();
//
// As a command, for the playground and `make bench`:
//   node web/test/package-index/server.mjs --port 8123
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeDirectory, describeFile, groupByProject, normalizeName } from './catalogue.mjs';
import { ensureWheels, pinnedWheels } from './fetch-wheels.mjs';
import { buildLocalWheels } from './local-wheels.mjs';
import { JSON_TYPE, negotiate, projectHtml, projectJson, rootHtml, rootJson } from './simple-pages.mjs';

/** What a single-page app's fallback answers for any path: a web page with status 200. */
export const HTML_PAGE = '<!doctype html>\n<html><head><title>App</title></head><body>Welcome to the app</body></html>\n';

const CORS = { 'access-control-allow-origin': '*' };

// Shorthands for override(path, how): a status number, 'html', 'truncate' or 'abort'.
function shorthandHandler(how) {
  if (typeof how === 'function') return how;
  if (typeof how === 'number') {
    return (req, res) => res.writeHead(how, { ...CORS, 'content-type': 'text/plain' }).end(`${how} (test override)\n`);
  }
  if (how === 'html') {
    return (req, res) => res.writeHead(200, { ...CORS, 'content-type': 'text/html; charset=utf-8' }).end(HTML_PAGE);
  }
  if (how === 'truncate') {
    // The served answer cut in half, with a Content-Length that matches the
    // cut: the client reads a complete, short response (what a proxy that
    // stores a partial file hands out), not a network error.
    return (req, res, serve) => serve({ truncate: true });
  }
  if (how === 'abort') {
    // Headers announce the whole body, half of it comes, then the connection
    // drops: a download cut off mid-way (a network error while reading the body).
    return (req, res, serve) => serve({ abort: true });
  }
  throw new Error(`override(path, how): how must be a function, a status number, 'html', 'truncate' or 'abort', not ${JSON.stringify(how)}`);
}

/**
 * Starts the index. Options (each with its default):
 *   json: true           offer PEP 691 JSON to clients that ask for it; false: PEP 503 HTML only
 *   pep658: true         publish and serve <file>.metadata; false: the client must read the wheel
 *   relativeUrls: false  file URLs in the pages as ../../files/<name> instead of absolute
 *   localWheels: true    serve the tiny test wheels (local-wheels.mjs) beside the real ones
 *   overrides: {}        { [path]: how } as for override() below, installed at start
 *   host: '127.0.0.1', port: 0 (any free port)
 *
 * Returns {
 *   url          base of the simple index, `${origin}/simple/`
 *   origin       `http://127.0.0.1:<port>`
 *   projects     Map of normalized name -> { name, files[{ filename, sha256, version, requiresPython, yanked, bytes, metadata }] }
 *   requests     [{ method, path, accept }] in arrival order (path without the query string)
 *   reset()      empties `requests` (the same array)
 *   override(path, how)  `path` (e.g. '/simple/attrs/', '/files/x.whl') answers `how`: a status number,
 *                'html' (a web page with 200), 'truncate' (half the body, complete response),
 *                'abort' (half the body, then the connection drops), or a function (req, res, serve)
 *                where serve(sendOptions?) sends the normal answer;
 *                how = null removes the override
 *   tamper(filename, on = true)  /files/<filename> serves other bytes than the sha256 the index publishes
 *   setOffline(on)  while on, every connection is destroyed (a browser sees a network error)
 *   close()      stops the server (a Promise)
 * }
 */
export async function startPackageIndex(options = {}) {
  const { json = true, pep658 = true, relativeUrls = false, localWheels = true, overrides = {}, host = '127.0.0.1', port = 0 } = options;
  const wheelsDir = await ensureWheels();
  const files = describeDirectory(wheelsDir, pinnedWheels.map((wheel) => wheel.filename));
  if (localWheels) files.push(...(await buildLocalWheels()).map(describeFile));
  const projects = groupByProject(files);
  const filesByName = new Map(files.map((file) => [file.filename, file]));

  const requests = [];
  const overridden = new Map();
  for (const [path, how] of Object.entries(overrides)) overridden.set(path, shorthandHandler(how));
  const tampered = new Set();
  const sockets = new Set();
  let offline = false;
  let origin = '';

  const fileUrl = (filename) => (relativeUrls ? `../../files/${encodeURIComponent(filename)}` : `${origin}/files/${encodeURIComponent(filename)}`);

  function send(req, res, status, type, body, { truncate = false, abort = false } = {}) {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
    const sent = truncate ? bytes.subarray(0, bytes.length >> 1) : bytes;
    res.writeHead(status, { ...CORS, 'content-type': type, 'content-length': sent.length, vary: 'Accept' });
    if (abort) {
      res.write(sent.subarray(0, sent.length >> 1), () => res.destroy());
      return;
    }
    res.end(req.method === 'HEAD' ? undefined : sent);
  }

  function notFound(req, res, what) {
    send(req, res, 404, 'text/plain; charset=utf-8', `404 Not Found: ${what}\n`);
  }

  // The normal answer for a path.
  function serve(req, res, path, sendOptions) {
    const accept = req.headers.accept;
    if (path === '/simple/') {
      const form = negotiate(accept, json);
      return form === 'json'
        ? send(req, res, 200, JSON_TYPE, rootJson(projects), sendOptions)
        : send(req, res, 200, 'text/html; charset=utf-8', rootHtml(projects), sendOptions);
    }
    const projectPath = path.match(/^\/simple\/([^/]+)(\/?)$/);
    if (projectPath) {
      const [, name, slash] = projectPath;
      const normalized = normalizeName(name);
      const project = projects.get(normalized);
      if (!project) return notFound(req, res, `no project named ${name} in this index`);
      // As PyPI: a name that is not normalized (or lacks the slash) is redirected.
      if (normalized !== name || !slash) {
        return res.writeHead(301, { ...CORS, location: `/simple/${normalized}/` }).end();
      }
      const form = negotiate(accept, json);
      return form === 'json'
        ? send(req, res, 200, JSON_TYPE, projectJson(project, { fileUrl, pep658 }), sendOptions)
        : send(req, res, 200, 'text/html; charset=utf-8', projectHtml(project, { fileUrl, pep658 }), sendOptions);
    }
    const filePath = path.match(/^\/files\/([^/]+?)(\.metadata)?$/);
    if (filePath) {
      const [, filename, isMetadata] = filePath;
      const file = filesByName.get(filename);
      if (!file) return notFound(req, res, `no file named ${filename}`);
      if (isMetadata) {
        if (!pep658 || !file.metadata) return notFound(req, res, `no metadata file for ${filename}`);
        return send(req, res, 200, 'application/octet-stream', file.metadata, sendOptions);
      }
      let bytes = file.bytes;
      if (tampered.has(filename)) {
        bytes = Buffer.from(bytes);
        bytes[bytes.length >> 1] ^= 0xff;
      }
      return send(req, res, 200, 'application/octet-stream', bytes, sendOptions);
    }
    return notFound(req, res, `nothing at ${path}`);
  }

  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://index').pathname);
    requests.push({ method: req.method, path, accept: req.headers.accept ?? null });
    if (offline) return req.socket.destroy();
    if (req.method === 'OPTIONS') {
      return res
        .writeHead(204, { ...CORS, 'access-control-allow-methods': 'GET, HEAD, OPTIONS', 'access-control-allow-headers': '*', 'access-control-max-age': '600' })
        .end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return res.writeHead(405, { ...CORS, allow: 'GET, HEAD, OPTIONS', 'content-type': 'text/plain' }).end(`${req.method} is not allowed\n`);
    }
    const handler = overridden.get(path);
    if (handler) return handler(req, res, (sendOptions) => serve(req, res, path, sendOptions));
    return serve(req, res, path);
  });
  server.on('connection', (socket) => {
    if (offline) return socket.destroy();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  origin = `http://${host}:${server.address().port}`;

  return {
    url: `${origin}/simple/`,
    origin,
    projects,
    requests,
    reset() {
      requests.length = 0;
    },
    override(path, how) {
      if (how === null || how === undefined) overridden.delete(path);
      else overridden.set(path, shorthandHandler(how));
    },
    tamper(filename, on = true) {
      if (!filesByName.has(filename)) throw new Error(`tamper(${filename}): the index has no such file`);
      if (on) tampered.add(filename);
      else tampered.delete(filename);
    },
    setOffline(on) {
      offline = Boolean(on);
      // Kept-alive connections would otherwise still answer.
      if (offline) for (const socket of sockets) socket.destroy();
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { serve: { type: 'boolean' }, port: { type: 'string', default: '8123' }, host: { type: 'string', default: '127.0.0.1' } } });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a port number (0-65535), not ${values.port}`);
    process.exit(2);
  }
  try {
    const index = await startPackageIndex({ port, host: values.host });
    console.log(index.url);
  } catch (error) {
    console.error(`cannot start the test package index: ${error.message}`);
    process.exit(1);
  }
}
