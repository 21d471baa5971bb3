#!/usr/bin/env bash
# `make deps`: every step in order; each one does nothing when its output is already good.
. "$(dirname "$0")/lib.sh"
steps=(toolchain sysroot sources rust-target wasmtime zlib sqlite bzip2 xz native-python wasi-python)
i=0
for s in "${steps[@]}"; do
  i=$((i + 1))
  [ -n "${WASIPY_QUIET:-}" ] || printf '\033[1m== deps %d/%d: %s\033[0m\n' "$i" "${#steps[@]}" "$s" >&2
  bash "$ROOT/scripts/$s.sh"
done
