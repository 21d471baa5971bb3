"""wasipy's tkinter: the part of Tk that turtle graphics draws with, drawn in the page.

WebAssembly has no windows, so CPython's _tkinter cannot exist here. CPython's
own turtle.py runs unchanged on this stand-in: Tk (with after() timers and
mainloop()), Frame, Scrollbar, Canvas (tkinter/_canvas.py) and PhotoImage.
A canvas is a live drawing in the run's output: update() sends the page what
changed since the last one (crate/display.py's device; the page draws it as
SVG, web/ui/canvas-output.js). The reader's clicks, drags and keys on a
drawing come back through EVENTS (web/lib/canvas-events.js) where the page
can deliver them during a run (JSPI), to the functions bound to them, in
mainloop() and update() as in Tk.

Other widgets (Label, Button, ...) do not exist here: naming one says so.
Where there is no page (the command line), Tk() raises TclError, as tkinter
does on a machine without a display.
"""

import heapq
import itertools
import os
import re
import sys
import time
import weakref

import _wasipy_display
from tkinter.constants import *  # noqa: F403 (tkinter's own namespace has them too)

TkVersion = 8.6
TclVersion = 8.6
wantobjects = 1
READABLE = 2
WRITABLE = 4
EXCEPTION = 8

_default_root = None
_support_default_root = True
_roots = weakref.WeakSet()  # the Tk() windows not destroyed (a window nothing refers to is gone)
# At most this many messages a second go to the page: a loop without delay
# draws as fast as it can, and the page gets one message a frame with all it did.
FRAME_SECONDS = 1 / 60
# The page's clicks and keys (only where they can arrive during a run), and
# how often mainloop() looks for them while it waits.
EVENTS = "/.wasipy/canvas-events"
POLL_SECONDS = 0.02


class TclError(Exception):
    pass


def NoDefaultRoot():
    global _support_default_root, _default_root
    _support_default_root = False
    _default_root = None


def _get_default_root(what=None):
    if not _support_default_root:
        raise RuntimeError("No master specified and tkinter is configured to not support default root")
    if _default_root is None:
        if what:
            raise RuntimeError(f"Too early to {what}: no default root window")
        Tk()
    return _default_root


def _rgb(color):
    """Tk's 16-bit (r, g, b) of a colour name or #hex, or TclError as Tk says it."""
    if isinstance(color, str):
        text = color.strip()
        if text.startswith("#"):
            digits = text[1:]
            if len(digits) in (3, 6, 9, 12) and all(c in "0123456789abcdefABCDEF" for c in digits):
                n = len(digits) // 3
                # X11's rule: fewer than 4 digits are the most significant bits.
                return tuple(int(digits[i * n:(i + 1) * n], 16) << (16 - 4 * n) for i in range(3))
        else:
            from tkinter._colors import NAMES

            found = NAMES.get(text.lower())
            if found:
                return tuple(int(found[i:i + 2], 16) * 257 for i in (0, 2, 4))
    raise TclError(f'unknown color name "{color}"')


def _hex(color):
    """A Tk colour as the page's #rrggbb; None for "" (Tk's "transparent")."""
    if color in ("", None):
        return None
    return "#%02x%02x%02x" % tuple(v >> 8 for v in _rgb(color))


class Event:
    """What a bound function gets: tkinter.Event's fields that programs read."""

    def __init__(self, **fields):
        self.x = self.y = self.x_root = self.y_root = 0
        self.num = self.delta = self.state = 0
        self.keysym = self.char = ""
        self.keycode = 0
        self.__dict__.update(fields)

    def __repr__(self):
        return f"<{self.type} event x={self.x} y={self.y} num={self.num} keysym={self.keysym!r}>"


# Tk's events that are not keys, though their names look like keysyms.
_NOT_KEYS = {"Configure", "Enter", "Leave", "Motion", "FocusIn", "FocusOut", "Destroy", "Map", "Unmap", "Expose", "MouseWheel", "Visibility", "Activate", "Deactivate", "Button", "ButtonPress", "ButtonRelease", "KeyRelease"}


def _sequence(sequence):
    """Tk's spellings of one event as one name: <1> and <ButtonPress-1> are
    <Button-1>, turtle's <Button1-ButtonRelease> is <ButtonRelease-1>,
    <Button1-Motion> is <B1-Motion>, <Key-a>, <a> and <Up> are <KeyPress-...>."""
    name = str(sequence).strip("<>")
    if name in _NOT_KEYS:
        return f"<{name}>"
    if m := re.fullmatch(r"(?:Button|ButtonPress)?-?([1-5])", name):
        return f"<Button-{m[1]}>"
    if m := re.fullmatch(r"Button([1-5])-ButtonRelease|ButtonRelease-([1-5])", name):
        return f"<ButtonRelease-{m[1] or m[2]}>"
    if m := re.fullmatch(r"(?:Button|B)([1-5])-Motion", name):
        return f"<B{m[1]}-Motion>"
    if name in ("Key", "KeyPress"):
        return "<KeyPress>"
    if m := re.fullmatch(r"(?:Key-|KeyPress-)?(\w+)", name):
        return f"<KeyPress-{m[1]}>"
    return f"<{name}>"


def _call_bound(root, functions, event):
    for func in list(functions):
        try:
            func(event)
        except Exception:
            root.report_callback_exception(*sys.exc_info())


class _Timers:
    """Tk's after() queue: callbacks in order of when they are due."""

    def __init__(self):
        self.queue = []  # (due, seq, id)
        self.calls = {}  # id -> (func, args)
        self.seq = itertools.count(1)

    def add(self, ms, func, args):
        n = next(self.seq)
        ident = f"after#{n}"
        heapq.heappush(self.queue, (time.monotonic() + max(ms, 0) / 1000, n, ident))
        self.calls[ident] = (func, args)
        return ident

    def cancel(self, ident):
        self.calls.pop(ident, None)

    def next_due(self):
        while self.queue and self.queue[0][2] not in self.calls:
            heapq.heappop(self.queue)
        return self.queue[0][0] if self.queue else None

    def run_due(self, root):
        """Calls what is due now; an exception is reported as Tk does and the loop goes on."""
        now = time.monotonic()
        while (due := self.next_due()) is not None and due <= now:
            _, _, ident = heapq.heappop(self.queue)
            func, args = self.calls.pop(ident)
            try:
                func(*args)
            except Exception:
                root.report_callback_exception(*sys.exc_info())


class Misc:
    """What every widget answers: options, geometry, timers, bindings (kept, never fired)."""

    _defaults = {}

    def _setup(self, master, cnf, kw):
        if master is None:
            master = _get_default_root()
        self.master = master
        self.tk = master.tk
        self.children = {}
        self._options = dict(self._defaults)
        self._options.update(cnf or {})
        self._options.update(kw)
        self._bindings = {}

    def _root(self):
        widget = self
        while widget.master is not None:
            widget = widget.master
        return widget

    def configure(self, cnf=None, **kw):
        if isinstance(cnf, str):
            return (cnf, self._options.get(cnf, ""))
        self._options.update(cnf or {})
        self._options.update(kw)

    config = configure

    def cget(self, key):
        return self._options.get(key, "")

    __getitem__ = cget

    def __setitem__(self, key, value):
        self.configure({key: value})

    def keys(self):
        return list(self._options)

    # geometry managers: the page shows canvases, not layouts
    def pack(self, cnf={}, **kw):
        pass

    pack_configure = pack

    def grid(self, cnf={}, **kw):
        pass

    grid_configure = grid

    def place(self, cnf={}, **kw):
        pass

    def pack_forget(self):
        pass

    def grid_forget(self):
        pass

    def rowconfigure(self, index, cnf={}, **kw):
        pass

    def columnconfigure(self, index, cnf={}, **kw):
        pass

    grid_rowconfigure = rowconfigure
    grid_columnconfigure = columnconfigure

    def winfo_toplevel(self):
        return self._root()

    def winfo_screenwidth(self):
        return self._root().screen[0]

    def winfo_screenheight(self):
        return self._root().screen[1]

    def winfo_width(self):
        return (self._root().size or (1, 1))[0]

    def winfo_height(self):
        return (self._root().size or (1, 1))[1]

    def winfo_reqwidth(self):
        return self.winfo_width()

    def winfo_reqheight(self):
        return self.winfo_height()

    def winfo_rgb(self, color):
        return _rgb(color)

    def winfo_exists(self):
        return int(not self._root().destroyed)

    def winfo_ismapped(self):
        return self.winfo_exists()

    def bind(self, sequence=None, func=None, add=None):
        """Keeps `func` for the event `sequence` (add: beside those bound before)."""
        if sequence is None:
            return list(self._bindings)
        if func is None:
            return ""
        functions = self._bindings.setdefault(_sequence(sequence), []) if add else []
        functions.append(func)
        self._bindings[_sequence(sequence)] = functions
        return f"{id(func)}{getattr(func, '__name__', '')}"

    def unbind(self, sequence, funcid=None):
        self._bindings.pop(_sequence(sequence), None)

    bind_all = bind

    def unbind_all(self, sequence):
        self.unbind(sequence)

    def focus_set(self):
        pass

    focus = focus_force = focus_set

    def after(self, ms, func=None, *args):
        """With a function: calls it `ms` milliseconds later (in mainloop() or update()).
        Without: shows what was drawn, then sleeps `ms` milliseconds, as Tk does."""
        root = self._root()
        if func is None:
            # A pause of a frame or more shows what was drawn; shorter ones
            # (turtle's delay(0)) only when a frame's time has passed.
            root.show(force=int(ms) / 1000 >= FRAME_SECONDS)
            time.sleep(max(int(ms), 0) / 1000)
            root.show(force=False)  # a step held back above goes now, if a frame has passed
            return None
        return root.timers.add(int(ms), func, args)

    def after_idle(self, func, *args):
        return self._root().timers.add(0, func, args)

    def after_cancel(self, ident):
        self._root().timers.cancel(ident)

    def update_idletasks(self):
        self._root().show(force=True)

    def update(self):
        root = self._root()
        root.show(force=False)
        root.handle_events()
        root.timers.run_due(root)

    def mainloop(self, n=0):
        self._root().mainloop(n)

    def quit(self):
        self._root().quitting = True

    def destroy(self):
        for child in list(self.children.values()):
            child.destroy()

    def report_callback_exception(self, exc, val, tb):
        import traceback

        print("Exception in Tkinter callback", file=sys.stderr)
        traceback.print_exception(exc, val, tb)

    def register(self, func, subst=None, needcleanup=1):
        return f"{id(func)}{getattr(func, '__name__', '')}"

    _register = register

    def __str__(self):
        return f".!{type(self).__name__.lower()}{id(self)}"


class Tk(Misc):
    """The root window: where there is a page, a place for canvases in the output."""

    screen = (800, 534)  # turtle's default window (50 % x 75 %) is then 400 x 400

    def __init__(self, screenName=None, baseName=None, className="Tk", useTk=True, sync=False, use=None):
        global _default_root
        if not _wasipy_display.has_page():
            raise TclError(
                "no display: wasipy draws Tk windows (turtle graphics) in a browser page, "
                "the playground or a docs snippet; the command line has no screen to draw on"
            )
        self.master = None
        self.tk = self
        self.children = {}
        self._options = {}
        self._bindings = {}
        self.timers = _Timers()
        self.canvases = []
        self.size = None  # (width, height) once geometry() set it
        self.destroyed = False
        self.quitting = False
        self._title = className
        _roots.add(self)
        if _support_default_root and _default_root is None:
            _default_root = self

    def title(self, string=None):
        if string is None:
            return self._title
        self._title = str(string)

    wm_title = title

    def geometry(self, newGeometry=None):
        if newGeometry is None:
            return "%dx%d+0+0" % (self.size or (1, 1))
        size = str(newGeometry).split("+")[0].split("-")[0]
        if "x" in size:
            width, height = size.split("x")
            self.size = (max(int(float(width)), 1), max(int(float(height)), 1))

    wm_geometry = geometry

    def protocol(self, name=None, func=None):
        pass

    wm_protocol = protocol

    def resizable(self, width=None, height=None):
        pass

    def show(self, force):
        """Sends each canvas's changes to the page (at most one frame's worth unless forced)."""
        for canvas in self.canvases:
            canvas._send(force)

    def mainloop(self, n=0):
        """Runs the after() callbacks and the functions bound to the reader's
        clicks and keys, as Tk's loop does, until the window is destroyed
        (turtle's bye()) or quit(). It returns when nothing is left that could
        call one: no timer, and no binding where the page's events can come
        (then Stop ends it, as closing the window does)."""
        self.quitting = False
        while not self.destroyed and not self.quitting:
            self.show(force=True)
            self.handle_events()
            due = self.timers.next_due()
            listening = self.listening()
            if due is None and not listening:
                break
            wait = due - time.monotonic() if due is not None else POLL_SECONDS
            if listening:
                wait = min(wait, POLL_SECONDS)
            if wait > 0:
                time.sleep(wait)
            self.timers.run_due(self)
        if not self.destroyed:
            self.show(force=True)

    def listening(self):
        """Whether a click or key could call something: a drawing has a binding and the page sends events."""
        return any(canvas._listening() for canvas in self.canvases) and os.path.exists(EVENTS)

    def handle_events(self):
        """Calls what is bound to the clicks and keys the page sent since the last look."""
        if not self.canvases or not os.path.exists(EVENTS):
            return
        import json

        with open(EVENTS, "rb") as f:
            lines = f.read().splitlines()
        for line in lines:
            if self.destroyed:  # a handler closed the window (turtle's bye())
                return
            event = json.loads(line)
            for canvas in list(self.canvases):
                if canvas._page_id == event.get("canvas"):
                    canvas._handle(event)

    def destroy(self):
        global _default_root
        if self.destroyed:
            return
        try:
            self.show(force=True)  # what was drawn stays in the output
        finally:
            Misc.destroy(self)
            self.destroyed = True
            _roots.discard(self)
            if _default_root is self:
                _default_root = None


class Widget(Misc):
    def __init__(self, master=None, cnf={}, **kw):
        self._setup(master, cnf, kw)
        self.master.children[str(id(self))] = self


class Frame(Widget):
    pass


class Toplevel(Widget):
    def title(self, string=None):
        pass


class Scrollbar(Widget):
    def set(self, first, last):
        pass

    def get(self):
        return (0.0, 1.0)


class PhotoImage:
    """A GIF or PNG image (from file= or data=), drawn by Canvas.create_image."""

    _names = itertools.count(1)

    def __init__(self, name=None, cnf={}, master=None, **kw):
        options = dict(cnf, **kw)
        self.name = name or f"pyimage{next(self._names)}"
        self.data = None
        self._size = (int(options.get("width", 0) or 0), int(options.get("height", 0) or 0))
        if options.get("file") is not None:
            with open(options["file"], "rb") as f:
                self._load(f.read())
        elif options.get("data") is not None:
            data = options["data"]
            if isinstance(data, str):
                import base64

                data = base64.b64decode(data)
            self._load(bytes(data))

    def _load(self, data):
        if data[:6] in (b"GIF87a", b"GIF89a"):
            self.mime, self._size = "image/gif", (int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little"))
        elif data[:8] == b"\x89PNG\r\n\x1a\n":
            self.mime, self._size = "image/png", (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big"))
        else:
            raise TclError("couldn't recognize image data (wasipy's PhotoImage reads GIF and PNG)")
        self.data = data

    def data_url(self):
        if self.data is None:
            return None
        import base64

        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"

    def blank(self):
        self.data = None

    def width(self):
        return self._size[0]

    def height(self):
        return self._size[1]

    def __str__(self):
        return self.name


def mainloop(n=0):
    _get_default_root("run the main loop").mainloop(n)


def _end_of_run():
    """What a run drew is in its output when it ends (a loop stopped, tracer(0)
    without update(), an exception), as a Tk window would still show it. Its
    timers and event handlers end with it, as a window's loop ends when it is
    closed: a later run's mainloop() waits only for what that run set up."""
    for root in list(_roots):
        try:
            root.show(force=True)
        except Exception:
            import traceback

            traceback.print_exc()
        root.timers = _Timers()
        for canvas in root.canvases:
            canvas._bindings.clear()
            canvas._tag_bindings.clear()


_wasipy_display.on_run_end(_end_of_run)


def __getattr__(name):
    if name[:1].isupper():
        raise AttributeError(
            f"module 'tkinter' has no attribute {name!r}: wasipy's tkinter is a stand-in "
            "that draws turtle graphics in the page (Tk, Canvas, PhotoImage); "
            "other Tk widgets need a windowing system, which WebAssembly does not have"
        )
    raise AttributeError(f"module 'tkinter' has no attribute {name!r}")


from tkinter._canvas import Canvas  # noqa: E402 (it builds on Widget above)
