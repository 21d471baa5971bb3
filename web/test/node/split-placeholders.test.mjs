// scripts/split-placeholders.mjs on small modules made here: a placeholder
// links the rest once, then calls its slot, where the real function now is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import binaryen from 'binaryen';
import { placeholdersToFunctions, LINK_IMPORT } from '../../../scripts/split-placeholders.mjs';

const script = new URL('../../../scripts/split-placeholders.mjs', import.meta.url).pathname;
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

/** The real function of a slot, as the rest's element segment provides it: multiplies. */
const real = new WebAssembly.Instance(new WebAssembly.Module(Uint8Array.from([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 7, 1, 96, 2, 127, 127, 1, 127, 3, 2, 1, 0, 7, 7, 1, 3, 109, 117, 108, 0, 0,
  10, 9, 1, 7, 0, 32, 0, 32, 1, 108, 11]))).exports.mul;

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
  assert.equal(exports.call(3, 6, 7), 42);
  assert.equal(exports.call(3, 5, 5), 25);
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
  assert.equal(exports.call(1, 2, 3), 6);
});

test('a module without placeholders is refused, as is a placeholder not named by its slot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasipy-placeholders-'));
  const plain = placeholdersToFunctions(firstPart()).wasm;
  assert.equal(placeholdersToFunctions(plain), null, 'already rewritten: nothing to do');
  writeFileSync(join(dir, 'plain.wasm'), plain);
  assert.throws(() => execFileSync(process.execPath, [script, join(dir, 'plain.wasm')], { stdio: 'pipe' }),
    (e) => /plain\.wasm has no placeholder imports: not the first part of a split module/.test(e.stderr));
  assert.throws(() => placeholdersToFunctions(firstPart({ name: 'f' })), /placeholder \S+ is named "f", not by a table slot/);
});
