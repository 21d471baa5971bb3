// Module flavours: the plain wasipy.wasm, or one with compiled packages built
// in (recipes/flavours.env; README, "Compiled packages"). A page that never
// names numpy downloads the plain module only; one that declares numpy (in
// loadPython's packages, an install, a snippet's packages attribute,
// data-packages or a PEP 723 block) gets the numpy module instead.
// This only picks which module to download: Python's resolver still judges
// every requirement (a version the built-in numpy does not satisfy is its error).

/**
 * Flavour name -> the canonical names of the compiled packages it has built in
 * (recipes/flavours.env), none of which has a pure wheel: naming one chooses it.
 * markupsafe rides with numpy (its speedups; Jinja2 needs it).
 */
export const FLAVOURS = { numpy: ['numpy', 'markupsafe'] };

/**
 * Package -> the flavour that has it built in, for those the module `flavour`
 * lacks (null: the plain module): what the installer does not look up on the
 * index, so that a pure package needing numpy can load the numpy module.
 */
export function builtInElsewhere(flavour) {
  const map = {};
  for (const [name, packages] of Object.entries(FLAVOURS)) {
    if (name === flavour) continue;
    for (const p of packages) if (!FLAVOURS[flavour]?.includes(p)) map[p] ??= name;
  }
  return map;
}

/** PEP 503's normal form of a project name. */
const canonical = (name) => name.toLowerCase().replace(/[-_.]+/g, '-');

/** The project a requirement string names (PEP 508's name at its start), canonical; null for a URL or nothing. */
export function requirementName(requirement) {
  const match = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:$|[\s[(<>=!~;@,])/.exec(String(requirement));
  return match && !/^[a-z][a-z0-9+.-]*:/i.test(requirement.trim()) ? canonical(match[1]) : null;
}

/**
 * The requirement strings of a PEP 723 block's `dependencies` array (the
 * block as scriptBlock() returns it). By hand, not a TOML library: the page
 * needs only this array's strings, to choose a download before Python runs;
 * Python's own TOML reader (tomllib) decides what the block means, and refuses
 * what it cannot read.
 */
export function scriptDependencies(block) {
  if (typeof block !== 'string') return [];
  const toml = block.split('\n').filter((line) => line.startsWith('#')).map((line) => line.replace(/^# ?/, '')).join('\n');
  const start = /^dependencies\s*=\s*\[/m.exec(toml);
  if (!start) return [];
  const found = [];
  // Strings, commas, whitespace and comments up to the closing bracket.
  const token = /\s+|,|#[^\n]*|"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)'|\]/y;
  token.lastIndex = start.index + start[0].length;
  for (let m = token.exec(toml); m; m = token.exec(toml)) {
    if (m[0] === ']') break;
    if (m[1] !== undefined) found.push(m[1].replace(/\\(.)/g, '$1'));
    else if (m[2] !== undefined) found.push(m[2]);
  }
  return found;
}

/**
 * The packages built into some flavour that a set of requirements names
 * (canonical names). `requirements`: requirement strings; `block`: a PEP 723
 * block, whose dependencies count too.
 */
export function builtInsNamed(requirements = [], block = null) {
  const names = new Set([...requirements, ...scriptDependencies(block)].map(requirementName).filter(Boolean));
  return [...new Set(Object.values(FLAVOURS).flat())].filter((name) => names.has(name));
}

/** The flavour a set of requirements needs (its name), or null for the plain module; arguments as builtInsNamed's. */
export function flavourFor(requirements = [], block = null) {
  const named = builtInsNamed(requirements, block);
  return Object.keys(FLAVOURS).find((flavour) => FLAVOURS[flavour].some((name) => named.includes(name))) ?? null;
}
