"""Runs snippets in a persistent __main__ namespace for the wasipy CLI and host API.

Loaded once by the Rust crate (interpreter.rs) as the module `_wasipy_runner`.
Every outcome of the user's code is returned as (status, exit_code, value_repr);
nothing the snippet does escapes as an exception.
"""

import ast
import builtins
import linecache
import sys

import __main__

# `traceback` (with textwrap, re and _colorize) is imported at the first
# uncaught exception, not at start-up: it is a fifth of what start-up imports.

STATUS_OK = 0
STATUS_EXCEPTION = 1
STATUS_EXIT = 2

_MAIN_KEEP = ("__name__", "__builtins__", "__loader__", "__spec__", "__package__")
_main_initial = {k: v for k, v in vars(__main__).items() if k in _MAIN_KEEP}
_main_initial["__doc__"] = None
_main_initial["__annotations__"] = {}


def _flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def _print_exception(exc):
    """Prints a traceback without this module's own frames, as `python` would."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    try:
        import traceback

        missing = sys.modules.get("_wasipy_missing_modules")
        if missing is not None:
            missing.explain(exc)
        traceback.print_exception(type(exc), exc, tb, file=sys.stderr)
    except Exception:
        # A broken __repr__ or __str__ must not take the session down.
        print(f"{type(exc).__name__}: <exception could not be printed>", file=sys.stderr)


def _exit_code(exc):
    """SystemExit -> exit status, with the rules of CPython's Py_RunMain."""
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF  # what a process status can carry
    try:
        print(code, file=sys.stderr)
    except Exception:
        pass
    return 1


# Sources of earlier runs stay in linecache, so that a traceback through a
# function defined three runs ago shows its own line and inspect.getsource()
# works; beyond this many characters the oldest are forgotten.
SOURCE_BUDGET = 16_000_000
_remembered = []  # [(filename, size)], oldest first
_remembered_size = 0


def _remember_source(source, filename):
    """Lets tracebacks show the snippet's lines, as they do for files."""
    global _remembered_size
    if isinstance(source, bytes):
        text = source.decode("utf-8", "replace")
    else:
        text = source
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"  # as linecache does for a file's last line
    # mtime None: linecache.checkcache() never drops it (there is no file to check).
    linecache.cache[filename] = (len(text), None, lines, filename)
    _remembered.append((filename, len(text)))
    _remembered_size += len(text)
    while _remembered_size > SOURCE_BUDGET and len(_remembered) > 1:
        old, size = _remembered.pop(0)
        _remembered_size -= size
        entry = linecache.cache.get(old)
        if entry is not None and entry[1] is None:  # still our entry (mtime None), not a file's
            del linecache.cache[old]


def _display_rich(value):
    """Shows a value with rich representations (an HTML table, an image) where
    the host renders them, as Jupyter shows a cell's value (crate/display.py);
    False where it does not, or the value has none: then its repr is printed."""
    rich = sys.modules.get("_wasipy_display")
    return rich is not None and rich.is_rich(value) and rich.publish({"data": rich.mimebundle(value)})


def run(source, filename, display):
    """Runs `source` (bytes or str) in __main__.

    display: show the repr of a last expression statement on stdout, like the REPL.
    Returns (status, exit_code, value_repr or None).
    """
    namespace = vars(__main__)
    value_repr = None
    try:
        try:
            # compile() decodes bytes as Python files are decoded (UTF-8, PEP 263
            # cookies) and raises SyntaxError for NUL bytes or invalid UTF-8.
            tree = compile(source, filename, "exec", ast.PyCF_ONLY_AST)
        finally:
            _remember_source(source, filename)
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        exec(compile(tree, filename, "exec"), namespace)
        if last is not None:
            value = eval(compile(last, filename, "eval"), namespace)
            if value is not None:
                builtins._ = value
                value_repr = repr(value)
                if display and not _display_rich(value):
                    print(value_repr)
        return STATUS_OK, 0, value_repr
    except SystemExit as exc:
        return STATUS_EXIT, _exit_code(exc), None
    except BaseException as exc:  # KeyboardInterrupt, MemoryError, ... included
        _print_exception(exc)
        return STATUS_EXCEPTION, 1, None
    finally:
        _run_ended()
        _flush()


def _run_ended():
    """Lets what waits for the end of a run finish it (a drawing shows its last frame)."""
    rich = sys.modules.get("_wasipy_display")
    if rich is not None:
        try:
            rich.run_ended()
        except BaseException as exc:  # Stop pressed again while it finishes
            _print_exception(exc)


def reset():
    """Empties __main__ back to the state of a fresh interpreter."""
    namespace = vars(__main__)
    namespace.clear()
    namespace.update(_main_initial)
    namespace["__annotations__"] = {}
    builtins.__dict__.pop("_", None)


def set_argv(argv):
    sys.argv[:] = list(argv)


def host_setup():
    """Prepares a long-lived session for a host that streams output."""
    import os

    # Each line reaches the host as it is printed, not only when the run ends.
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(line_buffering=True)
    # WASI starts every process in "/": work in the home directory the host provides.
    home = os.environ.get("HOME")
    if home and os.path.isdir(home):
        os.chdir(home)
    # As in python's REPL, the working directory comes first on sys.path: a
    # module that a snippet writes there can be imported by the next line.
    if "" not in sys.path:
        sys.path.insert(0, "")
