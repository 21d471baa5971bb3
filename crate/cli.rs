//! The command line: with no arguments, the original example's demo; with
//! `--host`, the interpreter for hosts that drive the exported API
//! (`host_api.rs`); anything else is `python`'s own command line (`pymain.rs`).

use std::ffi::OsString;
use std::os::wasi::ffi::OsStrExt;

use crate::host_api;
use crate::interpreter::Outcome;
use crate::pymain;
use crate::recursion_limit;
use crate::snapshot;

const DEMO_CODE: &str = "print('Printing from Python!')";

/// What the command line asked for.
#[derive(Debug, PartialEq, Eq)]
enum Mode {
    Demo,
    Host,
    Python,
}

fn mode(args: &[OsString]) -> Mode {
    match args.get(1).map(|a| a.as_bytes()) {
        None => Mode::Demo,
        Some(b"--host") => Mode::Host,
        Some(_) => Mode::Python,
    }
}

/// Runs the command line; returns the process exit status (`exit_status.rs`
/// fits it to WASI when the process exits).
pub fn main(args: Vec<OsString>) -> i32 {
    recursion_limit::apply_from_environment();
    match mode(&args) {
        Mode::Demo => demo(),
        Mode::Host => host_api::start_from_cli(),
        Mode::Python => {
            // python's options and environment decide how CPython starts.
            snapshot::discard();
            pymain::run(&args)
        }
    }
}

/// The seed's behaviour with no arguments: prints the snippet, runs it, reports.
fn demo() -> i32 {
    println!("Going to eval the following Python code:  {DEMO_CODE}");
    let runner = match snapshot::resume_or_start() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("wasipy: {e} (is the stdlib mapped? wasmtime run --dir target/wasipy/usr::/usr ...)");
            return 1;
        }
    };
    let outcome = runner.run(DEMO_CODE.as_bytes(), "<string>", false);
    if matches!(outcome, Outcome::Ok { .. }) {
        println!("Python code executed successfully!");
    }
    runner.finalize();
    outcome.exit_code()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<OsString> {
        std::iter::once("wasipy").chain(a.iter().copied()).map(OsString::from).collect()
    }

    #[test]
    fn picks_the_mode() {
        assert_eq!(mode(&args(&[])), Mode::Demo);
        assert_eq!(mode(&args(&["--host"])), Mode::Host);
        assert_eq!(mode(&args(&["-c", "x"])), Mode::Python);
        assert_eq!(mode(&args(&["-i"])), Mode::Python);
        assert_eq!(mode(&args(&["-q", "--host"])), Mode::Python);
    }
}
