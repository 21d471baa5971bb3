// The page's callbacks (onOutput, onStdout, onStderr, onProgress, an
// install's onProgress, onStdinRequest) run inside the session's message
// handling: one that throws, or whose promise rejects, must not hang the run
// or the session (issue 21, finding 5). Each is reported once on the console.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { module, rare, stdlib, stdlibExtra } from './fixture.mjs';
import { createSession } from '../../lib/session.js';

/** `promise`, or a failure that says it hung (instead of the test runner's silence). */
function orHang(promise, what) {
  let timer;
  const hang = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} never ended: the session hangs`)), 60_000); });
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer));
}

/** console.error's calls while `fn` runs, and unhandled rejections. */
async function capturingErrors(fn) {
  const errors = [];
  const rejections = [];
  const real = console.error;
  const onRejection = (reason) => rejections.push(reason);
  console.error = (...args) => errors.push(args.map(String).join(' '));
  process.on('unhandledRejection', onRejection);
  try {
    await fn();
    await new Promise((resolve) => setTimeout(resolve, 50)); // rejections are reported after a turn
  } finally {
    console.error = real;
    process.off('unhandledRejection', onRejection);
  }
  return { errors, rejections };
}

test('callbacks that throw do not hang the session (useWorker: false); each is reported once', async () => {
  const { errors, rejections } = await capturingErrors(async () => {
    const session = await orHang(createSession({
      module, rare, stdlib, stdlibExtra, useWorker: false,
      onOutput: () => { throw new Error('page bug in onOutput'); },
      onStdout: () => { throw new Error('page bug in onStdout'); },
      onStderr: async () => { throw new Error('page bug in onStderr'); },
      onProgress: () => { throw new Error('page bug in onProgress'); },
    }), 'loadPython');
    try {
      const first = await orHang(session.run('print("hello")\nimport sys; print("err", file=sys.stderr)'), 'the first run');
      assert.equal(first.status, 'ok');
      assert.equal(first.stdout, 'hello\n', 'the result still has the whole output');
      assert.equal(first.stderr, 'err\n');
      const second = await orHang(session.run('print(6 * 7)'), 'a later run');
      assert.equal(second.stdout, '42\n');
      const install = await orHang(session.install([], { onProgress: () => { throw new Error('page bug in install'); } }), 'an install');
      assert.deepEqual(install.installed, []);
    } finally {
      session.dispose();
    }
  });
  for (const name of ['onOutput', 'onStdout', 'onStderr', 'onProgress']) {
    const reports = errors.filter((e) => e.includes(`the page's ${name} callback threw`));
    assert.equal(reports.length, 1, `${name} is reported once: ${JSON.stringify(errors)}`);
    assert.match(reports[0], new RegExp(`page bug in ${name}`));
  }
  assert.deepEqual(rejections, [], 'no unhandled rejection (Node would end the process)');
});

test('an onStdinRequest that throws ends the input; the run goes on', async () => {
  const { errors } = await capturingErrors(async () => {
    const session = await createSession({ module, rare, stdlib, stdlibExtra, useWorker: false, onStdinRequest: () => { throw new Error('page bug in onStdinRequest'); } });
    try {
      const r = await orHang(session.run('try:\n    input()\nexcept EOFError:\n    print("eof")'), 'a run that reads');
      assert.equal(r.status, 'ok');
      assert.equal(r.stdout, 'eof\n');
    } finally {
      session.dispose();
    }
  });
  // Without JSPI (Node) the interpreter never asks: the input ends without calling it; with JSPI it is reported once.
  assert.ok(errors.filter((e) => e.includes('onStdinRequest')).length <= 1);
});
