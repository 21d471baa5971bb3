// wasipy's start, phase by phase, in Node (V8) through web/lib/python-host.js,
// the same code the browser's worker runs. Each run is a fresh `node` process:
// V8 shares compiled wasm between compiles of the same bytes inside one process,
// which would hide the compile time after the first run.
//
//   read       readFileSync of wasipy.wasm and python313.zip (the browser fetches instead)
//   compile    WebAssembly.compile(bytes)
//   instantiate  PythonHost.create() minus its initMs: WASI setup + WebAssembly.instantiate
//   init       host.initMs: `_start --host`, CPython's start-up (imports from the zip)
//   zip index  inside Python: zipimport reading the archive's central directory
//              once more (a part of init; measured apart, after init)
//   first run  host.run("print('Printing from Python!')").durationMs
//   import     the stdlib imports of step 5, timed inside Python; memoryBytes() around it
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { paths, run, lastJson } from './env.mjs';

const PRINT = "print('Printing from Python!')";
const IMPORT_CODE = 'import time as _bench_t\n_bench_s = _bench_t.perf_counter()\n'
  + 'import json, re, decimal, datetime, random, collections, dataclasses, statistics\n'
  + '(_bench_t.perf_counter() - _bench_s) * 1000';
const ZIP_INDEX_CODE = 'import time as _bench_t, zipimport as _bench_z\n_bench_s = _bench_t.perf_counter()\n'
  + "_bench_n = len(_bench_z._read_directory('/usr/local/lib/python313.zip'))\n"
  + '[(_bench_t.perf_counter() - _bench_s) * 1000, _bench_n]';

async function once() {
  const { PythonHost } = await import('../web/lib/python-host.js');
  const t0 = performance.now();
  const wasmBytes = readFileSync(paths.webWasm); // the browsers' first part (scripts/split.sh)
  const t1 = performance.now();
  const stdlib = new Uint8Array(readFileSync(paths.stdlib));
  const t2 = performance.now();
  const module = await WebAssembly.compile(wasmBytes);
  const t3 = performance.now();
  let out = '';
  // The rest compiled when the first rare call needs it (the import below: decimal), as a page would.
  const rare = { load: () => new WebAssembly.Module(readFileSync(paths.webRare)), loadAsync: async () => WebAssembly.compile(readFileSync(paths.webRare)) };
  const host = await PythonHost.create({ module, rare, stdlib, onOutput: (chunks) => { for (const [, text] of chunks) out += text; } });
  const t4 = performance.now();
  const memoryAfterInit = host.memoryBytes();
  const first = host.run(PRINT);
  if (!first.stdout.includes('Printing from Python!')) throw new Error(`first run printed ${JSON.stringify(first)}`);
  const zip = host.run(ZIP_INDEX_CODE);
  const [zipIndexMs, zipEntries] = JSON.parse(zip.value ?? '[null, null]');
  const imp = host.run(IMPORT_CODE);
  if (imp.status !== 'ok') throw new Error(`import failed: ${imp.stderr}`);
  return {
    readWasmMs: t1 - t0,
    readZipMs: t2 - t1,
    compileMs: t3 - t2,
    instantiateMs: t4 - t3 - host.initMs,
    initMs: host.initMs,
    firstRunMs: first.durationMs,
    totalToFirstOutputMs: t4 - t0 + first.durationMs,
    zipIndexMs,
    zipEntries,
    importMs: Number(imp.value),
    memoryAfterInit,
    memoryAfterImport: host.memoryBytes(),
  };
}

/** `rounds` fresh Node processes; returns {runs, failures}. */
export async function runNodeBreakdown({ rounds, progress = console.log }) {
  const runs = [];
  const failures = [];
  for (let i = 1; i <= rounds; i++) {
    const r = await run(process.execPath, [fileURLToPath(import.meta.url), '--once'], { timeoutMs: 120_000 });
    const value = lastJson(r.stdout);
    if (r.code !== 0 || !value) {
      failures.push(`run ${i}: exit ${r.code}: ${(r.stderr || r.stdout).trim().split('\n').slice(-1)[0]}`);
      progress(`  run ${i}/${rounds}: FAILED (${failures.at(-1)})`);
      continue;
    }
    runs.push(value);
    progress(`  run ${i}/${rounds}: compile ${value.compileMs.toFixed(0)} ms, init ${value.initMs.toFixed(0)} ms, `
      + `first output after ${value.totalToFirstOutputMs.toFixed(0)} ms`);
  }
  return { runs, failures };
}

if (process.argv[2] === '--once') {
  console.log(JSON.stringify(await once()));
}
