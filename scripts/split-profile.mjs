// Which functions of wasipy.wasm a page's first runs call: the profile that
// scripts/split.sh gives wasm-split, so that they stay in the first part and
// the rest goes to wasipy-rare.wasm. Runs the module instrumented by
// `wasm-split --instrument` through the page's own host (web/lib/python-host.js):
// the start, the worker's version probe and reset, the playground's examples,
// a >>> check, and what a first snippet of a docs page or tutorial does.
//   node scripts/split-profile.mjs INSTRUMENTED.wasm STDLIB_DIR PROFILE_OUT
// STDLIB_DIR: target/wasipy/usr/local/lib (python313.zip, python313-extra.zip).
import { readFileSync, writeFileSync } from 'node:fs';
import { PythonHost } from '../web/lib/python-host.js';
import { EXAMPLES } from '../web/playground/examples.js';
import { pyconCode } from '../web/lib/pycon.js';

const [wasmPath, stdlibDir, out] = process.argv.slice(2);
if (!out) {
  console.error('usage: node scripts/split-profile.mjs INSTRUMENTED.wasm STDLIB_DIR PROFILE_OUT');
  process.exit(2);
}

// What a first snippet does besides the examples: the common modules and the
// everyday paths of the interpreter (formatting, errors, classes, generators).
const SNIPPETS = [
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
];
const PYCON = '>>> 1 + 1\n2\n>>> print("hi")\nhi\n>>> [x * 2 for x in range(3)]\n[0, 2, 4]\n>>> 1 / 0\nTraceback (most recent call last):\n...\nZeroDivisionError: division by zero\n';

// A failure says what failed in one line (scripts/split.sh shows the log's last lines).
try {
  const host = await PythonHost.create({
    module: await WebAssembly.compile(readFileSync(wasmPath)),
    stdlib: new Uint8Array(readFileSync(`${stdlibDir}/python313.zip`)),
    stdlibExtra: new Uint8Array(readFileSync(`${stdlibDir}/python313-extra.zip`)),
  });
  const run = (code, options) => {
    const result = host.run(code, options);
    if (!host.alive && result.status !== 'exit') throw new Error(`the profile run crashed at ${JSON.stringify(code.slice(0, 60))}: ${result.error}`);
    return result;
  };
  // As the worker starts a session (worker-handler.js).
  run('import sys\nsys.version.split()[0]', { display: false });
  host.reset();
  // The examples that need no network (a package install downloads).
  for (const example of EXAMPLES.filter((e) => !/install|numpy/.test(e.code))) run(example.code, { stdin: example.stdin ?? '' });
  for (const code of SNIPPETS) run(code, { stdin: 'Ada\n' });
  run(pyconCode(PYCON), { display: false });
  host.reset();

  // The instrumented module writes its profile into memory: into new pages at the end.
  const memory = host.exports.memory;
  const at = memory.grow(16) * 65536;
  const length = host.exports.__write_profile(at, 16 * 65536);
  writeFileSync(out, new Uint8Array(memory.buffer, at, length));
  console.log(`${out}: ${length} bytes`);
} catch (e) {
  console.error(`the profile run of ${wasmPath} failed: ${e?.message ?? e}`);
  process.exit(1);
}
