// Turns the raw measurements of bench/run.mjs into bench/RESULTS.md (tables,
// goals, where each figure comes from) and bench/chart.svg (hand-made SVG:
// horizontal bars of cold start and bytes per system). Pure functions of the data.
// The numpy section is bench/report-numpy.mjs.

import { numpySection } from './report-numpy.mjs';

// ---- statistics and formatting --------------------------------------------

export function stat(values) {
  const xs = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (!xs.length) return null;
  const mid = xs.length >> 1;
  const median = xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  return { median, min: xs[0], max: xs.at(-1), n: xs.length };
}

export const geomean = (xs) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
export const int = (x) => Math.round(x).toLocaleString('en-US');
export const num = (x) => (Math.abs(x) < 10 ? x.toFixed(1) : int(x));
export const ms = (s) => (s ? `${num(s.median)} ms (${num(s.min)}–${num(s.max)})` : 'n/a');
const msShort = (s) => (s ? `${num(s.median)} ms` : 'n/a');
export const mb = (bytes) => (bytes === null || bytes === undefined ? 'n/a' : `${(bytes / 1e6).toFixed(2)} MB`);
const kb = (bytes) => (bytes < 100_000 ? `${(bytes / 1e3).toFixed(1)} kB` : mb(bytes));
const mbStat = (s) => (s ? (s.min === s.max ? mb(s.median) : `${mb(s.median)} (${mb(s.min)}–${mb(s.max)})`) : 'n/a');
export const ratio = (x) => (x === null || x === undefined ? 'n/a' : `${x.toFixed(2)}×`);

export function table(head, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

export const failed = (failures) => (failures?.length ? ` (failed: ${failures.length} run(s); ${failures[0]})` : '');

/** Section 9: cold and warm install times (bench/install-time.mjs). */
function installTable(install) {
  if (!install) return '\nThe step failed: see the log of the run.\n';
  return `\n${table(['cache', 'what happens', 'time', 'requests to the index and files'], [
    ['cold (fresh browser profile)', 'index pages, metadata and wheels fetched, then installed', ms(stat(install.cold)), String(install.requests.cold)],
    ['warm (a new visit, same profile)', 'wheels and the resolved plan from the Cache API, installed into a fresh interpreter', ms(stat(install.warm)), String(install.requests.warm)],
    ['again (a second Run, same session)', 'already installed: checked, then imported', ms(stat(install.again)), '0'],
  ])}\n`;
}

// ---- the numbers behind each table -----------------------------------------

/** Per browser system: the stats the tables and the chart use. */
export function browserSummary(browser, bytes) {
  const out = {};
  for (const [id, s] of Object.entries(browser.systems)) {
    out[id] = {
      id,
      label: s.label,
      newest: !!s.newest,
      version: s.version,
      failures: s.failures,
      cold: stat(s.cold.map((r) => r.toOutputMs)),
      coldReady: stat(s.cold.map((r) => r.toReadyMs)),
      warm: stat(s.warm.map((r) => r.toOutputMs)),
      warmReady: stat(s.warm.map((r) => r.toReadyMs)),
      clickToOutput: stat(s.cold.map((r) => r.clickToOutputMs)),
      wire: stat(s.cold.map((r) => r.servedBytes)),
      chromiumWire: stat(s.cold.map((r) => r.chromiumBytes)),
      warmWire: stat(s.warm.map((r) => r.servedBytes)),
      brotli: bytes[id]?.brotli ?? null,
      files: bytes[id]?.files ?? [],
      memoryAfterInit: stat(s.extras.map((e) => e.memoryAfterInit)),
      memoryAfterImport: stat(s.extras.map((e) => e.memoryAfterImport)),
      importMs: stat(s.extras.map((e) => e.importMs)),
      rareFirstUse: stat(s.extras.map((e) => e.rareFirstUseMs).filter((x) => x !== undefined)),
      // print(1): the median of each run's 100 round trips, then their spread over runs.
      latency: stat(s.extras.filter((e) => e.latency).map((e) => stat(e.latency).median)),
      latencyAll: stat(s.extras.flatMap((e) => e.latency ?? [])),
    };
  }
  return out;
}

/** CPU: per system, kernel medians, ratios to native 3.13, geomean (median and spread over runs). */
export function cpuSummary(cpu) {
  const native = cpu.systems.native;
  const kernels = Object.keys(native?.runs[0] ?? cpu.systems[Object.keys(cpu.systems).find((k) => cpu.systems[k].runs.length)]?.runs[0] ?? {});
  const base = Object.fromEntries(kernels.map((k) => [k, stat(native?.runs.map((r) => r[k]) ?? [])?.median]));
  const out = { kernels, systems: {} };
  for (const [id, s] of Object.entries(cpu.systems)) {
    const perKernel = Object.fromEntries(kernels.map((k) => {
      const st = stat(s.runs.map((r) => r[k]));
      return [k, { ...st, ratio: st && base[k] ? st.median / base[k] : null }];
    }));
    const ratios = kernels.map((k) => perKernel[k].ratio).filter((x) => x);
    const runGeo = s.runs.map((r) => geomean(kernels.map((k) => r[k] / base[k]))).filter(Number.isFinite);
    out.systems[id] = {
      label: s.label,
      version: s.version,
      failures: s.failures,
      n: s.runs.length,
      perKernel,
      geomean: ratios.length === kernels.length && kernels.length ? geomean(ratios) : null,
      geoRange: stat(runGeo),
    };
  }
  return out;
}

// ---- goals ------------------------------------------------------------------

/** compileStreaming's start → its module, on the page (ms); null where the page never called it. */
export const compileMs = (run) => {
  const c = run.marks.compiled.find((x) => x.name === 'compileStreaming');
  return c ? c.ended - c.started : null;
};

/** `{mbps, rtt}` in words. */
const linkName = (link) => (link ? `${link.mbps} Mbit/s link with ${link.rtt} ms round trips` : 'loopback');

/** Section 1b: cold starts over Chromium's emulated link (slow-link.mjs), and wasipy's rare modules after it. */
function slowLinkSection(slowLink) {
  if (!slowLink) return 'Not measured in this run (the step failed; its log line says why).';
  const failed = (list) => (list.length ? ` (${list.length} failed: ${list[0]})` : '');
  const rows = Object.values(slowLink.systems).map((r) => [r.label,
    r.output.length ? `${ms(stat(r.output))}${failed(r.failures)}` : `failed: ${r.failures[0] ?? '?'}`,
    r.rare.length ? `${ms(stat(r.rare))}${failed(r.rareFailures ?? [])}` : (r.rareFailures?.length ? `failed: ${r.rareFailures[0]}` : '')]);
  const n = slowLink.rounds;
  return `The same pages, cold (fresh profile), over Chromium's network emulation (DevTools \`Network.emulateNetworkConditions\`):
a ${linkName(slowLink.link)}, so the bytes of section 2 count. For wasipy, the first use of the C modules in
\`wasipy-rare.wasm\` right after the first output (as in section 1), which may wait for the rest's download.
${n} rounds, interleaved, medians (min–max).

${table(['system', 'cold: navigation → first output', 'then a rare C module’s first use'], rows)}`;
}

// Issue #12's CPU figures when it was opened: its goal is "no worse".
export const CPU_AT_ISSUE_12 = { wasmtime: 1.97, wasipyV8: 3.71 };

/**
 * Issue #12's table, row by row, then the earlier goals. The newest Pyodide
 * (`newest` in browser.mjs's SYSTEMS) is the reference, as #12 sets it.
 */
function goals({ b, cpuS, chromiumImport, wasmtimeStart, browser, slowLink }) {
  const w = b.wasipy;
  const p = Object.values(b).find((s) => s.newest) ?? b.pyodide;
  const m = b.micropython;
  const rows = [];
  const met = (ok) => (ok === null ? 'n/a' : ok ? '**met**' : '**not met**');
  const add = (goal, measured, ok) => rows.push([goal, measured, met(ok)]);
  const pct = (x) => `${(x * 100).toFixed(0)}%`;

  if (w?.wire && p?.wire) {
    const g = w.wire.median / p.wire.median;
    const br = w.brotli && p.brotli ? w.brotli / p.brotli : null;
    add(`bytes before the first output ≤ 40% of the newest Pyodide’s (${p.label}), gzip as served; brotli 11 reported too (#23)`,
      `gzip: ${mb(w.wire.median)} vs ${mb(p.wire.median)} = ${pct(g)}; brotli 11: ${mb(w.brotli)} vs ${mb(p.brotli)} = ${br === null ? 'n/a' : pct(br)}`,
      g <= 0.40);
  } else add('bytes before the first output ≤ 40% of the newest Pyodide’s', 'a system failed to load', null);

  if (w?.cold && p?.cold && m?.cold) {
    const limit = Math.min(p.cold.median / 8, 2.5 * m.cold.median);
    add(`cold start to first output (Chromium) ≤ 1/8 of the newest Pyodide’s and ≤ 2.5× MicroPython’s (#23)`,
      `wasipy ${msShort(w.cold)}; ${p.label} ${msShort(p.cold)}: 1/${(p.cold.median / w.cold.median).toFixed(1)}; MicroPython ${msShort(m.cold)}: ${ratio(w.cold.median / m.cold.median)} (needs ≤ ${num(limit)} ms)`,
      w.cold.median <= limit);
  } else add('cold start ≤ 1/8 of the newest Pyodide’s and ≤ 2.5× MicroPython’s', 'a system failed to load', null);

  const runs = browser.systems.wasipy;
  const coldCompile = stat(runs?.cold.map(compileMs) ?? []);
  const warmCompile = stat(runs?.warm.map(compileMs) ?? []);
  add('second visit (HTTP cache and compiled-code cache warm) ≤ 200 ms (Chromium; #23)',
    w?.warm ? `${msShort(w.warm)}; \`compileStreaming\` of wasipy.wasm: ${msShort(warmCompile)} warm vs ${msShort(coldCompile)} cold` : 'n/a',
    w?.warm ? w.warm.median <= 200 : null);
  add('a rare stdlib C module’s first use in the page, right after the first output (`import sqlite3, unicodedata`, a query, `unicodedata.name`: wasipy-rare.wasm fetched, compiled and linked if not yet there) ≤ 150 ms on loopback (#23)',
    `${w?.rareFirstUse ? msShort(w.rareFirstUse) : 'n/a'}${slowLink?.link ? `; on the emulated ${linkName(slowLink.link)}: ${msShort(stat(slowLink.systems.wasipy?.rare ?? []))} (section 1b)` : ''}`,
    w?.rareFirstUse ? w.rareFirstUse.median <= 150 : null);

  const ws = wasmtimeStart?.systems ?? {};
  const native = stat(ws.native?.ms ?? []);
  const cached = stat(ws.cache?.ms ?? []);
  const cwasm = stat(ws.precompiled?.ms ?? []);
  // Either of wasmtime's compiled-code caches counts: its cache directory or a precompiled .cwasm.
  const best = [cached, cwasm].filter(Boolean).sort((a, b) => a.median - b.median)[0];
  add('`wasipy -c pass` under wasmtime, compiled-code cache warm ≤ 3× native `python3.13 -c pass`',
    native && best ? `precompiled \`.cwasm\`: ${cwasm ? `${msShort(cwasm)} = ${ratio(cwasm.median / native.median)}` : 'n/a'}; \`-C cache=y\`: ${cached ? `${msShort(cached)} = ${ratio(cached.median / native.median)}` : 'n/a'}; native ${msShort(native)}` : 'n/a',
    native && best ? best.median <= 3 * native.median : null);

  add('linear memory after init ≤ 40 MB (wasipy in Chromium)', w?.memoryAfterInit ? mb(w.memoryAfterInit.median) : 'n/a',
    w?.memoryAfterInit ? w.memoryAfterInit.median <= 40e6 : null);

  const s = cpuS.systems;
  const wt = s.wasmtime?.geomean;
  const v8 = s.wasipyV8?.geomean;
  add(`CPU geomean vs native CPython 3.13 no worse than when #12 opened (wasmtime ${ratio(CPU_AT_ISSUE_12.wasmtime)}, V8 ${ratio(CPU_AT_ISSUE_12.wasipyV8)})`,
    `wasmtime ${ratio(wt)}, V8 ${ratio(v8)}`,
    // Compared as printed (2 decimals), as the figures of #12 were.
    wt && v8 ? Number(wt.toFixed(2)) <= CPU_AT_ISSUE_12.wasmtime && Number(v8.toFixed(2)) <= CPU_AT_ISSUE_12.wasipyV8 : null);

  const pyCpu = Object.entries(s).filter(([id]) => /^pyodide\w*V8$/.test(id)).map(([, x]) => `${x.label} ${ratio(x.geomean)}`).join(', ');
  add('CPU geomean ≤ 1.7× native under V8 and under wasmtime, and below the newest Pyodide’s in both (#23)',
    `V8 ${ratio(v8)}, wasmtime ${ratio(wt)}; ${pyCpu}`,
    v8 && wt ? v8 <= 1.7 && wt <= 1.7 && Object.entries(s).filter(([id]) => /^pyodide314V8$/.test(id)).every(([, x]) => !x.geomean || (v8 < x.geomean && wt < x.geomean)) : null);
  add('earlier goal: CPU geomean ≤ 1.6 under V8 and under wasmtime, and below every Pyodide’s',
    `V8 ${ratio(v8)}, wasmtime ${ratio(wt)}; ${pyCpu}`,
    v8 && wt ? v8 <= 1.6 && wt <= 1.6 && Object.entries(s).filter(([id]) => /^pyodide\w*V8$/.test(id)).every(([, x]) => !x.geomean || (v8 < x.geomean && wt < x.geomean)) : null);
  add('earlier goal: warm `print(1)` round trip ≤ 2 ms median (Chromium)', w?.latency ? `${w.latency.median.toFixed(2)} ms` : 'n/a',
    w?.latency ? w.latency.median <= 2 : null);
  add('earlier goal: first import ≤ 80 ms (wasipy in Chromium)', chromiumImport ? msShort(chromiumImport) : 'n/a',
    chromiumImport ? chromiumImport.median <= 80 : null);
  return rows;
}

// ---- wasipy's start, phase by phase ------------------------------------------

function chromiumPhases(runs, { wasm, stdlib }) {
  const res = (r, name) => r.resources.find((x) => x.name.endsWith(`/${name}`));
  const compileEnd = (r) => r.marks.compiled.find((c) => c.name === 'compileStreaming' || c.name === 'instantiateStreaming')?.ended;
  const rows = [
    ['HTML, JS and CSS loaded (DOMContentLoaded)', (r) => r.domContentLoadedMs, null],
    [`${wasm} download starts`, (r) => res(r, wasm)?.start, null],
    [`${wasm} downloaded`, (r) => res(r, wasm)?.end, (r) => res(r, wasm) && res(r, wasm).end - res(r, wasm).start],
    [`${stdlib} downloaded`, (r) => res(r, stdlib)?.end, (r) => res(r, stdlib) && res(r, stdlib).end - res(r, stdlib).start],
    ['wasm compiled (streaming, during the download; “takes” counts from the download’s start)', compileEnd, (r) => compileEnd(r) - res(r, wasm)?.start],
  ];
  if (runs.some((r) => r.marks.workerCreated !== null)) {
    rows.push(
      ['worker made (the playground’s head makes it while the module downloads)', (r) => r.marks.workerCreated, null],
      ['module and stdlib handed to the worker', (r) => r.marks.initPosted, null],
      ['worker ready: instantiate + Python init (`_start`) + version probe', (r) => r.marks.workerReady, (r) => (r.marks.initPosted === null ? null : r.marks.workerReady - r.marks.initPosted)],
      ['… of which Python init (`_start`, the worker’s `initMs`)', () => null, (r) => r.marks.initMs],
    );
  }
  rows.push(['page ready', (r) => r.toReadyMs, null]);
  if (runs.some((r) => r.clickToOutputMs !== null)) rows.push(['Run clicked → first output (run + print + back to the page)', () => null, (r) => r.clickToOutputMs]);
  rows.push(['first output', (r) => r.toOutputMs, null]);
  return rows.map(([label, at, dur]) => {
    const a = stat(runs.map(at));
    const d = dur ? stat(runs.map(dur)) : null;
    return [label, a ? ms(a) : '', d ? ms(d) : ''];
  });
}

const NODE_PHASES = [
  ['read wasipy.wasm from disk', 'readWasmMs'],
  ['read python313.zip from disk', 'readZipMs'],
  ['`WebAssembly.compile`', 'compileMs'],
  ['instantiate (`PythonHost.create` minus `initMs`)', 'instantiateMs'],
  ['Python init (`_start --host`, `initMs`)', 'initMs'],
  ['… zip central directory read (zipimport, inside Python, measured apart)', 'zipIndexMs'],
  ['first snippet `print(\'Printing from Python!\')`', 'firstRunMs'],
  ['total: reading the files → first output', 'totalToFirstOutputMs'],
];

// ---- the chart ----------------------------------------------------------------

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const COLORS = { wasipy: '#3b6fd8', wasipyNumpy: '#6f94e3', pyodide314: '#b35309', pyodide: '#e8a25a', micropython: '#7a7a7a' };

/** Horizontal bars: two panels (cold/warm start, bytes gzip/brotli) of the browser systems. */
export function chartSvg(b, { rounds, machineLine }) {
  const systems = Object.values(b);
  const W = 820;
  const labelW = 190;
  const barW = 510;
  const barH = 16;
  const font = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';
  const parts = [];
  let y = 34;
  parts.push(`<text x="20" y="${y}" ${font} font-size="18" font-weight="600" fill="#1f2328">wasipy vs Pyodide vs MicroPython in headless Chromium</text>`);
  y += 20;
  parts.push(`<text x="20" y="${y}" ${font} font-size="12" fill="#57606a">${esc(machineLine)} · median of ${rounds} runs, whiskers min–max</text>`);
  y += 14;

  const panel = (title, series, fmt) => {
    y += 26;
    parts.push(`<text x="20" y="${y}" ${font} font-size="14" font-weight="600" fill="#1f2328">${esc(title)}</text>`);
    // Legend: the series' shades, in the grey of no system in particular.
    y += 18;
    let lx = 20 + labelW;
    for (const k of series) {
      parts.push(`<rect x="${lx}" y="${y - 10}" width="12" height="12" rx="2" fill="#444c56" fill-opacity="${k.opacity}"/>`);
      parts.push(`<text x="${lx + 17}" y="${y}" ${font} font-size="12" fill="#57606a">${esc(k.name)}</text>`);
      lx += 17 + k.name.length * 6.6 + 22;
    }
    y += 2;
    const max = Math.max(...systems.flatMap((s) => series.map((k) => k.get(s)?.max ?? k.get(s)?.median ?? 0)), 1);
    const scale = barW / max;
    for (const s of systems) {
      const color = COLORS[s.id] ?? '#555';
      const top = y + 8;
      parts.push(`<text x="${20 + labelW - 10}" y="${top + series.length * (barH + 3) / 2 + 2}" ${font} font-size="13" text-anchor="end" fill="#1f2328">${esc(s.label)}</text>`);
      series.forEach((k, i) => {
        const v = k.get(s);
        const by = top + i * (barH + 3);
        if (!v) {
          parts.push(`<text x="${20 + labelW}" y="${by + barH - 4}" ${font} font-size="12" fill="#cf222e">${esc(k.name)}: failed</text>`);
          return;
        }
        const w = Math.max(1, v.median * scale);
        parts.push(`<rect x="${20 + labelW}" y="${by}" width="${w.toFixed(1)}" height="${barH}" rx="2" fill="${color}" fill-opacity="${k.opacity}"/>`);
        if (v.min !== undefined && v.max !== undefined && v.max > v.min) {
          const x1 = 20 + labelW + v.min * scale;
          const x2 = 20 + labelW + v.max * scale;
          const cy = by + barH / 2;
          parts.push(`<path d="M${x1.toFixed(1)} ${cy}H${x2.toFixed(1)}M${x1.toFixed(1)} ${cy - 4}V${cy + 4}M${x2.toFixed(1)} ${cy - 4}V${cy + 4}" stroke="#1f2328" stroke-width="1"/>`);
        }
        const tx = 20 + labelW + Math.max(w, (v.max ?? v.median) * scale) + 6;
        parts.push(`<text x="${tx.toFixed(1)}" y="${by + barH - 4}" ${font} font-size="12" fill="#1f2328">${esc(fmt(v.median))}</text>`);
      });
      y = top + series.length * (barH + 3) + 4;
    }
  };

  panel('Start to first output: navigation → “Printing from Python!” on the page', [
    { name: 'cold (empty HTTP cache)', opacity: 1, get: (s) => s.cold },
    { name: 'warm (second visit)', opacity: 0.45, get: (s) => s.warm },
  ], (v) => `${int(v)} ms`);
  panel('Bytes over the wire until the first output', [
    { name: 'gzip -6, as served', opacity: 1, get: (s) => (s.wire ? { median: s.wire.median } : null) },
    { name: 'brotli 11 of the same files', opacity: 0.45, get: (s) => (s.brotli ? { median: s.brotli } : null) },
  ], (v) => `${(v / 1e6).toFixed(2)} MB`);
  y += 16;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${y}" viewBox="0 0 ${W} ${y}" role="img" aria-label="Cold start and bytes per system">
<rect width="${W}" height="${y}" fill="#ffffff"/>
${parts.join('\n')}
</svg>
`;
}

// ---- RESULTS.md ---------------------------------------------------------------

/**
 * @param {string} [leversMarkdown]  bench/levers.md: measurements that need their own
 *   set-up, kept by hand with the command behind each table; carried into every report
 */
export function buildReport(data, leversMarkdown = '') {
  const { machine, rounds } = data;
  const levers = leversMarkdown.trim() ? `${leversMarkdown.trim()}\n\n` : '';
  const v = machine.versions;
  const b = browserSummary(data.browser, data.bytes);
  // Where Chromium's count differs from the server's, say which responses (first cold run of each system).
  const differ = Object.values(data.browser.systems).flatMap((s) => {
    const run0 = s.cold[0];
    if (!run0) return [];
    return run0.served.filter((x) => x.status === 200).flatMap((x) => {
      const seen = run0.chromiumRequests.find((c) => c.path === x.path);
      return seen && seen.bytes === x.bytes ? [] : [`\`${x.path}\` (server ${x.bytes} B, Chromium ${seen ? `${seen.bytes} B` : 'no event'})`];
    });
  });
  // Once per file: both playground rows load the same worker script.
  const chromiumNote = differ.length ? `; it differs from the server’s for ${[...new Set(differ)].join(', ')}` : ': it agrees with the server’s for every response';
  const cpuS = cpuSummary(data.cpu);
  const w = b.wasipy;
  // The stdlib archive the playground fetched before its first output (a boot set once the stdlib is fetched per module).
  const wasipyStdlib = ['python313-boot.zip', 'python313.zip'].find((f) => w?.files.some((x) => x.path === f)) ?? 'python313.zip';
  const machineLine = `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB`;

  const headline = table(
    ['system', 'Python', 'cold: navigation → first output', 'cold: navigation → ready', 'warm: → first output', 'bytes until first output (gzip -6, as served)', 'same files, brotli 11', 'linear memory after init'],
    Object.values(b).map((s) => [
      `${s.label}${failed(s.failures)}`, s.version ?? 'n/a', ms(s.cold), ms(s.coldReady), ms(s.warm),
      s.wire ? mb(s.wire.median) : 'n/a', s.brotli ? mb(s.brotli) : 'n/a', s.memoryAfterInit ? mb(s.memoryAfterInit.median) : 'n/a',
    ]),
  );

  const chromiumImport = w?.importMs;
  const goalRows = goals({ b, cpuS, chromiumImport, wasmtimeStart: data.wasmtimeStart, browser: data.browser, slowLink: data.slowLink });

  const imp = data.imports;
  // Both Pyodide releases, the newest first (browser.mjs's SYSTEMS order).
  const pyodides = Object.values(b).filter((s) => /^pyodide/.test(s.id));
  const importRows = [
    ['wasipy, Chromium (worker)', w?.importMs, w?.failures],
    ['wasipy, V8 (Node, python-host.js)', stat(data.node.runs.map((r) => r.importMs)), data.node.failures],
    ['wasipy, wasmtime', stat(imp.wasmtime?.ms ?? []), imp.wasmtime?.failures],
    ['CPython 3.13.5 native', stat(imp.native?.ms ?? []), imp.native?.failures],
    [`${data.machine.versions['host python3']} (host, native)`, stat(imp.host311?.ms ?? []), imp.host311?.failures],
    ...pyodides.map((p) => [`${p.label}, Chromium (page thread)`, p.importMs, p.failures]),
  ].map(([label, s, f]) => [`${label}${failed(f)}`, ms(s)]);

  const memRows = [
    ['wasipy, Chromium (worker, `memoryBytes` in the run result)', w?.memoryAfterInit, w?.memoryAfterImport],
    ['wasipy, V8 (Node, `host.memoryBytes()`)', stat(data.node.runs.map((r) => r.memoryAfterInit)), stat(data.node.runs.map((r) => r.memoryAfterImport))],
    ...pyodides.map((p) => [`${p.label}, Chromium (its \`WebAssembly.Memory\`; equals \`pyodide._module.HEAP8.length\`)`, p.memoryAfterInit, p.memoryAfterImport]),
    ['MicroPython, Chromium (its `WebAssembly.Memory`; import test not run)', b.micropython?.memoryAfterInit, null],
  ].map(([label, a, c]) => [label, mbStat(a), c ? mbStat(c) : '—']);

  const cpuHead = ['kernel', ...Object.values(cpuS.systems).map((s) => (s.label === 'python3 (host)' ? `${v['host python3']} (host)` : s.label))];
  const cpuRows = cpuS.kernels.map((k) => [k, ...Object.entries(cpuS.systems).map(([id, s]) => {
    const v = s.perKernel[k];
    if (!v?.median) return 'n/a';
    return id === 'native' ? `${v.median.toFixed(3)} s` : `${v.median.toFixed(3)} s (${ratio(v.ratio)})`;
  })]);
  cpuRows.push(['**geometric mean of the ratios**', ...Object.values(cpuS.systems).map((s) => (s.geomean
    ? `**${ratio(s.geomean)}** (runs: ${ratio(s.geoRange?.min)}–${ratio(s.geoRange?.max)})${failed(s.failures)}`
    : `n/a${failed(s.failures)}`))]);

  const ws = data.wasmtimeStart ?? { systems: {} };
  const nativePass = stat(ws.systems.native?.ms ?? []);
  const wasmtimeRows = Object.values(ws.systems).map((x) => {
    const st = stat(x.ms);
    return [`${x.label}${failed(x.failures)}`, ms(st), st && nativePass ? ratio(st.median / nativePass.median) : 'n/a'];
  });

  const nodeRows = NODE_PHASES.map(([label, key]) => [label, ms(stat(data.node.runs.map((r) => r[key])))]);

  const latencyRow = w?.latency
    ? `median ${w.latency.median.toFixed(2)} ms (the medians of the ${rounds} runs range ${w.latency.min.toFixed(2)}–${w.latency.max.toFixed(2)} ms); over all ${w.latencyAll.n} round trips: min ${w.latencyAll.min.toFixed(2)} ms, max ${w.latencyAll.max.toFixed(2)} ms`
    : 'n/a';

  const sizeRows = data.sizes.map((r) => (r.missing ? [r.system, r.file, 'missing', '', ''] : [r.system, `\`${r.file}\``, kb(r.raw), kb(r.gzip), kb(r.brotli)]));

  const wireRows = Object.values(b).map((s) => [s.label, s.files.map((f) => `\`${f.path}\` ${kb(f.gzip)}`).join(', ') || 'n/a',
    s.chromiumWire ? mb(s.chromiumWire.median) : 'n/a', s.warmWire ? kb(s.warmWire.median) : 'n/a']);

  const versions = table(['tool', 'version'], Object.entries(v).map(([k, x]) => [k, `\`${x}\``]).concat([
    ['Chromium (reported by the browser)', `\`${data.browser.chromium ?? 'n/a'}\``],
    ...[['target/wasipy/wasipy.wasm (Node, wasmtime)', data.wasm.target], ['dist/wasipy.wasm (Chromium)', data.wasm.dist],
      ['target/wasipy/…/python313.zip (Node, wasmtime)', data.wasm.stdlibTarget], ['dist/python313.zip (Chromium)', data.wasm.stdlibDist]]
      .map(([k, f]) => [k, f ? `sha256 \`${f.sha256.slice(0, 16)}…\`, ${int(f.bytes)} bytes, built ${f.mtime}` : 'missing']),
  ]));

  const load = `load average ${data.load.start.map((x) => x.toFixed(2)).join(' / ')} (1/5/15 min) at the start, ${data.load.end.map((x) => x.toFixed(2)).join(' / ')} at the end`;

  const markdown = `# wasipy benchmark

Written by \`npm run bench\` (sources in \`bench/\`) on ${data.startedAt}; the whole run took ${(data.durationMs / 60000).toFixed(1)} min.
Every figure below was measured in that one run, the systems side by side (interleaved round by round).
Medians with min–max over ${rounds} runs unless a row says otherwise.

**Machine:** ${machineLine}, ${machine.kernel}; ${load}.${data.wasm.targetAtEnd && data.wasm.targetAtEnd !== data.wasm.target?.sha256 ? ' target/wasipy/wasipy.wasm was rebuilt during the run; Node and wasmtime used the copy taken at the start (below).' : ''}${data.load.start[0] > 1 ? ' **The machine was busy when the run started: other work competed for the 2 cores, so expect wider spreads.**' : ''}${data.wasm.same ? '' : `

**Two builds of wasipy:** Chromium loaded the built site \`dist/\` (wasipy.wasm ${mb(data.wasm.dist?.bytes)}, built ${data.wasm.dist?.mtime ?? '?'}),
while Node and wasmtime ran a copy of \`target/wasipy/\` taken at the start (wasipy.wasm ${mb(data.wasm.target?.bytes)}, built ${data.wasm.target?.mtime ?? '?'}).
\`npm run build\` copies the newer module into \`dist/\`; until then the browser figures and the Node/wasmtime figures are of different modules.`}

![Cold start and bytes per system](chart.svg)

## Headline (headless Chromium)

${headline}

## Goals

Targets set for wasipy; printed next to the values, never asserted.

${table(['goal', 'measured', ''], goalRows)}

## 1. Start in the browser

Each cold run launches Chromium with a **fresh profile** (empty HTTP cache) and opens one page; the
warm run opens a second tab in the same profile afterwards (HTTP cache filled: the server sends
\`Cache-Control: max-age=600\`, as GitHub Pages does, so nothing is fetched again). Times are
\`performance.now()\` on the page: milliseconds since **navigation start**, up to the moment a
MutationObserver sees \`Printing from Python!\` in \`#output\`.

- **wasipy** is measured on the **playground itself**, \`dist/index.html#code=<base64url of print('Printing from Python!')>\`:
  the real page a user opens, with its editor. The page is ready when \`body[data-ready="true"]\`;
  the benchmark clicks \`#run\` from inside the page at that moment (a user would click later), so
  “→ first output” = ready + the run. Python runs in a Web Worker.
- **Pyodide** ${v['pyodide-314']} (the newest release, Python 3.14; npm alias \`pyodide-314\`, page
  \`bench/pages/pyodide.html?dist=pyodide-314\`; the goals are set against it) and ${v.pyodide} (npm \`pyodide\`, the newest on
  Python 3.13, as wasipy): \`bench/pages/pyodide.html\` calls \`loadPyodide({indexURL})\` on the page’s thread, then
  \`runPython("print('Printing from Python!')")\` with stdout into \`#output\`; ready = \`loadPyodide\` resolved.
- **MicroPython** ${v['@micropython/micropython-webassembly-pyscript']} (npm \`@micropython/micropython-webassembly-pyscript\`), a lower
  reference: \`bench/pages/micropython.html\`, \`loadMicroPython()\` then \`runPython\`.

Files are served by \`bench/server.mjs\` (node:http, gzip level 6 computed once per file before
timing, \`application/wasm\` for .wasm) on 127.0.0.1: no network latency or bandwidth limit, so
these times are the CPU side of a start; on a real connection add the download of the bytes below.

### 1b. On a slower link

${slowLinkSection(data.slowLink)}

## 2. Bytes over the wire until the first output

Body bytes of every response up to the first output, counted by the server as it sent them (gzip -6).
Chromium’s own count (playwright \`request.sizes()\`, from the network events) is the third column${chromiumNote}.
The brotli column of the headline compresses the same files with node:zlib brotli quality 11.

${table(['system', 'files (gzip -6 bytes)', 'Chromium’s count', 'warm visit'], wireRows)}

## 3. Start, phase by phase

### wasipy in Chromium (cold runs)

From the page’s Resource Timing entries and hooks of the benchmark’s init script (they only observe):
\`WebAssembly.compileStreaming\` wrapped to note when compiling ends, \`Worker\` wrapped to note when the
worker is made, when the page hands it the module and the stdlib (\`{type: 'init'}\`) and when it posts \`{type: 'ready', initMs}\`.

${table(['phase', 'at (ms since navigation start)', 'takes'], w ? chromiumPhases(data.browser.systems.wasipy.cold, { wasm: 'wasipy.wasm', stdlib: wasipyStdlib }) : [])}

${pyodides.map((p) => `### ${p.label} in Chromium (cold runs), for comparison

${table(['phase', 'at (ms since navigation start)', 'takes'], data.browser.systems[p.id]?.cold.length ? chromiumPhases(data.browser.systems[p.id].cold, { wasm: 'pyodide.asm.wasm', stdlib: 'python_stdlib.zip' }) : [])}
`).join('\n')}
### wasipy in Node (V8)

\`bench/node-breakdown.mjs\`: ${data.node.runs.length} fresh \`node\` processes${failed(data.node.failures)}, each loading
\`target/wasipy/wasipy.wasm\` (the copy taken at the start) through \`web/lib/python-host.js\` (the code the browser’s worker runs).

${table(['phase', 'takes'], nodeRows)}

### wasipy under wasmtime: \`-c pass\`, with and without compiled code at hand

\`bench/wasmtime-start.mjs\`: wall time of the whole process (spawn to exit, as Node sees it), the median of
5 runs per round (1 without a cache) and its spread over ${rounds} rounds, systems interleaved. The cache has a
directory of its own (\`-C cache-config=\`), primed by one run${ws.primeMs ? ` (${num(ws.primeMs / 1000)} s, as long as compiling)` : ''};
the \`.cwasm\` comes from \`wasmtime compile\` with the same \`--wasm\` options${ws.compileMs ? ` (${num(ws.compileMs / 1000)} s, ${mb(ws.cwasmBytes)})` : ''}.

${table(['command', 'wall time', 'vs native'], wasmtimeRows)}

## 4. Warm latency: \`print(1)\` round trip

On the playground after the cold start: \`await window.wasipy.session.run('print(1)')\` from the page,
through the worker and back (the line also goes into the output pane, as for a user), timed with
\`performance.now()\` on the page (Chromium coarsens it to 0.1 ms); 10 unmeasured, then 100 measured per run.

${latencyRow}

## 5. First import

\`import ${data.imports_list}\` in a fresh interpreter, timed inside Python with \`time.perf_counter()\`
around the import statement alone.

${table(['system', 'first import'], importRows)}

## 6. CPU suite

\`bench/cpu_suite.py\`: nbody, fannkuch-redux (n=9), spectral-norm, Richards, a JSON dumps/loads round trip,
a regex scan. Each kernel timed inside Python, best of 3 (\`time.perf_counter\`), each system run ${rounds}
times in fresh processes. Cells: median seconds (ratio to native CPython 3.13.5). The geometric mean is
of the six ratios of medians; in brackets the spread of the per-run geometric means.
wasipy under V8 runs through \`web/lib/python-host.js\` in Node ${v.node} (V8 ${v.v8});
Pyodide under V8 through its npm package’s \`loadPyodide()\` in the same Node (${v['pyodide-314']}: Python ${data.cpu.pyodide314Python ?? 'n/a'}; ${v.pyodide}: Python ${data.cpu.pyodidePython ?? 'n/a'}).
The host’s python3 is ${v['host python3']}.

The V8 columns are the suite’s **first run right after start-up** in a fresh process (what a user’s first
run gets; the goal uses them), begun one event-loop task after start-up as a browser’s worker gets a run
(a message). The “2nd run” columns run the suite again in the same instance. For wasipy the kernels that
stay inside one C-level call of CPython’s interpreter loop (3.11+ runs Python-to-Python calls without
recursing in C) need that: begun in the same task as start-up, such a run keeps V8’s baseline code of the
loop to its end (wasm has no on-stack replacement in V8) and nbody, fannkuch and Richards take ~2.5× as
long (measured apart, bench/levers.md); one task later they run the optimized loop.

${table(cpuHead, cpuRows)}

## 7. Memory (wasm linear memory)

After init, and after the first import of step 5.

${table(['system', 'after init', 'after the import'], memRows)}

## 8. Sizes

${table(['system', 'file', 'raw', 'gzip -6', 'brotli 11'], sizeRows)}
${data.embedChunk ? `\n\`embed.js\` also imports \`${data.embedChunk.files.join('`, `')}\` at once: together ${kb(data.embedChunk.raw)} raw, ${kb(data.embedChunk.gzip)} gzip, ${kb(data.embedChunk.brotli)} brotli.\n` : ''}
## 9. Installing a package

\`# /// script\` with \`dependencies = ["rich"]\` (rich, markdown-it-py, mdurl, pygments: 1.67 MB of wheels), run in the
playground in Chromium, from the click on Run to the end of \`import rich\`; the index is the test one
(\`web/test/package-index\`, the pinned real wheels on 127.0.0.1: no network time in these figures).
${installTable(data.install)}

${numpySection(data, b)}

## Versions

${versions}

${levers}## How to run

\`npm run bench\` (needs \`make build\`, \`make build-numpy\` and \`npm run build\` first; ~${Math.ceil(data.durationMs / 60000)} min on this machine).
\`BENCH_ROUNDS=N\` changes the number of runs (default 5).
`;

  const stdout = [
    `Headline (headless Chromium, ${rounds} runs):`, headline, '',
    'Goals:', table(['goal', 'measured', ''], goalRows), '',
    'wasipy start in Chromium:', table(['phase', 'at', 'takes'], w ? chromiumPhases(data.browser.systems.wasipy.cold, { wasm: 'wasipy.wasm', stdlib: wasipyStdlib }) : []), '',
    'wasipy start in Node:', table(['phase', 'takes'], nodeRows), '',
    '`-c pass` under wasmtime:', table(['command', 'wall time', 'vs native'], wasmtimeRows), '',
    `print(1) round trip: ${latencyRow}`, '',
    'First import:', table(['system', 'first import'], importRows), '',
    'CPU suite:', table(cpuHead, cpuRows), '',
    'Memory:', table(['system', 'after init', 'after the import'], memRows), '',
    'Sizes:', table(['system', 'file', 'raw', 'gzip -6', 'brotli 11'], sizeRows), '',
    numpySection(data, b),
  ].join('\n');

  return { markdown, stdout, headline, svg: chartSvg(b, { rounds, machineLine }) };
}
