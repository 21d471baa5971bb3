// An output pane that behaves like a terminal: pieces of stdout and stderr
// are shown in the order they arrive, a piece without "\n" (a prompt) stays on
// its line and the next piece continues it, whatever its stream. Appended in
// batches (one DOM update per animation frame however fast output arrives)
// and capped: only the last `maxLines` lines stay in the DOM, with a note of
// how many earlier ones were dropped. Used by the playground and the embed.
//
// In the DOM every span holds one stream's text of one line at most, and only
// its last character may be "\n": lines can then be dropped from the top by
// removing whole spans.
//
// Terminal colours: stdout and stderr each go through their own AnsiParser
// (ansi.js), so a colour left open on one stream does not leak into the other,
// and both start plain at clear() (each run). Styled text is an inner span (an
// <a> for an http(s) OSC 8 hyperlink) of its line's span, with inline styles
// that use the pane's --ansi-* colours; every escape sequence is stripped.
// Text goes in as text nodes only, never as HTML.
import { AnsiParser, isPlain, styleToCss } from './ansi.js';

// The streams that carry a program's output; notices and typed input are the page's own text.
const PROGRAM_STREAMS = ['stdout', 'stderr'];

export class OutputPane {
  /**
   * @param {HTMLElement} el  the scrolling, pre-wrap container
   * @param {{maxLines?: number}} [o]
   */
  constructor(el, { maxLines = 5000 } = {}) {
    this.el = el;
    this.maxLines = maxLines;
    this.frame = 0;
    this.clear();
  }

  /** Queues a piece of output; kind is 'stdout', 'stderr' or 'notice'. */
  write(kind, text) {
    if (!text) return;
    const parser = this.parsers[kind];
    const runs = parser ? parser.push(text) : [{ text }];
    for (const run of runs) {
      this.pending.push({ kind, text: run.text, style: run.style, link: run.link });
      this.pendingLines += countNewlines(run.text);
      this.atLineStart = run.text.endsWith('\n');
    }
    // Output piles up while frames do not come (a hidden tab): keep it bounded.
    if (this.pendingLines >= this.maxLines * 2) this.dropPending(this.pendingLines - this.maxLines);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  /** A whole line of its own (a message of the page), starting a new line if needed. */
  line(kind, text) {
    this.write(kind, `${this.atLineStart ? '' : '\n'}${text}\n`);
  }

  notice(text) {
    this.line('notice', text);
  }

  /** A notice above everything printed so far (e.g. that the interpreter was restarted). */
  noticeFirst(text) {
    this.flush();
    const span = this.span('notice', `${text}\n`);
    this.el.insertBefore(span, this.droppedNote ? this.droppedNote.nextSibling : this.el.firstChild);
    this.lines += 1;
    this.trim();
  }

  clear() {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.pending = []; // {kind, text, style?, link?} not yet in the DOM
    this.parsers = Object.fromEntries(PROGRAM_STREAMS.map((kind) => [kind, new AnsiParser()]));
    this.pendingLines = 0;
    this.lines = 0; // complete lines in the DOM (the "dropped" note excluded)
    this.dropped = 0;
    this.droppedNote = null;
    this.open = null; // the last span when its line is not finished
    this.atLineStart = true;
    this.el.textContent = '';
  }

  /** The text of the pane (the "dropped" note excluded). */
  text() {
    return [...this.el.children].filter((s) => s !== this.droppedNote).map((s) => s.textContent).join('');
  }

  span(kind, text) {
    const span = document.createElement('span');
    span.className = kind;
    span.textContent = text;
    return span;
  }

  /** Drops the oldest `count` lines that wait for the DOM. */
  dropPending(count) {
    let left = count;
    while (left > 0 && this.pending.length) {
      const { text } = this.pending[0];
      let cut = 0;
      while (left > 0) {
        const at = text.indexOf('\n', cut);
        if (at < 0) break;
        cut = at + 1;
        left -= 1;
      }
      // A piece without a line end belongs to the line being dropped.
      if (cut === 0 || cut === text.length) this.pending.shift();
      else this.pending[0] = { ...this.pending[0], text: text.slice(cut) };
    }
    this.dropped += count - left;
    this.pendingLines -= count - left;
    this.open = null; // what is kept starts a line of its own
  }

  /** Puts the queued output into the DOM now. */
  flush() {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    if (!this.pending.length) return;
    const el = this.el;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
    const items = this.pending;
    this.pending = [];
    this.pendingLines = 0;
    const fragment = document.createDocumentFragment();
    for (const { kind, text, style, link } of items) {
      let from = 0;
      while (from < text.length) {
        const nl = text.indexOf('\n', from);
        const to = nl < 0 ? text.length : nl + 1;
        const piece = text.slice(from, to);
        if (!this.open || this.open.className !== kind) {
          this.open = this.span(kind, '');
          fragment.append(this.open);
        }
        appendStyled(this.open, piece, style, link);
        if (nl >= 0) {
          this.lines += 1;
          this.open = null;
        }
        from = to;
      }
    }
    el.append(fragment);
    this.trim();
    if (atBottom) el.scrollTop = el.scrollHeight;
  }

  /** Removes the oldest lines beyond maxLines and updates the "dropped" note. */
  trim() {
    let excess = this.lines - this.maxLines;
    if (excess > 0) {
      const first = this.droppedNote ? this.droppedNote.nextSibling : this.el.firstChild;
      let last = first;
      // Spans up to and including the excess-th one that ends a line.
      while (!(last.textContent.endsWith('\n') && --excess === 0) && last.nextSibling) last = last.nextSibling;
      const range = document.createRange();
      range.setStartBefore(first);
      range.setEndAfter(last);
      range.deleteContents();
      const removed = this.lines - this.maxLines;
      this.lines -= removed;
      this.dropped += removed;
    }
    if (this.dropped) {
      if (!this.droppedNote) {
        this.droppedNote = this.span('notice dropped', '');
        this.el.prepend(this.droppedNote);
      }
      const n = this.dropped.toLocaleString('en-US');
      this.droppedNote.textContent = `… ${n} earlier line${this.dropped === 1 ? '' : 's'} dropped (the last ${this.maxLines.toLocaleString('en-US')} are shown)\n`;
    }
  }
}

/** Appends text to a line's span: as text, or in an inner element that carries its style or link. */
function appendStyled(span, text, style, link) {
  if (!link && (!style || isPlain(style))) {
    if (span.lastChild?.nodeType === Node.TEXT_NODE) span.lastChild.appendData(text);
    else span.append(text);
    return;
  }
  const el = document.createElement(link ? 'a' : 'span');
  if (link) {
    el.className = 'ansi-link';
    el.href = link;
    el.target = '_blank';
    el.rel = 'noopener noreferrer';
  }
  if (style) Object.assign(el.style, styleToCss(style));
  el.textContent = text;
  span.append(el);
}

function countNewlines(text) {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
