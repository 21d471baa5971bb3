"""Tk's Canvas, kept as items in Python and drawn by the page.

The items (lines, polygons, rectangles, ovals, text, images) and their
options behave as Tk's do for what turtle.py and simple Tk programs ask of
them (coords, itemconfigure, itemcget, delete, tag_raise, bbox, find_all).
send() gives the page one message per frame through the display device:
{"canvas": {"id", "new"?, "width", "height", "x", "y", "bg", "ops"}}, where
ops are ["item", id, what to draw] (created or changed), ["delete", id],
["raise", id], ["lower", id] and ["clear"]; web/ui/canvas-output.js draws
them. A canvas is shown again (with all its items) in a later run only when
that run changes it.
"""

import os
import time

import _wasipy_display
import tkinter

_OPTIONS = {
    "line": {"fill": "black", "width": "1.0", "capstyle": "butt", "joinstyle": "round", "arrow": "none", "dash": "", "smooth": "0"},
    "polygon": {"fill": "black", "outline": "", "width": "1.0", "joinstyle": "round", "dash": "", "smooth": "0"},
    "rectangle": {"fill": "", "outline": "black", "width": "1.0", "dash": ""},
    "oval": {"fill": "", "outline": "black", "width": "1.0", "dash": ""},
    "text": {"fill": "black", "text": "", "anchor": "center", "font": "TkDefaultFont", "justify": "left", "angle": "0.0"},
    "image": {"image": "", "anchor": "center"},
}
_COMMON = {"tags": "", "state": ""}
_COLOUR_OPTIONS = {"fill", "outline"}
# (x, y) of the anchor point within a w x h box whose top left is (0, 0).
_ANCHORS = {"nw": (0, 0), "n": (0.5, 0), "ne": (1, 0), "w": (0, 0.5), "center": (0.5, 0.5), "e": (1, 0.5), "sw": (0, 1), "s": (0.5, 1), "se": (1, 1)}


def _flat(args):
    """Tk's coordinate lists: numbers, or pairs, or one list of either."""
    out = []
    for arg in args:
        if isinstance(arg, (list, tuple)):
            out.extend(_flat(arg))
        else:
            try:
                out.append(float(arg))
            except (TypeError, ValueError):
                raise tkinter.TclError(f'expected floating-point number but got "{arg}"') from None
    return out


def _distance(value):
    """A size in pixels; Tk's other units (10c, 2i) are not taken here."""
    try:
        return float(value)
    except (TypeError, ValueError):
        raise tkinter.TclError(f'bad screen distance "{value}" (wasipy\'s canvas takes pixels)') from None


def _font(font):
    """(family, pixels, bold, italic) of a Tk font description."""
    family, size, styles = "Helvetica", 9, ()
    if isinstance(font, (tuple, list)) and font:
        family = str(font[0])
        size = int(font[1]) if len(font) > 1 else size
        styles = [str(s) for s in font[2:]]
    elif isinstance(font, str) and font and not font.startswith("Tk"):
        parts = font.split()
        family = parts[0].strip("{}")
        if len(parts) > 1 and parts[1].lstrip("-").isdigit():
            size = int(parts[1])
        styles = parts[2:]
    styles = " ".join(styles).split()
    # Tk: a positive size is points, a negative one pixels; the page has 96 px a 72 pt inch.
    pixels = -size if size < 0 else size * 4 / 3
    return family, pixels, "bold" in styles, "italic" in styles


class _Item:
    __slots__ = ("id", "type", "coords", "options")

    def __init__(self, ident, kind, coords, options):
        self.id, self.type, self.coords, self.options = ident, kind, coords, options


class Canvas(tkinter.Widget):
    _defaults = {"width": "378", "height": "265", "bg": "#d9d9d9", "scrollregion": ""}

    def __init__(self, master=None, cnf={}, **kw):
        options = dict(cnf, **kw)
        for key in ("width", "height"):
            if key in options:
                _distance(options[key])
        super().__init__(master, {}, **{k: v for k, v in options.items() if k not in ("bg", "background")})
        self.configure(bg=options.get("bg", options.get("background")))
        self._items = {}
        self._order = []
        self._next_id = 1
        self._tag_bindings = {}
        self._page_id = os.urandom(6).hex()
        self._pending = []  # ("item" | "delete" | "raise" | "lower", id) or ("clear",)
        self._pending_items = set()
        self._shown_in_run = None
        self._sent_frame = None
        self._sent_at = 0.0
        self._root().canvases.append(self)

    # --- options -------------------------------------------------------------
    def configure(self, cnf=None, **kw):
        if isinstance(cnf, str):
            return super().configure(cnf)
        options = dict(cnf or {}, **kw)
        if "background" in options:
            options["bg"] = options.pop("background")
        if options.get("bg") in (None, ""):
            options.pop("bg", None)  # tkinter leaves out None (turtle's reset passes bg=None)
        else:
            tkinter._rgb(options["bg"])  # an unknown colour is Tk's TclError
        super().configure(options)

    config = configure

    def cget(self, key):
        return super().cget("bg" if key == "background" else key)

    __getitem__ = cget

    def winfo_width(self):
        return self._size()[0]

    def winfo_height(self):
        return self._size()[1]

    def _size(self):
        """The visible size: the window's when geometry() set it (the canvas fills it), else its own."""
        size = self._root().size
        if size is not None:
            return size
        return (int(float(self.cget("width"))), int(float(self.cget("height"))))

    # --- items ---------------------------------------------------------------
    def _create(self, kind, args, kw):
        coords = _flat(args)
        needed = {"line": 4, "polygon": 6, "rectangle": 4, "oval": 4, "text": 2, "image": 2}[kind]
        if len(coords) < needed or len(coords) % 2:
            raise tkinter.TclError(f"wrong # coordinates: expected {'at least ' if kind in ('line', 'polygon') else ''}{needed}, got {len(coords)}")
        if kind in ("rectangle", "oval", "text", "image") and len(coords) != needed:
            raise tkinter.TclError(f"wrong # coordinates: expected {needed}, got {len(coords)}")
        options = dict(_OPTIONS[kind], **_COMMON)
        ident = self._next_id
        self._next_id += 1
        item = _Item(ident, kind, coords, options)
        self._items[ident] = item
        self._order.append(ident)
        self._set_options(item, kw)
        self._changed(ident)
        return ident

    def create_line(self, *args, **kw):
        return self._create("line", args, kw)

    def create_polygon(self, *args, **kw):
        return self._create("polygon", args, kw)

    def create_rectangle(self, *args, **kw):
        return self._create("rectangle", args, kw)

    def create_oval(self, *args, **kw):
        return self._create("oval", args, kw)

    def create_text(self, *args, **kw):
        return self._create("text", args, kw)

    def create_image(self, *args, **kw):
        return self._create("image", args, kw)

    def _set_options(self, item, kw):
        for key, value in kw.items():
            if key not in item.options:
                raise tkinter.TclError(f'unknown option "-{key}"')
            if key in _COLOUR_OPTIONS and value not in ("", None):
                tkinter._rgb(value)
            if key == "anchor" and value not in _ANCHORS:
                raise tkinter.TclError(f'bad anchor position "{value}": must be n, ne, e, se, s, sw, w, nw, or center')
            if key == "width":
                value = str(float(value))
            if key == "tags":
                value = " ".join(value) if isinstance(value, (list, tuple)) else str(value)
            item.options[key] = value if key == "image" else ("" if value is None else value)

    def _find(self, tag_or_id):
        """The ids that `tag_or_id` names, in display order."""
        if isinstance(tag_or_id, int) or (isinstance(tag_or_id, str) and tag_or_id.isdigit()):
            ident = int(tag_or_id)
            return [ident] if ident in self._items else []
        if tag_or_id == "all":
            return list(self._order)
        return [i for i in self._order if str(tag_or_id) in str(self._items[i].options["tags"]).split()]

    def find_all(self):
        return tuple(self._order)

    def find_withtag(self, tag_or_id):
        return tuple(self._find(tag_or_id))

    def type(self, tag_or_id):
        found = self._find(tag_or_id)
        return self._items[found[0]].type if found else None

    def coords(self, tag_or_id, *args):
        found = self._find(tag_or_id)
        if not args:
            return list(self._items[found[0]].coords) if found else []
        coords = _flat(args)
        for ident in found[:1]:
            self._items[ident].coords = coords
            self._changed(ident)

    def itemconfigure(self, tag_or_id, cnf=None, **kw):
        options = dict(cnf or {}, **kw)
        for ident in self._find(tag_or_id):
            self._set_options(self._items[ident], options)
            self._changed(ident)

    itemconfig = itemconfigure

    def itemcget(self, tag_or_id, option):
        found = self._find(tag_or_id)
        if not found:
            return ""
        item = self._items[found[0]]
        if option not in item.options:
            raise tkinter.TclError(f'unknown option "-{option}"')
        value = item.options[option]
        return str(value) if option == "image" and value != "" else value

    def move(self, tag_or_id, dx, dy):
        for ident in self._find(tag_or_id):
            item = self._items[ident]
            item.coords = [c + (dx if n % 2 == 0 else dy) for n, c in enumerate(item.coords)]
            self._changed(ident)

    def delete(self, *tags):
        for tag in tags:
            if tag == "all":
                self._items.clear()
                self._order.clear()
                self._pending = [("clear",)]
                self._pending_items.clear()
                continue
            for ident in self._find(tag):
                del self._items[ident]
                self._order.remove(ident)
                self._pending.append(("delete", ident))
                self._pending_items.discard(ident)

    def tag_raise(self, tag_or_id, above=None):
        for ident in self._find(tag_or_id):
            if self._order[-1] != ident:
                self._order.remove(ident)
                self._order.append(ident)
                self._pending.append(("raise", ident))

    lift = tkraise = tag_raise

    def tag_lower(self, tag_or_id, below=None):
        for ident in reversed(self._find(tag_or_id)):
            if self._order[0] != ident:
                self._order.remove(ident)
                self._order.insert(0, ident)
                self._pending.append(("lower", ident))

    lower = tag_lower

    def bbox(self, *tags):
        """The items' bounding box (x1, y1, x2, y2), or None. Text is measured
        as an average character, not the page's font: close, not exact."""
        boxes = []
        for tag in tags:
            for ident in self._find(tag):
                boxes.append(self._box(self._items[ident]))
        if not boxes:
            return None
        return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))

    def _box(self, item):
        if item.type == "text":
            _, pixels, bold, _ = _font(item.options["font"])
            lines = str(item.options["text"]).split("\n")
            width = max(len(line) for line in lines) * pixels * (0.6 if bold else 0.55)
            height = len(lines) * pixels * 1.2
            return self._anchored(item, width, height)
        if item.type == "image":
            image = item.options["image"]
            width, height = (image.width(), image.height()) if isinstance(image, tkinter.PhotoImage) else (0, 0)
            return self._anchored(item, width, height)
        xs, ys = item.coords[0::2], item.coords[1::2]
        pad = float(item.options.get("width", 1)) / 2 + 1
        return (int(min(xs) - pad), int(min(ys) - pad), int(max(xs) + pad + 1), int(max(ys) + pad + 1))

    def _anchored(self, item, width, height):
        fx, fy = _ANCHORS.get(item.options["anchor"], (0.5, 0.5))
        x0, y0 = item.coords[0] - fx * width, item.coords[1] - fy * height
        return (int(x0), int(y0), int(x0 + width + 1), int(y0 + height + 1))

    def canvasx(self, screenx, gridspacing=None):
        return float(screenx) + self._view()[0]

    def canvasy(self, screeny, gridspacing=None):
        return float(screeny) + self._view()[1]

    def tag_bind(self, tag_or_id, sequence=None, func=None, add=None):
        if func is not None:
            key = (str(tag_or_id), tkinter._sequence(sequence))
            functions = self._tag_bindings.get(key, []) if add else []
            self._tag_bindings[key] = functions + [func]
        return ""

    def tag_unbind(self, tag_or_id, sequence, funcid=None):
        self._tag_bindings.pop((str(tag_or_id), tkinter._sequence(sequence)), None)

    # --- the reader's clicks and keys (tkinter.Tk.handle_events) ---------------
    def _listening(self):
        return any(self._bindings.values()) or any(self._tag_bindings.values())

    def _handle(self, event):
        """Calls what is bound to one event from the page: the clicked item's
        bindings (its id's and its tags'), then the canvas's, as Tk does."""
        root = self._root()
        if event["type"] == "key":
            kind = "KeyPress" if event["press"] else "KeyRelease"
            sequences = [f"<{kind}-{event['keysym']}>", f"<{kind}>"]
            fields = {"keysym": event["keysym"], "char": event.get("char", "")}
            item = None
        else:
            n = event["button"]
            if event["type"] == "motion":
                sequences = [f"<B{n}-Motion>"]
            else:
                sequences = [f"<Button-{n}>"] if event["press"] else [f"<ButtonRelease-{n}>"]
            vx, vy = self._view()
            # Tk's event.x, event.y are window coordinates: canvasx() adds the view's corner back.
            fields = {"x": int(round(event["x"] - vx)), "y": int(round(event["y"] - vy)), "num": n}
            item = event.get("item") if event.get("item") in self._items else None
        tk_event = tkinter.Event(widget=self, type=sequences[0].strip("<>"), **fields)
        # For each binding tag, only its most specific binding runs (<KeyPress-Up>, not also <KeyPress>), as in Tk.
        tables = []
        if item is not None:
            names = ["all"] + str(self._items[item].options["tags"]).split() + [str(item)]
            tables += [{s: self._tag_bindings.get((name, s)) for s in sequences} for name in names]
        tables.append({s: self._bindings.get(s) for s in sequences})
        for table in tables:
            functions = next((f for f in table.values() if f), None)
            if functions:
                tkinter._call_bound(root, functions, tk_event)

    # scrolling: the page shows the scroll region's middle, as turtle sets it up
    def xview(self, *args):
        return (0.0, 1.0)

    yview = xview

    def xview_moveto(self, fraction):
        pass

    yview_moveto = xview_moveto

    def _view(self):
        """The top left corner of what the page shows, in canvas coordinates."""
        width, height = self._size()
        region = self.cget("scrollregion")
        if region:
            x1, y1, x2, y2 = _flat([region] if isinstance(region, (tuple, list)) else [str(region).split()])
            return ((x1 + x2 - width) / 2, (y1 + y2 - height) / 2)
        return (0.0, 0.0)

    # --- the page --------------------------------------------------------------
    def _changed(self, ident):
        if ident not in self._pending_items:
            self._pending_items.add(ident)
            self._pending.append(("item", ident))

    def _spec(self, item):
        """What the page draws for `item`: coordinates, #rrggbb colours (None: none)."""
        o = item.options
        spec = {"type": item.type, "points": [round(c, 2) + 0.0 for c in item.coords]}  # + 0.0: no -0.0
        if o.get("state") == "hidden":
            spec["hidden"] = True
        if item.type == "line":
            spec.update(stroke=tkinter._hex(o["fill"]), width=float(o["width"]), cap=o["capstyle"], join=o["joinstyle"])
        elif item.type in ("polygon", "rectangle", "oval"):
            spec.update(fill=tkinter._hex(o["fill"]), stroke=tkinter._hex(o["outline"]), width=float(o["width"]))
        elif item.type == "text":
            family, pixels, bold, italic = _font(o["font"])
            spec.update(text=str(o["text"]), fill=tkinter._hex(o["fill"]), anchor=o["anchor"], family=family, size=round(pixels, 2), bold=bold, italic=italic)
        elif item.type == "image":
            image = o["image"]
            spec.update(anchor=o["anchor"])
            if isinstance(image, tkinter.PhotoImage) and image.data is not None:
                spec.update(src=image.data_url(), width=image.width(), height=image.height())
        return spec

    def _send(self, force):
        """One message with what changed; the first of a run shows the whole canvas."""
        run = _wasipy_display.run_number
        new = self._shown_in_run != run
        width, height = self._size()
        if width < 2 or height < 2:
            return  # turtle's canvas before setup() gives its window a size
        x, y = self._view()
        frame = {"width": width, "height": height, "x": round(x, 2), "y": round(y, 2), "bg": tkinter._hex(self.cget("bg")) or "#ffffff"}
        if not self._pending and frame == self._sent_frame:
            return  # nothing changed (in a later run: the drawing is not shown again)
        now = time.monotonic()
        if not force and not new and now - self._sent_at < tkinter.FRAME_SECONDS:
            return
        if new:
            ops = [["clear"]] + [["item", i, self._spec(self._items[i])] for i in self._order]
        else:
            ops = []
            for op in self._pending:
                if op[0] == "item":
                    if op[1] in self._items:
                        ops.append(["item", op[1], self._spec(self._items[op[1]])])
                else:
                    ops.append(list(op))
        self._pending = []
        self._pending_items = set()
        self._shown_in_run, self._sent_frame, self._sent_at = run, frame, now
        message = {"id": self._page_id, **frame, "ops": ops}
        if new:
            message["new"] = True
        _wasipy_display.publish({"canvas": message})

    def destroy(self):
        self._send(force=True)
        canvases = self._root().canvases
        if self in canvases:
            canvases.remove(self)
        super().destroy()

    def create_arc(self, *args, **kw):
        raise tkinter.TclError("wasipy's canvas draws lines, polygons, rectangles, ovals, text and images; not arcs")

    create_bitmap = create_window = create_arc
