"""wasipy for Sphinx: runnable Python in the built pages, examples checked at build time.

    extensions = ["wasipy.sphinx"]

What it does:
- copies wasipy's runtime (the module, the stdlib, embed.js) into the built
  site's `_static/wasipy/` and adds embed.js to every page that has a block;
- `.. runnable::` (a directive of its own) and `.. code-block:: python` with
  `:runnable:` become <python-snippet>s; `>>>` blocks (doctest blocks, `pycon`
  code blocks) become checkable examples; `wasipy_run_all_python = True` makes
  every `python` code block runnable (MyST's ```python fences too);
- options on either directive: `:session:`, `:packages:`, `:setup:` (code run
  once in the session first), `:editable:`, `:stdin:` (`\\n` for new lines),
  `:no-build-run:`;
- at build time, runs each snippet in wasipy itself (host.py) and writes its
  output into the page, shown until the reader runs it, and checks each `>>>`
  example: a stale one is a warning naming the file, the line, expected and
  got (an error with `wasipy_stale_examples = "error"`).
"""

import json
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.directives.code import CodeBlock
from sphinx.errors import ExtensionError
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import __version__, copy_runtime, missing_runtime, runtime_dir
from .examples import Block, PageRunner, problems
from .markup import built_from_result, close_block, open_block
from .options import PYCON_LANGUAGES, PYTHON_LANGUAGES, is_pycon, parse_packages, parse_stdin

logger = logging.getLogger(__name__)

STATIC_DIR = "wasipy"  # under _static/


class wasipy_block(nodes.General, nodes.Element):
    """A code block made runnable: attributes kind ('snippet'|'pycon'), session,
    packages, setup, editable, stdin, build_run; after the build run, built
    ({'status', 'chunks'}) for snippets."""


def _requirements(argument):
    # Checked here so that a bad requirement is an error at its line, not in the reader's page.
    return parse_packages(argument or "")


SNIPPET_OPTIONS = {
    "session": directives.unchanged_required,
    "packages": _requirements,
    "setup": directives.unchanged_required,
    "editable": directives.flag,
    "stdin": directives.unchanged,
    "no-build-run": directives.flag,
}


def _wrap(literal, kind, options):
    block = wasipy_block()
    block["kind"] = kind
    block["session"] = options.get("session")
    block["packages"] = options.get("packages") or []
    block["setup"] = options.get("setup")
    block["editable"] = "editable" in options
    block["stdin"] = parse_stdin(options.get("stdin") or "")
    block["build_run"] = "no-build-run" not in options
    block.source, block.line = literal.source, literal.line
    if kind == "pycon":
        # The reader's page checks the text it shows: keep the `# doctest:` directives in it.
        literal["trim_flags"] = False
        literal["language"] = "pycon"
    if literal.parent is not None:
        literal.replace_self(block)
    block.append(literal)
    return block


class Runnable(SphinxDirective):
    """`.. runnable::` with the code as content: a snippet, or a `>>>` block when it starts with a prompt."""

    has_content = True
    option_spec = SNIPPET_OPTIONS

    def run(self):
        code = "\n".join(self.content)
        kind = "pycon" if is_pycon(code) else "snippet"
        literal = nodes.literal_block(code, code, language="pycon" if kind == "pycon" else "python")
        self.set_source_info(literal)
        return [_wrap(literal, kind, self.options)]


class RunnableCodeBlock(CodeBlock):
    """Sphinx's code-block with wasipy's options: `:runnable:` (or any of the others) makes it a snippet."""

    option_spec = {**CodeBlock.option_spec, "runnable": directives.flag, **SNIPPET_OPTIONS}

    def run(self):
        ours = {k: self.options.pop(k) for k in list(self.options) if k in SNIPPET_OPTIONS or k == "runnable"}
        result = super().run()
        if not ours:
            return result
        for literal in (n for node in result for n in node.findall(nodes.literal_block)):
            kind = "pycon" if literal.get("language") == "pycon" or is_pycon(literal.astext()) else "snippet"
            # The literal block is inside the returned node (a caption's container) or is it.
            if literal in result:
                result[result.index(literal)] = _wrap(literal, kind, ours)
            else:
                _wrap(literal, kind, ours)
            break
        return result


class MarkBlocks(SphinxTransform):
    """`>>>` blocks, and with wasipy_run_all_python every python code block, become wasipy blocks."""

    default_priority = 400

    def apply(self):
        config = self.config
        for node in list(self.document.findall(lambda n: isinstance(n, (nodes.literal_block, nodes.doctest_block)))):
            if isinstance(node.parent, wasipy_block):
                continue
            language = node.get("language", "")
            if isinstance(node, nodes.doctest_block) or language in PYCON_LANGUAGES:
                if config.wasipy_pycon:
                    _wrap(node, "pycon", {})
            elif config.wasipy_run_all_python and language in PYTHON_LANGUAGES and node.rawsource == node.astext():
                _wrap(node, "snippet", {})


class RunAtBuild(SphinxTransform):
    """Runs the page's snippets and checks its `>>>` blocks in wasipy, in page order."""

    default_priority = 410

    def apply(self):
        config = self.config
        blocks = list(self.document.findall(wasipy_block))
        if not blocks or not config.wasipy_build_run:
            return
        page = [
            Block(
                kind=b["kind"],
                code=b[0].astext(),
                session=b["session"],
                stdin=b["stdin"],
                setup=b["setup"],
                # Installs are the reader's: a block that needs packages is not run at build time.
                build_run=b["build_run"] and not b["packages"] and not config.wasipy_packages,
                location=b,
            )
            for b in blocks
        ]
        runner = PageRunner(runtime_dir(), time_limit=config.wasipy_time_limit, doctest_flags=config.wasipy_doctest_flags)
        for block, outcome in zip(page, runner.run(page)):
            node = block.location
            if not outcome.ran:
                continue
            result = outcome.result
            where = f"{node.source}:{node.line}" if node.line else str(node.source)
            if outcome.restarted:
                logger.info("%s: wasipy: this block's session starts afresh (an earlier block was stopped)", where)
            if block.kind == "snippet":
                node["built"] = built_from_result(result, config.wasipy_time_limit)
            for kind, message, line_in_block in problems(block, outcome, config.wasipy_time_limit):
                _report(self.env, kind, message, node, line_in_block=line_in_block)


def _report(env, kind, message, node, line_in_block=None):
    """A warning at the block's file and line; with the setting "error", an error that fails the build at its end."""
    line = node.line
    if line and line_in_block:
        line += line_in_block - 1
    setting = env.config.wasipy_stale_examples if kind == "stale" else env.config.wasipy_snippet_errors
    if setting == "ignore":
        return
    location = (env.docname, line) if line else node
    if setting == "error":
        logger.error("wasipy: %s", message, location=location, type="wasipy", subtype=kind)
        env.wasipy_errors = getattr(env, "wasipy_errors", 0) + 1
    else:
        logger.warning("wasipy: %s", message, location=location, type="wasipy", subtype=kind)


def visit_block_html(self, node):
    self.body.append(open_block(node["kind"], node["session"], node["packages"], node["stdin"], node["editable"], node["setup"]))


def depart_block_html(self, node):
    self.body.append(close_block(node["kind"], node.get("built")))


def _unwrap_elsewhere(app, doctree, docname):
    """Builders other than HTML (LaTeX, text, man) get the plain code blocks."""
    if app.builder.format == "html":
        return
    for node in list(doctree.findall(wasipy_block)):
        node.replace_self(node.children)


def _page_context(app, pagename, templatename, context, doctree):
    """embed.js on the pages that have a block, with the site's settings."""
    if doctree is None or not any(True for _ in doctree.findall(wasipy_block)):
        return
    config = app.config
    attrs = {"type": "module"}
    if config.wasipy_packages:
        attrs["data-packages"] = json.dumps(config.wasipy_packages)
    if config.wasipy_index_url:
        attrs["data-index-url"] = config.wasipy_index_url
    if config.wasipy_doctest_flags:
        attrs["data-doctest-flags"] = config.wasipy_doctest_flags
    if config.wasipy_check_all:
        attrs["data-check-all"] = ""
    if config.wasipy_preload:
        attrs["preload"] = ""
    app.add_js_file(f"{STATIC_DIR}/embed.js", **attrs)
    app.add_css_file(f"{STATIC_DIR}/wasipy-docs.css")


def _check_config(app, config):
    config.wasipy_packages = parse_packages(config.wasipy_packages) if config.wasipy_packages else []
    for name in ("wasipy_stale_examples", "wasipy_snippet_errors"):
        if getattr(config, name) not in ("warning", "error", "ignore"):
            raise ExtensionError(f'{name} must be "warning", "error" or "ignore", not {getattr(config, name)!r}')
    why = missing_runtime()
    if why:
        raise ExtensionError(why)


def _copy_runtime(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    dest = Path(app.outdir) / "_static" / STATIC_DIR
    copy_runtime(dest)


def _fail_on_errors(app, exception):
    errors = getattr(app.env, "wasipy_errors", 0)
    if exception is None and errors:
        raise ExtensionError(f"wasipy: {errors} example(s) failed at build time (see the errors above)")


def _reset_errors(app, env, docnames):
    env.wasipy_errors = 0


def _merge_errors(app, env, docnames, other):
    env.wasipy_errors = getattr(env, "wasipy_errors", 0) + getattr(other, "wasipy_errors", 0)


def setup(app):
    app.add_config_value("wasipy_run_all_python", False, "env", bool)
    app.add_config_value("wasipy_pycon", True, "env", bool)
    app.add_config_value("wasipy_build_run", True, "env", bool)
    app.add_config_value("wasipy_time_limit", 10.0, "env", (int, float))
    app.add_config_value("wasipy_stale_examples", "warning", "env", str)
    app.add_config_value("wasipy_snippet_errors", "warning", "env", str)
    app.add_config_value("wasipy_doctest_flags", "", "env", str)
    app.add_config_value("wasipy_packages", [], "html", (list, str))
    app.add_config_value("wasipy_index_url", "", "html", str)
    app.add_config_value("wasipy_check_all", False, "html", bool)
    app.add_config_value("wasipy_preload", False, "html", bool)
    app.add_node(wasipy_block, html=(visit_block_html, depart_block_html))
    app.add_directive("runnable", Runnable)
    for name in ("code-block", "sourcecode"):
        app.add_directive(name, RunnableCodeBlock, override=True)
    app.add_transform(MarkBlocks)
    app.add_transform(RunAtBuild)
    app.connect("config-inited", _check_config)
    app.connect("doctree-resolved", _unwrap_elsewhere)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _copy_runtime)
    app.connect("build-finished", _fail_on_errors)
    app.connect("env-before-read-docs", _reset_errors)
    app.connect("env-merge-info", _merge_errors)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
