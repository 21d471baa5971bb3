// The pinned real wheels (wheels.json) the test package index serves, fetched
// once into target/deps/test-wheels/ with the host's pip, so that tests never
// touch the internet. pip is used (not fetch() against a hard-coded host) so
// that the machine's own index, proxy and certificate settings apply.
//
// Run as a script to fetch ahead of time: node web/test/package-index/fetch-wheels.mjs
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The pinned wheels: [{ name, version, filename, sha256, platform? }]. */
export const pinnedWheels = JSON.parse(readFileSync(new URL('./wheels.json', import.meta.url), 'utf8'));

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
/** Where the pinned wheels are kept (target/ is git-ignored). */
export const wheelsDir = join(repoRoot, 'target', 'deps', 'test-wheels');
const nativePython = join(repoRoot, 'target', 'deps', 'native-python', 'bin', 'python3.13');

export function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

function hasRightHash(path, expected) {
  return existsSync(path) && sha256(readFileSync(path)) === expected;
}

// `python3 -m pip`, or the native Python the build makes when the host's python3 has no pip.
async function findPip() {
  for (const python of ['python3', nativePython]) {
    try {
      await run(python, ['-m', 'pip', '--version']);
      return python;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    `cannot fetch the test wheels: neither \`python3 -m pip\` nor \`${nativePython} -m pip\` works; ` +
      'install pip for python3 (apt-get install python3-pip) or run `make build` first',
  );
}

// pip's arguments for one wheel: a platform wheel (C extension) is fetched for
// CPython 3.13 on the named platform, whatever the host runs; its tags come from
// the pinned filename (e.g. cp313-cp313-manylinux…).
function pipArguments(wheel) {
  const pinned = `${wheel.name}==${wheel.version}`;
  if (!wheel.platform) return [pinned];
  const [, , pythonTag, abiTag] = wheel.filename.slice(0, -'.whl'.length).split('-');
  const digits = pythonTag.replace(/^[a-z]+/, '');
  return [
    '--platform', wheel.platform,
    '--python-version', `${digits[0]}.${digits.slice(1)}`,
    '--implementation', pythonTag.replace(/\d+$/, ''),
    '--abi', abiTag,
    pinned,
  ];
}

async function pipDownload(python, into, args) {
  const command = [python, '-m', 'pip', 'download', '--only-binary=:all:', '--no-deps', '--disable-pip-version-check', '-d', into, ...args];
  try {
    await run(command[0], command.slice(1), { maxBuffer: 16 << 20 });
  } catch (error) {
    throw new Error(`cannot fetch the test wheels: \`${command.join(' ')}\` failed:\n${error.stderr || error.message}`);
  }
}

const fetching = new Map();

/**
 * Makes sure every pinned wheel is in `directory` with its pinned sha256 and
 * returns `directory`. Downloads only what is missing or wrong; throws an Error
 * naming the file, the expected and the actual sha256 when a download does not
 * match its pin. The options exist for the tests of this function; everyone
 * else calls ensureWheels().
 */
export function ensureWheels({ wheels = pinnedWheels, directory = wheelsDir } = {}) {
  if (!fetching.has(directory)) {
    fetching.set(directory, fetchMissing(wheels, directory).finally(() => fetching.delete(directory)));
  }
  return fetching.get(directory);
}

async function fetchMissing(wheels, directory) {
  const missing = wheels.filter((wheel) => !hasRightHash(join(directory, wheel.filename), wheel.sha256));
  if (missing.length === 0) return directory;
  process.stderr.write(`fetching ${missing.length} pinned test wheel(s) with pip into ${directory}\n`);
  mkdirSync(directory, { recursive: true });
  // Downloads land in a scratch directory and are renamed into place once
  // checked: test files running in parallel never see a half-written wheel.
  const scratch = mkdtempSync(join(directory, '.download-'));
  try {
    const python = await findPip();
    const pure = missing.filter((wheel) => !wheel.platform);
    if (pure.length) await pipDownload(python, scratch, pure.flatMap(pipArguments));
    for (const wheel of missing.filter((wheel) => wheel.platform)) await pipDownload(python, scratch, pipArguments(wheel));
    for (const wheel of missing) {
      const downloaded = join(scratch, wheel.filename);
      if (!existsSync(downloaded)) {
        throw new Error(`cannot fetch the test wheels: pip did not produce ${wheel.filename} for ${wheel.name}==${wheel.version}`);
      }
      const got = sha256(readFileSync(downloaded));
      if (got !== wheel.sha256) {
        throw new Error(`test wheel ${wheel.filename} has the wrong sha256: expected ${wheel.sha256}, got ${got} (web/test/package-index/wheels.json pins it)`);
      }
      renameSync(downloaded, join(directory, wheel.filename));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return directory;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    console.log(await ensureWheels());
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
