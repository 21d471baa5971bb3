// The module in two parts (scripts/split.sh) on a link slower than the
// loopback: the playground's cold start and, right after its first output, the
// first use of C modules in wasipy-rare.wasm, for two builds side by side
// (say, dist/ and a copy whose wasipy.wasm is the whole module), with
// Chromium's own network emulation. Rounds interleave the builds, each in a
// fresh browser profile. Prints a markdown table for bench/levers.md. Not a test.
//
//   node bench/split-link.mjs NAME=path/to/dist [NAME=path/to/dist ...]
//   BENCH_ROUNDS=N (default 3); BENCH_THROTTLE="mbps,rtt" (default "20,40"; "off": loopback)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ensureChromium } from '../web/test/browser/harness.mjs';
import { CHROMIUM, PRINT, RARE_CODE, emulateLink } from './browser.mjs';
import { startServer } from './server.mjs';
import { stat } from './report.mjs';

const builds = Object.fromEntries(process.argv.slice(2).map((arg) => arg.split('=')));
if (Object.keys(builds).length < 1) {
  console.error('usage: node bench/split-link.mjs NAME=path/to/dist [...]');
  process.exit(2);
}
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const throttleSpec = process.env.BENCH_THROTTLE ?? '20,40';
const throttle = throttleSpec === 'off' ? null : (([mbps, rtt]) => ({ mbps, rtt }))(throttleSpec.split(',').map(Number));

ensureChromium();
const server = await startServer(Object.fromEntries(Object.entries(builds).map(([name, dir]) => [`/${name}/`, dir])));
server.warm();
const code = Buffer.from(PRINT, 'utf8').toString('base64url');
const results = Object.fromEntries(Object.keys(builds).map((n) => [n, { output: [], rare: [] }]));
try {
  for (let round = 0; round < rounds; round++) {
    for (const name of Object.keys(builds)) {
      const profile = mkdtempSync(join(tmpdir(), 'wasipy-split-link-'));
      const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic'] });
      try {
        const page = await context.newPage();
        if (throttle) await emulateLink(context, page, throttle);
        await page.goto(`${server.url}/${name}/index.html#code=${code}`, { waitUntil: 'commit' });
        await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
        await page.click('#run');
        const at = await page.waitForFunction(() => document.querySelector('#output')?.textContent.includes('Printing from Python!') && performance.now(), null, { timeout: 120_000, polling: 'raf' });
        results[name].output.push(await at.jsonValue());
        // At once after the first output, as bench/browser.mjs does.
        results[name].rare.push(await page.evaluate(async (c) => {
          const started = performance.now();
          const r = await window.wasipy.session.run(c);
          if (r.status !== 'ok') throw new Error(r.stderr || r.error);
          return performance.now() - started;
        }, RARE_CODE));
        console.error(`  round ${round + 1}/${rounds} ${name}: first output ${Math.round(results[name].output.at(-1))} ms, rare first use ${Math.round(results[name].rare.at(-1))} ms`);
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    }
  }
} finally {
  await server.close();
}
const fmt = (s) => `${Math.round(s.median)} ms (${Math.round(s.min)}–${Math.round(s.max)})`;
const link = throttle ? `${throttle.mbps} Mbit/s, ${throttle.rtt} ms round trip (Chromium's network emulation)` : 'loopback';
console.log(`\n| build | cold → first output | then the rare C modules' first use |\n| --- | --- | --- |`);
for (const [name, r] of Object.entries(results)) console.log(`| ${name} | ${fmt(stat(r.output))} | ${fmt(stat(r.rare))} |`);
console.log(`\n${rounds} rounds, interleaved, fresh profile each; ${link}; medians (min–max).`);
