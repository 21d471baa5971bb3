#!/usr/bin/env bash
# Step: zlib for wasm32 (static), installed into the wasm prefix that CPython's configure reads.
. "$(dirname "$0")/lib.sh"

lib="$WASM_PREFIX/lib/libz.a"
stamp="$WASM_PREFIX/.zlib-$ZLIB_SHA256"
skip_if_done "$lib" "$stamp"
begin "zlib for wasm32, from $ZLIB_TARBALL (log: $(rel "$LOG"))"
unpack "$ZLIB_TARBALL" zlib
cd "$DEPS/src/zlib"
{
  CC="$WASM_CC" AR="$LLVM_AR" RANLIB="$LLVM_RANLIB" CFLAGS="-O2" \
    ./configure --static --prefix="$WASM_PREFIX" &&
  make -j"$(nproc)" libz.a && make install
} >> "$LOG" 2>&1 || die "the zlib build failed" "check that the toolchain and sysroot steps passed (make deps), then run make build again"
touch "$stamp"
finish ok
