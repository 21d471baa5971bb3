// wasipy's own docs (docs/, `make docs`): built by scripts/docs.sh with the MkDocs
// plugin from the wheel, --strict, so a stale example or a snippet that raises fails
// it; then read in Chromium. And the README's first screen: its three lines of
// configuration, pasted into fresh Sphinx and MkDocs projects, make them runnable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifacts } from './harness.mjs';
import { root, installWheel, sphinxBuild, mkdocsBuild, openSite, shown, runBlock } from '../docs-sites/build.mjs';

let out;
let site;

before(async () => {
  installWheel();
  out = mkdtempSync(join(tmpdir(), 'wasipy-docs-'));
  execFileSync('bash', [join(root, 'scripts/docs.sh'), out], { stdio: ['ignore', 'inherit', 'inherit'] });
  site = await openSite(out);
});

after(async () => {
  await site?.close();
});

test("the docs' examples ran at build time and run again in the page", async () => {
  const { page } = site;
  await page.waitForFunction(() => document.querySelectorAll('python-snippet').length >= 3 && document.querySelector('python-pycon')?.shadowRoot);
  const first = page.locator('python-snippet').first();
  assert.equal((await shown(first)).output, '3.13.5 wasi wasm32\n');
  await runBlock(first);
  assert.equal((await shown(first)).output, '3.13.5 wasi wasm32\n');
  const pycon = await runBlock(page.locator('python-pycon').first());
  assert.equal(pycon.report.counts.mismatched, 0);
  await page.screenshot({ path: join(artifacts, 'docs-site.png'), fullPage: true });
});

test('every page of the docs is in the site', () => {
  for (const page of ['cli', 'browser', 'library', 'embedding', 'packages', 'building', 'performance', 'troubleshooting', 'security']) {
    assert.match(readFileSync(join(out, page, 'index.html'), 'utf8'), /<h1/, page);
  }
});

/** The first fenced block of `lang` in the README's first screen (its first 50 lines), without comment lines. */
function readmeBlock(lang) {
  const head = readFileSync(join(root, 'README.md'), 'utf8').split('\n').slice(0, 50).join('\n');
  const m = head.match(new RegExp('```' + lang + '\\n([\\s\\S]*?)```'));
  assert.ok(m, `a ${lang} block in the README's first screen`);
  return m[1].split('\n').filter((l) => l.trim() && !l.trim().startsWith('#')).join('\n');
}

test("the README's Sphinx line makes a fresh Sphinx project runnable", () => {
  assert.match(readFileSync(join(root, 'README.md'), 'utf8').split('\n').slice(0, 50).join('\n'), /```sh\npip install target\/dist\/wasipy-\*\.whl\n```/);
  const dir = mkdtempSync(join(tmpdir(), 'wasipy-fresh-sphinx-'));
  writeFileSync(join(dir, 'conf.py'), `${readmeBlock('python')}\n`);
  writeFileSync(join(dir, 'index.rst'), 'Fresh\n=====\n\n.. runnable::\n\n   print(6 * 7)\n');
  const built = sphinxBuild(dir);
  assert.equal(built.status, 0, built.log);
  assert.match(readFileSync(join(built.out, 'index.html'), 'utf8'), /<python-snippet><div class="highlight-python[\s\S]*?<span class="wasipy-stdout">42\n<\/span>/);
});

test("the README's MkDocs line makes a fresh MkDocs project runnable", () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasipy-fresh-mkdocs-'));
  mkdirSync(join(dir, 'docs'));
  writeFileSync(join(dir, 'mkdocs.yml'), `site_name: Fresh\n${readmeBlock('yaml')}\n`);
  writeFileSync(join(dir, 'docs/index.md'), '# Fresh\n\n```python runnable\nprint(6 * 7)\n```\n');
  const built = mkdocsBuild(dir);
  assert.equal(built.status, 0, built.log);
  const html = readFileSync(join(built.out, 'index.html'), 'utf8');
  assert.match(html.slice(html.indexOf('<python-snippet')), /^<python-snippet>[\s\S]*?<span class="wasipy-stdout">42\n<\/span>/);
});
