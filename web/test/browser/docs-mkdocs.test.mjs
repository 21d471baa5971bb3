// The MkDocs plugin (python/wasipy/mkdocs.py) as a docs author uses it: the
// wheel installed with pip into the docs venv, `plugins: [wasipy]`, mkdocs build
// of the sample (web/test/docs-sites/mkdocs-material) under Material for MkDocs
// with instant navigation and under MkDocs' own theme, and the sites in Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts } from './harness.mjs';
import { installWheel, sampleCopy, mkdocsBuild, openSite, shown, runBlock, freePort } from '../docs-sites/build.mjs';

let material;
let site;

before(async () => {
  installWheel();
  const port = await freePort();
  material = mkdocsBuild(sampleCopy('mkdocs-material'), { env: { SAMPLE_SITE_URL: `http://127.0.0.1:${port}/` } });
  site = await openSite(material.out, { port });
  await site.page.waitForFunction(() => document.querySelectorAll('python-snippet').length === 6 && document.querySelector('python-pycon')?.shadowRoot);
});

after(async () => {
  await site?.close();
});

const problems = (log) => log.split('\n').filter((l) => /^(WARNING|ERROR)/.test(l));

test('the build warns at the file and line of a snippet that raises, one that never ends, and a stale >>> example', () => {
  assert.equal(material.status, 0, material.log);
  const lines = problems(material.log);
  assert.equal(lines.length, 3, material.log);
  assert.match(lines[0], /^WARNING - +index\.md:25: wasipy: this block raised an exception at build time: ZeroDivisionError: division by zero$/);
  assert.match(lines[1], /^WARNING - +index\.md:42: wasipy: this block did not finish within 2 s at build time/);
  assert.match(lines[2], /^WARNING - +index\.md:52: wasipy: stale >>> example:$/);
  assert.match(material.log, /Expected:\n {4}0\.3\nGot:\n {4}0\.30000000000000004/);
});

test('Material: the build-time output is shown until the reader runs, and the live output is the same', async () => {
  const { page } = site;
  const snippets = page.locator('python-snippet');
  assert.equal((await shown(snippets.nth(0))).status, 'output from the docs build');
  await page.screenshot({ path: join(artifacts, 'docs-mkdocs-material.png'), fullPage: true });
  for (const i of [0, 1, 2, 3, 5]) {
    const built = (await shown(snippets.nth(i))).output;
    assert.notEqual(built, '', `snippet ${i} has build-time output`);
    await runBlock(snippets.nth(i));
    assert.equal((await shown(snippets.nth(i))).output, built, `snippet ${i}`);
  }
  // Setup code is not shown to the reader.
  assert.equal(await page.locator('pre.wasipy-setup').isVisible(), false);
  const pycon = await runBlock(page.locator('python-pycon'));
  assert.deepEqual(pycon.report.examples.map((e) => e.outcome), ['match', 'mismatch']);
});

test('Material: a page reached by instant navigation runs its snippets, in the session its tour began on the first page', async () => {
  const { page } = site;
  const before = page.url();
  await page.locator('.md-content a', { hasText: 'second page' }).click();
  await page.waitForURL(/\/second\/$/);
  // Instant navigation: the same document, its content swapped.
  assert.equal(await page.evaluate(() => performance.getEntriesByType('navigation').length), 1);
  assert.notEqual(page.url(), before);
  await page.waitForFunction(() => document.querySelectorAll('python-snippet').length === 2 && [...document.querySelectorAll('python-snippet')].every((s) => s.shadowRoot));
  const snippets = page.locator('python-snippet');
  const tour = await runBlock(snippets.nth(0));
  assert.equal(tour.status, 'ok', tour.stderr);
  assert.equal((await shown(snippets.nth(0))).output, 'hello from mkdocs\n');
  await runBlock(snippets.nth(1));
  assert.equal((await shown(snippets.nth(1))).output, '45\n');
});

test("MkDocs' own theme", async () => {
  const plain = mkdocsBuild(sampleCopy('mkdocs-material'), { env: { SAMPLE_THEME: 'mkdocs' } });
  assert.equal(plain.status, 0, plain.log);
  const s = await openSite(plain.out);
  try {
    await s.page.waitForFunction(() => document.querySelector('python-snippet')?.shadowRoot);
    const first = s.page.locator('python-snippet').first();
    assert.equal((await shown(first)).output, 'Hello from MkDocs\n');
    await runBlock(first);
    assert.match((await shown(first)).status, /^\d+ ms$/);
    await s.page.screenshot({ path: join(artifacts, 'docs-mkdocs-default.png'), fullPage: true });
  } finally {
    await s.close();
  }
});

test('an unknown option, a bad requirement, and stale examples set to fail the build: errors at their file and line', () => {
  const dir = sampleCopy('mkdocs-material');
  const page = join(dir, 'docs/index.md');
  const original = readFileSync(page, 'utf8');
  writeFileSync(page, `# Bad\n\n\`\`\`python runnable sesion=x\nprint(1)\n\`\`\`\n`);
  const unknown = mkdocsBuild(dir);
  assert.notEqual(unknown.status, 0);
  assert.match(unknown.log, /index\.md:3: wasipy: unknown option 'sesion=x'/);
  writeFileSync(page, `# Bad\n\ntext\n\n\`\`\`python runnable packages="attrs>=>2"\nprint(1)\n\`\`\`\n`);
  const requirement = mkdocsBuild(dir);
  assert.notEqual(requirement.status, 0);
  assert.match(requirement.log, /index\.md:5: wasipy: not a package requirement: 'attrs>=>2'/);
  writeFileSync(page, original);
  const yml = join(dir, 'mkdocs.yml');
  writeFileSync(yml, readFileSync(yml, 'utf8').replace('time_limit: 2', 'time_limit: 2\n      stale_examples: error'));
  const strict = mkdocsBuild(dir);
  assert.notEqual(strict.status, 0, strict.log);
  assert.match(strict.log, /ERROR +- +index\.md:52: wasipy: stale >>> example:/);
  assert.match(strict.log, /wasipy: 1 example\(s\) failed at build time/);
});
