#!/usr/bin/env bash
# A Python environment for the docs tools (target/docs-venv): Sphinx, MyST,
# Furo, the Read the Docs theme, MkDocs, Material for MkDocs and wasmtime,
# pinned with hashes in python/docs-requirements.txt. Used by `make dist`,
# `make docs` and the tests that build docs sites; skipped when it is there.
. "$(dirname "$0")/lib.sh"

VENV="$ROOT/target/docs-venv"
REQS="$ROOT/python/docs-requirements.txt"
STAMP="$VENV/.stamp-$(stamp_for reqs "$(cat "$REQS")" | cut -d- -f2)"
[ -f "$STAMP" ] && { already "$VENV"; exit 0; }

begin "the docs tools in $(rel "$VENV") (Sphinx, MkDocs, wasmtime; log: $(rel "$LOG"))"
command -v python3 > /dev/null || die "python3 is not on PATH" "install Python 3.10 or newer"
python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))' || die "Python $(python3 -V) is too old for Sphinx 9" "install Python 3.10 or newer"
rm -rf "$VENV"
phase venv
python3 -m venv "$VENV" >> "$LOG" 2>&1 || die "python3 -m venv failed" "install the venv module (Debian: apt-get install python3-venv)"
phase install
"$VENV/bin/pip" install --disable-pip-version-check --no-input --require-hashes --no-deps -r "$REQS" >> "$LOG" 2>&1 \
  || die "pip could not install python/docs-requirements.txt" "see the log: often the network, or a Python other than 3.11 (the hashes are of its wheels)"
touch "$STAMP"
finish "Sphinx $("$VENV/bin/python" -c 'import sphinx; print(sphinx.__version__)'), MkDocs $("$VENV/bin/python" -c 'import mkdocs; print(mkdocs.__version__)')"
