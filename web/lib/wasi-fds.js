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
  /** @param {() => void} [beforeRead]  runs before each read (the host shows pending output: a prompt) */
  constructor(beforeRead = () => {}) {
    super();
    this.beforeRead = beforeRead;
    this.feed('');
  }
  /** Sets what input() and sys.stdin read during the next run; then EOF (or the page is asked, see `waiting`). */
  feed(text) {
    this.data = new TextEncoder().encode(text ?? '');
    this.pos = 0;
    this.eof = false; // one end of input typed by the person (Ctrl-D): the next read gets 0 bytes
  }
  /**
   * True when a read would find nothing given in advance: a host that can wait
   * asks the page then. Text given in advance that does not end in "\n" ends
   * there, as piped text does: its last line is read, then end of input.
   */
  get waiting() {
    const endsLine = this.data.length === 0 || this.data[this.data.length - 1] === 10;
    return this.pos >= this.data.length && !this.eof && endsLine;
  }
  /** A line typed by the person, or null for end of input. */
  give(text) {
    if (text === null) {
      this.eof = true;
      return;
    }
    const more = new TextEncoder().encode(text);
    const rest = this.data.subarray(this.pos);
    this.data = new Uint8Array(rest.length + more.length);
    this.data.set(rest);
    this.data.set(more, rest.length);
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
    this.beforeRead();
    if (this.pos >= this.data.length) {
      this.eof = false; // end of input is read once, as from a terminal
      return { ret: 0, data: new Uint8Array(0) };
    }
    const data = this.data.slice(this.pos, this.pos + size);
    this.pos += data.length;
    return { ret: 0, data };
  }
}

export class OutputFd extends Fd {
  /**
   * @param {import('./output.js').OutputCapture} capture  shared by stdout and stderr, which keeps their order
   * @param {'stdout'|'stderr'} stream
   */
  constructor(capture, stream) {
    super();
    this.capture = capture;
    this.stream = stream;
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
    this.capture.write(this.stream, data);
    return { ret: 0, nwritten: data.byteLength };
  }
}
