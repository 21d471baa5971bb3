// A Python session for the page: one interpreter in a Web Worker, runs
// queued in order, stop() that always works, and recovery after a crash.
import { SessionDisposedError, OptionsError, InstallError } from './errors.js';
import { resolveOptions, DEFAULTS } from './options.js';
import { loadAssets } from './loader.js';
import { LineSplitter } from './lines.js';
import { inThreadWorker } from './in-thread-worker.js';
import { builtInElsewhere, builtInsNamed, flavourFor, FLAVOURS } from './flavours.js';
import { withFlavour, rareUrlBeside, splitKey } from './versions.js';
import { scriptBlock } from './script-block.js';

/**
 * wasipy-rare.wasm as a worker of this page compiled and linked it, by the
 * build key of its first part (versions.js splitKey): the workers of the
 * page's other sessions, and of a restart, get it compiled instead of fetching
 * and compiling it again (a docs page gives each snippet a session of its own).
 */
const compiledRare = new Map();

/** The options that are the page's functions: each called through Session.guard. */
const CALLBACKS = ['onOutput', 'onStdout', 'onStderr', 'onStdinRequest', 'onProgress', 'onDisplay'];

/** A start that was called off (stop() or dispose() while it went on): nobody waits for its result. */
class StartCancelled extends Error {}

export class Session {
  /** Use loadPython(); this constructor does not start anything. */
  constructor(options, startWebWorker = null) {
    /** web-worker.js's startWebWorker, imported with the page's scripts (index.js); else imported when needed. */
    this.startWebWorker = startWebWorker;
    /** Callbacks of the page that threw, each reported once (see guard). */
    this.failedCallbacks = new Set();
    const guarded = Object.fromEntries(CALLBACKS.map((name) => [name, this.guard(name, options[name])]));
    // The worker resolves URLs against its own script: the index's must be absolute.
    this.options = { ...options, ...guarded, indexUrl: options.indexUrl && pageUrl(options.indexUrl, 'indexUrl') };
    this.queue = Promise.resolve();
    this.worker = null;
    this.current = null; // the run in flight: {id, resolve, stdout, stderr, started}
    this.nextId = 1;
    this.lost = false; // the next run starts a fresh interpreter after a stop/crash/exit
    this.disposed = false;
    this.version = undefined;
    /** What the browser and page allow (see worker-handler.js); known once ready. */
    this.capabilities = null;
    /** Installs that succeeded: done again when a restart brings a fresh interpreter (from the cache). */
    this.installs = [];
    this.replay = null; // an install being redone after a restart: {id, resolve}
    this.out = {
      stdout: new LineSplitter((line) => this.options.onStdout?.(line)),
      stderr: new LineSplitter((line) => this.options.onStderr?.(line)),
    };
  }

  /**
   * `fn`, made safe to call: a page's callback that throws (or returns a
   * promise that rejects) must not break the session, whose messages it is
   * called from. The error is reported once per callback, with console.error,
   * and the session carries on as if the callback had returned.
   */
  guard(name, fn) {
    if (typeof fn !== 'function') return fn;
    const failed = (e) => {
      if (this.failedCallbacks.has(name)) return;
      this.failedCallbacks.add(name);
      console.error(`wasipy: the page's ${name} callback threw (${e?.message ?? e}); the session carries on without it for that call, and later errors of ${name} are not reported`, e);
    };
    return (...args) => {
      try {
        const result = fn(...args);
        if (typeof result?.then === 'function') result.then(undefined, failed);
        return result;
      } catch (e) {
        failed(e);
        return undefined;
      }
    };
  }

  /** Downloads (once per page), compiles and starts the interpreter. */
  async start() {
    const { onProgress } = this.options;
    // The worker starts (and loads its script) while the files download.
    this.flavour = this.options.flavour ?? null;
    this.assets = loadAssets(this.assetOptions(this.flavour));
    const initMs = await this.spawn(() => onProgress?.({ phase: 'init' }));
    if (this.options.packages.length) {
      try {
        await this.install(this.options.packages, { onProgress: (message) => onProgress?.({ phase: 'install', message }) });
      } catch (e) {
        this.dispose();
        throw e;
      }
    }
    onProgress?.({ phase: 'ready', initMs });
    return this;
  }

  /** loadAssets()'s options for the module `flavour` (null: the plain module). */
  assetOptions(flavour) {
    return withFlavour(this.options, flavour);
  }

  /**
   * Loads the module `wanted` (a flavour) for an install that needs a package
   * it has built in and the running module lacks (numpy), and makes the next
   * message start a fresh interpreter of it; `packages` says which, for the
   * progress line. The session's installs are redone there; its variables are
   * gone (the next run's result says it restarted). When it cannot be loaded:
   * InstallError, the session left as it was. Returns whether it switched.
   */
  async switchFlavour(wanted, packages, onProgress) {
    if (!wanted || wanted === this.flavour || !FLAVOURS[wanted] || !this.options.flavoursUrl || !this.options.stdlibManifestUrl) return false;
    const restarts = this.worker && !this.lost;
    onProgress?.(`${packages} is built into wasipy's ${wanted} module: loading it${restarts ? ', and Python restarts with it: variables from earlier runs are gone' : ''}`);
    const assets = loadAssets({ ...this.assetOptions(wanted), onProgress: this.options.onProgress });
    try {
      await assets;
    } catch (e) {
      throw new InstallError(`${packages} is built into wasipy's ${wanted} module, which could not be loaded: ${e.message}. This session goes on without ${packages}.`, 'error');
    }
    this.flavour = wanted;
    this.assets = assets;
    // The next message starts a fresh interpreter of it (the run's result says it restarted).
    if (restarts) {
      this.endWorker();
      this.lost = true;
    }
    return true;
  }

  /**
   * Runs an install request in the running module; when the resolution finds
   * that a dependency is built into another flavour (a pure package that needs
   * numpy, in the plain module), switches to that flavour and runs it once more.
   */
  async installInFlavour(request, requirements, script, progress) {
    const block = scriptBlock(script);
    const wanted = flavourFor(requirements, block);
    if (wanted) await this.switchFlavour(wanted, builtInsNamed(requirements, block).join(', '), progress);
    const inFlavour = () => ({ ...request, flavour: this.flavour, elsewhere: builtInElsewhere(this.flavour) });
    const result = await this.execute(inFlavour(), { onInstallProgress: progress });
    if (result.status !== 'error' || !result.module) return result;
    if (!(await this.switchFlavour(result.module, result.package, progress))) return result;
    const again = await this.execute(inFlavour(), { onInstallProgress: progress });
    // The restart happened before the first attempt's result was read: say it on this one.
    return { ...again, restarted: again.restarted || result.restarted };
  }

  /**
   * Makes the worker that runs Python. Tests replace this on an instance to
   * inject a fake worker ({postMessage, terminate, onmessage, onerror}); nothing else does.
   */
  async createWorker() {
    if (!this.options.useWorker) return inThreadWorker();
    // Without the starter at hand, imported now: a task later (see index.js).
    const start = this.startWebWorker ?? (await import('./web-worker.js')).startWebWorker;
    return start();
  }

  /**
   * Starts a worker and its interpreter; resolves with its init time. `wanted`
   * says whether the start is still asked for once the worker exists: a stop()
   * or dispose() meanwhile ends the new worker instead of leaving it running.
   */
  async spawn(onAssets, wanted = () => true) {
    const worker = await this.createWorker();
    if (this.disposed) {
      worker.terminate();
      throw new SessionDisposedError('the session was disposed while Python was starting; create a new one with loadPython()');
    }
    if (!wanted()) {
      worker.terminate();
      throw new StartCancelled();
    }
    this.worker = worker;
    const ready = new Promise((resolve, reject) => {
      // stop() and dispose() call this to end a start that waits for the worker.
      this.abortStart = reject;
      worker.onmessage = ({ data }) => this.onMessage(worker, data, resolve, reject);
      worker.onerror = (event) => {
        event.preventDefault?.();
        this.onWorkerDied(worker, `the worker failed: ${event.message ?? 'unknown error'}`);
        reject(new Error(`the Python worker failed to start: ${event.message ?? 'unknown error'}`));
      };
    });
    ready.catch(() => {}); // awaited below or by the caller; a start given up on must not report an unhandled rejection
    let assets;
    try {
      assets = await Promise.race([this.assets, ready]);
    } catch (e) {
      if (worker === this.worker) this.endWorker();
      throw e;
    }
    onAssets?.();
    const { module, stdlib, stdlibTree } = assets;
    const { stdlibExtra, stdlibExtraUrl, outputLimit, indexUrl, timeZone, cRecursionLimit } = this.options;
    // The rest of a split module (rare-code.js), the running flavour's: where it is, unless given
    // compiled, or compiled already by another worker of the page (which then says so: 'rare').
    const { rare: givenRare, wasmUrl, rareUrl: given } = this.assetOptions(this.flavour);
    const key = splitKey(module);
    const rare = givenRare ?? compiledRare.get(key);
    const rareUrl = rare ? undefined : String(given ?? (wasmUrl ? rareUrlBeside(wasmUrl) : ''));
    worker.rareKey = rare ? null : key;
    // interactive: wait for the page inside Python where the browser can (JSPI): input(), Stop, sleep.
    worker.postMessage({ type: 'init', module, rare, rareUrl, stdlib, stdlibTree, stdlibExtra, stdlibExtraUrl: stdlibExtraUrl && String(stdlibExtraUrl), outputLimit, interactive: true, indexUrl, timeZone, cRecursionLimit });
    try {
      return await ready;
    } catch (e) {
      if (worker === this.worker) this.endWorker(); // its interpreter did not start: of no use, and not to be left running
      throw e;
    } finally {
      if (worker === this.worker) this.abortStart = null;
    }
  }

  /** Terminates the worker, and ends with `error` a start that waits for it. */
  endWorker(error = new StartCancelled()) {
    this.worker?.terminate();
    this.worker = null;
    const abort = this.abortStart;
    this.abortStart = null;
    abort?.(error);
  }

  onMessage(worker, msg, resolveReady, rejectReady) {
    if (worker !== this.worker) return; // a stopped worker's last words
    switch (msg.type) {
      case 'ready':
        this.version = msg.version;
        this.capabilities = msg.capabilities ?? null;
        worker.ready = true;
        resolveReady(msg.initMs);
        break;
      case 'init-error':
        // After ready the worker can no longer be trusted with the run in flight: it ends as crashed.
        if (worker.ready) this.onWorkerDied(worker, msg.message);
        else rejectReady(new Error(msg.message));
        break;
      case 'unknown-message':
        // The worker script is from another wasipy version than this file: the run cannot go on.
        this.onWorkerDied(worker, `the Python worker does not understand the message "${msg.received}": the page has worker.js from another wasipy version than session.js; reload the page (bypassing the cache) so that both come from the same build`);
        break;
      case 'output':
        for (const [stream, text] of msg.chunks) {
          if (stream === 'display') {
            this.showDisplay(text);
            continue;
          }
          if (this.current) this.current[stream] += text;
          this.options.onOutput?.(stream, text);
          this.out[stream].push(text);
        }
        break;
      case 'stdin-request':
        this.answerStdin(worker, msg.prompt);
        break;
      case 'rare':
        if (worker.rareKey) compiledRare.set(worker.rareKey, msg.module);
        break;
      case 'install-progress':
        if (this.current?.id === msg.id) this.current.onInstallProgress?.(msg.message);
        break;
      case 'done':
        if (this.replay?.id === msg.id) this.replay.resolve(msg.result);
        else if (this.current?.id === msg.id) this.current.resolve(msg.result);
        break;
    }
  }

  /**
   * A display of the run (crate/display.py): to onDisplay, or where the page
   * has none, its text to onOutput as stdout, as a terminal shows it.
   */
  showDisplay(message) {
    if (this.options.onDisplay) {
      this.options.onDisplay(message);
      return;
    }
    const text = message.data?.['text/plain'];
    if (text !== undefined) {
      this.options.onOutput?.('stdout', `${text}\n`);
      this.out.stdout.push(`${text}\n`);
    }
  }

  /** Python waits for a line of stdin: onStdinRequest answers it (no callback: end of input). */
  async answerStdin(worker, prompt) {
    const current = this.current;
    const controller = new AbortController();
    if (current) current.stdinAbort = controller;
    let text = null;
    try {
      const answer = await this.options.onStdinRequest?.(prompt, { signal: controller.signal });
      if (typeof answer === 'string') text = answer.endsWith('\n') ? answer : `${answer}\n`;
    } catch {
      text = null; // a failing callback ends the input rather than hanging the run
    }
    if (worker === this.worker && this.current === current && !controller.signal.aborted) {
      worker.postMessage({ type: 'stdin', text });
    }
  }

  /** The worker failed (with or without a run in flight): the next run starts a fresh one. */
  onWorkerDied(worker, message) {
    if (worker !== this.worker) return;
    this.lost = true;
    worker.terminate(); // whatever it still does, nobody listens to it
    this.current?.resolve({ status: 'crashed', error: message, alive: false, stdout: this.current.stdout, stderr: this.current.stderr });
  }

  /** True when the next run will start a fresh interpreter (after a stop, crash or exit). */
  get willRestart() {
    return this.lost || !this.worker;
  }

  checkAlive() {
    if (this.disposed) throw new SessionDisposedError('this session was disposed; create a new one with loadPython()');
  }

  /**
   * Runs `code` in the session's __main__ (after the runs queued before it).
   * Never throws for what the Python code did; see the README for the result.
   * @param {string} code
   * @param {{stdin?: string, display?: boolean}} [opts]  stdin: what input() and sys.stdin read; then EOF.
   *   display: print the repr of a last expression like the REPL (default); false only returns it as `value`
   */
  run(code, { stdin = '', display = true } = {}) {
    this.checkAlive();
    if (typeof code !== 'string') throw new OptionsError(`run(code): code must be a string, not ${typeof code}`);
    if (typeof stdin !== 'string') throw new OptionsError(`run(code, { stdin }): stdin must be a string, not ${typeof stdin}`);
    if (typeof display !== 'boolean') throw new OptionsError(`run(code, { display }): display must be true or false, not ${typeof display}`);
    const job = this.queue.then(() => this.execute({ type: 'run', code, stdin, display }));
    this.queue = job.catch(() => {});
    return job;
  }

  /**
   * Installs packages into this session (after the runs queued before it),
   * with their dependencies, from `indexUrl` (see the README's Packages section).
   * @param {string | string[]} requirements  requirement strings ("attrs", "rich[jupyter]>=13;
   *   python_version >= '3.8'") or URLs of .whl files, absolute or relative to the page
   * @param {{script?: string, indexUrl?: string, deps?: boolean, pre?: boolean, onProgress?: (message: string) => void}} [opts]
   *   script: a snippet's source; the dependencies of its PEP 723 `# /// script` block are installed too
   * @returns {Promise<{installed: Array<{name: string, version: string}>, already: Array<{name: string, version: string}>, durationMs: number}>}
   *   rejects with InstallError (nothing was installed; the session keeps working)
   */
  install(requirements = [], { script, indexUrl = this.options.indexUrl ?? DEFAULTS.indexUrl, deps = true, pre = false, onProgress } = {}) {
    this.checkAlive();
    const list = typeof requirements === 'string' ? [requirements] : requirements;
    if (!Array.isArray(list) || !list.every((r) => typeof r === 'string')) {
      throw new OptionsError('install(requirements): give a requirement string or an array of them, for example install(["attrs", "rich>=13"])');
    }
    if (script !== undefined && typeof script !== 'string') throw new OptionsError(`install(requirements, { script }): script must be a string, not ${typeof script}`);
    for (const [name, value] of [['deps', deps], ['pre', pre]]) {
      if (typeof value !== 'boolean') throw new OptionsError(`install(requirements, { ${name} }): ${name} must be true or false, not ${typeof value}`);
    }
    const request = { type: 'install', requirements: list.map(absoluteWheelUrl), script: script ?? null, indexUrl: pageUrl(indexUrl, 'indexUrl'), deps, pre };
    const progress = this.guard('install onProgress', onProgress);
    const job = this.queue.then(() => this.installInFlavour(request, list, script, progress));
    this.queue = job.catch(() => {});
    return job.then((result) => {
      if (result.restarted) this.unreportedRestart = true; // said by the next run's result
      if (result.status !== 'ok') {
        const why = result.error || result.reason || result.stderr || result.status;
        if (result.stopped) throw new InstallError(why, 'interrupted'); // Stop: the session is kept
        throw new InstallError(result.status === 'error' ? why : `the install ended (${result.status}): ${why}`, result.status);
      }
      // A restart installs exactly this again (the same versions, from the cache).
      this.installs.push({ ...request, locked: result.plan });
      return { installed: result.installed, already: result.already, durationMs: result.durationMs };
    });
  }

  /** Empties __main__ (queued after earlier runs). */
  reset() {
    this.checkAlive();
    const job = this.queue.then(() => (this.worker && !this.lost ? this.execute({ type: 'reset' }) : null));
    this.queue = job.catch(() => {});
    return job.then(() => undefined);
  }

  async execute(msg, extra = {}) {
    if (this.disposed) return { status: 'stopped', reason: 'the session was disposed', stdout: '', stderr: '', durationMs: 0 };
    const restarted = this.willRestart;
    const id = this.nextId++;
    const started = performance.now();
    const raw = await new Promise((resolve) => {
      // `current` is set before any restart, so that stop() works during it too.
      this.current = { id, resolve, stdout: '', stderr: '', started, ...extra };
      this.dispatch(msg, id, restarted, resolve);
    });
    clearTimeout(this.current?.graceTimer);
    this.current?.stdinAbort?.abort(); // a field still asking for input goes away
    this.current = null;
    this.out.stdout.end();
    this.out.stderr.end();
    if (msg.type === 'reset') return null;
    const { alive, ...result } = raw;
    if (alive === false) this.lost = true;
    if (restarted && this.version !== undefined && id > 1) result.restarted = true;
    if (msg.type === 'run' && this.unreportedRestart) {
      result.restarted = true; // the install before this run started the fresh interpreter
      this.unreportedRestart = false;
    }
    result.durationMs = raw.durationMs ?? performance.now() - started;
    return result;
  }

  /** Starts a fresh interpreter when needed, then sends the message. */
  async dispatch(msg, id, restart, resolve) {
    if (restart) {
      this.endWorker();
      try {
        await this.spawn(undefined, () => this.current?.id === id);
      } catch (e) {
        // Called off by stop() or dispose(): that run already has its result.
        if (!(e instanceof StartCancelled) && !this.disposed) resolve({ status: 'crashed', stdout: '', stderr: `${e.message}\n`, error: e.message, alive: false });
        return;
      }
      this.lost = false;
      if (!(await this.redoInstalls(id, resolve))) return;
    }
    if (this.current?.id === id) this.worker.postMessage({ ...msg, id });
  }

  /**
   * A fresh interpreter gets the packages the session had (from the cache:
   * no download). False when the run `id` ended meanwhile or an install failed (it has its result then).
   */
  async redoInstalls(id, resolve) {
    for (const request of this.installs) {
      if (this.current?.id !== id) return false;
      const worker = this.worker;
      const result = await new Promise((done) => {
        this.replay = { id: this.nextId++, resolve: done };
        worker.postMessage({ ...request, id: this.replay.id });
      });
      this.replay = null;
      if (result?.status !== 'ok' && this.current?.id === id) {
        // alive: false, so that the next run starts afresh and tries the installs again.
        resolve({ status: 'crashed', stdout: '', stderr: '', error: `the fresh interpreter could not install this session's packages again (${result?.error ?? result?.status}); the next run tries again`, alive: false });
        return false;
      }
    }
    return this.current?.id === id;
  }

  /**
   * Raises KeyboardInterrupt in the run in flight, as Ctrl-C does in a terminal:
   * the session keeps its variables. Where the browser cannot (see
   * `capabilities.interrupt`), or when the code does not come back to the
   * interpreter within `graceMs` (one long call into C), it falls back to stop().
   * @returns {boolean} whether a run was in flight
   */
  interrupt({ graceMs = 2000 } = {}) {
    const current = this.current;
    if (!current) return false;
    if (!this.capabilities?.interrupt || this.willRestart) return this.stop();
    this.worker.postMessage({ type: 'interrupt' });
    current.stdinAbort?.abort();
    current.graceTimer ??= setTimeout(() => {
      if (this.current === current) this.stop({ reason: `the code did not return to Python within ${graceMs / 1000} s of the interrupt` });
    }, graceMs);
    return true;
  }

  /**
   * A click, drag or key on a drawing of the run in flight (web/ui/canvas-output.js
   * makes them), for its tkinter mainloop() (turtle's onscreenclick, onkey).
   * Dropped when nothing runs, or where a run cannot receive it (no JSPI).
   * @returns {boolean} whether it was passed on
   */
  canvasEvent(event) {
    if (!this.current || !this.worker || !this.capabilities?.interrupt) return false;
    this.worker.postMessage({ type: 'canvas-event', event });
    return true;
  }

  /** Ends the run in flight at once (the worker is terminated); the next run starts a fresh interpreter. */
  stop({ reason } = {}) {
    if (!this.current || !this.options.useWorker) return false;
    this.endWorker(); // also a restart in progress, so that it does not leave a worker running
    this.lost = true;
    this.endCurrent(reason);
    return true;
  }

  /** Resolves the run in flight as stopped. */
  endCurrent(reason) {
    const current = this.current;
    current?.resolve({
      status: 'stopped',
      ...(reason ? { reason } : {}),
      stdout: current.stdout,
      stderr: current.stderr,
      durationMs: performance.now() - current.started,
      alive: false,
    });
  }

  /** Frees the worker and its memory; the session cannot be used afterwards. The run in flight and queued runs end as stopped. */
  dispose() {
    if (this.disposed) return;
    this.disposed = true;
    // A start in progress (loadPython() not resolved yet, or a restart) ends
    // with this error, and a worker it makes later is terminated at once.
    this.endWorker(new SessionDisposedError('the session was disposed while Python was starting; create a new one with loadPython()'));
    // Also without a Web Worker: the run's messages are no longer listened to, so it ends here.
    this.endCurrent('the session was disposed');
  }
}

/** `url` made absolute against the page (as given in Node, where it must be absolute already). */
function pageUrl(url, name) {
  try {
    return new URL(String(url), globalThis.location?.href).href;
  } catch {
    throw new OptionsError(`${name}: "${url}" is a relative URL, and there is no page to resolve it against; give an absolute URL`);
  }
}

/** A wheel's URL relative to the page made absolute (the worker has another base); requirement strings as they are. */
function absoluteWheelUrl(spec) {
  const looksLikeWheel = /\.whl([?#].*)?$/i.test(spec.trim()) && !/[\s;]/.test(spec.trim());
  if (!looksLikeWheel || /^[a-z][a-z0-9+.-]*:/i.test(spec)) return spec;
  return pageUrl(spec, 'install');
}

/** Starts a session; resolves when Python is ready. */
export async function createSession(options, defaults, startWebWorker = null) {
  return new Session(resolveOptions(options, defaults), startWebWorker).start();
}
