"""What scripts/recipes.sh needs from a meson build directory (run with the native Python).

  recipe_meson.py objects BUILD
      prints the object files that the extension modules link (one per line), so
      that ninja builds them and no .so link (which cannot work for wasm32-wasi).
  recipe_meson.py collect BUILD OUT NM AR MODULES_FILE
      packs those objects into OUT/lib/lib<project>.a (a real archive, one copy of
      objects compiled more than once), writes OUT/modules.txt, checks that the
      archive defines each PyInit symbol, and copies what `meson install` would put
      in site-packages (but the extension modules) into OUT/site/.
"""
import json
import os
import re
import shutil
import subprocess
import sys


def parse_ninja(path):
    text = open(path).read().replace("$\n", "")
    builds = {}
    for line in text.splitlines():
        if not line.startswith("build "):
            continue
        line = line[len("build "):]
        # split on unescaped ':' (the first one after the outputs)
        line = line.replace("$ ", "\0").replace("$:", "\1")
        outs, rest = line.split(":", 1)
        explicit, _, implicit = rest.split("||")[0].partition(" | ")
        parts = explicit.split()
        # static libraries that come through a dependency are implicit inputs
        rule, ins = parts[0], parts[1:] + [i for i in implicit.split() if i.endswith(".a")]
        fix = lambda s: s.replace("\0", " ").replace("\1", ":")
        for out in outs.split():
            builds[fix(out)] = (rule, [fix(i) for i in ins])
    return builds


def module_objects(build):
    builds = parse_ninja(os.path.join(build, "build.ninja"))
    mods = {}
    for out, (rule, ins) in builds.items():
        if "LINKER" in rule and rule != "STATIC_LINKER" and out.endswith(".so"):
            objs, seen = [], set()

            def walk(inputs):
                for i in inputs:
                    if i.endswith((".o", ".obj")):
                        objs.append(i)
                    elif i.endswith(".a") and i in builds and i not in seen:
                        seen.add(i)
                        walk(builds[i][1])

            walk(ins)
            mods[out] = objs
    return mods


def defined_globals(nm, obj):
    """The global symbols OBJ defines, but weak ones (C++ inline and template code,
    which the linker merges)."""
    out = subprocess.run([nm, "--defined-only", "--extern-only", "--format=posix", obj],
                         check=True, capture_output=True, text=True).stdout
    syms = set()
    for line in out.splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[1] not in ("W", "V", "w", "v"):
            syms.add(fields[0])
    return syms


def main():
    cmd, build = sys.argv[1], sys.argv[2]
    mods = module_objects(build)
    if cmd == "objects":
        for objs in mods.values():
            for o in objs:
                print(o)
        return
    out, nm, ar, modules_file = sys.argv[3:7]
    wanted = [l.split() for l in open(modules_file) if l.strip()]
    # module file name (last dotted part) -> its .so target in the build
    by_name = {os.path.basename(so).split(".")[0]: so for so in mods}
    missing = [d for d, _ in wanted if d.rsplit(".", 1)[-1] not in by_name]
    extra = sorted(set(by_name) - {d.rsplit(".", 1)[-1] for d, _ in wanted})
    if missing or extra:
        sys.exit(f"the recipe's modules and the build's disagree: not built {missing}, not in the recipe {extra}")
    lib = os.path.join(out, "lib")
    stage = os.path.join(out, "objects")
    shutil.rmtree(stage, ignore_errors=True)
    os.makedirs(stage)
    os.makedirs(lib, exist_ok=True)
    defined = {}  # symbol -> object that defines it
    kept, dropped = [], 0
    # the modules in the recipe's order (the core first): the first copy wins
    for dotted, _ in wanted:
        so = by_name[dotted.rsplit(".", 1)[-1]]
        for obj in mods[so]:
            path = os.path.join(build, obj)
            syms = defined_globals(nm, path)
            again = syms & defined.keys()
            if syms and again == syms:
                dropped += 1  # compiled again for another module: keep one copy
                continue
            if again:
                sys.exit(f"{obj} and {defined[sorted(again)[0]]} both define {sorted(again)[:5]}: "
                         "rename one copy's symbols (see the recipe's patches)")
            for s in syms:
                defined[s] = obj
            name = f"{len(kept):03d}-" + re.sub(r"[^A-Za-z0-9_.-]", "_", obj.split(".p/")[-1])
            shutil.copyfile(path, os.path.join(stage, name))
            kept.append(name)
    archive = os.path.join(lib, "lib" + os.path.basename(out) + ".a")
    if os.path.exists(archive):
        os.unlink(archive)
    subprocess.run([ar, "rcs", archive] + kept, cwd=stage, check=True)
    shutil.rmtree(stage)
    absent = [s for _, s in wanted if s not in defined]
    if absent:
        sys.exit(f"the archive defines no {absent}")
    with open(os.path.join(out, "modules.txt"), "w") as f:
        for dotted, sym in wanted:
            f.write(f"{dotted} {sym}\n")
    # the pure-Python files: what meson would install, but the extension modules
    installed = json.load(open(os.path.join(build, "meson-info", "intro-installed.json")))
    site = os.path.join(out, "site")
    shutil.rmtree(site, ignore_errors=True)
    copied = 0
    for src, dest in installed.items():
        m = re.search(r"(?:site|dist)-packages/(.*)$", dest)
        if not m or src.endswith(".so"):
            continue
        target = os.path.join(site, m.group(1))
        if os.path.isdir(src):  # install_subdir
            shutil.copytree(src, target, dirs_exist_ok=True)
            copied += 1
            continue
        if not os.path.isfile(src):
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(src, target)
        copied += 1
    print(f"{len(kept)} objects ({dropped} duplicates left out), {len(wanted)} modules, {copied} package files")


main()
