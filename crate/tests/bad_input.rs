//! Bad input through the CLI: a clear Python error and the expected status,
//! never a wasm trap. (Survival of the session after each one is tested
//! through the host API in web/test/host-api.test.mjs.)
mod common;
use common::*;

/// A trap shows up as wasmtime's own error report.
fn assert_no_trap(r: &Run) {
    assert!(!r.stderr.contains("wasm trap") && !r.stderr.contains("error while executing"), "trapped:\n{}", r.stderr);
}

fn assert_error(code: &str, expected: &str) {
    let r = py(code);
    assert_no_trap(&r);
    assert_eq!(r.code, 1, "code: {code}\nstderr: {}", r.stderr);
    let last = r.stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with(expected), "code: {code}\nexpected last line to start with {expected:?}\nstderr:\n{}", r.stderr);
}

#[test]
fn syntax_error_shows_the_line_and_caret() {
    let r = py("x = 1\nprint(x +)");
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr, "  File \"<string>\", line 2\n    print(x +)\n             ^\nSyntaxError: invalid syntax\n");
}

#[test]
fn nul_byte_is_a_syntax_error() {
    let r = wasipy_with(&["-"], &[], b"print(1)\0print(2)\n");
    assert_no_trap(&r);
    assert_eq!(r.code, 1);
    assert!(r.stderr.ends_with("SyntaxError: source code cannot contain null bytes\n"), "{}", r.stderr);
}

#[test]
fn invalid_utf8_is_a_syntax_error() {
    let r = wasipy_with(&["-"], &[], b"print('\xff\xfe')\n");
    assert_eq!(r.code, 1);
    assert!(r.stderr.starts_with("SyntaxError: Non-UTF-8 code starting with '\\xff' in file <stdin>"), "{}", r.stderr);
}

#[test]
fn empty_snippet_does_nothing() {
    let r = py("");
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
}

#[test]
fn five_megabyte_snippet_runs() {
    let mut code = String::from("total = 0\n");
    while code.len() < 5 * 1024 * 1024 {
        code.push_str("total += 1  # padding padding padding padding padding\n");
    }
    code.push_str("print(total)\n");
    let lines = code.lines().count() - 2;
    let r = wasipy_with(&["-"], &[], code.as_bytes());
    assert_eq!((r.code, r.stdout.trim()), (0, lines.to_string().as_str()), "{}", r.stderr);
}

#[test]
fn keyboard_interrupt_is_a_traceback_and_status_1() {
    // `python` exits with 130 here, which WASI's proc_exit cannot carry.
    let r = py("raise KeyboardInterrupt");
    assert_no_trap(&r);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.ends_with("KeyboardInterrupt\nwasipy: exit status 130 cannot pass through WASI (0 to 125 only); exiting with 1\n"),
        "{}",
        r.stderr
    );
}

#[test]
fn unbounded_recursion_is_a_recursion_error() {
    assert_error("def f(): f()\nf()", "RecursionError: maximum recursion depth exceeded");
}

#[test]
fn deep_c_recursion_is_a_recursion_error() {
    // json's C decoder recurses on the C stack, not the Python one.
    assert_error("import json; json.loads('[' * 200000 + ']' * 200000)", "RecursionError");
}

#[test]
fn python_recursion_through_c_is_a_recursion_error() {
    // Each level passes through C (map, format, __getattr__): bounded by the
    // C recursion limit we set for WASI (scripts/pins.env), not the native stack.
    assert_error("def g(n): return list(map(g, [n + 1]))\ng(0)", "RecursionError");
    assert_error("class C:\n    def __getattr__(s, n): return getattr(s, n)\nC().x", "RecursionError");
}

#[test]
fn deeply_nested_source_is_a_clean_error() {
    let r = py("eval('-' * 100000 + '1')");
    assert_no_trap(&r);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("MemoryError") || r.stderr.contains("RecursionError"), "{}", r.stderr);
}

#[test]
fn huge_allocation_is_a_clean_error() {
    // 3 GiB does not fit wasm32's ssize_t: OverflowError before any allocation.
    assert_error("bytearray(3 * 2**30)", "OverflowError");
    // 1.5 GiB fits the index type but not the 1 GiB memory cap.
    assert_error("bytearray(3 * 2**29)", "MemoryError");
}

#[test]
fn growing_list_ends_in_memory_error_and_python_goes_on() {
    let r = py("x = []\ntry:\n    while True:\n        x.append(bytearray(2**20))\nexcept MemoryError:\n    n = len(x)\n    del x\n    print('survived', n > 100)\nprint(sum(range(10)))");
    assert_no_trap(&r);
    assert_eq!((r.code, r.stdout.as_str()), (0, "survived True\n45\n"), "{}", r.stderr);
}

#[test]
fn input_without_stdin_is_eof_error() {
    assert_error("input('name? ')", "EOFError: EOF when reading a line");
}

#[test]
fn input_reads_stdin_lines() {
    let r = wasipy_with(&["-c", "a = input(); b = input(); print(a.upper(), b)"], &[], b"hello\nworld\n");
    assert_eq!((r.code, r.stdout.as_str()), (0, "HELLO world\n"), "{}", r.stderr);
}

#[test]
fn threads_are_a_runtime_error() {
    assert_error("import threading; threading.Thread(target=print).start()", "RuntimeError");
}

#[test]
fn subprocess_is_a_python_exception() {
    let r = py("import subprocess; subprocess.run(['ls'])");
    assert_no_trap(&r);
    assert_eq!(r.code, 1);
    assert!(r.stderr.starts_with("Traceback (most recent call last):"), "{}", r.stderr);
}

#[test]
fn sockets_are_a_python_exception() {
    let r = py("import socket; socket.create_connection(('127.0.0.1', 9))");
    assert_no_trap(&r);
    assert_eq!(r.code, 1);
    assert!(r.stderr.starts_with("Traceback (most recent call last):"), "{}", r.stderr);
}

#[test]
fn reading_outside_mapped_dirs_is_an_os_error() {
    let r = py("try:\n    open('/etc/passwd')\nexcept OSError as e:\n    print('OSError', type(e).__name__)");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("OSError "), "{}", r.stdout);
}

#[test]
fn tmp_is_writable() {
    let out = py_ok("import os, tempfile\np = '/tmp/wasipy-cli-test.txt'\nopen(p, 'w').write('héllo')\nprint(open(p).read())\nos.remove(p)\nwith tempfile.TemporaryDirectory() as d:\n    print(os.path.isdir(d))");
    assert_eq!(out, "héllo\nTrue\n");
}
