// display() and rich values through the browser runtime (crate/display.py,
// web/lib/display-device.js): each display reaches the page as data, in order
// with what was printed; what Python writes to the device that is not a
// display is said on stderr, never passed on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PythonHost } from '../../lib/python-host.js';
import { createSession as loadPython } from '../../lib/session.js';
import { module, rare, stdlib, stdlibExtra } from './fixture.mjs';

async function start() {
  const chunks = [];
  const host = await PythonHost.create({ module, rare, stdlib, stdlibExtra, onOutput: (batch) => chunks.push(...batch.map((c) => [...c])) });
  return { host, chunks };
}

test('display() between two prints arrives between them, as data; the result lists the displays', async () => {
  const { host, chunks } = await start();
  const r = host.run([
    'from wasipy import HTML, SVG, Image',
    'print("before")',
    'display(HTML("<table><tr><td>1</td></tr></table>"), SVG("<svg xmlns=\'http://www.w3.org/2000/svg\'/>"))',
    'print("after")',
    'display(Image(bytes.fromhex("89504e470d0a1a0a") + b"rest"), 42)',
  ].join('\n'));
  assert.equal(r.status, 'ok', r.stderr);
  const kinds = chunks.map(([kind, value]) => (kind === 'display' ? Object.keys(value.data).join('+') : `${kind}:${value}`));
  assert.deepEqual(kinds, ['stdout:before\n', 'text/html+text/plain', 'image/svg+xml+text/plain', 'stdout:after\n', 'image/png+text/plain', 'text/plain']);
  assert.equal(chunks[1][1].data['text/html'], '<table><tr><td>1</td></tr></table>');
  assert.equal(chunks[4][1].data['image/png'], Buffer.from('89504e470d0a1a0a72657374', 'hex').toString('base64'));
  assert.equal(chunks[5][1].data['text/plain'], '42');
  // A file the run wrote, by filename= or by its path alone, as IPython takes it.
  const file = host.run('open("/tmp/p.png", "wb").write(bytes.fromhex("89504e470d0a1a0a") + b"rest")\nImage(filename="/tmp/p.png")._repr_mimebundle_() == Image("/tmp/p.png")._repr_mimebundle_() == Image(bytes.fromhex("89504e470d0a1a0a") + b"rest")._repr_mimebundle_()');
  assert.equal(file.value, 'True', file.stderr);
  assert.equal(r.stdout, 'before\nafter\n');
  assert.equal(r.displays.length, 4);
});

test('a last value with a rich representation is displayed, not printed; others are printed as before', async () => {
  const { host, chunks } = await start();
  host.run('class Table:\n    def _repr_html_(self): return "<b>t</b>"\n    def __repr__(self): return "Table()"');
  const rich = host.run('Table()');
  assert.deepEqual([rich.stdout, rich.value], ['', 'Table()']);
  assert.deepEqual(chunks.at(-1), ['display', { data: { 'text/html': '<b>t</b>', 'text/plain': 'Table()' } }]);
  const plain = host.run('[1, 2]');
  assert.equal(plain.stdout, '[1, 2]\n');
  // A class is not displayed through its methods (they need an instance), nor
  // an object that makes up every attribute (a mock): their repr is printed.
  assert.equal(host.run('Table').stdout, "<class '__main__.Table'>\n");
  const mock = host.run('from unittest.mock import MagicMock\nm = MagicMock(name="m")\nm');
  assert.match(mock.stdout, /^<MagicMock name='m' id='\d+'>\n$/, mock.stderr);
  assert.deepEqual(chunks.filter(([kind]) => kind === 'display').length, 1);
});

test('what is written to the display device that is not a display is said on stderr and dropped', async () => {
  const { host, chunks } = await start();
  const r = host.run([
    'with open("/.wasipy/display", "w") as f:',
    '    f.write("<script>alert(1)</script>\\n")',
    '    f.write(\'{"data": {"text/html": ["not", "text"]}}\\n\')',
    '    f.write(\'{"data": {"text/plain": "fine"}}\\n\')',
  ].join('\n'));
  assert.match(r.stderr, /wasipy: a display that is not JSON was not shown\n/);
  assert.match(r.stderr, /wasipy: a display whose data is not an object of texts was not shown\n/);
  assert.deepEqual(chunks.filter(([k]) => k === 'display'), [['display', { data: { 'text/plain': 'fine' } }]]);
  const big = host.run('import _wasipy_display as d\nd.publish({"data": {"text/plain": "x" * (17 * 1024 * 1024)}})');
  assert.match(big.stderr, /wasipy: a display of 17\.\d MB was not shown: one display may hold 16 MiB\n/);
  assert.equal(host.run('print("still here")').stdout, 'still here\n');
});

test('a session without onDisplay shows a display\'s text as stdout; with it, the callback gets the data', async () => {
  const seen = [];
  const plain = await loadPython({ module, rare, stdlib, stdlibExtra, useWorker: false, onOutput: (s, t) => seen.push([s, t]) });
  await plain.run('from wasipy import HTML\ndisplay(HTML("<b>x</b>"))');
  assert.deepEqual(seen, [['stdout', '<wasipy.HTML object>\n']]);
  plain.dispose();
  const displays = [];
  const rich = await loadPython({ module, rare, stdlib, stdlibExtra, useWorker: false, onDisplay: (m) => displays.push(m) });
  const r = await rich.run('from wasipy import clear_output\ndisplay({"text/html": "<i>r</i>"}, raw=True)\nclear_output()');
  assert.deepEqual(displays, [{ data: { 'text/html': '<i>r</i>' } }, { clear: true }]);
  assert.deepEqual(r.displays, [{ 'text/html': '<i>r</i>' }]);
  rich.dispose();
});

test('webbrowser.open() of a local HTML file shows it as a display; a web URL says why it cannot', async () => {
  const { host, chunks } = await start();
  const r = host.run([
    'import webbrowser',
    'open("/tmp/report.html", "w").write("<h1>Report</h1>")',
    'print(webbrowser.open("file:///tmp/report.html"), webbrowser.open("https://example.com"))',
  ].join('\n'));
  assert.equal(r.stdout, 'True False\n', r.stderr);
  assert.deepEqual(chunks.find(([kind]) => kind === 'display'), ['display', { data: { 'text/html': '<h1>Report</h1>', 'text/plain': 'file:///tmp/report.html' } }]);
  assert.equal(r.stderr, 'webbrowser: wasipy cannot open https://example.com: only a local file (a path or a file:// URL) can be shown, in the output\n');
});

test('a representation that raises or returns the wrong type is left out: the text is shown, the error on stderr, as IPython does', async () => {
  const { host, chunks } = await start();
  const r = host.run([
    'class Broken:',
    '    def _repr_html_(self): raise ValueError("no table today")',
    '    def _repr_svg_(self): return 42',
    '    def __repr__(self): return "Broken()"',
    'display(Broken())',
    'class Mixed:',
    '    def _repr_mimebundle_(self, include=None, exclude=None): raise RuntimeError("bundle")',
    '    def _repr_markdown_(self): return "*fine*"',
    'Mixed()',
  ].join('\n'));
  assert.equal(r.status, 'ok', r.stderr);
  const displays = chunks.filter(([kind]) => kind === 'display').map(([, m]) => m.data);
  assert.deepEqual(displays[0], { 'text/plain': 'Broken()' });
  assert.equal(displays[1]['text/markdown'], '*fine*');
  assert.match(r.stderr, /wasipy: the text\/html representation of Broken failed:\nTraceback [^]*ValueError: no table today\n/);
  assert.match(r.stderr, /FormatterWarning: image\/svg\+xml formatter returned invalid type <class 'int'> \(expected str\) for object: Broken\(\)\n/);
  assert.match(r.stderr, /the mimebundle representation of Mixed failed:\nTraceback [^]*RuntimeError: bundle\n/);
});

test('a run of 100,000 display() calls shows the first 200 and says so once; the session goes on', async () => {
  const { host, chunks } = await start();
  const r = host.run('from wasipy import HTML\nfor i in range(100_000):\n    display(HTML(f"<i>{i}</i>"))\nprint("done")');
  assert.equal(r.status, 'ok', r.stderr);
  assert.equal(r.stdout, 'done\n');
  assert.equal(r.displays.length, 200);
  assert.equal(r.displays.at(-1)['text/html'], '<i>199</i>');
  assert.equal(chunks.filter(([kind]) => kind === 'display').length, 200, 'the rest never reach the page');
  assert.equal(r.stderr, 'wasipy: more than 200 displays in one run: the rest are not shown\n');
  assert.equal(host.run('display(HTML("<b>next run</b>"))').displays.length, 1, 'the cap is per run');
});
