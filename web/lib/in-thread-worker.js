// A stand-in for the Web Worker that runs the worker protocol on this thread,
// for Node and `useWorker: false`: a port with postMessage/onmessage/terminate.

export async function inThreadWorker() {
  // Imported here so that pages using the Web Worker never load the runtime on this thread.
  const { createWorkerHandler } = await import('./worker-handler.js');
  const port = { onmessage: null, onerror: null, terminated: false };
  const handle = createWorkerHandler((msg) => {
    if (port.terminated) return;
    try {
      port.onmessage?.({ data: msg });
    } catch (e) {
      // The page's side failing must not stop the worker's (its run would never end), as with a real worker.
      console.error('wasipy: handling a message of the in-thread worker failed:', e);
    }
  });
  port.postMessage = (msg) => setTimeout(() => !port.terminated && handle(msg), 0);
  port.terminate = () => { port.terminated = true; };
  return port;
}
