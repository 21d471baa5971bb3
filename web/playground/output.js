// The output pane: lines of stdout, stderr and notices, appended in batches
// (one DOM update per animation frame however fast lines arrive), and capped:
// only the last `maxLines` lines stay in the DOM, with a note of how many
// earlier ones were dropped.

export class OutputPane {
  /**
   * @param {HTMLElement} el  the scrolling, pre-wrap container
   * @param {{maxLines?: number}} [o]
   */
  constructor(el, { maxLines = 5000 } = {}) {
    this.el = el;
    this.maxLines = maxLines;
    this.pending = []; // [kind, text] not yet in the DOM
    this.frame = 0;
    this.lines = 0; // line spans in the DOM (the "dropped" note excluded)
    this.dropped = 0;
    this.droppedNote = null;
  }

  /** Queues one line; kind is 'stdout', 'stderr' or 'notice'. */
  line(kind, text) {
    this.pending.push([kind, text]);
    // Lines pile up while frames do not come (a hidden tab): keep them bounded.
    if (this.pending.length >= this.maxLines * 2) {
      const extra = this.pending.length - this.maxLines;
      this.pending.splice(0, extra);
      this.dropped += extra;
    }
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  notice(text) {
    this.line('notice', text);
  }

  /** A notice above everything printed so far (e.g. that the interpreter was restarted). */
  noticeFirst(text) {
    this.flush();
    const span = this.span('notice', text);
    this.el.insertBefore(span, this.droppedNote ? this.droppedNote.nextSibling : this.el.firstChild);
    this.lines += 1;
    this.trim();
  }

  clear() {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.pending = [];
    this.lines = 0;
    this.dropped = 0;
    this.droppedNote = null;
    this.el.textContent = '';
  }

  span(kind, text) {
    const span = document.createElement('span');
    span.className = kind;
    span.textContent = `${text}\n`;
    return span;
  }

  /** Puts the queued lines into the DOM now. */
  flush() {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    if (!this.pending.length) return;
    const el = this.el;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
    let items = this.pending;
    this.pending = [];
    if (items.length > this.maxLines) {
      this.dropped += items.length - this.maxLines;
      items = items.slice(-this.maxLines);
    }
    const fragment = document.createDocumentFragment();
    for (const [kind, text] of items) fragment.append(this.span(kind, text));
    el.append(fragment);
    this.lines += items.length;
    this.trim();
    if (atBottom) el.scrollTop = el.scrollHeight;
  }

  /** Removes the oldest lines beyond maxLines and updates the "dropped" note. */
  trim() {
    const excess = this.lines - this.maxLines;
    if (excess > 0) {
      const first = this.droppedNote ? this.droppedNote.nextSibling : this.el.firstChild;
      let last = first;
      for (let i = 1; i < excess; i++) last = last.nextSibling;
      const range = document.createRange();
      range.setStartBefore(first);
      range.setEndAfter(last);
      range.deleteContents();
      this.lines -= excess;
      this.dropped += excess;
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
