// The browsers' wasipy.wasm comes in two parts (scripts/split.sh, binaryen's
// wasm-split): the code that starting, print, a traceback and the common imports
// run, and wasipy-rare.wasm with the rest (SQLite, unicodedata, the CJK codecs,
// _decimal, the interpreter's rare paths). A page downloads and compiles the
// first part only before the first output. The first part reaches the rest
// through placeholders in its function table: each calls one import, `link`,
// which links wasipy-rare.wasm the first time, whose element segment puts every
// real function in its placeholder's place; the placeholder then calls its slot
// again, and later calls go straight to the code (scripts/split-placeholders.mjs).
import { splitKey } from './versions.js';
import { LoadError } from './errors.js';
import { compileWasm } from './loader.js';

/** The import every placeholder calls (scripts/split-placeholders.mjs writes the calls, this provides it). */
export const LINK_IMPORT = { module: 'wasipy:rare', name: 'link' };
/** wasm-split's import module for its placeholders, which scripts/split-placeholders.mjs replaces. */
export const WASM_SPLIT_PLACEHOLDERS = 'placeholder';
/** The import module wasipy-rare.wasm takes the first part's exports from (wasm-split's default). */
const PRIMARY = 'primary';

/**
 * Whether `module` is the first part of a split module, which needs
 * wasipy-rare.wasm; throws for one split by an older build.
 */
export function isSplit(module) {
  const imports = WebAssembly.Module.imports(module);
  if (imports.some((i) => i.module === WASM_SPLIT_PLACEHOLDERS)) {
    throw new Error('this wasipy.wasm was split by an older build (an import per placeholder): run `make build` (scripts/split-placeholders.mjs), then deploy both parts again');
  }
  return imports.some((i) => i.module === LINK_IMPORT.module && i.name === LINK_IMPORT.name);
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
    /** Told the module once it linked (a worker posts it to the page, for the page's other workers). */
    this.onLinked = () => {};
  }

  /**
   * The import the placeholders of `module` call. With `suspend` (JSPI) it waits
   * for the download without blocking; without, it downloads synchronously.
   */
  imports(module, suspend) {
    this.key = splitKey(module);
    const link = suspend ? new WebAssembly.Suspending(() => this.placeholderCalled(true)) : () => this.placeholderCalled(false);
    return { [LINK_IMPORT.module]: { [LINK_IMPORT.name]: link } };
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
    this.onLinked(rare);
  }

  linkSync() {
    if (!this.linked) this.link(this.source instanceof WebAssembly.Module ? this.source : this.source.load());
  }

  async linkAsync() {
    if (!this.linked) this.link(this.source instanceof WebAssembly.Module ? this.source : await this.source.loadAsync());
  }

  /**
   * What a placeholder calls before its slot. Once the rest is linked, every
   * slot holds its real function: a placeholder that still gets here would
   * call itself again without end, so it is an error (a build whose parts do not match).
   */
  placeholderCalled(suspend) {
    if (this.linked) throw new LoadError('a placeholder of wasipy.wasm was called after wasipy-rare.wasm was linked: its function is not in the rest; rebuild both parts with `make build` and deploy them together');
    return suspend ? this.linkAsync() : this.linkSync();
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
 * time without blocking (loader.js's compileWasm; kept once it succeeded, a
 * failure is tried again at the next call), or synchronously when a call needs
 * it before then.
 * @param {string} url
 * @param {(url: string) => Uint8Array} fetchSync  the bytes, or throws why not
 */
export function rareLoader(url, fetchSync) {
  let pending = null;
  let compiled = null;
  return {
    load() {
      if (compiled) return compiled;
      const bytes = fetchSync(url);
      try {
        compiled = new WebAssembly.Module(bytes);
      } catch (e) {
        // As compileWasm says it.
        throw new LoadError(`wasipy-rare.wasm from ${url} did not compile: ${e.message}; reload the page (a download cut off does this), and check that it is the file built by \`make build\``);
      }
      return compiled;
    },
    loadAsync() {
      if (compiled) return Promise.resolve(compiled);
      pending ??= compileWasm(url, {
        file: 'wasipy-rare.wasm',
        notFound: 'deploy it next to wasipy.wasm (it is part of every build), then run the code again',
      }).then((module) => {
        compiled = module;
        return module;
      }).finally(() => {
        pending = null;
      });
      return pending;
    },
  };
}
