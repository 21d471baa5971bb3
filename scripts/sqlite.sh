#!/usr/bin/env bash
# Step: SQLite for wasm32 (static), for CPython's _sqlite3 module.
. "$(dirname "$0")/lib.sh"

lib="$WASM_PREFIX/lib/libsqlite3.a"
stamp="$(stamp_for "$WASM_PREFIX/.sqlite" "$SQLITE_SHA256" "$WASM_CC" "$LLVM_AR")"
skip_if_done "$lib" "$stamp"
command -v tclsh >/dev/null || die "tclsh missing (SQLite generates its amalgamation with it)" "apt-get install -y tcl (or run scripts/toolchain.sh)"
begin "SQLite $SQLITE_VERSION for wasm32: its amalgamation, then compiled (log: $(rel "$LOG"))"
unpack "$SQLITE_TARBALL" sqlite
cd "$DEPS/src/sqlite"
# Why each option: no threads in WASI; no shared memory, so no WAL and no mmap;
# no dlopen; WASI has no POSIX advisory locks, so the default VFS is
# "unix-none" (single-process, which a wasm instance is).
flags=(-O2 -D_WASI_EMULATED_MMAN -D_WASI_EMULATED_GETPID
  -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_OMIT_WAL -DSQLITE_MAX_MMAP_SIZE=0
  -DSQLITE_OMIT_SHARED_CACHE -DSQLITE_DEFAULT_UNIX_VFS='"unix-none"'
  -DSQLITE_ENABLE_MATH_FUNCTIONS -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_DBSTAT_VTAB -DHAVE_USLEEP)
{
  [ -f sqlite3.c ] || { ./configure --disable-tcl && make sqlite3.c; } &&
  $WASM_CC "${flags[@]}" -c sqlite3.c -o sqlite3-wasm.o &&
  mkdir -p "$WASM_PREFIX/lib" "$WASM_PREFIX/include" &&
  rm -f "$lib" && "$LLVM_AR" rcs "$lib" sqlite3-wasm.o &&
  cp sqlite3.h sqlite3ext.h "$WASM_PREFIX/include/"
} >> "$LOG" 2>&1 || die "the SQLite build failed" "check that the toolchain and sysroot steps passed (make deps), then run make build again"
stamp_done "$stamp"
finish ok
