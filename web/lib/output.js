// What a run prints, as a terminal shows it: stdout and stderr in the order
// they were written, decoded as UTF-8, captured for the run's result, capped
// per stream, and handed on in batches so that a flood of prints cannot
// swamp the page with messages.
//
// Batches leave on a write once `batchMs` has passed since the last one, and
// otherwise from `poll()`, which the host calls whenever Python comes back to
// it (the interpreter's periodic check, a sleep, a read of stdin): a line
// never waits for the next write to be delivered.

export const TRUNCATED_MARKER = '\n[output truncated: this run printed more than the limit]\n';

/** Displays (pictures, tables) one run may show. */
export const MAX_DISPLAYS = 200;

/** Characters held before a batch leaves at once, whatever the time. */
const MAX_PENDING = 16384;

class StreamCapture {
  constructor(limit) {
    this.limit = limit;
    this.decoder = new TextDecoder('utf-8');
    this.reset();
  }

  reset() {
    this.captured = '';
    this.truncated = false;
    this.tail = ''; // the unfinished last line: what input() wrote as its prompt
  }

  /** Decodes `bytes` and keeps what fits; returns the text to hand on ('' once cut). */
  take(bytes) {
    if (this.truncated) return '';
    const room = this.limit - this.captured.length;
    // Decode no more than could be kept: a 50 MB print costs no 50 MB string.
    const slice = bytes.length > room * 4 + 4 ? bytes.subarray(0, room * 4 + 4) : bytes;
    let text = this.decoder.decode(slice, { stream: slice === bytes });
    if (text.length > room) {
      text = text.slice(0, room);
      this.truncated = true;
    }
    this.captured += text;
    const nl = text.lastIndexOf('\n');
    this.tail = nl >= 0 ? text.slice(nl + 1) : (this.tail + text).slice(-200);
    return this.truncated ? text + TRUNCATED_MARKER : text;
  }

  /** The end of a run: the rest of a split UTF-8 sequence. */
  finish() {
    const tail = this.decoder.decode();
    if (!tail || this.truncated) return '';
    this.captured += tail;
    return tail;
  }

  result() {
    return this.truncated ? this.captured + TRUNCATED_MARKER : this.captured;
  }
}

export class OutputCapture {
  /**
   * @param {object} o
   * @param {number} o.limit  characters kept per run and stream
   * @param {(chunks: Array<['stdout'|'stderr', string] | ['display', object]>) => void} o.flush  receives
   *   batches: pieces of text and displays in the order they were written
   * @param {number} [o.batchMs]  how long text may wait for more before it is handed on
   */
  constructor({ limit, flush, batchMs = 30 }) {
    this.onFlush = flush;
    this.batchMs = batchMs;
    this.streams = { stdout: new StreamCapture(limit), stderr: new StreamCapture(limit) };
    this.pending = [];
    this.pendingChars = 0;
    this.lastFlush = performance.now();
    this.displays = [];
  }

  /** Called by the WASI fds; `bytes` may be any size. */
  write(stream, bytes) {
    this.queue(stream, this.streams[stream].take(bytes));
    if (this.pendingChars > MAX_PENDING || this.streams[stream].truncated) this.flush();
    else this.poll();
  }

  queue(stream, text) {
    if (!text) return;
    const last = this.pending.at(-1);
    if (last && last[0] === stream) last[1] += text;
    else this.pending.push([stream, text]);
    this.pendingChars += text.length;
  }

  /**
   * A display of the run (display-device.js): in order with the text around
   * it, handed on at once; kept for the run's result, at most MAX_DISPLAYS.
   */
  display(message) {
    if (message.canvas) {
      this.drawing(message);
      return;
    }
    if (message.data) {
      if (this.displays.length >= MAX_DISPLAYS) {
        if (this.displays.length === MAX_DISPLAYS) this.problem(`more than ${MAX_DISPLAYS} displays in one run: the rest are not shown`);
        this.displays.push(null);
        return;
      }
      this.displays.push(message.data);
    }
    this.pending.push(['display', message]);
    this.flush();
  }

  /**
   * A drawing's changes (display-device.js): in order with the text, handed on
   * with the next batch; changes of the same drawing that follow each other
   * become one message, so no flood of them reaches the page.
   */
  drawing(message) {
    const last = this.pending.at(-1);
    const previous = last?.[0] === 'display' ? last[1].canvas : null;
    if (previous && previous.id === message.canvas.id && !message.canvas.new) {
      for (const op of message.canvas.ops) previous.ops.push(op); // not push(...ops): a spread of 100k ops overflows the stack
      Object.assign(previous, { width: message.canvas.width, height: message.canvas.height, x: message.canvas.x, y: message.canvas.y, bg: message.canvas.bg });
    } else {
      this.pending.push(['display', message]);
    }
    this.pendingChars += 1;
    this.poll();
  }

  /** A display that could not be shown: said on the run's stderr. */
  problem(why) {
    this.write('stderr', new TextEncoder().encode(`wasipy: ${why}\n`));
  }

  /** Hands on what waits if it has waited long enough; cheap when nothing does. */
  poll() {
    if (this.pendingChars && performance.now() - this.lastFlush >= this.batchMs) this.flush();
  }

  /** Hands on what waits, now (before Python blocks: a sleep, a read of stdin). */
  flush() {
    if (this.pending.length) this.onFlush(this.pending);
    this.pending = [];
    this.pendingChars = 0;
    this.lastFlush = performance.now();
  }

  /** The unfinished last line of stdout in this run (a prompt), at most 200 characters. */
  prompt() {
    return this.streams.stdout.tail;
  }

  /** Ends a run: hands on what is left and returns the run's text per stream. */
  endRun() {
    for (const [name, stream] of Object.entries(this.streams)) this.queue(name, stream.finish());
    this.flush();
    const { stdout, stderr } = this.streams;
    const result = { stdout: stdout.result(), stderr: stderr.result(), truncated: stdout.truncated || stderr.truncated };
    if (this.displays.length) result.displays = this.displays.filter(Boolean);
    stdout.reset();
    stderr.reset();
    this.displays = [];
    return result;
  }
}
