// Trust boundaries in Chromium (issue 21): code from a share link runs in the
// reader's browser, so what it can reach beyond its worker is tested here on
// the built site. The package index is the local one (web/test/package-index),
// served through the page's own origin where a test needs downloads to be
// same-origin (where cookies would go by default).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, setEditorCode, artifacts } from './harness.mjs';
import { startPackageIndex } from '../package-index/server.mjs';

let env;
let index;

before(async () => {
  // Relative file URLs: proxied under the page's origin, the wheels are same-origin too.
  index = await startPackageIndex({ relativeUrls: true });
  env = await startBrowser();
});
after(async () => {
  await env?.close();
  await index?.close();
});

async function playground(page, query = '') {
  await page.goto(`${env.baseUrl}${query}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
}

/** Runs the editor's code; resolves with the output pane's text once the run ended. */
async function runInPlayground(page, code) {
  await setEditorCode(page, code);
  await page.click('#run');
  await page.waitForFunction(() => document.body.dataset.running === 'false' && !['running', 'init', 'loading'].includes(document.getElementById('status').dataset.state), null, { timeout: 90_000 });
  return page.locator('#output').innerText();
}

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
