// Cold starts on a link slower than the loopback, with Chromium's own network
// emulation (DevTools): navigation → first output for each system and, for a
// wasipy playground, the first use of the C modules in wasipy-rare.wasm right
// after it (fetched over the same link unless it came already). Rounds
// interleave the systems, each in a fresh browser profile. Used by run.mjs
// (make bench) and split-link.mjs (two builds side by side).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { LAUNCH, RARE_CODE, emulateLink, initScript } from './browser.mjs';

/** The link make bench emulates: a good home or office connection. */
export const SLOW_LINK = { mbps: 20, rtt: 40 };
const TIMEOUT = 120_000;

/**
 * @param {object} o
 * @param {{url: string}} o.server  serves every system's `path`
 * @param {Array<{id: string, label: string, path: string, autoClick?: boolean, rare?: boolean}>} o.systems
 *   `autoClick`: a playground, which needs Run once ready; `rare`: then time RARE_CODE in its session
 * @param {number} o.rounds
 * @param {{mbps: number, rtt: number} | null} [o.link]  null: the loopback as it is
 * @returns {Promise<{link: object | null, rounds: number, systems: Record<string, {label: string, output: number[], rare: number[], failures: string[], rareFailures: string[]}>}>}
 */
export async function runSlowLink({ server, systems, rounds, link = SLOW_LINK, progress = () => {} }) {
  const results = Object.fromEntries(systems.map((s) => [s.id, { label: s.label, output: [], rare: [], failures: [], rareFailures: [] }]));
  for (let round = 0; round < rounds; round++) {
    for (const system of systems) {
      const r = results[system.id];
      const profile = mkdtempSync(join(tmpdir(), 'wasipy-slow-link-'));
      const context = await chromium.launchPersistentContext(profile, LAUNCH);
      try {
        // The same page hooks as section 1's cold runs: the output seen by a
        // MutationObserver, and Run clicked from inside the page once it is ready.
        await context.addInitScript(initScript, { autoClick: Boolean(system.autoClick) });
        const page = await context.newPage();
        if (link) await emulateLink(context, page, link);
        await page.goto(`${server.url}${system.path}`, { waitUntil: 'commit' });
        await page.waitForFunction(() => window.__bench && (window.__bench.output !== null || window.__bench.error !== null), null, { timeout: TIMEOUT, polling: 100 });
        const { output, error } = await page.evaluate(() => window.__bench);
        if (error) throw new Error(`the page reported: ${error}`);
        r.output.push(output);
        let rare = '';
        if (system.rare) {
          try {
            // At once after the first output, as browser.mjs does on the loopback.
            r.rare.push(await page.evaluate(async (code) => {
              const started = performance.now();
              const result = await window.wasipy.session.run(code);
              if (result.status !== 'ok') throw new Error(result.stderr || result.error);
              return performance.now() - started;
            }, RARE_CODE));
            rare = `, rare first use ${Math.round(r.rare.at(-1))} ms`;
          } catch (e) {
            r.rareFailures.push(`round ${round + 1}: ${String(e.message ?? e).split('\n')[0]}`);
            rare = `, rare first use failed: ${r.rareFailures.at(-1)}`;
          }
        }
        progress(`  round ${round + 1}/${rounds} ${system.label}: first output ${Math.round(output)} ms${rare}`);
      } catch (e) {
        r.failures.push(`round ${round + 1}: ${String(e.message ?? e).split('\n')[0]}`);
        progress(`  round ${round + 1}/${rounds} ${system.label}: failed: ${r.failures.at(-1)}`);
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    }
  }
  return { link, rounds, systems: results };
}
