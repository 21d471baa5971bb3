#!/usr/bin/env bash
# Packs the WASI build's stdlib as target/wasipy/usr/local/lib/python313.zip (.pyc only)
# and python313-extra.zip (the rarely imported rest), which wasmtime and Node use;
# and for browsers target/wasipy/web/: python313-boot.zip (what start-up needs,
# scripts/boot-modules.txt), stdlib/<path>.pyc (every other module, fetched one
# by one at its first import) and stdlib-manifest.json; and the time zones, in
# target/wasipy/usr/share/zoneinfo and in the browsers' tree (scripts/zoneinfo_data.py).
. "$(dirname "$0")/lib.sh"
src="$DEPS/wasi-python/install/usr/local/lib/python3.13"
native="$DEPS/native-python/bin/python3.13"
out_dir="$ROOT/target/wasipy/usr/local/lib"
zip="$out_dir/python313.zip"
extra="$out_dir/python313-extra.zip"
web="$ROOT/target/wasipy/web"
boot_list="$ROOT/scripts/boot-modules.txt"
[ -d "$src" ] && [ -x "$native" ] || die "the staged CPython build is missing" "run make deps"
mkdir -p "$out_dir"
# An empty site-packages where python has it (<prefix>/lib/python3.13/site-packages):
# site.py puts it on sys.path only if it exists, and a directory of packages
# mapped over it (wasmtime --dir DIR::/usr/local/lib/python3.13/site-packages) then
# behaves as an installed site-packages, .pth files included.
mkdir -p "$out_dir/python3.13/site-packages"
bash "$ROOT/scripts/vendor-wheels.sh"
wheels="$DEPS/downloads/wheels"
vendored=()
for project in $VENDORED_WHEELS; do
  wheel_var="$(printf '%s' "$project" | tr 'a-z-' 'A-Z_')_WHEEL"
  vendored+=("$wheels/${!wheel_var}")
done
tzdata="$wheels/$TZDATA_WHEEL"
zoneinfo="$ROOT/target/wasipy/usr/share/zoneinfo"
# The command line's time zones (scripts/zoneinfo_data.py), unpacked once per pin.
if [ "$(cat "$zoneinfo/.wheel" 2>/dev/null)" != "$TZDATA_WHEEL" ]; then
  "$native" "$ROOT/scripts/zoneinfo_data.py" "$tzdata" "$zoneinfo" || die "unpacking the time zones failed" "see the Python error above"
  printf '%s' "$TZDATA_WHEEL" > "$zoneinfo/.wheel"
fi
# Packed again when anything that goes into the zips is newer than them (the
# staged stdlib, the packer, the `>>>` checker, the package installer in
# crate/packages/) or when the pinned wheels changed: a pin back to a wheel
# downloaded earlier brings an older file, so the pins are compared, not dates.
wheel_pins="$DEPS/stdlib.wheels"
newer="$(find "$src/os.py" "$ROOT/scripts/pack_stdlib.py" "$ROOT/scripts/zoneinfo_data.py" "$ROOT/crate/pycon.py" "$ROOT/crate/packages" "$boot_list" \
  -newer "$web/stdlib-manifest.json" -print -quit 2>/dev/null || true)"
if [ -f "$zip" ] && [ -f "$extra" ] && [ -f "$web/stdlib-manifest.json" ] && [ ! "$extra" -ot "$zip" ] &&
  [ ! "$web/stdlib-manifest.json" -ot "$extra" ] && [ -z "$newer" ] &&
  [ "$(cat "$wheel_pins" 2>/dev/null)" = "${vendored[*]} $tzdata" ]; then
  already "$zip"; exit 0
fi
log "packing the stdlib"
"$native" "$ROOT/scripts/pack_stdlib.py" --web "$web" --boot "$boot_list" --zoneinfo "$tzdata" "$src" "$zip" "$extra" "${vendored[@]}" || die "packing the stdlib failed" "see the Python error above"
printf '%s' "${vendored[*]} $tzdata" > "$wheel_pins"
