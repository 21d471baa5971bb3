// Step 5 outside the browser: the first import of a set of stdlib modules in a
// fresh process, timed inside Python (time.perf_counter around the import
// statement only, so process start-up does not count). The browser's numbers
// (wasipy and Pyodide in Chromium) come from browser.mjs, wasipy under Node
// from node-breakdown.mjs.
import { paths, run, wasmtimeArgs } from './env.mjs';

export const IMPORTS = 'json, re, decimal, datetime, random, collections, dataclasses, statistics';
const CODE = `import time\ns = time.perf_counter()\nimport ${IMPORTS}\nprint((time.perf_counter() - s) * 1000)`;

const importSystems = () => [
  { id: 'wasmtime', label: 'wasipy, wasmtime', cmd: paths.wasmtime, args: [...wasmtimeArgs(), paths.wasm, '-c', CODE] },
  { id: 'native', label: 'CPython 3.13.5 native', cmd: paths.nativePython, args: ['-c', CODE] },
  { id: 'host311', label: 'python3 (host)', cmd: paths.hostPython, args: ['-c', CODE] },
];

/** `rounds` fresh processes per system; returns {id: {label, ms: [], failures: []}}. */
export async function runFirstImport({ rounds, progress = console.log }) {
  const SYSTEMS = importSystems();
  const out = Object.fromEntries(SYSTEMS.map((s) => [s.id, { label: s.label, ms: [], failures: [] }]));
  for (let round = 1; round <= rounds; round++) {
    for (const s of SYSTEMS) {
      const r = await run(s.cmd, s.args, { timeoutMs: 60_000 });
      const ms = Number(r.stdout.trim().split('\n').at(-1));
      if (r.code !== 0 || !Number.isFinite(ms)) out[s.id].failures.push(`round ${round}: exit ${r.code}: ${r.stderr.trim().split('\n').at(-1)}`);
      else out[s.id].ms.push(ms);
    }
    progress(`  round ${round}/${rounds}: ${SYSTEMS.map((s) => `${s.id} ${out[s.id].ms.at(-1)?.toFixed(1) ?? 'FAILED'} ms`).join(', ')}`);
  }
  return out;
}
