# Shared helpers for the dependency steps. Sourced, never run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=pins.env
. "$ROOT/scripts/pins.env"
DEPS="${WASIPY_DEPS:-$ROOT/target/deps}"
STEP="$(basename "$0" .sh)"
mkdir -p "$DEPS"

# A step that finds its output already good says so only when asked (make deps), not on every make run.
already() { [ -n "${WASIPY_QUIET:-}" ] || log "ok (already there): $*"; }
log() { printf '\033[1m[%s]\033[0m %s\n' "$STEP" "$*" >&2; }
# die WHY WHAT-TO-DO
die() {
  printf '\033[31m[%s] failed: %s\033[0m\n' "$STEP" "$1" >&2
  [ $# -gt 1 ] && printf '[%s] to fix: %s\n' "$STEP" "$2" >&2
  exit 1
}

# Ends the step early when OUTPUT exists next to STAMP (written when it last succeeded).
skip_if_done() { # output stamp
  if [ -f "$1" ] && [ -f "$2" ]; then already "$1"; exit 0; fi
}

sha256_ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

# Runs apt-get as root against a private configuration that holds only a
# $DEBIAN_SUITE source entry, so the machine's own apt state is never touched.
private_apt() {
  local dir="$DEPS/apt"
  mkdir -p "$dir/sources" "$dir/lists/partial" "$dir/archives/partial"
  local uri
  uri="$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -n1)"
  [ -n "$uri" ] || uri="$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null)"
  [ -n "$uri" ] || die "no Debian mirror URI found in /etc/apt" "add a Debian mirror to /etc/apt/sources.list.d/debian.sources"
  cat > "$dir/sources/wasipy.sources" <<SRC
Types: deb deb-src
URIs: $uri
Suites: $DEBIAN_SUITE
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  apt-get -q \
    -o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$dir/sources" \
    -o Dir::State::Lists="$dir/lists" -o Dir::Cache::Archives="$dir/archives" \
    -o Dir::State::status=/dev/null -o Debug::NoLocking=1 -o APT::Sandbox::User=root "$@"
}

private_apt_update() {
  [ -n "$(ls "$DEPS/apt/lists" 2>/dev/null | grep -v partial)" ] && return 0
  log "fetching the $DEBIAN_SUITE package lists (private apt configuration)"
  private_apt update >&2 || die "apt-get update for $DEBIAN_SUITE failed" "check the network and the mirror in /etc/apt/sources.list.d"
}

need_root() {
  [ "$(id -u)" = 0 ] || die "$1 needs root" "run as root, or by hand: $2"
}

# Unpacks a tarball into $DEPS/src/NAME once.
unpack() { # tarball name
  local dir="$DEPS/src/$2"
  [ -f "$dir/.unpacked" ] && return 0
  rm -rf "$dir" && mkdir -p "$dir"
  tar -xf "$DEPS/downloads/$1" -C "$dir" --strip-components=1
  touch "$dir/.unpacked"
}

SYSROOT="$DEPS/sysroot/usr"
WASM_PREFIX="$DEPS/wasm-prefix"   # zlib (and later libraries) for wasm32
WASM_CC="$CLANG --target=wasm32-wasi --sysroot=$SYSROOT"
