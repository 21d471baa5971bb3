// What <python-snippet> and <python-pycon> share in their shadow DOM: the
// frame (the code, a toolbar with Run, Stop and a status line, then the
// element's own parts), the status line's words while Python loads, and the
// displays (tables, pictures, drawings) in their output.

/** The frame's markup; `css` are the element's styles, `below` its parts under the toolbar. */
export function frameHtml(css, below) {
  return `<style>${css}</style>
      <div class="frame" part="frame">
        <div class="source"></div>
        <div class="toolbar" part="toolbar">
          <button type="button" class="run" part="run">Run</button>
          <button type="button" class="stop" part="stop" hidden>Stop</button>
          <span class="status" part="status" role="status"></span>
        </div>
        ${below}
      </div>`;
}

/**
 * The status while Python loads, from a progress event of loadPython():
 * megabytes so far (over every file, kept in `downloads`), then "starting".
 * Null for the other phases.
 */
export function loadingStatus(downloads, event) {
  if (event.phase === 'download') {
    downloads[event.file] = event.loaded;
    const total = Object.values(downloads).reduce((a, b) => a + b, 0);
    return `loading Python… ${(total / 1e6).toFixed(1)} MB`;
  }
  return event.phase === 'init' ? 'starting Python…' : null;
}

// A display's renderer (web/ui/rich-output.js, web/ui/canvas-output.js) is
// loaded at the first display of the page: most pages have none, and embed.js
// stays small. A display's place is taken at once, so it stays in order with
// the text around it; if its renderer cannot be loaded, its text is shown.
let richOutput = null;
let canvasOutput = null;

/** An empty display's element, to be placed now and filled when the renderer is there. */
export function displayBox() {
  const box = document.createElement('div');
  box.className = 'display';
  return box;
}

/** Fills `box` with display `data` ({mime type: text}); returns the box. */
export function fillLater(box, data) {
  richOutput ??= import('../ui/rich-output.js');
  richOutput.then(({ fillDisplay }) => fillDisplay(box, data), () => {
    box.textContent = data['text/plain'] ?? '';
    box.classList.add('text');
  });
  return box;
}

/**
 * A drawing's message: the first of a run fills `box` (placed by the caller),
 * the others (box null) change it. All are drawn in the order they came.
 * `onEvent`: where the reader's clicks and keys on it go.
 */
export function drawLater(box, canvas, onEvent) {
  canvasOutput ??= import('../ui/canvas-output.js');
  canvasOutput.then(({ fillCanvas, updateCanvas }) => (box ? fillCanvas(box, canvas, onEvent) : updateCanvas(canvas)), () => {
    if (box) box.append('[the drawing could not be shown: the page could not load its renderer]');
  });
}
