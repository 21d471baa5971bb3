// One script tag turns Python code blocks into runnable snippets:
//   <script type="module" src="…/embed.js"></script>
// Defines <python-snippet> and upgrades pre > code.language-python[data-run],
// pre[data-run] > code.language-python, and blocks matching data-selector.
// `>>>` sessions (class language-pycon / highlight-pycon, or any of those blocks
// whose first line is a `>>>` prompt) become <python-pycon>: examples checked as doctest does.
// Nothing is downloaded before the first Run (unless the tag says `preload`).
import { PythonSnippet } from './snippet-element.js';
import { config } from './config.js';
import { loadAssets } from '../lib/loader.js';
import { flavourFor } from '../lib/flavours.js';
import { withFlavour } from '../lib/versions.js';
import { PYCON_SELECTOR, isPyconBlock, loadPycon } from './pycon.js';
import { releaseDetached } from './sessions.js';

const BUILTIN_SELECTOR = 'pre > code.language-python[data-run], pre[data-run] > code.language-python';

/** Wraps a docs code block's <pre> in a <python-snippet>, keeping its markup. */
function upgrade(block) {
  const pre = block.closest('pre');
  const code = pre?.querySelector('code') ?? pre;
  if (!pre || pre.closest('python-snippet, python-pycon')) return;
  const pycon = isPyconBlock(pre);
  if (pycon) loadPycon();
  const snippet = document.createElement(pycon ? 'python-pycon' : 'python-snippet');
  for (const attr of ['session', 'stdin', 'setup', 'packages']) {
    const value = code.dataset[attr] ?? pre.dataset[attr];
    if (value !== undefined) snippet.setAttribute(attr, value);
  }
  if ('editable' in code.dataset || 'editable' in pre.dataset) snippet.setAttribute('editable', '');
  // The <pre> goes in before the element is connected: connectedCallback reads it.
  const parent = pre.parentNode;
  const next = pre.nextSibling;
  snippet.append(pre);
  parent.insertBefore(snippet, next);
}

function upgradeAll() {
  const builtin = `${BUILTIN_SELECTOR}, ${PYCON_SELECTOR}`;
  const selector = config.selector ? `${builtin}, ${config.selector}` : builtin;
  for (const block of document.querySelectorAll(selector)) upgrade(block);
  // Written by hand on the page, not upgraded from a code block.
  if (document.querySelector('python-pycon, python-check-all')) loadPycon();
}

if (!customElements.get('python-snippet')) customElements.define('python-snippet', PythonSnippet);
/** Pages that swap content without a reload (MkDocs Material's instant navigation, SPAs) get new blocks later. */
function watch() {
  let queued = false;
  new MutationObserver((records) => {
    // Removed `>>>` blocks free their sessions' workers here (<python-snippet> also does it itself).
    if (records.some((r) => r.removedNodes.length)) releaseDetached();
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      upgradeAll();
    });
  }).observe(document.body, { childList: true, subtree: true });
}

function init() {
  upgradeAll();
  watch();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();

if (config.preload) {
  const idle = window.requestIdleCallback ?? ((f) => setTimeout(f, 200));
  // data-packages naming numpy: every session starts the numpy module (flavours.js), so that is what to fetch.
  const flavour = flavourFor(config.packages);
  const urls = withFlavour(config.urls, flavour);
  idle(() => loadAssets(urls).catch(() => {})); // a real failure shows at Run
}

export { PythonSnippet };
