// The embed's sessions (web/embed/sessions.js) without a browser: snippets are
// stand-in objects with the methods the elements have, and each worker the
// sessions start is counted (through Session.createWorker) to see it end.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Session } from '../../lib/session.js';
import { sessionFor, releaseDetached, MAX_LIVE_SESSIONS } from '../../embed/sessions.js';
import { module, rare, stdlib } from './fixture.mjs';

const HANG = { timeout: 60_000 };
const urls = { module, rare, stdlib, useWorker: false };

const made = [];
let holdRuns = null; // when set, each new worker's runs are given to it instead of run
const makeWorker = Session.prototype.createWorker;
Session.prototype.createWorker = async function createWorker() {
  const worker = await makeWorker.call(this);
  made.push(worker);
  if (holdRuns) {
    const post = worker.postMessage;
    const hold = holdRuns;
    worker.postMessage = (msg) => (msg.type === 'run' ? hold(worker, msg, post) : post(msg));
  }
  return worker;
};
const running = () => made.filter((w) => !w.terminated).length;

/** A snippet element as sessions.js sees it. */
function view() {
  return {
    isConnected: true,
    notices: [],
    status: '',
    write() {},
    appendLine(kind, text) { this.notices.push(text); },
    setStatus(text) { this.status = text; },
    showProgress() {},
    askLine() { return null; },
  };
}

/** Takes every view of earlier tests off the page, so that each test starts with no session. */
let views = [];
function placed() {
  const v = view();
  views.push(v);
  return v;
}
beforeEach(() => {
  for (const v of views) v.isConnected = false;
  views = [];
  releaseDetached();
});

test('a named session is freed when its last snippet leaves; one added later starts fresh', HANG, async () => {
  const [a, b] = [placed(), placed()];
  const tour = sessionFor('tour', urls);
  await tour.run(a, 'x = 1');
  assert.equal((await tour.run(b, 'x', { display: false })).value, '1');
  a.isConnected = false;
  releaseDetached();
  assert.equal((await tour.run(b, 'x', { display: false })).value, '1', 'one snippet is still on the page: the session stays');
  b.isConnected = false;
  releaseDetached();
  assert.equal(running(), 0, `${running()} worker(s) running with no snippet on the page`);
  const c = placed();
  const fresh = await sessionFor('tour', urls).run(c, '"x" in globals()', { display: false });
  assert.deepEqual([fresh.status, fresh.value], ['ok', 'False']);
  b.isConnected = true; // the old element back on the page: it joins the session of its name
  assert.equal((await tour.run(b, 'y = 2; "x" in globals()', { display: false })).value, 'False');
  assert.equal((await sessionFor('tour', urls).run(c, 'y', { display: false })).value, '2');
  assert.equal(running(), 1);
});

test('a named session stays while the page shows a block of its name (a page swapped without a reload)', HANG, async () => {
  const a = placed();
  const tour = sessionFor('tour', urls);
  await tour.run(a, 'x = 1');
  // The next page of a site with instant navigation: the old snippet left, a block of "tour" is there, not yet run.
  const block = { getAttribute: (name) => (name === 'session' ? 'tour' : null) };
  globalThis.document = { querySelectorAll: (selector) => (selector === '[session]' ? [block] : []) };
  try {
    a.isConnected = false;
    releaseDetached();
    assert.equal(running(), 1, 'the session kept its worker');
    const b = placed();
    assert.equal((await sessionFor('tour', urls).run(b, 'x', { display: false })).value, '1');
    // A page without a block of "tour": the session goes once its snippets left.
    globalThis.document = { querySelectorAll: () => [] };
    b.isConnected = false;
    releaseDetached();
    assert.equal(running(), 0);
  } finally {
    delete globalThis.document;
  }
});

test(`at most ${MAX_LIVE_SESSIONS} sessions hold a worker; the least recently used idle one is closed, and says so`, HANG, async () => {
  const snippets = Array.from({ length: MAX_LIVE_SESSIONS + 3 }, () => ({ view: placed(), session: sessionFor(null, urls) }));
  let peak = 0;
  for (const [i, { view: v, session }] of snippets.entries()) {
    assert.equal((await session.run(v, `n = ${i}`)).status, 'ok');
    peak = Math.max(peak, running());
  }
  assert.equal(peak, MAX_LIVE_SESSIONS);
  const first = snippets[0];
  const again = await first.session.run(first.view, '"n" in globals()', { display: false });
  assert.equal(again.value, 'False');
  assert.match(first.view.notices.join('\n'), new RegExp(`closed to make room.*at most ${MAX_LIVE_SESSIONS}.*variables from earlier runs are gone`));
  const last = snippets.at(-1);
  assert.equal((await last.session.run(last.view, 'n', { display: false })).value, String(snippets.length - 1), 'a recently used session was kept');
  assert.equal(running(), MAX_LIVE_SESSIONS);
});

test('when every session is busy a new one waits, says so, and starts when one finishes; Stop drops the waiting run', HANG, async (t) => {
  // Each busy session's run stays in its worker until the test ends it (as a worker that fails).
  const held = [];
  holdRuns = (worker) => held.push(() => worker.onerror({ message: 'ended by the test' }));
  t.after(() => { holdRuns = null; });
  const busy = Array.from({ length: MAX_LIVE_SESSIONS }, () => ({ view: placed(), session: sessionFor(null, urls) }));
  const runs = busy.map(({ view: v, session }) => session.run(v, 'print("busy")'));
  while (held.length < MAX_LIVE_SESSIONS) await new Promise((r) => setTimeout(r, 0));
  holdRuns = null;
  const waiting = placed();
  const late = sessionFor(null, urls);
  const dropped = late.run(waiting, 'print("never")');
  while (!/waiting/.test(waiting.status)) await new Promise((r) => setTimeout(r, 0));
  assert.match(waiting.status, new RegExp(`waiting: ${MAX_LIVE_SESSIONS} Python sessions are busy`));
  assert.equal(late.stop(), true);
  assert.deepEqual([(await dropped).status, (await dropped).reason], ['stopped', 'before Python had started']);
  waiting.status = '';
  const next = late.run(waiting, 'print("my turn")');
  while (!/waiting/.test(waiting.status)) await new Promise((r) => setTimeout(r, 0));
  // A snippet that leaves the page while it waits starts no worker.
  const gone = placed();
  const goneRun = sessionFor(null, urls).run(gone, 'print("gone")');
  while (!/waiting/.test(gone.status)) await new Promise((r) => setTimeout(r, 0));
  gone.isConnected = false;
  releaseDetached();
  const madeBefore = made.length;
  held[0]();
  assert.deepEqual([(await goneRun).status, (await goneRun).reason], ['stopped', 'the snippet left the page']);
  assert.equal((await runs[0]).status, 'crashed');
  const result = await next;
  assert.deepEqual([result.status, result.stdout], ['ok', 'my turn\n']);
  assert.equal(made.length, madeBefore + 1, 'one worker started: the waiting snippet still on the page');
  assert.ok(running() <= MAX_LIVE_SESSIONS);
  for (const release of held.slice(1)) release();
  await Promise.all(runs);
});

test('Stop on a snippet whose run waits behind another snippet\'s calls off only its own run', HANG, async (t) => {
  const held = []; // the first run only; the worker runs the later ones at once
  holdRuns = (worker, msg, post) => (held.length ? post(msg) : held.push(() => post(msg)));
  t.after(() => { holdRuns = null; });
  const [a, b, c] = [placed(), placed(), placed()];
  const shared = sessionFor('queue', urls);
  const first = shared.run(a, 'x = 1\nprint("first")');
  while (!held.length) await new Promise((r) => setTimeout(r, 0));
  holdRuns = null;
  const second = shared.run(b, 'print("second")');
  const third = shared.run(c, 'print("third", x)');
  assert.equal(shared.stop(b), true);
  held[0]();
  const results = await Promise.all([first, second, third]);
  assert.deepEqual(results.map((r) => [r.status, r.stdout]), [['ok', 'first\n'], ['stopped', ''], ['ok', 'third 1\n']]);
  assert.equal(results[1].reason, 'before it had started');
});

test('Stop during the first download drops that run and the next run works, with one worker', HANG, async (t) => {
  const realFetch = globalThis.fetch;
  t.after(() => { globalThis.fetch = realFetch; });
  let release;
  const held = new Promise((r) => { release = r; });
  const root = new URL('../../../target/wasipy/', import.meta.url);
  globalThis.fetch = async (url) => {
    await held;
    const wasm = String(url).endsWith('.wasm');
    const bytes = readFileSync(new URL(wasm ? 'wasipy.wasm' : 'usr/local/lib/python313.zip', root));
    return new Response(bytes, { headers: { 'content-type': wasm ? 'application/wasm' : 'application/zip' } });
  };
  const v = placed();
  const session = sessionFor(null, { wasmUrl: 'http://held.test/wasipy.wasm', stdlibUrl: 'http://held.test/python313.zip', useWorker: false });
  const first = session.run(v, 'print("dropped")');
  while (!session.target) await new Promise((r) => setTimeout(r, 0));
  assert.equal(session.stop(), true);
  release();
  assert.deepEqual([(await first).status, (await first).reason], ['stopped', 'before Python had started']);
  const next = await session.run(v, 'print("ran")');
  assert.deepEqual([next.status, next.stdout], ['ok', 'ran\n']);
  assert.equal(running(), 1);
});
