"""The stdlib comes in two archives: python313.zip with what snippets commonly
import, and python313-extra.zip with the rest (email, http, asyncio, unittest,
pydoc's data...). Only the first is on sys.path at start-up, so a browser
downloads the second only when a snippet first imports one of its modules: this
finder then adds it to sys.path and lets the normal import go on. Hosts with a
real filesystem (wasmtime) have both files at hand anyway.

Browsers may instead have a small python313.zip with only what start-up needs
(it holds `_wasipy_stdlib_tree`, written by scripts/pack_stdlib.py --web) and
every other module as a file of its own under /usr/local/lib/python3.13, which
the page fetches when Python opens it (web/lib/filesystem.js). CPython's own
FileFinder imports those .pyc files; this module only puts their directory on
sys.path and turns a file that could not be fetched into an ImportError.
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


def _install_tree(tree):
    import os
    from importlib.machinery import (
        BYTECODE_SUFFIXES, EXTENSION_SUFFIXES, SOURCE_SUFFIXES,
        ExtensionFileLoader, FileFinder, PathFinder, SourceFileLoader, SourcelessFileLoader,
    )

    directory = tree.DIRECTORY
    # Where the page fetches the files from (web/lib/filesystem.js), for messages.
    base_url = os.environ.get("WASIPY_STDLIB_URL", "")
    # A flavour's packages (numpy) are files of the same folder fetched from their own URL.
    packages_url = os.environ.get("WASIPY_PACKAGES_URL", "")
    package_tops = frozenset(os.environ.get("WASIPY_PACKAGES_TOP", "").split())
    site_packages = f"{directory}/site-packages"

    class TreeFileLoader(SourcelessFileLoader):
        """A .pyc of the tree. The page fetches it when Python opens it: a failed
        fetch (said on stderr by the page, with why) fails the open, and the
        import then fails with an ImportError that names the module and the URL
        instead of an OSError. Nothing is cached: the next import tries again."""

        def get_data(self, path):
            try:
                return super().get_data(path)
            except OSError:
                rel = path[len(directory) + 1:]
                base = packages_url if rel.partition("/")[0] in package_tops else base_url
                url = base + rel if base else path
                raise ImportError(
                    f"cannot import {self.name!r}: {url} could not be fetched "
                    f"(the reason is above); run the import again",
                    name=self.name, path=path,
                ) from None

    loaders = [
        (ExtensionFileLoader, EXTENSION_SUFFIXES),
        (SourceFileLoader, SOURCE_SUFFIXES),
        (TreeFileLoader, BYTECODE_SUFFIXES),
    ]

    def tree_finder(path):
        # Installed packages in site-packages keep CPython's own finder.
        if path == directory or (path.startswith(directory + "/") and not (path + "/").startswith(site_packages + "/")):
            return FileFinder(path, *loaders)
        raise ImportError("not in the per-module stdlib")

    sys.path_hooks.insert(0, tree_finder)
    sys.path_importer_cache.clear()
    # Right after the zip, where the stdlib is searched.
    sys.path.insert(sys.path.index(tree.ARCHIVE) + 1 if tree.ARCHIVE in sys.path else len(sys.path), directory)

    # The archives a snapshot may have imported packages from: the stdlib zip,
    # and the extra one (a flavour's browser snapshot imports the installer).
    archives = tuple(a + "/" for a in (tree.ARCHIVE, getattr(tree, "EXTRA", None)) if a)

    class SplitPackages:
        """A package whose __init__ is in the boot zip (encodings, importlib,
        collections...), or that a snapshot imported from an archive the page
        does not have, has its other modules in the tree: its __path__ names
        only the archive, so its submodules are looked for in the tree's folder
        of the same name too (added to its __path__ the first time)."""

        def find_spec(self, fullname, path=None, target=None):
            if not isinstance(path, list):
                return None  # a namespace package's path: not one of the boot zip's packages
            folders = [directory + "/" + p[len(a):] for p in path or () for a in archives if p.startswith(a)]
            folders = [f for f in folders if f not in path]
            if not folders:
                return None
            path.extend(folders)
            return PathFinder.find_spec(fullname, folders, target)

    sys.meta_path.append(SplitPackages())


def install():
    try:
        import _wasipy_stdlib_tree  # in the browsers' boot zip (scripts/pack_stdlib.py --web)
    except ImportError:
        pass
    else:
        _install_tree(_wasipy_stdlib_tree)
        return
    try:
        import _wasipy_lazy  # written into python313.zip by scripts/pack_stdlib.py
    except ImportError:
        return  # a one-archive stdlib
    sys.meta_path.insert(0, _ExtraArchive(_wasipy_lazy.ARCHIVE, _wasipy_lazy.NAMES))
