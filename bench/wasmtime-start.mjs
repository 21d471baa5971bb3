// `wasipy -c pass` under wasmtime against native `python3.13 -c pass` (issue #12's
// row), with wasmtime's three ways to get machine code:
//   - no cache (`-C cache=n`): Cranelift compiles the whole module every time;
//   - its compilation cache (`-C cache=y`, the default, here with a cache
//     directory of its own so that a cold cache is a fact, not an assumption):
//     primed by one run, then every run reads the cached code back;
//   - a precompiled module (`wasmtime compile` to a .cwasm, run with
//     `--allow-precompiled`): mapped from the file, nothing compiled.
// Wall time of the whole process as Node sees it (spawn to exit), systems
// interleaved round by round; `/bin/true` is measured the same way, the floor
// that spawning alone costs.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { paths, run, wasmtimeArgs } from './env.mjs';

const PASS = ['-c', 'pass'];
// Runs per system and round: process start-up is short and noisy, so each round takes the median of several.
const PER_ROUND = 5;
// The no-cache runs take seconds each: fewer of them.
const NO_CACHE_PER_ROUND = 1;

// The options of `wasmtime run` that shape the compiled code: `wasmtime compile` takes these, not `--dir` or `--env`.
const COMPILE_OPTIONS = new Set(['-W', '--wasm', '-C', '--codegen', '-O', '--optimize', '-D', '--debug']);
const compileOptions = (args) => args.flatMap((a, i) => (COMPILE_OPTIONS.has(a) ? [a, args[i + 1]] : []));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Runs `cmd` once; throws with its stderr's last line when it fails. */
async function timed(cmd, args, what) {
  const r = await run(cmd, args, { timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`${what}: exit ${r.code}: ${(r.stderr || r.stdout).trim().split('\n').at(-1) ?? ''}`);
  return r.ms;
}

/**
 * @returns {Promise<{cwasmBytes: number, cacheConfig: string, systems: Record<string, {label, ms: number[], failures: string[]}>}>}
 */
export async function runWasmtimeStart({ rounds, progress = console.log }) {
  const dir = mkdtempSync(join(tmpdir(), 'wasipy-bench-wasmtime-'));
  try {
    const cacheConfig = join(dir, 'cache.toml');
    writeFileSync(cacheConfig, `[cache]\ndirectory = ${JSON.stringify(join(dir, 'cache'))}\n`);
    const cwasm = join(dir, 'wasipy.cwasm');
    const run0 = wasmtimeArgs(); // ['run', ...options]
    // The .cwasm is compiled with the wasm features and limits the runs use (wasmtime refuses a mismatch).
    const compileMs = await timed(paths.wasmtime, ['compile', ...compileOptions(run0), paths.wasm, '-o', cwasm], '`wasmtime compile`');
    const primeMs = await timed(paths.wasmtime, [...run0, '-C', 'cache=y', '-C', `cache-config=${cacheConfig}`, paths.wasm, ...PASS], 'priming the cache');
    progress(`  wasmtime compile: ${(compileMs / 1000).toFixed(1)} s; first run with an empty cache: ${(primeMs / 1000).toFixed(1)} s`);

    const systems = [
      { id: 'spawn', label: '`/bin/true` (the cost of spawning a process)', cmd: '/bin/true', args: [] },
      { id: 'native', label: 'native `python3.13 -c pass`', cmd: paths.nativePython, args: PASS },
      { id: 'precompiled', label: '`wasmtime run --allow-precompiled wasipy.cwasm -c pass`', cmd: paths.wasmtime, args: [...run0, '--allow-precompiled', cwasm, ...PASS] },
      { id: 'cache', label: '`wasmtime run -C cache=y wasipy.wasm -c pass` (cache warm)', cmd: paths.wasmtime, args: [...run0, '-C', 'cache=y', '-C', `cache-config=${cacheConfig}`, paths.wasm, ...PASS] },
      { id: 'noCache', label: '`wasmtime run -C cache=n wasipy.wasm -c pass`', cmd: paths.wasmtime, args: [...run0, '-C', 'cache=n', paths.wasm, ...PASS], perRound: NO_CACHE_PER_ROUND },
    ];
    const out = Object.fromEntries(systems.map((s) => [s.id, { label: s.label, ms: [], failures: [] }]));
    for (let round = 1; round <= rounds; round++) {
      for (const s of systems) {
        try {
          const times = [];
          for (let i = 0; i < (s.perRound ?? PER_ROUND); i++) times.push(await timed(s.cmd, s.args, s.label));
          out[s.id].ms.push(median(times));
        } catch (e) {
          out[s.id].failures.push(`round ${round}: ${e.message}`);
        }
      }
      progress(`  round ${round}/${rounds}: ${systems.map((s) => `${s.id} ${out[s.id].ms.at(-1)?.toFixed(0) ?? 'FAILED'} ms`).join(', ')}`);
    }
    return { compileMs, primeMs, cwasmBytes: statSync(cwasm).size, systems: out };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
