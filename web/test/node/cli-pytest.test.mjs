// pytest from PyPI (the pinned test wheels: pytest 9.2.0 and what it needs)
// on the command line: a small real suite run with `wasipy -m pytest` and the
// flags the README gives, with the same result as native python's plain
// `pytest` on the same files; and plain `-m pytest` stops where the README
// says it does (WASI cannot duplicate a file descriptor).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureWheels } from '../package-index/fetch-wheels.mjs';
import { wasmtimeArgs } from '../../../scripts/wasmtime-args.mjs';

const root = new URL('../../../', import.meta.url).pathname;
const wasm = join(root, 'target/wasipy/wasipy.wasm');
const nativePython = join(root, 'target/deps/native-python/bin/python3.13');
/** What the README's "pytest" section says to add: keep the two the same. */
const PYTEST_FLAGS = ['-p', 'no:faulthandler', '-p', 'no:cacheprovider', '--capture=sys', '--basetemp=/tmp/pytest-of-wasipy', '-o', 'log_file=/tmp/pytest.log'];
let work;

before(async () => {
  const wheels = await ensureWheels();
  work = mkdtempSync(join(tmpdir(), 'wasipy-cli-pytest-'));
  const r = spawnSync(nativePython, ['-m', 'pip', 'install', '--quiet', '--no-index', '--find-links', wheels, '--target', join(work, 'deps'), 'pytest'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  cpSync(join(root, 'web/test/node/fixtures/pytest-project'), join(work, 'project'), { recursive: true });
});
after(() => work && rmSync(work, { recursive: true, force: true }));

/** wasipy with deps/ as its site-packages, in the project's folder. */
function wasipy(args) {
  const run = [...wasmtimeArgs(), '--dir', '.', '--dir', `${join(work, 'deps')}::/usr/local/lib/python3.13/site-packages`, '--dir', '/tmp::/tmp', wasm, ...args];
  return spawnSync('wasmtime', run, { encoding: 'utf8', cwd: join(work, 'project') });
}

const summary = (out) => out.trim().split('\n').at(-1).replace(/ in [\d.]+s/, '').replace(/=+/g, '').trim();

test('wasipy -m pytest with the README\'s flags runs a real suite as native python\'s pytest does', () => {
  const native = spawnSync(nativePython, ['-m', 'pytest', '-p', 'no:cacheprovider'], {
    encoding: 'utf8', cwd: join(work, 'project'), env: { PYTHONPATH: join(work, 'deps'), PATH: process.env.PATH },
  });
  assert.equal(summary(native.stdout), '1 failed, 6 passed', native.stdout + native.stderr);
  const r = wasipy(['-m', 'pytest', ...PYTEST_FLAGS]);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(summary(r.stdout), summary(native.stdout), r.stdout + r.stderr);
  assert.match(r.stdout, /test_sample\.py:\d+: AssertionError\n/);
  assert.match(r.stdout, /FAILED test_sample\.py::test_fails - assert 2 == 3/);
  const pass = wasipy(['-m', 'pytest', ...PYTEST_FLAGS, '-k', 'not fails', '-q']);
  assert.equal(pass.status, 0, pass.stdout + pass.stderr);
});

test('plain wasipy -m pytest stops at its output capture, which needs os.dup', () => {
  const r = wasipy(['-m', 'pytest']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /self\.targetfd_save = os\.dup\(targetfd\)[\s\S]*OSError: \[Errno 58\] Not supported/);
});
