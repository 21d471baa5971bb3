"""wasipy for MkDocs: runnable Python in the built pages, examples checked at build time.

    plugins:
      - wasipy

A fenced block becomes a <python-snippet> when its info string says so, with
options after the language, as in

    ```python runnable session=tour editable stdin="Ada\\n1815"
    ```

(`runnable`, `session=`, `packages=`, `setup=`, `editable`, `stdin=`,
`no-build-run`; with `run_all_python: true` every python block runs).
`pycon` blocks, and python blocks that start with a `>>>` prompt, are checked
as doctest does. At build time each snippet runs in wasipy itself (host.py) and
its output is written into the page until the reader runs it; a stale `>>>`
example is a warning naming the file, the line, expected and got (an error with
`stale_examples: error`). Every page gets embed.js, so that Material's instant
navigation finds it on pages reached without a reload.
"""

import html
import json
import logging
import re
import shlex
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.utils import get_relative_url

from . import copy_runtime, missing_runtime, runtime_dir
from .examples import Block, PageRunner, problems
from .markup import built_from_result, close_block, open_block
from .options import PYCON_LANGUAGES, PYTHON_LANGUAGES, is_pycon, parse_packages, parse_stdin

log = logging.getLogger("mkdocs.plugins.wasipy")

STATIC_DIR = "wasipy"
FLAGS = {"runnable", "editable", "no-build-run"}
VALUED = {"session", "packages", "setup", "stdin"}
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[\w+-]*)(?P<rest>[^`]*)$")
MARKER = re.compile(r"(?:<p>)?<!-- wasipy-(?P<end>open|close) (?P<n>\d+) -->(?:</p>)?")


class WasipyConfig(Config):
    run_all_python = c.Type(bool, default=False)
    pycon = c.Type(bool, default=True)
    build_run = c.Type(bool, default=True)
    time_limit = c.Type((int, float), default=10)
    stale_examples = c.Choice(("warning", "error", "ignore"), default="warning")
    snippet_errors = c.Choice(("warning", "error", "ignore"), default="warning")
    doctest_flags = c.Type(str, default="")
    packages = c.Type(list, default=[])
    index_url = c.Type(str, default="")
    check_all = c.Type(bool, default=False)
    preload = c.Type(bool, default=False)


def _options(text, where):
    """A fence's options after the language: flags and key=value pairs (shell quoting)."""
    try:
        words = shlex.split(text)
    except ValueError as e:
        raise PluginError(f"{where}: wasipy: cannot read this block's options ({e})") from None
    options = {}
    for word in words:
        key, eq, value = word.partition("=")
        if (eq and key not in VALUED) or (not eq and key not in FLAGS):
            known = ", ".join(sorted(FLAGS | {f"{k}=" for k in VALUED}))
            raise PluginError(f"{where}: wasipy: unknown option {word!r} (the options are {known})")
        options[key] = value if eq else True
    if "packages" in options:
        try:
            options["packages"] = parse_packages(options["packages"])
        except ValueError as e:
            raise PluginError(f"{where}: wasipy: {e}") from None
    return options


class WasipyPlugin(BasePlugin[WasipyConfig]):
    def on_config(self, config):
        try:
            self.config.packages = parse_packages(self.config.packages)
        except ValueError as e:
            raise PluginError(f"wasipy: packages in mkdocs.yml: {e}") from None
        why = missing_runtime()
        if why:
            raise PluginError(why)
        self.blocks = {}  # page src_uri -> [(Block, options)]
        self.errors = 0
        return config

    def on_page_markdown(self, markdown, page, config, files):
        source = page.file.src_uri
        offset = self._front_matter_lines(page, markdown)
        lines = markdown.split("\n")
        out = []
        blocks = []
        i = 0
        while i < len(lines):
            m = FENCE.match(lines[i])
            if not m:
                out.append(lines[i])
                i += 1
                continue
            indent, fence, lang = m["indent"], m["fence"], m["lang"].lower()
            end = i + 1
            while end < len(lines) and not re.match(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", lines[end]):
                end += 1
            body = [line[len(indent):] if line.startswith(indent) else line.lstrip() for line in lines[i + 1 : end]]
            line_no = i + 1 + offset
            options = _options(m["rest"].strip(), f"{source}:{line_no}") if m["rest"].strip() else {}
            kind = None
            if lang in PYCON_LANGUAGES or (lang in PYTHON_LANGUAGES and is_pycon("\n".join(body))):
                kind = "pycon" if (self.config.pycon or options) else None
            elif lang in PYTHON_LANGUAGES and (options or self.config.run_all_python):
                kind = "snippet"
            elif options:
                raise PluginError(f"{source}:{line_no}: wasipy: only python and pycon blocks take wasipy's options, not {lang or 'a block without a language'}")
            fence_lines = [f"{indent}{fence}{lang}", *lines[i + 1 : end + 1]]
            if kind is None:
                out += lines[i : end + 1]
            else:
                n = len(blocks)
                block = Block(
                    kind=kind,
                    code="\n".join(body),
                    session=options.get("session") or None,
                    stdin=parse_stdin(options.get("stdin") or ""),
                    setup=options.get("setup") or None,
                    build_run="no-build-run" not in options and not options.get("packages") and not self.config.packages,
                    location=(source, line_no),
                )
                blocks.append((block, options))
                out += [f"{indent}<!-- wasipy-open {n} -->", "", *fence_lines, "", f"{indent}<!-- wasipy-close {n} -->"]
            i = end + 1
        self.blocks[source] = blocks
        if blocks and self.config.build_run:
            self._run(blocks)
        return "\n".join(out)

    @staticmethod
    def _front_matter_lines(page, markdown):
        """Lines of the source before `markdown` (YAML front matter MkDocs took off), for line numbers."""
        try:
            text = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
        except (OSError, TypeError):
            return 0
        at = text.find(markdown[:200]) if markdown.strip() else -1
        return text.count("\n", 0, at) if at > 0 else 0

    def _run(self, blocks):
        runner = PageRunner(runtime_dir(), time_limit=self.config.time_limit, doctest_flags=self.config.doctest_flags)
        limit = self.config.time_limit
        for (block, _), outcome in zip(blocks, runner.run([b for b, _ in blocks])):
            if outcome.ran and block.kind == "snippet":
                block.built = built_from_result(outcome.result, limit)
            for kind, message, line_in_block in problems(block, outcome, limit):
                self._report(kind, message, block, line_in_block)

    def _report(self, kind, message, block, line_in_block=None):
        source, line = block.location
        # The fence's first line is the block's line 1 after the opening fence.
        line = line + line_in_block if line_in_block else line
        setting = self.config.stale_examples if kind == "stale" else self.config.snippet_errors
        if setting == "ignore":
            return
        if setting == "error":
            self.errors += 1
            log.error("%s:%s: wasipy: %s", source, line, message)
        else:
            log.warning("%s:%s: wasipy: %s", source, line, message)

    def on_page_content(self, html, page, config, files):
        blocks = self.blocks.get(page.file.src_uri, [])

        def replace(m):
            block, options = blocks[int(m["n"])]
            if m["end"] == "open":
                return open_block(block.kind, block.session, options.get("packages") or [], block.stdin, "editable" in options, block.setup)
            return close_block(block.kind, getattr(block, "built", None))

        return MARKER.sub(replace, html) if blocks else html

    def on_post_page(self, output, page, config):
        # Every page: Material's instant navigation swaps content without loading a page's own scripts.
        base = get_relative_url(f"{STATIC_DIR}/", page.url)
        attrs = ""
        if self.config.packages:
            attrs += f" data-packages='{_escape(json.dumps(self.config.packages))}'"
        if self.config.index_url:
            attrs += f' data-index-url="{_escape(self.config.index_url)}"'
        if self.config.doctest_flags:
            attrs += f' data-doctest-flags="{_escape(self.config.doctest_flags)}"'
        if self.config.check_all:
            attrs += " data-check-all"
        if self.config.preload:
            attrs += " preload"
        tags = (
            f'<link rel="stylesheet" href="{base}wasipy-docs.css">'
            f'<script type="module" src="{base}embed.js"{attrs}></script>'
        )
        return output.replace("</head>", f"{tags}</head>", 1)

    def on_post_build(self, config):
        dest = Path(config.site_dir) / STATIC_DIR
        copy_runtime(dest)
        if self.errors:
            raise PluginError(f"wasipy: {self.errors} example(s) failed at build time (see the errors above)")


def _escape(value):
    return html.escape(value, quote=True)
