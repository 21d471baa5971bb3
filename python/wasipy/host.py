"""wasipy.wasm run from Python with the `wasmtime` package, through the
module's host API (crate/host_api.rs): the calls the browser's runtime
(web/lib/python-host.js) makes, so a docs build runs snippets in the very
interpreter, stdlib and `__main__` rules the reader's page will use.

    with Interpreter(runtime_dir) as python:
        result = python.run('print(1 + 1)', stdin='', display=True)
        result.status, result.chunks  # 'ok', [('stdout', '2\n')]

Standard input is a pipe the run's `stdin` text is written to; a run that
reads past it waits. Nothing here limits a run's time: builds run it in a
process of its own (isolated.py), which is ended when a run takes too long,
as the page's Stop ends a worker.
"""

import codecs
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field

import wasmtime

# As the command line has it (scripts/pins.env WASMTIME_STACK, which
# scripts/python-dist.sh writes into the package): deep recursion needs it.
from ._build_info import WASM_STACK
# How deep C code may recurse in the reader's Chromium (web/lib/python-host.js
# C_RECURSION_LIMIT.jspi): the same here, so a RecursionError happens alike.
C_RECURSION_LIMIT = 1500
STATUS = {0: "ok", 1: "error", 2: "exit"}
FLAG_DISPLAY = 1
HOME = "/home/user"
# Output kept per run and stream, as the page's outputLimit.
OUTPUT_LIMIT = 1_000_000

_engines = {}
_modules = {}
# The import a split module's placeholders call before their table slot
# (scripts/split-placeholders.mjs, web/lib/rare-code.js).
LINK_IMPORT = ("wasipy:rare", "link")


def _placeholder_called():
    # Here the rest is linked right after the first part is instantiated, before
    # any code runs, and its element segment fills every placeholder's slot: a
    # placeholder that still gets here would call itself again without end.
    raise RuntimeError("a placeholder of the split wasipy.wasm was called after wasipy-rare.wasm was linked: the two parts do not match")


def _engine():
    # One engine per process. The module
    # is compiled once per process (and kept in wasmtime's own cache on disk).
    if "engine" not in _engines:
        config = wasmtime.Config()
        # wasmtime's C API runs wasm on an async stack (2 MiB by default), which must
        # hold the wasm stack: not in the Python API's Config, so through its binding.
        from wasmtime import _ffi

        _ffi.wasmtime_config_async_stack_size_set(config.ptr(), WASM_STACK + 1024 * 1024)
        config.max_wasm_stack = WASM_STACK
        try:
            config.cache = True
        except wasmtime.WasmtimeError:
            pass  # no cache directory: compiled again next time
        _engines["engine"] = wasmtime.Engine(config)
    return _engines["engine"]


def _module(path):
    key = (path, os.stat(path).st_mtime_ns)
    if key not in _modules:
        _modules[key] = wasmtime.Module.from_file(_engine(), path)
    return _modules[key]


@dataclass
class RunResult:
    status: str  # 'ok', 'error', 'exit', 'crashed', or (isolated.py) 'timeout'
    chunks: list = field(default_factory=list)  # [('stdout' | 'stderr', text)], in the order written
    exit_code: int = 0
    value: str | None = None  # the repr of a last expression, as the page's result.value
    error: str = ""  # what stopped it ('timeout', 'crashed')
    truncated: bool = False

    def text(self, kind=None):
        return "".join(t for k, t in self.chunks if kind is None or k == kind)


def append_chunk(chunks, kind, text):
    """Adds written text to [(kind, text)], joined with the last piece when the stream is the same."""
    if chunks and chunks[-1][0] == kind:
        chunks[-1] = (kind, chunks[-1][1] + text)
    else:
        chunks.append((kind, text))


class _Output:
    """Both streams in the order written, decoded as the page decodes them."""

    def __init__(self, on_output=None):
        self.on_output = on_output
        self.chunks = []
        self.size = {"stdout": 0, "stderr": 0}
        self.truncated = False
        self.lock = threading.Lock()
        self.decoders = {}

    def writer(self, kind):
        def write(data):
            with self.lock:
                decoder = self.decoders.setdefault(kind, codecs.getincrementaldecoder("utf-8")("replace"))
                text = decoder.decode(bytes(data))
                room = OUTPUT_LIMIT - self.size[kind]
                if len(text) > room:
                    text, self.truncated = text[: max(room, 0)], True
                if text:
                    if self.on_output:
                        self.on_output(kind, text)
                    self.size[kind] += len(text)
                    append_chunk(self.chunks, kind, text)
            return len(data)

        return write

    def take(self):
        with self.lock:
            chunks, truncated = self.chunks, self.truncated
            self.chunks, self.truncated = [], False
            self.size = {"stdout": 0, "stderr": 0}
            return chunks, truncated


class Interpreter:
    """One wasipy interpreter kept alive across runs, like a page's session."""

    def __init__(self, runtime_dir, on_output=None):
        self.runtime_dir = os.path.abspath(runtime_dir)
        self.on_output = on_output  # called with (kind, text) as Python writes, besides the result's chunks
        self.wasm = os.path.join(self.runtime_dir, "wasipy.wasm")
        for name in ("wasipy.wasm", "python313.zip"):
            if not os.path.isfile(os.path.join(self.runtime_dir, name)):
                raise FileNotFoundError(f"the wasipy runtime has no {name} in {self.runtime_dir}")
        self.store = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if self.store is not None:
            self.stdin_writer.close()
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.store = self.instance = None

    def start(self):
        """Compiles (or loads) the module and starts Python; run() does it when needed."""
        self.scratch = tempfile.mkdtemp(prefix="wasipy-build-")
        for d in ("home", "tmp"):
            os.mkdir(os.path.join(self.scratch, d))
        # stdin: a pipe each run's text is written to; reading past it waits.
        fifo = os.path.join(self.scratch, "stdin")
        os.mkfifo(fifo)
        # Opened read-write here so that wasmtime's open for reading does not wait for a writer.
        keep = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
        self.stdin_writer = os.fdopen(os.open(fifo, os.O_WRONLY), "wb", buffering=0)
        self.output = _Output(self.on_output)
        wasi = wasmtime.WasiConfig()
        wasi.argv = ["wasipy", "--host"]
        wasi.env = [
            ("HOME", HOME), ("LANG", "C.UTF-8"), ("TMPDIR", "/tmp"), ("USER", "user"),
            # The build's output does not depend on the machine's zone.
            ("TZ", "UTC"), ("WASIPY_C_RECURSION_LIMIT", str(C_RECURSION_LIMIT)),
        ]
        wasi.stdin_file = fifo
        os.close(keep)
        wasi.stdout_custom = self.output.writer("stdout")
        wasi.stderr_custom = self.output.writer("stderr")
        # The stdlib where the module looks for it, read-only: the same python313.zip the page downloads.
        wasi.preopen_dir(self.runtime_dir, "/usr/local/lib", fs_mutable=False)
        wasi.preopen_dir(os.path.join(self.scratch, "home"), HOME)
        wasi.preopen_dir(os.path.join(self.scratch, "tmp"), "/tmp")
        self.store = wasmtime.Store(_engine())
        self.store.set_wasi(wasi)
        linker = wasmtime.Linker(_engine())
        linker.define_wasi()
        module = _module(self.wasm)
        split = any((i.module, i.name) == LINK_IMPORT for i in module.imports)
        if split:
            linker.define(self.store, *LINK_IMPORT, wasmtime.Func(self.store, wasmtime.FuncType([], []), _placeholder_called))
        self.instance = linker.instantiate(self.store, module)
        if split:
            # The browsers' module is split (scripts/split.sh): here the rest is
            # linked at once, and its element segment replaces every placeholder.
            linker.define_instance(self.store, "primary", self.instance)
            linker.instantiate(self.store, _module(os.path.join(self.runtime_dir, "wasipy-rare.wasm")))
        self.exports = self.instance.exports(self.store)
        code = 0
        try:
            self.exports["_start"](self.store)
        except wasmtime.ExitTrap as e:
            code = e.code
        startup, _ = self.output.take()
        if code != 0:
            self.close()
            raise RuntimeError(f"Python did not start (status {code}): {''.join(t for _, t in startup).strip()}")
        # What the page's worker does first (web/lib/worker-handler.js): a probe of the
        # version, then an empty __main__. So runs are numbered alike, and a traceback
        # names the same <python-input-N> at build time as in the reader's page.
        probe = self.run("import sys\nsys.version.split()[0]", display=False)
        self.version = (probe.value or "''")[1:-1]
        self.exports["wasipy_reset"](self.store)

    def run(self, code, stdin="", display=True):
        """Runs `code` in __main__; a RunResult. A crashed run ends the interpreter (the next run starts a new one)."""
        if self.store is None:
            self.start()
        data = code.encode("utf-8")
        if stdin:
            # From a thread: text longer than the pipe holds (64 KiB) is written while Python reads it.
            threading.Thread(target=self._write_stdin, args=(stdin.encode("utf-8"),), daemon=True).start()
        ptr = self.exports["wasipy_alloc"](self.store, len(data))
        if not ptr:
            return RunResult("crashed", error="out of memory for the snippet")
        memory = self.exports["memory"]
        memory.write(self.store, data, ptr)
        try:
            status = self.exports["wasipy_run"](self.store, ptr, len(data), FLAG_DISPLAY if display else 0)
        except wasmtime.ExitTrap as e:
            return self._ended(f"the interpreter exited (status {e.code})")
        except wasmtime.Trap as e:
            return self._ended(str(e).splitlines()[0])
        result = RunResult(STATUS.get(status, "crashed"))
        if result.status != "ok":
            result.exit_code = self.exports["wasipy_exit_code"](self.store)
        length = self.exports["wasipy_value_len"](self.store)
        if length >= 0:
            at = self.exports["wasipy_value_ptr"](self.store)
            result.value = memory.read(self.store, at, at + length).decode("utf-8", "replace")
        self.exports["wasipy_free"](self.store, ptr, len(data))
        result.chunks, result.truncated = self.output.take()
        return result

    def _write_stdin(self, data):
        try:
            self.stdin_writer.write(data)
        except (OSError, ValueError):
            pass  # the interpreter ended (a stop) before reading it all

    def _ended(self, error):
        chunks, truncated = self.output.take()
        self.close()
        return RunResult("crashed", chunks=chunks, error=error, truncated=truncated, exit_code=1)
