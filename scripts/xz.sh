#!/usr/bin/env bash
# Step: liblzma (xz) for wasm32 (static), for CPython's _lzma module.
. "$(dirname "$0")/lib.sh"

lib="$WASM_PREFIX/lib/liblzma.a"
stamp="$(stamp_for "$WASM_PREFIX/.xz" "$XZ_SHA256" "$WASM_CC" "$LLVM_AR" "$LLVM_RANLIB")"
skip_if_done "$lib" "$stamp"
begin "liblzma for wasm32, from $XZ_TARBALL (log: $(rel "$LOG"))"
unpack "$XZ_TARBALL" xz
build="$DEPS/build/xz"
rm -rf "$build" && mkdir -p "$build" && cd "$build"
{
  CC="$WASM_CC" AR="$LLVM_AR" RANLIB="$LLVM_RANLIB" CFLAGS="-O2" \
    "$DEPS/src/xz/configure" --host=wasm32-wasi --prefix="$WASM_PREFIX" \
      --enable-static --disable-shared --disable-threads --disable-xz --disable-xzdec \
      --disable-lzmadec --disable-lzmainfo --disable-lzma-links --disable-scripts \
      --disable-doc --disable-nls --disable-sandbox &&
  make -j"$(nproc)" -C src/liblzma && make -C src/liblzma install
} >> "$LOG" 2>&1 || die "the liblzma build failed" "check that the toolchain and sysroot steps passed (make deps), then run make build again"
stamp_done "$stamp"
finish ok
