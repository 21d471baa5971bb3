// Measures which stdlib modules a browser needs before the first output: the
// ones Python imports while it starts in host mode (the worker's `--host`), runs
// the worker's start-up probe, prints, shows a value and prints tracebacks,
// beyond those already in the module's interpreter snapshot.
// They go into python313-boot.zip (scripts/pack_stdlib.py --boot); every other
// module is a file of its own, fetched at its first import.
//
//   node scripts/boot-modules.mjs          writes scripts/boot-modules.txt
//   node scripts/boot-modules.mjs --check  exits 1 when that file is out of date
//
// Measured on the real module with both zips, as Node runs it (web/lib/python-host.js):
// the modules whose spec says they came from python313.zip. Run it again after a
// change to crate/runner.py, crate/interpreter.rs or the CPython build
// (web/test/node/stdlib-tree.test.mjs checks that the list is current).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PythonHost } from '../web/lib/python-host.js';

const root = fileURLToPath(new URL('../', import.meta.url));
export const BOOT_LIST = `${root}scripts/boot-modules.txt`;
const lib = `${root}target/wasipy/usr/local/lib`;

// What a first run commonly does before it prints: every path of the runner that shows something.
export const FIRST_RUNS = [
  'print("hello", 1, 2.5, [1, {"a": (None, True)}], "é")',
  '1 + 1', // shown as a value (its repr)
  '1/0', // a traceback with a caret line
  'import textwrap\ntextwrap.dedent(1)', // a traceback through a library's frame (linecache reads with tokenize)
  'def f(:\n    pass', // a SyntaxError
  'undefined_name', // a NameError with "Did you mean"
  'try:\n    {}["k"]\nexcept KeyError as e:\n    raise ValueError("v") from e', // a chained traceback
  'import sys\nsys.exit(3)',
  'input()', // stdin ends at once
];

// Modules the measurement itself adds and the boot archive must not hold: the
// list of the extra archive (the tree replaces it in the browser).
const NOT_BOOT = new Set(['_wasipy_lazy']);

/** The sorted names of the stdlib modules imported by start-up and FIRST_RUNS. */
export async function measureBootModules() {
  for (const file of ['python313.zip', 'python313-extra.zip']) {
    if (!existsSync(`${lib}/${file}`) || !existsSync(`${root}target/wasipy/wasipy.wasm`)) {
      throw new Error(`target/wasipy is not built (no ${file} or wasipy.wasm): run \`make build\` first`);
    }
  }
  const module = await WebAssembly.compile(readFileSync(`${root}target/wasipy/wasipy.wasm`));
  const host = await PythonHost.create({
    module,
    stdlib: new Uint8Array(readFileSync(`${lib}/python313.zip`)),
    stdlibExtra: new Uint8Array(readFileSync(`${lib}/python313-extra.zip`)),
  });
  // The worker's probe at start (web/lib/worker-handler.js), then the first runs.
  host.run('import sys\nsys.version.split()[0]', { display: false });
  host.reset();
  for (const code of FIRST_RUNS) host.run(code);
  // The modules of the module's interpreter snapshot (crate/snapshot.rs) were
  // imported at build time: a browser never fetches them.
  const listing = host.run(
    'import sys\nfrom _wasipy_snapshot import MODULES\nprint("\\n".join(sorted(n for n, m in sys.modules.items()'
    + ' if n not in MODULES and str(getattr(getattr(m, "__spec__", None), "origin", "")).startswith("/usr/local/lib/python313.zip/"))))',
    { display: false },
  );
  if (listing.status !== 'ok') throw new Error(`listing sys.modules failed: ${listing.stderr}`);
  return listing.stdout.split('\n').filter((name) => name && !NOT_BOOT.has(name));
}

/** The text of scripts/boot-modules.txt for `names`. */
export function bootListText(names) {
  return `# Written by scripts/boot-modules.mjs (measured, not chosen): the stdlib modules\n`
    + `# a browser gets in python313-boot.zip. Run it again when start-up changes.\n${names.join('\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = bootListText(await measureBootModules());
  if (process.argv.includes('--check')) {
    const current = existsSync(BOOT_LIST) ? readFileSync(BOOT_LIST, 'utf8') : '';
    if (current !== text) {
      console.error('scripts/boot-modules.txt is out of date: run `node scripts/boot-modules.mjs`, then `make build`');
      process.exit(1);
    }
  } else {
    writeFileSync(BOOT_LIST, text);
    console.error(`[boot-modules] ${text.trim().split('\n').length - 2} modules -> scripts/boot-modules.txt`);
  }
}
