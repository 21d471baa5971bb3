// The in-memory filesystem Python sees: the stdlib archives read-only (the
// second one fetched on first use), /tmp and the home directory writable.
import { File, Directory, PreopenDirectory } from '@bjorn3/browser_wasi_shim';

const EMPTY = new Uint8Array(0);

/**
 * A read-only file whose bytes are produced when Python opens it: the second
 * stdlib archive, which Python opens only when a snippet imports one of its
 * modules (crate/lazy_stdlib.py). `load` runs synchronously inside that WASI
 * call and returns the bytes, or null when they could not be had (it has said
 * why). A failure is not kept: the next open (the next import) tries again, so
 * a file that was offline for a moment does not stay missing until a restart.
 */
class LazyFile extends File {
  constructor(load) {
    super(EMPTY, { readonly: true });
    this.bytes = null; // File's constructor went through the setter: start empty
    this.load = load;
  }
  path_open(...args) {
    // Loaded here and not in `data`: a stat before the open must not fetch,
    // and each open tries at most once (Python reads an archive through one open).
    if (this.bytes === null) {
      const bytes = this.load();
      if (bytes?.length) this.bytes = bytes;
    }
    return super.path_open(...args);
  }
  get data() {
    return this.bytes ?? EMPTY;
  }
  set data(value) {
    this.bytes = value;
  }
}

/** The in-memory filesystem: the stdlib zips read-only; site-packages, /tmp and the home directory writable. */
export function makeRoot(stdlib, stdlibExtra, mounts) {
  const dir = (entries) => new Directory(new Map(entries));
  const extra = typeof stdlibExtra === 'function' ? new LazyFile(stdlibExtra) : new File(stdlibExtra ?? new Uint8Array(0), { readonly: true });
  return new PreopenDirectory('/', new Map([
    ['usr', dir([['local', dir([['lib', dir([
      ['python313.zip', new File(stdlib, { readonly: true })],
      ['python313-extra.zip', extra],
      // Where site.py looks for installed packages: present at start-up so it
      // is on sys.path, writable so that installs land there (package-install.js).
      ['python3.13', dir([['site-packages', dir([])]])],
    ])]])]])],
    ['tmp', dir([])],
    ['home', dir([['user', dir([])]])],
    ...mounts,
  ]));
}
