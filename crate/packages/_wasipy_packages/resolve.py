"""Which versions to install: a resolvelib provider over the index pages and
metadata fetched so far, and the one clear message when no set of versions fits."""

import platform
from dataclasses import dataclass

from ._vendor.packaging.requirements import InvalidRequirement, Requirement
from ._vendor.packaging.specifiers import InvalidSpecifier, SpecifierSet
from ._vendor.packaging.utils import InvalidSdistFilename, canonicalize_name, parse_sdist_filename
from ._vendor.packaging.version import InvalidVersion, Version
from ._vendor.resolvelib import AbstractProvider, BaseReporter, ResolutionImpossible, ResolutionTooDeep, Resolver
from .built_in import compiled_note, is_built_in
from .errors import InOtherModule, InstallError, NeedFiles
from .index import project_url
from .sources import filename_of
from .wheels import check_supported, is_pure, metadata_from_wheel, parse_metadata, tag_priority, tags_text, wheel_name_version

PYTHON_VERSION = Version(platform.python_version())
PYTHON = "<python>"  # identifier of the interpreter, which a requires-python pins
ROOT = "your requirements"
# When resolution goes back through older versions of a project, each one's
# metadata would cost a round: ask for this many older ones in the same round.
BACKTRACK_AHEAD = 4


@dataclass(frozen=True)
class PythonRequirement:
    """A candidate's requires-python, resolved against the running interpreter."""
    specifier: SpecifierSet
    name: str = PYTHON

    def __str__(self):
        return f"Python {self.specifier}"


@dataclass(eq=False)
class Candidate:
    name: str  # canonical
    version: Version
    extras: frozenset = frozenset()
    url: str | None = None
    filename: str | None = None
    sha256: str | None = None
    index_file: object = None  # the IndexFile, for PEP 658 metadata
    installed: object = None  # an importlib.metadata.Distribution already in the target
    yanked: bool = False

    def __str__(self):
        return f"{self.name} {self.version}"


def identifier(name, extras):
    """`name` or `name[extra,...]`, extras normalized as PEP 685 says (`rich[Jupyter]` is `rich[jupyter]`)."""
    return f"{name}[{','.join(sorted({canonicalize_name(e) for e in extras}))}]" if extras else name


def allows_prereleases(requirements, pre):
    return pre or any(getattr(r, "specifier", None) is not None and r.specifier.prereleases for r in requirements)


def matches(requirement, version, prereleases_ok):
    if version.is_prerelease and not prereleases_ok:
        return False
    return requirement.specifier.contains(version, prereleases=True)


def pinned_exactly(requirement, version):
    """PEP 592: a yanked release is chosen only by a specifier that names exactly it."""
    return any(s.operator in ("==", "===") and "*" not in s.version and s.contains(version, prereleases=True)
               for s in requirement.specifier)


def python_allows(requires_python):
    try:
        return SpecifierSet(requires_python).contains(PYTHON_VERSION, prereleases=True)
    except InvalidSpecifier:
        return False  # a file whose requires-python does not parse is not one we can trust


class Provider(AbstractProvider):
    def __init__(self, sources, installed, pre, deps, elsewhere):
        self.sources = sources
        self.installed = installed  # canonical name -> Distribution in the target
        # canonical name -> the other wasipy module that has it built in (the host's
        # flavours): never looked up on the index, whose wheels of it are compiled.
        self.elsewhere = elsewhere
        self.pre = pre
        self.deps = deps
        self.parent_of = {}  # identifier -> the first candidate that required it (for messages)
        self._candidates = {}  # (identifier, version, url) -> Candidate, so one version is one object
        self._tried = {}  # identifier -> how many of its candidates resolution has asked dependencies of

    # -- resolvelib's interface --
    def identify(self, requirement_or_candidate):
        if isinstance(requirement_or_candidate, PythonRequirement):
            return PYTHON
        if isinstance(requirement_or_candidate, Candidate):
            return identifier(requirement_or_candidate.name, requirement_or_candidate.extras)
        return identifier(canonicalize_name(requirement_or_candidate.name), requirement_or_candidate.extras)

    def get_preference(self, identifier, resolutions, candidates, information, backtrack_causes):
        # Pinned and URL requirements first (fewest choices), then by name for a stable order.
        reqs = [i.requirement for i in information[identifier]]
        exact = any(getattr(r, "url", None) or any(s.operator == "==" for s in getattr(r, "specifier", ())) for r in reqs)
        return (not exact, identifier)

    def find_matches(self, identifier, requirements, incompatibilities):
        reqs = list(requirements[identifier])
        if identifier == PYTHON:
            python = self._candidate(PYTHON, PYTHON_VERSION, frozenset())
            return [python] if all(r.specifier.contains(PYTHON_VERSION, prereleases=True) for r in reqs) else []
        bad = {id(c) for c in incompatibilities[identifier]}
        name, extras = reqs[0].name, self._extras_of(identifier)
        name = canonicalize_name(name)
        if name in self.elsewhere and name not in self.installed:
            raise InOtherModule(name, self.elsewhere[name], chain(self, identifier, self.parent_of.get(identifier)))
        try:
            found = self._all_candidates(name, extras, reqs)
        except InstallError as e:
            raise InstallError(f"{e}\n  required by: {chain(self, identifier, self.parent_of.get(identifier))}") from None
        return [c for c in found if id(c) not in bad and self.acceptable(c, reqs)]

    def acceptable(self, candidate, reqs):
        if not all(self.is_satisfied_by(r, candidate) for r in reqs):
            return False
        if candidate.index_file is None:  # installed, or asked for by URL
            return True
        if candidate.version.is_prerelease and not allows_prereleases(reqs, self.pre):
            return False
        return not candidate.yanked or all(pinned_exactly(r, candidate.version) for r in reqs)

    def is_satisfied_by(self, requirement, candidate):
        if isinstance(requirement, PythonRequirement):
            return requirement.specifier.contains(candidate.version, prereleases=True)
        if canonicalize_name(requirement.name) != candidate.name:
            return False
        if requirement.url:
            return candidate.installed is not None or candidate.url == requirement.url
        return requirement.specifier.contains(candidate.version, prereleases=True)

    def get_dependencies(self, candidate):
        if candidate.name == PYTHON:
            return []
        deps = []
        if candidate.extras:
            # name[extra] stands on name itself, at the same version (resolvelib's extras pattern)
            base = Requirement(f"{candidate.name} @ {candidate.url}" if candidate.url and not candidate.index_file
                               else f"{candidate.name}=={candidate.version}")
            deps.append(base)
        if not self.deps:
            return deps
        ident = self.identify(candidate)
        self._tried[ident] = self._tried.get(ident, 0) + 1
        try:
            requires_dist, requires_python = self._metadata(candidate)
        except NeedFiles:
            if self._tried[ident] > 1:  # backtracking through this project's versions
                self._want_older(candidate)
            raise
        if requires_python and not python_allows(requires_python):
            deps.append(PythonRequirement(SpecifierSet(requires_python) if _valid_spec(requires_python) else SpecifierSet("<0")))
        for line in requires_dist:
            try:
                req = Requirement(line)
            except InvalidRequirement as e:
                raise InstallError(f"{candidate}: its metadata has a requirement that does not parse: {line!r} ({e})") from None
            if not self._applies(req, candidate.extras):
                continue
            deps.append(req)
        for req in deps:
            ident = self.identify(req)
            self.parent_of.setdefault(ident, candidate)
            if ident != PYTHON:
                # ask for every dependency's page in the same round as the one stopping it
                self.want_page(req)
        return deps

    # -- helpers --
    def want_page(self, req):
        """Asks for `req`'s index page in this round (none for a URL or a distribution already installed)."""
        name = canonicalize_name(req.name)
        if not req.url and name not in self.installed and name not in self.elsewhere:
            self.sources.want_project(name)

    def _want_older(self, candidate):
        """Wants the metadata of the next older versions resolution may try after `candidate`."""
        older = [c for c in self._index_candidates(candidate.name, candidate.extras)
                 if c.version < candidate.version and not c.yanked and (self.pre or not c.version.is_prerelease)]
        for c in older[:BACKTRACK_AHEAD]:
            f = c.index_file
            if f.metadata_hashes is not None:
                self.sources.want(f.metadata_url, "metadata", f.metadata_hashes.get("sha256"))
            else:
                self.sources.want(f.url, "wheel", f.sha256)

    def _applies(self, req, extras):
        if req.marker is None:
            return not extras  # unconditional dependencies come with the base candidate
        if extras:
            return any(req.marker.evaluate({"extra": e}) for e in extras) and not req.marker.evaluate({"extra": ""})
        return req.marker.evaluate({"extra": ""})

    @staticmethod
    def _extras_of(ident):
        _, _, rest = ident.partition("[")
        return frozenset(rest.rstrip("]").split(",")) if rest else frozenset()

    def _candidate(self, name, version, extras, **kw):
        key = (identifier(name, extras), str(version), kw.get("url"))
        if key not in self._candidates:
            self._candidates[key] = Candidate(name, version, extras, **kw)
        return self._candidates[key]

    def _all_candidates(self, name, extras, reqs):
        """Every candidate for `name`, best first: the installed one, a URL's wheel, or the index's."""
        if name in self.installed:
            dist = self.installed[name]
            return [self._candidate(name, Version(dist.version), extras, installed=dist)]
        urls = {r.url for r in reqs if r.url}
        if urls:
            return [self._url_candidate(name, extras, url) for url in sorted(urls)]
        return self._index_candidates(name, extras)

    def _url_candidate(self, name, extras, url):
        filename = filename_of(url)
        check_supported(filename)
        wheel_name, version, _tags = wheel_name_version(filename)
        if wheel_name != name:
            raise InstallError(f"{url}: the wheel is {wheel_name}, but the requirement names {name}")
        return self._candidate(name, version, extras, url=url, filename=filename)

    def _index_candidates(self, name, extras):
        best = {}  # version -> (priority, IndexFile)
        for f in self.sources.project_files(name):
            usable = usable_wheel(name, f)
            if usable is None:
                continue
            version, priority = usable
            if version not in best or priority < best[version][0]:
                best[version] = (priority, f)
        return [
            self._candidate(name, v, extras, url=f.url, filename=f.filename, sha256=f.sha256, index_file=f, yanked=f.yanked)
            for v, (_p, f) in sorted(best.items(), reverse=True)
        ]

    def _metadata(self, candidate):
        """(requires_dist, requires_python) of a candidate, from wherever it comes."""
        if candidate.installed is not None:
            return candidate.installed.requires or [], candidate.installed.metadata.get("Requires-Python")
        if candidate.index_file is not None:
            text = self.sources.metadata_text(candidate.index_file)
        else:
            text = metadata_from_wheel(self.sources.wheel_path(candidate.url), candidate.filename)
        meta_name, meta_version, requires_dist, requires_python = parse_metadata(text, candidate.filename)
        if canonicalize_name(meta_name) != candidate.name or _version_or_none(meta_version) != candidate.version:
            raise InstallError(f"{candidate.filename}: its metadata is for {meta_name} {meta_version}, not {candidate}")
        return requires_dist, requires_python


def _valid_spec(text):
    try:
        SpecifierSet(text)
        return True
    except InvalidSpecifier:
        return False


def _version_or_none(text):
    try:
        return Version(text)
    except InvalidVersion:
        return None


def usable_wheel(name, index_file):
    """(version, tag priority) when `index_file` is a wheel of `name` that wasipy can install, else None."""
    if not index_file.filename.endswith(".whl"):
        return None
    try:
        wheel_name, version, wheel_tags = wheel_name_version(index_file.filename)
    except InstallError:
        return None
    priority = tag_priority(wheel_tags)
    if wheel_name != name or priority is None:
        return None
    if index_file.requires_python and not python_allows(index_file.requires_python):
        return None
    return version, priority


def resolve(sources, requirements, installed, pre, deps, elsewhere=None):
    """The resolved candidates (name -> Candidate) for the root `requirements`;
    `elsewhere`: canonical name -> the wasipy module that has it built in."""
    provider = Provider(sources, installed, pre, deps, elsewhere or {})
    for req in requirements:
        provider.want_page(req)
    try:
        result = Resolver(provider, BaseReporter()).resolve(requirements, max_rounds=2000)
    except NeedFiles:
        want_ahead(provider, requirements)
        raise NeedFiles(list(sources.wanted.values())) from None
    except ResolutionImpossible as e:
        raise InstallError(explain(provider, e.causes, pre)) from None
    except ResolutionTooDeep:
        raise InstallError("could not find a set of versions that fit together after 2000 rounds of backtracking; "
                           "pin some versions (name==version) to narrow the choice") from None
    return {ident: c for ident, c in result.mapping.items() if ident != PYTHON and not c.extras}


def want_ahead(provider, roots):
    """Adds to this round the files that resolution will most likely ask for next.

    resolvelib stops at the first file missing, so alone it would take a round per
    file. This walks the requirements breadth-first from the roots, taking for each
    the best version the files at hand allow, and wants every page, metadata file
    (or wheel, without PEP 658) that walk reaches: one round per level of the tree."""
    sources, pending, seen = provider.sources, list(roots), set()
    while pending:
        req = pending.pop(0)
        if isinstance(req, PythonRequirement) or req.url:
            continue
        name = canonicalize_name(req.name)
        key = (name, str(req.specifier), frozenset(req.extras))
        if key in seen or name in provider.installed or name in provider.elsewhere:
            continue
        seen.add(key)
        if project_url(sources.index_url, name) not in sources.files:
            sources.want_project(name)
            continue
        try:
            best = next((c for c in provider._index_candidates(name, frozenset()) if provider.acceptable(c, [req])), None)
            if best is None:
                continue
            f = best.index_file
            url, kind, sha256 = (f.metadata_url, "metadata", f.metadata_hashes.get("sha256")) if f.metadata_hashes is not None else (f.url, "wheel", f.sha256)
            if url not in sources.files:
                sources.want(url, kind, sha256)
                continue
            requires_dist, _ = provider._metadata(best)
        except (InstallError, NeedFiles):
            continue  # the resolution itself will meet it and say so
        for line in requires_dist:
            try:
                dep = Requirement(line)
            except InvalidRequirement:
                continue
            extras = frozenset(canonicalize_name(e) for e in req.extras)
            if provider._applies(dep, frozenset()) or (extras and provider._applies(dep, extras)):
                pending.append(dep)


# -- why nothing fits --

def chain(provider, ident, parent):
    """'a 1.0 -> b 2.0 -> c': who pulled `ident` in, from the root down."""
    links = [ident]
    seen = set()
    while parent is not None and id(parent) not in seen:
        seen.add(id(parent))
        links.append(str(parent))
        parent = provider.parent_of.get(identifier(parent.name, parent.extras))
    links.append(ROOT)
    return " -> ".join(reversed(links))


def explain(provider, causes, pre):
    by_name = {}
    for cause in causes:
        by_name.setdefault(provider.identify(cause.requirement), []).append(cause)
    return "\n".join(_explain_one(provider, ident, infos, pre) for ident, infos in by_name.items())


def _explain_one(provider, ident, infos, pre):
    reqs = [i.requirement for i in infos]
    chains = [chain(provider, ident, i.parent) for i in infos]
    if ident == PYTHON:
        return "\n".join(f"{i.parent} requires {i.requirement}; wasipy is Python {PYTHON_VERSION}\n"
                         f"  required by: {c.removesuffix(' -> ' + PYTHON)}" for i, c in zip(infos, chains))
    name = canonicalize_name(reqs[0].name)
    distinct = sorted({str(r) for r in reqs})
    if len(distinct) > 1:
        lines = [f"{name}: conflicting requirements, no version satisfies them all:"]
        lines += [f"  {r}  (required by: {c})" for r, c in zip(reqs, chains)]
        if name not in provider.installed and not any(r.url for r in reqs):
            lines.append(f"  versions on the index: {_versions_text(provider, name)}")
        return "\n".join(lines)
    req, where = reqs[0], f"required by: {chains[0]}"
    if name in provider.installed:
        dist = provider.installed[name]
        if is_built_in(dist):
            return (f"{name} {dist.version} is built into this wasipy module (a compiled package), and {req} asks for "
                    f"another version, which wasipy cannot install\n  {where}")
        return (f"{name} {dist.version} is already installed, and {req} asks for another version; "
                f"a module already loaded cannot be replaced in a running session: start a new session to use "
                f"another version\n  {where}")
    return f"{_why_no_wheel(provider, name, req, pre)}\n  {where}"


def _versions_text(provider, name):
    versions = sorted({v for v, _ in _all_files(provider, name)})
    return ", ".join(str(v) for v in versions) or "none"


def _all_files(provider, name):
    """(version, IndexFile) of every file of `name` on the index whose name parses."""
    out = []
    for f in provider.sources.project_files(name):
        try:
            if f.filename.endswith(".whl"):
                _n, v, _t = wheel_name_version(f.filename)
            else:
                _n, v = parse_sdist_filename(f.filename)
        except (InstallError, InvalidSdistFilename):
            continue
        out.append((v, f))
    return out


def _why_no_wheel(provider, name, req, pre):
    files = _all_files(provider, name)
    if not files:
        return f"{name}: the index lists no files for it ({project_url(provider.sources.index_url, name)})"
    prereleases_ok = allows_prereleases([req], pre)
    matching = [(v, f) for v, f in files if matches(req, v, prereleases_ok)]
    if not matching:
        versions = ", ".join(str(v) for v in sorted({v for v, _ in files}))
        hint = "" if prereleases_ok or not any(v.is_prerelease for v, _ in files) else " (pre-releases are skipped unless asked for: pre=True)"
        return f"{name}: no version matches {req}; the index has: {versions}{hint}"
    wheels = [(v, f) for v, f in matching if f.filename.endswith(".whl")]
    usable = [(v, f) for v, f in wheels if usable_wheel(name, f) is not None]
    if usable and all(f.yanked for _, f in usable):
        return (f"{name}: every version matching {req} is yanked ({', '.join(sorted({str(v) for v, _ in usable}))}); "
                f"pin one with == to install it anyway")
    too_new = [(v, f) for v, f in wheels if f.requires_python and not python_allows(f.requires_python)]
    if too_new:
        v, f = too_new[0]
        return f"{name}: the versions matching {req} need another Python (e.g. {name} {v} requires Python {f.requires_python}); wasipy is Python {PYTHON_VERSION}"
    among = f" among the versions matching {req.specifier}" if req.specifier else ""
    pure = [f for _, f in wheels if is_pure(wheel_name_version(f.filename)[2])]
    if pure:
        f = pure[0]
        return (f"{name}: no wheel for wasipy's Python{among}: "
                f"{f.filename} is for {tags_text(wheel_name_version(f.filename)[2])}; wasipy takes py3-none-any or cp313-none-any wheels")
    if wheels:
        platforms = sorted({t.platform for _, f in wheels for t in wheel_name_version(f.filename)[2]})
        return (f"{name}: no pure-Python wheel{among} (its wheels are for platforms: "
                f"{', '.join(platforms[:4])}{', ...' if len(platforms) > 4 else ''}, e.g. {wheels[0][1].filename}); "
                f"sdists are not built, and C extensions cannot load in wasipy{compiled_note()}")
    return f"{name}: no wheel{among}, only source distributions (e.g. {matching[0][1].filename}); sdists are not built"
