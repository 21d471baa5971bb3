"""The Python side of the interpreter snapshot (crate/snapshot.rs).

At build time `wasmtime wizer` starts the interpreter once and keeps its
memory in the module; every process then resumes that interpreter instead of
starting one. What the snapshot froze at build time and a process must see as
its own is redone here, once per process, before any user code runs.
"""

import sys

MODULES = frozenset()  # set by warm()


def warm(names):
    """Imports what every start needs anyway, so that it is in the snapshot."""
    import importlib

    for name in names:
        importlib.import_module(name)
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

    # random's generator was seeded at build time: seed it from this process's
    # entropy, as each `python` process does.
    random = sys.modules.get("random")
    if random is not None:
        random.seed()
