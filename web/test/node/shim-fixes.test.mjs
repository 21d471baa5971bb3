// The fixes of web/lib/shim-fixes.js, seen from Python and at the WASI level:
// each test fails on the unpatched shim 0.4.2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { File, OpenDirectory, OpenFile, wasi } from '@bjorn3/browser_wasi_shim';
import { applyShimFixes, checkShimVersion, fixWasiImports, PATCHED_VERSION, ShimVersionError } from '../../lib/shim-fixes.js';
import { PythonHost } from '../../lib/python-host.js';
import { module, rare, stdlib } from './fixture.mjs';

const readJson = (path) => JSON.parse(readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8'));

// First in the file: nothing has patched the shim yet.
test('another shim version is refused before anything is patched', () => {
  const before = [OpenDirectory.prototype.path_create_directory, OpenFile.prototype.fd_write, wasi.Filestat.prototype.write_bytes];
  assert.throws(() => applyShimFixes({ installedVersion: '0.4.3' }), (e) => e instanceof ShimVersionError &&
    e.message.includes(`browser_wasi_shim ${PATCHED_VERSION}, but 0.4.3 is installed`) && /npm ci/.test(e.message));
  assert.deepEqual([OpenDirectory.prototype.path_create_directory, OpenFile.prototype.fd_write, wasi.Filestat.prototype.write_bytes], before);
  const fake = { wasiImport: { poll_oneoff: () => 0 } };
  const poll = fake.wasiImport.poll_oneoff;
  assert.throws(() => fixWasiImports(fake, { installedVersion: '0.5.0' }), ShimVersionError);
  assert.equal(fake.wasiImport.poll_oneoff, poll);
});

test('the fixes are written for the installed and pinned shim version', () => {
  assert.equal(readJson('node_modules/@bjorn3/browser_wasi_shim/package.json').version, PATCHED_VERSION);
  // A devDependency: bundled into dist/ (the npm package has no dependencies).
  assert.equal(readJson('package.json').devDependencies['@bjorn3/browser_wasi_shim'], PATCHED_VERSION, 'package.json pins the exact version');
  checkShimVersion(); // what applyShimFixes() reads by default
});

test('file stats are exact and big files write correctly', async () => {
  const host = await PythonHost.create({ module, rare, stdlib });
  const r = host.run(`
import os
with open('/tmp/big.bin', 'wb') as f:
    for i in range(2560):
        f.write(bytes([i % 256]) * 8192)
st = os.stat('/tmp/big.bin')
data = open('/tmp/big.bin', 'rb').read()
import time
age = time.time() - st.st_mtime
print(st.st_size, len(data), data[8192 * 7] == 7, st.st_mtime_ns == st.st_ctime_ns == st.st_atime_ns, 0 <= age < 60)
`);
  // 0.4.2 wrote the times at offsets 38/46/52 instead of 40/48/56.
  assert.equal(r.stdout, '20971520 20971520 True True True\n', r.stderr);
});

test('poll_oneoff turns an absolute deadline into a duration and reports one event', () => {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const seen = [];
  const fake = {
    inst: { exports: { memory } },
    wasiImport: { poll_oneoff: (inPtr) => { const v = new DataView(memory.buffer); seen.push([v.getBigUint64(inPtr + 24, true), v.getUint16(inPtr + 36, true)]); return 0; } },
  };
  fixWasiImports(fake);
  const view = new DataView(memory.buffer);
  const deadline = BigInt(Math.round(performance.now() * 1e6)) + 50_000_000n; // 50 ms from now
  view.setUint8(8, wasi.EVENTTYPE_CLOCK);
  view.setUint32(16, wasi.CLOCKID_MONOTONIC, true);
  view.setBigUint64(24, deadline, true);
  view.setUint16(36, 0xffff, true); // what 0.4.2 reads as the flags (the precision's bytes)
  view.setUint16(40, 1, true); // ABSTIME, where WASI puts it
  view.setUint32(200, 12345, true);
  assert.equal(fake.wasiImport.poll_oneoff(0, 100, 1, 200), 0);
  const [timeout, flagsSeen] = seen[0];
  assert.ok(timeout > 0n && timeout <= 50_000_000n, `a duration of at most 50 ms, not ${timeout} ns`);
  assert.equal(flagsSeen, 0);
  assert.equal(view.getUint32(200, true), 1, 'nevents written');
});

test('poll_oneoff passes every argument through', () => {
  const memory = new WebAssembly.Memory({ initial: 1 });
  let seen;
  const fake = { inst: { exports: { memory } }, wasiImport: { poll_oneoff: (...args) => { seen = args; return 0; } } };
  fixWasiImports(fake);
  fake.wasiImport.poll_oneoff(0, 100, 1, 200, 'fifth');
  assert.deepEqual(seen, [0, 100, 1, 200, 'fifth']);
});

test('mkdir of an existing path is FileExistsError; readlink says ENOENT or EINVAL', async () => {
  const host = await PythonHost.create({ module, rare, stdlib });
  const r = host.run(`
import errno, os
os.mkdir('/tmp/d')
for call in (lambda: os.mkdir('/tmp/d'), lambda: os.readlink('/tmp/missing'), lambda: os.readlink('/tmp/d')):
    try:
        call()
        print('no error')
    except OSError as e:
        print(type(e).__name__, errno.errorcode[e.errno])
`);
  // 0.4.2: mkdir opened the existing directory (no error), readlink answered ENOTSUP.
  assert.equal(r.stdout, 'FileExistsError EEXIST\nFileNotFoundError ENOENT\nOSError EINVAL\n', r.stderr);
});

test('os.utime sets the times that stat reports', async () => {
  const host = await PythonHost.create({ module, rare, stdlib });
  const r = host.run(`
import os
open('/tmp/t.txt', 'w').close()
os.mkdir('/tmp/td')
for p in ('/tmp/t.txt', '/tmp/td'):
    os.utime(p, ns=(1_000_000_000_123, 2_000_000_000_456))
    st = os.stat(p)
    print(st.st_atime_ns, st.st_mtime_ns)
`);
  // 0.4.2 ignored set_times (ENOTSUP from fd_filestat_set_times) and reported time 0.
  assert.equal(r.stdout, '1000000000123 2000000000456\n'.repeat(2), r.stderr);
});

test("a directory's mtime moves when an entry is added or removed, so a new module imports", async () => {
  const host = await PythonHost.create({ module, rare, stdlib });
  const r = host.run(`
import os, sys
os.mkdir('/tmp/pkgdir')
sys.path.insert(0, '/tmp/pkgdir')
open('/tmp/pkgdir/first.py', 'w').write('x = 1')
import first
m0 = os.stat('/tmp/pkgdir').st_mtime_ns
open('/tmp/pkgdir/second.py', 'w').write('y = 2')
m1 = os.stat('/tmp/pkgdir').st_mtime_ns
os.remove('/tmp/pkgdir/second.py')
m2 = os.stat('/tmp/pkgdir').st_mtime_ns
open('/tmp/pkgdir/third.py', 'w').write('z = 3')
import third  # FileFinder re-reads the directory only because its mtime moved
print(m0 < m1 < m2, third.z)
`);
  assert.equal(r.stdout, 'True 3\n', r.stderr);
});

test('fd_write grows the file geometrically and keeps its exact length', () => {
  applyShimFixes();
  const file = new File(new Uint8Array(0));
  const fd = new OpenFile(file);
  const buffers = new Set();
  const chunk = new Uint8Array(100);
  for (let i = 0; i < 1000; i++) {
    chunk.fill(i % 256);
    assert.deepEqual(fd.fd_write(chunk), { ret: 0, nwritten: 100 });
    buffers.add(file.data.buffer);
  }
  // 0.4.2 copies the whole file into a new buffer on every append: 1000 buffers here.
  assert.ok(buffers.size <= 10, `${buffers.size} buffers for 1000 appends`);
  assert.equal(file.data.byteLength, 100_000);
  assert.equal(file.stat().size, 100_000n);
  assert.deepEqual([file.data[0], file.data[99_999], file.data[25_050]], [0, 999 % 256, 250]);
});
