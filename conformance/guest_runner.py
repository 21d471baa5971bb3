"""Runs CPython test modules inside wasipy and prints one JSON line per module.

Usage (inside the module): wasipy guest_runner.py TEST_DIR WORK_DIR test_json [test_re ...]
TEST_DIR holds CPython's Lib/test package (mapped from the source tree; the
shipped stdlib zip has no tests); WORK_DIR is a writable directory, made the
working directory as `python -m test` does with its temporary one. Resources such as network are disabled, as
`python -m test` does without -u.
"""

import io
import json
import os
import sys
import time
import unittest


def run_module(name):
    from test import support

    support.use_resources = []  # no network, no cpu-heavy, no gui: like `python -m test`
    started = time.perf_counter()
    stream = io.StringIO()
    try:
        suite = unittest.defaultTestLoader.loadTestsFromName(f"test.{name}")
    except unittest.SkipTest as exc:  # the whole module skips itself, as under `python -m test`
        return {"module": name, "run": 0, "failures": [], "errors": [], "skipped": 1,
                "skip_reasons": {str(exc): 1}, "seconds": 0, "details": {}}
    except BaseException as exc:  # the module does not even import
        return {"module": name, "import_error": f"{type(exc).__name__}: {exc}"}
    result = unittest.TextTestRunner(stream=stream, verbosity=0).run(suite)

    def ids(items):
        return sorted({case.id().removeprefix("test.") for case, _ in items})

    skips = {}
    for _, reason in result.skipped:
        skips[reason] = skips.get(reason, 0) + 1
    return {
        "module": name,
        "run": result.testsRun,
        "failures": ids(result.failures),
        "errors": ids(result.errors),
        "skipped": len(result.skipped),
        "skip_reasons": skips,
        "seconds": round(time.perf_counter() - started, 2),
        # The tracebacks, for the report of unexpected failures.
        "details": {case.id().removeprefix("test."): tb[-1500:] for case, tb in result.failures + result.errors},
    }


def main():
    test_dir, work_dir, *modules = sys.argv[1:]
    # For the tests of the gate itself (conformance/run.mjs): modules named here
    # cannot be imported, as if the build had lost them.
    for blocked in filter(None, os.environ.get("WASIPY_CONFORMANCE_BLOCK", "").split(",")):
        sys.modules[blocked] = None
    os.chdir(work_dir)
    # Last on sys.path: the shipped stdlib (the zip) stays what is imported.
    sys.path.append(os.path.dirname(test_dir.rstrip("/")))
    for name in modules:
        print("@@RESULT " + json.dumps(run_module(name)), flush=True)


if __name__ == "__main__":
    main()
