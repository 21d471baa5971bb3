// `>>>` examples on the example docs page (dist/examples/docs.html) and pasted
// into the playground, in Chromium: run, checked by doctest, marked ✓ / ✗.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, artifacts } from './harness.mjs';

let env;
let page;

before(async () => {
  ({ env, page } = await openPage('examples/docs.html', (p) => p.waitForFunction(
    () => document.querySelectorAll('python-pycon').length >= 7 && customElements.get('python-pycon') && document.querySelector('python-check-all'),
  )));
});

after(async () => {
  await env?.close();
});

const block = (id) => page.locator(`python-pycon:has(#${id})`);

/** What the block shows: its status, its problem message, and each example as the reader sees it. */
function shown(id) {
  return block(id).evaluate((node) => {
    const root = node.shadowRoot;
    const problem = root.querySelector('.problem');
    return {
      status: root.querySelector('.status').textContent,
      problem: problem.hidden ? '' : problem.textContent,
      problemCode: [...problem.querySelectorAll('code')].map((c) => c.textContent),
      examples: [...root.querySelectorAll('.example')].map((li) => ({
        outcome: li.classList[1],
        mark: li.querySelector('.mark').textContent,
        source: li.querySelector('.src').textContent,
        got: li.querySelector('.got')?.textContent ?? '',
        diff: li.querySelector('.diff')?.textContent ?? '',
        note: li.querySelector('.note')?.textContent ?? '',
      })),
    };
  });
}

/** Clicks the block's Run, waits for its result, and returns what it shows. */
async function run(id) {
  const el = block(id);
  const done = el.evaluate((node) => new Promise((resolve) => node.addEventListener('wasipy-result', (e) => resolve(e.detail.status), { once: true })));
  await el.locator('button.run').click();
  assert.equal(await done, 'ok');
  return shown(id);
}

test('the page-level control sits before the first >>> block', async () => {
  const where = await page.evaluate(() => {
    const control = document.querySelector('python-check-all');
    const first = document.querySelector('python-pycon');
    const next = control.nextElementSibling;
    return { before: next === first || next?.contains(first), id: first.querySelector('pre').id, button: control.shadowRoot.querySelector('button.run').textContent };
  });
  assert.deepEqual(where, { before: true, id: 'pycon-rich', button: 'Run all examples on this page' });
});

test('Run shows each example under its prompt, marked ✓ where it matches', async () => {
  const out = await run('pycon-basics');
  assert.deepEqual(out.examples.map((e) => [e.outcome, e.mark]), [['match', '✓'], ['match', '✓'], ['match', '✓'], ['match', '✓']]);
  assert.deepEqual(out.examples.map((e) => e.source), [
    '>>> from fractions import Fraction',
    '>>> total = Fraction(1, 3) + Fraction(1, 6)',
    '>>> total',
    '>>> print(total * 4)',
  ]);
  assert.deepEqual(out.examples.map((e) => e.got), ['', '', 'Fraction(1, 2)\n', '2\n']);
  assert.match(out.status, /^✓ all 4 examples match · \d+ ms$/);
});

test('a stale expected output is marked ✗ with doctest\'s difference', async () => {
  const out = await run('pycon-stale'); // same session: `total` comes from the block above
  assert.deepEqual(out.examples.map((e) => [e.outcome, e.mark]), [['match', '✓'], ['match', '✓'], ['mismatch', '✗']]);
  assert.equal(out.examples[1].got, 'Fraction(3, 2)\n');
  assert.equal(out.examples[2].got, '2.67\n');
  assert.equal(out.examples[2].diff, 'Expected:\n    2.68\nGot:\n    2.67\n');
  assert.match(out.status, /^✗ 2 of 3 match · \d+ ms$/);
  await block('pycon-stale').screenshot({ path: join(artifacts, 'pycon-block.png') });
});

test('+ELLIPSIS, +NORMALIZE_WHITESPACE, +SKIP and an expected exception', async () => {
  const out = await run('pycon-directives');
  assert.deepEqual(out.examples.map((e) => e.outcome), ['match', 'match', 'match', 'skipped']);
  assert.match(out.examples[0].got, /^\[0, 1, 2, 3, 4, 5, .*, 97, 98, 99\]\n$/);
  assert.match(out.examples[2].got, /^Traceback \(most recent call last\):\n {2}File "<doctest block \d+\[2\]>", line 1, in <module>\n[\s\S]*ValueError: invalid literal for int\(\) with base 10: 'forty-two'\n$/);
  assert.deepEqual([out.examples[3].mark, out.examples[3].note], ['–', 'skipped (+SKIP): not run']);
  assert.match(out.status, /^✓ all 3 examples match, 1 skipped · \d+ ms$/);
});

test('a block without expected output just runs, without marks', async () => {
  const out = await run('pycon-plain');
  assert.deepEqual(out.examples.map((e) => [e.outcome, e.mark, e.got]), [['ran', '', 'HAM\nSPAM\nEGGS\n'], ['ran', '', '8\n']]);
  assert.equal(out.examples[0].source, '>>> for word in ["ham", "spam", "eggs"]:\n...     print(word.upper())');
  assert.match(out.status, /^ran 2 examples · \d+ ms$/);
});

test('a Python block whose first line is a >>> prompt is checked too', async () => {
  const out = await run('pycon-detected');
  assert.deepEqual(out.examples.map((e) => [e.outcome, e.got]), [['match', '1024\n']]);
});

test('a value with a rich representation is shown under its example and checked by its text; display() shows under its example', async () => {
  const out = await run('pycon-rich');
  assert.deepEqual(out.examples.map((e) => [e.outcome, e.got]), [['match', ''], ['match', ''], ['match', "Swatch('teal')\n"], ['match', '']]);
  const displays = await block('pycon-rich').evaluate((node) => new Promise((resolve) => {
    const look = () => {
      const found = [...node.shadowRoot.querySelectorAll('.example')].map((li) => [...li.querySelectorAll('.display')].map((d) => d.dataset.mime ?? ''));
      if (found.flat().filter(Boolean).length === 2) resolve(found);
      else setTimeout(look, 50);
    };
    look();
  }));
  assert.deepEqual(displays, [[], [], ['image/svg+xml'], ['text/html']]);
  const image = await block('pycon-rich').evaluate((node) => node.shadowRoot.querySelector('.display img').decode().then(() => {
    const img = node.shadowRoot.querySelector('.display img');
    return [img.naturalWidth, img.naturalHeight];
  }));
  assert.deepEqual(image, [80, 24]);
  await block('pycon-rich').screenshot({ path: join(artifacts, 'pycon-rich.png') });
});

test('a broken block says what to fix and runs nothing; the next run works', async () => {
  const out = await run('pycon-broken');
  assert.deepEqual(out.examples, []);
  assert.match(out.problem, /^This example block could not be read, so nothing was run\. Line 2 continues the statement def area\(r\): \(line 1\) without a \.\.\.  prompt, so doctest reads it as expected output\./);
  assert.deepEqual(out.problemCode, ['def area(r):', '... ', '... ']);
  assert.equal(out.status, 'not run');
  const again = await run('pycon-stale'); // the same session
  assert.deepEqual(again.examples.map((e) => e.outcome), ['match', 'match', 'mismatch']);
  assert.equal((await shown('pycon-broken')).problem.length > 0, true, 'the message stays under the broken block');
});

test('Run all examples runs every block and reports how many match', async () => {
  const control = page.locator('python-check-all');
  const done = control.evaluate((node) => new Promise((resolve) => node.addEventListener('wasipy-check-all', (e) => resolve(e.detail), { once: true })));
  await control.locator('button.run').click();
  const totals = await done;
  assert.deepEqual(totals, { blocks: 7, examples: 15, matched: 14, mismatched: 1, skipped: 1, unchecked: 1, unreadable: 1, failed: 0 });
  const summary = await control.evaluate((node) => node.shadowRoot.querySelector('.summary').textContent);
  assert.equal(summary, '✗ 14 of 15 examples match their expected output; 1 does not. 1 example skipped. 1 block without expected output ran. 1 block could not be read.');
  assert.equal(await control.locator('button.first').isVisible(), true);
  for (const id of ['pycon-basics', 'pycon-stale', 'pycon-directives', 'pycon-detected']) {
    assert.ok((await shown(id)).examples.length > 0, `${id} shows its examples`);
  }
  await page.screenshot({ path: join(artifacts, 'pycon-check-all.png') });
});

test('the playground runs a pasted >>> session and checks it', async () => {
  const playground = await env.browser.newPage();
  playground.on('pageerror', (e) => console.error('[page error]', e));
  await playground.goto(env.baseUrl);
  await playground.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  await playground.click('.cm-content');
  await playground.keyboard.press('Control+A');
  await playground.keyboard.press('Delete');
  await playground.keyboard.insertText('>>> n = 21\n>>> n * 2\n42\n>>> n + 1\n21\n>>> print("free")');
  await playground.click('#run');
  await playground.waitForSelector('body[data-running="false"]', { timeout: 30_000 });
  const text = await playground.$eval('#output', (el) => el.textContent);
  assert.equal(text, [
    '>>> n = 21',
    '✓ matches the expected output',
    '>>> n * 2',
    '42',
    '✓ matches the expected output',
    '>>> n + 1',
    '22',
    '✗ does not match the expected output:',
    '  Expected:',
    '      21',
    '  Got:',
    '      22',
    '>>> print("free")',
    'free',
    '✗ does not match the expected output:',
    '  Expected nothing',
    '  Got:',
    '      free',
    '2 of 4 examples match their expected output.',
    '',
  ].join('\n'));
  // The session keeps the block's variables, as the REPL does.
  await playground.click('.cm-content');
  await playground.keyboard.press('Control+A');
  await playground.keyboard.insertText('print(n)');
  await playground.click('#run');
  await playground.waitForSelector('body[data-running="false"]', { timeout: 30_000 });
  assert.equal(await playground.$eval('#output', (el) => el.textContent), '21\n');
  await playground.close();
});
