// Runs CPython test modules inside wasipy in Node, through the browser runtime
// (web/lib/python-host.js over browser_wasi_shim), with CPython's Lib/test
// mounted read-only in the in-memory filesystem. Prints guest_runner.py's lines.
// Usage: node conformance/node-host.mjs test_json [test_re ...]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Directory, File } from '@bjorn3/browser_wasi_shim';
import { PythonHost } from '../web/lib/python-host.js';
import { treeFromDisk } from './disk-tree.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const deps = process.env.WASIPY_DEPS ?? join(root, 'target/deps');

const modules = process.argv.slice(2);
// The browsers' module in its two parts (scripts/split.sh), as pages run it: the
// rare C modules' tests (unicodedata, sqlite3, decimal, the codecs) go through the link.
const module = await WebAssembly.compile(readFileSync(join(root, 'target/wasipy/web/wasipy.wasm')));
const rare = await WebAssembly.compile(readFileSync(join(root, 'target/wasipy/web/wasipy-rare.wasm')));
const stdlib = readFileSync(join(root, 'target/wasipy/usr/local/lib/python313.zip'));
const stdlibExtra = readFileSync(join(root, 'target/wasipy/usr/local/lib/python313-extra.zip'));
const host = await PythonHost.create({
  module,
  rare,
  stdlib,
  stdlibExtra,
  outputLimit: 50_000_000,
  mounts: [
    ['cpython', new Directory(new Map([['test', treeFromDisk(join(deps, 'src/cpython/Lib/test'))]]))],
    ['conformance', new Directory(new Map([['guest_runner.py', new File(readFileSync(join(root, 'conformance/guest_runner.py')), { readonly: true })]]))],
  ],
});
const argv = ['/conformance/guest_runner.py', '/cpython/test', '/home/user', ...modules];
// WASIPY_CONFORMANCE_BLOCK reaches guest_runner.py as under wasmtime (--env there).
const block = JSON.stringify(process.env.WASIPY_CONFORMANCE_BLOCK ?? '');
const result = host.run(`import os, runpy, sys\nos.environ["WASIPY_CONFORMANCE_BLOCK"] = ${block}\nsys.argv = ${JSON.stringify(argv)}\nrunpy.run_path(sys.argv[0], run_name="__main__")`, { display: false });
process.stdout.write(result.stdout);
if (result.status !== 'ok') {
  process.stderr.write(result.stderr);
  process.stderr.write(`node host: ${result.status}${result.error ? ` (${result.error})` : ''}\n`);
  process.exit(1);
}
