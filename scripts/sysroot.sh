#!/usr/bin/env bash
# Step: the WASI sysroot, from Debian trixie's wasi-libc package (downloaded, checked, unpacked).
. "$(dirname "$0")/lib.sh"

deb="$DEPS/downloads/$WASI_LIBC_DEB"
out="$DEPS/sysroot"
stamp="$(stamp_for "$out/.done" "$WASI_LIBC_SHA256")"
if [ -f "$stamp" ]; then
  already "$out"; exit 0
fi
mkdir -p "$DEPS/downloads"
if ! sha256_ok "$deb" "$WASI_LIBC_SHA256"; then
  need_root "downloading $WASI_LIBC_PACKAGE through apt" "sudo make deps"
  begin "$WASI_LIBC_PACKAGE $WASI_LIBC_VERSION from Debian $DEBIAN_SUITE (log: $(rel "$LOG"))"
  private_apt_update
  phase downloading
  (cd "$DEPS/downloads" && private_apt download "$WASI_LIBC_PACKAGE=$WASI_LIBC_VERSION" >> "$LOG" 2>&1) || true
  sha256_ok "$deb" "$WASI_LIBC_SHA256" || die "$deb missing or its sha256 is not $WASI_LIBC_SHA256" \
    "put the exact $WASI_LIBC_DEB in $DEPS/downloads/ (any Debian mirror has it under pool/main/w/wasi-libc/)"
else
  begin "$WASI_LIBC_PACKAGE $WASI_LIBC_VERSION (already downloaded)"
fi
phase unpacking
rm -rf "$out" && mkdir -p "$out"
dpkg -x "$deb" "$out" >> "$LOG" 2>&1 || die "dpkg -x $deb failed" "delete $deb and run make deps again"
[ -f "$out/usr/lib/wasm32-wasi/crt1-command.o" ] || die "unpacked sysroot lacks crt1-command.o" "delete $DEPS/downloads and run make deps again"
stamp_done "$stamp"
finish ok
