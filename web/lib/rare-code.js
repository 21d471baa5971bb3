// The browsers' wasipy.wasm comes in two parts (scripts/split.sh, binaryen's
// wasm-split): the code that starting, print, a traceback and the common imports
// run, and wasipy-rare.wasm with the rest (SQLite, unicodedata, the CJK codecs,
// _decimal, the interpreter's rare paths). A page downloads and compiles the
// first part only before the first output. The first part reaches the rest
// through placeholders in its function table: the first call of any of them
// links wasipy-rare.wasm, whose element segment puts every real function in
// its placeholder's place, so later calls go straight to the code.
import { LoadError } from './errors.js';
import { wasmProblem } from './file-checks.js';

/** The import module of the placeholders, and the one wasipy-rare.wasm imports the first part's exports from (wasm-split's defaults). */
const PLACEHOLDERS = 'placeholder';
const PRIMARY = 'primary';
/** A custom section both parts carry, with the same key (the unsplit module's sha256): a pair of one build. */
const SPLIT_KEY = 'wasipy.split';

function splitKey(module) {
  const [section] = WebAssembly.Module.customSections(module, SPLIT_KEY);
  return section ? new TextDecoder().decode(section) : null;
}

/** Whether `module` is the first part of a split module (it then needs wasipy-rare.wasm). */
export function isSplit(module) {
  return WebAssembly.Module.imports(module).some((i) => i.module === PLACEHOLDERS);
}

export class RareCode {
  /**
   * @param {WebAssembly.Module | {load: () => WebAssembly.Module, loadAsync: () => Promise<WebAssembly.Module>}} source
   *   wasipy-rare.wasm compiled, or how to get it: `load` synchronously (a worker's
   *   synchronous request; it throws a LoadError that says why it could not), `loadAsync` without blocking
   */
  constructor(source) {
    this.source = source;
    this.linked = false;
    this.exports = null;
  }

  /**
   * The placeholder imports of `module`. With `suspend` (JSPI) a placeholder
   * waits for the download without blocking, and calls the real function on a
   * stack of its own, where it may wait for the page too (input(), an install).
   */
  imports(module, suspend) {
    this.key = splitKey(module);
    const placeholders = {};
    for (const { module: from, name } of WebAssembly.Module.imports(module)) {
      if (from !== PLACEHOLDERS) continue;
      const index = Number(name); // wasm-split names a placeholder by its table slot
      placeholders[name] = suspend
        ? new WebAssembly.Suspending(async (...args) => {
          await this.linkAsync();
          return WebAssembly.promising(this.exports['%table'].get(index))(...args);
        })
        : (...args) => {
          this.linkSync();
          return this.exports['%table'].get(index)(...args);
        };
    }
    return { [PLACEHOLDERS]: placeholders };
  }

  /** The first part's instance exports, once it is instantiated. */
  attach(exports) {
    this.exports = exports;
  }

  link(rare) {
    if (this.linked) return;
    const key = splitKey(rare);
    if (key !== this.key) {
      // Linked anyway, another build's functions would stand in for this one's.
      throw new LoadError(`wasipy-rare.wasm is ${key ? `of another build (${key.slice(0, 12)})` : 'not the rest of a split wasipy.wasm'} than this wasipy.wasm (${this.key?.slice(0, 12)}): the server has files of two wasipy builds; deploy all of dist/ again, then reload the page`);
    }
    new WebAssembly.Instance(rare, { [PRIMARY]: this.exports });
    this.linked = true;
  }

  linkSync() {
    if (!this.linked) this.link(this.source instanceof WebAssembly.Module ? this.source : this.source.load());
  }

  async linkAsync() {
    if (!this.linked) this.link(this.source instanceof WebAssembly.Module ? this.source : await this.source.loadAsync());
  }

  /**
   * Downloads, compiles and links the rest without blocking (after the first
   * output), so that a later call finds it ready. A failure here is left to
   * the call that needs the code, which tries again and says why.
   */
  prefetch() {
    if (this.linked || !this.exports) return;
    this.linkAsync().catch(() => {});
  }
}

/**
 * How a worker gets wasipy-rare.wasm from `url`: one download and compile at a
 * time without blocking (kept once it succeeded; a failure is tried again at
 * the next call), or synchronously when a call needs it before then.
 * @param {string} url
 * @param {(url: string) => Uint8Array} fetchSync  the bytes, or throws why not
 */
export function rareLoader(url, fetchSync) {
  let pending = null;
  let compiled = null;
  const fail = (e) => {
    throw e instanceof LoadError ? e : new LoadError(`wasipy-rare.wasm from ${url} did not compile: ${e?.message ?? e}; reload the page (a download cut off does this), and check that it is the file built with the page's wasipy.wasm`);
  };
  return {
    load() {
      if (compiled) return compiled;
      const bytes = fetchSync(url);
      try {
        compiled = new WebAssembly.Module(bytes);
      } catch (e) {
        fail(e);
      }
      return compiled;
    },
    loadAsync() {
      if (compiled) return Promise.resolve(compiled);
      pending ??= (async () => {
        let response;
        try {
          response = await fetch(url);
        } catch (e) {
          throw new LoadError(`could not fetch wasipy-rare.wasm from ${url}: ${e.message}; check your connection, then run the code again`);
        }
        if (!response.ok) throw new LoadError(`could not fetch wasipy-rare.wasm from ${url}: HTTP ${response.status}; deploy it next to wasipy.wasm (it is part of every build), then run the code again`);
        if (WebAssembly.compileStreaming && /application\/wasm/.test(response.headers.get('content-type') ?? '')) {
          // Compiled while it streams in, from the fetch's own Response: the browser may
          // then keep the compiled code with the HTTP cache entry for the next visit.
          try {
            compiled = await WebAssembly.compileStreaming(response);
          } catch (e) {
            fail(e);
          }
          return compiled;
        }
        let bytes;
        try {
          bytes = new Uint8Array(await response.arrayBuffer());
        } catch (e) {
          throw new LoadError(`the download of wasipy-rare.wasm from ${url} broke off: ${e.message}; check your connection, then run the code again`);
        }
        const problem = wasmProblem(bytes, url, response.headers.get('content-type'));
        if (problem) throw new LoadError(problem);
        try {
          compiled = await WebAssembly.compile(bytes);
        } catch (e) {
          fail(e);
        }
        return compiled;
      })().finally(() => {
        pending = null;
      });
      return pending;
    },
  };
}
