// numpy in Chromium, on the built site: a page that declares numpy (PEP 723
// block, packages=, a playground run, a share link) gets wasipy's numpy module
// (dist/flavours/numpy/) instead of the plain one, and a page that does not
// never downloads it. A missing numpy module is a clear error, and the page
// goes on without numpy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startBrowserAndIndex, artifacts, root, gotoPlayground, runInPlayground } from './harness.mjs';
import { makeHash } from '../../playground/share.js';

const version = readFileSync(`${root}recipes/numpy/recipe.env`, 'utf8').match(/^RECIPE_VERSION=(.+)$/m)[1];
let env;
let index;
let stop;

before(async () => ({ env, index, close: stop } = await startBrowserAndIndex()));
after(() => stop?.());

/** The modules a page asked for: 'plain' (dist/wasipy.wasm) and 'numpy' (dist/flavours/numpy/wasipy.wasm). */
function watchModules(page) {
  const asked = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.endsWith('/flavours/numpy/wasipy.wasm')) asked.push('numpy');
    else if (pathname.endsWith('/wasipy.wasm')) asked.push('plain');
  });
  return asked;
}

/** Clicks Run on snippet `id`; resolves with its status and output text. */
const runSnippet = (page, id) => page.evaluate((id) => new Promise((resolve) => {
  const el = document.getElementById(id);
  el.addEventListener('wasipy-result', (e) => resolve({ status: e.detail.status, text: el.shadowRoot.querySelector('.output').innerText }), { once: true });
  el.shadowRoot.querySelector('button.run').click();
}), id);

test('the example docs page: the numpy snippet runs in the numpy module, the plain snippets in the plain one', async () => {
  const page = await env.browser.newPage();
  const asked = watchModules(page);
  try {
    await page.goto(`${env.baseUrl}examples/docs.html`);
    await page.waitForFunction(() => document.getElementById('with-numpy')?.shadowRoot?.querySelector('button.run'));
    assert.deepEqual(asked, [], 'nothing is downloaded before a Run');
    const numpy = await runSnippet(page, 'with-numpy');
    assert.equal(numpy.status, 'ok', numpy.text);
    assert.match(numpy.text, /^\[12\.07 14\.53\]\n\[2\. 3\.\]\nnumpy \d/m);
    assert.match(numpy.text, new RegExp(`^numpy ${version.replaceAll('.', '\\.')}$`, 'm'));
    assert.deepEqual(asked, ['numpy'], 'the numpy snippet downloads the numpy module only');
    await page.locator('#with-numpy').screenshot({ path: `${artifacts}/numpy-docs.png` });
    const fresh = await runSnippet(page, 'fresh');
    assert.equal(fresh.status, 'ok', fresh.text);
    assert.deepEqual(asked, ['numpy', 'plain'], 'a snippet that does not declare numpy runs in the plain module');
  } finally {
    await page.close();
  }
});

test('embed: packages="numpy" and data-packages pick the numpy module; an unsatisfiable version is the resolver\'s error', async () => {
  const page = await env.browser.newPage();
  const asked = watchModules(page);
  try {
    const html = `<!doctype html><meta charset="utf-8"><title>numpy</title>
<script type="module" src="${env.baseUrl}embed.js"></script>
<python-snippet id="attr" packages="numpy">import numpy, sys, importlib.metadata as m
print(m.version("numpy"), "numpy" in sys.modules, int(numpy.arange(10).sum()))</python-snippet>
<python-snippet id="old" packages="numpy<1">print("never printed")</python-snippet>
<python-snippet id="huge" packages="numpy">import numpy
try:
    numpy.ones(250_000_000)
except MemoryError as e:
    print("MemoryError", isinstance(e, MemoryError))
print(numpy.ones(3).sum())</python-snippet>`;
    await page.route(`${env.baseUrl}numpy-test.html`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
    await page.goto(`${env.baseUrl}numpy-test.html`);
    await page.waitForFunction(() => customElements.get('python-snippet'));
    const attr = await runSnippet(page, 'attr');
    assert.equal(attr.status, 'ok', attr.text);
    assert.match(attr.text, new RegExp(`^${version.replaceAll('.', '\\.')} True 45$`, 'm'));
    const old = await runSnippet(page, 'old');
    assert.equal(old.status, 'error');
    assert.match(old.text, new RegExp(`numpy ${version.replaceAll('.', '\\.')} is built into this wasipy module \\(a compiled package\\), and numpy<1 asks for another version`));
    assert.doesNotMatch(old.text, /never printed/);
    const huge = await runSnippet(page, 'huge');
    assert.equal(huge.status, 'ok', huge.text);
    assert.match(huge.text, /^MemoryError True\n3\.0$/m);
    assert.ok(asked.every((m) => m === 'numpy'), `only the numpy module: ${asked}`);
  } finally {
    await page.close();
  }
});

test('embed: preload fetches the module data-packages picks before any Run (the numpy one for numpy, else the plain one)', async () => {
  for (const [packages, want] of [['numpy', 'numpy'], ['six', 'plain']]) {
    const page = await env.browser.newPage();
    const asked = watchModules(page);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    try {
      const html = `<!doctype html><meta charset="utf-8"><title>preload</title>
<script type="module" src="${env.baseUrl}embed.js" preload data-packages="${packages}"></script>
<python-snippet id="s">print(1)</python-snippet>`;
      await page.route(`${env.baseUrl}preload-test.html`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
      await page.goto(`${env.baseUrl}preload-test.html`);
      await page.waitForFunction((n) => performance.getEntriesByType('resource').some((e) => e.name.includes(n)), want === 'numpy' ? '/flavours/numpy/wasipy.wasm' : '/wasipy.wasm', { timeout: 30_000 });
      assert.deepEqual(asked, [want], `data-packages="${packages}"`);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  }
});

test('playground: the numpy example switches the session to the numpy module, saying so; a share link with numpy starts there', async () => {
  const page = await env.browser.newPage();
  const asked = watchModules(page);
  try {
    await gotoPlayground(page, env.baseUrl);
    assert.deepEqual(asked, ['plain']);
    assert.equal(await runInPlayground(page, 'x = 41\nprint(x + 1)'), '42\n');
    await page.selectOption('#examples', 'numpy');
    await page.click('#run');
    await page.waitForFunction(() => document.body.dataset.running === 'false' && ['ok', 'error', 'crashed'].includes(document.getElementById('status').dataset.state), null, { timeout: 90_000 });
    const out = await page.locator('#output').innerText();
    // Said once, where it happens: not again by the restart notice above it.
    assert.match(out, /numpy is built into wasipy's numpy module: loading it, and Python restarts with it: variables from earlier runs are gone/);
    assert.doesNotMatch(out, /Python was restarted/);
    assert.match(out, /column sums: \[12 15 18 21\]/);
    assert.match(out, new RegExp(`^numpy ${version.replaceAll('.', '\\.')}$`, 'm'));
    assert.deepEqual(asked, ['plain', 'numpy']);
    await page.screenshot({ path: `${artifacts}/numpy-playground.png` });

    // A link to numpy code: the numpy module from the start, the plain one never.
    const linked = await env.browser.newPage();
    const linkedAsked = watchModules(linked);
    try {
      const code = '# /// script\n# dependencies = ["numpy"]\n# ///\nimport numpy\nprint(numpy.eye(2).tolist())\n';
      await gotoPlayground(linked, env.baseUrl, makeHash({ code }));
      await linked.click('#run');
      await linked.waitForFunction(() => document.body.dataset.running === 'false' && document.getElementById('status').dataset.state === 'ok', null, { timeout: 60_000 });
      assert.match(await linked.locator('#output').innerText(), /^\[\[1\.0, 0\.0\], \[0\.0, 1\.0\]\]$/m);
      assert.deepEqual(linkedAsked, ['numpy']);
    } finally {
      await linked.close();
    }
  } finally {
    await page.close();
  }
});

test('playground: a pure package that needs numpy, in a plain session, loads the numpy module and installs there; again on a second visit', async () => {
  const page = await env.browser.newPage();
  const asked = watchModules(page);
  const code = '# /// script\n# dependencies = ["needsnumpy"]\n# ///\nimport needsnumpy, numpy\nprint(needsnumpy.__version__, numpy.__version__)\n';
  try {
    for (const visit of ['first', 'second']) {
      asked.length = 0;
      index.reset();
      await gotoPlayground(page, env.baseUrl, `?index=${encodeURIComponent(index.url)}`);
      const out = await runInPlayground(page, code);
      assert.match(out, /numpy is built into wasipy's numpy module: loading it, and Python restarts with it/, `${visit} visit`);
      assert.match(out, new RegExp(`^1\\.0 ${version.replaceAll('.', '\\.')}$`, 'm'), `${visit} visit: ${out}`);
      assert.deepEqual(asked, ['plain', 'numpy'], `${visit} visit`);
      assert.ok(!index.requests.some((r) => r.path.startsWith('/simple/numpy')), 'the index is never asked for numpy');
    }
  } finally {
    await page.close();
  }
});

test('a server without the numpy module: a clear error naming the file and the fix; the page and the session go on without numpy', async () => {
  const page = await env.browser.newPage();
  try {
    await page.route('**/flavours/numpy/**', (route) => route.fulfill({ status: 404, contentType: 'text/html', body: '<h1>Not Found</h1>' }));
    // The playground: the session keeps its variables and runs on in the plain module.
    await gotoPlayground(page, env.baseUrl);
    await runInPlayground(page, 'kept = "yes"');
    const out = await runInPlayground(page, '# /// script\n# dependencies = ["numpy"]\n# ///\nimport numpy\n');
    assert.match(out, /numpy is built into wasipy's numpy module, which could not be loaded: could not fetch wasipy\.wasm from \S+\/flavours\/numpy\/wasipy\.wasm\S*: HTTP 404; wasipy's numpy module is not on this server: build it \(`make build-numpy`, then `npm run build`\) and deploy dist\/flavours\/ with the other wasipy files\. This session goes on without numpy\./);
    assert.equal(await runInPlayground(page, 'print(kept)'), 'yes\n');
    await page.screenshot({ path: `${artifacts}/numpy-missing-playground.png` });

    // A docs page: the numpy snippet says why; the others still run.
    await page.goto(`${env.baseUrl}examples/docs.html`);
    await page.waitForFunction(() => document.getElementById('with-numpy')?.shadowRoot?.querySelector('button.run'));
    // A start that fails: the snippet says "failed to load", and its result event says so too.
    const event = page.evaluate(() => new Promise((resolve) => document.getElementById('with-numpy').addEventListener('wasipy-result', (e) => resolve(e.detail), { once: true })));
    await page.evaluate(() => document.getElementById('with-numpy').shadowRoot.querySelector('button.run').click());
    const detail = await event;
    assert.equal(detail.status, 'unavailable');
    assert.match(detail.error, /could not fetch wasipy\.wasm from \S+\/flavours\/numpy\/wasipy\.wasm/);
    assert.equal(await page.evaluate(() => document.getElementById('with-numpy').shadowRoot.querySelector('.status').textContent), 'failed to load');
    // The pane writes on its next frame, which may come after the event.
    await page.waitForFunction(() => document.getElementById('with-numpy').shadowRoot.querySelector('.output').innerText.trim() !== '');
    const text = await page.evaluate(() => document.getElementById('with-numpy').shadowRoot.querySelector('.output').innerText);
    assert.match(text, /could not fetch wasipy\.wasm from \S+\/flavours\/numpy\/wasipy\.wasm\S*: HTTP 404; wasipy's numpy module is not on this server/);
    await page.locator('#with-numpy').screenshot({ path: `${artifacts}/numpy-missing-docs.png` });
    const fresh = await runSnippet(page, 'fresh');
    assert.equal(fresh.status, 'ok', fresh.text);
    assert.match(fresh.text, /^False$/m);
  } finally {
    await page.close();
  }
});

// numpy code whose C parts are in the numpy module's rest (scripts/split-snippets.mjs
// keeps what lessons' first cells call in the first part), and what it prints.
const RARE_NUMPY = 'import numpy as np\nprint(np.linalg.svd(np.array([[3.0, 0], [0, 4]]))[1], np.einsum("ij,jk->ik", np.eye(2), [[1, 2], [3, 4]]).tolist(), np.float16(1.5) + np.float16(2))';
const RARE_NUMPY_OUT = '[4. 3.] [[1.0, 2.0], [3.0, 4.0]] 3.5\n';
const NUMPY_LINK = makeHash({ code: '# /// script\n# dependencies = ["numpy"]\n# ///\nimport numpy as np\nprint(np.arange(6).reshape(2, 3).sum(axis=0))\n' });

/** The wasm files a page asked for, by their path under the site (flavours/numpy/wasipy.wasm, wasipy-rare.wasm...). */
function watchWasm(page, baseUrl) {
  const asked = [];
  page.on('request', (request) => {
    const url = request.url().replace(/\?.*$/, '');
    if (url.endsWith('.wasm')) asked.push(url.startsWith(baseUrl) ? url.slice(baseUrl.length) : url);
  });
  return asked;
}

test('a numpy link: the first output needs only the numpy module\'s first part; its own rest comes after, and SVD, einsum and float16 compute', async () => {
  const page = await env.browser.newPage();
  const asked = watchWasm(page, env.baseUrl);
  try {
    await gotoPlayground(page, env.baseUrl, NUMPY_LINK);
    const rest = page.waitForRequest(/\/flavours\/numpy\/wasipy-rare\.wasm/, { timeout: 30_000 });
    const out = await runInPlayground(page, 'import numpy as np\nprint(np.arange(6).reshape(2, 3).sum(axis=0))');
    assert.equal(out.trim().split('\n').at(-1), '[3 5 7]');
    assert.deepEqual(asked, ['flavours/numpy/wasipy.wasm'], 'only the numpy module\'s first part before the first output');
    await rest; // in the background, after the first output
    const r = await page.evaluate((code) => window.wasipy.session.run(code), RARE_NUMPY);
    assert.deepEqual([r.status, r.stdout, r.stderr], ['ok', RARE_NUMPY_OUT, '']);
    assert.deepEqual(asked, ['flavours/numpy/wasipy.wasm', 'flavours/numpy/wasipy-rare.wasm'], 'its own rest, once; nothing of the plain module');
  } finally {
    await page.close();
  }
});

test('the numpy module\'s rest missing: the run that needs it ends naming flavours/numpy/wasipy-rare.wasm, and the next run works once it is back', async () => {
  const page = await env.browser.newPage();
  const missing = (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not found' });
  await page.route('**/flavours/numpy/wasipy-rare.wasm*', missing);
  try {
    await gotoPlayground(page, env.baseUrl, NUMPY_LINK);
    const run = (code) => page.evaluate((c) => window.wasipy.session.run(c), code);
    const first = await run('import numpy as np\nprint(np.arange(3).tolist())');
    assert.deepEqual([first.status, first.stdout], ['ok', '[0, 1, 2]\n']);
    const failed = await run(`print("before")\n${RARE_NUMPY}`);
    assert.equal(failed.status, 'crashed', JSON.stringify(failed));
    assert.equal(failed.stdout, 'before\n');
    assert.match(failed.error, /^LoadError: could not fetch wasipy-rare\.wasm from \S+\/flavours\/numpy\/wasipy-rare\.wasm\S*: HTTP 404/);
    await page.unroute('**/flavours/numpy/wasipy-rare.wasm*', missing);
    const again = await run(RARE_NUMPY);
    assert.deepEqual([again.status, again.stdout, again.stderr], ['ok', RARE_NUMPY_OUT, '']);
  } finally {
    await page.close();
  }
});
