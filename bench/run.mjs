// `npm run bench`: every measurement of the benchmark in one run on this
// machine, then bench/RESULTS.md, bench/chart.svg and bench/results.json (the raw
// numbers). Each step fails on its own: a system that does not load gets a
// row saying so and the rest still runs. BENCH_ROUNDS=N sets the runs per figure.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { paths, source, bench, machine, sha256, takeSnapshot } from './env.mjs';
import { startServer } from './server.mjs';
import { runBrowserBench, SYSTEMS } from './browser.mjs';
import { runSlowLink, SLOW_LINK } from './slow-link.mjs';
import { runNodeBreakdown } from './node-breakdown.mjs';
import { runFirstImport, IMPORTS } from './first-import.mjs';
import { runCpu } from './cpu.mjs';
import { runWasmtimeStart } from './wasmtime-start.mjs';
import { runInstallBench } from './install-time.mjs';
import { runNumpy } from './numpy.mjs';
import { fileSizes, sizesOf } from './sizes.mjs';
import { buildReport } from './report.mjs';
import { run, lastJson } from './env.mjs';

const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
const started = Date.now();
const clock = () => {
  const s = Math.round((Date.now() - started) / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};
const log = (msg) => console.log(`[${clock()}] ${msg}`);
const STEPS = 9;
let stepNo = 0;

/** Runs one step; on failure logs it and returns `fallback`, so the later steps still run. */
async function step(title, fn, fallback) {
  stepNo += 1;
  log(`step ${stepNo}/${STEPS}: ${title}`);
  const t = Date.now();
  try {
    const value = await fn();
    log(`  done in ${((Date.now() - t) / 1000).toFixed(0)} s`);
    return value;
  } catch (e) {
    log(`  FAILED: ${e?.stack ?? e}`);
    return fallback;
  }
}

const data = {
  startedAt: new Date(started).toISOString().replace(/\.\d+Z$/, 'Z'),
  rounds: ROUNDS,
  imports_list: IMPORTS,
  load: { start: loadavg() },
  machine: machine(),
};
log(`wasipy benchmark, ${ROUNDS} runs per figure, on ${data.machine.cpu} (${data.machine.cores} cores)`);
if (data.load.start[0] > 1) log(`  note: load average ${data.load.start[0].toFixed(2)}: other work is running, results will be noisier`);

// Node and wasmtime use a copy of target/wasipy taken now, so that a rebuild during the run changes nothing.
const removeSnapshot = await takeSnapshot();
process.on('exit', removeSnapshot);
process.on('SIGINT', () => process.exit(130)); // 'exit' then removes the copy
for (const [what, file] of [['the stdlib archive (make build)', paths.stdlib], ['dist/ (npm run build)', join(paths.dist, 'index.html')],
  ['dist/wasipy.wasm (npm run build)', join(paths.dist, 'wasipy.wasm')], ['Pyodide (npm install)', join(paths.pyodide, 'pyodide.mjs')],
  ['Pyodide 314 (npm install)', join(paths.pyodide314, 'pyodide.mjs')],
  ['MicroPython (npm install)', join(paths.micropython, 'micropython.mjs')]]) {
  if (!existsSync(file)) log(`  missing: ${what}: ${file}; the rows that need it will say so`);
}
// Node and wasmtime run target/wasipy's module, Chromium runs dist/'s (the built site): say if they differ.
const describe = (file) => {
  if (!existsSync(file)) return null;
  const st = statSync(file);
  return { sha256: sha256(file), bytes: st.size, mtime: st.mtime.toISOString().replace(/\.\d+Z$/, 'Z') };
};
data.wasm = {
  target: describe(paths.wasm),
  dist: describe(join(paths.dist, 'wasipy.wasm')),
  stdlibTarget: describe(paths.stdlib),
  stdlibDist: describe(join(paths.dist, 'python313.zip')),
};
data.wasm.same = data.wasm.target?.sha256 === data.wasm.dist?.sha256 && data.wasm.stdlibTarget?.sha256 === data.wasm.stdlibDist?.sha256;
if (!data.wasm.same) log('  note: dist/ (Chromium) and target/wasipy (Node, wasmtime) hold different builds; `npm run build` makes them the same');

// 8. Sizes first: brotli 11 is slow (cached afterwards) and must not overlap a timed step.
data.sizes = await step('sizes: raw, gzip -6, brotli 11 (~1 min the first time, cached after)', () => {
  const rows = fileSizes(paths, (m) => log(m));
  // embed.js's static imports (the shared chunk) load with it.
  const embed = join(paths.dist, 'embed.js');
  if (existsSync(embed)) {
    const chunks = [...readFileSync(embed, 'utf8').matchAll(/from\s*"\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    const all = [embed, ...chunks.map((c) => join(paths.dist, c))].filter(existsSync).map(sizesOf);
    data.embedChunk = {
      files: chunks,
      raw: all.reduce((a, f) => a + f.raw, 0),
      gzip: all.reduce((a, f) => a + f.gzip, 0),
      brotli: all.reduce((a, f) => a + f.brotli, 0),
    };
  }
  // The module Node and wasmtime run, when it is not the one in dist/.
  if (!data.wasm.same) {
    for (const f of [paths.wasm, paths.stdlib]) {
      if (existsSync(f)) rows.push({ system: 'wasipy (target/wasipy: Node, wasmtime)', ...sizesOf(f) });
    }
  }
  return rows;
}, []);

// 1, 2, 4, 5 (browser part), 7 (browser part)
const emptyBrowser = { chromium: null, systems: {} };
data.bytes = {};
const browserMounts = {
  '/wasipy/': paths.dist,
  '/pyodide/': paths.pyodide,
  '/pyodide-314/': paths.pyodide314,
  '/micropython/': paths.micropython,
  '/pages/': paths.pages,
};
data.browser = await step(`Chromium: cold and warm start, bytes, print(1) latency, first import (${ROUNDS} rounds × 5 systems)`, async () => {
  const server = await startServer(browserMounts);
  try {
    server.warm();
    const result = await runBrowserBench({ server, rounds: ROUNDS, progress: log });
    // The brotli column: the same files as the first cold run fetched, compressed with brotli 11.
    for (const [id, s] of Object.entries(result.systems)) {
      const first = s.cold[0];
      if (!first) continue;
      const files = first.served.filter((r) => r.status === 200).map((r) => {
        const file = server.resolve(r.path);
        return { path: r.path.split('/').pop(), gzip: r.bytes, brotli: file ? sizesOf(file).brotli : 0 };
      });
      data.bytes[id] = { files, brotli: files.reduce((a, f) => a + f.brotli, 0) };
    }
    return result;
  } finally {
    await server.close();
  }
}, emptyBrowser);

// 1b. The same cold starts on a slower link: wasipy, the newest Pyodide, MicroPython.
const SLOW_ROUNDS = Math.min(ROUNDS, 3);
data.slowLink = await step(`Chromium on an emulated ${SLOW_LINK.mbps} Mbit/s link with ${SLOW_LINK.rtt} ms round trips: cold start, wasipy's rare modules (${SLOW_ROUNDS} rounds × 3 systems)`, async () => {
  const server = await startServer(browserMounts);
  try {
    server.warm();
    const systems = SYSTEMS.filter((s) => ['wasipy', 'micropython'].includes(s.id) || s.newest).map((s) => ({ ...s, rare: s.id === 'wasipy' }));
    return await runSlowLink({ server, systems, rounds: SLOW_ROUNDS, progress: log });
  } finally {
    await server.close();
  }
}, null);

// 3. wasipy's start in Node, phase by phase; also 5 and 7 under Node.
data.node = await step(`wasipy's start phase by phase in Node (${ROUNDS} fresh processes)`,
  () => runNodeBreakdown({ rounds: ROUNDS, progress: log }), { runs: [], failures: ['the step failed'] });

// 5. First import outside the browser.
data.imports = await step(`first import under wasmtime, native CPython 3.13, host python3 (${ROUNDS} fresh processes each)`,
  () => runFirstImport({ rounds: ROUNDS, progress: log }), {});

// 3b. `wasipy -c pass` under wasmtime: no cache, its cache, a .cwasm; native python3.13 beside.
data.wasmtimeStart = await step(`\`-c pass\` under wasmtime (no cache, cache, .cwasm) and native python3.13 (${ROUNDS} rounds)`,
  () => runWasmtimeStart({ rounds: ROUNDS, progress: log }), { systems: {} });

// 6. CPU suite.
data.cpu = await step(`CPU suite on 6 systems (${ROUNDS} rounds; ~5 min)`, async () => {
  const cpu = await runCpu({ rounds: ROUNDS, progress: log });
  for (const [key, pkg, id] of [['pyodidePython', 'pyodide', 'pyodide'], ['pyodide314Python', 'pyodide-314', 'pyodide314']]) {
    const v = await run(process.execPath, [join(bench, 'cpu.mjs'), '--child', 'pyodide-version', pkg], { timeoutMs: 60_000 });
    cpu[key] = lastJson(v.stdout)?.python ?? data.browser.systems[id]?.version ?? null;
  }
  return cpu;
}, { systems: {} });

// 10. numpy outside the browser: import numpy and numpy kernels, wasipy's numpy module beside native numpy.
data.numpy = await step(`numpy: import numpy and its kernels under wasmtime, V8 and native CPython with numpy's wheel (${ROUNDS} rounds)`,
  () => runNumpy({ rounds: ROUNDS, progress: log }), null);

// 9. Installing a package (rich and its three dependencies) in the playground, from the local test index.
data.install = await step(`installing rich in the playground: cold and warm Cache API (${Math.min(ROUNDS, 3)} rounds)`,
  () => runInstallBench({ rounds: Math.min(ROUNDS, 3) }), null);

data.load.end = loadavg();
data.durationMs = Date.now() - started;
data.wasm.targetAtEnd = existsSync(source.wasm) ? sha256(source.wasm) : null;
if (data.wasm.targetAtEnd !== data.wasm.target?.sha256) log('  note: target/wasipy/wasipy.wasm was rebuilt during the run; the benchmark used the copy taken at its start');

const leversFile = join(bench, 'levers.md');
const report = buildReport(data, existsSync(leversFile) ? readFileSync(leversFile, 'utf8') : '');
writeFileSync(join(bench, 'RESULTS.md'), report.markdown);
writeFileSync(join(bench, 'chart.svg'), report.svg);
writeFileSync(join(bench, 'results.json'), `${JSON.stringify(data, null, 1)}\n`);
console.log(`\n${report.stdout}\n`);
log(`wrote bench/RESULTS.md, bench/chart.svg, bench/results.json in ${(data.durationMs / 60000).toFixed(1)} min`);
