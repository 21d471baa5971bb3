// The playground (dist/index.html) in Chromium, as a person uses it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPlayground, setEditorCode, artifacts, workerScript } from './harness.mjs';
import { PYTHON_VERSION } from '../pins.mjs';

let env;
let page;
let requests;

before(async () => {
  ({ env, page, requests } = await openPlayground());
});

after(async () => {
  await env?.close();
});

const setCode = (code) => setEditorCode(page, code);

/** Clicks Run and waits for the run to end; returns the output pane's lines by kind. */
async function run(code, { stdin } = {}) {
  if (code !== undefined) await setCode(code);
  if (stdin !== undefined) await page.fill('#stdin', stdin);
  await page.click('#run');
  await page.waitForSelector('body[data-running="false"]', { timeout: 30_000 });
  return outputs();
}

async function outputs() {
  return page.$$eval('#output span', (spans) => ({
    stdout: spans.filter((s) => s.classList.contains('stdout')).map((s) => s.textContent).join(''),
    stderr: spans.filter((s) => s.classList.contains('stderr')).map((s) => s.textContent).join(''),
    notice: spans.filter((s) => s.classList.contains('notice')).map((s) => s.textContent).join(''),
  }));
}

test('the page loads and shows the Python version', async () => {
  assert.ok((await page.textContent('#status')).includes(`Python ${PYTHON_VERSION}`), await page.textContent('#status'));
  assert.equal(await page.$$eval('footer button, footer output', (els) => els.length), 0, 'no test fixtures in the footer');
});

test('the module, boot zip and manifest are fetched once each, from the page\'s head (preloads the page\'s fetches took)', async () => {
  const first = ['wasipy.wasm', 'python313-boot.zip', 'stdlib-manifest.json'];
  const asked = requests.map((url) => new URL(url).pathname.split('/').pop()).filter((name) => first.includes(name));
  assert.deepEqual(asked.sort(), [...first].sort(), 'one request each: a preload the page did not take would be a second');
  const started = await page.evaluate((first) => performance.getEntriesByType('resource')
    .filter((e) => first.includes(new URL(e.name).pathname.split('/').pop()))
    .map((e) => [new URL(e.name).pathname.split('/').pop(), e.initiatorType]), first);
  assert.deepEqual(Object.fromEntries(started), Object.fromEntries(first.map((name) => [name, 'link'])));
});

test('the worker the page\'s head made runs Python: its script is fetched once, and the page made no other', async () => {
  const script = workerScript();
  assert.equal(requests.filter((url) => new URL(url).pathname.endsWith(`/${script}`)).length, 1, `${script} once`);
  assert.deepEqual(await page.evaluate(() => [window.__wasipyEarlyWorker, window.__wasipyWorkers]), [null, 1], 'taken by the session; one worker');
});

test('print shows its line', async () => {
  const out = await run("print('Printing from Python!')");
  assert.match(out.stdout, /^Printing from Python!\n?$/);
  await page.screenshot({ path: join(artifacts, 'playground.png') });
});

test('a traceback shows as stderr', async () => {
  const out = await run('def f():\n    return 1 / 0\nf()');
  assert.match(out.stderr, /Traceback \(most recent call last\):/);
  assert.match(out.stderr, /ZeroDivisionError: division by zero/);
  assert.equal(out.stdout, '');
  await page.screenshot({ path: join(artifacts, 'playground-traceback.png') });
});

test('state persists: x = 41, then x + 1 shows 42', async () => {
  await run('x = 41');
  const out = await run('x + 1');
  assert.match(out.stdout, /^42\n?$/);
});

test('stdin feeds input()', async () => {
  const out = await run('name = input()\nprint("Hello,", name)', { stdin: 'Ada\n' });
  assert.match(out.stdout, /Hello, Ada/);
  await page.fill('#stdin', '');
});

// Python loops in its worker: the page's own thread still answers a frame and a
// timer (were it blocked, this would never answer and the test would time out).
test('Stop ends while True: pass, the page stays responsive, and the session goes on', { timeout: 60_000 }, async () => {
  await run('kept = "yes"');
  await setCode('while True:\n    pass');
  await page.click('#run');
  await page.waitForSelector('body[data-running="true"]');
  const answered = await page.evaluate(() => new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(() => resolve(document.body.dataset.running), 0));
  }));
  assert.equal(answered, 'true', 'the page answered while the run was still going');
  assert.equal(await page.isEnabled('#stop'), true);
  await page.click('#stop');
  await page.waitForSelector('body[data-running="false"]', { timeout: 10_000 });
  // Chromium has JSPI: Stop is a KeyboardInterrupt and the variables stay
  // (input-interrupt.test.mjs covers the fallback that restarts).
  assert.match(await page.textContent('#status'), /error/i);
  const stopped = await outputs();
  assert.match(stopped.stderr, /KeyboardInterrupt\n$/);
  const out = await run('print(1, kept)');
  assert.match(out.stdout, /^1 yes\n?$/);
  assert.doesNotMatch(out.notice, /fresh|restart/i);
});

test('sqlite3, bz2, lzma and zlib work in the browser', async () => {
  const out = await run([
    'import sqlite3, bz2, lzma, zlib',
    "db = sqlite3.connect('/tmp/b.db')",
    "db.execute('create table t (x)')",
    "db.executemany('insert into t values (?)', [(i,) for i in range(100)])",
    'db.commit()',
    "data = b'browser ' * 500",
    "print(db.execute('select sum(x) from t').fetchone()[0], *(m.decompress(m.compress(data)) == data for m in (bz2, lzma, zlib)))",
  ].join('\n'));
  assert.equal(out.stderr, '');
  assert.match(out.stdout, /^4950 True True True\n?$/);
});

test('the rest of the stdlib is fetched module by module at the first import that needs it', async () => {
  const fetched = () => requests.filter((u) => new URL(u).pathname.includes('/stdlib/'));
  const emailFiles = () => fetched().filter((u) => new URL(u).pathname.includes('/stdlib/email/'));
  await run('import json, decimal, datetime, sqlite3');
  assert.equal(emailFiles().length, 0, 'email is not fetched for other modules');
  const out = await run('import email.message, asyncio\nm = email.message.EmailMessage()\nm["To"] = "ada@example.org"\nprint(m["To"], asyncio.run(asyncio.sleep(0, "slept")))');
  assert.equal(out.stderr, '');
  assert.match(out.stdout, /^ada@example\.org slept\n?$/);
  assert.ok(emailFiles().some((u) => u.includes('/stdlib/email/message.pyc')), 'email.message fetched');
  assert.equal(requests.filter((u) => u.includes('python313-extra.zip')).length, 0, 'no archive of the rest');
  const before = fetched().length;
  await run('import email.message');
  assert.equal(fetched().length, before, 'a module is fetched once');
});

test('an output flood is cut with a visible marker and the page survives', async () => {
  const out = await run("print('x' * 50_000_000)");
  assert.match(out.notice + out.stdout, /truncated/i);
  assert.ok(out.stdout.length < 2_000_000);
});

test('the share link reproduces the code after a reload', async () => {
  const code = 'print("shared ✓", 6 * 7)';
  const before = await page.evaluate(() => location.hash);
  await setCode(code);
  await page.waitForFunction((old) => location.hash.includes('code=') && location.hash !== old, before);
  const url = page.url();
  const other = await env.browser.newPage();
  await other.goto(url);
  await other.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  assert.equal(await other.$eval('.cm-content', (el) => el.innerText.trim()), code);
  await other.click('#run');
  await other.waitForSelector('body[data-running="false"]');
  assert.match(await other.textContent('#output'), /shared ✓ 42/);
  await other.close();
});
