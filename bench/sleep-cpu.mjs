// CPU used by the browser while Python sleeps: `time.sleep(3)` in the
// playground of the built site (dist/), with JSPI (Chromium as it is) and
// without it (the worker's script served with WebAssembly.Suspending removed,
// as web/test/browser/input-interrupt.test.mjs does). CPU time is the sum of
// utime + stime of Chromium and all its child processes, from /proc, over the
// run. Not a test: `node bench/sleep-cpu.mjs` prints a table (after `npm run build`).
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { root, ensureChromium } from '../web/test/browser/harness.mjs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU milliseconds of `pid` and its descendants. */
function treeCpuMs(pid) {
  const stats = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name (which may hold spaces) start at ") ".
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the process ended meanwhile
    }
  }
  let total = 0;
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop();
    total += stats.get(p)?.ticks ?? 0;
    for (const [child, s] of stats) if (s.ppid === p) todo.push(child);
  }
  return total * TICK_MS;
}

/** The browser process: the one started with our profile whose parent was not. */
function browserPid(profileDir) {
  const withProfile = new Set();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(profileDir)) withProfile.add(Number(entry));
    } catch {
      // ended meanwhile
    }
  }
  for (const pid of withProfile) {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]);
    if (!withProfile.has(ppid)) return pid;
  }
  throw new Error('the Chromium process was not found');
}

async function measure(browser, baseUrl, withoutJspi) {
  const page = await browser.newPage();
  if (withoutJspi) {
    await page.route('**/assets/worker-*.js', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: `delete WebAssembly.Suspending;\n${await response.text()}` });
    });
  }
  await page.goto(baseUrl);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  await page.click('.cm-content');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText('import time\ntime.sleep(3)');
  await page.waitForTimeout(500); // let start-up work settle
  const pid = browserPid(profile);
  const before = treeCpuMs(pid);
  const started = Date.now();
  await page.click('#run');
  await page.waitForSelector('body[data-running="false"]', { timeout: 60_000 });
  const wallMs = Date.now() - started;
  const cpuMs = treeCpuMs(pid) - before;
  await page.close();
  return { wallMs, cpuMs };
}

ensureChromium();
const server = await preview({ configFile: join(root, 'vite.config.js'), preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const baseUrl = server.resolvedUrls.local[0];
const profile = mkdtempSync(join(tmpdir(), 'wasipy-sleep-cpu-'));
const browser = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'] });
console.log('| time.sleep(3) in the playground | wall | CPU of the browser (all processes) |\n| --- | --- | --- |');
for (const [label, withoutJspi] of [['with JSPI (a timer)', false], ['without JSPI (the shim spins)', true]]) {
  const { wallMs, cpuMs } = await measure(browser, baseUrl, withoutJspi);
  console.log(`| ${label} | ${(wallMs / 1000).toFixed(2)} s | ${(cpuMs / 1000).toFixed(2)} s |`);
}
await browser.close();
await server.close();
rmSync(profile, { recursive: true, force: true });
