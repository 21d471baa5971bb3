"""Runs a page's Python snippets and checks its `>>>` examples at build time,
in wasipy itself (host.py; each session in a process of its own: isolated.py):
sessions as the page has them (a named session shared by its blocks, in page
order; a block without a name alone), setup code
once per session, each block's stdin, and the page's own `>>>` checker
(`_wasipy_pycon`, crate/pycon.py) with the page's doctest flags.

Used by the Sphinx extension and the MkDocs plugin: problems() is what a
build says about a block; where it says it (a warning, an error) is theirs.
"""

import base64
import json
from dataclasses import dataclass

from .host import RunResult
from .isolated import IsolatedInterpreter
from .options import block_error_message, stale_message, timeout_message


@dataclass
class Block:
    kind: str  # 'snippet' or 'pycon'
    code: str
    session: str | None = None
    stdin: str = ""
    setup: str | None = None  # code run once in the session before this block's first run
    build_run: bool = True  # False: left to the reader (not run at build time)
    location: object = None  # the tool's own (a docutils node, a page and line)


@dataclass
class Outcome:
    ran: bool
    result: RunResult | None = None
    report: dict | None = None  # a pycon block's checker report (crate/pycon.py)
    restarted: bool = False  # the session started afresh before it (an earlier block was stopped)

    @property
    def stale(self):
        """The examples of a `>>>` block whose output differs: [(line in block, source, want, got)]."""
        if not self.report:
            return []
        return [
            (e["line"], e["source"], e["want"], e["got"] + e.get("exception", ""))
            for e in self.report.get("examples", [])
            if e.get("outcome") in ("mismatch", "error")
        ]


def problems(block, outcome, time_limit):
    """What the build says about a block that ran: [(kind, message, line in the block or None)],
    kind "snippet" (a snippet that raised, exited with a status, crashed or was stopped)
    or "stale" (a `>>>` example whose output differs, or a block that could not be checked)."""
    result = outcome.result
    if not outcome.ran:
        return []
    if block.kind == "snippet":
        if result.status == "timeout":
            return [("snippet", timeout_message(time_limit), None)]
        if result.status in ("error", "crashed") or (result.status == "exit" and result.exit_code != 0):
            return [("snippet", block_error_message(result), None)]
        return []
    if result.status == "timeout":
        return [("stale", timeout_message(time_limit), None)]
    if outcome.report is None:
        return [("stale", block_error_message(result), None)]
    if outcome.report.get("error"):
        err = outcome.report["error"]
        return [("stale", f"this >>> block could not be read: {err['message']}", err.get("line"))]
    return [("stale", stale_message(source, want, got), line) for line, source, want, got in outcome.stale]


def pycon_code(text, optionflags=""):
    """The code the page runs to check a `>>>` block (web/lib/pycon.js pyconCode)."""
    return f"import _wasipy_pycon\n_wasipy_pycon.check({json.dumps(text)}, {json.dumps(optionflags)})"


def read_report(result):
    """The checker's report from its run (web/lib/pycon.js readPyconReport), or None."""
    if result.status != "ok" or not result.value or len(result.value) < 2:
        return None
    try:
        return json.loads(base64.b64decode(result.value[1:-1], validate=True))
    except (ValueError, json.JSONDecodeError):
        return None


class PageRunner:
    """The blocks of one page, run in order in their sessions."""

    def __init__(self, runtime_dir, time_limit=10.0, doctest_flags=""):
        self.runtime_dir = runtime_dir
        self.time_limit = time_limit
        self.doctest_flags = doctest_flags

    def run(self, blocks):
        sessions = {}  # name (or the block itself) -> [Interpreter, setups done]
        outcomes = []
        try:
            for block in blocks:
                outcomes.append(self._run_one(block, sessions))
        finally:
            for python, _ in sessions.values():
                python.close()
        return outcomes

    def _run_one(self, block, sessions):
        if not block.build_run:
            return Outcome(False)
        key = block.session if block.session else id(block)
        if key not in sessions:
            sessions[key] = [IsolatedInterpreter(self.runtime_dir, time_limit=self.time_limit), set()]
        python, setups = sessions[key]
        # Stopped at the time limit earlier: it starts afresh, as the page's session does after Stop.
        restarted = not python.alive and python.starts > 0
        if not python.alive:
            setups.clear()
        chunks = []
        if block.setup and block.setup not in setups:
            prep = python.run(block.setup)
            chunks += prep.chunks
            if prep.status != "ok":
                prep.chunks = chunks
                return Outcome(True, result=prep, restarted=restarted)
            setups.add(block.setup)
        if block.kind == "pycon":
            result = python.run(pycon_code(block.code, self.doctest_flags), stdin=block.stdin, display=False)
            return Outcome(True, result=result, report=read_report(result), restarted=restarted)
        result = python.run(block.code, stdin=block.stdin, display=True)
        result.chunks = chunks + result.chunks
        return Outcome(True, result=result, restarted=restarted)
