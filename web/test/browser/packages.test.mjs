// Packages in Chromium: PEP 723 blocks in the playground, wasipy.install()
// inside a run (JSPI), the embed's data-packages / packages= attributes, and
// the Cache API making a second visit install with no request to the index.
// The index is a real PEP 691 server on 127.0.0.1 with real wheels
// (web/test/package-index); the page is on another origin, as PyPI is.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserAndIndex, setEditorCode, artifacts, gotoPlayground, runInPlayground } from './harness.mjs';

let env;
let index;
let stop;

before(async () => ({ env, index, close: stop } = await startBrowserAndIndex()));
after(() => stop?.());

const playground = (page, query = '') => gotoPlayground(page, env.baseUrl, query);

const SCRIPT = `# /// script
# dependencies = ["rich", "python-dateutil"]
# ///
from rich.text import Text
from dateutil.parser import parse
print(Text.from_markup("[bold]ok[/bold]").plain, parse("2024-02-29").year)
`;

test('playground: a PEP 723 block installs its dependencies with progress; a second visit installs from the cache', async () => {
  const page = await env.browser.newPage();
  try {
    const query = `?index=${encodeURIComponent(index.url)}`;
    await playground(page, query);
    index.reset();
    const first = await runInPlayground(page, SCRIPT);
    assert.match(first, /Installed rich \d/);
    assert.match(first, /Installed python-dateutil \d/);
    assert.match(first, /^ok 2024$/m);
    assert.ok(index.requests.some((r) => r.path === '/simple/rich/'), 'the first visit asked the index');
    await page.screenshot({ path: `${artifacts}/packages-playground.png` });

    // A new visit: a fresh worker and interpreter, the Cache API kept by the browser profile.
    index.reset();
    await playground(page, query);
    const second = await runInPlayground(page, SCRIPT);
    assert.match(second, /^ok 2024$/m);
    assert.deepEqual(index.requests, [], 'the second visit made no request to the index or its files');
  } finally {
    await page.close();
  }
});

test('playground: wasipy.install() inside a run waits for its downloads (JSPI), and errors are Python exceptions', async () => {
  const page = await env.browser.newPage();
  try {
    await playground(page, `?index=${encodeURIComponent(index.url)}`);
    const out = await runInPlayground(page, 'import wasipy\nwasipy.install("more-itertools")\nimport more_itertools\nprint(list(more_itertools.chunked("abcde", 2)))\ntry:\n    wasipy.install("needsbinary")\nexcept Exception as e:\n    print(type(e).__name__, "markupsafe" in str(e))\n');
    assert.match(out, /\[\['a', 'b'\], \['c', 'd'\], \['e'\]\]/);
    assert.match(out, /Error True/);
  } finally {
    await page.close();
  }
});

test('embed: data-packages for the page, packages= per snippet, a script block, and a clear error', async () => {
  const page = await env.browser.newPage();
  try {
    const html = `<!doctype html><meta charset="utf-8"><title>packages</title>
<script type="module" src="${env.baseUrl}embed.js" data-packages="six" data-index-url="${index.url}"></script>
<python-snippet id="attrs" packages="attrs>=20,<99">import attrs, six
print(attrs.__name__, six.__name__)</python-snippet>
<python-snippet id="script"># /// script
# dependencies = ["more-itertools"]
# ///
import more_itertools, six
print(more_itertools.first([7]))</python-snippet>
<python-snippet id="binary" packages="needsbinarylib">print("never printed")</python-snippet>`;
    await page.route(`${env.baseUrl}packages-test.html`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
    await page.goto(`${env.baseUrl}packages-test.html`);
    await page.waitForFunction(() => customElements.get('python-snippet'));
    const run = (id) => page.evaluate((id) => new Promise((resolve) => {
      const el = document.getElementById(id);
      el.addEventListener('wasipy-result', (e) => resolve({ status: e.detail.status, text: el.shadowRoot.querySelector('.output').innerText }), { once: true });
      el.shadowRoot.querySelector('button.run').click();
    }), id);
    const a = await run('attrs');
    assert.equal(a.status, 'ok', a.text);
    assert.match(a.text, /^attrs six$/m);
    assert.match(a.text, /Installed attrs/);
    const s = await run('script');
    assert.equal(s.status, 'ok', s.text);
    assert.match(s.text, /^7$/m);
    const b = await run('binary');
    assert.equal(b.status, 'error');
    assert.match(b.text, /binaryonly: no pure-Python wheel/);
    assert.doesNotMatch(b.text, /never printed/);
    const again = await run('attrs');
    assert.equal(again.status, 'ok', 'a snippet still runs after another failed to install');
    await page.locator('#binary').screenshot({ path: `${artifacts}/packages-embed-error.png` });
  } finally {
    await page.close();
  }
});

test('the example docs page: its PEP 723 snippet installs attrs from PyPI (answered here by the local index)', async () => {
  const page = await env.browser.newPage();
  try {
    // The page uses the default index, PyPI's; this test answers for it with the local one.
    await page.route('https://pypi.org/simple/**', async (route) => {
      const path = new URL(route.request().url()).pathname;
      const response = await fetch(`${index.origin}${path}`, { headers: { accept: route.request().headers().accept ?? '*/*' } });
      const headers = Object.fromEntries([...response.headers].filter(([name]) => !['content-encoding', 'content-length'].includes(name)));
      await route.fulfill({ status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) });
    });
    await page.goto(`${env.baseUrl}examples/docs.html`);
    await page.waitForFunction(() => document.getElementById('with-package')?.shadowRoot?.querySelector('button.run'));
    const result = await page.evaluate(() => new Promise((resolve) => {
      const el = document.getElementById('with-package');
      el.addEventListener('wasipy-result', (e) => resolve({ status: e.detail.status, text: el.shadowRoot.querySelector('.output').innerText }), { once: true });
      el.shadowRoot.querySelector('button.run').click();
    }));
    assert.equal(result.status, 'ok', result.text);
    assert.match(result.text, /^Point\(x=3, y=0\) \{'x': 1, 'y': 2\}$/m);
    await page.locator('#with-package').screenshot({ path: `${artifacts}/packages-docs.png` });
  } finally {
    await page.close();
  }
});

test('playground: Stop while an install waits for the index ends it and keeps the variables', async () => {
  const page = await env.browser.newPage();
  let asked;
  const waiting = new Promise((resolve) => { asked = resolve; });
  index.override('/simple/pygments/', () => asked()); // an index that never answers for this page
  try {
    await playground(page, `?index=${encodeURIComponent(index.url)}`);
    await runInPlayground(page, 'x = 5');
    await setEditorCode(page, '# /// script\n# dependencies = ["pygments"]\n# ///\nimport pygments\n');
    await page.click('#run');
    await waiting;
    await page.click('#stop');
    await page.waitForFunction(() => document.body.dataset.running === 'false', null, { timeout: 10_000 });
    const out = await page.locator('#output').innerText();
    assert.match(out, /Installing was stopped: nothing was installed/);
    const after = await runInPlayground(page, 'print(x)');
    assert.match(after, /^5$/m);
    assert.doesNotMatch(after, /restarted/);
  } finally {
    index.override('/simple/pygments/', null);
    await page.close();
  }
});

test('playground: the "A package from PyPI" example installs rich and shows its colours', async () => {
  const page = await env.browser.newPage();
  try {
    await playground(page, `?index=${encodeURIComponent(index.url)}`);
    await page.selectOption('#examples', 'packages');
    await page.click('#run');
    await page.waitForFunction(() => document.body.dataset.running === 'false' && document.getElementById('status').dataset.state === 'ok', null, { timeout: 60_000 });
    const out = await page.locator('#output').innerText();
    assert.match(out, /Where wasipy runs/);
    assert.match(out, /wasmtime\s+│\s+wasipy\.wasm as a command/);
    assert.doesNotMatch(out, /\x1b|\[1m/, 'escape sequences are rendered, not shown');
    const styled = await page.locator('#output span[style*="color"]').count();
    assert.ok(styled > 0, 'coloured spans in the pane');
    await page.screenshot({ path: `${artifacts}/packages-rich-example.png` });
  } finally {
    await page.close();
  }
});

test('a PNG made by pypng, a pure-Python package installed from the index, is displayed as an image', async () => {
  const page = await env.browser.newPage();
  try {
    await playground(page, `?index=${encodeURIComponent(index.url)}`);
    const text = await runInPlayground(page, [
      '# /// script',
      '# dependencies = ["pypng"]',
      '# ///',
      'import io, png',
      'from wasipy import Image',
      'rows = [[(x * 4) % 256 if c == 0 else (y * 8) % 256 if c == 1 else 160 for x in range(64) for c in range(3)] for y in range(32)]',
      'buffer = io.BytesIO()',
      'png.Writer(64, 32, greyscale=False).write(buffer, rows)',
      'print("pypng", png.__version__)',
      'Image(buffer.getvalue())',
    ].join('\n'));
    assert.match(text, /Installed pypng 0\.20220715\.0/);
    assert.match(text, /pypng 0\.20220715\.0/);
    const size = await page.$eval('#output .display[data-mime="image/png"] img', (img) => img.decode().then(() => [img.naturalWidth, img.naturalHeight]));
    assert.deepEqual(size, [64, 32]);
    // The picture's pixels are pypng's: the top right corner is (252, 0, 160).
    const pixel = await page.$eval('#output .display img', (img) => {
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const context = canvas.getContext('2d');
      context.drawImage(img, 0, 0);
      return [...context.getImageData(63, 0, 1, 1).data];
    });
    assert.deepEqual(pixel, [252, 0, 160, 255]);
    await page.screenshot({ path: `${artifacts}/display-pypng.png` });
  } finally {
    await page.close();
  }
});
