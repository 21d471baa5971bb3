// /.wasipy/fetch: how `wasipy.install()` inside a run gets files from the
// network. Python writes the JSON list of what it needs and reads back a JSON
// object of where each body now is (crate/packages/wasipy.py). The read waits
// for the fetches: PageWaits calls `prepare()` first and suspends the wasm
// stack on its promise (JSPI), so the device exists only where runs can wait.
// Any code in the session can write here: what it may get is what the gate
// admits (package-gate.js): pages of the session's index and the files they
// name; any other URL gets an answer that says it was refused, unfetched.
import { File, Fd, wasi } from '@bjorn3/browser_wasi_shim';
import { fetchNeeded } from './package-fetch.js';

class FetchDeviceFd extends Fd {
  constructor(device) {
    super();
    this.device = device;
    this.request = [];
    this.response = null;
    this.pos = 0;
  }
  fd_fdstat_get() {
    return { ret: 0, fdstat: new wasi.Fdstat(wasi.FILETYPE_UNKNOWN, 0) };
  }
  fd_filestat_get() {
    return { ret: 0, filestat: new wasi.Filestat(0n, wasi.FILETYPE_UNKNOWN, 0n) };
  }
  fd_seek() {
    return { ret: wasi.ERRNO_SPIPE, offset: 0n };
  }
  fd_write(data) {
    this.request.push(data.slice());
    return { ret: 0, nwritten: data.byteLength };
  }
  /** The fetches of the request written so far; null when the answer is ready (or nothing was asked). */
  prepare() {
    if (this.response !== null || this.request.length === 0) return null;
    this.pending ??= (async () => {
      let answer;
      try {
        const need = JSON.parse(new TextDecoder().decode(concat(this.request)));
        answer = await fetchNeeded(need, this.device.where);
      } catch (e) {
        answer = { error: `the page could not fetch: ${e?.message ?? e}` };
      }
      this.response = new TextEncoder().encode(JSON.stringify(answer));
    })();
    return this.pending;
  }
  fd_read(size) {
    if (this.response === null) return { ret: wasi.ERRNO_IO, data: new Uint8Array(0) }; // read before the request was written
    const data = this.response.slice(this.pos, this.pos + size);
    this.pos += data.length;
    return { ret: 0, data };
  }
}

function concat(chunks) {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export class FetchDevice extends File {
  /** @param {{downloads: import('@bjorn3/browser_wasi_shim').Directory, dir: string, onProgress?: Function, gate, indexUrl: string}} where  see fetchNeeded */
  constructor(where) {
    super(new Uint8Array(0));
    this.where = where;
  }
  path_open() {
    return { ret: wasi.ERRNO_SUCCESS, fd_obj: new FetchDeviceFd(this) };
  }
}
