// WASI file descriptors 0-2 for browser_wasi_shim: stdin from the text given
// with each run, stdout/stderr into OutputCapture. Hand-written because the
// shim's OpenFile(new File([])) only ever reads EOF and ConsoleStdout has no
// batching or cap.
//
// They report FILETYPE_UNKNOWN, like wasmtime does for pipes: a character
// device would look like a terminal to Python (prompts on stderr, colour codes
// in tracebacks).
import { Fd, wasi } from '@bjorn3/browser_wasi_shim';

export class StdinFd extends Fd {
  constructor() {
    super();
    this.data = new Uint8Array(0);
    this.pos = 0;
  }
  /** Sets what input() and sys.stdin read during the next run; then EOF. */
  feed(text) {
    this.data = new TextEncoder().encode(text ?? '');
    this.pos = 0;
  }
  fd_fdstat_get() {
    const fdstat = new wasi.Fdstat(wasi.FILETYPE_UNKNOWN, 0);
    fdstat.fs_rights_base = BigInt(wasi.RIGHTS_FD_READ);
    return { ret: 0, fdstat };
  }
  fd_filestat_get() {
    return { ret: 0, filestat: new wasi.Filestat(0n, wasi.FILETYPE_UNKNOWN, 0n) };
  }
  fd_read(size) {
    const data = this.data.slice(this.pos, this.pos + size);
    this.pos += data.length;
    return { ret: 0, data };
  }
}

export class OutputFd extends Fd {
  /** @param {import('./output.js').OutputCapture} capture */
  constructor(capture) {
    super();
    this.capture = capture;
  }
  fd_fdstat_get() {
    const fdstat = new wasi.Fdstat(wasi.FILETYPE_UNKNOWN, 0);
    fdstat.fs_rights_base = BigInt(wasi.RIGHTS_FD_WRITE);
    return { ret: 0, fdstat };
  }
  fd_filestat_get() {
    return { ret: 0, filestat: new wasi.Filestat(0n, wasi.FILETYPE_UNKNOWN, 0n) };
  }
  fd_write(data) {
    this.capture.write(data);
    return { ret: 0, nwritten: data.byteLength };
  }
}
