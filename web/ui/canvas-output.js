// A Tk canvas of the run (turtle graphics: crate/packages/tkinter/_canvas.py)
// drawn as SVG in the output. Python sends {"canvas": {id, new?, width, height,
// x, y, bg, ops}} messages: the first of a run ("new") takes a place in the
// output, the others change that drawing where it is, so a turtle is seen
// moving. What comes is untrusted (any code can write to the display device):
// elements are made with createElementNS, text is textContent, colours must be
// #rrggbb, numbers finite, images data: URLs of PNG or GIF; nothing in a
// message can become markup, script or a request.

const SVG = 'http://www.w3.org/2000/svg';
/** Items one drawing keeps, and coordinates one item has, before the rest is dropped. */
export const MAX_ITEMS = 100_000;
export const MAX_POINTS = 200_000;
const COLOUR = /^#[0-9a-fA-F]{6}$/;
const FAMILY = /^[\w .,'-]{1,80}$/;
const IMAGE = /^data:image\/(png|gif);base64,[A-Za-z0-9+/]*={0,2}$/;
const CAPS = { butt: 'butt', round: 'round', projecting: 'square' };
// Tk's anchor: [text-anchor, dominant-baseline] and the image's offset (fractions of its size).
const ANCHORS = {
  nw: ['start', 'text-before-edge', 0, 0], n: ['middle', 'text-before-edge', 0.5, 0], ne: ['end', 'text-before-edge', 1, 0],
  w: ['start', 'central', 0, 0.5], center: ['middle', 'central', 0.5, 0.5], e: ['end', 'central', 1, 0.5],
  sw: ['start', 'text-after-edge', 0, 1], s: ['middle', 'text-after-edge', 0.5, 1], se: ['end', 'text-after-edge', 1, 1],
};
const TAGS = { line: 'polyline', polygon: 'polygon', rectangle: 'rect', oval: 'ellipse', text: 'text', image: 'image' };

/** The drawings on this page by their id: the latest place each is shown. */
const drawings = new Map();

/** table[key] when it is the table's own entry (a message may name "constructor"), else fallback. */
const own = (table, key, fallback) => (typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : fallback);
const num = (v, fallback = 0) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const colour = (v) => (typeof v === 'string' && COLOUR.test(v) ? v : 'none');

function svgElement(tag, attributes = {}) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, String(value));
  return el;
}

function points(spec) {
  const list = Array.isArray(spec.points) ? spec.points.slice(0, MAX_POINTS) : [];
  return list.map((v) => num(v));
}

/** Sets `el`'s attributes to draw item `spec` (its element's tag is TAGS[spec.type]). */
function drawItem(el, spec) {
  const p = points(spec);
  el.setAttribute('visibility', spec.hidden === true ? 'hidden' : 'visible');
  switch (spec.type) {
    case 'line':
      el.setAttribute('points', p.join(' '));
      el.setAttribute('fill', 'none');
      el.setAttribute('stroke', colour(spec.stroke));
      el.setAttribute('stroke-width', num(spec.width, 1));
      el.setAttribute('stroke-linecap', own(CAPS, spec.cap, 'butt'));
      el.setAttribute('stroke-linejoin', spec.join === 'miter' || spec.join === 'bevel' ? spec.join : 'round');
      break;
    case 'polygon':
      el.setAttribute('points', p.join(' '));
      el.setAttribute('fill-rule', 'evenodd'); // as X11 fills a polygon that crosses itself
      break;
    case 'rectangle':
      el.setAttribute('x', Math.min(p[0], p[2]));
      el.setAttribute('y', Math.min(p[1], p[3]));
      el.setAttribute('width', Math.abs(p[2] - p[0]));
      el.setAttribute('height', Math.abs(p[3] - p[1]));
      break;
    case 'oval':
      el.setAttribute('cx', (p[0] + p[2]) / 2);
      el.setAttribute('cy', (p[1] + p[3]) / 2);
      el.setAttribute('rx', Math.abs(p[2] - p[0]) / 2);
      el.setAttribute('ry', Math.abs(p[3] - p[1]) / 2);
      break;
    case 'text': {
      const [textAnchor, baseline] = own(ANCHORS, spec.anchor, ANCHORS.center);
      el.setAttribute('x', p[0]);
      el.setAttribute('y', p[1]);
      el.setAttribute('text-anchor', textAnchor);
      el.setAttribute('dominant-baseline', baseline);
      el.setAttribute('fill', colour(spec.fill));
      el.setAttribute('font-family', typeof spec.family === 'string' && FAMILY.test(spec.family) ? spec.family : 'sans-serif');
      el.setAttribute('font-size', Math.min(Math.max(num(spec.size, 12), 1), 1000));
      el.setAttribute('font-weight', spec.bold === true ? 'bold' : 'normal');
      el.setAttribute('font-style', spec.italic === true ? 'italic' : 'normal');
      el.setAttribute('white-space', 'pre');
      el.textContent = typeof spec.text === 'string' ? spec.text : '';
      break;
    }
    case 'image': {
      const src = typeof spec.src === 'string' && IMAGE.test(spec.src) ? spec.src : null;
      const [, , fx, fy] = own(ANCHORS, spec.anchor, ANCHORS.center);
      const width = Math.max(num(spec.width), 0);
      const height = Math.max(num(spec.height), 0);
      el.setAttribute('x', p[0] - fx * width);
      el.setAttribute('y', p[1] - fy * height);
      el.setAttribute('width', width);
      el.setAttribute('height', height);
      if (src) el.setAttribute('href', src);
      else el.removeAttribute('href');
      break;
    }
  }
  if (spec.type === 'polygon' || spec.type === 'rectangle' || spec.type === 'oval') {
    el.setAttribute('fill', colour(spec.fill));
    el.setAttribute('stroke', colour(spec.stroke));
    el.setAttribute('stroke-width', num(spec.width, 1));
    el.setAttribute('stroke-linejoin', 'round');
  }
}

/** Applies one message's frame (size, view, background) and ops to `drawing`. */
function apply(drawing, canvas) {
  const { svg, background } = drawing;
  const width = Math.min(Math.max(num(canvas.width, 400), 1), 10_000);
  const height = Math.min(Math.max(num(canvas.height, 400), 1), 10_000);
  const x = num(canvas.x);
  const y = num(canvas.y);
  svg.setAttribute('viewBox', `${x} ${y} ${width} ${height}`);
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
  for (const [name, value] of Object.entries({ x, y, width, height })) background.setAttribute(name, value);
  background.setAttribute('fill', colour(canvas.bg));
  for (const op of Array.isArray(canvas.ops) ? canvas.ops : []) {
    try {
      applyOp(drawing, op);
    } catch {
      // one op the page cannot draw: the others still are
    }
  }
  if (drawing.full && !drawing.note.isConnected) {
    drawing.note.textContent = `[this drawing has more than ${MAX_ITEMS} items: the later ones are not shown]`;
    drawing.box.append(drawing.note);
  }
}

/** One op of a message: ["item", id, spec], ["delete", id], ["raise", id], ["lower", id] or ["clear"]. */
function applyOp(drawing, op) {
  const { group, items } = drawing;
  if (!Array.isArray(op)) return;
  const [kind, id, spec] = op;
  const el = items.get(id);
  if (kind === 'clear') {
    group.replaceChildren();
    items.clear();
  } else if (kind === 'delete') {
    el?.remove();
    items.delete(id);
  } else if (kind === 'raise' && el) {
    group.append(el);
  } else if (kind === 'lower' && el) {
    group.prepend(el);
  } else if (kind === 'item' && spec && typeof spec === 'object' && Object.hasOwn(TAGS, spec.type)) {
    let target = el;
    if (!target || target.localName !== TAGS[spec.type]) {
      if (!target && items.size >= MAX_ITEMS) {
        drawing.full = true;
        return;
      }
      target = svgElement(TAGS[spec.type]);
      if (el) el.replaceWith(target);
      else group.append(target);
      items.set(id, target);
      if (Number.isInteger(id)) drawing.ids.set(target, id);
    }
    drawItem(target, spec);
  }
}

// KeyboardEvent.key -> Tk's keysym, where they differ.
const KEYSYMS = {
  ArrowUp: 'Up', ArrowDown: 'Down', ArrowLeft: 'Left', ArrowRight: 'Right', ' ': 'space', Enter: 'Return',
  Backspace: 'BackSpace', Escape: 'Escape', Tab: 'Tab', Delete: 'Delete', Home: 'Home', End: 'End',
  PageUp: 'Prior', PageDown: 'Next', Shift: 'Shift_L', Control: 'Control_L', Alt: 'Alt_L',
};
// Tk's names of the printable ASCII characters that are not letters or digits.
const CHAR_KEYSYMS = {
  '+': 'plus', '-': 'minus', '*': 'asterisk', '/': 'slash', '.': 'period', ',': 'comma', '=': 'equal',
  '!': 'exclam', '?': 'question', ':': 'colon', ';': 'semicolon', '_': 'underscore', '(': 'parenleft', ')': 'parenright',
};

/** Tk's keysym of a key, or null for keys Tk programs cannot name here. */
function keysym(key) {
  if (Object.hasOwn(KEYSYMS, key)) return KEYSYMS[key];
  if (/^[A-Za-z0-9]$/.test(key) || /^F\d{1,2}$/.test(key)) return key;
  return own(CHAR_KEYSYMS, key, null);
}

/**
 * Sends the reader's clicks, drags and keys on `drawing` to `onEvent` (the
 * session's canvasEvent) in canvas coordinates, with the item under the
 * pointer; Python's tkinter calls what is bound to them. The drawing takes the
 * keyboard focus when clicked, as a Tk window does.
 */
function listen(drawing, id, onEvent) {
  const { svg } = drawing;
  svg.setAttribute('tabindex', '0');
  // As Tk's canvas does, the item pressed stays the "current" one for the drag and
  // the release (turtle's ondrag and onrelease are bound to the turtle's shape),
  // and the pointer is captured, so a release outside the drawing still comes.
  let pressed;
  const pointer = (e, type, press) => {
    const matrix = svg.getScreenCTM();
    if (!matrix) return;
    const { x, y } = new DOMPoint(e.clientX, e.clientY).matrixTransform(matrix.inverse());
    const event = { type, canvas: id, press, x, y, button: type === 'motion' ? 1 : e.button + 1 };
    const item = pressed ?? drawing.ids.get(e.target);
    if (item !== undefined) event.item = item;
    onEvent(event);
  };
  svg.addEventListener('pointerdown', (e) => {
    svg.focus({ preventScroll: true });
    svg.setPointerCapture?.(e.pointerId);
    pressed = drawing.ids.get(e.target);
    pointer(e, 'button', true);
  });
  svg.addEventListener('pointerup', (e) => {
    pointer(e, 'button', false);
    pressed = undefined;
  });
  svg.addEventListener('pointermove', (e) => {
    if (e.buttons & 1) pointer(e, 'motion', true);
  });
  const key = (e, press) => {
    const sym = keysym(e.key);
    if (!sym) return;
    if (sym === 'space' || /^(Up|Down|Left|Right|Prior|Next)$/.test(sym)) e.preventDefault(); // not the page's scrolling
    onEvent({ type: 'key', canvas: id, press, keysym: sym, char: e.key.length === 1 ? e.key : '' });
  };
  svg.addEventListener('keydown', (e) => key(e, true));
  svg.addEventListener('keyup', (e) => key(e, false));
}

/**
 * Draws a canvas's first message of a run into `box` (a display's element);
 * returns the box. `onEvent`: where the reader's clicks and keys on it go.
 */
export function fillCanvas(box, canvas, onEvent) {
  box.classList.add('canvas');
  const svg = svgElement('svg', { role: 'img', 'aria-label': 'Drawing of the program' });
  const background = svgElement('rect');
  const group = svgElement('g');
  svg.append(background, group);
  box.replaceChildren(svg);
  const note = document.createElement('span');
  note.className = 'notice';
  const drawing = { box, svg, background, group, items: new Map(), ids: new WeakMap(), full: false, note };
  for (const [other, { box: shown }] of drawings) if (!shown.isConnected) drawings.delete(other); // earlier runs' drawings, gone from the page
  drawings.set(String(canvas.id), drawing);
  if (onEvent) listen(drawing, String(canvas.id), onEvent);
  apply(drawing, canvas);
  return box;
}

/** Changes the drawing a later message of the same run is for; false if it is not on the page. */
export function updateCanvas(canvas) {
  const drawing = drawings.get(String(canvas.id));
  if (!drawing?.box.isConnected) {
    drawings.delete(String(canvas.id));
    return false;
  }
  apply(drawing, canvas);
  return true;
}

/**
 * The element a new drawing takes in the output, or null when `canvas`
 * changed one already shown. `onEvent`: as for fillCanvas().
 */
export function drawCanvas(canvas, onEvent) {
  if (canvas.new) {
    const box = document.createElement('div');
    box.className = 'display';
    return fillCanvas(box, canvas, onEvent);
  }
  updateCanvas(canvas);
  return null;
}
