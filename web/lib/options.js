// The options of loadPython(), each documented next to its default, and
// their validation: conflicting or mistyped options are rejected up front.
import { OptionsError } from './errors.js';
import { FLAVOURS, flavourFor } from './flavours.js';

export const DEFAULTS = {
  /** URL of wasipy.wasm. Default: the file emitted next to the built library. */
  wasmUrl: undefined,
  /**
   * URL of the stdlib archive. Default: python313-boot.zip next to the built
   * library, the few modules start-up needs (with stdlibManifestUrl). Given
   * with stdlibExtraUrl or stdlibExtra: python313.zip, the two-archive stdlib.
   */
  stdlibUrl: undefined,
  /**
   * URL of stdlib-manifest.json: every other stdlib module is a file of its own
   * in stdlib/ beside it, which the worker fetches at its first import. Default:
   * next to the built library, unless the two-archive stdlib is asked for
   * (stdlib, stdlibUrl, stdlibExtra or stdlibExtraUrl given).
   */
  stdlibManifestUrl: undefined,
  /** URL of python313-extra.zip, the rarely imported part of the two-archive stdlib, fetched on first import of one of its modules. */
  stdlibExtraUrl: undefined,
  /** An already compiled WebAssembly.Module of wasipy.wasm (instead of wasmUrl). */
  module: undefined,
  /**
   * URL of wasipy-rare.wasm, the rest of the browsers' split wasipy.wasm (the
   * code most pages never run), fetched after the first output or when a run
   * first needs it. Default: beside wasmUrl.
   */
  rareUrl: undefined,
  /** An already compiled WebAssembly.Module of wasipy-rare.wasm (instead of rareUrl). */
  rare: undefined,
  /** The stdlib archive's bytes (instead of stdlibUrl). */
  stdlib: undefined,
  /** python313-extra.zip's bytes (instead of stdlibExtraUrl). */
  stdlibExtra: undefined,
  /**
   * The module flavour to start with: 'numpy' (wasipy with numpy built in), or
   * undefined for the plain module. Default: 'numpy' when `packages` names numpy.
   * A session that installs numpy later restarts with that module (flavours.js).
   */
  flavour: undefined,
  /** URL of the folder of the flavours (flavours/NAME/wasipy.wasm, manifest.json, files/). Default: flavours/ next to the built library. */
  flavoursUrl: undefined,
  /**
   * Called with ('stdout' | 'stderr', text) for each piece of output as it is
   * written, both streams in the order a terminal would show them; pieces are
   * not lines (a prompt has no "\n"). What a console-like page wants.
   */
  onOutput: undefined,
  /** Called with each complete line the snippet prints to stdout (without "\n"). */
  onStdout: undefined,
  /** Called with each complete line printed to stderr (tracebacks included). */
  onStderr: undefined,
  /**
   * Called with (prompt, {signal}) when Python reads stdin and the text given to
   * the run is used up; returns (or resolves to) the line, or null for end of
   * input (Ctrl-D). `signal` aborts when the run ends or is interrupted first.
   * Only where `session.capabilities.stdin` is true; elsewhere stdin ends there.
   */
  onStdinRequest: undefined,
  /**
   * Called with each display of a run (display(), a last value with a rich
   * representation): {data: {mime type: text}} (images as base64), or {clear:
   * true} for clear_output(); in order with onOutput's text. The data is
   * untrusted: web/ui/rich-output.js shows it safely. Without it, a display's
   * text/plain goes to onOutput as stdout.
   */
  onDisplay: undefined,
  /** Called with {phase: 'download', file, loaded, total?}, then {phase: 'init'}, then {phase: 'ready', initMs}. */
  onProgress: undefined,
  /** Run Python in a Web Worker, so the page never freezes and stop() works. false: on this thread (Node, tests). */
  useWorker: true,
  /** Characters of stdout and of stderr kept per run; beyond it the output is cut with a marker. */
  outputLimit: 1_000_000,
  /**
   * Packages installed before the session is ready: requirement strings
   * ("attrs", "rich>=13") or URLs of .whl files (relative to the page). See session.install().
   */
  packages: [],
  /** Base URL of the PEP 503/691 simple index packages come from. */
  indexUrl: 'https://pypi.org/simple/',
  /**
   * The time zone of Python's local time (its TZ): an IANA name ("Europe/Paris")
   * or a POSIX TZ string ("EST5EDT,M3.2.0,M11.1.0"). Default: the reader's, as
   * the browser knows it (Intl.DateTimeFormat().resolvedOptions().timeZone).
   */
  timeZone: undefined,
  /**
   * How deep C code may recurse (nested data in repr/json/pickle, deeply nested
   * source in compile) before RecursionError. Default: what the stack holds with
   * a margin, 1500 where the browser has JSPI (Chromium), else 500
   * (C_RECURSION_LIMIT in python-host.js); more than the stack holds crashes
   * the session instead of raising.
   */
  cRecursionLimit: undefined,
};

const KINDS = {
  wasmUrl: ['string', 'url'],
  stdlibUrl: ['string', 'url'],
  stdlibManifestUrl: ['string', 'url'],
  module: ['module'],
  rareUrl: ['string', 'url'],
  rare: ['module'],
  stdlib: ['bytes'],
  stdlibExtraUrl: ['string', 'url'],
  stdlibExtra: ['bytes'],
  flavour: ['string'],
  flavoursUrl: ['string', 'url'],
  onOutput: ['function'],
  onStdout: ['function'],
  onStderr: ['function'],
  onProgress: ['function'],
  onStdinRequest: ['function'],
  onDisplay: ['function'],
  useWorker: ['boolean'],
  outputLimit: ['count'],
  packages: ['list of strings'],
  indexUrl: ['string', 'url'],
  timeZone: ['string'],
  cRecursionLimit: ['count'],
};

function kindOf(value) {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'function') return 'function';
  if (typeof value === 'boolean') return 'boolean';
  if (Number.isInteger(value) && value > 0) return 'count';
  if (value instanceof URL) return 'url';
  if (value instanceof WebAssembly.Module) return 'module';
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return 'bytes';
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return 'list of strings';
  return typeof value;
}

/**
 * The file URLs loadPython() fills in for what `options` leaves out, from the
 * built files' `urls`: the per-module stdlib (boot zip and manifest), or the
 * two-archive stdlib when the caller names a part of it (stdlib, stdlibUrl,
 * stdlibExtra or stdlibExtraUrl without stdlibManifestUrl), as before it existed,
 * or when `urls` has no manifest (an app's bundle: index.js, foldersBeside).
 */
export function defaultFiles(options, urls) {
  const defaults = {};
  if (!options.module) defaults.wasmUrl = urls.wasmUrl;
  // The rest of the default module where the bundler put it; with a wasmUrl of the caller's, beside that (session.js).
  if (!options.module && !options.wasmUrl && !options.rare && urls.rareUrl) defaults.rareUrl = urls.rareUrl;
  const twoArchives = (!urls.manifestUrl || ['stdlib', 'stdlibUrl', 'stdlibExtra', 'stdlibExtraUrl'].some((key) => options[key])) && !options.stdlibManifestUrl;
  if (twoArchives) {
    if (!options.stdlib) defaults.stdlibUrl = urls.stdlibUrl;
    if (!options.stdlibExtra) defaults.stdlibExtraUrl = urls.stdlibExtraUrl;
  } else {
    if (!options.stdlib) defaults.stdlibUrl = urls.bootUrl;
    defaults.stdlibManifestUrl = urls.manifestUrl;
    // The flavours go with the per-module stdlib (their packages' files are in its folder).
    if (!options.module && urls.flavoursUrl) defaults.flavoursUrl = urls.flavoursUrl;
  }
  return defaults;
}

/** Returns the options merged with the defaults, or throws OptionsError. */
export function resolveOptions(options = {}, defaults = {}) {
  if (options === null || typeof options !== 'object') {
    throw new OptionsError('loadPython(options): options must be an object, for example loadPython({ onStdout: console.log })');
  }
  for (const [key, value] of Object.entries(options)) {
    if (!(key in KINDS)) {
      throw new OptionsError(`unknown option "${key}"; the options are: ${Object.keys(KINDS).join(', ')}`);
    }
    if (value !== undefined && !KINDS[key].includes(kindOf(value))) {
      throw new OptionsError(`option "${key}" must be a ${KINDS[key].join(' or ')}, not ${kindOf(value)}`);
    }
  }
  if (options.module && options.wasmUrl) throw new OptionsError('give either "module" or "wasmUrl", not both');
  if (options.rare && options.rareUrl) throw new OptionsError('give either "rare" or "rareUrl", not both');
  if (options.stdlib && options.stdlibUrl) throw new OptionsError('give either "stdlib" or "stdlibUrl", not both');
  if (options.stdlibExtra && options.stdlibExtraUrl) throw new OptionsError('give either "stdlibExtra" or "stdlibExtraUrl", not both');
  if (options.stdlibManifestUrl && (options.stdlibExtra || options.stdlibExtraUrl)) {
    throw new OptionsError('give either "stdlibManifestUrl" (the per-module stdlib, with python313-boot.zip) or "stdlibExtra"/"stdlibExtraUrl" (the two-archive stdlib, with python313.zip), not both');
  }
  if (options.flavour !== undefined && !Object.hasOwn(FLAVOURS, options.flavour)) {
    throw new OptionsError(`option "flavour" must be one of: ${Object.keys(FLAVOURS).join(', ')} (or left out for the plain module), not "${options.flavour}"`);
  }
  const merged = { ...DEFAULTS, ...defaults };
  for (const [key, value] of Object.entries(options)) if (value !== undefined) merged[key] = value;
  // numpy among the packages: the numpy module from the start, not the plain one and then that.
  merged.flavour ??= flavourFor(merged.packages) ?? undefined;
  if (merged.flavour && !(merged.flavoursUrl && merged.stdlibManifestUrl)) {
    if (options.flavour) throw new OptionsError(`option "flavour": a flavour needs the per-module stdlib (stdlibManifestUrl) and flavoursUrl; give both, or leave out the two-archive options`);
    merged.flavour = undefined; // packages named numpy, without a flavour to load: the installer says what is missing
  }
  if (merged.flavoursUrl) merged.flavoursUrl = String(merged.flavoursUrl);
  if (!merged.module && !merged.wasmUrl) throw new OptionsError('no wasipy.wasm: pass "wasmUrl" (or "module")');
  if (!merged.stdlib && !merged.stdlibUrl) throw new OptionsError('no stdlib archive: pass "stdlibUrl" (or "stdlib")');
  if (merged.stdlib instanceof ArrayBuffer) merged.stdlib = new Uint8Array(merged.stdlib);
  if (merged.stdlibExtra instanceof ArrayBuffer) merged.stdlibExtra = new Uint8Array(merged.stdlibExtra);
  if (merged.stdlibExtra) merged.stdlibExtraUrl = undefined;
  if (merged.stdlibManifestUrl) merged.stdlibManifestUrl = String(merged.stdlibManifestUrl);
  merged.indexUrl = String(merged.indexUrl);
  return merged;
}
