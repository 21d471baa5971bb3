// PEP 723 inline script metadata: finds a snippet's `# /// script` block.
// Page-side and worker-side code both ask; only Python reads its TOML
// (crate/packages/_wasipy_packages), so this stays a finder.

// The PEP's reference regex, with JavaScript's multiline flag for Python's re.MULTILINE.
const BLOCK = /^# \/\/\/ (?<type>[a-zA-Z0-9-]+)$\s(?<content>(^#(| .*)$\s)+)^# \/\/\/$/m;

/** The source's `# /// script` block (its text), or null: only it decides what a script needs. */
export function scriptBlock(source) {
  if (typeof source !== 'string') return null;
  const match = source.match(BLOCK);
  return match?.groups.type === 'script' ? match[0] : null;
}
