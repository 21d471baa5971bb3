// Settings read from embed.js's own <script> tag:
//   data-base="https://…/"   where wasipy.wasm and python313.zip are (default: next to embed.js)
//   data-selector="css"      also upgrade these code blocks (for example "pre > code.language-python")
//   preload                  start downloading when the page is idle, not at the first Run
import { wasmUrl, stdlibUrl } from '../lib/assets.js';

function ownScript() {
  const scripts = [...document.querySelectorAll('script[src]')];
  return scripts.find((s) => s.src === import.meta.url) ?? scripts.find((s) => /(^|\/)embed(\.[\w-]+)?\.js(\?|$)/.test(s.src)) ?? null;
}

const script = ownScript();
const base = script?.dataset.base;

export const config = {
  selector: script?.dataset.selector ?? null,
  preload: script?.hasAttribute('preload') ?? false,
  urls: base
    ? { wasmUrl: new URL('wasipy.wasm', new URL(base, document.baseURI)).href, stdlibUrl: new URL('python313.zip', new URL(base, document.baseURI)).href }
    : { wasmUrl, stdlibUrl },
};
