// A stand-in for the Web Worker that runs the worker protocol on this thread,
// for Node and `useWorker: false`: a port with postMessage/onmessage/terminate.

export async function inThreadWorker() {
  // Imported here so that pages using the Web Worker never load the runtime on this thread.
  const { createWorkerHandler } = await import('./worker-handler.js');
  const port = { onmessage: null, onerror: null, terminated: false };
  const handle = createWorkerHandler((msg) => {
    if (!port.terminated) port.onmessage?.({ data: msg });
  });
  port.postMessage = (msg) => setTimeout(() => !port.terminated && handle(msg), 0);
  port.terminate = () => { port.terminated = true; };
  return port;
}
