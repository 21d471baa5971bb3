// How wasmtime starts the module is defined once: the stack size is
// WASMTIME_STACK in scripts/pins.env, and the command up to the module (stack,
// stdlib mapped as /usr) is scripts/wasmtime-args.mjs, which bench/ and
// conformance/ use. The files that cannot use them (the Makefile reads the pin;
// .cargo/config.toml, the Rust tests and the README spell the command out)
// must agree with them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STDLIB_DIR, wasmtimeArgs } from '../../../scripts/wasmtime-args.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const stack = readFileSync(`${root}scripts/pins.env`, 'utf8').match(/^WASMTIME_STACK=(\d+)$/m)?.[1];
// The command line as the Makefile and cargo write it, from the repository: "wasmtime run --wasm max-wasm-stack=N --dir target/wasipy/usr::/usr".
const stdlibDir = relative(root, STDLIB_DIR);
const commandLine = `wasmtime ${wasmtimeArgs(stdlibDir).join(' ')}`;
const trackedFiles = () => spawnSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);

/** Where a file may hold a literal stack size: the definition and those that cannot read it. */
const LITERALS_ALLOWED = ['scripts/pins.env', '.cargo/config.toml', 'docs/src/cli.md'];

test('scripts/pins.env defines WASMTIME_STACK', () => {
  assert.ok(stack, 'a WASMTIME_STACK=<bytes> line in scripts/pins.env');
});

test('scripts/wasmtime-args.mjs gives the pinned stack size and maps the built stdlib as /usr', () => {
  assert.equal(stdlibDir, 'target/wasipy/usr');
  assert.equal(commandLine, `wasmtime run --wasm max-wasm-stack=${stack} --dir target/wasipy/usr::/usr`);
});

test('cargo\'s wasmtime runner is that command line', () => {
  const runner = readFileSync(`${root}.cargo/config.toml`, 'utf8').match(/^runner = "(.*)"$/m)?.[1];
  assert.equal(runner, commandLine, '.cargo/config.toml runner');
});

test('no other tracked file writes the stack size itself', () => {
  const literals = [];
  for (const file of trackedFiles()) {
    let text;
    try { text = readFileSync(`${root}${file}`, 'utf8'); } catch { continue; } // removed in the working tree
    for (const m of text.matchAll(/max-wasm-stack=(\d+)/g)) {
      if (!LITERALS_ALLOWED.includes(file) || m[1] !== stack) literals.push(`${file}: ${m[0]}`);
    }
  }
  assert.deepEqual(literals, [], `read WASMTIME_STACK from scripts/pins.env instead`);
});

test('the Makefile, the benchmark and the conformance run start wasmtime that way', async () => {
  const make = spawnSync('make', ['--no-print-directory', '--eval', 'print-wasmtime: ; @echo $(WASMTIME)', 'print-wasmtime'],
    { cwd: root, encoding: 'utf8' });
  assert.ok(make.stdout.startsWith(`${commandLine} `), `the Makefile's WASMTIME: ${make.stdout}`);
  const bench = await import('../../../bench/env.mjs');
  assert.deepEqual(bench.wasmtimeArgs(), wasmtimeArgs(bench.paths.usr));
  if (!process.env.WASIPY_BENCH_SNAPSHOT) assert.deepEqual(bench.wasmtimeArgs(), wasmtimeArgs());
  // conformance/run.mjs runs its modules on import: read how it builds the command.
  const conformance = readFileSync(`${root}conformance/run.mjs`, 'utf8');
  assert.match(conformance, /^import \{ wasmtimeArgs \} from '\.\.\/scripts\/wasmtime-args\.mjs';$/m);
  assert.match(conformance, /return \['wasmtime', \[\.\.\.wasmtimeArgs\(\), /);
});

// A `--dir HOST::/usr` anywhere: the Rust tests, the docs' commands, the
// hints the module prints. Each must map the built stdlib, target/wasipy/usr
// (the Makefile's $(OUT)/usr is checked above through make; the definition is
// scripts/wasmtime-args.mjs).
test('every command line that maps /usr maps the built stdlib there', () => {
  const wrong = [];
  for (const file of trackedFiles()) {
    // The launcher maps the usr/ beside itself (its build or its install
    // PREFIX); launcher.test.mjs runs it from both.
    if (['Makefile', 'scripts/wasmtime-args.mjs', 'scripts/wasipy-launcher.sh', 'web/test/node/wasmtime-stack.test.mjs'].includes(file)) continue;
    let text;
    try { text = readFileSync(`${root}${file}`, 'utf8'); } catch { continue; }
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (!/::\/usr(?![\w/])/.test(line)) return;
      // The host side is on the line or, for a format string, on the next few.
      const statement = lines.slice(i, i + 4).join('\n');
      if (!statement.includes(stdlibDir)) wrong.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(wrong, [], `map ${stdlibDir} as /usr (scripts/wasmtime-args.mjs)`);
});
