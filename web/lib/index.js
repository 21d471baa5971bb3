// wasipy: real CPython 3.13 in the browser. Entry point of the npm package.
import { createSession } from './session.js';
import { wasmUrl, stdlibUrl, stdlibExtraUrl, defaultAssetUrls } from './assets.js';

export { Session } from './session.js';
export { WasipyError, OptionsError, SessionDisposedError, LoadError, InstallError } from './errors.js';
export { scriptBlock } from './script-block.js';
export { DEFAULTS } from './options.js';

/**
 * Loads wasipy (once per page) and starts a session in a Web Worker.
 * @param {Partial<typeof import('./options.js').DEFAULTS>} [options]
 * @returns {Promise<import('./session.js').Session>}
 */
export function loadPython(options = {}) {
  const defaults = {};
  if (!options.module) defaults.wasmUrl = wasmUrl;
  // The two-archive stdlib when the caller names a part of it; else the per-module one.
  const twoArchives = ['stdlib', 'stdlibUrl', 'stdlibExtra', 'stdlibExtraUrl'].some((key) => options[key]) && !options.stdlibManifestUrl;
  if (twoArchives) {
    if (!options.stdlib) defaults.stdlibUrl = stdlibUrl;
    if (!options.stdlibExtra) defaults.stdlibExtraUrl = stdlibExtraUrl;
  } else {
    if (!options.stdlib) defaults.stdlibUrl = defaultAssetUrls.stdlibUrl;
    defaults.stdlibManifestUrl = defaultAssetUrls.stdlibManifestUrl;
  }
  return createSession(options, defaults);
}
