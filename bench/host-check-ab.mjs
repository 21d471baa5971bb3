// What the interpreter's host check costs (scripts/patches/cpython-wasi-host-check.patch:
// a sched_yield() every 1000 eval-breaker checks): the CPU suite on the shipped
// module and on a module built without the patch, in alternating fresh
// processes, under wasmtime and under V8 (Node, through web/lib/python-host.js,
// whose sched_yield is a JavaScript function as in the browser).
//
//   node bench/host-check-ab.mjs BASELINE.wasm [rounds]
//
// BASELINE.wasm: build one with the patch file removed (scripts/wasi-python.sh
// with its own WASIPY_DEPS, then `cargo build`). Prints per-kernel medians and
// the geometric mean of the ratios (patched / baseline). Not a test.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { paths, wasmtimeArgs } from './env.mjs';

const [baseline, roundsArg, child] = process.argv.slice(2);
const self = fileURLToPath(import.meta.url);

if (child === '--v8') {
  const { PythonHost } = await import('../web/lib/python-host.js');
  const module = await WebAssembly.compile(readFileSync(baseline));
  const host = await PythonHost.create({ module, stdlib: new Uint8Array(readFileSync(paths.stdlib)) });
  // A first run lets V8 tier up (see bench/cpu.mjs); the second is measured.
  for (const code of [readFileSync(paths.cpuSuite, 'utf8'), 'main()', 'main()']) {
    const r = host.run(code, { display: false });
    if (r.status !== 'ok') throw new Error(r.stderr);
    if (code === 'main()') process.stdout.write(r.stdout);
  }
  process.exit(0);
}

if (!baseline) {
  console.error('usage: node bench/host-check-ab.mjs BASELINE.wasm [rounds]');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 5);
const modules = { patched: paths.wasm, baseline };
const runs = { wasmtime: { patched: [], baseline: [] }, v8: { patched: [], baseline: [] } };
const lastJson = (out) => JSON.parse(out.trim().split('\n').at(-1));

for (let i = 0; i < rounds; i++) {
  const order = i % 2 ? Object.entries(modules).reverse() : Object.entries(modules);
  for (const [name, wasm] of order) {
    const suiteDir = fileURLToPath(new URL('.', import.meta.url));
    runs.wasmtime[name].push(lastJson(execFileSync(paths.wasmtime, [...wasmtimeArgs(), '--dir', `${suiteDir}::/bench`, wasm, '/bench/cpu_suite.py'], { encoding: 'utf8' })));
    runs.v8[name].push(lastJson(execFileSync(process.execPath, [self, wasm, '1', '--v8'], { encoding: 'utf8' })));
  }
  console.error(`round ${i + 1}/${rounds} done`);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [host, byModule] of Object.entries(runs)) {
  const kernels = Object.keys(byModule.patched[0]);
  let logSum = 0;
  console.log(`\n${host}: median seconds over ${rounds} processes each`);
  console.log('| kernel | without the check | with it | ratio |\n| --- | --- | --- | --- |');
  for (const k of kernels) {
    const a = median(byModule.baseline.map((r) => r[k]));
    const b = median(byModule.patched.map((r) => r[k]));
    logSum += Math.log(b / a);
    console.log(`| ${k} | ${a.toFixed(3)} | ${b.toFixed(3)} | ${(b / a).toFixed(3)} |`);
  }
  console.log(`| geometric mean | | | ${Math.exp(logSum / kernels.length).toFixed(3)} |`);
}
