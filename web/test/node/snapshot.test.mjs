// The shipped wasipy.wasm holds a started interpreter (crate/snapshot.rs,
// scripts/snapshot.sh): each host session resumes it. What the build froze must
// be this session's own: the environment, random's seed, the files. Through
// browser_wasi_shim, as the worker does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PythonHost } from '../../lib/python-host.js';
import { module, rare, stdlib, stdlibExtra } from './fixture.mjs';

async function session(options = {}) {
  return PythonHost.create({ module, rare, stdlib, stdlibExtra, ...options });
}

function value(host, code) {
  const r = host.run(code);
  assert.equal(r.status, 'ok', r.stderr);
  return r.value;
}

test('a session starts from the snapshot: what only the snapshot imports is there before any run', async () => {
  const host = await session();
  // A start without the snapshot imports traceback at the first uncaught exception only (crate/runner.py).
  assert.equal(value(host, "import sys\n'traceback' in sys.modules"), 'True');
});

test('each session has its own environment, working directory and random seed', async () => {
  const [a, b] = [await session(), await session({ indexUrl: 'http://index.test/simple/' })];
  const probe = "import os, random\n(os.environ.get('HOME'), os.environ.get('WASIPY_INDEX_URL'), os.getcwd(), os.environb.get(b'LANG'), random.random())";
  const [one, two] = [value(a, probe), value(b, probe)];
  assert.match(one, /^\('\/home\/user', 'https:\/\/[^']+', '\/home\/user', b'C\.UTF-8', 0\.\d+\)$/);
  assert.match(two, /^\('\/home\/user', 'http:\/\/index\.test\/simple\/', '\/home\/user', b'C\.UTF-8', 0\.\d+\)$/);
  assert.notEqual(one.split(', ').at(-1), two.split(', ').at(-1), 'random is seeded per session, not at build time');
});

test('files are this host\'s: a module written before a run imports, the stdlib is read from the session\'s archive', async () => {
  const host = await session();
  assert.equal(value(host, "open('mine.py', 'w').write('X = 6 * 7')\nimport mine\nmine.X"), '42');
  // json is not in the snapshot: it comes from this session's python313.zip.
  assert.equal(value(host, "import sys\n'json' in sys.modules"), 'False');
  assert.equal(value(host, 'import json\njson.__spec__.origin'), "'/usr/local/lib/python313.zip/json/__init__.pyc'");
});
