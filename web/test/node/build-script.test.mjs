// build.rs links wasipy.wasm against the libraries of `make deps`: cargo must
// rerun it (and relink) when any of them is rebuilt, not only libpython. Read
// from what the build script printed in the last `make build`, which is what
// cargo acts on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const buildDir = join(root, 'target/wasm32-wasip1/release/build');

/** The lines build.rs printed for the wasm32 build, the latest run's. */
function buildScriptOutput() {
  const outputs = (existsSync(buildDir) ? readdirSync(buildDir) : [])
    .filter((d) => d.startsWith('wasipy-'))
    .map((d) => join(buildDir, d, 'output'))
    .filter((f) => existsSync(f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  assert.ok(outputs.length, `no build script output under ${buildDir}: run make build first`);
  return readFileSync(outputs[0], 'utf8').split('\n');
}

test('every library and object build.rs links reruns it when it changes', () => {
  const lines = buildScriptOutput();
  const values = (key) => lines.filter((l) => l.startsWith(`cargo:${key}=`)).map((l) => l.slice(key.length + 7));
  const watched = new Set(values('rerun-if-changed'));
  const searchDirs = values('rustc-link-search').map((v) => v.replace(/^native=/, ''));
  const linked = [];
  for (const name of values('rustc-link-lib').map((v) => v.replace(/^static=/, ''))) {
    const file = searchDirs.map((d) => join(d, `lib${name}.a`)).find((f) => existsSync(f));
    assert.ok(file, `lib${name}.a is in none of the link search directories`);
    linked.push(file);
  }
  linked.push(...values('rustc-link-arg').filter((v) => v.endsWith('.o')));
  assert.ok(linked.some((f) => f.endsWith('/libsqlite3.a')) && linked.some((f) => f.endsWith('/crt1-command.o')),
    'the dependency libraries and the start file are among those linked');
  assert.deepEqual(linked.filter((f) => !watched.has(f)), [], 'linked but not in a cargo:rerun-if-changed line');
});
