// The session API with the in-thread worker (useWorker: false): the same
// protocol and PythonHost as the Web Worker, without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSession } from '../../lib/session.js';
import { OptionsError, SessionDisposedError } from '../../lib/errors.js';
import { createServer } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { module, rare, stdlib, stdlibExtra } from './fixture.mjs';
import { PYTHON_VERSION } from '../pins.mjs';

const builtDir = fileURLToPath(new URL('../../../target/wasipy/', import.meta.url));

const start = (extra = {}) => createSession({ module, rare, stdlib, stdlibExtra, useWorker: false, ...extra });

test('runs are queued and executed in order, with persistence', async () => {
  const session = await start();
  const [a, b, c] = await Promise.all([session.run('x = 1'), session.run('x += 1'), session.run('x * 10')]);
  assert.deepEqual([a.status, b.status, c.value], ['ok', 'ok', '20']);
  assert.equal(session.version, PYTHON_VERSION);
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

test('with the module and stdlib given, progress is init then ready (nothing to download)', async () => {
  const phases = [];
  await start({ onProgress: (e) => phases.push(e.phase) });
  assert.deepEqual(phases, ['init', 'ready']);
});

test('progress reports the download of both files as it arrives, then init and ready', async () => {
  // The real built files, from a local HTTP server, fetched by loadAssets.
  const files = {
    '/wasipy.wasm': [join(builtDir, 'wasipy.wasm'), 'application/wasm'],
    '/python313.zip': [join(builtDir, 'usr/local/lib/python313.zip'), 'application/zip'],
  };
  const served = [];
  const server = createServer((req, res) => {
    const [path, type] = files[req.url] ?? [];
    if (!path) return res.writeHead(404).end();
    served.push(req.url);
    const body = readFileSync(path);
    res.writeHead(200, { 'content-type': type, 'content-length': body.length });
    // In 64 KiB writes, so the body arrives in pieces as over a network.
    for (let i = 0; i < body.length; i += 65_536) res.write(body.subarray(i, i + 65_536));
    res.end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const events = [];
  try {
    const session = await createSession({
      wasmUrl: `${base}/wasipy.wasm`, stdlibUrl: `${base}/python313.zip`, stdlibExtra, useWorker: false,
      onProgress: (e) => events.push(e),
    });
    assert.equal((await session.run('print(6 * 7)')).stdout, '42\n');
    session.dispose();
  } finally {
    server.close();
  }
  assert.deepEqual(served.sort(), ['/python313.zip', '/wasipy.wasm']);
  const phases = events.map((e) => e.phase);
  const firstInit = phases.indexOf('init');
  assert.ok(firstInit > 0 && phases.slice(0, firstInit).every((p) => p === 'download'), `downloads, then init: ${phases.join(' ')}`);
  assert.deepEqual(phases.slice(firstInit), ['init', 'ready']);
  for (const [url, [path]] of Object.entries(files)) {
    const file = url.slice(1);
    const size = statSync(path).size;
    const loaded = events.filter((e) => e.file === file).map((e) => { assert.equal(e.total, size); return e.loaded; });
    assert.equal(loaded[0], 0, `${file} starts at 0`);
    assert.equal(loaded.at(-1), size, `${file} ends at its size`);
    assert.ok(loaded.every((n, i) => i === 0 || n > loaded[i - 1]), `${file}: loaded grows with each event`);
    assert.ok(loaded.some((n) => n > 0 && n < size), `${file}: a partial count, not one event at the end`);
  }
});

test('misuse throws named errors that say what to do', async () => {
  await assert.rejects(createSession({ module, rare, stdlib, colour: 'red' }), OptionsError);
  await assert.rejects(createSession({ module, rare, stdlib, onStdout: 'not a function' }), (e) => e instanceof OptionsError && /onStdout/.test(e.message));
  await assert.rejects(createSession({ module, rare, wasmUrl: 'x.wasm', stdlib }), /either "module" or "wasmUrl"/);
  await assert.rejects(createSession({ stdlib }), /pass "wasmUrl"/);
  const session = await start();
  assert.throws(() => session.run(42), OptionsError);
  session.dispose();
  assert.throws(() => session.run('1'), (e) => e instanceof SessionDisposedError && e.name === 'SessionDisposedError' && /loadPython\(\)/.test(e.message));
});
