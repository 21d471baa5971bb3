// /.wasipy/display: where Python's display() writes (crate/display.py), one
// line of JSON per display: {"data": {mime type: text or base64}, "example"?: n} or
// {"clear": true} or {"canvas": {...}} (a Tk canvas's changes: turtle graphics,
// crate/packages/tkinter/_canvas.py; drawn by web/ui/canvas-output.js). Each goes into the run's output in order with what was
// printed (OutputCapture.display). What comes here is untrusted (any code in
// the session can write it): only well-formed messages within the size limit
// go on, as data; the page decides how to show them (web/ui/rich-output.js).
import { wasi } from '@bjorn3/browser_wasi_shim';
import { Device, DeviceFd } from './devices.js';

/** Characters of one display's JSON (a large image is about 4/3 of its bytes). */
export const DISPLAY_LIMIT = 16 * 1024 * 1024;

/** The message `line` holds, or a string that says why it is none. */
export function parseDisplay(line) {
  if (line.length > DISPLAY_LIMIT) {
    return `a display of ${(line.length / 1e6).toFixed(1)} MB was not shown: one display may hold ${DISPLAY_LIMIT / 1024 / 1024} MiB`;
  }
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    return 'a display that is not JSON was not shown';
  }
  if (message?.clear === true) return { clear: true };
  if (message?.canvas !== undefined) return parseCanvas(message.canvas);
  const data = message?.data;
  if (!data || typeof data !== 'object' || Array.isArray(data) || !Object.values(data).every((v) => typeof v === 'string')) {
    return 'a display whose data is not an object of texts was not shown';
  }
  const shown = { data: Object.fromEntries(Object.entries(data)) };
  // A `>>>` example's display (crate/pycon.py): the example's index, to show it under that example.
  if (Number.isInteger(message.example) && message.example >= 0) shown.example = message.example;
  return shown;
}

/** A canvas message's shape (what each op draws is checked where it is drawn), or why it is none. */
function parseCanvas(canvas) {
  const finite = (v) => typeof v === 'number' && Number.isFinite(v);
  if (!canvas || typeof canvas !== 'object' || typeof canvas.id !== 'string' || !/^[\w-]{1,64}$/.test(canvas.id)
    || !['width', 'height', 'x', 'y'].every((k) => finite(canvas[k])) || !Array.isArray(canvas.ops)) {
    return 'a drawing whose message is not {id, width, height, x, y, ops} was not shown';
  }
  const { id, width, height, x, y, bg, ops } = canvas;
  return { canvas: { id, new: canvas.new === true, width, height, x, y, bg: typeof bg === 'string' ? bg : '#ffffff', ops } };
}

/** The display device's open file: a write is lines of JSON; there is nothing to read. */
class DisplayFd extends DeviceFd {
  constructor(device) {
    super(device);
    this.output = device.output;
    this.decoder = new TextDecoder('utf-8');
    this.buffer = '';
  }
  fd_read() {
    return { ret: wasi.ERRNO_BADF, data: new Uint8Array(0) };
  }
  fd_write(data) {
    this.buffer += this.decoder.decode(data, { stream: true });
    if (this.buffer.length > DISPLAY_LIMIT + 1 && !this.buffer.includes('\n')) {
      this.output.problem(parseDisplay(this.buffer)); // too big: said once, the rest of the line dropped
      this.buffer = '';
      this.skipping = true;
    }
    let nl;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      if (this.skipping) {
        this.skipping = false;
        continue;
      }
      const message = parseDisplay(line);
      if (typeof message === 'string') this.output.problem(message);
      else this.output.display(message);
    }
    return { ret: 0, nwritten: data.byteLength };
  }
}

/** The device file in the host's control directory. */
export class DisplayDevice extends Device {
  constructor(output) {
    super(() => new Uint8Array(0));
    this.output = output;
  }
  path_open() {
    return { ret: 0, fd_obj: new DisplayFd(this) };
  }
}
