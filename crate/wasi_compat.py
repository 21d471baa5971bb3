"""Adjustments of the stdlib to a single-threaded WASI process, installed at start-up.

asyncio: every selector event loop opens a "self-pipe" (a socketpair) so that
other threads and signal handlers can wake it. WASI preview 1 has neither
sockets nor threads, so `asyncio.run()` fails before it starts. The pipe is
only ever written by other threads, so without threads it is not needed: once
asyncio.selector_events is imported, its loop skips the pipe. The patch waits
for that import, so start-up does not pay for importing asyncio.

webbrowser: no browser can be started; in a page, webbrowser.open() of a local
HTML file shows it in the output (a display), and says why it cannot elsewhere.
"""

import importlib.machinery
import sys


def _patch_selector_events(module):
    loop = module.BaseSelectorEventLoop
    loop._make_self_pipe = lambda self: None
    loop._close_self_pipe = lambda self: None
    loop._write_to_self = lambda self: None  # no other thread to wake us


def _patch_webbrowser(module):
    """webbrowser.open() has no browser to start under WASI and returns False
    silently. In a page, a local HTML file opens in the output instead, as a
    display (crate/display.py); anything else says why on stderr."""
    import os

    class PageBrowser(module.BaseBrowser):
        def open(self, url, new=0, autoraise=True):
            sys.audit("webbrowser.open", url)
            path = url.removeprefix("file://")
            display = sys.modules.get("_wasipy_display")
            if "://" in path or not os.path.isfile(path):
                reason = "only a local file (a path or a file:// URL) can be shown, in the output"
            else:
                with open(path, encoding="utf-8", errors="replace") as f:
                    html = f.read()
                if display is not None and display.publish({"data": {"text/html": html, "text/plain": url}}):
                    return True
                reason = "no browser here (the command line); in a page it would be shown in the output"
            print(f"webbrowser: wasipy cannot open {url}: {reason}", file=sys.stderr)
            return False

    module.register("wasipy", None, PageBrowser("wasipy"), preferred=True)


class _PatchingLoader:
    """Runs the real loader, then the patch; everything else is the real loader's."""

    def __init__(self, inner, patch):
        self._inner = inner
        self._patch = patch

    def create_module(self, spec):
        return self._inner.create_module(spec)

    def exec_module(self, module):
        self._inner.exec_module(module)
        self._patch(module)

    def __getattr__(self, name):
        return getattr(self._inner, name)


class _PatchAfterImport:
    """A meta path finder that only wraps the loaders of the modules it patches."""

    patches = {"asyncio.selector_events": _patch_selector_events, "webbrowser": _patch_webbrowser}

    def find_spec(self, fullname, path=None, target=None):
        patch = self.patches.get(fullname)
        if patch is None:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = _PatchingLoader(spec.loader, patch)
        return spec


def install():
    if not any(isinstance(f, _PatchAfterImport) for f in sys.meta_path):
        sys.meta_path.insert(0, _PatchAfterImport())
