"""Runs a `>>>` block (an interactive-session example from documentation) in
__main__, like the REPL, and checks its expected output the way doctest does.

Packed into python313.zip as the module `_wasipy_pycon` (scripts/pack_stdlib.py):
it costs nothing until a page runs its first `>>>` block. `doctest` itself
(with `pdb` and `unittest`, which it imports) lives in python313-extra.zip.

    check(text, optionflags="") -> str

`text` is the block as the reader sees it (prompts included). `optionflags`
names doctest option flags applied to every example, separated by spaces,
commas or `|` (for example "ELLIPSIS NORMALIZE_WHITESPACE"); directives in the
block (`# doctest: +ELLIPSIS`) apply on top, as in doctest. The default is
doctest's own (no flag), so a block that passes `python -m doctest` passes here.

The result is base64 of ASCII JSON, so that the repr a host gets back is that
string between quotes (web/lib/pycon.js decodes it):

    {"name": "block 3",             the doctest name; filenames are "<doctest block 3[i]>"
     "checked": bool,               false when no example shows expected output: just run
     "error": null | {"line": int, "message": str, "detail": str},
                                    the block could not be read; nothing was run
     "examples": [{"line": int,     1-based line of the example's `>>> ` in `text`
                   "source": str,   the code without prompts
                   "want": str,     the expected output ("" for none)
                   "got": str,      what the example printed (stdout, display hook)
                   "exception": str,  the traceback if it raised, else ""
                   "stderr": str,   what it wrote to sys.stderr (warnings included)
                   "outcome": "match" | "mismatch" | "error" | "ran" | "skipped" | "unreported",
                   "diff": str}],   doctest's "Expected:/Got:" text ("" unless mismatch or error)
     "counts": {"examples", "matched", "mismatched", "skipped"}}

Outcomes: "match"/"mismatch" are doctest's verdict on output (or on an expected
exception); "error" an exception doctest did not expect; "ran" every example of
an unchecked block; "skipped" a `+SKIP`; "unreported" an example after a failure
under FAIL_FAST or REPORT_ONLY_FIRST_FAILURE. "mismatched" counts mismatch and error.
"""

import ast
import base64
import codeop
import io
import doctest
import json
import linecache
import re
import sys
import traceback
import warnings

import __main__

# Cap on each text field: a runaway print must not make a huge payload.
MAX_TEXT = 100_000

_blocks = 0


def _clip(text):
    if len(text) <= MAX_TEXT:
        return text
    return text[:MAX_TEXT] + f"\n[... {len(text) - MAX_TEXT} more characters not shown]\n"


def _parse_flags(names):
    flags = 0
    for name in re.split(r"[\s,|]+", names.strip()):
        if not name:
            continue
        if name not in doctest.OPTIONFLAGS_BY_NAME:
            known = ", ".join(sorted(doctest.OPTIONFLAGS_BY_NAME))
            raise ValueError(f"unknown doctest option {name!r}: use names among {known}")
        flags |= doctest.OPTIONFLAGS_BY_NAME[name]
    return flags


def _flags_of(example, base):
    """The option flags doctest applies to `example` (its directives over `base`)."""
    flags = base
    for flag, on in example.options.items():
        flags = flags | flag if on else flags & ~flag
    return flags


# doctest's ValueErrors, turned into what the author should do. The line
# numbers in them are 1-based lines of `text` because we parse with lineno=0.
_PARSE_ERRORS = [
    (re.compile(r"line (\d+) of the docstring for .* lacks blank after (.{3}): (.*)$", re.S),
     lambda line, m: (
         f"Line {line}: put a space after the prompt (write `{m.group(2)} code`, not `{m.group(2)}code`)."
         if m.group(2) in (">>>", "...") else
         f"Line {line}: this `...` continuation line is indented differently from its `>>>` line. "
         "Put each `... ` exactly under the `>>> ` it continues."
     )),
    (re.compile(r"line (\d+) of the docstring for .* has inconsistent leading whitespace: (.*)$", re.S),
     lambda line, m: (
         f"Line {line}: this `...` continuation line is indented differently from its `>>>` line. "
         "Put each `... ` exactly under the `>>> ` it continues."
         if _literal(m.group(2)).lstrip().startswith("...") else
         f"Line {line}: expected output must start at the column of its `>>>` line, not to the left of it."
     )),
    (re.compile(r"line (\d+) of the doctest for .* has an invalid option: (.*)$", re.S),
     lambda line, m: (
         f"Line {line}: {_literal(m.group(2))!r} is not a doctest directive: write `# doctest: +NAME` "
         f"or `-NAME` with a name among {', '.join(sorted(doctest.OPTIONFLAGS_BY_NAME))}."
     )),
    (re.compile(r"line (\d+) of the doctest for .* has an option directive on a line with no example: (.*)$", re.S),
     lambda line, m: f"Line {line + 1}: a `# doctest:` directive must follow code on its `>>>` line."),
]


def _literal(text):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def _explain(exc):
    """(line, message) for a ValueError of DocTestParser."""
    detail = str(exc)
    for pattern, message in _PARSE_ERRORS:
        m = pattern.match(detail)
        if m:
            line = int(m.group(1))
            return line, message(line, m)
    return 0, f"doctest could not read this block: {detail}"


def _unfinished(test, base_flags):
    """The first example whose code stops in the middle of a statement, as an
    error dict, or None.

    The usual mistake is a continuation line without its `... ` prompt: doctest
    then reads that line as expected output, and the example's own code is an
    unfinished statement that would fail with a puzzling IndentationError.
    """
    flags = doctest._extract_future_flags(test.globs)
    for example in test.examples:
        if _flags_of(example, base_flags) & doctest.SKIP:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                compile(example.source, "<check>", "single", flags, True)
                continue
            except SyntaxError:
                pass
            # As the REPL decides whether to ask for more lines.
            try:
                incomplete = codeop.compile_command(example.source, "<check>", "single") is None
            except (SyntaxError, ValueError, OverflowError):
                incomplete = False
        if not incomplete:
            continue  # a real syntax error: it is reported when the example runs, as doctest does
        first = example.lineno + 1
        code = example.source.splitlines()[0].strip()
        if example.want:
            line = first + example.source.count("\n")
            return {
                "line": line,
                "message": (
                    f"Line {line} continues the statement `{code}` (line {first}) without a `... ` prompt, "
                    "so doctest reads it as expected output. Start every continuation line with `... `."
                ),
                "detail": f"the example on line {first} is not a complete statement: {example.source!r}",
            }
        return {
            "line": first,
            "message": (
                f"Line {first}: the statement `{code}` is not finished. Continue it on lines that start with `... `."
            ),
            "detail": f"the example on line {first} is not a complete statement: {example.source!r}",
        }
    return None


class _Captured(doctest._SpoofOut):
    """doctest's stdout capture, remembering what it last handed over (doctest
    empties it right after, and does not pass it on for an unexpected exception)."""

    last = ""

    def getvalue(self):
        self.last = super().getvalue()
        return self.last


class _Runner(doctest.DocTestRunner):
    """Collects every example's outcome instead of printing a report."""

    def __init__(self, optionflags):
        super().__init__(verbose=False, optionflags=optionflags)
        self._fakeout = _Captured()
        self.records = {}
        self.current = None
        self.stderr = None  # set by check(): the example's own sys.stderr
        self.traceback = ""

    def _index(self, test, example):
        return next(i for i, e in enumerate(test.examples) if e is example)

    def report_start(self, out, test, example):
        self.current = self._index(test, example)
        self.traceback = ""
        self.stderr.seek(0)
        self.stderr.truncate()

    def _record(self, outcome, example, got):
        stdout = got[: len(got) - len(self.traceback)] if self.traceback and got.endswith(self.traceback) else got
        diff = ""
        if outcome != "match":
            diff = self._checker.output_difference(example, got, self.optionflags)
        self.records[self.current] = {
            "outcome": outcome,
            "got": _clip(stdout),
            "exception": _clip(self.traceback),
            "stderr": _clip(self.stderr.getvalue()),
            "diff": _clip(diff),
        }

    def report_success(self, out, test, example, got):
        self._record("match", example, got)

    def report_failure(self, out, test, example, got):
        self._record("mismatch", example, got)

    def report_unexpected_exception(self, out, test, example, exc_info):
        self._record("error", example, self._fakeout.last + self.traceback)

    def format_exception(self, exc_info):
        """The traceback as the REPL prints it: without doctest's own frame."""
        exc_type, exc, tb = exc_info
        while tb is not None and tb.tb_frame.f_globals.get("__name__") == "doctest":
            tb = tb.tb_next
        self.traceback = "".join(traceback.format_exception(exc_type, exc, tb))
        return self.traceback


class _Stderr:
    """sys.stderr while examples run: what each example writes is kept with it."""

    def __init__(self, real):
        self.buffer_ = io.StringIO()
        self.encoding = getattr(real, "encoding", "utf-8")
        self.errors = "backslashreplace"

    def write(self, text):
        return self.buffer_.write(text)

    def flush(self):
        pass

    def isatty(self):
        return False

    def seek(self, pos):
        self.buffer_.seek(pos)

    def truncate(self):
        self.buffer_.truncate()

    def getvalue(self):
        return self.buffer_.getvalue()


def _show_rich_values(runner):
    """While the block runs: an example's value with a rich representation (an
    HTML table, an image) is shown as well as printed (its repr is what doctest
    checks), and display() calls are shown; each display names its example so
    that the page puts it under that example (crate/display.py, web/embed/pycon-block.js).
    Returns what puts things back."""
    rich = sys.modules.get("_wasipy_display")
    if rich is None:
        return lambda: None
    saved_publish, saved_hook = rich.publish, sys.__displayhook__

    def publish(message):
        if "data" in message and runner.current is not None:
            message = {**message, "example": runner.current}
        return saved_publish(message)

    def displayhook(value):
        saved_hook(value)
        if value is None or not rich.has_page():
            return
        # Showing must not change what doctest sees: what formatting prints is
        # not the example's output, and a failure is said on stderr only.
        import contextlib

        try:
            with contextlib.redirect_stdout(sys.stderr):
                if rich.is_rich(value):
                    publish({"data": rich.mimebundle(value)})
        except Exception:
            traceback.print_exc()

    # doctest.DocTestRunner.run() installs sys.__displayhook__ as the display hook.
    rich.publish, sys.__displayhook__ = publish, displayhook

    def restore():
        rich.publish, sys.__displayhook__ = saved_publish, saved_hook

    return restore


def _remember_sources(test):
    """Keeps the examples' lines for tracebacks of later runs through their functions."""
    for i, example in enumerate(test.examples):
        filename = f"<doctest {test.name}[{i}]>"
        lines = example.source.splitlines(keepends=True)
        linecache.cache[filename] = (len(example.source), None, lines, filename)


def _result(name, checked=False, error=None, examples=(), counts=None):
    examples = list(examples)
    if counts is None:
        counts = {"examples": len(examples), "matched": 0, "mismatched": 0, "skipped": 0}
    payload = {"name": name, "checked": checked, "error": error, "examples": examples, "counts": counts}
    return base64.b64encode(json.dumps(payload).encode("ascii")).decode("ascii")


def check(text, optionflags=""):
    """Runs the examples of `text` in __main__ and checks them; see the module's doc."""
    global _blocks
    _blocks += 1
    name = f"block {_blocks}"
    try:
        base_flags = _parse_flags(optionflags)
    except ValueError as exc:
        return _result(name, error={"line": 0, "message": f"The page's doctest options are wrong: {exc}.", "detail": str(exc)})
    try:
        test = doctest.DocTestParser().get_doctest(text, vars(__main__), name, "<pycon>", 0)
    except ValueError as exc:
        line, message = _explain(exc)
        return _result(name, error={"line": line, "message": message, "detail": str(exc)})
    # DocTest copies the globals it is given: run in __main__ itself, so that
    # the block's variables stay in the session as they do in the REPL.
    test.globs = vars(__main__)
    problem = _unfinished(test, base_flags)
    if problem:
        return _result(name, error=problem)

    runner = _Runner(base_flags)
    restore_displays = _show_rich_values(runner)
    saved_stderr = sys.stderr
    runner.stderr = sys.stderr = _Stderr(saved_stderr)
    # doctest formats an exception with this module-level helper; ours drops
    # doctest's own frame and lets the runner see the traceback text.
    saved_format = doctest._exception_traceback
    doctest._exception_traceback = runner.format_exception
    try:
        runner.run(test, clear_globs=False)
    finally:
        doctest._exception_traceback = saved_format
        sys.stderr = saved_stderr
        restore_displays()
        _remember_sources(test)

    checked = any(example.want for example in test.examples)
    examples = []
    counts = {"examples": len(test.examples), "matched": 0, "mismatched": 0, "skipped": 0}
    for i, example in enumerate(test.examples):
        record = runner.records.get(i)
        entry = {"line": example.lineno + 1, "source": example.source, "want": example.want}
        if record is None:
            skipped = bool(_flags_of(example, base_flags) & doctest.SKIP)
            record = {"outcome": "skipped" if skipped else "unreported", "got": "", "exception": "", "stderr": "", "diff": ""}
        elif not checked:
            record = {**record, "outcome": "ran", "diff": ""}
        entry.update(record)
        outcome = entry["outcome"]
        if outcome == "match":
            counts["matched"] += 1
        elif outcome in ("mismatch", "error"):
            counts["mismatched"] += 1
        elif outcome == "skipped":
            counts["skipped"] += 1
        examples.append(entry)
    return _result(name, checked=checked, examples=examples, counts=counts)
