// The playground (web/index.html), the embed script (web/embed/embed.js -> dist/embed.js)
// and its example docs page, built into one static dist/.
import { defineConfig } from 'vite';
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

// Files that keep their names in dist/, so that embed.js and self-hosters find
// them next to each other (`data-base` points elsewhere).
const STABLE_NAMES = new Set(['wasipy.wasm', 'python313.zip', 'python313-extra.zip']);

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

export default defineConfig({
  root: here('./web'),
  // Relative URLs everywhere: dist/ works from any static host and any sub-path.
  base: './',
  publicDir: false,
  plugins: [docsExample()],
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
        assetFileNames: (asset) => (STABLE_NAMES.has(asset.names?.[0] ?? asset.name) ? '[name][extname]' : 'assets/[name]-[hash][extname]'),
      },
    },
  },
  worker: { format: 'es' },
  server: {
    // wasipy.wasm and the stdlib zip are read from target/wasipy (outside web/).
    fs: { allow: [here('.')] },
  },
});
