// Wheels that are not what they seem (issue 21, finding 10): a zip bomb is
// refused before Python unpacks it, saying it is too large when unpacked; a
// wheel URL with a malformed %-escape ends in a message that names the URL,
// not "URI malformed".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { crc32, deflateRawSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { module, rare, stdlib, stdlibExtra } from './fixture.mjs';
import { createSession } from '../../lib/session.js';
import { InstallError } from '../../lib/errors.js';
import { startPackageIndex } from '../package-index/server.mjs';

/** A zip archive of `entries` ([name, bytes, compressed?]); `compressed` is the deflated bytes when already made. */
function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, data, deflated = deflateRawSync(data)] of entries) {
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(deflated.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, deflated);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

let index;
let server;
let base;
const served = new Map(); // path -> bytes

before(async () => {
  index = await startPackageIndex();
  server = createServer((req, res) => {
    const body = served.get(req.url);
    if (!body) return res.writeHead(404, { 'access-control-allow-origin': '*' }).end('not found');
    return res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(async () => {
  await index?.close();
  await new Promise((resolve) => server?.close(resolve));
});

test('a zip-bomb wheel is refused as too large when unpacked, before Python unpacks it', async () => {
  // 18 entries of 50 MB of zeros (50 kB each deflated): 900 MB unpacked from a 1 MB wheel.
  const zeros = Buffer.alloc(50_000_000);
  const deflated = deflateRawSync(zeros);
  // A valid wheel otherwise (RECORD lists every file with its hash), so that only its size is wrong with it.
  const files = [
    ...Array.from({ length: 18 }, (_, i) => [`bomb/part${i}.bin`, zeros, deflated]),
    ['bomb/__init__.py', Buffer.from('')],
    ['bomb-1.0.dist-info/METADATA', Buffer.from('Metadata-Version: 2.1\nName: bomb\nVersion: 1.0\n')],
    ['bomb-1.0.dist-info/WHEEL', Buffer.from('Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n')],
  ];
  const zerosHash = createHash('sha256').update(zeros).digest('base64url');
  const record = files.map(([name, data]) => `${name},sha256=${data === zeros ? zerosHash : createHash('sha256').update(data).digest('base64url')},${data.length}`);
  const wheel = zip([...files, ['bomb-1.0.dist-info/RECORD', Buffer.from(`${record.join('\n')}\nbomb-1.0.dist-info/RECORD,,\n`)]]);
  assert.ok(wheel.length < 2_000_000);
  served.set('/bomb-1.0-py3-none-any.whl', wheel);
  const session = await createSession({ module, rare, stdlib, stdlibExtra, useWorker: false, indexUrl: index.url });
  try {
    await assert.rejects(session.install(`${base}/bomb-1.0-py3-none-any.whl`), (e) => {
      assert.ok(e instanceof InstallError, String(e));
      assert.match(e.message, /bomb-1\.0-py3-none-any\.whl: the wheel is too large when unpacked: its files add up to 858 MiB, more than the 256 MiB this session's files may still hold \(in all at most 256 MiB\)/);
      assert.doesNotMatch(e.message, /MemoryError|unexpectedly/);
      return true;
    });
    assert.equal((await session.run('print(1)')).stdout, '1\n', 'the session goes on');
  } finally {
    session.dispose();
  }
});

test('a wheel URL with a malformed %-escape ends in a message that names the URL', async () => {
  // The index names it (its page is overridden here); the URL's last segment has "%E0%A4", not UTF-8.
  const bad = `${base}/files/badescape-1.0-py3-none-any.whl%E0%A4`;
  index.override('/simple/badescape/', (req, res) => res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'application/vnd.pypi.simple.v1+json' }).end(JSON.stringify({
    meta: { 'api-version': '1.1' },
    name: 'badescape',
    files: [{ filename: 'badescape-1.0-py3-none-any.whl', url: bad, hashes: { sha256: '0'.repeat(64) } }],
  })));
  const session = await createSession({ module, rare, stdlib, stdlibExtra, useWorker: false, indexUrl: index.url });
  try {
    await assert.rejects(session.install('badescape'), (e) => {
      assert.ok(e instanceof InstallError, String(e));
      assert.ok(e.message.includes(bad), e.message);
      assert.match(e.message, /404/);
      assert.doesNotMatch(e.message, /URI malformed/);
      return true;
    });
  } finally {
    index.override('/simple/badescape/', null);
    session.dispose();
  }
});
