// One wasipy.wasm instance driven through its host API (crate/host_api.rs),
// with WASI from @bjorn3/browser_wasi_shim. Runs in the worker, and directly
// in Node for the tests: it needs no DOM.
import { WASI, WASIProcExit, File, Directory } from '@bjorn3/browser_wasi_shim';
import { makeRoot, packagePrefetch, FileBudget, FILESYSTEM_LIMIT } from './filesystem.js';
import { DEFAULTS } from './options.js';
import { applyShimFixes, fixWasiImports } from './shim-fixes.js';
import { StdinFd, OutputFd } from './wasi-fds.js';
import { OutputCapture } from './output.js';
import { PageWaits, jspiAvailable } from './page-waits.js';
import { FetchDevice } from './fetch-device.js';
import { DisplayDevice } from './display-device.js';
import { CanvasEvents } from './canvas-events.js';
import { PackageGate } from './package-gate.js';
import { RareCode, isSplit } from './rare-code.js';

const HOME = '/home/user';
/** The host's own corner of the filesystem: requests to Python, downloads, the fetch device. */
const CONTROL = '.wasipy';
const STATUS = ['ok', 'error', 'exit'];
const FLAG_DISPLAY = 1;
/**
 * How deep C code may recurse here (crate/recursion_limit.rs; the command line
 * has native CPython's 10000 in wasmtime's 8 MiB stack). It depends on the stack
 * a run has: with JSPI (suspend) V8 runs wasm on a stack of its own, and
 * Chromium 148's worker traps between 2500 and 3000 levels of the deepest C path
 * (a Python function called from C, `map`); on V8's ordinary stack (Node,
 * engines without JSPI) between 500 and 800. Measured by running the deep
 * cases of web/test/browser/python-behaviour.test.mjs at rising limits
 * (this option), in Chromium and in Node.
 */
export const C_RECURSION_LIMIT = { jspi: 1500, sync: 500 };

/** The reader's time zone, as the JavaScript engine knows it (an IANA name), or UTC. */
export function readerTimeZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** The shim's WASI.start(), through WebAssembly.promising (see create). */
async function startPromising(wasiInstance, instance) {
  wasiInstance.inst = instance;
  try {
    await WebAssembly.promising(instance.exports._start)();
    return 0;
  } catch (e) {
    if (e instanceof WASIProcExit) return e.code;
    throw e;
  }
}

/** 268435456 as "256 MiB". */
function formatBytes(n) {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n.toLocaleString('en-US')} bytes`;
}

/** What ends a last expression's repr cut at `limit` characters. */
export function valueTruncatedMarker(limit) {
  return `\n[value truncated: its repr is longer than the outputLimit of ${limit.toLocaleString('en-US')} characters]`;
}

export class PythonHost {
  /**
   * Instantiates the module and starts the interpreter (`_start` with `--host`).
   * @param {object} o
   * @param {WebAssembly.Module} o.module  compiled wasipy.wasm
   * @param {WebAssembly.Module | {load: () => WebAssembly.Module, loadAsync: () => Promise<WebAssembly.Module>}} [o.rare]
   *   the rest of a split wasipy.wasm (wasipy-rare.wasm, rare-code.js): compiled, or how to
   *   get it when a run first needs it; required when `module` is split
   * @param {Uint8Array} o.stdlib  python313.zip
   * @param {Uint8Array | (() => Uint8Array)} [o.stdlibExtra]  python313-extra.zip, or a
   *   synchronous loader called when Python first opens it (a worker can use a sync XHR)
   * @param {{files: Record<string, number>, load: (path: string) => Uint8Array | null, url?: string}} [o.stdlibTree]
   *   the per-module stdlib (with the boot zip as `stdlib`): each file's size by path under
   *   /usr/local/lib/python3.13, a synchronous loader of one file, and the URL its paths are
   *   under (for Python's messages); see filesystem.js and crate/lazy_stdlib.py
   * @param {(chunks: Array<['stdout'|'stderr', string]>) => void} [o.onOutput]  batches of output, in the order written
   * @param {number} [o.outputLimit]  characters kept per run and stream
   * @param {Array<[string, Directory]>} [o.mounts]  more top-level directories (the conformance tests mount CPython's Lib/test)
   * @param {(prompt: string) => Promise<string | null>} [o.requestStdin]  asks the page for a line when the
   *   text given to a run is used up (only with `suspend`; otherwise stdin ends there)
   * @param {boolean} [o.suspend]  wait for the page inside WASI calls with JSPI (see page-waits.js);
   *   runs must then go through runAsync()
   * @param {string} [o.indexUrl]  the package index wasipy.install() uses (WASIPY_INDEX_URL)
   * @param {number} [o.filesystemLimit]  bytes the files Python writes may hold in all (FILESYSTEM_LIMIT)
   * @param {string} [o.timeZone]  Python's TZ (default: readerTimeZone())
   * @param {number} [o.cRecursionLimit]  how deep C code may recurse (default: C_RECURSION_LIMIT, by `suspend`)
   */
  static async create({ module, rare, stdlib, stdlibExtra, stdlibTree, onOutput = () => {}, outputLimit = 1_000_000, mounts = [], requestStdin, suspend = false, indexUrl = DEFAULTS.indexUrl, filesystemLimit = FILESYSTEM_LIMIT, timeZone = readerTimeZone(), cRecursionLimit = suspend ? C_RECURSION_LIMIT.jspi : C_RECURSION_LIMIT.sync }) {
    applyShimFixes();
    if (suspend && !jspiAvailable) throw new Error('suspend: this JavaScript engine has no WebAssembly.Suspending (JSPI)');
    const split = isSplit(module);
    if (split && !rare) throw new Error('this wasipy.wasm is the first part of a split module (scripts/split.sh): pass its wasipy-rare.wasm as `rare`');
    const host = new PythonHost();
    host.outputLimit = outputLimit;
    // One capture for both streams keeps them in the order they were written.
    host.output = new OutputCapture({ limit: outputLimit, flush: onOutput });
    host.stdin = new StdinFd(() => host.output.flush());
    // The files Python writes live in this tab's memory: capped, and the run's stderr says so when full.
    host.files = new FileBudget(filesystemLimit, (limit) => host.output.write('stderr', new TextEncoder().encode(
      `wasipy: the in-memory filesystem is full: the files of this session may hold at most ${formatBytes(limit)} in all (/tmp, the home directory, site-packages and the rest); delete some to make room\n`)));
    host.control = new Directory(new Map([['downloads', new Directory(new Map())]]));
    // display() writes here: pictures and tables in order with the text (crate/display.py).
    host.control.contents.set('display', new DisplayDevice(host.output));
    // Clicks and keys on a drawing, for tkinter's mainloop(): only where they can arrive during a run.
    host.canvasEvents = new CanvasEvents();
    if (suspend) host.control.contents.set('canvas-events', host.canvasEvents.device());
    // What installs may download (package-gate.js): the index pages this host fetched, the plans it vouches for.
    host.gate = new PackageGate();
    host.indexUrl = indexUrl;
    // Installs from inside a run wait for their fetches: only where a run can wait (JSPI).
    // They fetch from the session's index only, whatever index Python names.
    if (suspend) host.control.contents.set('fetch', new FetchDevice({ ...host.downloads(), gate: host.gate, indexUrl, files: host.files }));
    const fds = [host.stdin, new OutputFd(host.output, 'stdout'), new OutputFd(host.output, 'stderr'),
      makeRoot(stdlib, stdlibExtra, [...mounts, [CONTROL, host.control]], stdlibTree, host.files)];
    const env = [`HOME=${HOME}`, 'LANG=C.UTF-8', 'TMPDIR=/tmp', 'USER=user', `WASIPY_INDEX_URL=${indexUrl}`,
      // Local time as the reader's (musl's zone code reads the zone from /usr/share/zoneinfo).
      `TZ=${timeZone}`, `WASIPY_C_RECURSION_LIMIT=${cRecursionLimit}`];
    if (stdlibTree?.url) env.push(`WASIPY_STDLIB_URL=${stdlibTree.url}`);
    // A flavour's packages' files: from their own URL (worker-handler.js treeWithPackages).
    if (stdlibTree?.packages) env.push(`WASIPY_PACKAGES_URL=${stdlibTree.packages.url}`, `WASIPY_PACKAGES_TOP=${stdlibTree.packages.tops.join(' ')}`);
    host.wasi = new WASI(['wasipy', '--host'], env, fds, { debug: false });
    host.waits = new PageWaits({ output: host.output, stdin: host.stdin, requestStdin, suspend, fds: host.wasi.fds });
    fixWasiImports(host.wasi, {
      // Output printed before a wait is on the page during it; with JSPI the wait is a timer.
      wait: (ns) => {
        if (ns <= 1_000_000n) {
          host.output.poll(); // a poll, not a wait (asyncio's loop)
          return undefined;
        }
        host.output.flush();
        return host.waits.sleep(ns);
      },
    });
    host.waits.install(host.wasi.wasiImport);
    host.rare = split ? new RareCode(rare) : null;
    host.instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: host.wasi.wasiImport, ...host.rare?.imports(module, suspend) });
    host.exports = host.instance.exports;
    host.rare?.attach(host.exports);
    const root = fds[3];
    // path_open(fd, dirflags, path, path_len, ...): a stdlib package's modules are fetched together.
    host.waits.beforeOpen = (fd, dirflags, pathPtr, pathLen) => (fd === 3 && stdlibTree?.loadAsync
      ? packagePrefetch(root, new TextDecoder().decode(new Uint8Array(host.exports.memory.buffer, pathPtr, pathLen)))
      : null);
    host.alive = true;
    const started = performance.now();
    let code;
    if (suspend) {
      // V8 refuses a call to a Suspending import outside WebAssembly.promising,
      // even when it would not suspend: every export that can reach Python
      // (and so sched_yield) is called through promising.
      host.promisingRun = WebAssembly.promising(host.exports.wasipy_run);
      host.promisingReset = WebAssembly.promising(host.exports.wasipy_reset);
      code = await startPromising(host.wasi, host.instance);
    } else {
      code = host.wasi.start(host.instance);
    }
    const startup = host.output.endRun().stderr;
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
  run(code, options = {}) {
    if (this.promisingRun) throw new Error('this host was created with suspend: call runAsync()');
    const call = this.begin(code, options);
    if (!call.ptr) return this.end(call);
    try {
      call.status = this.exports.wasipy_run(call.ptr, call.bytes.length, call.flags);
    } catch (e) {
      call.error = e;
    }
    return this.end(call);
  }

  /** run() for a host created with `suspend`: Python may wait for the page meanwhile. */
  async runAsync(code, options = {}) {
    if (!this.promisingRun) return this.run(code, options);
    const call = this.begin(code, options);
    if (!call.ptr) return this.end(call);
    this.waits.suspendable = true;
    try {
      call.status = await this.promisingRun(call.ptr, call.bytes.length, call.flags);
    } catch (e) {
      call.error = e;
    } finally {
      this.waits.suspendable = false;
    }
    return this.end(call);
  }

  /**
   * Where fetched files go for Python to read (package-fetch.js): /.wasipy/downloads.
   * `clear()` forgets them once they are installed.
   */
  downloads({ onProgress } = {}) {
    const downloads = this.control.contents.get('downloads');
    return { downloads, dir: `/${CONTROL}/downloads`, onProgress, clear: () => downloads.contents.clear() };
  }

  /**
   * Calls `module.func(request)` in Python with a JSON-able request and
   * returns its JSON-able answer, through files in /.wasipy (no names are
   * left in __main__). A failure of the call itself comes back as {error}.
   */
  async callPython(module, func, request) {
    const encode = (value) => new TextEncoder().encode(JSON.stringify(value));
    this.control.contents.set('request.json', new File(encode(request)));
    this.control.contents.delete('response.json');
    const request_ = `/${CONTROL}/request.json`;
    const response = `/${CONTROL}/response.json`;
    const code = `(lambda json, m: json.dump(m.${func}(json.load(open(${JSON.stringify(request_)}, encoding="utf-8"))), open(${JSON.stringify(response)}, "w", encoding="utf-8")))(__import__("json"), __import__(${JSON.stringify(module)}))`;
    const result = await this.runAsync(code, { display: false });
    const answer = this.control.contents.get('response.json');
    if (result.status !== 'ok' || !answer) {
      const output = (result.stderr || result.error || '').trim();
      return { error: `${module}.${func} failed (${result.status}): ${output}`, interrupted: /^KeyboardInterrupt\b/m.test(output) };
    }
    return JSON.parse(new TextDecoder().decode(answer.data));
  }

  /** Raises KeyboardInterrupt in the running code at its next check (see page-waits.js). */
  interrupt() {
    this.waits.interrupt();
  }

  begin(code, { stdin = '', display = true }) {
    if (!this.alive) throw new Error('this Python instance has ended; create a new one');
    const call = { started: performance.now(), flags: display ? FLAG_DISPLAY : 0, ptr: 0 };
    this.stdin.feed(stdin);
    this.waits.takeInterrupt(); // an interrupt meant for an earlier run
    this.canvasEvents.clear(); // clicks meant for an earlier run
    call.bytes = code instanceof Uint8Array ? code : new TextEncoder().encode(code);
    try {
      call.ptr = this.exports.wasipy_alloc(call.bytes.length);
      if (call.ptr === 0) throw new RangeError('out of memory for the snippet');
      new Uint8Array(this.exports.memory.buffer, call.ptr, call.bytes.length).set(call.bytes);
    } catch (e) {
      call.error = e;
      call.ptr = 0;
    }
    return call;
  }

  end(call) {
    const result = { status: 'ok' };
    if (call.error === undefined) {
      try {
        result.status = STATUS[call.status] ?? 'crashed';
        if (result.status !== 'ok') result.exitCode = this.exports.wasipy_exit_code();
        const len = this.exports.wasipy_value_len();
        if (result.status === 'ok' && len >= 0) {
          const at = this.exports.wasipy_value_ptr();
          // The repr is capped as the output is (outputLimit characters): 'x' * 50_000_000
          // must not be decoded, posted to the page and kept whole.
          const limit = this.outputLimit;
          const bytes = new Uint8Array(this.exports.memory.buffer, at, Math.min(len, limit * 4 + 4));
          const text = new TextDecoder().decode(bytes);
          if (len > bytes.length || text.length > limit) {
            result.value = text.slice(0, limit) + valueTruncatedMarker(limit);
            result.valueTruncated = true;
          } else {
            result.value = text;
          }
        }
        this.exports.wasipy_free(call.ptr, call.bytes.length);
      } catch (e) {
        call.error = e;
      }
    }
    if (call.error !== undefined) {
      const e = call.error;
      this.alive = false;
      if (e instanceof WASIProcExit) {
        result.status = 'exit';
        result.exitCode = e.code;
      } else {
        result.status = 'crashed';
        result.error = `${e?.name ?? 'Error'}: ${e?.message ?? e}`;
      }
    }
    const { stdout, stderr, truncated, displays } = this.output.endRun();
    return {
      ...result,
      stdout,
      stderr,
      truncated,
      ...(displays && { displays }),
      alive: this.alive,
      durationMs: performance.now() - call.started,
    };
  }

  /** Empties __main__ (a host created with `suspend`: use resetAsync). */
  reset() {
    if (!this.alive) return;
    if (this.promisingReset) throw new Error('this host was created with suspend: call resetAsync()');
    this.exports.wasipy_reset();
    this.output.endRun();
  }

  async resetAsync() {
    if (!this.promisingReset) return this.reset();
    if (!this.alive) return undefined;
    await this.promisingReset();
    this.output.endRun();
    return undefined;
  }

  /** Bytes of wasm linear memory in use by this instance. */
  memoryBytes() {
    return this.exports.memory.buffer.byteLength;
  }
}
