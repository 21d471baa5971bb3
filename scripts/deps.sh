#!/usr/bin/env bash
# `make deps`: every step in order; each one does nothing when its output is already good.
. "$(dirname "$0")/lib.sh"
steps=(toolchain sysroot sources rust-target wasmtime binaryen zlib sqlite bzip2 xz musl-tz native-python wasi-python)
i=0
for s in "${steps[@]}"; do
  i=$((i + 1))
  [ -n "${WASIPY_QUIET:-}" ] || printf '%s== deps %d/%d: %s%s\n' "$BOLD" "$i" "${#steps[@]}" "$s" "$OFF" >&2
  bash "$ROOT/scripts/$s.sh"
done
