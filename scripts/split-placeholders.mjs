// Turns the first part's placeholders from imports into functions of its own.
// wasm-split (binaryen 108) makes each function it moved to wasipy-rare.wasm
// an import of the first part, one per table slot: a page had to build 4,802
// JavaScript functions and instantiate as many imports before Python's start
// (~25 ms in Chromium). Here each placeholder becomes a small function that
// calls one import, `wasipy:rare` `link` (web/lib/rare-code.js: links the
// rest, whose element segment puts every real function in its slot), then
// calls its own slot through the table, where the real function now is.
// Newer binaryen's wasm-split does the same with --jspi, but its builds need a
// newer libstdc++ than Debian 12's; binaryen's JavaScript build (npm
// `binaryen`, already a dependency) rewrites the module by names, so every
// call, export and element segment keeps pointing at the right function.
//   node scripts/split-placeholders.mjs PRIMARY   (rewritten in place)
import binaryen from 'binaryen';
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
// The import the placeholders call first, named where the page provides it.
import { LINK_IMPORT, WASM_SPLIT_PLACEHOLDERS } from '../web/lib/rare-code.js';

/**
 * `wasm`'s placeholder imports replaced by functions that link the rest and
 * call their slot; null when it has none (not the first part of a split).
 */
export function placeholdersToFunctions(wasm) {
  const module = binaryen.readBinary(wasm);
  try {
    const F = binaryen.Features;
    // The features the module uses (as scripts/split.sh tells wasm-split), so
    // that binaryen writes no encoding of a later proposal.
    module.setFeatures(F.BulkMemory | F.BulkMemoryOpt | F.SignExt | F.MutableGlobals | F.NontrappingFPToInt);
    const placeholders = [];
    for (let i = 0; i < module.getNumFunctions(); i++) {
      const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
      if (info.module === WASM_SPLIT_PLACEHOLDERS) placeholders.push(info);
    }
    if (!placeholders.length) return null;
    if (module.getNumTables() !== 1) throw new Error(`the first part has ${module.getNumTables()} tables; its placeholders need the one the rest fills`);
    const table = binaryen.getTableInfo(module.getTableByIndex(0)).name;
    const link = '$wasipy_rare_link';
    module.addFunctionImport(link, LINK_IMPORT.module, LINK_IMPORT.name, binaryen.none, binaryen.none);
    for (const p of placeholders) {
      // wasm-split names each placeholder by the table slot its real function takes.
      const slot = /^\d+$/.test(p.base) ? Number(p.base) : NaN;
      if (!Number.isInteger(slot)) throw new Error(`placeholder ${p.name} is named "${p.base}", not by a table slot`);
      const args = binaryen.expandType(p.params).map((type, i) => module.local.get(i, type));
      module.removeFunction(p.name);
      module.addFunction(p.name, p.params, p.results, [], module.block(null, [
        module.call(link, [], binaryen.none),
        module.call_indirect(table, module.i32.const(slot), args, p.params, p.results),
      ], p.results));
    }
    // Not module.validate(): binaryen 132 types a ref.func of what was an import
    // as inexact and then refuses it for a function. Every engine validates the
    // module when it compiles it, and the tests compile and run it.
    return { wasm: module.emitBinary(), placeholders: placeholders.length };
  } finally {
    module.dispose();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file] = process.argv.slice(2);
  const result = placeholdersToFunctions(readFileSync(file));
  if (!result) throw new Error(`${file} has no placeholder imports: not the first part of a split module`);
  new WebAssembly.Module(result.wasm); // fails here, not in a page, if binaryen wrote something invalid
  writeFileSync(file, result.wasm);
  console.log(`${file}: ${result.placeholders} placeholders are functions that call ${LINK_IMPORT.module} ${LINK_IMPORT.name}`);
}
