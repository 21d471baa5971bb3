// Terminal colours in Chromium: what a program prints with ANSI escape
// sequences shows as coloured, bold... text in the playground's output pane and
// in an embedded snippet's, with no escape characters left on the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPlayground, openPage, setEditorCode, runNewSnippet, artifacts } from './harness.mjs';
import { ANSI_PALETTE } from '../../ui/ansi-palette.js';

// The sample of the brief: bold red, a reset, a 256-colour blue, an erase-line to strip.
const SAMPLE = String.raw`print("\x1b[1;31mred bold\x1b[0m plain \x1b[38;5;27mblue\x1b[0m \x1b[2Kafter")`;
const SAMPLE_TEXT = 'red bold plain blue after\n';

/** '#rrggbb' as Chromium's computed colour. */
const rgb = (hex) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
const XTERM_27 = 'rgb(0, 95, 255)'; // 256-colour index 27 (the 6x6x6 cube's 0,1,5)

/** For each styled inner element of the pane's stream spans: its text and computed style. */
function styledRuns(pane) {
  return pane.evaluate((el) => [...el.querySelectorAll(':scope > span > span, :scope > span > a')].map((s) => {
    const cs = getComputedStyle(s);
    return { text: s.textContent, stream: s.parentElement.className, tag: s.tagName.toLowerCase(), href: s.getAttribute('href'),
      rel: s.getAttribute('rel'), color: cs.color, background: cs.backgroundColor, weight: cs.fontWeight,
      italic: cs.fontStyle, decoration: cs.textDecorationLine, opacity: cs.opacity };
  }));
}

const byText = (runs, text) => {
  const run = runs.find((r) => r.text === text);
  assert.ok(run, `a styled run "${text}" in ${JSON.stringify(runs.map((r) => r.text))}`);
  return run;
};

function assertSample(runs, text, theme = 'light') {
  assert.equal(text, SAMPLE_TEXT);
  assert.doesNotMatch(text, /\x1b|\[/);
  const red = byText(runs, 'red bold');
  assert.equal(red.color, rgb(ANSI_PALETTE[theme][1]));
  assert.equal(red.weight, '700');
  assert.equal(byText(runs, 'blue').color, XTERM_27);
  assert.deepEqual(runs.map((r) => r.text), ['red bold', 'blue'], 'plain text is not wrapped in styled spans');
}

// ---- the playground ---------------------------------------------------------

let env;
let page;

before(async () => {
  ({ env, page } = await openPlayground());
});

after(async () => {
  await env?.close();
});

async function run(code) {
  await setEditorCode(page, code);
  await page.click('#run');
  await page.waitForSelector('body[data-running="false"]', { timeout: 30_000 });
  return page.textContent('#output');
}

test('the playground shows SGR colours and bold as styled text and strips the rest', async () => {
  const text = await run(SAMPLE);
  assertSample(await styledRuns(page.locator('#output')), text);
});

test('a colour left open on stdout does not leak into stderr, nor into the next run', async () => {
  await run(String.raw`import sys
print("\x1b[32mgreen and never reset", flush=True)
sys.stderr.write("an error\n")
sys.stderr.flush()
print("still green")`);
  const spans = await page.$$eval('#output > span', (all) => all.map((s) => [s.className, s.textContent, s.children.length]));
  assert.deepEqual(spans, [['stdout', 'green and never reset\n', 1], ['stderr', 'an error\n', 0], ['stdout', 'still green\n', 1]]);
  const runs = await styledRuns(page.locator('#output'));
  assert.ok(runs.every((r) => r.color === rgb(ANSI_PALETTE.light[2])), JSON.stringify(runs));
  const stderrColour = await page.$eval('#output > span.stderr', (s) => getComputedStyle(s).color);
  assert.notEqual(stderrColour, rgb(ANSI_PALETTE.light[2]));
  // The next run starts plain.
  await run('print("plain again")');
  assert.deepEqual(await styledRuns(page.locator('#output')), []);
});

test('inverse, dim, italic, underline, strike, truecolour and an http(s) OSC 8 link', async () => {
  const text = await run(String.raw`print("\x1b[7minv\x1b[27m \x1b[2mdim\x1b[22m \x1b[3mit\x1b[23m \x1b[4;9mboth\x1b[24;29m \x1b[38;2;255;135;0;48;2;38;38;38mtrue\x1b[39;49m")
print("\x1b]8;;https://example.org/\x1b\\a link\x1b]8;;\x1b\\ \x1b]8;;javascript:alert(1)\x07no link\x1b]8;;\x07")`);
  assert.equal(text, 'inv dim it both true\na link no link\n');
  const runs = await styledRuns(page.locator('#output'));
  const inv = byText(runs, 'inv');
  const pane = await page.$eval('#output > span.stdout', (s) => getComputedStyle(s).color);
  assert.equal(inv.background, pane, 'inverse: the background is the text colour');
  assert.equal(byText(runs, 'dim').opacity, '0.65');
  assert.equal(byText(runs, 'it').italic, 'italic');
  assert.equal(byText(runs, 'both').decoration, 'underline line-through');
  assert.equal(byText(runs, 'true').color, 'rgb(255, 135, 0)');
  assert.equal(byText(runs, 'true').background, 'rgb(38, 38, 38)');
  const link = byText(runs, 'a link');
  assert.deepEqual([link.tag, link.href, link.rel], ['a', 'https://example.org/', 'noopener noreferrer']);
  assert.ok(!runs.some((r) => r.text === 'no link'), 'a javascript: target is plain text');
});

test('a rich-style report is readable (screenshot web/test/artifacts/ansi.png and ansi-dark.png)', async () => {
  const code = String.raw`rows = [("ok", 32, "passed"), ("warn", 33, "slow"), ("fail", 31, "failed"), ("skip", 90, "skipped")]
print("\x1b[1mTest report\x1b[0m  \x1b[2m(4 checks)\x1b[0m")
for name, colour, word in rows:
    print(f"  \x1b[{colour}m{word:>8}\x1b[0m  test_{name}  \x1b[2m0.{colour}s\x1b[0m")
print("  " + " ".join(f"\x1b[{30 + i}m{i}\x1b[0m" for i in range(8)) + "  " + " ".join(f"\x1b[{90 + i}m{8 + i}\x1b[0m" for i in range(8)))
print("  " + "".join(f"\x1b[48;5;{n}m  " for n in range(16, 232, 12)) + "\x1b[0m")
print("\x1b[7m inverse \x1b[0m \x1b[3mitalic\x1b[0m \x1b[4munderline\x1b[0m \x1b[9mstrike\x1b[0m \x1b[38;2;255;135;0mtruecolour\x1b[0m")
import sys
print("\x1b[1;35mTraceback\x1b[0m (most recent call last): \x1b[31mValueError\x1b[0m: shown on stderr", file=sys.stderr)`;
  const text = await run(code);
  assert.doesNotMatch(text, /\x1b|\[\d/);
  await page.screenshot({ path: join(artifacts, 'ansi.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  const runs = await styledRuns(page.locator('#output'));
  assert.equal(byText(runs, '  passed').color, rgb(ANSI_PALETTE.dark[2]), 'the dark palette in a dark page');
  await page.screenshot({ path: join(artifacts, 'ansi-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
});

// ---- what one run can make the page do (issue 21, finding 3) -----------------

test('a flood of unterminated OSC introducers is parsed once: the output appears and Stop still works', async () => {
  // 1 MB of "\x1b]" that never ends (stdout's whole limit): each introducer
  // overflows the sequence limit and its ESC is dropped; then a line on stderr
  // that must show, then a loop to stop.
  await setEditorCode(page, "import sys, time\nprint('\\x1b]' * 500_000)\nprint('after the flood', file=sys.stderr)\nwhile True:\n    time.sleep(0.05)\n");
  await page.click('#run');
  await page.waitForFunction(() => document.getElementById('output').textContent.includes('after the flood'), null, { timeout: 30_000 });
  await page.click('#stop');
  await page.waitForSelector('body[data-running="false"]', { timeout: 30_000 });
  const { text, elements } = await page.locator('#output').evaluate((el) => ({ text: el.textContent, elements: el.querySelectorAll('*').length }));
  assert.ok(text.startsWith(']'.repeat(1000)), 'the introducers without their ESC');
  assert.doesNotMatch(text, /\x1b/);
  assert.match(text, /KeyboardInterrupt/);
  assert.match(text, /output truncated/);
  assert.ok(elements < 20, `a few line spans, not one per introducer (${elements})`);
});

test('160,000 colour changes on one line: the pane caps the styled pieces and says so', async () => {
  const text = await run(String.raw`print("".join(f"\x1b[3{i % 8}mx" for i in range(160_000)) + "\x1b[0m")
print("\x1b[31mred on the next line\x1b[0m")`);
  const pane = page.locator('#output');
  const shape = await pane.evaluate((el) => {
    const lines = [...el.querySelectorAll(':scope > span.stdout')];
    return {
      styledOnFirst: lines[0].querySelectorAll('span').length,
      firstText: lines[0].textContent,
      note: el.querySelector('.dropped')?.textContent ?? null,
      nextLine: [...lines[1].querySelectorAll('span')].map((s) => [s.textContent, getComputedStyle(s).color]),
      elements: el.querySelectorAll('*').length,
    };
  });
  assert.equal(shape.styledOnFirst, 1000 - 1, 'the line span and 999 styled pieces');
  assert.equal(shape.firstText, `${'x'.repeat(160_000)}\n`, 'all the text is there');
  assert.match(shape.note, /159,001 pieces of output shown without their colour or style: a line keeps at most 1,000 styled pieces, the pane 50,000/);
  assert.deepEqual(shape.nextLine.map(([t]) => t), ['red on the next line'], 'the next line has its colour again');
  assert.ok(shape.elements < 1100, `${shape.elements} elements`);
  assert.match(text, /red on the next line/);
  await pane.evaluate((el) => { el.scrollTop = 0; }); // the note is at the top, as the one about dropped lines
  await page.screenshot({ path: join(artifacts, 'ansi-capped-line.png') });
  await pane.evaluate((el) => { el.scrollTop = el.scrollHeight; });
});

test('many coloured lines: the pane keeps at most 50,000 styled pieces in all', async () => {
  await run(String.raw`for n in range(80):
    print("".join(f"\x1b[3{i % 8}m{i % 10}" for i in range(900)) + "\x1b[0m")`);
  const shape = await page.locator('#output').evaluate((el) => ({
    styled: el.querySelectorAll(':scope > span > span').length,
    lines: el.querySelectorAll(':scope > span.stdout').length,
    note: el.querySelector('.dropped')?.textContent ?? '',
  }));
  assert.equal(shape.lines, 80);
  assert.ok(shape.styled <= 50_000 && shape.styled > 49_000, `${shape.styled} styled pieces`);
  assert.match(shape.note, /shown without their colour or style/);
});

// ---- an embedded snippet ------------------------------------------------------

test('an embedded <python-snippet> shows the same styled text', async () => {
  const docs = await openPage('examples/docs.html', (p) => p.waitForFunction(() => customElements.get('python-snippet')));
  try {
    const { status } = await runNewSnippet(docs.page, 'ansi-sample', SAMPLE);
    assert.equal(status, 'ok');
    const pane = docs.page.locator('#ansi-sample .output');
    const text = await pane.evaluate((el) => [...el.children].map((s) => s.textContent).join(''));
    assertSample(await styledRuns(pane), text);
    await pane.screenshot({ path: join(artifacts, 'ansi-embed.png') });
  } finally {
    await docs.env.close();
  }
});
