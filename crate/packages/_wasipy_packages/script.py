"""PEP 723 inline script metadata (`# /// script` ... `# ///`) of a snippet."""

import re
import tomllib

from .errors import InstallError

# The PEP's reference regular expression, unchanged.
REGEX = r"(?m)^# /// (?P<type>[a-zA-Z0-9-]+)$\s(?P<content>(^#(| .*)$\s)+)^# ///$"


def read_script_metadata(script):
    """The `script` block's table, or None when the snippet has none (the PEP's reference reader)."""
    name = "script"
    matches = [m for m in re.finditer(REGEX, script) if m.group("type") == name]
    if len(matches) > 1:
        raise InstallError(f"the snippet has {len(matches)} `# /// {name}` blocks; PEP 723 allows one")
    if not matches:
        return None
    content = "".join(
        line[2:] if line.startswith("# ") else line[1:]
        for line in matches[0].group("content").splitlines(keepends=True)
    )
    try:
        return tomllib.loads(content)
    except tomllib.TOMLDecodeError as e:
        raise InstallError(f"the snippet's `# /// script` block is not valid TOML: {e}") from None


def script_requirements(script):
    """(dependencies, requires_python or None) declared by the snippet's script block."""
    table = read_script_metadata(script) or {}
    deps = table.get("dependencies", [])
    if not isinstance(deps, list) or not all(isinstance(d, str) for d in deps):
        raise InstallError("the snippet's `# /// script` block: `dependencies` must be a list of strings")
    requires_python = table.get("requires-python")
    if requires_python is not None and not isinstance(requires_python, str):
        raise InstallError("the snippet's `# /// script` block: `requires-python` must be a string")
    return deps, requires_python
