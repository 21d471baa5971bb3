// The per-module stdlib in Chromium: before the playground's first output only
// wasipy.wasm, python313-boot.zip and stdlib-manifest.json (and the page's own
// files) are downloaded; an import then fetches its own modules' files from
// stdlib/, and nothing else. A module file that fails (404, a web page with
// 200, offline, cut off) is an ImportError after the reason in that run's
// stderr, in the worker and on the page thread, and the next import works
// once the file is back; a manifest of another build stops the load with
// "reload the page".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBrowser, setEditorCode, root } from './harness.mjs';

const manifestText = readFileSync(join(root, 'dist/stdlib-manifest.json'), 'utf8');
const manifest = JSON.parse(manifestText);
const HTML = '<!doctype html>\n<html><head><title>My app</title></head><body><div id="app"></div></body></html>';

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

/** The request log of a page: url, path under dist/ and bytes received (as sent, so compressed when the server compressed). */
function logRequests(page) {
  const log = [];
  page.on('requestfinished', async (request) => {
    // The rest of the split module, fetched after the first output (rare-code.test.mjs): not the stdlib's.
    if (/\/wasipy-rare\.wasm(\?|$)/.test(request.url())) return;
    const entry = { url: request.url(), path: new URL(request.url()).pathname.slice(1), bytes: 0, type: request.resourceType() };
    log.push(entry);
    entry.bytes = (await request.sizes()).responseBodySize;
  });
  return log;
}

async function openPlayground(page) {
  await page.goto(env.baseUrl);
  await page.waitForSelector('body[data-ready="true"], body[data-error]', { timeout: 60_000 });
  return page.evaluate(() => document.body.dataset.error ?? null);
}

/** Types `code` in the playground, runs it and waits for the end; returns stdout. */
async function runInPlayground(page, code) {
  await setEditorCode(page, code);
  await page.click('#run');
  await page.waitForSelector('body[data-running="false"]', { timeout: 30_000 });
  return page.$$eval('#output span.stdout', (spans) => spans.map((s) => s.textContent).join(''));
}

const isData = (path) => /\.(wasm|zip|json|pyc)$/.test(path);

test('the playground\'s first output needs only wasipy.wasm, python313-boot.zip and the manifest; import json then fetches json\'s package only, together', async () => {
  const page = await env.browser.newPage();
  const log = logRequests(page);
  try {
    assert.equal(await openPlayground(page), null);
    assert.equal(await runInPlayground(page, 'print("first output")'), 'first output\n');
    const data = log.filter((r) => isData(r.path)).map((r) => r.path).sort();
    assert.deepEqual(data, ['python313-boot.zip', 'stdlib-manifest.json', 'wasipy.wasm']);
    const bytes = log.reduce((sum, r) => sum + r.bytes, 0);
    console.error(`[stdlib-tree] before the first output: ${log.length} requests, ${(bytes / 1e6).toFixed(2)} MB as served by vite preview`);
    log.length = 0;
    assert.equal(await runInPlayground(page, 'import json\nprint(json.dumps([1]))'), '[1]\n');
    const fetched = log.map((r) => r.url);
    // With JSPI, opening json/__init__.pyc fetches the package's modules in parallel
    // (filesystem.js packagePrefetch): the imports that follow find them here.
    const jsonFiles = Object.keys(manifest.files).filter((f) => /^json\/[^/]+\.pyc$/.test(f)).map((f) => `stdlib/${f}`).sort();
    assert.deepEqual(fetched.map((u) => new URL(u).pathname.slice(1)).sort(), jsonFiles);
    for (const url of fetched) assert.equal(new URL(url).searchParams.get('v'), manifest.build, url);
    assert.deepEqual(log.filter((r) => r.type !== 'fetch').map((r) => r.path), [], 'no file waited for a synchronous request of its own');
    log.length = 0;
    assert.equal(await runInPlayground(page, 'import email.message\nprint(email.message.EmailMessage.__name__)'), 'EmailMessage\n');
    const emailModules = log.filter((r) => /^stdlib\/email\/[^/]+\.pyc$/.test(r.path));
    assert.ok(emailModules.length > 10, `email's modules fetched together: ${emailModules.length}`);
    assert.ok(emailModules.every((r) => r.type === 'fetch'), 'all of them in parallel, none by a synchronous request');
  } finally {
    await page.close();
  }
});

/** How each failure answers a request for a module file. */
const failures = {
  404: (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not found' }),
  html: (route) => route.fulfill({ status: 200, contentType: 'text/html', body: HTML }),
  offline: (route) => route.abort('internetdisconnected'),
  cut: (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body: readFileSync(join(root, 'dist/stdlib/json/decoder.pyc')).subarray(0, 200) }),
};
const why = {
  404: /wasipy: could not fetch \S+stdlib\/json\/decoder\.pyc\?v=\w+: HTTP 404, although stdlib-manifest\.json lists this file: .*reload the page/,
  html: /wasipy: could not fetch \S+: \S+stdlib\/json\/decoder\.pyc\?v=\w+ returned text\/html \(starts with '<!doctype html>.*'\), not a compiled Python module \(\.pyc\)/,
  offline: /wasipy: could not fetch \S+stdlib\/json\/decoder\.pyc\?v=\w+: .*check your connection and the URL, then run the import again/,
  cut: /wasipy: could not fetch \S+: \S+stdlib\/json\/decoder\.pyc\?v=\w+ returned 200 bytes, but stdlib-manifest\.json says \d+: .*reload the page/,
};

/** Each failure of json/decoder.pyc in turn, then the file back: run with `session()` in the page. */
async function moduleFileFailsThenWorks(page, session) {
  const pattern = '**/stdlib/json/decoder.pyc*';
  for (const failure of Object.keys(failures)) {
    const handler = (route) => failures[failure](route);
    await env.browser.route(pattern, handler);
    let r;
    try {
      r = await page.evaluate(([make]) => window[make]().run('print("before")\nimport json'), [session]);
    } finally {
      await env.browser.unroute(pattern, handler);
    }
    assert.equal(r.status, 'error', failure);
    assert.equal(r.stdout, 'before\n');
    const reason = r.stderr.search(why[failure]);
    const error = r.stderr.search(/ImportError: cannot import 'json\.decoder': http\S+\/stdlib\/json\/decoder\.pyc could not be fetched \(the reason is above\); run the import again/);
    assert.ok(reason >= 0 && error > reason, `${failure}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /OSError|bad magic number/);
  }
  const r = await page.evaluate(([make]) => window[make]().run('import json\nprint(json.loads("[2]"))'), [session]);
  assert.deepEqual([r.status, r.stdout], ['ok', '[2]\n'], r.stderr);
}

test('a module file that fails in the worker: the reason, then an ImportError naming it; the next import works', async () => {
  const page = await env.browser.newPage();
  try {
    assert.equal(await openPlayground(page), null);
    await page.evaluate(() => { window.workerSession = () => window.wasipy.session; });
    await moduleFileFailsThenWorks(page, 'workerSession');
  } finally {
    await page.close();
  }
});

test('a module file that fails with useWorker: false (the page thread\'s synchronous request): the same errors and retry', async () => {
  const page = await env.browser.newPage();
  try {
    assert.equal(await openPlayground(page), null);
    await page.evaluate(async () => {
      const { session } = window.wasipy;
      const onPage = await new session.constructor({ ...session.options, useWorker: false, onOutput: undefined, onProgress: undefined, onStdinRequest: undefined }).start();
      window.pageSession = () => onPage;
    });
    await moduleFileFailsThenWorks(page, 'pageSession');
  } finally {
    await page.close();
  }
});

test('a manifest of another build, or none, stops the load with a message that says what to do', async () => {
  const answers = {
    'another build': [(route) => route.fulfill({ status: 200, contentType: 'application/json', body: manifestText.replace(manifest.build, '0123456789abcdef') }),
      /stdlib-manifest\.json\?v=\w+ is the stdlib of another wasipy build \(0123456789abcdef\) than this page's \(\w+\): reload the page/],
    404: [(route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not found' }),
      /could not fetch stdlib-manifest\.json from \S+stdlib-manifest\.json\S*: HTTP 404/],
  };
  for (const [what, [answer, message]] of Object.entries(answers)) {
    const page = await env.browser.newPage();
    await env.browser.route('**/stdlib-manifest.json*', answer);
    try {
      assert.match(await openPlayground(page) ?? 'the page started', message, what);
    } finally {
      await env.browser.unroute('**/stdlib-manifest.json*', answer);
      await page.close();
    }
    const again = await env.browser.newPage();
    try {
      assert.equal(await openPlayground(again), null, `${what}: a reload with the right file works`);
    } finally {
      await again.close();
    }
  }
});
