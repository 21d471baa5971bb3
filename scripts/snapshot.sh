#!/usr/bin/env bash
# Step: the interpreter snapshot. `wasmtime wizer` instantiates the module cargo
# built, calls its `wasipy_snapshot` export (crate/snapshot.rs: CPython starts
# in host mode and imports what every start imports) and writes the memory that
# leaves into target/wasipy/wasipy.wasm. Every process of that module resumes
# the started interpreter instead of starting one. Input: the module and the
# stdlib it starts from (target/wasipy/usr, or a flavour's, mapped as /usr as
# at run time).
#   scripts/snapshot.sh BUILT OUT [USR]
. "$(dirname "$0")/lib.sh"

built="$1" out="$2" usr="${3:-$ROOT/target/wasipy/usr}"
zip="$usr/local/lib/python313.zip"
[ -f "$built" ] || die "$built is missing" "run scripts/crate.sh (or make build)"
[ -f "$zip" ] || die "$zip is missing" "run scripts/stdlib.sh (or make build)"
command -v wasmtime >/dev/null || die "wasmtime missing (it makes the snapshot)" "run scripts/wasmtime.sh (or make deps)"
# Made again when the module, the stdlib or this script is newer than the last snapshot.
if [ -f "$out" ] && [ "$out" -nt "$built" ] && [ "$out" -nt "$zip" ] && [ "$out" -nt "$0" ]; then exit 0; fi
begin "wasmtime wizer: the interpreter snapshot (log: $(rel "$LOG"))"
# No --env: the build's environment must not end up in the module (resume reads the host's).
# stdin closed: nothing at build time may wait for input.
wasmtime wizer --init-func wasipy_snapshot -S cli=y --wasm "max-wasm-stack=$WASMTIME_STACK" \
  --dir "$usr::/usr" -o "$out.tmp" "$built" < /dev/null >> "$LOG" 2>&1 || # usr: target/wasipy/usr or a flavour's
  { rm -f "$out.tmp"; die "the snapshot could not be made" "the log says why (a Python error at start-up, or wasmtime's)"; }
mv -f "$out.tmp" "$out"
finish "$(rel "$out"): $(stat -c %s "$out") bytes"
