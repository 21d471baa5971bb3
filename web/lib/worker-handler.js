// The worker's side of the session protocol, without the Worker itself so
// that Node tests and the in-thread mode (useWorker: false) run it too.
//
// In:  {type: 'init', module, stdlib, stdlibExtra (bytes) or stdlibExtraUrl, outputLimit}
//      {type: 'run', id, code, stdin, display} | {type: 'reset', id}
// Out: {type: 'ready', initMs, version} | {type: 'init-error', message}
//      {type: 'output', stream, text} (batched while a run goes on)
//      {type: 'done', id, result}
import { PythonHost } from './python-host.js';

/**
 * Fetches the second stdlib archive synchronously, from inside the WASI call
 * that opens it: the worker is blocked in Python then, and a synchronous
 * XMLHttpRequest is what a worker may do (the HTTP cache serves repeats).
 * On failure Python sees an empty file, and the import fails with ImportError.
 */
function syncFetcher(url, post) {
  return () => {
    try {
      const xhr = new XMLHttpRequest();
      xhr.open('GET', url, false);
      xhr.responseType = 'arraybuffer';
      xhr.send();
      if (xhr.status === 200) return new Uint8Array(xhr.response);
      post({ type: 'output', stream: 'stderr', text: `wasipy: could not fetch ${url}: HTTP ${xhr.status}\n` });
    } catch (e) {
      post({ type: 'output', stream: 'stderr', text: `wasipy: could not fetch ${url}: ${e.message}\n` });
    }
    return new Uint8Array(0);
  };
}

export function createWorkerHandler(post) {
  let host = null;
  return async function handle(msg) {
    switch (msg.type) {
      case 'init': {
        try {
          host = await PythonHost.create({
            module: msg.module,
            stdlib: msg.stdlib,
            stdlibExtra: msg.stdlibExtra ?? (msg.stdlibExtraUrl ? syncFetcher(msg.stdlibExtraUrl, post) : undefined),
            outputLimit: msg.outputLimit,
            onOutput: (stream, text) => post({ type: 'output', stream, text }),
          });
          const probe = host.run('import sys\nsys.version.split()[0]', { display: false });
          host.reset();
          // The repr of a plain version string: strip its quotes.
          post({ type: 'ready', initMs: host.initMs, version: probe.value?.slice(1, -1) });
        } catch (e) {
          post({ type: 'init-error', message: String(e?.message ?? e) });
        }
        return;
      }
      case 'run': {
        const result = host.run(msg.code, { stdin: msg.stdin, display: msg.display ?? true });
        result.memoryBytes = host.memoryBytes();
        post({ type: 'done', id: msg.id, result });
        return;
      }
      case 'reset':
        host.reset();
        post({ type: 'done', id: msg.id, result: null });
        return;
      default:
        post({ type: 'init-error', message: `unknown message ${msg.type}` });
    }
  };
}
