// scripts/ensure-built.mjs, the predev/prebuild step of `npm run dev` and
// `npm run build`, on a tree where `make build` has not run (a copy without target/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILT_FILES } from '../../../scripts/built-files.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let tree;
let noMake; // a PATH without make

before(() => {
  tree = mkdtempSync(join(tmpdir(), 'wasipy-ensure-'));
  mkdirSync(join(tree, 'scripts'));
  // ensure-built.mjs checks the Node version first (check-node.mjs reads package.json's engines).
  for (const file of ['scripts/ensure-built.mjs', 'scripts/built-files.mjs', 'scripts/check-node.mjs', 'package.json']) cpSync(join(root, file), join(tree, file));
  noMake = join(tree, 'empty-bin');
  mkdirSync(noMake);
});

after(() => rmSync(tree, { recursive: true, force: true }));

function predev(env) {
  const r = spawnSync(process.execPath, [join(tree, 'scripts/ensure-built.mjs')], {
    cwd: tree,
    encoding: 'utf8',
    env: { ...process.env, WASIPY_SKIP_BUILD: '', npm_lifecycle_event: 'predev', ...env },
  });
  return { status: r.status, stderr: r.stderr };
}

test('without make and without the build, it stops and says what to run', () => {
  const { status, stderr } = predev({ PATH: noMake });
  assert.equal(status, 1);
  assert.match(stderr, /target\/wasipy\/web\/wasipy\.wasm, target\/wasipy\/web\/wasipy-rare\.wasm, .* not built, and `make` is not installed/);
  assert.match(stderr, /run `make build`/);
  assert.match(stderr, /then run `npm run dev` again/);
});

test('when `make build` fails, npm stops with its status and says what to do', () => {
  // This copy has no Makefile: make itself fails, as a broken build would.
  const { status, stderr } = predev({});
  assert.notEqual(status, 0);
  assert.match(stderr, /not built yet: running `make build` first/);
  assert.match(stderr, /`make build` failed: what it printed above says why/);
  assert.match(stderr, /run `npm run dev` again/);
});

test('without make, files built elsewhere are used as they are', () => {
  for (const file of BUILT_FILES) {
    mkdirSync(join(tree, file, '..'), { recursive: true });
    writeFileSync(join(tree, file), 'built elsewhere');
  }
  try {
    const { status, stderr } = predev({ PATH: noMake, npm_lifecycle_event: 'prebuild' });
    assert.equal(status, 0);
    assert.match(stderr, /\[npm run build\] `make` is not installed: using the files already in target\/wasipy/);
  } finally {
    rmSync(join(tree, 'target'), { recursive: true, force: true });
  }
});
