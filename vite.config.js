// The playground (web/index.html), the embed script (web/embed/embed.js -> dist/embed.js),
// its example docs page and the JS library (web/lib/index.js -> dist/wasipy.js,
// the npm package's entry), built into one static dist/.
import { build, defineConfig } from 'vite';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import { BUILT_FILES, builtFlavours, missingBuiltFiles } from './scripts/built-files.mjs';
import { FLAVOURS } from './web/lib/flavours.js';
import { earlyDownloads } from './web/playground/early-downloads.js';
import { earlyWorker } from './web/playground/early-worker.js';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

// Files that keep their names in dist/, so that embed.js and self-hosters find
// them next to each other (`data-base` points elsewhere).
const STABLE_NAMES = new Set(['wasipy.wasm', 'wasipy-rare.wasm', 'python313.zip', 'python313-extra.zip', 'python313-boot.zip', 'stdlib-manifest.json']);

/**
 * The example docs page is plain HTML that loads `../embed.js` exactly as a docs
 * site would, so Vite must not bundle it: copied as it is into dist/examples/,
 * and in dev `/embed.js` is served from the source entry.
 */
function docsExample() {
  return {
    name: 'wasipy-docs-example',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        if (req.url === '/embed.js' || req.url.startsWith('/embed.js?')) req.url = '/embed/embed.js';
        next();
      });
    },
    writeBundle(options) {
      mkdirSync(`${options.dir}/examples`, { recursive: true });
      copyFileSync(here('./web/examples/docs.html'), `${options.dir}/examples/docs.html`);
    },
  };
}

/**
 * wasipy.wasm and the stdlib archives are made by `make build` (target/wasipy/),
 * which `npm run dev` and `npm run build` run first. When they are missing
 * anyway (the step skipped, or the files deleted since), say so instead of
 * failing obscurely: the dev server still serves the page (the imports of the
 * missing files resolve) and answers the files themselves with a 404 that names
 * the fix, which the page shows (web/lib/loader.js reads X-Wasipy-Fix); a
 * production build stops with the fix.
 */
function builtFiles() {
  const root = here('.');
  const fix = (file) => `${file} is not built: run \`make build\` in the repository, then reload the page`;
  const UNBUILT = '\0wasipy-unbuilt:'; // + index in BUILT_FILES
  let config;
  return {
    name: 'wasipy-built-files',
    configResolved(resolved) {
      config = resolved;
    },
    buildStart() {
      const missing = missingBuiltFiles(root);
      if (config.command === 'build' && missing.length) {
        this.error(`${missing.join(', ')} not built: run \`make build\` first (\`npm run build\` does, unless WASIPY_SKIP_BUILD is set)`);
      }
    },
    // In dev, `import url from '…/wasipy.wasm?url'` of a missing file gives the
    // URL it will have once built (Vite would fail the whole page's module graph).
    resolveId(source, importer) {
      if (config.command !== 'serve' || !importer || !/\?url$/.test(source)) return null;
      const file = resolve(dirname(importer.split('?')[0]), source.replace(/\?url$/, ''));
      const index = BUILT_FILES.findIndex((f) => file === resolve(root, f));
      return index < 0 || existsSync(file) ? null : `${UNBUILT}${index}`;
    },
    load(id) {
      if (!id.startsWith(UNBUILT)) return null;
      const file = resolve(root, BUILT_FILES[Number(id.slice(UNBUILT.length))]);
      return `export default ${JSON.stringify(`${config.base}@fs${file}`)};`;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
        const file = BUILT_FILES.find((f) => path === `${config.base}@fs${resolve(root, f)}`);
        if (!file || existsSync(resolve(root, file))) return next();
        res.statusCode = 404;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.setHeader('X-Wasipy-Fix', fix(file));
        res.end(`${fix(file)}\n`);
      });
      server.httpServer?.once('listening', () => {
        const missing = missingBuiltFiles(root);
        if (missing.length) server.config.logger.warn(`\n  ${missing.join(', ')} not built: the page will say so. Run \`make build\`, then reload the page.\n`);
      });
    },
  };
}

/**
 * A version key per built file: the first 12 hex digits of its sha256. The
 * files keep their STABLE_NAMES; web/lib/assets.js adds `?v=<key>` to their
 * URLs, so each build asks for its own versions and the HTTP cache never pairs
 * an old deploy's module with new JavaScript. Only for `vite build`: the dev
 * server serves whatever `make build` wrote last.
 */
function versionKeys(command) {
  if (command !== 'build') return {};
  const keys = {};
  for (const file of BUILT_FILES) {
    const path = here(`./${file}`);
    if (!existsSync(path)) continue;
    // The manifest's key is the stdlib build it names: loader.js checks the two agree.
    keys[basename(file)] = basename(file) === 'stdlib-manifest.json'
      ? JSON.parse(readFileSync(path, 'utf8')).build
      : createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 12);
  }
  // A flavour's module and manifest (web/lib/versions.js flavourFiles), by their dist/ paths.
  for (const { name, files } of builtFlavours(here('.'))) {
    for (const file of ['wasipy.wasm', 'wasipy-rare.wasm'].filter((f) => files[f])) {
      keys[`flavours/${name}/${file}`] = createHash('sha256').update(readFileSync(here(`./${files[file]}`))).digest('hex').slice(0, 12);
    }
    keys[`flavours/${name}/manifest.json`] = JSON.parse(readFileSync(here(`./${files['manifest.json']}`), 'utf8')).build;
  }
  return keys;
}

/** The worker's script in `bundle` (dist/assets/worker-….js): the asset web-worker.js names. */
export function workerScript(bundle) {
  const starter = Object.values(bundle ?? {}).find((chunk) => chunk.type === 'chunk' && chunk.moduleIds.includes(here('./web/lib/web-worker.js')));
  const scripts = [...(starter?.viteMetadata?.importedAssets ?? [])].filter((file) => file.endsWith('.js'));
  if (scripts.length !== 1) throw new Error(`found ${scripts.length} worker scripts named by web/lib/web-worker.js's chunk (${scripts.join(', ')}), not one: the playground's head cannot make its worker`);
  return scripts[0];
}

/**
 * The playground's head starts the plain module's downloads before the page's
 * scripts have loaded (web/playground/early-downloads.js), at the URLs assets.js
 * asks for: the same files, with the same ?v= keys (`keys`, versionKeys's; index.html is beside them).
 * Then it makes the Python worker (web/playground/early-worker.js), which the session takes.
 */
function earlyDownloadsHead(keys) {
  return {
    name: 'wasipy-early-downloads',
    apply: 'build',
    transformIndexHtml(html, { filename, bundle }) {
      if (filename !== here('./web/index.html')) return html;
      const files = ['wasipy.wasm', 'python313-boot.zip', 'stdlib-manifest.json'].map((file) => `./${file}${keys[file] ? `?v=${keys[file]}` : ''}`);
      const names = Object.values(FLAVOURS).flat();
      const call = `(${earlyDownloads})(${JSON.stringify(files)}, ${JSON.stringify(names)});\n(${earlyWorker})(${JSON.stringify(`./${workerScript(bundle)}`)});`;
      // Before the stylesheet, which would hold it back (a script waits for the
      // style sheets above it), and after <meta charset> (in the first 1024 bytes).
      const at = html.indexOf('<link rel="stylesheet"');
      if (at < 0) throw new Error('web/index.html has no <link rel="stylesheet">, before which the early downloads go');
      return `${html.slice(0, at)}<script>${call}</script>\n  ${html.slice(at)}`;
    },
  };
}

/**
 * The module flavours built for browsers (`make build-numpy`): target/wasipy-NAME's
 * module (its two parts), web/manifest.json and web/files/ go to dist/flavours/NAME/
 * (wasipy.wasm, wasipy-rare.wasm, manifest.json, files/), where web/lib/versions.js looks for them
 * beside wasipy.wasm. In dev they are served from target/ under the same names.
 * None built: the page says which file is missing when a snippet declares numpy.
 */
function flavours() {
  const root = here('.');
  let config;
  return {
    name: 'wasipy-flavours',
    configResolved(resolved) {
      config = resolved;
    },
    writeBundle(options) {
      for (const { name, files } of builtFlavours(root)) {
        for (const [file, from] of Object.entries(files)) {
          cpSync(resolve(root, from), `${options.dir}/flavours/${name}/${file}`, { recursive: true });
        }
      }
    },
    configureServer(server) {
      // wasmUrl in dev is /@fs/<root>/target/wasipy/web/wasipy.wasm: its flavours/ folder is served from target/wasipy-NAME/.
      const prefix = `${config.base}@fs${resolve(root, 'target/wasipy/web/flavours')}/`;
      server.middlewares.use(async (req, res, next) => {
        const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
        if (!path.startsWith(prefix)) return next();
        const [name, file, ...rest] = path.slice(prefix.length).split('/');
        const flavour = builtFlavours(root).find((f) => f.name === name);
        const from = flavour?.files[file] && resolve(root, flavour.files[file], ...rest);
        if (!from || rest.includes('..') || !existsSync(from) || !(await stat(from)).isFile()) {
          const fix = `the ${name} module is not built: run \`make build-${name}\` in the repository, then reload the page`;
          res.statusCode = 404;
          res.setHeader('Content-Type', 'text/plain; charset=utf-8');
          res.setHeader('X-Wasipy-Fix', fix);
          return res.end(`${fix}\n`);
        }
        res.setHeader('Content-Type', from.endsWith('.wasm') ? 'application/wasm' : from.endsWith('.json') ? 'application/json' : 'application/octet-stream');
        res.end(await readFile(from));
      });
    },
  };
}

/**
 * The per-module stdlib's files (target/wasipy/web/stdlib/, one .pyc per
 * module, fetched by the worker at their first import) go to dist/stdlib/,
 * beside stdlib-manifest.json, under their own paths: no bundler knows them.
 * In dev they are served from target/ next to the manifest (server.fs.allow).
 */
function stdlibTree() {
  return {
    name: 'wasipy-stdlib-tree',
    apply: 'build',
    writeBundle(options) {
      cpSync(here('./target/wasipy/web/stdlib'), `${options.dir}/stdlib`, { recursive: true });
    },
  };
}

// The built files keep their names in dist/ (STABLE_NAMES); the rest go to assets/ with a hash.
const assetFileNames = (asset) => (STABLE_NAMES.has(asset.names?.[0] ?? asset.name) ? '[name][extname]' : 'assets/[name]-[hash][extname]');

/**
 * dist/wasipy.js: the JS library (web/lib/index.js) prebuilt, the npm
 * package's entry, with its chunks and worker in dist/lib/. A build of its
 * own, run once the pages' files are written (and before precompressed()
 * reads them), so that the pages' chunks stay as they are (embed.js's size is
 * measured). It names the module and the stdlib archives as
 * `new URL('wasipy.wasm', import.meta.url)` and so on: an app's bundler emits
 * these files into the app (index.js, foldersBeside), Node and a static host
 * use them where they are.
 * `keys`: versionKeys's, which the library's URLs carry too.
 */
function library(keys) {
  let config;
  return {
    name: 'wasipy-library',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    async writeBundle(options) {
      await build({
        configFile: false,
        root: here('./web'),
        base: './',
        publicDir: false,
        // Its warnings and errors; not a second list of the same files (one line below says it).
        logLevel: (config.logLevel ?? 'info') === 'info' ? 'warn' : config.logLevel,
        define: { __WASIPY_VERSIONS__: JSON.stringify(keys) },
        plugins: [builtFiles()],
        build: {
          outDir: options.dir,
          emptyOutDir: false,
          assetsInlineLimit: 0,
          target: 'es2022',
          // An app's bundler bundles these chunks again and Node runs them: a
          // list of chunks to preload would name files the app does not have,
          // and Node has no document to add them to.
          modulePreload: false,
          // No gzip sizes to compute for a file list that is not printed.
          reportCompressedSize: false,
          rollupOptions: {
            input: { wasipy: here('./web/lib/index.js') },
            preserveEntrySignatures: 'strict',
            output: { entryFileNames: 'wasipy.js', chunkFileNames: 'lib/[name]-[hash].js', assetFileNames },
          },
        },
        worker: { format: 'es', rollupOptions: { output: { entryFileNames: 'lib/[name]-[hash].js', chunkFileNames: 'lib/[name]-[hash].js' } } },
      });
      config.logger.info(`${relative(config.root, options.dir)}/wasipy.js and lib/: the JS library, the npm package's entry`);
    },
  };
}

// Files that compress: text, the module, the stdlib archives and module files (images and fonts already are).
const COMPRESSIBLE = new Set(['.wasm', '.zip', '.pyc', '.js', '.mjs', '.css', '.html', '.svg', '.json', '.map', '.txt']);
// Smaller files are left alone: compressed or not they arrive in TCP's first
// round trip (initial window 10 × 1460 B), so a second copy buys nothing.
export const PRECOMPRESS_MIN_BYTES = 14 * 1024;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Writes `<file>.br` (brotli quality 11) and `<file>.gz` (gzip -9) beside every
 * compressible file of `dir` of at least PRECOMPRESS_MIN_BYTES, for static hosts
 * that serve precompressed files (nginx gzip_static/brotli_static, Caddy
 * `precompressed`; see "Serving the files" in docs/src/browser.md). A copy that is not
 * smaller than the file is not written. Returns what it wrote and skipped.
 * By hand with node:zlib rather than a plugin package: it is these few lines,
 * and the maintained plugins pull in a glob library and options we do not need.
 */
export async function precompressDirectory(dir, { minBytes = PRECOMPRESS_MIN_BYTES } = {}) {
  const written = [];
  const skipped = [];
  const files = (await readdir(dir, { recursive: true })).map(String).filter((f) => COMPRESSIBLE.has(extname(f)));
  await Promise.all(files.map(async (rel) => {
    const file = join(dir, rel);
    if (!(await stat(file)).isFile()) return;
    const raw = await readFile(file);
    if (raw.length < minBytes) {
      skipped.push(rel);
      return;
    }
    const [br, gz] = await Promise.all([
      brotli(raw, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
      gzipAsync(raw, { level: 9 }),
    ]);
    for (const [ext, body] of [['.br', br], ['.gz', gz]]) {
      if (body.length >= raw.length) continue;
      await writeFile(`${file}${ext}`, body);
      written.push(`${rel}${ext}`);
    }
  }));
  return { written: written.sort(), skipped: skipped.sort() };
}

/** Runs precompressDirectory on the finished dist/ of `vite build` (closeBundle: after every file is written). */
export function precompressed() {
  let outDir;
  return {
    name: 'wasipy-precompressed',
    apply: 'build',
    configResolved(resolved) {
      outDir = resolve(resolved.root, resolved.build.outDir);
    },
    async closeBundle() {
      // A build that failed before writing (a missing file of `make build`): its own error says why.
      if (!existsSync(outDir)) return;
      try {
        await precompressDirectory(outDir);
      } catch (e) {
        this.error(`could not write the precompressed .br/.gz files in ${outDir}: ${e.message}`);
      }
    },
  };
}

export default defineConfig(({ command }) => {
  // Hashed once per build (~90 ms): the page, its head and the library all ask for these versions.
  const keys = versionKeys(command);
  return {
    root: here('./web'),
    define: { __WASIPY_VERSIONS__: JSON.stringify(keys) },
    // Relative URLs everywhere: dist/ works from any static host and any sub-path.
    base: './',
    publicDir: false,
    plugins: [builtFiles(), docsExample(), earlyDownloadsHead(keys), stdlibTree(), flavours(), library(keys), precompressed()],
    build: {
      outDir: here('./dist'),
      emptyOutDir: true,
      // The module and the stdlib are fetched at run time, never inlined.
      assetsInlineLimit: 0,
      target: 'es2022',
      rollupOptions: {
        input: { index: here('./web/index.html'), embed: here('./web/embed/embed.js') },
        // embed.js is a script-tag entry: it must not export-stub or be renamed.
        preserveEntrySignatures: 'allow-extension',
        output: {
          entryFileNames: (chunk) => (chunk.name === 'embed' ? 'embed.js' : 'assets/[name]-[hash].js'),
          assetFileNames,
        },
      },
    },
    worker: { format: 'es' },
    server: {
      // wasipy.wasm and the stdlib zip are read from target/wasipy (outside web/).
      fs: { allow: [here('.')] },
    },
  };
});
