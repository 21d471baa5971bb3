// Web Worker entry: one Python interpreter per worker, driven by messages.
import { createWorkerHandler } from './worker-handler.js';

const handle = createWorkerHandler((msg) => self.postMessage(msg));
self.onmessage = (event) => handle(event.data);
