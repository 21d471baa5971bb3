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
//
// What one run can create is capped, however it writes: a line holds at most
// `maxPiecesPerLine` elements (styled pieces, or pieces of the other stream)
// and the pane `maxPieces`; beyond them the text is still shown, without its
// style, and a note at the top says so (as for dropped lines). Plain text
// joins its line's text node in one append per frame.
import { AnsiParser, isPlain, styleToCss } from './ansi.js';

// The streams that carry a program's output; notices and typed input are the page's own text.
const PROGRAM_STREAMS = ['stdout', 'stderr'];

export class OutputPane {
  /**
   * @param {HTMLElement} el  the scrolling, pre-wrap container
   * @param {{maxLines?: number}} [o]
   */
  constructor(el, { maxLines = 5000, maxPiecesPerLine = 1000, maxPieces = 50_000 } = {}) {
    this.el = el;
    this.maxLines = maxLines;
    this.maxPiecesPerLine = maxPiecesPerLine;
    this.maxPieces = maxPieces;
    this.frame = 0;
    this.clear();
  }

  /**
   * Queues a piece of output; kind is 'stdout', 'stderr' or 'notice'. Program
   * output (stdout, stderr) goes through its stream's ANSI parser; `plain`
   * text (the page's own) never does.
   */
  write(kind, text, { plain = false } = {}) {
    if (!text) return;
    const parser = plain ? null : this.parsers[kind];
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

  /**
   * A whole line of its own (a message of the page), starting a new line if
   * needed. Plain text: such a message can quote what an index or a program
   * wrote (a file name), whose escape sequences must not style or link the
   * page's own words; control characters show as in a repr (\\x1b).
   */
  line(kind, text) {
    this.write(kind, `${this.atLineStart ? '' : '\n'}${visibleControls(String(text))}\n`, { plain: true });
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
    this.pieces += 1;
    this.trim();
  }

  /**
   * A display (web/ui/rich-output.js's element) after everything written so
   * far, on a line of its own; it counts as one line for maxLines.
   */
  display(element) {
    this.flush();
    if (this.open) {
      this.open.append('\n');
      this.lines += 1;
      this.open = null;
      this.linePieces = 0;
    }
    this.atLineStart = true;
    const atBottom = this.el.scrollHeight - this.el.scrollTop - this.el.clientHeight < 24;
    this.el.append(element);
    this.lines += 1;
    this.pieces += 1;
    this.trim();
    if (atBottom) this.el.scrollTop = this.el.scrollHeight;
  }

  clear() {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.pending = []; // {kind, text, style?, link?} not yet in the DOM
    this.parsers = Object.fromEntries(PROGRAM_STREAMS.map((kind) => [kind, new AnsiParser()]));
    this.pendingLines = 0;
    this.lines = 0; // complete lines in the DOM (the "dropped" note excluded)
    this.dropped = 0;
    this.droppedNote = null; // the note at the top: lines dropped, styles not shown
    this.pieces = 0; // elements in the DOM (line spans and styled pieces), the note excluded
    this.linePieces = 0; // elements of the open line
    this.unstyled = 0; // pieces shown without their style or stream colour (the caps)
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
    let plain = ''; // text for the open line's span, appended at once
    const commit = () => {
      if (!plain) return;
      if (this.open.lastChild?.nodeType === Node.TEXT_NODE) this.open.lastChild.appendData(plain);
      else this.open.append(plain);
      plain = '';
    };
    const room = () => this.linePieces < this.maxPiecesPerLine && this.pieces < this.maxPieces;
    const added = () => {
      this.linePieces += 1;
      this.pieces += 1;
    };
    for (const { kind, text, style, link } of items) {
      const styled = Boolean(link || (style && !isPlain(style)));
      let from = 0;
      while (from < text.length) {
        const nl = text.indexOf('\n', from);
        const to = nl < 0 ? text.length : nl + 1;
        const piece = text.slice(from, to);
        if (!this.open || (this.open.className !== kind && room())) {
          if (this.open) commit();
          this.open = this.span(kind, '');
          fragment.append(this.open);
          added();
        } else if (this.open.className !== kind) {
          this.unstyled += 1; // the other stream's text, in this span's colour
        }
        if (styled && room()) {
          commit();
          this.open.append(styledElement(piece, style, link));
          added();
        } else {
          if (styled) this.unstyled += 1;
          plain += piece;
        }
        if (nl >= 0) {
          commit();
          this.lines += 1;
          this.open = null;
          this.linePieces = 0;
        }
        from = to;
      }
    }
    if (this.open) commit();
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
      while (!(endsLine(last) && --excess === 0) && last.nextSibling) last = last.nextSibling;
      for (let node = first; ; node = node.nextSibling) {
        this.pieces -= 1 + (node.childElementCount ?? 0);
        if (node === last) break;
      }
      const range = document.createRange();
      range.setStartBefore(first);
      range.setEndAfter(last);
      range.deleteContents();
      const removed = this.lines - this.maxLines;
      this.lines -= removed;
      this.dropped += removed;
    }
    const notes = [];
    if (this.dropped) {
      const n = this.dropped.toLocaleString('en-US');
      notes.push(`… ${n} earlier line${this.dropped === 1 ? '' : 's'} dropped (the last ${this.maxLines.toLocaleString('en-US')} are shown)`);
    }
    if (this.unstyled) {
      const n = this.unstyled.toLocaleString('en-US');
      notes.push(`… ${n} piece${this.unstyled === 1 ? '' : 's'} of output shown without ${this.unstyled === 1 ? 'its' : 'their'} colour or style: a line keeps at most ${this.maxPiecesPerLine.toLocaleString('en-US')} styled pieces, the pane ${this.maxPieces.toLocaleString('en-US')}`);
    }
    if (notes.length) {
      if (!this.droppedNote) {
        this.droppedNote = this.span('notice dropped', '');
        this.el.prepend(this.droppedNote);
      }
      this.droppedNote.textContent = `${notes.join('\n')}\n`;
    }
  }
}

/** Whether `node` ends a line: a span whose text does, or a display. */
function endsLine(node) {
  return node.classList?.contains('display') || node.textContent.endsWith('\n');
}

/** Control characters other than tab and newline as Python writes them in a repr (ESC as \\x1b): visible, and inert. */
export function visibleControls(text) {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A piece of text in an element that carries its style or link. */
function styledElement(text, style, link) {
  const el = document.createElement(link ? 'a' : 'span');
  if (link) {
    el.className = 'ansi-link';
    el.href = link;
    el.target = '_blank';
    el.rel = 'noopener noreferrer';
  }
  if (style) Object.assign(el.style, styleToCss(style));
  el.textContent = text;
  return el;
}

function countNewlines(text) {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
