// The Rust and Node versions wasipy needs are each stated once (rust-version in
// Cargo.toml, engines.node in package.json), and a machine with an older one
// is stopped with one clear line: scripts/rust-target.sh (a step of make deps)
// for rustc, scripts/check-node.mjs (before npm run dev/build/test) for Node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeVersionProblem, requiredNode, satisfies } from '../../../scripts/check-node.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let dir;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'wasipy-pins-'));
});

after(() => rmSync(dir, { recursive: true, force: true }));

// ---- Rust -------------------------------------------------------------------

/** rust-version as cargo reads it from Cargo.toml. */
function cargoRustVersion() {
  const r = spawnSync('cargo', ['metadata', '--no-deps', '--offline', '--format-version', '1'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, `cargo metadata: ${r.stderr}`);
  const pkg = JSON.parse(r.stdout).packages.find((p) => p.name === 'wasipy');
  return pkg.rust_version;
}

/** A folder of fake `rustc` (printing `rustcVersion`) and `rustup` (wasm32-wasip1 installed), or of nothing. */
function fakeBin(name, rustcVersion) {
  const bin = join(dir, name);
  mkdirSync(bin, { recursive: true });
  if (rustcVersion) {
    writeFileSync(join(bin, 'rustc'), `#!/bin/sh\necho "rustc ${rustcVersion} (0123456789 2026-01-01)"\n`);
    writeFileSync(join(bin, 'rustup'), '#!/bin/sh\nprintf "wasm32-wasip1\\nx86_64-unknown-linux-gnu\\n"\n');
    chmodSync(join(bin, 'rustc'), 0o755);
    chmodSync(join(bin, 'rustup'), 0o755);
  }
  return bin;
}

/** scripts/rust-target.sh with only `bin` and the system's tools on PATH. */
function rustTarget(bin) {
  const r = spawnSync('bash', [join(root, 'scripts/rust-target.sh')], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:/usr/bin:/bin`, WASIPY_DEPS: join(dir, 'deps'), WASIPY_QUIET: '' },
  });
  return { status: r.status, stderr: r.stderr };
}

test('Cargo.toml states the Rust version; no rust-toolchain file names a channel a fresh machine lacks', () => {
  const need = cargoRustVersion();
  assert.match(need ?? '', /^\d+\.\d+(\.\d+)?$/, 'rust-version = "X.Y" in Cargo.toml');
  // Why not a rust-toolchain.toml: the comment at the top of scripts/rust-target.sh.
  for (const file of ['rust-toolchain.toml', 'rust-toolchain']) assert.ok(!existsSync(join(root, file)), `${file} exists`);
});

test('rust-target.sh stops a rustc older than rust-version, with the versions and the fix', () => {
  const [major, minor] = cargoRustVersion().split('.').map(Number);
  const older = `${major}.${minor - 1}.9`;
  const r = rustTarget(fakeBin('old-rust', older));
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`\\[rust-target\\] failed: rustc ${older.replaceAll('.', '\\.')} is older than Rust ${major}\\.${minor}, which wasipy needs \\(rust-version in Cargo\\.toml\\)`));
  assert.match(r.stderr, /\[rust-target\] to fix: run: rustup update stable/);
});

test('rust-target.sh accepts rust-version itself and anything newer', () => {
  const [major, minor] = cargoRustVersion().split('.').map(Number);
  for (const version of [`${major}.${minor}.0`, `${major}.${minor}.3`, `${major}.${minor + 1}.0-nightly`, `${major + 1}.0.0`]) {
    const r = rustTarget(fakeBin(`rust-${version}`, version));
    assert.equal(r.status, 0, `rustc ${version}: ${r.stderr}`);
    assert.match(r.stderr, /ok \(already there\): wasm32-wasip1/);
  }
});

test('rust-target.sh without rustc says to install Rust', () => {
  const r = rustTarget(fakeBin('no-rust'));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /\[rust-target\] failed: rustc is not installed/);
  assert.match(r.stderr, /to fix: install Rust \d+\.\d+ or newer with rustup/);
});

test("this machine's rustc passes the check", () => {
  const r = spawnSync('bash', [join(root, 'scripts/rust-target.sh')], { cwd: root, encoding: 'utf8', env: { ...process.env, WASIPY_QUIET: '1' } });
  assert.equal(r.status, 0, r.stderr);
});

// ---- Node -------------------------------------------------------------------

test('satisfies() reads the npm ranges engines use', () => {
  const cases = [
    ['20.19.0', '^20.19.0 || >=22.12.0', true],
    ['20.18.3', '^20.19.0 || >=22.12.0', false],
    ['21.7.0', '^20.19.0 || >=22.12.0', false],
    ['22.11.0', '^20.19.0 || >=22.12.0', false],
    ['v22.12.0', '^20.19.0 || >=22.12.0', true],
    ['24.1.0', '^20.19.0 || >=22.12.0', true],
    ['18.0.0', '>= 12.0.0', true],
    ['13.9.0', '^10 || ^12 || ^13.7 || ^14 || >=15.0.1', true],
    ['13.6.0', '^10 || ^12 || ^13.7 || ^14 || >=15.0.1', false],
    ['15.0.0', '^10 || ^12 || ^13.7 || ^14 || >=15.0.1', false],
    ['20.1.0', '~20.1', true],
    ['20.2.0', '~20.1', false],
    ['20.5.0', '20', true],
    ['21.0.0', '>20', true],
    ['20.9.0', '>20', false],
    ['20.1.9', '<=20.1', true],
    ['20.2.0', '<=20.1', false],
    ['19.0.0', '>=18 <20', true],
    ['20.0.0', '>=18 <20', false],
  ];
  for (const [version, range, expected] of cases) assert.equal(satisfies(version, range), expected, `${version} in ${range}`);
  assert.throws(() => satisfies('20.0.0', '1.x - 2'), /cannot read "1\.x" in the version range "1\.x - 2"/);
});

const SAMPLE_NODES = ['16.20.2', '18.20.4', '20.0.0', '20.10.0', '20.18.3', '20.19.0', '20.20.2', '21.7.3', '22.0.0', '22.11.0', '22.12.0', '23.5.0', '24.1.0', '26.0.0'];

test("engines.node admits no Node that one of the project's dependencies refuses", () => {
  const ours = requiredNode();
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const refused = [];
  for (const [path, pkg] of Object.entries(lock.packages)) {
    // Optional packages are other platforms' binaries, never installed here.
    if (!path || pkg.optional || typeof pkg.engines?.node !== 'string') continue;
    for (const version of SAMPLE_NODES) {
      if (satisfies(version, ours) && !satisfies(version, pkg.engines.node)) refused.push(`${path} (${pkg.engines.node}) refuses ${version}`);
    }
  }
  assert.deepEqual(refused, [], `narrow engines.node in package.json (now ${ours})`);
  assert.ok(SAMPLE_NODES.some((v) => satisfies(v, ours)), 'some Node satisfies engines.node');
  assert.equal(nodeVersionProblem(process.versions.node, ours), null, `this machine's Node ${process.versions.node} is supported`);
});

/** A copy of the Node-side scripts and package.json, with engines.node replaced. */
function treeRequiring(range) {
  const tree = mkdtempSync(join(dir, 'tree-'));
  mkdirSync(join(tree, 'scripts'));
  for (const file of ['scripts/check-node.mjs', 'scripts/ensure-built.mjs', 'scripts/built-files.mjs']) cpSync(join(root, file), join(tree, file));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  pkg.engines.node = range;
  writeFileSync(join(tree, 'package.json'), JSON.stringify(pkg, null, 2));
  return tree;
}

const FUTURE = '>=999.0.0';
const tooOld = new RegExp(`wasipy needs Node ${FUTURE} \\(engines in package\\.json\\), and this is Node ${process.versions.node.replaceAll('.', '\\.')}: install a supported Node`);

test('check-node.mjs is silent on a supported Node and stops an older one with one line', () => {
  const ok = spawnSync(process.execPath, [join(root, 'scripts/check-node.mjs')], { encoding: 'utf8' });
  assert.deepEqual([ok.status, ok.stdout, ok.stderr], [0, '', '']);
  const tree = treeRequiring(FUTURE);
  const r = spawnSync(process.execPath, [join(tree, 'scripts/check-node.mjs')], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^\[node\] /);
  assert.match(r.stderr, tooOld);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
});

test('npm test stops at its pretest on a Node older than engines.node', () => {
  const tree = treeRequiring(FUTURE);
  const r = spawnSync('npm', ['test', '--silent'], { cwd: tree, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, tooOld);
  assert.doesNotMatch(`${r.stdout}${r.stderr}`, /web\/test\/node/, 'the tests themselves did not start');
});

test('npm run dev and build (ensure-built.mjs) stop before make on a Node older than engines.node, even with WASIPY_SKIP_BUILD', () => {
  const tree = treeRequiring(FUTURE);
  for (const env of [{}, { WASIPY_SKIP_BUILD: '1' }]) {
    const r = spawnSync(process.execPath, [join(tree, 'scripts/ensure-built.mjs')], {
      cwd: tree,
      encoding: 'utf8',
      env: { ...process.env, WASIPY_SKIP_BUILD: '', npm_lifecycle_event: 'prebuild', ...env },
    });
    assert.equal(r.status, 1, JSON.stringify(env));
    assert.match(r.stderr, /^\[npm run build\] wasipy needs Node/);
    assert.match(r.stderr, tooOld);
    assert.doesNotMatch(r.stderr, /make/);
  }
});
