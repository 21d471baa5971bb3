// Step 8 and the brotli column of step 2: raw, gzip -6 (what bench/server.mjs
// sends) and brotli quality 11 (what a host that precompresses could send).
// Brotli 11 takes ~15 s per large file, so results are cached by content hash
// in the OS temp dir: a second `npm run bench` on unchanged files skips that.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { gzip6 } from './server.mjs';
import { pkgVersion } from './env.mjs';

const CACHE = join(tmpdir(), 'wasipy-bench-brotli');

export function brotli11Size(buf) {
  const key = createHash('sha256').update(buf).digest('hex');
  const file = join(CACHE, key);
  if (existsSync(file)) return Number(readFileSync(file, 'utf8'));
  const size = brotliCompressSync(buf, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
  }).length;
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(file, String(size));
  return size;
}

const memo = new Map();

/** {raw, gzip, brotli} of one file (memoised per path and size). */
export function sizesOf(file) {
  const buf = readFileSync(file);
  const key = `${file}:${buf.length}`;
  if (!memo.has(key)) memo.set(key, { file: basename(file), raw: buf.length, gzip: gzip6(buf).length, brotli: brotli11Size(buf) });
  return memo.get(key);
}

/** Step 8's table: each system's main files. */
export function fileSizes({ dist, pyodide, pyodide314, micropython }, progress = console.log) {
  const groups = [
    // wasipy.wasm: the module's first part; wasipy-rare.wasm: its rest, fetched after the first output.
    ['wasipy', [`${dist}/wasipy.wasm`, `${dist}/wasipy-rare.wasm`, `${dist}/python313.zip`, `${dist}/embed.js`]],
    // The module a page that declares numpy loads instead (its snapshot has numpy imported), in two parts likewise.
    ['wasipy + numpy', [`${dist}/flavours/numpy/wasipy.wasm`, `${dist}/flavours/numpy/wasipy-rare.wasm`]],
    [`Pyodide ${pkgVersion(pyodide314)}`, [`${pyodide314}/pyodide.asm.wasm`, `${pyodide314}/python_stdlib.zip`, `${pyodide314}/pyodide.asm.mjs`, `${pyodide314}/pyodide.mjs`]],
    [`Pyodide ${pkgVersion(pyodide)}`, [`${pyodide}/pyodide.asm.wasm`, `${pyodide}/python_stdlib.zip`, `${pyodide}/pyodide.asm.js`, `${pyodide}/pyodide.mjs`]],
    ['MicroPython', [`${micropython}/micropython.wasm`, `${micropython}/micropython.mjs`]],
  ];
  const rows = [];
  for (const [system, files] of groups) {
    for (const f of files) {
      if (!existsSync(f)) {
        rows.push({ system, file: basename(f), missing: true });
        continue;
      }
      const t = performance.now();
      rows.push({ system, ...sizesOf(f) });
      progress(`  ${system} ${basename(f)}: ${(rows.at(-1).raw / 1e6).toFixed(2)} MB raw (${((performance.now() - t) / 1000).toFixed(1)} s)`);
    }
  }
  return rows;
}
