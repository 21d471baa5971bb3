#!/usr/bin/env bash
# Step: the wasm32 C compiler, linker and archiver (Debian packages).
. "$(dirname "$0")/lib.sh"

missing=""
for p in $TOOLCHAIN_PACKAGES; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -z "$missing" ] && "$CLANG" --version >/dev/null 2>&1; then
  already "$("$CLANG" --version | head -n1)"; exit 0
fi
if [ -n "$missing" ]; then
  need_root "installing$missing" "sudo apt-get install -y$missing"
  begin "apt-get install$missing (about a minute; log: $(rel "$LOG"))"
  # Nothing may ask a question: the answer would be waited for in the log.
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine may have stale package lists: update once and retry.
  apt-get install -y -q $missing >> "$LOG" 2>&1 < /dev/null || {
    phase "updating the package lists"
    apt-get update -q >> "$LOG" 2>&1 < /dev/null && apt-get install -y -q $missing >> "$LOG" 2>&1 < /dev/null
  } || die "apt-get install$missing failed" "run: apt-get update && apt-get install -y$missing"
fi
"$CLANG" --version >/dev/null || die "$CLANG does not run" "reinstall: apt-get install --reinstall $TOOLCHAIN_PACKAGES"
finish "$("$CLANG" --version | head -n1)"
