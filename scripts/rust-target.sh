#!/usr/bin/env bash
# Step: Rust's wasm32-wasip1 standard library.
. "$(dirname "$0")/lib.sh"
if rustup target list --installed | grep -qx "$RUST_TARGET"; then already "$RUST_TARGET"; exit 0; fi
log "rustup target add $RUST_TARGET"
rustup target add "$RUST_TARGET" >&2 || die "rustup could not add $RUST_TARGET" "run: rustup target add $RUST_TARGET"
