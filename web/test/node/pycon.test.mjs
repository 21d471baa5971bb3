// `>>>` blocks checked by doctest inside the interpreter (crate/pycon.py, packed
// as `_wasipy_pycon`), through the session API as the embed and the playground
// call it: the checker's structured report, on the real module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSession } from '../../lib/session.js';
import { isPyconText, checkExamples, readPyconReport } from '../../lib/pycon.js';
import { module, rare, stdlib, stdlibExtra } from './fixture.mjs';

const start = () => createSession({ module, rare, stdlib, stdlibExtra, useWorker: false });
const session = await start();

/** Checks `text` in the shared session; returns the report (the run must succeed). */
async function check(text, options) {
  const result = await checkExamples(session, text, options);
  assert.equal(result.status, 'ok', `the checker ran: ${result.stderr}`);
  return result.report;
}

const outcomes = (report) => report.examples.map((e) => e.outcome);

test('isPyconText: a first line with a >>> prompt', () => {
  assert.equal(isPyconText('>>> 1 + 1\n2'), true);
  assert.equal(isPyconText('\n   >>> x = 1'), true);
  assert.equal(isPyconText('>>>'), true);
  assert.equal(isPyconText('print(">>> ")'), false);
  assert.equal(isPyconText('>>>x'), false);
  assert.equal(isPyconText(''), false);
});

test('run with display: false returns the value without printing it', async () => {
  const r = await session.run('6 * 7', { display: false });
  assert.deepEqual([r.status, r.value, r.stdout], ['ok', '42', '']);
  const shown = await session.run('6 * 7');
  assert.equal(shown.stdout, '42\n');
  assert.throws(() => session.run('1', { display: 'no' }), /display must be true or false/);
});

test('each example is run in order and checked as doctest does', async () => {
  const result = await checkExamples(session, '>>> x = 6 * 7\n>>> x\n42\n>>> print(x + 1)\n44\n>>> x // 2\n21');
  assert.equal(result.status, 'ok');
  // The examples' output is doctest's, per example: none of it reaches the run's own streams.
  assert.deepEqual([result.stdout, result.stderr], ['', '']);
  const { report } = result;
  assert.equal(report.checked, true);
  assert.equal(report.error, null);
  assert.deepEqual(outcomes(report), ['match', 'match', 'mismatch', 'match']);
  assert.deepEqual(report.examples.map((e) => e.line), [1, 2, 4, 6]);
  assert.deepEqual(report.examples.map((e) => e.got), ['', '42\n', '43\n', '21\n']);
  assert.equal(report.examples[2].source, 'print(x + 1)\n');
  assert.equal(report.examples[2].want, '44\n');
  assert.equal(report.examples[2].diff, 'Expected:\n    44\nGot:\n    43\n');
  assert.deepEqual(report.counts, { examples: 4, matched: 3, mismatched: 1, skipped: 0 });
});

test('the block runs in __main__: its variables stay for the next block and plain runs', async () => {
  await check('>>> shared = [1, 2]\n>>> shared.append(3)');
  const report = await check('>>> shared\n[1, 2, 3]');
  assert.deepEqual(outcomes(report), ['match']);
  assert.equal((await session.run('len(shared)')).value, '3');
  // As in the REPL, `_` is the last value shown.
  assert.deepEqual(outcomes(await check('>>> 7 * 6\n42\n>>> _ + 1\n43')), ['match', 'match']);
});

test('ELLIPSIS applies with its directive or the page-wide option, not by default', async () => {
  const text = '>>> list(range(100))\n[0, 1, 2, ..., 98, 99]';
  assert.deepEqual(outcomes(await check(text)), ['mismatch']);
  const withDirective = await check('>>> list(range(100))  # doctest: +ELLIPSIS\n[0, 1, 2, ..., 98, 99]');
  assert.deepEqual(outcomes(withDirective), ['match']);
  assert.match(withDirective.examples[0].got, /^\[0, 1, 2, 3, 4, .*, 98, 99\]\n$/);
  assert.deepEqual(outcomes(await check(text, { optionflags: 'ELLIPSIS' })), ['match']);
  // A directive turns a page-wide option off again.
  assert.deepEqual(outcomes(await check(text.replace('\n', '  # doctest: -ELLIPSIS\n'), { optionflags: 'ELLIPSIS' })), ['mismatch']);
});

test('NORMALIZE_WHITESPACE and SKIP directives', async () => {
  const report = await check([
    '>>> print(list(range(12)))  # doctest: +NORMALIZE_WHITESPACE',
    '[0, 1, 2, 3, 4, 5,',
    ' 6, 7, 8, 9, 10, 11]',
    '>>> skipped_ran = True  # doctest: +SKIP',
    '>>> "skipped_ran" in globals()',
    'False',
  ].join('\n'));
  assert.deepEqual(outcomes(report), ['match', 'skipped', 'match']);
  assert.deepEqual(report.counts, { examples: 3, matched: 2, mismatched: 0, skipped: 1 });
});

test('exceptions are compared as doctest does', async () => {
  const report = await check([
    '>>> int("forty-two")',
    'Traceback (most recent call last):',
    '  ...',
    "ValueError: invalid literal for int() with base 10: 'forty-two'",
    '>>> {}["key"]',
    'Traceback (most recent call last):',
    "KeyError: 'other'",
    '>>> def half(n):',
    '...     return n / 0',
    '>>> half(4)',
    '2.0',
  ].join('\n'));
  assert.deepEqual(outcomes(report), ['match', 'mismatch', 'match', 'error']);
  const [expected, wrong, , unexpected] = report.examples;
  // The traceback as the REPL shows it: the example's own frames, not doctest's.
  assert.match(expected.exception, /^Traceback \(most recent call last\):\n {2}File "<doctest block \d+\[0\]>", line 1, in <module>\n/);
  assert.doesNotMatch(expected.exception, /doctest\.py/);
  assert.match(wrong.diff, /^Expected:\n {4}Traceback \(most recent call last\):\n {4}KeyError: 'other'\nGot:\n {4}Traceback/);
  assert.match(wrong.diff, /KeyError: 'key'\n$/);
  assert.match(unexpected.exception, /in half\n {4}return n \/ 0\n[\s\S]*ZeroDivisionError: division by zero\n$/);
  assert.match(unexpected.diff, /^Expected:\n {4}2\.0\nGot:\n {4}Traceback/);
  assert.equal(unexpected.got, '');
});

test('a block without expected output is just run', async () => {
  const report = await check('>>> for w in ["ham", "eggs"]:\n...     print(w.upper())\n>>> 2 + 2\n>>> 1 / 0');
  assert.equal(report.checked, false);
  assert.deepEqual(outcomes(report), ['ran', 'ran', 'ran']);
  assert.deepEqual(report.examples.map((e) => e.got), ['HAM\nEGGS\n', '4\n', '']);
  assert.match(report.examples[2].exception, /ZeroDivisionError/);
  assert.equal(report.examples[2].diff, '');
  assert.deepEqual(report.counts, { examples: 3, matched: 0, mismatched: 0, skipped: 0 });
});

test("an example's stderr is kept with it", async () => {
  const report = await check('>>> import sys, warnings\n>>> print("to stderr", file=sys.stderr)\n>>> warnings.warn("careful")\n>>> print("after")\nafter');
  assert.equal(report.examples[1].stderr, 'to stderr\n');
  assert.match(report.examples[2].stderr, /UserWarning: careful/);
  assert.deepEqual(outcomes(report), ['match', 'match', 'match', 'match']);
});

test('functions from a block show their lines in tracebacks of later runs', async () => {
  await check('>>> def fails():\n...     raise RuntimeError("from the block")');
  const r = await session.run('fails()');
  assert.equal(r.status, 'error');
  assert.match(r.stderr, /File "<doctest block \d+\[0\]>", line 2, in fails\n {4}raise RuntimeError\("from the block"\)/);
});

test('broken blocks say what to fix, run nothing, and the next run works', async () => {
  await session.run('untouched = 1');
  const cases = [
    // A continuation line without `... `: doctest would read it as expected output.
    ['>>> untouched = 2\n>>> def area(r):\n        return 3 * r\n>>> area(2)\n6', 3, /^Line 3 continues the statement `def area\(r\):` \(line 2\) without a `\.\.\. ` prompt/],
    ['>>> total = (1 +\n2)', 2, /^Line 2 continues the statement `total = \(1 \+` \(line 1\) without a `\.\.\. ` prompt/],
    ['>>> for i in range(3):\n>>> print(i)', 1, /^Line 1: the statement `for i in range\(3\):` is not finished/],
    // doctest's own ValueErrors, explained.
    ['>>> def f():\n  ...     return 1', 2, /^Line 2: this `\.\.\.` continuation line is indented differently/],
    ['  >>> 1 + 1\n2', 2, /^Line 2: expected output must start at the column of its `>>>` line/],
    ['>>> untouched = 3\n>>>print(1)', 2, /^Line 2: put a space after the prompt/],
    ['>>> 1  # doctest: +ELIPSIS\n1', 1, /^Line 1: '\+ELIPSIS' is not a doctest directive/],
  ];
  for (const [text, line, message] of cases) {
    const report = await check(text);
    assert.ok(report.error, `an error for ${JSON.stringify(text)}`);
    assert.equal(report.error.line, line, text);
    assert.match(report.error.message, message);
    assert.deepEqual(report.examples, []);
  }
  assert.equal((await session.run('untouched')).value, '1', 'nothing of a broken block ran');
  assert.deepEqual(outcomes(await check('>>> untouched + 1\n2')), ['match']);
});

test('a real syntax error is the example\'s own outcome, as in doctest', async () => {
  const report = await check('>>> 1 +* 2\n3\n>>> "next"\n\'next\'');
  assert.deepEqual(outcomes(report), ['error', 'match']);
  assert.match(report.examples[0].exception, /SyntaxError: invalid syntax/);
});

test('an unknown page-wide option is reported', async () => {
  const report = await check('>>> 1\n1', { optionflags: 'ELLIPSIS, NOPE' });
  assert.match(report.error.message, /unknown doctest option 'NOPE'/);
});

test('the report survives text that is not ASCII, quotes and backslashes', async () => {
  const report = await check(">>> print('héllo \"wörld\" \\\\ 🐍')\nhéllo \"wörld\" \\ 🐍\n>>> '\\u2028'\n'\\u2028'");
  assert.deepEqual(outcomes(report), ['match', 'match']);
  assert.equal(report.examples[0].got, 'héllo "wörld" \\ 🐍\n');
});

test('readPyconReport is null for a run that did not end with the report', () => {
  assert.equal(readPyconReport({ status: 'error', stderr: 'Traceback…' }), null);
  assert.throws(() => readPyconReport({ status: 'ok', value: "'not base64!'" }), /unexpected reply/);
});
