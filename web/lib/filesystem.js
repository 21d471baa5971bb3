// The in-memory filesystem Python sees: the stdlib archives read-only (the
// second one fetched on first use), /tmp and the home directory writable.
import { File, Directory, PreopenDirectory } from '@bjorn3/browser_wasi_shim';

/**
 * A read-only file whose bytes are produced on first use: the second stdlib
 * archive, which Python opens only when a snippet imports one of its modules
 * (crate/lazy_stdlib.py). `load` runs synchronously inside that WASI call.
 */
class LazyFile extends File {
  constructor(load) {
    super(new Uint8Array(0), { readonly: true });
    this.bytes = null; // File's constructor went through the setter: start empty
    this.load = load;
  }
  get data() {
    this.bytes ??= this.load();
    return this.bytes;
  }
  set data(value) {
    this.bytes = value;
  }
}

/** The in-memory filesystem: the stdlib zips read-only, /tmp and the home directory writable. */
export function makeRoot(stdlib, stdlibExtra, mounts) {
  const dir = (entries) => new Directory(new Map(entries));
  const extra = typeof stdlibExtra === 'function' ? new LazyFile(stdlibExtra) : new File(stdlibExtra ?? new Uint8Array(0), { readonly: true });
  return new PreopenDirectory('/', new Map([
    ['usr', dir([['local', dir([['lib', dir([
      ['python313.zip', new File(stdlib, { readonly: true })],
      ['python313-extra.zip', extra],
    ])]])]])],
    ['tmp', dir([])],
    ['home', dir([['user', dir([])]])],
    ...mounts,
  ]));
}
