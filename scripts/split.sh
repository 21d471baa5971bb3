#!/usr/bin/env bash
# Step: the browsers' module in two parts (web/lib/rare-code.js). binaryen's
# wasm-split instruments the snapshot module, the page's host runs it on what
# first runs of a page do (scripts/split-profile.mjs), and the functions those
# runs called stay in target/wasipy/web/wasipy.wasm; the rest (SQLite,
# unicodedata, the CJK codecs, _decimal, rare paths) go to wasipy-rare.wasm,
# which a page fetches after its first output, with the tables only that code
# reads (scripts/split-data.mjs); its placeholders call one import that links
# the rest (scripts/split-placeholders.mjs). The command line keeps the
# whole module (target/wasipy/wasipy.wasm). A few seconds.
#   scripts/split.sh WHOLE OUT_DIR [STDLIB_DIR [FLAVOUR PACKAGES_DIR]]
# A flavour's browser module (scripts/flavour.sh) is profiled with its packages'
# files (PACKAGES_DIR: manifest.json, files/) and its own first runs too.
. "$(dirname "$0")/lib.sh"

whole="$1" out="$2" stdlib="${3:-$ROOT/target/wasipy/usr/local/lib}" flavour="${4:-}" packages="${5:-}"
# The linker's map of the module WHOLE was made from (scripts/crate.sh, flavour.sh keep it beside it).
map="$(dirname "$whole")/wasipy-link.map"
primary="$out/wasipy.wasm" rare="$out/wasipy-rare.wasm"
SPLIT="$DEPS/binaryen/usr/bin/wasm-split"
[ -f "$whole" ] || die "$whole is missing" "run make build"
[ -x "$SPLIT" ] || die "wasm-split is missing" "run scripts/binaryen.sh (or make deps)"
# Made again when the module, the stdlib or the profile's runs changed.
if [ -f "$primary" ] && [ -f "$rare" ]; then
  newer="$(find "$whole" "$stdlib/python313.zip" "$stdlib/python313-extra.zip" "$0" "$ROOT/scripts/split-profile.mjs" "$ROOT/scripts/split-snippets.mjs" "$ROOT/scripts/split-data.mjs" "$ROOT/scripts/split-placeholders.mjs" "$ROOT/scripts/split-key.mjs" \
    "$ROOT/web/lib/python-host.js" "$ROOT/web/lib/rare-code.js" "$ROOT/web/lib/package-install.js" "$ROOT/web/lib/options.js" "$ROOT/web/playground/examples.js" \
    ${packages:+"$packages/manifest.json"} -newer "$rare" -print -quit 2>/dev/null || true)"
  [ -z "$newer" ] && exit 0
fi
# The module's own features (not --all-features: binaryen then may write encodings Chromium refuses).
features=(--enable-bulk-memory --enable-sign-ext --enable-mutable-globals --enable-nontrapping-float-to-int)
begin "wasm-split: the browsers' ${flavour:+$flavour }module in two parts (log: $(rel "$LOG"))"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/wasipy-split.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
phase instrument
"$SPLIT" --instrument "${features[@]}" "$whole" -o "$tmp/instrumented.wasm" >> "$LOG" 2>&1 || die "wasm-split --instrument failed" "the log says why" "$LOG"
phase profile
node "$ROOT/scripts/split-profile.mjs" "$tmp/instrumented.wasm" "$stdlib" "$tmp/profile" ${flavour:+"$flavour" "$packages"} >> "$LOG" 2>&1 ||
  DIE_TAIL=30 die "the profile run of the instrumented module failed" "fix what it says above (a snippet of scripts/split-profile.mjs that crashed?)" "$LOG"
phase split
# --verbose: the functions it kept in the first part, which the data step needs.
"$SPLIT" --split --verbose --profile="$tmp/profile" "${features[@]}" --export-prefix=% "$whole" -o1 "$tmp/wasipy.wasm" -o2 "$tmp/wasipy-rare.wasm" \
  > "$tmp/functions.txt" 2>> "$LOG" || die "wasm-split --split failed" "the log says why" "$LOG"
# The tables only the rest's code reads go with it (the linker's map says where they are).
phase data
LLVM_NM="${CLANG/clang/llvm-nm}" node "$ROOT/scripts/split-data.mjs" "$map" "$whole" "$tmp/functions.txt" "$tmp/wasipy.wasm" "$tmp/wasipy-rare.wasm" >> "$LOG" 2>&1 ||
  DIE_TAIL=5 die "moving the rare tables failed" "the log says why" "$LOG"
# One import for all placeholders instead of one each: a page instantiates 4,800 fewer.
phase placeholders
node "$ROOT/scripts/split-placeholders.mjs" "$tmp/wasipy.wasm" >> "$LOG" 2>&1 ||
  DIE_TAIL=5 die "turning the placeholders into functions failed" "the log says why" "$LOG"
node "$ROOT/scripts/split-key.mjs" "$(sha256sum "$whole" | cut -c1-64)" "$tmp/wasipy.wasm" "$tmp/wasipy-rare.wasm"
mkdir -p "$out"
mv -f "$tmp/wasipy-rare.wasm" "$rare.tmp" && mv -f "$tmp/wasipy.wasm" "$primary" && mv -f "$rare.tmp" "$rare"
finish "$(rel "$primary"): $(stat -c %s "$primary") bytes, $(rel "$rare"): $(stat -c %s "$rare") bytes"
