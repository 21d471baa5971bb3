// The numpy flavour on the command line (make build-numpy: scripts/flavour.sh,
// recipes/numpy/): numpy's compiled modules are built into the module, its
// Python files and .dist-info are in the flavour's stdlib zip; the plain module
// stays without it. Results are checked by numpy's own identities (A @ x == b,
// ifft(fft(x)) == x), not by copied numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const numpyWasipy = join(root, 'target/wasipy-numpy/bin/wasipy');
const plainWasipy = join(root, 'target/wasipy/bin/wasipy');
const recipe = readFileSync(join(root, 'recipes/numpy/recipe.env'), 'utf8');
const version = recipe.match(/^RECIPE_VERSION=(.+)$/m)[1];

function run(cmd, code) {
  const r = spawnSync(cmd, ['-c', code], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('make build-numpy wrote the flavour beside the plain module', () => {
  assert.ok(existsSync(numpyWasipy), 'run make build-numpy');
});

test("the issue's example: arange(6).reshape(2, 3) @ ones(3)", () => {
  const r = run(numpyWasipy, 'import numpy; print(numpy.arange(6).reshape(2, 3) @ numpy.ones(3))');
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, '[ 3. 12.]\n');
  assert.equal(r.status, 0);
});

test('numpy is an installed distribution of the pinned version, its compiled modules built in', () => {
  const code = [
    'import sys, importlib.metadata, numpy',
    'print(numpy.__version__, importlib.metadata.version("numpy"))',
    'print(sorted(m for m in sys.builtin_module_names if m.startswith("numpy."))[:2])',
    'print(numpy._core._multiarray_umath.__spec__.origin)',
  ].join('\n');
  const r = run(numpyWasipy, code);
  assert.equal(r.status, 0, r.stderr);
  const [versions, builtins, origin] = r.stdout.trim().split('\n');
  assert.equal(versions, `${version} ${version}`);
  assert.equal(builtins, "['numpy._core._multiarray_tests', 'numpy._core._multiarray_umath']");
  assert.equal(origin, 'built-in');
});

test('linalg, fft and random compute what numpy promises', () => {
  const code = `
import numpy as np
rng = np.random.default_rng(12345)
a = rng.random((6, 6)) + 6 * np.eye(6)
b = rng.random(6)
x = np.linalg.solve(a, b)
print(np.allclose(a @ x, b), np.allclose(np.linalg.inv(a) @ a, np.eye(6)))
sig = rng.standard_normal(64)
print(np.allclose(np.fft.ifft(np.fft.fft(sig)).real, sig), np.fft.rfft(np.ones(8))[0])
print(np.random.default_rng(7).integers(0, 10, 5).tolist() == np.random.default_rng(7).integers(0, 10, 5).tolist())
# long double is IEEE quad on wasm32 (RECIPE_LONGDOUBLE_FORMAT)
print(np.linalg.det(np.diag([2.0, 3.0, 4.0])).round(9), np.finfo(np.longdouble).bits)
`;
  const r = run(numpyWasipy, code);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'True True\nTrue (8+0j)\nTrue\n24.0 128\n');
});

test('an array too large for wasm32 memory is a MemoryError, not a trap', () => {
  const r = run(numpyWasipy, 'import numpy\ntry:\n    numpy.ones(1_500_000_000, dtype=numpy.uint8)\nexcept MemoryError as e:\n    print("MemoryError", type(e).__name__)\nprint("still here", numpy.arange(3).sum())');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'MemoryError MemoryError\nstill here 3\n');
});

test('the plain module has no numpy: pages and runs that do not use it are unchanged', () => {
  const r = run(plainWasipy, 'import numpy');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /ModuleNotFoundError: No module named 'numpy'/);
});

// The second recipe (recipes/markupsafe/, a "sources" build): markupsafe's C
// speedups, compared with its own pure-Python escape on the same strings.
test('markupsafe is built in with its C speedups, which escape as its pure-Python code does', () => {
  const code = `
import importlib.metadata, markupsafe
from markupsafe import _native, _speedups
print(_speedups.__spec__.origin, markupsafe._escape_inner is _speedups._escape_inner, importlib.metadata.version("markupsafe"))
samples = ['', 'plain', '<a href="x">&\\'</a>', 'é<€>😀"' * 50, '&' * 1000, 'x' * 5000 + '<']
print(all(_speedups._escape_inner(s) == _native._escape_inner(s) for s in samples))
print(markupsafe.escape('<b>"Tom" & \\'Jerry\\'</b>'))
`;
  const msVersion = readFileSync(join(root, 'recipes/markupsafe/recipe.env'), 'utf8').match(/^RECIPE_VERSION=(.+)$/m)[1];
  const r = run(numpyWasipy, code);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `built-in True ${msVersion}\nTrue\n&lt;b&gt;&#34;Tom&#34; &amp; &#39;Jerry&#39;&lt;/b&gt;\n`);
  const plain = run(plainWasipy, 'import markupsafe');
  assert.match(plain.stderr, /No module named 'markupsafe'/);
});
