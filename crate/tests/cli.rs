//! The command line under wasmtime: the demo, -c, FILE, -, -m, exit statuses.
//! (python_compat.rs compares every mode with native python.)
mod common;
use common::*;

#[test]
fn demo_prints_exactly_three_lines() {
    let r = wasipy(&[]);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert_eq!(
        r.stdout,
        "Going to eval the following Python code:  print('Printing from Python!')\n\
         Printing from Python!\n\
         Python code executed successfully!\n"
    );
    assert_eq!(r.stderr, "");
}

#[test]
fn dash_c_runs_code_with_argv() {
    let r = wasipy(&["-c", "import sys; print(sys.argv)", "a", "b"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "['-c', 'a', 'b']\n");
}

#[test]
fn issue_examples() {
    assert_eq!(py_ok("import json, decimal; print(json.dumps(str(decimal.Decimal('1.1') * 3)))"), "\"3.3\"\n");
    assert_eq!(py_ok("import sys, zlib; print(sys.version_info[:2], zlib.decompress(zlib.compress(b'ok')))"), "(3, 13) b'ok'\n");
}

#[test]
fn version_flag() {
    let r = wasipy(&["--version"]);
    assert_eq!((r.code, r.stdout), (0, format!("Python {}\n", python_version())));
}

#[test]
fn runs_a_file_with_argv_and_file() {
    let dir = scratch_dir().join("cli-file");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("hello.py"), "import sys\nprint('file', sys.argv, __name__)\n").unwrap();
    let r = wasipy_with(&["/work/hello.py", "x"], &[(&dir, "/work")], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "file ['/work/hello.py', 'x'] __main__\n");
}

#[test]
fn missing_file_is_status_2_with_a_message() {
    let r = wasipy(&["/nope.py"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("wasipy: can't open file '/nope.py': "), "{}", r.stderr);
}

#[test]
fn program_from_stdin() {
    let r = wasipy_with(&["-"], &[], b"import sys\nprint('from stdin', sys.argv)\n");
    assert_eq!((r.code, r.stdout.as_str()), (0, "from stdin ['-']\n"), "{}", r.stderr);
}

#[test]
fn dash_m_runs_a_module() {
    let r = wasipy_with(&["-m", "json.tool"], &[], b"{\"a\": [1, 2]}");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "{\n    \"a\": [\n        1,\n        2\n    ]\n}\n");
}

#[test]
fn uncaught_exception_is_status_1_with_traceback() {
    let r = py("def f():\n    raise ValueError('boom')\nf()");
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "Traceback (most recent call last):\n  File \"<string>\", line 3, in <module>\n    f()\n    ~^^\n  \
         File \"<string>\", line 2, in f\n    raise ValueError('boom')\nValueError: boom\n"
    );
}

#[test]
fn sys_exit_statuses() {
    assert_eq!(py("import sys; sys.exit(3)").code, 3);
    assert_eq!(py("import sys; sys.exit()").code, 0);
    assert_eq!(py("raise SystemExit(7)").code, 7);
    assert_eq!(py("raise SystemExit(300)").code, 44); // 300 & 0xFF, as python does
    let r = py("raise SystemExit(200)");
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("exit status 200 cannot pass through WASI"), "{}", r.stderr);
    let r = py("raise SystemExit('bye')");
    assert_eq!((r.code, r.stderr.as_str()), (1, "bye\n"));
}

#[test]
fn os_exit_ends_the_process() {
    let r = py("import os; print('before', flush=True); os._exit(4)");
    assert_eq!((r.code, r.stdout.as_str()), (4, "before\n"));
}

#[test]
fn atexit_handlers_run_at_the_end() {
    assert_eq!(py_ok("import atexit; atexit.register(print, 'bye'); print('hi')"), "hi\nbye\n");
}

#[test]
fn bad_option_is_a_usage_error() {
    let r = wasipy(&["-z"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("Unknown option: -z\nusage: wasipy [option]"), "{}", r.stderr);
}

#[test]
fn cli_does_not_echo_last_expression() {
    assert_eq!(py_ok("1 + 1"), "");
}

#[test]
fn without_the_stdlib_it_says_how_to_map_it() {
    let module = root().join("target/wasipy/wasipy.wasm");
    let out = std::process::Command::new("wasmtime").arg("run").arg(module).args(["-c", "print(1)"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("wasipy: the stdlib is not at /usr/local/lib/python313.zip: map it with wasmtime")
            && stderr.contains("--dir target/wasipy/usr::/usr"),
        "{stderr}"
    );
}

#[test]
fn sys_executable_exists_in_the_layout() {
    // platform.libc_ver() (and CPython's test_time) open sys.executable.
    let out = py_ok("import os, sys, platform\nprint(sys.executable, os.path.isfile(sys.executable), platform.libc_ver())");
    assert_eq!(out, "/usr/local/bin/wasipy True ('', '')\n");
}

/// A module python has on Linux but WASI cannot (ctypes' _ctypes): the
/// uncaught error says why under the traceback; a caught one is python's,
/// untouched, and find_spec says the module is not there.
#[test]
fn a_missing_module_says_why_when_uncaught() {
    let r = py("import ctypes");
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.ends_with(
            "ModuleNotFoundError: No module named '_ctypes'\nwasipy: _ctypes is not available under WebAssembly: ctypes needs libffi, \
             which WebAssembly cannot have: a wasm module cannot call C functions by address nor make new ones at run time \
             (Known limits in wasipy's docs, docs/src/troubleshooting.md, lists what is missing)\n"
        ),
        "{}",
        r.stderr
    );
    let r = py("import importlib.util\ntry:\n    import fcntl\nexcept ImportError as e:\n    print(e.name, getattr(e, '__notes__', None), importlib.util.find_spec('fcntl'))");
    assert_eq!(r.stdout, "fcntl None None\n", "{}", r.stderr);
    // From the REPL too, where each error is printed and the session goes on.
    let r = wasipy_with(&["-i"], &[], b"import pwd\nprint('after')\n");
    assert!(r.stderr.contains("wasipy: pwd is not available under WebAssembly: WASI has no users or groups"), "{}", r.stderr);
    assert_eq!(r.stdout, "after\n");
}

/// display() on the command line prints each object's text, as IPython does
/// in a terminal: its repr, or what its text/plain representation says.
#[test]
fn display_prints_text_on_the_command_line() {
    let r = py("class T:\n    def _repr_html_(self): return '<b>t</b>'\n    def __repr__(self): return 'T()'\nprint('a')\ndisplay(T(), [1, 2])\nfrom wasipy import HTML\ndisplay(HTML('<i>x</i>'))\nprint('b')");
    assert_eq!(r.stdout, "a\nT()\n[1, 2]\n<wasipy.HTML object>\nb\n", "{}", r.stderr);
    assert_eq!(r.code, 0);
    // webbrowser has no browser to start here: it says so instead of returning False silently.
    let r = py("import webbrowser\nprint(webbrowser.open('/x.html'))");
    assert_eq!(r.stdout, "False\n");
    assert!(r.stderr.starts_with("webbrowser: wasipy cannot open /x.html: only a local file"), "{}", r.stderr);
}

/// turtle imports on the command line (as python's does on a machine without a
/// display) and its first drawing says it needs a browser page, as TclError.
#[test]
fn turtle_says_it_needs_a_page() {
    let r = py("import turtle\nprint('imported')\nturtle.forward(10)");
    assert_eq!(r.stdout, "imported\n", "{}", r.stderr);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("tkinter.TclError: no display: wasipy draws Tk windows (turtle graphics) in a browser page"),
        "{}",
        r.stderr
    );
    // Other Tk widgets say what this tkinter is.
    let r = py("import tkinter\ntkinter.Label");
    assert!(r.stderr.contains("wasipy's tkinter is a stand-in that draws turtle graphics in the page"), "{}", r.stderr);
}
