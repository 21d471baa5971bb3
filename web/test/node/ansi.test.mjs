// Terminal escape sequences in program output (web/ui/ansi.js): SGR styles
// are read, everything else is stripped, in whatever pieces the output comes;
// and the output panes' palette (web/ui/ansi-palette.js, web/playground/style.css).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AnsiParser, PLAIN, sameStyle, styleToCss, xtermColour } from '../../ui/ansi.js';
import { ANSI_PALETTE } from '../../ui/ansi-palette.js';

const E = '\x1b';
const BEL_ = '\x07';

/** Parses the pieces with one parser; returns the runs of all pushes with neighbours of one style joined. */
function parse(...pieces) {
  const parser = new AnsiParser();
  const runs = [];
  for (const piece of pieces) {
    for (const run of parser.push(piece)) {
      const last = runs[runs.length - 1];
      if (last && last.link === run.link && sameStyle(last.style, run.style)) last.text += run.text;
      else runs.push({ ...run });
    }
  }
  return runs;
}

const visible = (runs) => runs.map((r) => r.text).join('');

/** The style of the text after the SGR parameters `params`. */
function styleAfter(params) {
  const runs = parse(`${E}[${params}mX`);
  assert.equal(visible(runs), 'X');
  return runs[0].style;
}

/** What is set in a style, for short assertions. */
function set(style) {
  return Object.fromEntries(Object.entries(style).filter(([k, v]) => v !== PLAIN[k]));
}

test('every attribute SGR code sets its attribute', () => {
  assert.deepEqual(set(styleAfter('1')), { bold: true });
  assert.deepEqual(set(styleAfter('2')), { dim: true });
  assert.deepEqual(set(styleAfter('3')), { italic: true });
  assert.deepEqual(set(styleAfter('4')), { underline: true });
  assert.deepEqual(set(styleAfter('7')), { inverse: true });
  assert.deepEqual(set(styleAfter('9')), { strike: true });
  assert.deepEqual(set(styleAfter('1;2;3;4;7;9')), { bold: true, dim: true, italic: true, underline: true, inverse: true, strike: true });
});

test('the 16 basic and bright colours, foreground and background', () => {
  for (let i = 0; i < 8; i++) {
    assert.deepEqual(set(styleAfter(String(30 + i))), { fg: i }, `SGR ${30 + i}`);
    assert.deepEqual(set(styleAfter(String(40 + i))), { bg: i }, `SGR ${40 + i}`);
    assert.deepEqual(set(styleAfter(String(90 + i))), { fg: 8 + i }, `SGR ${90 + i}`);
    assert.deepEqual(set(styleAfter(String(100 + i))), { bg: 8 + i }, `SGR ${100 + i}`);
  }
});

test('256 colours and truecolour, with ";" and with ":" separators', () => {
  assert.deepEqual(set(styleAfter('38;5;27')), { fg: 27 });
  assert.deepEqual(set(styleAfter('48;5;196')), { bg: 196 });
  assert.deepEqual(set(styleAfter('38;2;255;135;0')), { fg: '#ff8700' });
  assert.deepEqual(set(styleAfter('48;2;0;0;0')), { bg: '#000000' });
  assert.deepEqual(set(styleAfter('38:5:27')), { fg: 27 });
  assert.deepEqual(set(styleAfter('38:2::1:2:3')), { fg: '#010203' });
  assert.deepEqual(set(styleAfter('38:2:1:2:3')), { fg: '#010203' });
  // The colour's parameters are not read as codes of their own (5 would be blink, 1 bold).
  assert.deepEqual(set(styleAfter('38;5;1;4')), { fg: 1, underline: true });
  assert.deepEqual(set(styleAfter('38;2;1;1;1;3')), { fg: '#010101', italic: true });
  // An underline colour (58) is skipped with its parameters.
  assert.deepEqual(set(styleAfter('58;5;9;1')), { bold: true });
  // Malformed: out of range or missing values change no colour.
  assert.deepEqual(set(styleAfter('38;5;300')), {});
  assert.deepEqual(set(styleAfter('38;5')), {});
});

test('each reset ends only its own attributes', () => {
  const all = '1;2;3;4;7;9;31;42';
  assert.deepEqual(set(styleAfter(`${all};22`)), { italic: true, underline: true, inverse: true, strike: true, fg: 1, bg: 2 });
  assert.deepEqual(set(styleAfter(`${all};23`)), { bold: true, dim: true, underline: true, inverse: true, strike: true, fg: 1, bg: 2 });
  assert.deepEqual(set(styleAfter(`${all};24`)), { bold: true, dim: true, italic: true, inverse: true, strike: true, fg: 1, bg: 2 });
  assert.deepEqual(set(styleAfter(`${all};27`)), { bold: true, dim: true, italic: true, underline: true, strike: true, fg: 1, bg: 2 });
  assert.deepEqual(set(styleAfter(`${all};29`)), { bold: true, dim: true, italic: true, underline: true, inverse: true, fg: 1, bg: 2 });
  assert.deepEqual(set(styleAfter(`${all};39`)), { bold: true, dim: true, italic: true, underline: true, inverse: true, strike: true, bg: 2 });
  assert.deepEqual(set(styleAfter(`${all};49`)), { bold: true, dim: true, italic: true, underline: true, inverse: true, strike: true, fg: 1 });
  assert.equal(styleAfter(`${all};0`), PLAIN);
  // ESC[m is ESC[0m.
  assert.deepEqual(parse(`${E}[1ma${E}[mb`).map((r) => [r.text, set(r.style)]), [['a', { bold: true }], ['b', {}]]);
});

test('styles carry over from one push to the next, and reset() starts plain', () => {
  const parser = new AnsiParser();
  assert.deepEqual(parser.push(`${E}[31mred`).map((r) => r.style.fg), [1]);
  assert.deepEqual(parser.push('still red').map((r) => r.style.fg), [1]);
  parser.reset();
  assert.deepEqual(parser.push('plain').map((r) => r.style), [PLAIN]);
});

test('other escape sequences are stripped, their text neighbours kept', () => {
  const cases = {
    [`a${E}[2Kb`]: 'ab', // erase line
    [`a${E}[?25lb${E}[?25h`]: 'ab', // hide and show the cursor
    [`a${E}[1A${E}[10;20Hb`]: 'ab', // cursor moves
    [`a${E}]0;a title${'\x07'}b`]: 'ab', // OSC ended by BEL
    [`a${E}]2;a title${E}\\b`]: 'ab', // OSC ended by ST
    [`a${E}P1$r0m${E}\\b`]: 'ab', // DCS
    [`a${E}(Bb${E}7c${E}8d${E}=`]: 'abcd', // charset, save/restore cursor, keypad
    [`a${E}\nb`]: 'a\nb', // a lone ESC
    [`a${E}${E}[1mb`]: 'ab', // a lone ESC before a sequence
    [`a${E}[12\nb`]: 'a\nb', // a CSI cut short by a newline
  };
  for (const [input, shown] of Object.entries(cases)) {
    assert.equal(visible(parse(input)), shown, JSON.stringify(input));
  }
  // Not SGR, so no style either, even though it ends in "m".
  assert.deepEqual(parse(`${E}[>4;2mx`).map((r) => r.style), [PLAIN]);
});

test('a sequence cut across pushes is parsed once the rest arrives', () => {
  const input = `x${E}[1;38;5;27mblue${E}[0m ${E}]8;;https://example.org/${E}\\link${E}]8;;${'\x07'}${E}[2Kend`;
  const whole = parse(input);
  for (let i = 1; i < input.length; i++) {
    assert.deepEqual(parse(input.slice(0, i), input.slice(i)), whole, `cut at ${i}`);
    for (let j = i + 1; j < input.length; j += 3) {
      assert.deepEqual(parse(input.slice(0, i), input.slice(i, j), input.slice(j)), whole, `cut at ${i} and ${j}`);
    }
  }
  // A push that ends in the middle of a sequence shows nothing of it.
  const parser = new AnsiParser();
  assert.equal(visible(parser.push(`ok${E}[38;5`)), 'ok');
  assert.deepEqual(parser.push(';2mgreen').map((r) => [r.text, r.style.fg]), [['green', 2]]);
});

test('an escape that never ends does not swallow what follows it', () => {
  const after = 'y'.repeat(5000);
  assert.equal(visible(parse(`a${E}]0;${after}`)), `a]0;${after}`);
  assert.equal(visible(parse(`a${E}]0;`, after)), `a]0;${after}`);
});

test('OSC 8 hyperlinks keep their text; only http(s) targets become links', () => {
  const link = (url, text) => `${E}]8;id=1;${url}${E}\\${text}${E}]8;;${E}\\`;
  assert.deepEqual(parse(`see ${link('https://example.org/a b', 'docs')}.`), [
    { text: 'see ', style: PLAIN },
    { text: 'docs', style: PLAIN, link: 'https://example.org/a%20b' },
    { text: '.', style: PLAIN },
  ]);
  assert.deepEqual(parse(`${E}]8;;http://127.0.0.1/x${'\x07'}t${E}]8;;${'\x07'}`), [{ text: 't', style: PLAIN, link: 'http://127.0.0.1/x' }]);
  for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,<b>x', 'not a url']) {
    assert.deepEqual(parse(link(url, 'text')), [{ text: 'text', style: PLAIN }], url);
  }
});

// Printed by rich 15.0.0 (native python3, FORCE_COLOR=1 COLORTERM=truecolor)
// for a script with console.print markup, a Table and a pretty-printed dict;
// PLAIN_OUTPUT is the same script's output without a terminal (no escapes).
const RICH_OUTPUT = "\u001b[1;31mError:\u001b[0m file \u001b[3mdata.csv\u001b[0m not found\nStatus: \u001b[32mok\u001b[0m \u001b[1;2;36m3\u001b[0m\u001b[2m checks\u001b[0m \u001b[7m NEW \u001b[0m \u001b[9mold\u001b[0m \u001b[4munder\u001b[0m\n\u001b[38;2;255;135;0;48;2;38;38;38mtruecolour\u001b[0m \u001b[38;5;27mcolour \u001b[0m\u001b[1;38;5;27m27\u001b[0m \u001b[96mbright cyan\u001b[0m\nDocs: \u001b]8;id=1949604;https://rich.readthedocs.io/\u001b\\rich docs\u001b]8;;\u001b\\\n\u001b[3m     Planets     \u001b[0m\n┏━━━━━━━┳━━━━━━━┓\n┃\u001b[1m \u001b[0m\u001b[1mName \u001b[0m\u001b[1m \u001b[0m┃\u001b[1m \u001b[0m\u001b[1mMoons\u001b[0m\u001b[1m \u001b[0m┃\n┡━━━━━━━╇━━━━━━━┩\n│\u001b[36m \u001b[0m\u001b[36mEarth\u001b[0m\u001b[36m \u001b[0m│\u001b[35m \u001b[0m\u001b[35m    1\u001b[0m\u001b[35m \u001b[0m│\n│\u001b[36m \u001b[0m\u001b[36mMars \u001b[0m\u001b[36m \u001b[0m│\u001b[35m \u001b[0m\u001b[35m    2\u001b[0m\u001b[35m \u001b[0m│\n└───────┴───────┘\n\u001b[1m{\u001b[0m\u001b[32m'a'\u001b[0m: \u001b[1m[\u001b[0m\u001b[1;36m1\u001b[0m, \u001b[1;36m2.5\u001b[0m, \u001b[3;35mNone\u001b[0m, \u001b[3;92mTrue\u001b[0m, \u001b[32m'x'\u001b[0m\u001b[1m]\u001b[0m\u001b[1m}\u001b[0m\n";
const PLAIN_OUTPUT = "Error: file data.csv not found\nStatus: ok 3 checks  NEW  old under\ntruecolour colour 27 bright cyan\nDocs: rich docs\n     Planets     \n┏━━━━━━━┳━━━━━━━┓\n┃ Name  ┃ Moons ┃\n┡━━━━━━━╇━━━━━━━┩\n│ Earth │     1 │\n│ Mars  │     2 │\n└───────┴───────┘\n{'a': [1, 2.5, None, True, 'x']}\n";

test("rich's output shows the text rich prints without a terminal, styled as rich asked", () => {
  const runs = parse(RICH_OUTPUT);
  assert.equal(visible(runs), PLAIN_OUTPUT);
  const styleOf = (text) => {
    const run = runs.find((r) => r.text === text);
    assert.ok(run, `a run "${text}"`);
    return { ...set(run.style), ...(run.link ? { link: run.link } : {}) };
  };
  assert.deepEqual(styleOf('Error:'), { bold: true, fg: 1 });
  assert.deepEqual(styleOf('data.csv'), { italic: true });
  assert.deepEqual(styleOf('3'), { bold: true, dim: true, fg: 6 });
  assert.deepEqual(styleOf(' NEW '), { inverse: true });
  assert.deepEqual(styleOf('old'), { strike: true });
  assert.deepEqual(styleOf('under'), { underline: true });
  assert.deepEqual(styleOf('truecolour'), { fg: '#ff8700', bg: '#262626' });
  assert.deepEqual(styleOf('27'), { bold: true, fg: 27 });
  assert.deepEqual(styleOf('bright cyan'), { fg: 14 });
  assert.deepEqual(styleOf('rich docs'), { link: 'https://rich.readthedocs.io/' });
  assert.deepEqual(styleOf(' Earth '), { fg: 6 });
  assert.deepEqual(styleOf('True'), { italic: true, fg: 10 });
  // Fed in pieces of 7 characters, as output may arrive, it reads the same.
  const pieces = RICH_OUTPUT.match(/[^]{1,7}/g);
  assert.deepEqual(parse(...pieces), runs);
});

test('styleToCss: palette colours by variable, others as literals, inverse swaps', () => {
  assert.deepEqual(styleToCss(PLAIN), {});
  assert.deepEqual(styleToCss({ ...PLAIN, bold: true, fg: 1 }), { color: 'var(--ansi-1)', fontWeight: 'bold' });
  assert.deepEqual(styleToCss({ ...PLAIN, fg: 27, bg: '#262626' }), { color: '#005fff', backgroundColor: '#262626' });
  assert.deepEqual(styleToCss({ ...PLAIN, dim: true, italic: true, underline: true, strike: true }),
    { opacity: '0.65', fontStyle: 'italic', textDecorationLine: 'underline line-through' });
  assert.deepEqual(styleToCss({ ...PLAIN, inverse: true }), { color: 'var(--ansi-bg)', backgroundColor: 'var(--ansi-fg)' });
  assert.deepEqual(styleToCss({ ...PLAIN, inverse: true, fg: 2 }), { color: 'var(--ansi-bg)', backgroundColor: 'var(--ansi-2)' });
  assert.deepEqual(styleToCss({ ...PLAIN, inverse: true, bg: 4 }), { color: 'var(--ansi-4)', backgroundColor: 'var(--ansi-fg)' });
});

test('xtermColour: the 6x6x6 cube and the grey ramp', () => {
  assert.equal(xtermColour(16), '#000000');
  assert.equal(xtermColour(27), '#005fff');
  assert.equal(xtermColour(196), '#ff0000');
  assert.equal(xtermColour(231), '#ffffff');
  assert.equal(xtermColour(232), '#080808');
  assert.equal(xtermColour(255), '#eeeeee');
});

// ---- the palette ------------------------------------------------------------

const styleCss = readFileSync(new URL('../../playground/style.css', import.meta.url), 'utf8');
const [lightCss, darkCss] = styleCss.split('@media (prefers-color-scheme: dark)');

/** The value of a custom property in a piece of CSS (the first one). */
function cssVar(css, name) {
  const match = css.match(new RegExp(`${name}:\\s*(#[0-9a-f]{6})`, 'i'));
  assert.ok(match, `${name} in web/playground/style.css`);
  return match[1].toLowerCase();
}

function luminance(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test("the playground's --ansi-* colours are ANSI_PALETTE's", () => {
  for (const [theme, css] of [['light', lightCss], ['dark', darkCss]]) {
    const inCss = ANSI_PALETTE[theme].map((_, i) => cssVar(css, `--ansi-${i}`));
    assert.deepEqual(inCss, [...ANSI_PALETTE[theme]], theme);
  }
});

test('every palette colour is readable (contrast 3:1 or more) on the output pane', () => {
  for (const [theme, css] of [['light', lightCss], ['dark', darkCss]]) {
    for (const background of [cssVar(css, '--out-bg'), cssVar(css, '--stderr-bg')]) {
      ANSI_PALETTE[theme].forEach((colour, i) => {
        const ratio = contrast(colour, background);
        assert.ok(ratio >= 3, `${theme} --ansi-${i} ${colour} on ${background}: contrast ${ratio.toFixed(2)}`);
      });
    }
  }
});

test('parsing is linear: unterminated strings and long CSI runs are not rescanned per character (issue 21, finding 3)', () => {
  // What the parser looks at to find where sequences end, per character of
  // output, for the inputs that made it quadratic; in the pieces the page gets them.
  const cases = {
    'OSC introducers that never end': `${E}]`.repeat(500_000),
    'DCS, SOS, PM, APC introducers': [`${E}P`, `${E}X`, `${E}^`, `${E}_`].join('').repeat(50_000),
    'an OSC with ESCs that are not ST': `${E}]8;;${`${E}x`.repeat(200_000)}`,
    'CSI introducers without a final byte': `${E}[1;2;3`.repeat(100_000),
    '160,000 colour changes': Array.from({ length: 160_000 }, (_, i) => `${E}[3${i % 8}mx`).join(''),
  };
  for (const [name, input] of Object.entries(cases)) {
    const parser = new AnsiParser();
    for (let at = 0; at < input.length; at += 16_384) parser.push(input.slice(at, at + 16_384));
    const pushes = Math.ceil(input.length / 16_384);
    // Each piece may look again at what an unfinished sequence held back (at most 4096 characters).
    assert.ok(parser.scanned <= 2 * input.length + pushes * 4096, `${name}: ${parser.scanned} characters looked at for ${input.length} of output`);
  }
  // The flood's visible text: each introducer's ESC is dropped, as before.
  assert.equal(visible(parse(`${E}]`.repeat(3000), 'x'.repeat(5000))), `${']'.repeat(3000)}${'x'.repeat(5000)}`);
});

test('strings still end at BEL or ST, across pieces, and a stray one holds back at most 4096 characters', () => {
  assert.equal(visible(parse(`a${E}]0;title${BEL_}b`)), 'ab');
  assert.equal(visible(parse(`a${E}]0;ti`, `tle${E}`, '\\b')), 'ab');
  assert.equal(visible(parse(`a${E}_apc ${E}x still in${E}\\b`)), 'ab');
  const runs = parse(`a${E}]${'y'.repeat(5000)}`);
  assert.equal(visible(runs), `a]${'y'.repeat(5000)}`, 'too long to be a sequence: shown as text');
});
