"""Packs the staged CPython stdlib into stored zips of .pyc files.

Run with the native Python of the same version as the WASI build (the .pyc
format is version-specific):
  python3.13 pack_stdlib.py SRC_DIR OUT_ZIP EXTRA_ZIP [--web WEB_DIR --boot BOOT_LIST] [WHEEL...]
OUT_ZIP holds what snippets commonly import; EXTRA_ZIP the rest (LAZY below),
which the browser fetches only when one of its modules is first imported
(crate/lazy_stdlib.py reads the list of its names from `_wasipy_lazy` in OUT_ZIP).
OUT_ZIP also holds crate/pycon.py as `_wasipy_pycon`, the checker of `>>>` blocks.
EXTRA_ZIP also holds crate/packages/ (the package installer `_wasipy_packages`,
the public `wasipy` module and the `tkinter` stand-in turtle draws with) and the libraries it uses, read from the
WHEELs (their .py files and licences only) into `_wasipy_packages/_vendor/`.
The zip is read unchanged by wasmtime (mapped directory) and by the browser
(in-memory /usr): stored, not deflated, so zipimport reads members without
decompressing and the web server's gzip does the compressing on the wire.

With --web, what browsers get instead of the two zips (web/lib/filesystem.js):
WEB_DIR/python313-boot.zip holds only the modules named in BOOT_LIST (measured
by scripts/boot-modules.mjs: what start-up, a print() and a traceback import),
and WEB_DIR/stdlib/<path>.pyc every other module of both zips, one file each,
fetched when Python first opens it; WEB_DIR/stdlib-manifest.json lists them.
With --zoneinfo, the tree also holds the time-zone files (scripts/zoneinfo_data.py).
The boot zip has no `_wasipy_lazy` (so crate/lazy_stdlib.py does not install the
extra-archive finder) but `_wasipy_stdlib_tree`, which makes it install the
tree's instead; its first member, wasipy-build.txt, is the build key the
manifest must match (a stale cached file is a clear error, not a wrong import).
"""

import argparse
import hashlib
import importlib.util
import json
import py_compile
import re
import shutil
import sys
import zipfile
from pathlib import Path

import zoneinfo_data  # beside this file

# Not useful without a GUI, a shell, pip or the test runner; or not importable under WASI.
EXCLUDED_TOP = {"test", "idlelib", "tkinter", "turtledemo", "ensurepip", "venv", "lib2to3", "site-packages", "__pycache__"}
FIXED_TIME = (2025, 1, 1, 0, 0, 0)  # reproducible archive
CORE_PATH = "/usr/local/lib/python313.zip"
PYCON_SOURCE = Path(__file__).resolve().parent.parent / "crate" / "pycon.py"
EXTRA_PATH = "/usr/local/lib/python313-extra.zip"
# Where the per-module files are in the browser's filesystem (their __file__).
TREE_PATH = "/usr/local/lib/python3.13"
BOOT_NAME = "python313-boot.zip"
TREE_DIR = "stdlib"
MANIFEST_NAME = "stdlib-manifest.json"
# The first member of the boot zip: loader.js reads it from the local header at offset 0.
BUILD_MEMBER = "wasipy-build.txt"
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


class Member:
    """One file of an archive: a module compiled for where it lives (a zip, or
    the browser's per-module tree: its __file__ differs), or bytes as they are."""

    def __init__(self, name, source=None, rel=None, text=None, data=None):
        self.name, self.source, self.rel, self.text, self.data = name, source, rel, text, data

    def bytes_at(self, place, scratch):
        if self.data is not None:
            return self.data
        source = self.source
        if self.text is not None:
            source = scratch.with_name("generated.py")
            source.write_text(self.text, encoding="utf-8")
        return compiled_for(source, self.rel, scratch, place)


def installer_packages():
    """The members of crate/packages/ (wasipy's own Python packages) and the top-level names it adds."""
    members = []
    for path in sorted(PACKAGES_DIR.rglob("*.py")):
        rel = path.relative_to(PACKAGES_DIR)
        if "__pycache__" not in rel.parts:
            members.append(Member(str(rel.with_suffix(".pyc")), source=path, rel=rel))
    names = {p.name.removesuffix(".py") for p in PACKAGES_DIR.iterdir() if p.name != "__pycache__"}
    return members, names


def imports_renamed_to_vendored(top, source):
    """installer imports itself by absolute name (`from installer.x import y`);
    vendored, it lives at _wasipy_packages._vendor.installer, so those imports name that."""
    vendored_name = VENDOR_PREFIX.replace("/", ".") + "." + top
    # (`import installer` alone would bind another name: only installer/__main__.py has it, and it is not packed)
    pattern = rf"^\s*(from {top}(?=(\.[\w.]+)? import )|import {top}(?=(\.[\w.]+)?\s*$))"
    return re.sub(pattern, lambda m: m.group(0).replace(top, vendored_name, 1), source, flags=re.M)


def vendored(wheel_path):
    """The members of a wheel's modules (compiled) and licence files, under VENDOR_PREFIX.

    Only .py files: installer's Windows launchers (.exe, ~440 KB) are of no use here."""
    members = []
    with zipfile.ZipFile(wheel_path) as wheel:
        names = wheel.namelist()
        top_levels = {n.split("/")[0] for n in names if "/" in n and not n.split("/")[0].endswith((".dist-info", ".data"))}
        for name in sorted(names):
            parts = name.split("/")
            if parts[0] in top_levels and name.endswith(".py") and name != f"{parts[0]}/__main__.py":
                source = imports_renamed_to_vendored(parts[0], wheel.read(name).decode("utf-8"))
                rel = Path(VENDOR_PREFIX, name)
                members.append(Member(str(rel.with_suffix(".pyc")), rel=rel, text=source))
            elif parts[0].endswith(".dist-info") and parts[-1].startswith(("LICENSE", "COPYING", "NOTICE")):
                # the licence goes beside the code it covers
                for top in sorted(top_levels):
                    members.append(Member(f"{VENDOR_PREFIX}/{top}/{parts[-1]}", data=wheel.read(name)))
    return members


def pack(out, entries):
    """Writes a stored zip of (name, bytes) atomically; returns its size."""
    tmp = Path(str(out) + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as zf:
        for name, data in entries:
            zf.writestr(zipfile.ZipInfo(name, FIXED_TIME), data)
    tmp.replace(out)
    return Path(out).stat().st_size


def module_files(name):
    """The members that may hold module `name`: a module file or a package's __init__."""
    path = name.replace(".", "/")
    return (f"{path}.pyc", f"{path}/__init__.pyc")


def write_web(web_dir, core, lazy, boot_list, scratch, zones=()):
    """python313-boot.zip, stdlib/<path> and stdlib-manifest.json in web_dir (see the module doc);
    `zones`: the time-zone files (scripts/zoneinfo_data.py), fetched one by one too."""
    web_dir = Path(web_dir)
    boot_names = [line.strip() for line in Path(boot_list).read_text().splitlines() if line.strip() and not line.startswith("#")]
    by_name = {m.name: m for m in core}
    boot = {}
    for module in boot_names:
        found = [f for f in module_files(module) if f in by_name]
        if not found:
            raise SystemExit(f"{boot_list} names {module!r}, which python313.zip does not hold: run `node scripts/boot-modules.mjs` again")
        boot[found[0]] = by_name[found[0]]
    # The tree: everything else; the extra archive's list is of no use without the extra archive.
    tree = [m for m in core + lazy if m.name not in boot and m.name != "_wasipy_lazy.pyc"]
    tree_bytes = [(m.name, m.bytes_at(TREE_PATH, scratch)) for m in tree]
    tree_bytes += [(zoneinfo_data.TREE_PREFIX + name, data) for name, data in zones]
    boot_bytes = [(name, m.bytes_at(CORE_PATH, scratch)) for name, m in sorted(boot.items())]
    digest = hashlib.sha256()
    for name, data in boot_bytes + tree_bytes:
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    build = digest.hexdigest()[:16]
    marker = scratch.with_name("_wasipy_stdlib_tree.py")
    marker.write_text(
        f"# Generated by scripts/pack_stdlib.py: the per-module stdlib of browsers (crate/lazy_stdlib.py).\n"
        f"DIRECTORY = {TREE_PATH!r}\nARCHIVE = {CORE_PATH!r}\nEXTRA = {EXTRA_PATH!r}\nBUILD = {build!r}\n")
    boot_bytes.insert(0, (BUILD_MEMBER, build.encode()))
    boot_bytes.append(("_wasipy_stdlib_tree.pyc", compiled_for(marker, Path("_wasipy_stdlib_tree.py"), scratch, CORE_PATH)))
    marker.unlink()
    web_dir.mkdir(parents=True, exist_ok=True)
    boot_size = pack(web_dir / BOOT_NAME, boot_bytes)
    # Written afresh so that no file of an older build lingers beside the manifest.
    tree_tmp = web_dir / (TREE_DIR + ".tmp")
    if tree_tmp.exists():
        shutil.rmtree(tree_tmp)
    for name, data in tree_bytes:
        (tree_tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tree_tmp / name).write_bytes(data)
    if (web_dir / TREE_DIR).exists():
        shutil.rmtree(web_dir / TREE_DIR)
    tree_tmp.rename(web_dir / TREE_DIR)
    manifest = {
        "build": build,
        # What the first 4 bytes of every .pyc must be (loader and worker check them).
        "magic": importlib.util.MAGIC_NUMBER.hex(),
        "boot": BOOT_NAME,
        "directory": TREE_PATH,
        "files": {name: len(data) for name, data in tree_bytes},
    }
    (web_dir / MANIFEST_NAME).write_text(json.dumps(manifest, indent=0, sort_keys=True) + "\n")
    tree_size = sum(len(data) for _, data in tree_bytes)
    print(f"[stdlib] {len(boot_bytes) - 2} modules at start-up, {boot_size / 1e6:.2f} MB -> {web_dir / BOOT_NAME}", file=sys.stderr)
    print(f"[stdlib] {len(tree_bytes)} files fetched one by one, {tree_size / 1e6:.1f} MB -> {web_dir / TREE_DIR}/ (build {build})", file=sys.stderr)


def main(argv):
    parser = argparse.ArgumentParser(description="Packs the staged CPython stdlib (see this file's doc).")
    parser.add_argument("src")
    parser.add_argument("out")
    parser.add_argument("extra")
    parser.add_argument("wheels", nargs="*")
    parser.add_argument("--web", help="also write the browser's boot zip, per-module tree and manifest here")
    parser.add_argument("--boot", help="the modules of the boot zip, one per line (scripts/boot-modules.txt)")
    parser.add_argument("--zoneinfo", help="the tzdata wheel whose zone files go into the browsers' tree (with --web)")
    args = parser.parse_args(argv)
    if bool(args.web) != bool(args.boot):
        parser.error("--web and --boot go together")
    root = Path(args.src)
    assert (root / "os.py").is_file(), f"{root} does not look like a stdlib directory"
    tag = sys.implementation.cache_tag
    assert tag == "cpython-313", f"run this with Python 3.13 (this is {tag})"
    scratch = Path(args.out).with_name("pack.pyc")
    core, lazy, names = [], [], set()
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if excluded(rel):
            continue
        member = Member(str(rel.with_suffix(".pyc")), source=path, rel=rel)
        name = lazy_name(rel)
        if name:
            names.add(name)
            lazy.append(member)
        else:
            core.append(member)
    packages, package_names = installer_packages()
    lazy += packages
    names |= package_names
    for wheel in args.wheels:
        lazy += vendored(Path(wheel))
    names = sorted(names)
    index = f"# Generated by scripts/pack_stdlib.py: what {EXTRA_PATH} holds.\nARCHIVE = {EXTRA_PATH!r}\nNAMES = frozenset({names!r})\n"
    core.append(Member("_wasipy_lazy.pyc", rel=Path("_wasipy_lazy.py"), text=index))
    # The `>>>` block checker of the docs embed (crate/pycon.py): in the zip it
    # costs no start-up time, unlike the modules the crate loads at start.
    core.append(Member("_wasipy_pycon.pyc", source=PYCON_SOURCE, rel=Path("_wasipy_pycon.py")))
    core_size = pack(args.out, [(m.name, m.bytes_at(CORE_PATH, scratch)) for m in core])
    extra_size = pack(args.extra, [(m.name, m.bytes_at(EXTRA_PATH, scratch)) for m in lazy])
    print(f"[stdlib] {len(core)} modules, {core_size / 1e6:.1f} MB -> {args.out}", file=sys.stderr)
    print(f"[stdlib] {len(lazy)} modules fetched on first import, {extra_size / 1e6:.1f} MB -> {args.extra}", file=sys.stderr)
    if args.web:
        zones = zoneinfo_data.zone_files(args.zoneinfo) if args.zoneinfo else ()
        write_web(args.web, core, lazy, args.boot, scratch, zones)
    scratch.unlink(missing_ok=True)
    scratch.with_name("generated.py").unlink(missing_ok=True)


if __name__ == "__main__":
    main(sys.argv[1:])
