// The worker's side of the session protocol, without the Worker itself so
// that Node tests and the in-thread mode (useWorker: false) run it too.
//
// In:  {type: 'init', module, stdlib, stdlibExtra (bytes) or stdlibExtraUrl, outputLimit, interactive, indexUrl, timeZone, cRecursionLimit}
//      or {type: 'init', module, stdlib (the boot zip), stdlibTree: {url, manifest}, ...}: the per-module
//      stdlib, each file fetched from url + its path when Python opens it (loader.js's loadAssets);
//      stdlibTree.packages: {url, manifest, name}, a flavour's packages' files in the same folder
//      {type: 'run', id, code, stdin, display} | {type: 'reset', id}
//      {type: 'install', id, requirements, script, indexUrl, deps, pre}  (package-install.js)
//      {type: 'interrupt'} | {type: 'stdin', text (null: end of input)} | {type: 'canvas-event', event}  (during a run)
// Out: {type: 'ready', initMs, version, capabilities} | {type: 'init-error', message}
//      {type: 'stdin-request', prompt}  (a run waits for a line)
//      {type: 'output', chunks: [[stream, text], ...]} (batched while a run goes on, in the order written)
//      {type: 'install-progress', id, message}  (a line about an install in flight)
//      {type: 'done', id, result}
//      {type: 'unknown-message', id, received}  (a message type this worker does not know)
import { PythonHost } from './python-host.js';
import { jspiAvailable } from './page-waits.js';
import { fileName, zipProblem, pycProblem, wasmProblem, fileProtocolProblem } from './file-checks.js';
import { installPackages } from './package-install.js';
import { rareLoader } from './rare-code.js';
import { LoadError } from './errors.js';

// A synchronous request has no other end than its answer: give up after this
// long rather than freeze the import forever. Browsers allow a timeout on
// synchronous requests in workers only (on a page, setting one throws).
const SYNC_TIMEOUT_MS = 120_000;

// How long after a run the worker waits before fetching wasipy-rare.wasm in the
// background: the page paints the run's output meanwhile, without its download
// and compile competing for the CPU and the link.
const PREFETCH_DELAY_MS = 200;

/**
 * Fetches a stdlib file synchronously, from inside the WASI call that opens it:
 * the second stdlib archive, or one module of the per-module stdlib. Python is
 * blocked in that call, and a synchronous XMLHttpRequest is what can answer
 * there (the HTTP cache serves repeats). On failure it writes why to the run's
 * stderr (`warn`) and returns null: Python's import then fails with
 * ImportError, and the next import tries again.
 * @param {string} url
 * @param {(text: string) => void} warn
 * @param {object} [o]
 * @param {(bytes: Uint8Array, url: string, contentType: string | null) => string | null} [o.problem]
 *   why the bytes are not the file asked for (default: not a whole zip archive)
 * @param {(status: number) => string} [o.notFound]  what to say about an HTTP 404
 * @param {string} [o.retry]  what the reader does once the cause is fixed
 */
export function syncFetcher(url, warn, { problem = zipProblem, notFound, retry = 'run the import again' } = {}) {
  const file = fileName(url);
  const fail = (why) => {
    warn(`wasipy: could not fetch ${url}: ${why}\n`);
    return null;
  };
  return () => {
    const onPage = typeof document !== 'undefined'; // useWorker: false
    let xhr;
    try {
      xhr = new XMLHttpRequest(); // in the try: Node has none
      xhr.open('GET', url, false);
      if (onPage) {
        // A page's synchronous request may not set responseType: take the body
        // as a string of one char per byte instead.
        xhr.overrideMimeType('text/plain; charset=x-user-defined');
      } else {
        xhr.responseType = 'arraybuffer';
        xhr.timeout = SYNC_TIMEOUT_MS;
      }
      xhr.send();
    } catch (e) {
      const fromFile = fileProtocolProblem(file);
      if (fromFile) return fail(fromFile);
      if (e?.name === 'TimeoutError') return fail(`no answer within ${SYNC_TIMEOUT_MS / 1000} s; check your connection, then ${retry}`);
      return fail(`${e?.message ?? e}; check your connection and the URL, then ${retry}`);
    }
    if (xhr.status === 0) {
      return fail(fileProtocolProblem(file) ?? 'the browser blocked the request (status 0); check the URL, and CORS headers when it is on another origin');
    }
    if (xhr.status === 404 && notFound) return fail(notFound(xhr.status));
    if (xhr.status !== 200) return fail(`HTTP ${xhr.status}; check that ${file} is deployed next to the other wasipy files, then ${retry}`);
    const bytes = onPage ? binaryString(xhr.responseText) : new Uint8Array(xhr.response);
    const why = problem(bytes, url, xhr.getResponseHeader('content-type'));
    return why ? fail(why) : bytes;
  };
}

/**
 * wasipy-rare.wasm's bytes fetched synchronously, for a call that needs them
 * before the download after the first output brought them (rare-code.js);
 * throws a LoadError that says why not. The run that needed them then ends,
 * and the next run tries again.
 */
function fetchRareSync(url) {
  let why = null;
  const bytes = syncFetcher(url, (text) => {
    why = text;
  }, {
    problem: wasmProblem,
    notFound: () => 'HTTP 404: deploy wasipy-rare.wasm next to wasipy.wasm (every build has both), then reload the page',
    retry: 'run the code again',
  })();
  // syncFetcher's line for the run's stderr, as the LoadError's message.
  if (!bytes) throw new LoadError(`${why.replace(/^wasipy: /, '').trim()} (the code this run called is in wasipy-rare.wasm)`);
  return bytes;
}

/** Where the tree's `path` is fetched from: with the build's key as `?v=`, so that the HTTP cache never answers with another build's file. */
function treeFileUrl({ url, manifest }, path) {
  return `${url}${path}?v=${manifest.build}`;
}

/** What is wrong with the bytes that came for the tree's `path`, or null. */
function treeFileProblem({ manifest, name = 'stdlib-manifest.json' }, path) {
  // A flavour's packages have data files too (their .dist-info): only modules have a magic number.
  return (bytes, from, contentType) => (path.endsWith('.pyc') ? pycProblem(bytes, from, contentType, manifest.magic) : null)
    // A body cut off, or a file of another build under the same name.
    ?? (bytes.length === manifest.files[path] ? null
      : `${from} returned ${bytes.length} bytes, but ${name} says ${manifest.files[path]}: the download was cut off, or the file is from another wasipy build; reload the page`);
}

/**
 * The loader of the per-module stdlib's files (filesystem.js): `path` (e.g.
 * "json/decoder.pyc") is fetched from the tree's `url` + path (treeFileUrl).
 * @param {{url: string, manifest: {build: string, magic: string}, name?: string}} tree
 */
export function treeFetcher(tree, warn) {
  const listedIn = tree.name ?? 'stdlib-manifest.json';
  return (path) => syncFetcher(treeFileUrl(tree, path), warn, {
    problem: treeFileProblem(tree, path),
    // The manifest lists it, so the server had it when the page loaded.
    notFound: () => `HTTP 404, although ${listedIn} lists this file: the wasipy files on the server changed since the page loaded (a new deploy), or ${new URL(tree.url).pathname.split('/').at(-2)}/ was not copied with the rest; reload the page`,
  })();
}

/**
 * The per-module stdlib for filesystem.js, with a flavour's packages (loader.js:
 * `tree.packages`) as files of the same folder: each file is fetched from the
 * tree that lists it.
 */
export function treeWithPackages(tree, warn) {
  const { packages } = tree;
  const from = (path) => (packages && Object.hasOwn(packages.manifest.files, path) ? packages : tree);
  return {
    files: { ...tree.manifest.files, ...packages?.manifest.files },
    url: tree.url,
    // For Python's messages (crate/lazy_stdlib.py): the top-level names whose files come from packages.url.
    packages: packages && { url: packages.url, tops: [...new Set(Object.keys(packages.manifest.files).map((p) => p.split('/')[0]))] },
    load: (path) => treeFetcher(from(path), warn)(path),
    loadAsync: (path) => treeAsyncFetcher(from(path))(path),
  };
}

/**
 * The same file fetched without blocking, for a package's modules fetched
 * together (filesystem.js packagePrefetch): null on any failure, which the
 * synchronous load then meets again and reports.
 */
export function treeAsyncFetcher(tree) {
  return async (path) => {
    try {
      const from = treeFileUrl(tree, path);
      const response = await fetch(from);
      if (!response.ok) return null;
      const bytes = new Uint8Array(await response.arrayBuffer());
      return treeFileProblem(tree, path)(bytes, from, response.headers.get('content-type')) ? null : bytes;
    } catch {
      return null;
    }
  };
}

/** The bytes of a body read with charset x-user-defined (each char holds one byte in its low 8 bits). */
function binaryString(text) {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** What this worker can do for the page (Session.capabilities). */
function capabilities(suspending) {
  return {
    // input() asks the page; Stop raises KeyboardInterrupt; time.sleep() costs no CPU.
    stdin: suspending,
    interrupt: suspending,
    sleep: suspending,
    // wasipy.install() inside a run waits for its downloads (session.install() works everywhere).
    installInPython: suspending,
    mechanism: suspending ? 'jspi' : null,
    missing: suspending ? null
      : 'this browser cannot pause WebAssembly (no JavaScript Promise Integration): input() reads only text given in advance, Stop restarts Python, time.sleep() keeps a core busy, wasipy.install() inside code cannot download. Current Chrome and Edge have it.',
  };
}

export function createWorkerHandler(post) {
  let host = null;
  let stdinAnswer = null; // resolves the page's answer to a stdin-request
  /** Asks the page for a line of stdin; the run waits (JSPI) until it answers. */
  const requestStdin = (prompt) => new Promise((resolve) => {
    stdinAnswer = resolve;
    post({ type: 'stdin-request', prompt });
  });
  return async function handle(msg) {
    switch (msg.type) {
      case 'init': {
        try {
          // The warning goes into the run's own stderr, in order with what Python prints.
          const warn = (text) => host?.output.write('stderr', new TextEncoder().encode(text));
          const tree = msg.stdlibTree;
          host = await PythonHost.create({
            module: msg.module,
            rare: msg.rare ?? (msg.rareUrl ? rareLoader(msg.rareUrl, fetchRareSync) : undefined),
            stdlib: msg.stdlib,
            stdlibTree: tree && treeWithPackages(tree, warn),
            stdlibExtra: msg.stdlibExtra ?? (msg.stdlibExtraUrl ? syncFetcher(msg.stdlibExtraUrl, warn) : undefined),
            outputLimit: msg.outputLimit,
            onOutput: (chunks) => post({ type: 'output', chunks }),
            requestStdin,
            suspend: msg.interactive && jspiAvailable,
            indexUrl: msg.indexUrl,
            timeZone: msg.timeZone,
            cRecursionLimit: msg.cRecursionLimit,
          });
          // Fetched and compiled here, once it linked (so it is this build's): the page keeps
          // it for its other sessions' workers and for a restart (session.js).
          if (host.rare && !msg.rare) host.rare.onLinked = (module) => post({ type: 'rare', module });
          // On the page itself (useWorker: false) a module of this size cannot be compiled
          // synchronously, as a placeholder without JSPI would: the rest is linked first.
          if (typeof document !== 'undefined' && !host.promisingRun) await host.rare?.linkAsync();
          const probe = await host.runAsync('import sys\nsys.version.split()[0]', { display: false });
          await host.resetAsync();
          // The repr of a plain version string: strip its quotes.
          post({ type: 'ready', initMs: host.initMs, version: probe.value?.slice(1, -1), capabilities: capabilities(Boolean(host.promisingRun)) });
        } catch (e) {
          post({ type: 'init-error', message: String(e?.message ?? e) });
        }
        return;
      }
      case 'run': {
        // From now on the interpreter may hold the page's code's changes (a replaced
        // installer): its install plans are no longer cached for other sessions.
        host.userCodeRan = true;
        const result = await host.runAsync(msg.code, { stdin: msg.stdin, display: msg.display ?? true });
        result.memoryBytes = host.memoryBytes();
        post({ type: 'done', id: msg.id, result });
        // The first output is out: the rest of a split module comes next, so that a later
        // rare call finds it ready; a moment later, so that the page shows that output first.
        if (host.alive && host.rare && !host.rare.linked) {
          const ran = host;
          setTimeout(() => ran.alive && ran.rare.prefetch(), PREFETCH_DELAY_MS);
        }
        return;
      }
      case 'install': {
        const started = performance.now();
        let result;
        try {
          result = await installPackages(host, msg, (message) => post({ type: 'install-progress', id: msg.id, message }));
        } catch (e) {
          // Never leave the session waiting for this install: it ends, and says why.
          result = { status: host.alive ? 'error' : 'crashed', error: `the install failed: ${e?.message ?? e}` };
        }
        result.durationMs = performance.now() - started;
        result.alive = host.alive;
        post({ type: 'done', id: msg.id, result });
        return;
      }
      case 'reset':
        await host.resetAsync();
        post({ type: 'done', id: msg.id, result: null });
        return;
      // These two arrive while a run waits inside a WASI call (JSPI).
      case 'interrupt':
        host?.interrupt();
        return;
      case 'canvas-event':
        host?.canvasEvents.push(msg.event);
        return;
      case 'stdin': {
        const answer = stdinAnswer;
        stdinAnswer = null;
        answer?.(msg.text);
        return;
      }
      default:
        // A session.js of another wasipy version: say so, so that the run it waits for ends (Session.onMessage).
        post({ type: 'unknown-message', id: msg.id, received: String(msg.type) });
    }
  };
}
