// Is what arrived the file that was asked for? A static host that answers a
// missing file with its index page (a single-page-app fallback) or a captive
// portal answers 200 with a web page; a broken connection can cut a body short.
// Checking the first and last bytes turns "No module named 'email'" into a
// message that names the URL and what it returned.

const ZIP_STARTS = [[0x50, 0x4b, 0x03, 0x04], [0x50, 0x4b, 0x05, 0x06]]; // a local file header, or an empty archive
const ZIP_END = [0x50, 0x4b, 0x05, 0x06]; // end of central directory record
const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d]; // "\0asm"

const at = (bytes, offset, signature) => signature.every((b, i) => bytes[offset + i] === b);

/** The last part of a URL's path, e.g. "python313.zip". */
export function fileName(url) {
  return new URL(url, 'http://x/').pathname.split('/').pop() || String(url);
}

/** What arrived, for a message: its content type and first characters. */
export function describe(bytes, contentType) {
  const type = contentType?.split(';')[0].trim() || 'a response without content type';
  if (!bytes.length) return `${type} with an empty body`;
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 40)).replace(/\s+/g, ' ').replace(/[^\x20-\x7e]/g, '?');
  return `${type} (starts with '${head}')`;
}

function deployHint(url) {
  return `check that ${fileName(url)} is deployed next to the other wasipy files (embed.js, or the data-base / URL options)`;
}

/** Why `bytes` fetched from `url` are not a whole zip archive, or null when they are one. */
export function zipProblem(bytes, url, contentType) {
  if (!ZIP_STARTS.some((s) => at(bytes, 0, s))) {
    return `${url} returned ${describe(bytes, contentType)}, not a zip archive: ${deployHint(url)}`;
  }
  // The end record sits in the last 22 bytes plus at most a 64 KiB comment: a cut-off download has none.
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (at(bytes, i, ZIP_END)) return null;
  }
  return `${url} returned a zip archive cut off after ${bytes.length} bytes: reload the page; if that keeps happening, check the server or proxy`;
}

/** Why `bytes` fetched from `url` are not a WebAssembly module, or null when they may be one. */
export function wasmProblem(bytes, url, contentType) {
  if (at(bytes, 0, WASM_MAGIC)) return null;
  return `${url} returned ${describe(bytes, contentType)}, not a WebAssembly module: ${deployHint(url)}`;
}

/** A page opened from file:// can fetch nothing: the message for it, or null when the page is served. */
export function fileProtocolProblem(file) {
  if (globalThis.location?.protocol !== 'file:') return null;
  return `pages opened from file:// cannot fetch ${file}: serve the folder over http, e.g. \`npx vite preview\``;
}
