// Packages on the command line, as the README shows them: real wheels from
// the pinned test set installed on the host with pip (`--target`, no index:
// the files are local), then mapped under wasmtime as site-packages or put
// on PYTHONPATH. python-dateutil 4 brings tzdata, a package with data files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureWheels } from '../package-index/fetch-wheels.mjs';
import { wasmtimeArgs } from '../../../scripts/wasmtime-args.mjs';

const root = new URL('../../../', import.meta.url).pathname;
const wasm = join(root, 'target/wasipy/wasipy.wasm');
let work;

/** pip of the machine's python3, else of the native Python the build made (as fetch-wheels.mjs does). */
function pip(args) {
  for (const python of ['python3', join(root, 'target/deps/native-python/bin/python3.13')]) {
    const r = spawnSync(python, ['-m', 'pip', ...args], { encoding: 'utf8' });
    if (r.status === 0) return r;
    if (r.error?.code !== 'ENOENT' && !/No module named pip/.test(r.stderr)) assert.fail(`pip ${args.join(' ')}: ${r.stderr}`);
  }
  return assert.fail('no pip: neither python3 -m pip nor the native Python\'s works');
}

before(async () => {
  const wheels = await ensureWheels();
  work = mkdtempSync(join(tmpdir(), 'wasipy-cli-packages-'));
  pip(['install', '--quiet', '--no-index', '--find-links', wheels, '--target', join(work, 'deps'), 'python-dateutil', 'attrs']);
  assert.ok(existsSync(join(work, 'deps/dateutil/__init__.py')));
});
after(() => work && rmSync(work, { recursive: true, force: true }));

function wasipy(dirs, code, env = []) {
  const args = [...wasmtimeArgs(), ...dirs.flatMap((d) => ['--dir', d]), ...env.flatMap((e) => ['--env', e]), wasm, '-c', code];
  return spawnSync('wasmtime', args, { encoding: 'utf8', cwd: work });
}

const CODE = [
  'import attrs, dateutil, zoneinfo',
  'from dateutil.relativedelta import relativedelta',
  'import datetime',
  // tzdata's zone files: zoneinfo reads them through importlib.resources
  'print(attrs.__name__, datetime.date(2024, 1, 31) + relativedelta(months=1), zoneinfo.ZoneInfo("Europe/Paris").utcoffset(datetime.datetime(2024, 7, 1)))',
].join('\n');

test('pip install --target, mapped as site-packages: the packages and their data import', () => {
  const r = wasipy([`${join(work, 'deps')}::/usr/local/lib/python3.13/site-packages`], CODE);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, 'attrs 2024-02-29 2:00:00\n');
});

test('the same directory on PYTHONPATH in the mapped working directory', () => {
  const r = wasipy(['.'], CODE, ['PYTHONPATH=deps']);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, 'attrs 2024-02-29 2:00:00\n');
});

test('without the mapping the package is missing, as in python', () => {
  const r = wasipy([], 'import dateutil');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /ModuleNotFoundError: No module named 'dateutil'/);
});
