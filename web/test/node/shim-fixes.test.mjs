// The fixes of web/lib/shim-fixes.js, seen from Python and at the WASI level.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wasi } from '@bjorn3/browser_wasi_shim';
import { fixWasiImports } from '../../lib/shim-fixes.js';
import { PythonHost } from '../../lib/python-host.js';
import { module, stdlib } from './fixture.mjs';

test('file stats are exact and big files write correctly', async () => {
  const host = await PythonHost.create({ module, stdlib });
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
