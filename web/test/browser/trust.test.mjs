// Trust boundaries in Chromium (issue 21): code from a share link runs in the
// reader's browser, so what it can reach beyond its worker is tested here on
// the built site. The package index is the local one (web/test/package-index),
// served through the page's own origin where a test needs downloads to be
// same-origin (where cookies would go by default).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserAndIndex, artifacts, gotoPlayground, runInPlayground } from './harness.mjs';

let env;
let index;
let stop;

// Relative file URLs: proxied under the page's origin, the wheels are same-origin too.
before(async () => ({ env, index, close: stop } = await startBrowserAndIndex({ relativeUrls: true })));
after(() => stop?.());

const playground = (page, query = '') => gotoPlayground(page, env.baseUrl, query);

/**
 * Serves the index under the page's origin (`<base>simple/`, `<base>files/`)
 * and a private path of the origin (`<base>private/`); records each request's
 * path and Cookie header.
 */
async function sameOriginIndex(page) {
  const seen = [];
  const proxy = async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    const headers = await request.allHeaders();
    seen.push({ path: url.pathname, cookie: headers.cookie ?? null });
    if (url.pathname.startsWith('/private/')) return route.fulfill({ status: 200, contentType: 'text/plain', body: 'the reader\'s private data' });
    const response = await fetch(`${index.origin}${url.pathname}`, { headers: { accept: headers.accept ?? '*/*' } });
    const kept = Object.fromEntries([...response.headers].filter(([name]) => !['content-encoding', 'content-length'].includes(name)));
    return route.fulfill({ status: response.status, headers: kept, body: Buffer.from(await response.arrayBuffer()) });
  };
  for (const path of ['simple/**', 'files/**', 'private/**']) await page.route(`${env.baseUrl}${path}`, proxy);
  return seen;
}

test('finding 2: downloads for Python carry no cookies, and /.wasipy/fetch refuses what the index did not name', async () => {
  const page = await env.browser.newPage();
  try {
    await env.browser.addCookies([{ name: 'sid', value: 'reader-secret', url: env.baseUrl }]);
    const seen = await sameOriginIndex(page);
    const base = env.baseUrl;
    await playground(page, `?index=${encodeURIComponent(`${base}simple/`)}`);
    const out = await runInPlayground(page, `import json, wasipy
wasipy.install("six")
import six
print("installed", six.__name__)
with open("/.wasipy/fetch", "r+b", buffering=0) as device:
    device.write(json.dumps([{"url": "${base}private/account", "kind": "wheel"}]).encode())
    answer = json.loads(device.read(1 << 20))
print("device:", answer["${base}private/account"])
for args in (["${base}private/x-1.0-py3-none-any.whl"], ["attrs"]):
    try:
        wasipy.install(*args, index_urls="${base}private/simple/" if args == ["attrs"] else None)
    except Exception as e:
        print("refused:", type(e).__name__, e)
`);
    assert.match(out, /^installed six$/m);
    assert.match(out, /^device: \{'path': None, 'status': 0, 'content_type': None, 'error': 'refused by the page: it is neither a project page of the package index in use/m);
    assert.match(out, new RegExp(`^refused: InstallError could not fetch the wheel ${base}private/x-1\\.0-py3-none-any\\.whl: refused by the page`, 'm'));
    assert.match(out, new RegExp(`^refused: InstallError could not fetch the index page ${base}private/simple/attrs/: refused by the page`, 'm'));
    assert.deepEqual(seen.filter((r) => r.path.startsWith('/private/')), [], 'nothing of the origin outside the index was fetched');
    const downloads = seen.filter((r) => /^\/(simple|files)\//.test(r.path));
    assert.ok(downloads.some((r) => r.path.startsWith('/files/six')), `the wheel came through the origin: ${JSON.stringify(seen)}`);
    for (const r of downloads) assert.equal(r.cookie, null, `${r.path} was fetched without the reader's cookies`);

    // The page's own installs (a PEP 723 block) omit them too.
    const script = await runInPlayground(page, '# /// script\n# dependencies = ["more-itertools"]\n# ///\nimport more_itertools\nprint(more_itertools.first([7]))\n');
    assert.match(script, /^7$/m);
    assert.ok(seen.some((r) => r.path.startsWith('/files/more_itertools')));
    for (const r of seen.filter((r) => /^\/(simple|files)\//.test(r.path))) assert.equal(r.cookie, null, `${r.path}: no cookies`);
  } finally {
    await env.browser.clearCookies();
    await page.close();
  }
});

test('finding 1: a plan planted by a share link\'s code is not replayed from the Cache API by a later visit', async () => {
  const page = await env.browser.newPage();
  try {
    await sameOriginIndex(page);
    const query = `?index=${encodeURIComponent(`${env.baseUrl}simple/`)}`;
    const script = '# /// script\n# dependencies = ["six>=1.2"]\n# ///\nimport six\ntry:\n    import more_itertools\n    print("planted wheel installed")\nexcept ImportError:\n    print("only what the index said")\n';
    const planted = index.projects.get('more-itertools').files.find((f) => f.filename.endsWith('.whl'));
    const entry = { name: 'more-itertools', version: planted.version, url: `${env.baseUrl}files/${planted.filename}`, sha256: planted.sha256, filename: planted.filename };
    await playground(page, query);
    // The share link: replaces the installer, then (a second Run) installs its block.
    await runInPlayground(page, `import _wasipy_packages
_real_step = _wasipy_packages.step
def _planting_step(request):
    answer = _real_step(request)
    if "done" in answer:
        answer["done"]["plan"] = answer["done"]["plan"] + [${JSON.stringify(entry)}]
    return answer
_wasipy_packages.step = _planting_step
print("planted")`);
    const first = await runInPlayground(page, script);
    assert.match(first, /Installed six/);
    // A later visit with the same block: a fresh worker, the origin's Cache API.
    await playground(page, query);
    const later = await runInPlayground(page, script);
    assert.match(later, /^only what the index said$/m);
    assert.doesNotMatch(later, /more[-_]itertools/i);
  } finally {
    await page.close();
  }
});

test('finding 6: the page\'s own messages are plain text: escapes in a file name from the index are shown, not obeyed', async () => {
  const page = await env.browser.newPage();
  try {
    await sameOriginIndex(page);
    const base = env.baseUrl;
    // An index page whose only file has escape sequences in its URL's name (percent-escaped, as a URL
    // carries them), and a sha256 the body does not have: the install error quotes the name.
    const evil = 'evilpkg-1.0-py3-none-any.whl\x1b[32m✓ verified\x1b[0m \x1b]8;;https://evil.example/\x07click here\x1b]8;;\x07.whl';
    const six = index.projects.get('six').files.find((f) => f.filename.endsWith('.whl'));
    await page.route(`${base}simple/evilpkg/`, (route) => route.fulfill({
      status: 200,
      contentType: 'application/vnd.pypi.simple.v1+json',
      body: JSON.stringify({ meta: { 'api-version': '1.1' }, name: 'evilpkg', files: [{ filename: 'evilpkg-1.0-py3-none-any.whl', url: `../../files/${encodeURIComponent(evil)}`, hashes: { sha256: '0'.repeat(64) } }] }),
    }));
    await page.route(`${base}files/evilpkg*`, (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body: six.bytes }));
    await playground(page, `?index=${encodeURIComponent(`${base}simple/`)}`);
    const out = await runInPlayground(page, '# /// script\n# dependencies = ["evilpkg"]\n# ///\nprint("never")\n');
    assert.match(out, /sha256/);
    assert.match(out, /evilpkg-1\.0-py3-none-any\.whl\\x1b\[32m✓ verified\\x1b\[0m \\x1b\]8;;https:\/\/evil\.example\/\\x07click here\\x1b\]8;;\\x07\.whl/, 'the escapes are shown as in a repr');
    const styled = await page.locator('#output').evaluate((el) => ({ links: el.querySelectorAll('a').length, styled: el.querySelectorAll(':scope > span > span').length }));
    assert.deepEqual(styled, { links: 0, styled: 0 }, 'no link and no colour in the page\'s message');
    await page.locator('#output').screenshot({ path: `${artifacts}/trust-plain-message.png` });

    // The docs embed's install error is the page's text too.
    const html = `<!doctype html><meta charset="utf-8"><title>plain</title>
<script type="module" src="${base}embed.js" data-index-url="${base}simple/"></script>
<python-snippet id="evil" packages="evilpkg">print("never")</python-snippet>`;
    await page.route(`${base}plain-test.html`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
    await page.goto(`${base}plain-test.html`);
    await page.waitForFunction(() => document.getElementById('evil')?.shadowRoot?.querySelector('button.run'));
    const result = await page.evaluate(() => new Promise((resolve) => {
      const el = document.getElementById('evil');
      el.addEventListener('wasipy-result', () => {
        const output = el.shadowRoot.querySelector('.output');
        resolve({ text: output.innerText, links: output.querySelectorAll('a').length, styled: output.querySelectorAll(':scope > span > span').length });
      }, { once: true });
      el.shadowRoot.querySelector('button.run').click();
    }));
    assert.match(result.text, /\\x1b\[32m✓ verified/);
    assert.equal(result.links, 0);
    assert.equal(result.styled, 0);
  } finally {
    await page.close();
  }
});

test('finding 4: a link\'s ?index= other than PyPI\'s is shown on the page and in each install\'s progress', async () => {
  const page = await env.browser.newPage();
  try {
    // The default index, by name or by leaving it out: no notice.
    for (const query of ['', `?index=${encodeURIComponent('https://pypi.org/simple/')}`]) {
      await playground(page, query);
      assert.equal(await page.locator('#index-notice').isHidden(), true, `no notice for "${query}"`);
    }
    await playground(page, `?index=${encodeURIComponent(index.url)}`);
    const notice = page.locator('#index-notice');
    assert.equal(await notice.isVisible(), true);
    assert.equal(await notice.innerText(), `Packages on this page come from ${index.url}, the package index this link names (?index=), not from PyPI. Install only from an index you trust.`);
    const out = await runInPlayground(page, '# /// script\n# dependencies = ["six"]\n# ///\nimport six\nprint(six.__name__)\n');
    assert.match(out, new RegExp(`^Installing from ${index.url.replace(/[.?]/g, '\\$&')} \\(this link's \\?index=, not PyPI\\)$`, 'm'));
    assert.match(out, /^six$/m);
    await page.screenshot({ path: `${artifacts}/trust-index-notice.png` });
  } finally {
    await page.close();
  }
});

// (Before the fix the bar stayed at "Running block 1 of 2…" and never fired its event: the timeout fails it.)
test('issue 21\'s question: a replaced _wasipy_pycon.check cannot leave "Run all examples" stuck', { timeout: 120_000 }, async () => {
  const page = await env.browser.newPage();
  try {
    const base = env.baseUrl;
    // A snippet of the same session replaces the checker with one whose reply has the wrong shape.
    const html = `<!doctype html><meta charset="utf-8"><title>pycon</title>
<script type="module" src="${base}embed.js" data-check-all></script>
<python-snippet id="plant" session="s">import _wasipy_pycon, base64
_wasipy_pycon.check = lambda text, flags: base64.b64encode(b'{"checked": true, "error": null}').decode()
print("planted")</python-snippet>
<pre><code class="language-pycon" data-session="s">&gt;&gt;&gt; 1 + 1
2</code></pre>
<pre><code class="language-pycon" data-session="s">&gt;&gt;&gt; 2 + 2
4</code></pre>`;
    await page.route(`${base}pycon-test.html`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
    await page.goto(`${base}pycon-test.html`);
    await page.waitForFunction(() => document.querySelectorAll('python-pycon').length === 2 && document.querySelector('python-check-all')?.shadowRoot);
    const planted = await page.evaluate(() => new Promise((resolve) => {
      const el = document.getElementById('plant');
      el.addEventListener('wasipy-result', (e) => resolve(e.detail.status), { once: true });
      el.shadowRoot.querySelector('button.run').click();
    }));
    assert.equal(planted, 'ok');
    const totals = await page.evaluate(() => new Promise((resolve) => {
      const bar = document.querySelector('python-check-all');
      bar.addEventListener('wasipy-check-all', (e) => resolve(e.detail), { once: true });
      bar.shadowRoot.querySelector('button.run').click();
    }));
    assert.equal(totals.failed, 2);
    assert.equal(totals.matched, 0, 'no ✓ from a reply without examples');
    const shown = await page.evaluate(() => ({
      summary: document.querySelector('python-check-all').shadowRoot.querySelector('.summary').textContent,
      notes: [...document.querySelectorAll('python-pycon')].map((b) => b.shadowRoot.textContent),
    }));
    assert.match(shown.summary, /2 blocks did not finish/);
    for (const note of shown.notes) assert.match(note, /unexpected reply from the >>> checker \(no list of examples\); code in this session may have replaced _wasipy_pycon\.check/);
  } finally {
    await page.close();
  }
});
