"""A wasipy interpreter in a Python process of its own, for builds: a run that
takes longer than its time limit is ended by ending that process, as the
page's Stop ends a worker, and nothing the module or wasmtime does can take
the docs build down with it. The next run starts a fresh interpreter.

The parent (IsolatedInterpreter) and the child (`python -m wasipy.isolated
RUNTIME_DIR`, serve()) speak JSON lines: the child says {"ready": true} once
its interpreter has started (or {"failed": why}); the parent sends
{"code", "stdin", "display"}; the child answers with {"chunk": [kind, text]}
as Python writes, then {"done": {...}} with the run's result. The time limit
counts from the request: compiling and starting are not the snippet's time.
"""

import json
import os
import queue
import subprocess
import sys
import threading
import time

from .host import Interpreter, RunResult, append_chunk


# Seconds a child may take to compile the module (the first time; wasmtime's
# cache keeps it) and start Python.
START_LIMIT = 120


class IsolatedInterpreter:
    """host.Interpreter's run() in a child process, with a time limit per run."""

    def __init__(self, runtime_dir, time_limit=10.0):
        self.runtime_dir = os.path.abspath(runtime_dir)
        self.time_limit = time_limit
        self.process = None
        self.starts = 0  # processes started: more than one after a run was stopped

    @property
    def alive(self):
        return self.process is not None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _start(self):
        # Started in the folder that holds this wasipy package: `-m` finds this very
        # copy, and no module of the docs project's folder shadows what it imports.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "wasipy.isolated", self.runtime_dir],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
        )
        self.lines = queue.Queue()
        threading.Thread(target=self._read, args=(self.process.stdout, self.lines), daemon=True).start()
        self.errors = []
        threading.Thread(target=self._read, args=(self.process.stderr, self.errors), daemon=True).start()
        self.starts += 1
        try:
            line = self.lines.get(timeout=START_LIMIT)
        except queue.Empty:
            line = None
        message = json.loads(line) if line else {}
        if not message.get("ready"):
            why = message.get("failed") or "".join(self.errors).strip() or f"no answer within {START_LIMIT} s"
            self.close()
            raise RuntimeError(f"wasipy could not start Python for the build: {why}")

    @staticmethod
    def _read(stream, into):
        for line in stream:
            into.put(line) if isinstance(into, queue.Queue) else into.append(line.decode("utf-8", "replace"))
        if isinstance(into, queue.Queue):
            into.put(None)  # the process ended

    def run(self, code, stdin="", display=True):
        if self.process is None:
            try:
                self._start()
            except RuntimeError as e:
                return RunResult("crashed", error=str(e), exit_code=1)
        request = json.dumps({"code": code, "stdin": stdin, "display": display}) + "\n"
        try:
            self.process.stdin.write(request.encode("utf-8"))
            self.process.stdin.flush()
        except OSError:
            return self._ended("crashed", [], "the interpreter's process ended")
        chunks = []
        deadline = time.monotonic() + self.time_limit
        while True:
            try:
                line = self.lines.get(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                self.process.kill()  # as Stop ends a worker: the run is in wasm, or waits for input
                return self._ended("timeout", chunks, f"stopped after {self.time_limit:g} s")
            if line is None:
                self.process.wait()
                detail = "".join(self.errors).strip().splitlines()
                return self._ended("crashed", chunks, f"the interpreter's process ended (status {self.process.returncode})"
                                   + (f": {detail[-1]}" if detail else ""))
            message = json.loads(line)
            if "chunk" in message:
                append_chunk(chunks, *message["chunk"])
                continue
            done = message["done"]
            result = RunResult(done["status"], chunks=chunks, exit_code=done["exit_code"], value=done["value"],
                               error=done["error"], truncated=done["truncated"])
            if result.status == "crashed":
                self.close()
            return result

    def _ended(self, status, chunks, error):
        self.close()
        return RunResult(status, chunks=chunks, error=error, exit_code=1)

    def close(self):
        if self.process is None:
            return
        process, self.process = self.process, None
        try:
            process.stdin.close()  # the child closes its interpreter and exits
            process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        if process.poll() is None:
            process.kill()  # a run still going (a time limit): ended as Stop ends a worker
            process.wait()


def serve(runtime_dir):
    """The child: runs each request in one interpreter, streaming its output."""
    out = sys.stdout.buffer
    lock = threading.Lock()

    def send(message):
        with lock:
            out.write((json.dumps(message) + "\n").encode("utf-8"))
            out.flush()

    python = Interpreter(runtime_dir, on_output=lambda kind, text: send({"chunk": [kind, text]}))
    try:
        python.start()
    except Exception as e:
        send({"failed": str(e)})
        return
    send({"ready": True})
    try:
        for line in sys.stdin.buffer:
            request = json.loads(line)
            try:
                result = python.run(request["code"], stdin=request["stdin"], display=request["display"])
            except Exception as e:  # Python did not start again (after a crash): said as a crash of this run
                result = RunResult("crashed", error=str(e))
            send({"done": {"status": result.status, "exit_code": result.exit_code, "value": result.value,
                           "error": result.error, "truncated": result.truncated}})
    finally:
        python.close()


if __name__ == "__main__":
    serve(sys.argv[1])
