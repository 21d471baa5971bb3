// The browsers' per-module stdlib (scripts/pack_stdlib.py --web): python313-boot.zip
// with what start-up, print() and a traceback import, every other module a file
// of its own fetched when Python opens it (filesystem.js, worker-handler.js's
// treeFetcher, crate/lazy_stdlib.py). Through the worker protocol on the real
// module, with a synchronous XMLHttpRequest that reads target/wasipy/web from
// disk (Node has none) and can fail as a network does.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createWorkerHandler } from '../../lib/worker-handler.js';
import { bootBuildKey } from '../../lib/file-checks.js';
import { measureBootModules, bootListText, BOOT_LIST, FIRST_RUNS } from '../../../scripts/boot-modules.mjs';
import { module, rare } from './fixture.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const web = `${root}target/wasipy/web`;
if (!existsSync(`${web}/stdlib-manifest.json`)) throw new Error(`${web}/stdlib-manifest.json is missing: run \`make build\` first`);
const manifest = JSON.parse(readFileSync(`${web}/stdlib-manifest.json`, 'utf8'));
const boot = new Uint8Array(readFileSync(`${web}/python313-boot.zip`));
const BASE = 'http://wasipy.test/stdlib/';
const HTML = '<!doctype html>\n<html><body>Welcome to the app</body></html>';

/** Names in a stored zip, from its local headers (enough for the zips pack_stdlib.py writes). */
function zipNames(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const names = [];
  for (let at = 0; view.getUint32(at, true) === 0x04034b50;) {
    const size = view.getUint32(at + 18, true);
    const nameLength = view.getUint16(at + 26, true);
    const extraLength = view.getUint16(at + 28, true);
    names.push(new TextDecoder().decode(bytes.subarray(at + 30, at + 30 + nameLength)));
    at += 30 + nameLength + extraLength + size;
  }
  return names;
}

// What the fake network does: every request is logged; `answer` decides the reply for a path.
const requests = [];
let answer = () => 'ok';

/** A synchronous XMLHttpRequest over target/wasipy/web, as a worker's would be. */
class DiskXMLHttpRequest {
  open(method, url, async) {
    assert.equal(async, false, 'the tree is fetched synchronously');
    this.url = url;
  }
  overrideMimeType() {}
  send() {
    requests.push(this.url);
    const { pathname, searchParams } = new URL(this.url);
    assert.equal(searchParams.get('v'), manifest.build, 'each file is asked for with the build key');
    const path = pathname.replace(/^\/stdlib\//, '');
    const how = answer(path);
    this.headers = { 'content-type': 'application/octet-stream' };
    if (how === 'offline') throw Object.assign(new Error('A network error occurred.'), { name: 'NetworkError' });
    if (how === 'timeout') throw Object.assign(new Error('The operation timed out.'), { name: 'TimeoutError' });
    if (how === '404') {
      this.status = 404;
      this.response = new TextEncoder().encode('not found').buffer;
    } else if (how === 'html') {
      this.status = 200;
      this.headers['content-type'] = 'text/html; charset=utf-8';
      this.response = new TextEncoder().encode(HTML).buffer;
    } else if (how === 'cut') {
      this.status = 200;
      this.response = new Uint8Array(readFileSync(`${web}/stdlib/${path}`)).subarray(0, 100).slice().buffer;
    } else if (how === 'old-magic') {
      this.status = 200;
      const body = new Uint8Array(readFileSync(`${web}/stdlib/${path}`));
      body.set([0xcb, 0x0d], 0); // Python 3.12's magic number
      this.response = body.buffer;
    } else {
      this.status = 200;
      this.response = new Uint8Array(readFileSync(`${web}/stdlib/${path}`)).buffer;
    }
  }
  getResponseHeader(name) {
    return this.headers[name.toLowerCase()] ?? null;
  }
}
globalThis.XMLHttpRequest = DiskXMLHttpRequest;
after(() => delete globalThis.XMLHttpRequest);

/** A worker (its handler) started on the boot zip and the tree (and `init`'s options); `run(code)` returns the result. */
async function startWorker(init = {}) {
  const posted = [];
  const handle = createWorkerHandler((msg) => posted.push(msg));
  await handle({ type: 'init', module, rare, stdlib: boot, stdlibTree: { url: BASE, manifest }, ...init });
  assert.equal(posted.at(-1).type, 'ready', posted.at(-1).message);
  let id = 0;
  return async (code) => {
    id += 1;
    await handle({ type: 'run', id, code });
    return posted.find((m) => m.type === 'done' && m.id === id).result;
  };
}

const fetchedPaths = () => requests.splice(0).map((url) => new URL(url).pathname.replace(/^\/stdlib\//, ''));

test('scripts/boot-modules.txt is what start-up, print() and tracebacks import now (node scripts/boot-modules.mjs)', async () => {
  assert.equal(readFileSync(BOOT_LIST, 'utf8'), bootListText(await measureBootModules()),
    'scripts/boot-modules.txt is out of date: run `node scripts/boot-modules.mjs`, then `make build`');
});

test('the boot zip holds the listed modules, the build key first and no extra-archive list; the tree the rest of both zips and the time zones', () => {
  const bootNames = zipNames(boot);
  assert.equal(bootNames[0], 'wasipy-build.txt');
  assert.equal(bootBuildKey(boot), manifest.build);
  assert.ok(bootNames.includes('_wasipy_stdlib_tree.pyc'));
  assert.ok(!bootNames.includes('_wasipy_lazy.pyc'), 'the extra-archive finder must not be installed in the browser');
  for (const name of readFileSync(BOOT_LIST, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'))) {
    const path = name.replaceAll('.', '/');
    assert.ok(bootNames.includes(`${path}.pyc`) || bootNames.includes(`${path}/__init__.pyc`), `${name} is in the boot zip`);
  }
  const lib = `${root}target/wasipy/usr/local/lib`;
  const both = [...zipNames(new Uint8Array(readFileSync(`${lib}/python313.zip`)))
    , ...zipNames(new Uint8Array(readFileSync(`${lib}/python313-extra.zip`)))];
  // and the time zones, the command line's /usr/share/zoneinfo (scripts/zoneinfo_data.py)
  const zoneinfo = `${root}target/wasipy/usr/share/zoneinfo`;
  const zones = readdirSync(zoneinfo, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => `zone-data/${`${e.parentPath ?? e.path}/${e.name}`.slice(zoneinfo.length + 1)}`);
  assert.ok(zones.includes('zone-data/Asia/Tokyo') && zones.length > 500, `${zones.length} zones`);
  const expected = [...both.filter((n) => n !== '_wasipy_lazy.pyc' && !bootNames.includes(n)), ...zones].sort();
  assert.deepEqual(Object.keys(manifest.files).sort(), expected);
  const onDisk = readdirSync(`${web}/stdlib`, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile()).map((e) => `${e.parentPath ?? e.path}/${e.name}`.slice(`${web}/stdlib/`.length)).sort();
  assert.deepEqual(onDisk, expected, 'stdlib/ holds exactly what the manifest lists');
  for (const [path, size] of Object.entries(manifest.files)) {
    const bytes = readFileSync(`${web}/stdlib/${path}`);
    assert.equal(bytes.length, size, path);
    if (path.endsWith('.pyc')) assert.equal(bytes.subarray(0, 4).toString('hex'), manifest.magic, path);
  }
});

test('start-up, print(), a value and tracebacks fetch nothing; an import fetches only its own files', async () => {
  requests.length = 0;
  const run = await startWorker();
  for (const code of FIRST_RUNS) await run(code);
  assert.deepEqual(requests, [], 'nothing beyond the boot zip before the first output');
  const json = await run('import json\nprint(json.dumps({"a": [1, None]}), json.__file__)');
  assert.equal(json.stdout, '{"a": [1, null]} /usr/local/lib/python3.13/json/__init__.pyc\n', json.stderr);
  assert.deepEqual(fetchedPaths().sort(), ['json/__init__.pyc', 'json/decoder.pyc', 'json/encoder.pyc', 'json/scanner.pyc']);
  await run('import json');
  assert.deepEqual(requests, [], 'an imported module is not fetched again');
});

test('a stat or a directory listing of the tree fetches nothing; the extra-archive finder is not installed', async () => {
  const run = await startWorker();
  requests.length = 0;
  const r = await run([
    'import os, sys',
    'print(os.stat("/usr/local/lib/python3.13/json/decoder.pyc").st_size, "decoder.pyc" in os.listdir("/usr/local/lib/python3.13/json"))',
    'print(sorted(getattr(f, "__name__", type(f).__name__) for f in sys.meta_path))',
  ].join('\n'));
  assert.equal(r.stdout, `${manifest.files['json/decoder.pyc']} True\n['BuiltinImporter', 'FrozenImporter', 'PathFinder', 'SplitPackages', '_PatchAfterImport']\n`, r.stderr);
  assert.deepEqual(requests, []);
});

test('packages and submodules import from the tree: email.mime.text, xml.etree, asyncio, and a boot package\'s other modules', async () => {
  const run = await startWorker();
  const r = await run([
    'from email.mime.text import MIMEText',
    'import xml.etree.ElementTree as ET, asyncio, encodings.cp1252, importlib.util',
    'm = MIMEText("hi"); m["Subject"] = "s"',
    'print(m["Subject"], ET.fromstring("<a><b/></a>")[0].tag, asyncio.run(asyncio.sleep(0, "done")), b"\\x80".decode("cp1252"))',
  ].join('\n'));
  assert.deepEqual([r.status, r.stdout], ['ok', 's b done €\n'], r.stderr);
  const paths = fetchedPaths();
  assert.ok(paths.includes('email/mime/text.pyc') && paths.includes('asyncio/__init__.pyc') && paths.includes('encodings/cp1252.pyc'), paths.join(' '));
});

const FAILURES = {
  404: /could not fetch http:\/\/wasipy\.test\/stdlib\/json\/__init__\.pyc\?v=\w+: HTTP 404, although stdlib-manifest\.json lists this file: .*reload the page/,
  html: /could not fetch http:\/\/wasipy\.test\/stdlib\/json\/__init__\.pyc\?v=\w+: http:\/\/wasipy\.test\/stdlib\/json\/__init__\.pyc\?v=\w+ returned text\/html \(starts with '<!doctype html> <html><body>Welcome.*'\), not a compiled Python module \(\.pyc\)/,
  'old-magic': /returned a \.pyc of another Python version \(magic number cb0d0d0a, this Python reads f30d0d0a\): .*reload the page/,
  cut: /json\/__init__\.pyc\?v=\w+ returned 100 bytes, but stdlib-manifest\.json says \d+: the download was cut off, or the file is from another wasipy build; reload the page/,
  offline: /could not fetch http:\/\/wasipy\.test\/stdlib\/json\/__init__\.pyc\?v=\w+: A network error occurred\.; check your connection/,
  timeout: /could not fetch http:\/\/wasipy\.test\/stdlib\/json\/__init__\.pyc\?v=\w+: no answer within 120 s; check your connection/,
};

for (const [failure, why] of Object.entries(FAILURES)) {
  test(`a module file that is ${failure} is an ImportError naming the module and the URL, after the reason; the next import retries and works`, async () => {
    const run = await startWorker();
    answer = (path) => (path === 'json/__init__.pyc' ? failure : 'ok');
    try {
      for (const attempt of [1, 2]) {
        requests.length = 0;
        const r = await run('print("before")\nimport json');
        assert.equal(r.status, 'error');
        assert.equal(r.stdout, 'before\n');
        assert.match(r.stderr, why);
        const error = r.stderr.indexOf("ImportError: cannot import 'json': http://wasipy.test/stdlib/json/__init__.pyc could not be fetched (the reason is above); run the import again");
        assert.ok(error > r.stderr.search(why), r.stderr);
        assert.doesNotMatch(r.stderr, /OSError|bad magic number/);
        assert.equal(requests.length, 1, `attempt ${attempt} asks again: ${requests}`);
      }
    } finally {
      answer = () => 'ok';
    }
    const r = await run('import json\njson.loads("[1]")');
    assert.deepEqual([r.status, r.value], ['ok', '[1]'], r.stderr);
  });
}

test('a submodule that fails names itself, not its package', async () => {
  const run = await startWorker();
  answer = (path) => (path === 'email/mime/text.pyc' ? '404' : 'ok');
  try {
    const r = await run('import email.mime.text');
    assert.match(r.stderr, /ImportError: cannot import 'email\.mime\.text': http:\/\/wasipy\.test\/stdlib\/email\/mime\/text\.pyc could not be fetched/);
  } finally {
    answer = () => 'ok';
  }
  assert.equal((await run('import email.mime.text')).status, 'ok');
});

const LOCAL_TIME = [
  'import time, datetime',
  't = time.localtime(1700000000)',
  'print(time.tzname, time.timezone, time.daylight, time.strftime("%H:%M %Z %z", t))',
  'print(datetime.datetime.fromtimestamp(1700000000).astimezone().isoformat())',
].join('\n');

test('local time is the session\'s time zone, whose file is fetched from the tree at its first use, not at start-up', async () => {
  requests.length = 0;
  const run = await startWorker({ timeZone: 'Asia/Kolkata' });
  assert.equal((await run('print("hello")')).stdout, 'hello\n');
  assert.deepEqual(requests, [], 'no zone file before the first output');
  const r = await run(LOCAL_TIME);
  assert.equal(r.stdout, "('IST', 'IST') -19800 0 03:43 IST +0530\n2023-11-15T03:43:20+05:30\n", r.stderr);
  assert.deepEqual(fetchedPaths().filter((p) => p.startsWith('zone-data/')), ['zone-data/Asia/Kolkata']);
  // zoneinfo reads the same folder; a listing fetches nothing.
  const z = await run([
    'import zoneinfo, os, datetime',
    'print("Tokyo" in os.listdir("/usr/share/zoneinfo/Asia"), datetime.datetime(2024, 7, 1, tzinfo=zoneinfo.ZoneInfo("America/New_York")).tzname())',
  ].join('\n'));
  assert.equal(z.stdout, 'True EDT\n', z.stderr);
  assert.deepEqual(fetchedPaths().filter((p) => p.startsWith('zone-data/')), ['zone-data/America/New_York']);
});

test('the default time zone is the JavaScript engine\'s (the reader\'s), and time.tzset() follows TZ as on Linux', async () => {
  const run = await startWorker();
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const r = await run('import os, time\nprint(os.environ["TZ"])\nos.environ["TZ"] = "EST5EDT,M3.2.0,M11.1.0"\ntime.tzset()\nprint(time.tzname, time.localtime(1720000000).tm_isdst)');
  assert.equal(r.stdout, `${zone}\n('EST', 'EDT') 1\n`, r.stderr);
});

test('a zone file that cannot be fetched is said on stderr, with the URL, and local time is UTC', async () => {
  const run = await startWorker({ timeZone: 'Europe/Paris' });
  answer = (path) => (path === 'zone-data/Europe/Paris' ? '404' : 'ok');
  try {
    const r = await run(LOCAL_TIME);
    assert.match(r.stderr, /wasipy: could not fetch http:\/\/wasipy\.test\/stdlib\/zone-data\/Europe\/Paris\?v=\w+: HTTP 404, although stdlib-manifest\.json lists this file/);
    assert.equal(r.stdout, "('UTC', 'UTC') 0 0 22:13 UTC +0000\n2023-11-14T22:13:20+00:00\n");
  } finally {
    answer = () => 'ok';
  }
});
