// What the docs-tool tests share: the docs venv (scripts/docs-venv.sh) with the
// wasipy wheel of this tree installed (scripts/python-dist.sh, as `make dist`
// writes it), sphinx-build of a sample project, and a static server of a built site.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';
import { launchChromium } from '../browser/harness.mjs';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
export const venv = join(root, 'target/docs-venv');
export const samples = join(root, 'web/test/docs-sites');

let installed = false;
/** Builds the wheel from dist/ and installs it into the docs venv, as a docs author would with pip. */
export function installWheel() {
  if (installed) return;
  execFileSync('bash', [join(root, 'scripts/python-dist.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  const wheel = readdirSync(join(root, 'target/dist')).find((f) => /^wasipy-.*\.whl$/.test(f));
  execFileSync(join(venv, 'bin/pip'), ['install', '--quiet', '--disable-pip-version-check', '--no-deps', '--force-reinstall', join(root, 'target/dist', wheel)], { stdio: 'inherit' });
  installed = true;
}

/** A copy of the sample project `name` in a fresh directory (tests may edit it). */
export function sampleCopy(name) {
  const dir = mkdtempSync(join(tmpdir(), `wasipy-${name}-`));
  cpSync(join(samples, name), dir, { recursive: true });
  return dir;
}

/** sphinx-build -b html of `src`; {status, out, log, output}: log is what Sphinx printed (warnings on stderr). */
export function sphinxBuild(src, { env = {}, args = [] } = {}) {
  const out = mkdtempSync(join(tmpdir(), 'wasipy-site-'));
  const run = spawnSync(join(venv, 'bin/sphinx-build'), ['-q', '-E', '-b', 'html', ...args, src, out], {
    encoding: 'utf8',
    // The installed wheel, not the sources: nothing of the repository on the path.
    env: { ...process.env, PYTHONPATH: '', ...env },
    timeout: 300_000,
  });
  return { status: run.status, out, log: `${run.stdout}${run.stderr}` };
}

/** mkdocs build of `src` (a folder with mkdocs.yml); {status, out, log}: log has its warnings and errors. */
export function mkdocsBuild(src, { env = {} } = {}) {
  const out = mkdtempSync(join(tmpdir(), 'wasipy-site-'));
  const run = spawnSync(join(venv, 'bin/mkdocs'), ['build', '-f', join(src, 'mkdocs.yml'), '-d', out], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: '', NO_MKDOCS_2_WARNING: '1', ...env },
    timeout: 300_000,
  });
  return { status: run.status, out, log: `${run.stdout}${run.stderr}` };
}

/** Chromium on a built site: {page, url, close()}; the page's errors are printed. */
export async function openSite(dir, { path = '', port = 0 } = {}) {
  const site = await serveSite(dir, port);
  const chromium = await launchChromium();
  const page = await chromium.browser.newPage();
  page.on('pageerror', (e) => console.error('[page error]', e));
  await page.goto(`${site.url}${path}`);
  return {
    page,
    url: site.url,
    async close() {
      await chromium.close();
      await site.close();
    },
  };
}

/** The text a block's output pane shows, and its status line. */
export function shown(block) {
  return block.evaluate((node) => ({
    output: node.shadowRoot.querySelector('.output').textContent,
    status: node.shadowRoot.querySelector('.status')?.textContent ?? '',
  }));
}

/** Clicks a block's Run and waits for its result (the `wasipy-result` event's detail, without big fields). */
export async function runBlock(block) {
  const done = block.evaluate((node) => new Promise((resolve) => node.addEventListener('wasipy-result', (e) => resolve({
    status: e.detail.status, stdout: e.detail.stdout, stderr: e.detail.stderr, report: e.detail.report ?? null,
  }), { once: true })));
  await block.locator('button.run').first().click();
  return done;
}

/** A port free on loopback now (for a site that must know its own address when built). */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A static server of the built site `dir` on loopback (Vite's preview; 'mpa': a missing file is a 404); {url, close()}. */
export async function serveSite(dir, port = 0) {
  const server = await preview({
    configFile: false,
    root: dirname(dir),
    appType: 'mpa',
    build: { outDir: dir },
    preview: { port, host: '127.0.0.1', strictPort: port !== 0 },
    logLevel: 'warn',
  });
  return { url: server.resolvedUrls.local[0], close: () => server.close() };
}
