// Pure parts: the output cap and batching, line splitting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OutputCapture, TRUNCATED_MARKER } from '../../lib/output.js';
import { LineSplitter } from '../../lib/lines.js';

const enc = (s) => new TextEncoder().encode(s);

const texts = (batches, stream) => batches.flat().filter(([s]) => s === stream).map(([, t]) => t).join('');

test('OutputCapture keeps up to the limit per stream, marks the cut, and starts over each run', () => {
  const batches = [];
  const cap = new OutputCapture({ limit: 10, flush: (chunks) => batches.push(chunks), batchMs: 1e9 });
  cap.write('stdout', enc('hello '));
  cap.write('stdout', enc('wonderful world'));
  cap.write('stdout', enc('more'));
  cap.write('stderr', enc('err'));
  const { stdout, stderr, truncated } = cap.endRun();
  assert.equal(truncated, true);
  assert.equal(stdout, 'hello wond' + TRUNCATED_MARKER);
  assert.equal(stderr, 'err');
  assert.equal(texts(batches, 'stdout'), 'hello wond' + TRUNCATED_MARKER);
  cap.write('stdout', enc('next'));
  assert.deepEqual(cap.endRun(), { stdout: 'next', stderr: '', truncated: false });
});

test('OutputCapture decodes UTF-8 split across writes', () => {
  const cap = new OutputCapture({ limit: 100, flush: () => {} });
  const bytes = enc('é€');
  cap.write('stdout', bytes.subarray(0, 1));
  cap.write('stdout', bytes.subarray(1, 3));
  cap.write('stdout', bytes.subarray(3));
  assert.equal(cap.endRun().stdout, 'é€');
});

test('OutputCapture hands on batches, not every write, and keeps the order of the streams', () => {
  const batches = [];
  const cap = new OutputCapture({ limit: 1e6, flush: (chunks) => batches.push(chunks), batchMs: 1e9 });
  cap.flush(); // nothing waits: no batch
  for (let i = 0; i < 1000; i++) cap.write('stdout', enc('line\n'));
  cap.write('stderr', enc('oops\n'));
  cap.write('stdout', enc('after'));
  assert.equal(batches.length, 0);
  cap.endRun();
  assert.equal(batches.length, 1);
  assert.deepEqual(batches[0].map(([s]) => s), ['stdout', 'stderr', 'stdout']);
  assert.deepEqual(batches[0].slice(1), [['stderr', 'oops\n'], ['stdout', 'after']]);
});

test('OutputCapture.poll hands on what has waited for batchMs, and nothing sooner', async () => {
  const batches = [];
  const cap = new OutputCapture({ limit: 1e6, flush: (chunks) => batches.push(chunks), batchMs: 20 });
  await new Promise((r) => setTimeout(r, 25));
  cap.write('stdout', enc('first\n')); // the first write after a quiet spell leaves at once
  cap.write('stdout', enc('second\n')); // within batchMs: waits
  cap.poll();
  assert.deepEqual(batches, [[['stdout', 'first\n']]]);
  await new Promise((r) => setTimeout(r, 25));
  cap.poll();
  assert.deepEqual(batches[1], [['stdout', 'second\n']]);
  assert.equal(cap.prompt(), '');
  cap.write('stdout', enc('Name? '));
  assert.equal(cap.prompt(), 'Name? ');
});

test('LineSplitter emits complete lines and the rest at the end', () => {
  const lines = [];
  const s = new LineSplitter((l) => lines.push(l));
  s.push('a\nb');
  s.push('c\n\nd');
  assert.deepEqual(lines, ['a', 'bc', '']);
  s.end();
  assert.deepEqual(lines, ['a', 'bc', '', 'd']);
});
