// numpy's own test suites (pytest, from the pinned sdist) inside wasipy's numpy
// module under wasmtime, and those of the module's other recipes (markupsafe's),
// run through the `wasipy` command as a person would:
//   PYTHONPATH=<numpy with its tests>:<pytest...> wasipy -m pytest --pyargs numpy.fft
// With --node, the same runs go through the browser runtime in Node instead
// (web/lib/python-host.js over browser_wasi_shim: conformance/numpy-node-host.mjs).
// Usage: node conformance/numpy.mjs [--fast] [--strict] [--node] [numpy.fft ...]
// The suites are conformance/numpy-suites.txt ("--fast": those tagged fast, what
// `make test` runs). Exits non-zero when a test fails that
// conformance/numpy-expected.txt does not list (one test id per line with its
// reason), when a suite runs no test or ends without its report, and with
// --strict when a listed test of a suite that ran passes now.
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const deps = join(root, 'target/deps');
const launcher = join(root, 'target/wasipy-numpy/bin/wasipy');
// numpy's Python files with their tests (scripts/recipes.sh; the module's zip leaves the tests out).
const numpySite = join(deps, 'recipes/numpy/site');
// pytest and hypothesis, installed by the native pip from conformance/numpy-requirements.txt.
const testPrefix = join(deps, 'numpy-tests');
const testSite = join(testPrefix, 'lib/python3.13/site-packages');
const requirements = join(root, 'conformance/numpy-requirements.txt');
// WASIPY_NUMPY_EXPECTED: another expected-failures file (the gate's own tests).
const expectedFile = process.env.WASIPY_NUMPY_EXPECTED ?? join(root, 'conformance/numpy-expected.txt');
const TIMEOUT_MS = 60 * 60_000;
// pytest's plugins that need what WASI lacks: capture and faulthandler (os.dup),
// logging (/dev/null); the cache would be written into the working directory.
const PYTEST_ARGS = ['--continue-on-collection-errors', '-p', 'no:capture', '-p', 'no:faulthandler', '-p', 'no:logging', '-p', 'no:cacheprovider', '-q', '-rN'];

function parseArgs(argv) {
  const opts = { fast: false, strict: false, node: false, only: [] };
  for (const arg of argv) {
    if (arg === '--fast') opts.fast = true;
    else if (arg === '--strict') opts.strict = true;
    else if (arg === '--node') opts.node = true;
    else opts.only.push(arg);
  }
  return opts;
}

/**
 * numpy-suites.txt: "name [tests folder] [fast]" per line; without a folder,
 * the name is a package whose tests pytest finds (--pyargs).
 */
export function readSuites(text, fast) {
  return text.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean).map((l) => {
    const words = l.split(/\s+/);
    const folder = words.find((w) => w.includes('/'));
    return { name: words[0], folder: folder && join(root, folder), fast: words.includes('fast') };
  }).filter((s) => !fast || s.fast);
}

/** numpy-expected.txt: "test id   reason" per line (two spaces or more before the reason). */
function readExpected() {
  return readFileSync(expectedFile, 'utf8').split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [, id, reason] = l.match(/^(\S.*?)\s{2,}(\S.*)$/) ?? [];
      if (!id) throw new Error(`conformance/numpy-expected.txt: cannot read line: ${l}`);
      return { id, reason, used: false };
    });
}

/** pytest and its dependencies, installed once per version of the requirements (a stamp of their text). */
function ensureTestPackages() {
  const stamp = join(testPrefix, '.requirements-sha256');
  const want = createHash('sha256').update(readFileSync(requirements)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  console.error('[numpy tests] installing pytest and hypothesis (conformance/numpy-requirements.txt, hash-checked) into target/deps/numpy-tests');
  rmSync(testPrefix, { recursive: true, force: true });
  try {
    execFileSync(join(deps, 'native-python/bin/python3.13'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check',
      '--root-user-action=ignore', '--no-deps', '--only-binary=:all:', '--require-hashes', '--prefix', testPrefix, '-r', requirements],
    { stdio: ['ignore', 'inherit', 'inherit'] });
  } catch {
    throw new Error('pip could not install conformance/numpy-requirements.txt (said why above): check the network (pip reads its index from pip.conf or PIP_INDEX_URL)');
  }
  writeFileSync(stamp, want);
}

const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n))).replace(/&amp;/g, '&');

/** pytest's JUnit XML: each test's id (module.Class::name) and outcome, and the first line of a failure's message. */
export function readJunit(xml) {
  const tests = [];
  for (const m of xml.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const attr = (name) => unescape(m[1].match(new RegExp(`\\b${name}="([^"]*)"`))?.[1] ?? '');
    const body = m[3] ?? '';
    const outcome = /<(failure|error)\b/.exec(body)?.[1] ?? (/<skipped\b[^>]*type="pytest\.xfail"/.test(body) ? 'xfail' : /<skipped\b/.test(body) ? 'skipped' : 'passed');
    const message = unescape(/<(?:failure|error)\b[^>]*message="([^"]*)"/.exec(body)?.[1] ?? '').split('\n')[0];
    tests.push({ id: `${attr('classname')}::${attr('name')}`, outcome, message });
  }
  return tests;
}

/**
 * The command of one suite's pytest run: the `wasipy` command under wasmtime,
 * or (node) conformance/numpy-node-host.mjs, the browser runtime in Node, with
 * the same folders mounted at guest paths of their own.
 */
function suiteCommand({ name: suite, folder }, scratch, xml, node) {
  // --rootdir: the report names tests by their module (numpy.fft.tests.test_helper.TestFFTShift), not by a path from /.
  // --basetemp: pytest's default (pytest-of-<user>) asks os.getuid, which WASI lacks.
  // A suite with a folder (a recipe's tests outside its package): its parent is mapped,
  // which pytest puts on sys.path to import the tests as a package.
  const where = (site, parent) => (folder ? [`--rootdir=${parent}`, join(parent, basename(folder))] : [`--rootdir=${site}`, '--pyargs', suite]);
  if (node) {
    const config = {
      // pytest's prefix whole: its RECORDs name files by ../../../bin/, which must not leave the mount.
      mounts: { 'numpy-site': numpySite, 'test-prefix': testPrefix, ...(folder ? { suite: dirname(folder) } : {}) },
      path: ['/numpy-site', `/test-prefix/${relative(testPrefix, testSite)}`],
      args: [...PYTEST_ARGS, '--basetemp=/tmp/pytest', '--junitxml=/report/junit.xml', ...where('/numpy-site', '/suite')],
      report: xml,
    };
    return [process.execPath, [join(root, 'conformance/numpy-node-host.mjs'), JSON.stringify(config)], {}];
  }
  return [launcher, ['-B', '-m', 'pytest', ...PYTEST_ARGS, `--basetemp=${join(scratch, `${suite}-tmp`)}`, `--junitxml=${xml}`, ...where(numpySite, folder && dirname(folder))],
    { PATH: `${join(deps, 'bin')}:${process.env.PATH}`, PYTHONPATH: `${numpySite}:${testSite}`, WASIPY_DIRS: [testPrefix, folder && dirname(folder)].filter(Boolean).join(':') }];
}

function runSuite(spec, scratch, node) {
  const xml = join(scratch, `${spec.name}.xml`);
  const started = Date.now();
  const [cmd, args, env] = suiteCommand(spec, scratch, xml, node);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: scratch, // hypothesis keeps its examples in .hypothesis/ here
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const tests = existsSync(xml) ? readJunit(readFileSync(xml, 'utf8')) : null;
      resolve({ suite: spec.name, code, signal, output, tests, seconds: (Date.now() - started) / 1000 });
    });
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  for (const [path, fix] of [[launcher, 'make build-numpy'], [join(numpySite, 'numpy/fft/tests'), 'make build-numpy (scripts/recipes.sh)']]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: run \`${fix}\``);
  }
  ensureTestPackages();
  const listed = readSuites(readFileSync(join(root, 'conformance/numpy-suites.txt'), 'utf8'), opts.fast && !opts.only.length);
  const suites = opts.only.length ? opts.only.map((name) => listed.find((s) => s.name === name) ?? { name }) : listed;
  const expected = readExpected();
  const scratch = mkdtempSync(join(tmpdir(), 'wasipy-numpy-tests-'));
  const problems = [];
  const rows = [];
  try {
    for (const { name: suite, folder } of suites) {
      if (folder && !existsSync(folder)) throw new Error(`${folder} is missing: run \`make build-numpy\` (scripts/recipes.sh unpacks the sdists there)`);
      console.error(`[numpy tests] ${suite} …`);
      const r = await runSuite({ name: suite, folder }, scratch, opts.node);
      if (!r.tests?.length) {
        problems.push(`${suite}: no test report (pytest exited ${r.signal ?? r.code}); the end of its output:\n${r.output.split('\n').slice(-25).join('\n')}`);
        rows.push([suite, '-', '-', '-', '-', r.seconds.toFixed(0)]);
        continue;
      }
      const count = (o) => r.tests.filter((t) => t.outcome === o).length;
      let excused = 0;
      for (const t of r.tests.filter((t) => t.outcome === 'failure' || t.outcome === 'error')) {
        const e = expected.find((x) => x.id === t.id);
        if (e) {
          e.used = true;
          excused += 1;
        } else {
          problems.push(`${t.id}: ${t.outcome} not in conformance/numpy-expected.txt: ${t.message}`);
        }
      }
      for (const e of expected) if (r.tests.some((t) => t.id === e.id && t.outcome !== 'failure' && t.outcome !== 'error')) e.passedIn = suite;
      rows.push([suite, String(count('passed')), String(excused), String(count('failure') + count('error') - excused), String(count('skipped') + count('xfail')), r.seconds.toFixed(0)]);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const header = ['suite', 'passed', 'expected failures', 'unexpected failures', 'skipped/xfail', 'seconds'];
  console.log(`\nnumpy's test suites in wasipy's numpy module ${opts.node ? 'through the browser runtime in Node' : 'under wasmtime'}:\n\n| ${header.join(' | ')} |\n|${header.map(() => ' --- |').join('')}`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  const stale = expected.filter((e) => e.passedIn);
  for (const e of stale) console.log(`stale: ${e.id} passes now (conformance/numpy-expected.txt says: ${e.reason}); remove its line`);
  if (opts.strict) for (const e of stale) problems.push(`${e.id}: listed in conformance/numpy-expected.txt, but passes now`);
  if (problems.length) {
    console.log(`\n${problems.length} problem(s):\n${problems.join('\n')}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`[numpy tests] ${e.message}`);
    process.exitCode = 1;
  });
}
