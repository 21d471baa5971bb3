//! The command line keeps the mapped stdlib unchanged (`stdlib_guard.py` says
//! why and how): this finds the process's preopened folders, which only WASI
//! knows, and installs the Python side's audit hook with them.

use std::ffi::CString;

use pyo3::prelude::*;
use pyo3::types::PyModule;

use crate::interpreter::StartError;

const GUARD_SOURCE: &str = include_str!("stdlib_guard.py");

/// WASI's `prestat` for a directory: its tag and the length of its name.
#[repr(C)]
struct Prestat {
    tag: u8,
    name_len: usize,
}

extern "C" {
    // wasi-libc's wrappers of the WASI preview 1 calls (wasi/api.h).
    fn __wasi_fd_prestat_get(fd: u32, out: *mut Prestat) -> u16;
    fn __wasi_fd_prestat_dir_name(fd: u32, path: *mut u8, len: usize) -> u16;
}

/// The guest paths of the preopened folders (fds 3, 4, ... until one is not).
fn preopens() -> Vec<String> {
    let mut paths = Vec::new();
    for fd in 3u32.. {
        let mut stat = Prestat { tag: 0, name_len: 0 };
        if unsafe { __wasi_fd_prestat_get(fd, &mut stat) } != 0 {
            break; // EBADF: no more preopens
        }
        if stat.tag != 0 {
            continue; // not a directory
        }
        let mut name = vec![0u8; stat.name_len];
        if unsafe { __wasi_fd_prestat_dir_name(fd, name.as_mut_ptr(), name.len()) } == 0 {
            let name = String::from_utf8_lossy(&name).trim_end_matches('\0').to_string();
            paths.push(name);
        }
    }
    paths
}

/// Adds the audit hook to the started interpreter (python's command line only).
pub fn install() -> Result<(), StartError> {
    let preopens = preopens();
    Python::attach(|py| {
        let code = CString::new(GUARD_SOURCE).expect("stdlib_guard.py has no NUL byte");
        PyModule::from_code(py, &code, c"<wasipy stdlib_guard>", c"_wasipy_stdlib_guard")
            .and_then(|m| m.call_method1("install", (preopens,)))
            .map(|_| ())
            .map_err(|e| StartError(format!("the stdlib guard could not start: {e}")))
    })
}
