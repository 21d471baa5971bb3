#!/usr/bin/env bash
# Step: CPython for wasm32-wasi, cross-built with clang-19 against the trixie sysroot
# and installed into a staging tree ($DEPS/wasi-python/install/usr/local).
. "$(dirname "$0")/lib.sh"

build="$DEPS/wasi-python/build"
stage="$DEPS/wasi-python/install"
native="$DEPS/native-python/bin/python3.13"
# Rebuilt whenever a pin, this script or a patch changes (the libraries it links come from pins too).
stamp="$DEPS/wasi-python/.done-$(cat "$ROOT/scripts/pins.env" "$0" "$ROOT"/scripts/patches/cpython-*.patch | sha256sum | cut -c1-16)"
if [ -f "$stamp" ] && [ -f "$build/libpython3.13.a" ] && [ -d "$stage/usr/local/lib/python3.13" ]; then
  already "$build/libpython3.13.a"; exit 0
fi
[ -x "$native" ] || die "native Python missing" "run scripts/native-python.sh (or make deps)"
command -v wasmtime >/dev/null || die "wasmtime missing (the cross build runs its tests with it)" "run scripts/wasmtime.sh (or make deps)"
for lib in libz libsqlite3 libbz2 liblzma libmusltz; do
  [ -f "$WASM_PREFIX/lib/$lib.a" ] || die "wasm $lib.a missing" "run make deps"
done
# A pristine tree of our own each time (the native build shares src/cpython): the patches apply once.
rm -rf "$DEPS/src/cpython-wasi"
unpack "$PYTHON_TARBALL" cpython-wasi
src="$DEPS/src/cpython-wasi"
# Our source changes, each explained at its top (scripts/patches/).
for p in "$ROOT"/scripts/patches/cpython-*.patch; do
  patch -s -d "$src" -p1 < "$p" || die "could not apply $(basename "$p")" "check that $PYTHON_TARBALL is the pinned 3.13 tarball"
done

rm -rf "$build" "$stage" && mkdir -p "$build" "$stage" && cd "$build"
begin "CPython $PYTHON_VERSION for wasm32-wasi (about 2 minutes; log: $(rel "$LOG"))"
phase configuring
{
  # config.site answers the checks configure cannot run on a cross build; tzset
  # works since musl's zone code is linked (scripts/musl-tz.sh, cpython-wasi-tzset.patch).
  CONFIG_SITE="$src/Tools/wasm/config.site-wasm32-wasi" \
  ac_cv_working_tzset=yes LIBS="-L$WASM_PREFIX/lib -lmusltz" \
  CC="$WASM_CC" CPP="$CLANG_CPP --target=wasm32-wasi --sysroot=$SYSROOT" \
  CXX="$CLANGXX --target=wasm32-wasi --sysroot=$SYSROOT" \
  AR="$LLVM_AR" RANLIB="$LLVM_RANLIB" \
  OPT="-DNDEBUG -O3 -Wall" \
  HOSTRUNNER="wasmtime run --wasm max-wasm-stack=$WASMTIME_STACK --dir /::/" \
  ZLIB_CFLAGS="-I$WASM_PREFIX/include" ZLIB_LIBS="-L$WASM_PREFIX/lib -lz" \
  BZIP2_CFLAGS="-I$WASM_PREFIX/include" BZIP2_LIBS="-L$WASM_PREFIX/lib -lbz2" \
  LIBLZMA_CFLAGS="-I$WASM_PREFIX/include" LIBLZMA_LIBS="-L$WASM_PREFIX/lib -llzma" \
  LIBSQLITE3_CFLAGS="-I$WASM_PREFIX/include" LIBSQLITE3_LIBS="-L$WASM_PREFIX/lib -lsqlite3 -lwasi-emulated-mman" \
  PKG_CONFIG_PATH= PKG_CONFIG_LIBDIR="$WASM_PREFIX/lib/pkgconfig" \
  "$src/configure" --host=wasm32-wasi --build="$("$src/config.guess")" \
    --with-build-python="$native" --prefix=/usr/local --disable-test-modules
} > "$DEPS/wasi-python.log" 2>&1 || die "configure failed (log: $DEPS/wasi-python.log, and $build/config.log)" "read the end of the logs"
phase compiling
make -j"$(nproc)" all >> "$DEPS/wasi-python.log" 2>&1 || die "make failed (log: $DEPS/wasi-python.log)" "read the end of the log"
phase installing
make install DESTDIR="$stage" >> "$DEPS/wasi-python.log" 2>&1 || die "make install failed (log: $DEPS/wasi-python.log)" "read the end of the log"
for mod in zlib _sqlite3 _bz2 _lzma; do
  grep -q "PyInit_$mod\b" "$build/Modules/config.c" || die "$mod was not built into CPython" "check the '$mod' lines of $DEPS/wasi-python.log"
done
touch "$stamp"
finish ok
