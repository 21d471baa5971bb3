// Variants of wasipy.wasm side by side (a lever such as `wasm-opt -Oz`, measured
// before and after): bytes (raw, gzip -6, brotli 11), Chromium cold and warm
// start on the playground (dist/ with only wasipy.wasm swapped), the first
// import there, and the CPU suite under wasmtime and V8 (Node), systems
// interleaved round by round, each run a fresh process or browser profile.
//
//   node bench/wasm-ab.mjs NAME=variant.wasm [NAME=variant.wasm ...]
//
// The shipped module (dist/wasipy.wasm, which `npm run build` copies from
// target/wasipy/) is the baseline. BENCH_ROUNDS=N sets the rounds (default 3).
// Prints markdown tables for bench/levers.md. Not a test.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { paths, run, wasmtimeArgs } from './env.mjs';
import { startServer } from './server.mjs';
import { PRINT, runBrowserBench } from './browser.mjs';
import { sizesOf } from './sizes.mjs';
import { stat, cpuSummary } from './report.mjs';

const self = fileURLToPath(import.meta.url);
const benchDir = fileURLToPath(new URL('.', import.meta.url));

// As a child: the CPU suite under V8 on one module, its first run after start-up (as bench/cpu.mjs).
if (process.argv[2] === '--v8-child') {
  const { PythonHost } = await import('../web/lib/python-host.js');
  const module = await WebAssembly.compile(readFileSync(process.argv[3]));
  const host = await PythonHost.create({ module, stdlib: new Uint8Array(readFileSync(paths.stdlib)) });
  for (const code of [readFileSync(paths.cpuSuite, 'utf8'), 'main()']) {
    const r = host.run(code, { display: false });
    if (r.status !== 'ok') throw new Error(`the suite failed: ${r.stderr}`);
    process.stdout.write(r.stdout);
  }
  process.exit(0);
}

const variants = process.argv.slice(2).map((arg) => {
  const [name, file] = arg.split('=');
  if (!name || !file) throw new Error(`${arg}: expected NAME=path/to/variant.wasm`);
  if (!existsSync(file)) throw new Error(`${file} (variant ${name}) does not exist`);
  return { name, file };
});
if (!variants.length) {
  console.error('usage: node bench/wasm-ab.mjs NAME=variant.wasm [NAME=variant.wasm ...]');
  process.exit(2);
}
const shipped = join(paths.dist, 'wasipy.wasm');
if (!existsSync(shipped)) throw new Error(`${shipped} is missing: run \`npm run build\` first`);
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const modules = [{ name: 'shipped', file: shipped }, ...variants];
const b64url = (s) => Buffer.from(s, 'utf8').toString('base64url');
const log = (m) => console.error(m);

// A copy of dist/ per module with its wasipy.wasm (the server ignores `?v=`, the page's version key).
const scratch = mkdtempSync(join(tmpdir(), 'wasipy-wasm-ab-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
const mounts = { '/pages/': paths.pages };
for (const m of modules) {
  const dir = join(scratch, m.name);
  cpSync(paths.dist, dir, { recursive: true });
  cpSync(m.file, join(dir, 'wasipy.wasm'));
  for (const ext of ['.br', '.gz']) rmSync(join(dir, `wasipy.wasm${ext}`), { force: true });
  mounts[`/${m.name}/`] = dir;
  m.sizes = sizesOf(m.file);
}

const server = await startServer(mounts);
server.warm();
const systems = modules.map((m) => ({ id: m.name, kind: 'wasipy', label: m.name, path: `/${m.name}/index.html#code=${b64url(PRINT)}`, autoClick: true }));
const browser = await runBrowserBench({ server, rounds, latencyRuns: 10, progress: log, systems });
await server.close();

// CPU: wasmtime and V8 per module, interleaved; native CPython for the ratios.
const cpu = { systems: { native: { label: 'native', runs: [], failures: [] } } };
for (const m of modules) for (const host of ['wasmtime', 'V8']) cpu.systems[`${m.name} ${host}`] = { label: `${m.name}, ${host}`, runs: [], failures: [] };
const last = (out) => {
  try {
    return JSON.parse(out.trim().split('\n').at(-1));
  } catch {
    return null;
  }
};
for (let i = 0; i < rounds; i++) {
  const jobs = [['native', paths.nativePython, [paths.cpuSuite]]];
  for (const m of modules) {
    jobs.push([`${m.name} wasmtime`, paths.wasmtime, [...wasmtimeArgs(), '--dir', `${benchDir}::/bench`, m.file, '/bench/cpu_suite.py']]);
    jobs.push([`${m.name} V8`, process.execPath, [self, '--v8-child', m.file]]);
  }
  for (const [id, cmd, args] of i % 2 ? jobs.reverse() : jobs) {
    const r = await run(cmd, args, { timeoutMs: 300_000 });
    const value = r.code === 0 ? last(r.stdout) : null;
    if (value) cpu.systems[id].runs.push(value);
    else cpu.systems[id].failures.push(`round ${i + 1}: exit ${r.code}: ${r.stderr.trim().split('\n').at(-1)}`);
  }
  log(`CPU round ${i + 1}/${rounds} done`);
}
const cpuS = cpuSummary(cpu);

const mb = (x) => `${(x / 1e6).toFixed(2)} MB`;
const msS = (s) => (s ? `${Math.round(s.median)} ms (${Math.round(s.min)}–${Math.round(s.max)})` : 'n/a');
const geo = (id) => {
  const s = cpuS.systems[id];
  return s?.geomean ? `${s.geomean.toFixed(2)}× (${s.geoRange.min.toFixed(2)}–${s.geoRange.max.toFixed(2)})` : `n/a${s?.failures.length ? ` (${s.failures[0]})` : ''}`;
};
console.log(`| module | raw | gzip -6 | brotli 11 | Chromium cold → first output | warm | first import (Chromium) | CPU geomean, wasmtime | CPU geomean, V8 |`);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const m of modules) {
  const r = browser.systems[m.name];
  const failures = r.failures.length ? ` (failed: ${r.failures[0]})` : '';
  console.log(`| ${m.name}${failures} | ${mb(m.sizes.raw)} | ${mb(m.sizes.gzip)} | ${mb(m.sizes.brotli)} | ${msS(stat(r.cold.map((x) => x.toOutputMs)))} | ${msS(stat(r.warm.map((x) => x.toOutputMs)))} | `
    + `${msS(stat(r.extras.map((x) => x.importMs)))} | ${geo(`${m.name} wasmtime`)} | ${geo(`${m.name} V8`)} |`);
}
console.log(`\n${rounds} rounds; medians (min–max); CPU: geometric mean of the six kernels' ratios to native CPython 3.13 (spread of the per-run means).`);
