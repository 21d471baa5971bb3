// The files `make build` writes that the web pages need (web/lib/assets.js
// imports them), and which of them a tree lacks. Used by the predev/prebuild
// step (scripts/ensure-built.mjs) and by the Vite config.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const BUILT_FILES = [
  'target/wasipy/wasipy.wasm',
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
