#!/usr/bin/env bash
# Step: binaryen's wasm-split (scripts/split.sh splits the browsers' module with
# it), from Debian 12's binaryen package at the pinned version and checksum,
# unpacked into $DEPS/binaryen (the binary finds its libbinaryen.so beside it).
. "$(dirname "$0")/lib.sh"

BIN="$DEPS/binaryen/usr/bin/wasm-split"
if "$BIN" --version >/dev/null 2>&1; then already "$("$BIN" --version) ($(rel "$BIN"))"; exit 0; fi
case "$(uname -m)" in
  x86_64) deb="$BINARYEN_DEB_X86_64" sha="$BINARYEN_DEB_X86_64_SHA256" ;;
  *) die "no pinned binaryen package for $(uname -m)" "add its Debian 12 package to scripts/pins.env (BINARYEN_DEB_*), as for x86_64" ;;
esac
dl="$DEPS/downloads/$(basename "$deb")"
mkdir -p "$DEPS/downloads"
begin "binaryen (wasm-split) from Debian's $(basename "$deb") (log: $(rel "$LOG"))"
if ! sha256_ok "$dl" "$sha"; then
  phase download
  curl -fsSL --retry 3 -o "$dl.tmp" "$(debian_mirror)/$deb" >> "$LOG" 2>&1 ||
    { rm -f "$dl.tmp"; die "could not download $(debian_mirror)/$deb" "check the network and the Debian mirror in /etc/apt"; }
  sha256_ok "$dl.tmp" "$sha" || { rm -f "$dl.tmp"; die "$(basename "$deb") does not have the pinned sha256 $sha" "the mirror serves another file: check scripts/pins.env"; }
  mv -f "$dl.tmp" "$dl"
fi
rm -rf "$DEPS/binaryen.tmp" && mkdir -p "$DEPS/binaryen.tmp"
dpkg -x "$dl" "$DEPS/binaryen.tmp" >> "$LOG" 2>&1 || die "dpkg -x $(basename "$deb") failed" "delete $(rel "$dl") and run make deps again"
rm -rf "$DEPS/binaryen" && mv "$DEPS/binaryen.tmp" "$DEPS/binaryen"
"$BIN" --version >> "$LOG" 2>&1 || die "the unpacked wasm-split does not run" "the log says why (a missing library?)"
finish "$("$BIN" --version)"
