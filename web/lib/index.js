// wasipy: real CPython 3.13 in the browser. Entry point of the npm package.
import { createSession } from './session.js';
import { wasmUrl, rareUrl, stdlibUrl, stdlibExtraUrl, defaultAssetUrls } from './assets.js';
import { defaultFiles } from './options.js';
// With the library's own scripts, not when a session starts: an import then
// would resolve a task later, behind whatever the page does meanwhile (the
// playground builds its editor), and the worker would start that much later.
import { startWebWorker } from './web-worker.js';

export { Session } from './session.js';
export { WasipyError, OptionsError, SessionDisposedError, LoadError, InstallError } from './errors.js';
export { scriptBlock } from './script-block.js';
export { flavourFor, FLAVOURS } from './flavours.js';
export { DEFAULTS } from './options.js';

/**
 * Whether the folders of dist/ are beside the files assets.js names: stdlib/
 * (the per-module stdlib) and flavours/. They are in dist/ (a static host, our
 * dev server, an app's dev server serving node_modules/wasipy/dist/). They are
 * not when an app's bundler built the npm package's dist/wasipy.js into the app
 * (`vite build`, webpack): it emits each file named in assets.js as an asset
 * of its own, under a name with a hash (assets/stdlib-manifest-1a2b3c4d.json),
 * and knows nothing of the folders. That is what the manifest's name tells.
 */
const foldersBeside = /(^|\/)stdlib-manifest\.json$/.test(new URL(defaultAssetUrls.stdlibManifestUrl).pathname);

// A file the app's bundler inlined (the boot zip is under Vite's inline limit)
// is a data: URL, to which assets.js added its ?v=: not part of the data.
const bootUrl = defaultAssetUrls.stdlibUrl.replace(/^(data:[^?]*)\?.*$/, '$1');

/**
 * Loads wasipy (once per page) and starts a session in a Web Worker. In an
 * app's bundle the default is the two-archive stdlib (python313.zip and
 * python313-extra.zip are such assets), unless the app serves a copy of
 * dist/ and passes its stdlibManifestUrl (and flavoursUrl).
 * @param {Partial<typeof import('./options.js').DEFAULTS>} [options]
 * @returns {Promise<import('./session.js').Session>}
 */
export function loadPython(options = {}) {
  const folders = foldersBeside ? { manifestUrl: defaultAssetUrls.stdlibManifestUrl, flavoursUrl: defaultAssetUrls.flavoursUrl } : {};
  const defaults = defaultFiles(options, { wasmUrl, rareUrl, bootUrl, stdlibUrl, stdlibExtraUrl, ...folders });
  return createSession(options, defaults, startWebWorker);
}
