// The test package index itself (web/test/package-index/), checked with
// fetch() as the installer will use it, and the wheels checked with the host's
// Python: what it publishes must match what it serves, or every installer test
// built on it proves nothing.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { startPackageIndex, HTML_PAGE } from '../package-index/server.mjs';
import { ensureWheels, pinnedWheels, wheelsDir } from '../package-index/fetch-wheels.mjs';
import { wheelMetadata } from '../package-index/wheel-metadata.mjs';

const run = promisify(execFile);
const JSON_ACCEPT = 'application/vnd.pypi.simple.v1+json';
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const bytesOf = async (response) => Buffer.from(await response.arrayBuffer());

let index;
before(async () => {
  index = await startPackageIndex();
});
after(() => index.close());

async function projectJson(name, server = index) {
  const response = await fetch(`${server.url}${name}/`, { headers: { accept: JSON_ACCEPT } });
  assert.equal(response.status, 200);
  return response.json();
}

// href="…#sha256=…" and the data- attributes of every anchor of a PEP 503 page.
function anchors(html) {
  return [...html.matchAll(/<a ([^>]*)>([^<]*)<\/a>/g)].map(([, attributes, text]) => ({
    text,
    ...Object.fromEntries([...attributes.matchAll(/([\w-]+)="([^"]*)"/g)].map(([, key, value]) => [key, value])),
  }));
}

test('the pinned wheels are all served under their project, with the sha256 wheels.json pins', async () => {
  const root = await (await fetch(index.url, { headers: { accept: JSON_ACCEPT } })).json();
  assert.equal(root.meta['api-version'], '1.1');
  const names = root.projects.map((project) => project.name.toLowerCase());
  for (const wheel of pinnedWheels) {
    assert.ok(names.includes(wheel.name), `${wheel.name} is in the root listing`);
    const page = await projectJson(wheel.name);
    const file = page.files.find((candidate) => candidate.filename === wheel.filename);
    assert.ok(file, `${wheel.filename} is listed under ${wheel.name}`);
    assert.equal(file.hashes.sha256, wheel.sha256);
  }
});

test('JSON when the Accept header asks for it (PEP 691), HTML otherwise (PEP 503)', async () => {
  const asJson = await fetch(`${index.url}attrs/`, { headers: { accept: JSON_ACCEPT } });
  assert.equal(asJson.headers.get('content-type'), JSON_ACCEPT);
  assert.equal((await asJson.json()).name, 'attrs');

  for (const accept of [undefined, 'text/html', '*/*', `text/html, ${JSON_ACCEPT};q=0.5`]) {
    const response = await fetch(`${index.url}attrs/`, { headers: accept ? { accept } : {} });
    assert.match(response.headers.get('content-type'), /^text\/html/, `Accept: ${accept}`);
    const html = await response.text();
    assert.match(html, /<meta name="pypi:repository-version" content="1\.1">/);
    assert.deepEqual(anchors(html).map((anchor) => anchor.text), ['attrs-26.1.0-py3-none-any.whl']);
  }
  const preferred = await fetch(`${index.url}attrs/`, { headers: { accept: `text/html;q=0.1, ${JSON_ACCEPT}` } });
  assert.equal(preferred.headers.get('content-type'), JSON_ACCEPT);

  const rootHtml = await (await fetch(index.url)).text();
  assert.ok(anchors(rootHtml).some((anchor) => anchor.href === 'rich/'), 'the HTML root links rich/');
});

test('an HTML-only index answers HTML even to a client asking for JSON', async () => {
  const htmlOnly = await startPackageIndex({ json: false, localWheels: false });
  try {
    const response = await fetch(`${htmlOnly.url}six/`, { headers: { accept: JSON_ACCEPT } });
    assert.match(response.headers.get('content-type'), /^text\/html/);
    assert.match(await response.text(), /six-1\.17\.0-py2\.py3-none-any\.whl#sha256=/);
  } finally {
    await htmlOnly.close();
  }
});

test('every published sha256 (JSON and HTML) is the sha256 of the bytes served', async () => {
  for (const [name] of index.projects) {
    const page = await projectJson(name);
    const html = anchors(await (await fetch(`${index.url}${name}/`)).text());
    assert.equal(html.length, page.files.length, `${name}: as many anchors as JSON files`);
    for (const file of page.files) {
      const served = await bytesOf(await fetch(file.url));
      assert.equal(sha256(served), file.hashes.sha256, `${file.filename}: served bytes match the index`);
      assert.equal(served.length, file.size, `${file.filename}: size`);
      const anchor = html.find((candidate) => candidate.text === file.filename);
      assert.equal(anchor.href, `${file.url}#sha256=${file.hashes.sha256}`);
    }
  }
});

test('PEP 658: <file>.metadata is the METADATA inside the wheel, as Python\'s zipfile reads it', async () => {
  for (const wheel of pinnedWheels) {
    const { files: [file] } = await projectJson(wheel.name);
    const served = await bytesOf(await fetch(`${file.url}.metadata`));
    const { stdout } = await run('python3', [
      '-c',
      'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); sys.stdout.buffer.write(z.read(next(n for n in z.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA"))))',
      join(wheelsDir, wheel.filename),
    ], { encoding: 'buffer', maxBuffer: 1 << 24 });
    assert.ok(served.equals(stdout), `${wheel.filename}.metadata equals the wheel's METADATA`);
    assert.deepEqual(file['core-metadata'], { sha256: sha256(served) });
    const anchor = anchors(await (await fetch(`${index.url}${wheel.name}/`)).text())[0];
    assert.equal(anchor['data-core-metadata'], `sha256=${sha256(served)}`);
    assert.equal(anchor['data-dist-info-metadata'], `sha256=${sha256(served)}`);
  }
});

test('pep658: false publishes no metadata and serves no .metadata file', async () => {
  const plain = await startPackageIndex({ pep658: false, localWheels: false });
  try {
    const { files: [file] } = await projectJson('rich', plain);
    assert.equal(file['core-metadata'], false);
    assert.equal(anchors(await (await fetch(`${plain.url}rich/`)).text())[0]['data-core-metadata'], undefined);
    assert.equal((await fetch(`${file.url}.metadata`)).status, 404);
  } finally {
    await plain.close();
  }
});

test('relativeUrls: file URLs are ../../files/<name>, resolving (as a client must) to the same bytes', async () => {
  const relative = await startPackageIndex({ relativeUrls: true, localWheels: false });
  try {
    const pageUrl = `${relative.url}six/`;
    const { files: [file] } = await projectJson('six', relative);
    assert.equal(file.url, '../../files/six-1.17.0-py2.py3-none-any.whl');
    const served = await bytesOf(await fetch(new URL(file.url, pageUrl)));
    assert.equal(sha256(served), file.hashes.sha256);
    assert.match(await (await fetch(pageUrl)).text(), /href="\.\.\/\.\.\/files\/six-1\.17\.0-py2\.py3-none-any\.whl#sha256=/);
  } finally {
    await relative.close();
  }
});

test('an unknown project and an unknown file are 404 with a message naming them; a non-normalized name redirects', async () => {
  const project = await fetch(`${index.url}no-such-project/`);
  assert.equal(project.status, 404);
  assert.match(await project.text(), /no project named no-such-project/);
  const file = await fetch(`${index.origin}/files/nothing-1.0-py3-none-any.whl`);
  assert.equal(file.status, 404);
  assert.match(await file.text(), /no file named nothing-1\.0-py3-none-any\.whl/);
  const redirect = await fetch(`${index.url}Markdown_It.Py`, { redirect: 'manual' });
  assert.equal(redirect.status, 301);
  assert.equal(redirect.headers.get('location'), '/simple/markdown-it-py/');
});

test('requests are logged in arrival order with method, path and Accept; reset() empties the same array', async () => {
  index.reset();
  const log = index.requests;
  await fetch(`${index.url}six/`, { headers: { accept: JSON_ACCEPT } });
  await fetch(`${index.origin}/files/six-1.17.0-py2.py3-none-any.whl?cache=1`, { method: 'HEAD' });
  assert.deepEqual(index.requests, [
    { method: 'GET', path: '/simple/six/', accept: JSON_ACCEPT },
    { method: 'HEAD', path: '/files/six-1.17.0-py2.py3-none-any.whl', accept: '*/*' },
  ]);
  index.reset();
  assert.equal(log.length, 0);
  assert.equal(index.requests, log);
});

test('setOffline(true): every request fails as a network error; setOffline(false) serves again', async () => {
  await fetch(`${index.url}six/`); // a kept-alive connection that offline must cut too
  index.setOffline(true);
  try {
    await assert.rejects(fetch(`${index.url}six/`), TypeError);
    await assert.rejects(fetch(`${index.origin}/files/six-1.17.0-py2.py3-none-any.whl`), TypeError);
  } finally {
    index.setOffline(false);
  }
  assert.equal((await fetch(`${index.url}six/`)).status, 200);
});

test('CORS: every answer allows any origin, and OPTIONS is answered', async () => {
  for (const path of ['/simple/', '/simple/six/', '/files/six-1.17.0-py2.py3-none-any.whl', '/simple/no-such-project/']) {
    const response = await fetch(`${index.origin}${path}`, { headers: { origin: 'http://example.test' } });
    assert.equal(response.headers.get('access-control-allow-origin'), '*', path);
  }
  const preflight = await fetch(`${index.url}six/`, { method: 'OPTIONS', headers: { origin: 'http://example.test', 'access-control-request-method': 'GET' } });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
  assert.match(preflight.headers.get('access-control-allow-methods'), /GET/);
});

test('override(): a path answers 404, a web page with 200, half its body, or a dropped connection, until removed', async () => {
  const path = '/simple/six/';
  try {
    index.override(path, 404);
    assert.equal((await fetch(`${index.origin}${path}`)).status, 404);
    index.override(path, 'html');
    const html = await fetch(`${index.origin}${path}`, { headers: { accept: JSON_ACCEPT } });
    assert.equal(html.status, 200);
    assert.equal(await html.text(), HTML_PAGE);
    const full = await bytesOf(await fetch(`${index.origin}/files/six-1.17.0-py2.py3-none-any.whl`));
    index.override('/files/six-1.17.0-py2.py3-none-any.whl', 'truncate');
    const cut = await bytesOf(await fetch(`${index.origin}/files/six-1.17.0-py2.py3-none-any.whl`));
    assert.equal(cut.length, full.length >> 1);
    assert.ok(full.subarray(0, cut.length).equals(cut));
    index.override('/files/six-1.17.0-py2.py3-none-any.whl', 'abort');
    await assert.rejects(async () => bytesOf(await fetch(`${index.origin}/files/six-1.17.0-py2.py3-none-any.whl`)), TypeError);
    index.override(path, (req, res) => res.writeHead(503, { 'retry-after': '1' }).end('busy'));
    assert.equal((await fetch(`${index.origin}${path}`)).status, 503);
    assert.throws(() => index.override(path, 'sometimes'), /how must be a function, a status number, 'html', 'truncate' or 'abort'/);
  } finally {
    index.override(path, null);
    index.override('/files/six-1.17.0-py2.py3-none-any.whl', null);
  }
  assert.equal((await fetch(`${index.origin}${path}`)).status, 200);
});

test('overrides given at start apply from the first request', async () => {
  const server = await startPackageIndex({ localWheels: false, overrides: { '/simple/attrs/': 404 } });
  try {
    assert.equal((await fetch(`${server.url}attrs/`)).status, 404);
    assert.equal((await fetch(`${server.url}six/`)).status, 200);
  } finally {
    await server.close();
  }
});

test('tamper(): the file served no longer has the sha256 the index publishes, until undone', async () => {
  const { files: [file] } = await projectJson('six');
  index.tamper(file.filename);
  try {
    const served = await bytesOf(await fetch(file.url));
    assert.equal(served.length, file.size);
    assert.notEqual(sha256(served), file.hashes.sha256);
    assert.equal((await projectJson('six')).files[0].hashes.sha256, file.hashes.sha256, 'the index still publishes the real hash');
  } finally {
    index.tamper(file.filename, false);
  }
  assert.equal(sha256(await bytesOf(await fetch(file.url))), file.hashes.sha256);
  assert.throws(() => index.tamper('nothing.whl'), /tamper\(nothing\.whl\): the index has no such file/);
});

test('the local test wheels: yanked, Requires-Python, markers, extras, another Python, a corrupt file', async () => {
  const yank = await projectJson('yankpkg');
  assert.deepEqual(yank.files.map((file) => [file.filename, file.yanked]), [
    ['yankpkg-1.0-py3-none-any.whl', false],
    ['yankpkg-2.0-py3-none-any.whl', '2.0 was released broken; use 1.0'],
  ]);
  const yankHtml = anchors(await (await fetch(`${index.url}yankpkg/`)).text());
  assert.equal(yankHtml[1]['data-yanked'], '2.0 was released broken; use 1.0');
  assert.equal(yankHtml[0]['data-yanked'], undefined);

  const future = await projectJson('futurepkg');
  assert.deepEqual(future.files.map((file) => file['requires-python']), [null, '>=3.14']);
  const futureHtml = anchors(await (await fetch(`${index.url}futurepkg/`)).text());
  assert.equal(futureHtml[1]['data-requires-python'], '&gt;=3.14', 'HTML-escaped');

  const marker = await (await fetch(`${(await projectJson('markerpkg')).files[0].url}.metadata`)).text();
  assert.match(marker, /^Requires-Dist: six; sys_platform == "wasi"$/m);
  assert.match(marker, /^Requires-Dist: nosuchpkg; sys_platform == "win32"$/m);
  const extra = await (await fetch(`${(await projectJson('extrapkg')).files[0].url}.metadata`)).text();
  assert.match(extra, /^Provides-Extra: fancy$/m);
  assert.match(extra, /^Requires-Dist: more-itertools; extra == "fancy"$/m);
  assert.deepEqual((await projectJson('oldpy')).files.map((file) => file.filename), ['oldpy-1.0-py2-none-any.whl']);
  assert.equal((await projectJson('conflict-a')).name, 'conflict-a');

  const broken = (await projectJson('brokenpkg')).files[0];
  assert.equal(broken.filename, 'brokenpkg-1.0-py3-none-any.whl');
  assert.equal(broken['core-metadata'], false);
  const brokenBytes = await bytesOf(await fetch(broken.url));
  assert.equal(sha256(brokenBytes), broken.hashes.sha256, 'the corrupt file passes its hash check');
  assert.throws(() => wheelMetadata(brokenBytes, broken.filename), /not a zip file/);
});

test('each local test wheel imports from the wheel (zipimport) and its RECORD matches its files', async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'package-index-test-'));
  try {
    const wheels = [...index.projects.values()].flatMap((project) => project.files).filter((file) => file.metadata && !pinnedWheels.some((wheel) => wheel.filename === file.filename));
    assert.equal(wheels.length, 14);
    for (const file of wheels) {
      const path = join(scratch, file.filename);
      // Bytes as served, not as built: this is what an installer receives.
      writeFileSync(path, await bytesOf(await fetch(`${index.origin}/files/${file.filename}`)));
      const module = file.filename.split('-')[0];
      const { stdout } = await run('python3', ['-c', CHECK_WHEEL, path, module]);
      assert.equal(stdout.trim(), `${file.version} hello from ${module} ${file.version}`, file.filename);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('make_test_wheels.py builds the same bytes every run (the published sha256s stay put)', async () => {
  const script = fileURLToPath(new URL('../package-index/make_test_wheels.py', import.meta.url));
  const scratch = mkdtempSync(join(tmpdir(), 'make-test-wheels-'));
  try {
    const builds = [];
    for (const name of ['first', 'second']) {
      const { stdout } = await run('python3', [script, join(scratch, name)]);
      builds.push(JSON.parse(stdout).map(({ filename }) => [filename, sha256(readFileSync(join(scratch, name, filename)))]));
    }
    assert.equal(builds[0].length, 15);
    assert.deepEqual(builds[1], builds[0]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

// Imports the module from the wheel and checks every RECORD line's hash and size.
const CHECK_WHEEL = `
import base64, csv, hashlib, io, sys, zipfile
path, module = sys.argv[1], sys.argv[2]
archive = zipfile.ZipFile(path)
record = next(n for n in archive.namelist() if n.endswith(".dist-info/RECORD"))
rows = list(csv.reader(io.StringIO(archive.read(record).decode())))
assert {row[0] for row in rows} == set(archive.namelist()), "RECORD lists every file"
for name, digest, size in rows:
    if name == record:
        continue
    data = archive.read(name)
    expected = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    assert digest == expected and int(size) == len(data), name
sys.path.insert(0, path)
imported = __import__(module)
print(imported.__version__, imported.hello())
`;

test('ensureWheels: a file whose sha256 is not its pin is an error naming the file, the pin and what came', async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'fetch-wheels-test-'));
  // pip reads its configuration from the environment: a local --find-links
  // directory and no index keep this test off the network.
  const saved = { PIP_NO_INDEX: process.env.PIP_NO_INDEX, PIP_FIND_LINKS: process.env.PIP_FIND_LINKS };
  try {
    const links = join(scratch, 'links');
    mkdirSync(links);
    const six = pinnedWheels.find((wheel) => wheel.name === 'six');
    copyFileSync(join(wheelsDir, six.filename), join(links, six.filename));
    process.env.PIP_NO_INDEX = '1';
    process.env.PIP_FIND_LINKS = links;

    const good = join(scratch, 'good');
    assert.equal(await ensureWheels({ wheels: [six], directory: good }), good);
    assert.equal(sha256(readFileSync(join(good, six.filename))), six.sha256);
    rmSync(links, { recursive: true });
    assert.equal(await ensureWheels({ wheels: [six], directory: good }), good, 'a file already right is not fetched again');

    mkdirSync(links);
    copyFileSync(join(wheelsDir, six.filename), join(links, six.filename));
    const wrongPin = { ...six, sha256: '0'.repeat(64) };
    await assert.rejects(
      ensureWheels({ wheels: [wrongPin], directory: join(scratch, 'bad') }),
      new RegExp(`test wheel ${six.filename.replace(/\./g, '\\.')} has the wrong sha256: expected 0{64}, got ${six.sha256}`),
    );
    await assert.rejects(
      ensureWheels({ wheels: [{ ...six, version: '0.0.1', filename: 'six-0.0.1-py3-none-any.whl' }], directory: join(scratch, 'missing') }),
      /cannot fetch the test wheels: `.* -m pip download .*six==0\.0\.1` failed/,
    );
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('ensureWheels: without python3 on PATH, the build\'s native Python fetches with its pip', async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'fetch-wheels-native-'));
  try {
    const links = join(scratch, 'links');
    mkdirSync(links);
    const six = pinnedWheels.find((wheel) => wheel.name === 'six');
    copyFileSync(join(wheelsDir, six.filename), join(links, six.filename));
    const fetchWheels = new URL('../package-index/fetch-wheels.mjs', import.meta.url).href;
    const into = join(scratch, 'wheels');
    const code = `import { ensureWheels, pinnedWheels } from ${JSON.stringify(fetchWheels)};
      console.log(await ensureWheels({ wheels: pinnedWheels.filter((w) => w.name === 'six'), directory: ${JSON.stringify(into)} }));`;
    const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', code], {
      env: { PATH: join(scratch, 'empty'), PIP_NO_INDEX: '1', PIP_FIND_LINKS: links, HOME: scratch },
    });
    assert.equal(stdout.trim(), into);
    assert.match(stderr, /fetching 1 pinned test wheel\(s\) with pip into /);
    assert.equal(sha256(readFileSync(join(into, six.filename))), six.sha256);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('--port: the command prints the index URL and serves until killed', async () => {
  const script = fileURLToPath(new URL('../package-index/server.mjs', import.meta.url));
  const child = spawn(process.execPath, [script, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise((resolve, reject) => {
      child.stdout.once('data', (chunk) => resolve(chunk.toString().trim()));
      child.once('exit', (code) => reject(new Error(`server.mjs exited with ${code} before printing its URL`)));
    });
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/simple\/$/);
    assert.equal((await projectJson('rich', { url })).name, 'rich');
  } finally {
    child.kill();
  }
  const bad = await run(process.execPath, [script, '--port', 'eighty']).catch((error) => error);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--port must be a port number \(0-65535\), not eighty/);
});
