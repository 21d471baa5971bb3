// The conformance gate (conformance/run.mjs, `make test` runs it with --fast
// --strict) fails on what it once let pass: a module whose C module is
// missing, a module that runs no test, an expected failure that passes now,
// a wildcard in expected.txt. Run on the browser runtime (Node) only: quicker,
// and the judging is the same for both hosts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function gate(args, env = {}) {
  const r = spawnSync(process.execPath, ['conformance/run.mjs', '--hosts', 'node', ...args], {
    cwd: root, encoding: 'utf8', env: { ...process.env, ...env },
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

function withExpected(text, fn) {
  const dir = mkdtempSync(join(tmpdir(), 'wasipy-expected-'));
  try {
    writeFileSync(join(dir, 'expected.txt'), text);
    return fn({ WASIPY_CONFORMANCE_EXPECTED: join(dir, 'expected.txt') });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a module whose C module is missing fails the run (it skips itself at import)', () => {
  const r = gate(['test_zlib'], { WASIPY_CONFORMANCE_BLOCK: 'zlib' });
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /unexpected: node test_zlib: ran no test \(.*zlib/);
});

test('a module that runs zero tests fails the run', () => {
  // test_types needs _testsinglephase, left out of the build (--disable-test-modules).
  const r = gate(['test_types']);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /unexpected: node test_types: ran no test/);
});

test('an expected failure that passes now is reported, and fails the run under --strict', () => {
  withExpected('test_json.test_decode.TestPyDecode.test_float   listed although it passes\n', (env) => {
    const lax = gate(['test_json'], env);
    assert.equal(lax.status, 0, lax.out);
    assert.match(lax.out, /passes now: node test_json\.test_decode\.TestPyDecode\.test_float/);
    const strict = gate(['--strict', 'test_json'], env);
    assert.equal(strict.status, 1, strict.out);
    assert.match(strict.out, /1 tests listed in conformance\/expected.txt pass now/);
  });
});

test('a wildcard in expected.txt is refused: it would hide new failures', () => {
  withExpected('test_json.*   everything\n', (env) => {
    const r = gate(['test_json'], env);
    assert.notEqual(r.status, 0);
    assert.match(r.out, /test_json\.\*: no wildcards/);
  });
});
