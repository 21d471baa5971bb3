#!/usr/bin/env bash
# The `wasipy` wheel (target/dist/wasipy-VERSION-py3-none-any.whl): python/ with
# the runtime a docs site serves, from dist/ (`npm run build`): the module, the
# stdlib archives and tree, the numpy flavour when built, embed.js and its chunks.
# Left out: the playground page, the example page and the .br/.gz copies.
. "$(dirname "$0")/lib.sh"

[ -f "$ROOT/dist/embed.js" ] || die "dist/ is not built" "run \`npm run build\` first (make dist does)"
bash "$ROOT/scripts/docs-venv.sh"
STAGE="$ROOT/target/python-dist"
OUT="$ROOT/target/dist"
begin "the wasipy wheel in $(rel "$OUT") (log: $(rel "$LOG"))"
rm -rf "$STAGE" && mkdir -p "$STAGE" "$OUT"
cp -r "$ROOT/python/." "$STAGE/"
rm -rf "$STAGE/wasipy/runtime" "$STAGE/wasipy/__pycache__"
# What the package must agree on with the command line, from the pins.
printf '"""Written by scripts/python-dist.sh from scripts/pins.env."""\n\nWASM_STACK = %s\n' "$WASMTIME_STACK" > "$STAGE/wasipy/_build_info.py"
phase runtime
mkdir -p "$STAGE/wasipy/runtime"
(cd "$ROOT/dist" && find . -type f ! -name '*.br' ! -name '*.gz' ! -name index.html ! -path './examples/*' -print0 \
  | xargs -0 cp --parents -t "$STAGE/wasipy/runtime") || die "could not copy dist/ into the wheel" ""
phase wheel
rm -f "$OUT"/wasipy-*.whl
"$ROOT/target/docs-venv/bin/pip" wheel --disable-pip-version-check --no-deps --no-build-isolation -w "$OUT" "$STAGE" >> "$LOG" 2>&1 \
  || die "pip wheel failed" "see the log"
wheel="$(ls "$OUT"/wasipy-*.whl)"
finish "$(rel "$wheel"), $(($(stat -c %s "$wheel") / 1048576)) MB"
