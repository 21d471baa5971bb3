// `npm run build` writes <file>.br and <file>.gz beside each large file of dist/
// (vite.config.js's precompressed plugin), for static hosts that serve them as
// they are. A wrong copy would be served as the file itself, so each must
// decompress to exactly its file's bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { PRECOMPRESS_MIN_BYTES, precompressDirectory } from '../../../vite.config.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const decompress = { '.br': brotliDecompressSync, '.gz': gunzipSync };

/** Every file under `dir`, relative, with `/` separators. */
const filesUnder = (dir) => readdirSync(dir, { recursive: true }).map(String).filter((f) => statSync(join(dir, f)).isFile());

/** Checks that each .br/.gz of `dir` decompresses to its file's bytes; returns the names of the copies. */
function checkCopies(dir) {
  const copies = filesUnder(dir).filter((f) => f.endsWith('.br') || f.endsWith('.gz'));
  for (const copy of copies) {
    const original = copy.slice(0, -3);
    assert.ok(existsSync(join(dir, original)), `${copy} has no ${original} beside it`);
    const bytes = decompress[extname(copy)](readFileSync(join(dir, copy)));
    assert.ok(bytes.equals(readFileSync(join(dir, original))), `${copy} does not decompress to the bytes of ${original}`);
  }
  return copies;
}

test('precompressDirectory: large compressible files get .br and .gz, small and incompressible ones do not', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wasipy-precompress-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'assets'));
  const text = 'def f(x):\n    return x * 2\n'.repeat(2000);
  writeFileSync(join(dir, 'assets', 'big.js'), text);
  writeFileSync(join(dir, 'small.html'), '<!doctype html><p>hi</p>');
  writeFileSync(join(dir, 'random.wasm'), randomBytes(PRECOMPRESS_MIN_BYTES * 2)); // does not compress
  writeFileSync(join(dir, 'picture.png'), text); // not a compressible type, whatever its content

  const { written, skipped } = await precompressDirectory(dir);
  assert.deepEqual(written, ['assets/big.js.br', 'assets/big.js.gz']);
  assert.deepEqual(skipped, ['small.html']);
  assert.deepEqual(checkCopies(dir).sort(), ['assets/big.js.br', 'assets/big.js.gz']);
  assert.ok(statSync(join(dir, 'assets/big.js.br')).size < text.length / 10, 'the brotli copy is not compressed');
});

test('precompressDirectory: a missing directory is an error naming it', async () => {
  const missing = join(tmpdir(), 'wasipy-precompress-missing-dir');
  await assert.rejects(precompressDirectory(missing), (e) => e.message.includes(missing));
});

test('vite build: dist has a .br and a .gz that decompress to each large file, none for small files', { timeout: 300_000 }, (t) => {
  const out = mkdtempSync(join(tmpdir(), 'wasipy-dist-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  // The real build into a scratch outDir, so the repository's dist/ is left alone.
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn', '--outDir', out, '--emptyOutDir'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const copies = checkCopies(out);
  for (const large of ['wasipy.wasm', 'python313.zip', 'python313-extra.zip']) {
    assert.ok(copies.includes(`${large}.br`) && copies.includes(`${large}.gz`), `${large} has no .br and .gz beside it in dist/`);
  }
  const originals = filesUnder(out).filter((f) => !copies.includes(f));
  const small = originals.filter((f) => statSync(join(out, f)).size < PRECOMPRESS_MIN_BYTES);
  assert.ok(small.includes('index.html'), 'expected index.html to be below the size limit (test set-up)');
  for (const f of small) assert.ok(!copies.includes(`${f}.br`) && !copies.includes(`${f}.gz`), `${f} is small and still got a compressed copy`);
});
