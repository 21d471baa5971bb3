// Fixes for @bjorn3/browser_wasi_shim 0.4.2 where it breaks Python (some fixed
// upstream but unreleased, some ours), applied once to its classes. Covered by
// web/test/node/shim-fixes.test.mjs and by `make conformance` (test_os,
// test_pathlib, test_zipfile, test_time...).
import { Directory, File, OpenDirectory, OpenFile, wasi } from '@bjorn3/browser_wasi_shim';

const nowNs = () => BigInt(Date.now()) * 1_000_000n;

let applied = false;

export function applyShimFixes() {
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
    Kind.prototype.stat = function () {
      const st = stat.call(this);
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
  Directory.prototype.get_parent_dir_and_entry_for_path = function (path, allowUndefined) {
    const found = parentLookup.call(this, path, allowUndefined);
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
export function fixWasiImports(wasiInstance, { wait = () => undefined } = {}) {
  const imports = wasiInstance.wasiImport;
  const pollOneoff = imports.poll_oneoff;
  const finish = (inPtr, outPtr, nsubscriptions, neventsPtr) => {
    // 0.4.2 takes three arguments; the fourth is passed on for a release that uses it.
    const ret = pollOneoff(inPtr, outPtr, nsubscriptions, neventsPtr);
    if (ret === wasi.ERRNO_SUCCESS) new DataView(wasiInstance.inst.exports.memory.buffer).setUint32(neventsPtr, 1, true);
    return ret;
  };
  imports.poll_oneoff = (inPtr, outPtr, nsubscriptions, neventsPtr) => {
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
          return finish(inPtr, outPtr, nsubscriptions, neventsPtr);
        });
      }
    }
    return finish(inPtr, outPtr, nsubscriptions, neventsPtr);
  };
}

