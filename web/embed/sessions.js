// Sessions of the snippets on a page: snippets with the same `session` name
// share one interpreter (one worker); a snippet without a name gets its own.
// Workers start at a session's first run; every session shares the page's one
// download and compiled module (loader.js caches them).
//
// A page keeps workers only while they are of use: a session is freed (its
// worker terminated) once every snippet that ran in it has left the page, and
// at most MAX_LIVE_SESSIONS live at once; see SnippetSession.takeSlot.
import { Session } from '../lib/session.js';
import { InstallError } from '../lib/errors.js';
import { scriptBlock } from '../lib/script-block.js';
import { flavourFor } from '../lib/flavours.js';
import { resolveOptions } from '../lib/options.js';

/**
 * Python sessions (one worker and its interpreter, some tens of MB each) a page
 * keeps at once. Beyond it, a session about to start closes the least recently
 * used idle one (its snippets say so at their next run), or, when all are busy
 * running, waits until one finishes.
 */
export const MAX_LIVE_SESSIONS = 8;

const named = new Map(); // session name → SnippetSession
const live = new Set(); // sessions holding a worker, least recently used first
const used = new Set(); // sessions with snippets that ran in them: checked when elements leave

// Resolved when a live session may have become free (a run ended, a session closed, Stop).
let slotChanged = null;
function signalSlots() {
  slotChanged?.resolve();
  slotChanged = null;
}
function nextSlotChange() {
  if (!slotChanged) {
    let resolve;
    const promise = new Promise((r) => { resolve = r; });
    slotChanged = { promise, resolve };
  }
  return slotChanged.promise;
}

const stoppedBeforeStart = { status: 'stopped', reason: 'before Python had started', stdout: '', stderr: '', durationMs: 0 };
const leftThePage = { status: 'stopped', reason: 'the snippet left the page', stdout: '', stderr: '', durationMs: 0 };

export class SnippetSession {
  /** @param {{wasmUrl, stdlibUrl, stdlibManifestUrl?, stdlibExtraUrl?, indexUrl?}} urls  config.js: the files and the index */
  constructor(urls, name = null) {
    this.urls = urls;
    this.name = name;
    this.handle = null; // the library Session, from its start on
    this.session = null; // the same once it is ready
    this.starting = null;
    this.queue = Promise.resolve();
    this.target = null; // the snippet whose run is in flight: it receives the output
    this.setupDone = new Set();
    this.views = new Set(); // the snippets that ran here
    this.pending = 0; // runs queued or in flight
    this.queued = new Set(); // snippets with a run queued or in flight
    this.dropped = new Set(); // snippets whose queued run Stop called off before it began
    this.closedNotice = null; // said by the next run after the session was closed
  }

  /** The session that stands for this name now: a closed one hands over to a newer one of its name. */
  current() {
    return (this.name && named.get(this.name)) || this;
  }

  /** Starts the session's Python once; `flavour`: the module the first run needs (flavours.js), null for the plain one. */
  start(view, flavour = null) {
    if (!this.starting) {
      const { indexUrl, ...files } = this.urls;
      const handle = new Session(resolveOptions({
        ...files,
        indexUrl,
        flavour: flavour ?? undefined,
        onOutput: (stream, text) => this.target?.write(stream, text),
        // A drawing's clicks and keys go back to this session's run (turtle's onscreenclick).
        onDisplay: (message) => this.target?.display(message, (event) => handle.canvasEvent(event)),
        // input() with the `stdin` text used up: a field under the snippet that runs.
        onStdinRequest: (prompt, { signal }) => this.target?.askLine({ signal }) ?? null,
        onProgress: (event) => this.target?.showProgress(event),
      }));
      this.handle = handle;
      this.starting = handle.start().catch((e) => {
        if (this.handle === handle) this.close(null); // a failed download may be retried by the next Run
        throw e;
      });
    }
    this.target = view;
    return this.starting;
  }

  /** Runs `code` for `view` (a snippet element), after its session's earlier runs. */
  run(view, code, opts = {}) {
    const current = this.current();
    if (current !== this) return current.run(view, code, opts);
    if (this.name) named.set(this.name, this);
    this.views.add(view);
    used.add(this);
    this.pending += 1;
    this.queued.add(view);
    const job = this.queue.then(() => this.runNow(view, code, opts)).finally(() => {
      this.target = null;
      this.pending -= 1;
      this.queued.delete(view);
      this.dropped.delete(view);
      signalSlots();
    });
    this.queue = job.catch(() => {});
    return job;
  }

  async runNow(view, code, { stdin = '', setup = null, display = true, packages = [] }) {
    if (this.dropped.has(view)) return { status: 'stopped', reason: 'before it had started', stdout: '', stderr: '', durationMs: 0 };
    this.target = view;
    this.stopBeforeStart = false;
    if (view.isConnected === false) return leftThePage;
    if (!this.handle) {
      await this.takeSlot(view);
      if (this.stopBeforeStart) return stoppedBeforeStart;
      if (view.isConnected === false) return leftThePage; // while it waited for a free session
      if (this.closedNotice) view.appendLine('notice', this.closedNotice);
      this.closedNotice = null;
    }
    live.delete(this);
    live.add(this); // the most recently used now
    // A first run that declares numpy starts the numpy module, not the plain one and then that.
    this.session = await this.start(view, flavourFor(packages, scriptBlock(code)));
    // Stop pressed while Python was still downloading: the run does not start.
    if (this.stopBeforeStart) return stoppedBeforeStart;
    if (this.session.willRestart) this.setupDone.clear();
    const installing = await this.installFor(view, packages, code);
    if (installing) return installing;
    if (setup && !this.setupDone.has(setup.id)) {
      const prep = await this.session.run(setup.code);
      if (prep.status !== 'ok') return prep;
      this.setupDone.add(setup.id);
    }
    return this.session.run(code, { stdin, display });
  }

  /**
   * Installs what the run needs (the page's data-packages, the snippet's
   * `packages`, its PEP 723 block) unless this session has it already; the
   * session redoes its installs itself after a restart. Returns null, or the
   * result that stands for the run when the install failed or was stopped.
   */
  async installFor(view, packages, code) {
    const block = scriptBlock(code);
    const key = JSON.stringify([packages, block]);
    this.installed ??= new WeakMap(); // per library Session: a closed one's installs are not this one's
    const done = this.installed.get(this.session) ?? new Set();
    this.installed.set(this.session, done);
    if ((packages.length === 0 && !block) || done.has(key)) return null;
    view.setStatus?.('installing packages…');
    const started = performance.now();
    try {
      await this.session.install(packages, { script: block ?? undefined, onProgress: (message) => view.notice(message) });
      done.add(key);
      view.setStatus?.('running…');
      return null;
    } catch (e) {
      if (!(e instanceof InstallError)) throw e;
      const stopped = e.status === 'stopped';
      if (e.status === 'interrupted') view.notice(e.message); // Stop: the session and its variables are kept
      else if (!stopped) view.appendLine('stderr', e.message); // the page's words, plain: never through the ANSI parser
      return { status: stopped ? 'stopped' : 'error', stdout: '', stderr: `${e.message}\n`, durationMs: performance.now() - started };
    }
  }

  /** Makes room for this session's worker: see MAX_LIVE_SESSIONS. */
  async takeSlot(view) {
    while (live.size >= MAX_LIVE_SESSIONS) {
      if (this.stopBeforeStart || view.isConnected === false) return;
      const idle = [...live].find((s) => s.pending === 0);
      if (idle) {
        idle.close(`This snippet's Python session was closed to make room for another: a page keeps at most ${MAX_LIVE_SESSIONS} at once, and it was the one unused the longest. A fresh session was started: variables from earlier runs are gone.`);
        break;
      }
      view.setStatus?.(`waiting: ${MAX_LIVE_SESSIONS} Python sessions are busy on this page…`);
      await nextSlotChange();
      if (live.size < MAX_LIVE_SESSIONS) view.setStatus?.('running…');
    }
    live.add(this);
  }

  /**
   * Stop: KeyboardInterrupt where the browser allows it (variables kept), else
   * a restart. Pressed on a snippet (`view`) whose run waits behind another
   * snippet's, it calls off only that queued run.
   */
  stop(view) {
    const current = this.current();
    if (current !== this) return current.stop(view);
    if (view && view !== this.target && this.queued.has(view)) {
      this.dropped.add(view);
      return true;
    }
    if (this.session?.current) return this.session.interrupt();
    if (this.target && !this.session) {
      this.stopBeforeStart = true; // the first download is still going, or the run waits for a free session: it is dropped
      signalSlots();
      return true;
    }
    return false;
  }

  /**
   * Terminates the worker (a run in flight ends as stopped); the next run
   * starts a fresh session and first shows `notice`.
   */
  close(notice) {
    const { handle } = this;
    this.handle = null;
    this.session = null;
    this.starting = null;
    this.setupDone.clear();
    this.closedNotice = notice;
    live.delete(this);
    handle?.dispose();
    signalSlots();
  }

  /** Closes the session when none of the snippets that ran in it is on the page any more. */
  closeIfLeft() {
    for (const view of this.views) if (view.isConnected === false) this.views.delete(view);
    if (this.views.size) return;
    // A named session stays while the page shows a block of it: a site that swaps
    // pages without a reload (Material's instant navigation) keeps a tutorial's
    // session from one of its pages to the next.
    if (this.name && [...(globalThis.document?.querySelectorAll('[session]') ?? [])].some((el) => el.getAttribute('session') === this.name)) return;
    used.delete(this);
    if (this.name && named.get(this.name) === this) named.delete(this.name);
    this.close('This session was closed when its snippets left the page; a fresh one was started: variables from earlier runs are gone.');
  }
}

export function sessionFor(name, urls) {
  if (!name) return new SnippetSession(urls);
  if (!named.has(name)) named.set(name, new SnippetSession(urls, name));
  return named.get(name);
}

/**
 * Frees the sessions whose snippets have all left the page. Called after
 * elements were removed (a snippet's disconnectedCallback, embed.js's observer);
 * an element only moved is back on the page by then and keeps its session.
 */
export function releaseDetached() {
  for (const session of [...used]) session.closeIfLeft();
}

/** For tests and the README: how many sessions hold a worker now. */
export function liveSessionCount() {
  return live.size;
}
