// The resolver and the numpy flavour, through the library in Node (the
// browser's runtime): the flavour's module and stdlib zip (make build-numpy),
// real test wheels from the local index. numpy is built in: requirements it
// satisfies need no download, others are a clear error naming the chain.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSession } from '../../lib/session.js';
import { InstallError } from '../../lib/errors.js';
import { startPackageIndex } from '../package-index/server.mjs';
import { module as plainModule, rare, stdlib as plainStdlib, stdlibExtra } from './fixture.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const flavour = `${root}target/wasipy-numpy`;
const recipeVersion = (name) => readFileSync(`${root}recipes/${name}/recipe.env`, 'utf8').match(/^RECIPE_VERSION=(.+)$/m)[1];
const version = recipeVersion('numpy');
const markupsafeVersion = recipeVersion('markupsafe');
let index, numpyModule, numpyStdlib;

before(async () => {
  index = await startPackageIndex();
  numpyModule = await WebAssembly.compile(readFileSync(`${flavour}/wasipy.wasm`));
  numpyStdlib = new Uint8Array(readFileSync(`${flavour}/usr/local/lib/python313.zip`));
});
after(() => index?.close());

const openNumpy = () => createSession({ module: numpyModule, stdlib: numpyStdlib, stdlibExtra, useWorker: false, indexUrl: index.url });
const numpyPages = () => index.requests.filter((r) => r.path.startsWith('/simple/numpy'));

test('a pure package that requires numpy>=1.26 installs against the built-in numpy, which is not downloaded', async () => {
  const session = await openNumpy();
  try {
    const before = numpyPages().length;
    const { installed, already } = await session.install('needsnumpy');
    assert.deepEqual(installed.map((d) => d.name), ['needsnumpy']);
    assert.deepEqual(already, [{ name: 'numpy', version }]);
    // The plan a restart replays (and a page caches) names the built-in numpy it relied on.
    assert.deepEqual(session.installs.at(-1).locked.map((e) => e.built_in ? e : e.name), ['needsnumpy', { name: 'numpy', version, built_in: true }]);
    const r = await session.run('import needsnumpy, numpy, importlib.metadata as m\nprint(needsnumpy.__version__, numpy.__version__, m.version("numpy"), int(numpy.arange(5).sum()))', { display: false });
    assert.equal(r.stdout, `1.0 ${version} ${version} 10\n`, r.stderr);
    // Declared directly, as packages=/a # /// script block does: nothing to fetch.
    const direct = await session.install('numpy>=1.26');
    assert.deepEqual(direct.installed, []);
    assert.equal(numpyPages().length, before, 'the index is never asked for numpy');
  } finally {
    session.dispose();
  }
});

test('a requirement the built-in numpy does not satisfy is a clear error naming the chain; the session goes on', async () => {
  const session = await openNumpy();
  try {
    await assert.rejects(session.install('needsoldnumpy'), (e) => {
      assert.ok(e instanceof InstallError);
      assert.match(e.message, new RegExp(`numpy ${version.replaceAll('.', '\\.')} is built into this wasipy module \\(a compiled package\\), and numpy<1 asks for another version, which wasipy cannot install\\n  required by: your requirements -> needsoldnumpy 1\\.0 -> numpy$`));
      return true;
    });
    const r = await session.run('import numpy; print(numpy.ones(2).tolist())', { display: false });
    assert.equal(r.stdout, '[1.0, 1.0]\n', r.stderr);
  } finally {
    session.dispose();
  }
});

test('a binary-only dependency names the compiled packages the module has, in either module', async () => {
  const plain = await createSession({ module: plainModule, rare, stdlib: plainStdlib, stdlibExtra, useWorker: false, indexUrl: index.url });
  const withNumpy = await openNumpy();
  try {
    await assert.rejects(plain.install('needsbinarylib'), /binaryonly: no pure-Python wheel[\s\S]*this wasipy module has no compiled packages built in: numpy and markupsafe are in wasipy's numpy module, which a page loads when one of them is declared/);
    await assert.rejects(withNumpy.install('needsbinarylib'), new RegExp(`binaryonly: no pure-Python wheel[\\s\\S]*the compiled packages this wasipy module has built in: MarkupSafe ${markupsafeVersion.replaceAll('.', '\\.')}, numpy ${version.replaceAll('.', '\\.')}`));
  } finally {
    plain.dispose();
    withNumpy.dispose();
  }
});

test('in the plain module, a dependency built into the numpy module says so and is not looked up on the index', async () => {
  const plain = await createSession({ module: plainModule, rare, stdlib: plainStdlib, stdlibExtra, useWorker: false, indexUrl: index.url });
  try {
    index.reset();
    await assert.rejects(plain.install('needsnumpy'), (e) => {
      assert.ok(e instanceof InstallError);
      assert.match(e.message, /^numpy is built into wasipy's numpy module, not this one, and has no pure-Python wheel: start the numpy module to install this \(declare numpy itself: packages, data-packages or a # \/\/\/ script block\)\n  required by: your requirements -> needsnumpy 1\.0 -> numpy$/);
      return true;
    });
    assert.ok(index.requests.some((r) => r.path === '/simple/needsnumpy/'));
    assert.deepEqual(numpyPages(), [], 'the index is never asked for numpy');
  } finally {
    plain.dispose();
  }
});

test('a plan names the built-in numpy it relied on: replayed in the plain module it fails, so the host resolves afresh', async () => {
  const code = (index) => [
    'import _wasipy_packages as p',
    `plan = [{"name": "numpy", "version": "${version}", "built_in": True}]`,
    `answer = p.step({"requirements": ["numpy"], "index_url": "${index}", "files": {}, "locked": plan})`,
    'print(answer.get("error") or answer["done"]["already"])',
  ].join('\n');
  const plain = await createSession({ module: plainModule, rare, stdlib: plainStdlib, stdlibExtra, useWorker: false, indexUrl: index.url });
  const withNumpy = await openNumpy();
  try {
    const there = await withNumpy.run(code(index.url), { display: false });
    assert.equal(there.stdout, `[{'name': 'numpy', 'version': '${version}'}]\n`, there.stderr);
    const here = await plain.run(code(index.url), { display: false });
    assert.equal(here.stdout, `the plan needs numpy ${version} built into the module, and this module has no numpy built in\n`, here.stderr);
  } finally {
    plain.dispose();
    withNumpy.dispose();
  }
});

test('the second recipe: a pure package that requires markupsafe gets the built-in one, C speedups and all', async () => {
  const session = await openNumpy();
  try {
    const before = index.requests.filter((r) => r.path.startsWith('/simple/markupsafe')).length;
    const { installed, already } = await session.install('needsbinary');
    assert.deepEqual(installed.map((d) => d.name), ['needsbinary']);
    assert.deepEqual(already, [{ name: 'markupsafe', version: markupsafeVersion }]);
    assert.equal(index.requests.filter((r) => r.path.startsWith('/simple/markupsafe')).length, before, 'the index is never asked for markupsafe');
    const r = await session.run('import markupsafe, markupsafe._speedups as s\nprint(s.__spec__.origin, markupsafe.escape("<i>&</i>"))', { display: false });
    assert.equal(r.stdout, 'built-in &lt;i&gt;&amp;&lt;/i&gt;\n', r.stderr);
  } finally {
    session.dispose();
  }
});
