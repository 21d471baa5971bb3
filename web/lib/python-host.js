// One wasipy.wasm instance driven through its host API (crate/host_api.rs),
// with WASI from @bjorn3/browser_wasi_shim. Runs in the worker, and directly
// in Node for the tests: it needs no DOM.
import { WASI, WASIProcExit, File, Directory, PreopenDirectory } from '@bjorn3/browser_wasi_shim';
import { applyShimFixes, fixWasiImports } from './shim-fixes.js';
import { StdinFd, OutputFd } from './wasi-fds.js';
import { OutputCapture } from './output.js';

const HOME = '/home/user';
const STATUS = ['ok', 'error', 'exit'];
const FLAG_DISPLAY = 1;

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
function makeRoot(stdlib, stdlibExtra, mounts) {
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

export class PythonHost {
  /**
   * Instantiates the module and starts the interpreter (`_start` with `--host`).
   * @param {object} o
   * @param {WebAssembly.Module} o.module  compiled wasipy.wasm
   * @param {Uint8Array} o.stdlib  python313.zip
   * @param {Uint8Array | (() => Uint8Array)} [o.stdlibExtra]  python313-extra.zip, or a
   *   synchronous loader called when Python first opens it (a worker can use a sync XHR)
   * @param {(stream: 'stdout'|'stderr', text: string) => void} [o.onOutput]
   * @param {number} [o.outputLimit]  characters kept per run and stream
   * @param {Array<[string, Directory]>} [o.mounts]  more top-level directories (the conformance tests mount CPython's Lib/test)
   */
  static async create({ module, stdlib, stdlibExtra, onOutput = () => {}, outputLimit = 1_000_000, mounts = [] }) {
    applyShimFixes();
    const host = new PythonHost();
    host.stdin = new StdinFd();
    host.stdout = new OutputCapture({ limit: outputLimit, flush: (t) => onOutput('stdout', t) });
    host.stderr = new OutputCapture({ limit: outputLimit, flush: (t) => onOutput('stderr', t) });
    const fds = [host.stdin, new OutputFd(host.stdout), new OutputFd(host.stderr), makeRoot(stdlib, stdlibExtra, mounts)];
    const env = [`HOME=${HOME}`, 'LANG=C.UTF-8', 'TMPDIR=/tmp', 'USER=user'];
    host.wasi = new WASI(['wasipy', '--host'], env, fds, { debug: false });
    fixWasiImports(host.wasi);
    host.instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: host.wasi.wasiImport });
    host.exports = host.instance.exports;
    host.alive = true;
    const started = performance.now();
    const code = host.wasi.start(host.instance);
    const startup = host.stderr.endRun().text;
    host.stdout.endRun();
    if (code !== 0) {
      host.alive = false;
      throw new Error(`Python did not start (status ${code}): ${startup.trim()}`);
    }
    host.initMs = performance.now() - started;
    return host;
  }

  /**
   * Runs a snippet (text, or bytes given as they are) in the persistent __main__.
   * @returns {{status: 'ok'|'error'|'exit'|'crashed', stdout: string, stderr: string,
   *   exitCode?: number, value?: string, truncated: boolean, alive: boolean, durationMs: number}}
   *   `alive` false: the instance is gone (os._exit or a wasm trap) and a new one is needed.
   */
  run(code, { stdin = '', display = true } = {}) {
    if (!this.alive) throw new Error('this Python instance has ended; create a new one');
    const started = performance.now();
    this.stdin.feed(stdin);
    const bytes = code instanceof Uint8Array ? code : new TextEncoder().encode(code);
    const result = { status: 'ok' };
    let ptr = 0;
    try {
      ptr = this.exports.wasipy_alloc(bytes.length);
      if (ptr === 0) throw new RangeError('out of memory for the snippet');
      new Uint8Array(this.exports.memory.buffer, ptr, bytes.length).set(bytes);
      const status = this.exports.wasipy_run(ptr, bytes.length, display ? FLAG_DISPLAY : 0);
      result.status = STATUS[status] ?? 'crashed';
      if (result.status !== 'ok') result.exitCode = this.exports.wasipy_exit_code();
      const len = this.exports.wasipy_value_len();
      if (result.status === 'ok' && len >= 0) {
        const at = this.exports.wasipy_value_ptr();
        result.value = new TextDecoder().decode(new Uint8Array(this.exports.memory.buffer, at, len));
      }
      this.exports.wasipy_free(ptr, bytes.length);
    } catch (e) {
      this.alive = false;
      if (e instanceof WASIProcExit) {
        result.status = 'exit';
        result.exitCode = e.code;
      } else {
        result.status = 'crashed';
        result.error = `${e?.name ?? 'Error'}: ${e?.message ?? e}`;
      }
    }
    const out = this.stdout.endRun();
    const err = this.stderr.endRun();
    return {
      ...result,
      stdout: out.text,
      stderr: err.text,
      truncated: out.truncated || err.truncated,
      alive: this.alive,
      durationMs: performance.now() - started,
    };
  }

  /** Empties __main__. */
  reset() {
    if (!this.alive) return;
    this.exports.wasipy_reset();
    this.stdout.endRun();
    this.stderr.endRun();
  }

  /** Bytes of wasm linear memory in use by this instance. */
  memoryBytes() {
    return this.exports.memory.buffer.byteLength;
  }
}
