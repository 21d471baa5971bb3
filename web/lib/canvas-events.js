// /.wasipy/canvas-events: the reader's clicks and keys on a drawing (turtle's
// onscreenclick, onclick, ondrag, onkey), waiting for Python's tkinter
// (crate/packages/tkinter) to read them in mainloop() or update(). Only where
// a run can wait (JSPI): the page's messages reach the worker while Python
// sleeps. Each read gives the queued events as lines of JSON and empties the queue.
import { Device } from './devices.js';

/** Events kept while Python does not read them; older ones are dropped past it. */
export const MAX_QUEUED = 256;
const TYPES = new Set(['button', 'motion', 'key']);

/** `event` as Python may read it (only known fields, checked), or null. */
export function cleanEvent(event) {
  if (!event || typeof event !== 'object' || !TYPES.has(event.type) || typeof event.canvas !== 'string' || !/^[\w-]{1,64}$/.test(event.canvas)) return null;
  const finite = (v) => typeof v === 'number' && Number.isFinite(v);
  const clean = { type: event.type, canvas: event.canvas, press: event.press === true };
  if (event.type === 'key') {
    if (typeof event.keysym !== 'string' || !/^\w{1,32}$/.test(event.keysym)) return null;
    clean.keysym = event.keysym;
    clean.char = typeof event.char === 'string' && event.char.length <= 2 ? event.char : '';
  } else {
    if (!finite(event.x) || !finite(event.y)) return null;
    Object.assign(clean, { x: event.x, y: event.y, button: [1, 2, 3].includes(event.button) ? event.button : 1 });
    if (Number.isInteger(event.item)) clean.item = event.item;
  }
  return clean;
}

export class CanvasEvents {
  constructor() {
    this.queue = [];
    this.unread = new Uint8Array(0);
  }

  /** An event from the page (Session.canvasEvent); malformed ones are dropped. */
  push(event) {
    const clean = cleanEvent(event);
    if (!clean) return;
    if (this.queue.length >= MAX_QUEUED) this.queue.shift();
    this.queue.push(clean);
  }

  /** Forgets what a run did not read (a new run starts with none). */
  clear() {
    this.queue = [];
    this.unread = new Uint8Array(0);
  }

  /** Up to `size` bytes of the queued events' JSON lines; empty when there are none (end of file). */
  read(size) {
    if (!this.unread.length && this.queue.length) {
      this.unread = new TextEncoder().encode(this.queue.map((e) => `${JSON.stringify(e)}\n`).join(''));
      this.queue = [];
    }
    const data = this.unread.slice(0, size);
    this.unread = this.unread.subarray(data.length);
    return data;
  }

  /** The device file Python opens. */
  device() {
    return new Device((size) => this.read(size));
  }
}
