// The Node version check: `engines.node` in package.json is the one statement
// of which Node versions work (Vite 8 and its bundler refuse Node 20 before
// 20.19 and 22 before 22.12). npm only warns about it, so `npm run dev`/`build`
// (through scripts/ensure-built.mjs) and `npm test` (its pretest) run this first
// and stop with one clear line instead of an obscure failure deep in Vite.
// `node scripts/check-node.mjs` prints nothing and exits 0 when Node is fine.
//
// Reading the range by hand: npm's `semver` is not a dependency of ours, and
// engines ranges use a small part of its grammar (||, >=, >, <=, <, =, ^, ~,
// partial versions); anything else is an error that says so.
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const packageJson = fileURLToPath(new URL('../package.json', import.meta.url));

/** `engines.node` of package.json. */
export function requiredNode() {
  const range = JSON.parse(readFileSync(packageJson, 'utf8')).engines?.node;
  if (typeof range !== 'string') throw new Error(`${packageJson} has no "engines": {"node": "…"}: add the Node versions wasipy supports`);
  return range;
}

/** Whether `version` ("20.19.1", "v22.12.0") is in the npm range `range`. */
export function satisfies(version, range) {
  const v = parseVersion(version);
  if (!v) throw new Error(`not a version: ${version}`);
  return range.split('||').some((alternative) => {
    const comparators = alternative.trim().replace(/([<>=^~]+)\s+/g, '$1').split(/\s+/).filter(Boolean);
    if (!comparators.length) throw new Error(`cannot read the version range "${range}"`);
    return comparators.every((c) => bounds(c, range).every(([op, bound]) => compareWith(op, compare(v, bound))));
  });
}

/** The message for a Node that does not satisfy `range`, or null when it does. */
export function nodeVersionProblem(version, range) {
  if (satisfies(version, range)) return null;
  return `wasipy needs Node ${range} (engines in package.json), and this is Node ${version.replace(/^v/, '')}: ` +
    'install a supported Node (for example the current LTS from https://nodejs.org or `nvm install --lts`), then run the command again';
}

function parseVersion(text) {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text.trim().replace(/[-+].*$/, ''));
  if (!m) return null;
  const parts = m.slice(1).filter((p) => p !== undefined).length;
  return Object.assign(m.slice(1, 4).map((p) => Number(p ?? 0)), { parts });
}

function compare(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

function compareWith(op, order) {
  return { '>=': order >= 0, '>': order > 0, '<=': order <= 0, '<': order < 0, '=': order === 0 }[op];
}

/** One comparator as [op, version] bounds that must all hold. */
function bounds(comparator, range) {
  const m = /^(>=|<=|>|<|=|\^|~)?(.+)$/.exec(comparator);
  const v = m && parseVersion(m[2]);
  if (!v) throw new Error(`cannot read "${comparator}" in the version range "${range}"`);
  const [major, minor] = v;
  const op = m[1] ?? '';
  if (op === '^') {
    const upper = major > 0 || v.parts === 1 ? [major + 1, 0, 0] : minor > 0 || v.parts === 2 ? [0, minor + 1, 0] : [0, 0, v[2] + 1];
    return [['>=', v], ['<', upper]];
  }
  if (op === '~') return [['>=', v], ['<', v.parts === 1 ? [major + 1, 0, 0] : [major, minor + 1, 0]]];
  if (op === '' || op === '=') {
    // A partial version is every version it starts: "20" is >=20.0.0 <21.0.0.
    if (v.parts === 3) return [['=', v]];
    return [['>=', v], ['<', v.parts === 1 ? [major + 1, 0, 0] : [major, minor + 1, 0]]];
  }
  // A partial bound covers every version it starts: ">20" is ">=21.0.0", "<=20.1" is "<20.2.0".
  const next = v.parts === 1 ? [major + 1, 0, 0] : v.parts === 2 ? [major, minor + 1, 0] : null;
  if (next && op === '>') return [['>=', next]];
  if (next && op === '<=') return [['<', next]];
  return [[op, v]];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const problem = nodeVersionProblem(process.versions.node, requiredNode());
  if (problem) {
    process.stderr.write(`[node] ${problem}\n`);
    process.exit(1);
  }
}
