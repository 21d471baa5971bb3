#!/usr/bin/env bash
# Step: zlib for wasm32 (static), installed into the wasm prefix that CPython's configure reads.
. "$(dirname "$0")/lib.sh"

lib="$WASM_PREFIX/lib/libz.a"
stamp="$WASM_PREFIX/.zlib-$ZLIB_SHA256"
skip_if_done "$lib" "$stamp"
unpack "$ZLIB_TARBALL" zlib
cd "$DEPS/src/zlib"
log "building zlib for wasm32"
{
  CC="$WASM_CC" AR="$LLVM_AR" RANLIB="$LLVM_RANLIB" CFLAGS="-O2" \
    ./configure --static --prefix="$WASM_PREFIX" &&
  make -j"$(nproc)" libz.a && make install
} > "$DEPS/zlib.log" 2>&1 || die "zlib build failed (log: $DEPS/zlib.log)" "read the log; check that scripts/toolchain.sh and scripts/sysroot.sh passed"
touch "$stamp"
log "ok: $lib"
