//! The command line: `wasipy [-c CODE | -m MODULE | FILE | -] [ARGS...]`, like `python`,
//! plus the original example's demo when there are no arguments and `--host`
//! for hosts that drive the exported API (see `host_api.rs`).

use std::io::Read;

use crate::host_api;
use crate::interpreter::{self, Outcome};

const DEMO_CODE: &str = "print('Printing from Python!')";

const USAGE: &str = "usage: wasipy [-c CODE | -m MODULE | FILE | -] [ARG ...]
  (no arguments)  run the demo snippet
  -c CODE         run CODE (sys.argv[0] is '-c')
  -m MODULE       run a stdlib module as a script (like python -m)
  FILE            run a Python file (it must be in a mapped directory)
  -               read the program from stdin
  -V, --version   print the Python version
  --host          start the interpreter and return, for hosts that call the exported API";

/// What the command line asked for.
#[derive(Debug, PartialEq, Eq)]
enum Mode {
    Demo,
    Code(String),
    Module(String),
    File(String),
    Stdin,
    Host,
    Version,
    Help,
}

/// Splits argv into the mode and what becomes `sys.argv`.
fn parse(args: &[String]) -> Result<(Mode, Vec<String>), String> {
    let rest = |from: usize, first: &str| {
        let mut v = vec![first.to_string()];
        v.extend(args[from..].iter().cloned());
        v
    };
    let Some(first) = args.get(1) else { return Ok((Mode::Demo, vec![String::new()])) };
    match first.as_str() {
        "-c" | "-m" => {
            let Some(value) = args.get(2) else {
                return Err(format!("Argument expected for the {first} option"));
            };
            if first == "-c" {
                Ok((Mode::Code(value.clone()), rest(3, "-c")))
            } else {
                Ok((Mode::Module(value.clone()), rest(3, value)))
            }
        }
        "-" => Ok((Mode::Stdin, rest(2, "-"))),
        "--host" => Ok((Mode::Host, vec![String::new()])),
        "-V" | "--version" => Ok((Mode::Version, vec![String::new()])),
        "-h" | "--help" => Ok((Mode::Help, vec![String::new()])),
        opt if opt.starts_with('-') => Err(format!("unknown option {opt}")),
        file => Ok((Mode::File(file.to_string()), rest(2, file))),
    }
}

/// Runs the command line; returns the process exit status.
pub fn main(args: Vec<String>) -> i32 {
    let (mode, argv) = match parse(&args) {
        Ok(parsed) => parsed,
        Err(msg) => {
            eprintln!("wasipy: {msg}\n{USAGE}");
            return 2;
        }
    };
    let (source, filename) = match &mode {
        Mode::Help => {
            println!("{USAGE}");
            return 0;
        }
        Mode::Host => return host_api::start_from_cli(argv),
        Mode::Version => ("import sys; print('Python', sys.version.split()[0])".as_bytes().to_vec(), "<version>".into()),
        Mode::Demo => {
            println!("Going to eval the following Python code:  {DEMO_CODE}");
            (DEMO_CODE.as_bytes().to_vec(), "<string>".into())
        }
        Mode::Code(code) => (code.as_bytes().to_vec(), "<string>".into()),
        Mode::Module(module) => (
            format!("import runpy\nrunpy._run_module_as_main({module:?})").into_bytes(),
            "<run_module>".into(),
        ),
        Mode::File(path) => match std::fs::read(path) {
            Ok(bytes) => (bytes, path.clone()),
            Err(e) => {
                eprintln!("wasipy: can't open file {path:?}: {e} (is its directory mapped with wasmtime --dir?)");
                return 2;
            }
        },
        Mode::Stdin => {
            let mut bytes = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
                eprintln!("wasipy: can't read the program from stdin: {e}");
                return 2;
            }
            (bytes, "<stdin>".into())
        }
    };
    let runner = match interpreter::start(&argv) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("wasipy: {e} (is the stdlib mapped? wasmtime run --dir target/wasipy/usr::/usr ...)");
            return 1;
        }
    };
    let outcome = runner.run(&source, &filename, false);
    if mode == Mode::Demo && matches!(outcome, Outcome::Ok { .. }) {
        println!("Python code executed successfully!");
    }
    runner.finalize();
    wasi_exit_status(outcome.exit_code())
}

/// WASI's `proc_exit` carries only 0..=125 (wasmtime rejects the rest), so a
/// larger `sys.exit(n)` becomes 1 with a note, instead of a runtime error.
fn wasi_exit_status(code: i32) -> i32 {
    if (0..126).contains(&code) {
        return code;
    }
    eprintln!("wasipy: exit status {code} cannot pass through WASI (0 to 125 only); exiting with 1");
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        std::iter::once("wasipy").chain(a.iter().copied()).map(String::from).collect()
    }

    #[test]
    fn parses_like_python() {
        assert_eq!(parse(&args(&[])).unwrap().0, Mode::Demo);
        assert_eq!(parse(&args(&["-c", "x", "a"])).unwrap(), (Mode::Code("x".into()), vec!["-c".into(), "a".into()]));
        assert_eq!(parse(&args(&["f.py", "-c"])).unwrap(), (Mode::File("f.py".into()), vec!["f.py".into(), "-c".into()]));
        assert_eq!(parse(&args(&["-"])).unwrap(), (Mode::Stdin, vec!["-".into()]));
        assert_eq!(parse(&args(&["-m", "json.tool"])).unwrap().1, vec!["json.tool".to_string()]);
        assert!(parse(&args(&["-c"])).is_err());
        assert!(parse(&args(&["-q"])).is_err());
    }

    #[test]
    fn exit_statuses_fit_wasi() {
        assert_eq!(wasi_exit_status(0), 0);
        assert_eq!(wasi_exit_status(125), 125);
        assert_eq!(wasi_exit_status(200), 1);
    }
}
