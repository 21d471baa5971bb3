// scripts/split-placeholders.mjs on small modules made here: a placeholder
// links the rest once, then calls its slot, where the real function now is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import binaryen from 'binaryen';
import { placeholdersToFunctions } from '../../../scripts/split-placeholders.mjs';
import { splitKeySection } from '../../../scripts/split-key.mjs';
import { RareCode, LINK_IMPORT } from '../../lib/rare-code.js';
import { PythonHost } from '../../lib/python-host.js';
import { LoadError } from '../../lib/errors.js';

const script = fileURLToPath(new URL('../../../scripts/split-placeholders.mjs', import.meta.url));
const i32 = binaryen.i32;

/** A first part as wasm-split writes it: slot 0 is its own function, slot `slot` a placeholder import `placeholder` `slot`. */
function firstPart({ slot = 1, name = String(slot) } = {}) {
  const m = new binaryen.Module();
  m.addFunctionImport('ph', 'placeholder', name, binaryen.createType([i32, i32]), i32);
  m.addFunction('own', binaryen.createType([i32, i32]), i32, [], m.i32.sub(m.local.get(0, i32), m.local.get(1, i32)));
  m.addTable('t', slot + 1, slot + 1);
  m.addActiveElementSegment('t', 'e', [...Array(slot).fill('own'), 'ph'], m.i32.const(0));
  m.addTableExport('t', '%table');
  // The first part's code reaches a moved function through its slot.
  m.addFunction('call', binaryen.createType([i32, i32, i32]), i32, [],
    m.call_indirect('t', m.local.get(0, i32), [m.local.get(1, i32), m.local.get(2, i32)], binaryen.createType([i32, i32]), i32));
  m.addFunctionExport('call', 'call');
  const wasm = m.emitBinary();
  m.dispose();
  return wasm;
}

/** The real function of a slot, as the rest's element segment provides it: a * 10 + b (the order of the arguments shows). */
const real = (() => {
  const m = new binaryen.Module();
  m.addFunction('f', binaryen.createType([i32, i32]), i32, [], m.i32.add(m.i32.mul(m.local.get(0, i32), m.i32.const(10)), m.local.get(1, i32)));
  m.addFunctionExport('f', 'f');
  const wasm = m.emitBinary();
  m.dispose();
  return new WebAssembly.Instance(new WebAssembly.Module(wasm)).exports.f;
})();

/** `wasm` with the custom section that pairs the two parts of a build. */
const keyed = (wasm, key = 'k') => new WebAssembly.Module(Uint8Array.from([...wasm, ...splitKeySection(key)]));

test('a placeholder links the rest on its first call, then calls the real function in its slot; later calls go straight there', () => {
  const result = placeholdersToFunctions(firstPart({ slot: 3 }));
  assert.equal(result.placeholders, 1);
  const module = new WebAssembly.Module(result.wasm);
  assert.deepEqual(WebAssembly.Module.imports(module), [{ module: LINK_IMPORT.module, name: LINK_IMPORT.name, kind: 'function' }]);
  let links = 0;
  let table;
  const { exports } = new WebAssembly.Instance(module, { [LINK_IMPORT.module]: { [LINK_IMPORT.name]: () => { links++; table.set(3, real); } } });
  table = exports['%table'];
  assert.equal(exports.call(0, 9, 4), 5, 'the first part\'s own function, no link');
  assert.equal(links, 0);
  assert.equal(exports.call(3, 6, 7), 67);
  assert.equal(exports.call(3, 5, 2), 52);
  assert.equal(links, 1, 'linked once');
});

test('a link that fails ends the call that needed it with its error, and the next call tries again', () => {
  const module = new WebAssembly.Module(placeholdersToFunctions(firstPart()).wasm);
  let table;
  let fail = true;
  const { exports } = new WebAssembly.Instance(module, { [LINK_IMPORT.module]: { [LINK_IMPORT.name]: () => {
    if (fail) throw new Error('wasipy-rare.wasm: 404');
    table.set(1, real);
  } } });
  table = exports['%table'];
  assert.throws(() => exports.call(1, 2, 3), /wasipy-rare\.wasm: 404/);
  fail = false;
  assert.equal(exports.call(1, 2, 3), 23);
});

test('a placeholder whose slot the rest does not fill is an error, not a call of itself without end', () => {
  const rare = new RareCode(keyed(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))); // links, fills nothing
  const module = keyed(placeholdersToFunctions(firstPart()).wasm);
  const { exports } = new WebAssembly.Instance(module, rare.imports(module, false));
  rare.attach(exports);
  assert.throws(() => exports.call(1, 2, 3), (e) => e instanceof LoadError && /a placeholder of wasipy\.wasm was called after wasipy-rare\.wasm was linked/.test(e.message));
  assert.equal(rare.linked, true);
});

test('a first part split by an older build (an import per placeholder) is refused, saying to rebuild', async () => {
  await assert.rejects(PythonHost.create({ module: new WebAssembly.Module(firstPart()), stdlib: new Uint8Array() }),
    /this wasipy\.wasm was split by an older build \(an import per placeholder\): run `make build`/);
});

test('a module without placeholders is refused, as is a placeholder not named by its slot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasipy-placeholders-'));
  const plain = placeholdersToFunctions(firstPart()).wasm;
  assert.equal(placeholdersToFunctions(plain), null, 'already rewritten: nothing to do');
  writeFileSync(join(dir, 'plain.wasm'), plain);
  assert.throws(() => execFileSync(process.execPath, [script, join(dir, 'plain.wasm')], { stdio: 'pipe' }),
    (e) => /plain\.wasm has no placeholder imports: not the first part of a split module/.test(e.stderr));
  for (const name of ['f', '0x1f', ' 7']) assert.throws(() => placeholdersToFunctions(firstPart({ name })), /placeholder \S+ is named "[^"]+", not by a table slot/, name);
  rmSync(dir, { recursive: true, force: true });
});
