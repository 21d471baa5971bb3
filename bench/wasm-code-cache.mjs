// Does a second visit of the playground get Chromium's cache of compiled wasm
// code? Opens dist/index.html three times in one profile (cold, then two warm
// visits), runs an import on each, waits, and prints how long
// `WebAssembly.compileStreaming` took on each visit and what the profile's
// `Code Cache/wasm` directory holds at the end.
//
//   node bench/wasm-code-cache.mjs [wait-ms] [chromium flags...]
//   e.g. node bench/wasm-code-cache.mjs 6000 --js-flags=--wasm-caching-timeout-ms=10
//
// wait-ms (default 6000): how long each page stays open after its import
// (V8 writes the cache from a timer). Not a test; a probe for bench/levers.md.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ensureChromium } from '../web/test/browser/harness.mjs';
import { CHROMIUM } from './browser.mjs';
import { paths } from './env.mjs';
import { startServer } from './server.mjs';

const waitMs = Number(process.argv[2] ?? 6000);
if (!Number.isFinite(waitMs)) throw new Error(`wait-ms: expected a number, got ${process.argv[2]}`);
const flags = process.argv.slice(3);
if (!existsSync(join(paths.dist, 'index.html'))) throw new Error(`${paths.dist}/index.html is missing: run \`npm run build\` first`);
ensureChromium();

const server = await startServer({ '/wasipy/': paths.dist });
server.warm();
const profile = mkdtempSync(join(tmpdir(), 'wasipy-code-cache-'));
const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', ...flags] });
try {
  await context.addInitScript(() => {
    const original = WebAssembly.compileStreaming;
    window.__compileMs = [];
    WebAssembly.compileStreaming = function (...args) {
      const started = performance.now();
      return original.apply(this, args).then((module) => {
        window.__compileMs.push(performance.now() - started);
        return module;
      });
    };
  });
  for (const visit of ['cold', 'warm', 'warm again']) {
    const page = await context.newPage();
    await page.goto(`${server.url}/wasipy/index.html`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true' || document.body.dataset.error, null, { timeout: 60_000 });
    const error = await page.evaluate(() => document.body.dataset.error);
    if (error) throw new Error(`the playground reported: ${error}`);
    const readyMs = await page.evaluate(() => performance.now());
    await page.evaluate(() => window.wasipy.session.run('import json, re, decimal, datetime'));
    const compileMs = await page.evaluate(() => window.__compileMs);
    console.log(`${visit.padEnd(10)} compileStreaming ${compileMs.map((x) => `${Math.round(x)} ms`).join(', ')}, page ready at ${Math.round(readyMs)} ms`);
    await page.waitForTimeout(waitMs);
    await page.close();
  }
} finally {
  await context.close();
  await server.close();
}
const cacheDir = join(profile, 'Default', 'Code Cache', 'wasm');
const entries = existsSync(cacheDir) ? readdirSync(cacheDir).filter((f) => /_0$/.test(f)) : [];
const bytes = entries.reduce((a, f) => a + statSync(join(cacheDir, f)).size, 0);
console.log(`Code Cache/wasm: ${entries.length} entries, ${(bytes / 1e3).toFixed(0)} kB`);
rmSync(profile, { recursive: true, force: true });
