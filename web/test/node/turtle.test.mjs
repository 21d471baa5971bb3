// turtle graphics through the browser runtime: CPython's own turtle.py on
// wasipy's tkinter stand-in (crate/packages/tkinter/). Each program's canvas
// is compared item by item with native CPython 3.13's turtle on real Tk
// (under Xvfb), and what reaches the page (display-device.js's canvas
// messages) is checked: a place in the output per run that draws, changes
// after it, few messages however fast a loop draws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PythonHost } from '../../lib/python-host.js';
import { ensureDebianPackage } from '../debian.mjs';
import { module, rare, stdlib, stdlibExtra } from './fixture.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const here = join(root, 'web/test/turtle');
const NATIVE = join(root, 'target/deps/native-python/bin/python3.13');
const CPYTHON_LIB = join(root, 'target/deps/src/cpython/Lib');
const PROGRAMS = {
  star: join(here, 'star.py'),
  shapes: join(here, 'shapes.py'),
  yinyang: join(CPYTHON_LIB, 'turtledemo/yinyang.py'),
  bytedesign: join(CPYTHON_LIB, 'turtledemo/bytedesign.py'),
  tree: join(CPYTHON_LIB, 'turtledemo/tree.py'),
  rosette: join(CPYTHON_LIB, 'turtledemo/rosette.py'),
};

/** A native Python with Tk and turtle (CPython 3.13.5's where it has Tk), and its environment. */
function nativeTk() {
  ensureDebianPackage('/usr/bin/xvfb-run', 'xvfb', 'xauth'); // xvfb-run needs xauth
  if (spawnSync(NATIVE, ['-c', 'import _tkinter']).status === 0) return { python: NATIVE, env: process.env };
  // The native build found no Tk headers: the machine's python3 with its own tkinter and turtle
  // (3.13's turtle.py needs 3.12's f-strings; 3.11's draws the same items for these programs).
  if (spawnSync('python3', ['-c', 'import _tkinter']).status === 0) return { python: 'python3', env: process.env };
  throw new Error('no native Python with Tk: run `apt-get install -y tk-dev`, then `rm -rf target/deps/native-python && make build`');
}

function nativeCanvas(program) {
  const { python, env } = nativeTk();
  return JSON.parse(execFileSync('xvfb-run', ['-a', python, join(here, 'canvas_items.py'), program], { env, encoding: 'utf8' }));
}

async function start() {
  const messages = [];
  const host = await PythonHost.create({
    module, rare, stdlib, stdlibExtra,
    onOutput: (batch) => messages.push(...batch.filter(([kind]) => kind === 'display').map(([, m]) => structuredClone(m))),
  });
  return { host, messages };
}

async function wasipyCanvas(program) {
  const { host } = await start();
  const files = { '/tmp/canvas_items.py': join(here, 'canvas_items.py'), '/tmp/program.py': program };
  for (const [path, file] of Object.entries(files)) host.run(`open(${JSON.stringify(path)}, 'w').write(${JSON.stringify(readFileSync(file, 'utf8'))})`);
  const r = host.run("import runpy, sys\nsys.argv = ['canvas_items.py', '/tmp/program.py']\n_ = runpy.run_path('/tmp/canvas_items.py', run_name='__main__')");
  assert.equal(r.status, 'ok', r.stderr);
  return JSON.parse(r.stdout);
}

for (const [name, program] of Object.entries(PROGRAMS)) {
  test(`turtle draws what native CPython's turtle draws on Tk: ${name}`, async () => {
    const want = nativeCanvas(program);
    const got = await wasipyCanvas(program);
    assert.equal(got.bg, want.bg);
    assert.equal(got.items.length, want.items.length, 'the number of canvas items');
    got.items.forEach(([kind, coords, options], i) => {
      const [wantKind, wantCoords, wantOptions] = want.items[i];
      const where = `item ${i + 1} of ${name}: ${JSON.stringify(got.items[i]).slice(0, 200)}\nnative: ${JSON.stringify(want.items[i]).slice(0, 200)}`;
      assert.equal(kind, wantKind, where);
      assert.equal(coords.length, wantCoords.length, where);
      // The same float arithmetic in both; the C libraries' sin and cos may differ in a last digit.
      assert.ok(coords.every((c, j) => Math.abs(c - wantCoords[j]) <= 0.011), where);
      assert.deepEqual(options, wantOptions, where);
    });
  });
}

test('the page gets a drawing once per run that draws, then its changes; a run that draws nothing shows nothing', async () => {
  const { host, messages } = await start();
  const first = host.run('import turtle\nt = turtle.Turtle()\nt.speed(0)\nt.forward(50)\nprint("drawn")');
  assert.equal(first.status, 'ok', first.stderr);
  const canvases = messages.map((m) => m.canvas);
  assert.ok(canvases.every(Boolean), 'only drawing messages');
  assert.equal(canvases.filter((c) => c.new).length, 1);
  assert.ok(canvases[0].new);
  const id = canvases[0].id;
  assert.ok(canvases.every((c) => c.id === id && c.width === 400 && c.height === 400 && c.x === -200 && c.y === -200 && c.bg === '#ffffff'));
  // The last state of the line: from (0, 0) to (50, 0), y down as on a Tk canvas.
  const lines = canvases.flatMap((c) => c.ops).filter(([op, , spec]) => op === 'item' && spec.type === 'line');
  assert.deepEqual(lines.at(-1)[2], { type: 'line', points: [0, 0, 50, 0], stroke: '#000000', width: 1, cap: 'round', join: 'round' });

  messages.length = 0;
  assert.equal(host.run('print(t.position())').stdout, '(50.00,0.00)\n');
  assert.deepEqual(messages, [], 'nothing changed: the drawing is not shown again');

  const again = host.run('t.left(90)\nt.forward(30)');
  assert.equal(again.status, 'ok', again.stderr);
  assert.ok(messages[0].canvas.new, 'a run that draws shows the drawing again, all of it');
  assert.equal(messages[0].canvas.id, id);
  assert.deepEqual(messages[0].canvas.ops[0], ['clear']);
  assert.ok(messages[0].canvas.ops.some(([op, , spec]) => op === 'item' && spec.type === 'line' && spec.points.join() === '0,0,50,0'));
});

test('a loop that draws without pause sends a few messages, and its last frame', async () => {
  const { host, messages } = await start();
  const r = host.run('import turtle\nturtle.delay(0)\nturtle.speed(0)\nfor i in range(3000):\n    turtle.forward(1)\n    turtle.left(0.12)\nprint(len(turtle.getcanvas().find_all()))');
  assert.equal(r.status, 'ok', r.stderr);
  assert.ok(messages.length > 1 && messages.length < 1000, `${messages.length} messages for 3000 steps`);
  const last = new Map();
  for (const { canvas } of messages) for (const [op, id, spec] of canvas.ops) if (op === 'item') last.set(id, spec);
  // Steps of 1 pixel: the segments of length 1 in the lines the page has (turtle's first line item is a point).
  let steps = 0;
  for (const { type, points } of last.values()) {
    for (let i = 2; type === 'line' && i < points.length; i += 2) steps += Math.round(Math.hypot(points[i] - points[i - 2], points[i + 1] - points[i - 1]));
  }
  assert.equal(steps, 3000, 'every step is in what the page got');
});

test('ontimer callbacks run in mainloop(), which returns when none is left; a failing one is reported and the loop goes on', async () => {
  const { host } = await start();
  const r = host.run([
    'import turtle',
    'screen = turtle.Screen()',
    'ticks = []',
    'def tick():',
    '    ticks.append(len(ticks))',
    '    if len(ticks) == 2: raise ValueError("in a callback")',
    '    if len(ticks) < 4: screen.ontimer(tick, 5)',
    'screen.ontimer(tick, 5)',
    'turtle.mainloop()',
    'turtle.done()',
    'print(ticks)',
  ].join('\n'));
  assert.equal(r.status, 'ok', r.stderr);
  assert.equal(r.stdout, '[0, 1]\n', 'the failing callback did not schedule another');
  assert.match(r.stderr, /^Exception in Tkinter callback\nTraceback[^]*ValueError: in a callback\n$/);
});

test('textinput() and numinput() ask through input(); Cancel (end of input) is None', async () => {
  const { host } = await start();
  const r = host.run('import turtle\nprint(turtle.textinput("NIM", "Name of first player:"))\nprint(turtle.numinput("Poker", "Your stakes:", 1000, minval=10, maxval=10000))\nprint(turtle.numinput("Poker", "Again:"))', { stdin: 'Ann\nlots\n5\n20\n' });
  assert.equal(r.status, 'ok', r.stderr);
  assert.equal(r.stdout, [
    'NIM: Name of first player: Ann',
    'Poker: Your stakes: Not a floating-point value. Please try again.',
    'Poker: Your stakes: The allowed minimum value is 10. Please try again.',
    'Poker: Your stakes: 20.0',
    'Poker: Again: None',
    '',
  ].join('\n'));
});

test('what is written to the display device as a drawing but is none is said on stderr and dropped', async () => {
  const { host, messages } = await start();
  const r = host.run('open("/.wasipy/display", "w").write(\'{"canvas": {"id": "<b>", "ops": []}}\\n\')');
  assert.match(r.stderr, /a drawing whose message is not \{id, width, height, x, y, ops\} was not shown/);
  assert.deepEqual(messages, []);
});

test('the page\'s clicks and keys are kept for Python checked and capped, read as lines of JSON, and forgotten by the next run', async () => {
  const { CanvasEvents, MAX_QUEUED } = await import('../../lib/canvas-events.js');
  const events = new CanvasEvents();
  for (const bad of [null, { type: 'button', canvas: '<b>', x: 1, y: 1 }, { type: 'button', canvas: 'c', x: 'a', y: 1 }, { type: 'key', canvas: 'c', keysym: 'a b' }, { type: 'script', canvas: 'c' }]) events.push(bad);
  assert.equal(events.read(100).length, 0, 'malformed events are dropped');
  events.push({ type: 'button', canvas: 'c1', press: true, x: 10.5, y: -3, button: 1, item: 4, extra: '<script>' });
  events.push({ type: 'key', canvas: 'c1', press: false, keysym: 'Up', char: '' });
  const text = new TextDecoder().decode(events.read(1000));
  assert.equal(text, '{"type":"button","canvas":"c1","press":true,"x":10.5,"y":-3,"button":1,"item":4}\n{"type":"key","canvas":"c1","press":false,"keysym":"Up","char":""}\n');
  assert.equal(events.read(1000).length, 0, 'then the end of the file');
  for (let i = 0; i < MAX_QUEUED + 10; i++) events.push({ type: 'key', canvas: 'c', press: true, keysym: `k${i}` });
  const lines = [];
  for (let chunk; (chunk = events.read(64)).length;) lines.push(new TextDecoder().decode(chunk));
  const kept = lines.join('').trim().split('\n');
  assert.equal(kept.length, MAX_QUEUED, 'the oldest are dropped past the cap');
  assert.match(kept[0], /"keysym":"k10"/);
  events.push({ type: 'key', canvas: 'c', press: true, keysym: 'x' });
  events.clear();
  assert.equal(events.read(100).length, 0);
});

test('where the page cannot send events during a run (no JSPI), mainloop() and exitonclick() return even with handlers bound', async () => {
  const { host } = await start();
  const r = host.run('import turtle\nturtle.onscreenclick(lambda x, y: print(x, y))\nturtle.onkey(lambda: None, "Up")\nturtle.listen()\nturtle.mainloop()\nturtle.exitonclick()\nprint("returned")');
  assert.equal(r.status, 'ok', r.stderr);
  assert.equal(r.stdout, 'returned\n');
});

test('timers and handlers end with the run that set them; a bad colour, size or anchor is TclError and later runs are unharmed', async () => {
  const { host, messages } = await start();
  assert.equal(host.run('import turtle\nscreen = turtle.Screen()\nscreen.ontimer(lambda: print("late"), 100_000)\nturtle.onscreenclick(print)').status, 'ok');
  const later = host.run('import time\nt0 = time.monotonic()\nturtle.mainloop()\nprint(time.monotonic() - t0 < 5)');
  assert.equal(later.stdout, 'True\n', 'mainloop() does not wait for the earlier run\'s timer');
  const bad = host.run([
    'import tkinter',
    'for make in (lambda: tkinter.Canvas(bg="grey101"), lambda: tkinter.Canvas(width="10c"), lambda: tkinter.Canvas().create_text(0, 0, anchor="constructor")):',
    '    try:',
    '        make()',
    '    except tkinter.TclError as e:',
    '        print(e)',
  ].join('\n'));
  assert.equal(bad.stdout, [
    'unknown color name "grey101"',
    'bad screen distance "10c" (wasipy\'s canvas takes pixels)',
    'bad anchor position "constructor": must be n, ne, e, se, s, sw, w, nw, or center',
    '',
  ].join('\n'));
  assert.equal(bad.stderr, '');
  messages.length = 0;
  // A later run that changes only the background shows the drawing again.
  const colour = host.run('screen.bgcolor("ivory")');
  assert.equal(colour.stderr, '');
  assert.equal(messages.filter((m) => m.canvas?.new && m.canvas.bg === '#fffff0').length, 1);
});
