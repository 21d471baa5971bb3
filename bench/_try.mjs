import { startServer } from './server.mjs';
import { runBrowserBench } from './browser.mjs';
import { fileURLToPath } from 'node:url';
const root = fileURLToPath(new URL('../', import.meta.url));
const server = await startServer({ '/wasipy/': root + 'dist', '/pyodide/': root + 'node_modules/pyodide', '/micropython/': root + 'node_modules/@micropython/micropython-webassembly-pyscript', '/pages/': root + 'bench/pages' });
server.warm();
const r = await runBrowserBench({ server, rounds: 1, latencyRuns: 20 });
for (const [id, s] of Object.entries(r.systems)) { console.log(id, s.version, s.failures, JSON.stringify(s.extras.map(e => ({...e, latency: e.latency?.length}))));
  const c = s.cold[0]; if (!c) continue; console.log(c.servedBytes, c.chromiumBytes, JSON.stringify(c.chromiumRequests.filter(q => !c.served.some(x => x.path === q.path && x.bytes === q.bytes)))); }
await server.close();
