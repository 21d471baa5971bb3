"""Packs the staged CPython stdlib into stored zips of .pyc files.

Run with the native Python of the same version as the WASI build (the .pyc
format is version-specific): python3.13 pack_stdlib.py SRC_DIR OUT_ZIP EXTRA_ZIP [WHEEL...]
OUT_ZIP holds what snippets commonly import; EXTRA_ZIP the rest (LAZY below),
which the browser fetches only when one of its modules is first imported
(crate/lazy_stdlib.py reads the list of its names from `_wasipy_lazy` in OUT_ZIP).
OUT_ZIP also holds crate/pycon.py as `_wasipy_pycon`, the checker of `>>>` blocks.
EXTRA_ZIP also holds the package installer (crate/packages/: `_wasipy_packages`
and the public `wasipy` module) and the libraries it uses, read from the
WHEELs (their .py files and licences only) into `_wasipy_packages/_vendor/`.
The zip is read unchanged by wasmtime (mapped directory) and by the browser
(in-memory /usr): stored, not deflated, so zipimport reads members without
decompressing and the web server's gzip does the compressing on the wire.
"""

import importlib.util
import py_compile
import re
import sys
import zipfile
from pathlib import Path

# Not useful without a GUI, a shell, pip or the test runner; or not importable under WASI.
EXCLUDED_TOP = {"test", "idlelib", "tkinter", "turtledemo", "ensurepip", "venv", "lib2to3", "site-packages", "__pycache__"}
FIXED_TIME = (2025, 1, 1, 0, 0, 0)  # reproducible archive
CORE_PATH = "/usr/local/lib/python313.zip"
PYCON_SOURCE = Path(__file__).resolve().parent.parent / "crate" / "pycon.py"
EXTRA_PATH = "/usr/local/lib/python313-extra.zip"
PACKAGES_DIR = Path(__file__).resolve().parent.parent / "crate" / "packages"
VENDOR_PREFIX = "_wasipy_packages/_vendor"

# Rarely imported by snippets, or unusable without threads, processes, a terminal
# or a GUI: fetched on first import. Pure-Python fallbacks of C modules we have
# (_pydecimal, _pyio, _pydatetime) are only imported by tests.
LAZY = {
    "asyncio", "concurrent", "ctypes", "curses", "dbm", "doctest", "email", "http", "imaplib",
    "mailbox", "multiprocessing", "nntplib", "optparse", "pdb", "pickletools", "poplib", "pydoc",
    "pydoc_data", "_pydatetime", "_pydecimal", "_pyio", "_pylong", "_pyrepl", "selectors",
    "shelve", "smtplib", "tomllib", "turtle", "unittest", "wsgiref", "xmlrpc", "zipapp",
    "ftplib", "trace", "profile", "cProfile", "pstats", "tabnanny", "netrc", "mailcap",
}


def lazy_name(rel):
    """The import name that sends `rel` to the extra archive, or None for core."""
    top = rel.parts[0].removesuffix(".py")
    return top if top in LAZY else None


def excluded(rel: Path) -> bool:
    top = rel.parts[0]
    return top in EXCLUDED_TOP or top.startswith("config-3.13") or "__pycache__" in rel.parts


def compiled_for(path, rel, scratch, zip_path):
    """The .pyc bytes of one module that will live in the zip at zip_path."""
    # Unchecked-hash pycs: valid without their source and independent of mtimes.
    py_compile.compile(
        str(path), cfile=str(scratch),
        # The path the module has at run time (its __file__'s folder, .py for
        # tracebacks): code that compares co_filename with __file__ (warnings'
        # skip_file_prefixes) then sees the same place.
        dfile=f"{zip_path}/{rel}",
        doraise=True, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
    )
    return scratch.read_bytes()


def installer_packages(scratch):
    """(zip name, .pyc bytes) of crate/packages/ and the top-level names it adds."""
    entries = []
    for path in sorted(PACKAGES_DIR.rglob("*.py")):
        rel = path.relative_to(PACKAGES_DIR)
        if "__pycache__" not in rel.parts:
            entries.append((str(rel.with_suffix(".pyc")), compiled_for(path, rel, scratch, EXTRA_PATH)))
    names = {p.name.removesuffix(".py") for p in PACKAGES_DIR.iterdir() if p.name != "__pycache__"}
    return entries, names


def imports_renamed_to_vendored(top, source):
    """installer imports itself by absolute name (`from installer.x import y`);
    vendored, it lives at _wasipy_packages._vendor.installer, so those imports name that."""
    vendored_name = VENDOR_PREFIX.replace("/", ".") + "." + top
    # (`import installer` alone would bind another name: only installer/__main__.py has it, and it is not packed)
    pattern = rf"^\s*(from {top}(?=(\.[\w.]+)? import )|import {top}(?=(\.[\w.]+)?\s*$))"
    return re.sub(pattern, lambda m: m.group(0).replace(top, vendored_name, 1), source, flags=re.M)


def vendored(wheel_path, scratch):
    """(zip name, bytes) of a wheel's modules (compiled) and licence files, under VENDOR_PREFIX.

    Only .py files: installer's Windows launchers (.exe, ~440 KB) are of no use here."""
    entries = []
    source_path = scratch.with_name("vendored.py")
    with zipfile.ZipFile(wheel_path) as wheel:
        names = wheel.namelist()
        top_levels = {n.split("/")[0] for n in names if "/" in n and not n.split("/")[0].endswith((".dist-info", ".data"))}
        for name in sorted(names):
            parts = name.split("/")
            if parts[0] in top_levels and name.endswith(".py") and name != f"{parts[0]}/__main__.py":
                source = imports_renamed_to_vendored(parts[0], wheel.read(name).decode("utf-8"))
                source_path.write_text(source, encoding="utf-8")
                rel = Path(VENDOR_PREFIX, name)
                entries.append((str(rel.with_suffix(".pyc")), compiled_for(source_path, rel, scratch, EXTRA_PATH)))
            elif parts[0].endswith(".dist-info") and parts[-1].startswith(("LICENSE", "COPYING", "NOTICE")):
                # the licence goes beside the code it covers
                for top in sorted(top_levels):
                    entries.append((f"{VENDOR_PREFIX}/{top}/{parts[-1]}", wheel.read(name)))
    source_path.unlink(missing_ok=True)
    return entries


def pack(out, entries):
    """Writes a stored zip of (name, bytes) atomically; returns its size."""
    tmp = Path(str(out) + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as zf:
        for name, data in entries:
            zf.writestr(zipfile.ZipInfo(name, FIXED_TIME), data)
    tmp.replace(out)
    return Path(out).stat().st_size


def main(src: str, out: str, extra: str, *wheels: str) -> None:
    root = Path(src)
    assert (root / "os.py").is_file(), f"{root} does not look like a stdlib directory"
    tag = sys.implementation.cache_tag
    assert tag == "cpython-313", f"run this with Python 3.13 (this is {tag})"
    scratch = Path(out).with_name("pack.pyc")
    core, lazy, names = [], [], set()
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if excluded(rel):
            continue
        name = lazy_name(rel)
        if name:
            names.add(name)
            lazy.append((str(rel.with_suffix(".pyc")), compiled_for(path, rel, scratch, EXTRA_PATH)))
        else:
            core.append((str(rel.with_suffix(".pyc")), compiled_for(path, rel, scratch, CORE_PATH)))
    packages, package_names = installer_packages(scratch)
    lazy += packages
    names |= package_names
    for wheel in wheels:
        lazy += vendored(Path(wheel), scratch)
    names = sorted(names)
    index = f"# Generated by scripts/pack_stdlib.py: what {EXTRA_PATH} holds.\nARCHIVE = {EXTRA_PATH!r}\nNAMES = frozenset({names!r})\n"
    index_path = scratch.with_name("_wasipy_lazy.py")
    index_path.write_text(index)
    core.append(("_wasipy_lazy.pyc", compiled_for(index_path, Path("_wasipy_lazy.py"), scratch, CORE_PATH)))
    index_path.unlink()
    # The `>>>` block checker of the docs embed (crate/pycon.py): in the zip it
    # costs no start-up time, unlike the modules the crate loads at start.
    core.append(("_wasipy_pycon.pyc", compiled_for(PYCON_SOURCE, Path("_wasipy_pycon.py"), scratch, CORE_PATH)))
    core_size = pack(out, core)
    extra_size = pack(extra, lazy)
    scratch.unlink(missing_ok=True)
    print(f"[stdlib] {len(core)} modules, {core_size / 1e6:.1f} MB -> {out}", file=sys.stderr)
    print(f"[stdlib] {len(lazy)} modules fetched on first import, {extra_size / 1e6:.1f} MB -> {extra}", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:])
