// A session behaves like `python` where a person can tell: modules written
// to the working directory import, tracebacks through earlier runs show the
// right lines, stdout and stderr arrive in the order they were written, and
// output arrives while the code still runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { File } from '@bjorn3/browser_wasi_shim';
import { createSession } from '../../lib/session.js';
import { PythonHost } from '../../lib/python-host.js';
import { module, rare, stdlib, stdlibExtra } from './fixture.mjs';

const start = (extra = {}) => createSession({ module, rare, stdlib, stdlibExtra, useWorker: false, ...extra });

test('a module written to the working directory imports, and reload() sees a change', async () => {
  const session = await start();
  // An import from the working directory first, so that its directory listing is cached.
  let r = await session.run("open('first_mod.py', 'w').write('A = 1')\nimport first_mod\nfirst_mod.A");
  assert.deepEqual([r.status, r.value], ['ok', '1'], r.stderr);
  r = await session.run("open('mymod.py', 'w').write('X = 5')\nimport mymod\nmymod.X");
  assert.deepEqual([r.status, r.value], ['ok', '5'], r.stderr);
  r = await session.run("open('mymod.py', 'w').write('X = 6')\nimport importlib\nimportlib.reload(mymod).X");
  assert.deepEqual([r.status, r.value], ['ok', '6'], r.stderr);
  r = await session.run('import sys, os\nsys.path[0], os.getcwd()');
  assert.equal(r.value, "('', '/home/user')");
});

test('a traceback through a function from an earlier run shows that run\'s line', async () => {
  const session = await start();
  await session.run('def f():\n    return 1 / 0');
  const r = await session.run('x = 1\ny = 2\nf()');
  assert.equal(r.status, 'error');
  const lines = r.stderr.split('\n');
  const inF = lines.findIndex((l) => / line 2, in f$/.test(l));
  assert.ok(inF > 0, r.stderr);
  assert.match(lines[inF], /^ {2}File "<python-input-\d+>", line 2, in f$/);
  assert.equal(lines[inF + 1].trim(), 'return 1 / 0', r.stderr);
  assert.doesNotMatch(r.stderr, /y = 2/);
  // Each run has a name of its own: the caller's frame names the later run.
  const names = [...r.stderr.matchAll(/File "(<python-input-\d+>)"/g)].map((m) => m[1]);
  assert.equal(new Set(names).size, 2, r.stderr);
  const src = await session.run('import inspect\nprint(inspect.getsource(f), end="")');
  assert.equal(src.stdout, 'def f():\n    return 1 / 0\n', src.stderr);
});

test('stdout and stderr reach onOutput in the order they were written', async () => {
  const pieces = [];
  const session = await start({ onOutput: (stream, text) => pieces.push([stream, text]) });
  await session.run("import sys\nprint('a')\nprint('b', file=sys.stderr)\nprint('c')");
  assert.deepEqual(pieces, [['stdout', 'a\n'], ['stderr', 'b\n'], ['stdout', 'c\n']]);
  pieces.length = 0;
  // With no input given, the prompt comes first and the traceback after it, as in a terminal.
  const r = await session.run("name = input('Your name? ')");
  assert.equal(r.status, 'error');
  assert.deepEqual(pieces[0], ['stdout', 'Your name? ']);
  assert.equal(pieces[1][0], 'stderr');
  assert.match(pieces.slice(1).map(([, t]) => t).join(''), /^Traceback[\s\S]*EOFError: EOF when reading a line\n$/);
});

test('output is delivered while the code still runs, without waiting for the next write', async () => {
  // The code prints a burst (most of it waits in a batch), then loops without
  // printing until the host has delivered the burst's last line: the host
  // drops a file in /tmp when it sees it. Without live delivery the loop runs
  // to its guard and says so.
  let host;
  const delivered = [];
  host = await PythonHost.create({
    module, rare,
    stdlib,
    onOutput: (chunks) => {
      for (const [, text] of chunks) delivered.push(text);
      if (delivered.join('').includes('line 99\n')) {
        host.wasi.fds[3].dir.contents.get('tmp').contents.set('seen', new File(new Uint8Array(0)));
      }
    },
  });
  const r = host.run(`
import os, time
for i in range(100):
    print('line', i)
deadline = time.monotonic() + 20
while not os.path.exists('/tmp/seen'):
    if time.monotonic() > deadline:
        print('the output was not delivered while the loop ran')
        break
else:
    print('seen')
`);
  assert.equal(r.status, 'ok', r.stderr);
  assert.match(r.stdout, /line 99\nseen\n$/);
});

test('output printed before a sleep is delivered before the sleep ends', async () => {
  // A burst, then short sleeps until the host has delivered the burst's last
  // line. Too few loop iterations for the interpreter's periodic check to run:
  // only the flush before each sleep can deliver it.
  let host;
  let delivered = '';
  host = await PythonHost.create({
    module, rare,
    stdlib,
    onOutput: (chunks) => {
      for (const [, text] of chunks) delivered += text;
      if (delivered.includes('tick 4\n')) host.wasi.fds[3].dir.contents.get('tmp').contents.set('ticked', new File(new Uint8Array(0)));
    },
  });
  const r = host.run(`
import os, time
for i in range(5):
    print('tick', i)
for _ in range(100):
    if os.path.exists('/tmp/ticked'):
        print('seen')
        break
    time.sleep(0.05)
`);
  assert.equal(r.status, 'ok', r.stderr);
  assert.match(r.stdout, /tick 4\nseen\n$/);
});
