// Ask, wait, interrupt in the playground, in Chromium (which has JavaScript
// Promise Integration; the page is served without COOP/COEP headers):
// input() shows a field after its prompt, Stop raises KeyboardInterrupt and
// keeps the session, time.sleep() waits on a timer.
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

async function start(code) {
  await page.fill('#stdin', '');
  await setCode(code);
  await page.click('#run');
  await page.waitForSelector('body[data-running="true"]');
}

async function finished() {
  await page.waitForSelector('body[data-running="false"]', { timeout: 20_000 });
  return page.textContent('#output');
}

const field = () => page.waitForSelector('#output .stdin-input', { timeout: 20_000 });

test('the page is not cross-origin isolated, and the session says what it can do', async () => {
  assert.equal(await page.evaluate(() => crossOriginIsolated), false);
  const caps = await page.evaluate(() => window.wasipy.session.capabilities);
  assert.deepEqual([caps.stdin, caps.interrupt, caps.sleep, caps.mechanism], [true, true, true, 'jspi']);
});

test('input() shows a field after its prompt; the typed line reaches Python and stays in the output', async () => {
  await start("name = input('Your name? ')\nprint('Hello,', name)");
  const input = await field();
  await page.screenshot({ path: join(artifacts, 'input-field.png') });
  await input.type('Ada Lovelace ✓');
  await input.press('Enter');
  const text = await finished();
  assert.equal(text, 'Your name? Ada Lovelace ✓\nHello, Ada Lovelace ✓\n');
  assert.equal(await page.$('#output .stdin-input'), null);
});

test('Ctrl-D sends end of input: input() raises EOFError', async () => {
  await start("input('> ')");
  await (await field()).press('Control+d');
  assert.match(await finished(), /^> Traceback[\s\S]*EOFError: EOF when reading a line\n$/);
});

test('text given in advance is read first; the field appears only when it runs out', async () => {
  await setCode("a = input()\nb = input('second? ')\nprint(a, b)");
  await page.fill('#stdin', 'first\n');
  await page.click('#run');
  await (await field()).type('two');
  await page.keyboard.press('Enter');
  assert.match(await finished(), /second\? two\nfirst two\n$/);
});

test('for line in sys.stdin reads typed lines until EOF', async () => {
  await start("import sys\nfor line in sys.stdin:\n    print('got', line.strip().upper())\nprint('end')");
  for (const word of ['one', 'two']) {
    await (await field()).type(word);
    await page.keyboard.press('Enter');
    await page.waitForFunction((w) => document.getElementById('output').textContent.includes(`got ${w.toUpperCase()}`), word);
  }
  await (await field()).press('Control+d');
  assert.match(await finished(), /got ONE\n[\s\S]*got TWO\n[\s\S]*end\n$/);
});

test('Stop during a loop raises KeyboardInterrupt, runs finally, and keeps the variables', async () => {
  await setCode('x = 5');
  await page.click('#run');
  await finished();
  await start("try:\n    while True: pass\nfinally:\n    print('cleaned up')");
  await page.click('#stop');
  const text = await finished();
  assert.match(text, /cleaned up\n[\s\S]*KeyboardInterrupt\n/);
  assert.doesNotMatch(text, /fresh interpreter/);
  await setCode('print(x)');
  await page.click('#run');
  assert.equal(await finished(), '5\n');
});

test('Stop while input() waits raises KeyboardInterrupt and removes the field', async () => {
  await start("input('Name? ')");
  await field();
  await page.click('#stop');
  assert.match(await finished(), /^Name\? Traceback[\s\S]*KeyboardInterrupt\n$/);
  assert.equal(await page.$('#output .stdin-input'), null);
});

test('Stop during time.sleep() raises KeyboardInterrupt at once', async () => {
  await start("import time\nprint('sleeping')\ntime.sleep(60)");
  await page.waitForFunction(() => document.getElementById('output').textContent.includes('sleeping'));
  await page.click('#stop');
  assert.match(await finished(), /time\.sleep\(60\)[\s\S]*KeyboardInterrupt\n$/);
});

test('Stop twice, and Stop with nothing running, leave a working session', async () => {
  await start('while True: pass');
  await page.click('#stop');
  await page.click('#stop', { force: true }).catch(() => {}); // may already be disabled
  assert.match(await finished(), /KeyboardInterrupt\n$/);
  assert.equal(await page.evaluate(() => window.wasipy.session.interrupt()), false);
  await setCode('print("still", x)');
  await page.click('#run');
  assert.equal(await finished(), 'still 5\n');
});

test('a run queued behind one that waits for input runs after it', async () => {
  await start("print(input('? '))");
  await page.evaluate(() => { window.queued = window.wasipy.session.run('print("queued ran")'); });
  await (await field()).type('answer');
  await page.keyboard.press('Enter');
  await finished();
  const queued = await page.evaluate(() => window.queued);
  assert.deepEqual([queued.status, queued.stdout], ['ok', 'queued ran\n']);
  // Its output follows the first run's in the pane, in order.
  await page.waitForFunction(() => document.getElementById('output').textContent.endsWith('queued ran\n'));
  assert.match(await page.textContent('#output'), /^\? answer\nanswer\nqueued ran\n$/);
});

test('a very long line, non-ASCII input, an empty line and 1,000 input() calls', async () => {
  await start("s = input()\nprint(len(s), s[:3], s[-2:])");
  const long = `é${'x'.repeat(1_000_000)}🐍`;
  const input = await field();
  await input.evaluate((el, v) => { el.value = v; }, long);
  await input.press('Enter');
  await page.waitForSelector('body[data-running="false"]', { timeout: 20_000 });
  assert.match(await page.textContent('#output'), /1000002 éxx x🐍\n$/);
  await start("print(repr(input('empty? ')))");
  await (await field()).press('Enter');
  assert.match(await finished(), /''\n$/);
  // 1,000 reads of text given in advance: no field, no hang.
  await setCode('n = 0\nfor _ in range(1000):\n    n += int(input())\nprint(n)');
  await page.fill('#stdin', `${'1\n'.repeat(1000)}`);
  await page.click('#run');
  assert.equal(await finished(), '1000\n');
  await page.fill('#stdin', '');
});

test('without JSPI (worker script altered to lack it): a one-line notice, stdin ends, Stop restarts', async () => {
  // Chromium's JSPI cannot be switched off by a flag: the worker's script is
  // served with WebAssembly.Suspending removed before any of its code runs.
  const other = await env.browser.newPage();
  await other.route('**/assets/worker-*.js', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: `delete WebAssembly.Suspending;\n${await response.text()}` });
  });
  await other.goto(page.url().split('#')[0]);
  await other.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  const caps = await other.evaluate(() => window.wasipy.session.capabilities);
  assert.deepEqual([caps.stdin, caps.interrupt, caps.mechanism], [false, false, null]);
  assert.match(await other.textContent('#output'), /no JavaScript Promise Integration/);
  // The click handler marks the page running before it returns.
  const runIt = async (code) => {
    await setEditorCode(other, code);
    await other.click('#run');
  };
  await runIt("x = 1\ninput('? ')");
  await other.waitForSelector('body[data-running="false"]', { timeout: 20_000 });
  assert.match(await other.textContent('#output'), /EOFError/);
  await runIt('while True: pass');
  await other.waitForSelector('body[data-running="true"]');
  await other.click('#stop');
  await other.waitForSelector('body[data-running="false"]', { timeout: 20_000 });
  assert.match(await other.textContent('#output'), /fresh interpreter/);
  await other.close();
});
