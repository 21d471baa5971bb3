# Shared helpers for the dependency steps. Sourced, never run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=pins.env
. "$ROOT/scripts/pins.env"
DEPS="${WASIPY_DEPS:-$ROOT/target/deps}"
# The wasmtime CLI of scripts/wasmtime.sh lives here; the Makefile puts it on PATH too.
export PATH="$DEPS/bin:$PATH"
STEP="$(basename "$0" .sh)"
mkdir -p "$DEPS"

# What a step prints: nothing when its output is already good (or one "ok" line
# when asked: make deps); when it has work, ONE line: `begin` starts it, `phase`
# adds a word as the work goes on, `finish` ends it. Whatever its tools print goes
# to the step's log ($LOG, emptied by `begin`), never to the terminal.
LOG="$DEPS/$STEP.log"
HERE="$PWD" # paths in messages are relative to where make was started
if [ -t 2 ]; then BOLD=$'\033[1m' RED=$'\033[31m' OFF=$'\033[0m'; else BOLD='' RED='' OFF=''; fi
OPEN='' BEGUN='' # OPEN: a begun line waits for its end; BEGUN: when (in $SECONDS)
rel() { case "$1" in "$HERE"/*) printf '%s' "${1#"$HERE"/}" ;; *) printf '%s' "$1" ;; esac; }
end_line() { # [word]
  [ -n "$OPEN" ] || return 0
  printf '%s\n' "${1:+ … $1}" >&2
  OPEN=''
}
log() { end_line; printf '%s[%s]%s %s\n' "$BOLD" "$STEP" "$OFF" "$*" >&2; }
already() { [ -n "${WASIPY_QUIET:-}" ] || log "ok (already there): $*"; }
begin() {
  end_line
  : > "$LOG"
  printf '%s[%s]%s %s' "$BOLD" "$STEP" "$OFF" "$*" >&2
  OPEN=1 BEGUN=$SECONDS
}
phase() { printf ' … %s' "$*" >&2; }
finish() { # what was made
  local took=$((SECONDS - BEGUN))
  if [ "$took" -lt 60 ]; then end_line "$* ($took s)"; else end_line "$* ($((took / 60)) min $((took % 60)) s)"; fi
}
# die WHY WHAT-TO-DO [LOG]: the reason, the last lines of the log (by default the
# log of the line this step began), and what to do about it.
die() {
  end_line failed
  printf '%s[%s] failed: %s%s\n' "$RED" "$STEP" "$1" "$OFF" >&2
  local logfile="${3:-}"
  [ -n "$logfile" ] || [ -z "$BEGUN" ] || logfile="$LOG"
  if [ -n "$logfile" ] && [ -s "$logfile" ]; then
    printf '[%s] the last lines of %s:\n' "$STEP" "$(rel "$logfile")" >&2
    tail -n "${DIE_TAIL:-25}" "$logfile" | sed 's/^/    /' >&2
  fi
  [ -z "${2:-}" ] || printf '[%s] to fix: %s\n' "$STEP" "$2" >&2
  exit 1
}

# Ends the step early when OUTPUT exists next to STAMP (written when it last succeeded).
skip_if_done() { # output stamp
  if [ -f "$1" ] && [ -f "$2" ]; then already "$1"; exit 0; fi
}

# The stamp a step writes when it succeeds: PREFIX-HASH, where HASH covers the
# step's own script and the VALUES it builds with (its pins, the tools in
# WASM_CC...), so that editing its flags or a pin it reads rebuilds it once on a
# warm cache, while a pin it does not read leaves it alone.
stamp_for() { # prefix value...
  local prefix="$1"
  shift
  printf '%s-%s' "$prefix" "$({ cat "$0"; printf '%s\n' "$@"; } | sha256sum | cut -c1-16)"
}
# Writes STAMP (from stamp_for) and removes the stamps of earlier scripts or pins.
stamp_done() { # stamp
  rm -f "${1%-*}"-*
  touch "$1"
}

sha256_ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

# Runs apt-get as root against a private configuration that holds only a
# $DEBIAN_SUITE source entry, so the machine's own apt state is never touched.
# The machine's Debian mirror (its first non-security source).
debian_mirror() {
  local uri
  uri="$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -n1)"
  [ -n "$uri" ] || uri="$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null)"
  [ -n "$uri" ] || die "no Debian mirror URI found in /etc/apt" "add a Debian mirror to /etc/apt/sources.list.d/debian.sources"
  printf '%s' "$uri"
}

private_apt() {
  local dir="$DEPS/apt"
  mkdir -p "$dir/sources" "$dir/lists/partial" "$dir/archives/partial"
  local uri
  uri="$(debian_mirror)"
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
  phase "package lists"
  private_apt update >> "$LOG" 2>&1 || die "apt-get update for $DEBIAN_SUITE failed" "check the network and the mirror in /etc/apt/sources.list.d"
}

need_root() {
  [ "$(id -u)" = 0 ] || die "$1 needs root" "run as root, or by hand: $2"
}

# Unpacks a tarball into $DEPS/src/NAME once.
unpack() { # tarball name
  local dir="$DEPS/src/$2"
  [ -f "$dir/.unpacked" ] && return 0
  rm -rf "$dir" && mkdir -p "$dir"
  tar -xf "$DEPS/downloads/$1" -C "$dir" --strip-components=1 ||
    die "could not unpack $1" "delete $(rel "$DEPS/downloads/$1") and run make deps again (it is fetched and checked again)"
  touch "$dir/.unpacked"
}

SYSROOT="$DEPS/sysroot/usr"
WASM_PREFIX="$DEPS/wasm-prefix"   # zlib (and later libraries) for wasm32
WASM_CC="$CLANG --target=wasm32-wasi --sysroot=$SYSROOT"

# keep_link_map BUILT DEST: the linker's map of BUILT (build.rs writes it
# beside it: BUILT without .wasm, .map) copied to DEST when BUILT was linked
# since the last copy. Only then: `cargo test --bins` links a binary of its own
# and writes its map to the same path. scripts/split-data.mjs reads DEST.
keep_link_map() {
  local map="${1%.wasm}.map"
  if [ ! -f "$2" ] || [ "$1" -nt "$2" ]; then
    [ -f "$map" ] || die "$(rel "$map") is missing" "build.rs links with --Map: run make build again"
    cp -f "$map" "$2"
  fi
}
