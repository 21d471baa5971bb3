#!/usr/bin/env bash
# wasipy's docs site (docs/ -> target/docs-site) built by MkDocs with wasipy's own
# plugin from the wheel `make dist` wrote: its examples run at build time in
# wasipy, and a stale `>>>` example or a snippet that raises fails the build (--strict).
. "$(dirname "$0")/lib.sh"

OUT="${1:-$ROOT/target/docs-site}"
wheel="$(ls "$ROOT"/target/dist/wasipy-*.whl 2> /dev/null | head -n 1)"
[ -n "$wheel" ] || die "no wasipy wheel in target/dist" "run make dist first (make docs does)"
begin "the docs site in $(rel "$OUT") (log: $(rel "$LOG"))"
phase install
"$ROOT/target/docs-venv/bin/pip" install --quiet --disable-pip-version-check --no-deps --force-reinstall "$wheel" >> "$LOG" 2>&1 \
  || die "pip could not install $(rel "$wheel")" "see the log"
phase mkdocs
NO_MKDOCS_2_WARNING=1 PYTHONPATH='' "$ROOT/target/docs-venv/bin/mkdocs" build --strict -f "$ROOT/docs/mkdocs.yml" -d "$OUT" >> "$LOG" 2>&1 \
  || DIE_TAIL=40 die "mkdocs build failed" "the log names the page and line (a stale example, a snippet that raises, a broken link)"
finish "$(find "$OUT" -name index.html | wc -l) pages"
