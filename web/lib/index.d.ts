// The types of wasipy's JS library (web/lib/index.js, built into dist/wasipy.js):
// written by hand beside the code, checked by web/test/browser/npm-package.test.mjs.
// Keep them in step with options.js (DEFAULTS), session.js, errors.js and flavours.js.

/** The module flavours: the name of one, with the compiled packages it has built in (recipes/flavours.env). */
export declare const FLAVOURS: { readonly numpy: readonly string[] };

/** A module flavour's name: `loadPython({ flavour })`, `flavourFor()`. */
export type Flavour = keyof typeof FLAVOURS;

/** `'stdout'` or `'stderr'`. */
export type OutputStream = 'stdout' | 'stderr';

/** What `onProgress` hears while a session starts, in this order. */
export type LoadProgressEvent =
  /** Bytes of a file arrived (`total`: its size, when the server says it and does not compress). */
  | { phase: 'download'; file: string; loaded: number; total?: number }
  /** The files are in; the interpreter starts. */
  | { phase: 'init' }
  /** A line about an install of the `packages` option. */
  | { phase: 'install'; message: string }
  /** The session is ready; `initMs`: how long the interpreter took to start. */
  | { phase: 'ready'; initMs: number };

/** A display's data: MIME type -> text (images as base64), e.g. `{ 'text/plain': '…', 'image/png': '…' }`. */
export type MimeBundle = Record<string, string>;

/** A change of a drawing (turtle, tkinter's canvas): what `drawCanvas()` of web/ui/canvas-output.js draws. */
export interface CanvasMessage {
  id: string;
  /** A new drawing rather than more of the last one with this id. */
  new: boolean;
  width: number;
  height: number;
  x: number;
  y: number;
  bg: string;
  /** The drawing operations (checked where they are drawn). */
  ops: unknown[];
}

/** One display of a run, for `onDisplay`. Untrusted data: show it safely (web/ui/rich-output.js does). */
export type DisplayMessage =
  | { data: MimeBundle; example?: number }
  | { clear: true }
  | { canvas: CanvasMessage };

/** A click, drag or key on a drawing, for `session.canvasEvent()` (malformed events are dropped). */
export type CanvasEvent =
  | { type: 'button' | 'motion'; canvas: string; x: number; y: number; press?: boolean; button?: 1 | 2 | 3; item?: number }
  | { type: 'key'; canvas: string; keysym: string; char?: string; press?: boolean };

/** The options of `loadPython()`; each is optional (see `DEFAULTS` and the README's table). */
export interface LoadPythonOptions {
  /** URL of wasipy.wasm. Default: the file beside dist/wasipy.js, or the app's bundler's copy. */
  wasmUrl?: string | URL;
  /**
   * URL of the stdlib archive: python313-boot.zip with `stdlibManifestUrl` (the
   * per-module stdlib), python313.zip with `stdlibExtraUrl` (the two-archive stdlib).
   */
  stdlibUrl?: string | URL;
  /** Absolute URL of stdlib-manifest.json, with the stdlib's module files in stdlib/ beside it. */
  stdlibManifestUrl?: string | URL;
  /** URL of python313-extra.zip, the rarely imported part of the two-archive stdlib. */
  stdlibExtraUrl?: string | URL;
  /** An already compiled module of wasipy.wasm, instead of `wasmUrl`. */
  module?: WebAssembly.Module;
  /** URL of wasipy-rare.wasm, the rest of a split wasipy.wasm, fetched after the first output. Default: beside `wasmUrl`. */
  rareUrl?: string | URL;
  /** An already compiled wasipy-rare.wasm, instead of `rareUrl` (with a split `module`). */
  rare?: WebAssembly.Module;
  /** The stdlib archive's bytes, instead of `stdlibUrl` (the two-archive stdlib). */
  stdlib?: Uint8Array | ArrayBuffer;
  /** python313-extra.zip's bytes, instead of `stdlibExtraUrl`. */
  stdlibExtra?: Uint8Array | ArrayBuffer;
  /** The module to start with: `'numpy'` (numpy built in), or none for the plain module. Default: `'numpy'` when `packages` names numpy. */
  flavour?: Flavour;
  /** Absolute URL of the folder of the flavours (`numpy/wasipy.wasm`, `numpy/manifest.json`, `numpy/files/`). */
  flavoursUrl?: string | URL;
  /** Each piece of output as it is written, both streams in the order a terminal shows them (pieces, not lines). */
  onOutput?: (stream: OutputStream, text: string) => void;
  /** Each complete line printed to stdout, without its "\n". */
  onStdout?: (line: string) => void;
  /** Each complete line printed to stderr (tracebacks included), without its "\n". */
  onStderr?: (line: string) => void;
  /**
   * Python reads stdin and the run's `stdin` text is used up: return (or
   * resolve to) the line, or null for end of input. `signal` aborts when the
   * run no longer waits. Only where `session.capabilities.stdin` is true.
   */
  onStdinRequest?: (prompt: string, context: { signal: AbortSignal }) => string | null | undefined | Promise<string | null | undefined>;
  /** Each display of a run, in order with `onOutput`'s text. Without it a display's text/plain goes to `onOutput`. */
  onDisplay?: (message: DisplayMessage) => void;
  /** The start's progress: downloads, then init, installs, ready. */
  onProgress?: (event: LoadProgressEvent) => void;
  /** Run Python in a Web Worker (default true); false: on this thread (Node, tests; no `stop()`). */
  useWorker?: boolean;
  /** Characters of stdout, of stderr and of a last expression's value kept per run (default 1000000). */
  outputLimit?: number;
  /** Requirements (`'attrs'`, `'rich>=13'`) or URLs of .whl files, installed before the session is ready. */
  packages?: string[];
  /** The PEP 503/691 simple index packages come from (default PyPI's). */
  indexUrl?: string | URL;
  /** Python's time zone: an IANA name (`'Europe/Paris'`) or a POSIX TZ rule. Default: the reader's. */
  timeZone?: string;
  /** How deep C code may recurse before RecursionError (default 1500 with JSPI, else 500). */
  cRecursionLimit?: number;
}

/** Every option with its default (undefined: computed when the session starts, see `LoadPythonOptions`). */
export declare const DEFAULTS: Readonly<
  Omit<LoadPythonOptions, 'useWorker' | 'outputLimit' | 'packages' | 'indexUrl'> & {
    useWorker: boolean;
    outputLimit: number;
    packages: readonly string[];
    indexUrl: string;
  }
>;

/** How a run ended: `ok`, an uncaught exception, `sys.exit()`, `stop()`, or a wasm trap. */
export type RunStatus = 'ok' | 'error' | 'exit' | 'stopped' | 'crashed';

/** What `session.run()` resolves to: never thrown, whatever the Python code did. */
export interface RunResult {
  status: RunStatus;
  /** What the run printed (at most `outputLimit` characters; `truncated` says when more was cut). */
  stdout: string;
  stderr: string;
  durationMs: number;
  /** `exit`: the code given to `sys.exit()` / `os._exit()`. */
  exitCode?: number;
  /** `ok`: the repr of a last expression. */
  value?: string;
  truncated?: boolean;
  valueTruncated?: boolean;
  /** This run started a fresh interpreter (after a stop, crash, exit or a switch of module). */
  restarted?: boolean;
  /** `crashed`: what happened. */
  error?: string;
  /** `stopped`: why, when not the page's own `stop()`. */
  reason?: string;
  /** The run's `display()` data, at most 200. */
  displays?: MimeBundle[];
  /** Bytes of wasm memory in use after the run. */
  memoryBytes?: number;
}

/** The options of `session.run()`. */
export interface RunOptions {
  /** What `input()` and `sys.stdin` read first; then `onStdinRequest`, or end of input. */
  stdin?: string;
  /** Print a last expression's repr like the REPL (default true); false only returns it as `value`. */
  display?: boolean;
}

/** The options of `session.install()`. */
export interface InstallOptions {
  /** A snippet's source: the dependencies of its PEP 723 `# /// script` block are installed too. */
  script?: string;
  indexUrl?: string | URL;
  /** Install dependencies (default true). */
  deps?: boolean;
  /** Allow pre-releases (default false). */
  pre?: boolean;
  /** A line about each step. */
  onProgress?: (message: string) => void;
}

/** A package and its version. */
export interface InstalledPackage {
  name: string;
  version: string;
}

/** What `session.install()` resolves to. */
export interface InstallResult {
  installed: InstalledPackage[];
  already: InstalledPackage[];
  durationMs: number;
}

/** What the browser and the page allow; `session.capabilities` once the session is ready. */
export interface Capabilities {
  /** `input()` asks the page (`onStdinRequest`). */
  stdin: boolean;
  /** `interrupt()` raises KeyboardInterrupt (else it stops the worker). */
  interrupt: boolean;
  /** `time.sleep()` costs no CPU. */
  sleep: boolean;
  /** `wasipy.install()` inside a run can download. */
  installInPython: boolean;
  mechanism: 'jspi' | null;
  /** What is missing and what it means, or null. */
  missing: string | null;
}

/** A Python session: one interpreter (in a Web Worker), its runs queued in order. Made by `loadPython()`. */
export declare class Session {
  private constructor();
  /** The Python version, e.g. `'3.13.5'`; known once ready. */
  version: string | undefined;
  /** What this browser allows; known once ready. */
  capabilities: Capabilities | null;
  /** The module flavour running (null: the plain module). */
  flavour: Flavour | null;
  /** True when the next run starts a fresh interpreter (after a stop, crash or exit). */
  readonly willRestart: boolean;
  /** Runs `code` in the session's `__main__`, after the runs queued before it. Throws only for misuse (`OptionsError`, `SessionDisposedError`). */
  run(code: string, options?: RunOptions): Promise<RunResult>;
  /** Installs packages into this session; rejects with `InstallError` (the session keeps working). */
  install(requirements: string | string[], options?: InstallOptions): Promise<InstallResult>;
  /** Empties `__main__`. */
  reset(): Promise<void>;
  /** KeyboardInterrupt in the run in flight, or `stop()` where it cannot be; whether a run was in flight. */
  interrupt(options?: { graceMs?: number }): boolean;
  /** Ends the run in flight at once (`stopped`); the next run starts a fresh interpreter. Whether a run was in flight. */
  stop(options?: { reason?: string }): boolean;
  /** A click or key on a drawing, for the run's tkinter; whether it was passed on. */
  canvasEvent(event: CanvasEvent): boolean;
  /** Ends the worker; the run in flight and queued runs end as `stopped`, later calls throw `SessionDisposedError`. */
  dispose(): void;
}

/** Loads wasipy (once per page) and starts a session; rejects with `OptionsError`, `LoadError`, `InstallError` or `SessionDisposedError`. */
export declare function loadPython(options?: LoadPythonOptions): Promise<Session>;

/** The base class of wasipy's errors; `name` is the class's name. */
export declare class WasipyError extends Error {
  constructor(message: string);
}

/** An option has a wrong type or conflicts with another one. */
export declare class OptionsError extends WasipyError {}

/** The session was disposed; create a new one with `loadPython()`. */
export declare class SessionDisposedError extends WasipyError {}

/** wasipy.wasm or a stdlib file could not be fetched or compiled; the message says which and what to do. */
export declare class LoadError extends WasipyError {}

/** Packages could not be installed; the message says which and why. */
export declare class InstallError extends WasipyError {
  constructor(message: string, status?: InstallError['status']);
  /** `error`: nothing was installed; `interrupted`: Stop during the install (the session is kept); else how the install's interpreter ended. */
  status: 'error' | 'interrupted' | 'stopped' | 'crashed' | 'exit';
}

/** The `# /// script` blocks (PEP 723) of a source, joined, or null. */
export declare function scriptBlock(source: string): string | null;

/** The flavour a set of requirements (and a PEP 723 block) needs, or null for the plain module. */
export declare function flavourFor(requirements?: readonly string[], block?: string | null): Flavour | null;
