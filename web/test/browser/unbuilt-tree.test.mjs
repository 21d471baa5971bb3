// A fresh clone where `make build` has not run yet: the dev server must still
// serve the playground, and the page must say which file is missing and what to
// run instead of "Loading Python…" for ever; a production build must stop with
// the same fix. The tree is a copy of the web sources without target/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, createServer } from 'vite';
import { BUILT_FILES, missingBuiltFiles } from '../../../scripts/built-files.mjs';
import { launchChromium, root, artifacts } from './harness.mjs';

let tree;
let server;
let chrome;

before(async () => {
  tree = mkdtempSync(join(tmpdir(), 'wasipy-unbuilt-'));
  cpSync(join(root, 'web'), join(tree, 'web'), { recursive: true, filter: (src) => !src.startsWith(artifacts) });
  mkdirSync(join(tree, 'scripts'));
  for (const file of ['vite.config.js', 'package.json', 'scripts/built-files.mjs', 'scripts/ensure-built.mjs']) {
    cpSync(join(root, file), join(tree, file));
  }
  symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'), 'dir');
  assert.deepEqual(missingBuiltFiles(tree), BUILT_FILES, 'the copy has no build output');
  // What `npm run dev` starts after its predev step (which the tests of
  // scripts/ensure-built.mjs cover), with a cache of its own.
  server = await createServer({
    configFile: join(tree, 'vite.config.js'),
    cacheDir: join(tree, '.vite'),
    server: { port: 0, host: '127.0.0.1', strictPort: false },
    logLevel: 'silent',
  });
  await server.listen();
  chrome = await launchChromium();
});

after(async () => {
  await chrome?.close();
  await server?.close();
  if (tree) rmSync(tree, { recursive: true, force: true });
});

/** Opens the playground and waits until the page shows an error that names `what`. */
async function open(what, prepare) {
  const page = await chrome.browser.newPage();
  await prepare?.(page);
  await page.goto(server.resolvedUrls.local[0]);
  await page.waitForSelector(`body[data-error*="${what}"]`, { timeout: 30_000 });
  return page;
}

test('the playground names the missing file and the command that builds it', async () => {
  const page = await open('wasipy.wasm');
  assert.equal(await page.textContent('#status'), 'Python could not be loaded');
  const shown = await page.textContent('#output');
  assert.match(shown, /target\/wasipy\/web\/wasipy\.wasm is not built: run `make build`/);
  assert.equal(await page.isDisabled('#run'), true);
  await page.screenshot({ path: join(artifacts, 'playground-unbuilt.png') });
  await page.close();
});

test('when the page\'s own script cannot load, the page says so and what to try', async () => {
  const page = await open('main.js', (p) => p.route('**/lib/assets.js*', (route) => route.fulfill({ status: 500, body: 'broken' })));
  assert.equal(await page.textContent('#status'), 'The playground could not start');
  const shown = await page.textContent('#output');
  assert.match(shown, /\/playground\/main\.js or a module it imports could not be loaded/);
  assert.match(shown, /`make build`/);
  await page.close();
});

test('a production build of the unbuilt tree stops and names the command', async () => {
  await assert.rejects(
    build({ configFile: join(tree, 'vite.config.js'), logLevel: 'silent', build: { outDir: join(tree, 'dist') } }),
    /target\/wasipy\/web\/wasipy\.wasm, target\/wasipy\/web\/wasipy-rare\.wasm, .*python313\.zip, .*python313-extra\.zip not built: run `make build` first/,
  );
});
