// What a page's first runs do: the snippets scripts/split-profile.mjs runs the
// instrumented module on, so that the functions they call stay in the first
// part of the split module and the rest goes to wasipy-rare.wasm.

// What a first snippet does besides the examples: the common modules and the
// everyday paths of the interpreter (formatting, errors, classes, generators).
export const SNIPPETS = [
  'import json, re, math, random, collections, itertools, functools, datetime, textwrap, string, statistics, fractions, enum, pathlib, io, os, sys, time, typing, operator, copy, heapq, bisect, array, struct, base64, hashlib, csv, pprint, argparse, contextlib, abc, inspect, traceback, warnings, weakref, types, zlib, asyncio',
  'print(json.dumps({"a": [1, 2.5, None, True]}, indent=2), json.loads("[1, {\\"b\\": 2}]"))',
  'print(re.findall(r"\\w+", "a bb ccc"), re.sub(r"\\d+", "#", "a1b22"), math.sqrt(2), math.pi, random.randint(1, 6) in range(1, 7))',
  'c = collections.Counter("abracadabra"); print(c.most_common(2), collections.defaultdict(list), collections.deque([1, 2]))',
  'print(list(itertools.permutations("abc", 2))[:3], functools.reduce(lambda a, b: a * b, range(1, 10)), sorted({3: "c", 1: "a"}.items(), key=lambda kv: kv[1]))',
  'print(datetime.date(2024, 2, 29) + datetime.timedelta(days=1), datetime.datetime(2024, 1, 1, 12).isoformat(), time.time() > 0)',
  'print(statistics.mean([1, 2, 3, 4]), statistics.median([3, 1, 2]), fractions.Fraction(3, 4) + 1, 7 // 2, 7 % 3, -7 / 2, 2 ** 100, 10 ** 30 // 7)',
  'print(f"{3.14159:.2f} {1e10:,.0f} {255:#x} {0.5!r} {"s":>5}|", "%d %s %.3f" % (1, "two", 3.0), str(1.1 + 2.2), repr(1e-7), float("inf"), round(2.675, 2))',
  'print("Hello".upper().lower().title(), " x ".strip(), "a,b".split(","), "-".join(["x", "y"]), "abc".find("c"), "é".encode(), b"\\xc3\\xa9".decode())',
  'class Animal:\n    def __init__(self, name):\n        self.name = name\n    def __repr__(self):\n        return f"Animal({self.name!r})"\n\nclass Dog(Animal):\n    def speak(self):\n        return "woof"\n\nd = Dog("rex")\nprint(d, d.speak(), isinstance(d, Animal), vars(d))\nd',
  'def gen(n):\n    for i in range(n):\n        yield i * i\n\nprint(list(gen(5)), sum(x for x in range(10) if x % 2), {k: v for k, v in zip("ab", [1, 2])}, {1, 2} | {3})',
  'try:\n    {}["missing"]\nexcept KeyError as e:\n    print("caught", repr(e))\nfinally:\n    print("done")',
  'int("x")',
  'undefined_name',
  'print(1 +)',
  'def f(n):\n    return f(n + 1)\nf(0)',
  'import asyncio\nasync def main():\n    await asyncio.sleep(0.001)\n    return 42\nprint(asyncio.run(main()))',
  'import dataclasses, typing\n@dataclasses.dataclass\nclass P:\n    x: int = 0\n    y: typing.Optional[str] = None\nP(1)',
  'print(sorted([3, 1, 2], reverse=True), max([1, 5, 2]), min("bca"), abs(-3), divmod(7, 2), hex(255), bin(5), ord("a"), chr(98), list(reversed(range(3))), any([0, 1]), all([]))',
  'x = [1, 2, 3]\nx.append(4); x.extend([5]); x.pop(); x.insert(0, 0); x.remove(2)\nprint(x, x[::-1], x[1:3], len(x), 3 in x, x.index(3), x * 2)',
  'import sys\nprint(sys.version, sys.platform, sys.argv, file=sys.stderr)',
  'name = input("name? ")\nprint("hello", name)',
  'help(len)',
  'with open("/tmp/f.txt", "w") as f:\n    f.write("line\\n")\nprint(open("/tmp/f.txt").read(), os.listdir("/tmp"), pathlib.Path("/tmp/f.txt").exists())',
  'import hashlib, base64\nprint(hashlib.sha256(b"x").hexdigest()[:8], base64.b64encode(b"hi"), zlib.compress(b"aaaa")[:2])',
  'time.sleep(0.002)',
  'raise SystemExit(3)',
  // The cycle collector, which a longer run's allocations start, over live objects of
  // the everyday types: it calls each one's traverse function (map's, a generator's...).
  'import gc\nalive = [map(str, [1]), filter(None, [1]), zip("a", "b"), enumerate("a"), reversed([1]), iter([1]), iter({1: 2}.items()), {1: 2}.keys(), {1: 2}.values(), (x for x in "a"), lambda: 0, property(), staticmethod(len), classmethod(len), memoryview(b"x"), range(3), slice(1), frozenset({1}), bytearray(b"x"), itertools.chain([1]), itertools.count(), functools.partial(len), collections.OrderedDict(a=1), collections.deque([1]), (lambda: (yield))(), [].__iter__, super(Dog, d)]\nprint(gc.collect() >= 0, len(alive))',
];
/** A >>> check (a docs page's examples). */
export const PYCON = '>>> 1 + 1\n2\n>>> print("hi")\nhi\n>>> [x * 2 for x in range(3)]\n[0, 2, 4]\n>>> 1 / 0\nTraceback (most recent call last):\n...\nZeroDivisionError: division by zero\n';

/**
 * A flavour's own first runs (scripts/flavour.sh splits its browser module
 * with them too): what a numpy lesson's first cells do. What they never reach
 * (SVD, einsum, float16 and complex64 loops, most of LAPACK) goes to the rest.
 */
export const FLAVOUR_SNIPPETS = {
  numpy: [
    'import numpy as np\na = np.arange(12).reshape(3, 4)\nprint(a, a.T, a.shape, a.dtype, a.ndim, a.size)\nprint(a.sum(), a.sum(axis=0), a.mean(axis=1), a.std(), a.min(), a.max(), a.argmax(), a.cumsum())\nprint(a[a > 5], a[1:, ::2], a * 2 + 1, a ** 2, a / 3, a // 2, a % 3, -a)',
    'x = np.linspace(0, 2 * np.pi, 9)\nprint(np.round(np.sin(x), 3), np.cos(x).max(), np.exp(x[:3]), np.log(x[1:3]), np.sqrt(x[:3]), np.abs(-x[:2]), np.pi, np.e)',
    'm = np.array([[2.0, 1.0], [1.0, 3.0]])\nprint(m @ m, np.dot(m, [1, 2]), np.linalg.inv(m), np.linalg.det(m), np.linalg.solve(m, [1, 2]), np.linalg.norm(m), np.linalg.eig(m))',
    'rng = np.random.default_rng(42)\nd = rng.normal(size=1000)\nprint(d.mean().round(1), rng.integers(0, 10, 5), rng.random(3).shape, rng.choice([1, 2, 3]), rng.uniform(0, 1, 2).shape)\nnp.random.seed(0)\nprint(np.random.rand(2), np.random.randint(0, 5, 3), np.random.randn(2), np.random.normal(0, 1, 2))',
    'b = np.array([3, 1, 2, 3, 1])\nprint(np.sort(b), np.argsort(b), np.unique(b, return_counts=True), np.where(b > 1, b, 0), np.concatenate([b, b]), np.stack([b, b]), np.vstack([b, b]).shape, np.hstack([b, b]).shape)\nprint(np.zeros((2, 3)), np.ones(3, dtype=int), np.eye(2), np.full(2, 7), np.array([1.5, 2.5]).astype(int), np.isnan(np.array([np.nan, 1.0])), np.array(["a", "b"]), np.array([1 + 2j]) * 2, np.array([True, False]).sum())',
    'print(np.fft.fft([1, 0, 0, 0]), np.fft.fftfreq(4), np.percentile([1, 2, 3, 4], 50), np.median([3, 1, 2]), np.histogram([1, 2, 2, 3], bins=3), np.corrcoef([1, 2, 3], [2, 4, 7]), np.polyfit([0, 1, 2], [1, 3, 5], 1), np.clip(b, 1, 2), np.diff(b), np.mean(b), np.max(b))',
    'np.set_printoptions(precision=3)\nprint(repr(np.array([1.0, 2.5])), str(np.float64(3.14)), np.array([1 / 3]), np.array([[1, 2], [3, 4]]).tolist(), np.float32(1.5) * 2, np.int64(7) // 2, float(np.float64(2.0)))\nnp.array([[1, 2], [3, 4]])',
    // What lessons do with every common dtype: numpy's loops are per dtype (sorting floats is not sorting ints).
    'for t in (np.int64, np.float64, np.float32, np.int32, np.uint8, np.bool_, np.complex128):\n    v = np.array([3, 1, 2, 0, 2]).astype(t)\n    w = np.sort(v); v.sort(); np.argsort(v); np.unique(v); np.searchsorted(w, w[1])\n    v.min(); v.max(); v.sum(); v.prod(); v.mean(); v.cumsum(); v.argmax(); v.argmin(); v.any(); v.all()\n    v == w; v < 2; v != 1; np.where(v > 1, v, 0); v[v > 1]; np.isin(v, w); np.concatenate([v, w]); v.copy(); v[::-1]; np.take(v, [0, 1])\n    v + v; v * 2; v - 1; np.abs(v); np.clip(v, 1, 2); v.astype(float); v.astype(int); repr(v); str(v); v.tolist(); np.maximum(v, 1)\n    if t not in (np.bool_, np.complex128):\n        v / 2; v // 2; v % 2; v ** 2; np.round(v / 3, 2); v.std(); v.var(); np.median(v); np.percentile(v, 50); np.diff(v); np.histogram(v); np.floor(v / 2); np.sqrt(v)',
    // Casts between them, and arithmetic that mixes them (a cast, then the common dtype's loop).
    'kinds = (np.int64, np.float64, np.float32, np.int32, np.uint8, np.bool_, np.complex128)\nfor t in kinds:\n    for u in kinds:\n        v = np.linspace(0, 1, 5).astype(t)\n        v.astype(u); v + v.astype(u); v * v.astype(u); v == v.astype(u); np.asarray([1, 2.5], dtype=t)',
    'np.array([1, 2]) + np.array([1, 2, 3])',
    'import markupsafe\nprint(markupsafe.escape("<a href=\'x\'>&</a>"), markupsafe.Markup("<b>{}</b>").format("<i>"))',
  ],
};
