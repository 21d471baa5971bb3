// The files `make build` writes that the web pages need (web/lib/assets.js
// imports them), and which of them a tree lacks. Used by the predev/prebuild
// step (scripts/ensure-built.mjs) and by the Vite config.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const BUILT_FILES = [
  // The browsers' module in two parts (scripts/split.sh).
  'target/wasipy/web/wasipy.wasm',
  'target/wasipy/web/wasipy-rare.wasm',
  'target/wasipy/usr/local/lib/python313.zip',
  // The browsers' stdlib: the boot zip and the manifest of stdlib/ beside them (scripts/pack_stdlib.py --web).
  'target/wasipy/web/python313-boot.zip',
  'target/wasipy/web/stdlib-manifest.json',
  'target/wasipy/usr/local/lib/python313-extra.zip',
];

/** The entries of BUILT_FILES missing under `root`. */
export function missingBuiltFiles(root) {
  return BUILT_FILES.filter((file) => !existsSync(join(root, file)));
}

/**
 * The module flavours `make build-numpy` (scripts/flavour.sh) built for
 * browsers: [{name, files: {[name in dist/flavours/NAME/]: path under root}}].
 * The module in two parts (web/wasipy.wasm and web/wasipy-rare.wasm, which
 * `make web-numpy` splits), or whole (wasipy-web.wasm) until it is split.
 * Optional: a page that declares numpy without them says which file is missing.
 */
export function builtFlavours(root) {
  const target = join(root, 'target');
  if (!existsSync(target)) return [];
  return readdirSync(target)
    .filter((dir) => /^wasipy-[a-z0-9_-]+$/.test(dir) && existsSync(join(target, dir, 'wasipy-web.wasm')) && existsSync(join(target, dir, 'web/manifest.json')))
    .map((dir) => {
      // Parts older than the whole module are of an earlier build (a split that failed since).
      const whole = statSync(join(target, dir, 'wasipy-web.wasm')).mtimeMs;
      const split = ['web/wasipy.wasm', 'web/wasipy-rare.wasm'].every((f) => existsSync(join(target, dir, f)) && statSync(join(target, dir, f)).mtimeMs >= whole);
      const module = split
        ? { 'wasipy.wasm': `target/${dir}/web/wasipy.wasm`, 'wasipy-rare.wasm': `target/${dir}/web/wasipy-rare.wasm` }
        : { 'wasipy.wasm': `target/${dir}/wasipy-web.wasm` };
      return { name: dir.slice('wasipy-'.length), files: { ...module, 'manifest.json': `target/${dir}/web/manifest.json`, files: `target/${dir}/web/files` } };
    });
}
