// wasmtime's stack size for the module is defined once, WASMTIME_STACK in
// scripts/pins.env: every user reads it, and the files that cannot read it
// (.cargo/config.toml; the README, which shows the command) repeat the same value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const stack = readFileSync(`${root}scripts/pins.env`, 'utf8').match(/^WASMTIME_STACK=(\d+)$/m)?.[1];

/** Where a file may hold a literal stack size: the definition and those that cannot read it. */
const LITERALS_ALLOWED = ['scripts/pins.env', '.cargo/config.toml', 'README.md'];

test('scripts/pins.env defines WASMTIME_STACK', () => {
  assert.ok(stack, 'a WASMTIME_STACK=<bytes> line in scripts/pins.env');
});

test('cargo\'s wasmtime runner has the pinned stack size', () => {
  const runner = readFileSync(`${root}.cargo/config.toml`, 'utf8').match(/^runner = "(.*)"$/m)?.[1];
  assert.ok(runner?.includes(` --wasm max-wasm-stack=${stack} `), `.cargo/config.toml runner: ${runner}`);
});

test('no other tracked file writes the stack size itself', () => {
  const files = spawnSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
  const literals = [];
  for (const file of files) {
    let text;
    try { text = readFileSync(`${root}${file}`, 'utf8'); } catch { continue; } // removed in the working tree
    for (const m of text.matchAll(/max-wasm-stack=(\d+)/g)) {
      if (!LITERALS_ALLOWED.includes(file) || m[1] !== stack) literals.push(`${file}: ${m[0]}`);
    }
  }
  assert.deepEqual(literals, [], `read WASMTIME_STACK from scripts/pins.env instead`);
});

test('the Makefile and the benchmark run wasmtime with the pinned stack size', async () => {
  const make = spawnSync('make', ['--no-print-directory', '--eval', 'print-wasmtime: ; @echo $(WASMTIME)', 'print-wasmtime'],
    { cwd: root, encoding: 'utf8' });
  assert.match(make.stdout, new RegExp(`^wasmtime run --wasm max-wasm-stack=${stack} `));
  const { wasmtimeArgs } = await import('../../../bench/env.mjs');
  assert.deepEqual(wasmtimeArgs().slice(0, 3), ['run', '--wasm', `max-wasm-stack=${stack}`]);
});
