// The life of a session's worker: dispose() and stop() at any point of a start
// or a run leave no worker running and no run waiting; a worker that fails or
// does not understand a message ends the run with a result that says so.
// The workers here are the real worker protocol (worker-handler.js) on this
// thread, injected through Session.createWorker, so that each one's
// termination can be counted; the Web Worker itself is the Chromium tests' part.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Session, createSession } from '../../lib/session.js';
import { resolveOptions } from '../../lib/options.js';
import { createWorkerHandler } from '../../lib/worker-handler.js';
import { SessionDisposedError } from '../../lib/errors.js';
import { module, rare, stdlib, stdlibExtra } from './fixture.mjs';

// A test that hangs is the defect these tests look for: fail it instead of waiting forever.
const HANG = { timeout: 30_000 };

/**
 * A worker running the real protocol on this thread. `intercept(msg, port)`
 * sees each message first and returns true to keep it from the handler (a run
 * held in flight, a message answered by the test).
 */
function threadWorker(made, intercept = () => false) {
  const port = { onmessage: null, onerror: null, terminated: false };
  const handle = createWorkerHandler((msg) => {
    if (!port.terminated) port.onmessage?.({ data: msg });
  });
  port.reply = (msg) => !port.terminated && port.onmessage?.({ data: msg });
  port.postMessage = (msg) => {
    if (intercept(msg, port)) return;
    setTimeout(() => !port.terminated && handle(msg), 0);
  };
  port.terminate = () => { port.terminated = true; };
  made.push(port);
  return port;
}

/** A session (not started) whose workers are threadWorker()s; `made` lists them all. */
function newSession({ intercept, ...options } = {}) {
  const session = new Session(resolveOptions({ module, rare, stdlib, stdlibExtra, useWorker: true, ...options }));
  session.made = [];
  session.createWorker = async () => {
    // A worker made a task later (as the in-thread one, which imports its handler): a stop or
    // dispose() may come between the start and the worker.
    await new Promise((resolve) => setTimeout(resolve, 0));
    return threadWorker(session.made, intercept);
  };
  return session;
}

const running = (session) => session.made.filter((w) => !w.terminated).length;

test('dispose() while loadPython() waits for the interpreter ends the start with SessionDisposedError and stops the worker', HANG, async () => {
  const session = newSession({
    intercept: (msg) => {
      if (msg.type === 'init') session.dispose();
      return false;
    },
  });
  await assert.rejects(session.start(), (e) => e instanceof SessionDisposedError && /loadPython\(\)/.test(e.message));
  assert.equal(running(session), 0, 'no worker left running');
});

test('a worker whose interpreter fails to start is not left running', HANG, async () => {
  const session = newSession({
    intercept: (msg, port) => {
      if (msg.type !== 'init') return false;
      setTimeout(() => port.reply({ type: 'init-error', message: 'memory access out of bounds' }), 0);
      return true;
    },
  });
  await assert.rejects(session.start(), /memory access out of bounds/);
  assert.equal(running(session), 0, 'the failed worker is still running');
});

test('dispose() during a restart terminates the worker being started, and the run ends as stopped', HANG, async () => {
  const session = newSession();
  await session.start();
  assert.equal((await session.run('import os; os._exit(3)')).status, 'exit'); // the next run restarts
  const make = session.createWorker;
  session.createWorker = async () => {
    const worker = await make();
    session.dispose(); // while spawn() waits for the worker it asked for
    return worker;
  };
  const result = await session.run('print("never")');
  assert.equal(result.status, 'stopped');
  assert.equal(running(session), 0, `${running(session)} worker(s) still running after dispose()`);
});

test('dispose() mid-run ends that run and the queued ones as stopped, also without a Web Worker', HANG, async () => {
  const session = await createSession({ module, rare, stdlib, useWorker: false });
  const post = session.worker.postMessage;
  session.worker.postMessage = (msg) => {
    post(msg);
    if (msg.type === 'run') session.dispose(); // the run is in the worker's hands now
  };
  const [first, queued] = await Promise.all([session.run('x = 1'), session.run('x')]);
  assert.deepEqual([first.status, first.reason], ['stopped', 'the session was disposed']);
  assert.deepEqual([queued.status, queued.reason], ['stopped', 'the session was disposed']);
  assert.throws(() => session.run('1'), SessionDisposedError);
});

test('Stop with runs queued, and again while the next one restarts: each run gets a result and one worker is left', HANG, async () => {
  let holdRun = true;
  const session = newSession({
    intercept: (msg) => {
      if (msg.type === 'run' && holdRun) {
        holdRun = false;
        return true; // the first run stays in flight until Stop
      }
      return false;
    },
  });
  await session.start();
  const runs = [session.run('x = 1'), session.run('"x" in globals()'), session.run('print("third")')];
  while (!session.current) await new Promise((r) => setTimeout(r, 0));
  const make = session.createWorker;
  let stopsDuringRestart = 1;
  session.createWorker = async () => {
    if (stopsDuringRestart-- > 0) session.stop(); // Stop again while the second run's worker is being made
    return make();
  };
  assert.equal(session.stop(), true);
  const [first, second, third] = await Promise.all(runs);
  assert.deepEqual([first.status, second.status], ['stopped', 'stopped']);
  assert.deepEqual([third.status, third.stdout, third.restarted], ['ok', 'third\n', true]);
  assert.equal(running(session), 1, `${running(session)} workers running; one session needs one`);
});

test('a worker error with no run in flight: the next run starts a fresh interpreter instead of hanging', HANG, async () => {
  const session = newSession();
  await session.start();
  await session.run('x = 1');
  const dead = session.worker;
  dead.terminate(); // as a worker that ran out of memory between runs
  dead.onerror({ message: 'Out of memory' });
  const next = await session.run('"x" in globals()');
  assert.deepEqual([next.status, next.value, next.restarted], ['ok', 'False', true]);
  assert.equal(running(session), 1);
});

test('an init-error after ready ends the run in flight as crashed, and the next run restarts', HANG, async () => {
  let fail = true;
  const session = newSession({
    intercept: (msg, port) => {
      if (msg.type !== 'run' || !fail) return false;
      fail = false;
      setTimeout(() => port.reply({ type: 'init-error', message: 'the interpreter could not be reset' }), 0);
      return true;
    },
  });
  await session.start();
  const crashed = await session.run('1');
  assert.deepEqual([crashed.status, crashed.error], ['crashed', 'the interpreter could not be reset']);
  const next = await session.run('print("again")');
  assert.deepEqual([next.status, next.stdout, next.restarted], ['ok', 'again\n', true]);
});

test('a message the worker does not know ends that run with an error that says what to do', HANG, async () => {
  // As a worker.js of another wasipy version, which calls a run something else.
  let rename = true;
  const session = newSession({
    intercept: (msg, port) => {
      if (msg.type === 'run' && rename) {
        rename = false;
        port.postMessage({ ...msg, type: 'execute' });
        return true;
      }
      return false;
    },
  });
  await session.start();
  const result = await session.run('1');
  assert.equal(result.status, 'crashed');
  assert.match(result.error, /does not understand the message "execute".*another wasipy version.*reload the page/);
  assert.equal((await session.run('2')).value, '2');
});
