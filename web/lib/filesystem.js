// The in-memory filesystem Python sees: the stdlib read-only (parts of it
// fetched on first use), /tmp and the home directory writable, /dev (devices.js).
import { File, Directory, PreopenDirectory, wasi } from '@bjorn3/browser_wasi_shim';
import { devices } from './devices.js';

const EMPTY = new Uint8Array(0);

/**
 * A read-only file whose bytes are produced when Python opens it: the second
 * stdlib archive, which Python opens only when a snippet imports one of its
 * modules (crate/lazy_stdlib.py), or one module of the per-module stdlib.
 * `load` runs synchronously inside that WASI call and returns the bytes, or
 * null when they could not be had (it has said why). A failure is not kept:
 * the next open (the next import) tries again, so a file that was offline for
 * a moment does not stay missing until a restart.
 */
class LazyFile extends File {
  /**
   * @param {() => Uint8Array | null} load
   * @param {{size?: number, failOpen?: boolean}} [o]  `size`: what a stat says before
   *   the bytes are here; `failOpen`: a failed load fails the open (EIO) instead of
   *   opening an empty file (the tree's files: Python then says which module failed)
   */
  constructor(load, { size = 0, failOpen = false, loadAsync = null } = {}) {
    super(EMPTY, { readonly: true });
    this.bytes = null; // File's constructor went through the setter: start empty
    this.load = load;
    this.loadAsync = loadAsync; // the same bytes without blocking (packagePrefetch), or null when they could not be had
    this.expectedSize = BigInt(size);
    this.failOpen = failOpen;
  }
  path_open(...args) {
    // Loaded here and not in `data`: a stat before the open must not fetch,
    // and each open tries at most once (Python reads a file through one open).
    if (this.bytes === null) {
      const bytes = this.load();
      if (bytes?.length) this.bytes = bytes;
      else if (this.failOpen) return { ret: wasi.ERRNO_IO, fd_obj: null };
    }
    return super.path_open(...args);
  }
  get size() {
    return this.bytes === null ? this.expectedSize : BigInt(this.bytes.byteLength);
  }
  get data() {
    return this.bytes ?? EMPTY;
  }
  set data(value) {
    this.bytes = value;
  }
}

/**
 * The per-module stdlib as directories of lazy files: `files` maps each path
 * (e.g. "json/decoder.pyc") to its size; `load(path)` fetches one file's bytes
 * synchronously (null when it could not: it has said why). The directory
 * listings come from `files` alone, so FileFinder's listing fetches nothing.
 * `under`: a prefix of every path in `files`, not a directory of the result
 * (the time zones', ZONE_PREFIX); `load` still gets the whole path.
 */
function treeEntries(files, load, loadAsync, under = '') {
  const root = new Map();
  for (const [path, size] of Object.entries(files)) {
    const parts = path.slice(under.length).split('/');
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      if (!dir.has(part)) dir.set(part, new Map());
      dir = dir.get(part);
    }
    dir.set(parts.at(-1), new LazyFile(() => load(path), { size, failOpen: true, loadAsync: loadAsync && (() => loadAsync(path)) }));
  }
  const build = (entries) => [...entries].map(([name, entry]) => [name, entry instanceof Map ? new Directory(build(entry)) : entry]);
  return build(root);
}

/**
 * Where the time-zone files are among the tree's (scripts/zoneinfo_data.py
 * TREE_PREFIX): at /usr/share/zoneinfo, where musl's zone code and `zoneinfo`
 * look, each fetched when first opened, like a stdlib module.
 */
const ZONE_PREFIX = 'zone-data/';

/** The tree's `files` split into the stdlib's and the time zones'. */
function splitZones(files) {
  const stdlib = {};
  const zones = {};
  for (const [path, size] of Object.entries(files)) (path.startsWith(ZONE_PREFIX) ? zones : stdlib)[path] = size;
  return { stdlib, zones };
}

/** What the files a session writes may hold in all (in the tab's memory, beside Python's own 1 GiB). */
export const FILESYSTEM_LIMIT = 256 * 1024 * 1024;

/**
 * The room left for a session's files: every file Python creates counts
 * (shim-fixes.js applyBudget), in /tmp, the home directory, site-packages
 * (installed packages too) or anywhere else. Past `limit` a write fails with
 * ENOSPC and `onFull(limit)` is told once, until room is made again.
 */
export class FileBudget {
  constructor(limit = FILESYSTEM_LIMIT, onFull = () => {}) {
    this.limit = limit;
    this.used = 0;
    this.onFull = onFull;
    this.full = false;
  }

  /** A file going from `from` to `to` bytes: false (and nothing changes) when it does not fit. */
  resize(from, to) {
    const delta = to - from;
    if (delta > 0 && this.used + delta > this.limit) {
      if (!this.full) this.onFull(this.limit);
      this.full = true;
      return false;
    }
    this.used = Math.max(0, this.used + delta);
    if (delta < 0) this.full = false;
    return true;
  }
}

/** Gives every directory of `dir`'s tree the budget, which files created in them then carry. */
function withBudget(dir, budget) {
  dir.budget = budget;
  for (const entry of dir.contents.values()) if (entry instanceof Directory) withBudget(entry, budget);
  return dir;
}

/**
 * The in-memory filesystem: the stdlib read-only; site-packages, /tmp and the home directory writable.
 * @param {Uint8Array} stdlib  python313.zip (the boot zip with `tree`)
 * @param {Uint8Array | (() => Uint8Array | null)} [stdlibExtra]  python313-extra.zip, or its loader
 * @param {Array<[string, Directory]>} mounts  more top-level directories
 * @param {{files: Record<string, number>, load: (path: string) => Uint8Array | null, loadAsync?: (path: string) => Promise<Uint8Array | null>}} [tree]
 *   the per-module stdlib, under /usr/local/lib/python3.13 (see treeEntries, packagePrefetch)
 * @param {FileBudget} [budget]  what the files Python creates may hold in all
 */
export function makeRoot(stdlib, stdlibExtra, mounts, tree, budget = null) {
  const dir = (entries) => new Directory(new Map(entries));
  const lib = [['python313.zip', new File(stdlib, { readonly: true })]];
  if (typeof stdlibExtra === 'function') lib.push(['python313-extra.zip', new LazyFile(stdlibExtra)]);
  else if (stdlibExtra || !tree) lib.push(['python313-extra.zip', new File(stdlibExtra ?? EMPTY, { readonly: true })]);
  const { stdlib: stdlibFiles, zones } = splitZones(tree?.files ?? {});
  const root = new PreopenDirectory('/', new Map([
    ['usr', dir([['local', dir([['lib', dir([
      ...lib,
      // Where site.py looks for installed packages: present at start-up so it
      // is on sys.path, writable so that installs land there (package-install.js).
      // The per-module stdlib sits beside it (crate/lazy_stdlib.py puts the folder on sys.path).
      ['python3.13', dir([...(tree ? treeEntries(stdlibFiles, tree.load, tree.loadAsync) : []), ['site-packages', dir([])]])],
    ])]])],
    ['share', dir([['zoneinfo', dir(tree ? treeEntries(zones, tree.load, null, ZONE_PREFIX) : [])]])],
    ])],
    ['tmp', dir([])],
    ['home', dir([['user', dir([])]])],
    ['dev', devices()],
    ...mounts,
  ]));
  if (budget) withBudget(root.dir, budget);
  return root;
}

/** Where the per-module stdlib is, as the root preopen sees paths (no leading slash). */
const TREE_PREFIX = 'usr/local/lib/python3.13/';
/** Most files of one package fetched together (asyncio, the biggest a snippet imports, has 49). */
const PREFETCH_LIMIT = 64;

/**
 * When Python opens a stdlib package's `__init__.pyc` (`path`, relative to the
 * root preopen), fetches the package's other modules in parallel, so that the
 * imports that follow find their bytes instead of each waiting for its own
 * round trip (one synchronous request after another). Only where a WASI call
 * can wait (JSPI: PageWaits). What fails is left to the ordinary load, which
 * says why. Returns null when there is nothing to fetch.
 */
export function packagePrefetch(root, path) {
  if (!path.startsWith(TREE_PREFIX) || !path.endsWith('/__init__.pyc')) return null;
  let dir = root.dir;
  for (const part of path.split('/').slice(0, -1)) dir = dir?.contents?.get(part);
  if (!(dir instanceof Directory)) return null;
  const init = dir.contents.get('__init__.pyc');
  if (!(init instanceof LazyFile) || init.bytes !== null || !init.loadAsync) return null;
  const files = [...dir.contents.values()]
    .filter((f) => f instanceof LazyFile && f.bytes === null && f.loadAsync)
    .slice(0, PREFETCH_LIMIT);
  return Promise.all(files.map(async (file) => {
    const bytes = await file.loadAsync();
    if (bytes?.length && file.bytes === null) file.bytes = bytes;
  }));
}
