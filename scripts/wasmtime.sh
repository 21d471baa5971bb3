#!/usr/bin/env bash
# Step: the wasmtime CLI, built from crates.io at the pinned version (once; about 9 minutes on 2 cores).
. "$(dirname "$0")/lib.sh"
if command -v wasmtime >/dev/null && wasmtime --version | grep -qE "^wasmtime $WASMTIME_VERSION( |$)"; then
  already "$(wasmtime --version)"; exit 0
fi
begin "cargo install wasmtime-cli@$WASMTIME_VERSION (once, about 9 minutes on 2 cores; log: $(rel "$LOG"))"
cargo install "wasmtime-cli@$WASMTIME_VERSION" --locked >> "$LOG" 2>&1 ||
  die "cargo install wasmtime-cli failed" "keep the pinned $WASMTIME_VERSION (wasmtime 50.x needs a newer Rust); the log says what broke"
command -v wasmtime >/dev/null || die "wasmtime installed but not on PATH" "add ~/.cargo/bin to PATH"
finish "$(wasmtime --version)"
