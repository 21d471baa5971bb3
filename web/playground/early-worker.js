// The playground's Python worker, made from index.html's head (vite.config.js
// inlines this function there) instead of when the page's scripts run: its
// script then loads and runs while the module downloads, and it is idle when
// the module arrives. Made later, it was still loading its script and warming
// Intl when the page handed it the module (~50 ms of a cold start).
// web-worker.js's startWebWorker takes it, once, if it is the worker it would
// make itself and nothing went wrong with it meanwhile.

/**
 * @param {string} url  the worker's script, relative to the page (web-worker.js's workerUrl)
 * @param {{Worker: typeof Worker, location: Location}} [page]
 * @returns {Worker}
 */
export function earlyWorker(url, page = globalThis) {
  const worker = new page.Worker(url, { type: 'module', name: 'wasipy' });
  const early = { worker, url: new URL(url, page.location.href).href, failed: false };
  // An error before the page takes the worker (its script could not load) would
  // reach no one: such a worker is not taken, and the page makes its own.
  worker.addEventListener('error', () => {
    early.failed = true;
  }, { once: true });
  page.__wasipyEarlyWorker = early;
  return worker;
}
