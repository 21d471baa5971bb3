// The Sphinx extension (python/wasipy/sphinx.py) as a docs author uses it: the
// wheel `make dist` builds, installed with pip into the docs venv, three lines of
// conf.py, sphinx-build of sample projects (web/test/docs-sites/), and the built
// sites in Chromium. Build-time output comes from wasipy itself (PyPI's wasmtime):
// the live output in the page must be the same text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts } from './harness.mjs';
import { installWheel, sampleCopy, sphinxBuild, openSite, shown, runBlock } from '../docs-sites/build.mjs';

let rst;
let site;

before(async () => {
  installWheel();
  rst = sphinxBuild(sampleCopy('sphinx-rst'));
  site = await openSite(rst.out);
  await site.page.waitForFunction(() => document.querySelectorAll('python-snippet').length === 6 && document.querySelector('python-pycon')?.shadowRoot);
});

after(async () => {
  await site?.close();
});

const warnings = (log) => log.split('\n').filter((l) => /WARNING|ERROR/.test(l));

test('the build warns at the file and line of a snippet that raises, one that never ends, and a stale >>> example', () => {
  assert.equal(rst.status, 0, rst.log);
  const lines = warnings(rst.log);
  assert.equal(lines.length, 3, rst.log);
  assert.match(lines[0], /index\.rst:30: WARNING: wasipy: this block raised an exception at build time: ZeroDivisionError: division by zero/);
  assert.match(lines[1], /index\.rst:48: WARNING: wasipy: this block did not finish within 2 s at build time/);
  assert.match(lines[2], /index\.rst:57: WARNING: wasipy: stale >>> example:/);
  assert.match(rst.log, /Expected:\n {4}0\.3\nGot:\n {4}0\.30000000000000004/);
});

test('the site carries the runtime, and only marked blocks become snippets', () => {
  for (const file of ['embed.js', 'wasipy.wasm', 'python313-boot.zip', 'stdlib-manifest.json', 'wasipy-docs.css']) {
    assert.ok(existsSync(join(rst.out, '_static/wasipy', file)), file);
  }
  const html = readFileSync(join(rst.out, 'index.html'), 'utf8');
  assert.match(html, /<script [^>]*type="module" src="_static\/wasipy\/embed\.js/);
  assert.equal(html.match(/<python-snippet/g).length, 6);
  // Python's output is text in the page: a traceback's <python-input-1> is escaped.
  assert.match(html, /File &quot;&lt;python-input-1&gt;&quot;, line 4/);
  assert.doesNotMatch(html, /<python-input-1>/);
});

test('the page shows the build-time output until the reader runs a snippet, and the live output is the same', async () => {
  const { page } = site;
  const snippets = page.locator('python-snippet');
  const first = await shown(snippets.nth(0));
  assert.equal(first.output, 'Hello from Sphinx\n');
  assert.equal(first.status, 'output from the docs build');
  await page.screenshot({ path: join(artifacts, 'docs-sphinx.png'), fullPage: true });
  // Every snippet that finished at build time, run in page order (the two "tour" ones share a session).
  for (const i of [0, 1, 2, 3, 5]) {
    const built = (await shown(snippets.nth(i))).output;
    const result = await runBlock(snippets.nth(i));
    const live = await shown(snippets.nth(i));
    assert.notEqual(live.status, 'output from the docs build');
    assert.equal(live.output, built, `snippet ${i}: ${result.status}`);
  }
  const timeout = await shown(snippets.nth(4));
  assert.equal(timeout.status, 'stopped when the docs were built');
  assert.match(timeout.output, /Stopped at the docs build's time limit of 2 s/);
});

test('the >>> block the build found stale is stale in the page too', async () => {
  const result = await runBlock(site.page.locator('python-pycon'));
  assert.deepEqual(result.report.examples.map((e) => e.outcome), ['match', 'mismatch']);
  assert.equal(result.report.examples[1].got, '0.30000000000000004\n');
});

test('a partial deploy without wasipy.wasm: Run says which file is missing', async () => {
  rmSync(join(rst.out, '_static/wasipy/wasipy.wasm'));
  const { page } = site;
  await page.reload();
  await page.waitForFunction(() => document.querySelector('python-snippet')?.shadowRoot);
  const result = await runBlock(page.locator('python-snippet').nth(2));
  assert.equal(result.status, 'unavailable');
  assert.match((await shown(page.locator('python-snippet').nth(2))).output, /wasipy\.wasm/);
});

test('MyST Markdown with every python block runnable, under Furo and the Read the Docs theme', async () => {
  for (const theme of ['furo', 'sphinx_rtd_theme']) {
    const myst = sphinxBuild(sampleCopy('sphinx-myst'), { env: { SAMPLE_THEME: theme } });
    assert.equal(myst.status, 0, myst.log);
    assert.deepEqual(warnings(myst.log), [], myst.log);
    const html = readFileSync(join(myst.out, 'index.html'), 'utf8');
    assert.equal(html.match(/<python-snippet/g).length, 3, theme);
    assert.equal(html.match(/<python-pycon/g).length, 1, theme);
    const s = await openSite(myst.out);
    try {
      await s.page.waitForFunction(() => document.querySelectorAll('python-snippet').length === 3 && document.querySelector('python-snippet')?.shadowRoot);
      const snippets = s.page.locator('python-snippet');
      assert.deepEqual((await shown(snippets.nth(0))).output, '[0, 1, 4, 9, 16]\n');
      assert.deepEqual((await shown(snippets.nth(2))).output, '84\n');
      await runBlock(snippets.nth(1));
      await runBlock(snippets.nth(2));
      assert.equal((await shown(snippets.nth(2))).output, '84\n');
      const pycon = await runBlock(s.page.locator('python-pycon'));
      assert.deepEqual(pycon.report.examples.map((e) => e.outcome), ['match', 'match']);
      await s.page.screenshot({ path: join(artifacts, `docs-sphinx-myst-${theme}.png`), fullPage: true });
    } finally {
      await s.close();
    }
  }
});

test('bad options are errors at their file and line; stale examples fail the build when the setting says so', () => {
  const dir = sampleCopy('sphinx-rst');
  writeFileSync(join(dir, 'index.rst'), `Bad
===

.. runnable::
   :sesion: typo

   print(1)

.. runnable::
   :packages: attrs>=>2

   print(2)

>>> 1 + 1
3

.. runnable::

   name = input("Name? ")

.. runnable::
   :packages: attrs

   import attrs

.. runnable::
   :session: ends

   import os
   os._exit(3)

.. runnable::
   :session: ends

   print("after", "x" in globals())
`);
  const bad = sphinxBuild(dir);
  // input() with no stdin at build time waits, and the time limit ends it.
  assert.match(bad.log, /index\.rst:17: WARNING: wasipy: this block did not finish within 2 s at build time \(a loop that does not end, or input\(\) reading more than its stdin option gives\)/);
  // A block that installs packages is the reader's to run: no build-time output.
  // os._exit() ends the interpreter: a crash at its line; the session's next block runs in a fresh one.
  assert.match(bad.log, /index\.rst:26: WARNING: wasipy: Python crashed running this block at build time \(the interpreter exited \(status 3\)\)/);
  const html = readFileSync(join(bad.out, 'index.html'), 'utf8');
  assert.match(html, /<span class="wasipy-stdout">after False\n<\/span>/);
  assert.match(html, /<python-snippet packages="\[&quot;attrs&quot;\]"><div class="highlight-python[^]*?<\/div>\n<\/python-snippet>/);
  assert.match(bad.log, /index\.rst:4: ERROR: Error in "runnable" directive:\nunknown option: "sesion"/);
  assert.match(bad.log, /index\.rst:9: ERROR: Error in "runnable" directive:\ninvalid option value: \(option: "packages"; value: 'attrs>=>2'\)\nnot a package requirement: 'attrs>=>2'/);
  assert.equal(bad.status, 0, 'warnings and errors of directives do not stop Sphinx unless -W');
  writeFileSync(join(dir, 'conf.py'), `${readFileSync(join(dir, 'conf.py'), 'utf8')}\nwasipy_stale_examples = "error"\n`);
  const strict = sphinxBuild(dir);
  assert.notEqual(strict.status, 0, strict.log);
  assert.match(strict.log, /index\.rst:14: ERROR: wasipy: stale >>> example:/);
  assert.match(strict.log, /wasipy: 1 example\(s\) failed at build time/);
});

test('other builders get the plain code blocks', () => {
  const text = sphinxBuild(sampleCopy('sphinx-rst'), { args: ['-b', 'text'] });
  assert.equal(text.status, 0, text.log);
});
