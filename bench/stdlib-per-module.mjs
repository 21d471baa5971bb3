// Lever "the stdlib per module" of issue #12, measured apart (bench/levers.md):
// what a browser downloads before the first output and for a first import,
// with the two archives (python313.zip, then python313-extra.zip at the first
// import of one of its modules) and with the per-module stdlib
// (python313-boot.zip + stdlib-manifest.json, then each module's .pyc), and the
// playground's cold start in Chromium with each.
//
//   node bench/stdlib-per-module.mjs [OLD_DIST]
//
// Bytes: gzip -6 (what a server compressing on the fly sends) and brotli 11
// (the .br copies of `npm run build`), per file, summed. Which files an import
// fetches: measured on the real module in Node (the worker's filesystem).
// OLD_DIST: a dist/ built from a commit before the per-module stdlib (e.g.
// `git archive 417f6ef^ | tar -x -C /tmp/old`, with target/ and node_modules/
// linked in, then `npx vite build` there); with it, the playground's cold start
// (fresh Chromium profile per round, navigation -> "Printing from Python!") is
// measured for both, interleaved, over bench/server.mjs (gzip -6, as `npm run bench`).
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PythonHost } from '../web/lib/python-host.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const web = `${root}target/wasipy/web`;
const lib = `${root}target/wasipy/usr/local/lib`;
const wasmPath = `${root}target/wasipy/wasipy.wasm`;

const sizeCache = new Map();
/** {raw, gz, br} of a file. */
function sizes(path) {
  if (!sizeCache.has(path)) {
    const raw = readFileSync(path);
    sizeCache.set(path, {
      raw: raw.length,
      gz: gzipSync(raw, { level: 6 }).length,
      br: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }).length,
    });
  }
  return sizeCache.get(path);
}
const total = (paths) => paths.map(sizes).reduce((a, s) => ({ raw: a.raw + s.raw, gz: a.gz + s.gz, br: a.br + s.br }), { raw: 0, gz: 0, br: 0 });
const mb = (n) => `${(n / 1e6).toFixed(2)} MB`;
const kb = (n) => `${(n / 1e3).toFixed(0)} kB`;

/** The tree's files each import fetches, in order, each after the ones before it (one session). */
async function filesPerImport(imports) {
  const module = await WebAssembly.compile(readFileSync(wasmPath));
  const manifest = JSON.parse(readFileSync(`${web}/stdlib-manifest.json`, 'utf8'));
  let fetched = [];
  const host = await PythonHost.create({
    module,
    stdlib: new Uint8Array(readFileSync(`${web}/python313-boot.zip`)),
    stdlibTree: { files: manifest.files, load: (path) => (fetched.push(path), new Uint8Array(readFileSync(`${web}/stdlib/${path}`))) },
  });
  host.run('print("first output")');
  const result = {};
  for (const name of imports) {
    fetched = [];
    const r = host.run(`import ${name}`);
    if (r.status !== 'ok') throw new Error(`import ${name} failed: ${r.stderr}`);
    result[name] = fetched;
  }
  return result;
}

/** Member names of a stored zip, from its local headers (the zips pack_stdlib.py writes). */
function zipNames(bytes) {
  const names = new Set();
  for (let at = 0; bytes.readUInt32LE(at) === 0x04034b50;) {
    const nameLength = bytes.readUInt16LE(at + 26);
    names.add(bytes.toString('utf8', at + 30, at + 30 + nameLength));
    at += 30 + nameLength + bytes.readUInt16LE(at + 28) + bytes.readUInt32LE(at + 18);
  }
  return names;
}
const extraNames = zipNames(readFileSync(`${lib}/python313-extra.zip`));

/** Whether the two-archive stdlib has module `name` in python313-extra.zip (fetched whole at the first import of one). */
function inExtraArchive(name) {
  const top = name.split('.')[0];
  return extraNames.has(`${top}/__init__.pyc`) || extraNames.has(`${top}.pyc`);
}

async function bytesTable() {
  const before = {
    'two archives': total([wasmPath, `${lib}/python313.zip`]),
    'per module': total([wasmPath, `${web}/python313-boot.zip`, `${web}/stdlib-manifest.json`]),
  };
  console.log('\n### Before the first output (wasipy.wasm + stdlib; the page\'s JavaScript is the same)\n');
  console.log('| stdlib | files | raw | gzip -6 | brotli 11 |\n| --- | --- | --- | --- | --- |');
  console.log(`| two archives | wasipy.wasm, python313.zip | ${mb(before['two archives'].raw)} | ${mb(before['two archives'].gz)} | ${mb(before['two archives'].br)} |`);
  console.log(`| per module | wasipy.wasm, python313-boot.zip, stdlib-manifest.json | ${mb(before['per module'].raw)} | ${mb(before['per module'].gz)} | ${mb(before['per module'].br)} |`);
  const stdlibOnly = (set) => ({ gz: set.gz - sizes(wasmPath).gz, br: set.br - sizes(wasmPath).br });
  console.log(`\nThe stdlib part alone: ${mb(stdlibOnly(before['two archives']).gz)} -> ${mb(stdlibOnly(before['per module']).gz)} gzip, ${mb(stdlibOnly(before['two archives']).br)} -> ${mb(stdlibOnly(before['per module']).br)} brotli.`);

  const imports = ['json', 'email', 'email.message', 'asyncio', 'decimal', 'datetime', 'collections.abc, dataclasses, statistics, random'];
  const perImport = await filesPerImport(imports);
  const extra = sizes(`${lib}/python313-extra.zip`);
  let extraFetched = false;
  console.log('\n### A first import, after the first output (in this order, one session)\n');
  console.log('| import | two archives | per module: requests | per module: gzip -6 | per module: brotli 11 |\n| --- | --- | --- | --- | --- |');
  for (const name of imports) {
    const files = perImport[name];
    const t = total(files.map((f) => `${web}/stdlib/${f}`));
    let old = 'nothing (in python313.zip)';
    if (name.split(', ').some(inExtraArchive)) {
      old = extraFetched ? 'nothing (python313-extra.zip already here)' : `python313-extra.zip: 1 request, ${mb(extra.gz)} gzip, ${mb(extra.br)} brotli`;
      extraFetched = true;
    }
    console.log(`| \`import ${name}\` | ${old} | ${files.length} | ${kb(t.gz)} | ${kb(t.br)} |`);
  }
  return before;
}

/** The playground's cold start (navigation -> first output) in a fresh Chromium profile, per dist, interleaved. */
async function coldStarts(dists, rounds, throttle) {
  const { chromium } = await import('playwright-core');
  const { startServer } = await import('./server.mjs');
  const { ensureChromium } = await import('../web/test/browser/harness.mjs');
  const { emulateLink } = await import('./browser.mjs');
  ensureChromium();
  const server = await startServer(Object.fromEntries(Object.entries(dists).map(([name, dir]) => [`/${name}/`, dir])));
  const code = Buffer.from("print('Printing from Python!')", 'utf8').toString('base64url');
  const times = Object.fromEntries(Object.keys(dists).map((n) => [n, []]));
  const wire = Object.fromEntries(Object.keys(dists).map((n) => [n, []]));
  const imports = Object.fromEntries(Object.keys(dists).map((n) => [n, {}]));
  try {
    for (let round = 0; round < rounds; round++) {
      for (const name of Object.keys(dists)) {
        const profile = mkdtempSync(join(tmpdir(), 'wasipy-stdlib-bench-'));
        const context = await chromium.launchPersistentContext(profile, {
          executablePath: '/usr/bin/chromium', headless: true,
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
        });
        try {
          const page = await context.newPage();
          // Chromium's own network emulation (DevTools): a slower link than the loopback.
          if (throttle) await emulateLink(context, page, throttle);
          const from = server.log.length;
          await page.goto(`${server.url}/${name}/index.html#code=${code}`, { waitUntil: 'commit' });
          await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
          await page.click('#run');
          const at = await page.waitForFunction(() => document.querySelector('#output')?.textContent.includes('Printing from Python!') && performance.now(), null, { timeout: 60_000, polling: 'raf' });
          times[name].push(await at.jsonValue());
          wire[name].push(server.log.slice(from).reduce((a, r) => a + r.bytes, 0));
          // A first import after the first output, timed on the page (the worker's fetches included).
          for (const [label, code] of [['json', 'import json'], ['email.message', 'import email.message']]) {
            const ms = await page.evaluate(async (c) => {
              const started = performance.now();
              const r = await window.wasipy.session.run(c);
              if (r.status !== 'ok') throw new Error(r.stderr);
              return performance.now() - started;
            }, code);
            (imports[name][label] ??= []).push(ms);
          }
        } finally {
          await context.close();
          rmSync(profile, { recursive: true, force: true });
        }
      }
    }
  } finally {
    await server.close();
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const link = throttle ? `, network emulated at ${throttle.mbps} Mbit/s and ${throttle.rtt} ms round trip` : ', loopback';
  console.log(`\n### Playground cold start in Chromium (${rounds} rounds, fresh profile each; bench/server.mjs, gzip -6${link})\n`);
  console.log('| stdlib | navigation -> first output, median (min–max) | bytes on the wire until then (median) | then `import json` | then `import email.message` |\n| --- | --- | --- | --- | --- |');
  const range = (t) => `${Math.round(median(t))} ms (${Math.round(Math.min(...t))}–${Math.round(Math.max(...t))})`;
  for (const name of Object.keys(dists)) {
    console.log(`| ${name} | ${range(times[name])} | ${mb(median(wire[name]))} | ${range(imports[name].json)} | ${range(imports[name]['email.message'])} |`);
  }
}

await bytesTable();
const oldDist = process.argv[2];
// BENCH_THROTTLE="20,40": also emulate a 20 Mbit/s link with a 40 ms round trip.
const [mbps, rtt] = (process.env.BENCH_THROTTLE ?? '').split(',').map(Number);
if (oldDist) await coldStarts({ 'two-archives': oldDist, 'per-module': `${root}dist` }, Number(process.env.BENCH_ROUNDS ?? 5), mbps ? { mbps, rtt: rtt || 0 } : null);
