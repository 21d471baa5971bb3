// A step of `make deps` is redone when its own script (its flags) or a pin it
// reads changes, and skipped otherwise: its stamp hashes both (stamp_for in
// scripts/lib.sh). Run on bzip2, which builds in seconds, in a scratch tree
// with its own copy of the scripts and its own dependency cache.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const realDeps = process.env.WASIPY_DEPS ?? join(root, 'target/deps');
let dir;

/** A pin's value from scripts/pins.env. */
function pin(name) {
  const r = spawnSync('bash', ['-c', `. scripts/pins.env && printf %s "$${name}"`], { cwd: root, encoding: 'utf8' });
  return r.stdout;
}

const which = (cmd) => spawnSync('bash', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim();

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'wasipy-stamps-'));
  mkdirSync(join(dir, 'scripts'));
  for (const f of ['lib.sh', 'pins.env', 'bzip2.sh']) copyFileSync(join(root, 'scripts', f), join(dir, 'scripts', f));
  // Only read from the real cache: the sysroot and the tarball (the step writes
  // into its own src/ and wasm-prefix/).
  mkdirSync(join(dir, 'deps/downloads'), { recursive: true });
  symlinkSync(join(realDeps, 'sysroot'), join(dir, 'deps/sysroot'));
  const tarball = pin('BZIP2_TARBALL');
  symlinkSync(join(realDeps, 'downloads', tarball), join(dir, 'deps/downloads', tarball));
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the scratch copy of scripts/bzip2.sh as `make build` does (quiet when there is nothing to do). */
function bzip2() {
  const r = spawnSync('bash', [join(dir, 'scripts/bzip2.sh')], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, WASIPY_DEPS: join(dir, 'deps'), WASIPY_QUIET: '1' },
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stderr;
}

const built = /^\[bzip2\] libbz2 for wasm32, .* … ok \(\d+ s\)\n$/;

test('a step reruns when its script changes, and only then', () => {
  assert.match(bzip2(), built, 'the first run builds');
  assert.equal(bzip2(), '', 'an unchanged step on a warm cache says nothing');

  appendFileSync(join(dir, 'scripts/pins.env'), '\n# a pin bzip2 does not read\nSOME_OTHER_PIN=1\n');
  assert.equal(bzip2(), '', 'a pin the step does not read leaves it alone');

  // The same archiver by another name: a pin the step reads.
  appendFileSync(join(dir, 'scripts/pins.env'), `LLVM_AR=${JSON.stringify(which(pin('LLVM_AR')))}\n`);
  assert.match(bzip2(), built, 'a pin the step reads rebuilds it');
  assert.equal(bzip2(), '');

  appendFileSync(join(dir, 'scripts/bzip2.sh'), '# the flags changed\n');
  assert.match(bzip2(), built, 'an edited script rebuilds the step');
  assert.equal(bzip2(), '', 'and the next run is a no-op again');

  const stamps = readdirSync(join(dir, 'deps/wasm-prefix')).filter((f) => f.startsWith('.bzip2-'));
  assert.equal(stamps.length, 1, `one stamp, the earlier one removed: ${stamps}`);
});
