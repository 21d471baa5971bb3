#!/usr/bin/env bash
# Step: Rust's wasm32-wasip1 standard library.
. "$(dirname "$0")/lib.sh"
if rustup target list --installed | grep -qx "$RUST_TARGET"; then already "$RUST_TARGET"; exit 0; fi
begin "rustup target add $RUST_TARGET (log: $(rel "$LOG"))"
rustup target add "$RUST_TARGET" >> "$LOG" 2>&1 || die "rustup could not add $RUST_TARGET" "run: rustup target add $RUST_TARGET"
finish ok
