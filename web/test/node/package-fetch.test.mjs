// Downloads of an install that stall (issue 21, finding 7): a wheel whose
// body stops after its headers times out like one whose headers never come,
// and the per-wheel Web Lock (which the other tabs of the origin wait on) is
// released. The timeout is lowered here; 60 s on a page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { module, rare, stdlib, stdlibExtra } from './fixture.mjs';
import { createSession } from '../../lib/session.js';
import { createWorkerHandler } from '../../lib/worker-handler.js';
import { InstallError } from '../../lib/errors.js';
import * as packageFetch from '../../lib/package-fetch.js';

const fetchLimits = packageFetch.fetchLimits ?? {}; // (absent before the fix: then nothing ends a stalled body)
import { startPackageIndex } from '../package-index/server.mjs';

let index;
const held = new Set(); // the Web Locks held now
const granted = [];
let realNavigator;

before(async () => {
  index = await startPackageIndex();
  fetchLimits.timeoutMs = 500;
  // A Web Locks API as the browser's: a lock is held until the callback's promise settles.
  const locks = {
    async request(name, callback) {
      while (held.has(name)) await new Promise((resolve) => setTimeout(resolve, 5));
      held.add(name);
      granted.push(name);
      try {
        return await callback();
      } finally {
        held.delete(name);
      }
    },
  };
  realNavigator = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  Object.defineProperty(globalThis, 'navigator', { value: { ...(globalThis.navigator ?? {}), locks }, configurable: true, writable: true });
});
after(async () => {
  fetchLimits.timeoutMs = 60_000;
  if (realNavigator) Object.defineProperty(globalThis, 'navigator', realNavigator);
  else delete globalThis.navigator;
  await index?.close();
});

/** `promise`, or a failure that says it hung. */
function orHang(promise, what) {
  let timer;
  const hang = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} never ended: the install hangs`)), 30_000); });
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer));
}

/** The wheel of `project` the index lists, and a handler that sends its headers and half its body, then nothing. */
function stalling(project) {
  const wheel = index.projects.get(project).files.find((f) => f.filename.endsWith('.whl'));
  const stalled = [];
  index.override(`/files/${wheel.filename}`, (req, res) => {
    res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'application/octet-stream', 'content-length': wheel.bytes.length });
    res.write(wheel.bytes.subarray(0, wheel.bytes.length >> 1));
    stalled.push(res); // never ended
  });
  return { wheel, stalled, end: () => { index.override(`/files/${wheel.filename}`, null); for (const res of stalled) res.destroy(); } };
}

test('a wheel whose body stalls after its headers times out, says so, and frees its lock', async () => {
  const session = await createSession({ module, rare, stdlib, stdlibExtra, useWorker: false, indexUrl: index.url });
  // A wheel no other test of this file installs: a cached copy would be used instead.
  const { wheel, stalled, end } = stalling('mdurl');
  try {
    await assert.rejects(orHang(session.install('mdurl'), 'the install'), (e) => {
      assert.ok(e instanceof InstallError, String(e));
      assert.match(e.message, new RegExp(`${wheel.filename.replace(/[.]/g, '\\.')}: the download stalled: no data for 0\\.5 s after its headers`));
      return true;
    });
    assert.equal(stalled.length, 1, 'the body did start');
    assert.ok(granted.includes(`wasipy-wheel-${wheel.sha256}`), 'the download held the per-wheel lock');
    assert.deepEqual([...held], [], 'and released it');
    // The next install of it, once the server answers, gets the lock and the wheel.
    end();
    const { installed } = await orHang(session.install('mdurl'), 'the second install');
    assert.deepEqual(installed.map((d) => d.name), ['mdurl']);
    assert.equal((await session.run('import mdurl; print(mdurl.__name__)')).stdout, 'mdurl\n');
  } finally {
    end();
    session.dispose();
  }
});

test('Stop during a stalled body ends the install at once and frees the lock', async () => {
  fetchLimits.timeoutMs = 60_000; // only Stop can end it
  const posted = [];
  const handle = createWorkerHandler((msg) => posted.push(msg));
  await handle({ type: 'init', module, rare, stdlib, stdlibExtra, indexUrl: index.url });
  const { stalled, end } = stalling('tzdata');
  try {
    const install = handle({ type: 'install', id: 1, requirements: ['tzdata'], indexUrl: index.url });
    while (stalled.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await handle({ type: 'interrupt' });
    await orHang(install, 'the stopped install');
    const result = posted.find((m) => m.type === 'done' && m.id === 1).result;
    assert.equal(result.stopped, true);
    assert.match(result.error, /stopped: nothing was installed/);
  } finally {
    fetchLimits.timeoutMs = 500;
    end();
  }
  assert.deepEqual([...held], [], 'no lock left held');
});
