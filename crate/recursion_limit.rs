//! How deep C code may recurse before RecursionError
//! (scripts/patches/cpython-wasi-c-recursion-limit.patch). The module's default
//! is native CPython's 10000, which fits the 8 MiB native stack wasmtime gives
//! it; a host whose native stack is smaller (a browser worker:
//! web/lib/python-host.js) sets `WASIPY_C_RECURSION_LIMIT` in the environment.
//! Read once, before any Python code runs: a resumed snapshot's thread state
//! and one CPython starts later both get it.

use std::os::raw::c_int;

pub const VARIABLE: &str = "WASIPY_C_RECURSION_LIMIT";
/// Below this even start-up's imports fail; above it no host's stack holds.
const RANGE: std::ops::RangeInclusive<c_int> = 100..=1_000_000;

extern "C" {
    fn _Py_SetCRecursionLimit(limit: c_int);
}

/// Applies the host's limit, if it gave one; a value that is not a number in
/// RANGE is said on stderr and the default kept.
pub fn apply_from_environment() {
    let Some(value) = std::env::var_os(VARIABLE) else { return };
    match parse(&value.to_string_lossy()) {
        Ok(limit) => unsafe { _Py_SetCRecursionLimit(limit) },
        Err(e) => eprintln!("wasipy: {e}; the C recursion limit stays at its default"),
    }
}

fn parse(value: &str) -> Result<c_int, String> {
    value
        .trim()
        .parse::<c_int>()
        .ok()
        .filter(|n| RANGE.contains(n))
        .ok_or_else(|| format!("{VARIABLE}={value:?} is not a whole number from {} to {}", RANGE.start(), RANGE.end()))
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_a_limit_in_range() {
        assert_eq!(parse("2000"), Ok(2000));
        assert_eq!(parse(" 100 "), Ok(100));
        assert!(parse("99").unwrap_err().contains("from 100 to 1000000"));
        assert!(parse("lots").is_err());
        assert!(parse("").is_err());
    }
}
