// What the build steps (scripts/*.sh, through scripts/lib.sh) print: one line
// for a step with work, the end of its log and the fix when it fails, nothing
// on a warm tree.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtFlavours } from '../../../scripts/built-files.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let dir;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'wasipy-steps-'));
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a step named `name` whose body is `body`, with its own dependency cache. */
function step(name, body, env = {}) {
  const file = join(dir, `${name}.sh`);
  writeFileSync(file, `. ${JSON.stringify(join(root, 'scripts/lib.sh'))}\n${body}\n`);
  const r = spawnSync('bash', [file], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, WASIPY_DEPS: join(dir, 'deps'), WASIPY_QUIET: '', ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('a step with work prints one line, and its tools print into its log', () => {
  const r = step('demo', [
    'begin "making the demo (log: $(rel "$LOG"))"',
    'echo "a hundred lines of compiler output" >> "$LOG"',
    'phase compiling',
    'finish ok',
  ].join('\n'));
  assert.equal(r.status, 0);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^\[demo\] making the demo \(log: deps\/demo\.log\) … compiling … ok \(\d+ s\)\n$/);
});

test('a failing step prints the reason, the last lines of its log and the fix', () => {
  const r = step('broken', [
    'begin "building the broken thing"',
    'for i in $(seq 1 40); do echo "compiler line $i"; done >> "$LOG"',
    '{ echo "error: no such header: zlib.h"; false; } >> "$LOG" 2>&1 || die "the build failed" "install zlib and run make deps again"',
  ].join('\n'));
  assert.equal(r.status, 1);
  const lines = r.stderr.split('\n');
  assert.match(lines[0], /^\[broken\] building the broken thing … failed$/);
  assert.equal(lines[1], '[broken] failed: the build failed');
  assert.equal(lines[2], '[broken] the last lines of deps/broken.log:');
  assert.equal(lines.at(-3), '    error: no such header: zlib.h');
  assert.equal(lines.at(-2), '[broken] to fix: install zlib and run make deps again');
  assert.ok(!r.stderr.includes('compiler line 1\n'), 'only the end of the log');
  assert.ok(r.stderr.includes('compiler line 40\n'));
});

test('a step that fails before it began prints the reason and the fix', () => {
  const r = step('early', 'die "wasmtime missing" "run scripts/wasmtime.sh (or make deps)"');
  assert.equal(r.status, 1);
  assert.equal(r.stderr, '[early] failed: wasmtime missing\n[early] to fix: run scripts/wasmtime.sh (or make deps)\n');
});

test('a step whose output is already there says nothing under make build', () => {
  assert.equal(step('warm', 'already "target/thing"', { WASIPY_QUIET: '1' }).stderr, '');
  assert.equal(step('warm', 'already "target/thing"').stderr, '[warm] ok (already there): target/thing\n');
});

test('make build on the built tree prints nothing (as under make run)', () => {
  const r = spawnSync('make', ['--no-print-directory', 'build'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, WASIPY_QUIET: '1', MAKEFLAGS: '', MAKELEVEL: '' },
  });
  assert.equal(r.status, 0, `make build failed:\n${r.stderr}`);
  assert.equal(r.stdout + r.stderr, '', 'a warm make build printed something: run `make build` first if the tree changed');
});

test('a failing npm ci under make prints the end of its log and what to do', () => {
  const tree = join(dir, 'npm-tree');
  mkdirSync(tree);
  writeFileSync(join(tree, 'package.json'), JSON.stringify({ name: 'x', dependencies: { 'left-pad': '1.3.0' } }));
  writeFileSync(join(tree, 'package-lock.json'), JSON.stringify({ name: 'x', lockfileVersion: 3, packages: {} }));
  const r = spawnSync('make', ['--no-print-directory', '-f', join(root, 'Makefile'), 'node_modules/.package-lock.json'], {
    cwd: tree,
    encoding: 'utf8',
    env: { ...process.env, MAKEFLAGS: '', MAKELEVEL: '' },
  });
  assert.notEqual(r.status, 0);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /npm (error|ERR!)/, 'the end of the log');
  assert.match(r.stderr, /\n\[npm ci\] failed: npm says why above \(all of it: target\/npm-ci\.log\); fix that \(often the network or the registry setting\), then run make again\n/);
});

test('the snapshot step stops with wizer\'s reason and leaves no module when the build cannot be snapshotted', () => {
  // A valid module without wasipy_snapshot (a build of another crate, say).
  const built = join(dir, 'no-init.wasm');
  const out = join(dir, 'snapshot-out.wasm');
  writeFileSync(built, Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  const r = spawnSync('bash', [join(root, 'scripts/snapshot.sh'), built, out], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, WASIPY_DEPS: join(dir, 'deps'), WASIPY_QUIET: '' },
  });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /^\[snapshot\] wasmtime wizer: the interpreter snapshot \(log: deps\/snapshot\.log\) … failed$/m);
  assert.match(r.stderr, /\[snapshot\] failed: the snapshot could not be made/);
  assert.match(r.stderr, /wasipy_snapshot/, 'the log\'s end names the missing init function');
  assert.match(r.stderr, /to fix: the log says why/);
  assert.ok(!existsSync(out) && !existsSync(`${out}.tmp`), 'no module is left behind');
});

test('the split step without wasm-split stops and names the step that installs it', () => {
  const built = join(dir, 'any.wasm');
  writeFileSync(built, Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  const r = spawnSync('bash', [join(root, 'scripts/split.sh'), built, join(dir, 'split-none')], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, WASIPY_DEPS: join(dir, 'no-deps'), WASIPY_QUIET: '' },
  });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /\[split\] failed: wasm-split is missing\n\[split\] to fix: run scripts\/binaryen\.sh \(or make deps\)/);
  assert.ok(!existsSync(join(dir, 'split-none')));
});

test('the split step stops with the profile run\'s reason in one line and leaves no part when the module is not wasipy\'s', () => {
  // A valid module without _start: wasm-split instruments it, the page's host cannot start it.
  const built = join(dir, 'not-wasipy.wasm');
  const out = join(dir, 'split-out');
  writeFileSync(built, Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  mkdirSync(join(dir, 'split-deps'), { recursive: true });
  symlinkSync(join(root, 'target/deps/binaryen'), join(dir, 'split-deps/binaryen'), 'dir');
  const r = spawnSync('bash', [join(root, 'scripts/split.sh'), built, out, join(root, 'target/wasipy/usr/local/lib')], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, WASIPY_DEPS: join(dir, 'split-deps'), WASIPY_QUIET: '' },
  });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /^\[split\] wasm-split: the browsers' module in two parts \(log: split-deps\/split\.log\) … instrument … profile … failed$/m);
  assert.match(r.stderr, /\[split\] failed: the profile run of the instrumented module failed/);
  assert.match(r.stderr, /^ {4}the profile run of \S+instrumented\.wasm failed: instance\.exports\._start is not a function$/m);
  assert.ok(!existsSync(join(out, 'wasipy.wasm')) && !existsSync(join(out, 'wasipy-rare.wasm')), 'no part is left behind');
});

test('a flavour\'s profile run stops naming what is missing: its packages\' folder, or an example of the flavour', () => {
  const profile = (...args) => spawnSync(process.execPath, [join(root, 'scripts/split-profile.mjs'), join(root, 'target/wasipy/wasipy.wasm'),
    join(root, 'target/wasipy/usr/local/lib'), join(dir, 'profile'), ...args], { encoding: 'utf8' });
  const usage = profile('numpy');
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /usage: node scripts\/split-profile\.mjs INSTRUMENTED\.wasm STDLIB_DIR PROFILE_OUT \[FLAVOUR PACKAGES_DIR\]/);
  const r = profile('nosuch', join(root, 'target/wasipy-numpy/web'));
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /failed: the playground has no example with id nosuch \(web\/playground\/examples\.js\)/);
  assert.ok(!existsSync(join(dir, 'profile')), 'no profile is written');
});

test('builtFlavours serves a flavour\'s two parts once they are split, its whole browser module until then', () => {
  const flavour = join(dir, 'tree/target/wasipy-demo');
  mkdirSync(join(flavour, 'web'), { recursive: true });
  writeFileSync(join(flavour, 'wasipy-web.wasm'), '');
  writeFileSync(join(flavour, 'web/manifest.json'), '{}');
  const files = () => builtFlavours(join(dir, 'tree')).map((f) => [f.name, f.files]);
  assert.deepEqual(files(), [['demo', { 'wasipy.wasm': 'target/wasipy-demo/wasipy-web.wasm', 'manifest.json': 'target/wasipy-demo/web/manifest.json', files: 'target/wasipy-demo/web/files' }]]);
  writeFileSync(join(flavour, 'web/wasipy.wasm'), '');
  writeFileSync(join(flavour, 'web/wasipy-rare.wasm'), '');
  // Parts older than the module (its split failed since): not served.
  const past = new Date(Date.now() - 60_000);
  utimesSync(join(flavour, 'web/wasipy.wasm'), past, past);
  assert.equal(files()[0][1]['wasipy.wasm'], 'target/wasipy-demo/wasipy-web.wasm');
  writeFileSync(join(flavour, 'web/wasipy.wasm'), '');
  assert.deepEqual(files(), [['demo', {
    'wasipy.wasm': 'target/wasipy-demo/web/wasipy.wasm', 'wasipy-rare.wasm': 'target/wasipy-demo/web/wasipy-rare.wasm',
    'manifest.json': 'target/wasipy-demo/web/manifest.json', files: 'target/wasipy-demo/web/files',
  }]]);
});

test('moving the rare tables refuses a link map of another build, and a split without wasm-split\'s list of kept functions', () => {
  const data = (map, kept) => spawnSync(process.execPath, [join(root, 'scripts/split-data.mjs'), map, join(root, 'target/wasipy/wasipy.wasm'), kept,
    join(dir, 'first.wasm'), join(dir, 'rest.wasm')], { encoding: 'utf8' });
  writeFileSync(join(dir, 'first.wasm'), 'first');
  writeFileSync(join(dir, 'rest.wasm'), 'rest');
  writeFileSync(join(dir, 'functions.txt'), 'Keeping functions: 0, 1\n');
  // The numpy module's map: another module (more functions) than the plain one.
  const other = data(join(root, 'target/wasipy-numpy/wasipy-link.map'), join(dir, 'functions.txt'));
  assert.equal(other.status, 1, other.stderr);
  assert.match(other.stderr, /^moving the rare tables failed: \S+wasipy-link\.map is the link map of another build \(\d+ functions; the module has \d+\): `cargo test` writes its own map to the same path; run `touch build\.rs && make build`$/m);
  writeFileSync(join(dir, 'no-list.txt'), 'wasm-split said nothing\n');
  const noList = data(join(root, 'target/wasipy/wasipy-link.map'), join(dir, 'no-list.txt'));
  assert.equal(noList.status, 1, noList.stderr);
  assert.match(noList.stderr, /no-list\.txt has no "Keeping functions:" line \(wasm-split --verbose\)/);
  // A module whose kept list names functions it does not have.
  writeFileSync(join(dir, 'names.txt'), 'Keeping functions: $PyInit_x, 1\n');
  const names = data(join(root, 'target/wasipy/wasipy-link.map'), join(dir, 'names.txt'));
  assert.equal(names.status, 1, names.stderr);
  assert.match(names.stderr, /names\.txt names functions that are not indices of this module's \(a module with a name section\?\)/);
  assert.deepEqual([readFileSync(join(dir, 'first.wasm'), 'utf8'), readFileSync(join(dir, 'rest.wasm'), 'utf8')], ['first', 'rest'], 'the parts are left as they were');
});
