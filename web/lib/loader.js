// Downloads wasipy.wasm, the stdlib archive and (for the per-module stdlib)
// its manifest once per page (in parallel, with progress) and compiles the
// module while it streams in. The result is shared by every session: a
// WebAssembly.Module can be posted to workers.
import { LoadError } from './errors.js';
import { zipProblem, wasmProblem, fileProtocolProblem, bootBuildKey, fileName } from './file-checks.js';

const RELOAD = 'reload the page (bypassing the cache: Shift+Reload); if that keeps happening, the server has files of two wasipy builds: deploy all of dist/ again';

// One download per page and pair of URLs; every caller's onProgress hears it
// (a late caller first gets the latest event of each file).
const cache = new Map();

/** What to do when a flavour's file is not on the server (`make build-numpy` was not run before `npm run build`). */
const flavourFix = (url) => {
  const name = new URL(url, 'http://x/').pathname.split('/').at(-2);
  return `wasipy's ${name} module is not on this server: build it (\`make build-${name}\`, then \`npm run build\`) and deploy dist/flavours/ with the other wasipy files`;
};

async function open(url, file, notFound = null) {
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    const fromFile = fileProtocolProblem(file);
    if (fromFile) throw new LoadError(fromFile);
    throw new LoadError(`could not fetch ${file} from ${url}: ${e.message}; check your connection and the URL, then reload the page`);
  }
  if (!response.ok) {
    // Our dev server says what to do about a file `make build` has not made yet (vite.config.js).
    const fix = response.headers.get('x-wasipy-fix') ?? (response.status === 404 ? notFound : null) ?? 'run `npm run build` and serve dist/, or pass the right URL';
    throw new LoadError(`could not fetch ${file} from ${url}: HTTP ${response.status}; ${fix}`);
  }
  return response;
}

/** The body of `response`, reporting bytes as they arrive. */
function counted(response, file, onProgress) {
  // Content-Length counts compressed bytes when the server gzips: then it is no total.
  const length = Number(response.headers.get('content-length')) || undefined;
  const encoded = /gzip|br|deflate|zstd/.test(response.headers.get('content-encoding') ?? '');
  const total = encoded ? undefined : length;
  let loaded = 0;
  onProgress?.({ phase: 'download', file, loaded, total });
  return response.body.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      loaded += chunk.byteLength;
      onProgress?.({ phase: 'download', file, loaded, total });
      controller.enqueue(chunk);
    },
  }));
}

/** Reads a response's body only to report its progress. */
async function drain(response, file, onProgress) {
  const reader = counted(response, file, onProgress).getReader();
  while (!(await reader.read()).done);
}

/**
 * Fetches and compiles a module (wasipy.wasm, or `file`: wasipy-rare.wasm in the
 * worker, rare-code.js), saying what went wrong in a LoadError.
 * @param {string} url
 * @param {{onProgress?: Function, notFound?: string | null, file?: string}} [o]
 */
export async function compileWasm(url, { onProgress, notFound = null, file = 'wasipy.wasm' } = {}) {
  return compileResponse(await open(url, file, notFound), url, file, onProgress);
}

/** compileWasm() of a response open() gave. */
async function compileResponse(response, url, file, onProgress) {
  try {
    if (WebAssembly.compileStreaming && /application\/wasm/.test(response.headers.get('content-type') ?? '')) {
      // Compile the fetch's own Response (a clone only counts bytes): then the
      // browser may cache the compiled code with the HTTP cache entry, and a
      // warm start skips compiling.
      if (!onProgress) return await WebAssembly.compileStreaming(response);
      const counter = response.clone(); // before compiling takes the body
      const [module] = await Promise.all([WebAssembly.compileStreaming(response), drain(counter, file, onProgress)]);
      return module;
    }
    // A server that does not say application/wasm: compile from the bytes, once they look like a module.
    const bytes = new Uint8Array(await new Response(counted(response, file, onProgress)).arrayBuffer());
    const problem = wasmProblem(bytes, url, response.headers.get('content-type'));
    if (problem) throw new LoadError(problem);
    return await WebAssembly.compile(bytes);
  } catch (e) {
    if (e instanceof LoadError) throw e;
    throw new LoadError(`${file} from ${url} did not compile: ${e.message}; reload the page (a download cut off does this), and check that it is the file built by \`make build\``);
  }
}

/** A zip archive's bytes from a response open() gave. */
async function zipBytes(response, url, onProgress) {
  const file = fileName(url);
  let bytes;
  try {
    bytes = new Uint8Array(await new Response(counted(response, file, onProgress)).arrayBuffer());
  } catch (e) {
    throw new LoadError(`the download of ${file} from ${url} broke off: ${e.message}; check your connection, then reload the page`);
  }
  const problem = zipProblem(bytes, url, response.headers.get('content-type'));
  if (problem) throw new LoadError(problem);
  return bytes;
}

/**
 * stdlib-manifest.json (scripts/pack_stdlib.py): the per-module stdlib's files,
 * sizes, magic and build key; or a flavour's manifest.json of the same shape
 * (scripts/pack_recipes.py --web: its packages' files).
 */
async function readManifest(response, url, onProgress, file = 'stdlib-manifest.json', what = 'stdlib') {
  const text = await new Response(counted(response, file, onProgress)).text().catch((e) => {
    throw new LoadError(`the download of ${file} from ${url} broke off: ${e.message}; check your connection, then reload the page`);
  });
  let manifest;
  try {
    manifest = JSON.parse(text);
  } catch {
    manifest = null;
  }
  if (typeof manifest?.build !== 'string' || !/^[0-9a-f]{8}$/.test(manifest.magic ?? '') || typeof manifest.files !== 'object') {
    const head = text.slice(0, 40).replace(/\s+/g, ' ');
    throw new LoadError(`${url} returned ${response.headers.get('content-type') ?? 'a response'} starting with '${head}', not wasipy's ${file}: check that it is deployed next to the other wasipy files (embed.js, or the data-base / URL options)`);
  }
  // The URL's ?v= is the build key this page's JavaScript was built with (vite.config.js).
  const wanted = new URL(url, 'http://x/').searchParams.get('v');
  if (wanted && wanted !== manifest.build) {
    throw new LoadError(`${url} is the ${what} of another wasipy build (${manifest.build}) than this page's (${wanted}): ${RELOAD}`);
  }
  return manifest;
}

/** A flavour's manifest.json: its packages' files, under files/ beside it, for the same Python as the stdlib's. */
async function readFlavourManifest(response, url, onProgress, stdlibManifest) {
  const manifest = await readManifest(response, url, onProgress, 'manifest.json', 'flavour\'s file list');
  if (typeof manifest.packages !== 'object') {
    throw new LoadError(`${url} is not a wasipy flavour's manifest.json (it names no packages): check the flavour's URL`);
  }
  if (manifest.magic !== (await stdlibManifest).magic) {
    throw new LoadError(`${url} is for another Python version than this wasipy's stdlib (.pyc magic ${manifest.magic}): ${RELOAD}`);
  }
  return { url: new URL('files/', url).href, manifest, name: 'manifest.json' };
}

function download({ wasmUrl, stdlibUrl, stdlibManifestUrl, flavourManifestUrl, module, stdlib }, report) {
  // The requests start together, and a failure to get a file is reported in
  // this order, not in the order the answers come: a server without any of
  // them is first said about wasipy.wasm. Only the answers are waited for in
  // order (the headers, not the bodies).
  const [wasmAt, zipAt, manifestAt, flavourAt] = [wasmUrl, stdlibUrl, stdlibManifestUrl, flavourManifestUrl].map((url) => url && String(url));
  const opening = [
    !module && open(wasmAt, 'wasipy.wasm', flavourAt && flavourFix(flavourAt)),
    !stdlib && open(zipAt, fileName(zipAt)),
    manifestAt && open(manifestAt, 'stdlib-manifest.json'),
    flavourAt && open(flavourAt, 'manifest.json', flavourFix(flavourAt)),
  ];
  for (const answer of opening) if (answer) answer.catch(() => {}); // awaited in order below
  const answered = (async () => {
    for (const answer of opening) await answer;
  })();
  const reading = (i, read) => opening[i] && answered.then(() => opening[i]).then(read);
  const wasm = module ?? reading(0, (response) => compileResponse(response, wasmAt, 'wasipy.wasm', report));
  const zip = stdlib ?? reading(1, (response) => zipBytes(response, zipAt, report));
  const stdlibManifest = reading(2, (response) => readManifest(response, manifestAt, report));
  return Promise.all([
    wasm,
    zip,
    stdlibManifest,
    reading(3, (response) => readFlavourManifest(response, flavourAt, report, stdlibManifest)),
  ]).then(([m, s, manifest, packages]) => {
    if (!manifest) return { module: m, stdlib: s };
    // The boot zip and the tree must be of one build: another's modules would import wrongly, or not at all.
    const bootKey = bootBuildKey(s);
    if (bootKey !== manifest.build) {
      const what = bootKey ? `of build ${bootKey}` : 'not python313-boot.zip (it has no build key)';
      throw new LoadError(`the stdlib archive from ${stdlibUrl ?? 'the stdlib option'} is ${what}, but ${stdlibManifestUrl} is of build ${manifest.build}: ${RELOAD}`);
    }
    // The files are in stdlib/ beside the manifest (its query, the version key, left out).
    const stdlibTree = { url: new URL('stdlib/', String(stdlibManifestUrl)).href, manifest };
    // A flavour's packages are files of the same folder, fetched from the flavour's files/.
    if (packages) stdlibTree.packages = packages;
    return { module: m, stdlib: s, stdlibTree };
  });
}

/**
 * @returns {Promise<{module: WebAssembly.Module, stdlib: Uint8Array,
 *   stdlibTree?: {url: string, manifest: object, packages?: {url: string, manifest: object, name: string}}}>}
 *   stdlibTree: with `stdlibManifestUrl` (the per-module stdlib, whose files the worker fetches
 *   from `url` at their first import); its `packages`: with `flavourManifestUrl` (a flavour's
 *   compiled packages' Python files, in the same folder, fetched from their own `url`)
 */
export function loadAssets({ wasmUrl, stdlibUrl, stdlibManifestUrl, flavourManifestUrl, module, stdlib, onProgress }) {
  // A caller's own module or bytes are not the page's shared download.
  if (module || stdlib) return download({ wasmUrl, stdlibUrl, stdlibManifestUrl, flavourManifestUrl, module, stdlib }, onProgress);
  const key = `${wasmUrl}|${stdlibUrl}|${stdlibManifestUrl}|${flavourManifestUrl}`;
  let entry = cache.get(key);
  if (!entry) {
    entry = { listeners: new Set(), latest: new Map() };
    entry.promise = download({ wasmUrl, stdlibUrl, stdlibManifestUrl, flavourManifestUrl }, (event) => {
      entry.latest.set(event.file, event);
      for (const listener of entry.listeners) listener(event);
    });
    entry.promise.catch(() => cache.delete(key)); // a failed download may be retried
    cache.set(key, entry);
  }
  if (onProgress) {
    for (const event of entry.latest.values()) onProgress(event);
    entry.listeners.add(onProgress);
    // Once the download settled no event comes: the cache entry outlives the caller, its listener must not.
    const forget = () => entry.listeners.delete(onProgress);
    entry.promise.then(forget, forget);
  }
  return entry.promise;
}
