// Reads a wheel's METADATA (the core metadata PEP 658 serves beside the wheel).
// Hand-written because Node has no zip reader and the project takes no new npm
// dependency for a test fixture; a wheel needs only the plain zip format
// (stored or deflated entries, no zip64, no encryption), which is all this reads.
import { inflateRawSync } from 'node:zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

function findEndOfCentralDirectory(zip) {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the end.
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at -= 1) {
    if (zip.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  throw new Error('not a zip file (no end-of-central-directory record)');
}

/** [{ name, method, compressedSize, localHeaderOffset }] for every entry of a zip Buffer. */
export function zipEntries(zip) {
  const end = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = [];
  for (let index = 0; index < count; index += 1) {
    if (zip.readUInt32LE(at) !== CENTRAL_DIRECTORY_ENTRY) throw new Error(`broken zip: central directory entry ${index} has a wrong signature`);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    entries.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      localHeaderOffset: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The bytes of one entry (from zipEntries) of a zip Buffer. */
export function readZipEntry(zip, entry) {
  const at = entry.localHeaderOffset;
  if (zip.readUInt32LE(at) !== LOCAL_FILE_HEADER) throw new Error(`broken zip: ${entry.name} has no local header`);
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return Buffer.from(data);
  if (entry.method === 8) return inflateRawSync(data);
  throw new Error(`${entry.name} uses zip compression method ${entry.method}; only stored (0) and deflated (8) are read`);
}

/** The METADATA file of a wheel (a Buffer); throws if the wheel is not a zip or has none. */
export function wheelMetadata(wheel, filename) {
  // The .dist-info directory at the top level, as the wheel spec places it.
  const entry = zipEntries(wheel).find((candidate) => /^[^/]+\.dist-info\/METADATA$/.test(candidate.name));
  if (!entry) throw new Error(`${filename} has no *.dist-info/METADATA`);
  return readZipEntry(wheel, entry);
}

/** The value of one header of core metadata (e.g. "Requires-Python"), or null. */
export function metadataField(metadata, field) {
  const headers = metadata.toString('utf8').split(/\r?\n\r?\n/, 1)[0];
  const line = headers.split(/\r?\n/).find((candidate) => candidate.toLowerCase().startsWith(`${field.toLowerCase()}:`));
  return line ? line.slice(field.length + 1).trim() : null;
}
