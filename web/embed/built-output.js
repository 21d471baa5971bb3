// What a snippet printed when the docs were built (the Sphinx extension, the
// MkDocs plugin: python/wasipy/), shown as a run's output until the reader runs it.

/**
 * The docs tool writes it as text in spans (wasipy-stdout, wasipy-stderr,
 * wasipy-notice) inside div.wasipy-built-output: read as text, never as markup.
 * Nothing is shown when the reader ran the snippet before this loaded.
 */
export function showBuilt(snippet, built) {
  if (snippet.session) return;
  for (const span of built.querySelectorAll('span.wasipy-stdout, span.wasipy-stderr, span.wasipy-notice')) {
    const kind = ['stdout', 'stderr', 'notice'].find((k) => span.classList.contains(`wasipy-${k}`));
    if (kind === 'notice') snippet.appendLine('notice', span.textContent.trimEnd());
    else snippet.write(kind, span.textContent);
  }
  if (built.hasAttribute('data-truncated')) snippet.appendLine('notice', 'Output truncated.');
  snippet.pane.flush();
  snippet.setStatus(built.dataset.status === 'timeout' ? 'stopped when the docs were built' : 'output from the docs build');
}
