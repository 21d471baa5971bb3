// The field where Python's input() waits, placed at the end of an output pane
// right after the prompt, where a terminal's cursor would be. Enter sends the
// line, which stays in the output as typed text does in a terminal; Ctrl-D on
// an empty field, or the EOF button, ends the input (input() raises EOFError).

/**
 * @param {import('./output-pane.js').OutputPane} pane
 * @param {{signal?: AbortSignal}} [o]  aborted when the run no longer waits (it ended, or Stop)
 * @returns {Promise<string | null>} the line with its "\n", or null for end of input
 */
export function askLine(pane, { signal } = {}) {
  pane.flush(); // the prompt first
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve(null);
      return;
    }
    const field = document.createElement('span');
    field.className = 'stdin-field';
    const input = document.createElement('input');
    input.type = 'text';
    input.className = 'stdin-input';
    input.autocomplete = 'off';
    input.spellcheck = false;
    input.setAttribute('aria-label', 'Input for Python: type a line and press Enter (Ctrl-D: end of input)');
    const eof = document.createElement('button');
    eof.type = 'button';
    eof.className = 'stdin-eof';
    eof.textContent = 'EOF';
    eof.title = 'End of input (Ctrl-D)';
    field.append(input, eof);
    pane.el.append(field);
    pane.el.scrollTop = pane.el.scrollHeight;
    input.focus({ preventScroll: true });

    const finish = (text) => {
      field.remove();
      signal?.removeEventListener('abort', onAbort);
      if (text !== null) {
        pane.write('stdin', text);
        pane.flush();
      }
      resolve(text);
    };
    const onAbort = () => finish(null);
    signal?.addEventListener('abort', onAbort);
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.isComposing) {
        event.preventDefault();
        finish(`${input.value}\n`);
      } else if (event.key === 'd' && (event.ctrlKey || event.metaKey) && input.value === '') {
        event.preventDefault();
        finish(null);
      }
    });
    eof.addEventListener('click', () => finish(null));
  });
}
