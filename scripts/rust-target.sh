#!/usr/bin/env bash
# Step: the Rust compiler is new enough, and Rust's wasm32-wasip1 standard library.
. "$(dirname "$0")/lib.sh"

# The Rust version is pinned as a minimum, `rust-version` in Cargo.toml (cargo
# refuses an older rustc too, but only once the build reaches cargo), not with a
# rust-toolchain.toml: a toolchain file names a channel ("1.95.0") that rustup
# must have installed under that name, and a fresh machine has only "stable"
# and cannot download another (rustup then stops every cargo command with
# "toolchain '1.95.0-…' is not installed"). A file with channel = "stable" pins
# nothing. web/test/node/toolchain-pins.test.mjs checks this step against cargo.
need="$(sed -n 's/^rust-version *= *"\([0-9.]*\)".*/\1/p' "$ROOT/Cargo.toml")"
[ -n "$need" ] || die "Cargo.toml has no rust-version = \"X.Y\" line" "put the oldest Rust that builds wasipy there (the version rustc --version shows)"
command -v rustc >/dev/null || die "rustc is not installed" "install Rust $need or newer with rustup (https://rustup.rs), then run make again"
have="$(rustc --version | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n 1)"
if [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -n 1)" != "$need" ]; then
  die "rustc $have is older than Rust $need, which wasipy needs (rust-version in Cargo.toml)" "run: rustup update stable (or install Rust $need or newer), then make again"
fi

if rustup target list --installed | grep -qx "$RUST_TARGET"; then already "$RUST_TARGET"; exit 0; fi
begin "rustup target add $RUST_TARGET (log: $(rel "$LOG"))"
rustup target add "$RUST_TARGET" >> "$LOG" 2>&1 || die "rustup could not add $RUST_TARGET" "run: rustup target add $RUST_TARGET"
finish ok
