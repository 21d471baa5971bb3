"""The HTML a docs tool writes for a runnable block: the element embed.js
defines (<python-snippet>, <python-pycon>) with the block's options as
attributes, its setup code, and the output of its build-time run. Everything
here that comes from the page or from Python is escaped: it is text."""

import hashlib
import html
import json


def _attr(name, value):
    return f' {name}="{html.escape(value, quote=True)}"'


def setup_id(code):
    return "wasipy-setup-" + hashlib.sha256(code.encode()).hexdigest()[:12]


def open_block(kind, session=None, packages=(), stdin="", editable=False, setup=None):
    """The element's start tag, preceded by its setup code (embed.js reads it by id from a hidden <pre>)."""
    before = ""
    attrs = ""
    if session:
        attrs += _attr("session", session)
    if packages:
        attrs += _attr("packages", json.dumps(list(packages)))
    if stdin:
        attrs += _attr("stdin", stdin)
    if editable:
        attrs += " editable"
    if setup:
        before = f'<pre hidden class="wasipy-setup" id="{setup_id(setup)}">{html.escape(setup)}</pre>'
        attrs += _attr("setup", setup_id(setup))
    return f"{before}<{element(kind)}{attrs}>"


def element(kind):
    return "python-pycon" if kind == "pycon" else "python-snippet"


def close_block(kind, built=None):
    return (built_output_html(built) if built else "") + f"</{element(kind)}>"


def built_from_result(result, time_limit):
    """What the page keeps of a snippet's build-time run."""
    chunks = [list(c) for c in result.chunks]
    if result.status == "timeout":
        chunks.append(["notice", f"Stopped at the docs build's time limit of {time_limit:g} s.\n"])
    return {"status": result.status, "chunks": chunks, "truncated": result.truncated}


def built_output_html(built):
    """A snippet's build-time output, shown until the reader runs it
    (web/embed/built-output.js takes it over). Python's output is text: escaped."""
    spans = "".join(
        f'<span class="wasipy-{kind}">{html.escape(text)}</span>'
        for kind, text in built["chunks"]
        if kind in ("stdout", "stderr", "notice")
    )
    return (
        f'<div class="wasipy-built-output" data-status="{html.escape(built["status"])}"'
        f'{" data-truncated" if built.get("truncated") else ""}><pre>{spans}</pre></div>'
    )
