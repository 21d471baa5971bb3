// The host API of wasipy.wasm (crate/host_api.rs) driven through
// browser_wasi_shim, as the worker does: persistence, reset, statuses, and
// every bad input, each followed by a snippet that must still work.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { PythonHost } from '../../lib/python-host.js';
import { module, rare, stdlib, stdlibExtra } from './fixture.mjs';

let host;
let extraLoads = 0;
before(async () => {
  // The second stdlib archive through a loader, as the worker's sync XHR provides it.
  host = await PythonHost.create({ module, rare, stdlib, stdlibExtra: () => (extraLoads++, stdlibExtra) });
});

/** The session survives: state from before is still there and new code runs. */
function assertSurvives() {
  const r = host.run('survivor = globals().get("survivor", 0) + 1\nprint("alive", 6 * 7)');
  assert.equal(r.status, 'ok', r.stderr);
  assert.equal(r.stdout, 'alive 42\n');
}

function lastLine(text) {
  return text.trimEnd().split('\n').at(-1);
}

test('state persists across runs and a last expression gives its repr', () => {
  assert.equal(host.run('x = 41').status, 'ok');
  const r = host.run('x + 1');
  assert.deepEqual([r.status, r.value, r.stdout], ['ok', '42', '42\n']);
  assert.equal(host.run('None').value, undefined);
  assert.equal(host.run('"a" * 2', { display: false }).stdout, '');
});

test('the second stdlib archive is loaded only when one of its modules is imported', () => {
  assert.equal(host.run('import json, re, decimal, datetime, sqlite3, xml.etree.ElementTree').status, 'ok');
  assert.equal(extraLoads, 0);
  const r = host.run('import email.message, unittest\nm = email.message.EmailMessage()\nm["Subject"] = "hi"\nm["Subject"]');
  assert.deepEqual([r.status, r.value, extraLoads], ['ok', "'hi'", 1], r.stderr);
  host.run('import asyncio, http.client');
  assert.equal(extraLoads, 1, 'loaded once');
});

test('reset empties __main__', () => {
  host.run('y = 1');
  host.reset();
  const r = host.run('y');
  assert.equal(r.status, 'error');
  assert.match(r.stderr, /NameError: name 'y' is not defined/);
  assert.equal(host.run('__name__').value, "'__main__'");
});

test('stdout and stderr are separate and streamed', async () => {
  const seen = [];
  const streaming = await PythonHost.create({ module, rare, stdlib, onOutput: (chunks) => seen.push(...chunks) });
  const r = streaming.run('import sys\nprint("out")\nprint("err", file=sys.stderr)');
  assert.equal(r.stdout, 'out\n');
  assert.equal(r.stderr, 'err\n');
  assert.deepEqual(seen.map(([s]) => s).sort(), ['stderr', 'stdout']);
});

test('syntax error', () => {
  const r = host.run('print(1 +)');
  assert.equal(r.status, 'error');
  assert.equal(lastLine(r.stderr), 'SyntaxError: invalid syntax');
  assertSurvives();
});

test('NUL byte', () => {
  const r = host.run('print(1)\0');
  assert.equal(r.status, 'error');
  assert.match(r.stderr, /SyntaxError: source code string cannot contain null bytes/);
  assertSurvives();
});

test('bytes that are not UTF-8', () => {
  const r = host.run(new Uint8Array([0x70, 0x72, 0x69, 0x6e, 0x74, 0x28, 0x27, 0xff, 0x27, 0x29]));
  assert.equal(r.status, 'error');
  assert.match(r.stderr, /SyntaxError: .*utf-8/);
  assertSurvives();
});

test('empty snippet', () => {
  const r = host.run('');
  assert.deepEqual([r.status, r.stdout, r.stderr, r.value], ['ok', '', '', undefined]);
  assertSurvives();
});

test('5 MB snippet', () => {
  const line = 'n += 1  # padding padding padding padding padding padding\n';
  const count = Math.ceil((5 * 1024 * 1024) / line.length);
  const r = host.run('n = 0\n' + line.repeat(count) + 'n');
  assert.equal(r.status, 'ok', r.stderr);
  assert.equal(r.value, String(count));
  assertSurvives();
});

test('sys.exit(3) is an exit with code 3; the session goes on', () => {
  const r = host.run('import sys; sys.exit(3)');
  assert.deepEqual([r.status, r.exitCode, r.alive], ['exit', 3, true]);
  assertSurvives();
});

test('SystemExit("bye") prints bye and exits with 1', () => {
  const r = host.run('raise SystemExit("bye")');
  assert.deepEqual([r.status, r.exitCode, r.stderr], ['exit', 1, 'bye\n']);
  assertSurvives();
});

test('KeyboardInterrupt is an error with a traceback', () => {
  const r = host.run('raise KeyboardInterrupt');
  assert.equal(r.status, 'error');
  assert.equal(lastLine(r.stderr), 'KeyboardInterrupt');
  assertSurvives();
});

test('unbounded recursion is a RecursionError, not a trap', () => {
  const r = host.run('def f(): f()\nf()');
  assert.equal(r.status, 'error');
  assert.match(lastLine(r.stderr), /^RecursionError: maximum recursion depth exceeded/);
  const viaC = host.run('def g(n): return list(map(g, [n + 1]))\ng(0)');
  assert.match(lastLine(viaC.stderr), /^RecursionError/);
  assertSurvives();
});

test('memory bombs are MemoryError, and the next run works', () => {
  let r = host.run('bytearray(3 * 2**29)');
  assert.equal(lastLine(r.stderr), 'MemoryError');
  r = host.run('bytearray(3 * 2**30)');
  assert.match(lastLine(r.stderr), /^OverflowError/);
  r = host.run('hog = []\nwhile True:\n    hog.append(bytearray(2**20))');
  assert.equal(r.status, 'error');
  assert.equal(lastLine(r.stderr), 'MemoryError');
  assert.equal(host.run('del hog').status, 'ok');
  assertSurvives();
});

test('input() without stdin is EOFError; with stdin it reads lines', () => {
  let r = host.run('input()');
  assert.equal(lastLine(r.stderr), 'EOFError: EOF when reading a line');
  r = host.run('a = input("name? ")\nb = input()\nprint(a, b)\nimport sys\nprint(repr(sys.stdin.read()))', { stdin: 'Ada\nLovelace\nrest\n' });
  assert.equal(r.stdout, "name? Ada Lovelace\n'rest\\n'\n");
  r = host.run('input()');
  assert.equal(r.status, 'error', 'stdin of one run does not leak into the next');
  assertSurvives();
});

test('threads, subprocess and sockets are Python exceptions', () => {
  for (const code of [
    'import threading; threading.Thread(target=print).start()',
    "import subprocess; subprocess.run(['ls'])",
    "import socket; socket.create_connection(('127.0.0.1', 9))",
  ]) {
    const r = host.run(code);
    assert.equal(r.status, 'error', code);
    assert.match(r.stderr, /^Traceback \(most recent call last\):/, code);
    assert.ok(r.alive);
  }
  assertSurvives();
});

test('a module WASI cannot have (ctypes) says why under the traceback; a caught ImportError is python\'s', () => {
  const r = host.run('import ctypes');
  assert.equal(r.status, 'error');
  assert.match(r.stderr, /ModuleNotFoundError: No module named '_ctypes'\nwasipy: _ctypes is not available under WebAssembly: ctypes needs libffi, .*\(Known limits in wasipy's docs, docs\/src\/troubleshooting\.md, lists what is missing\)\n$/);
  const caught = host.run('try:\n    import mmap\nexcept ImportError as e:\n    print(e.name, getattr(e, "__notes__", None))');
  assert.equal(caught.stdout, 'mmap None\n', caught.stderr);
  assertSurvives();
});

test('/dev/null, /dev/zero and /dev/urandom behave as on Linux; os.devnull takes a logging handler', () => {
  const r = host.run([
    'import os, logging, stat',
    'with open(os.devnull, "w") as f:',
    '    print(f.write("x" * 100_000), f.isatty(), f.seek(0, 2))',
    'print(repr(open("/dev/null").read()), open("/dev/zero", "rb").read(4), len(open("/dev/urandom", "rb").read(70_000)))',
    'print(stat.S_ISCHR(os.stat("/dev/null").st_mode), sorted(os.listdir("/dev")))',
    'h = logging.FileHandler(os.devnull)',
    'logging.getLogger("t").addHandler(h)',
    'logging.getLogger("t").warning("gone")',
    'h.close()',
  ].join('\n'));
  assert.equal(r.stdout, "100000 False 0\n'' b'\\x00\\x00\\x00\\x00' 70000\nTrue ['null', 'random', 'urandom', 'zero']\n", r.stderr);
  const two = host.run('print(open("/dev/urandom", "rb").read(16) != open("/dev/urandom", "rb").read(16))');
  assert.equal(two.stdout, 'True\n');
});

test('files: /etc/passwd is an OSError, /tmp and the home directory are writable', () => {
  let r = host.run("open('/etc/passwd')");
  assert.match(lastLine(r.stderr), /^(FileNotFoundError|PermissionError|OSError)/);
  r = host.run("import os\nopen('/tmp/a.txt', 'w').write('héllo')\nopen('notes.txt', 'w').write('x')\nprint(open('/tmp/a.txt').read(), os.getcwd(), os.listdir('.'))");
  assert.equal(r.stdout, "héllo /home/user ['notes.txt']\n", r.stderr);
  assertSurvives();
});

test('os._exit(4) ends the instance and says so', async () => {
  const doomed = await PythonHost.create({ module, rare, stdlib });
  const r = doomed.run('import os\nprint("bye", flush=True)\nos._exit(4)');
  assert.deepEqual([r.status, r.exitCode, r.alive, r.stdout], ['exit', 4, false, 'bye\n']);
  assert.throws(() => doomed.run('1'), /create a new one/);
});

test('a wasm trap (os.abort) is crashed, and the instance is marked dead', async () => {
  const doomed = await PythonHost.create({ module, rare, stdlib });
  const r = doomed.run('import os; os.abort()');
  assert.equal(r.status, 'crashed');
  assert.equal(r.alive, false);
  assert.match(r.error, /unreachable/);
});

test('sqlite3 keeps a database file in the in-memory /tmp between runs; bz2 and lzma work', () => {
  let r = host.run("import sqlite3\ndb = sqlite3.connect('/tmp/notes.db')\ndb.execute('create table notes (body text)')\ndb.executemany('insert into notes values (?)', [('one',), ('two',)])\ndb.commit()\ndb.close()");
  assert.equal(r.status, 'ok', r.stderr);
  host.reset();
  r = host.run("import sqlite3\nsqlite3.connect('/tmp/notes.db').execute('select group_concat(body) from notes').fetchone()[0]");
  assert.equal(r.value, "'one,two'", r.stderr);
  r = host.run("import bz2, lzma\ndata = b'wasipy ' * 1000\n(bz2.decompress(bz2.compress(data)) == data, lzma.decompress(lzma.compress(data)) == data)");
  assert.equal(r.value, '(True, True)', r.stderr);
});

test('asyncio.run works in the browser runtime (poll_oneoff fixed, no self-pipe)', () => {
  const r = host.run('import asyncio\nasync def f(n):\n    await asyncio.sleep(0.01)\n    return n + 1\nasyncio.run(asyncio.wait_for(f(41), 1))');
  assert.equal(r.status, 'ok', r.stderr);
  assert.equal(r.value, '42');
});
