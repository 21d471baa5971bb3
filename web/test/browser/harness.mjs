// Serves the built site (dist/) with `vite preview` and drives Debian's
// Chromium through playwright-core (`npx playwright install` cannot download here).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { startPackageIndex } from '../package-index/server.mjs';
import { ensureDebianPackage } from '../debian.mjs';

const CHROMIUM = '/usr/bin/chromium';
export const root = fileURLToPath(new URL('../../../', import.meta.url));
export const artifacts = join(root, 'web/test/artifacts');

/** Installs Debian's chromium when it is missing (needs root), as the README says. */
export function ensureChromium() {
  ensureDebianPackage(CHROMIUM, 'chromium');
}

/** A headless Chromium with a fresh profile (`contextOptions`: Playwright's, such as timezoneId); `close()` also deletes the profile. */
export async function launchChromium(contextOptions = {}) {
  ensureChromium();
  let profile;
  let browser;
  // Chromium has died during its own start-up here once in a while ("Target
  // page, context or browser has been closed" before any page): that is not
  // what these tests test, so a failed launch is tried once more, said on stderr.
  for (let attempt = 1; !browser; attempt++) {
    profile = mkdtempSync(join(tmpdir(), 'wasipy-chromium-'));
    try {
      browser = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
          '--disable-sync', '--no-first-run', '--disable-quic'],
        viewport: { width: 1280, height: 800 },
        ...contextOptions,
      });
    } catch (e) {
      rmSync(profile, { recursive: true, force: true });
      if (attempt >= 2) throw e;
      console.error(`[browser tests] Chromium did not start (${String(e.message).split('\n')[0]}): trying once more`);
    }
  }
  mkdirSync(artifacts, { recursive: true });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Starts the preview server of dist/ and a headless Chromium with a fresh profile (see launchChromium). */
export async function startBrowser(contextOptions = {}) {
  if (!existsSync(join(root, 'dist/index.html'))) throw new Error('dist/ is missing: run `npm run build` first');
  const chromium = await launchChromium(contextOptions);
  const server = await preview({
    configFile: join(root, 'vite.config.js'),
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
    logLevel: 'warn',
  });
  return {
    browser: chromium.browser,
    baseUrl: server.resolvedUrls.local[0],
    async close() {
      await chromium.close();
      await server.close();
    },
  };
}

/**
 * For a test file that installs packages: the local package index
 * (web/test/package-index, started with `indexOptions`) and the built site in
 * Chromium; `close()` ends both.
 */
export async function startBrowserAndIndex(indexOptions = {}) {
  const index = await startPackageIndex(indexOptions);
  let env;
  try {
    env = await startBrowser();
  } catch (e) {
    await index.close();
    throw e;
  }
  return {
    env,
    index,
    async close() {
      await env.close();
      await index.close();
    },
  };
}

/**
 * Starts the browser, opens `path` of the built site, and records the page's
 * requests and errors; `ready` is what the page must show before tests start.
 */
export async function openPage(path, ready) {
  const env = await startBrowser();
  const page = await env.browser.newPage();
  const requests = [];
  page.on('pageerror', (e) => console.error('[page error]', e));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${env.baseUrl}${path}`);
  await ready(page);
  return { env, page, requests };
}

/** The playground, once Python is ready. */
export function openPlayground() {
  return openPage('', (p) => p.waitForSelector('body[data-ready="true"]', { timeout: 30_000 }));
}

/** The worker's script that dist/index.html's head starts (web/playground/early-worker.js): assets/worker-….js. */
export function workerScript() {
  const html = readFileSync(join(root, 'dist', 'index.html'), 'utf8');
  const found = html.match(/\(function earlyWorker\b[\s\S]*?\}\)\("\.\/(assets\/worker-[^"]+\.js)"\)/);
  if (!found) throw new Error('dist/index.html\'s head makes no worker: run `npx vite build`');
  return found[1];
}

/** Replaces the playground editor's text the way a paste does. */
export async function setEditorCode(page, code) {
  await page.click('.cm-content');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
}

/** Opens the playground (`query`: its ?index= and such) and waits until Python is ready. */
export async function gotoPlayground(page, baseUrl, query = '') {
  await page.goto(`${baseUrl}${query}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
}

/**
 * Adds a <python-snippet id=`id`> holding `code` to a docs page and runs it:
 * resolves to the element's handle and its result's status.
 */
export async function runNewSnippet(page, id, code) {
  const snippet = await page.evaluateHandle(({ id, code }) => {
    const el = document.createElement('python-snippet');
    el.id = id;
    el.textContent = code;
    document.body.append(el);
    return el;
  }, { id, code });
  const result = snippet.evaluate((el) => new Promise((resolve) => el.addEventListener('wasipy-result', (e) => resolve(e.detail.status), { once: true })));
  await snippet.evaluate((el) => el.shadowRoot.querySelector('button.run').click());
  return { snippet, status: await result };
}

/** Runs `code` in the playground's editor; resolves with the output pane's text once the run ended. */
export async function runInPlayground(page, code, { timeout = 90_000 } = {}) {
  await setEditorCode(page, code);
  await page.click('#run');
  await page.waitForFunction(() => document.body.dataset.running === 'false' && !['running', 'init', 'loading'].includes(document.getElementById('status').dataset.state), null, { timeout });
  return page.locator('#output').innerText();
}
