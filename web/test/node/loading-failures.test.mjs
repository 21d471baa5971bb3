// What a user sees when a download goes wrong: the module and the first
// archive through loader.js (404, a web page answered with 200, no server, a
// cut-off body), and python313-extra.zip, which Python opens at its first
// import: a failed download must not stick, the next import tries again.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadAssets } from '../../lib/loader.js';
import { loadError } from './load-error.mjs';
import { PythonHost } from '../../lib/python-host.js';
import { module, rare, stdlib, stdlibExtra } from './fixture.mjs';

const wasm = readFileSync(fileURLToPath(new URL('../../../target/wasipy/wasipy.wasm', import.meta.url)));
const HTML = '<!doctype html>\n<html><body>Welcome to the app</body></html>';

// Each file answers as `mode` says: 'ok', '404', 'html' (a single-page-app fallback), 'cut' (half the
// body) or 'late 404' (a 404 after the other files have answered).
const mode = { 'wasipy.wasm': 'ok', 'python313.zip': 'ok' };
const bodies = { 'wasipy.wasm': [wasm, 'application/wasm'], 'python313.zip': [stdlib, 'application/zip'] };
const server = createServer((req, res) => {
  const name = req.url.split('?')[0].slice(1);
  const [body, type] = bodies[name];
  if (mode[name] === 'late 404') return setTimeout(() => res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'), 300);
  if (mode[name] === '404') return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  if (mode[name] === 'html') return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML);
  const sent = mode[name] === 'cut' ? body.subarray(0, body.length >> 1) : body;
  res.writeHead(200, { 'content-type': type, 'content-length': sent.length }).end(sent);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
after(() => server.close());
const base = `http://127.0.0.1:${server.address().port}/`;
const urls = { wasmUrl: `${base}wasipy.wasm`, stdlibUrl: `${base}python313.zip` };

// loader.js keeps a page's successful download per pair of URLs: each test has its own pair.
let tests = 0;
const fresh = () => {
  tests += 1;
  return { wasmUrl: `${urls.wasmUrl}?test=${tests}`, stdlibUrl: `${urls.stdlibUrl}?test=${tests}` };
};

for (const [file, url] of [['wasipy.wasm', urls.wasmUrl], ['python313.zip', urls.stdlibUrl]]) {
  const expected = {
    404: new RegExp(`could not fetch ${file} from ${url.replace(/[.?]/g, '\\$&')}\\?test=\\d+: HTTP 404`),
    html: file === 'wasipy.wasm'
      ? /wasipy\.wasm\?test=\d+ returned text\/html \(starts with '<!doctype html> <html><body>Welcome/
      : /python313\.zip\?test=\d+ returned text\/html \(starts with '<!doctype html>.*'\), not a zip archive: check that python313\.zip is deployed/,
    cut: file === 'wasipy.wasm' ? /wasipy\.wasm from .* did not compile: .*reload the page/ : /python313\.zip\?test=\d+ returned a zip archive cut off after \d+ bytes: reload the page/,
  };
  for (const failure of ['404', 'html', 'cut']) {
    test(`${file}: ${failure} is a LoadError naming the URL; the next load works once the file is back`, async () => {
      const these = fresh();
      mode[file] = failure;
      try {
        const e = await loadError(these);
        assert.equal(e.name, 'LoadError');
        assert.match(e.message, expected[failure]);
      } finally {
        mode[file] = 'ok';
      }
      const { module: m, stdlib: s } = await loadAssets(these);
      assert.ok(m instanceof WebAssembly.Module);
      assert.equal(s.length, stdlib.length);
    });
  }
}

test('a server without any of the files is said about wasipy.wasm, even when its answer comes last', async () => {
  Object.assign(mode, { 'wasipy.wasm': 'late 404', 'python313.zip': '404' });
  try {
    const e = await loadError(fresh());
    assert.match(e.message, /could not fetch wasipy\.wasm from .*: HTTP 404/);
  } finally {
    Object.assign(mode, { 'wasipy.wasm': 'ok', 'python313.zip': 'ok' });
  }
});

test('no server at the URL is a LoadError that says to check the connection', async () => {
  const e = await loadError({ ...fresh(), stdlibUrl: 'http://127.0.0.1:1/python313.zip' });
  assert.match(e.message, /could not fetch python313\.zip from http:\/\/127\.0\.0\.1:1\/python313\.zip: .*check your connection/);
});

// A loader says "not had" with null (worker-handler.js's syncFetcher) or, as it once did, with no bytes.
for (const [what, missing] of [['null', null], ['no bytes', new Uint8Array(0)]]) {
  test(`a failed load of python313-extra.zip (${what}) is tried again at the next import, which then works`, async () => {
    let reachable = false;
    let loads = 0;
    const host = await PythonHost.create({ module, rare, stdlib, stdlibExtra: () => (loads++, reachable ? stdlibExtra : missing) });
    for (const attempt of [1, 2]) {
      const r = host.run('import email.message');
      assert.equal(r.status, 'error');
      assert.match(r.stderr, /ImportError: cannot import 'email': it is in \/usr\/local\/lib\/python313-extra\.zip, which could not be loaded .*run the import again/);
      assert.equal(loads, attempt, 'each import tries once');
    }
    reachable = true;
    const r = host.run('import email.message\nm = email.message.EmailMessage()\nm["Subject"] = "hi"\nm["Subject"]');
    assert.deepEqual([r.status, r.value], ['ok', "'hi'"], r.stderr);
    assert.equal(host.run('import asyncio, http.client').status, 'ok');
    assert.equal(loads, 3, 'loaded once it worked');
  });
}

test('why python313-extra.zip could not be fetched is in that run\'s stderr, before the ImportError', async () => {
  // Node has no XMLHttpRequest: the worker protocol's fetcher fails as a browser's would offline.
  const { createWorkerHandler } = await import('../../lib/worker-handler.js');
  const posted = [];
  const handle = createWorkerHandler((msg) => posted.push(msg));
  await handle({ type: 'init', module, rare, stdlib, stdlibExtraUrl: 'http://127.0.0.1:1/python313-extra.zip' });
  assert.equal(posted.at(-1).type, 'ready', posted.at(-1).message);
  await handle({ type: 'run', id: 1, code: 'print("before")\nimport email' });
  const { result } = posted.find((m) => m.type === 'done' && m.id === 1);
  assert.equal(result.stdout, 'before\n');
  const why = result.stderr.indexOf('wasipy: could not fetch http://127.0.0.1:1/python313-extra.zip: XMLHttpRequest is not defined');
  const error = result.stderr.indexOf("ImportError: cannot import 'email'");
  assert.ok(why >= 0 && error > why, result.stderr);
});
