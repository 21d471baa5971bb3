// /dev in the browser's filesystem: the device files programs open by name.
// /dev/null above all (os.devnull: logging handlers, pytest's logging plugin,
// code that discards output), /dev/zero, and /dev/urandom for code that reads
// it instead of calling os.urandom(). Writes are taken and dropped; a seek
// succeeds at 0, as on Linux.
import { Fd, Inode, Directory, wasi } from '@bjorn3/browser_wasi_shim';

// Readable, writable and seekable: wasi-libc's isatty() says a character device
// without seek rights is a terminal, which these are not.
const RIGHTS = BigInt(wasi.RIGHTS_FD_READ | wasi.RIGHTS_FD_WRITE | wasi.RIGHTS_FD_SEEK | wasi.RIGHTS_FD_TELL | wasi.RIGHTS_FD_FILESTAT_GET);

/** An open device: its reads from the device, its writes taken and dropped. */
export class DeviceFd extends Fd {
  constructor(device) {
    super();
    this.device = device;
  }
  fd_fdstat_get() {
    const fdstat = new wasi.Fdstat(wasi.FILETYPE_CHARACTER_DEVICE, 0);
    fdstat.fs_rights_base = RIGHTS;
    return { ret: 0, fdstat };
  }
  fd_filestat_get() {
    return { ret: 0, filestat: this.device.stat() };
  }
  fd_read(size) {
    return { ret: 0, data: this.device.read(size) };
  }
  fd_pread(size) {
    return this.fd_read(size);
  }
  fd_write(data) {
    return { ret: 0, nwritten: data.byteLength };
  }
  fd_pwrite(data) {
    return this.fd_write(data);
  }
  fd_seek() {
    return { ret: 0, offset: 0n };
  }
  fd_tell() {
    return { ret: 0, offset: 0n };
  }
}

/** A character device file (devices() below, display-device.js). */
export class Device extends Inode {
  /** @param {(size: number) => Uint8Array} read  what a read of `size` bytes returns */
  constructor(read) {
    super();
    this.read = read;
  }
  path_open() {
    return { ret: 0, fd_obj: new DeviceFd(this) };
  }
  stat() {
    return new wasi.Filestat(this.ino, wasi.FILETYPE_CHARACTER_DEVICE, 0n);
  }
}

/** Random bytes, `size` of them (getRandomValues gives at most 65536 per call). */
function randomBytes(size) {
  const bytes = new Uint8Array(size);
  for (let at = 0; at < size; at += 65536) crypto.getRandomValues(bytes.subarray(at, Math.min(size, at + 65536)));
  return bytes;
}

/** The /dev directory. */
export function devices() {
  return new Directory(new Map([
    ['null', new Device(() => new Uint8Array(0))],
    ['zero', new Device((size) => new Uint8Array(size))],
    ['random', new Device(randomBytes)],
    ['urandom', new Device(randomBytes)],
  ]));
}
