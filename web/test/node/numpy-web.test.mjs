// The numpy flavour as browsers get it (make web-numpy: target/wasipy-numpy/web/):
// the module whose snapshot has numpy imported, in two parts (scripts/split.sh), the
// plain per-module stdlib, and numpy's files in the same folder fetched from
// the flavour's files/ (worker-handler.js treeWithPackages). Through the worker
// protocol on the real modules, with a synchronous XMLHttpRequest that reads
// the built files from disk (Node has none) and can fail as a network does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createWorkerHandler, treeWithPackages } from '../../lib/worker-handler.js';
import { PythonHost } from '../../lib/python-host.js';
import { isSplit } from '../../lib/rare-code.js';
import { EXAMPLES } from '../../playground/examples.js';
import { module as plainModule, rare } from './fixture.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const web = `${root}target/wasipy/web`;
const flavour = `${root}target/wasipy-numpy`;
const manifest = JSON.parse(readFileSync(`${web}/stdlib-manifest.json`, 'utf8'));
const numpyManifest = JSON.parse(readFileSync(`${flavour}/web/manifest.json`, 'utf8'));
const boot = new Uint8Array(readFileSync(`${web}/python313-boot.zip`));
const version = readFileSync(`${root}recipes/numpy/recipe.env`, 'utf8').match(/^RECIPE_VERSION=(.+)$/m)[1];
const STDLIB = 'http://wasipy.test/stdlib/';
const FILES = 'http://wasipy.test/flavours/numpy/files/';
let numpyModule;
let numpyRare;

before(async () => {
  numpyModule = await WebAssembly.compile(readFileSync(`${flavour}/web/wasipy.wasm`));
  numpyRare = await WebAssembly.compile(readFileSync(`${flavour}/web/wasipy-rare.wasm`));
});

const requests = [];
let answer = () => 'ok';

/** A synchronous XMLHttpRequest over target/: stdlib/ and the flavour's files/. */
class DiskXMLHttpRequest {
  open(method, url) {
    this.url = url;
  }
  overrideMimeType() {}
  send() {
    requests.push(this.url);
    const { href } = new URL(this.url);
    const path = href.startsWith(FILES) ? `${flavour}/web/files/${href.slice(FILES.length)}` : `${web}/stdlib/${href.slice(STDLIB.length)}`;
    const file = path.replace(/\?.*$/, '');
    this.status = 200;
    if (answer(file) === '404') {
      this.status = 404;
      this.response = new TextEncoder().encode('not found').buffer;
    } else {
      this.response = new Uint8Array(readFileSync(file)).buffer;
    }
  }
  getResponseHeader() {
    return 'application/octet-stream';
  }
}
globalThis.XMLHttpRequest = DiskXMLHttpRequest;
after(() => delete globalThis.XMLHttpRequest);

/** A worker (its handler) on the numpy module, or the plain one without numpy's files. */
async function startWorker({ numpy = true } = {}) {
  const posted = [];
  const handle = createWorkerHandler((msg) => posted.push(msg));
  const stdlibTree = { url: STDLIB, manifest };
  if (numpy) stdlibTree.packages = { url: FILES, manifest: numpyManifest, name: 'manifest.json' };
  await handle({ type: 'init', module: numpy ? numpyModule : plainModule, rare: numpy ? numpyRare : rare, stdlib: boot, stdlibTree });
  assert.equal(posted.at(-1).type, 'ready', posted.at(-1).message);
  let id = 0;
  return async (code) => {
    id += 1;
    await handle({ type: 'run', id, code });
    return posted.find((m) => m.type === 'done' && m.id === id).result;
  };
}

const fetched = () => requests.splice(0).map((url) => url.replace(/\?.*$/, ''));

test('numpy is imported in the snapshot: import numpy fetches nothing, and computes', async () => {
  const run = await startWorker();
  requests.length = 0;
  const r = await run('import numpy as np\nprint(np.__version__, np.__file__)\nprint(np.arange(6).reshape(2, 3) @ np.ones(3), round(float(np.linalg.det(np.eye(3) * 2)), 9), np.fft.fft([1, 0, 0, 0]).real.tolist())');
  assert.equal(r.stdout, `${version} /usr/local/lib/python3.13/numpy/__init__.pyc\n[ 3. 12.] 8.0 [1.0, 1.0, 1.0, 1.0]\n`, r.stderr);
  assert.deepEqual(fetched(), [], 'numpy, numpy.linalg and numpy.fft come from the snapshot');
});

test('each process reseeds numpy\'s global generator (frozen in the snapshot otherwise)', async () => {
  const draws = [];
  for (const _ of [1, 2]) {
    const run = await startWorker();
    const r = await run('import numpy as np\nprint(np.random.random(), np.random.randint(1 << 30))');
    assert.equal(r.status, 'ok', r.stderr);
    draws.push(r.stdout);
  }
  assert.notEqual(draws[0], draws[1]);
});

test('numpy\'s other modules and its .dist-info are fetched from the flavour\'s files/; the resolver sees it built in', async () => {
  const run = await startWorker();
  requests.length = 0;
  const r = await run([
    'import importlib.metadata as m, numpy.polynomial as P',
    'from _wasipy_packages.built_in import built_in',
    'print(m.version("numpy"), P.Polynomial([1, 2])(3), sorted(built_in()))',
  ].join('\n'));
  assert.equal(r.stdout, `${version} 7.0 ['markupsafe', 'numpy']\n`, r.stderr);
  const urls = fetched();
  assert.ok(urls.includes(`${FILES}numpy/polynomial/__init__.pyc`), urls.join(' '));
  assert.ok(urls.includes(`${FILES}numpy-${version}.dist-info/METADATA`), urls.join(' '));
  assert.ok(urls.filter((u) => u.includes('/numpy')).every((u) => u.startsWith(FILES)), 'numpy\'s files come from files/, not stdlib/');
});

test('a numpy file that cannot be fetched is an ImportError naming its URL in files/; the next import retries and works', async () => {
  const run = await startWorker();
  answer = (file) => (file.endsWith('numpy/ma/__init__.pyc') ? '404' : 'ok');
  try {
    const r = await run('import numpy.ma');
    assert.equal(r.status, 'error');
    assert.match(r.stderr, /could not fetch http:\/\/wasipy\.test\/flavours\/numpy\/files\/numpy\/ma\/__init__\.pyc\?v=\w+: HTTP 404, although manifest\.json lists this file/);
    assert.match(r.stderr, /ImportError: cannot import 'numpy\.ma': http:\/\/wasipy\.test\/flavours\/numpy\/files\/numpy\/ma\/__init__\.pyc could not be fetched/);
  } finally {
    answer = () => 'ok';
  }
  const again = await run('import numpy.ma\nprint(numpy.ma.masked_array([1, 2], mask=[0, 1]).sum())');
  assert.equal(again.stdout, '1\n', again.stderr);
});

test('the installer is in the snapshot: a block declaring numpy resolves fetching only .dist-info files; its other modules come from the tree', async () => {
  const run = await startWorker();
  requests.length = 0;
  const block = '# /// script\n# dependencies = ["numpy>=2"]\n# ///\n';
  const r = await run(`import _wasipy_packages as p\nprint(p.step({"requirements": [], "script": ${JSON.stringify(block)}, "index_url": "https://pypi.org/simple/", "files": {}})["done"]["already"])`);
  assert.equal(r.stdout, `[{'name': 'numpy', 'version': '${version}'}]\n`, r.stderr);
  assert.deepEqual(fetched().filter((url) => !url.includes('.dist-info/')), [], 'nothing but the built-in packages\' metadata');
  // A module of the installer that the snapshot did not import: its package came from the
  // build's extra archive, which pages do not have, so it is found in the tree (crate/lazy_stdlib.py).
  const later = await run('import _wasipy_packages._vendor.packaging.direct_url as d\nprint(d.__name__)');
  assert.equal(later.stdout, '_wasipy_packages._vendor.packaging.direct_url\n', later.stderr);
  assert.equal(fetched()[0], `${STDLIB}_wasipy_packages/_vendor/packaging/direct_url.pyc`);
});

test('the plain module has no numpy: the import fails as it does in python, and nothing of numpy is fetched', async () => {
  const run = await startWorker({ numpy: false });
  requests.length = 0;
  const r = await run('import numpy');
  assert.equal(r.status, 'error');
  assert.match(r.stderr, /ModuleNotFoundError: No module named 'numpy'/);
  assert.deepEqual(fetched().filter((u) => u.includes('numpy')), []);
});

test('the numpy module is in two parts: a numpy page\'s first runs need only the first; SVD, einsum and float16 link the rest once', async () => {
  assert.ok(isSplit(numpyModule), 'target/wasipy-numpy/web/wasipy.wasm is the first part of a split module');
  let loads = 0;
  const host = await PythonHost.create({
    module: numpyModule,
    rare: { load: () => (loads++, numpyRare), loadAsync: async () => numpyRare },
    stdlib: boot,
    stdlibTree: treeWithPackages({ url: STDLIB, manifest, packages: { url: FILES, manifest: numpyManifest } }, () => {}),
  });
  const example = EXAMPLES.find((e) => e.id === 'numpy').code;
  for (const code of [example, 'a = np.linspace(0, 1, 5)\nprint(a.mean(), np.sort(a)[::-1], np.unique(a.astype(np.float32)), np.linalg.inv(np.eye(2) * 2))']) {
    const r = host.run(code);
    assert.equal(r.status, 'ok', r.stderr);
  }
  assert.equal(loads, 0, 'the playground\'s numpy example and common calls are in the first part');
  const r = host.run('print(np.linalg.svd(np.array([[3.0, 0], [0, 4]]))[1], np.einsum("ij,jk->ik", np.eye(2), [[1, 2], [3, 4]]).tolist(), np.float16(1.5) + np.float16(2))');
  assert.equal(r.stdout, '[4. 3.] [[1.0, 2.0], [3.0, 4.0]] 3.5\n', r.stderr);
  assert.equal(loads, 1, 'linked once');
  // The tables scripts/split-data.mjs moved into this module's rest too.
  const tables = host.run('import unicodedata, sqlite3\nprint(unicodedata.name("é"), unicodedata.lookup("SNOWMAN"), "日本".encode("shift_jis"), "한국".encode("euc_kr"), sqlite3.connect(":memory:").execute("select upper(\'x\')").fetchone())');
  assert.equal(tables.stdout, "LATIN SMALL LETTER E WITH ACUTE ☃ b'\\x93\\xfa\\x96{' b'\\xc7\\xd1\\xb1\\xb9' ('X',)\n", tables.stderr);
});
