// The module in two parts (scripts/split.sh) on a link slower than the
// loopback: the playground's cold start and, right after its first output, the
// first use of C modules in wasipy-rare.wasm, for two builds side by side
// (say, dist/ and a copy whose wasipy.wasm is the whole module), with
// Chromium's own network emulation (slow-link.mjs, which make bench runs on
// every system). Prints a markdown table for bench/levers.md. Not a test.
//
//   node bench/split-link.mjs NAME=path/to/dist [NAME=path/to/dist ...]
//   BENCH_ROUNDS=N (default 3); BENCH_THROTTLE="mbps,rtt" (default "20,40"; "off": loopback)
import { ensureChromium } from '../web/test/browser/harness.mjs';
import { PRINT } from './browser.mjs';
import { startServer } from './server.mjs';
import { stat } from './report.mjs';
import { SLOW_LINK, runSlowLink } from './slow-link.mjs';

const builds = Object.fromEntries(process.argv.slice(2).map((arg) => arg.split('=')));
if (Object.keys(builds).length < 1) {
  console.error('usage: node bench/split-link.mjs NAME=path/to/dist [...]');
  process.exit(2);
}
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const throttleSpec = process.env.BENCH_THROTTLE ?? `${SLOW_LINK.mbps},${SLOW_LINK.rtt}`;
const link = throttleSpec === 'off' ? null : (([mbps, rtt]) => ({ mbps, rtt }))(throttleSpec.split(',').map(Number));

ensureChromium();
const server = await startServer(Object.fromEntries(Object.entries(builds).map(([name, dir]) => [`/${name}/`, dir])));
server.warm();
const code = Buffer.from(PRINT, 'utf8').toString('base64url');
let result;
try {
  result = await runSlowLink({
    server,
    rounds,
    link,
    systems: Object.keys(builds).map((name) => ({ id: name, label: name, path: `/${name}/index.html#code=${code}`, autoClick: true, rare: true })),
    progress: (line) => console.error(line),
  });
} finally {
  await server.close();
}
const fmt = (s) => (s ? `${Math.round(s.median)} ms (${Math.round(s.min)}–${Math.round(s.max)})` : 'failed');
const described = link ? `${link.mbps} Mbit/s, ${link.rtt} ms round trip (Chromium's network emulation)` : 'loopback';
console.log(`\n| build | cold → first output | then the rare C modules' first use |\n| --- | --- | --- |`);
for (const [name, r] of Object.entries(result.systems)) console.log(`| ${name} | ${fmt(stat(r.output))} | ${fmt(stat(r.rare))} |`);
console.log(`\n${rounds} rounds, interleaved, fresh profile each; ${described}; medians (min–max).`);
