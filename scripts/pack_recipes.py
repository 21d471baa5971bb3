"""Packs compiled packages' Python files into a module flavour's stdlib zip.

Run with the native Python 3.13 (the .pyc format is version-specific):
  python3.13 pack_recipes.py BASE_ZIP OUT_ZIP RECIPE_DIR...
  python3.13 pack_recipes.py --web WEB_DIR RECIPE_DIR...
OUT_ZIP is BASE_ZIP (the plain module's python313.zip, scripts/pack_stdlib.py)
with, for each RECIPE_DIR (target/deps/recipes/NAME from scripts/recipes.sh),
the package's modules compiled to .pyc (site/, without its tests and the files
only a C compiler or a type checker reads) and a real NAME-VERSION.dist-info
from the sdist's own metadata (METADATA), so that importlib.metadata and the
package installer see the package as installed. Its extension modules are
built into the flavour's wasm module (crate/builtin_modules.rs), not files.

In the stdlib zip, not in site-packages: it is on sys.path in every way of
starting (host mode and python's command line), and a site-packages folder the
user maps (WASIPY_SITE_PACKAGES) cannot hide it.

With --web, the same files for browsers, laid out as the per-module stdlib is
(scripts/pack_stdlib.py --web): WEB_DIR/files/<path> one file each, compiled
for the stdlib tree's folder (/usr/local/lib/python3.13, where the page puts
them beside the stdlib's modules), and WEB_DIR/manifest.json listing them with
the packages they are; web/lib/loader.js reads it, the worker fetches a file
when Python first opens it. The flavour's browser snapshot imports them from
that same folder (scripts/flavour.sh), so their paths are the page's.
"""

import hashlib
import importlib.util
import json
import shutil
import sys
import zipfile
from email.parser import HeaderParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pack_stdlib import CORE_PATH, TREE_PATH, Member, pack  # noqa: E402

# Read by compilers and type checkers only (numpy's headers, Cython and Fortran
# sources, stubs), or meaningless here (PyInstaller hooks).
SKIPPED_SUFFIXES = {".pyi", ".pxd", ".pyx", ".h", ".c", ".f", ".f90", ".pyf", ".build", ".template", ".f2py_f2cmap"}
SKIPPED_DIRS = {"tests", "__pycache__", "_pyinstaller"}


def recipe_members(recipe: Path):
    """The (name, member) pairs of one recipe: its modules and its dist-info."""
    meta_path = recipe / "METADATA"
    if not meta_path.is_file():
        sys.exit(f"{meta_path} is missing: run scripts/recipes.sh again (it copies the sdist's PKG-INFO there)")
    metadata = meta_path.read_bytes()
    headers = HeaderParser().parsestr(metadata.decode("utf-8"))
    name, version = headers["Name"], headers["Version"]
    site = recipe / "site"
    members, record = [], []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site)
        if path.is_dir() or SKIPPED_DIRS & set(rel.parts[:-1]) or path.suffix in SKIPPED_SUFFIXES:
            continue
        if path.suffix == ".py":
            members.append(Member(str(rel.with_suffix(".pyc")), source=path, rel=rel))
        else:
            members.append(Member(str(rel), data=path.read_bytes()))
        record.append(members[-1].name)
    # The distribution's name as wheels spell it (PEP 427: - becomes _).
    dist_info = f"{name.replace('-', '_')}-{version}.dist-info"
    extra = {
        "METADATA": metadata,
        # Who put it there (PEP 376): pip shows it; wasipy's installer leaves it alone.
        "INSTALLER": b"wasipy (built into the module)\n",
    }
    for file, data in extra.items():
        members.append(Member(f"{dist_info}/{file}", data=data))
        record.append(f"{dist_info}/{file}")
    record.append(f"{dist_info}/RECORD")
    members.append(Member(f"{dist_info}/RECORD", data="".join(f"{r},,\n" for r in record).encode()))
    return name, version, members


def write_web(web_dir: Path, recipes):
    """WEB_DIR/files/ and WEB_DIR/manifest.json (see the module doc)."""
    scratch = web_dir.with_name("pack-recipes-web.pyc")
    files, packages = {}, {}
    for recipe in recipes:
        name, version, members = recipe_members(recipe)
        packages[name] = version
        for m in members:
            files[m.name] = m.bytes_at(TREE_PATH, scratch)
    scratch.unlink(missing_ok=True)
    digest = hashlib.sha256()
    for path, data in sorted(files.items()):
        digest.update(path.encode() + b"\0" + hashlib.sha256(data).digest())
    # Written afresh beside the old, then swapped: no file of an older build lingers.
    tmp = web_dir.with_name(web_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    for path, data in files.items():
        (tmp / "files" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp / "files" / path).write_bytes(data)
    manifest = {
        "build": digest.hexdigest()[:16],
        "magic": importlib.util.MAGIC_NUMBER.hex(),
        "directory": TREE_PATH,
        "packages": packages,
        "files": {path: len(data) for path, data in sorted(files.items())},
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=0, sort_keys=True) + "\n")
    shutil.rmtree(web_dir, ignore_errors=True)
    tmp.rename(web_dir)
    size = sum(len(d) for d in files.values())
    print(f"[flavour] {len(files)} files for browsers, {size / 1e6:.1f} MB -> {web_dir}/files/", file=sys.stderr)


def main(argv):
    if len(argv) >= 3 and argv[0] == "--web":
        return write_web(Path(argv[1]), [Path(a) for a in argv[2:]])
    if len(argv) < 3:
        sys.exit(__doc__)
    base, out, recipes = Path(argv[0]), Path(argv[1]), [Path(a) for a in argv[2:]]
    scratch = out.with_name("pack-recipes.pyc")
    with zipfile.ZipFile(base) as zf:
        entries = [(info.filename, zf.read(info)) for info in zf.infolist()]
    taken = {name for name, _ in entries}
    for recipe in recipes:
        name, version, members = recipe_members(recipe)
        for m in members:
            if m.name in taken:
                sys.exit(f"{recipe}: {m.name} is already in {base}")
            taken.add(m.name)
            entries.append((m.name, m.bytes_at(CORE_PATH, scratch)))
        print(f"[flavour] {name} {version}: {len(members)} files", file=sys.stderr)
    size = pack(out, entries)
    scratch.unlink(missing_ok=True)
    print(f"[flavour] {len(entries)} files, {size / 1e6:.1f} MB -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
