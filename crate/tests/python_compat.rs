//! The command line against native CPython 3.13.5 (`target/deps/native-python`,
//! the same version, built by `make deps`): each case runs both on the same
//! files and asserts the same exit status, the same stdout and the same stderr.
//!
//! Each side gets a fresh copy of the case's files in a directory of its own
//! and runs there, wasipy as a user runs it: `wasmtime run --dir . --dir
//! target/wasipy/usr::/usr wasipy.wasm ARGS`, so the guest sees that directory
//! as "/" (its working directory). Both get only the environment variables the
//! case sets (wasipy through `--env`), plus LC_ALL=C.UTF-8, the locale WASI's
//! libc always has, and HOME=/nonexistent, so that neither has a user
//! site-packages.
//!
//! What must differ is normalised, nothing else:
//! 1. Paths in the case's directory: the native "DIR/x" reads "/x" and "DIR"
//!    reads "/" (wasmtime's `--dir .` maps it as the guest's root).
//! 2. The native prefix (target/deps/native-python) reads "/usr/local", where
//!    wasipy's stdlib and site-packages are; so does the prefix of the venv
//!    that stands in for a mapped site-packages (see that case).
//! 3. The native executable's path reads "wasipy" where python prints its
//!    program name (after "usage: " and before ": can't open file") and
//!    "/usr/local/bin/wasipy", wasipy's `sys.executable`, everywhere else
//!    (runpy's "<executable>: No module named x").
//! 4. wasipy's "[Errno 44]" reads "[Errno 2]": WASI numbers ENOENT 44, Linux 2.
//! 5. The first line of the REPL's banner reads "Python 3.13.5 (<build>) on
//!    <platform>": build date, compiler and platform differ.
//!
//! Tracebacks through stdlib modules that are not frozen would differ too
//! (wasipy's stdlib is .pyc only, without source lines): no case needs one.
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{max_wasm_stack, python_version, root};

const GUEST_EXECUTABLE: &str = "/usr/local/bin/wasipy";
const GUEST_PREFIX: &str = "/usr/local";
const GUEST_SITE_PACKAGES: &str = "/usr/local/lib/python3.13/site-packages";

fn native_prefix() -> PathBuf {
    root().join("target/deps/native-python")
}

fn native_python() -> PathBuf {
    let python = native_prefix().join("bin/python3.13");
    assert!(python.exists(), "{} is missing: run `make deps` first", python.display());
    python
}

/// What a process did, as bytes.
#[derive(PartialEq, Eq)]
struct Output {
    code: i32,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit status {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code,
            String::from_utf8_lossy(&self.stdout),
            String::from_utf8_lossy(&self.stderr)
        )
    }
}

impl Output {
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
}

fn run(cmd: Command, stdin: &[u8]) -> Output {
    let out = common::run_with_stdin(cmd, stdin, "wasmtime and the native python come from `make deps`, `script` from util-linux");
    Output { code: out.status.code().unwrap_or(-1), stdout: out.stdout, stderr: out.stderr }
}

fn replace(text: &[u8], from: &str, to: &str) -> Vec<u8> {
    let (from, to) = (from.as_bytes(), to.as_bytes());
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if !from.is_empty() && text[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    out
}

/// Normalisation 5: the banner's first line.
fn banner(text: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(text);
    let lines: Vec<String> = text
        .split_inclusive('\n')
        .map(|line| {
            if line.starts_with(&format!("Python {} (", python_version())) && line.contains("] on ") {
                format!("Python {} (<build>) on <platform>\n", python_version())
            } else {
                line.to_string()
            }
        })
        .collect();
    lines.concat().into_bytes()
}

/// Normalisations 1 to 3 and 5 of native output (`dirs`: host directory and
/// the guest path it reads as, most specific first).
fn normalise_native(text: &[u8], dirs: &[(PathBuf, &str)]) -> Vec<u8> {
    let exe = native_python().display().to_string();
    let mut text = replace(text, &format!("usage: {exe} "), "usage: wasipy ");
    text = replace(&text, &format!("{exe}: can't open file"), "wasipy: can't open file");
    text = replace(&text, &exe, GUEST_EXECUTABLE);
    text = replace(&text, &native_prefix().display().to_string(), GUEST_PREFIX);
    for (host, guest) in dirs {
        let host = host.display().to_string();
        let slash = if guest.ends_with('/') { "" } else { "/" };
        text = replace(&text, &format!("{host}/"), &format!("{guest}{slash}"));
        text = replace(&text, &host, guest);
    }
    banner(&text)
}

/// Normalisations 4 and 5 of wasipy's output.
fn normalise_guest(text: &[u8]) -> Vec<u8> {
    banner(&replace(text, "[Errno 44]", "[Errno 2]"))
}

/// One command line, run by native python and by wasipy in copies of the same files.
struct Case {
    name: String,
    files: Vec<(String, Vec<u8>)>,
    args: Vec<String>,
    env: Vec<(String, String)>,
    native_env: Vec<(String, String)>,
    stdin: Vec<u8>,
    /// Run in each side's directory after the files are written.
    setup: Option<Box<dyn Fn(&Path)>>,
}

impl Case {
    fn new(name: &str) -> Case {
        Case { name: name.into(), files: vec![], args: vec![], env: vec![], native_env: vec![], stdin: vec![], setup: None }
    }

    fn file(mut self, path: &str, contents: impl AsRef<[u8]>) -> Case {
        self.files.push((path.into(), contents.as_ref().to_vec()));
        self
    }

    fn args(mut self, args: &[&str]) -> Case {
        self.args = args.iter().map(|a| a.to_string()).collect();
        self
    }

    fn env(mut self, name: &str, value: &str) -> Case {
        self.env.push((name.into(), value.into()));
        self
    }

    /// A variable for the native side only (where the host's paths differ from the guest's).
    fn native_env(mut self, name: &str, value: &str) -> Case {
        self.native_env.push((name.into(), value.into()));
        self
    }

    fn stdin(mut self, stdin: impl AsRef<[u8]>) -> Case {
        self.stdin = stdin.as_ref().to_vec();
        self
    }

    fn setup(mut self, setup: impl Fn(&Path) + 'static) -> Case {
        self.setup = Some(Box::new(setup));
        self
    }

    /// A fresh directory with the case's files for one side.
    fn dir(&self, side: &str) -> PathBuf {
        let dir = root().join("target/test-tmp/python-compat").join(&self.name).join(side);
        if dir.exists() {
            make_writable(&dir);
            std::fs::remove_dir_all(&dir).unwrap();
        }
        std::fs::create_dir_all(&dir).unwrap();
        for (path, contents) in &self.files {
            let file = dir.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, contents).unwrap();
        }
        if let Some(setup) = &self.setup {
            setup(&dir);
        }
        dir
    }

    fn native(&self, python: &Path, dir: &Path) -> Output {
        let mut cmd = Command::new(python);
        cmd.current_dir(dir).env_clear().env("LC_ALL", "C.UTF-8").env("HOME", "/nonexistent");
        cmd.envs(self.env.iter().chain(&self.native_env).map(|(k, v)| (k, v))).args(&self.args);
        run(cmd, &self.stdin)
    }

    fn guest(&self, dir: &Path, maps: &[(PathBuf, &str)]) -> Output {
        let mut cmd = Command::new("wasmtime");
        cmd.current_dir(dir).env_clear().env("PATH", std::env::var_os("PATH").unwrap_or_default());
        cmd.args(["run", "--wasm", &max_wasm_stack()])
            .arg("--dir")
            .arg(format!("{}::/usr", root().join("target/wasipy/usr").display()))
            .args(["--dir", "."]);
        for (host, guest) in maps {
            cmd.arg("--dir").arg(format!("{}::{guest}", host.display()));
        }
        for (k, v) in [("LC_ALL", "C.UTF-8"), ("HOME", "/nonexistent")].into_iter().chain(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str()))) {
            cmd.arg("--env").arg(format!("{k}={v}"));
        }
        let module = root().join("target/wasipy/wasipy.wasm");
        assert!(module.exists(), "{} is missing: run `make build` first", module.display());
        cmd.arg(module).args(&self.args);
        run(cmd, &self.stdin)
    }

    /// Runs both and asserts the same result; returns wasipy's (normalised).
    fn same(self) -> Output {
        let native_dir = self.dir("native");
        let native = self.native(&native_python(), &native_dir);
        let guest_dir = self.dir("guest");
        let guest = self.guest(&guest_dir, &[]);
        self.compare(native, &[(native_dir, "/")], guest)
    }

    fn compare(&self, native: Output, dirs: &[(PathBuf, &str)], guest: Output) -> Output {
        let native = Output { stdout: normalise_native(&native.stdout, dirs), stderr: normalise_native(&native.stderr, dirs), ..native };
        let guest = Output { stdout: normalise_guest(&guest.stdout), stderr: normalise_guest(&guest.stderr), ..guest };
        assert_eq!(guest, native, "case {:?}: wasipy {:?} (left) differs from native python (right)", self.name, self.args);
        guest
    }
}

/// Makes a tree removable again after a case took permissions away.
fn make_writable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() && !path.is_symlink() {
            let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755));
            make_writable(&path);
        }
    }
}

/// Shows where Python finds things and what `__main__` is.
const SHOW_MAIN: &str = "import sys\n\
print('argv', sys.argv)\n\
print('path', sys.path)\n\
print('name', __name__, 'file', globals().get('__file__'))\n\
spec = __spec__\n\
print('spec', None if spec is None else (spec.name, spec.origin, spec.parent, type(spec.loader).__name__))\n";

const HELPER: &str = "X = 'helper beside the script'\n";

// ---- sys.path, sys.argv, __file__ and __spec__ in each mode ------------------

#[test]
fn a_script_imports_modules_beside_it() {
    let main = format!("import helper\nprint(helper.X, helper.__file__)\n{SHOW_MAIN}");
    Case::new("script").file("main.py", &main).file("helper.py", HELPER).args(&["main.py", "a", "-c"]).same();
}

#[test]
fn a_script_in_a_subdirectory_has_that_directory_first_on_sys_path() {
    let main = format!("import helper\nprint(helper.X, helper.__file__)\n{SHOW_MAIN}");
    Case::new("script-in-subdir").file("app/main.py", &main).file("app/helper.py", HELPER).args(&["app/main.py", "x"]).same();
}

#[test]
fn a_script_given_by_its_absolute_path() {
    // Each side names the same file by its own absolute path.
    let guest = Case::new("script-absolute").file("main.py", SHOW_MAIN).args(&["/main.py", "a"]);
    let guest_dir = guest.dir("guest");
    let guest_out = guest.guest(&guest_dir, &[]);
    let native_dir = guest.dir("native");
    let native = Case { args: vec![native_dir.join("main.py").display().to_string(), "a".into()], ..guest };
    let native_out = native.native(&native_python(), &native_dir);
    native.compare(native_out, &[(native_dir, "/")], guest_out);
}

#[test]
fn dash_c_imports_from_the_working_directory() {
    let code = format!("import helper\nprint(helper.X, helper.__file__)\n{SHOW_MAIN}");
    Case::new("dash-c").file("helper.py", HELPER).args(&["-c", &code, "a", "b"]).same();
}

#[test]
fn dash_m_runs_a_module_of_the_working_directory() {
    let case = |name: &str, args: &[&str]| {
        Case::new(name)
            .file("pkg/__init__.py", "print('pkg imported')\n")
            .file("pkg/__main__.py", SHOW_MAIN)
            .file("pkg/tool.py", SHOW_MAIN)
            .args(args)
    };
    case("dash-m-module", &["-m", "pkg.tool", "a"]).same();
    case("dash-m-package", &["-m", "pkg", "b"]).same();
}

#[test]
fn program_from_stdin() {
    let program = format!("import helper\nprint(helper.X)\n{SHOW_MAIN}");
    Case::new("stdin-program").file("helper.py", HELPER).args(&["-", "a"]).stdin(&program).same();
}

#[test]
fn a_directory_or_zip_with_main_runs_it() {
    Case::new("dir-with-main").file("app/__main__.py", SHOW_MAIN).file("app/helper.py", HELPER).args(&["app", "x"]).same();
    Case::new("zip-with-main")
        .file("src/__main__.py", format!("import helper\nprint(helper.X)\n{SHOW_MAIN}"))
        .file("src/helper.py", HELPER)
        .setup(|dir| {
            let status = Command::new(native_python())
                .current_dir(dir.join("src"))
                .args(["-m", "zipfile", "-c", "../app.zip", "__main__.py", "helper.py"])
                .status()
                .unwrap();
            assert!(status.success(), "could not write app.zip");
        })
        .args(&["app.zip", "y"])
        .same();
}

#[test]
fn pythonpath_comes_after_the_script_directory() {
    let code = "import sys, libmod\nprint(libmod.__file__)\nprint(sys.path)";
    let case = |name: &str, args: &[&str]| {
        Case::new(name)
            .file("lib/libmod.py", "")
            .file("other/x.py", "")
            .file("main.py", code)
            .env("PYTHONPATH", "lib:other:/nonexistent::./lib")
            .args(args)
    };
    case("pythonpath-script", &["main.py"]).same();
    case("pythonpath-dash-c", &["-c", code]).same();
    case("pythonpath-ignored-with-E", &["-E", "-c", "import sys; print(sys.path)"]).same();
    case("pythonpath-isolated", &["-I", "-c", "import sys; print(sys.path)"]).same();
}

#[test]
fn safe_path_and_no_site_change_sys_path() {
    let code = "import sys; print(sys.path, 'site' in sys.modules)";
    for (name, args) in [("P", &["-P", "-c", code][..]), ("S", &["-S", "-c", code]), ("s", &["-s", "-c", code])] {
        Case::new(&format!("sys-path-{name}")).file("helper.py", HELPER).args(args).same();
    }
    Case::new("sys-path-safepath-env").env("PYTHONSAFEPATH", "1").args(&["-c", code]).same();
    Case::new("sys-path-safepath-script").env("PYTHONSAFEPATH", "1").file("main.py", code).args(&["main.py"]).same();
}

// ---- flags and environment variables ----------------------------------------

/// Everything the flags below change, as Python reports it.
const SHOW_FLAGS: &str = "import sys\n\
print(sys.flags)\n\
print(sys.warnoptions, sys._xoptions, sys.dont_write_bytecode, __debug__)\n\
print(type(sys.stdout.buffer).__name__, sys.stdout.write_through, sys.stdout.line_buffering)\n\
print(sys.stdout.encoding, sys.stdout.errors, sys.getfilesystemencoding(), sys.get_int_max_str_digits())\n";

#[test]
fn flags_have_pythons_meaning() {
    let flags: &[&[&str]] = &[
        &[],
        &["-O"],
        &["-OO"],
        &["-B"],
        &["-E"],
        &["-I"],
        &["-s"],
        &["-S"],
        &["-P"],
        &["-q"],
        &["-b"],
        &["-bb"],
        &["-u"],
        &["-d"],
        &["-R"],
        &["-W", "error"],
        &["-W", "ignore::DeprecationWarning", "-W", "always"],
        &["-X", "dev"],
        &["-X", "utf8"],
        &["-X", "utf8=0"],
        &["-X", "warn_default_encoding"],
        &["-X", "int_max_str_digits=5000"],
        &["-X", "no_debug_ranges"],
        &["-X", "faulthandler"],
        &["-X", "tracemalloc=5"],
        &["-X", "frozen_modules=off"],
        &["-X", "cpu_count=3"],
        &["-X", "pycache_prefix=cache"],
        &["-X", "whatever=1"],
    ];
    for (i, flags) in flags.iter().enumerate() {
        let mut args = flags.to_vec();
        args.extend(["-c", SHOW_FLAGS]);
        Case::new(&format!("flags-{i}")).args(&args).same();
    }
}

#[test]
fn environment_variables_have_pythons_meaning() {
    let vars: &[(&str, &str)] = &[
        ("PYTHONOPTIMIZE", "2"),
        ("PYTHONDONTWRITEBYTECODE", "1"),
        ("PYTHONUNBUFFERED", "1"),
        ("PYTHONWARNINGS", "error::DeprecationWarning,ignore"),
        ("PYTHONIOENCODING", "ascii:backslashreplace"),
        ("PYTHONHASHSEED", "0"),
        ("PYTHONNOUSERSITE", "1"),
        ("PYTHONDEVMODE", "1"),
        ("PYTHONUTF8", "1"),
        ("PYTHONINTMAXSTRDIGITS", "1000"),
        ("PYTHONWARNDEFAULTENCODING", "1"),
        ("PYTHONNODEBUGRANGES", "1"),
        ("PYTHONFAULTHANDLER", "1"),
        ("PYTHONTRACEMALLOC", "3"),
        ("PYTHONSAFEPATH", "1"),
        ("PYTHONPYCACHEPREFIX", "cache"),
        ("PYTHONVERBOSE", ""), // empty: unset, as python reads it
    ];
    for (i, (name, value)) in vars.iter().enumerate() {
        Case::new(&format!("env-{i}")).env(name, value).args(&["-c", SHOW_FLAGS]).same();
        // -E and -I ignore them all.
        Case::new(&format!("env-{i}-E")).env(name, value).args(&["-E", "-c", SHOW_FLAGS]).same();
    }
}

/// Local time follows TZ as on Linux: zone names (a DST change each way, in
/// both hemispheres, half-hour offsets), a POSIX rule, UTC and no TZ at all;
/// time.tzset(), datetime's astimezone() and zoneinfo. Both sides read the
/// same zone files: wasipy its /usr/share/zoneinfo, native python's libc and
/// zoneinfo the same folder through TZDIR and PYTHONTZPATH. (A name that is no
/// zone is UTC in both, but glibc names it by the name given, musl "UTC".)
#[test]
fn local_time_follows_tz() {
    let zones = root().join("target/wasipy/usr/share/zoneinfo").display().to_string();
    let script = include_str!("local_time.py");
    for (i, tz) in ["America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Europe/Paris", "EST5EDT,M3.2.0,M11.1.0", "UTC", ""].iter().enumerate() {
        let case = Case::new(&format!("tz-{i}")).file("local_time.py", script).native_env("TZDIR", &zones).native_env("PYTHONTZPATH", &zones);
        let case = if tz.is_empty() { case } else { case.env("TZ", tz) };
        let out = case.args(&["local_time.py"]).same();
        assert!(out.stdout().contains("after tzset ('+0545', '+0545') -20700"), "{out:?}");
    }
}

/// C recursion goes as deep as in python (native CPython's limit, in the
/// 8 MiB stack wasmtime gives the module): the nested source and data of
/// template engines and parsers work, and deeper still is a RecursionError,
/// never a crash.
#[test]
fn deep_nesting_as_in_python() {
    let out = Case::new("deep-nesting").file("deep_nesting.py", include_str!("deep_nesting.py")).args(&["deep_nesting.py"]).same();
    assert!(out.stdout().contains("a 1,000-branch elif chain compiles\n"), "{out:?}");
    assert_eq!(out.stdout().matches("RecursionError").count(), 6, "{out:?}");
}

#[test]
fn io_encoding_and_unbuffered_output() {
    let code = "import sys\nprint('d\\u00e9j\\u00e0 vu \\u2603')\nsys.stderr.write('\\u00e9 on stderr\\n')";
    Case::new("ioencoding-latin1").env("PYTHONIOENCODING", "latin-1:replace").args(&["-c", code]).same();
    Case::new("ioencoding-utf16").env("PYTHONIOENCODING", "utf-16").args(&["-c", code]).same();
    Case::new("unbuffered").args(&["-u", "-c", code]).same();
}

#[test]
fn hash_seed() {
    let code = "import sys; print(sys.flags.hash_randomization, hash('wasipy') == hash('wasipy'))";
    Case::new("hashseed-0").env("PYTHONHASHSEED", "0").args(&["-c", code]).same();
    Case::new("hashseed-random").env("PYTHONHASHSEED", "random").args(&["-c", code]).same();
    // The values themselves differ (Py_hash_t is 32-bit on wasm32): a fixed
    // seed must give the same hash in two runs, no seed different ones.
    let hash = |seed: Option<&str>| {
        let case = Case::new("hashseed-value").args(&["-c", "print(hash('wasipy'))"]);
        let case = match seed {
            Some(seed) => case.env("PYTHONHASHSEED", seed),
            None => case,
        };
        let dir = case.dir("guest");
        let out = case.guest(&dir, &[]);
        assert_eq!(out.code, 0, "{out:?}");
        out.stdout()
    };
    assert_eq!(hash(Some("123")), hash(Some("123")));
    assert_ne!(hash(Some("123")), hash(Some("124")), "PYTHONHASHSEED chooses the seed");
    assert_ne!(hash(None), hash(None), "without PYTHONHASHSEED each run has its own seed");
    // The module's snapshot hashed CPython's static strings and bytes with the
    // build's secret before the command line started CPython again with its own
    // (crate/snapshot.rs, scripts/patches/cpython-wasi-reinit-hash.patch): an
    // identifier, a one-character string and a one-byte bytes object hash as
    // an equal object made at run time, so dict lookups find them.
    let equal = "n = ''.join(['__na', 'me__']); c = ''.join(['ab', 'c'])[2:]\n\
                 print(hash('__name__') == hash(n), {'__name__': 1}.get(n), hash('c') == hash(c.encode().decode()),\n\
                 hash(b'a') == hash(memoryview(b'a')), hash(b'') == hash(memoryview(b'')), hash('') == hash(''.join([])))";
    for seed in ["0", "123", "random"] {
        Case::new(&format!("hashseed-static-{seed}")).env("PYTHONHASHSEED", seed).args(&["-c", equal]).same();
    }
    Case::new("hashseed-static-none").args(&["-c", equal]).same();
}

#[test]
fn builtin_types_are_as_in_python() {
    // The command line starts CPython after ending the snapshot's interpreter
    // (crate/snapshot.rs): the static types must be readied as in a first start
    // (scripts/patches/cpython-wasi-reinit-static-types.patch), so that what
    // they inherit is the base's own (inspect.signature relies on it).
    let code = "import inspect, types, weakref, os\n\
                print(types.GeneratorType.__init__ is object.__init__, inspect.signature(types.GeneratorType))\n\
                print(inspect.signature(types.MethodWrapperType), inspect.signature(weakref.ProxyType))\n\
                print(sorted(k for k in vars(types.FunctionType) if k.startswith('__i')), type(os.stat('/')).__mro__)";
    Case::new("builtin-types").args(&["-c", code]).same();
}

#[test]
fn optimisation_removes_asserts_and_docstrings() {
    let code = "def f():\n    'doc'\nassert False, 'asserts run'\nprint(f.__doc__, __debug__)";
    for (name, flag) in [("O0", "-q"), ("O1", "-O"), ("O2", "-OO")] {
        Case::new(&format!("optimise-{name}")).args(&[flag, "-c", code]).same();
    }
}

#[test]
fn bytecode_is_written_unless_asked_not_to() {
    let code = "import helper, os\nprint(sorted(os.listdir('__pycache__')) if os.path.isdir('__pycache__') else 'no __pycache__')";
    Case::new("bytecode-written").file("helper.py", HELPER).args(&["-c", code]).same();
    Case::new("bytecode-B").file("helper.py", HELPER).args(&["-B", "-c", code]).same();
    Case::new("bytecode-env").file("helper.py", HELPER).env("PYTHONDONTWRITEBYTECODE", "1").args(&["-c", code]).same();
}

#[test]
fn warnings_options() {
    let code = "import warnings\nwarnings.warn('careful')\nprint('went on')";
    Case::new("warnings-default").args(&["-c", code]).same();
    Case::new("warnings-error").args(&["-W", "error", "-c", code]).same();
    Case::new("warnings-ignore").args(&["-W", "ignore", "-c", code]).same();
    Case::new("warnings-invalid").args(&["-W", "nonsense", "-c", code]).same();
    Case::new("warnings-env").env("PYTHONWARNINGS", "error").args(&["-c", code]).same();
    Case::new("bytes-warning").args(&["-b", "-c", "print(str(b'x'))"]).same();
    Case::new("bytes-error").args(&["-bb", "-c", "print(str(b'x'))"]).same();
    Case::new("encoding-warning").file("data.txt", "x").args(&["-X", "warn_default_encoding", "-c", "open('data.txt').close()"]).same();
}

#[test]
fn dash_x_skips_the_first_line() {
    Case::new("dash-x").file("main.py", "this is not Python\nprint('second line')\n").args(&["-x", "main.py"]).same();
}

#[test]
fn help_and_version() {
    for (i, arg) in ["-h", "--help", "--help-env", "--help-xoptions", "--help-all", "-V", "--version"].iter().enumerate() {
        Case::new(&format!("help-{i}")).args(&[arg]).same();
    }
}

// ---- the interactive interpreter ---------------------------------------------

/// What a person types: statements, an expression, a multi-line block, an
/// error, and something after it.
const SESSION: &str = "x = 41\nx + 1\nfor i in range(2):\n    i * 10\n\ndef f():\n    return 1 / 0\n\nf()\nprint('still here', x)\n_\nimport helper; helper.X\n";

#[test]
fn dash_i_alone_is_the_repl() {
    Case::new("repl").file("helper.py", HELPER).args(&["-i"]).stdin(SESSION).same();
    Case::new("repl-quiet").file("helper.py", HELPER).args(&["-q", "-i"]).stdin(SESSION).same();
    Case::new("repl-sys-path").file("helper.py", HELPER).args(&["-q", "-i"]).stdin("import sys; sys.path, sys.argv\n").same();
}

#[test]
fn dash_i_after_a_script_or_dash_c() {
    let script = "y = 'set by the script'\nprint('script ran')\n";
    Case::new("repl-after-script").file("main.py", script).file("helper.py", HELPER).args(&["-i", "main.py"]).stdin(SESSION).same();
    Case::new("repl-after-c").file("helper.py", HELPER).args(&["-i", "-c", script]).stdin("y\n").same();
    Case::new("repl-after-failing-script").file("main.py", "raise ValueError('bad')\n").args(&["-q", "-i", "main.py"]).stdin("1 + 1\n").same();
    Case::new("repl-exit-status").args(&["-q", "-i"]).stdin("import sys\nsys.exit(3)\nprint('not reached')\n").same();
    Case::new("repl-inspect-env").env("PYTHONINSPECT", "1").args(&["-c", script]).stdin("y\n").same();
}

#[test]
fn repl_runs_pythonstartup() {
    Case::new("repl-startup")
        .file("startup.py", "greeting = 'from PYTHONSTARTUP'\n")
        .env("PYTHONSTARTUP", "startup.py")
        .args(&["-q", "-i"])
        .stdin("greeting\n")
        .same();
}

#[test]
fn repl_on_a_terminal_is_the_basic_repl_without_a_warning() {
    // `script` gives wasipy a terminal for stdin: CPython would try its new
    // REPL (_pyrepl), which WASI cannot run (no termios). Native python would
    // run _pyrepl here, so there is no reference: the basic REPL's prompts and
    // results, and no "warning: can't use pyrepl", are what a user must see.
    let case = Case::new("repl-terminal");
    let dir = case.dir("guest");
    let wasmtime = format!(
        "wasmtime run --wasm {} --dir {}::/usr --dir . {} -i",
        max_wasm_stack(),
        root().join("target/wasipy/usr").display(),
        root().join("target/wasipy/wasipy.wasm").display()
    );
    let mut cmd = Command::new("script");
    cmd.current_dir(&dir).args(["-qec", &wasmtime, "/dev/null"]);
    let out = run(cmd, b"6 * 7\nimport sys; sys.stdin.isatty()\n");
    // The terminal echoes the typed lines, before or after a prompt depending
    // on when they arrive: look for the results and count the prompts.
    let screen = out.stdout().replace('\r', "");
    assert_eq!(out.code, 0, "{out:?}");
    assert!(screen.contains("42\n") && screen.contains("True\n"), "{screen}");
    assert!(screen.matches(">>> ").count() >= 3, "{screen}");
    assert!(!screen.contains("pyrepl") && !screen.contains("Traceback"), "{screen}");
}

// ---- packages installed on the host with pip ---------------------------------

/// `pip install --target DIR` of a wheel the test builds (crate/tests/fixtures/make_wheel.py).
fn pip_install_tinypkg(dir: &Path, target: &Path) {
    let made = Command::new(native_python())
        .arg(root().join("crate/tests/fixtures/make_wheel.py"))
        .arg(dir)
        .output()
        .unwrap();
    assert!(made.status.success(), "make_wheel.py: {}", String::from_utf8_lossy(&made.stderr));
    let wheel = String::from_utf8(made.stdout).unwrap().trim().to_string();
    let pip = Command::new(native_python())
        .env_clear()
        .env("HOME", dir)
        .args(["-m", "pip", "--isolated", "install", "--no-index", "--no-deps", "--disable-pip-version-check"])
        .args(["--root-user-action", "ignore", "--target"])
        .arg(target)
        .arg(wheel)
        .output()
        .unwrap();
    assert!(pip.status.success(), "pip install: {}", String::from_utf8_lossy(&pip.stderr));
}

const USE_TINYPKG: &str = "import sys, tinypkg\nprint(tinypkg.hello(), tinypkg.__file__, getattr(sys, 'tinypkg_pth_ran', False))\nprint(sys.path)";

#[test]
fn packages_installed_with_pip_target_import_through_pythonpath() {
    Case::new("pip-target")
        .setup(|dir| pip_install_tinypkg(dir, &dir.join("deps")))
        .env("PYTHONPATH", "deps")
        .args(&["-c", USE_TINYPKG])
        .same();
}

#[test]
fn packages_in_a_mapped_site_packages_import_like_installed_ones() {
    // wasipy: the pip target mapped over its site-packages. Native python's
    // own site-packages must not change: its reference is a venv (the same
    // interpreter) whose site-packages got the same install; its prefix reads
    // as wasipy's /usr/local.
    let case = Case::new("site-packages").args(&["-c", USE_TINYPKG]);
    let native_dir = case.dir("native");
    let venv = native_dir.join("venv");
    let made = Command::new(native_python()).args(["-m", "venv", "--without-pip"]).arg(&venv).output().unwrap();
    assert!(made.status.success(), "python -m venv: {}", String::from_utf8_lossy(&made.stderr));
    pip_install_tinypkg(&native_dir, &venv.join("lib/python3.13/site-packages"));
    let native = case.native(&venv.join("bin/python3.13"), &native_dir);

    let guest_dir = case.dir("guest");
    let deps = guest_dir.join("deps");
    pip_install_tinypkg(&guest_dir, &deps);
    let guest = case.guest(&guest_dir, &[(deps, GUEST_SITE_PACKAGES)]);
    let out = case.compare(native, &[(venv, GUEST_PREFIX), (native_dir, "/")], guest);
    assert!(out.stdout().contains(" True\n"), "the .pth file in site-packages ran: {out:?}");
}

// ---- bad input -----------------------------------------------------------------

#[test]
fn a_missing_file() {
    Case::new("missing-file").args(&["nope.py"]).same();
    Case::new("missing-file-in-dir").args(&["no/such/dir/nope.py", "arg"]).same();
}

#[test]
fn a_directory_as_file() {
    Case::new("dir-as-file").file("pkg/__init__.py", "").args(&["pkg"]).same();
}

#[test]
fn dash_m_of_a_missing_or_bad_module_name() {
    Case::new("m-missing").args(&["-m", "no_such_module"]).same();
    Case::new("m-missing-sub").file("pkg/__init__.py", "").args(&["-m", "pkg.nope"]).same();
    Case::new("m-empty").args(&["-m", ""]).same();
    Case::new("m-relative").args(&["-m", ".pkg"]).same();
    Case::new("m-package-without-main").file("pkg/__init__.py", "").args(&["-m", "pkg"]).same();
    Case::new("m-missing-argument").args(&["-m"]).same();
}

#[test]
fn a_module_name_with_a_nul_byte() {
    // Command-line arguments are C strings, on the host as in WASI: a NUL byte
    // cannot reach -m. The name goes where -m sends it, runpy, and to import.
    Case::new("nul-runpy").args(&["-c", "import runpy; runpy.run_module('a\\x00b')"]).same();
    Case::new("nul-import").args(&["-c", "__import__('a\\x00b')"]).same();
}

#[test]
fn unreadable_pythonpath_entries_are_skipped() {
    let code = "import sys\ntry:\n    import lockedmod\n    print('lockedmod imported')\nexcept ImportError as e:\n    print(type(e).__name__, e)\nimport goodmod\nprint(goodmod.__file__)\nimport missingmod";
    Case::new("pythonpath-unreadable")
        .file("good/goodmod.py", "")
        .file("locked/lockedmod.py", "")
        .file("afile.txt", "not a directory")
        .file("corrupt.zip", "not a zip file")
        .setup(|dir| {
            use std::os::unix::fs::PermissionsExt;
            // Unreadable to anyone but root (who can read it anyway, on both sides).
            std::fs::set_permissions(dir.join("locked"), std::fs::Permissions::from_mode(0)).unwrap();
        })
        .env("PYTHONPATH", "missing:afile.txt:corrupt.zip:locked:/nonexistent/dir:good")
        .args(&["-c", code])
        .same();
}

#[test]
fn bad_options() {
    Case::new("option-unknown").args(&["-z"]).same();
    Case::new("option-unknown-long").args(&["--nonsense"]).same();
    Case::new("option-c-without-argument").args(&["-c"]).same();
    Case::new("option-X-without-argument").args(&["-X"]).same();
    Case::new("option-W-without-argument").args(&["-W"]).same();
    Case::new("option-X-bad-value").args(&["-X", "int_max_str_digits=lots", "-c", "pass"]).same();
    Case::new("option-gil").args(&["-X", "gil=0", "-c", "pass"]).same();
    Case::new("option-after-script").file("main.py", "import sys; print(sys.argv)").args(&["main.py", "-z", "-c"]).same();
    Case::new("hashseed-invalid").env("PYTHONHASHSEED", "lots").args(&["-c", "pass"]).same();
}

#[test]
fn errors_in_programs() {
    let script = "def f():\n    raise ValueError('boom')\n\nf()\n";
    Case::new("error-traceback").file("main.py", script).args(&["main.py"]).same();
    Case::new("error-in-helper").file("main.py", "import helper\nhelper.g()\n").file("helper.py", "def g():\n    return 1 / 0\n").args(&["main.py"]).same();
    Case::new("error-syntax").file("main.py", "x = 1\nprint(x +)\n").args(&["main.py"]).same();
    Case::new("error-nul-byte").file("main.py", b"print(1)\0print(2)\n").args(&["main.py"]).same();
    Case::new("error-not-utf8").file("main.py", b"print('\xff\xfe')\n").args(&["main.py"]).same();
    Case::new("error-stdin-nul").args(&["-"]).stdin(b"print(1)\0\n").same();
    Case::new("error-import").args(&["-c", "import no_such_module"]).same();
}

#[test]
fn exit_statuses() {
    for (i, code) in ["import sys; sys.exit(3)", "import sys; sys.exit()", "raise SystemExit(7)", "raise SystemExit('bye')", "import sys; sys.exit(300)", "import os; os._exit(5)"]
        .iter()
        .enumerate()
    {
        Case::new(&format!("exit-{i}")).args(&["-c", code]).same();
    }
}

// ---- what WASI cannot do ------------------------------------------------------

#[test]
fn perf_profiling_is_refused_with_the_reason() {
    // Native python accepts these (Linux perf support): no reference, the refusal is wasipy's.
    let cases: &[(&[&str], Option<(&str, &str)>, &str)] = &[
        (&["-X", "perf", "-c", "pass"], None, "-X perf"),
        (&["-X", "perf_jit", "-c", "pass"], None, "-X perf_jit"),
        (&["-c", "pass"], Some(("PYTHONPERFSUPPORT", "1")), "-X perf"),
        (&["-c", "pass"], Some(("PYTHON_PERF_JIT_SUPPORT", "1")), "-X perf_jit"),
    ];
    for (i, (args, env, what)) in cases.iter().enumerate() {
        let mut case = Case::new(&format!("refused-{i}")).args(args);
        if let Some((k, v)) = env {
            case = case.env(k, v);
        }
        let dir = case.dir("guest");
        let out = case.guest(&dir, &[]);
        assert_eq!(out.code, 2, "{out:?}");
        assert_eq!(out.stdout, b"");
        let message = out.stderr();
        assert!(message.starts_with(&format!("wasipy: {what} ")) && message.contains("cannot work under WASI"), "{message}");
        assert_eq!(message.lines().count(), 1, "{message}");
    }
    // -E ignores PYTHONPERFSUPPORT, as python does: nothing to refuse.
    let case = Case::new("refused-ignored").env("PYTHONPERFSUPPORT", "1").args(&["-E", "-c", "print('ran')"]);
    let dir = case.dir("guest");
    let out = case.guest(&dir, &[]);
    assert_eq!((out.code, out.stdout()), (0, "ran\n".to_string()), "{out:?}");
}
