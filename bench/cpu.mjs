// The CPU suite (bench/cpu_suite.py) on every Python we have, each run in a
// fresh process, systems interleaved round by round. The kernels time themselves
// inside Python (best of 3), so start-up never counts.
//
// As a child (`node bench/cpu.mjs --child wasipy|pyodide`) it runs the suite
// once under V8: wasipy through web/lib/python-host.js, Pyodide through its npm
// package's loadPyodide(); it prints the suite's JSON line.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { paths, run, lastJson, WASMTIME_ARGS } from './env.mjs';

const self = fileURLToPath(import.meta.url);

/** How to run the suite on each system; `python` asks for its version once. */
export const CPU_SYSTEMS = [
  { id: 'native', label: 'CPython 3.13.5 native', cmd: paths.nativePython, args: [paths.cpuSuite] },
  { id: 'host311', label: 'python3 (host)', cmd: paths.hostPython, args: [paths.cpuSuite] },
  {
    id: 'wasmtime', label: 'wasipy, wasmtime',
    cmd: paths.wasmtime, args: [...WASMTIME_ARGS, '--dir', `${fileURLToPath(new URL('.', import.meta.url))}::/bench`, paths.wasm, '/bench/cpu_suite.py'],
  },
  { id: 'wasipyV8', label: 'wasipy, V8 (Node)', cmd: process.execPath, args: [self, '--child', 'wasipy'] },
  { id: 'pyodideV8', label: 'Pyodide, V8 (Node)', cmd: process.execPath, args: [self, '--child', 'pyodide'] },
];

async function child(which) {
  const source = readFileSync(paths.cpuSuite, 'utf8');
  if (which === 'wasipy') {
    const { PythonHost } = await import('../web/lib/python-host.js');
    const module = await WebAssembly.compile(readFileSync(paths.wasm));
    const stdlib = new Uint8Array(readFileSync(paths.stdlib));
    const host = await PythonHost.create({ module, stdlib });
    const r = host.run(source, { display: false });
    if (r.status !== 'ok') throw new Error(`the suite failed: ${r.stderr}`);
    process.stdout.write(r.stdout);
    return;
  }
  if (which === 'pyodide') {
    const { loadPyodide } = await import('pyodide');
    let out = '';
    const py = await loadPyodide({ stdout: (line) => { out += `${line}\n`; } });
    py.runPython(source);
    process.stdout.write(out);
    return;
  }
  throw new Error(`unknown child ${which}`);
}

/** `rounds` runs of the suite per system; returns {systems: {id: {label, runs: [{kernel: s}], failures}}}. */
export async function runCpu({ rounds, progress = console.log }) {
  const systems = Object.fromEntries(CPU_SYSTEMS.map((s) => [s.id, { label: s.label, runs: [], failures: [] }]));
  for (let round = 1; round <= rounds; round++) {
    for (const s of CPU_SYSTEMS) {
      const r = await run(s.cmd, s.args, { timeoutMs: 300_000 });
      const value = lastJson(r.stdout);
      if (r.code !== 0 || !value) {
        const why = `exit ${r.code}: ${(r.stderr || r.stdout).trim().split('\n').slice(-1)[0] ?? ''}`;
        systems[s.id].failures.push(`round ${round}: ${why}`);
        progress(`  round ${round}/${rounds} ${s.id.padEnd(9)} FAILED (${why})`);
        continue;
      }
      systems[s.id].runs.push(value);
      const total = Object.values(value).reduce((a, b) => a + b, 0);
      progress(`  round ${round}/${rounds} ${s.id.padEnd(9)} ${Object.entries(value).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')} (sum ${total.toFixed(2)} s)`);
    }
  }
  return { systems };
}

if (process.argv[2] === '--child') {
  await child(process.argv[3]);
}
