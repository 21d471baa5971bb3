// Web Worker entry: one Python interpreter per worker, driven by messages.
import { createWorkerHandler } from './worker-handler.js';
import { readerTimeZone } from './python-host.js';

const handle = createWorkerHandler((msg) => self.postMessage(msg));
self.onmessage = (event) => handle(event.data);

// The first use of Intl loads its time-zone data (10-15 ms): done while the
// worker waits for the module to compile, not when Python starts (Python's TZ).
setTimeout(readerTimeZone, 0);
