// Moves the constant tables of C modules whose code is all in wasipy-rare.wasm
// (unicodedata's names, the CJK codecs' maps, SQLite's) out of the first
// part's data into the rest, as active data segments that instantiating the
// rest writes back at their addresses. wasm-split moves functions, not data:
// without this, a page downloads 0.6 MB gzip of tables before its first
// output that only rare code ever reads.
//
// Why this is safe: a table is moved only when every function of its object
// file is in the rest (wasm-split's list of the functions it kept). Its
// symbols are `static const` (C gives no other object file their address), so
// reading them needs one of those functions to run, and the first call into
// the rest links it (web/lib/rare-code.js), which writes the tables back
// first. Docstrings stay: a heap object of the snapshot may point at them.
// Addresses come from the linker's map (build.rs --Map); the map must be this
// module's (its function count and code size are checked).
//   node scripts/split-data.mjs LINK_MAP WHOLE KEPT PRIMARY RARE
// KEPT: wasm-split --verbose's output ("Keeping functions: 0, 10, …").
// PRIMARY and RARE are rewritten in place.
import { readFileSync, writeFileSync } from 'node:fs';

/** Object files whose tables may move (archive member names), when all their functions are in the rest. */
const OBJECTS = /\((unicodedata|_codecs_(cn|hk|iso2022|jp|kr|tw)|sqlite3-wasm|liblzma_la-crc(32|64)_fast)\.o\)$/;
/** Smaller tables are not worth a segment of their own. */
const MIN_SIZE = 256;

// --- the binary format, as far as this needs it ---
function readLeb(bytes, at, signed = false) {
  let result = 0n;
  let shift = 0n;
  let byte;
  do {
    byte = bytes[at++];
    result |= BigInt(byte & 0x7f) << shift;
    shift += 7n;
  } while (byte & 0x80);
  if (signed && byte & 0x40) result -= 1n << shift;
  return [Number(result), at];
}
function leb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}
function sleb(n) {
  const out = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

/** The module's sections: [{id, start, end}] (payload offsets). */
function sections(bytes) {
  const found = [];
  for (let at = 8; at < bytes.length;) {
    const id = bytes[at];
    const [size, start] = readLeb(bytes, at + 1);
    found.push({ id, head: at, start, end: start + size });
    at = start + size;
  }
  return found;
}

/** The data section's segments: {passive, offset, data}. Only memory 0 with an i32.const offset (what wasm-ld and wizer write). */
function dataSegments(bytes, section) {
  let [count, at] = readLeb(bytes, section.start);
  const segments = [];
  while (count--) {
    let flags;
    [flags, at] = readLeb(bytes, at);
    let offset = null;
    if (flags === 0) {
      if (bytes[at] !== 0x41) throw new Error('a data segment whose offset is not an i32.const');
      [offset, at] = readLeb(bytes, at + 1, true);
      if (bytes[at++] !== 0x0b) throw new Error('a data segment offset longer than one i32.const');
    } else if (flags !== 1) {
      throw new Error(`a data segment with flags ${flags} (another memory?)`);
    }
    let length;
    [length, at] = readLeb(bytes, at);
    segments.push({ passive: flags === 1, offset, data: bytes.subarray(at, at + length) });
    at += length;
  }
  return segments;
}

const concat = (parts) => new Uint8Array(Buffer.concat(parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)))));
function segmentBytes({ passive, offset, data }) {
  const head = passive ? [1] : [0, 0x41, ...sleb(offset), 0x0b];
  return concat([[...head, ...leb(data.length)], data]);
}
function sectionBytes(id, payload) {
  return concat([[id, ...leb(payload.length)], payload]);
}
function dataSection(segments) {
  return sectionBytes(11, concat([leb(segments.length), ...segments.map(segmentBytes)]));
}

/** `bytes` with section `section` replaced by `replacement`. */
function replaceSection(bytes, section, replacement) {
  return concat([bytes.subarray(0, section.head), replacement, bytes.subarray(section.end)]);
}

// --- the link map ---
/** wasm-ld's map: the defined functions in order (their object files) and the data symbols ({address, size, object, name}). */
function readMap(text) {
  const functions = [];
  const data = [];
  let section = null;
  for (const line of text.split('\n')) {
    // An output section: "       -   536f52   2f50c3 DATA".
    const out = /^\s+-\s+[0-9a-f]+\s+([0-9a-f]+) ([A-Z]+)$/.exec(line);
    if (out) {
      section = out[2];
      if (section === 'CODE') functions.size = parseInt(out[1], 16);
      continue;
    }
    // An input section: address (or -), offset, size, then "object:(symbol or section)".
    const input = /^\s+(-|[0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s{9}(\S.*):\((.+)\)$/.exec(line);
    if (!input) continue;
    if (section === 'CODE') functions.push(input[3]);
    else if (section === 'DATA' && input[1] !== '-') data.push({ address: parseInt(input[1], 16), size: parseInt(input[2], 16), object: input[3], name: input[4] });
  }
  return { functions, data };
}

const [mapPath, wholePath, keptPath, primaryPath, rarePath] = process.argv.slice(2);
if (!rarePath) {
  console.error('usage: node scripts/split-data.mjs LINK_MAP WHOLE KEPT PRIMARY RARE');
  process.exit(2);
}
try {
  const map = readMap(readFileSync(mapPath, 'utf8'));
  const whole = readFileSync(wholePath);
  const wholeCode = sections(whole).find((s) => s.id === 10);
  const [wholeCount] = readLeb(whole, wholeCode.start);
  if (map.functions.length !== wholeCount || map.functions.size !== wholeCode.end - wholeCode.head) {
    throw new Error(`${mapPath} is the link map of another build (${map.functions.length} functions, ${map.functions.size} bytes of code; the module has ${wholeCount}, ${wholeCode.end - wholeCode.head}): run make build again`);
  }
  const keptLine = /^Keeping functions: (.*)$/m.exec(readFileSync(keptPath, 'utf8'));
  if (!keptLine) throw new Error(`${keptPath} has no "Keeping functions:" line (wasm-split --verbose)`);
  // wasm-split names the functions of a module without names by their index among the defined ones.
  const kept = new Set(keptLine[1].split(', ').map(Number));
  const inFirstPart = new Set(map.functions.filter((_, index) => kept.has(index)));

  const moving = map.data.filter((d) => OBJECTS.test(d.object) && !inFirstPart.has(d.object) &&
    d.name.startsWith('.rodata.') && !/doc/i.test(d.name) && d.size >= MIN_SIZE);
  for (const object of new Set(map.data.filter((d) => OBJECTS.test(d.object)).map((d) => d.object))) {
    if (inFirstPart.has(object)) console.log(`kept: ${object} (a first run calls its code)`);
  }
  // Adjacent tables as one range.
  const ranges = [];
  for (const { address, size } of moving.sort((a, b) => a.address - b.address)) {
    const last = ranges.at(-1);
    if (last && last.end >= address) last.end = Math.max(last.end, address + size);
    else ranges.push({ start: address, end: address + size });
  }

  let primary = readFileSync(primaryPath);
  const dataSection1 = sections(primary).find((s) => s.id === 11);
  const segments = dataSegments(primary, dataSection1);
  // The bytes the tables hold in the snapshot's memory (zero where no segment writes).
  const moved = ranges.map((r) => ({ ...r, data: new Uint8Array(r.end - r.start) }));
  const kept1 = [];
  const appended = [];
  for (const segment of segments) {
    if (segment.passive) {
      kept1.push(segment);
      continue;
    }
    const segStart = segment.offset;
    const segEnd = segStart + segment.data.length;
    const pieces = [];
    let from = segStart;
    for (const r of moved) {
      if (r.end <= segStart || r.start >= segEnd) continue;
      const a = Math.max(r.start, segStart);
      const b = Math.min(r.end, segEnd);
      r.data.set(segment.data.subarray(a - segStart, b - segStart), a - r.start);
      if (a > from) pieces.push({ offset: from, data: segment.data.subarray(from - segStart, a - segStart) });
      from = b;
    }
    if (from < segEnd) pieces.push({ offset: from, data: segment.data.subarray(from - segStart) });
    // The first piece keeps the segment's index (a memory.init names segments by index); the others go last.
    kept1.push({ passive: false, ...(pieces[0] ?? { offset: segStart, data: new Uint8Array(0) }) });
    appended.push(...pieces.slice(1).map((p) => ({ passive: false, ...p })));
  }
  const newSegments = [...kept1, ...appended];
  primary = replaceSection(primary, dataSection1, dataSection(newSegments));
  // The data count section, when there is one, counts the segments.
  const count = sections(primary).find((s) => s.id === 12);
  if (count) primary = replaceSection(primary, count, sectionBytes(12, leb(newSegments.length)));

  let rare = readFileSync(rarePath);
  if (!WebAssembly.Module.imports(new WebAssembly.Module(rare)).some((i) => i.kind === 'memory')) {
    throw new Error(`${rarePath} does not import the memory: its data could not reach the first part's`);
  }
  if (sections(rare).some((s) => s.id === 11)) throw new Error(`${rarePath} has a data section already`);
  // After the code section (the order the format requires), before the custom sections.
  const code = sections(rare).find((s) => s.id === 10);
  const segmentsOut = moved.map(({ start, data }) => ({ passive: false, offset: start, data }));
  rare = concat([rare.subarray(0, code.end), dataSection(segmentsOut), rare.subarray(code.end)]);
  // Both must still be modules.
  new WebAssembly.Module(primary);
  new WebAssembly.Module(rare);
  writeFileSync(primaryPath, primary);
  writeFileSync(rarePath, rare);
  const total = moved.reduce((n, r) => n + r.data.length, 0);
  const objects = [...new Set(moving.map((d) => d.object.replace(/^.*\(|\)$/g, '')))];
  console.log(`moved ${moving.length} tables, ${total} bytes in ${moved.length} segments, of ${objects.join(' ')}`);
} catch (e) {
  console.error(`moving the rare tables failed: ${e?.message ?? e}`);
  process.exit(1);
}
