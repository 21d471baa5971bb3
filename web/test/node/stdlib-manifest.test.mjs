// loader.js with the per-module stdlib: python313-boot.zip and stdlib-manifest.json
// come with wasipy.wasm (one download per page); a manifest of another build than
// the boot zip or the page's JavaScript, or a web page instead of it, is a
// LoadError that says to reload, never a start with mismatched files.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadAssets } from '../../lib/loader.js';
import { loadError } from './load-error.mjs';
import { resolveOptions, defaultFiles } from '../../lib/options.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const web = `${root}target/wasipy/web`;
const manifestText = readFileSync(`${web}/stdlib-manifest.json`, 'utf8');
const { build } = JSON.parse(manifestText);
const bodies = {
  'wasipy.wasm': [readFileSync(`${root}target/wasipy/wasipy.wasm`), 'application/wasm'],
  'python313-boot.zip': [readFileSync(`${web}/python313-boot.zip`), 'application/zip'],
  // The full zip has no build key: what a page gets that mixes up the two stdlibs.
  'python313.zip': [readFileSync(`${root}target/wasipy/usr/local/lib/python313.zip`), 'application/zip'],
  'stdlib-manifest.json': [manifestText, 'application/json'],
  'old-manifest.json': [manifestText.replace(`"build": "${build}"`, '"build": "0123456789abcdef"'), 'application/json'],
  'index.html': ['<!doctype html>\n<html><body>Welcome</body></html>', 'text/html'],
};
const served = [];
const server = createServer((req, res) => {
  const name = req.url.split('?')[0].split('/').pop();
  served.push(name);
  const [body, type] = bodies[name] ?? bodies['index.html']; // a single-page-app fallback
  res.writeHead(200, { 'content-type': type }).end(body);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
after(() => server.close());
const base = `http://127.0.0.1:${server.address().port}/`;
let tests = 0;
const urls = (manifest = 'stdlib-manifest.json', boot = 'python313-boot.zip', key = build) => {
  tests += 1; // loader.js keeps one download per set of URLs
  return {
    wasmUrl: `${base}wasipy.wasm?t=${tests}`,
    stdlibUrl: `${base}${boot}?t=${tests}`,
    stdlibManifestUrl: `${base}${manifest}?v=${key}`,
  };
};

test('the boot zip and the manifest load with the module, once; the tree is under stdlib/ beside the manifest', async () => {
  served.length = 0;
  const events = new Set();
  const these = urls();
  const [first, second] = await Promise.all([
    loadAssets({ ...these, onProgress: (e) => events.add(e.file) }),
    loadAssets(these),
  ]);
  assert.equal(first, second);
  assert.ok(first.module instanceof WebAssembly.Module);
  assert.equal(first.stdlibTree.url, `${base}stdlib/`);
  assert.equal(first.stdlibTree.manifest.build, build);
  assert.ok('json/__init__.pyc' in first.stdlibTree.manifest.files);
  assert.deepEqual(served.sort(), ['python313-boot.zip', 'stdlib-manifest.json', 'wasipy.wasm']);
  assert.deepEqual([...events].sort(), ['python313-boot.zip', 'stdlib-manifest.json', 'wasipy.wasm']);
});

test('a manifest of another build than the page\'s JavaScript (its ?v= key) is a LoadError that says to reload', async () => {
  const e = await loadError(urls('old-manifest.json'));
  assert.equal(e.name, 'LoadError');
  assert.match(e.message, /old-manifest\.json\?v=\w+ is the stdlib of another wasipy build \(0123456789abcdef\) than this page's \(\w+\): reload the page/);
});

test('a manifest of another build than the boot zip is a LoadError that says to reload', async () => {
  const e = await loadError(urls('old-manifest.json', 'python313-boot.zip', '0123456789abcdef'));
  assert.match(e.message, /python313-boot\.zip\?t=\d+ is of build \w+, but \S+old-manifest\.json\S* is of build 0123456789abcdef: reload the page/);
  const full = await loadError(urls('stdlib-manifest.json', 'python313.zip'));
  assert.match(full.message, /python313\.zip\?t=\d+ is not python313-boot\.zip \(it has no build key\), but \S+ is of build \w+: reload the page/);
});

test('a web page where the manifest should be is a LoadError naming the URL and what came', async () => {
  const e = await loadError(urls('missing-manifest.json'));
  assert.match(e.message, /missing-manifest\.json\?v=\w+ returned text\/html starting with '<!doctype html> <html><body>Welcome.*', not wasipy's stdlib-manifest\.json: check that it is deployed/);
});

test('loadPython\'s defaults: the per-module stdlib, unless the caller names a part of the two-archive one', () => {
  const urls = { wasmUrl: 'W', bootUrl: 'B', manifestUrl: 'M', stdlibUrl: 'Z', stdlibExtraUrl: 'X' };
  const files = (options) => resolveOptions(options, defaultFiles(options, urls));
  const pick = ({ wasmUrl, stdlibUrl, stdlibManifestUrl, stdlibExtraUrl, stdlib, stdlibExtra }) => ({ wasmUrl, stdlibUrl, stdlibManifestUrl, stdlibExtraUrl, stdlib, stdlibExtra });
  const bytes = new Uint8Array([1]);
  const none = { stdlib: undefined, stdlibExtra: undefined };
  assert.deepEqual(pick(files({})), { wasmUrl: 'W', stdlibUrl: 'B', stdlibManifestUrl: 'M', stdlibExtraUrl: undefined, ...none });
  assert.deepEqual(pick(files({ stdlib: bytes })), { wasmUrl: 'W', stdlibUrl: undefined, stdlibManifestUrl: undefined, stdlibExtraUrl: 'X', stdlib: bytes, stdlibExtra: undefined });
  assert.deepEqual(pick(files({ stdlib: bytes, stdlibExtra: bytes })), { wasmUrl: 'W', stdlibUrl: undefined, stdlibManifestUrl: undefined, stdlibExtraUrl: undefined, stdlib: bytes, stdlibExtra: bytes });
  assert.deepEqual(pick(files({ stdlibUrl: 'mine.zip' })), { wasmUrl: 'W', stdlibUrl: 'mine.zip', stdlibManifestUrl: undefined, stdlibExtraUrl: 'X', ...none });
  assert.deepEqual(pick(files({ stdlibUrl: 'boot.zip', stdlibManifestUrl: 'm.json' })), { wasmUrl: 'W', stdlibUrl: 'boot.zip', stdlibManifestUrl: 'm.json', stdlibExtraUrl: undefined, ...none });
});

test('loadPython\'s defaults in an app\'s bundle (no stdlib/ folder beside the files): the two-archive stdlib, or the app\'s own manifest', () => {
  // index.js: a bundler that re-emitted the files (foldersBeside false) gives no manifest and no flavours.
  const urls = { wasmUrl: 'W', bootUrl: 'B', manifestUrl: undefined, stdlibUrl: 'Z', stdlibExtraUrl: 'X', flavoursUrl: undefined };
  const files = (options) => resolveOptions(options, defaultFiles(options, urls));
  const pick = ({ wasmUrl, stdlibUrl, stdlibManifestUrl, stdlibExtraUrl, flavoursUrl, flavour }) => ({ wasmUrl, stdlibUrl, stdlibManifestUrl, stdlibExtraUrl, flavoursUrl, flavour });
  assert.deepEqual(pick(files({})), { wasmUrl: 'W', stdlibUrl: 'Z', stdlibManifestUrl: undefined, stdlibExtraUrl: 'X', flavoursUrl: undefined, flavour: undefined });
  // numpy named without a flavour to load: the plain module (the installer says what is missing), not an OptionsError.
  assert.equal(files({ packages: ['numpy'] }).flavour, undefined);
  assert.deepEqual(pick(files({ stdlibManifestUrl: '/wasipy/stdlib-manifest.json', flavoursUrl: '/wasipy/flavours/' })),
    { wasmUrl: 'W', stdlibUrl: 'B', stdlibManifestUrl: '/wasipy/stdlib-manifest.json', stdlibExtraUrl: undefined, flavoursUrl: '/wasipy/flavours/', flavour: undefined });
});

test('options: the manifest goes with the boot zip, not with the second archive', () => {
  assert.throws(() => resolveOptions({ wasmUrl: 'a', stdlibUrl: 'b', stdlibManifestUrl: 'm', stdlibExtraUrl: 'x' }),
    /give either "stdlibManifestUrl" \(the per-module stdlib, with python313-boot\.zip\) or "stdlibExtra"\/"stdlibExtraUrl"/);
  assert.equal(resolveOptions({ wasmUrl: 'a', stdlibUrl: 'b', stdlibManifestUrl: new URL('http://x/m.json') }).stdlibManifestUrl, 'http://x/m.json');
});
