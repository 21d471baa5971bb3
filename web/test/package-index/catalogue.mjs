// What the test index knows about its files: each wheel's bytes, sha256,
// project, Requires-Python and PEP 658 metadata, grouped by project name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from './fetch-wheels.mjs';
import { metadataField, wheelMetadata } from './wheel-metadata.mjs';

/** PEP 503 normalisation: "Markdown_It.py" -> "markdown-it-py". */
export function normalizeName(name) {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/**
 * One file of the index from its bytes. `yanked` is false or the reason (PEP 592).
 * A file that is not a readable wheel (a corrupt one, on purpose) has no
 * metadata: the index says so (core-metadata: false) instead of failing.
 */
export function describeFile({ filename, bytes, yanked = false }) {
  let metadata = null;
  try {
    metadata = wheelMetadata(bytes, filename);
  } catch {
    metadata = null;
  }
  const [distribution, version] = filename.split('-');
  return {
    filename,
    bytes,
    sha256: sha256(bytes),
    project: normalizeName(distribution),
    displayName: (metadata && metadataField(metadata, 'Name')) || distribution,
    version,
    requiresPython: metadata && metadataField(metadata, 'Requires-Python'),
    yanked,
    metadata,
    metadataSha256: metadata && sha256(metadata),
  };
}

/** The files of a directory, by filename, described as above. */
export function describeDirectory(directory, filenames, extras = {}) {
  return filenames.map((filename) =>
    describeFile({ filename, bytes: readFileSync(join(directory, filename)), ...(extras[filename] || {}) }),
  );
}

/** Map of normalized project name -> { name, files[] }, files sorted by filename. */
export function groupByProject(files) {
  const projects = new Map();
  for (const file of files) {
    if (!projects.has(file.project)) projects.set(file.project, { name: file.displayName, files: [] });
    projects.get(file.project).files.push(file);
  }
  for (const project of projects.values()) project.files.sort((a, b) => a.filename.localeCompare(b.filename));
  return new Map([...projects].sort(([a], [b]) => a.localeCompare(b)));
}
