// Two builds of the playground side by side in Chromium (a lever measured
// before and after, when it changes more than wasipy.wasm: the interpreter
// snapshot changed the module and the boot zip together): bytes on the wire
// before the first output, cold start (fresh profile), second visit (same
// profile, HTTP cache warm), the worker's Python start, the first imports.
// Rounds interleave the builds, each round a fresh browser profile.
//
//   node bench/dist-ab.mjs NAME=path/to/dist [NAME=path/to/dist ...]
//
// A dist/ of an older commit: `git worktree add /tmp/old <rev>`, link target/
// and node_modules/ in, `npx vite build` there (or keep the dist/ of a clean-clone
// CI run). BENCH_ROUNDS=N sets the rounds (default 5). Prints a markdown table
// for bench/levers.md. Not a test.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from './server.mjs';
import { IMPORTS, PRINT, runBrowserBench } from './browser.mjs';
import { paths } from './env.mjs';
import { stat } from './report.mjs';

const builds = process.argv.slice(2).map((arg) => {
  const [name, dir] = arg.split('=');
  if (!name || !dir) throw new Error(`${arg}: expected NAME=path/to/dist`);
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`${dir} has no index.html: give a dist/ that \`npx vite build\` wrote`);
  return { name, dir };
});
if (builds.length < 2) {
  console.error('usage: node bench/dist-ab.mjs NAME=path/to/dist NAME=path/to/dist [...]');
  process.exit(2);
}
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
const b64url = (s) => Buffer.from(s, 'utf8').toString('base64url');

const mounts = { '/pages/': paths.pages };
for (const b of builds) mounts[`/${b.name}/`] = b.dir;
const server = await startServer(mounts);
server.warm();
const systems = builds.map((b) => ({ id: b.name, kind: 'wasipy', label: b.name, path: `/${b.name}/index.html#code=${b64url(PRINT)}`, autoClick: true }));
const browser = await runBrowserBench({ server, rounds, latencyRuns: 10, progress: (m) => console.error(m), systems });
await server.close();

const ms = (values) => {
  const s = stat(values.filter((x) => typeof x === 'number'));
  return s ? `${Math.round(s.median)} ms (${Math.round(s.min)}–${Math.round(s.max)})` : 'n/a';
};
console.log('| build | bytes before the first output (gzip -6) | cold → first output | second visit → first output | Python start in the worker (cold) | first imports (Chromium) |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const b of builds) {
  const r = browser.systems[b.name];
  const bytes = stat(r.cold.map((x) => x.servedBytes));
  const failed = r.failures.length ? ` (failed: ${r.failures[0]})` : '';
  console.log(`| ${b.name}${failed} | ${bytes ? `${(bytes.median / 1e6).toFixed(2)} MB` : 'n/a'} | ${ms(r.cold.map((x) => x.toOutputMs))} | ${ms(r.warm.map((x) => x.toOutputMs))} | `
    + `${ms(r.cold.map((x) => x.marks.initMs))} | ${ms(r.extras.map((x) => x.importMs))} |`);
}
console.log(`\n${rounds} rounds, interleaved; medians (min–max). First imports: \`import ${'json, re, decimal, datetime, random, collections, dataclasses, statistics'}\` right after the cold start.`);
