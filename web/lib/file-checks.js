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

/**
 * Why `bytes` fetched from `url` are not a .pyc of this Python (its first 4
 * bytes are importlib.util.MAGIC_NUMBER, `magic` in hex, from the manifest),
 * or null when they are one. Python would say only "bad magic number".
 */
export function pycProblem(bytes, url, contentType, magic) {
  const expected = magic.match(/../g).map((h) => parseInt(h, 16));
  if (at(bytes, 0, expected)) return null;
  // A .pyc of another Python version: two bytes of version, then "\r\n".
  if (bytes[2] === 0x0d && bytes[3] === 0x0a) {
    const found = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join('');
    return `${url} returned a .pyc of another Python version (magic number ${found}, this Python reads ${magic}): the file on the server is from another wasipy build; reload the page`;
  }
  return `${url} returned ${describe(bytes, contentType)}, not a compiled Python module (.pyc): check that stdlib/ is deployed next to the other wasipy files (embed.js, or the data-base / URL options)`;
}

/**
 * The build key written first into python313-boot.zip (scripts/pack_stdlib.py's
 * wasipy-build.txt), read from the zip's first local file header; null when
 * the zip does not start with it (a zip of another kind).
 */
export function bootBuildKey(bytes) {
  if (!at(bytes, 0, ZIP_STARTS[0]) || bytes.length < 30) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = view.getUint32(18, true);
  const nameLength = view.getUint16(26, true);
  const extraLength = view.getUint16(28, true);
  const name = new TextDecoder().decode(bytes.subarray(30, 30 + nameLength));
  if (name !== 'wasipy-build.txt') return null;
  const start = 30 + nameLength + extraLength;
  return new TextDecoder().decode(bytes.subarray(start, start + size));
}

/** A page opened from file:// can fetch nothing: the message for it, or null when the page is served. */
export function fileProtocolProblem(file) {
  if (globalThis.location?.protocol !== 'file:') return null;
  return `pages opened from file:// cannot fetch ${file}: serve the folder over http, e.g. \`npx vite preview\``;
}
