// The build's version keys of its files, apart from assets.js (which imports the
// built files through Vite), so that code Node runs can use them too.

/**
 * Content keys of the built files ({"wasipy.wasm": "<sha256 prefix>", ...}),
 * written in by vite.config.js at build time. The files keep their names (embed
 * users and self-hosters rely on them); `?v=<key>` makes each build's URLs its
 * own, so the HTTP cache cannot mix a cached old module with new JavaScript.
 * One build always asks for the same URL, which the browser's cache of code
 * compiled by compileStreaming is keyed on.
 */
const VERSIONS = typeof __WASIPY_VERSIONS__ === 'object' ? __WASIPY_VERSIONS__ : {};

/** `href` with the version key of `file` (its name in dist/), when the build has one. */
export function versioned(href, file) {
  const key = VERSIONS[file];
  if (!key) return href;
  const url = new URL(href);
  url.searchParams.set('v', key);
  return url.href;
}

/** The files of module flavour `name` (web/lib/flavours.js) in the folder of flavours `flavoursUrl`. */
export function flavourFiles(flavoursUrl, name) {
  const at = (file) => versioned(new URL(`${name}/${file}`, flavoursUrl).href, `flavours/${name}/${file}`);
  // rareUrl: its module's rest, when it is split (scripts/flavour.sh); unused when it is whole.
  return { wasmUrl: at('wasipy.wasm'), rareUrl: at('wasipy-rare.wasm'), flavourManifestUrl: at('manifest.json') };
}

/**
 * loadAssets()'s URLs `urls` for the module `flavour` (its wasm, its rest and
 * its manifest instead of the plain module's: a `module` or `rare` given for
 * the plain one is not the flavour's); `urls` itself for null.
 */
export function withFlavour(urls, flavour) {
  return flavour ? { ...urls, module: undefined, rare: undefined, ...flavourFiles(urls.flavoursUrl, flavour) } : urls;
}

/** Where wasipy-rare.wasm is when it is deployed beside `wasmUrl` (with its query: the build's version key). */
export function rareUrlBeside(wasmUrl) {
  const wasm = new URL(String(wasmUrl), globalThis.location?.href);
  const url = new URL('wasipy-rare.wasm', wasm);
  url.search = wasm.search;
  return url.href;
}

/**
 * The build key both parts of a split module carry (custom section
 * "wasipy.split", scripts/split-key.mjs): the sha256 of the whole module they
 * came from; null for a module that is not a part.
 */
export function splitKey(module) {
  const [section] = WebAssembly.Module.customSections(module, 'wasipy.split');
  return section ? new TextDecoder().decode(section) : null;
}
