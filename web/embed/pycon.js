// Which docs blocks are `>>>` sessions, and loading their elements.
// <python-pycon> and <python-check-all> (pycon-block.js, check-all.js) are
// fetched only on pages that have such a block: embed.js stays small elsewhere.
import { isPyconText } from '../lib/pycon.js';
import { codeText } from './code-text.js';
import { config } from './config.js';

/**
 * Blocks that are `>>>` sessions by their class, as the docs tools write them:
 * Python-Markdown and MkDocs (`language-pycon`), Sphinx (`highlight-pycon`).
 */
export const PYCON_SELECTOR = [
  'pre > code.language-pycon',
  'pre.language-pycon',
  '.language-pycon pre',
  "div[class*='highlight-pycon'] pre",
].join(', ');

/** True for a block to run as a `>>>` session: by its class, or by its first line. */
export function isPyconBlock(pre) {
  return pre.matches(PYCON_SELECTOR) || !!pre.querySelector(':scope > code.language-pycon') || isPyconText(codeText(pre.textContent));
}

let loading = null;

/** Defines the elements (once, on the first `>>>` block) and places the page-level control. */
export function loadPycon() {
  loading ??= Promise.all([import('./pycon-block.js'), import('./check-all.js')]).then(([{ PyconBlock }, { CheckAll }]) => {
    if (!customElements.get('python-pycon')) customElements.define('python-pycon', PyconBlock);
    if (!customElements.get('python-check-all')) customElements.define('python-check-all', CheckAll);
  });
  return loading.then(placeCheckAll, (e) => console.error(`wasipy: the >>> example support could not be loaded (${e.message}); reload the page`));
}

/** With `data-check-all` on the script tag, one control before the first `>>>` block (unless the page placed its own). */
export function placeCheckAll() {
  if (!config.checkAll || document.querySelector('python-check-all')) return;
  const first = document.querySelector('python-pycon');
  if (!first) return;
  // Before the docs tool's own wrapper of the block (Sphinx's div.highlight-pycon, MkDocs' div.language-pycon).
  const anchor = first.closest("div[class*='highlight-'], div[class*='language-']") ?? first;
  anchor.before(document.createElement('python-check-all'));
}
