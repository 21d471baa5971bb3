"""The stdlib comes in two archives: python313.zip with what snippets commonly
import, and python313-extra.zip with the rest (email, http, asyncio, unittest,
pydoc's data...). Only the first is on sys.path at start-up, so a browser
downloads the second only when a snippet first imports one of its modules: this
finder then adds it to sys.path and lets the normal import go on. Hosts with a
real filesystem (wasmtime) have both files at hand anyway.
"""

import sys
import zipimport


class _ExtraArchive:
    def __init__(self, archive, names):
        self.archive = archive
        self.names = names

    def find_spec(self, fullname, path=None, target=None):
        # Names are top-level: submodules are searched in their package's own path.
        if fullname.partition(".")[0] not in self.names:
            return None
        try:
            # Opening it here is what makes the browser download it; the path
            # hook then reuses zipimport's cache of its directory.
            zipimport.zipimporter(self.archive)
        except zipimport.ZipImportError as e:
            # Not downloaded (the reason is on stderr above): stay installed and
            # leave no trace in Python's caches, so the next import tries again.
            if self.archive in sys.path:
                sys.path.remove(self.archive)
            sys.path_importer_cache.pop(self.archive, None)
            raise ImportError(
                f"cannot import {fullname!r}: it is in {self.archive}, which could not be "
                f"loaded ({e}); see the message above, then run the import again",
                name=fullname,
            ) from None
        sys.meta_path.remove(self)  # once on sys.path, the archive needs no help
        if self.archive not in sys.path:
            sys.path.append(self.archive)
        return None  # the path-based finder does the import


def install():
    try:
        import _wasipy_lazy  # written into python313.zip by scripts/pack_stdlib.py
    except ImportError:
        return  # a one-archive stdlib
    sys.meta_path.insert(0, _ExtraArchive(_wasipy_lazy.ARCHIVE, _wasipy_lazy.NAMES))
