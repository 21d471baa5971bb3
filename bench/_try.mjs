import { startServer } from './server.mjs';
import { runBrowserBench } from './browser.mjs';
import { fileURLToPath } from 'node:url';
const root = fileURLToPath(new URL('../', import.meta.url));
const server = await startServer({ '/wasipy/': root + 'dist', '/pyodide/': root + 'node_modules/pyodide', '/micropython/': root + 'node_modules/@micropython/micropython-webassembly-pyscript', '/pages/': root + 'bench/pages' });
let t = performance.now(); server.warm(); console.log('warm', performance.now() - t);
const r = await runBrowserBench({ server, rounds: 1, latencyRuns: 20 });
console.log(JSON.stringify(r, (k, v) => (k === "latency" ? v.slice(0, 5) : k==="served"? v.map(x=>x.path).join(","): k==="resources"? v.map(x=>`${x.name} ${Math.round(x.start)}-${Math.round(x.end)} ${x.encoded}`).join(" | ") : v), 1).slice(0, 12000));
await server.close();
