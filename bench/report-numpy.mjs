// Section 10 of bench/RESULTS.md: numpy. The page figures come from the
// browser step (its wasipyNumpy system: a playground link that declares numpy),
// the rest from bench/numpy.mjs. Pyodide's numpy cannot be fetched here (its
// wheel is on Pyodide's CDN only), so its figure is quoted, marked as such.
import { failed, geomean, mb, ms, ratio, stat, table } from './report.mjs';

// Published by Pyodide (pyodide-pack's documentation, "Module removal by runtime
// detection"): its numpy wheel, gzip as a CDN serves it. Not measured here.
const PYODIDE_NUMPY_QUOTE = {
  gzipBytes: 3.06e6,
  source: 'https://pyodide-pack.pyodide.org/en/latest/module-elimination-at-runtime.html',
  what: 'numpy 1.25.2 for Pyodide (Python 3.11), 430 files of which 19 .so',
};

/** Kernel medians per system, the ratio of each to native numpy's, and their geometric mean. */
function kernelRows(cpu) {
  const systems = cpu?.systems ?? {};
  const native = systems.native;
  const kernels = Object.keys(native?.runs[0] ?? {});
  const base = Object.fromEntries(kernels.map((k) => [k, stat(native.runs.map((r) => r[k]))?.median]));
  const ids = Object.keys(systems);
  const rows = kernels.map((k) => [k, ...ids.map((id) => {
    const st = stat(systems[id].runs.map((r) => r[k]));
    if (!st) return 'n/a';
    return id === 'native' ? `${st.median.toFixed(3)} s` : `${st.median.toFixed(3)} s (${ratio(st.median / base[k])})`;
  })]);
  rows.push(['**geometric mean of the ratios**', ...ids.map((id) => {
    if (id === 'native') return `1.00×${failed(systems[id].failures)}`;
    const ratios = kernels.map((k) => stat(systems[id].runs.map((r) => r[k]))?.median / base[k]);
    return ratios.length && ratios.every(Number.isFinite) ? `**${ratio(geomean(ratios))}**${failed(systems[id].failures)}` : `n/a${failed(systems[id].failures)}`;
  })]);
  return { head: ['kernel', ...ids.map((id) => systems[id].label)], rows };
}

export function numpySection(data, b) {
  const plain = b.wasipy;
  const withNumpy = b.wasipyNumpy;
  const newest = Object.values(b).find((s) => s.newest);
  const wire = (s) => (s?.wire ? mb(s.wire.median) : 'n/a');
  const brotli = (s) => (s?.brotli ? mb(s.brotli) : 'n/a');
  const pageRows = [plain, withNumpy, newest].filter(Boolean).map((s) => [
    `${s.label}${failed(s.failures)}`, s.id === 'wasipyNumpy' ? '`import numpy`, print numpy’s version' : '`print(...)`', ms(s.cold), ms(s.warm), wire(s), brotli(s),
  ]);
  if (newest) {
    const q = PYODIDE_NUMPY_QUOTE;
    pageRows.push([`${newest.label} + numpy`, 'not measured here: its numpy wheel is on Pyodide’s CDN only',
      'its start above, then the wheel’s download, unpacking and `import numpy`', 'n/a',
      `≥ ${mb((newest.wire?.median ?? 0) + q.gzipBytes)} (its start above + its numpy wheel, ${mb(q.gzipBytes)} gzip, quoted)`, 'n/a']);
  }
  const imports = data.numpy?.imports ?? {};
  const importRows = Object.values(imports).map((x) => [`${x.label}${failed(x.failures)}`, ms(stat(x.ms))]);
  if (withNumpy) importRows.push(['wasipy numpy module, Chromium', 'already imported in the module’s snapshot: part of the first output above']);
  const kernels = kernelRows(data.numpy?.cpu);
  const ratioOfStarts = plain?.cold && withNumpy?.cold ? ` (${ratio(withNumpy.cold.median / plain.cold.median)} the plain page’s)` : '';
  return `## 10. numpy

**In the browser:** the playground opened on a link whose code declares numpy
(\`# /// script\` with \`dependencies = ["numpy"]\`, then \`import numpy\` and a print): the page loads
wasipy’s numpy module (\`dist/flavours/numpy/wasipy.wasm\`, whose snapshot has numpy imported) instead
of the plain one, measured in the same rounds as the headline${ratioOfStarts}. Pyodide’s own numpy could not be
loaded here; the quoted size is ${PYODIDE_NUMPY_QUOTE.what}, from ${PYODIDE_NUMPY_QUOTE.source}.

${table(['page', 'code', 'cold: navigation → first output', 'warm', 'bytes until first output (gzip -6)', 'brotli 11'], pageRows)}

**\`import numpy\`** in a fresh process, timed inside Python around the import statement alone
(\`bench/numpy.mjs\`): wasipy’s numpy module on the command line (the \`wasipy\` command of
\`target/wasipy-numpy\`, precompiled) and under V8 (\`web/lib/python-host.js\` in Node), beside native
CPython 3.13.5 with numpy’s own wheel of the same version (\`bench/numpy-requirements.txt\`).

${table(['system', 'import numpy'], importRows)}

**numpy kernels** (\`bench/numpy_suite.py\`: matrix product, \`linalg.solve\`, real FFT, sort of normal
draws, a ufunc chain over 3 M floats, 60,000 small-array operations), each timed inside Python, best of 3,
median over the runs (ratio to native numpy). Native numpy multiplies and solves with OpenBLAS and SIMD
loops; wasipy’s has lapack-lite and numpy’s baseline C loops (no SIMD dispatch), which the first rows show.

${table(kernels.head, kernels.rows)}`;
}
