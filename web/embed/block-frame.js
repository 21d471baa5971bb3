// What <python-snippet> and <python-pycon> share in their shadow DOM: the
// frame (the code, a toolbar with Run, Stop and a status line, then the
// element's own parts) and the status line's words while Python loads.

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
