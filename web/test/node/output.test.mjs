// Pure parts: the output cap and batching, line splitting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OutputCapture, TRUNCATED_MARKER } from '../../lib/output.js';
import { LineSplitter } from '../../lib/lines.js';

const enc = (s) => new TextEncoder().encode(s);

test('OutputCapture keeps up to the limit, marks the cut, and starts over each run', () => {
  const batches = [];
  const cap = new OutputCapture({ limit: 10, flush: (t) => batches.push(t), batchMs: 1e9 });
  cap.write(enc('hello '));
  cap.write(enc('wonderful world'));
  cap.write(enc('more'));
  const { text, truncated } = cap.endRun();
  assert.equal(truncated, true);
  assert.equal(text, 'hello wond' + TRUNCATED_MARKER);
  assert.equal(batches.join(''), 'hello wond' + TRUNCATED_MARKER);
  cap.write(enc('next'));
  assert.deepEqual(cap.endRun(), { text: 'next', truncated: false });
});

test('OutputCapture decodes UTF-8 split across writes', () => {
  const cap = new OutputCapture({ limit: 100, flush: () => {} });
  const bytes = enc('é€');
  cap.write(bytes.subarray(0, 1));
  cap.write(bytes.subarray(1, 3));
  cap.write(bytes.subarray(3));
  assert.equal(cap.endRun().text, 'é€');
});

test('OutputCapture hands on batches, not every write', () => {
  const batches = [];
  const cap = new OutputCapture({ limit: 1e6, flush: (t) => batches.push(t), batchMs: 1e9 });
  for (let i = 0; i < 1000; i++) cap.write(enc('line\n'));
  assert.equal(batches.length, 0);
  cap.endRun();
  assert.equal(batches.length, 1);
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
