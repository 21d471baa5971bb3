// The browsers' module in two parts (scripts/split.sh, web/lib/rare-code.js)
// in Chromium: the first output needs only wasipy.wasm; wasipy-rare.wasm comes
// after it, and the C modules in it (unicodedata, SQLite, _decimal, the CJK
// codecs) then answer as native CPython does. When wasipy-rare.wasm cannot be
// had (a 404, a web page, no network, a body cut off, another build's file),
// the run that needed it ends with why, and the next run tries again: with
// JSPI (the placeholder waits for a fetch) and without (a synchronous request).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startBrowser, root, runNewSnippet } from './harness.mjs';

const RARE = '**/wasipy-rare.wasm*';
const HTML = '<!doctype html>\n<html><head><title>My app</title></head><body></body></html>';
const rareBytes = readFileSync(join(root, 'dist/wasipy-rare.wasm'));
// An empty module: valid WebAssembly, but not the rest of this build's module.
const EMPTY_MODULE = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

const failures = {
  404: [(route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not found' }), /could not fetch \S*wasipy-rare\.wasm.*: HTTP 404/],
  html: [(route) => route.fulfill({ status: 200, contentType: 'text/html', body: HTML }), /wasipy-rare\.wasm\S* returned text\/html \(starts with '<!doctype html>.*'\), not a WebAssembly module/],
  offline: [(route) => route.abort('internetdisconnected'), /could not fetch \S*wasipy-rare\.wasm.*check your connection/],
  cut: [(route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: rareBytes.subarray(0, rareBytes.length >> 1) }), /wasipy-rare\.wasm from \S+ did not compile: .*a download cut off does this/],
  'other build': [(route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: EMPTY_MODULE }), /wasipy-rare\.wasm is not the rest of a split wasipy\.wasm than this wasipy\.wasm \([0-9a-f]{12}\): the server has files of two wasipy builds/],
};

// Code whose C parts are all in wasipy-rare.wasm, and what native CPython prints for it.
const RARE_CODE = [
  'import unicodedata, sqlite3, decimal',
  'print(unicodedata.name("é"), unicodedata.normalize("NFD", "é").encode())',
  'db = sqlite3.connect(":memory:")',
  'print(db.execute("select 6 * 7, upper(\'sqlite\')").fetchone())',
  'print(decimal.Decimal(1) / decimal.Decimal(7), "日本語".encode("shift_jis"), "한국".encode("euc_kr"))',
].join('\n');
const NATIVE = execFileSync(join(root, 'target/deps/native-python/bin/python3'), ['-c', RARE_CODE], { encoding: 'utf8' });

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

/** The playground in a new page (optionally without JSPI, as input-interrupt.test.mjs does), and the wasm URLs it requested. */
async function openPage({ jspi = true } = {}) {
  const page = await env.browser.newPage();
  const requested = [];
  page.on('request', (r) => {
    if (/\.wasm(\?|$)/.test(r.url())) requested.push(new URL(r.url()).pathname.split('/').pop());
  });
  if (!jspi) {
    await page.route('**/assets/worker-*.js', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: `delete WebAssembly.Suspending;\n${await response.text()}` });
    });
  }
  await page.goto(env.baseUrl);
  await page.waitForSelector('body[data-ready="true"], body[data-error]', { timeout: 60_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.error ?? null), null);
  assert.equal(await page.evaluate(() => window.wasipy.session.capabilities.mechanism), jspi ? 'jspi' : null);
  return { page, requested, run: (code) => page.evaluate((c) => window.wasipy.session.run(c), code) };
}

test('the first output needs only wasipy.wasm; wasipy-rare.wasm comes after it, and its C modules answer as native CPython does', async () => {
  const { page, requested, run } = await openPage();
  try {
    assert.deepEqual(requested, ['wasipy.wasm'], 'only the first part before the first run');
    const fetched = page.waitForRequest(/wasipy-rare\.wasm/, { timeout: 30_000 });
    const first = await run('print("hello")');
    assert.deepEqual([first.status, first.stdout], ['ok', 'hello\n']);
    await fetched; // in the background, after the first output
    const r = await run(RARE_CODE);
    assert.deepEqual([r.status, r.stdout, r.stderr], ['ok', NATIVE, '']);
    assert.deepEqual(requested.filter((f) => f === 'wasipy-rare.wasm').length, 1, 'fetched once');
  } finally {
    await page.close();
  }
});

test('without JSPI a rare call in the first run fetches wasipy-rare.wasm synchronously, and works', async () => {
  const { page, requested, run } = await openPage({ jspi: false });
  try {
    const r = await run(RARE_CODE);
    assert.deepEqual([r.status, r.stdout, r.stderr], ['ok', NATIVE, '']);
    assert.ok(requested.includes('wasipy-rare.wasm'));
  } finally {
    await page.close();
  }
});

for (const jspi of [true, false]) {
  for (const [failure, [answer, message]] of Object.entries(failures)) {
    test(`wasipy-rare.wasm ${failure}${jspi ? '' : ' (no JSPI)'}: the run that needs it ends saying why, and the next run (a fresh interpreter) tries again`, async () => {
      const { page, run } = await openPage({ jspi });
      await page.route(RARE, answer);
      try {
        const first = await run('x = 1\nprint("first")');
        assert.deepEqual([first.status, first.stdout], ['ok', 'first\n']);
        const failed = await run('print("before")\nimport unicodedata');
        assert.equal(failed.status, 'crashed', JSON.stringify(failed));
        assert.equal(failed.stdout, 'before\n');
        assert.match(failed.error, /^LoadError: /);
        assert.match(failed.error, message);
        // The answer was the server's: once it has the file, the next run works (in a fresh interpreter).
        await page.unroute(RARE, answer);
        const again = await run(RARE_CODE);
        assert.deepEqual([again.status, again.stdout, again.stderr], ['ok', NATIVE, '']);
      } finally {
        await page.close();
      }
    });
  }
}

test('a docs page fetches and compiles wasipy-rare.wasm once: the next snippet\'s worker gets it compiled from the first\'s', async () => {
  const page = await env.browser.newPage();
  const requested = [];
  page.on('request', (r) => {
    if (/wasipy-rare\.wasm/.test(r.url())) requested.push(r.url());
  });
  try {
    await page.goto(`${env.baseUrl}examples/docs.html`);
    await page.waitForFunction(() => customElements.get('python-snippet'));
    const output = (snippet) => snippet.evaluate((el) => el.shadowRoot.querySelector('.output').innerText);
    // Snippets without a session name: each its own session, its own worker.
    for (const id of ['rare-first', 'rare-second']) {
      const { snippet, status } = await runNewSnippet(page, id, RARE_CODE);
      assert.equal(status, 'ok', id);
      assert.equal((await output(snippet)).trim(), NATIVE.trim(), id);
    }
    assert.equal(requested.length, 1, `fetched by the first snippet's worker only: ${requested.join(' ')}`);
  } finally {
    await page.close();
  }
});
