// wasipy: real CPython 3.13 in the browser. Entry point of the npm package.
import { createSession } from './session.js';
import { wasmUrl, stdlibUrl, stdlibExtraUrl, defaultAssetUrls } from './assets.js';
import { defaultFiles } from './options.js';

export { Session } from './session.js';
export { WasipyError, OptionsError, SessionDisposedError, LoadError, InstallError } from './errors.js';
export { scriptBlock } from './script-block.js';
export { flavourFor, FLAVOURS } from './flavours.js';
export { DEFAULTS } from './options.js';

/**
 * Loads wasipy (once per page) and starts a session in a Web Worker.
 * @param {Partial<typeof import('./options.js').DEFAULTS>} [options]
 * @returns {Promise<import('./session.js').Session>}
 */
export function loadPython(options = {}) {
  const defaults = defaultFiles(options, { wasmUrl, bootUrl: defaultAssetUrls.stdlibUrl, manifestUrl: defaultAssetUrls.stdlibManifestUrl, stdlibUrl, stdlibExtraUrl, flavoursUrl: defaultAssetUrls.flavoursUrl });
  return createSession(options, defaults);
}
