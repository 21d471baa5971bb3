// A read-only in-memory copy of a directory tree, for browser_wasi_shim: how the
// Node hosts of conformance/ mount test files into the browser runtime.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Directory, File } from '@bjorn3/browser_wasi_shim';

export function treeFromDisk(path) {
  const entries = new Map();
  for (const name of readdirSync(path)) {
    if (name === '__pycache__') continue;
    const full = join(path, name);
    const st = statSync(full);
    if (st.isDirectory()) entries.set(name, treeFromDisk(full));
    else if (st.isFile()) entries.set(name, new File(readFileSync(full), { readonly: true }));
  }
  return new Directory(entries);
}
