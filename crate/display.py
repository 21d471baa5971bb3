"""Rich output: display() and the objects IPython.display users know.

`display(obj)` shows `obj` the way Jupyter does: through its
`_repr_mimebundle_`, or its `_repr_html_`, `_repr_svg_`, `_repr_png_`,
`_repr_jpeg_`, `_repr_markdown_`, `_repr_json_`, `_repr_latex_` methods, with
`repr()` as the text every host can show. A host that renders pictures (a
page: web/lib/display-device.js) opens DEVICE, and each display goes there as
one line of JSON, in order with what was printed before it; anywhere else (the
command line) the text is printed, as IPython does in a terminal.

Installed at start as the module `_wasipy_display`, with `display` a builtin;
`wasipy` re-exports the public names (`from wasipy import display, HTML`).
"""

import builtins
import os
import sys

# base64 and json are imported where they are used: every start (the command
# line's too) installs this module, and most runs never display anything.

DEVICE = "/.wasipy/display"
# Jupyter's names for the representations, and the method that gives each.
REPR_METHODS = {
    "text/html": "_repr_html_",
    "image/svg+xml": "_repr_svg_",
    "image/png": "_repr_png_",
    "image/jpeg": "_repr_jpeg_",
    "image/gif": "_repr_gif_",
    "text/markdown": "_repr_markdown_",
    "application/json": "_repr_json_",
    "text/latex": "_repr_latex_",
}
BINARY = {"image/png", "image/jpeg", "image/gif"}
# What an image file's first bytes say it is.
MAGIC = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg", b"GIF87a": "image/gif", b"GIF89a": "image/gif"}

__all__ = ["display", "clear_output", "HTML", "SVG", "Image", "Markdown", "JSON", "Latex"]


def _data(value):
    """Text stays text; image bytes become base64 text, as in Jupyter's bundles."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        import base64

        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _answers_everything(obj):
    """An object whose __getattr__ makes up any name (a mock, a proxy) has no
    real _repr_*_ methods: IPython asks for a name nothing defines to tell."""
    try:
        return getattr(obj, "_wasipy_canary_method_should_not_exist_", None) is not None
    except Exception:
        return True


def _formatter_failed(mime, obj):
    """A representation method that raised: its traceback on stderr, as IPython
    prints it, and the object shown without that representation."""
    import traceback

    print(f"wasipy: the {mime} representation of {type(obj).__name__} failed:", file=sys.stderr)
    traceback.print_exc()


def _valid(mime, value, obj):
    """Whether `value` can be `mime`'s data (text, or bytes for images); IPython's
    FormatterWarning on stderr when it cannot."""
    if isinstance(value, str) or (mime in BINARY and isinstance(value, (bytes, bytearray, memoryview))):
        return True
    if mime == "application/json" and isinstance(value, (dict, list)):
        return True
    expected = "bytes or str" if mime in BINARY else "str"
    print(f"FormatterWarning: {mime} formatter returned invalid type {type(value)} (expected {expected}) for object: {_safe_repr(obj)}", file=sys.stderr)
    return False


def _safe_repr(obj):
    try:
        return repr(obj)
    except Exception as exc:
        return f"<{type(obj).__name__} object (repr failed: {type(exc).__name__})>"


def mimebundle(obj):
    """{mime type: data} for `obj`: what its methods give, and always text/plain.
    A method that raises or returns the wrong type is left out (said on stderr)."""
    bundle = {}
    if isinstance(obj, type) or _answers_everything(obj):
        return {"text/plain": _safe_repr(obj)}
    method = getattr(obj, "_repr_mimebundle_", None)
    if callable(method):
        try:
            given = method(include=None, exclude=None)
        except Exception:
            _formatter_failed("mimebundle", obj)
            given = None
        if isinstance(given, tuple):
            given = given[0]
        for mime, value in (given if isinstance(given, dict) else {}).items():
            if value is not None and _valid(mime, value, obj):
                bundle[mime] = _data(value)
    for mime, name in REPR_METHODS.items():
        method = getattr(obj, name, None)
        if mime in bundle or not callable(method):
            continue
        try:
            value = method()
        except Exception:
            _formatter_failed(mime, obj)
            continue
        if isinstance(value, tuple):  # (data, metadata)
            value = value[0]
        if value is not None and _valid(mime, value, obj):
            bundle[mime] = _data(value)
    if (mime_json := bundle.get("application/json")) is not None and not isinstance(mime_json, str):
        import json

        bundle["application/json"] = json.dumps(mime_json, default=repr)
    if not isinstance(bundle.get("text/plain"), str):
        bundle["text/plain"] = _safe_repr(obj)
    return bundle


def is_rich(obj):
    """Whether `obj` has more to show than its repr (runner.py: a snippet's last value)."""
    if isinstance(obj, type) or _answers_everything(obj):
        return False
    return callable(getattr(obj, "_repr_mimebundle_", None)) or any(callable(getattr(obj, name, None)) for name in REPR_METHODS.values())


# Runs so far in this process (runner.py calls run_ended): a drawing changed in
# a later run is shown there again (tkinter's canvas).
run_number = 0
_run_end_hooks = []


def on_run_end(hook):
    """Calls `hook()` when each run ends (before its output is handed on)."""
    _run_end_hooks.append(hook)


def run_ended():
    """runner.py: a run is over, by its end, an exception or Stop."""
    global run_number
    try:
        for hook in list(_run_end_hooks):
            try:
                hook()
            except Exception:
                import traceback

                traceback.print_exc()
    finally:
        run_number += 1


def has_page():
    """Whether the host shows displays (a page) rather than text (the command line)."""
    return os.path.exists(DEVICE)


def publish(message):
    """Hands one display (or a clear, or a canvas's changes) to the host; False when there is none."""
    if not has_page():
        return False
    for stream in (sys.stdout, sys.stderr):  # what was printed before comes first
        try:
            stream.flush()
        except Exception:
            pass
    import json

    line = json.dumps(message, ensure_ascii=False, default=str) + "\n"
    with open(DEVICE, "w", encoding="utf-8") as device:
        device.write(line)
    return True


def display(*objs, raw=False, clear=False, **kwargs):
    """Shows each object as richly as the host can; prints its text where it cannot.
    `raw=True`: the objects are already {mime type: data} bundles."""
    if clear:
        clear_output()
    for obj in objs:
        bundle = {k: _data(v) for k, v in obj.items()} if raw else mimebundle(obj)
        if not publish({"data": bundle}):
            print(bundle.get("text/plain", repr(obj)))


def clear_output(wait=False):
    """Clears what this run showed so far (the host's output area)."""
    publish({"clear": True})


class _Rich:
    """A value shown as one representation (IPython.display's DisplayObject)."""

    mime = "text/plain"

    def __init__(self, data=None, filename=None, url=None, metadata=None):
        if url is not None:
            raise ValueError(f"{type(self).__name__}(url=...): wasipy does not fetch URLs from Python; download the file first, or pass data=")
        if filename is not None:
            with open(filename, "rb" if self.mime in BINARY else "r") as f:
                data = f.read()
        self.data = data
        self.metadata = metadata or {}

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {self.mime: _data(self.data), "text/plain": self._text()}

    def _text(self):
        return f"<wasipy.{type(self).__name__} object>"

    def __repr__(self):
        return self._text()


class HTML(_Rich):
    mime = "text/html"


class SVG(_Rich):
    mime = "image/svg+xml"


class Markdown(_Rich):
    mime = "text/markdown"


class Latex(_Rich):
    mime = "text/latex"


class JSON(_Rich):
    mime = "application/json"

    def __init__(self, data=None, filename=None, url=None, metadata=None, **kwargs):
        import json

        super().__init__(data, filename, url, metadata)
        if isinstance(self.data, str):
            self.data = json.loads(self.data)

    def _repr_mimebundle_(self, include=None, exclude=None):
        import json

        return {self.mime: json.dumps(self.data, default=repr), "text/plain": repr(self.data)}


class Image(_Rich):
    """A PNG, JPEG or GIF (bytes or a file); its format read from its first bytes."""

    def __init__(self, data=None, filename=None, url=None, format=None, width=None, height=None, metadata=None, **kwargs):
        if isinstance(data, str) and filename is None and os.path.exists(data):
            data, filename = None, data  # Image("plot.png"), as IPython accepts
        self.mime = "image/png"  # any image type: _Rich reads the file as bytes
        super().__init__(data, filename, url, metadata)
        found = next((mime for magic, mime in MAGIC.items() if bytes(self.data or b"")[: len(magic)] == magic), None)
        if format is not None:
            self.mime = {"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "gif": "image/gif"}.get(format.lower(), None)
            if self.mime is None:
                raise ValueError(f"Image(format={format!r}): wasipy shows png, jpeg and gif")
        elif found is None:
            raise ValueError("Image(...): these bytes are not a PNG, JPEG or GIF image (their first bytes say so); for SVG use SVG(...)")
        else:
            self.mime = found
        self.width, self.height = width, height

    def _repr_mimebundle_(self, include=None, exclude=None):
        size = {k: v for k, v in (("width", self.width), ("height", self.height)) if v is not None}
        bundle = {self.mime: _data(self.data), "text/plain": self._text()}
        return (bundle, {self.mime: size}) if size else bundle


def install():
    builtins.display = display
