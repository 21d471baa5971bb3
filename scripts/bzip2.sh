#!/usr/bin/env bash
# Step: libbz2 for wasm32 (static), for CPython's _bz2 module.
. "$(dirname "$0")/lib.sh"

lib="$WASM_PREFIX/lib/libbz2.a"
stamp="$(stamp_for "$WASM_PREFIX/.bzip2" "$BZIP2_SHA256" "$WASM_CC" "$LLVM_AR")"
skip_if_done "$lib" "$stamp"
begin "libbz2 for wasm32, from $BZIP2_TARBALL (log: $(rel "$LOG"))"
unpack "$BZIP2_TARBALL" bzip2
cd "$DEPS/src/bzip2"
# Only the library's sources (bzip2's Makefile also builds and runs the CLI tools).
{
  objs=()
  for f in blocksort huffman crctable randtable compress decompress bzlib; do
    $WASM_CC -O2 -D_FILE_OFFSET_BITS=64 -c "$f.c" -o "$f.wasm.o" && objs+=("$f.wasm.o")
  done &&
  mkdir -p "$WASM_PREFIX/lib" "$WASM_PREFIX/include" &&
  rm -f "$lib" && "$LLVM_AR" rcs "$lib" "${objs[@]}" && cp bzlib.h "$WASM_PREFIX/include/"
} >> "$LOG" 2>&1 || die "the libbz2 build failed" "check that the toolchain and sysroot steps passed (make deps), then run make build again"
stamp_done "$stamp"
finish ok
