#!/usr/bin/env bash
# Step (run by stdlib.sh): the pure-Python wheels vendored into the stdlib's extra
# archive for the package installer (VENDORED_WHEELS in pins.env), downloaded with
# the native Python's pip at their pinned versions and checked against their sha256.
. "$(dirname "$0")/lib.sh"
native="$DEPS/native-python/bin/python3.13"
dir="$DEPS/downloads/wheels"
[ -x "$native" ] || die "the native Python is missing" "run make deps"
mkdir -p "$dir"
# and tzdata, whose zone files are the time zones of both hosts (scripts/zoneinfo_data.py)
for project in $VENDORED_WHEELS tzdata; do
  upper="$(printf '%s' "$project" | tr 'a-z-' 'A-Z_')"
  wheel_var="${upper}_WHEEL" sha_var="${upper}_SHA256"
  wheel="${!wheel_var}" sha="${!sha_var}"
  if sha256_ok "$dir/$wheel" "$sha"; then already "$wheel"; continue; fi
  # the version is the wheel file name's second field (name-version-tags.whl)
  version="$(printf '%s' "$wheel" | cut -d- -f2)"
  begin "pip download $project==$version (log: $(rel "$LOG"))"
  rm -f "$dir/$wheel"
  "$native" -m pip download --only-binary=:all: --no-deps --disable-pip-version-check -d "$dir" "$project==$version" >> "$LOG" 2>&1 ||
    die "pip download $project==$version failed" "check the network (pip reads its index from pip.conf or PIP_INDEX_URL)"
  [ -f "$dir/$wheel" ] || die "pip saved no $wheel" "check ${wheel_var} in scripts/pins.env against what pip downloaded into $(rel "$dir")"
  if ! sha256_ok "$dir/$wheel" "$sha"; then
    got="$(sha256sum "$dir/$wheel" | cut -d' ' -f1)"
    rm -f "$dir/$wheel"
    die "$wheel has sha256 $got, pins.env says $sha" "the file on the index changed or the pin is wrong: check it before updating ${sha_var}"
  fi
  finish "$wheel"
done
