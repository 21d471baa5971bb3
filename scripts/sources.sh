#!/usr/bin/env bash
# Step: the upstream tarballs of CPython, zlib, SQLite, bzip2, xz and musl from Debian's
# source packages, sha256-checked.
. "$(dirname "$0")/lib.sh"

dl="$DEPS/downloads"
mkdir -p "$dl"
wanted=( # package tarball sha256
  "$PYTHON_SOURCE_PACKAGE" "$PYTHON_TARBALL" "$PYTHON_SHA256"
  "$ZLIB_SOURCE_PACKAGE" "$ZLIB_TARBALL" "$ZLIB_SHA256"
  "$SQLITE_SOURCE_PACKAGE" "$SQLITE_TARBALL" "$SQLITE_SHA256"
  "$BZIP2_SOURCE_PACKAGE" "$BZIP2_TARBALL" "$BZIP2_SHA256"
  "$XZ_SOURCE_PACKAGE" "$XZ_TARBALL" "$XZ_SHA256"
  "$MUSL_SOURCE_PACKAGE" "$MUSL_TARBALL" "$MUSL_SHA256"
)
missing=()
for ((i = 0; i < ${#wanted[@]}; i += 3)); do
  sha256_ok "$dl/${wanted[i + 1]}" "${wanted[i + 2]}" || missing+=("${wanted[@]:i:3}")
done
if [ ${#missing[@]} -eq 0 ]; then already "$((${#wanted[@]} / 3)) source tarballs in $dl"; exit 0; fi

need_root "downloading source packages through apt" "sudo make deps"
begin "source tarballs from Debian $DEBIAN_SUITE (log: $(rel "$LOG"))"
private_apt_update
for ((i = 0; i < ${#missing[@]}; i += 3)); do
  package="${missing[i]}" tarball="${missing[i + 1]}" sha="${missing[i + 2]}"
  phase "$package"
  # Only the upstream tarball(s) (--tar-only: not the .dsc nor Debian's packaging);
  # the checksum decides whether it arrived.
  (cd "$dl" && private_apt source --download-only --tar-only "$package" >> "$LOG" 2>&1) || true
  sha256_ok "$dl/$tarball" "$sha" || die "$tarball missing or its sha256 is not $sha" "put the exact $tarball in $dl/ (Debian's pool has it)"
done
finish ok
