#!/usr/bin/env bash
# Step: the `wasipy` command (scripts/wasipy-launcher.sh with its paths filled in).
#   launcher.sh [BUILD]          BUILD/bin/wasipy, for a build tree (make build: target/wasipy;
#                                a flavour's, scripts/flavour.sh: target/wasipy-NAME)
#   launcher.sh install PREFIX   PREFIX/bin/wasipy with the module, the stdlib and
#                                wasmtime copied to PREFIX/lib/wasipy (make install)
. "$(dirname "$0")/lib.sh"

write_launcher() { # home wasmtime out
  local tmp="$3.tmp"
  mkdir -p "$(dirname "$3")"
  sed -e "s|@WASIPY_HOME@|$(printf '%q' "$1")|" -e "s|@WASMTIME@|$(printf '%q' "$2")|" -e "s|@WASMTIME_STACK@|$WASMTIME_STACK|" \
    "$ROOT/scripts/wasipy-launcher.sh" > "$tmp" && chmod 755 "$tmp" && mv -f "$tmp" "$3"
}

built="$ROOT/target/wasipy"
[ "${1:-}" = install ] || [ -z "${1:-}" ] || built="$1"
wasmtime="$(command -v wasmtime || true)"
[ -n "$wasmtime" ] || die "wasmtime is missing" "run make deps"
[ -f "$built/wasipy.wasm" ] || die "$(rel "$built/wasipy.wasm") is missing" "run make build"

if [ "${1:-}" != install ]; then
  out="$built/bin/wasipy"
  # Written when the template or the paths changed; the .cwasm is the launcher's own business.
  if [ -f "$out" ] && [ ! "$out" -ot "$ROOT/scripts/wasipy-launcher.sh" ] && grep -qF "WASMTIME=$(printf '%q' "$wasmtime")" "$out"; then exit 0; fi
  write_launcher "$built" "$wasmtime" "$out"
  [ -n "${WASIPY_QUIET:-}" ] || log "$(rel "$out")"
  exit 0
fi

prefix="${2:-}"
[ -n "$prefix" ] || die "no PREFIX given" "run: make install PREFIX=\$HOME/.local (then \$HOME/.local/bin on PATH)"
prefix="$(mkdir -p "$prefix" && cd "$prefix" && pwd)" || die "cannot create $2" "choose a PREFIX you can write to"
lib="$prefix/lib/wasipy"
begin "installing wasipy into $prefix"
# A fresh copy next to the old one, then renamed: an interrupted install leaves the old one working.
rm -rf "$lib.new" && mkdir -p "$lib.new" &&
  cp "$built/wasipy.wasm" "$lib.new/" && cp -r "$built/usr" "$lib.new/usr" && cp "$(readlink -f "$wasmtime")" "$lib.new/wasmtime" ||
  die "copying into $lib.new failed" "check the space and permissions under $prefix"
rm -rf "$lib.old" && { [ ! -e "$lib" ] || mv "$lib" "$lib.old"; } && mv "$lib.new" "$lib" && rm -rf "$lib.old"
write_launcher "$lib" "$lib/wasmtime" "$prefix/bin/wasipy"
phase precompiling
"$prefix/bin/wasipy" -c pass || die "the installed wasipy does not start" "run $prefix/bin/wasipy -c pass to see why"
finish "$prefix/bin/wasipy"
