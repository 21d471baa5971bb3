"""Distributions built into the module: a flavour's compiled packages (numpy),
whose extension modules are linked in and whose Python files and .dist-info
scripts/pack_recipes.py put into the flavour's stdlib zip (or, for browsers,
the stdlib's folder). The resolver takes
them as installed: a requirement they satisfy needs no download, one they do
not satisfy is an error (they cannot be replaced), and nothing is installed
over them."""

import importlib.metadata
import sys

from ._vendor.packaging.utils import canonicalize_name

# The INSTALLER line scripts/pack_recipes.py writes into their .dist-info.
INSTALLER = "wasipy (built into the module)"


# Browsers have a flavour's files one per module in the stdlib's folder
# (scripts/pack_recipes.py --web); the command line has them in the zip.
STDLIB_FOLDER = "/usr/local/lib/python3.13"


def built_in():
    """canonical name -> Distribution built into this module."""
    archives = [p for p in sys.path if p.endswith(".zip") or p == STDLIB_FOLDER]
    found = {}
    for dist in importlib.metadata.distributions(path=archives):
        if is_built_in(dist) and dist.metadata["Name"]:
            found[canonicalize_name(dist.metadata["Name"])] = dist
    return found


def is_built_in(dist):
    return (dist.read_text("INSTALLER") or "").strip() == INSTALLER


def compiled_note():
    """What to add to "C extensions cannot load": the compiled packages there are."""
    names = sorted(f"{d.metadata['Name']} {d.version}" for d in built_in().values())
    if names:
        return f"; the compiled packages this wasipy module has built in: {', '.join(names)}"
    return ("; this wasipy module has no compiled packages built in: numpy and markupsafe are in wasipy's numpy module, "
            "which a page loads when one of them is declared (packages, data-packages or a # /// script block), and the command "
            "line runs with `make run FLAVOUR=numpy` (README, \"Compiled packages\")")
