#!/usr/bin/env bash
# Step: the wasm32 C compiler, linker and archiver (Debian packages).
. "$(dirname "$0")/lib.sh"

missing=""
for p in $TOOLCHAIN_PACKAGES; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  need_root "installing$missing" "sudo apt-get install -y$missing"
  log "installing$missing"
  # A fresh machine may have stale package lists: update once and retry.
  apt-get install -y -q $missing >&2 || { apt-get update -q >&2 && apt-get install -y -q $missing >&2; } ||
    die "apt-get install$missing failed" "run: apt-get update && apt-get install -y$missing"
fi
"$CLANG" --version >/dev/null || die "$CLANG does not run" "reinstall: apt-get install --reinstall $TOOLCHAIN_PACKAGES"
if [ -n "$missing" ]; then log "ok: $("$CLANG" --version | head -n1)"; else already "$("$CLANG" --version | head -n1)"; fi
