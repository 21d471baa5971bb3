// The playground page (web/index.html) and, built into dist/, the static site.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./web'),
  // Relative URLs everywhere: dist/ works from any static host and any sub-path.
  base: './',
  publicDir: false,
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    // The module and the stdlib are fetched at run time, never inlined.
    assetsInlineLimit: 0,
    target: 'es2022',
    rollupOptions: {
      input: { index: here('./web/index.html') },
    },
  },
  worker: { format: 'es' },
  server: {
    // wasipy.wasm and the stdlib zip are read from target/wasipy (outside web/).
    fs: { allow: [here('.')] },
  },
});
