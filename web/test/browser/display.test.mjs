// display() in Chromium: an HTML table, an SVG, a PNG made by pure Python
// (zlib and struct, as pypng does), JSON and text appear in the playground's
// output in order with the printed lines, and in a docs snippet. HTML from
// Python is untrusted: the classic payloads run in a sandboxed frame where no
// script runs, nothing is fetched and nothing covers the page; the test checks
// a flag each payload would set on the page, and the requests made.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startBrowser, gotoPlayground, runInPlayground, openPage, runNewSnippet, artifacts } from './harness.mjs';

let env;
let page;
const responses = []; // URLs that got an answer
const blocked = []; // [URL, why] of requests that never left

before(async () => {
  env = await startBrowser();
  page = await env.browser.newPage();
  page.on('response', (r) => responses.push(r.url()));
  page.on('requestfailed', (r) => blocked.push([r.url(), r.failure()?.errorText]));
  await gotoPlayground(page, env.baseUrl);
});
after(async () => {
  await env?.close();
});

const PNG = `import struct, zlib
def png(width, height, pixel):
    rows = b"".join(b"\\0" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height))
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
`;

test('an HTML table, an SVG, a PNG, JSON and a rich last value appear in order with the printed text', async () => {
  const text = await runInPlayground(page, [
    PNG,
    'from wasipy import HTML, SVG, Image, JSON',
    'print("first line")',
    'display(HTML("<table><tr><th>n</th><th>n²</th></tr>" + "".join(f"<tr><td>{n}</td><td>{n*n}</td></tr>" for n in range(1, 4)) + "</table>"))',
    'display(SVG(\'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><circle cx="30" cy="30" r="25" fill="teal"/><rect x="70" y="10" width="40" height="40" fill="orange"/></svg>\'))',
    'print("between")',
    'display(Image(png(64, 32, lambda x, y: (x * 4, y * 8, 160))), JSON({"a": [1, 2]}))',
    'class Card:',
    '    def _repr_html_(self): return "<div style=\'padding:4px;border:2px solid purple\'>a card</div>"',
    'Card()',
  ].join('\n'));
  assert.match(text, /^first line\n[\s\S]*between\n/);
  const order = await page.$$eval('#output > *', (els) => els.map((el) => (el.classList.contains('display') ? el.dataset.mime : el.textContent.trim())).filter(Boolean));
  assert.deepEqual(order.slice(0, 6), ['first line', 'text/html', 'image/svg+xml', 'between', 'image/png', 'application/json']);
  assert.equal(order[6], 'text/html');
  // The images decoded: their natural sizes are the PNG's and the SVG's.
  const sizes = await page.$$eval('#output .display img', (imgs) => Promise.all(imgs.map((img) => img.decode().then(() => [img.naturalWidth, img.naturalHeight]))));
  assert.deepEqual(sizes, [[120, 60], [64, 32]]);
  const cells = await page.$eval('#output .display iframe', (frame) => [...frame.contentDocument.querySelectorAll('td')].map((td) => td.textContent));
  assert.deepEqual(cells, ['1', '1', '2', '4', '3', '9']);
  assert.match(await page.$eval('#output .display[data-mime="application/json"]', (el) => el.textContent), /"a": \[\n\s+1,/);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(artifacts, 'display-playground.png') });
});

test('the playground\'s pictures example shows its Markdown, table, chart and PNG', async () => {
  await page.selectOption('#examples', 'pictures');
  await page.click('#run');
  await page.waitForFunction(() => document.body.dataset.running === 'false' && document.querySelectorAll('#output .display').length >= 4, null, { timeout: 90_000 });
  const kinds = await page.$$eval('#output .display', (els) => els.map((el) => el.dataset.mime));
  assert.deepEqual(kinds, ['text/markdown', 'text/html', 'image/svg+xml', 'image/png']);
  const size = await page.$eval('#output .display[data-mime="image/png"] img', (img) => img.decode().then(() => [img.naturalWidth, img.naturalHeight]));
  assert.deepEqual(size, [160, 80]);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(artifacts, 'display-pictures-example.png') });
});

const PAYLOADS = [
  '<img src=x onerror="parent.__pwned = \'img onerror\'">',
  '<script>parent.__pwned = "script"</script>',
  '<svg onload="parent.__pwned = \'svg onload\'"><circle r=5 /></svg>',
  '<a id=js href="javascript:parent.__pwned=\'javascript link\'">click me</a>',
  '<iframe src="javascript:parent.parent.__pwned=\'nested frame\'"></iframe>',
  '<form action="javascript:parent.__pwned=\'form\'"><button id=submit>go</button></form>',
  '<div style="position:fixed;inset:0;z-index:99999;background:red">covering the page</div>',
  // The page's own origin: a request there would carry its cookies.
  '<img src="/leak/tracking-pixel.png"><link rel=stylesheet href="/leak/steal.css"><div style="background:url(/leak/bg.png)">x</div>',
  '<meta http-equiv="refresh" content="0;url=javascript:parent.__pwned=\'refresh\'">',
];

test('HTML from Python runs no script, fetches nothing and cannot cover the page; SVG with script is an inert image', async () => {
  await page.evaluate(() => { window.__pwned = null; });
  responses.length = 0;
  blocked.length = 0;
  const code = [
    'from wasipy import HTML, SVG',
    ...PAYLOADS.map((p) => `display(HTML(${JSON.stringify(p)}))`),
    'display(SVG(\'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="parent.__pwned=1"><script>parent.__pwned=2</script><image href="/leak/x.png"/></svg>\'))',
    'print("done")',
  ].join('\n');
  assert.match(await runInPlayground(page, code), /done/);
  const frames = await page.$$('#output .display iframe');
  assert.equal(frames.length, PAYLOADS.length);
  // Click what can be clicked inside the frames: the javascript: link, the form's button.
  for (const frame of frames) {
    const inner = await frame.contentFrame();
    for (const selector of ['#js', '#submit']) {
      if (await inner.$(selector)) await inner.click(selector).catch(() => {});
    }
  }
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => window.__pwned), null);
  assert.deepEqual(responses.filter((url) => url.includes('/leak/')), [], 'nothing is fetched from inside a display');
  for (const [url, why] of blocked.filter(([url]) => url.includes('/leak/'))) assert.match(why, /BLOCKED_BY_CSP|^csp$/, url);
  // The covering div stays in its frame: the Run button is what is at its place.
  const hit = await page.evaluate(() => {
    const r = document.getElementById('run').getBoundingClientRect();
    return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)?.closest('#run') !== null;
  });
  assert.ok(hit, 'the Run button is still on top');
  await page.screenshot({ path: join(artifacts, 'display-payloads.png') });
});

const MARKDOWN = 'display(Markdown("# Title\\n\\nSome *emphasis* and `code`.\\n\\n- one\\n- two\\n\\n<script>parent.__pwned = 1</script><img src=x onerror=\\"parent.__pwned = 2\\">"))';

test('Markdown is shown formatted, its raw HTML as text', async () => {
  await page.evaluate(() => { window.__pwned = null; });
  await runInPlayground(page, `from wasipy import Markdown\n${MARKDOWN}`);
  const frame = await page.waitForSelector('#output .display[data-mime="text/markdown"] iframe');
  await page.waitForFunction((f) => f.contentDocument?.querySelector('h1'), frame);
  const shape = await frame.evaluate((f) => {
    const doc = f.contentDocument;
    return { h1: doc.querySelector('h1').textContent, items: doc.querySelectorAll('li').length, em: doc.querySelector('em')?.textContent, scripts: doc.querySelectorAll('script, img').length, text: doc.body.textContent };
  });
  assert.deepEqual([shape.h1, shape.items, shape.em, shape.scripts], ['Title', 2, 'emphasis', 0]);
  assert.match(shape.text, /<script>parent\.__pwned = 1<\/script>/, 'raw HTML is text');
  assert.equal(await page.evaluate(() => window.__pwned), null);
  await page.screenshot({ path: join(artifacts, 'display-markdown.png') });
});

test('LaTeX is shown as MathML made by KaTeX, the text around it as text; it makes no link', async () => {
  await page.evaluate(() => { window.__pwned = null; });
  await runInPlayground(page, [
    'from wasipy import Latex',
    'display(Latex(r"$$\\frac{a}{b} + \\sqrt{x^2}$$"))',
    'class Value:',
    '    def _repr_latex_(self): return r"the value $\\alpha_1$ is <b>small</b>, \\href{javascript:parent.__pwned=1}{click}"',
    'Value()',
  ].join('\n'));
  const frames = await page.$$('#output .display[data-mime="text/latex"] iframe');
  assert.equal(frames.length, 2);
  const read = (frame) => frame.evaluate((f) => new Promise((resolve) => {
    const look = () => {
      const doc = f.contentDocument;
      if (doc?.querySelector('math')) resolve({ tags: [...doc.querySelectorAll('mfrac, msqrt, msub, a, b, script')].map((e) => e.localName), text: doc.body.textContent });
      else setTimeout(look, 50);
    };
    look();
  }));
  const [first, second] = [await read(frames[0]), await read(frames[1])];
  assert.deepEqual(first.tags, ['mfrac', 'msqrt']);
  assert.ok(second.tags.includes('msub') && !second.tags.includes('a') && !second.tags.includes('b'), second.tags.join());
  assert.match(second.text, /^the value .* is <b>small<\/b>, /);
  assert.equal(await page.evaluate(() => window.__pwned), null);
  await page.screenshot({ path: join(artifacts, 'display-latex.png') });
});

test('Markdown whose renderer cannot be loaded is shown as its text', async () => {
  const other = await env.browser.newPage();
  try {
    await other.route('**/assets/markdown-it-*.js', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await gotoPlayground(other, env.baseUrl);
    await runInPlayground(other, `from wasipy import Markdown\n${MARKDOWN}`);
    const box = await other.waitForSelector('#output .display.text[data-mime="text/markdown"]');
    assert.match(await box.textContent(), /^# Title\n\nSome \*emphasis\*/);
  } finally {
    await other.close();
  }
});

test('an image past the size limit and data that is not base64 are a notice, not an image', async () => {
  const text = await runInPlayground(page, [
    'display({"image/png": "not base64!", "text/plain": "bad"}, raw=True)',
    'import base64',
    'display({"image/png": base64.b64encode(b"\\x89PNG" + bytes(11 * 1024 * 1024)).decode(), "text/plain": "huge"}, raw=True)',
  ].join('\n'));
  assert.match(text, /\[an image \(image\/png\) that is not base64 was not shown\]/);
  assert.match(text, /\[an image of 11\.5 MB was not shown: images are shown up to 10 MiB\]/);
});

test('a docs snippet shows displays too, in its own output, after the printed line', async () => {
  const docs = await openPage('examples/docs.html', (p) => p.waitForFunction(() => customElements.get('python-snippet')));
  try {
    const { snippet, status } = await runNewSnippet(docs.page, 'display-sample', 'from wasipy import HTML, SVG\nprint("a table:")\ndisplay(HTML("<table><tr><td>7</td></tr></table>"))\nSVG(\'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="navy"/></svg>\')');
    assert.equal(status, 'ok');
    // The renderer is loaded at the first display: wait until it filled them.
    await snippet.evaluate((el) => new Promise((resolve) => {
      const done = () => el.shadowRoot.querySelectorAll('.display[data-mime]').length === 2;
      if (done()) resolve();
      else new MutationObserver((_, observer) => done() && (observer.disconnect(), resolve())).observe(el.shadowRoot, { subtree: true, childList: true, attributes: true });
    }));
    const shown = await snippet.evaluate((el) => [...el.shadowRoot.querySelector('.output').children].map((c) => (c.classList.contains('display') ? c.dataset.mime : c.textContent)));
    assert.deepEqual(shown, ['a table:\n', 'text/html', 'image/svg+xml']);
    const cell = await snippet.evaluate((el) => new Promise((resolve) => {
      const frame = el.shadowRoot.querySelector('.display iframe');
      const read = () => frame.contentDocument?.querySelector('td')?.textContent;
      if (read()) resolve(read());
      else frame.addEventListener('load', () => resolve(read()), { once: true });
    }));
    assert.equal(cell, '7');
    await docs.page.locator('#display-sample').screenshot({ path: join(artifacts, 'display-embed.png') });
    // The example page's own Pictures snippet: one display of each kind.
    const pictures = docs.page.locator('python-snippet#pictures');
    const result = pictures.evaluate((el) => new Promise((resolve) => el.addEventListener('wasipy-result', (e) => resolve(e.detail.status), { once: true })));
    await pictures.evaluate((el) => el.shadowRoot.querySelector('button.run').click());
    assert.equal(await result, 'ok');
    const kinds = await pictures.evaluate((el) => new Promise((resolve) => {
      const look = () => {
        const found = [...el.shadowRoot.querySelectorAll('.display')].map((d) => d.dataset.mime);
        if (found.length === 4 && found.every(Boolean)) resolve(found);
        else setTimeout(look, 50);
      };
      look();
    }));
    assert.deepEqual(kinds, ['text/markdown', 'text/html', 'image/svg+xml', 'image/png']);
    await pictures.scrollIntoViewIfNeeded();
    await docs.page.waitForTimeout(300);
    await pictures.screenshot({ path: join(artifacts, 'display-docs-pictures.png') });
  } finally {
    await docs.env.close();
  }
});

test('a docs snippet whose display renderer cannot be loaded shows each display\'s text', async () => {
  const docs = await openPage('examples/docs.html', async (p) => {
    await p.route('**/assets/rich-output-*.js', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await p.waitForFunction(() => customElements.get('python-snippet'));
  });
  try {
    const { snippet, status } = await runNewSnippet(docs.page, 'display-offline', 'from wasipy import HTML\ndisplay(HTML("<b>bold</b>"))\nprint("after")');
    assert.equal(status, 'ok');
    await snippet.evaluate((el) => new Promise((resolve) => {
      const done = () => el.shadowRoot.querySelector('.display.text');
      if (done()) resolve();
      else new MutationObserver((_, observer) => done() && (observer.disconnect(), resolve())).observe(el.shadowRoot, { subtree: true, childList: true, attributes: true });
    }));
    const shown = await snippet.evaluate((el) => [...el.shadowRoot.querySelector('.output').children].map((c) => c.textContent));
    assert.deepEqual(shown, ['<wasipy.HTML object>', 'after\n']);
  } finally {
    await docs.env.close();
  }
});
