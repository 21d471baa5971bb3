#!/usr/bin/env bash
# Step: the WASI sysroot, from Debian trixie's wasi-libc package (downloaded, checked, unpacked).
. "$(dirname "$0")/lib.sh"

deb="$DEPS/downloads/$WASI_LIBC_DEB"
out="$DEPS/sysroot"
stamp="$out/.sha256"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$WASI_LIBC_SHA256" ]; then
  already "$out"; exit 0
fi
mkdir -p "$DEPS/downloads"
if ! sha256_ok "$deb" "$WASI_LIBC_SHA256"; then
  need_root "downloading $WASI_LIBC_PACKAGE through apt" "sudo make deps"
  private_apt_update
  log "downloading $WASI_LIBC_PACKAGE=$WASI_LIBC_VERSION"
  (cd "$DEPS/downloads" && private_apt download "$WASI_LIBC_PACKAGE=$WASI_LIBC_VERSION" >&2) || true
  sha256_ok "$deb" "$WASI_LIBC_SHA256" || die "$deb missing or its sha256 is not $WASI_LIBC_SHA256" \
    "put the exact $WASI_LIBC_DEB in $DEPS/downloads/ (any Debian mirror has it under pool/main/w/wasi-libc/)"
fi
rm -rf "$out" && mkdir -p "$out"
dpkg -x "$deb" "$out"
[ -f "$out/usr/lib/wasm32-wasi/crt1-command.o" ] || die "unpacked sysroot lacks crt1-command.o" "delete $DEPS/downloads and run make deps again"
echo "$WASI_LIBC_SHA256" > "$stamp"
log "ok: unpacked into $out"
