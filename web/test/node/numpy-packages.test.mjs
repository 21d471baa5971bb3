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
import { module as plainModule, stdlib as plainStdlib, stdlibExtra } from './fixture.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const flavour = `${root}target/wasipy-numpy`;
const version = readFileSync(`${root}recipes/numpy/recipe.env`, 'utf8').match(/^RECIPE_VERSION=(.+)$/m)[1];
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
  const plain = await createSession({ module: plainModule, stdlib: plainStdlib, stdlibExtra, useWorker: false, indexUrl: index.url });
  const withNumpy = await openNumpy();
  try {
    await assert.rejects(plain.install('needsbinary'), /markupsafe: no pure-Python wheel[\s\S]*this wasipy module has no compiled packages built in: numpy is in wasipy's numpy module, which a page loads when numpy itself is declared/);
    await assert.rejects(withNumpy.install('needsbinary'), new RegExp(`markupsafe: no pure-Python wheel[\\s\\S]*the compiled packages this wasipy module has built in: numpy ${version.replaceAll('.', '\\.')}`));
  } finally {
    plain.dispose();
    withNumpy.dispose();
  }
});
