// The playground's head makes the Python worker (web/playground/early-worker.js)
// for web-worker.js to take; the build finds its script (vite.config.js).
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { earlyWorker } from '../../playground/early-worker.js';
import { workerScript } from '../../../vite.config.js';

/** A page whose Worker records how it was made and lets the test fire its events. */
function fakePage() {
  class Worker {
    constructor(url, options) {
      Object.assign(this, { url, options, listeners: {} });
    }

    addEventListener(type, listener) {
      this.listeners[type] = listener;
    }
  }
  return { Worker, location: { href: 'https://docs.example/play/index.html#code=x' } };
}

test('the head\'s worker is a module worker named as the page\'s own, left for the page with its full URL', () => {
  const page = fakePage();
  const worker = earlyWorker('./assets/worker-abc.js', page);
  assert.deepEqual([worker.url, worker.options], ['./assets/worker-abc.js', { type: 'module', name: 'wasipy' }]);
  assert.deepEqual(page.__wasipyEarlyWorker, { worker, url: 'https://docs.example/play/assets/worker-abc.js', failed: false });
});

test('a worker whose script failed before the page took it is marked, so that the page makes its own', () => {
  const page = fakePage();
  const worker = earlyWorker('./assets/worker-abc.js', page);
  worker.listeners.error(new Event('error'));
  assert.equal(page.__wasipyEarlyWorker.failed, true);
});

test('the build names the worker script web-worker.js\'s chunk imports, and fails when there is not one', () => {
  const starter = (assets) => ({ type: 'chunk', moduleIds: [fileURLToPath(new URL('../../lib/web-worker.js', import.meta.url))], viteMetadata: { importedAssets: new Set(assets) } });
  assert.equal(workerScript({ 'assets/web-worker-x.js': starter(['assets/worker-B8.js']), 'assets/worker-B8.js': { type: 'asset' } }), 'assets/worker-B8.js');
  assert.throws(() => workerScript({ 'assets/index.js': { type: 'chunk', moduleIds: ['/elsewhere.js'] } }), /found 0 worker scripts named by web\/lib\/web-worker\.js's chunk \(\), not one: the playground's head cannot make its worker/);
  assert.throws(() => workerScript({ a: starter(['assets/worker-1.js', 'assets/worker-2.js']) }), /found 2 worker scripts/);
});
