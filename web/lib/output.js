// Output of one stream (stdout or stderr) during runs: decoded as UTF-8,
// captured for the run's result, capped, and handed on in batches so that a
// flood of prints cannot swamp the page with messages.

export const TRUNCATED_MARKER = '\n[output truncated: this run printed more than the limit]\n';

export class OutputCapture {
  /**
   * @param {object} o
   * @param {number} o.limit  characters kept per run and stream
   * @param {(text: string) => void} o.flush  receives batches of text
   * @param {number} [o.batchMs]  longest time text waits before it is handed on
   */
  constructor({ limit, flush, batchMs = 30 }) {
    this.limit = limit;
    this.onFlush = flush;
    this.batchMs = batchMs;
    this.decoder = new TextDecoder('utf-8');
    this.beginRun();
  }

  beginRun() {
    this.captured = '';
    this.pending = '';
    this.truncated = false;
    this.lastFlush = performance.now();
  }

  /** Called by the WASI fd; `bytes` may be any size. */
  write(bytes) {
    if (this.truncated) return;
    const room = this.limit - this.captured.length;
    // Decode no more than could be kept: a 50 MB print costs no 50 MB string.
    const slice = bytes.length > room * 4 + 4 ? bytes.subarray(0, room * 4 + 4) : bytes;
    let text = this.decoder.decode(slice, { stream: slice === bytes });
    if (text.length > room) {
      text = text.slice(0, room);
      this.truncated = true;
    }
    this.captured += text;
    this.pending += text;
    if (this.truncated) this.pending += TRUNCATED_MARKER;
    const now = performance.now();
    if (this.truncated || this.pending.length > 16384 || now - this.lastFlush >= this.batchMs) this.flush(now);
  }

  flush(now = performance.now()) {
    if (this.pending) this.onFlush(this.pending);
    this.pending = '';
    this.lastFlush = now;
  }

  /** Ends a run: hands on what is left and returns the run's text. */
  endRun() {
    const tail = this.decoder.decode();
    if (tail && !this.truncated) {
      this.captured += tail;
      this.pending += tail;
    }
    this.flush();
    const text = this.truncated ? this.captured + TRUNCATED_MARKER : this.captured;
    const truncated = this.truncated;
    this.beginRun();
    return { text, truncated };
  }
}
