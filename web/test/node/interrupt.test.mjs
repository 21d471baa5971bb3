// Interrupts through the interpreter's host check (sched_yield answered with
// EINTR, scripts/patches/cpython-wasi-host-check.patch), driven from Node:
// here the host runs on the same thread, so the test interrupts from inside
// an output callback, which runs while Python is in the middle of its code.
// (The worker, with JSPI, does the same from a message of the page: see the
// Chromium tests.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PythonHost } from '../../lib/python-host.js';
import { module, rare, stdlib } from './fixture.mjs';

/** A host that interrupts the run once it has printed `marker`. */
async function interruptingHost(marker) {
  let host;
  let seen = '';
  host = await PythonHost.create({
    module, rare,
    stdlib,
    onOutput: (chunks) => {
      for (const [, text] of chunks) seen += text;
      if (seen.includes(marker)) {
        seen = '';
        host.interrupt();
      }
    },
  });
  return host;
}

test('an interrupt raises KeyboardInterrupt in a running loop, and the session keeps its variables', async () => {
  const host = await interruptingHost('looping');
  assert.equal(host.run('x = 5').status, 'ok');
  const r = host.run("import sys\nprint('looping', flush=True)\nwhile True: pass");
  assert.equal(r.status, 'error');
  assert.match(r.stderr, /^Traceback \(most recent call last\):\n[\s\S]*\nKeyboardInterrupt\n$/);
  assert.equal(r.alive, true);
  assert.equal(host.run('x').value, '5');
});

test('except KeyboardInterrupt and finally blocks run', async () => {
  const host = await interruptingHost('looping');
  const r = host.run(`
try:
    try:
        print('looping', flush=True)
        while True: pass
    finally:
        print('finally ran')
except KeyboardInterrupt:
    print('caught')
`);
  assert.equal(r.status, 'ok', r.stderr);
  assert.equal(r.stdout, 'looping\nfinally ran\ncaught\n');
});

test('an interrupt during time.sleep raises KeyboardInterrupt when the sleep ends', async () => {
  // Synchronous hosts cannot shorten the sleep; the interrupt is raised right after it.
  const host = await interruptingHost('sleeping');
  const r = host.run("import time\nprint('sleeping', flush=True)\ntime.sleep(0.05)\nprint('not reached')");
  assert.equal(r.status, 'error');
  assert.match(r.stderr, /KeyboardInterrupt\n$/);
  assert.doesNotMatch(r.stdout, /not reached/);
});

test('an interrupt meant for a run that already ended does not hit the next one', async () => {
  const host = await PythonHost.create({ module, rare, stdlib });
  host.interrupt();
  const r = host.run('total = 0\nfor i in range(200_000): total += i\ntotal');
  assert.deepEqual([r.status, r.value], ['ok', String((200_000 * 199_999) / 2)], r.stderr);
});

test('SIGINT keeps Python\'s default handler in the host, so an interrupt can raise', async () => {
  const host = await PythonHost.create({ module, rare, stdlib });
  const r = host.run('import signal\nsignal.getsignal(signal.SIGINT) is signal.default_int_handler');
  assert.equal(r.value, 'True', r.stderr);
});
