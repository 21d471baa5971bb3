#!/usr/bin/env bash
# Step: wasipy.wasm itself: the crate (crate/, build.rs) compiled by cargo for
# wasm32-wasip1, linked against the CPython of the steps before, and copied to
# target/wasipy/wasipy.wasm through the interpreter snapshot (scripts/snapshot.sh).
. "$(dirname "$0")/lib.sh"

built="$ROOT/target/$RUST_TARGET/release/wasipy.wasm"
out="$ROOT/target/wasipy/wasipy.wasm"
stamp="$ROOT/target/$RUST_TARGET/release/.wasipy-built" # touched after each successful cargo build
# cargo decides what to rebuild; this only decides whether to say so first (a
# first build takes a few minutes, a rebuild after an edit about a minute): when
# a file it reads changed since the last build (crate/tests/ is not part of the module),
# or a library it links (the ones build.rs names; the sysroot's and wasm-prefix's whole).
py_build="$DEPS/wasi-python/build"
changed="$(find "$ROOT/crate" "$ROOT/build.rs" "$ROOT/Cargo.toml" "$ROOT/Cargo.lock" "$ROOT/.cargo" \
  "$py_build/libpython3.13.a" "$py_build/Modules/_decimal/libmpdec/libmpdec.a" "$py_build/Modules/expat/libexpat.a" \
  "$py_build/Modules/_hacl/libHacl_Hash_SHA2.a" "$WASM_PREFIX/lib" "$SYSROOT/lib/wasm32-wasi" \
  -path "$ROOT/crate/tests" -prune -o -type f -newer "$stamp" -print -quit 2>/dev/null || true)"
if [ ! -f "$built" ] || [ ! -f "$stamp" ] || [ -n "$changed" ]; then
  begin "cargo build --release (log: $(rel "$LOG"))"
fi
# Warnings and errors: the whole of cargo's quiet output is worth reading on a failure.
cargo build --release --quiet > "$LOG" 2>&1 || DIE_TAIL=80 die "cargo build failed" "fix what the compiler says above" "$LOG"
touch "$stamp"
mkdir -p "$(dirname "$out")"
[ -z "$OPEN" ] || finish "$(rel "$built")"
keep_link_map "$built" "$(dirname "$out")/wasipy-link.map"
# The shipped module is the built one with its interpreter already started.
bash "$ROOT/scripts/snapshot.sh" "$built" "$out"
# Browsers get it in two parts: what first runs need, and the rest later. The
# split runs the module through the page's host, which needs the npm packages:
# without them (`make run` on a fresh clone needs none) `make web-module` makes
# it, on which the web targets depend.
if [ -d "$ROOT/node_modules/@bjorn3/browser_wasi_shim" ]; then
  bash "$ROOT/scripts/split.sh" "$out" "$ROOT/target/wasipy/web"
fi
# sys.executable of the CLI is /usr/local/bin/wasipy (crate/pymain.rs): the
# module itself sits there in the mapped layout, as python's binary does, so
# code that opens sys.executable (platform.libc_ver(), test_time) finds it.
mkdir -p "$(dirname "$out")/usr/local/bin"
ln -f "$out" "$(dirname "$out")/usr/local/bin/wasipy"
