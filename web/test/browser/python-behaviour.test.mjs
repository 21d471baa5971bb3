// The playground in Chromium behaves like `python` in a terminal: output
// arrives while the code runs, stdout and stderr interleave in the order they
// were written, tracebacks through earlier runs show the right line, and a
// module written by a snippet imports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPlayground, setEditorCode, artifacts } from './harness.mjs';

let env;
let page;

before(async () => {
  ({ env, page } = await openPlayground());
});

after(async () => {
  await env?.close();
});

const setCode = (code) => setEditorCode(page, code);

/** Starts a run and returns at once. */
async function start(code) {
  await setCode(code);
  await page.click('#run');
  await page.waitForSelector('body[data-running="true"]');
}

async function run(code) {
  await setCode(code);
  await page.click('#run'); // the click handler marks the page running before it returns
  await page.waitForSelector('body[data-running="false"]', { timeout: 30_000 });
  return page.textContent('#output');
}

/** Waits until the output pane shows `text` while the run is still going. */
function seenWhileRunning(text) {
  return page.waitForFunction(
    (t) => document.getElementById('output').textContent.includes(t) && document.body.dataset.running === 'true',
    text,
    { timeout: 20_000 },
  );
}

test('lines printed before a runaway loop are on the page while it runs, and stay after Stop', async () => {
  await start("for i in range(3): print('tick', i)\nwhile True: pass");
  await seenWhileRunning('tick 2');
  await page.screenshot({ path: join(artifacts, 'live-output.png') });
  await page.click('#stop');
  await page.waitForSelector('body[data-running="false"]', { timeout: 10_000 });
  assert.match(await page.textContent('#output'), /tick 0\ntick 1\ntick 2\n/);
});

test('a loop that prints and sleeps shows each line during the sleeps', async () => {
  await start("import time\nfor i in range(3):\n    print('tick', i)\n    time.sleep(0.6)\nprint('done')");
  await seenWhileRunning('tick 0');
  await seenWhileRunning('tick 1');
  await page.waitForSelector('body[data-running="false"]', { timeout: 20_000 });
  assert.match(await page.textContent('#output'), /tick 2\ndone\n/);
});

test('a prompt comes before the traceback that follows it, as in a terminal', async () => {
  // Nothing in the Input box: the field appears; Ctrl-D ends the input.
  await page.fill('#stdin', '');
  await start("name = input('Your name? ')");
  await (await page.waitForSelector('#output .stdin-input')).press('Control+d');
  await page.waitForSelector('body[data-running="false"]', { timeout: 30_000 });
  const text = await page.textContent('#output');
  assert.match(text, /^Your name\? Traceback \(most recent call last\):\n/);
  assert.match(text, /EOFError: EOF when reading a line\n/);
  // The prompt is stdout, the traceback stderr, on one line.
  const kinds = await page.$$eval('#output span', (spans) => spans.map((s) => [s.className, s.textContent]));
  assert.deepEqual(kinds[0], ['stdout', 'Your name? ']);
  assert.equal(kinds[1][0], 'stderr');
});

test('a traceback through a function from an earlier run shows the line where it was defined', async () => {
  await run('def f():\n    return 1 / 0');
  const text = await run('x = 1\ny = 2\nf()');
  assert.match(text, /File "<python-input-\d+>", line 2, in f\n {4}return 1 \/ 0\n/);
  assert.doesNotMatch(text, /y = 2/);
  await page.screenshot({ path: join(artifacts, 'traceback-earlier-run.png') });
});

test('a module written by one run is imported by the next', async () => {
  await run("open('mymod.py', 'w').write('X = 5')");
  assert.match(await run('import mymod\nprint(mymod.X)'), /^5\n/);
  assert.match(await run("open('mymod.py', 'w').write('X = 6')\nimport importlib\nprint(importlib.reload(mymod).X)"), /^6\n/);
});

test('a flood of a million lines keeps the page answering and the pane bounded', { timeout: 120_000 }, async () => {
  await start('for i in range(1_000_000): print(i)');
  // The page's own thread answers a frame and a timer while the flood goes on.
  const answered = await page.evaluate(() => new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(() => resolve(true), 0));
  }));
  assert.equal(answered, true);
  await page.waitForSelector('body[data-running="false"]', { timeout: 100_000 });
  const text = await page.textContent('#output');
  assert.match(text, /output truncated/);
  const lines = await page.$$eval('#output span', (spans) => spans.filter((s) => s.textContent.endsWith('\n')).length);
  assert.ok(lines <= 5001, `${lines} lines in the pane`);
});

test('deeply nested code and data go as deep as the worker\'s stack holds, and deeper is a RecursionError, never a crash', async () => {
  const text = await run([
    'import json, pickle, sys',
    "source = 'x = 0\\nif x == -1: pass\\n' + ''.join(f'elif x == {i}: pass\\n' for i in range(1000))",
    "exec(compile(source, 'chain', 'exec'))",
    "print('a 1,000-branch elif chain compiles;', len(json.loads('[' * 1000 + ']' * 1000)))",
    'def nested(depth):',
    '    value = []',
    '    for _ in range(depth):',
    '        value = [value]',
    '    return value',
    'def through_c(n):',
    '    return 0 if n == 0 else list(map(through_c, [n - 1]))[0]',
    'sys.setrecursionlimit(1_000_000)',
    'for name, case in [',
    "    ('repr', lambda: repr(nested(100_000))),",
    "    ('json.loads', lambda: json.loads('[' * 100_000 + ']' * 100_000)),",
    "    ('pickle', lambda: pickle.dumps(nested(100_000))),",
    "    ('map', lambda: through_c(100_000)),",
    "    ('compile', lambda: compile('1' + '+1' * 100_000, 's', 'eval')),",
    ']:',
    '    try:',
    '        case()',
    '    except RecursionError as e:',
    "        print(name, 'RecursionError')",
  ].join('\n'));
  const expected = 'a 1,000-branch elif chain compiles; 1\nrepr RecursionError\njson.loads RecursionError\npickle RecursionError\nmap RecursionError\ncompile RecursionError\n';
  assert.ok(text.startsWith(expected), text);
  assert.match(await run('print(6 * 7)'), /^42\n/, 'the session goes on');
});
