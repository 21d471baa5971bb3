// Where the built files are: Vite emits them next to the bundle and turns
// these imports into URLs relative to it, so they work under any base path.
import wasm from '../../target/wasipy/wasipy.wasm?url';
import stdlib from '../../target/wasipy/usr/local/lib/python313.zip?url';
import stdlibExtra from '../../target/wasipy/usr/local/lib/python313-extra.zip?url';

export const wasmUrl = new URL(wasm, import.meta.url).href;
export const stdlibUrl = new URL(stdlib, import.meta.url).href;
export const stdlibExtraUrl = new URL(stdlibExtra, import.meta.url).href;
