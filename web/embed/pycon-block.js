// <python-pycon>: a `>>>` block (an interactive-session example) with a Run
// button. Run executes its examples in order in the block's session, as the
// REPL would, and shows each one's real output under its prompt; where the
// block shows expected output, each example is marked ✓ or ✗ by doctest's own
// checker (crate/pycon.py), with doctest's Expected/Got text for a difference.
// Attributes, as for <python-snippet>: session="name", stdin="text", setup="id".
import { styles } from './styles.js';
import { frameHtml, loadingStatus, displayBox, fillLater, drawLater } from './block-frame.js';
import { pyconStyles } from './pycon-styles.js';
import { codeText, wrappedPre } from './code-text.js';
import { sessionFor } from './sessions.js';
import { config, splitPackages } from './config.js';
import { pyconCode, readPyconReport } from '../lib/pycon.js';

// Output outside the examples (a failed import of the checker, a warning of the
// runtime) is rare and short; a cap keeps a flood from filling the page.
const MAX_OUTPUT_CHARS = 20_000;
/** Displays kept for one example (a loop of display() calls shows the first ones). */
const MAX_DISPLAYS_PER_EXAMPLE = 20;

const MARKS = {
  match: ['✓', 'matches the expected output'],
  mismatch: ['✗', 'does not match the expected output'],
  error: ['✗', 'raised an exception the block does not expect'],
  skipped: ['–', 'skipped (doctest: +SKIP)'],
  unreported: ['·', 'not checked: doctest stops reporting after a failure with FAIL_FAST or REPORT_ONLY_FIRST_FAILURE'],
};

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The example's code with its prompts, as it reads in the block. */
function withPrompts(source) {
  const pre = el('pre', 'src');
  source.replace(/\n$/, '').split('\n').forEach((line, i) => {
    if (i) pre.append('\n');
    pre.append(el('span', 'prompt', i === 0 ? '>>> ' : '... '), line);
  });
  return pre;
}

/** doctest's difference text, its "Expected:"/"Got:" headings set apart. */
function diffBlock(text) {
  const pre = el('pre', 'diff');
  pre.part = 'diff';
  for (const line of text.replace(/\n$/, '').split('\n')) {
    pre.append(/^\S/.test(line) ? el('span', 'diff-head', line) : line, '\n');
  }
  return pre;
}

export class PyconBlock extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    const pre = wrappedPre(this);
    this.code = codeText(pre ? pre.textContent : this.textContent);
    root.innerHTML = frameHtml(`${styles}${pyconStyles}`, `<div class="problem" part="problem" role="alert" hidden></div>
        <ol class="examples" part="examples" aria-label="Examples and their output"></ol>
        <div class="output" part="output" role="log" aria-label="Other output"></div>`);
    this.$ = (sel) => root.querySelector(sel);
    if (pre) {
      this.$('.source').append(document.createElement('slot'));
    } else {
      const own = el('pre', 'code', this.code);
      own.part = 'code';
      this.$('.source').append(own);
      this.textContent = '';
    }
    this.$('.run').addEventListener('click', () => this.run());
    this.$('.stop').addEventListener('click', () => this.session?.stop(this));
    this.$('.run').setAttribute('aria-label', 'Run these Python examples');
    this.$('.stop').setAttribute('aria-label', 'Stop these Python examples');
  }

  /**
   * Runs the block (or joins the run in flight) and resolves to
   * {status, report}: the session's status ('ok', 'error', 'stopped', …, or
   * 'unavailable' when Python could not be loaded) and the checker's report.
   */
  run() {
    this.pending ??= this.execute().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  setupBlock() {
    const id = this.getAttribute('setup');
    if (!id) return null;
    const block = document.getElementById(id);
    if (!block) {
      this.notice(`setup block #${id} not found on the page`);
      return null;
    }
    return { id, code: codeText(block.textContent) };
  }

  async execute() {
    this.session ??= sessionFor(this.getAttribute('session'), { ...config.urls, indexUrl: config.indexUrl });
    this.clear();
    this.$('.run').disabled = true;
    this.$('.stop').hidden = false;
    this.setStatus('running…');
    let result;
    try {
      result = await this.session.run(this, pyconCode(this.code, { optionflags: config.doctestFlags }), {
        stdin: this.getAttribute('stdin') ?? '',
        setup: this.setupBlock(),
        display: false,
        packages: [...config.packages, ...splitPackages(this.getAttribute('packages'))],
      });
    } catch (e) {
      this.write('stderr', `wasipy could not start Python: ${e.message}\n`);
      this.setStatus('failed to load');
      this.dispatchEvent(new CustomEvent('wasipy-result', { detail: { status: 'unavailable', error: e.message, report: null }, bubbles: true }));
      return { status: 'unavailable', report: null };
    } finally {
      this.$('.run').disabled = false;
      this.$('.stop').hidden = true;
    }
    let report = null;
    try {
      report = readPyconReport(result);
    } catch (e) {
      this.notice(e.message);
    }
    this.show(result, report);
    this.dispatchEvent(new CustomEvent('wasipy-result', { detail: { ...result, report }, bubbles: true }));
    return { status: result.status, report };
  }

  show(result, report) {
    if (result.restarted) this.notice('A fresh Python session was started: variables from earlier runs are gone.');
    const ms = `${Math.round(result.durationMs)} ms`;
    switch (result.status) {
      case 'ok': break;
      case 'stopped':
        this.notice('Stopped. This session starts fresh on the next run.');
        this.setStatus('stopped');
        return;
      case 'crashed':
        this.notice(`Python crashed (${result.error ?? 'unknown error'}); this session restarts on the next run.`);
        this.setStatus('crashed');
        return;
      default: // interrupted (Stop), or the checker itself could not run: the traceback is above
        this.notice(/KeyboardInterrupt\n$/.test(result.stderr ?? '')
          ? 'Stopped: the examples after the interrupted one did not run.'
          : 'The examples could not be run: see the error above.');
        this.setStatus(`${result.status} · ${ms}`);
        return;
    }
    if (!report) return;
    if (report.error) {
      this.showProblem(report.error);
      this.setStatus('not run');
      return;
    }
    this.toggleAttribute('checked', report.checked);
    const list = this.$('.examples');
    report.examples.forEach((example, i) => list.append(this.exampleItem(example, report.checked, this.displays.get(i))));
    const { examples, matched, mismatched, skipped } = report.counts;
    let summary;
    if (!report.checked) summary = `ran ${plural(examples, 'example')}`;
    else if (matched === 0 && mismatched === 0) summary = 'no example checked';
    else if (mismatched === 0) summary = `✓ ${matched === 1 ? 'the example matches' : `all ${matched} examples match`}`;
    else summary = `✗ ${matched} of ${matched + mismatched} match`;
    if (report.checked && skipped) summary += `, ${skipped} skipped`;
    this.setStatus(`${summary} · ${ms}`);
  }

  /** `displays`: the example's rich values and display() calls, shown after its text. */
  exampleItem(example, checked, displays = []) {
    const item = el('li', `example ${example.outcome}`);
    item.part = `example ${example.outcome}`;
    const mark = el('span', 'mark');
    if (checked && MARKS[example.outcome]) {
      const [symbol, meaning] = MARKS[example.outcome];
      mark.textContent = symbol;
      mark.title = meaning;
      mark.setAttribute('role', 'img');
      mark.setAttribute('aria-label', meaning);
    }
    const body = el('div', 'body');
    body.append(withPrompts(example.source));
    if (example.outcome === 'skipped') {
      body.append(el('div', 'note', 'skipped (+SKIP): not run'));
    } else if (example.got || example.stderr || example.exception) {
      const got = el('pre', 'got');
      got.part = 'got';
      if (example.got) got.append(example.got);
      if (example.stderr) got.append(el('span', 'stderr', example.stderr));
      if (example.exception) got.append(el('span', 'stderr', example.exception));
      body.append(got);
    }
    for (const data of displays) body.append(fillLater(displayBox(), data));
    if (checked && example.diff) body.append(diffBlock(example.diff));
    item.append(mark, body);
    return item;
  }

  showProblem({ line, message, detail }) {
    const box = this.$('.problem');
    box.textContent = '';
    box.append(el('strong', '', 'This example block could not be read, so nothing was run. '));
    // The checker's messages quote code between backticks.
    message.split('`').forEach((part, i) => box.append(i % 2 ? el('code', '', part) : part));
    if (detail) box.append(el('div', 'detail', `doctest: ${detail}`));
    box.hidden = false;
    if (line) this.setAttribute('data-problem-line', String(line));
  }

  clear() {
    this.displays = new Map(); // example index -> its displays' data, shown with the report
    this.$('.examples').textContent = '';
    this.$('.output').textContent = '';
    this.$('.problem').hidden = true;
    this.$('.problem').textContent = '';
    this.removeAttribute('data-problem-line');
    this.removeAttribute('checked');
    this.outputChars = 0;
  }

  /** Output of the session outside the examples (sessions.js calls this while the run goes on). */
  write(kind, text) {
    const out = this.$('.output');
    if (this.outputChars >= MAX_OUTPUT_CHARS) return;
    this.outputChars += text.length;
    const shown = this.outputChars > MAX_OUTPUT_CHARS ? `${text.slice(0, text.length - (this.outputChars - MAX_OUTPUT_CHARS))}\n… more output not shown\n` : text;
    out.append(el('span', kind, shown));
  }

  /**
   * A display of the run (sessions.js): an example's (crate/pycon.py tags it)
   * waits for the report and is shown under that example; a drawing (turtle)
   * and anything else are shown in the block's other output, as they come.
   */
  display(message, onCanvasEvent) {
    const out = this.$('.output');
    if (message.clear) {
      this.displays.clear();
    } else if (message.canvas) {
      const box = message.canvas.new ? displayBox() : null;
      if (box) out.append(box);
      drawLater(box, message.canvas, onCanvasEvent);
    } else if (Number.isInteger(message.example)) {
      const list = this.displays.get(message.example) ?? [];
      if (list.length < MAX_DISPLAYS_PER_EXAMPLE) list.push(message.data);
      this.displays.set(message.example, list);
    } else {
      out.append(fillLater(displayBox(), message.data));
    }
  }

  /** The same, a line at a time (the session runner's older interface). */
  appendLine(kind, text) {
    this.write(kind, `${text}\n`);
  }

  notice(text) {
    this.appendLine('notice', text);
  }

  showProgress(event) {
    const status = loadingStatus((this.downloads ??= {}), event);
    if (status) this.setStatus(status);
  }

  setStatus(text) {
    this.$('.status').textContent = text;
  }
}
