// /.wasipy/fetch, the device code in a session writes to for downloads
// (wasipy.install() inside a run): it fetches only what the installer is
// entitled to (pages of the session's index, files they named, their PEP 658
// metadata), never with credentials, and refuses the rest with a reason
// Python raises. Driven here as Python drives it (write the JSON request,
// prepare, read the answer), against the local index and a second server that
// stands for the page's own origin, which must never be asked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { Directory } from '@bjorn3/browser_wasi_shim';
import { FetchDevice } from '../../lib/fetch-device.js';
import { PackageGate, parseIndexPage, htmlLinks } from '../../lib/package-gate.js';
import { startPackageIndex } from '../package-index/server.mjs';

let index;
let htmlIndex;
let origin; // "the page's origin": records what reaches it
const originRequests = [];

before(async () => {
  index = await startPackageIndex();
  htmlIndex = await startPackageIndex({ json: false, relativeUrls: true });
  const server = createServer((req, res) => {
    originRequests.push(req.url);
    res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' }).end('the reader\'s private data');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) };
});
after(async () => {
  await index?.close();
  await htmlIndex?.close();
  await origin?.close();
});

/** A device as a session has it, and `ask(need)`: one request written, answered, read back as Python does. */
function device(indexUrl) {
  const downloads = new Directory(new Map());
  const gate = new PackageGate();
  const dev = new FetchDevice({ downloads, dir: '/.wasipy/downloads', gate, indexUrl });
  const ask = async (need) => {
    const fd = dev.path_open().fd_obj;
    fd.fd_write(new TextEncoder().encode(typeof need === 'string' ? need : JSON.stringify(need)));
    await fd.prepare();
    const { data } = fd.fd_read(1 << 24);
    return JSON.parse(new TextDecoder().decode(data));
  };
  return { ask, downloads, gate };
}

/** Every fetch() call's init while `fn` runs. */
async function recordingFetches(fn) {
  const calls = [];
  const real = globalThis.fetch;
  globalThis.fetch = (url, init) => {
    calls.push({ url: String(url), init });
    return real(url, init);
  };
  try {
    await fn();
  } finally {
    globalThis.fetch = real;
  }
  return calls;
}

test('the device fetches index pages, the files they name and their metadata, without credentials', async () => {
  const { ask, downloads } = device(index.url);
  const six = index.projects.get('six').files.find((f) => f.filename.endsWith('.whl'));
  const fileUrl = `${index.origin}/files/${encodeURIComponent(six.filename)}`;
  const calls = await recordingFetches(async () => {
    const page = await ask([{ url: `${index.url}six/`, kind: 'index' }]);
    assert.equal(page[`${index.url}six/`].status, 200);
    assert.equal(page[`${index.url}six/`].error, null);
    const files = await ask([{ url: fileUrl, kind: 'wheel', sha256: six.sha256 }, { url: `${fileUrl}.metadata`, kind: 'metadata' }]);
    assert.equal(files[fileUrl].status, 200, files[fileUrl].error);
    assert.equal(files[`${fileUrl}.metadata`].status, 200, files[`${fileUrl}.metadata`].error);
    const name = files[fileUrl].path.split('/').pop();
    assert.equal(Buffer.compare(Buffer.from(downloads.contents.get(name).data), six.bytes), 0);
  });
  assert.ok(calls.length >= 2, 'the page and the wheel were fetched (the metadata too, or the wheel from the cache)');
  for (const { url, init } of calls) assert.equal(init?.credentials, 'omit', `${url} is fetched without cookies or HTTP credentials`);
});

test('the device refuses any other URL, unfetched, and says which and why', async () => {
  const { ask } = device(index.url);
  const asked = [
    `${origin.url}account/settings`, // the page's origin: the reader's data
    `${origin.url}simple/six/`, // an index other than the session's
    `${origin.url}files/six-1.16.0-py2.py3-none-any.whl`, // a wheel no index page named
    `${index.origin}/files/six-1.17.0-py2.py3-none-any.whl`, // a file of the index, but no page of it was read
    `${index.url}six/../../secret/`, // out of the index by a dot segment
    `${index.url}`, // the index's root page lists projects, not files
    'file:///etc/passwd',
    'data:text/plain,hello',
  ];
  const answer = await ask(asked.map((url) => ({ url, kind: 'wheel' })));
  for (const url of asked) {
    assert.equal(answer[url].path, null, url);
    assert.match(answer[url].error, /refused by the page/, url);
  }
  assert.match(answer[`${origin.url}account/settings`].error, /neither a project page of the package index in use \(http:\/\/127\.0\.0\.1:\d+\/simple\/\) nor a file such a page named/);
  assert.match(answer['file:///etc/passwd'].error, /not an http\(s\) URL/);
  assert.deepEqual(originRequests, [], 'nothing reached the page\'s origin');
  // What Python would not even write gets a clear answer too.
  assert.match((await ask('{"url": 1}')).error, /the page could not fetch: .*JSON list/);
  assert.match((await ask('not json')).error, /the page could not fetch/);
});

test('a file named by a page is fetched with the sha256 the page gave, not the one Python wrote', async () => {
  const { ask, gate } = device(index.url);
  await ask([{ url: `${index.url}six/`, kind: 'index' }]);
  const six = index.projects.get('six').files.find((f) => f.filename.endsWith('.whl'));
  const fileUrl = `${index.origin}/files/${encodeURIComponent(six.filename)}`;
  const { item } = gate.admit({ url: fileUrl, kind: 'wheel', sha256: '0'.repeat(64) }, { indexUrl: index.url });
  assert.equal(item.sha256, six.sha256);
  assert.equal(item.kind, 'wheel');
});

test('PEP 503 HTML pages: relative links, <base>, entities, comments; the same files as PEP 691 JSON', async () => {
  const { ask, gate } = device(htmlIndex.url);
  const page = await ask([{ url: `${htmlIndex.url}attrs/`, kind: 'index' }]);
  assert.equal(page[`${htmlIndex.url}attrs/`].status, 200);
  const attrs = htmlIndex.projects.get('attrs').files;
  for (const f of attrs) {
    const url = `${htmlIndex.origin}/files/${encodeURIComponent(f.filename)}`;
    const { item, refused } = gate.admit({ url, kind: 'wheel' }, { indexUrl: htmlIndex.url });
    assert.ok(item, refused);
    assert.equal(item.sha256, f.sha256);
  }
  const html = `<!DOCTYPE html><base href="https://files.example/pkgs/">
<!-- <a href="https://evil.example/commented.whl">x</a> -->
<a href='a-1.0-py3-none-any.whl#sha256=${'a'.repeat(64)}' data-core-metadata="sha256=${'b'.repeat(64)}">a-1.0-py3-none-any.whl</a>
<a data-requires-python="&gt;=3.8" href=b-1.0-py3-none-any.whl?x=1&amp;y=2>b &amp; c</a>
<A HREF="/c-1.0-py3-none-any.whl" data-dist-info-metadata=true>c</A>`;
  const files = parseIndexPage('https://index.example/simple/a/', new TextEncoder().encode(html), 'text/html');
  assert.deepEqual(files, [
    { url: 'https://files.example/pkgs/a-1.0-py3-none-any.whl', sha256: 'a'.repeat(64), metadata: { sha256: 'b'.repeat(64) } },
    { url: 'https://files.example/pkgs/b-1.0-py3-none-any.whl?x=1&y=2', sha256: null, metadata: null },
    { url: 'https://files.example/c-1.0-py3-none-any.whl', sha256: null, metadata: { sha256: null } },
  ]);
  assert.equal(htmlLinks(html).find((t) => t.tag === 'a' && t.attrs.get('href')?.startsWith('b')).text, 'b & c');
});
