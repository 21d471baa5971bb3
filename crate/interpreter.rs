//! The embedded interpreter of the demo and of hosts (`--host`): a fixed,
//! isolated start-up configuration and the calls into `runner.py`, which runs
//! snippets in `__main__`. The command line's `python` modes start CPython
//! through its own main instead (`pymain.rs`); both install the same helpers.

use std::ffi::CString;

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyModule;

/// Source of the Python side of the runner, compiled into the module.
const RUNNER_SOURCE: &str = include_str!("runner.py");
/// Stdlib adjustments for a single-threaded WASI process (asyncio without a self-pipe).
const WASI_COMPAT_SOURCE: &str = include_str!("wasi_compat.py");
/// The reason a module python has on Linux is missing, added to an uncaught ImportError.
const MISSING_MODULES_SOURCE: &str = include_str!("missing_modules.py");
/// display() and the rich representations of values (Jupyter's protocol).
const DISPLAY_SOURCE: &str = include_str!("display.py");
/// The finder that puts the second stdlib archive on sys.path when first needed.
const LAZY_STDLIB_SOURCE: &str = include_str!("lazy_stdlib.py");
/// Where the stdlib lives inside the WASI filesystem: a zip of .pyc files
/// (see `scripts/stdlib.sh`); hosts map or mount `/usr` so that it is found.
const STDLIB_ZIP: &str = "/usr/local/lib/python313.zip";
const PREFIX: &str = "/usr/local";

/// What a snippet did, as reported by `runner.py`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ok { value: Option<String> },
    /// An uncaught exception; its traceback went to stderr.
    Exception { exit_code: i32 },
    /// `sys.exit(code)` or `raise SystemExit`.
    Exit { exit_code: i32 },
}

impl Outcome {
    /// The status a `python` process would exit with.
    pub fn exit_code(&self) -> i32 {
        match self {
            Outcome::Ok { .. } => 0,
            Outcome::Exception { exit_code } | Outcome::Exit { exit_code } => *exit_code,
        }
    }
}

/// Errors of the embedding itself (not of user code).
#[derive(Debug)]
pub struct StartError(pub String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Starts CPython with a fixed, host-independent configuration (the demo and
/// `--host`; the environment and the command line are not read).
///
/// `argv` becomes `sys.argv`. The stdlib search path is set explicitly, so no
/// environment variable or landmark search is needed on any host.
pub fn start(argv: &[String]) -> Result<Runner, StartError> {
    let runner = start_core(argv)?;
    finish_start()?;
    Ok(runner)
}

/// The part of `start` that depends on nothing of the host: CPython, the WASI
/// adjustments and the runner (what the snapshot of `snapshot.rs` keeps).
pub fn start_core(argv: &[String]) -> Result<Runner, StartError> {
    unsafe { init_python(argv)? };
    install_core_helpers()?;
    Python::attach(|py| {
        let code = CString::new(RUNNER_SOURCE).expect("runner.py has no NUL byte");
        let module = PyModule::from_code(py, &code, c"<wasipy runner>", c"_wasipy_runner")
            .map_err(|e| StartError(format!("the runner could not start: {e}")))?;
        Ok(Runner { module: module.unbind() })
    })
}

/// The part of `start` that depends on the host's files: the stdlib's layout
/// (one archive, two, or a boot archive and a folder per module).
pub fn finish_start() -> Result<(), StartError> {
    finish_start_with(&lazy_stdlib()?)
}

/// lazy_stdlib.py compiled and run: it defines its finders and `install`, and
/// reads nothing of the host until `install` is called. The snapshot keeps it,
/// so that a resumed start does not compile it again (~10 ms of a browser's start).
pub fn lazy_stdlib() -> Result<Py<PyModule>, StartError> {
    load_helper(LAZY_STDLIB_SOURCE, c"<wasipy lazy_stdlib>", c"_wasipy_lazy_stdlib")
}

/// `finish_start` with lazy_stdlib.py already loaded (`lazy_stdlib`).
pub fn finish_start_with(lazy_stdlib: &Py<PyModule>) -> Result<(), StartError> {
    Python::attach(|py| {
        lazy_stdlib
            .bind(py)
            .call_method0("install")
            .map(|_| ())
            .map_err(|e| StartError(format!("_wasipy_lazy_stdlib could not start: {e}")))
    })
}

/// Installs the crate's import helpers (the lazily fetched second stdlib
/// archive, the WASI adjustments of asyncio) into a started interpreter.
/// Every way of running Python calls this right after initialisation.
pub fn install_helpers() -> Result<(), StartError> {
    install_core_helpers()?;
    finish_start()
}

/// What every interpreter has from its start (the snapshot's too): the WASI
/// adjustments, the reasons for missing modules, display().
fn install_core_helpers() -> Result<(), StartError> {
    install_helper(WASI_COMPAT_SOURCE, c"<wasipy wasi_compat>", c"_wasipy_wasi_compat")?;
    install_helper(MISSING_MODULES_SOURCE, c"<wasipy missing_modules>", c"_wasipy_missing_modules")?;
    install_helper(DISPLAY_SOURCE, c"<wasipy display>", c"_wasipy_display")
}

fn install_helper(source: &str, file: &std::ffi::CStr, name: &std::ffi::CStr) -> Result<(), StartError> {
    let module = load_helper(source, file, name)?;
    Python::attach(|py| {
        module
            .bind(py)
            .call_method0("install")
            .map(|_| ())
            .map_err(|e| StartError(format!("{} could not start: {e}", name.to_string_lossy())))
    })
}

/// One of the crate's Python files compiled and run as module `name`.
fn load_helper(source: &str, file: &std::ffi::CStr, name: &std::ffi::CStr) -> Result<Py<PyModule>, StartError> {
    Python::attach(|py| {
        let code = CString::new(source).expect("the crate's Python files have no NUL byte");
        PyModule::from_code(py, &code, file, name)
            .map(|m| m.unbind())
            .map_err(|e| StartError(format!("{} could not start: {e}", name.to_string_lossy())))
    })
}

unsafe fn check(status: ffi::PyStatus, what: &str) -> Result<(), StartError> {
    if ffi::PyStatus_Exception(status) != 0 {
        let msg = if status.err_msg.is_null() {
            "unknown error".to_string()
        } else {
            std::ffi::CStr::from_ptr(status.err_msg).to_string_lossy().into_owned()
        };
        return Err(StartError(format!("Python could not start ({what}): {msg}")));
    }
    Ok(())
}

unsafe fn wide(s: &str) -> Result<Vec<libc::wchar_t>, StartError> {
    // wchar_t is 32-bit on WASI: one code point per unit.
    if s.contains('\0') {
        return Err(StartError(format!("argument contains a NUL byte: {s:?}")));
    }
    Ok(s.chars().map(|c| c as libc::wchar_t).chain(std::iter::once(0)).collect())
}

unsafe fn init_python(argv: &[String]) -> Result<(), StartError> {
    crate::builtin_modules::register();
    let mut pre: ffi::PyPreConfig = std::mem::zeroed();
    ffi::PyPreConfig_InitIsolatedConfig(&mut pre);
    // WASI has no locale: make every text encoding UTF-8, as on other hosts.
    pre.utf8_mode = 1;
    check(ffi::Py_PreInitialize(&pre), "pre-initialisation")?;

    let mut config: ffi::PyConfig = std::mem::zeroed();
    ffi::PyConfig_InitIsolatedConfig(&mut config);
    let result = (|| {
        let home = wide(PREFIX)?;
        check(ffi::PyConfig_SetString(&mut config, &mut config.home, home.as_ptr()), "home")?;
        let zip = wide(STDLIB_ZIP)?;
        check(ffi::PyWideStringList_Append(&mut config.module_search_paths, zip.as_ptr()), "sys.path")?;
        config.module_search_paths_set = 1;
        let args: Vec<Vec<libc::wchar_t>> = argv.iter().map(|a| wide(a)).collect::<Result<_, _>>()?;
        for a in &args {
            check(ffi::PyWideStringList_Append(&mut config.argv, a.as_ptr()), "sys.argv")?;
        }
        config.parse_argv = 0;
        // The stdlib is read-only (a zip; in the browser, memory): never write .pyc.
        config.write_bytecode = 0;
        // SIGINT gets `default_int_handler`, as in `python`: WASI delivers no
        // signals, but a host's interrupt request (WASI sched_yield answering
        // EINTR, see scripts/patches/cpython-wasi-host-check.patch) goes through
        // PyErr_SetInterruptEx(SIGINT), which raises KeyboardInterrupt only
        // while that handler is installed.
        config.install_signal_handlers = 1;
        config.site_import = 1;
        check(ffi::Py_InitializeFromConfig(&config), "initialisation")
    })();
    ffi::PyConfig_Clear(&mut config);
    result
}

/// The started interpreter and its runner module.
pub struct Runner {
    module: Py<PyModule>,
}

impl Runner {
    /// Runs a snippet in `__main__`. `display`: print the repr of a last
    /// expression, like the interactive interpreter.
    pub fn run(&self, source: &[u8], filename: &str, display: bool) -> Outcome {
        Python::attach(|py| {
            let result = self
                .module
                .bind(py)
                .call_method1("run", (pyo3::types::PyBytes::new(py, source), filename, display))
                .and_then(|r| r.extract::<(i32, i32, Option<String>)>());
            match result {
                Ok((0, _, value)) => Outcome::Ok { value },
                Ok((2, exit_code, _)) => Outcome::Exit { exit_code },
                Ok((_, exit_code, _)) => Outcome::Exception { exit_code },
                Err(e) => {
                    // Only reachable if runner.py itself broke (for example out of memory
                    // while building the result): report it like an uncaught exception.
                    e.print(py);
                    Outcome::Exception { exit_code: 1 }
                }
            }
        })
    }

    /// Empties `__main__`.
    pub fn reset(&self) -> Result<(), String> {
        Python::attach(|py| self.module.bind(py).call_method0("reset").map(|_| ()).map_err(|e| e.to_string()))
    }

    /// Makes stdout and stderr line-buffered for hosts that stream output.
    pub fn host_setup(&self) -> Result<(), String> {
        Python::attach(|py| self.module.bind(py).call_method0("host_setup").map(|_| ()).map_err(|e| e.to_string()))
    }

    /// Runs atexit handlers and flushes: the end of a CLI process.
    pub fn finalize(self) {
        // Dropped while attached: pyo3 would otherwise defer the decref to the
        // next attach, which may be in an interpreter started after this one.
        Python::attach(|_| drop(self.module));
        unsafe {
            ffi::Py_FinalizeEx();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The only unit test that starts Python: one interpreter per process.
    #[test]
    fn host_interpreter_turns_an_interrupt_into_keyboard_interrupt() {
        let runner = start(&[String::new()]).expect("run the unit tests with the stdlib mapped (make test-rust)");
        // A host's interrupt request ends in PyErr_SetInterruptEx(SIGINT), as
        // _thread.interrupt_main() does: KeyboardInterrupt at the next check,
        // as long as start-up installed SIGINT's handler. (Importing `signal`
        // installs it too, so this runs first.)
        let interrupt = b"import _thread\ncaught = None\ntry:\n    _thread.interrupt_main()\n    for _ in range(10**7): pass\nexcept KeyboardInterrupt:\n    caught = 'KeyboardInterrupt'\ncaught";
        assert_eq!(runner.run(interrupt, "<test>", false), Outcome::Ok { value: Some("'KeyboardInterrupt'".into()) });
        let handler = runner.run(b"import signal\nsignal.getsignal(signal.SIGINT) is signal.default_int_handler", "<test>", false);
        assert_eq!(handler, Outcome::Ok { value: Some("True".into()) });
        runner.finalize();
    }
}
