"""wasipy's package installer: pure-Python wheels from a simple index or a URL.

Python does no network I/O here (WASI has none). A host drives rounds: it calls
step(request); the answer lists the files still to fetch ("need"); the host
fetches them, adds them to request["files"] and calls step again, until the
answer is "done" (installed) or "error" (with "module" and "package" when the
package missing is built into another wasipy module: request["elsewhere"],
name -> module, says which the host can load). Each round resolves again from scratch
with the files fetched so far, so rounds are deterministic.
install() runs the same rounds in-process with a fetch function.

"done" holds what this call installed, what was there already, and the plan:
every distribution the request needs (those wasipy installed earlier too), which
a later request can pass as `locked` to install the same wheels with no index request.
"""

import importlib
import importlib.metadata
import os
import shutil
import site
import sys
import traceback
import uuid

from ._vendor.packaging.requirements import InvalidRequirement, Requirement
from ._vendor.packaging.specifiers import InvalidSpecifier, SpecifierSet
from ._vendor.packaging.utils import canonicalize_name
from .built_in import built_in, is_built_in
from .errors import InOtherModule, InstallError, NeedFiles
from .resolve import PYTHON_VERSION, resolve
from .script import script_requirements
from .sources import Sources, filename_of
from .wheels import check_supported, install_wheel, move_into, plan_entry, sha256_of, wheel_name_version

__all__ = ["step", "install", "InstallError"]

WHEEL_URL_SCHEMES = ("http://", "https://", "file://")


def step(request):
    """One round: {"need": [...]}, {"done": {...}} or {"error": "..."} (see the module docstring)."""
    try:
        return {"done": _run(request)}
    except NeedFiles as e:
        return {"need": e.needs}
    except InOtherModule as e:
        return {"error": str(e), "module": e.module, "package": e.name}
    except InstallError as e:
        return {"error": str(e)}
    except Exception:
        # A bug of the installer, not of the request: the host still gets one answer.
        return {"error": "wasipy's installer failed unexpectedly (a bug: please report it):\n" + traceback.format_exc()}


def install(requirements, *, index_url, fetch, script=None, target=None, deps=True, pre=False, progress=None):
    """Runs step() rounds with `fetch(need_list) -> {url: file entry}` until done; returns the done dict.

    `progress(need_list)`, when given, is called before each fetch. Raises InstallError."""
    request = {
        "requirements": [requirements] if isinstance(requirements, str) else list(requirements),
        "script": script, "index_url": index_url, "files": {}, "locked": None,
        "target": target, "deps": deps, "pre": pre,
    }
    while True:
        answer = step(request)
        if "error" in answer:
            raise InstallError(answer["error"])
        if "done" in answer:
            return answer["done"]
        needs = answer["need"]
        if progress is not None:
            progress(needs)
        fetched = fetch(needs)
        missing = [n["url"] for n in needs if n["url"] not in fetched]
        if missing:
            # Without this check a fetch that skips a URL would make the rounds go on forever.
            raise InstallError(f"the fetch function gave no answer for {missing[0]}")
        request["files"] = {**request["files"], **fetched}


def _root_requirement(text):
    """A PEP 508 requirement; the URL of a .whl becomes `name @ url`."""
    text = text.strip()
    if text.startswith(WHEEL_URL_SCHEMES):
        filename = filename_of(text)
        if not filename.endswith(".whl"):
            raise InstallError(f"{text}: a URL to install must name a .whl file (sdists are not built)")
        name, _version, _tags = wheel_name_version(filename)
        return Requirement(f"{name} @ {text}")
    try:
        return Requirement(text)
    except InvalidRequirement as e:
        raise InstallError(f"{text!r} is not a valid requirement (PEP 508):\n{e}") from None


def _requirements(request):
    texts = list(request.get("requirements") or [])
    if request.get("script"):
        deps, requires_python = script_requirements(request["script"])
        if requires_python is not None:
            try:
                ok = SpecifierSet(requires_python).contains(PYTHON_VERSION, prereleases=True)
            except InvalidSpecifier as e:
                raise InstallError(f"the snippet's `# /// script` block: requires-python {requires_python!r} does not parse ({e})") from None
            if not ok:
                raise InstallError(f"the snippet requires Python {requires_python} (its `# /// script` block); wasipy is Python {PYTHON_VERSION}")
        texts += deps
    reqs = [_root_requirement(t) for t in texts]
    # a root requirement whose marker excludes this interpreter is not needed here
    return [r for r in reqs if r.marker is None or r.marker.evaluate({"extra": ""})]


def _installed(target):
    """canonical name -> Distribution already installed in `target`."""
    if not os.path.isdir(target):
        return {}
    return {canonicalize_name(d.metadata["Name"]): d for d in importlib.metadata.distributions(path=[target]) if d.metadata["Name"]}


def _plan_from_resolution(resolved, sources):
    """(wheels to install, already installed, the plan): the plan names every resolved
    distribution, those installed earlier by wasipy too, so that a fresh session can replay it."""
    to_install, already, plan = [], [], []
    for c in sorted(resolved.values(), key=lambda c: c.name):
        if c.installed is not None:
            already.append({"name": c.name, "version": str(c.version)})
            earlier = plan_entry(c.installed)
            if earlier is not None:
                plan.append(earlier)
            elif is_built_in(c.installed):
                # Named so that the plan, replayed in a module without it (the plain one), fails and resolves afresh.
                plan.append({"name": c.name, "version": str(c.version), "built_in": True})
        else:
            sha256 = c.sha256
            if sha256 is None:  # a wheel given by URL: its hash is the one fetched, for a locked replay
                sha256 = sha256_of(sources.wheel_path(c.url))
            item = {"name": c.name, "version": str(c.version), "url": c.url, "sha256": sha256, "filename": c.filename}
            to_install.append(item)
            plan.append(item)
    return to_install, already, plan


def _plan_from_lock(locked, installed):
    to_install, already = [], []
    for item in locked:
        name = canonicalize_name(item["name"])
        dist = installed.get(name)
        if item.get("built_in"):
            if dist is None or not is_built_in(dist) or dist.version != item["version"]:
                raise InstallError(f"the plan needs {name} {item['version']} built into the module, and this module has "
                                   f"{'no ' + name if dist is None or not is_built_in(dist) else name + ' ' + dist.version} built in")
            already.append({"name": name, "version": dist.version})
            continue
        if dist is None:
            check_supported(item["filename"])
            to_install.append(dict(item))
        elif dist.version == item["version"]:
            already.append({"name": name, "version": dist.version})
        else:
            raise InstallError(f"{name} {dist.version} is already installed, and the locked plan asks for {item['version']}; "
                               f"a module already loaded cannot be replaced in a running session: start a new session")
    return to_install, already, [dict(item) for item in locked]


def _run(request):
    target = request.get("target") or site.getsitepackages()[0]
    sources = Sources(request.get("index_url") or "", request.get("files") or {})
    # What the module has built in counts as installed, and wins: it cannot be replaced.
    installed = {**_installed(target), **built_in()}
    if request.get("locked") is not None:
        to_install, already, plan = _plan_from_lock(request["locked"], installed)
    else:
        elsewhere = {canonicalize_name(name): module for name, module in (request.get("elsewhere") or {}).items()}
        resolved = resolve(sources, _requirements(request), installed, bool(request.get("pre")), request.get("deps", True), elsewhere)
        to_install, already, plan = _plan_from_resolution(resolved, sources)
    sources.need_wheels(to_install)
    paths = [sources.wheel_path(item["url"], item["sha256"]) for item in to_install]
    for item in to_install:
        check_supported(item["filename"])
    _install_atomically(target, to_install, paths)
    return {
        "installed": [{"name": i["name"], "version": i["version"], "filename": i["filename"]} for i in to_install],
        "already": already,
        "plan": plan,
    }


def _install_atomically(target, items, paths):
    """All wheels or none: unpacked into a staging directory beside `target`, then moved in."""
    if not items:
        return
    parent = os.path.dirname(os.path.abspath(target))
    staging = os.path.join(parent, f".wasipy-staging-{uuid.uuid4().hex[:12]}")
    os.makedirs(staging)
    pth_before = _pth_files(target)
    try:
        for item, path in zip(items, paths):
            install_wheel(path, item, staging)
        move_into(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    importlib.invalidate_caches()
    if os.path.abspath(target) in {os.path.abspath(p) for p in sys.path if isinstance(p, str)}:
        # Already on sys.path: run only the .pth files this install brought (addsitedir would run them all again).
        for name in sorted(_pth_files(target) - pth_before):
            site.addpackage(target, name, None)
    else:
        site.addsitedir(target)  # on sys.path, and its .pth files run


def _pth_files(directory):
    try:
        return {name for name in os.listdir(directory) if name.endswith(".pth")}
    except FileNotFoundError:
        return set()
