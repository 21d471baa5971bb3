//! Starts the real `target/wasipy/wasipy.wasm` under wasmtime, as `make run` does.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn wasmtime() -> Command {
    let root = root();
    let module = root.join("target/wasipy/wasipy.wasm");
    assert!(module.exists(), "{} is missing: run `make build` first", module.display());
    let mut cmd = Command::new("wasmtime");
    cmd.current_dir(&root)
        .arg("run")
        .args(["--wasm", &max_wasm_stack()])
        .arg("--dir")
        .arg(format!("{}::/usr", root.join("target/wasipy/usr").display()))
        .arg("--dir")
        .arg(format!("{}::/tmp", scratch_dir().display()));
    cmd
}

/// A private writable directory mapped as /tmp.
pub fn scratch_dir() -> PathBuf {
    let dir = root().join("target/test-tmp");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `cmd` with `stdin` written to its standard input (from a thread, so a
/// child that writes much before reading cannot deadlock) and collects its output.
/// `hint` says where a program that cannot start comes from.
pub fn run_with_stdin(mut cmd: Command, stdin: &[u8], hint: &str) -> std::process::Output {
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start {:?}: {e} ({hint})", cmd.get_program()));
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// Runs `wasipy ARGS` with `stdin` as standard input.
pub fn wasipy_with(args: &[&str], extra_dirs: &[(&Path, &str)], stdin: &[u8]) -> Run {
    let mut cmd = wasmtime();
    for (host, guest) in extra_dirs {
        cmd.arg("--dir").arg(format!("{}::{guest}", host.display()));
    }
    cmd.arg(root().join("target/wasipy/wasipy.wasm")).args(args);
    let out = run_with_stdin(cmd, stdin, "wasmtime comes from `make deps`");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn wasipy(args: &[&str]) -> Run {
    wasipy_with(args, &[], b"")
}

/// `wasipy -c CODE`
pub fn py(code: &str) -> Run {
    wasipy(&["-c", code])
}

/// Asserts success and returns stdout.
pub fn py_ok(code: &str) -> String {
    let r = py(code);
    assert_eq!(r.code, 0, "code: {code}\nstdout: {}\nstderr: {}", r.stdout, r.stderr);
    r.stdout
}

/// wasmtime's `max-wasm-stack=` option with the stack size every user of
/// wasmtime gives the module (`WASMTIME_STACK=` in `scripts/pins.env`).
pub fn max_wasm_stack() -> String {
    format!("max-wasm-stack={}", pin("WASMTIME_STACK"))
}

fn pin(name: &str) -> String {
    let pins = std::fs::read_to_string(root().join("scripts/pins.env")).expect("scripts/pins.env");
    let prefix = format!("{name}=");
    pins.lines()
        .find_map(|l| l.strip_prefix(prefix.as_str()))
        .unwrap_or_else(|| panic!("no {name}= in scripts/pins.env"))
        .trim()
        .to_string()
}

/// CPython's version as pinned in `scripts/pins.env` (`PYTHON_VERSION=`): the
/// one place a version bump is made.
pub fn python_version() -> String {
    let pins = std::fs::read_to_string(root().join("scripts/pins.env")).expect("scripts/pins.env");
    pins.lines()
        .find_map(|l| l.strip_prefix("PYTHON_VERSION="))
        .expect("PYTHON_VERSION= in scripts/pins.env")
        .trim()
        .to_string()
}
