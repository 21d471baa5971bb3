// Which module a page downloads (web/lib/flavours.js, options.js): the numpy
// module when numpy is declared, the plain one otherwise. Python's resolver
// judges the requirements afterwards; these only pick the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flavourFor, requirementName, scriptDependencies } from '../../lib/flavours.js';
import { scriptBlock } from '../../lib/script-block.js';
import { resolveOptions, defaultFiles } from '../../lib/options.js';
import { flavourFiles, withFlavour } from '../../lib/versions.js';
import { OptionsError } from '../../lib/errors.js';

test('requirement names as PEP 508 and PEP 503 read them; URLs name nothing', () => {
  const cases = {
    numpy: 'numpy',
    'NumPy>=1.26': 'numpy',
    ' numpy [extra] ; python_version >= "3.10"': 'numpy',
    'numpy@https://example.org/numpy.whl': 'numpy',
    'numpy-financial': 'numpy-financial',
    'Zope.Interface~=5': 'zope-interface',
    'https://example.org/numpy-2.0-py3-none-any.whl': null,
    './wheels/numpy-2.0-py3-none-any.whl': null,
    '': null,
  };
  for (const [requirement, name] of Object.entries(cases)) assert.equal(requirementName(requirement), name, requirement);
});

test('a PEP 723 block\'s dependencies: both quote styles, several lines, comments, and only that array', () => {
  const source = `# /// script
# requires-python = ">=3.12"
# dependencies = [
#   "rich>=13",  # for the table
#   'numpy [extra]',
#   "a \\"quoted\\" one",
# ]
# [tool.x]
# other = ["numpy"]
# ///
print(1)
`;
  assert.deepEqual(scriptDependencies(scriptBlock(source)), ['rich>=13', 'numpy [extra]', 'a "quoted" one']);
  assert.deepEqual(scriptDependencies(scriptBlock('# /// script\n# dependencies = []\n# ///\n')), []);
  assert.deepEqual(scriptDependencies(scriptBlock('# /// script\n# requires-python = ">=3.12"\n# ///\n')), []);
  assert.deepEqual(scriptDependencies(null), []);
});

test('numpy declared anywhere picks the numpy module; anything else, or numpy only mentioned, the plain one', () => {
  assert.equal(flavourFor(['numpy']), 'numpy');
  assert.equal(flavourFor(['attrs', 'NumPy>=2']), 'numpy');
  assert.equal(flavourFor([], scriptBlock('# /// script\n# dependencies = ["numpy"]\n# ///\n')), 'numpy');
  assert.equal(flavourFor(['attrs', 'numpy-financial']), null);
  assert.equal(flavourFor([], scriptBlock('# /// script\n# dependencies = ["rich"]\n# ///\nimport numpy\n')), null);
  assert.equal(flavourFor([], '# numpy = "numpy"'), null);
  assert.equal(flavourFor([]), null);
});

test('loadPython\'s options: packages naming numpy start the numpy module; flavour is checked; the two-archive stdlib has none', () => {
  const urls = { wasmUrl: 'https://x.test/wasipy.wasm', bootUrl: 'https://x.test/python313-boot.zip', manifestUrl: 'https://x.test/stdlib-manifest.json', stdlibUrl: 'https://x.test/python313.zip', stdlibExtraUrl: 'https://x.test/python313-extra.zip', flavoursUrl: 'https://x.test/flavours/' };
  const resolve = (options) => resolveOptions(options, defaultFiles(options, urls));
  assert.equal(resolve({}).flavour, undefined);
  assert.equal(resolve({ packages: ['numpy>=2'] }).flavour, 'numpy');
  assert.equal(resolve({ flavour: 'numpy' }).flavoursUrl, 'https://x.test/flavours/');
  assert.throws(() => resolve({ flavour: 'scipy' }), (e) => e instanceof OptionsError && /"flavour" must be one of: numpy/.test(e.message));
  // The two-archive stdlib has no folder for numpy's files: packages=numpy is left to the installer's error.
  assert.equal(resolve({ stdlibExtraUrl: 'https://x.test/python313-extra.zip', packages: ['numpy'] }).flavour, undefined);
  assert.throws(() => resolve({ stdlibExtraUrl: 'https://x.test/python313-extra.zip', flavour: 'numpy' }), /a flavour needs the per-module stdlib/);
  assert.deepEqual(flavourFiles('https://x.test/site/flavours/', 'numpy'), {
    wasmUrl: 'https://x.test/site/flavours/numpy/wasipy.wasm',
    rareUrl: 'https://x.test/site/flavours/numpy/wasipy-rare.wasm',
    flavourManifestUrl: 'https://x.test/site/flavours/numpy/manifest.json',
  });
});

test('the flavour\'s module comes with its own rest: the plain module\'s compiled parts or rareUrl are not used for it', () => {
  const plain = { wasmUrl: 'https://x.test/wasipy.wasm', rareUrl: 'https://x.test/wasipy-rare.wasm', flavoursUrl: 'https://x.test/flavours/', module: {}, rare: {} };
  const numpy = withFlavour(plain, 'numpy');
  assert.equal(numpy.wasmUrl, 'https://x.test/flavours/numpy/wasipy.wasm');
  assert.equal(numpy.rareUrl, 'https://x.test/flavours/numpy/wasipy-rare.wasm');
  assert.equal(numpy.module, undefined);
  assert.equal(numpy.rare, undefined);
  assert.equal(withFlavour(plain, null), plain);
});
