// <python-snippet>: a block of Python with Run/Stop buttons and its output.
// Attributes: editable, session="name", stdin="text", setup="id of a hidden block",
// packages="attrs rich" (installed before the run; a `# /// script` block in the code is too).
import { styles } from './styles.js';
import { frameHtml, loadingStatus, displayBox, fillLater, drawLater } from './block-frame.js';
import { codeText, wrappedPre } from './code-text.js';
import { sessionFor, releaseDetached } from './sessions.js';
import { config, splitPackages } from './config.js';
import { OutputPane } from '../ui/output-pane.js';

const MAX_OUTPUT_LINES = 2000;

export class PythonSnippet extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    // A wrapped <pre> (an upgraded docs code block) stays in the page with its
    // own highlighting; bare text is shown in a <pre> of our own.
    const pre = wrappedPre(this);
    // Output a docs build wrote (the Sphinx extension, the MkDocs plugin): taken out before the code is read.
    const built = this.querySelector(':scope > .wasipy-built-output');
    built?.remove();
    this.code = codeText(pre ? pre.textContent : this.textContent);
    root.innerHTML = frameHtml(styles, '<div class="output" part="output" role="log" aria-live="polite" aria-label="Output"></div>');
    this.$ = (sel) => root.querySelector(sel);
    this.pane = new OutputPane(this.$('.output'), { maxLines: MAX_OUTPUT_LINES });
    const source = this.$('.source');
    if (pre) {
      source.append(document.createElement('slot'));
    } else {
      const own = document.createElement('pre');
      own.className = 'code';
      own.part = 'code';
      own.textContent = this.code;
      source.append(own);
      this.textContent = '';
    }
    // Loaded only on pages a docs build wrote output into: embed.js stays small.
    if (built) import('./built-output.js').then(({ showBuilt }) => showBuilt(this, built));
    if (this.hasAttribute('editable')) this.makeEditable(source);
    this.$('.run').addEventListener('click', () => this.run());
    this.$('.stop').addEventListener('click', () => this.session?.stop(this));
    this.$('.run').setAttribute('aria-label', 'Run this Python snippet');
    this.$('.stop').setAttribute('aria-label', 'Stop this Python snippet');
  }

  disconnectedCallback() {
    // Checked once the script that removed the element has finished: an
    // element only moved is back on the page by then and keeps its session;
    // one removed frees its worker once no snippet of its session is left (sessions.js).
    queueMicrotask(releaseDetached);
  }

  async makeEditable(source) {
    const { createEditor } = await import('../ui/editor.js');
    source.textContent = '';
    const host = document.createElement('div');
    host.className = 'editor';
    source.append(host);
    // The wrapped block (or a docs tool's wrapper around it) gives way to the editor.
    const pre = wrappedPre(this);
    [...this.children].find((child) => child === pre || child.contains(pre))?.remove();
    this.editor = createEditor(host, {
      doc: this.code,
      root: this.shadowRoot,
      onRun: () => this.run(),
      onChange: () => {},
      label: 'Python code (editable)',
    });
  }

  /** The code to run now: the editor's when editable. */
  currentCode() {
    return this.editor ? this.editor.getCode() : this.code;
  }

  setupBlock() {
    const id = this.getAttribute('setup');
    if (!id) return null;
    const el = document.getElementById(id);
    if (!el) {
      this.appendLine('notice', `setup block #${id} not found on the page`);
      return null;
    }
    return { id, code: codeText(el.textContent) };
  }

  async run() {
    const runButton = this.$('.run');
    if (runButton.disabled) return;
    this.session ??= sessionFor(this.getAttribute('session'), { ...config.urls, indexUrl: config.indexUrl });
    this.clearOutput();
    runButton.disabled = true;
    this.$('.stop').hidden = false;
    this.setStatus('running…');
    let result;
    try {
      result = await this.session.run(this, this.currentCode(), {
        stdin: this.getAttribute('stdin') ?? '',
        setup: this.setupBlock(),
        packages: [...config.packages, ...splitPackages(this.getAttribute('packages'))],
      });
    } catch (e) {
      this.appendLine('stderr', `wasipy could not start Python: ${e.message}`);
      this.setStatus('failed to load');
      // A page (or a docs tool) waiting for this run's result hears that it will not come.
      this.dispatchEvent(new CustomEvent('wasipy-result', { detail: { status: 'unavailable', error: e.message, stdout: '', stderr: '', durationMs: 0 }, bubbles: true }));
      return;
    } finally {
      runButton.disabled = false;
      this.$('.stop').hidden = true;
    }
    this.report(result);
  }

  report(result) {
    if (result.restarted) this.appendLine('notice', 'A fresh Python session was started: variables from earlier runs are gone.');
    if (result.truncated) this.appendLine('notice', 'Output truncated.');
    const ms = `${Math.round(result.durationMs)} ms`;
    switch (result.status) {
      case 'ok': this.setStatus(ms); break;
      case 'error': this.setStatus(`error · ${ms}`); break;
      case 'exit': this.setStatus(`exit ${result.exitCode} · ${ms}`); break;
      case 'stopped':
        this.appendLine('notice', `Stopped${result.reason ? ` (${result.reason})` : ''}. This session starts fresh on the next run.`);
        this.setStatus('stopped');
        break;
      case 'crashed':
        this.appendLine('notice', `Python crashed (${result.error ?? 'unknown error'}); this session restarts on the next run.`);
        this.setStatus('crashed');
        break;
    }
    this.pane.flush(); // the output is on the page when the result is announced
    this.dispatchEvent(new CustomEvent('wasipy-result', { detail: result, bubbles: true }));
  }

  /** A line of our own (not Python's output) under the code. */
  notice(text) {
    this.appendLine('notice', text);
  }

  clearOutput() {
    this.pane.clear();
  }

  /** A piece of what Python printed, shown as a terminal would (stdout and stderr in order). */
  write(kind, text) {
    this.pane.write(kind, text);
  }

  /**
   * A display of the run (a table, a picture, a drawing): its place after
   * what was printed is taken now (block-frame.js fills it).
   */
  display(message, onCanvasEvent) {
    if (message.clear) {
      this.pane.clear();
    } else if (message.canvas) {
      const box = message.canvas.new ? displayBox() : null;
      if (box) this.pane.display(box);
      drawLater(box, message.canvas, onCanvasEvent);
    } else {
      const box = displayBox();
      this.pane.display(box);
      fillLater(box, message.data);
    }
  }

  /** input() waits: a field after the prompt in this snippet's output. */
  async askLine({ signal }) {
    // Loaded when a run first asks: most pages never read input, and embed.js stays small.
    const { askLine } = await import('../ui/stdin-field.js');
    return askLine(this.pane, { signal });
  }

  /** A line of the element's own (a notice, an error of the page). */
  appendLine(kind, text) {
    this.pane.line(kind, text);
  }

  showProgress(event) {
    const status = loadingStatus((this.downloads ??= {}), event);
    if (status) this.setStatus(status);
  }

  setStatus(text) {
    this.$('.status').textContent = text;
  }
}
