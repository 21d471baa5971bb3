"""What the Sphinx extension and the MkDocs plugin share: reading a block's
options, and the messages a build prints about a block."""

from packaging.requirements import InvalidRequirement, Requirement

PYTHON_LANGUAGES = {"python", "python3", "py", "py3"}
PYCON_LANGUAGES = {"pycon", "python-console"}


def is_pycon(text):
    """True when the first non-blank line is a `>>>` prompt (as web/lib/pycon.js isPyconText)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return first.lstrip().startswith(">>>")


def parse_packages(value):
    """Requirements from an option: separated by spaces or commas, or a list.
    A bad one raises ValueError naming it (packaging's reason included)."""
    items = value if isinstance(value, (list, tuple)) else value.replace(",", " ").split()
    out = []
    for item in items:
        try:
            Requirement(item)
        except InvalidRequirement as e:
            raise ValueError(f"not a package requirement: {item!r} ({e})") from None
        out.append(item)
    return out


def parse_stdin(value):
    r"""An option's stdin text: `\n` is a new line (an option is one line), and a last new line is added."""
    text = value.replace("\\n", "\n")
    return text if not text or text.endswith("\n") else text + "\n"


def _last_line(text):
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def block_error_message(result):
    """A snippet that raised (or a checker that could not run) at build time."""
    if result.status == "crashed":
        return f"Python crashed running this block at build time ({result.error}); the page shows what it printed"
    if result.status == "exit":
        return f"this block exited with status {result.exit_code} at build time"
    return f"this block raised an exception at build time: {_last_line(result.text('stderr')) or 'see the page'}"


def timeout_message(limit):
    return (
        f"this block did not finish within {limit:g} s at build time (a loop that does not end, or input() "
        "reading more than its stdin option gives); it was stopped, and its session starts afresh for the next block"
    )


def _indent(text):
    return "".join(f"    {line}\n" for line in (text.rstrip("\n").splitlines() or ["(nothing)"]))


def stale_message(source, want, got):
    """A `>>>` example whose output is not what the page says, in doctest's words."""
    return f"stale >>> example:\n{_indent(source)}Expected:\n{_indent(want)}Got:\n{_indent(got)}".rstrip("\n")
