#!/usr/bin/env bash
# Step: musl's time-zone code for wasm32 (static), linked before wasi-libc so that
# local time follows TZ (scripts/musl-tz/README.md).
. "$(dirname "$0")/lib.sh"

lib="$WASM_PREFIX/lib/libmusltz.a"
shim="$ROOT/scripts/musl-tz"
stamp="$(stamp_for "$WASM_PREFIX/.musltz" "$MUSL_SHA256" "$WASM_CC" "$LLVM_AR" "$(cat "$shim"/*.h "$shim"/sys/*.h "$shim"/*.c)")"
skip_if_done "$lib" "$stamp"
begin "musl's time-zone code for wasm32, from $MUSL_TARBALL (log: $(rel "$LOG"))"
unpack "$MUSL_TARBALL" musl
src="$DEPS/src/musl/src/time"
{
  # The shim's headers first (musl's internal ones), then __tz.c's own folder (time_impl.h).
  $WASM_CC -O2 -std=c99 -D_XOPEN_SOURCE=700 -I"$shim" -I"$src" -c "$src/__tz.c" -o "$src/__tz.wasm.o" &&
  $WASM_CC -O2 -D_GNU_SOURCE -c "$shim/map_file.c" -o "$src/map_file.wasm.o" &&
  mkdir -p "$WASM_PREFIX/lib" &&
  rm -f "$lib" && "$LLVM_AR" rcs "$lib" "$src/__tz.wasm.o" "$src/map_file.wasm.o"
} >> "$LOG" 2>&1 || die "the build of musl's time-zone code failed" "read the end of $(rel "$LOG")"
stamp_done "$stamp"
finish ok
