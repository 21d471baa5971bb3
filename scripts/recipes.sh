#!/usr/bin/env bash
# Step: compiled Python packages for wasm32-wasi, one per folder in recipes/ (its
# recipe.env and patches/*.patch), built into STATIC archives that a later link
# puts into the module. For recipe NAME it leaves in target/deps/recipes/NAME/:
#   lib/libNAME.a   every object of its extension modules (a real, non-thin archive)
#   modules.txt     the modules it registers: "dotted.name PyInit_symbol" per line
#   link.txt        the libraries the final link needs besides libpython
#   site/           the package's pure-Python files (what meson installs, no .so)
#   METADATA        the sdist's PKG-INFO (core metadata for the .dist-info)
# Two kinds of build (RECIPE_BUILD): meson, with the sdist's vendored meson
# (numpy), and sources, a few C files compiled here (a setuptools project whose
# setup.py lists them, such as markupsafe's speedups: driving setuptools'
# build_ext across to wasm32 would cost more than it does).
# Run by scripts/flavour.sh (make build-numpy).
. "$(dirname "$0")/lib.sh"
# shellcheck source=../recipes/tools.env
. "$ROOT/recipes/tools.env"

native="$DEPS/native-python/bin/python3.13"
wasm_install="$DEPS/wasi-python/install/usr/local"
index="${PIP_INDEX_URL:-https://pypi.org/simple}"

tools_ready() {
  [ -x "$native" ] || die "the native Python is missing ($(rel "$native"))" "run make deps"
  [ -f "$wasm_install/include/python3.13/pyconfig.h" ] || die "the wasm CPython is not installed in $(rel "$wasm_install")" "run make deps"
  local missing="" p
  for p in $RECIPE_APT_PACKAGES; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
  if [ -n "$missing" ]; then
    need_root "installing$missing" "sudo apt-get install -y$missing"
    phase "apt-get install$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q $missing >> "$LOG" 2>&1 < /dev/null || {
      apt-get update -q >> "$LOG" 2>&1 < /dev/null && apt-get install -y -q $missing >> "$LOG" 2>&1 < /dev/null
    } || die "apt-get install$missing failed" "run: apt-get update && apt-get install -y$missing"
  fi
}

# The native venv that runs meson's build-time tools (Cython, numpy's generators).
build_venv() {
  local venv="$DEPS/recipes/venv" wheels="$DEPS/downloads/wheels"
  [ -x "$venv/bin/cython" ] && "$venv/bin/cython" --version 2>&1 | grep -q " $RECIPE_CYTHON_VERSION\$" && return 0
  phase "build venv (Cython $RECIPE_CYTHON_VERSION)"
  rm -rf "$venv" && mkdir -p "$wheels"
  "$native" -m venv "$venv" >> "$LOG" 2>&1 || die "could not create the build venv" "check the native Python: $(rel "$native") -m venv /tmp/x"
  printf 'cython==%s --hash=sha256:%s\n' "$RECIPE_CYTHON_VERSION" "$RECIPE_CYTHON_SHA256" > "$venv/requirements.txt"
  "$venv/bin/python" -m pip install --disable-pip-version-check --only-binary=:all: --no-deps \
    --require-hashes -r "$venv/requirements.txt" >> "$LOG" 2>&1 ||
    die "pip could not install $RECIPE_CYTHON_WHEEL with its pinned sha256" "check the network (pip reads its index from pip.conf or PIP_INDEX_URL) and RECIPE_CYTHON_SHA256 in recipes/tools.env"
}

# What meson sees as the host's Python: the native venv's interpreter, told that
# its platform is wasi-wasm32 and given the wasm build's sysconfig data, whose
# include directory and pkg-config directory point at the wasm headers.
host_python() { # dir
  local dir="$1"
  mkdir -p "$dir/pylib" "$dir/pkgconfig"
  sed "s|^prefix=.*|prefix=$wasm_install|" "$wasm_install/lib/pkgconfig/python-3.13.pc" > "$dir/pkgconfig/python-3.13.pc"
  "$native" - "$wasm_install/lib/python3.13/_sysconfigdata__wasi_wasm32-wasi.py" "$dir" "$wasm_install" <<'PY' >> "$LOG" 2>&1 || die "could not write the wasm sysconfig data" "see the log"
import sys, pprint
src, dir, inst = sys.argv[1:4]
ns = {}
exec(open(src).read(), ns)
v = ns["build_time_vars"]
for key in ("INCLUDEPY", "CONFINCLUDEPY", "INCLUDEDIR", "CONFINCLUDEDIR"):
    if key in v:
        v[key] = v[key].replace("/usr/local", inst, 1)
v["LIBPC"] = dir + "/pkgconfig"
with open(dir + "/pylib/_sysconfigdata__wasi_wasm32-wasi.py", "w") as f:
    f.write("build_time_vars = " + pprint.pformat(v) + "\n")
PY
  cat > "$dir/python" <<SH
#!/bin/sh
_PYTHON_SYSCONFIGDATA_NAME=_sysconfigdata__wasi_wasm32-wasi _PYTHON_HOST_PLATFORM=wasi-wasm32 PYTHONPATH="$dir/pylib" exec "$DEPS/recipes/venv/bin/python" "\$@"
SH
  chmod +x "$dir/python"
}

cross_file() { # dir
  local dir="$1" clang clangxx
  clang="$(command -v "$CLANG")" clangxx="$(command -v "$CLANGXX")"
  list() { local a out=""; for a in "$@"; do out="$out, '$a'"; done; printf '[%s]' "${out#, }"; }
  # shellcheck disable=SC2086
  cat > "$dir/cross.ini" <<INI
[binaries]
c = ['$clang', '--target=wasm32-wasi', '--sysroot=$SYSROOT']
cpp = ['$clangxx', '--target=wasm32-wasi', '--sysroot=$SYSROOT', '-nostdinc++', '-isystem', '$WASM_LIBCXX_INCLUDE']
ar = '$(command -v "$LLVM_AR")'
ranlib = '$(command -v "$LLVM_RANLIB")'
strip = '$(command -v llvm-strip-19)'
nm = '$(command -v llvm-nm-19)'
python = '$dir/python'
cython = '$DEPS/recipes/venv/bin/cython'
pkg-config = '$(command -v pkg-config || echo pkg-config)'

[built-in options]
c_args = $(list $RECIPE_CFLAGS)
cpp_args = $(list $RECIPE_CXXFLAGS)
cpp_link_args = ['-L$WASM_LIBCXX_LIB']

[properties]
longdouble_format = '$RECIPE_LONGDOUBLE_FORMAT'
needs_exe_wrapper = true
pkg_config_libdir = '$dir/pkgconfig'

[host_machine]
system = 'wasi'
cpu_family = 'wasm32'
cpu = 'wasm32'
endian = 'little'
INI
}

# A meson project: its extension modules' objects, never their .so links.
build_meson() {
  build_venv
  host_python "$work"
  cross_file "$work"
  [ -f "$src/vendored-meson/meson/meson.py" ] || die "$RECIPE_SDIST has no vendored meson" "this step builds meson projects with the sdist's vendored-meson only"

  phase "configure"
  # meson finds cython on PATH (its cross-file entry is not read for it here)
  local PATH="$DEPS/recipes/venv/bin:$PATH"
  # shellcheck disable=SC2086
  (cd "$src" && nice -n 19 "$DEPS/recipes/venv/bin/python" vendored-meson/meson/meson.py setup "$work/build" \
    --cross-file "$work/cross.ini" --prefix=/usr/local $RECIPE_MESON_ARGS) >> "$LOG" 2>&1 ||
    die "meson setup for $name failed" "read the log; the cross file is $(rel "$work/cross.ini")"

  phase "compile"
  local objs
  objs="$("$native" "$ROOT/scripts/recipe_meson.py" objects "$work/build")" ||
    die "could not read the extension modules from $(rel "$work/build/build.ninja")" "see the log"
  [ -n "$objs" ] || die "meson configured no extension modules for $name" "see the log"
  # Objects only: the extension modules' .so links cannot work for wasm32-wasi.
  # shellcheck disable=SC2086
  nice -n 19 ninja -C "$work/build" -j "${RECIPE_JOBS:-2}" $objs >> "$LOG" 2>&1 ||
    die "compiling $name for wasm32 failed" "the compiler's error follows the first 'FAILED:' in $(rel "$LOG")"

  phase "archive"
  rm -rf "$out" && mkdir -p "$out"
  printf '%s\n' "$RECIPE_MODULES" | sed '/^[[:space:]]*$/d' > "$work/modules.txt"
  "$native" "$ROOT/scripts/recipe_meson.py" collect "$work/build" "$out" "$(command -v llvm-nm-19)" \
    "$(command -v "$LLVM_AR")" "$work/modules.txt" >> "$LOG" 2>&1 ||
    die "packing $name's objects failed" "see the log"
}

# A few C files per module (RECIPE_SOURCES: "dotted.name file.c..." per line),
# compiled against the wasm CPython's headers; the Python files are the
# packages' folders under RECIPE_PYTHON_DIR, as setuptools' package_dir says.
build_sources() {
  phase "compile"
  rm -rf "$out" && mkdir -p "$out/lib" "$out/site" "$work/objects"
  printf '%s\n' "$RECIPE_MODULES" | sed '/^[[:space:]]*$/d' > "$work/modules.txt"
  local dotted init files f obj objects=() n=0
  while read -r dotted init; do
    files="$(printf '%s\n' "$RECIPE_SOURCES" | awk -v m="$dotted" '$1 == m { $1 = ""; print }')"
    [ -n "${files// /}" ] || die "$(rel "$recipe_dir/recipe.env"): RECIPE_SOURCES names no C file for $dotted" "add a line \"$dotted file.c\""
    for f in $files; do
      obj="$work/objects/$(printf '%03d' "$n")-$(basename "$f" .c).o" && n=$((n + 1))
      # shellcheck disable=SC2086
      nice -n 19 $WASM_CC $RECIPE_CFLAGS -I"$wasm_install/include/python3.13" -c "$src/$f" -o "$obj" >> "$LOG" 2>&1 ||
        die "compiling $f for wasm32 failed" "the compiler's error is at the end of $(rel "$LOG")"
      objects+=("$obj")
    done
  done < "$work/modules.txt"
  "$LLVM_AR" rcs "$out/lib/lib$name.a" "${objects[@]}" >> "$LOG" 2>&1 || die "could not archive $name's objects" "see the log"
  local defined
  defined="$(llvm-nm-19 --defined-only --extern-only --format=posix "$out/lib/lib$name.a" 2>> "$LOG" | awk '{ print $1 }')"
  while read -r dotted init; do
    grep -qx "$init" <<< "$defined" || die "$RECIPE_SDIST: no $init in what $dotted's sources compile to" "check RECIPE_MODULES and RECIPE_SOURCES in $(rel "$recipe_dir/recipe.env")"
    local top="${dotted%%.*}"
    [ -d "$out/site/$top" ] && continue
    [ -d "$src/${RECIPE_PYTHON_DIR:-.}/$top" ] || die "$RECIPE_SDIST has no package folder ${RECIPE_PYTHON_DIR:-.}/$top" "set RECIPE_PYTHON_DIR in $(rel "$recipe_dir/recipe.env")"
    cp -r "$src/${RECIPE_PYTHON_DIR:-.}/$top" "$out/site/$top"
  done < "$work/modules.txt"
  cp "$work/modules.txt" "$out/modules.txt"
}

build_recipe() { # recipe folder
  local recipe_dir="$1" name RECIPE_PROJECT RECIPE_VERSION RECIPE_SDIST RECIPE_SHA256 RECIPE_MESON_ARGS \
    RECIPE_CFLAGS RECIPE_CXXFLAGS RECIPE_LONGDOUBLE_FORMAT RECIPE_LINK_LIBS RECIPE_MODULES \
    RECIPE_BUILD RECIPE_SOURCES RECIPE_PYTHON_DIR
  name="$(basename "$recipe_dir")"
  # shellcheck disable=SC1091
  . "$recipe_dir/recipe.env"
  local out="$DEPS/recipes/$name" src="$DEPS/src/recipe-$name" work="$DEPS/recipes/$name-build"
  local stamp
  stamp="$(stamp_for "$out/.built" "$(cat "$recipe_dir/recipe.env" "$recipe_dir"/patches/*.patch 2>/dev/null)" \
    "$WASM_CC" "$CLANGXX" "$LLVM_AR" "$RECIPE_CYTHON_SHA256" "$WASM_LIBCXX_INCLUDE" \
    "$(cat "$ROOT/scripts/recipe_meson.py")" "$PYTHON_SHA256")"
  if [ -f "$out/lib/lib$name.a" ] && [ -f "$out/modules.txt" ] && [ -f "$stamp" ]; then
    already "$(rel "$out/lib/lib$name.a")"
    return 0
  fi
  LOG="$DEPS/$STEP-$name.log"
  begin "$name $RECIPE_VERSION for wasm32 (static; numpy takes about 3 minutes on 2 cores; log: $(rel "$LOG"))"
  tools_ready

  local sdist="$DEPS/downloads/$RECIPE_SDIST"
  if ! sha256_ok "$sdist" "$RECIPE_SHA256"; then
    phase "download"
    mkdir -p "$DEPS/downloads" && rm -f "$sdist"
    local rc=0
    "$native" "$ROOT/scripts/recipe_fetch.py" "$index" "$RECIPE_PROJECT" "$RECIPE_SDIST" "$RECIPE_SHA256" "$sdist" >> "$LOG" 2>&1 || rc=$?
    case "$rc" in
      0) ;;
      4) die "checksum mismatch for $RECIPE_SDIST (pinned sha256 $RECIPE_SHA256)" "the file on the index changed or the pin in $(rel "$recipe_dir/recipe.env") is wrong: check it before changing RECIPE_SHA256" ;;
      3) die "$RECIPE_SDIST is not on ${index%/}/$RECIPE_PROJECT/" "check RECIPE_SDIST in $(rel "$recipe_dir/recipe.env") and the index (PIP_INDEX_URL)" ;;
      *) die "could not download $RECIPE_SDIST from $index" "check the network and the index (PIP_INDEX_URL, or pip's default https://pypi.org/simple)" ;;
    esac
  fi

  phase "unpack"
  rm -rf "$src" "$work" && mkdir -p "$src" "$work"
  tar -xzf "$sdist" -C "$src" --strip-components=1 >> "$LOG" 2>&1 ||
    die "could not unpack $RECIPE_SDIST" "delete $(rel "$sdist") and run this step again (it is fetched and checked again)"
  local p
  for p in "$recipe_dir"/patches/*.patch; do
    [ -e "$p" ] || continue
    patch -d "$src" -p1 --forward --batch < "$p" >> "$LOG" 2>&1 ||
      die "$(rel "$p") does not apply to $RECIPE_SDIST" "update the patch for this version"
  done

  case "${RECIPE_BUILD:-meson}" in
    meson) build_meson ;;
    sources) build_sources ;;
    *) die "$(rel "$recipe_dir/recipe.env"): RECIPE_BUILD=$RECIPE_BUILD is not a build this step knows" "use meson or sources" ;;
  esac
  # clang's compiler-rt builtins too (complex and 128-bit float helpers such as
  # __multc3, which Rust's own builtins lack).
  local builtins
  builtins="$($WASM_CC -print-libgcc-file-name)"
  [ -f "$builtins" ] || die "clang's wasm32 builtins are missing ($builtins)" "run scripts/toolchain.sh (make deps)"
  printf '%s\n' "-L$WASM_LIBCXX_LIB $RECIPE_LINK_LIBS -L$(dirname "$builtins") -l$(basename "$builtins" .a | sed 's/^lib//')" > "$out/link.txt"
  # The sdist's core metadata: the .dist-info's METADATA (scripts/pack_recipes.py).
  cp "$src/PKG-INFO" "$out/METADATA" || die "$RECIPE_SDIST has no PKG-INFO" "an sdist always has one: delete $(rel "$sdist") and run again"
  stamp_done "$stamp"
  finish "$(rel "$out/lib/lib$name.a"), $(wc -l < "$out/modules.txt") modules"
}

[ -d "$ROOT/recipes" ] || exit 0
for recipe in "$ROOT"/recipes/*/; do
  [ -f "$recipe/recipe.env" ] && build_recipe "${recipe%/}"
done
