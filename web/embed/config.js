// Settings read from embed.js's own <script> tag:
//   data-base="https://…/"   where wasipy.wasm, python313-boot.zip, stdlib-manifest.json, stdlib/ and flavours/ are (default: next to embed.js)
//   data-selector="css"      also upgrade these code blocks (for example "pre > code.language-python")
//   preload                  start downloading when the page is idle, not at the first Run
//   data-check-all           a "Run all examples on this page" control before the first `>>>` block
//   data-doctest-flags="…"   doctest options for every `>>>` example, e.g. "ELLIPSIS NORMALIZE_WHITESPACE"
//   data-packages="attrs rich"  packages every snippet on the page can import (installed in each session before its first run)
//   data-index-url="https://…/simple/"  the package index (default: PyPI's)
import { defaultAssetUrls, versioned } from '../lib/assets.js';

function ownScript() {
  const scripts = [...document.querySelectorAll('script[src]')];
  return scripts.find((s) => s.src === import.meta.url) ?? scripts.find((s) => /(^|\/)embed(\.[\w-]+)?\.js(\?|$)/.test(s.src)) ?? null;
}

function urlsUnder(base) {
  // The version keys of this build too: self-hosted copies are this build's files.
  const at = (file) => versioned(new URL(file, base).href, file);
  return { wasmUrl: at('wasipy.wasm'), stdlibUrl: at('python313-boot.zip'), stdlibManifestUrl: at('stdlib-manifest.json'), flavoursUrl: new URL('flavours/', base).href };
}

const script = ownScript();
const base = script?.dataset.base;

export const config = {
  selector: script?.dataset.selector ?? null,
  preload: script?.hasAttribute('preload') ?? false,
  checkAll: script?.hasAttribute('data-check-all') ?? false,
  doctestFlags: script?.dataset.doctestFlags ?? '',
  urls: base ? urlsUnder(new URL(base, document.baseURI)) : defaultAssetUrls,
  packages: splitPackages(script?.dataset.packages),
  indexUrl: script?.dataset.indexUrl ? new URL(script.dataset.indexUrl, document.baseURI).href : undefined,
};

/**
 * A `packages` attribute: requirements separated by spaces, each written
 * without spaces ("attrs rich>=13,<15 six;python_version<'3.14'"), or a JSON
 * array of requirement strings, which may have spaces.
 */
export function splitPackages(value) {
  const text = (value ?? '').trim();
  if (text.startsWith('[')) {
    try {
      const list = JSON.parse(text);
      if (Array.isArray(list) && list.every((r) => typeof r === 'string')) return list;
    } catch {
      // not JSON: taken as space-separated below, and the installer names what does not parse
    }
  }
  return text.split(/\s+/).filter(Boolean);
}
