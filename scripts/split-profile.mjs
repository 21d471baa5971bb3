// Which functions of wasipy.wasm a page's first runs call: the profile that
// scripts/split.sh gives wasm-split, so that they stay in the first part and
// the rest goes to wasipy-rare.wasm. Runs the module instrumented by
// `wasm-split --instrument` through the page's own host (web/lib/python-host.js):
// the start, the worker's version probe and reset, the playground's examples,
// a >>> check, and what a first snippet of a docs page or tutorial does
// (scripts/split-snippets.mjs). A flavour's module (scripts/flavour.sh) also
// runs what a page that declares its packages does first: the install that
// finds them built in, the playground's example of them, the flavour's snippets.
//   node scripts/split-profile.mjs INSTRUMENTED.wasm STDLIB_DIR PROFILE_OUT [FLAVOUR PACKAGES_DIR]
// STDLIB_DIR: target/wasipy/usr/local/lib (python313.zip, python313-extra.zip);
// PACKAGES_DIR: the flavour's files for browsers (target/wasipy-NAME/web: manifest.json, files/),
// which it runs with beside the page's stdlib (target/wasipy/web) instead of STDLIB_DIR's.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PythonHost } from '../web/lib/python-host.js';
import { installPackages } from '../web/lib/package-install.js';
import { DEFAULTS } from '../web/lib/options.js';
import { EXAMPLES } from '../web/playground/examples.js';
import { pyconCode } from '../web/lib/pycon.js';
import { SNIPPETS, PYCON, FLAVOUR_SNIPPETS } from './split-snippets.mjs';
import { TABLE_MODULES } from './split-data.mjs';

const [wasmPath, stdlibDir, out, flavour, packagesDir] = process.argv.slice(2);
if (!out || (flavour && !packagesDir)) {
  console.error('usage: node scripts/split-profile.mjs INSTRUMENTED.wasm STDLIB_DIR PROFILE_OUT [FLAVOUR PACKAGES_DIR]');
  process.exit(2);
}
const root = fileURLToPath(new URL('../', import.meta.url));
/**
 * A flavour's module starts as its page starts it: the boot zip, and the
 * per-module stdlib and the packages' files as one tree (worker-handler.js
 * treeWithPackages), read from disk (target/wasipy/web, PACKAGES_DIR).
 */
function pageFiles(packages) {
  const web = join(root, 'target/wasipy/web');
  const stdlib = JSON.parse(readFileSync(join(web, 'stdlib-manifest.json'), 'utf8')).files;
  const own = JSON.parse(readFileSync(join(packages, 'manifest.json'), 'utf8')).files;
  const load = (path) => {
    if (Object.hasOwn(own, path)) return new Uint8Array(readFileSync(join(packages, 'files', path)));
    return Object.hasOwn(stdlib, path) ? new Uint8Array(readFileSync(join(web, 'stdlib', path))) : null;
  };
  return {
    stdlib: new Uint8Array(readFileSync(join(web, 'python313-boot.zip'))),
    stdlibTree: {
      files: { ...stdlib, ...own },
      load,
      // For Python's messages only: nothing is fetched.
      url: 'https://wasipy.invalid/stdlib/',
      packages: { url: 'https://wasipy.invalid/files/', tops: [...new Set(Object.keys(own).map((p) => p.split('/')[0]))] },
    },
  };
}

// A failure says what failed in one line (scripts/split.sh shows the log's last lines).
try {
  const host = await PythonHost.create({
    module: await WebAssembly.compile(readFileSync(wasmPath)),
    ...(flavour ? pageFiles(packagesDir) : {
      stdlib: new Uint8Array(readFileSync(`${stdlibDir}/python313.zip`)),
      stdlibExtra: new Uint8Array(readFileSync(`${stdlibDir}/python313-extra.zip`)),
    }),
  });
  const run = (code, options) => {
    const result = host.run(code, options);
    if (!host.alive && result.status !== 'exit') throw new Error(`the profile run crashed at ${JSON.stringify(code.slice(0, 60))}: ${result.error}`);
    // In the log: a snippet that fails early covers less than it says.
    console.log(`${result.status.padEnd(6)} ${JSON.stringify(code.slice(0, 60))}${result.status === 'ok' ? '' : `: ${result.stderr.trim().split('\n').at(-1)}`}`);
    return result;
  };
  // scripts/split-data.mjs moves these modules' tables: the snapshot must hold no pointer to them.
  const early = run(`import sys\nprint(sorted(set(${JSON.stringify(TABLE_MODULES)}) & set(sys.modules)))`);
  if (early.stdout !== '[]\n') throw new Error(`the snapshot has imported ${early.stdout.trim()}${early.stderr}: scripts/split-data.mjs may not move their tables (crate/snapshot.py imports them?)`);
  host.reset();
  // As the worker starts a session (worker-handler.js).
  run('import sys\nsys.version.split()[0]', { display: false });
  host.reset();
  // The examples that need no network (a package install downloads).
  for (const example of EXAMPLES.filter((e) => !/install|numpy/.test(e.code))) run(example.code, { stdin: example.stdin ?? '' });
  for (const code of SNIPPETS) run(code, { stdin: 'Ada\n' });
  run(pyconCode(PYCON), { display: false });
  host.reset();
  if (flavour) {
    // A page whose code declares the flavour's packages: the install finds them built in, then the code runs.
    const example = EXAMPLES.find((e) => e.id === flavour);
    if (!example) throw new Error(`the playground has no example with id ${flavour} (web/playground/examples.js)`);
    const installed = await installPackages(host, { script: example.code, indexUrl: DEFAULTS.indexUrl, flavour });
    if (installed.status !== 'ok') throw new Error(`the install of ${flavour}'s example failed: ${installed.error}`);
    run(example.code);
    for (const code of FLAVOUR_SNIPPETS[flavour] ?? []) run(code);
    host.reset();
  }

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
