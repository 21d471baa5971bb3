"""The Python side of the interpreter snapshot (crate/snapshot.rs).

At build time `wasmtime wizer` starts the interpreter once and keeps its
memory in the module; every process then resumes that interpreter instead of
starting one. What the snapshot froze at build time and a process must see as
its own is redone here, once per process, before any user code runs.
"""

import sys

MODULES = frozenset()  # set by warm()


# The browsers' per-module stdlib folder (scripts/pack_stdlib.py TREE_PATH),
# where a flavour's packages are on the page (scripts/pack_recipes.py --web).
TREE_DIRECTORY = "/usr/local/lib/python3.13"
# Written by scripts/flavour.sh into the files a flavour's browser module is
# snapshotted with: the compiled packages to import (one name per line). Never
# in the command line's /usr: python's modes discard the snapshot's interpreter,
# and numpy could not be imported again after that (crate/snapshot.rs).
IMPORTS_FILE = "/usr/local/lib/wasipy-snapshot-imports.txt"
# The stdlib's second archive (scripts/pack_stdlib.py EXTRA_PATH), which holds
# the package installer: on sys.path only here (crate/lazy_stdlib.py finds it
# later), so that a flavour's list may name the installer's modules.
EXTRA_ARCHIVE = "/usr/local/lib/python313-extra.zip"


def warm(names):
    """Imports what every start needs anyway, so that it is in the snapshot;
    and a flavour's browser module's compiled packages (numpy), from the folder
    browsers have their files in, so that what they import later is found there."""
    import importlib

    for name in names:
        importlib.import_module(name)
    try:
        with open(IMPORTS_FILE, encoding="utf-8") as f:
            packages = f.read().split()
    except FileNotFoundError:
        packages = []
    if packages:
        added = [TREE_DIRECTORY, EXTRA_ARCHIVE]
        sys.path.extend(added)
        try:
            for name in packages:
                importlib.import_module(name)
        finally:
            # The page puts the folder on sys.path itself, and finds the
            # installer's other modules in it too (crate/lazy_stdlib.py).
            for entry in added:
                sys.path.remove(entry)
                sys.path_importer_cache.pop(entry, None)
    # What a process of this module never imports from its files
    # (scripts/boot-modules.mjs leaves them out of the browsers' boot zip).
    global MODULES
    MODULES = frozenset(sys.modules)


def resume(environ):
    """Makes the snapshot's interpreter this process's. `environ`: the host's
    environment as (name, value) bytes pairs."""
    import posix

    # os.environ and os.environb wrap posix.environ, read once at build time
    # (from an empty environment): fill it with this process's.
    posix.environ.clear()
    posix.environ.update(environ)

    # The import system remembers the build's files: zip directories, folder
    # listings, finders per sys.path entry. This host's files may differ (a
    # browser's boot zip is not the build's full archive), so each is read
    # again from the host when next needed; the modules already imported stay.
    import zipimport

    zipimport._zip_directory_cache.clear()
    sys.path_importer_cache.clear()

    # Site directories that exist on this host but did not at build time.
    import os
    import site

    for directory in site.getsitepackages():
        if directory not in sys.path and os.path.isdir(directory):
            site.addsitedir(directory)

    # time's zone attributes (tzname, timezone...) were computed at build time,
    # without TZ: they are computed again from this process's TZ when first
    # read. Not now: in a browser that reads the zone's file, a download that
    # no start and no print() should wait for (localtime() reads it itself).
    time = sys.modules.get("time")
    if time is not None and hasattr(time, "tzset"):
        _zone_attributes_on_first_use(time)

    # random's generator was seeded at build time: seed it from this process's
    # entropy, as each `python` process does.
    random = sys.modules.get("random")
    if random is not None:
        random.seed()
    # numpy's global generator (np.random.random(), a flavour's browser snapshot)
    # likewise: seeded from entropy when numpy.random was imported at build time.
    mtrand = sys.modules.get("numpy.random.mtrand")
    if mtrand is not None:
        mtrand.seed()


ZONE_ATTRIBUTES = ("tzname", "timezone", "altzone", "daylight")


def _zone_attributes_on_first_use(time):
    """Takes the build's zone attributes off `time`; the first read of one
    calls time.tzset(), which sets them all for this process's TZ (a module
    __getattr__, PEP 562, is asked only for names the module does not have)."""
    for name in ZONE_ATTRIBUTES:
        time.__dict__.pop(name, None)

    def __getattr__(name):
        if name not in ZONE_ATTRIBUTES:
            raise AttributeError(f"module 'time' has no attribute {name!r}")
        del time.__getattr__
        time.tzset()
        return getattr(time, name)

    time.__getattr__ = __getattr__
