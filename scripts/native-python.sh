#!/usr/bin/env bash
# Step: a native CPython of the same version, which drives the cross build
# (and compiles the stdlib's .pyc files, which must match the version exactly).
. "$(dirname "$0")/lib.sh"

out="$DEPS/native-python"
py="$out/bin/python3.13"
stamp="$(stamp_for "$out/.done" "$PYTHON_SHA256")"
if [ -x "$py" ] && [ -f "$stamp" ] && [ "$("$py" -c 'import platform; print(platform.python_version())')" = "$PYTHON_VERSION" ]; then
  already "$py"; exit 0
fi
begin "CPython $PYTHON_VERSION for this machine, to drive the cross build (about 3 minutes; log: $(rel "$LOG"))"
unpack "$PYTHON_TARBALL" cpython
build="$DEPS/build/native-python"
rm -rf "$build" && mkdir -p "$build" && cd "$build"
{
  "$DEPS/src/cpython/configure" --prefix="$out" --disable-test-modules &&
  make -j"$(nproc)" && make install
} >> "$LOG" 2>&1 || die "the native CPython build failed" "a C compiler and make are needed: apt-get install -y build-essential, then run make build again"
stamp_done "$stamp"
finish ok
