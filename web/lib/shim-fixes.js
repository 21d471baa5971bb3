// Fixes for @bjorn3/browser_wasi_shim 0.4.2 that are upstream but unreleased,
// applied once to its classes. Each is covered by web/test/node/shim-fixes.test.mjs.
import { File, OpenFile, wasi } from '@bjorn3/browser_wasi_shim';

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

  // Files carry no times in 0.4.2 (all 0, 1970): report the last write, so that
  // os.path.getmtime and friends see real times.
  const stat = File.prototype.stat;
  File.prototype.stat = function () {
    const st = stat.call(this);
    st.atim = st.mtim = st.ctim = this.mtime ?? 0n;
    return st;
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
