// Starts the Web Worker that runs Python. Loaded only in browsers (the Node
// tests use the in-thread worker), so the Vite-only `?worker&url` import stays here.
import workerUrl from './worker.js?worker&url';

/**
 * Test hook: `window.__wasipyWorkers` is the number of wasipy workers this page
 * started and has not terminated, so that the Chromium tests can see a leak.
 */
function counted(worker) {
  globalThis.__wasipyWorkers = (globalThis.__wasipyWorkers ?? 0) + 1;
  const terminate = worker.terminate.bind(worker);
  let ended = false;
  worker.terminate = () => {
    if (!ended) globalThis.__wasipyWorkers -= 1;
    ended = true;
    terminate();
  };
  return worker;
}

/**
 * The worker the playground's head made (web/playground/early-worker.js), if it
 * is the one startWebWorker would make and its script did not fail; taken once.
 */
function takeEarlyWorker(url) {
  // Own property and a real Worker: not an element that happens to have this id (named access).
  const early = Object.hasOwn(globalThis, '__wasipyEarlyWorker') ? globalThis.__wasipyEarlyWorker : null;
  if (!(early?.worker instanceof Worker)) return null;
  globalThis.__wasipyEarlyWorker = null;
  if (early.url === url.href && !early.failed) return early.worker;
  early.worker.terminate();
  return null;
}

export function startWebWorker() {
  const url = new URL(workerUrl, import.meta.url);
  const early = takeEarlyWorker(url);
  if (early) return counted(early);
  if (url.origin === location.origin) return counted(new Worker(url, { type: 'module', name: 'wasipy' }));
  // Browsers refuse worker scripts from another origin (embed.js served from a
  // CDN); a same-origin blob that imports it is allowed when the host sends CORS headers.
  const trampoline = new Blob([`import ${JSON.stringify(url.href)};`], { type: 'text/javascript' });
  return counted(new Worker(URL.createObjectURL(trampoline), { type: 'module', name: 'wasipy' }));
}
