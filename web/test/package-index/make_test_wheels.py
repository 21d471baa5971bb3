"""Builds the tiny wheels the test index serves beside the real ones, for what
no real wheel shows: markers, extras, a conflict, a chain to a binary-only
package, chains to numpy, a wheel for another Python, a corrupt wheel, a yanked release and a
Requires-Python.

    python3 make_test_wheels.py OUTPUT_DIR

writes the wheels into OUTPUT_DIR and prints a JSON list on stdout:
[{"filename": ..., "yanked": false | "reason"}].

Each wheel is a real, importable package (a module with __version__ and a
function) with METADATA, WHEEL and RECORD, as pip would install it. The bytes
are the same on every run (fixed timestamps, sorted entries), so the sha256s
the index publishes do not change between test runs.
"""

import base64
import hashlib
import json
import sys
import zipfile
from pathlib import Path

# name, version, METADATA lines beyond Name/Version, wheel tag (a Python tag, or
# a whole python-abi-platform tag), yanked reason.
PACKAGES = [
    ("markerpkg", "1.0", ['Requires-Dist: six; sys_platform == "wasi"', 'Requires-Dist: nosuchpkg; sys_platform == "win32"'], "py3", False),
    ("extrapkg", "1.0", ["Provides-Extra: fancy", 'Requires-Dist: more-itertools; extra == "fancy"'], "py3", False),
    ("conflict-a", "1.0", ["Requires-Dist: six<1.0"], "py3", False),
    ("conflict-b", "1.0", ["Requires-Dist: six>=1.16"], "py3", False),
    ("needsbinary", "1.0", ["Requires-Dist: markupsafe"], "py3", False),
    # a project with a compiled wheel only, which no wasipy module has built in
    ("needsbinarylib", "1.0", ["Requires-Dist: binaryonly"], "py3", False),
    ("binaryonly", "1.0", [], "cp313-cp313-manylinux_2_17_x86_64", False),
    # numpy: built into the numpy flavour (numpy-packages.test.mjs), not on the index
    ("needsnumpy", "1.0", ["Requires-Dist: numpy>=1.26"], "py3", False),
    ("needsoldnumpy", "1.0", ["Requires-Dist: numpy<1"], "py3", False),
    ("oldpy", "1.0", [], "py2", False),
    ("yankpkg", "1.0", [], "py3", False),
    ("yankpkg", "2.0", [], "py3", "2.0 was released broken; use 1.0"),
    ("futurepkg", "1.0", [], "py3", False),
    ("futurepkg", "2.0", ["Requires-Python: >=3.14"], "py3", False),
]

# Right name, not a zip: what a client must refuse after its hash check passes.
CORRUPT = ("brokenpkg", "1.0", b"this is not a zip archive, whatever its name says\n")

FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def record_hash(data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest},{len(data)}"


def module_source(name, version):
    module = name.replace("-", "_")
    return (
        f'"""{name} {version}: a tiny package the wasipy tests install from their local index."""\n\n'
        f'__version__ = "{version}"\n\n\n'
        f"def hello():\n"
        f'    return "hello from {module} {version}"\n'
    ).encode()


def build_wheel(out_dir, name, version, extra_metadata, python_tag):
    module = name.replace("-", "_")
    tag = python_tag if "-" in python_tag else f"{python_tag}-none-any"
    dist_info = f"{module}-{version}.dist-info"
    metadata = "\n".join(["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}", f"Summary: {name} test package", *extra_metadata]) + "\n"
    wheel = "\n".join(["Wheel-Version: 1.0", "Generator: wasipy make_test_wheels.py", "Root-Is-Purelib: true", f"Tag: {tag}"]) + "\n"
    entries = {
        f"{module}/__init__.py": module_source(name, version),
        f"{dist_info}/METADATA": metadata.encode(),
        f"{dist_info}/WHEEL": wheel.encode(),
        f"{dist_info}/top_level.txt": f"{module}\n".encode(),
    }
    record = "".join(f"{path},{record_hash(data)}\n" for path, data in entries.items()) + f"{dist_info}/RECORD,,\n"
    entries[f"{dist_info}/RECORD"] = record.encode()
    filename = f"{module}-{version}-{tag}.whl"
    with zipfile.ZipFile(out_dir / filename, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in entries.items():
            info = zipfile.ZipInfo(path, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return filename


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: python3 make_test_wheels.py OUTPUT_DIR")
    out_dir = Path(sys.argv[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    built = []
    for name, version, extra_metadata, python_tag, yanked in PACKAGES:
        built.append({"filename": build_wheel(out_dir, name, version, extra_metadata, python_tag), "yanked": yanked})
    name, version, data = CORRUPT
    filename = f"{name}-{version}-py3-none-any.whl"
    (out_dir / filename).write_bytes(data)
    built.append({"filename": filename, "yanked": False})
    json.dump(built, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
