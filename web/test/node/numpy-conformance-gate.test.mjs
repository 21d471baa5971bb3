// The gate of numpy's suites (conformance/numpy.mjs): it reads pytest's JUnit
// report, fails on a failure conformance/numpy-expected.txt does not list, on a
// suite that runs no test, and (--strict) on a listed test that passes now.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJunit, readSuites } from '../../../conformance/numpy.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function gate(args, expected) {
  const dir = mkdtempSync(join(tmpdir(), 'numpy-gate-'));
  try {
    writeFileSync(join(dir, 'expected.txt'), expected);
    return spawnSync(process.execPath, [join(root, 'conformance/numpy.mjs'), ...args], {
      encoding: 'utf8', env: { ...process.env, WASIPY_NUMPY_EXPECTED: join(dir, 'expected.txt') }, timeout: 300_000,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('readJunit: ids, outcomes (failure, error, skip, xfail) and the message of a failure, entities decoded', () => {
  const xml = `<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest">
<testcase classname="numpy.x.tests.test_a.TestA" name="test_ok[a&lt;b]" time="0.1" />
<testcase classname="numpy.x.tests.test_a.TestA" name="test_bad" time="0.1"><failure message="AssertionError: 1 != 2&#10;more">trace</failure></testcase>
<testcase classname="numpy.x.tests.test_a" name="test_err"><error message="collection &quot;failed&quot;">trace</error></testcase>
<testcase classname="numpy.x.tests.test_a" name="test_skip"><skipped type="pytest.skip" message="no">x</skipped></testcase>
<testcase classname="numpy.x.tests.test_a" name="test_xf"><skipped type="pytest.xfail" message="known" /></testcase>
</testsuite></testsuites>`;
  assert.deepEqual(readJunit(xml), [
    { id: 'numpy.x.tests.test_a.TestA::test_ok[a<b]', outcome: 'passed', message: '' },
    { id: 'numpy.x.tests.test_a.TestA::test_bad', outcome: 'failure', message: 'AssertionError: 1 != 2' },
    { id: 'numpy.x.tests.test_a::test_err', outcome: 'error', message: 'collection "failed"' },
    { id: 'numpy.x.tests.test_a::test_skip', outcome: 'skipped', message: '' },
    { id: 'numpy.x.tests.test_a::test_xf', outcome: 'xfail', message: '' },
  ]);
});

test('readSuites: a package name, or a name with its tests folder; --fast keeps the fast ones', () => {
  const text = '# comment\nnumpy.fft fast\nnumpy._core\nmarkupsafe target/deps/src/recipe-markupsafe/tests fast  # outside its package\n';
  assert.deepEqual(readSuites(text, false), [
    { name: 'numpy.fft', folder: undefined, fast: true },
    { name: 'numpy._core', folder: undefined, fast: false },
    { name: 'markupsafe', folder: join(root, 'target/deps/src/recipe-markupsafe/tests'), fast: true },
  ]);
  assert.deepEqual(readSuites(text, true).map((s) => s.name), ['numpy.fft', 'markupsafe']);
});

test('--strict fails on a listed test that passes now; a suite that runs no test fails the gate', () => {
  const stale = gate(['--strict', 'numpy.fft.tests.test_helper'], 'numpy.fft.tests.test_helper.TestFFTShift::test_definition  listed to see the gate fail\n');
  assert.equal(stale.status, 1, stale.stdout + stale.stderr);
  assert.match(stale.stdout, /\| numpy\.fft\.tests\.test_helper \| \d+ \| 0 \| 0 \|/);
  assert.match(stale.stdout, /numpy\.fft\.tests\.test_helper\.TestFFTShift::test_definition: listed in conformance\/numpy-expected\.txt, but passes now/);
  const none = gate(['numpy.no_such_module'], '');
  assert.equal(none.status, 1, none.stdout + none.stderr);
  assert.match(none.stdout, /numpy\.no_such_module: no test report \(pytest exited \d+\)/);
});
