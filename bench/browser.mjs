// Browser part of the benchmark, in Debian's headless Chromium driven by
// playwright-core (launched as web/test/browser/harness.mjs does):
//   - cold start: a fresh profile (empty HTTP cache) per run, navigation start ->
//     "Printing from Python!" in #output, and navigation start -> ready;
//   - warm start: a second tab in the same profile (HTTP cache filled);
//   - bytes on the wire until the first output (playwright's request sizes,
//     cross-checked with the server's own log);
//   - wasipy's start phases from Resource Timing and a few hooks (below);
//   - first import of a set of stdlib modules, memory, and print(1) round trips.
// Systems are interleaved round by round so that drift of the machine hits all alike.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ensureChromium } from '../web/test/browser/harness.mjs';
import { paths, pkgVersion } from './env.mjs';

export const CHROMIUM = '/usr/bin/chromium';
export const LAUNCH = {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
  viewport: { width: 1280, height: 800 },
};

export const PRINT = "print('Printing from Python!')";
// A playground link whose code declares numpy: the page loads the numpy module (dist/flavours/numpy/).
export const NUMPY_PRINT = `# /// script\n# dependencies = ["numpy"]\n# ///\nimport numpy\nprint('Printing from Python!', numpy.__version__)`;
// The first use of C modules in wasipy-rare.wasm (web/lib/rare-code.js), run right after the first output.
export const RARE_CODE = "import sqlite3, unicodedata\nsqlite3.connect(':memory:').execute('select 1').fetchone()\nunicodedata.name('é')";
export const IMPORTS = 'json, re, decimal, datetime, random, collections, dataclasses, statistics';
// The import is timed inside Python; the value of the last expression is the milliseconds.
export const IMPORT_CODE = `import time as _bench_t\n_bench_s = _bench_t.perf_counter()\nimport ${IMPORTS}\n(_bench_t.perf_counter() - _bench_s) * 1000`;
const TIMEOUT = 60_000;
const GIVE_UP_AFTER = 2; // failed rounds in a row after which a system is skipped (keeps the run short)

/** Chromium's own network emulation (DevTools) for `page`: a link of `mbps` Mbit/s with `rtt` ms round trips. */
export async function emulateLink(context, page, { mbps, rtt }) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: rtt, downloadThroughput: mbps * 125_000, uploadThroughput: mbps * 125_000 });
}

const b64url = (s) => Buffer.from(s, 'utf8').toString('base64url');

/**
 * The systems measured in the browser; `autoClick`: the page needs a Run click once ready;
 * `kind`: which page hooks apply (both Pyodide releases share one page and its hooks).
 * Goals are set against the newest Pyodide (`newest: true`).
 */
export const SYSTEMS = [
  { id: 'wasipy', kind: 'wasipy', label: 'wasipy (playground)', path: `/wasipy/index.html#code=${b64url(PRINT)}`, autoClick: true },
  { id: 'wasipyNumpy', kind: 'wasipy', label: 'wasipy + numpy (playground)', path: `/wasipy/index.html#code=${b64url(NUMPY_PRINT)}`, autoClick: true },
  { id: 'pyodide314', kind: 'pyodide', newest: true, label: `Pyodide ${pkgVersion(paths.pyodide314)}`, path: '/pages/pyodide.html?dist=pyodide-314' },
  { id: 'pyodide', kind: 'pyodide', label: `Pyodide ${pkgVersion(paths.pyodide)}`, path: '/pages/pyodide.html' },
  { id: 'micropython', kind: 'micropython', label: 'MicroPython', path: '/pages/micropython.html' },
];

/**
 * Runs in every page before its own scripts. Times are performance.now(), i.e.
 * milliseconds since the navigation started. Hooks (they only observe):
 *  - a MutationObserver notes data-ready and the first "Printing from Python!" in #output,
 *    and clicks #run at once when the page says it is ready (what a user would do, minus
 *    human reaction time);
 *  - WebAssembly.compileStreaming/instantiateStreaming are wrapped to note when compiling ends;
 *  - Worker is wrapped to note when the worker is created, when the page posts it {type:'init'}
 *    (the module and stdlib), and when it posts {type:'ready', initMs}.
 */
export function initScript({ autoClick }) {
  const marks = { ready: null, output: null, clicked: null, error: null, compiled: [], workerCreated: null, initPosted: null, workerReady: null, initMs: null };
  Object.defineProperty(window, '__bench', { value: marks });
  const TEXT = 'Printing from Python!';
  const check = () => {
    const body = document.body;
    if (!body) return;
    if (marks.ready === null && body.dataset.ready === 'true') {
      marks.ready = performance.now();
      if (autoClick) {
        document.getElementById('run').click();
        marks.clicked = performance.now();
      }
    }
    if (marks.output === null && document.getElementById('output')?.textContent.includes(TEXT)) {
      marks.output = performance.now();
    }
    if (marks.error === null && body.dataset.error) marks.error = body.dataset.error;
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-ready', 'data-error'] });
  // Linear memories of modules instantiated on the page (Pyodide, MicroPython), exported or imported.
  const memories = [];
  Object.defineProperty(window, '__benchMemories', { value: memories });
  const grab = (result, imports) => {
    try {
      const instance = result instanceof WebAssembly.Instance ? result : result?.instance;
      for (const v of Object.values(instance?.exports ?? {})) if (v instanceof WebAssembly.Memory) memories.push(v);
      // Only the usual place of an imported memory: walking the whole import object can
      // run Emscripten's getters.
      if (imports?.env?.memory instanceof WebAssembly.Memory) memories.push(imports.env.memory);
    } catch { /* an observer must never break the page */ }
    return result;
  };
  for (const name of ['compileStreaming', 'instantiateStreaming', 'instantiate']) {
    const original = WebAssembly[name];
    if (!original) continue;
    WebAssembly[name] = function (...args) {
      const started = performance.now();
      return original.apply(this, args).then((r) => {
        marks.compiled.push({ name, started, ended: performance.now() });
        return name === 'compileStreaming' ? r : grab(r, args[1]);
      });
    };
  }
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(...args) {
      super(...args);
      marks.workerCreated ??= performance.now();
      this.addEventListener('message', (e) => {
        if (e.data?.type === 'ready' && marks.workerReady === null) {
          marks.workerReady = performance.now();
          marks.initMs = e.data.initMs;
        }
      });
    }

    // The page hands the worker the compiled module and the stdlib (the playground's
    // head makes the worker long before: its creation is not when its work starts).
    postMessage(message, ...rest) {
      if (message?.type === 'init') marks.initPosted ??= performance.now();
      return super.postMessage(message, ...rest);
    }
  };
}

/** Waits for the first output (or the page's error) and returns what the page noted. */
async function collect(page) {
  await page.waitForFunction(() => window.__bench && (window.__bench.output !== null || window.__bench.error !== null),
    null, { timeout: TIMEOUT, polling: 100 });
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      marks: { ...window.__bench },
      timeOrigin: performance.timeOrigin,
      domContentLoaded: nav?.domContentLoadedEventEnd ?? null,
      resources: performance.getEntriesByType('resource').map((r) => ({
        name: new URL(r.name).pathname, start: r.startTime, responseStart: r.responseStart,
        end: r.responseEnd, transfer: r.transferSize, encoded: r.encodedBodySize, decoded: r.decodedBodySize,
      })),
    };
  });
}

/** Counts the body bytes of every response of a context, as Chromium reports them. */
function watchNetwork(context) {
  const pending = [];
  const onFinished = (request) => {
    pending.push((async () => {
      const sizes = await request.sizes().catch(() => null);
      const response = await request.response().catch(() => null);
      return { url: new URL(request.url()).pathname, status: response?.status() ?? 0, bytes: sizes?.responseBodySize ?? 0, at: Date.now() };
    })());
  };
  context.on('requestfinished', onFinished);
  return {
    async take() {
      const all = await Promise.all(pending.splice(0));
      return all;
    },
    stop: () => context.off('requestfinished', onFinished),
  };
}

/** One page load in `context`: navigation -> first output, bytes, and the page's marks. */
async function loadOnce(context, server, system) {
  const net = watchNetwork(context);
  const logFrom = server.log.length;
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`  [${system.id} page error] ${e.message}`));
  await page.goto(server.url + system.path, { waitUntil: 'commit', timeout: TIMEOUT });
  const seen = await collect(page);
  if (seen.marks.error) throw new Error(`${system.id}: the page reported: ${seen.marks.error}`);
  // Let the network settle so that every response before the output has been reported.
  await page.waitForTimeout(300);
  const outputAt = seen.timeOrigin + seen.marks.output;
  // Only what came before the first output counts (wasipy fetches wasipy-rare.wasm after it).
  const requests = await net.take();
  net.stop();
  const served = server.log.slice(logFrom).filter((r) => r.received <= outputAt);
  return {
    page,
    run: {
      toOutputMs: seen.marks.output,
      toReadyMs: seen.marks.ready,
      clickToOutputMs: seen.marks.clicked === null ? null : seen.marks.output - seen.marks.clicked,
      domContentLoadedMs: seen.domContentLoaded,
      marks: seen.marks,
      resources: seen.resources,
      // Chromium reports -1 for a body taken from the HTTP cache: nothing on the wire.
      chromiumBytes: requests.reduce((a, r) => a + Math.max(0, r.bytes), 0),
      chromiumRequests: requests.map((r) => ({ path: r.url, status: r.status, bytes: Math.max(0, r.bytes) })),
      servedBytes: served.reduce((a, r) => a + r.bytes, 0),
      served: served.map((r) => ({ path: r.path, status: r.status, bytes: r.bytes })),
    },
  };
}

/** After the cold run, on the same page: memory, first import, print(1) round trips. */
async function extras(page, system, { latencyRuns }) {
  if (system.kind === 'wasipy') {
    return page.evaluate(async ({ IMPORT_CODE, RARE_CODE, latencyRuns }) => {
      const s = window.wasipy.session;
      // At once after the first output: wasipy-rare.wasm may still be on its way, and this run waits for it.
      const rareStarted = performance.now();
      const rare = await s.run(RARE_CODE);
      if (rare.status !== 'ok') throw new Error(`the rare C modules failed: ${rare.stderr || rare.error}`);
      const rareFirstUseMs = performance.now() - rareStarted;
      const afterInit = (await s.run('pass')).memoryBytes;
      const imp = await s.run(IMPORT_CODE);
      if (imp.status !== 'ok') throw new Error(`import failed: ${imp.stderr}`);
      const afterImport = imp.memoryBytes;
      for (let i = 0; i < 10; i++) await s.run('print(1)'); // warm-up, not counted
      const times = [];
      for (let i = 0; i < latencyRuns; i++) {
        const t = performance.now();
        await s.run('print(1)');
        times.push(performance.now() - t);
      }
      return { rareFirstUseMs, memoryAfterInit: afterInit, importMs: Number(imp.value), memoryAfterImport: afterImport, latency: times };
    }, { IMPORT_CODE, RARE_CODE, latencyRuns });
  }
  // The largest linear memory the page instantiated (Pyodide and MicroPython have one each).
  if (system.kind === 'pyodide') {
    return page.evaluate(({ IMPORT_CODE }) => {
      const mem = () => Math.max(0, ...window.__benchMemories.map((m) => m.buffer.byteLength));
      const py = window.bench.pyodide;
      const afterInit = mem();
      const importMs = py.runPython(IMPORT_CODE);
      return { memoryAfterInit: afterInit, heap8AfterInit: py._module.HEAP8.length, importMs, memoryAfterImport: mem() };
    }, { IMPORT_CODE });
  }
  if (system.kind === 'micropython') {
    return page.evaluate(() => ({ memoryAfterInit: Math.max(0, ...window.__benchMemories.map((m) => m.buffer.byteLength)) }));
  }
  return {};
}

/** The Python version each system reports, read once from a loaded page. */
async function versionOf(page, system) {
  return page.evaluate(async (kind) => {
    if (kind === 'wasipy') return (await window.wasipy.session.run('import sys; sys.version.split()[0]')).value?.slice(1, -1);
    if (kind === 'pyodide') return window.bench.pyodide.runPython('import sys; sys.version.split()[0]');
    if (kind === 'micropython') {
      const mp = window.bench.mp;
      mp.runPython("import sys\n_bench_v = 'MicroPython ' + '.'.join(map(str, sys.implementation.version[:3])) + ' (Python ' + sys.version.split(';')[0] + ')'");
      return mp.globals.get('_bench_v');
    }
    return null;
  }, system.kind).catch(() => null);
}

/**
 * @param {object[]} [systems]  entries shaped like SYSTEMS' (bench/wasm-ab.mjs measures variants of the module)
 * @returns {Promise<{chromium: string, systems: Record<string, {cold: object[], warm: object[], extras: object[], failures: string[], version?: string}>}>}
 */
export async function runBrowserBench({ server, rounds, latencyRuns = 100, progress = console.log, systems = SYSTEMS }) {
  ensureChromium(); // installs Debian's chromium on a fresh machine, as the tests do
  const results = Object.fromEntries(systems.map((s) => [s.id, { label: s.label, newest: !!s.newest, cold: [], warm: [], extras: [], failures: [] }]));
  let version = null;
  for (let round = 1; round <= rounds; round++) {
    for (const system of systems) {
      const r = results[system.id];
      if (r.failures.length >= GIVE_UP_AFTER && !r.cold.length) {
        if (round === GIVE_UP_AFTER + 1) progress(`  ${system.id}: skipped from now on after ${GIVE_UP_AFTER} failed rounds`);
        continue;
      }
      const profile = mkdtempSync(join(tmpdir(), 'wasipy-bench-'));
      let context;
      try {
        context = await chromium.launchPersistentContext(profile, LAUNCH);
        version ??= context.browser()?.version() ?? null;
        await context.addInitScript(initScript, { autoClick: !!system.autoClick });
        // The launch opens a blank tab; closing it keeps one page alive at a time.
        for (const p of context.pages()) await p.close();

        const cold = await loadOnce(context, server, system);
        r.cold.push(cold.run);
        r.version ??= await versionOf(cold.page, system);
        r.extras.push(await extras(cold.page, system, { latencyRuns }));
        await cold.page.close();

        const warm = await loadOnce(context, server, system);
        r.warm.push(warm.run);
        await warm.page.close();
        progress(`  round ${round}/${rounds} ${system.id.padEnd(11)} cold ${fmt(cold.run.toOutputMs)} ms (ready ${fmt(cold.run.toReadyMs)}), `
          + `warm ${fmt(warm.run.toOutputMs)} ms, ${(cold.run.servedBytes / 1e6).toFixed(2)} MB on the wire`);
      } catch (e) {
        const message = String(e?.message ?? e).split('\n')[0];
        r.failures.push(`round ${round}: ${message}`);
        progress(`  round ${round}/${rounds} ${system.id}: FAILED: ${message}`);
      } finally {
        await context?.close().catch(() => {});
        rmSync(profile, { recursive: true, force: true });
      }
    }
  }
  return { chromium: version, systems: results };
}

const fmt = (ms) => (ms === null || ms === undefined ? '-' : Math.round(ms));
