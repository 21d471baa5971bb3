// Downloads that go wrong in Chromium, through request routing: a 404, a web
// page answered with 200 (a single-page-app fallback), no network, a cut-off
// body; for wasipy.wasm, python313-boot.zip (the playground says what went wrong
// and works after a reload) and python313-extra.zip of a two-archive session
// (fetched by the worker at the first import: the reason is in that run's
// stderr, before the ImportError, and the next import tries again), on a worker
// and on the page. (The per-module stdlib's files: stdlib-tree.test.mjs.)
// The worker's script, which the playground's head starts: when that first
// worker fails to load, the page makes its own; when that fails too, it says so.
// And each build's URLs carry the version key of the files' content.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { startBrowser, root, workerScript } from './harness.mjs';

const dist = (file) => readFileSync(join(root, 'dist', file));
const HTML = '<!doctype html>\n<html><head><title>My app</title></head><body><div id="app"></div></body></html>';

/** How each failure answers a request for `file`. */
const failures = {
  404: (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not found' }),
  html: (route) => route.fulfill({ status: 200, contentType: 'text/html', body: HTML }),
  offline: (route) => route.abort('internetdisconnected'),
  cut: (route, file) => {
    const body = dist(file);
    return route.fulfill({ status: 200, contentType: file.endsWith('.wasm') ? 'application/wasm' : 'application/zip', body: body.subarray(0, body.length >> 1) });
  },
};

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

/** Routes requests for `file` (in the page and its workers) to `failure` until the returned function is called. */
async function failing(file, failure) {
  const pattern = `**/${file}*`;
  const handler = (route) => failures[failure](route, file);
  await env.browser.route(pattern, handler);
  return () => env.browser.unroute(pattern, handler);
}

/** Opens the playground and waits until Python is ready or the page shows why it is not. */
async function openPlayground(page) {
  await page.goto(env.baseUrl);
  await page.waitForSelector('body[data-ready="true"], body[data-error]', { timeout: 60_000 });
  return page.evaluate(() => document.body.dataset.error ?? null);
}

const expected = {
  'wasipy.wasm': {
    404: /could not fetch wasipy\.wasm from \S+wasipy\.wasm\S*: HTTP 404/,
    html: /wasipy\.wasm\S* returned text\/html \(starts with '<!doctype html> <html><head><title>My ap'\), not a WebAssembly module: check that wasipy\.wasm is deployed/,
    offline: /could not fetch wasipy\.wasm from \S+: .*check your connection/,
    cut: /wasipy\.wasm from \S+ did not compile: .*reload the page/,
  },
  'python313-boot.zip': {
    404: /could not fetch python313-boot\.zip from \S+python313-boot\.zip\S*: HTTP 404/,
    html: /python313-boot\.zip\S* returned text\/html \(starts with '<!doctype html>.*'\), not a zip archive: check that python313-boot\.zip is deployed/,
    offline: /could not fetch python313-boot\.zip from \S+: .*check your connection/,
    cut: /python313-boot\.zip\S* returned a zip archive cut off after \d+ bytes: reload the page/,
  },
};

for (const file of ['wasipy.wasm', 'python313-boot.zip']) {
  for (const failure of Object.keys(failures)) {
    test(`${file} ${failure}: the playground says which URL returned what; a reload works once the file is back`, async () => {
      const page = await env.browser.newPage();
      try {
        const restore = await failing(file, failure);
        let error;
        try {
          error = await openPlayground(page);
        } finally {
          await restore();
        }
        assert.match(error ?? 'the page became ready', expected[file][failure]);
        await page.reload();
        await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      } finally {
        await page.close();
      }
    });
  }
}

/** Answers the worker's script with a 404 for its first `times` requests (in the page and its workers). */
async function workerScriptFails(times) {
  let failed = 0;
  await env.browser.route(`**/${workerScript()}*`, (route) => (failed++ < times
    ? route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not found' })
    : route.continue()));
  return { failed: () => failed, restore: () => env.browser.unroute(`**/${workerScript()}*`) };
}

test('the worker the page\'s head made cannot load its script: the page makes its own, and Python runs in it', async () => {
  const page = await env.browser.newPage();
  const script = await workerScriptFails(1);
  try {
    assert.equal(await openPlayground(page), null);
    assert.equal(script.failed(), 2, 'the head\'s worker\'s request failed, the page\'s own succeeded');
    assert.deepEqual(await page.evaluate(async () => [(await window.wasipy.session.run('print(6 * 7)')).stdout, window.__wasipyWorkers]), ['42\n', 1]);
  } finally {
    await script.restore();
    await page.close();
  }
});

test('the worker\'s script cannot be had at all: the playground says the worker failed; a reload works once it is back', async () => {
  const page = await env.browser.newPage();
  const script = await workerScriptFails(Infinity);
  try {
    assert.match(await openPlayground(page) ?? 'the page became ready', /the Python worker failed to start/);
    await script.restore();
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  } finally {
    await script.restore();
    await page.close();
  }
});

const extraExpected = {
  404: /wasipy: could not fetch \S+python313-extra\.zip\S*: HTTP 404; check that python313-extra\.zip is deployed/,
  html: /wasipy: could not fetch \S+: \S+python313-extra\.zip\S* returned text\/html \(starts with '<!doctype html>.*'\), not a zip archive/,
  offline: /wasipy: could not fetch \S+python313-extra\.zip\S*: .*check your connection and the URL, then run the import again/,
  cut: /wasipy: could not fetch \S+: \S+python313-extra\.zip\S* returned a zip archive cut off after \d+ bytes/,
};

/** Each failure of python313-extra.zip in turn, then the file back: run with `session()` in the page. */
async function extraArchiveFailsThenWorks(page, session) {
  for (const failure of Object.keys(failures)) {
    const restore = await failing('python313-extra.zip', failure);
    let r;
    try {
      r = await page.evaluate(([make]) => window[make]().run('print("before")\nimport email.message'), [session]);
    } finally {
      await restore();
    }
    assert.equal(r.status, 'error', failure);
    assert.equal(r.stdout, 'before\n');
    // In this run's stderr, first why, then the ImportError that says to try again.
    const why = r.stderr.search(extraExpected[failure]);
    const error = r.stderr.search(/ImportError: cannot import 'email': it is in \S+python313-extra\.zip, which could not be loaded .*run the import again/);
    assert.ok(why >= 0 && error > why, `${failure}: ${r.stderr}`);
  }
  const r = await page.evaluate(([make]) => window[make]().run('import email.message\nprint(email.message.EmailMessage.__name__)'), [session]);
  assert.deepEqual([r.status, r.stdout], ['ok', 'EmailMessage\n'], r.stderr);
}

/** A session of the two-archive stdlib (python313.zip, python313-extra.zip) with the playground's other options. */
async function twoArchiveSession(page, useWorker) {
  return page.evaluate(async (inWorker) => {
    const { session } = window.wasipy;
    const files = { stdlibUrl: new URL('python313.zip', location.href).href, stdlibExtraUrl: new URL('python313-extra.zip', location.href).href, stdlibManifestUrl: undefined };
    const other = await new session.constructor({ ...session.options, ...files, useWorker: inWorker, onOutput: undefined, onProgress: undefined, onStdinRequest: undefined }).start();
    window[inWorker ? 'workerSession' : 'pageSession'] = () => other;
  }, useWorker);
}

test('python313-extra.zip in the worker: each failure is in that run\'s stderr, and the next import tries again', async () => {
  const page = await env.browser.newPage();
  try {
    assert.equal(await openPlayground(page), null);
    await twoArchiveSession(page, true);
    await extraArchiveFailsThenWorks(page, 'workerSession');
  } finally {
    await page.close();
  }
});

test('python313-extra.zip with useWorker: false: lazy imports work on the page thread, and fail and retry the same way', async () => {
  const page = await env.browser.newPage();
  try {
    assert.equal(await openPlayground(page), null);
    // A second session on the page's own thread, with the playground's resolved options.
    await twoArchiveSession(page, false);
    await extraArchiveFailsThenWorks(page, 'pageSession');
  } finally {
    await page.close();
  }
});

test('the built files are requested under their stable names with the version key of their content', async () => {
  const page = await env.browser.newPage();
  const requested = [];
  page.on('request', (r) => requested.push(r.url()));
  try {
    assert.equal(await openPlayground(page), null);
    await page.evaluate(() => window.wasipy.session.run('import email'));
    // The per-module stdlib's manifest and files carry its build key (which the boot zip holds).
    const { build } = JSON.parse(dist('stdlib-manifest.json'));
    for (const file of ['wasipy.wasm', 'python313-boot.zip', 'stdlib-manifest.json', 'stdlib/email/__init__.pyc']) {
      const key = file.endsWith('.pyc') || file.endsWith('.json') ? build : createHash('sha256').update(dist(file)).digest('hex').slice(0, 12);
      const urls = requested.filter((u) => new URL(u).pathname.endsWith(`/${file}`));
      assert.ok(urls.length, `${file} was requested`);
      for (const url of urls) assert.equal(new URL(url).searchParams.get('v'), key, url);
    }
  } finally {
    await page.close();
  }
});
