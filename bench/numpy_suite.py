"""numpy kernels for `npm run bench` (bench/numpy.mjs): the same file runs on
native CPython with numpy's own wheel and on wasipy's numpy module (wasmtime
and V8), the same numpy version. Each kernel is timed inside Python (best of
3, time.perf_counter) so that start-up never counts, checks its own answer,
and the suite prints one JSON line {kernel: seconds}. Sizes aim at 0.05-0.3 s
each natively (sizes from a run on this machine). A mix of what lessons do: BLAS-free linear algebra (wasipy has
numpy's lapack-lite; the native wheel has OpenBLAS, which the row shows),
FFT, random numbers, ufuncs over large arrays, and many small calls where
Python-to-C overhead dominates.
"""
import json
import time

import numpy as np

REPEAT = 3


def matmul():
    rng = np.random.default_rng(1)
    a = rng.random((400, 400))
    b = rng.random((400, 400))
    for _ in range(4):
        c = a @ b
    assert np.allclose(c[0, 0], a[0] @ b[:, 0])


def solve():
    rng = np.random.default_rng(2)
    a = rng.random((300, 300)) + 300 * np.eye(300)
    x = rng.random(300)
    for _ in range(8):
        y = np.linalg.solve(a, a @ x)
    assert np.allclose(y, x)


def fft():
    rng = np.random.default_rng(3)
    sig = rng.standard_normal(1 << 18)
    for _ in range(6):
        back = np.fft.irfft(np.fft.rfft(sig), n=sig.size)
    assert np.allclose(back, sig)


def random_sort():
    rng = np.random.default_rng(4)
    v = rng.standard_normal(2_000_000)
    s = np.sort(v)
    assert s[0] <= s[1_000_000] <= s[-1] and abs(float(np.median(v))) < 0.01


def ufuncs():
    x = np.linspace(0.0, 10.0, 3_000_000)
    y = np.sqrt(np.exp(-x) * np.sin(x) ** 2 + 1.0)
    total = float(y.sum())
    assert 3_000_000 < total < 3_120_000


def small_arrays():
    # Many tiny operations: the cost of crossing from Python into numpy.
    acc = np.zeros(3)
    for i in range(60_000):
        acc += np.array([i, 1.0, 2.0]) * 0.5
    assert acc[1] == 30_000.0


KERNELS = [matmul, solve, fft, random_sort, ufuncs, small_arrays]


def main():
    out = {}
    for kernel in KERNELS:
        best = None
        for _ in range(REPEAT):
            t = time.perf_counter()
            kernel()
            dt = time.perf_counter() - t
            best = dt if best is None else min(best, dt)
        out[kernel.__name__] = best
    print(json.dumps(out))


if __name__ == "__main__":
    main()
