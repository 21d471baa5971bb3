//! The interpreter snapshot. At build time `scripts/snapshot.sh` runs
//! `wasmtime wizer`, which calls `wasipy_snapshot`: the host-mode interpreter
//! starts and imports what every start needs, and wizer writes the resulting
//! memory into the shipped module. A process of that module then resumes the
//! started interpreter (`resume`) instead of starting CPython again.
//!
//! What the snapshot cannot keep is redone per process: wasi-libc's preopened
//! directories and environment (reset here, read again by `_start`), `os.environ`,
//! the import system's view of the files, site directories and `random`'s seed
//! (`snapshot.py`). What it keeps: the hash secret of `str` and `bytes` is the
//! build's, so host sessions (the browser's) get one secret per build, not one
//! per process: every live dict and set was built with it, and rehashing them
//! all would cost more than the start the snapshot saves. The command line's
//! `python` modes, which honour PYTHONHASHSEED and every option, end the
//! snapshot's interpreter and start CPython afresh (`discard`), with a secret
//! of their own (scripts/patches/cpython-wasi-reinit-hash.patch).

use std::cell::RefCell;
use std::ffi::CString;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyModule};

use crate::interpreter::{self, Runner, StartError};

/// Source of the Python side, compiled into the module.
const SNAPSHOT_SOURCE: &str = include_str!("snapshot.py");

/// Modules imported into the snapshot beyond what start-up imports: those a
/// first run's traceback imports, so that a browser fetches none of them
/// before the first output (scripts/boot-modules.mjs measures what is left for
/// the boot zip), and `random`, which lessons import more than any other
/// module and which must be seeded again per process (snapshot.py). Not a
/// flavour's compiled packages: numpy keeps C state across interpreters ("CPU
/// dispatcher tracer already initlized" at its second import in one process),
/// so after the command line discards the snapshot's interpreter it could not
/// be imported again. A flavour's browser module (wasipy-web.wasm, which no
/// command line runs) imports them too: snapshot.py reads which from its files.
const WARM_MODULES: &[&str] = &["traceback", "textwrap", "tokenize", "_colorize", "warnings", "__future__", "random"];

/// The snapshot's interpreter: its runner, snapshot.py, and lazy_stdlib.py
/// loaded but not installed (it depends on the host's files).
struct Snapshot {
    runner: Runner,
    module: Py<PyModule>,
    lazy_stdlib: Py<PyModule>,
}

thread_local! {
    /// The snapshot's interpreter, until a process takes it.
    static SNAPSHOT: RefCell<Option<Snapshot>> = const { RefCell::new(None) };
}

extern "C" {
    fn __wasilibc_reset_preopens();
    fn __wasilibc_deinitialize_environ();
}

/// Wizer's init function (`wasmtime wizer --init-func wasipy_snapshot`): only
/// the build calls it. A failure traps, so that the build stops with the
/// message instead of shipping a module without its interpreter.
#[no_mangle]
pub extern "C" fn wasipy_snapshot() {
    let taken = (|| {
        let runner = interpreter::start_core(&[String::new()])?;
        // Before warm(): its imports reuse the memory compiling this freed, which
        // the snapshot would otherwise ship as it was left (95 kB, 22 kB gzipped).
        let lazy_stdlib = interpreter::lazy_stdlib()?;
        let module = Python::attach(|py| {
            let code = CString::new(SNAPSHOT_SOURCE).expect("snapshot.py has no NUL byte");
            let module = PyModule::from_code(py, &code, c"<wasipy snapshot>", c"_wasipy_snapshot")?;
            module.call_method1("warm", (WARM_MODULES.to_vec(),))?;
            Ok::<_, PyErr>(module.unbind())
        })
        .map_err(|e| StartError(format!("the snapshot could not be prepared: {e}")))?;
        Ok::<_, StartError>(Snapshot { runner, module, lazy_stdlib })
    })();
    match taken {
        Ok(state) => SNAPSHOT.with(|s| *s.borrow_mut() = Some(state)),
        Err(e) => panic!("wasipy_snapshot: {e}"),
    }
    // Found again from the real host at the first use in each process.
    unsafe {
        __wasilibc_reset_preopens();
        __wasilibc_deinitialize_environ();
    }
}

/// The interpreter of host mode and of the demo (argv `[""]`): the snapshot's,
/// made this process's, or CPython started now when the module has none (the
/// crate's unit tests run the module cargo built, before wizer).
pub fn resume_or_start() -> Result<Runner, StartError> {
    resume().unwrap_or_else(|| interpreter::start(&[String::new()]))
}

/// The snapshot's interpreter made this process's, or None when the module
/// has no snapshot (a build without one, or a second call).
fn resume() -> Option<Result<Runner, StartError>> {
    let Snapshot { runner, module, lazy_stdlib } = SNAPSHOT.with(|s| s.borrow_mut().take())?;
    let resumed = Python::attach(|py| {
        let environ: Vec<(Bound<'_, PyBytes>, Bound<'_, PyBytes>)> = std::env::vars_os()
            .map(|(k, v)| {
                use std::os::wasi::ffi::OsStrExt;
                (PyBytes::new(py, k.as_bytes()), PyBytes::new(py, v.as_bytes()))
            })
            .collect();
        module.bind(py).call_method1("resume", (environ,)).map(|_| ())
    });
    Some(
        resumed
            .map_err(|e| StartError(format!("the snapshot could not resume: {e}")))
            .and_then(|()| interpreter::finish_start_with(&lazy_stdlib).map(|()| runner)),
    )
}

/// Ends the snapshot's interpreter, if there is one, so that CPython can start
/// again with another configuration (the command line's `python` modes).
pub fn discard() {
    if let Some(Snapshot { runner, module, lazy_stdlib }) = SNAPSHOT.with(|s| s.borrow_mut().take()) {
        Python::attach(|_| drop((module, lazy_stdlib))); // see Runner::finalize
        runner.finalize();
    }
}
