// The `wasipy` command (target/wasipy/bin/wasipy, scripts/wasipy-launcher.sh):
// python's command line from the directory the user is in, compared with the
// native python the build made; the precompiled module is made once and made
// again when the module changes; `make install` puts a working copy in a PREFIX.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, utimesSync, writeFileSync, cpSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const launcher = join(root, 'target/wasipy/bin/wasipy');
const native = join(root, 'target/deps/native-python/bin/python3.13');
let work;

before(() => {
  assert.ok(existsSync(launcher), 'make build writes target/wasipy/bin/wasipy');
  work = mkdtempSync(join(tmpdir(), 'wasipy-launcher-'));
  writeFileSync(join(work, 'main.py'), 'import sys, helper\nprint(helper.X, sys.argv[1:], __name__)\n');
  writeFileSync(join(work, 'helper.py'), 'X = 42\n');
  mkdirSync(join(work, 'pkg'));
  writeFileSync(join(work, 'pkg/__init__.py'), '');
  writeFileSync(join(work, 'pkg/__main__.py'), 'import sys\nprint("pkg", __name__, sys.argv[1:])\n');
  mkdirSync(join(work, 'lib'));
  writeFileSync(join(work, 'lib/libmod.py'), 'Y = "from PYTHONPATH"\n');
});
after(() => work && rmSync(work, { recursive: true, force: true }));

/** Runs `cmd` in the scratch folder with only PATH, HOME and `env` in its environment. */
function run(cmd, args, { input, env = {}, cwd = work } = {}) {
  const r = spawnSync(cmd, args, { cwd, input, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A writable directory the launcher does not map: not under /tmp (mapped as
 * itself) nor under the scratch working directory. A clone in /tmp has its
 * target/ under /tmp, so the repository is not always such a place. */
function unmappedParent() {
  const mappedRoots = [realpathSync('/tmp'), realpathSync(tmpdir()), realpathSync(work)];
  for (const dir of ['/var/tmp', process.env.HOME, join(root, 'target')]) {
    if (!dir || !existsSync(dir)) continue;
    const real = realpathSync(dir);
    if (!mappedRoots.some((m) => real === m || real.startsWith(m + '/'))) return real;
  }
  throw new Error('no writable directory outside /tmp for this test (tried /var/tmp, $HOME, target/)');
}

/** wasipy and native python give the same stdout and status. */
function likePython(args, opts = {}) {
  const got = run(launcher, args, opts);
  const want = run(native, args, opts);
  assert.equal(got.stdout, want.stdout, `stdout of ${args.join(' ')}: ${got.stderr}`);
  assert.equal(got.status, want.status, `status of ${args.join(' ')}`);
  return got;
}

test('a script in the working directory imports its neighbours, with its arguments', () => {
  likePython(['main.py', 'a', 'b c']);
});

test('-m, -c, stdin and -i behave as in python', () => {
  likePython(['-m', 'pkg', 'x']);
  likePython(['-c', 'import sys; print(sys.argv, 6 * 7)', 'arg']);
  likePython(['-'], { input: 'print("from stdin")\n' });
  likePython(['-q', '-i', 'helper.py'], { input: 'print(X + 1)\n' });
  likePython(['-c', 'raise SystemExit(3)']);
});

test('PYTHONPATH, relative and absolute, and /tmp are seen as python sees them', () => {
  likePython(['-c', 'import libmod; print(libmod.Y)'], { env: { PYTHONPATH: 'lib' } });
  likePython(['-c', 'import libmod; print(libmod.Y)'], { env: { PYTHONPATH: join(work, 'lib') } });
  const tmpFile = join(tmpdir(), `wasipy-launcher-${process.pid}.txt`);
  try {
    likePython(['-c', `open(${JSON.stringify(tmpFile)}, "w").write("x"); print(open(${JSON.stringify(tmpFile)}).read())`]);
  } finally {
    rmSync(tmpFile, { force: true });
  }
});

test('a site-packages folder given by WASIPY_SITE_PACKAGES is the installation\'s site-packages', () => {
  const site = join(work, 'site');
  mkdirSync(join(site, 'sitepkg'), { recursive: true });
  writeFileSync(join(site, 'sitepkg/__init__.py'), 'Z = 7\n');
  const r = run(launcher, ['-c', 'import sitepkg, site; print(sitepkg.Z, sitepkg.__file__)'], { env: { WASIPY_SITE_PACKAGES: site } });
  assert.equal(r.stdout, '7 /usr/local/lib/python3.13/site-packages/sitepkg/__init__.py\n', r.stderr);
  const bad = run(launcher, ['-c', 'pass'], { env: { WASIPY_SITE_PACKAGES: join(work, 'nope') } });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /WASIPY_SITE_PACKAGES=.*nope is not a directory/);
});

test('a file outside the mapped directories: python\'s message, then which directories wasipy sees and how to add one', () => {
  const outside = mkdtempSync(join(unmappedParent(), 'wasipy-launcher-outside-'));
  try {
    writeFileSync(join(outside, 'far.py'), 'print("far away")\n');
    const r = run(launcher, [join(outside, 'far.py')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, new RegExp(`^wasipy: can't open file '${join(outside, 'far.py')}': \\[Errno 44\\] No such file or directory\\n`));
    assert.match(r.stderr, new RegExp(`wasipy: it sees the working directory \\(${work}\\) as /, /tmp and the stdlib; map another directory with WASIPY_DIRS=`));
    const mapped = run(launcher, [join(outside, 'far.py')], { env: { WASIPY_DIRS: outside } });
    assert.equal(mapped.stdout, 'far away\n', mapped.stderr);
    // A missing file in the working directory: python's message alone.
    const missing = run(launcher, ['nothere.py']);
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr, "wasipy: can't open file '/nothere.py': [Errno 44] No such file or directory\n");
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
});

test('the module is precompiled once, and again after a new build; a stale .cwasm is never loaded', () => {
  // A copy of the build, so that touching its module leaves the real one alone.
  const home = join(work, 'home');
  mkdirSync(home);
  cpSync(join(root, 'target/wasipy/wasipy.wasm'), join(home, 'wasipy.wasm'));
  cpSync(join(root, 'target/wasipy/usr'), join(home, 'usr'), { recursive: true });
  const text = readFileSync(launcher, 'utf8').replace(/^HOME_DIR=.*$/m, `HOME_DIR=${home}`);
  const copy = join(work, 'wasipy-copy');
  writeFileSync(copy, text, { mode: 0o755 });
  const cwasm = join(home, 'wasipy.cwasm');
  assert.equal(run(copy, ['-c', 'print(1)']).stdout, '1\n');
  assert.ok(existsSync(cwasm), 'the first start precompiles');
  const first = statSync(cwasm).mtimeMs;
  assert.equal(run(copy, ['-c', 'print(2)']).stdout, '2\n');
  assert.equal(statSync(cwasm).mtimeMs, first, 'the second start reuses it');
  // A new build: the module changes.
  const later = new Date(Date.now() + 5000);
  utimesSync(join(home, 'wasipy.wasm'), later, later);
  const r = run(copy, ['-c', 'print(3)']);
  assert.equal(r.stdout, '3\n', r.stderr);
  assert.notEqual(statSync(cwasm).mtimeMs, first, 'made again');
  // A .cwasm that does not match its key (another wasmtime's, or garbage): made again, no crash.
  writeFileSync(cwasm, 'garbage');
  writeFileSync(`${cwasm}.key`, 'some other build');
  const again = run(copy, ['-c', 'print(4)']);
  assert.equal(again.stdout, '4\n', again.stderr);
  assert.ok(statSync(cwasm).size > 1_000_000);
});

test('make install PREFIX=… gives a wasipy that runs from anywhere', () => {
  const prefix = join(work, 'prefix');
  const r = spawnSync('make', ['--no-print-directory', 'install', `PREFIX=${prefix}`], { cwd: root, encoding: 'utf8', env: { ...process.env, WASIPY_QUIET: '1' } });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(prefix, 'lib/wasipy/wasipy.cwasm')), 'precompiled at install');
  const out = run(join(prefix, 'bin/wasipy'), ['main.py', 'z']);
  assert.equal(out.stdout, "42 ['z'] __main__\n", out.stderr);
});

test('a script cannot change the mapped stdlib (no planted .pth or sitecustomize for later runs); its own site-packages stays writable', () => {
  const sitePackages = join(root, 'target/wasipy/usr/local/lib/python3.13/site-packages');
  const attempts = `
import os
tries = {
  "pth": lambda: open("/usr/local/lib/python3.13/site-packages/planted.pth", "w"),
  "sitecustomize": lambda: open("/usr/local/lib/python3.13/sitecustomize.py", "x"),
  "zip": lambda: open("/usr/local/lib/python313.zip", "r+b"),
  "os.open": lambda: os.open("/usr/local/lib/planted", os.O_CREAT | os.O_WRONLY),
  "folder fd": lambda: os.open("/usr/local/lib", os.O_RDONLY),
  "remove": lambda: os.remove("/usr/local/lib/python313.zip"),
  "rename": lambda: os.rename("/usr/local/lib/python313.zip", "/tmp/moved.zip"),
  "relative": lambda: (os.chdir("/usr/local/lib/python3.13/site-packages"), open("planted.pth", "w")),
}
for name, attempt in tries.items():
    try:
        attempt()
        print(name, "changed the stdlib")
    except PermissionError as e:
        print(name, e.errno, e.filename)
    finally:
        os.chdir("/")
open("written.txt", "w").write("the working directory is writable")
print(open("written.txt").read())
`;
  const r = run(launcher, ['-c', attempts]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, [
    'pth 13 /usr/local/lib/python3.13/site-packages/planted.pth',
    'sitecustomize 13 /usr/local/lib/python3.13/sitecustomize.py',
    'zip 13 /usr/local/lib/python313.zip',
    'os.open 13 /usr/local/lib/planted',
    'folder fd 13 /usr/local/lib',
    'remove 13 /usr/local/lib/python313.zip',
    'rename 13 /usr/local/lib/python313.zip',
    'relative 13 planted.pth',
    'the working directory is writable',
  ].join('\n') + '\n');
  assert.ok(!existsSync(join(sitePackages, 'planted.pth')));
  const message = run(launcher, ['-c', 'open("/usr/local/lib/python3.13/sitecustomize.py", "w")']);
  assert.equal(message.status, 1);
  assert.match(message.stderr, /PermissionError: \[Errno 13\] wasipy keeps its stdlib under \/usr unchanged; write to the working directory or \/tmp \(or map a site-packages with WASIPY_SITE_PACKAGES=DIR\): '\/usr\/local\/lib\/python3.13\/sitecustomize.py'/);
  // A site-packages mapped on purpose is the user's: installs and .pth files go there.
  const own = mkdtempSync(join(tmpdir(), 'wasipy-own-site-'));
  try {
    const mine = run(launcher, ['-c', 'open("/usr/local/lib/python3.13/site-packages/mine.pth", "w").write("/tmp\\n")'], { env: { WASIPY_SITE_PACKAGES: own } });
    assert.equal(mine.status, 0, mine.stderr);
    assert.equal(readFileSync(join(own, 'mine.pth'), 'utf8'), '/tmp\n');
  } finally {
    rmSync(own, { recursive: true, force: true });
  }
});
