#!/usr/bin/env bash
# wasipy: python's command line, run under wasmtime from the directory you are in.
# Written by scripts/launcher.sh (make build: target/wasipy/bin/wasipy; make
# install: $PREFIX/bin/wasipy), which fills in the three paths below.
#
# What it maps: the working directory as the guest's / (so `wasipy main.py`, `-m pkg`
# and relative PYTHONPATH entries find your files), /tmp, the stdlib at /usr, the
# absolute PYTHONPATH directories and WASIPY_DIRS (colon-separated) at their own
# paths. It passes python's environment variables (PYTHON*, TZ, TERM, NO_COLOR,
# FORCE_COLOR, COLUMNS, LINES), and the machine's time zone as TZ when TZ is
# unset. WASIPY_SITE_PACKAGES=DIR is mapped over
# site-packages. The module is precompiled once (a .cwasm beside it, made again
# when the module or wasmtime changes), so a start maps machine code instead of
# compiling 11 MB.
set -u
HOME_DIR=@WASIPY_HOME@   # wasipy.wasm and usr/ (the stdlib)
WASMTIME=@WASMTIME@
STACK=@WASMTIME_STACK@

wasm="$HOME_DIR/wasipy.wasm"
[ -f "$wasm" ] || { echo "wasipy: $wasm is missing: run make build (or make install again)" >&2; exit 1; }
[ -x "$WASMTIME" ] || WASMTIME="$(command -v wasmtime || true)"
[ -n "$WASMTIME" ] || { echo "wasipy: wasmtime is missing: run make deps (or make install again)" >&2; exit 1; }

opts=(--wasm "max-wasm-stack=$STACK")
args=(run "${opts[@]}" --dir "$HOME_DIR/usr::/usr" --dir /tmp::/tmp --dir .)

# Directories mapped at their own host paths; those that do not exist are skipped.
mapped=()
add_dir() {
  case "$1" in /*) ;; *) return ;; esac # relative PYTHONPATH entries are inside the working directory
  [ -d "$1" ] || return
  case "$1" in /tmp | /tmp/* | /usr | /usr/*) return ;; esac # already mapped (/usr is the stdlib's)
  # Inside a folder already mapped (the working directory, an earlier one): not
  # again, since WASI resolves a path in the deepest mapping that holds it, and
  # `..` may not leave that (site-packages/../../bin, which pip's RECORD names).
  local m
  for m in "$PWD" "${mapped[@]}"; do case "$1/" in "$m"/*) return ;; esac; done
  args+=(--dir "$1::$1")
  mapped+=("$1")
}
IFS=: read -r -a extra <<< "${WASIPY_DIRS:-}"
for d in "${extra[@]}"; do [ -z "$d" ] || add_dir "$d"; done
IFS=: read -r -a pypath <<< "${PYTHONPATH:-}"
for d in "${pypath[@]}"; do [ -z "$d" ] || add_dir "$d"; done
if [ -n "${WASIPY_SITE_PACKAGES:-}" ]; then
  [ -d "$WASIPY_SITE_PACKAGES" ] || { echo "wasipy: WASIPY_SITE_PACKAGES=$WASIPY_SITE_PACKAGES is not a directory" >&2; exit 2; }
  args+=(--dir "$WASIPY_SITE_PACKAGES::/usr/local/lib/python3.13/site-packages")
fi

for name in $(compgen -e); do
  case "$name" in
    PYTHON* | TZ | TERM | NO_COLOR | FORCE_COLOR | COLUMNS | LINES) args+=(--env "$name") ;;
  esac
done
# Without TZ, python follows the machine's zone (/etc/localtime); the guest has no
# /etc, so it gets the zone's name, which it reads from its own /usr/share/zoneinfo.
if [ -z "${TZ+set}" ]; then
  zone="$(readlink -f /etc/localtime 2>/dev/null || true)"
  case "$zone" in */zoneinfo/*) zone="${zone##*/zoneinfo/}" ;; *) zone="$(head -n 1 /etc/timezone 2>/dev/null || true)" ;; esac
  [ -z "$zone" ] || args+=(--env "TZ=$zone")
fi

# The precompiled module, keyed by the module's and wasmtime's size and time:
# a new build or another wasmtime makes it again, never loads a stale one
# (wasmtime would refuse it). Written to a temporary name and renamed, so that
# two starts at once never see half a file. Where the folder is not writable,
# the .wasm runs as it is (compiled at each start).
module="$wasm"
cwasm="$HOME_DIR/wasipy.cwasm"
key="$(stat -L -c '%s %Y' "$wasm" "$WASMTIME" 2>/dev/null | tr '\n' ' ')"
if [ "$(cat "$cwasm.key" 2>/dev/null)" = "$key" ] && [ -f "$cwasm" ]; then
  module="$cwasm"
elif [ -w "$HOME_DIR" ]; then
  tmp="$cwasm.$$.tmp"
  if "$WASMTIME" compile "${opts[@]}" "$wasm" -o "$tmp" 2> "$tmp.err"; then
    mv -f "$tmp" "$cwasm" && printf '%s' "$key" > "$cwasm.key" && module="$cwasm"
  else
    echo "wasipy: could not precompile $wasm (running it as it is): $(tail -n 1 "$tmp.err")" >&2
  fi
  rm -f "$tmp" "$tmp.err"
fi
[ "$module" = "$wasm" ] || args+=(--allow-precompiled)

# The script python will open: the first argument that is not an option (or an
# option's value); none after -c, -m or -.
script=''
skip=''
for a in "$@"; do
  if [ -n "$skip" ]; then skip=''; continue; fi
  case "$a" in
    -c | -m | - | -c?* | -m?*) break ;;
    -W | -X | --check-hash-based-pycs) skip=1 ;;
    -*) ;;
    *) script="$a"; break ;;
  esac
done

"$WASMTIME" "${args[@]}" "$module" "$@"
status=$?
# python says "can't open file ... No such file or directory" with status 2 for a
# script it cannot see; say which directories it can, and how to add one.
if [ "$status" = 2 ] && [ -n "$script" ]; then
  host="$script"
  case "$script" in /*) ;; *) host="$PWD/$script" ;; esac
  inside=''
  case "$script" in
    /*) for d in "${mapped[@]}" /tmp; do case "$script" in "$d"/*) inside=1 ;; esac; done
        [ -e "$PWD$script" ] && inside=1 ;;
    ../*) [ -e "$host" ] || inside=1 ;; # above the working directory: not mapped
    *) inside=1 ;;                       # in the working directory: python's message says it all
  esac
  if [ -z "$inside" ]; then
    echo "wasipy: it sees the working directory ($PWD) as /, /tmp${mapped[*]:+, }$(IFS=,; printf '%s' "${mapped[*]}") and the stdlib; map another directory with WASIPY_DIRS=/path/to/dir (its own path inside)" >&2
  fi
fi
exit "$status"
