//! wasipy: CPython 3.13 for WASI embedded through pyo3, one wasm32-wasip1 module.
//!
//! The same `wasipy.wasm` is `python` under wasmtime (`cli.rs`, `pymain.rs`)
//! and exports a small C ABI for hosts that keep one interpreter alive
//! (`host_api.rs`, used by the browser runtime in `web/`).

#[cfg(target_os = "wasi")]
mod builtin_modules;
#[cfg(target_os = "wasi")]
mod cli;
#[cfg(target_os = "wasi")]
mod exit_status;
#[cfg(target_os = "wasi")]
mod host_api;
#[cfg(target_os = "wasi")]
mod interpreter;
#[cfg(target_os = "wasi")]
mod pymain;
#[cfg(target_os = "wasi")]
mod recursion_limit;
#[cfg(target_os = "wasi")]
mod snapshot;
#[cfg(target_os = "wasi")]
mod stdlib_guard;

#[cfg(target_os = "wasi")]
fn main() {
    // args_os: an argument need not be UTF-8 (python accepts any bytes).
    std::process::exit(cli::main(std::env::args_os().collect()));
}

/// Built for another target (for example by `cargo test`, whose integration
/// tests run natively and start wasmtime): there is no interpreter here.
#[cfg(not(target_os = "wasi"))]
fn main() {
    eprintln!("wasipy runs as WebAssembly: build it with `make build` and run it with `make run`");
    std::process::exit(2);
}
