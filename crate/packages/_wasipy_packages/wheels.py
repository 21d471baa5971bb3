"""Wheels: which ones wasipy can use, their metadata, their checks and their installation."""

import hashlib
import io
import json
import os
import sys
import zipfile
import zlib

from ._vendor.installer import install as installer_install
from ._vendor.installer.destinations import SchemeDictionaryDestination
from ._vendor.installer.exceptions import InstallerError
from ._vendor.installer.records import RecordEntry, parse_record_file
from ._vendor.installer.scripts import Script
from ._vendor.installer.utils import Scheme
from ._vendor.installer.sources import WheelFile
from ._vendor.packaging import tags
from ._vendor.packaging.metadata import parse_email
from ._vendor.packaging.utils import InvalidWheelFilename, canonicalize_name, parse_wheel_filename
from .errors import InstallError

# Pure-Python wheels for CPython 3.13 only: wasipy cannot load C extensions
# built for any other platform, and has none built for WASI.
SUPPORTED_TAGS = list(tags.compatible_tags(python_version=(3, 13), interpreter="cp313", platforms=["any"]))
_TAG_PRIORITY = {tag: i for i, tag in enumerate(SUPPORTED_TAGS)}
SUPPORTED_TEXT = "py3-none-any, py313-none-any, cp313-none-any"


def wheel_name_version(filename):
    """(canonical name, Version, frozenset of tags) of a wheel file name; raises InstallError."""
    try:
        name, version, _build, wheel_tags = parse_wheel_filename(filename)
    except InvalidWheelFilename as e:
        raise InstallError(f"{filename}: not a valid wheel file name ({e})") from None
    return canonicalize_name(name), version, wheel_tags


def tag_priority(wheel_tags):
    """Lower is better; None when no tag of the wheel is one wasipy supports."""
    ranks = [_TAG_PRIORITY[t] for t in wheel_tags if t in _TAG_PRIORITY]
    return min(ranks) if ranks else None


def is_pure(wheel_tags):
    return any(t.platform == "any" and t.abi == "none" for t in wheel_tags)


def tags_text(wheel_tags):
    return ".".join(sorted({f"{t.interpreter}-{t.abi}-{t.platform}" for t in wheel_tags}))


def check_supported(filename):
    """Raises InstallError naming the tag when the wheel is not for wasipy's Python."""
    _name, _version, wheel_tags = wheel_name_version(filename)
    if tag_priority(wheel_tags) is not None:
        return
    if is_pure(wheel_tags):
        why = f"it is for another Python ({tags_text(wheel_tags)}); wasipy is CPython 3.13 and takes {SUPPORTED_TEXT}"
    else:
        why = (f"it is built for a platform ({tags_text(wheel_tags)}); wasipy runs pure-Python wheels only "
               f"({SUPPORTED_TEXT}), and C extensions cannot load in WebAssembly")
    raise InstallError(f"{filename}: {why}")


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def check_sha256(path, expected, what):
    """Raises InstallError when the file at `path` does not have the sha256 the index gave."""
    if not expected:
        return
    got = sha256_of(path)
    if got.lower() != expected.lower():
        raise InstallError(f"{what}: sha256 mismatch: the index says {expected.lower()}, the download has {got}; nothing was installed")


def check_is_wheel(path, url, content_type):
    """Raises InstallError unless the body at `path` is a zip archive (a wheel)."""
    with open(path, "rb") as f:
        head = f.read(512)
    if zipfile.is_zipfile(path):
        return
    ctype = (content_type or "").split(";")[0].strip()
    if ctype == "text/html" or head.lstrip().lower().startswith((b"<!doctype", b"<html")):
        raise InstallError(f"{url} returned an HTML page (content-type {ctype or 'none'}), not a wheel: check the URL")
    raise InstallError(f"{url} is not a wheel: its content is not a zip archive (starts with {head[:16]!r})")


def _dist_info_dir(zf, filename):
    dirs = {n.split("/", 1)[0] for n in zf.namelist() if n.split("/", 1)[0].endswith(".dist-info")}
    name, version, _tags = wheel_name_version(filename)
    for d in dirs:
        d_name, _, d_version = d[: -len(".dist-info")].rpartition("-")
        if canonicalize_name(d_name) == name:
            return d
    raise InstallError(f"{filename}: corrupt wheel: it has no {name}-{version}.dist-info directory")


def metadata_from_wheel(path, filename):
    """The text of `*.dist-info/METADATA` inside the wheel at `path`."""
    try:
        with zipfile.ZipFile(path) as zf:
            member = _dist_info_dir(zf, filename) + "/METADATA"
            try:
                return zf.read(member).decode("utf-8")
            except KeyError:
                raise InstallError(f"{filename}: corrupt wheel: {member} is missing") from None
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as e:
        raise InstallError(f"{filename}: corrupt wheel: {e}") from None


def parse_metadata(text, what):
    """(name, version, requires_dist list, requires_python or None) of a METADATA text."""
    raw, _unparsed = parse_email(text)
    if "name" not in raw or "version" not in raw:
        raise InstallError(f"{what}: its metadata has no Name or Version")
    return raw["name"], raw["version"], raw.get("requires_dist", []), raw.get("requires_python")


# Written into each installed distribution's .dist-info: where its wheel came from,
# so that a later plan can name distributions installed earlier (see plan_entry).
SOURCE_FILE = "wasipy_source.json"


class _WasiDestination(SchemeDictionaryDestination):
    """installer's destination, writing no executable bits: WASI has no umask or
    chmod (installer's make_file_executable calls os.umask), and a launcher
    script cannot be run inside wasipy anyway. Scripts are still written and
    recorded, as pip would."""

    def write_to_fs(self, scheme, path, stream, is_executable):
        return super().write_to_fs(scheme, path, stream, False)

    def write_script(self, name, module, attr, section):
        script_name, data = Script(name, module, attr, section).generate(self.interpreter, self.script_kind)
        with io.BytesIO(data) as stream:
            return self.write_to_fs(Scheme("scripts"), script_name, stream, False)


def install_wheel(path, item, staging):
    """Unpacks one checked wheel (`item`: its plan entry) into `staging` with installer; InstallError if it is corrupt."""
    filename = item["filename"]
    scheme = {
        "purelib": staging, "platlib": staging,
        "headers": os.path.join(staging, "include"),
        "scripts": os.path.join(staging, "bin"),
        "data": staging,
    }
    # Nothing to byte-compile for (Python writes .pyc beside the modules when imported)
    # and no launchers: the posix kind needs no Windows .exe.
    destination = _WasiDestination(scheme, interpreter=sys.executable, script_kind="posix")
    try:
        with zipfile.ZipFile(path) as archive:
            # installer takes the name and version from the archive's file name, and
            # hosts keep downloads under names of their own: it gets the wheel's name
            archive.filename = filename
            source = WheelFile(archive)
            # every file against the wheel's RECORD before anything is written
            source.validate_record(validate_contents=False)
            _check_contents(path, source, filename)
            installer_install(source, destination, {"INSTALLER": b"wasipy\n", SOURCE_FILE: json.dumps(item).encode()})
    except (InstallerError, zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, zlib.error) as e:
        raise InstallError(f"{filename}: corrupt wheel: {type(e).__name__}: {e}") from None


def _check_contents(path, source, filename):
    """Each file's hash and size against RECORD. installer's own check
    (validate_contents=True) writes to os.devnull, which WASI hosts do not provide."""
    records = {row[0]: RecordEntry.from_elements(*row) for row in parse_record_file(source.read_dist_info("RECORD").splitlines())}
    with zipfile.ZipFile(path) as zf:
        for item in zf.infolist():
            record = records.get(item.filename)
            if item.is_dir() or record is None or record.hash_ is None:
                continue  # validate_record has already refused files that RECORD does not list
            data = zf.read(item)
            if (record.size is not None and len(data) != record.size) or not record.hash_.validate(data):
                raise InstallError(f"{filename}: corrupt wheel: {item.filename} does not match its hash in RECORD")


def plan_entry(dist):
    """The plan entry of a distribution wasipy installed earlier, or None (installed otherwise)."""
    text = dist.read_text(SOURCE_FILE)
    try:
        entry = json.loads(text) if text else None
    except ValueError:
        return None
    return entry if isinstance(entry, dict) and {"name", "version", "url", "sha256", "filename"} <= entry.keys() else None


def move_into(staging, target):
    """Moves what `staging` holds into `target`, after checking it overwrites nothing."""
    clashes = []
    for dirpath, _dirs, files in os.walk(staging):
        rel = os.path.relpath(dirpath, staging)
        for f in files:
            dest = os.path.normpath(os.path.join(target, rel, f))
            if os.path.lexists(dest):
                clashes.append(dest)
    if clashes:
        raise InstallError("installing would overwrite files already in the target: " + ", ".join(clashes[:5]))
    os.makedirs(target, exist_ok=True)
    _merge(staging, target)


def _merge(src, dest):
    for entry in sorted(os.listdir(src)):
        s, d = os.path.join(src, entry), os.path.join(dest, entry)
        if os.path.isdir(s) and os.path.isdir(d):
            _merge(s, d)  # a namespace package or bin/ shared with an installed distribution
        else:
            os.rename(s, d)
