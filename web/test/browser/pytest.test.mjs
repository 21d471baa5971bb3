// pytest in the browser, as a reader would use it: a playground snippet
// declares pytest (PEP 723, from the local package index's pinned wheels:
// pytest 9.2.0 and what it needs), writes a small suite and runs it with
// pytest.main() and the flags the README gives; the result is native
// python's (web/test/node/cli-pytest.test.mjs compares that suite with it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBrowserAndIndex, gotoPlayground, runInPlayground, artifacts, root } from './harness.mjs';

let env;
let index;
let stop;

before(async () => ({ env, index, close: stop } = await startBrowserAndIndex()));
after(() => stop?.());

const SUITE = readFileSync(join(root, 'web/test/node/fixtures/pytest-project/test_sample.py'), 'utf8');

test('a snippet installs pytest and runs a suite with pytest.main(): the same result as native python', { timeout: 300_000 }, async () => {
  const page = await env.browser.newPage();
  try {
    await gotoPlayground(page, env.baseUrl, `?index=${encodeURIComponent(index.url)}`);
    const text = await runInPlayground(page, [
      '# /// script',
      '# dependencies = ["pytest"]',
      '# ///',
      'import os, pytest',
      "os.makedirs('/home/user/project', exist_ok=True)",
      `open('/home/user/project/test_sample.py', 'w').write(${JSON.stringify(SUITE)})`,
      "code = pytest.main(['-p', 'no:faulthandler', '-p', 'no:cacheprovider', '--capture=sys', '--basetemp=/tmp/pytest-of-wasipy', '/home/user/project'])",
      "print('exit status', int(code))",
    ].join('\n'), { timeout: 240_000 });
    await page.screenshot({ path: join(artifacts, 'pytest-playground.png') });
    assert.match(text, /Installed pytest 9\.2\.0/);
    assert.match(text, /FAILED \S*test_sample\.py::test_fails - assert 2 == 3/);
    assert.match(text, /=+ 1 failed, 6 passed in [\d.]+s =+/);
    assert.match(text, /^exit status 1$/m);
  } finally {
    await page.close();
  }
});
