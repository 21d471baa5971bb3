// `make conformance`: CPython's own test modules inside wasipy, under wasmtime
// and in Node through the browser runtime, with one table per host.
// Usage: node conformance/run.mjs [--fast] [--strict] [--hosts wasmtime,node] [test_x ...]
// Exits non-zero when a test fails that conformance/expected.txt does not list,
// or when a listed module runs no test (it skipped itself at import: the C
// module it tests is missing from the build, which must fail the gate).
// An expected.txt entry for a module that ran and matched no failure is
// reported as stale; --strict (what `make test` runs) fails on it too.
// For the tests of this gate (web/test/node/conformance-gate.test.mjs):
// WASIPY_CONFORMANCE_BLOCK=_sqlite3,zlib makes those modules unimportable in
// the guest, as if the build had lost them; WASIPY_CONFORMANCE_EXPECTED reads
// another expected.txt.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wasmtimeArgs } from '../scripts/wasmtime-args.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const deps = process.env.WASIPY_DEPS ?? join(root, 'target/deps');
const block = process.env.WASIPY_CONFORMANCE_BLOCK ?? '';
const expectedFile = process.env.WASIPY_CONFORMANCE_EXPECTED ?? join(root, 'conformance/expected.txt');
const TIMEOUT_MS = 10 * 60_000;
const JOBS = 2;

function parseArgs(argv) {
  const opts = { fast: false, strict: false, hosts: ['wasmtime', 'node'], only: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--fast') opts.fast = true;
    else if (argv[i] === '--strict') opts.strict = true;
    else if (argv[i] === '--hosts') opts.hosts = argv[++i].split(',');
    else opts.only.push(argv[i]);
  }
  return opts;
}

/** modules.txt: "test_x [fast]" per line. */
function readModules(fast) {
  return readFileSync(join(root, 'conformance/modules.txt'), 'utf8').split('\n')
    .map((l) => l.replace(/#.*/, '').trim()).filter(Boolean)
    .map((l) => l.split(/\s+/)).filter(([, tag]) => !fast || tag === 'fast').map(([name]) => name);
}

/** expected.txt: "[host:]test id   reason" per line (at least two spaces before the reason). */
function readExpected(text = readFileSync(expectedFile, 'utf8')) {
  return text.split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      // Two spaces or more end the id: a subtest's id has single spaces in it.
      const [, host, id, reason] = l.match(/^(?:(wasmtime|node):)?(\S.*?)\s{2,}(\S.*)$/) ?? [];
      if (!id) throw new Error(`conformance/expected.txt: cannot read line: ${l}`);
      // A prefix would also excuse any new failure under it: one line per test.
      if (id.includes('*')) throw new Error(`conformance/expected.txt: ${id}: no wildcards (a new failure under the prefix would pass unseen); list each failing test id`);
      return { host, id, reason: reason.trim(), usedOn: new Set() };
    });
}

function expectation(expected, host, testId) {
  const e = expected.find((x) => (!x.host || x.host === host) && x.id === testId);
  e?.usedOn.add(host);
  return e;
}

/** Entries for a module whose tests ran on `host` that excused nothing: the test passes now. */
function staleEntries(expected, host, modulesRun) {
  return expected.filter((e) => (!e.host || e.host === host) && !e.usedOn.has(host) &&
    modulesRun.includes(e.id.split('.')[0]));
}

function command(host, module, scratch) {
  if (host === 'wasmtime') {
    // As the Makefile runs it (stack size, stdlib as /usr: scripts/wasmtime-args.mjs), and an
    // empty "/" too: without it "/" does not exist under wasmtime (pathlib's root tests).
    return ['wasmtime', [...wasmtimeArgs(), '--dir', `${scratch}/root::/`,
      '--dir', `${scratch}/tmp::/tmp`, '--dir', `${scratch}/work::/work`,
      '--dir', `${deps}/src/cpython/Lib::/cpython`, '--dir', `${root}conformance::/conformance`,
      '--env', 'HOME=/work', '--env', 'TMPDIR=/tmp', '--env', 'LANG=C.UTF-8', '--env', `WASIPY_CONFORMANCE_BLOCK=${block}`,
      `${root}target/wasipy/wasipy.wasm`, '/conformance/guest_runner.py', '/cpython/test', '/work', module]];
  }
  return [process.execPath, [`${root}conformance/node-host.mjs`, module]];
}

function runOne(host, module) {
  // A fresh writable /tmp and working directory per module (wasmtime maps them).
  const scratch = mkdtempSync(join(tmpdir(), 'wasipy-conformance-'));
  for (const d of ['root', 'tmp', 'work']) mkdirSync(join(scratch, d));
  return new Promise((resolve) => {
    const [cmd, args] = command(host, module, scratch);
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }); // node-host.mjs reads WASIPY_CONFORMANCE_BLOCK itself
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      rmSync(scratch, { recursive: true, force: true });
      const line = out.split('\n').find((l) => l.startsWith('@@RESULT '));
      if (line) resolve(JSON.parse(line.slice(9)));
      else resolve({ module, crash: signal ? `killed after ${TIMEOUT_MS / 1000} s` : `exit ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}` });
    });
  });
}

async function pool(items, jobs, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: jobs }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  }));
  return results;
}

function judge(host, r, expected) {
  const problems = [];
  const known = [];
  if (!r.crash && !r.import_error && r.run === 0) {
    // Skipped at import (its C module is missing) or no test at all: it checks nothing.
    const why = Object.keys(r.skip_reasons ?? {})[0] ?? 'no test ran';
    problems.push({ id: r.module, why: `ran no test (${why}); every module in conformance/modules.txt must run: rebuild what it needs, or take it out of the list saying why` });
    return { problems, known };
  }
  if (r.crash || r.import_error) {
    const why = r.crash ?? r.import_error;
    const e = expectation(expected, host, r.module);
    (e ? known : problems).push({ id: r.module, why, reason: e?.reason });
    return { problems, known };
  }
  for (const id of [...r.failures, ...r.errors]) {
    const e = expectation(expected, host, id);
    if (e) known.push({ id, reason: e.reason });
    else problems.push({ id, why: (r.details[id] ?? '').trim().split('\n').at(-1) });
  }
  return { problems, known };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const modules = opts.only.length ? opts.only : readModules(opts.fast);
  const expected = readExpected();
  let unexpected = 0;
  let stale = 0;
  const report = []; // the tables, also written to conformance/RESULTS.md by a full run
  const say = (text) => {
    console.log(text);
    report.push(text);
  };
  for (const host of opts.hosts) {
    console.error(`[conformance] ${host}: ${modules.length} modules, ${JOBS} at a time`);
    const started = Date.now();
    const results = await pool(modules, JOBS, async (m) => {
      const r = await runOne(host, m);
      console.error(`[conformance] ${host} ${m}: ${r.crash ? `CRASH ${r.crash}` : r.import_error ? 'IMPORT ERROR' : `${r.run} run in ${r.seconds} s`}`);
      return r;
    });
    const rows = [];
    const notes = [];
    for (const r of results) {
      const { problems, known } = judge(host, r, expected);
      unexpected += problems.length;
      const moduleSkip = r.run === 0 && r.skipped ? Object.keys(r.skip_reasons ?? {})[0] : null;
      const status = problems.length ? `FAIL (${problems.length} unexpected)`
        : moduleSkip ? `skipped: ${moduleSkip}`
          : known.length ? `ok (${known.length} expected)` : 'ok';
      rows.push(`| ${r.module} | ${r.run ?? '-'} | ${r.failures?.length ?? '-'} | ${r.errors?.length ?? '-'} | ${r.skipped ?? '-'} | ${status} |`);
      for (const p of problems) notes.push(`  unexpected: ${host} ${p.id}: ${p.why}`);
    }
    const total = results.reduce((a, r) => a + (r.run ?? 0), 0);
    say(`\n### ${host === 'node' ? 'Node (browser runtime: browser_wasi_shim)' : 'wasmtime'}: ${total} tests in ${Math.round((Date.now() - started) / 1000)} s\n`);
    say('| module | run | failures | errors | skipped | status |\n| --- | --- | --- | --- | --- | --- |');
    say(rows.join('\n'));
    const ran = results.filter((r) => !r.crash && !r.import_error && r.run > 0).map((r) => r.module);
    for (const e of staleEntries(expected, host, ran)) {
      stale++;
      notes.push(`  passes now: ${host} ${e.id} (listed in conformance/expected.txt: ${e.reason})`);
    }
    if (notes.length) say(`\n${notes.join('\n')}`);
  }
  // Only a run of every module on every host stands for the build: the README links to it.
  const full = !opts.fast && !opts.only.length && ['wasmtime', 'node'].every((h) => opts.hosts.includes(h));
  if (full) {
    const header = `# Conformance: CPython 3.13's own tests inside wasipy\n\nWritten by \`make conformance\` (conformance/run.mjs${opts.strict ? ' --strict' : ''}) on ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}; `
      + `${unexpected ? `${unexpected} unexpected failures` : 'no unexpected failure'}. Modules: conformance/modules.txt; known failures with their reasons: conformance/expected.txt.\n`;
    writeFileSync(join(root, 'conformance/RESULTS.md'), `${header}${report.join('\n')}\n`);
    console.error('[conformance] tables written to conformance/RESULTS.md');
  }
  if (stale) {
    console.error(`\n[conformance] ${stale} tests listed in conformance/expected.txt pass now: take their lines out${opts.strict ? '' : ' (--strict fails on this)'}`);
  }
  if (unexpected) {
    console.error(`\n[conformance] ${unexpected} unexpected failures: fix them, or list them with a reason in conformance/expected.txt`);
  }
  if (unexpected || (opts.strict && stale)) process.exit(1);
}

await main();
