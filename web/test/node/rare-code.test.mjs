// The browsers' module in two parts (scripts/split.sh, web/lib/rare-code.js),
// in Node: what a start and the common runs call is all in wasipy.wasm; the
// first call into wasipy-rare.wasm links it once; a part that cannot be had
// ends that run only, saying why; a part of another build is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PythonHost } from '../../lib/python-host.js';
import { createSession } from '../../lib/session.js';
import { LoadError, OptionsError } from '../../lib/errors.js';
import { module, rare, stdlib, stdlibExtra } from './fixture.mjs';
import { splitKeySection } from '../../../scripts/split-key.mjs';

/** A loader of wasipy-rare.wasm (as the worker's rareLoader) that counts its synchronous loads. */
function countingLoader(get = () => rare) {
  const loader = { loads: 0, load: () => (loader.loads++, get()), loadAsync: async () => get() };
  return loader;
}

test('a split wasipy.wasm without its wasipy-rare.wasm is refused, saying what to pass', async () => {
  await assert.rejects(PythonHost.create({ module, stdlib }), /this wasipy\.wasm is the first part of a split module \(scripts\/split\.sh\): pass its wasipy-rare\.wasm as `rare`/);
  await assert.rejects(createSession({ module, rare, rareUrl: 'http://x/wasipy-rare.wasm', stdlib, useWorker: false }),
    (e) => e instanceof OptionsError && e.name === 'OptionsError' && /give either "rare" or "rareUrl", not both/.test(e.message));
});

test('the first part imports the WASI calls and one link for all its placeholders (scripts/split-placeholders.mjs)', () => {
  const imports = WebAssembly.Module.imports(module);
  assert.deepEqual(imports.filter((i) => i.module !== 'wasi_snapshot_preview1'), [{ module: 'wasipy:rare', name: 'link', kind: 'function' }]);
});

test('start, print, a traceback and common imports need only the first part; the first rare call links the rest once', async () => {
  const loader = countingLoader();
  const host = await PythonHost.create({ module, rare: loader, stdlib, stdlibExtra });
  for (const code of ['print("hi")', '1/0', 'import json, re, collections, dataclasses\njson.dumps(re.findall("a", "aa"))', 'name = input()\nname']) {
    const r = host.run(code, { stdin: 'Ada\n' });
    assert.ok(['ok', 'error'].includes(r.status), JSON.stringify(r));
  }
  assert.equal(loader.loads, 0, 'no rare code in the common runs');
  const r = host.run('import unicodedata, decimal\nprint(unicodedata.name("é"), decimal.Decimal(1) / 8)');
  assert.deepEqual([r.status, r.stdout], ['ok', 'LATIN SMALL LETTER E WITH ACUTE 0.125\n']);
  assert.equal(loader.loads, 1);
  assert.equal(host.run('import sqlite3\nprint(sqlite3.connect(":memory:").execute("select 6 * 7").fetchone())').stdout, '(42,)\n');
  assert.equal(loader.loads, 1, 'linked once');
});

test('when the rest cannot be had, the run that needs it ends with the loader\'s reason, and a new interpreter tries again', async () => {
  let reachable = false;
  const loader = countingLoader(() => {
    if (!reachable) throw new LoadError('could not fetch wasipy-rare.wasm from http://x/wasipy-rare.wasm: HTTP 404');
    return rare;
  });
  const host = await PythonHost.create({ module, rare: loader, stdlib, stdlibExtra });
  assert.equal(host.run('print("first")').stdout, 'first\n');
  const failed = host.run('print("before")\nimport unicodedata');
  assert.deepEqual([failed.status, failed.stdout, failed.alive], ['crashed', 'before\n', false]);
  assert.equal(failed.error, 'LoadError: could not fetch wasipy-rare.wasm from http://x/wasipy-rare.wasm: HTTP 404');
  reachable = true;
  const again = await PythonHost.create({ module, rare: loader, stdlib, stdlibExtra });
  assert.equal(again.run('import unicodedata\nprint(unicodedata.name("é"))').stdout, 'LATIN SMALL LETTER E WITH ACUTE\n');
});

test('a wasipy-rare.wasm of another build is refused, not linked', async () => {
  // An empty module whose custom section wasipy.split holds another key, as scripts/split-key.mjs writes it.
  const other = await WebAssembly.compile(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...splitKeySection('f'.repeat(64))]));
  const host = await PythonHost.create({ module, rare: countingLoader(() => other), stdlib, stdlibExtra });
  const r = host.run('import unicodedata');
  assert.equal(r.status, 'crashed');
  assert.match(r.error, /^LoadError: wasipy-rare\.wasm is of another build \(ffffffffffff\) than this wasipy\.wasm \([0-9a-f]{12}\): the server has files of two wasipy builds; deploy all of dist\/ again/);
});

test('the rest says once that it linked (a worker then posts it to the page for its other workers); another build\'s never', async () => {
  const host = await PythonHost.create({ module, rare: countingLoader(), stdlib, stdlibExtra });
  const linked = [];
  host.rare.onLinked = (m) => linked.push(m);
  host.run('import unicodedata, sqlite3\nunicodedata.name("é")');
  host.run('sqlite3.connect(":memory:")');
  assert.deepEqual(linked, [rare], 'once, with the module');
  const other = await WebAssembly.compile(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...splitKeySection('f'.repeat(64))]));
  const refused = await PythonHost.create({ module, rare: countingLoader(() => other), stdlib, stdlibExtra });
  refused.rare.onLinked = (m) => linked.push(m);
  assert.equal(refused.run('import unicodedata').status, 'crashed');
  assert.equal(linked.length, 1, 'not for a part of another build');
});
