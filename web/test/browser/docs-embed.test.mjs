// The example docs page (dist/examples/docs.html), which loads dist/embed.js
// with one script tag, in Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { basename, dirname, join } from 'node:path';
import { statSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { openPage, artifacts, root } from './harness.mjs';

let env;
let page;
let requests;

before(async () => {
  ({ env, page, requests } = await openPage('examples/docs.html', (p) => p.waitForFunction(() => document.querySelectorAll('python-snippet').length >= 9)));
});

after(async () => {
  await env?.close();
});

const snippet = (id) => page.locator(`python-snippet:has(#${id}), python-snippet#${id}`);

/** The status of the snippet's next result (its `wasipy-result` event). */
function nextResult(el) {
  return el.evaluate((node) => new Promise((resolve) => node.addEventListener('wasipy-result', (e) => resolve(e.detail.status), { once: true })));
}

/** Clicks a snippet's Run and waits for its result; returns its output text by kind. */
async function run(id) {
  const el = snippet(id);
  const done = nextResult(el);
  await el.locator('button.run').click();
  const status = await done;
  return { status, ...(await output(id)) };
}

async function output(id) {
  return snippet(id).evaluate((node) => {
    const spans = [...node.shadowRoot.querySelectorAll('.output span')];
    const text = (kind) => spans.filter((s) => s.className === kind).map((s) => s.textContent).join('');
    return { stdout: text('stdout'), stderr: text('stderr'), notice: text('notice') };
  });
}

const wasmOrStdlib = () => requests.filter((u) => /wasipy\.wasm|python313-boot\.zip/.test(u));

/**
 * Waits until the page has done everything it does without a Run: the document
 * loaded, every snippet upgraded (its Run button drawn, so embed.js and the
 * chunks it needs have run), then no request in flight (Playwright's
 * networkidle, and the requests seen since then all finished).
 */
async function pageAtRest(p) {
  const inFlight = new Set();
  p.on('request', (r) => inFlight.add(r));
  p.on('requestfinished', (r) => inFlight.delete(r));
  p.on('requestfailed', (r) => inFlight.delete(r));
  await p.waitForFunction(() => document.readyState === 'complete' &&
    [...document.querySelectorAll('python-snippet')].every((el) => el.shadowRoot?.querySelector('button.run')));
  await p.waitForLoadState('networkidle');
  while (inFlight.size) {
    await new Promise((resolve) => {
      p.once('requestfinished', resolve);
      p.once('requestfailed', resolve);
    });
  }
}

test('nothing is downloaded before the first Run', async () => {
  await pageAtRest(page);
  assert.ok(requests.some((u) => u.endsWith('/embed.js')));
  assert.deepEqual(requests.filter((u) => /\.(wasm|zip)$/.test(new URL(u).pathname)), [], 'no module or stdlib before a Run');
});

// What a docs page downloads on every view before anyone presses Run: embed.js
// and the chunks it imports statically (import(...) chunks load on demand: the
// editor, the worker, the >>> checker, the input field). The budget was set about
// 20% above ~16.5 kB (terminal colours and the package attributes took it from
// ~15 kB); choosing the numpy module for snippets that declare numpy took it to
// ~20 kB; placing displays and turtle drawings in order with the text (their
// renderers load at the first one) took it to ~21.3 kB; finding the code inside a
// docs tool's highlighting and handing over its build-time output, ~21.5 kB; errors
// that keep their names when minified and wasipy-rare.wasm's URL, ~21.7 kB; the
// flavour's own rest and the page keeping the compiled rest for its other
// snippets' workers, ~21.8 kB; the loader naming the first missing file, not the
// first answer, ~21.95 kB. 22.0 kB still fails a new eager dependency
// (CodeMirror alone is ~150 kB gzipped), the worker code (~10 kB, or
// web/lib/rare-code.js's ~1 kB), or the display renderers (~4 kB) loaded eagerly.
const EAGER_GZIP_BUDGET = 22_000;

/** `file` and every file it imports statically, transitively. */
function eagerFiles(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  // Vite's output: `import{a as b}from"./assets/x.js"` or `import"./x.js"`; `import(` is dynamic.
  for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:\bimport|\bfrom)\s*["'](\.{1,2}\/[^"']+)["']/g)) {
    eagerFiles(join(dirname(file), spec), seen);
  }
  return seen;
}

test('embed.js is small', () => {
  const files = [...eagerFiles(join(root, 'dist/embed.js'))];
  assert.ok(files.length > 1, 'embed.js imports its chunks');
  // The page fetched each of them: the list is what a reader's browser downloads.
  for (const f of files) assert.ok(requests.some((u) => new URL(u).pathname.endsWith(`/${basename(f)}`)), `${basename(f)} requested by the page`);
  const gz = files.reduce((sum, f) => sum + gzipSync(readFileSync(f)).length, 0);
  assert.ok(gz <= EAGER_GZIP_BUDGET, `embed.js and its eager chunks are ${gz} bytes gzipped, over the ${EAGER_GZIP_BUDGET} budget: ${files.map((f) => basename(f)).join(', ')}`);
  assert.ok(statSync(join(root, 'dist/wasipy.wasm')).size > 0, 'wasipy.wasm sits next to embed.js');
});

test('Run on the second snippet shows its output under that snippet only', async () => {
  const out = await run('cell-1');
  assert.equal(out.status, 'ok');
  assert.equal(out.stdout, '2 fruits\n');
  assert.equal(wasmOrStdlib().length, 2, 'one download of each file');
  for (const other of ['hello', 'cell-2', 'fresh']) {
    assert.deepEqual(await output(other), { stdout: '', stderr: '', notice: '' });
  }
});

test('a shared session sees the earlier cell; a fresh one does not', async () => {
  assert.equal((await run('cell-2')).stdout, '5.0\n');
  assert.equal((await run('fresh')).stdout, 'False\n');
});

test('the docs code block, stdin, an error and a setup block', async () => {
  assert.equal((await run('hello')).stdout, 'Hello from Python!\n1267650600228229401496703205376\n');
  assert.equal((await run('with-stdin')).stdout, 'Name? Born? Ada was born 210 years ago.\n');
  const err = await run('error-block');
  assert.equal(err.status, 'error');
  assert.match(err.stderr, /ZeroDivisionError: division by zero\n$/);
  assert.equal((await run('with-setup')).stdout, '5 2.0\n');
  assert.equal(wasmOrStdlib().length, 2, 'still one download of each file');
});

async function runAndStop(id) {
  const el = snippet(id);
  const done = nextResult(el);
  await el.locator('button.run').click();
  await el.locator('button.stop').waitFor({ state: 'visible' });
  await page.waitForTimeout(300);
  await el.locator('button.stop').click();
  return done;
}

test('Stop raises KeyboardInterrupt in a runaway loop and the session keeps its variables', async () => {
  assert.equal(await runAndStop('runaway'), 'error');
  const first = await output('runaway');
  assert.match(first.stdout, /^starting at 0\n$/);
  assert.match(first.stderr, /KeyboardInterrupt\n$/);
  assert.doesNotMatch(first.notice, /Stopped/);
  // The "tour" session is untouched; "forever" goes on from where it was.
  assert.equal((await run('cell-2')).stdout, '5.0\n');
  assert.equal(await runAndStop('runaway'), 'error');
  const [, n] = (await output('runaway')).stdout.match(/^starting at (\d+)\n$/);
  assert.ok(Number(n) > 0, 'n kept its value across the interrupt');
});

test('input() in a snippet without stdin asks with a field after the prompt', async () => {
  const el = snippet('ask');
  const done = nextResult(el);
  await el.locator('button.run').click();
  const field = el.locator('.stdin-input');
  await field.waitFor();
  await field.fill('Grace');
  await field.press('Enter');
  assert.equal(await done, 'ok');
  const out = await output('ask');
  assert.equal(out.stdout, 'Your name? Hello, Grace!\n');
  assert.equal(await el.evaluate((n) => n.shadowRoot.querySelector('.output').textContent), 'Your name? Grace\nHello, Grace!\n');
  await el.screenshot({ path: join(artifacts, 'docs-input.png') });
});

test('an editable snippet runs the edited code', async () => {
  const el = snippet('editable');
  await el.locator('.cm-content').waitFor();
  await el.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText('print("edited", sum(range(5)))');
  const out = await run('editable');
  assert.equal(out.stdout, 'edited 10\n');
  await page.screenshot({ path: join(artifacts, 'docs.png'), fullPage: true });
});

test('Stop during the first download drops that run; the next Run works', async () => {
  const other = await env.browser.newPage();
  let release;
  const held = new Promise((r) => { release = r; });
  await other.route('**/wasipy.wasm', async (route) => {
    await held; // the download stays in flight until the test has pressed Stop
    await route.continue();
  });
  await other.goto(page.url());
  const el = other.locator('python-snippet:has(#hello)');
  await el.locator('button.run').click();
  await el.locator('button.stop').waitFor({ state: 'visible' });
  const result = el.evaluate((node) => new Promise((resolve) => node.addEventListener('wasipy-result', (e) => resolve(e.detail), { once: true })));
  await el.locator('button.stop').click();
  release();
  const stopped = await result;
  assert.deepEqual([stopped.status, stopped.reason], ['stopped', 'before Python had started']);
  const next = el.evaluate((node) => new Promise((resolve) => node.addEventListener('wasipy-result', (e) => resolve(e.detail), { once: true })));
  await el.locator('button.run').click();
  const again = await next;
  assert.deepEqual([again.status, again.stdout], ['ok', 'Hello from Python!\n1267650600228229401496703205376\n']);
  await other.close();
});
