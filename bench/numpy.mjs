// numpy outside the browser: `import numpy` in a fresh process, and the numpy
// kernels (bench/numpy_suite.py), on wasipy's numpy module (make build-numpy)
// under wasmtime (the `wasipy` command of target/wasipy-numpy, as a person runs
// it) and under V8 (web/lib/python-host.js in Node, the module and stdlib zip
// the numpy tests use), beside native CPython 3.13 with numpy's own wheel of
// the same version (bench/numpy-requirements.txt, hash-checked, installed
// into target/deps/bench-numpy). The browser's numpy figures come from
// browser.mjs (its wasipyNumpy system). Systems interleaved round by round.
//
// As a child (`node bench/numpy.mjs --child import|suite`) it runs under V8.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bench, lastJson, paths, root, run } from './env.mjs';

const self = fileURLToPath(import.meta.url);
const flavour = join(root, 'target/wasipy-numpy');
const launcher = join(flavour, 'bin/wasipy');
const nativeNumpy = join(root, 'target/deps/bench-numpy');
const requirements = join(bench, 'numpy-requirements.txt');
const suite = join(bench, 'numpy_suite.py');
// Timed inside Python: the import statement only, not the process's start.
const IMPORT = 'import time\ns = time.perf_counter()\nimport numpy\nprint((time.perf_counter() - s) * 1000)';

/** numpy's native wheel, installed once per version of the requirements file. */
function ensureNativeNumpy() {
  const stamp = join(nativeNumpy, '.requirements-sha256');
  const want = createHash('sha256').update(readFileSync(requirements)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  rmSync(nativeNumpy, { recursive: true, force: true });
  execFileSync(paths.nativePython, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--root-user-action=ignore',
    '--no-deps', '--only-binary=:all:', '--require-hashes', '--target', nativeNumpy, '-r', requirements], { stdio: ['ignore', 'inherit', 'inherit'] });
  writeFileSync(stamp, want);
}

const systems = () => [
  { id: 'native', label: 'CPython 3.13.5 native, numpy’s wheel', cmd: paths.nativePython, env: { PYTHONPATH: nativeNumpy }, import: ['-c', IMPORT], suite: [suite] },
  // The launcher maps the working directory (bench/): the suite is opened from there.
  { id: 'wasmtime', label: 'wasipy numpy module, wasmtime', cmd: launcher, env: { PATH: `${join(root, 'target/deps/bin')}:${process.env.PATH}` }, import: ['-c', IMPORT], suite: ['numpy_suite.py'] },
  { id: 'v8', label: 'wasipy numpy module, V8 (Node)', cmd: process.execPath, env: {}, import: [self, '--child', 'import'], suite: [self, '--child', 'suite'] },
];

const lastNumber = (text) => Number(text.trim().split('\n').at(-1));

/** `rounds` fresh processes per system for each measure; returns {import: {id: {label, ms, failures}}, cpu: {systems: {id: {label, runs, failures}}}}. */
export async function runNumpy({ rounds, progress = console.log }) {
  if (!existsSync(launcher)) throw new Error(`${launcher} is missing: run \`make build-numpy\``);
  ensureNativeNumpy();
  const list = systems();
  const imports = Object.fromEntries(list.map((s) => [s.id, { label: s.label, ms: [], failures: [] }]));
  const cpu = Object.fromEntries(list.map((s) => [s.id, { label: s.label, runs: [], failures: [] }]));
  for (let round = 1; round <= rounds; round++) {
    for (const s of list) {
      const opts = { timeoutMs: 300_000, cwd: bench, env: { ...process.env, ...s.env } };
      const i = await run(s.cmd, s.import, opts);
      const ms = lastNumber(i.stdout);
      if (i.code !== 0 || !Number.isFinite(ms)) imports[s.id].failures.push(`round ${round}: exit ${i.code}: ${i.stderr.trim().split('\n').at(-1)}`);
      else imports[s.id].ms.push(ms);
      const c = await run(s.cmd, s.suite, opts);
      const times = lastJson(c.stdout);
      if (c.code !== 0 || !times) cpu[s.id].failures.push(`round ${round}: exit ${c.code}: ${c.stderr.trim().split('\n').at(-1)}`);
      else cpu[s.id].runs.push(times);
      progress(`  round ${round}/${rounds} ${s.id.padEnd(8)} import numpy ${Number.isFinite(ms) ? ms.toFixed(1) : 'FAILED'} ms, kernels ${times ? `${Object.values(times).reduce((a, b) => a + b, 0).toFixed(2)} s` : 'FAILED'}`);
    }
  }
  return { imports, cpu: { systems: cpu } };
}

/** Under V8: the numpy module and its stdlib zip through python-host.js, as numpy-packages.test.mjs starts them. */
async function child(what) {
  const { PythonHost } = await import('../web/lib/python-host.js');
  const module = await WebAssembly.compile(readFileSync(join(flavour, 'wasipy.wasm')));
  const stdlib = new Uint8Array(readFileSync(join(flavour, 'usr/local/lib/python313.zip')));
  const host = await PythonHost.create({ module, stdlib });
  await new Promise((resolve) => setImmediate(resolve)); // a later task, as a worker's run message is
  // The suite as a script: a run's code is __main__, so its own main() runs once.
  const r = host.run(what === 'import' ? IMPORT : readFileSync(suite, 'utf8'), { display: false });
  if (r.status !== 'ok') throw new Error(`${what} failed: ${r.stderr}`);
  process.stdout.write(r.stdout);
}

if (process.argv[2] === '--child') {
  await child(process.argv[3]);
}
