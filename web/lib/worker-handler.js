// The worker's side of the session protocol, without the Worker itself so
// that Node tests and the in-thread mode (useWorker: false) run it too.
//
// In:  {type: 'init', module, stdlib, stdlibExtra (bytes) or stdlibExtraUrl, outputLimit, interactive}
//      {type: 'run', id, code, stdin, display} | {type: 'reset', id}
//      {type: 'interrupt'} | {type: 'stdin', text (null: end of input)}  (during a run)
// Out: {type: 'ready', initMs, version, capabilities} | {type: 'init-error', message}
//      {type: 'stdin-request', prompt}  (a run waits for a line)
//      {type: 'output', chunks: [[stream, text], ...]} (batched while a run goes on, in the order written)
//      {type: 'done', id, result}
//      {type: 'unknown-message', id, received}  (a message type this worker does not know)
import { PythonHost } from './python-host.js';
import { jspiAvailable } from './page-waits.js';

/**
 * Fetches the second stdlib archive synchronously, from inside the WASI call
 * that opens it: the worker is blocked in Python then, and a synchronous
 * XMLHttpRequest is what a worker may do (the HTTP cache serves repeats).
 * On failure Python sees an empty file, and the import fails with ImportError.
 */
function syncFetcher(url, warn) {
  return () => {
    try {
      const xhr = new XMLHttpRequest();
      xhr.open('GET', url, false);
      xhr.responseType = 'arraybuffer';
      xhr.send();
      if (xhr.status === 200) return new Uint8Array(xhr.response);
      warn(`wasipy: could not fetch ${url}: HTTP ${xhr.status}\n`);
    } catch (e) {
      warn(`wasipy: could not fetch ${url}: ${e.message}\n`);
    }
    return new Uint8Array(0);
  };
}

/** What this worker can do for the page (Session.capabilities). */
function capabilities(suspending) {
  return {
    // input() asks the page; Stop raises KeyboardInterrupt; time.sleep() costs no CPU.
    stdin: suspending,
    interrupt: suspending,
    sleep: suspending,
    mechanism: suspending ? 'jspi' : null,
    missing: suspending ? null
      : 'this browser cannot pause WebAssembly (no JavaScript Promise Integration): input() reads only text given in advance, Stop restarts Python, time.sleep() keeps a core busy. Current Chrome and Edge have it.',
  };
}

export function createWorkerHandler(post) {
  let host = null;
  let stdinAnswer = null; // resolves the page's answer to a stdin-request
  /** Asks the page for a line of stdin; the run waits (JSPI) until it answers. */
  const requestStdin = (prompt) => new Promise((resolve) => {
    stdinAnswer = resolve;
    post({ type: 'stdin-request', prompt });
  });
  return async function handle(msg) {
    switch (msg.type) {
      case 'init': {
        try {
          host = await PythonHost.create({
            module: msg.module,
            stdlib: msg.stdlib,
            // The warning goes into the run's own stderr, in order with what Python prints.
            stdlibExtra: msg.stdlibExtra ?? (msg.stdlibExtraUrl ? syncFetcher(msg.stdlibExtraUrl, (text) => host?.output.write('stderr', new TextEncoder().encode(text))) : undefined),
            outputLimit: msg.outputLimit,
            onOutput: (chunks) => post({ type: 'output', chunks }),
            requestStdin,
            suspend: msg.interactive && jspiAvailable,
          });
          const probe = await host.runAsync('import sys\nsys.version.split()[0]', { display: false });
          await host.resetAsync();
          // The repr of a plain version string: strip its quotes.
          post({ type: 'ready', initMs: host.initMs, version: probe.value?.slice(1, -1), capabilities: capabilities(Boolean(host.promisingRun)) });
        } catch (e) {
          post({ type: 'init-error', message: String(e?.message ?? e) });
        }
        return;
      }
      case 'run': {
        const result = await host.runAsync(msg.code, { stdin: msg.stdin, display: msg.display ?? true });
        result.memoryBytes = host.memoryBytes();
        post({ type: 'done', id: msg.id, result });
        return;
      }
      case 'reset':
        await host.resetAsync();
        post({ type: 'done', id: msg.id, result: null });
        return;
      // These two arrive while a run waits inside a WASI call (JSPI).
      case 'interrupt':
        host?.interrupt();
        return;
      case 'stdin': {
        const answer = stdinAnswer;
        stdinAnswer = null;
        answer?.(msg.text);
        return;
      }
      default:
        // A session.js of another wasipy version: say so, so that the run it waits for ends (Session.onMessage).
        post({ type: 'unknown-message', id: msg.id, received: String(msg.type) });
    }
  };
}
