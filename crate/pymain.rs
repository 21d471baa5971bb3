//! `wasipy [option] ... [-c cmd | -m mod | file | -] [arg] ...`: `python`'s own
//! command line. CPython's main (`Py_RunMain`) does the work, so options,
//! environment variables, `sys.path`, `sys.argv`, `__main__` and the
//! interactive interpreter are exactly python's. What WASI changes is here,
//! each with its reason: the program's names, where the stdlib is, absolute
//! paths in a working directory that is "/", the basic REPL on a terminal, and
//! the options refused because they cannot work.

use std::ffi::{c_char, CStr, CString, OsString};
use std::os::wasi::ffi::OsStrExt;
use std::ptr::addr_of_mut;

use libc::wchar_t;
use pyo3::ffi;

use crate::interpreter;
use crate::stdlib_guard;

/// The name in usage and "can't open file" messages (python shows its argv[0];
/// ours, from wasmtime, is the path of the .wasm file).
const PROGRAM_NAME: &CStr = c"wasipy";
/// `sys.executable`: where a WASI install of Python keeps its executable, beside
/// the stdlib under /usr/local. Nothing can be spawned under WASI anyway, but
/// messages read as python's ("<executable>: No module named x"), and site.py's
/// venv check (a pyvenv.cfg beside the executable) looks there, not in the
/// user's working directory, which `wasmtime --dir .` maps as the guest's "/".
const EXECUTABLE: &CStr = c"/usr/local/bin/wasipy";
/// The prefix: the stdlib zip is /usr/local/lib/python313.zip and site-packages
/// /usr/local/lib/python3.13/site-packages (scripts/stdlib.sh). Set as `home`
/// so that getpath needs no landmark search (the layout has no os.py to find),
/// unless the user sets PYTHONHOME, which then wins as in python.
const HOME: &CStr = c"/usr/local";
/// Where getpath looks for the stdlib under that prefix: the zip that
/// scripts/stdlib.sh builds, or a mapped source tree.
const STDLIB_LANDMARKS: [&str; 2] = ["/usr/local/lib/python313.zip", "/usr/local/lib/python3.13/os.py"];

/// Runs `python` with these arguments (`args[0]` is the program) and returns
/// its exit status (`exit_status.rs` fits it to WASI).
pub fn run(args: &[OsString]) -> i32 {
    prepare_environment();
    // WASI arguments are C strings: they cannot hold a NUL byte.
    let args: Vec<CString> = args.iter().map(|a| CString::new(a.as_bytes()).expect("argv has no NUL byte")).collect();
    let mut argv: Vec<*mut c_char> = args.iter().map(|a| a.as_ptr() as *mut c_char).collect();
    if let Err(code) = unsafe { start(&mut argv) } {
        return code;
    }
    if let Err(e) = interpreter::install_helpers().and_then(|()| stdlib_guard::install()) {
        eprintln!("wasipy: {e}");
        return 1;
    }
    // Runs -c, -m, the file or stdin, then the REPL for -i, then finalises.
    unsafe { ffi::Py_RunMain() }
}

/// Initialises CPython as python's own main does. `Err(status)` when the
/// process must end instead (-h, -V, a bad or refused option, no stdlib).
unsafe fn start(argv: &mut [*mut c_char]) -> Result<(), i32> {
    // Pre-initialisation from the arguments: -E, -I, -X utf8 and -X dev decide
    // the encodings and the memory allocator before anything else.
    let mut pre: ffi::PyPreConfig = std::mem::zeroed();
    ffi::PyPreConfig_InitPythonConfig(&mut pre);
    settle(ffi::Py_PreInitializeFromBytesArgs(&pre, argv.len() as ffi::Py_ssize_t, argv.as_mut_ptr()))?;

    // A first reading of the options and the environment, only to look at:
    // CPython prints its own usage message for a bad option here, and what
    // cannot work is refused whichever way it was asked for. The read
    // configuration is not the one passed on: read again inside
    // Py_InitializeFromConfig, it would lose -X warn_default_encoding.
    let mut probe = Config::new(argv)?;
    settle(ffi::PyConfig_Read(&mut probe.0))?;
    if let Some(reason) = refused(&probe.0) {
        eprintln!("wasipy: {reason}");
        return Err(2); // python's status for a bad option
    }

    if std::env::var_os("PYTHONHOME").is_none() && !STDLIB_LANDMARKS.iter().any(|p| std::path::Path::new(p).exists()) {
        // CPython would only say "Failed to import encodings module".
        eprintln!(
            "wasipy: the stdlib is not at {}: map it with wasmtime, for example \
             `wasmtime run --dir target/wasipy/usr::/usr target/wasipy/wasipy.wasm ...` (as make run does)",
            STDLIB_LANDMARKS[0]
        );
        return Err(1);
    }

    // CPython makes relative names absolute by joining the working directory
    // and the name with a "/": "//main.py" when the working directory is the
    // root, which under WASI it always is (`wasmtime --dir .` maps the user's
    // directory there). Given already absolute, the script's name and the
    // PYTHONPATH entries read "/main.py" in __file__, tracebacks and sys.path.
    let mut config = Config::new(argv)?;
    let c: *mut ffi::PyConfig = &mut config.0;
    if !probe.0.run_filename.is_null() && probe.0.argv.length > 0 {
        let given = wide_from(*probe.0.argv.items); // sys.argv[0]: the name as given
        set_string(c, addr_of_mut!((*c).run_filename), &in_working_directory(&given))?;
    }
    if !probe.0.pythonpath_env.is_null() {
        // Read only when the environment counts (not under -E or -I).
        let colon = ':' as wchar_t;
        let entries = wide_from(probe.0.pythonpath_env);
        let entries: Vec<Vec<wchar_t>> = entries.split(|&ch| ch == colon).map(in_working_directory).collect();
        set_string(c, addr_of_mut!((*c).pythonpath_env), &entries.join(&colon))?;
    }
    crate::builtin_modules::register();
    settle(ffi::Py_InitializeFromConfig(c))
}

/// A configuration python accepts but WASI cannot honour, with the reason.
fn refused(config: &ffi::PyConfig) -> Option<&'static str> {
    match config.perf_profiling {
        0 => None,
        1 => Some(
            "-X perf (PYTHONPERFSUPPORT) cannot work under WASI: it gives each Python \
             function a native trampoline for the Linux perf profiler, and WebAssembly \
             has no native code that perf could sample",
        ),
        _ => Some(
            "-X perf_jit (PYTHON_PERF_JIT_SUPPORT) cannot work under WASI: it writes \
             jitdump records of native code for the Linux perf profiler, and WebAssembly \
             has no native code that perf could sample",
        ),
    }
}

/// What python's main does with a status: an exit (-h, -V, a bad option, whose
/// message CPython has already printed) ends with its code; an error (for
/// example an invalid PYTHONHASHSEED) is printed as "Fatal Python error: ..."
/// and exits with 1, by CPython itself.
unsafe fn settle(status: ffi::PyStatus) -> Result<(), i32> {
    if ffi::PyStatus_IsExit(status) != 0 {
        return Err(status.exitcode);
    }
    if ffi::PyStatus_Exception(status) != 0 {
        ffi::Py_ExitStatusException(status);
    }
    Ok(())
}

/// A PyConfig for python's command line with wasipy's names and prefix; freed
/// when dropped.
struct Config(ffi::PyConfig);

impl Config {
    unsafe fn new(argv: &mut [*mut c_char]) -> Result<Config, i32> {
        let mut config = Config(std::mem::zeroed());
        ffi::PyConfig_InitPythonConfig(&mut config.0);
        let c: *mut ffi::PyConfig = &mut config.0;
        let argc = argv.len() as ffi::Py_ssize_t;
        settle(ffi::PyConfig_SetBytesArgv(c, argc, argv.as_mut_ptr() as *mut *const c_char))?;
        settle(ffi::PyConfig_SetBytesString(c, addr_of_mut!((*c).program_name), PROGRAM_NAME.as_ptr()))?;
        settle(ffi::PyConfig_SetBytesString(c, addr_of_mut!((*c).executable), EXECUTABLE.as_ptr()))?;
        if std::env::var_os("PYTHONHOME").is_none() {
            settle(ffi::PyConfig_SetBytesString(c, addr_of_mut!((*c).home), HOME.as_ptr()))?;
        }
        Ok(config)
    }
}

/// Sets one of `config`'s strings to a copy of `value`.
unsafe fn set_string(config: *mut ffi::PyConfig, field: *mut *mut wchar_t, value: &[wchar_t]) -> Result<(), i32> {
    let value: Vec<wchar_t> = value.iter().copied().chain(std::iter::once(0)).collect();
    settle(ffi::PyConfig_SetString(config, field, value.as_ptr()))
}

impl Drop for Config {
    fn drop(&mut self) {
        unsafe { ffi::PyConfig_Clear(&mut self.0) }
    }
}

/// A copy of a NUL-terminated wide string.
unsafe fn wide_from(mut p: *const wchar_t) -> Vec<wchar_t> {
    let mut out = Vec::new();
    while *p != 0 {
        out.push(*p);
        p = p.add(1);
    }
    out
}

/// `name` made absolute against the working directory as CPython does (no
/// normalisation), without the doubled "/" when that directory is "/". Empty
/// and "." are left to CPython, which reads both as the directory itself.
fn in_working_directory(name: &[wchar_t]) -> Vec<wchar_t> {
    let slash = '/' as wchar_t;
    if name.is_empty() || name[0] == slash || name == ['.' as wchar_t] {
        return name.to_vec();
    }
    let Ok(cwd) = std::env::current_dir() else { return name.to_vec() };
    // wchar_t is 32-bit on WASI: one code point per unit.
    let mut out: Vec<wchar_t> = cwd.to_string_lossy().chars().map(|c| c as wchar_t).collect();
    while out.last() == Some(&slash) {
        out.pop();
    }
    out.push(slash);
    out.extend_from_slice(name);
    out
}

/// The environment as CPython should see it under WASI.
fn prepare_environment() {
    // On a terminal CPython 3.13 starts its new REPL (_pyrepl), which needs
    // termios; WASI has none, so it would print "warning: can't use pyrepl" and
    // fall back to the basic REPL. Asking for the basic REPL up front, as
    // PYTHON_BASIC_REPL does, skips the warning. A user's own setting stays.
    let stdin_is_a_terminal = unsafe { libc::isatty(0) } == 1;
    if stdin_is_a_terminal && std::env::var_os("PYTHON_BASIC_REPL").is_none() {
        std::env::set_var("PYTHON_BASIC_REPL", "1");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<wchar_t> {
        s.chars().map(|c| c as wchar_t).collect()
    }

    #[test]
    fn names_become_absolute_without_a_double_slash() {
        // Unit tests run under wasmtime, whose working directory is "/".
        assert_eq!(in_working_directory(&w("main.py")), w("/main.py"));
        assert_eq!(in_working_directory(&w("sub/m.py")), w("/sub/m.py"));
        assert_eq!(in_working_directory(&w("/abs/x.py")), w("/abs/x.py"));
        assert_eq!(in_working_directory(&w("")), w(""));
        assert_eq!(in_working_directory(&w(".")), w("."));
    }
}
