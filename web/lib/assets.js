// Where the built files are: Vite emits them next to the bundle and turns
// these imports into URLs relative to it, so they work under any base path.
// The browsers' module is split in two (scripts/split.sh, rare-code.js).
import wasm from '../../target/wasipy/web/wasipy.wasm?url';
import rare from '../../target/wasipy/web/wasipy-rare.wasm?url';
import stdlib from '../../target/wasipy/usr/local/lib/python313.zip?url';
import stdlibExtra from '../../target/wasipy/usr/local/lib/python313-extra.zip?url';
import stdlibBoot from '../../target/wasipy/web/python313-boot.zip?url';
import stdlibManifest from '../../target/wasipy/web/stdlib-manifest.json?url';

import { versioned } from './versions.js';

export { versioned };

export const wasmUrl = versioned(new URL(wasm, import.meta.url).href, 'wasipy.wasm');
export const rareUrl = versioned(new URL(rare, import.meta.url).href, 'wasipy-rare.wasm');
export const stdlibUrl = versioned(new URL(stdlib, import.meta.url).href, 'python313.zip');
export const stdlibExtraUrl = versioned(new URL(stdlibExtra, import.meta.url).href, 'python313-extra.zip');
// The per-module stdlib (the default): the boot zip, and the manifest whose
// `?v=` is the build key (vite.config.js), which its stdlib/ files are asked for with.
export const stdlibBootUrl = versioned(new URL(stdlibBoot, import.meta.url).href, 'python313-boot.zip');
export const stdlibManifestUrl = versioned(new URL(stdlibManifest, import.meta.url).href, 'stdlib-manifest.json');

// The module flavours (web/lib/flavours.js): flavours/NAME/ beside wasipy.wasm (vite.config.js copies them there).
export const flavoursUrl = new URL('flavours/', wasmUrl).href.replace(/\?.*$/, '');

/** What loadPython() downloads by default (loader.js's loadAssets options): one download per page for every caller. */
export const defaultAssetUrls = { wasmUrl, rareUrl, stdlibUrl: stdlibBootUrl, stdlibManifestUrl, flavoursUrl };
