// What one snippet can make the session hold (issue 21, finding 8): a last
// expression's repr is capped by outputLimit like the output, and the files
// Python writes by the filesystem's cap; past either, the message names it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { module, rare, stdlib, stdlibExtra } from './fixture.mjs';
import { createSession } from '../../lib/session.js';
import { PythonHost } from '../../lib/python-host.js';
import * as filesystem from '../../lib/filesystem.js';

test('result.value honours outputLimit, and says it was cut and by which limit', async () => {
  const session = await createSession({ module, rare, stdlib, stdlibExtra, useWorker: false, outputLimit: 1000 });
  try {
    const big = await session.run("'x' * 50_000_000", { display: false });
    assert.equal(big.status, 'ok');
    assert.equal(big.valueTruncated, true);
    assert.equal(big.value, `'${'x'.repeat(999)}\n[value truncated: its repr is longer than the outputLimit of 1,000 characters]`);
    // Shown like the REPL, the same repr goes through the output's cap.
    const shown = await session.run("'y' * 50_000_000");
    assert.ok(shown.value.length < 1100 && shown.stdout.length < 1100, `${shown.value.length}, ${shown.stdout.length}`);
    assert.equal(shown.truncated, true);
    const small = await session.run("'z' * 10", { display: false });
    assert.equal(small.value, `'${'z'.repeat(10)}'`);
    assert.equal(small.valueTruncated, undefined);
    // Multi-byte characters: cut by characters, not bytes.
    const wide = await session.run("'é' * 2000", { display: false });
    assert.ok(wide.value.startsWith(`'${'é'.repeat(999)}\n[value truncated`));
  } finally {
    session.dispose();
  }
});

test('the in-memory filesystem has a cap: past it a write is OSError ENOSPC, stderr names the cap, and deleting makes room', async () => {
  assert.equal(filesystem.FILESYSTEM_LIMIT, 256 * 1024 * 1024, 'the default, as documented');
  const host = await PythonHost.create({ module, rare, stdlib, stdlibExtra, filesystemLimit: 8 * 1024 * 1024 });
  const run = (code) => host.run(code, { display: false });
  const full = run(`import errno
chunk = b"x" * (1 << 20)
written = 0
try:
    with open("/tmp/big", "wb") as f:
        for _ in range(20):
            f.write(chunk)
            f.flush()
            written += 1
except OSError as e:
    print("OSError", errno.errorcode[e.errno], written)`);
  assert.equal(full.status, 'ok', full.stderr);
  assert.match(full.stdout, /^OSError ENOSPC [78]\n$/);
  assert.match(full.stderr, /wasipy: the in-memory filesystem is full: the files of this session may hold at most 8 MiB in all \(\/tmp, the home directory, site-packages and the rest\); delete some to make room/);
  // Elsewhere too (the home directory), and every way of growing a file counts.
  const home = run(`import errno, os
try:
    with open("/home/user/more", "wb") as f:
        f.truncate(4 << 20)
    print("truncate grew")
except OSError as e:
    print("truncate", errno.errorcode[e.errno])`);
  assert.equal(home.stdout, 'truncate ENOSPC\n');
  // Deleting, truncating and replacing give the room back.
  const room = run(`import os
os.remove("/tmp/big")
with open("/home/user/a", "wb") as f:
    f.write(b"a" * (6 << 20))
open("/home/user/a", "wb").close()          # truncated to nothing
with open("/home/user/b", "wb") as f:
    f.write(b"b" * (6 << 20))
with open("/home/user/c", "wb") as f:
    f.write(b"c" * (1 << 20))
os.replace("/home/user/c", "/home/user/b")  # the 6 MiB file is gone
with open("/tmp/d", "wb") as f:
    f.write(b"d" * (6 << 20))
print("room", os.path.getsize("/home/user/b"), os.path.getsize("/tmp/d"))`);
  assert.equal(room.status, 'ok', room.stderr);
  assert.equal(room.stdout, `room ${1 << 20} ${6 << 20}\n`);
});
