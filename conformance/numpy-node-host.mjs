// One of conformance/numpy.mjs's pytest runs through the browser runtime in
// Node (web/lib/python-host.js over browser_wasi_shim) instead of wasmtime:
// the numpy module and its stdlib zip (target/wasipy-numpy), numpy's files
// with their tests, pytest's and the suite's folders mounted read-only, and
// the JUnit report written to a mounted folder that this script copies out.
// Usage: node conformance/numpy-node-host.mjs '<json>' where the JSON holds
//   mounts: {guest top-level name: host folder}, path: guest folders put first
//   on sys.path (as PYTHONPATH does under wasmtime), args: pytest's arguments
//   (guest paths; the report goes to /report/junit.xml), report: the host file to write.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Directory } from '@bjorn3/browser_wasi_shim';
import { PythonHost } from '../web/lib/python-host.js';
import { treeFromDisk } from './disk-tree.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const flavour = join(root, 'target/wasipy-numpy');
const { mounts, path, args, report } = JSON.parse(process.argv[2]);
const reportDir = new Directory(new Map());
const host = await PythonHost.create({
  module: await WebAssembly.compile(readFileSync(join(flavour, 'wasipy.wasm'))),
  stdlib: readFileSync(join(flavour, 'usr/local/lib/python313.zip')),
  stdlibExtra: readFileSync(join(flavour, 'usr/local/lib/python313-extra.zip')),
  outputLimit: 50_000_000,
  mounts: [...Object.entries(mounts).map(([name, folder]) => [name, treeFromDisk(folder)]), ['report', reportDir]],
});
const code = `import sys
sys.dont_write_bytecode = True  # -B: the mounted folders are read-only
sys.path[:0] = ${JSON.stringify(path)}
import pytest
raise SystemExit(pytest.main(${JSON.stringify(args)}))`;
const result = host.run(code, { display: false });
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
const xml = reportDir.contents.get('junit.xml');
if (xml) writeFileSync(report, xml.data);
process.exitCode = typeof result.exitCode === 'number' ? result.exitCode : (result.status === 'ok' ? 0 : 1);
