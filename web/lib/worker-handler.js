// The worker's side of the session protocol, without the Worker itself so
// that Node tests and the in-thread mode (useWorker: false) run it too.
//
// In:  {type: 'init', module, stdlib, outputLimit}
//      {type: 'run', id, code, stdin} | {type: 'reset', id}
// Out: {type: 'ready', initMs, version} | {type: 'init-error', message}
//      {type: 'output', stream, text} (batched while a run goes on)
//      {type: 'done', id, result}
import { PythonHost } from './python-host.js';

export function createWorkerHandler(post) {
  let host = null;
  return async function handle(msg) {
    switch (msg.type) {
      case 'init': {
        try {
          host = await PythonHost.create({
            module: msg.module,
            stdlib: msg.stdlib,
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
        const result = host.run(msg.code, { stdin: msg.stdin });
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
