//! Exit statuses under WASI. Python exits with any int (`sys.exit(300)`, 130
//! after an unhandled KeyboardInterrupt) and a POSIX kernel keeps its low byte;
//! WASI's `proc_exit` carries only 0 to 125, and wasmtime answers anything else
//! with a long runtime error instead of a status.
//!
//! Every end of the process passes through libc's `_Exit`: `exit()` (CPython's
//! `Py_Exit` for `SystemExit`, Rust's `std::process::exit`) calls it, and
//! `_exit()` (`os._exit`) is an alias of it. The linker sends calls to both here
//! (`--wrap=_Exit --wrap=_exit`, set in build.rs), where the status is cut to a
//! byte as a kernel would, and one above 125 becomes 1 with a note.

use std::io::Write;

extern "C" {
    /// wasi-libc's own `_Exit`: `proc_exit(code)`.
    fn __real__Exit(code: i32) -> !;
}

/// What every `_Exit(code)` of the module becomes.
#[no_mangle]
pub extern "C" fn __wrap__Exit(code: i32) -> ! {
    exit_with(code)
}

/// What every `_exit(code)` (`os._exit`) becomes.
#[no_mangle]
pub extern "C" fn __wrap__exit(code: i32) -> ! {
    exit_with(code)
}

fn exit_with(code: i32) -> ! {
    let (status, note) = wasi_exit_status(code);
    if let Some(note) = note {
        // C stdio is already flushed and closed here; Rust's stderr writes directly.
        let _ = writeln!(std::io::stderr(), "{note}");
    }
    unsafe { __real__Exit(status) }
}

/// The status WASI can carry for `code`, and the note that says why it changed.
pub fn wasi_exit_status(code: i32) -> (i32, Option<String>) {
    let byte = code & 0xFF; // what a POSIX process status keeps
    if byte < 126 {
        return (byte, None);
    }
    (1, Some(format!("wasipy: exit status {byte} cannot pass through WASI (0 to 125 only); exiting with 1")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_fit_wasi() {
        assert_eq!(wasi_exit_status(0), (0, None));
        assert_eq!(wasi_exit_status(125), (125, None));
        assert_eq!(wasi_exit_status(300), (44, None)); // 300 & 0xFF, as on Linux
        assert_eq!(wasi_exit_status(256), (0, None));
        assert_eq!(wasi_exit_status(200).0, 1);
        assert_eq!(wasi_exit_status(130).0, 1);
        assert_eq!(wasi_exit_status(-1).0, 1); // 255
        assert!(wasi_exit_status(200).1.unwrap().contains("exit status 200 cannot pass through WASI"));
    }
}
