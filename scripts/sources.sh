#!/usr/bin/env bash
# Step: the CPython and zlib upstream tarballs from Debian's source packages, sha256-checked.
. "$(dirname "$0")/lib.sh"

dl="$DEPS/downloads"
mkdir -p "$dl"
fetch() { # package tarball sha256
  if sha256_ok "$dl/$2" "$3"; then already "$2"; return; fi
  need_root "downloading the $1 source package through apt" "sudo make deps"
  private_apt_update
  log "downloading source package $1"
  # The snapshot mirror sometimes lacks a packaging tarball (apt then exits non-zero)
  # while the upstream tarball arrives intact: judge by the file and its checksum.
  (cd "$dl" && private_apt source --download-only "$1" >&2) || true
  sha256_ok "$dl/$2" "$3" || die "$2 missing or its sha256 is not $3" "put the exact $2 in $dl/ (Debian's pool has it)"
  log "ok: $2"
}
fetch "$PYTHON_SOURCE_PACKAGE" "$PYTHON_TARBALL" "$PYTHON_SHA256"
fetch "$ZLIB_SOURCE_PACKAGE" "$ZLIB_TARBALL" "$ZLIB_SHA256"
fetch "$SQLITE_SOURCE_PACKAGE" "$SQLITE_TARBALL" "$SQLITE_SHA256"
fetch "$BZIP2_SOURCE_PACKAGE" "$BZIP2_TARBALL" "$BZIP2_SHA256"
fetch "$XZ_SOURCE_PACKAGE" "$XZ_TARBALL" "$XZ_SHA256"
