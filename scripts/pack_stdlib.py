"""Packs the staged CPython stdlib into one stored zip of .pyc files.

Run with the native Python of the same version as the WASI build (the .pyc
format is version-specific): python3.13 pack_stdlib.py SRC_DIR OUT_ZIP
The zip is read unchanged by wasmtime (mapped directory) and by the browser
(in-memory /usr): stored, not deflated, so zipimport reads members without
decompressing and the web server's gzip does the compressing on the wire.
"""

import importlib.util
import py_compile
import sys
import zipfile
from pathlib import Path

# Not useful without a GUI, a shell, pip or the test runner; or not importable under WASI.
EXCLUDED_TOP = {"test", "idlelib", "tkinter", "turtledemo", "ensurepip", "venv", "lib2to3", "site-packages", "__pycache__"}
FIXED_TIME = (2025, 1, 1, 0, 0, 0)  # reproducible archive


def excluded(rel: Path) -> bool:
    top = rel.parts[0]
    return top in EXCLUDED_TOP or top.startswith("config-3.13") or "__pycache__" in rel.parts


def main(src: str, out: str) -> None:
    root = Path(src)
    assert (root / "os.py").is_file(), f"{root} does not look like a stdlib directory"
    tag = sys.implementation.cache_tag
    assert tag == "cpython-313", f"run this with Python 3.13 (this is {tag})"
    count = 0
    tmp = Path(out + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as zf:
        for path in sorted(root.rglob("*.py")):
            rel = path.relative_to(root)
            if excluded(rel):
                continue
            # Unchecked-hash pycs: valid without their source and independent of mtimes.
            cfile = Path(py_compile.compile(
                str(path), cfile=str(tmp.parent / "pack.pyc"),
                # The path the module has at run time (its __file__'s folder, .py for
                # tracebacks): code that compares co_filename with __file__ (warnings'
                # skip_file_prefixes) then sees the same place.
                dfile=f"/usr/local/lib/python313.zip/{rel}",
                doraise=True, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
            ))
            info = zipfile.ZipInfo(str(rel.with_suffix(".pyc")), FIXED_TIME)
            zf.writestr(info, cfile.read_bytes())
            count += 1
    (tmp.parent / "pack.pyc").unlink(missing_ok=True)
    tmp.replace(out)
    size = Path(out).stat().st_size
    print(f"[stdlib] {count} modules, {size / 1e6:.1f} MB -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:])
