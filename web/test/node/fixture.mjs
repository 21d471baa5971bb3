// The real wasipy.wasm and stdlib archive from `make build`, compiled once per test file:
// the browsers' module in its two parts (scripts/split.sh), as pages run it.
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const wasmPath = `${root}target/wasipy/web/wasipy.wasm`;
const rarePath = `${root}target/wasipy/web/wasipy-rare.wasm`;
const zipPath = `${root}target/wasipy/usr/local/lib/python313.zip`;
if (!existsSync(wasmPath) || !existsSync(rarePath) || !existsSync(zipPath)) {
  throw new Error(`${wasmPath}, wasipy-rare.wasm or the stdlib zip is missing: run \`make build\` first`);
}

export const module = await WebAssembly.compile(readFileSync(wasmPath));
export const rare = await WebAssembly.compile(readFileSync(rarePath));
export const stdlib = new Uint8Array(readFileSync(zipPath));
export const stdlibExtra = new Uint8Array(readFileSync(zipPath.replace('python313.zip', 'python313-extra.zip')));
