// The session API with the in-thread worker (useWorker: false): the same
// protocol and PythonHost as the Web Worker, without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSession } from '../../lib/session.js';
import { OptionsError, SessionDisposedError } from '../../lib/errors.js';
import { module, stdlib, stdlibExtra } from './fixture.mjs';

const start = (extra = {}) => createSession({ module, stdlib, stdlibExtra, useWorker: false, ...extra });

test('runs are queued and executed in order, with persistence', async () => {
  const session = await start();
  const [a, b, c] = await Promise.all([session.run('x = 1'), session.run('x += 1'), session.run('x * 10')]);
  assert.deepEqual([a.status, b.status, c.value], ['ok', 'ok', '20']);
  assert.equal(session.version, '3.13.5');
});

test('every status of a run', async () => {
  const session = await start();
  assert.equal((await session.run('1')).status, 'ok');
  const error = await session.run('1/0');
  assert.equal(error.status, 'error');
  assert.match(error.stderr, /ZeroDivisionError: division by zero\n$/);
  assert.deepEqual(
    (({ status, exitCode }) => ({ status, exitCode }))(await session.run('raise SystemExit(5)')),
    { status: 'exit', exitCode: 5 },
  );
  const crashed = await session.run('import os; os.abort()');
  assert.equal(crashed.status, 'crashed');
  const after = await session.run('print("fresh")');
  assert.deepEqual([after.status, after.stdout, after.restarted], ['ok', 'fresh\n', true]);
});

test('os._exit gives exit, and the next run starts a fresh interpreter', async () => {
  const session = await start();
  await session.run('kept = 1');
  const r = await session.run('import os; os._exit(9)');
  assert.deepEqual([r.status, r.exitCode], ['exit', 9]);
  const next = await session.run('"kept" in globals()');
  assert.deepEqual([next.value, next.restarted], ['False', true]);
});

test('reset clears the namespace, in queue order', async () => {
  const session = await start();
  session.run('z = 3');
  session.reset();
  const r = await session.run('"z" in globals()');
  assert.equal(r.value, 'False');
});

test('stdin feeds input()', async () => {
  const session = await start();
  const r = await session.run('print(input().upper())', { stdin: 'shout\n' });
  assert.equal(r.stdout, 'SHOUT\n');
});

test('onStdout and onStderr receive complete lines', async () => {
  const out = [];
  const err = [];
  const session = await start({ onStdout: (l) => out.push(l), onStderr: (l) => err.push(l) });
  await session.run('import sys\nprint("a\\nb")\nsys.stdout.write("no newline")\nprint("oops", file=sys.stderr)');
  assert.deepEqual(out, ['a', 'b', 'no newline']);
  assert.deepEqual(err, ['oops']);
});

test('output is capped per run with a visible marker', async () => {
  const session = await start({ outputLimit: 10_000 });
  const r = await session.run("print('x' * 5_000_000)");
  assert.equal(r.status, 'ok');
  assert.equal(r.truncated, true);
  assert.ok(r.stdout.length < 10_200, `kept ${r.stdout.length} characters`);
  assert.match(r.stdout, /\[output truncated: .*\]\n$/);
  const flood = await session.run("for i in range(200_000): print('line', i)");
  assert.equal(flood.truncated, true);
  const next = await session.run("print('small')");
  assert.deepEqual([next.stdout, next.truncated], ['small\n', false]);
});

test('progress is reported up to ready', async () => {
  const phases = [];
  await start({ onProgress: (e) => phases.push(e.phase) });
  assert.deepEqual(phases, ['init', 'ready']);
});

test('misuse throws named errors that say what to do', async () => {
  await assert.rejects(createSession({ module, stdlib, colour: 'red' }), OptionsError);
  await assert.rejects(createSession({ module, stdlib, onStdout: 'not a function' }), (e) => e instanceof OptionsError && /onStdout/.test(e.message));
  await assert.rejects(createSession({ module, wasmUrl: 'x.wasm', stdlib }), /either "module" or "wasmUrl"/);
  await assert.rejects(createSession({ stdlib }), /pass "wasmUrl"/);
  const session = await start();
  assert.throws(() => session.run(42), OptionsError);
  session.dispose();
  assert.throws(() => session.run('1'), (e) => e instanceof SessionDisposedError && e.name === 'SessionDisposedError' && /loadPython\(\)/.test(e.message));
});
