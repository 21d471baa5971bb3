// Sessions of the snippets on a page: snippets with the same `session` name
// share one interpreter (one worker); a snippet without a name gets its own.
// Workers start at a session's first run; every session shares the page's one
// download and compiled module (loader.js caches them).
import { createSession } from '../lib/session.js';

const named = new Map();

export class SnippetSession {
  constructor(urls) {
    this.urls = urls;
    this.session = null;
    this.starting = null;
    this.queue = Promise.resolve();
    this.target = null; // the snippet whose run is in flight: it receives the output
    this.setupDone = new Set();
  }

  start(view) {
    this.starting ??= createSession({
      ...this.urls,
      onOutput: (stream, text) => this.target?.write(stream, text),
      // input() with the `stdin` text used up: a field under the snippet that runs.
      onStdinRequest: (prompt, { signal }) => this.target?.askLine({ signal }) ?? null,
      onProgress: (event) => this.target?.showProgress(event),
    }).catch((e) => {
      this.starting = null; // a failed download may be retried by the next Run
      throw e;
    });
    this.target = view;
    return this.starting;
  }

  /** Runs `code` for `view` (a snippet element), after its session's earlier runs. */
  run(view, code, { stdin = '', setup = null, display = true } = {}) {
    const job = this.queue.then(async () => {
      this.target = view;
      this.stopBeforeStart = false;
      this.session = await this.start(view);
      // Stop pressed while Python was still downloading: the run does not start.
      if (this.stopBeforeStart) return { status: 'stopped', reason: 'before Python had started', stdout: '', stderr: '', durationMs: 0 };
      if (this.session.willRestart) this.setupDone.clear();
      if (setup && !this.setupDone.has(setup.id)) {
        const prep = await this.session.run(setup.code);
        if (prep.status !== 'ok') return prep;
        this.setupDone.add(setup.id);
      }
      return this.session.run(code, { stdin, display });
    }).finally(() => {
      this.target = null;
    });
    this.queue = job.catch(() => {});
    return job;
  }

  /** Stop: KeyboardInterrupt where the browser allows it (variables kept), else a restart. */
  stop() {
    if (this.session?.current) return this.session.interrupt();
    if (this.target && !this.session) {
      this.stopBeforeStart = true; // the first download is still going: its run is dropped
      return true;
    }
    return false;
  }
}

export function sessionFor(name, urls) {
  if (!name) return new SnippetSession(urls);
  if (!named.has(name)) named.set(name, new SnippetSession(urls));
  return named.get(name);
}
