//! The C ABI that `wasipy.wasm` exports for hosts that keep one interpreter
//! alive and run many snippets (the browser runtime in `web/`).
//!
//! Protocol:
//! 1. Instantiate the module and call `_start` with argv `["wasipy", "--host"]`.
//!    That runs wasi-libc's constructors (preopened directories, environment),
//!    resumes the interpreter the build started (`snapshot.rs`; a module built
//!    without the snapshot starts CPython), prints nothing and returns with status 0. The exports
//!    below stay callable afterwards and `__main__` persists between calls.
//!    Called before that, they return `WASIPY_NOT_STARTED` (-1).
//! 2. `wasipy_alloc(len)` gives a buffer; write the snippet's UTF-8 bytes into it.
//! 3. `wasipy_run(ptr, len, flags)` runs it in `__main__` (compiled as
//!    `<python-input-N>`, N counting runs from 0; its source stays in
//!    `linecache`) and returns a status:
//!    0 ok, 1 uncaught exception (traceback written to fd 2), 2 `SystemExit`
//!    (`wasipy_exit_code()` gives the code). Flag bit 0 (`WASIPY_DISPLAY`) prints
//!    the repr of a last expression to stdout like the interactive interpreter.
//!    stdout and stderr are line-buffered and flushed before it returns.
//!    `wasipy_value_ptr()`/`wasipy_value_len()` give that repr as UTF-8 (length -1
//!    when the snippet did not end in an expression with a value other than None);
//!    valid until the next call.
//!    `os._exit(n)` ends the instance through WASI `proc_exit(n)`: the host sees
//!    its exit and needs a new instance (all state is lost).
//! 4. `wasipy_free(ptr, len)` releases the buffer; `wasipy_reset()` empties `__main__`.

use std::cell::RefCell;

use crate::interpreter::{Outcome, Runner};
use crate::snapshot;

pub const WASIPY_NOT_STARTED: i32 = -1;
const STATUS_OK: i32 = 0;
const STATUS_EXCEPTION: i32 = 1;
const STATUS_EXIT: i32 = 2;
const FLAG_DISPLAY: u32 = 1;

thread_local! {
    static RUNNER: RefCell<Option<Runner>> = const { RefCell::new(None) };
    static LAST: RefCell<(i32, Option<String>)> = const { RefCell::new((0, None)) };
    /// Runs so far: each run's code gets a name of its own, as each input of
    /// Python 3.13's REPL does, so tracebacks through earlier runs show their lines.
    static RUNS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// The name a run's code is compiled under (`<python-input-0>`, `<python-input-1>`, …).
fn next_run_name() -> String {
    let n = RUNS.with(|r| {
        let n = r.get();
        r.set(n + 1);
        n
    });
    format!("<python-input-{n}>")
}

/// `wasipy --host`: start the interpreter and keep it for the exports.
pub fn start_from_cli() -> i32 {
    match snapshot::resume_or_start() {
        Ok(runner) => {
            if let Err(e) = runner.host_setup() {
                eprintln!("wasipy: host set-up failed: {e}");
                return 1;
            }
            RUNNER.with(|r| *r.borrow_mut() = Some(runner));
            0
        }
        Err(e) => {
            eprintln!("wasipy: {e} (the host must provide the stdlib at /usr/local/lib/python313.zip)");
            1
        }
    }
}

/// Allocates `len` bytes for the host to write into; null if memory is exhausted.
#[no_mangle]
pub extern "C" fn wasipy_alloc(len: usize) -> *mut u8 {
    let mut buf: Vec<u8> = Vec::new();
    if buf.try_reserve_exact(len.max(1)).is_err() {
        return std::ptr::null_mut();
    }
    let ptr = buf.as_mut_ptr();
    std::mem::forget(buf);
    ptr
}

/// Frees a buffer from `wasipy_alloc` (same length).
///
/// # Safety
/// `ptr` and `len` must come from one `wasipy_alloc` call, freed once.
#[no_mangle]
pub unsafe extern "C" fn wasipy_free(ptr: *mut u8, len: usize) {
    if !ptr.is_null() {
        drop(Vec::from_raw_parts(ptr, 0, len.max(1)));
    }
}

/// Runs `len` bytes at `ptr` as a snippet; returns the status (see the module docs).
///
/// # Safety
/// `ptr..ptr+len` must be readable memory of this instance.
#[no_mangle]
pub unsafe extern "C" fn wasipy_run(ptr: *const u8, len: usize, flags: u32) -> i32 {
    let source = if len == 0 { &[][..] } else { std::slice::from_raw_parts(ptr, len) };
    let outcome = RUNNER.with(|r| r.borrow().as_ref().map(|runner| runner.run(source, &next_run_name(), flags & FLAG_DISPLAY != 0)));
    let Some(outcome) = outcome else { return WASIPY_NOT_STARTED };
    let (status, exit_code, value) = match outcome {
        Outcome::Ok { value } => (STATUS_OK, 0, value),
        Outcome::Exception { exit_code } => (STATUS_EXCEPTION, exit_code, None),
        Outcome::Exit { exit_code } => (STATUS_EXIT, exit_code, None),
    };
    LAST.with(|l| *l.borrow_mut() = (exit_code, value));
    status
}

/// The exit code of the last run (its `SystemExit` code; 1 after an exception).
#[no_mangle]
pub extern "C" fn wasipy_exit_code() -> i32 {
    LAST.with(|l| l.borrow().0)
}

/// Address of the last run's value repr (UTF-8); see `wasipy_value_len`.
#[no_mangle]
pub extern "C" fn wasipy_value_ptr() -> *const u8 {
    LAST.with(|l| l.borrow().1.as_ref().map_or(std::ptr::null(), |v| v.as_ptr()))
}

/// Length in bytes of the last run's value repr, or -1 when there is none.
#[no_mangle]
pub extern "C" fn wasipy_value_len() -> i32 {
    LAST.with(|l| l.borrow().1.as_ref().map_or(-1, |v| v.len() as i32))
}

/// Empties `__main__`; 0 on success.
#[no_mangle]
pub extern "C" fn wasipy_reset() -> i32 {
    RUNNER.with(|r| match r.borrow().as_ref() {
        None => WASIPY_NOT_STARTED,
        Some(runner) => match runner.reset() {
            Ok(()) => {
                LAST.with(|l| *l.borrow_mut() = (0, None));
                0
            }
            Err(e) => {
                eprintln!("wasipy: reset failed: {e}");
                1
            }
        },
    })
}
