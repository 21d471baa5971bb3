"""Why a module of python on Linux is missing here, said where the traceback ends.

`import ctypes` fails deep inside `ctypes/__init__.py` with "No module named
'_ctypes'": true, but it does not say that no wasipy can have it, or why. The
exception itself is python's (code that catches ImportError, or asks
importlib.util.find_spec, behaves as on a platform without the module); only
an uncaught one gets a note (PEP 678) with the reason, through sys.excepthook
on the command line and runner.py's traceback in hosts.
"""

import sys

_NO_PROCESSES = "WASI has no processes (no fork, no exec)"
_NO_TERMINAL = "WASI has no terminal control"
_NO_USERS = "WASI has no users or groups"
REASONS = {
    "_ctypes": "ctypes needs libffi, which WebAssembly cannot have: a wasm module cannot call C functions by address nor make new ones at run time",
    "mmap": "WASI has no memory-mapped files",
    "_posixshmem": "WASI has no shared memory",
    "_multiprocessing": _NO_PROCESSES,
    "_posixsubprocess": _NO_PROCESSES,
    "_interpreters": "this build has no threads, which subinterpreters need",
    "termios": _NO_TERMINAL,
    "readline": _NO_TERMINAL,
    "_curses": _NO_TERMINAL,
    "_curses_panel": _NO_TERMINAL,
    "fcntl": "WASI has no fcntl() and no file locks",
    "resource": "WASI has no resource limits",
    "grp": _NO_USERS,
    "pwd": _NO_USERS,
    "spwd": _NO_USERS,
    "nis": _NO_USERS,
    "syslog": "WASI has no system log",
    "ossaudiodev": "WASI has no sound devices",
    "_ssl": "OpenSSL is not built in, and WASI preview 1 has no sockets",
    "_hashlib": "OpenSSL is not built in; hashlib's own algorithms (md5, sha1, sha2, sha3, blake2) work",
    "_dbm": "ndbm is not built in; dbm.dumb and dbm.sqlite3 work",
    "_gdbm": "GDBM is not built in; dbm.dumb and dbm.sqlite3 work",
    "_uuid": "libuuid is not built in; the uuid module works without it",
    "_crypt": "crypt(3) is not built in",
    "_tkinter": "WebAssembly has no Tk (no windows)",
}


def explain(exc):
    """Adds the reason to `exc` (or an exception it was raised from or during)
    when it is a missing module of REASONS; once."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        reason = REASONS.get(getattr(exc, "name", None)) if isinstance(exc, ModuleNotFoundError) else None
        if reason:
            note = f"wasipy: {exc.name} is not available under WebAssembly: {reason} (Known limits in wasipy's docs, docs/src/troubleshooting.md, lists what is missing)"
            if note not in getattr(exc, "__notes__", ()):
                exc.add_note(note)
        exc = exc.__cause__ or exc.__context__


def install():
    previous = sys.excepthook

    def excepthook(kind, value, tb):
        try:
            explain(value)
        except Exception:
            pass  # never in the way of the traceback itself
        previous(kind, value, tb)

    if not getattr(sys.excepthook, "_wasipy", False):
        excepthook._wasipy = True
        sys.excepthook = excepthook
