// Appends a custom section "wasipy.split" holding KEY to each module: the two
// parts of a split wasipy.wasm carry the same key, so that a page never links
// one build's wasipy-rare.wasm to another's first part (web/lib/rare-code.js).
//   node scripts/split-key.mjs KEY FILE...
import { appendFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The unsigned LEB128 bytes of `n` (the binary format's integers). */
export const leb = (n) => {
  const bytes = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    bytes.push(byte);
  } while (n);
  return bytes;
};

/** The bytes of the custom section "wasipy.split" holding `key`, to append to a module. */
export function splitKeySection(key) {
  const name = new TextEncoder().encode('wasipy.split');
  const payload = [...leb(name.length), ...name, ...new TextEncoder().encode(key)];
  return new Uint8Array([0, ...leb(payload.length), ...payload]);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [key, ...files] = process.argv.slice(2);
  for (const file of files) appendFileSync(file, splitKeySection(key));
}
