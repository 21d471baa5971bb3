"""wasipy: CPython 3.13 in one WebAssembly module, for docs pages and the command line.

This distribution carries wasipy's built runtime (runtime/: the module, the
stdlib and embed.js, as `npm run build` writes them to dist/) and the docs
tools that use it: the Sphinx extension `wasipy.sphinx`, the MkDocs plugin
`wasipy` and build-time execution in wasipy itself (host.py).
"""

import os
import shutil
from pathlib import Path

__version__ = "0.1.0"


def runtime_dir() -> Path:
    """The runtime files a docs site serves (copied into the built site)."""
    return Path(__file__).parent / "runtime"


def missing_runtime():
    """Why the runtime cannot be used (files missing from this install), or None."""
    missing = [f for f in ("embed.js", "wasipy.wasm", "wasipy-rare.wasm", "python313.zip") if not (runtime_dir() / f).is_file()]
    if not missing:
        return None
    return (
        f"wasipy's runtime files are missing from {runtime_dir()} ({', '.join(missing)}): "
        "install wasipy from its wheel (`make dist` in the wasipy repository writes it to target/dist/)"
    )


def _copy_if_changed(src, dst):
    # The runtime is tens of MB: a rebuild copies only what changed since the last one.
    if os.path.exists(dst):
        a, b = os.stat(src), os.stat(dst)
        if a.st_size == b.st_size and int(a.st_mtime) == int(b.st_mtime):
            return dst
    return shutil.copy2(src, dst)


def copy_runtime(dest) -> None:
    """Puts the runtime files, and the styles of build-time output, into `dest` (a folder of the built site)."""
    shutil.copytree(runtime_dir(), dest, dirs_exist_ok=True, copy_function=_copy_if_changed)
    shutil.copy2(Path(__file__).with_name("wasipy-docs.css"), Path(dest) / "wasipy-docs.css")
