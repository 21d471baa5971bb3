// The tiny test wheels (markers, extras, a conflict, a binary-only chain,
// another Python, a corrupt file, a yanked release, Requires-Python), built by
// make_test_wheels.py into a scratch directory once per process.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const script = fileURLToPath(new URL('./make_test_wheels.py', import.meta.url));
const nativePython = fileURLToPath(new URL('../../../target/deps/native-python/bin/python3.13', import.meta.url));

let built = null;

/** [{ filename, bytes, yanked: false | reason }] for every local test wheel. */
export function buildLocalWheels() {
  built ??= build();
  return built;
}

async function build() {
  // python3 as the brief of the test setup says; the build's own Python where the host has none.
  const python = (await run('python3', ['--version']).then(() => true, () => false)) || !existsSync(nativePython) ? 'python3' : nativePython;
  // A scratch directory per process: test files run in parallel processes.
  const directory = mkdtempSync(join(tmpdir(), 'wasipy-test-wheels-'));
  try {
    let manifest;
    try {
      const { stdout } = await run(python, [script, directory]);
      manifest = JSON.parse(stdout);
    } catch (error) {
      throw new Error(`cannot build the local test wheels: \`${python} ${script} ${directory}\` failed:\n${error.stderr || error.message}`);
    }
    return manifest.map(({ filename, yanked }) => ({ filename, yanked, bytes: readFileSync(join(directory, filename)) }));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
