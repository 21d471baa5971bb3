// The code of a docs block as the reader sees it (web/embed/code-text.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeText } from '../../embed/code-text.js';

test('common indentation, blank edge lines and trailing whitespace go', () => {
  const raw = '\n    def f(x):   \n        return x * 2\n\n    print(f(21))\t\n  \n';
  assert.equal(codeText(raw), 'def f(x):\n    return x * 2\n\nprint(f(21))');
});

test('CRLF line ends and unindented code are kept as they read', () => {
  assert.equal(codeText('a = 1\r\nif a:\r\n    print(a)\r\n'), 'a = 1\nif a:\n    print(a)');
  assert.equal(codeText(''), '');
});
