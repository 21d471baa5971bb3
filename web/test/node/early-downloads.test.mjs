// The playground's head starts the plain module's downloads before its scripts
// load (web/playground/early-downloads.js), unless the link's code could be
// asking for another module: never a download main.js would not use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { earlyDownloads } from '../../playground/early-downloads.js';
import { makeHash } from '../../playground/share.js';
import { EXAMPLES } from '../../playground/examples.js';
import { FLAVOURS, flavourFor } from '../../lib/flavours.js';
import { scriptBlock } from '../../lib/script-block.js';

const FILES = ['./wasipy.wasm?v=1', './python313-boot.zip?v=2', './stdlib-manifest.json?v=3'];
const NAMES = Object.values(FLAVOURS).flat();

/** A page at `hash` with a head that records what is appended to it. */
function pageAt(hash) {
  const head = [];
  return { head, location: { hash }, document: { createElement: (tag) => ({ tag }), head: { append: (el) => head.push(el) } } };
}

test('a link to plain code, and no link at all, preload the plain module\'s files, as fetch() asks for them', () => {
  for (const hash of ['', makeHash({ code: 'print("hi")' }), '#code=print(1)']) {
    const page = pageAt(hash);
    assert.deepEqual(earlyDownloads(FILES, NAMES, page), FILES, hash);
    assert.deepEqual(page.head, FILES.map((href) => ({ tag: 'link', rel: 'preload', as: 'fetch', crossOrigin: 'anonymous', href })));
  }
});

test('code that names a package built into a flavour, in any spelling, raw or encoded, preloads nothing', () => {
  const codes = [
    '# /// script\n# dependencies = ["numpy"]\n# ///\nimport numpy',
    '# /// script\n# dependencies = ["NumPy>=2"]\n# ///\n',
    '# /// script\n# dependencies = ["Markup_Safe"]\n# ///\n',
  ];
  for (const code of codes) {
    for (const hash of [makeHash({ code }), `#code=${encodeURIComponent(code)}`]) {
      const page = pageAt(hash);
      assert.deepEqual(earlyDownloads(FILES, NAMES, page), [], hash);
      assert.deepEqual(page.head, []);
    }
  }
});

test('every code main.js starts in a flavour preloads nothing; the plain examples preload', () => {
  const withBlock = (code) => `# /// script\n# dependencies = ["numpy"]\n# ///\n${code}`;
  const codes = [...EXAMPLES.map((e) => e.code), ...EXAMPLES.map((e) => withBlock(e.code))];
  let flavoured = 0;
  for (const code of codes) {
    const preloads = earlyDownloads(FILES, NAMES, pageAt(makeHash({ code })));
    if (flavourFor([], scriptBlock(code))) {
      flavoured += 1;
      assert.deepEqual(preloads, [], code);
    } else if (!/numpy|markupsafe/i.test(code)) {
      assert.deepEqual(preloads, FILES, code);
    }
  }
  assert.ok(flavoured >= EXAMPLES.length, 'the flavoured codes were tried');
});
