#!/usr/bin/env bash
# The npm package (target/dist/wasipy-VERSION.tgz): `npm pack` of what
# package.json's `files` names, from dist/ (`npm run build`): dist/wasipy.js
# (the JS library, prebuilt; its chunks in dist/lib/), dist/embed.js (its
# chunks in dist/assets/), the module, the stdlib archives and tree, the numpy
# flavour when built; with web/lib/index.d.ts, README.md and LICENSE. Left
# out: the playground page, the example page and the .br/.gz copies.
# `--check` only checks that dist/ is built: package.json's prepack runs it, so
# that an `npm pack` or `npm publish` typed by hand stops there too.
. "$(dirname "$0")/lib.sh"

for file in wasipy.js lib embed.js wasipy.wasm python313-boot.zip stdlib-manifest.json stdlib python313.zip python313-extra.zip; do
  [ -e "$ROOT/dist/$file" ] || die "dist/$file is not built" "run \`npm run build\` first (make dist does)"
done
[ "${1:-}" != --check ] || exit 0

OUT="$ROOT/target/dist"
begin "the npm package in $(rel "$OUT") (log: $(rel "$LOG"))"
mkdir -p "$OUT"
rm -f "$OUT"/wasipy-*.tgz
# --json: the tarball's name and sizes, read below; npm's notices go to the log.
(cd "$ROOT" && npm pack --json --pack-destination "$OUT") > "$OUT/npm-pack.json" 2>> "$LOG" ||
  die "npm pack failed" "see the log"
summary="$(node -e '
  const [pack] = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const mb = (n) => (n / 1048576).toFixed(1);
  console.log(`${pack.filename}, ${mb(pack.size)} MB (${mb(pack.unpackedSize)} MB unpacked, ${pack.entryCount} files)`);
' "$OUT/npm-pack.json")" || die "npm pack wrote no tarball" "see $(rel "$OUT/npm-pack.json") and the log"
rm -f "$OUT/npm-pack.json"
finish "$(rel "$OUT")/$summary"
