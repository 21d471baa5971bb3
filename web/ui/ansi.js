// Terminal escape sequences in Python's output (rich, colorama-style code,
// CPython's coloured tracebacks): a streaming parser that turns text into runs
// of plain text, each with the SGR state (colours, bold, ...) it was written in,
// and strips every other escape sequence. DOM-free, so Node tests it; the
// output pane (output-pane.js) renders the runs.
//
// Written by hand rather than taken from a library: the usual one, ansi_up,
// returns HTML strings, and the pane must never insert HTML made from a
// program's output; a parser that returns runs of text is this small file.
//
// Not handled, on purpose: carriage return and cursor movement (a progress bar
// that redraws its line prints each redraw after the last one), blink, conceal,
// fonts, double underline styles. Those sequences are stripped; "\r" is left in
// the text as it was.

const ESC = '\x1b';
const BEL = '\x07';

/**
 * The SGR state of a run. fg and bg: null (the pane's own colour), a palette
 * index 0-255 (0-7 basic, 8-15 bright, 16-255 the xterm 256-colour table), or
 * '#rrggbb' (truecolour).
 * @typedef {{bold: boolean, dim: boolean, italic: boolean, underline: boolean,
 *   inverse: boolean, strike: boolean, fg: number | string | null, bg: number | string | null}} AnsiStyle
 */

/** @type {AnsiStyle} */
export const PLAIN = Object.freeze({ bold: false, dim: false, italic: false, underline: false, inverse: false, strike: false, fg: null, bg: null });

/** Whether a style is the pane's own (no SGR attribute set). */
export function isPlain(style) {
  return style === PLAIN || Object.keys(PLAIN).every((k) => style[k] === PLAIN[k]);
}

// An escape sequence longer than this without its end is not one: a stray
// "\x1b]" must not swallow everything printed after it. Generous for OSC 8
// hyperlinks, whose URLs are the longest sequences real programs write.
const MAX_SEQUENCE = 4096;

// ESC followed by one of these starts a string that runs up to ST (ESC \) or
// BEL: OSC "]", DCS "P", SOS "X", PM "^", APC "_".
const STRING_INTRODUCERS = new Set([']', 'P', 'X', '^', '_']);

/**
 * A run of text and how to show it.
 * @typedef {{text: string, style: AnsiStyle, link?: string}} AnsiRun
 *   link: the target of an OSC 8 hyperlink around the text, only for http(s) URLs.
 */

export class AnsiParser {
  constructor() {
    this.reset();
  }

  /** Back to plain text with no pending sequence (a new run of the program). */
  reset() {
    /** Characters looked at while finding where sequences end: at most a few per character of output (the tests check it). */
    this.scanned = 0;
    this.style = PLAIN;
    this.link = undefined;
    this.held = ''; // the start of an escape sequence cut off by the end of the last push
  }

  /**
   * Parses the next piece of a stream.
   * @param {string} text
   * @returns {AnsiRun[]} the visible text of this piece (and of a sequence the last piece cut off)
   */
  push(text) {
    const input = this.held + text;
    this.held = '';
    // Where the first string terminator at or after `from` is (see stringEnd): one
    // answer serves every string that starts before it, so that a stream of
    // unterminated introducers ("\x1b]" * 500_000) is scanned once, not once per introducer.
    this.terminator = { from: Infinity, at: -1, end: NOT_A_SEQUENCE };
    /** @type {AnsiRun[]} */
    const runs = [];
    const emit = (from, to) => {
      if (to <= from) return;
      const chunk = input.slice(from, to);
      const last = runs[runs.length - 1];
      if (last && last.link === this.link && sameStyle(last.style, this.style)) last.text += chunk;
      else runs.push(this.link ? { text: chunk, style: this.style, link: this.link } : { text: chunk, style: this.style });
    };
    let textStart = 0;
    let i = input.indexOf(ESC);
    while (i >= 0) {
      emit(textStart, i);
      const end = this.sequenceEnd(input, i);
      if (end === HELD) {
        this.held = input.slice(i);
        return runs;
      }
      if (end === NOT_A_SEQUENCE) {
        textStart = i + 1; // a lone ESC: dropped, what follows is text
      } else {
        this.apply(input.slice(i, end));
        textStart = end;
      }
      i = input.indexOf(ESC, textStart);
    }
    emit(textStart, input.length);
    return runs;
  }

  /**
   * Where the escape sequence at input[start] (an ESC) ends, HELD when the
   * input ends first, NOT_A_SEQUENCE for an ESC that starts none. A sequence
   * cut short by a byte it cannot hold ends before that byte and does nothing.
   */
  sequenceEnd(input, start) {
    const limit = Math.min(input.length, start + MAX_SEQUENCE);
    const tooLong = input.length > limit;
    const next = input[start + 1];
    if (next === undefined) return HELD;
    if (next === '[') {
      // CSI: parameter bytes 0x30-0x3F, intermediates 0x20-0x2F, a final byte 0x40-0x7E.
      for (let j = start + 2; j < limit; j++) {
        this.scanned += 1;
        const c = input.charCodeAt(j);
        if (c >= 0x40 && c <= 0x7e) return j + 1;
        // A byte no CSI holds ends it unfinished: dropped up to that byte, as a terminal would.
        if (c < 0x20 || c > 0x3f) return j;
      }
      return tooLong ? NOT_A_SEQUENCE : HELD;
    }
    if (STRING_INTRODUCERS.has(next)) {
      const end = this.stringEnd(input, start + 2);
      if (end >= 0 && this.terminator.at < limit) return end;
      // A lone ESC at the very end may be the start of its ST.
      if (end === HELD && input.length <= limit) return HELD;
      return tooLong || end >= 0 ? NOT_A_SEQUENCE : HELD;
    }
    // Other escapes: ESC, intermediates 0x20-0x2F, a final byte 0x30-0x7E
    // (ESC 7, ESC ( B, ESC =, ...).
    for (let j = start + 1; j < limit; j++) {
      this.scanned += 1;
      const c = input.charCodeAt(j);
      if (c >= 0x30 && c <= 0x7e) return j + 1;
      if (c < 0x20 || c > 0x2f) return NOT_A_SEQUENCE;
    }
    return tooLong ? NOT_A_SEQUENCE : HELD;
  }

  /**
   * The end (after its BEL or ESC \\) of the first string terminator at or after
   * `from` in `input`; HELD when the input ends in an ESC before any; -2
   * (NOT_A_SEQUENCE) when there is none. Remembers its answer (see push): a
   * later question from before that terminator has the same answer.
   */
  stringEnd(input, from) {
    const memo = this.terminator;
    if (from >= memo.from && (memo.at < 0 || from <= memo.at)) return memo.end;
    let end = NOT_A_SEQUENCE;
    let at = -1;
    for (let j = from; j < input.length; j++) {
      this.scanned += 1;
      const c = input[j];
      if (c === BEL) {
        end = j + 1;
        at = j;
        break;
      }
      if (c === ESC) {
        if (j + 1 >= input.length) {
          end = HELD;
          break;
        }
        if (input[j + 1] === '\\') {
          end = j + 2;
          at = j;
          break;
        }
      }
    }
    this.terminator = { from, at, end };
    return end;
  }

  /** Applies a complete escape sequence: SGR and OSC 8 change the state, the rest is dropped. */
  apply(sequence) {
    if (sequence[1] === '[') {
      if (sequence.endsWith('m') && /^[\d;:]*$/.test(sequence.slice(2, -1))) this.style = applySgr(this.style, sequence.slice(2, -1));
      return;
    }
    if (sequence.startsWith(`${ESC}]8;`)) {
      // OSC 8 ; params ; URI ST. An empty URI ends the link.
      const body = sequence.slice(4, sequence.endsWith(BEL) ? -1 : -2);
      const uri = body.slice(body.indexOf(';') + 1);
      this.link = webLink(uri);
    }
  }
}

const HELD = -1;
const NOT_A_SEQUENCE = -2;

/** The URL when it is http(s), else undefined: a link in the page must not run javascript: or open files. */
function webLink(uri) {
  if (!uri) return undefined;
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The style after an SGR sequence's parameters ("1;31", "38;5;27", "38:2::255:0:0").
 * @param {AnsiStyle} style
 * @param {string} params
 * @returns {AnsiStyle}
 */
export function applySgr(style, params) {
  const next = { ...style };
  // Each ";"-separated parameter may carry ":"-separated sub-parameters (ITU T.416 form).
  const groups = (params === '' ? '0' : params).split(';').map((g) => g.split(':').map((n) => (n === '' ? 0 : Number(n))));
  for (let i = 0; i < groups.length; i++) {
    const [code] = groups[i];
    if (code === 0) Object.assign(next, PLAIN);
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4) next.underline = (groups[i][1] ?? 1) !== 0; // 4:0 is "no underline"
    else if (code === 7) next.inverse = true;
    else if (code === 9) next.strike = true;
    else if (code === 21) next.underline = true; // doubly underlined, shown as underlined
    else if (code === 22) next.bold = next.dim = false;
    else if (code === 23) next.italic = false;
    else if (code === 24) next.underline = false;
    else if (code === 27) next.inverse = false;
    else if (code === 29) next.strike = false;
    else if (code >= 30 && code <= 37) next.fg = code - 30;
    else if (code === 39) next.fg = null;
    else if (code >= 40 && code <= 47) next.bg = code - 40;
    else if (code === 49) next.bg = null;
    else if (code >= 90 && code <= 97) next.fg = code - 90 + 8;
    else if (code >= 100 && code <= 107) next.bg = code - 100 + 8;
    else if (code === 38 || code === 48 || code === 58) {
      // Extended colour, as sub-parameters (38:5:n) or as the next parameters (38;5;n).
      let args;
      if (groups[i].length > 1) {
        args = groups[i].slice(1);
        // 38:2:<colour space>:r:g:b has one more field than 38:2:r:g:b.
        if (args[0] === 2 && args.length >= 5) args = [2, ...args.slice(-3)];
      } else {
        const kind = groups[i + 1]?.[0];
        const count = kind === 5 ? 2 : kind === 2 ? 4 : 1;
        args = groups.slice(i + 1, i + 1 + count).map((g) => g[0]);
        i += count;
      }
      const colour = extendedColour(args);
      if (code === 38 && colour !== undefined) next.fg = colour;
      else if (code === 48 && colour !== undefined) next.bg = colour;
      // 58 (underline colour) is read only to skip its parameters.
    }
    // Anything else (blink, conceal, fonts, ...) changes nothing.
  }
  return sameStyle(next, style) ? style : isPlain(next) ? PLAIN : Object.freeze(next);
}

/** [5, n] or [2, r, g, b] as a palette index or '#rrggbb'; undefined when malformed. */
function extendedColour([kind, ...rest]) {
  const byte = (n) => Number.isInteger(n) && n >= 0 && n <= 255;
  if (kind === 5 && rest.length >= 1 && byte(rest[0])) return rest[0];
  if (kind === 2 && rest.length >= 3 && rest.slice(0, 3).every(byte)) {
    return `#${rest.slice(0, 3).map((n) => n.toString(16).padStart(2, '0')).join('')}`;
  }
  return undefined;
}

/** Whether two styles show the same (a style is a new object after each SGR sequence that changes it). */
export function sameStyle(a, b) {
  return Object.keys(PLAIN).every((k) => a[k] === b[k]);
}

/**
 * The xterm colour of palette index 16-255 as '#rrggbb': a 6x6x6 cube then 24
 * greys. Indexes 0-15 are the theme's, read from CSS (ansiColourCss).
 */
export function xtermColour(n) {
  let rgb;
  if (n < 232) {
    const levels = [0, 95, 135, 175, 215, 255];
    const i = n - 16;
    rgb = [levels[Math.floor(i / 36)], levels[Math.floor(i / 6) % 6], levels[i % 6]];
  } else {
    const grey = 8 + (n - 232) * 10;
    rgb = [grey, grey, grey];
  }
  return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** A colour of the style as CSS: the theme's variable for 0-15, a literal otherwise. */
export function ansiColourCss(colour) {
  if (typeof colour === 'string') return colour;
  if (colour < 16) return `var(--ansi-${colour})`;
  return xtermColour(colour);
}

/**
 * The inline CSS of a style, as CSSStyleDeclaration properties. The pane
 * defines --ansi-0 … --ansi-15 (its palette) and --ansi-fg / --ansi-bg (its own
 * colours, which inverse swaps).
 * @param {AnsiStyle} style
 * @returns {Record<string, string>}
 */
export function styleToCss(style) {
  const css = {};
  let fg = style.fg === null ? null : ansiColourCss(style.fg);
  let bg = style.bg === null ? null : ansiColourCss(style.bg);
  if (style.inverse) [fg, bg] = [bg ?? 'var(--ansi-bg)', fg ?? 'var(--ansi-fg)'];
  if (fg) css.color = fg;
  if (bg) css.backgroundColor = bg;
  if (style.bold) css.fontWeight = 'bold';
  if (style.dim) css.opacity = '0.65';
  if (style.italic) css.fontStyle = 'italic';
  const lines = [style.underline && 'underline', style.strike && 'line-through'].filter(Boolean);
  if (lines.length) css.textDecorationLine = lines.join(' ');
  return css;
}
