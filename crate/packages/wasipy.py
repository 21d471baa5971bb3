"""Packages for code running in a wasipy session, shaped after Pyodide's micropip.

    import wasipy
    wasipy.install("attrs")              # or a list (a .whl URL: on the command line only)
    wasipy.install(["rich>=13"], pre=False, deps=True, index_urls="https://pypi.org/simple/")
    wasipy.list()                        # {"attrs": "25.3.0", ...}

and rich output, shaped after IPython.display (crate/display.py; `display` is
also a builtin in every run):

    from wasipy import display, HTML, SVG, Image, Markdown, JSON
    display(HTML("<b>bold</b>"), Image(filename="plot.png"))

Unlike micropip.install it is synchronous: the browser host fetches the files
while Python waits (JSPI). Python itself does no network I/O.
"""

import builtins
import importlib.metadata
import json
import os

import _wasipy_packages
from _wasipy_display import HTML, JSON, SVG, Image, Latex, Markdown, clear_output, display
from _wasipy_packages import InstallError

__all__ = ["install", "list", "InstallError", "display", "clear_output", "HTML", "SVG", "Image", "Markdown", "JSON", "Latex"]

# The browser host's device: Python writes the JSON list of files it needs,
# and reads back a JSON object {url: {"path", "status", "content_type", "error"}}.
FETCH_DEVICE = "/.wasipy/fetch"
DEFAULT_INDEX_URL = "https://pypi.org/simple/"
NO_HOST_MESSAGE = (
    "wasipy.install() needs a host that downloads while Python waits: a browser with "
    f"JavaScript Promise Integration (current Chrome and Edge); {FETCH_DEVICE} does not exist here.\n"
    "In a page, install before the code runs instead: session.install([...]), "
    "loadPython({ packages: [...] }) or a '# /// script' block with dependencies.\n"
    "On the command line, install on the host and map the directory as site-packages:\n"
    "    pip install --target DIR pkg\n"
    "    wasmtime run ... --dir DIR::/usr/local/lib/python3.13/site-packages wasipy.wasm ..."
)


def _fetch_through_host(needs):
    if not os.path.exists(FETCH_DEVICE):
        raise InstallError(NO_HOST_MESSAGE)
    # unbuffered: the host answers the write as one request, then the read sees its whole reply
    with open(FETCH_DEVICE, "r+b", buffering=0) as device:
        device.write(json.dumps(needs).encode())
        chunks = []
        while chunk := device.read(1 << 16):
            chunks.append(chunk)
    try:
        answer = json.loads(b"".join(chunks))
    except ValueError as e:
        raise InstallError(f"the host's answer on {FETCH_DEVICE} is not JSON ({e})") from None
    if not isinstance(answer, dict):
        raise InstallError(f"the host's answer on {FETCH_DEVICE} is not a JSON object")
    if isinstance(answer.get("error"), str) and not any(isinstance(v, dict) for v in answer.values()):
        raise InstallError(answer["error"])
    _downloaded.extend(f["path"] for f in answer.values() if isinstance(f, dict) and f.get("path"))
    return answer


# Files the host wrote for this install: removed once it is over, so that
# repeated installs in a long session do not keep every download in memory.
_downloaded = []


def _forget_downloads():
    while _downloaded:
        try:
            os.remove(_downloaded.pop())
        except OSError:
            pass


def _index_url(index_urls):
    if index_urls is None:
        return os.environ.get("WASIPY_INDEX_URL", DEFAULT_INDEX_URL)
    if isinstance(index_urls, str):
        return index_urls
    urls = builtins.list(index_urls)
    if len(urls) != 1:
        raise ValueError(f"index_urls: wasipy reads one index, got {len(urls)}: {urls}")
    return urls[0]


def install(requirements, deps=True, pre=False, index_urls=None):
    """Installs `requirements` (a requirement string, a .whl URL, or a list of them) and their dependencies.

    deps=False installs only what is named; pre=True allows pre-releases; index_urls
    is the base of a simple index (default: $WASIPY_INDEX_URL, else PyPI). Raises
    InstallError with the reason when anything cannot be installed; then nothing is."""
    try:
        _wasipy_packages.install(requirements, index_url=_index_url(index_urls), fetch=_fetch_through_host, deps=deps, pre=pre)
    finally:
        _forget_downloads()


def list():
    """{name: version} of every installed distribution Python can see."""
    return {d.metadata["Name"]: d.version for d in importlib.metadata.distributions() if d.metadata["Name"]}
