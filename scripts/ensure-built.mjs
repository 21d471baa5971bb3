// `npm run dev` and `npm run build` start here (predev, prebuild): the pages need
// wasipy.wasm and the stdlib archives, which `make build` makes. It is
// incremental (a no-op takes under half a second) and knows best what is stale, so
// it always runs; its steps print one line each when they have work, nothing
// otherwise. WASIPY_SKIP_BUILD=1 skips it (the page then says what is missing).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BUILT_FILES, missingBuiltFiles } from './built-files.mjs';
import { nodeVersionProblem, requiredNode } from './check-node.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const command = `npm run ${(process.env.npm_lifecycle_event ?? 'predev').replace(/^pre/, '')}`;
const say = (text) => process.stderr.write(`[${command}] ${text}\n`);

// First, even with WASIPY_SKIP_BUILD: Vite itself fails obscurely on a Node it does not support.
const nodeProblem = nodeVersionProblem(process.versions.node, requiredNode());
if (nodeProblem) {
  say(nodeProblem);
  process.exit(1);
}

if (process.env.WASIPY_SKIP_BUILD) process.exit(0);

const missing = missingBuiltFiles(root);
if (spawnSync('make', ['--version'], { stdio: 'ignore' }).error) {
  if (missing.length === 0) {
    say(`\`make\` is not installed: using the files already in target/wasipy (run \`make build\` where it is, if they are stale)`);
    process.exit(0);
  }
  say(`${missing.join(', ')} not built, and \`make\` is not installed here to build them.`);
  say('To fix: on a Debian machine (see "What the build host needs" in docs/src/building.md) run `make build`,');
  say(`or copy ${BUILT_FILES.join(', ')} from a machine that built them; then run \`${command}\` again.`);
  process.exit(1);
}

if (missing.length) {
  say(`${missing.join(', ')} not built yet: running \`make build\` first (the first time about 20 minutes; each step prints one line).`);
}
// Quiet: a warm tree prints nothing; a step with work still prints its line.
const make = spawnSync('make', ['--no-print-directory', 'build'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, WASIPY_QUIET: '1' },
});
if (make.status !== 0) {
  say(`\`make build\` failed${make.status === null ? ` (${make.signal ?? make.error?.message})` : ''}: what it printed above says why and what to do.`);
  say(`Fix that and run \`${command}\` again (or WASIPY_SKIP_BUILD=1 ${command} to go on without the build).`);
  process.exit(make.status || 1);
}
if (missing.length) say('built: target/wasipy/ is ready.');
