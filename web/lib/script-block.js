// PEP 723 inline script metadata: finds a snippet's `# /// script` block.
// Page-side and worker-side code both ask; only Python reads its TOML
// (crate/packages/_wasipy_packages), so this stays a finder.

// The PEP's reference regex, with JavaScript's multiline flag for Python's re.MULTILINE.
const BLOCK = /^# \/\/\/ (?<type>[a-zA-Z0-9-]+)$\s(?<content>(^#(| .*)$\s)+)^# \/\/\/$/gm;

/**
 * The source's `# /// script` blocks (their text, joined), or null: only they
 * decide what a script needs. Blocks of other types (`# /// pyproject`) are
 * skipped; more than one `script` block is handed on, for Python to refuse as PEP 723 says.
 */
export function scriptBlock(source) {
  if (typeof source !== 'string') return null;
  const blocks = [...source.matchAll(BLOCK)].filter((m) => m.groups.type === 'script').map((m) => m[0]);
  return blocks.length ? blocks.join('\n') : null;
}
