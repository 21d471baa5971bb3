// Where things are, what this machine is, and a child-process helper shared by the
// benchmark's steps.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { spawn, execFileSync } from 'node:child_process';
import { cpus, tmpdir, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { wasmtimeArgs as baseWasmtimeArgs } from '../scripts/wasmtime-args.mjs';

export const root = fileURLToPath(new URL('../', import.meta.url));
export const bench = fileURLToPath(new URL('./', import.meta.url));

// The module and stdlib that wasmtime and Node use (as web/test/node/fixture.mjs does),
// or the copy of them that run.mjs took at its start (children find it through the environment).
const SNAPSHOT_ENV = 'WASIPY_BENCH_SNAPSHOT';
const wasipyDir = process.env[SNAPSHOT_ENV] ?? `${root}target/wasipy`;

export const source = { wasm: `${root}target/wasipy/wasipy.wasm`, usr: `${root}target/wasipy/usr`, web: `${root}target/wasipy/web` };

export const paths = {
  wasm: `${wasipyDir}/wasipy.wasm`,
  // The browsers' module in two parts (scripts/split.sh): what V8 runs in the bench, as pages do.
  webWasm: `${wasipyDir}/web/wasipy.wasm`,
  webRare: `${wasipyDir}/web/wasipy-rare.wasm`,
  usr: `${wasipyDir}/usr`,
  stdlib: `${wasipyDir}/usr/local/lib/python313.zip`,
  // The built site the browser loads.
  dist: `${root}dist`,
  pyodide: `${root}node_modules/pyodide`,
  // The newest Pyodide (314.x, Python 3.14), installed beside 0.29.5 as the npm alias `pyodide-314`.
  pyodide314: `${root}node_modules/pyodide-314`,
  micropython: `${root}node_modules/@micropython/micropython-webassembly-pyscript`,
  pages: `${bench}pages`,
  nativePython: `${root}target/deps/native-python/bin/python3.13`,
  hostPython: 'python3',
  wasmtime: 'wasmtime',
  cpuSuite: `${bench}cpu_suite.py`,
};

// As the Makefile runs it (scripts/wasmtime-args.mjs), with this run's copy of the stdlib.
export const wasmtimeArgs = () => baseWasmtimeArgs(paths.usr);

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/**
 * The other build pipeline may replace target/wasipy/wasipy.wasm while we run:
 * wait (up to `ms`) for the file to be there and to stop changing.
 */
export async function waitForFile(file, ms = 180_000) {
  const until = Date.now() + ms;
  let announced = false;
  while (Date.now() < until) {
    if (existsSync(file)) {
      const a = readFileSync(file).length;
      await sleep(500);
      if (existsSync(file) && readFileSync(file).length === a) return;
    }
    if (!announced) console.log(`  waiting for ${file} (being rebuilt?)`);
    announced = true;
    await sleep(2000);
  }
  throw new Error(`${file} is missing: run \`make build\` (and \`npm run build\` for dist/)`);
}

/**
 * The other engineer's pipeline may rebuild target/wasipy at any time: copy the
 * module and its /usr tree (timestamps kept) once, and point every later step, and
 * the child processes, at the copy. Returns a function that removes it.
 */
export async function takeSnapshot() {
  await waitForFile(source.wasm);
  await waitForFile(`${source.usr}/local/lib/python313.zip`);
  const dir = mkdtempSync(join(tmpdir(), 'wasipy-bench-module-'));
  cpSync(source.usr, `${dir}/usr`, { recursive: true, preserveTimestamps: true });
  cpSync(source.wasm, `${dir}/wasipy.wasm`, { preserveTimestamps: true });
  for (const file of ['wasipy.wasm', 'wasipy-rare.wasm']) cpSync(`${source.web}/${file}`, `${dir}/web/${file}`, { preserveTimestamps: true });
  process.env[SNAPSHOT_ENV] = dir;
  Object.assign(paths, {
    wasm: `${dir}/wasipy.wasm`, webWasm: `${dir}/web/wasipy.wasm`, webRare: `${dir}/web/wasipy-rare.wasm`, usr: `${dir}/usr`, stdlib: `${dir}/usr/local/lib/python313.zip`,
  });
  return () => rmSync(dir, { recursive: true, force: true });
}

export function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * Runs a command; resolves to {code, stdout, stderr, ms}. Never rejects: a
 * failure is the caller's row to fill in.
 */
export function run(cmd, args, { cwd = root, timeoutMs = 300_000, env } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    let stdout = '';
    let stderr = '';
    let child;
    try {
      child = spawn(cmd, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      resolve({ code: -1, stdout, stderr: String(e.message), ms: 0 });
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', (e) => { stderr += e.message; });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? `killed (${signal})` : -1), stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** The last line of `text` that parses as a JSON object. */
export function lastJson(text) {
  for (const line of text.trim().split('\n').reverse()) {
    try {
      const v = JSON.parse(line);
      if (v && typeof v === 'object') return v;
    } catch { /* not this line */ }
  }
  return null;
}

function version(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n')[0];
  } catch {
    return 'not found';
  }
}

export const pkgVersion = (dir) => {
  try {
    return JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')).version;
  } catch {
    return 'not installed';
  }
};

/** CPU model (from /proc/cpuinfo), cores, memory, and every tool's version. */
export function machine() {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    model = info.match(/^model name\s*:\s*(.+)$/m)?.[1]?.trim() ?? model;
  } catch { /* not Linux */ }
  return {
    cpu: model,
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: version('uname', ['-sr']),
    versions: {
      node: process.version,
      v8: process.versions.v8,
      chromium: version('/usr/bin/chromium', ['--version']),
      'playwright-core': pkgVersion(`${root}node_modules/playwright-core`),
      wasmtime: version(paths.wasmtime, ['--version']),
      'native CPython': version(paths.nativePython, ['--version']),
      'host python3': version(paths.hostPython, ['--version']),
      pyodide: pkgVersion(paths.pyodide),
      'pyodide-314': pkgVersion(paths.pyodide314),
      '@micropython/micropython-webassembly-pyscript': pkgVersion(paths.micropython),
    },
  };
}
