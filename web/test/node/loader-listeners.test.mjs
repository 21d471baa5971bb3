// loader.js shares one download per page between every caller; a caller's
// onProgress must be let go once that download settled, or each session a page
// ever started (and what its callback holds: elements, buffers) stays in memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadAssets } from '../../lib/loader.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

// The smallest valid module and zip (an empty archive): what the loader fetches, served by a stub fetch.
const WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
const ZIP = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);

const nextTask = () => new Promise((resolve) => setImmediate(resolve));

/** Whether `ref`'s target can be garbage-collected. */
async function collected(ref) {
  for (let i = 0; i < 5; i++) {
    // A WeakRef keeps its target alive until the end of the task that last called deref().
    await nextTask();
    gc();
    await nextTask();
    if (ref.deref() === undefined) return true;
  }
  return false;
}

test('a progress listener is let go once its download settled (ok or failed)', async (t) => {
  const realFetch = globalThis.fetch;
  t.after(() => { globalThis.fetch = realFetch; });
  let fail = false;
  globalThis.fetch = async (url) => {
    if (fail) return new Response('gone', { status: 404 });
    const wasm = String(url).endsWith('.wasm');
    return new Response(wasm ? WASM : ZIP, { headers: { 'content-type': wasm ? 'application/wasm' : 'application/zip' } });
  };
  const refs = [];
  const load = async (urls) => {
    const events = [];
    const listener = (event) => events.push(event);
    refs.push(new WeakRef(listener));
    await loadAssets({ ...urls, onProgress: listener }).catch(() => {});
    return events;
  };
  const ok = { wasmUrl: 'http://assets.test/ok/wasipy.wasm', stdlibUrl: 'http://assets.test/ok/python313.zip' };
  const events = await load(ok);
  assert.ok(events.some((e) => e.phase === 'download' && e.file === 'wasipy.wasm'), 'the listener heard the download');
  await load(ok); // a later caller of the settled download
  fail = true;
  await load({ wasmUrl: 'http://assets.test/404/wasipy.wasm', stdlibUrl: 'http://assets.test/404/python313.zip' });
  for (const [i, ref] of refs.entries()) assert.ok(await collected(ref), `listener ${i + 1} is still held after its download settled`);
});
