// wasipy: real CPython 3.13 in the browser. Entry point of the npm package.
import { createSession } from './session.js';
import { wasmUrl, stdlibUrl, stdlibExtraUrl } from './assets.js';

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
  if (!options.stdlib) defaults.stdlibUrl = stdlibUrl;
  if (!options.stdlibExtra) defaults.stdlibExtraUrl = stdlibExtraUrl;
  return createSession(options, defaults);
}
