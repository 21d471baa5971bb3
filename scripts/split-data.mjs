// Moves the constant tables of C modules whose code is all in wasipy-rare.wasm
// (unicodedata's names, the CJK codecs' maps, SQLite's) out of the first
// part's data into the rest, as active data segments that instantiating the
// rest writes back at their addresses. wasm-split moves functions, not data:
// without this, a page downloads 0.6 MB gzip of tables before its first
// output that only rare code ever reads.
//
// Why this is safe: a table is moved only when every function of its object
// file is in the rest (wasm-split's list of the functions it kept) and its
// symbol is local (`static`, llvm-nm's lowercase type): no other object file's
// code has its address, so reading it needs one of those functions to run,
// and the first call into the rest links it (web/lib/rare-code.js), which
// writes the tables back first. Nor may the snapshot hold pointers to them:
// their Python modules are not imported before it (scripts/split-profile.mjs
// checks TABLE_MODULES). Docstrings stay: a heap object may point at them.
// Addresses come from the linker's map (build.rs --Map); the map must be this
// module's (every function's size is checked against the module's).
//   node scripts/split-data.mjs LINK_MAP WHOLE KEPT PRIMARY RARE
// KEPT: wasm-split --verbose's output ("Keeping functions: 0, 10, …").
// PRIMARY and RARE are rewritten in place. LLVM_NM: the llvm-nm to run (llvm-nm-19).
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { leb } from './split-key.mjs';

/** Object files whose tables may move (archive member names), when all their functions are in the rest. */
const OBJECTS = /\((unicodedata|_codecs_(cn|hk|iso2022|jp|kr|tw)|sqlite3-wasm)\.o\)$/;
/** The Python modules that use those object files' tables: none may be imported in the snapshot. */
export const TABLE_MODULES = ['unicodedata', '_multibytecodec', '_codecs_cn', '_codecs_hk', '_codecs_iso2022', '_codecs_jp', '_codecs_kr', '_codecs_tw', '_sqlite3'];
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
/** wasm-ld's map: the defined functions in order ({object, size}: a body with its size's LEB) and the data symbols ({address, size, object, name}). */
function readMap(text) {
  const functions = [];
  const data = [];
  let section = null;
  for (const line of text.split('\n')) {
    // An output section: "       -   536f52   2f50c3 DATA".
    const out = /^\s+-\s+[0-9a-f]+\s+[0-9a-f]+ ([A-Z]+)$/.exec(line);
    if (out) {
      section = out[1];
      continue;
    }
    // An input section: address (or -), offset, size, then "object:(symbol or section)".
    const input = /^\s+(-|[0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s{9}(\S.*):\((.+)\)$/.exec(line);
    if (!input) continue;
    if (section === 'CODE') functions.push({ object: input[3], size: parseInt(input[2], 16) });
    else if (section === 'DATA' && input[1] !== '-') data.push({ address: parseInt(input[1], 16), size: parseInt(input[2], 16), object: input[3], name: input[4] });
  }
  return { functions, data };
}

/** The sizes of the code section's function bodies, each with its size's LEB (as the map counts them). */
function bodySizes(bytes) {
  const code = sections(bytes).find((s) => s.id === 10);
  let [count, at] = readLeb(bytes, code.start);
  const sizes = [];
  while (count--) {
    const [size, body] = readLeb(bytes, at);
    sizes.push(body - at + size);
    at = body + size;
  }
  return sizes;
}

/** "archive(member)" -> the names of its local (static) data symbols, as llvm-nm lists them. */
function localData(archives) {
  const local = new Map();
  const out = execFileSync(process.env.LLVM_NM || 'llvm-nm', ['--defined-only', '-A', ...archives], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const line of out.split('\n')) {
    // "path/libpython3.13.a:unicodedata.o: 00096500 d DB_members"
    const m = /^(.*\.a):([^:]+): [0-9a-f]+ ([a-zA-Z]) (\S+)$/.exec(line);
    if (!m || !/[dr]/.test(m[3])) continue;
    const key = `${m[1]}(${m[2]})`;
    if (!local.has(key)) local.set(key, new Set());
    local.get(key).add(m[4]);
  }
  return local;
}

function main([mapPath, wholePath, keptPath, primaryPath, rarePath]) {
  const map = readMap(readFileSync(mapPath, 'utf8'));
  const sizes = bodySizes(readFileSync(wholePath));
  const differ = sizes.findIndex((size, i) => size !== map.functions[i]?.size);
  if (sizes.length !== map.functions.length || differ !== -1) {
    const which = sizes.length === map.functions.length ? `, and function ${differ}'s size differs` : '';
    throw new Error(`${mapPath} is the link map of another build (${map.functions.length} functions; the module has ${sizes.length}${which}): \`cargo test\` writes its own map to the same path; run \`touch build.rs && make build\``);
  }
  const keptLine = /^Keeping functions: (.*)$/m.exec(readFileSync(keptPath, 'utf8'));
  if (!keptLine) throw new Error(`${keptPath} has no "Keeping functions:" line (wasm-split --verbose)`);
  // wasm-split names the functions of a module without names by their index among the defined ones.
  const keptNames = keptLine[1].split(', ');
  if (!keptNames.every((name) => /^\d+$/.test(name) && Number(name) < sizes.length)) {
    throw new Error(`${keptPath} names functions that are not indices of this module's (a module with a name section?): ${keptNames.slice(0, 3).join(', ')}…`);
  }
  const kept = new Set(keptNames.map(Number));
  const inFirstPart = new Set(map.functions.filter((_, index) => kept.has(index)).map((f) => f.object));

  const candidates = map.data.filter((d) => OBJECTS.test(d.object));
  const local = localData([...new Set(candidates.map((d) => d.object.replace(/\([^)]*\)$/, '')))]);
  const moving = candidates.filter((d) => !inFirstPart.has(d.object) && d.name.startsWith('.rodata.') && !/doc/i.test(d.name) &&
    d.size >= MIN_SIZE && local.get(d.object)?.has(d.name.slice('.rodata.'.length)));
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
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  if (args.length !== 5) {
    console.error('usage: node scripts/split-data.mjs LINK_MAP WHOLE KEPT PRIMARY RARE');
    process.exit(2);
  }
  try {
    main(args);
  } catch (e) {
    console.error(`moving the rare tables failed: ${e?.message ?? e}`);
    process.exit(1);
  }
}
