// Python waiting for the page, and the page interrupting Python, from inside
// WASI calls.
//
// Interrupts: the interpreter asks the host through sched_yield() from its
// periodic check, in PyErr_CheckSignals() and after each sleep
// (scripts/patches/cpython-wasi-host-check.patch); an interrupt is answered
// with EINTR there, which raises KeyboardInterrupt as Ctrl-C does.
//
// Waiting: with JavaScript Promise Integration an import wrapped in
// WebAssembly.Suspending may return a promise; the wasm stack is suspended
// until it settles and the worker's event loop runs meanwhile, so a typed line
// or Stop arrive as messages while Python sleeps, reads stdin or loops. JSPI
// needs no special headers (SharedArrayBuffer + Atomics.wait would need
// COOP/COEP). Chromium has it; where it is missing (Node 20, other browsers)
// the imports stay synchronous: stdin is the text given in advance, sleeps
// spin, and only a host on the same thread can interrupt.
import { wasi } from '@bjorn3/browser_wasi_shim';

export const jspiAvailable = typeof WebAssembly.Suspending === 'function' && typeof WebAssembly.promising === 'function';

/** How long a running loop may go without letting the worker hear the page. */
const TURN_MS = 40;

/** A turn of the event loop: messages from the page are handled before it ends. */
function nextTurn() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export class PageWaits {
  /**
   * @param {object} o
   * @param {import('./output.js').OutputCapture} o.output
   * @param {import('./wasi-fds.js').StdinFd} o.stdin
   * @param {(prompt: string) => Promise<string | null>} [o.requestStdin]  asks the page for a line (null: end of input)
   * @param {boolean} o.suspend  use JSPI (the caller checked jspiAvailable)
   * @param {Array<import('@bjorn3/browser_wasi_shim').Fd>} [o.fds]  the open files: a read of one with
   *   `prepare()` (fetch-device.js) waits for the promise it returns
   */
  constructor({ output, stdin, requestStdin, suspend, fds = [] }) {
    this.fds = fds;
    /** (path_open's arguments) => a promise to wait for before the open, or null (set by the host). */
    this.beforeOpen = null;
    this.output = output;
    this.stdin = stdin;
    this.requestStdin = requestStdin;
    this.suspend = suspend;
    this.suspendable = false; // true only inside a run started through WebAssembly.promising
    this.interrupted = false;
    this.wake = null; // ends the current wait early
    this.onInterrupt = null;
    this.lastTurn = performance.now();
  }

  /** Asks the running code to raise KeyboardInterrupt at its next check. */
  interrupt() {
    this.interrupted = true;
    this.wake?.();
    this.onInterrupt?.(); // work of the host's own between Python calls (an install's downloads)
  }

  takeInterrupt() {
    const was = this.interrupted;
    this.interrupted = false;
    return was;
  }

  /** Replaces WASI imports before the module is instantiated. */
  install(imports) {
    const wrap = (fn) => (this.suspend ? new WebAssembly.Suspending(fn) : fn);
    const read = imports.fd_read;
    const poll = imports.poll_oneoff;
    const open = imports.path_open;
    // A file whose opening may fetch more first (a stdlib package's modules together: filesystem.js packagePrefetch).
    imports.path_open = wrap((...args) => {
      const preparing = this.suspendable ? this.beforeOpen?.(...args) : null;
      return preparing ? preparing.then(() => open(...args)) : open(...args);
    });
    imports.sched_yield = wrap(() => this.check());
    imports.poll_oneoff = wrap(poll);
    imports.fd_read = wrap((fd, iovs, iovsLen, nreadPtr) => {
      const readNow = () => read(fd, iovs, iovsLen, nreadPtr);
      if (fd === 0) return this.readStdin(readNow);
      const preparing = this.suspendable ? this.fds[fd]?.prepare?.() : null;
      return preparing ? this.waitFor(preparing).then(({ interrupted }) => (interrupted ? wasi.ERRNO_INTR : readNow())) : readNow();
    });
  }

  /** sched_yield(): the interpreter's periodic check. */
  check() {
    this.output.poll();
    if (this.takeInterrupt()) return wasi.ERRNO_INTR;
    if (!this.suspendable || performance.now() - this.lastTurn < TURN_MS) return wasi.ERRNO_SUCCESS;
    return nextTurn().then(() => {
      this.lastTurn = performance.now();
      return this.takeInterrupt() ? wasi.ERRNO_INTR : wasi.ERRNO_SUCCESS;
    });
  }

  /** A clock wait of `ns`: a timer instead of a busy loop, ended early by an interrupt. */
  sleep(ns) {
    if (!this.suspendable) return undefined;
    // An interrupt ends the sleep; time.sleep() then asks sched_yield, which raises.
    if (this.interrupted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        this.lastTurn = performance.now();
        resolve();
      };
      const timer = setTimeout(done, Number(ns / 1_000_000n));
      this.wake = done;
    });
  }

  /**
   * Waits for `promise` (the page's answer to a stdin request, a device's
   * answer: fetch-device.js); an interrupt ends the wait first. Resolves to
   * {interrupted: true}, or {value} (null when the promise failed). The caller
   * answers an interrupt with EINTR, and CPython raises KeyboardInterrupt.
   */
  waitFor(promise) {
    if (this.interrupted) return Promise.resolve({ interrupted: true });
    return new Promise((resolve) => {
      this.wake = () => resolve({ interrupted: true });
      Promise.resolve(promise).then((value) => resolve({ value }), () => resolve({ value: null }));
    }).then((outcome) => {
      this.wake = null;
      this.lastTurn = performance.now();
      return this.interrupted ? { interrupted: true } : outcome;
    });
  }

  /** fd_read on stdin: reads what was given; when it runs out, asks the page and waits. */
  readStdin(readNow) {
    if (!this.suspendable || !this.requestStdin || !this.stdin.waiting) return readNow();
    // Left pending: CPython retries a read that fails with EINTR after
    // PyErr_CheckSignals(), whose sched_yield() takes the interrupt and raises.
    if (this.interrupted) return wasi.ERRNO_INTR;
    this.output.flush(); // the prompt is on the page before the field
    return this.waitFor(this.requestStdin(this.output.prompt())).then(({ interrupted, value }) => {
      if (interrupted) return wasi.ERRNO_INTR;
      this.stdin.give(value ?? null); // null: end of input
      return readNow();
    });
  }
}
