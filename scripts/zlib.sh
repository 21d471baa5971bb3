#!/usr/bin/env bash
# Step: zlib for wasm32 (static), installed into the wasm prefix that CPython's configure reads.
. "$(dirname "$0")/lib.sh"

lib="$WASM_PREFIX/lib/libz.a"
stamp="$(stamp_for "$WASM_PREFIX/.zlib" "$ZLIB_SHA256" "$WASM_CC" "$LLVM_AR" "$LLVM_RANLIB")"
skip_if_done "$lib" "$stamp"
begin "zlib for wasm32, from $ZLIB_TARBALL (log: $(rel "$LOG"))"
unpack "$ZLIB_TARBALL" zlib
cd "$DEPS/src/zlib"
{
  CC="$WASM_CC" AR="$LLVM_AR" RANLIB="$LLVM_RANLIB" CFLAGS="-O2" \
    ./configure --static --prefix="$WASM_PREFIX" &&
  make -j"$(nproc)" libz.a && make install
} >> "$LOG" 2>&1 || die "the zlib build failed" "check that the toolchain and sysroot steps passed (make deps), then run make build again"
stamp_done "$stamp"
finish ok
