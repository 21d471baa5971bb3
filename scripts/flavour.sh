#!/usr/bin/env bash
# Step: a module flavour, the plain module plus compiled packages (recipes/*/,
# built by scripts/recipes.sh) linked in and imported into its snapshot.
#   scripts/flavour.sh NAME     (make build-numpy: NAME=numpy)
# writes target/wasipy-NAME/ laid out as target/wasipy/ is (wasipy.wasm, usr/,
# bin/wasipy), so everything that runs the plain module runs this one.
# Which recipes a flavour has: FLAVOUR_<NAME> in recipes/flavours.env.
# A flavour of its own, not a bigger plain module: pages and runs that never
# import numpy load and start exactly what they did (README, "Compiled packages").
. "$(dirname "$0")/lib.sh"

name="${1:-}"
# shellcheck source=../recipes/flavours.env
. "$ROOT/recipes/flavours.env"
var="FLAVOUR_${name//-/_}"
[ -n "$name" ] && [ -n "${!var:-}" ] ||
  die "no flavour named '${name}'" "the flavours are in recipes/flavours.env: $(sed -n 's/^FLAVOUR_\([a-z0-9_]*\)=.*/\1/p' "$ROOT/recipes/flavours.env" | tr '\n' ' ')"
recipes="${!var}"
plain="$ROOT/target/wasipy"
home="$ROOT/target/wasipy-$name"
[ -f "$plain/wasipy.wasm" ] && [ -f "$plain/usr/local/lib/python313.zip" ] || die "the plain module is not built" "run make build first"

bash "$ROOT/scripts/recipes.sh"

# The crate with the recipes' archives linked in: a target folder of its own, so
# that building one flavour does not make cargo rebuild the other.
target_dir="$ROOT/target/flavour-$name"
built="$target_dir/$RUST_TARGET/release/wasipy.wasm"
[ -f "$built" ] || begin "cargo build --release for the $name flavour (first time: a few minutes; log: $(rel "$LOG"))"
WASIPY_RECIPES="$recipes" CARGO_TARGET_DIR="$target_dir" cargo build --release --quiet > "$LOG" 2>&1 ||
  DIE_TAIL=80 die "cargo build of the $name flavour failed" "fix what the linker or compiler says above" "$LOG"
[ -z "$OPEN" ] || finish "$(rel "$built")"
mkdir -p "$home" && keep_link_map "$built" "$home/wasipy-link.map"

# usr/: the plain module's files (hard links), with a stdlib zip that also holds
# the recipes' Python files and .dist-info (scripts/pack_recipes.py).
zip="$home/usr/local/lib/python313.zip"
recipe_dirs=()
for r in $recipes; do recipe_dirs+=("$DEPS/recipes/$r"); done
newer="$(find "$plain/usr/local/lib/python313.zip" "$ROOT/scripts/pack_recipes.py" "${recipe_dirs[@]/%//lib}" \
  -newer "$zip" -print -quit 2>/dev/null || true)"
if [ ! -f "$zip" ] || [ -n "$newer" ]; then
  begin "packing $recipes into $(rel "$zip")"
  mkdir -p "$home" && rm -rf "$home/usr.new" && cp -al "$plain/usr" "$home/usr.new" 2>/dev/null || cp -a "$plain/usr" "$home/usr.new" ||
    die "could not copy $(rel "$plain/usr")" "check the space under target/"
  rm -f "$home/usr.new/local/lib/python313.zip" "$home/usr.new/local/bin/wasipy"
  "$DEPS/native-python/bin/python3.13" "$ROOT/scripts/pack_recipes.py" "$plain/usr/local/lib/python313.zip" \
    "$home/usr.new/local/lib/python313.zip" "${recipe_dirs[@]}" >> "$LOG" 2>&1 ||
    DIE_TAIL=20 die "packing the $name flavour's Python files failed" "see the Python error above" "$LOG"
  rm -rf "$home/usr" && mv "$home/usr.new" "$home/usr"
  finish "$(stat -c %s "$zip") bytes"
fi

# The snapshot (scripts/snapshot.sh) starts from this usr/ and imports the packages.
bash "$ROOT/scripts/snapshot.sh" "$built" "$home/wasipy.wasm" "$home/usr"
# sys.executable's place in the mapped layout (scripts/crate.sh says why).
mkdir -p "$home/usr/local/bin"
ln -f "$home/wasipy.wasm" "$home/usr/local/bin/wasipy"
bash "$ROOT/scripts/launcher.sh" "$home"

# For browsers (vite.config.js copies these into dist/flavours/NAME/): the
# packages' files one per module with their manifest (pack_recipes.py --web),
# and wasipy-web.wasm, whose snapshot has the packages imported already so that
# a page's `import numpy` costs next to nothing. Imported from the folder where
# the page has their files (usr-web/, laid out as the page's filesystem), so
# that what they import later is fetched from there. Its own file: the command
# line's wasipy.wasm above must not have them imported (crate/snapshot.rs).
web="$home/web"
newer="$(find "${recipe_dirs[@]/%//lib}" "$ROOT/scripts/pack_recipes.py" "$ROOT/scripts/pack_stdlib.py" \
  -newer "$web/manifest.json" -print -quit 2>/dev/null || true)"
if [ ! -f "$web/manifest.json" ] || [ -n "$newer" ]; then
  begin "packing $recipes for browsers into $(rel "$web")"
  "$DEPS/native-python/bin/python3.13" "$ROOT/scripts/pack_recipes.py" --web "$web" "${recipe_dirs[@]}" >> "$LOG" 2>&1 ||
    DIE_TAIL=20 die "packing the $name flavour's files for browsers failed" "see the Python error above" "$LOG"
  rm -f "$home/wasipy-web.wasm" # its snapshot imported the old files
  finish "$(find "$web/files" -type f | wc -l) files"
fi
usr_web="$home/usr-web"
if [ ! -f "$home/wasipy-web.wasm" ] || [ "$plain/usr/local/lib/python313.zip" -nt "$home/wasipy-web.wasm" ] ||
   [ "$plain/usr/local/lib/python313-extra.zip" -nt "$home/wasipy-web.wasm" ] || [ "$ROOT/recipes/flavours.env" -nt "$home/wasipy-web.wasm" ] ||
   [ "$0" -nt "$home/wasipy-web.wasm" ] || [ ! -d "$usr_web" ]; then
  rm -f "$home/wasipy-web.wasm" && rm -rf "$usr_web" && mkdir -p "$usr_web/local/lib"
  # Both stdlib archives: the snapshot imports the package installer too (a page
  # that declares numpy runs it first), from the extra one.
  ln -f "$plain/usr/local/lib/python313.zip" "$plain/usr/local/lib/python313-extra.zip" "$usr_web/local/lib/"
  cp -al "$web/files" "$usr_web/local/lib/python3.13"
  # What the snapshot imports (crate/snapshot.py reads it): FLAVOUR_IMPORTS_<NAME>, or the recipes' names.
  imports="FLAVOUR_IMPORTS_${name//-/_}"
  tr ' ' '\n' <<< "${!imports:-$recipes}" > "$usr_web/local/lib/wasipy-snapshot-imports.txt"
fi
bash "$ROOT/scripts/snapshot.sh" "$built" "$home/wasipy-web.wasm" "$usr_web"
# Browsers get it in two parts as they get the plain module (scripts/split.sh),
# profiled with what a page that declares the packages runs first; the parts go
# beside the packages' files (web/wasipy.wasm, web/wasipy-rare.wasm). Without
# the npm packages (the profile runs the page's host) `make web-numpy` does it
# later; till then builtFlavours (scripts/built-files.mjs) serves the whole module.
if [ -d "$ROOT/node_modules/@bjorn3/browser_wasi_shim" ]; then
  bash "$ROOT/scripts/split.sh" "$home/wasipy-web.wasm" "$web" "$usr_web/local/lib" "$name" "$web"
elif [ "$home/wasipy-web.wasm" -nt "$web/wasipy-rare.wasm" ]; then
  rm -f "$web/wasipy.wasm" "$web/wasipy-rare.wasm" # the parts of an older module
fi
