// turtle in Chromium: CPython's turtle.py draws in the playground's output as
// SVG, animated at the chosen speed; Stop ends a drawing that never ends and
// keeps what it drew; a docs snippet draws too. A canvas message is untrusted
// (any code can write to the display device): what it names can become no
// markup, script or request. (That the items are native Tk's: web/test/node/turtle.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBrowser, gotoPlayground, runInPlayground, setEditorCode, openPage, runNewSnippet, artifacts, root } from './harness.mjs';

let env;
let page;
const requests = [];

before(async () => {
  env = await startBrowser();
  page = await env.browser.newPage();
  page.on('request', (r) => requests.push(r.url()));
  await gotoPlayground(page, env.baseUrl);
  // Coordinates in the longest line of the drawings in `el` (turtle's first line item is a point).
  await page.evaluate(() => {
    window.longestLine = (el) => Math.max(0, ...[...el.querySelectorAll('.display.canvas polyline')].map((l) => l.getAttribute('points').split(' ').length));
  });
});
after(async () => {
  await env?.close();
});

// The docs' star (web/test/turtle/star.py, also compared with native Tk), drawn at once.
const STAR = `${readFileSync(join(root, 'web/test/turtle/star.py'), 'utf8').replace('from turtle import *\n', 'from turtle import *\nspeed(0)\n')}
print([round(c, 2) + 0.0 for c in getcanvas().coords(getcanvas().find_all()[2])][:8])
`;

test('the star of the turtle documentation is drawn in the output: its outline, its even-odd fill and the turtle', async () => {
  const text = await runInPlayground(page, STAR);
  const coords = JSON.parse(text.trim().split('\n').at(-1));
  const svg = await page.$eval('#output .display.canvas svg', (el) => ({
    viewBox: el.getAttribute('viewBox'),
    background: el.querySelector('rect').getAttribute('fill'),
    items: [...el.querySelector('g').children].map((c) => [c.localName, c.getAttribute('points'), c.getAttribute('fill'), c.getAttribute('stroke'), c.getAttribute('fill-rule')]),
  }));
  assert.equal(svg.viewBox, '-200 -200 400 400');
  assert.equal(svg.background, '#ffffff');
  const fill = svg.items.find(([tag, , fillColour]) => tag === 'polygon' && fillColour === '#ffff00' && svg.items.indexOf(svg.items.find(([t]) => t === 'polyline')) > -1);
  assert.ok(fill, JSON.stringify(svg.items).slice(0, 400));
  assert.equal(fill[4], 'evenodd');
  assert.deepEqual(fill[1].split(' ').slice(0, 8).map(Number), coords, 'the page draws the canvas item\'s coordinates');
  const outline = svg.items.find(([tag, points, , stroke]) => tag === 'polyline' && stroke === '#ff0000' && points.split(' ').length > 70);
  assert.ok(outline, 'the red outline, all 37 corners');
  await page.waitForTimeout(200);
  await (await page.$('#output .display.canvas')).screenshot({ path: join(artifacts, 'turtle-star.png') });
});

test('a drawing is animated at the chosen speed: the page sees the line grow while the run goes on', async () => {
  await setEditorCode(page, 'import turtle\nturtle.reset()\nturtle.speed(1)\nturtle.forward(150)\nturtle.left(90)\nturtle.forward(50)');
  await page.click('#run');
  const frames = page.evaluate(() => new Promise((resolve) => {
    const seen = new Set();
    const watch = () => {
      const line = [...document.querySelectorAll('#output .display.canvas polyline')].map((l) => l.getAttribute('points')).join('|');
      if (line) seen.add(line);
      if (document.body.dataset.running === 'false' && seen.size) resolve([...seen]);
      else requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
  }));
  const seen = await frames;
  assert.ok(seen.length >= 10, `${seen.length} states of the line were shown`);
  assert.match(seen.at(-1), /150 0 150 -50/);
});

test('Stop ends a drawing that never ends, keeps what it drew, and the session goes on', async () => {
  await setEditorCode(page, 'import turtle\nturtle.reset()\nturtle.speed(8)\nsteps = 0\nwhile True:\n    turtle.forward(40)\n    turtle.left(97)\n    steps += 1');
  await page.click('#run');
  await page.waitForFunction(() => longestLine(document.querySelector('#output')) > 10, null, { timeout: 30_000 });
  await page.click('#stop');
  await page.waitForFunction(() => document.body.dataset.running === 'false');
  const output = await page.locator('#output').innerText();
  assert.match(output, /KeyboardInterrupt/);
  const kept = await page.$eval('#output', (output) => longestLine(output));
  assert.ok(kept > 10, 'the drawing stays');
  assert.match(await runInPlayground(page, 'print(steps > 2, turtle.heading() % 97 == 0 or True)'), /True True/);
});

test('a docs snippet draws in its own output', async () => {
  const docs = await openPage('examples/docs.html', (p) => p.waitForFunction(() => customElements.get('python-snippet')));
  try {
    const { snippet, status } = await runNewSnippet(docs.page, 'turtle-sample', 'import turtle\nt = turtle.Turtle()\nt.speed(0)\nfor _ in range(4):\n    t.forward(60)\n    t.left(90)\nprint("square")');
    assert.equal(status, 'ok');
    await snippet.evaluate((el) => new Promise((resolve) => {
      const check = () => (el.shadowRoot.querySelector('.display.canvas polyline') ? resolve() : setTimeout(check, 50));
      check();
    }));
    const shown = await snippet.evaluate((el) => ({
      children: [...el.shadowRoot.querySelector('.output').children].map((c) => (c.classList.contains('canvas') ? 'drawing' : c.textContent.trim())),
      points: [...el.shadowRoot.querySelectorAll('.display.canvas polyline')].map((l) => l.getAttribute('points')).sort((a, b) => b.length - a.length)[0],
    }));
    assert.deepEqual(shown.children, ['drawing', 'square']);
    assert.equal(shown.points, '0 0 60 0 60 -60 0 -60 0 0');
    // The example page's own turtle snippet: the star, drawn and shown.
    const star = await docs.page.$('python-snippet#turtle-star');
    const result = star.evaluate((el) => new Promise((resolve) => el.addEventListener('wasipy-result', (e) => resolve(e.detail.status), { once: true })));
    await star.evaluate((el) => el.shadowRoot.querySelector('button.run').click());
    assert.equal(await result, 'ok');
    await star.scrollIntoViewIfNeeded();
    await docs.page.waitForTimeout(300);
    await star.screenshot({ path: join(artifacts, 'turtle-docs-snippet.png') });
  } finally {
    await docs.env.close();
  }
});

test('a hostile canvas message draws nothing it names: no markup, no script, no request', async () => {
  await page.evaluate(() => { window.__pwned = null; });
  requests.length = 0;
  const hostile = {
    canvas: {
      id: 'hostile', new: true, width: 200, height: 100, x: 0, y: 0, bg: 'url(/leak/bg.png)',
      ops: [
        ['item', 1, { type: 'text', points: [10, 50], text: '<img src=x onerror="parent.__pwned=1">', fill: 'url(/leak/fill.png)', family: 'x;background:url(/leak/font)', size: 20, anchor: 'w' }],
        ['item', 2, { type: 'image', points: [50, 50], src: '/leak/image.png', width: 10, height: 10 }],
        ['item', 3, { type: 'line', points: [0, 0, 'javascript:alert(1)', 50], stroke: 'javascript:parent.__pwned=2' }],
        ['item', 4, { type: 'script', points: [0, 0] }],
        ['item', '__proto__', { type: 'polygon', points: [0, 0, 10, 0, 0, 10], fill: '#00ff00' }],
        // Names of Object's own properties: drawn with the defaults, and the ops after them still are.
        ['item', 5, { type: 'text', points: [0, 0], text: 'proto', anchor: 'constructor' }],
        ['item', 6, { type: 'line', points: [0, 0, 5, 5], cap: 'toString', stroke: '#0000ff' }],
      ],
    },
  };
  const text = await runInPlayground(page, `with open("/.wasipy/display", "w") as f:\n    f.write(${JSON.stringify(JSON.stringify(hostile))} + "\\n")\nprint("written")`);
  assert.match(text, /written/);
  await page.waitForTimeout(300);
  const drawn = await page.$eval('#output .display.canvas svg', (svg) => ({
    background: svg.querySelector('rect').getAttribute('fill'),
    items: [...svg.querySelector('g').children].map((c) => [c.localName, c.getAttribute('fill') ?? c.getAttribute('stroke'), c.getAttribute('href'), c.getAttribute('font-family'), c.textContent]),
    imgs: svg.querySelectorAll('img, script, foreignObject').length,
  }));
  assert.equal(drawn.background, 'none');
  assert.deepEqual(drawn.items, [
    ['text', 'none', null, 'sans-serif', '<img src=x onerror="parent.__pwned=1">'],
    ['image', null, null, null, ''],
    ['polyline', 'none', null, null, ''],
    ['polygon', '#00ff00', null, null, ''],
    ['text', 'none', null, 'sans-serif', 'proto'],
    ['polyline', 'none', null, null, ''],
  ]);
  assert.equal(drawn.imgs, 0);
  assert.equal(await page.evaluate(() => window.__pwned), null);
  assert.deepEqual(requests.filter((url) => url.includes('/leak/')), []);
});

test('the playground\'s turtle example draws its spiral', async () => {
  await page.selectOption('#examples', 'turtle');
  await page.click('#run');
  await page.waitForFunction(() => document.body.dataset.running === 'false' && document.querySelector('#output .display.canvas'), null, { timeout: 90_000 });
  const colours = await page.$$eval('#output .display.canvas polyline', (lines) => [...new Set(lines.map((l) => l.getAttribute('stroke')))]);
  assert.ok(['#ff0000', '#ffa500', '#ffd700', '#00ff00', '#0000ff', '#a020f0'].every((c) => colours.includes(c)), colours.join());
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(artifacts, 'turtle-playground.png') });
});

/** Clicks the playground's drawing at canvas coordinates (x, y) (Tk's: y down). */
async function clickCanvas(x, y) {
  const at = await page.$eval('#output .display.canvas svg', (svg, [x, y]) => {
    const p = new DOMPoint(x, y).matrixTransform(svg.getScreenCTM());
    return [p.x, p.y];
  }, [x, y]);
  await page.mouse.click(at[0], at[1]);
}

test('clicks and keys on the drawing reach turtle\'s handlers while mainloop() runs; Stop ends it', async () => {
  await setEditorCode(page, [
    'import turtle',
    'turtle.reset()',
    'turtle.speed(0)',
    'turtle.onscreenclick(lambda x, y: (turtle.goto(x, y), print("went to", round(x), round(y))))',
    'turtle.onkey(lambda: print("up pressed at heading", turtle.heading()), "Up")',
    'turtle.onkeypress(lambda: turtle.left(90), "space")',
    'turtle.onkeypress(lambda: print("a key without its own handler"))',
    'turtle.listen()',
    'print("listening")',
    'turtle.mainloop()',
  ].join('\n'));
  await page.click('#run');
  await page.waitForFunction(() => document.querySelector('#output')?.innerText.includes('listening') && document.querySelector('#output .display.canvas svg'));
  await clickCanvas(100, -60);
  await page.waitForFunction(() => document.querySelector('#output').innerText.includes('went to'));
  assert.match(await page.locator('#output').innerText(), /went to 100 60/);
  await page.keyboard.press('Space'); // the drawing has the focus since the click
  await page.keyboard.press('ArrowUp');
  await page.waitForFunction(() => document.querySelector('#output').innerText.includes('up pressed'));
  const output = await page.locator('#output').innerText();
  assert.match(output, /up pressed at heading 90\.0/);
  // Space has its own handler, Up's press has none: only Up's press reaches the general one, as in Tk.
  assert.equal(output.match(/a key without its own handler/g)?.length, 1, output);
  assert.equal(await page.evaluate(() => document.body.dataset.running), 'true', 'mainloop() waits for more');
  await page.click('#stop');
  await page.waitForFunction(() => document.body.dataset.running === 'false');
  assert.match(await page.locator('#output').innerText(), /KeyboardInterrupt/);
  assert.match(await runInPlayground(page, 'print(turtle.position())'), /\(100\.00,60\.00\)/);
});

test('exitonclick() ends the run at the first click on the drawing, as it closes the window', async () => {
  await setEditorCode(page, 'import turtle\nturtle.reset()\nturtle.speed(0)\nturtle.circle(40)\nprint("click to close")\nturtle.exitonclick()\nprint("closed")');
  await page.click('#run');
  await page.waitForFunction(() => document.querySelector('#output')?.innerText.includes('click to close') && document.querySelector('#output .display.canvas svg'));
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => document.body.dataset.running), 'true');
  await clickCanvas(0, 0);
  await page.waitForFunction(() => document.body.dataset.running === 'false');
  const output = await page.locator('#output').innerText();
  assert.match(output, /closed/);
  assert.doesNotMatch(output, /Error|Traceback/);
  assert.equal(await page.$$eval('#output .display.canvas polyline', (lines) => lines.some((l) => l.getAttribute('points').split(' ').length > 20)), true, 'the circle stays');
});
