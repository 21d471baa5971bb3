// The CPU suite (bench/cpu_suite.py) on every Python we have, each run in a
// fresh process, systems interleaved round by round. The kernels time themselves
// inside Python (best of 3), so start-up never counts.
//
// As a child (`node bench/cpu.mjs --child wasipy`, `--child pyodide <npm package>`)
// it runs the suite under V8: wasipy through web/lib/python-host.js, Pyodide through
// its npm package's loadPyodide() (`pyodide` is 0.29.5, `pyodide-314` the newest). It runs the suite twice in the same instance and
// prints both JSON lines: the first run (right after start-up, what a user's
// first run gets) is the official figure; the second shows V8 once its
// optimizing tier is in place. Each system's first run starts one event-loop
// task after its start-up, as a run does in the browser (the worker gets each
// run as a message): begun in the same task as wasipy's start-up, the first run
// of the loop-bound kernels is ~2.5x slower (one long C-level call of CPython's
// interpreter loop that keeps V8's baseline code; measured, bench/levers.md).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { paths, pkgVersion, run, wasmtimeArgs } from './env.mjs';

const self = fileURLToPath(import.meta.url);

/** How to run the suite on each system (built when asked: run.mjs may have moved paths to its snapshot). */
const cpuSystems = () => [
  { id: 'native', label: 'CPython 3.13.5 native', cmd: paths.nativePython, args: [paths.cpuSuite] },
  { id: 'host311', label: 'python3 (host)', cmd: paths.hostPython, args: [paths.cpuSuite] },
  {
    id: 'wasmtime', label: 'wasipy, wasmtime',
    cmd: paths.wasmtime, args: [...wasmtimeArgs(), '--dir', `${fileURLToPath(new URL('.', import.meta.url))}::/bench`, paths.wasm, '/bench/cpu_suite.py'],
  },
  {
    id: 'wasipyV8', label: 'wasipy, V8 (Node)', cmd: process.execPath, args: [self, '--child', 'wasipy'],
    again: { id: 'wasipyV8again', label: 'wasipy, V8, 2nd run' },
  },
  {
    id: 'pyodide314V8', label: `Pyodide ${pkgVersion(paths.pyodide314)}, V8 (Node)`, cmd: process.execPath, args: [self, '--child', 'pyodide', 'pyodide-314'],
    again: { id: 'pyodide314V8again', label: `Pyodide ${pkgVersion(paths.pyodide314)}, V8, 2nd run` },
  },
  {
    id: 'pyodideV8', label: `Pyodide ${pkgVersion(paths.pyodide)}, V8 (Node)`, cmd: process.execPath, args: [self, '--child', 'pyodide', 'pyodide'],
    again: { id: 'pyodideV8again', label: `Pyodide ${pkgVersion(paths.pyodide)}, V8, 2nd run` },
  },
];

// The npm packages a Pyodide child may load: 0.29.5 (`pyodide`) and the newest (the alias `pyodide-314`).
const PYODIDE_PACKAGES = new Set(['pyodide', 'pyodide-314']);

/** Every JSON object line of a child's stdout, in order. */
function jsonLines(text) {
  return text.split('\n').flatMap((line) => {
    try {
      const v = JSON.parse(line);
      return v && typeof v === 'object' ? [v] : [];
    } catch {
      return [];
    }
  });
}

/** Resolves in a later event-loop task (where a browser's worker would get the run's message). */
const nextTask = () => new Promise((resolve) => setImmediate(resolve));

async function child(which, pkg = 'pyodide') {
  if (!PYODIDE_PACKAGES.has(pkg)) throw new Error(`unknown Pyodide package ${pkg}: expected one of ${[...PYODIDE_PACKAGES].join(', ')}`);
  const source = readFileSync(paths.cpuSuite, 'utf8');
  if (which === 'wasipy') {
    const { PythonHost } = await import('../web/lib/python-host.js');
    // The browsers' module (its two parts), as pages run it.
    const module = await WebAssembly.compile(readFileSync(paths.webWasm));
    const rare = await WebAssembly.compile(readFileSync(paths.webRare));
    const stdlib = new Uint8Array(readFileSync(paths.stdlib));
    const host = await PythonHost.create({ module, rare, stdlib });
    await nextTask();
    for (const code of [source, 'main()']) {
      const r = host.run(code, { display: false });
      if (r.status !== 'ok') throw new Error(`the suite failed: ${r.stderr}`);
      process.stdout.write(r.stdout);
    }
    return;
  }
  if (which === 'pyodide') {
    const { loadPyodide } = await import(pkg);
    let out = '';
    const py = await loadPyodide({ stdout: (line) => { out += `${line}\n`; } });
    await nextTask();
    py.runPython(source);
    py.runPython('main()');
    process.stdout.write(out);
    return;
  }
  if (which === 'pyodide-version') {
    const { loadPyodide } = await import(pkg);
    const py = await loadPyodide();
    console.log(JSON.stringify({ python: py.runPython('import sys; sys.version.split()[0]') }));
    return;
  }
  throw new Error(`unknown child ${which}`);
}

/** `rounds` runs of the suite per system; returns {systems: {id: {label, runs: [{kernel: s}], failures}}}. */
export async function runCpu({ rounds, progress = console.log }) {
  const systems = {};
  const CPU_SYSTEMS = cpuSystems();
  for (const s of CPU_SYSTEMS) {
    systems[s.id] = { label: s.label, runs: [], failures: [] };
    if (s.again) systems[s.again.id] = { label: s.again.label, runs: [], failures: [], extra: true };
  }
  const show = (value) => `${Object.entries(value).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')} (sum ${Object.values(value).reduce((a, b) => a + b, 0).toFixed(2)} s)`;
  for (let round = 1; round <= rounds; round++) {
    for (const s of CPU_SYSTEMS) {
      const r = await run(s.cmd, s.args, { timeoutMs: 300_000 });
      const [first, second] = jsonLines(r.stdout);
      if (r.code !== 0 || !first || (s.again && !second)) {
        const why = `exit ${r.code}: ${(r.stderr || r.stdout).trim().split('\n').slice(-1)[0] ?? ''}`;
        systems[s.id].failures.push(`round ${round}: ${why}`);
        if (s.again) systems[s.again.id].failures.push(`round ${round}: ${why}`);
        progress(`  round ${round}/${rounds} ${s.id.padEnd(9)} FAILED (${why})`);
        continue;
      }
      systems[s.id].runs.push(first);
      progress(`  round ${round}/${rounds} ${s.id.padEnd(9)} ${show(first)}`);
      if (s.again) {
        systems[s.again.id].runs.push(second);
        progress(`  round ${round}/${rounds} ${'  2nd run'.padEnd(9)} ${show(second)}`);
      }
    }
  }
  return { systems };
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4]);
}
