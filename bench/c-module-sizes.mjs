// Which built-in C modules cost what in wasipy.wasm (issue #12's "top ten by
// size"): `node bench/c-module-sizes.mjs [wasipy.wasm] [count]` prints a table.
//
// Method:
//   - code: exact, after linking. The module's name section names every function
//     and its code section gives each body's size; `llvm-nm-19 --defined-only -A`
//     on the archives the crate links says which object file defines each name,
//     and CPython's Modules/Setup.bootstrap and Setup.stdlib say which module each
//     object file belongs to (a library a module alone uses counts for it:
//     libmpdec for _decimal, expat for pyexpat, SQLite for _sqlite3...).
//     A name defined in several object files (a `static` helper of the same
//     name) cannot be placed: it is counted apart as "ambiguous".
//   - data: the object files' data symbols (`llvm-nm-19 -S`: initialised data
//     and constants, not bss), before linking: the linker merges data into
//     segments that keep no names. An upper bound (unused data is dropped).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { root } from './env.mjs';

const build = `${root}target/deps/wasi-python/build`;
const prefixLib = `${root}target/deps/wasm-prefix/lib`;

// Libraries linked for one module only (build.rs, scripts/wasi-python.sh).
const LIBRARY_MODULE = {
  'libmpdec.a': '_decimal',
  'libexpat.a': 'pyexpat',
  'libHacl_Hash_SHA2.a': '_sha2',
  'libsqlite3.a': '_sqlite3',
  'libz.a': 'zlib',
  'libbz2.a': '_bz2',
  'liblzma.a': '_lzma',
};
const ARCHIVES = [
  `${build}/libpython3.13.a`,
  `${build}/Modules/_decimal/libmpdec/libmpdec.a`,
  `${build}/Modules/expat/libexpat.a`,
  `${build}/Modules/_hacl/libHacl_Hash_SHA2.a`,
  `${prefixLib}/libsqlite3.a`,
  `${prefixLib}/libz.a`,
  `${prefixLib}/libbz2.a`,
  `${prefixLib}/liblzma.a`,
];

/** Object file basename -> module name, from CPython's Setup files (`name src.c other.c -Iflags`). */
function objectModules() {
  const map = new Map();
  for (const setup of ['Setup.bootstrap', 'Setup.stdlib']) {
    const file = `${build}/Modules/${setup}`;
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`make deps\` (the CPython build) first`);
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!/^[A-Za-z_]\w*\s/.test(line)) continue;
      const [name, ...words] = line.trim().split(/\s+/);
      for (const w of words) if (w.endsWith('.c')) map.set(basename(w).replace(/\.c$/, '.o'), name);
    }
  }
  return map;
}

/** The wasm module's functions: [{name, size}] (code section bodies named by the name section). */
function functionSizes(wasmFile) {
  const b = readFileSync(wasmFile);
  let p = 8;
  const leb = () => {
    let r = 0;
    let shift = 0;
    let x;
    do {
      x = b[p++];
      r += (x & 0x7f) * 2 ** shift;
      shift += 7;
    } while (x & 0x80);
    return r;
  };
  const str = () => {
    const n = leb();
    const s = b.subarray(p, p + n).toString('utf8');
    p += n;
    return s;
  };
  let imported = 0;
  const sizes = [];
  const names = new Map();
  while (p < b.length) {
    const id = b[p++];
    const size = leb();
    const end = p + size;
    if (id === 2) { // imports: function imports come first in the index space
      for (let n = leb(); n > 0; n--) {
        str();
        str();
        const kind = b[p++];
        if (kind === 0) { leb(); imported++; } else if (kind === 1) { p++; const f = leb(); leb(); if (f & 1) leb(); } else if (kind === 2) { const f = leb(); leb(); if (f & 1) leb(); } else if (kind === 3) { p += 2; } else throw new Error(`import kind ${kind} not understood`);
      }
    } else if (id === 10) {
      for (let n = leb(); n > 0; n--) {
        const len = leb();
        sizes.push(len);
        p += len;
      }
    } else if (id === 0 && str() === 'name') {
      while (p < end) {
        const sub = b[p++];
        const subSize = leb();
        const subEnd = p + subSize;
        if (sub === 1) for (let n = leb(); n > 0; n--) names.set(leb(), str());
        p = subEnd;
      }
    }
    p = end;
  }
  if (!names.size) throw new Error(`${wasmFile} has no name section (the release build strips it, Cargo.toml): build with names (\`CARGO_PROFILE_RELEASE_STRIP=debuginfo make build\`), then run this again`);
  return sizes.map((size, i) => ({ name: names.get(i + imported) ?? `<function ${i + imported}>`, size }));
}

/** Every archive's defined symbols: name -> [{archive, member, type, size}]. */
function archiveSymbols() {
  const symbols = new Map();
  for (const archive of ARCHIVES) {
    if (!existsSync(archive)) throw new Error(`${archive} is missing: run \`make deps\` first`);
    const text = execFileSync('llvm-nm-19', ['--defined-only', '-A', '-S', archive], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
    for (const line of text.split('\n')) {
      // "<archive>:<member>: <address> [<size>] <type> <name>"
      const m = line.match(/^(.*?):([^:]+\.o): [0-9a-f]+ (?:([0-9a-f]+) )?(\w) (.+)$/);
      if (!m) continue;
      const [, , member, size, type, name] = m;
      if (!symbols.has(name)) symbols.set(name, []);
      symbols.get(name).push({ archive: basename(archive), member, type, size: size ? parseInt(size, 16) : 0 });
    }
  }
  return symbols;
}

export function cModuleSizes(wasmFile) {
  const modules = objectModules();
  const symbols = archiveSymbols();
  const where = (d) => LIBRARY_MODULE[d.archive] ?? modules.get(d.member) ?? null;
  const rows = new Map();
  const row = (name) => {
    if (!rows.has(name)) rows.set(name, { module: name, code: 0, data: 0, objects: new Set() });
    return rows.get(name);
  };
  let interpreter = 0;
  let ambiguous = 0;
  let outside = 0; // the Rust crate and std, wasi-libc
  for (const f of functionSizes(wasmFile)) {
    const defs = (symbols.get(f.name) ?? []).filter((d) => /[tTwW]/.test(d.type));
    const owners = new Set(defs.map(where));
    if (!defs.length) outside += f.size;
    else if (owners.size > 1 || defs.length > 1) ambiguous += f.size;
    else if ([...owners][0] === null) interpreter += f.size;
    else row([...owners][0]).code += f.size;
  }
  for (const defs of symbols.values()) {
    for (const d of defs) {
      const owner = where(d);
      if (!owner || !/[dDrR]/.test(d.type)) continue;
      row(owner).data += d.size;
      row(owner).objects.add(d.member);
    }
  }
  const list = [...rows.values()].map((r) => ({ ...r, objects: [...r.objects].sort(), total: r.code + r.data })).sort((a, b) => b.total - a.total);
  return { modules: list, interpreter, ambiguous, outside, code: functionSizes(wasmFile).reduce((a, f) => a + f.size, 0) };
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  const wasm = process.argv[2] ?? `${root}target/wasipy/wasipy.wasm`;
  const count = Number(process.argv[3] ?? 10);
  const r = cModuleSizes(wasm);
  const kb = (x) => `${(x / 1e3).toFixed(0)} kB`;
  console.log(`| module | code (linked) | data (object files) | total |\n| --- | --- | --- | --- |`);
  for (const m of r.modules.slice(0, count)) console.log(`| \`${m.module}\` | ${kb(m.code)} | ${kb(m.data)} | ${kb(m.total)} |`);
  const rest = r.modules.slice(count);
  console.log(`| the other ${rest.length} modules | ${kb(rest.reduce((a, m) => a + m.code, 0))} | ${kb(rest.reduce((a, m) => a + m.data, 0))} | ${kb(rest.reduce((a, m) => a + m.total, 0))} |`);
  console.log(`\nCode section ${kb(r.code)}: C modules ${kb(r.modules.reduce((a, m) => a + m.code, 0))}, the interpreter and core objects ${kb(r.interpreter)}, `
    + `names defined in several objects ${kb(r.ambiguous)}, the Rust crate, std and wasi-libc ${kb(r.outside)}.`);
}
