// How a display (crate/display.py, web/lib/display-device.js) becomes page
// content. Its data comes from Python, so from anyone (a share link, a
// package): none of it becomes markup or script of the page.
// - PNG, JPEG, GIF: an <img> of a data: URL made from the base64 the display
//   holds, checked to be base64 and at most IMAGE_LIMIT bytes;
// - SVG: an <img> too, where an SVG document is static: its scripts do not run
//   and nothing it names is fetched;
// - HTML: a sandboxed iframe (srcdoc) without allow-scripts, so nothing in it
//   runs, whose Content-Security-Policy lets it fetch nothing but data: images
//   and fonts (no tracking pixel, no request with the page's cookies), and
//   which cannot navigate the page, open windows or submit forms; its CSS
//   stays inside its box. allow-same-origin lets the page read the document's
//   height to size the frame (with no script, nothing inside can use it);
// - Markdown: made HTML by markdown-it (its raw HTML escaped, loaded when a
//   first Markdown display comes), shown in the same frame as HTML;
// - LaTeX: MathML made by KaTeX (loaded when a first LaTeX display comes; its
//   \href and \url need `trust`, which is off), with the text around $…$ as
//   text, in the same frame as HTML; if KaTeX cannot be loaded, the LaTeX text;
// - JSON: indented text; anything else: its text.

/** Bytes of one image shown (its base64 is 4/3 of that). */
export const IMAGE_LIMIT = 10 * 1024 * 1024;
/** Pixels an HTML display grows to before it scrolls. */
const MAX_FRAME_HEIGHT = 600;
/** The richest first, as Jupyter picks. */
const ORDER = ['text/html', 'text/markdown', 'image/svg+xml', 'image/png', 'image/jpeg', 'image/gif', 'text/latex', 'application/json', 'text/plain'];
const IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif']);
const FRAME_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:";
const FRAME_STYLE = 'body{margin:0;display:flow-root;font:14px/1.4 system-ui,sans-serif;color:#1f2328}body>:first-child{margin-top:0}body>:last-child{margin-bottom:0}code{font-size:90%;background:#f6f8fa;padding:0 .2em}table{border-collapse:collapse}th,td{border:1px solid #d0d7de;padding:2px 8px;text-align:right}th{background:#f6f8fa}';

/** The representation of `data` a page shows. */
export function pickMime(data) {
  return ORDER.find((mime) => typeof data[mime] === 'string') ?? null;
}

/** Bytes the base64 `text` stands for, or -1 when it is not base64. */
function base64Bytes(text) {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return -1;
  return (clean.length / 4) * 3 - (clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0);
}

function notice(text) {
  const el = document.createElement('span');
  el.className = 'notice';
  el.textContent = `${text}\n`;
  return el;
}

function image(src, label) {
  const img = document.createElement('img');
  img.src = src;
  img.alt = label;
  img.decoding = 'async';
  return img;
}

/** The frame's document around `html`: its policy first, so that it holds for all that follows. */
function frameDocument(html) {
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${FRAME_POLICY}"><style>${FRAME_STYLE}</style></head><body>${html}</body></html>`;
}

let markdown = null;
/** `text` as HTML, by markdown-it (CommonMark; raw HTML in it is escaped, not kept). */
async function markdownHtml(text) {
  markdown ??= import('markdown-it').then(({ default: MarkdownIt }) => new MarkdownIt({ html: false, linkify: true }));
  return (await markdown).render(text);
}

let katex = null;
const escapeHtml = (text) => text.replace(/[&<>"]/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c]};`);
/**
 * A `_repr_latex_` as HTML: its math ($$…$$, \[…\], $…$, \(…\), or all of it
 * when it has no delimiter, as an environment) as MathML by KaTeX, the rest as
 * text. KaTeX without `trust` makes no links, and caps sizes and macro expansion.
 */
async function latexHtml(tex) {
  katex ??= import('katex').then((m) => m.default);
  const { renderToString } = await katex;
  const math = (body, displayMode) => renderToString(body, { output: 'mathml', displayMode, throwOnError: false, strict: 'ignore', maxSize: 50, maxExpand: 1000 });
  const text = tex.trim();
  const parts = /\$\$([\s\S]+?)\$\$|\\\[([\s\S]+?)\\\]|\$([^$]+?)\$|\\\(([\s\S]+?)\\\)/g;
  if (!parts.test(text)) return math(text, true);
  parts.lastIndex = 0;
  let html = '';
  let at = 0;
  for (const m of text.matchAll(parts)) {
    html += escapeHtml(text.slice(at, m.index));
    const block = m[1] ?? m[2];
    html += block !== undefined ? math(block, true) : math(m[3] ?? m[4], false);
    at = m.index + m[0].length;
  }
  return html + escapeHtml(text.slice(at));
}

function htmlFrame(html) {
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-same-origin');
  frame.setAttribute('referrerpolicy', 'no-referrer');
  frame.title = 'HTML output of the program';
  if (html !== null) frame.srcdoc = frameDocument(html);
  frame.style.height = '1.5em';
  // The content's own height (a document's scrollHeight is at least its frame's).
  frame.addEventListener('load', () => {
    const body = frame.contentDocument?.body;
    const height = body ? Math.ceil(body.getBoundingClientRect().height) : 0;
    frame.style.height = `${Math.min(Math.max(height, 16), MAX_FRAME_HEIGHT)}px`;
  });
  return frame;
}

/**
 * The element that shows display `data` ({mime type: text}), or a notice of
 * why it is not shown.
 */
export function renderDisplay(data) {
  return fillDisplay(displayBox(), data);
}

/** An empty display's element: what OutputPane.display() places, to be filled (fillDisplay). */
export function displayBox() {
  const box = document.createElement('div');
  box.className = 'display';
  return box;
}

/** Shows `data` in `box` (displayBox()); returns the box. */
export function fillDisplay(box, data) {
  const mime = pickMime(data);
  if (mime) box.dataset.mime = mime;
  const value = mime && data[mime];
  if (IMAGES.has(mime)) {
    const bytes = base64Bytes(value);
    if (bytes < 0) box.append(notice(`[an image (${mime}) that is not base64 was not shown]`));
    else if (bytes > IMAGE_LIMIT) box.append(notice(`[an image of ${(bytes / 1e6).toFixed(1)} MB was not shown: images are shown up to ${IMAGE_LIMIT / 1024 / 1024} MiB]`));
    else box.append(image(`data:${mime};base64,${value.replace(/\s+/g, '')}`, data['text/plain'] ?? 'image'));
  } else if (mime === 'image/svg+xml') {
    if (value.length > IMAGE_LIMIT) box.append(notice(`[an SVG of ${(value.length / 1e6).toFixed(1)} MB was not shown: images are shown up to ${IMAGE_LIMIT / 1024 / 1024} MiB]`));
    else box.append(image(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(value)}`, data['text/plain'] ?? 'SVG image'));
  } else if (mime === 'text/html') {
    box.append(htmlFrame(value));
  } else if (mime === 'text/markdown') {
    const frame = htmlFrame(null);
    box.append(frame);
    markdownHtml(value).then((html) => { frame.srcdoc = frameDocument(html); }, () => {
      box.textContent = value; // markdown-it could not be loaded: the text, as written
      box.classList.add('text');
    });
  } else if (mime === 'text/latex') {
    const frame = htmlFrame(null);
    box.append(frame);
    latexHtml(value).then((html) => { frame.srcdoc = frameDocument(html); }, () => {
      box.textContent = value; // KaTeX could not be loaded: the LaTeX, as written
      box.classList.add('text');
    });
  } else if (mime === 'application/json') {
    let text = value;
    try {
      text = JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      // shown as it came
    }
    box.textContent = text;
    box.classList.add('text');
  } else {
    box.textContent = value ?? '';
    box.classList.add('text');
  }
  return box;
}
