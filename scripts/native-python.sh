#!/usr/bin/env bash
# Step: a native CPython of the same version, which drives the cross build
# (and compiles the stdlib's .pyc files, which must match the version exactly).
. "$(dirname "$0")/lib.sh"

out="$DEPS/native-python"
py="$out/bin/python3.13"
if [ -x "$py" ] && [ "$("$py" -c 'import platform; print(platform.python_version())')" = "$PYTHON_VERSION" ]; then
  already "$py"; exit 0
fi
unpack "$PYTHON_TARBALL" cpython
build="$DEPS/build/native-python"
rm -rf "$build" && mkdir -p "$build" && cd "$build"
log "building native CPython $PYTHON_VERSION (about 3 minutes; log: $DEPS/native-python.log)"
{
  "$DEPS/src/cpython/configure" --prefix="$out" --disable-test-modules &&
  make -j"$(nproc)" && make install
} > "$DEPS/native-python.log" 2>&1 || die "native CPython build failed (log: $DEPS/native-python.log)" "read the end of the log; a C compiler (gcc, make) is needed"
log "ok: $py"
