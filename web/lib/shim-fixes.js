// Fixes for @bjorn3/browser_wasi_shim 0.4.2 where it breaks Python, applied
// once to its classes (so to every user of the shim in the page) and to each
// WASI instance's imports. They are written against 0.4.2's internals, so they
// refuse any other installed version (ShimVersionError) rather than patch code
// they were not written for. Each is tested against the behaviour it fixes in
// web/test/node/shim-fixes.test.mjs, and by `make conformance` (test_os,
// test_pathlib, test_zipfile, test_time...).
//
// Upstream (github.com/bjorn3/browser_wasi_shim; 0.4.2 is still its latest
// release on npm), as checked on 2026-11-25:
// - fixed upstream, unreleased: the Filestat time offsets (PR #101, merged);
//   fd_write's reallocation on every append (issue #93, PR #95, merged: a
//   resizable ArrayBuffer that grows geometrically).
// - times kept on files and directories and set by fd/path_filestat_set_times:
//   PR #106 (its thread read as open, though the repository's src/fs_mem.ts
//   already has its InodeMem times); unreleased either way.
// - proposed upstream, not merged: poll_oneoff's clock flags and `nevents`
//   (PRs #88 and #92).
// - ours, not upstream: mkdir of an existing path gives EEXIST (upstream's
//   path_create_directory still opens it); readlink's ENOENT/EINVAL (upstream
//   still answers ENOTSUP); a directory's mtime moving when an entry is added
//   or removed.
// Before moving to a new release: drop what it fixes, check the rest against
// its code, and change PATCHED_VERSION.
import { Directory, File, OpenDirectory, OpenFile, wasi } from '@bjorn3/browser_wasi_shim';
// The package's exports do not include ./package.json, so it is read by path
// (node_modules sits at the repository's root); Vite inlines it at build time.
import shimPackage from '../../node_modules/@bjorn3/browser_wasi_shim/package.json' with { type: 'json' };
import { WasipyError } from './errors.js';

/** The version of @bjorn3/browser_wasi_shim these fixes were written for (package.json pins it). */
export const PATCHED_VERSION = '0.4.2';

/** The installed browser_wasi_shim is not the version the fixes were written for. */
export class ShimVersionError extends WasipyError {
  constructor(message) {
    super(message, 'ShimVersionError');
  }
}

/** Throws ShimVersionError unless `installed` is PATCHED_VERSION. */
export function checkShimVersion(installed = shimPackage.version) {
  if (installed === PATCHED_VERSION) return;
  throw new ShimVersionError(
    `web/lib/shim-fixes.js patches @bjorn3/browser_wasi_shim ${PATCHED_VERSION}, but ${installed} is installed: ` +
    `its fixes replace methods of the shim's classes and would break another version. Install ${PATCHED_VERSION} ` +
    `(\`npm ci\`: package.json pins it), or review each fix in web/lib/shim-fixes.js against ${installed}, ` +
    'drop those it no longer needs and set PATCHED_VERSION to it.',
  );
}

const nowNs = () => BigInt(Date.now()) * 1_000_000n;

let applied = false;

/** `installedVersion` is for tests: the version read from the shim's package.json otherwise. */
export function applyShimFixes({ installedVersion = shimPackage.version } = {}) {
  checkShimVersion(installedVersion); // before anything is patched
  if (applied) return;
  applied = true;

  // filestat: atim/mtim/ctim belong at offsets 40/48/56; 0.4.2 writes them at
  // 38/46/52, which clobbers the top bytes of st_size.
  wasi.Filestat.prototype.write_bytes = function (view, ptr) {
    view.setBigUint64(ptr, this.dev, true);
    view.setBigUint64(ptr + 8, this.ino, true);
    view.setUint8(ptr + 16, this.filetype);
    view.setBigUint64(ptr + 24, this.nlink, true);
    view.setBigUint64(ptr + 32, this.size, true);
    view.setBigUint64(ptr + 40, this.atim, true);
    view.setBigUint64(ptr + 48, this.mtim, true);
    view.setBigUint64(ptr + 56, this.ctim, true);
  };

  // Files and directories carry no times in 0.4.2 (all 0: 1970, which zipfile
  // rejects). Track them: first seen, last write, os.utime.
  for (const Kind of [File, Directory]) {
    const stat = Kind.prototype.stat;
    Kind.prototype.stat = function (...args) {
      const st = stat.apply(this, args);
      this.mtime ??= nowNs();
      st.mtim = st.ctim = this.mtime;
      st.atim = this.atime ?? this.mtime;
      return st;
    };
  }
  const setTimes = (inode, atim, mtim, flags) => {
    const now = nowNs();
    if (flags & wasi.FSTFLAGS_ATIM_NOW) inode.atime = now;
    else if (flags & wasi.FSTFLAGS_ATIM) inode.atime = atim;
    if (flags & wasi.FSTFLAGS_MTIM_NOW) inode.mtime = now;
    else if (flags & wasi.FSTFLAGS_MTIM) inode.mtime = mtim;
    return wasi.ERRNO_SUCCESS;
  };
  OpenFile.prototype.fd_filestat_set_times = function (atim, mtim, flags) {
    return setTimes(this.file, atim, mtim, flags);
  };
  OpenDirectory.prototype.fd_filestat_set_times = function (atim, mtim, flags) {
    return setTimes(this.dir, atim, mtim, flags);
  };
  OpenDirectory.prototype.path_filestat_set_times = function (dirflags, path, atim, mtim, flags) {
    const { ret, inode_obj } = this.path_lookup(path, dirflags);
    return inode_obj ? setTimes(inode_obj, atim, mtim, flags) : ret;
  };

  // A directory's mtime changes when an entry is added or removed, as on a
  // real filesystem: importlib's FileFinder re-reads a directory only when its
  // mtime moves, so without this a module written by a snippet after an
  // import from the same directory is not found. Every operation that adds or
  // removes an entry looks up the parent through this method. Strictly
  // increasing, so two changes within one millisecond still differ.
  const parentLookup = Directory.prototype.get_parent_dir_and_entry_for_path;
  Directory.prototype.get_parent_dir_and_entry_for_path = function (...args) {
    const found = parentLookup.apply(this, args);
    const parent = found.parent_entry;
    if (parent) {
      const now = nowNs();
      parent.mtime = parent.mtime !== undefined && parent.mtime >= now ? parent.mtime + 1n : now;
    }
    return found;
  };

  // readlink: 0.4.2 has no symlinks and answers ENOTSUP even for a missing
  // path; POSIX says ENOENT, or EINVAL for a path that is not a link.
  OpenDirectory.prototype.path_readlink = function (path) {
    const { ret, inode_obj } = this.path_lookup(path, 0);
    return { ret: inode_obj ? wasi.ERRNO_INVAL : ret, data: null };
  };

  // mkdir of an existing path must fail with EEXIST (0.4.2 opens it instead).
  OpenDirectory.prototype.path_create_directory = function (path) {
    return this.path_open(0, path, wasi.OFLAGS_CREAT | wasi.OFLAGS_DIRECTORY | wasi.OFLAGS_EXCL, 0n, 0n, 0).ret;
  };

  // fd_write: 0.4.2 reallocates the whole file on every append (O(n^2) for a
  // file written in 8 KiB chunks). Grow the backing buffer geometrically and
  // keep `file.data` a view of exactly the file's length.
  OpenFile.prototype.fd_write = function (data) {
    if (this.file.readonly) return { ret: wasi.ERRNO_BADF, nwritten: 0 };
    const pos = Number(this.file_pos);
    const end = pos + data.byteLength;
    if (!fits(this.file, end)) return { ret: wasi.ERRNO_NOSPC, nwritten: 0 };
    let buf = this.file.data;
    if (end > buf.byteLength) {
      if (buf.byteOffset === 0 && buf.buffer.byteLength >= end) {
        buf = new Uint8Array(buf.buffer, 0, end);
      } else {
        const grown = new Uint8Array(Math.max(end, 2 * buf.byteLength, 4096));
        grown.set(buf);
        buf = grown.subarray(0, end);
      }
      this.file.data = buf;
    }
    buf.set(data, pos);
    this.file_pos = BigInt(end);
    this.file.mtime = nowNs();
    return { ret: 0, nwritten: data.byteLength };
  };

  applyBudget();
}

/**
 * The cap on what a session's files may hold (filesystem.js FileBudget): a
 * file Python created carries its directory's `budget`; growing it past the
 * budget fails with ENOSPC (Python: OSError "No space left on device"), and
 * shrinking, truncating, deleting or replacing it gives the room back.
 */
function fits(file, newSize) {
  return !file.budget || file.budget.resize(Number(file.size), newSize);
}

function applyBudget() {
  const pwrite = OpenFile.prototype.fd_pwrite;
  OpenFile.prototype.fd_pwrite = function (data, offset) {
    if (!this.file.readonly && !fits(this.file, Number(offset) + data.byteLength)) return { ret: wasi.ERRNO_NOSPC, nwritten: 0 };
    return pwrite.call(this, data, offset);
  };
  const allocate = OpenFile.prototype.fd_allocate;
  OpenFile.prototype.fd_allocate = function (offset, len) {
    if (!fits(this.file, Number(offset + len))) return wasi.ERRNO_NOSPC;
    return allocate.call(this, offset, len);
  };
  const setSize = OpenFile.prototype.fd_filestat_set_size;
  OpenFile.prototype.fd_filestat_set_size = function (size) {
    if (!fits(this.file, Number(size))) return wasi.ERRNO_NOSPC;
    return setSize.call(this, size);
  };
  const open = File.prototype.path_open;
  File.prototype.path_open = function (oflags, rights, fdflags) {
    const before = Number(this.size);
    const result = open.call(this, oflags, rights, fdflags);
    if (result.ret === wasi.ERRNO_SUCCESS && (oflags & wasi.OFLAGS_TRUNC) && this.budget) this.budget.resize(before, 0);
    return result;
  };
  // Files Python creates carry the budget of the directory they are created from.
  const create = Directory.prototype.create_entry_for_path;
  Directory.prototype.create_entry_for_path = function (...args) {
    const made = create.apply(this, args);
    if (made.entry && this.budget) made.entry.budget = this.budget;
    return made;
  };
  const unlinkFile = OpenDirectory.prototype.path_unlink_file;
  OpenDirectory.prototype.path_unlink_file = function (path) {
    const { inode_obj: gone } = this.path_lookup(path, 0);
    const ret = unlinkFile.call(this, path);
    if (ret === wasi.ERRNO_SUCCESS && gone?.budget) gone.budget.resize(Number(gone.size), 0);
    return ret;
  };
  const link = OpenDirectory.prototype.path_link;
  OpenDirectory.prototype.path_link = function (path, inode, allowDir) {
    const { inode_obj: replaced } = this.path_lookup(path, 0);
    const ret = link.call(this, path, inode, allowDir);
    if (ret === wasi.ERRNO_SUCCESS && replaced && replaced !== inode && replaced.budget) replaced.budget.resize(Number(replaced.size), 0);
    return ret;
  };
}

const SUBSCRIPTION_CLOCK_ABSTIME = 1;
const clockNow = {
  [wasi.CLOCKID_MONOTONIC]: () => BigInt(Math.round(performance.now() * 1e6)), // as the shim's clock_time_get
  [wasi.CLOCKID_REALTIME]: nowNs,
};

/**
 * Fixes of one WASI instance's imports (they are closures made in its constructor).
 * poll_oneoff in 0.4.2:
 * - reads a clock subscription's flags at offset 36 instead of 40, so an
 *   absolute deadline (time.sleep uses one) is taken as a duration: sleep(0.1)
 *   lasted a second. We turn absolute deadlines into durations first.
 * - never writes `nevents`, so wasi-libc's poll() reads garbage and traps
 *   (asyncio's event loop polls). It handles one clock subscription: one event.
 * `wait(ns)` is told how long a clock wait will block; it may do the waiting
 * itself and return a promise (a host with JSPI: the worker sleeps without
 * spinning and hears the page meanwhile); the shim's busy wait is skipped then.
 */
export function fixWasiImports(wasiInstance, { wait = () => undefined, installedVersion = shimPackage.version } = {}) {
  checkShimVersion(installedVersion);
  const imports = wasiInstance.wasiImport;
  const pollOneoff = imports.poll_oneoff;
  const finish = (inPtr, outPtr, nsubscriptions, neventsPtr, ...rest) => {
    // 0.4.2 takes three arguments; every argument is passed on, for a release that uses them.
    const ret = pollOneoff(inPtr, outPtr, nsubscriptions, neventsPtr, ...rest);
    if (ret === wasi.ERRNO_SUCCESS) new DataView(wasiInstance.inst.exports.memory.buffer).setUint32(neventsPtr, 1, true);
    return ret;
  };
  imports.poll_oneoff = (inPtr, outPtr, nsubscriptions, neventsPtr, ...rest) => {
    const view = new DataView(wasiInstance.inst.exports.memory.buffer);
    if (nsubscriptions === 1 && view.getUint8(inPtr + 8) === wasi.EVENTTYPE_CLOCK) {
      const now = clockNow[view.getUint32(inPtr + 16, true)];
      if (now && view.getUint16(inPtr + 40, true) & SUBSCRIPTION_CLOCK_ABSTIME) {
        const remaining = view.getBigUint64(inPtr + 24, true) - now();
        view.setBigUint64(inPtr + 24, remaining > 0n ? remaining : 0n, true);
        view.setUint16(inPtr + 40, 0, true);
      }
      view.setUint16(inPtr + 36, 0, true); // where 0.4.2 looks for the flags: now a duration
      const waited = wait(view.getBigUint64(inPtr + 24, true));
      if (waited) {
        return waited.then(() => {
          new DataView(wasiInstance.inst.exports.memory.buffer).setBigUint64(inPtr + 24, 0n, true);
          return finish(inPtr, outPtr, nsubscriptions, neventsPtr, ...rest);
        });
      }
    }
    return finish(inPtr, outPtr, nsubscriptions, neventsPtr, ...rest);
  };
}

