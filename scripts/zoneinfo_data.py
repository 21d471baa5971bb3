"""The IANA time-zone files of wasipy, from the pinned `tzdata` wheel (pins.env).

Both hosts read them at /usr/share/zoneinfo, where musl's zone code
(scripts/musl-tz.sh: `TZ=Europe/Paris`) and the stdlib's `zoneinfo` (its
default TZPATH) look. The command line's are files in target/wasipy/usr/share/zoneinfo
(written here: python3 zoneinfo_data.py WHEEL OUT_DIR); the browsers' are files of
the per-module stdlib under TREE_PREFIX (scripts/pack_stdlib.py --zoneinfo),
which web/lib/filesystem.js mounts at /usr/share/zoneinfo and fetches when opened.
"""

import shutil
import sys
import zipfile
from pathlib import Path

WHEEL_PREFIX = "tzdata/zoneinfo/"
# Not an importable name (a hyphen): the folder sits in the stdlib's folder of
# the browsers' tree, where a plain name would import as a namespace package.
TREE_PREFIX = "zone-data/"


def zone_files(wheel):
    """(zone name, TZif bytes) of every zone in the wheel, e.g. ("Asia/Tokyo", b"TZif...")."""
    with zipfile.ZipFile(wheel) as zf:
        return [
            (info.filename[len(WHEEL_PREFIX):], zf.read(info))
            for info in sorted(zf.infolist(), key=lambda i: i.filename)
            if info.filename.startswith(WHEEL_PREFIX) and not info.is_dir()
            # the package's own Python files: only zone files below
            and not info.filename.endswith((".py", ".pyi")) and "__pycache__" not in info.filename
        ]


def main(wheel, out_dir):
    out = Path(out_dir)
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    files = zone_files(wheel)
    for name, data in files:
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_bytes(data)
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    print(f"[stdlib] {len(files)} time zones -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:])
