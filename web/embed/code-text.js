// The code of a block as the reader sees it: entities are already decoded by
// the DOM (textContent); common indentation removed, trailing whitespace and
// blank edge lines dropped.
export function codeText(raw) {
  const lines = raw.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/\s+$/, ''));
  while (lines.length && lines[0] === '') lines.shift();
  while (lines.length && lines.at(-1) === '') lines.pop();
  const indents = lines.filter((l) => l !== '').map((l) => l.match(/^[ \t]*/)[0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(common)).join('\n');
}

/**
 * The code block an element wraps: its own <pre>, or the one inside a docs
 * tool's highlighting (Sphinx writes div.highlight-python > div.highlight > pre).
 * Null when the element holds bare text.
 */
export function wrappedPre(element) {
  return element.querySelector(':scope > pre:not(.wasipy-setup), :scope > div[class*="highlight"] pre');
}
