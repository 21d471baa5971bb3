// How the JS tools (bench/, conformance/) start the module under wasmtime, as
// the Makefile's WASMTIME does: its native stack (WASMTIME_STACK in
// scripts/pins.env says why) and the built stdlib mapped as /usr, where the
// module looks for it (sys.prefix /usr/local). The files that cannot import
// this (Makefile, .cargo/config.toml, crate/tests/common/mod.rs, README.md)
// are checked against it by web/test/node/wasmtime-stack.test.mjs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

/** The built stdlib tree that is mapped as /usr. */
export const STDLIB_DIR = `${root}target/wasipy/usr`;

/** WASMTIME_STACK of scripts/pins.env, in bytes. */
export function wasmtimeStack() {
  const stack = readFileSync(`${root}scripts/pins.env`, 'utf8').match(/^WASMTIME_STACK=(\d+)$/m)?.[1];
  if (!stack) throw new Error('scripts/pins.env has no WASMTIME_STACK=<bytes> line (the stack size wasmtime gives the module): put it back');
  return stack;
}

/**
 * `wasmtime` arguments up to the module: `run`, the stack size, the stdlib as
 * /usr. Add more `--dir`/`--env` options, then the module and its arguments.
 * @param {string} [usr] the stdlib tree to map (a copy of STDLIB_DIR, say)
 */
export function wasmtimeArgs(usr = STDLIB_DIR) {
  return ['run', '--wasm', `max-wasm-stack=${wasmtimeStack()}`, '--dir', `${usr}::/usr`];
}
