//! wasipy's package installer (crate/packages/: `_wasipy_packages`, `wasipy`),
//! run inside the real module under wasmtime, with no network: the test writes
//! tiny wheels and a simple index (PEP 691 JSON with PEP 658 metadata files, and
//! PEP 503 HTML) with crate/tests/fixtures/make_index.py, maps it at /index, and
//! crate/tests/fixtures/packages_driver.py installs from it through a fetch
//! function that answers for http://index.test/ from those files (and fails for
//! http://offline.test/ as an offline browser does). Targets are in /work, a
//! fresh directory per test.
//!
//! Each driver operation prints `== op N`, then `error: ...` or the
//! `installed:`/`already:` lines, every `fetched:` URL, and the target's files.
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{root, scratch_dir, wasipy_with};

/// A fresh index and work directory for one test.
struct Fixture {
    index: PathBuf,
    work: PathBuf,
}

impl Fixture {
    fn new(test: &str) -> Fixture {
        let base = scratch_dir().join(format!("packages-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let (index, work) = (base.join("index"), base.join("work"));
        std::fs::create_dir_all(&work).unwrap();
        let python = root().join("target/deps/native-python/bin/python3.13");
        assert!(python.exists(), "{} is missing: run `make deps` first", python.display());
        let made = Command::new(python)
            .arg(root().join("crate/tests/fixtures/make_index.py"))
            .arg(&index)
            .output()
            .unwrap();
        assert!(made.status.success(), "make_index.py: {}", String::from_utf8_lossy(&made.stderr));
        Fixture { index, work }
    }

    /// Runs the driver with these operations (JSON objects); returns each one's output.
    fn run(&self, ops: &[&str]) -> Vec<String> {
        let fixtures = root().join("crate/tests/fixtures");
        let mut args = vec!["/fixtures/packages_driver.py"];
        args.extend_from_slice(ops);
        let dirs: [(&Path, &str); 3] = [(&self.index, "/index"), (&self.work, "/work"), (&fixtures, "/fixtures")];
        let r = wasipy_with(&args, &dirs, b"");
        assert_eq!(r.code, 0, "driver failed\nstdout: {}\nstderr: {}", r.stdout, r.stderr);
        let parts: Vec<String> = r.stdout.split("== op ").skip(1).map(|s| s.to_string()).collect();
        assert_eq!(parts.len(), ops.len(), "one output per operation:\n{}", r.stdout);
        parts
    }

    fn sha256_of(&self, file: &str) -> String {
        let out = Command::new("sha256sum").arg(self.index.join("files").join(file)).output().unwrap();
        String::from_utf8(out.stdout).unwrap().split_whitespace().next().unwrap().to_string()
    }
}

fn lines<'a>(out: &'a str, prefix: &str) -> Vec<&'a str> {
    out.lines().filter_map(|l| l.strip_prefix(prefix)).collect()
}

fn installed(out: &str) -> Vec<&str> {
    lines(out, "installed: ")
}

fn fetched(out: &str) -> Vec<&str> {
    lines(out, "fetched: ")
}

fn target_files(out: &str) -> Vec<&str> {
    lines(out, "target: ")
}

fn assert_has(out: &str, wanted: &str) {
    assert!(out.contains(wanted), "expected {wanted:?} in:\n{out}");
}

#[test]
fn a_dependency_chain_with_markers_and_extras_installs_and_imports() {
    let fx = Fixture::new("chain");
    let out = fx.run(&[
        r#"{"install": ["Alpha[Fancy]"]}"#,
        r#"{"import": "alpha"}"#,
        r#"{"import": "gamma"}"#,
        r#"{"install": ["alpha"]}"#,
        r#"{"wasipy_list": true}"#,
    ]);
    // alpha -> beta 2.0 (newest usable) -> delta; wasionly by its marker, gamma by the extra; not winonly
    // (the name and the extra are normalized: Alpha[Fancy] is alpha[fancy])
    assert_eq!(
        installed(&out[0]),
        [
            "alpha 1.0 alpha-1.0-py3-none-any.whl",
            "beta 2.0 beta-2.0-py3-none-any.whl",
            "delta 1.0 delta-1.0-py3-none-any.whl",
            "gamma 1.0 gamma-1.0-py3-none-any.whl",
            "wasionly 1.0 wasionly-1.0-py3-none-any.whl",
        ]
    );
    let urls = fetched(&out[0]);
    assert!(!urls.iter().any(|u| u.contains("winonly")), "a win32-only dependency was looked up: {urls:?}");
    // PEP 658: alpha's metadata from its .metadata file (hash given); delta has none, so its wheel is read
    assert!(urls.iter().any(|u| u.starts_with("metadata http://index.test/files/alpha-1.0-py3-none-any.whl.metadata sha256=")));
    assert!(!urls.iter().any(|u| u.contains("delta-1.0-py3-none-any.whl.metadata")), "{urls:?}");
    assert!(urls.iter().any(|u| u.starts_with("wheel http://index.test/files/delta-1.0-py3-none-any.whl sha256=")));
    assert!(urls.iter().any(|u| *u == "index http://index.test/json/alpha/"));
    // every wheel is fetched once
    let wheels: Vec<_> = urls.iter().filter(|u| u.starts_with("wheel ")).collect();
    assert_eq!(wheels.len(), 5, "{urls:?}");
    // a round per level, its files together: alpha's page; its metadata; the pages of beta, gamma
    // and wasionly; their metadata; delta's page; delta's wheel (no PEP 658); the other four wheels
    assert_eq!(lines(&out[0], "rounds: "), ["1 1 3 3 1 1 4"], "{}", out[0]);
    assert!(target_files(&out[0]).contains(&"alpha-1.0.dist-info/INSTALLER 7"), "{}", out[0]);
    assert_has(&out[1], "imported: alpha 1.0 from /work/site/alpha/__init__.py");
    assert_has(&out[2], "imported: gamma 1.0 from /work/site/gamma/__init__.py");
    // a second install keeps what is there and fetches no wheel
    assert!(installed(&out[3]).is_empty(), "{}", out[3]);
    assert_eq!(lines(&out[3], "already: "), ["alpha 1.0", "beta 2.0", "delta 1.0", "wasionly 1.0"]);
    assert!(!fetched(&out[3]).iter().any(|u| u.starts_with("wheel ")), "{}", out[3]);
    assert_has(
        &out[4],
        "wasipy.list: [('alpha', '1.0'), ('beta', '2.0'), ('delta', '1.0'), ('gamma', '1.0'), ('wasionly', '1.0')]",
    );
}

#[test]
fn the_html_index_gives_the_same_installation() {
    let fx = Fixture::new("html");
    let out = fx.run(&[r#"{"install": ["alpha"], "index": "html"}"#, r#"{"import": "beta"}"#]);
    assert_eq!(
        installed(&out[0]),
        [
            "alpha 1.0 alpha-1.0-py3-none-any.whl",
            "beta 2.0 beta-2.0-py3-none-any.whl",
            "delta 1.0 delta-1.0-py3-none-any.whl",
            "wasionly 1.0 wasionly-1.0-py3-none-any.whl",
        ]
    );
    let urls = fetched(&out[0]);
    assert!(urls.iter().any(|u| *u == "index http://index.test/html/alpha/"), "{urls:?}");
    // data-dist-info-metadata: alpha's metadata from its .metadata file; delta has none: its wheel is read
    assert!(urls.iter().any(|u| u.starts_with("metadata http://index.test/files/alpha-1.0-py3-none-any.whl.metadata sha256=")));
    assert!(!urls.iter().any(|u| u.contains("delta-1.0-py3-none-any.whl.metadata")), "{urls:?}");
    // the hash from the URL fragment goes with the wheel request
    assert!(urls.iter().any(|u| u.starts_with("wheel http://index.test/files/beta-2.0-py3-none-any.whl sha256=")));
    assert_has(&out[1], "imported: beta 2.0");
}

#[test]
fn specifiers_yanked_releases_requires_python_and_pre_releases() {
    let fx = Fixture::new("versions");
    let out = fx.run(&[
        r#"{"install": ["beta<2"], "target": "/work/t1"}"#,
        r#"{"install": ["beta"], "target": "/work/t2"}"#,
        r#"{"install": ["beta==3.0"], "target": "/work/t3"}"#,
        r#"{"install": ["beta"], "pre": true, "target": "/work/t4"}"#,
        r#"{"install": ["beta>=4.0rc1"], "target": "/work/t5"}"#,
        r#"{"install": ["beta"], "index": "html", "target": "/work/t6"}"#,
        r#"{"install": ["epsilon"], "target": "/work/t7"}"#,
        r#"{"install": ["beta"], "deps": false, "target": "/work/t8"}"#,
    ]);
    assert_eq!(installed(&out[0]), ["beta 1.0 beta-1.0-py3-none-any.whl"]);
    // not 4.0rc1 (pre-release), 3.0 (yanked) or 2.5 (requires-python >=3.14 on the index)
    assert_eq!(installed(&out[1]), ["beta 2.0 beta-2.0-py3-none-any.whl", "delta 1.0 delta-1.0-py3-none-any.whl"]);
    assert_eq!(installed(&out[2]), ["beta 3.0 beta-3.0-py3-none-any.whl"], "a yanked release pinned with ==");
    assert_eq!(installed(&out[3]), ["beta 4.0rc1 beta-4.0rc1-py3-none-any.whl"]);
    assert_eq!(installed(&out[4]), ["beta 4.0rc1 beta-4.0rc1-py3-none-any.whl"], "a pre-release named by the specifier");
    // the HTML form's data-yanked and data-requires-python (escaped &gt;=) too
    assert_eq!(installed(&out[5]), ["beta 2.0 beta-2.0-py3-none-any.whl", "delta 1.0 delta-1.0-py3-none-any.whl"]);
    // epsilon 2.0's Requires-Python (>=3.14) is only in its metadata: resolution falls back to 1.0
    assert_eq!(installed(&out[6]), ["epsilon 1.0 epsilon-1.0-py3-none-any.whl"]);
    assert!(fetched(&out[6]).iter().any(|u| u.contains("epsilon-2.0-py3-none-any.whl.metadata")), "{}", out[6]);
    assert_eq!(installed(&out[7]), ["beta 2.0 beta-2.0-py3-none-any.whl"], "deps=False");
}

#[test]
fn backtracking_asks_for_older_versions_metadata_together() {
    let fx = Fixture::new("backtrack");
    let out = fx.run(&[r#"{"install": ["zeta"]}"#]);
    // zeta 5.0, 4.0 and 3.0 need binpkg, which has no pure-Python wheel: 2.0 is the one
    assert_eq!(installed(&out[0]), ["zeta 2.0 zeta-2.0-py3-none-any.whl"]);
    // zeta's page; 5.0's metadata; binpkg's page; at the second version tried, the metadata of
    // 4.0 and the next older ones together; the wheel
    assert_eq!(lines(&out[0], "rounds: "), ["1 1 1 4 1"], "{}", out[0]);
}

#[test]
fn a_wheel_url_installs_and_a_locked_plan_installs_with_no_index_request() {
    let fx = Fixture::new("url-locked");
    let out = fx.run(&[
        r#"{"install": ["http://index.test/files/gamma-1.0-py3-none-any.whl"], "target": "/work/url"}"#,
        r#"{"install": ["alpha"], "target": "/work/a"}"#,
        r#"{"install": ["alpha"], "target": "/work/b", "locked": true}"#,
        r#"{"import": "delta"}"#,
        r#"{"install": ["beta"], "target": "/work/c"}"#,
        r#"{"install": ["alpha"], "target": "/work/c"}"#,
        r#"{"install": ["alpha"], "target": "/work/d", "locked": true}"#,
    ]);
    assert_eq!(installed(&out[0]), ["gamma 1.0 gamma-1.0-py3-none-any.whl"]);
    assert_eq!(fetched(&out[0]), ["wheel http://index.test/files/gamma-1.0-py3-none-any.whl"]);
    assert_eq!(installed(&out[2]), installed(&out[1]));
    assert_eq!(target_files(&out[2]), target_files(&out[1]));
    let urls = fetched(&out[2]);
    assert_eq!(urls.len(), 4, "{urls:?}");
    assert!(urls.iter().all(|u| u.starts_with("wheel http://index.test/files/") && u.contains(" sha256=")), "{urls:?}");
    assert_has(&out[3], "imported: delta 1.0 from /work/a/delta/__init__.py");
    // the plan names what was installed before too: replayed in a fresh target, it installs everything
    assert_eq!(installed(&out[5]), ["alpha 1.0 alpha-1.0-py3-none-any.whl", "wasionly 1.0 wasionly-1.0-py3-none-any.whl"]);
    assert_eq!(lines(&out[5], "already: "), ["beta 2.0", "delta 1.0"]);
    assert_eq!(installed(&out[6]), installed(&out[1]));
    assert!(fetched(&out[6]).iter().all(|u| u.starts_with("wheel ")), "{}", out[6]);
}

#[test]
fn a_pep_723_script_block_declares_dependencies_and_requires_python() {
    let fx = Fixture::new("pep723");
    let ok = r##"{"install": [], "script": "# /// script\n# requires-python = \">=3.12\"\n# dependencies = [\"gamma\", \"beta<2\"]\n# ///\nimport gamma\n"}"##;
    let too_new = r##"{"install": [], "script": "# /// script\n# requires-python = \">=3.14\"\n# dependencies = [\"gamma\"]\n# ///\n", "target": "/work/other"}"##;
    let out = fx.run(&[ok, too_new]);
    assert_eq!(installed(&out[0]), ["beta 1.0 beta-1.0-py3-none-any.whl", "gamma 1.0 gamma-1.0-py3-none-any.whl"]);
    assert_has(&out[1], "error: the snippet requires Python >=3.14 (its `# /// script` block); wasipy is Python 3.13.5");
    assert_eq!(target_files(&out[1]), ["(no directory)"]);
}

#[test]
fn step_answers_what_to_fetch_and_wasipy_install_explains_the_command_line() {
    let fx = Fixture::new("step");
    let out = fx.run(&[
        r#"{"step": {"requirements": ["alpha", "gamma>=1"], "index_url": "http://index.test/json/"}}"#,
        r#"{"wasipy_install": "alpha"}"#,
        r#"{"loaded": ["packaging", "resolvelib", "installer", "_wasipy_packages._vendor.packaging.requirements"]}"#,
        r#"{"step": {"requirements": ["alpha"], "index_url": ""}}"#,
    ]);
    // both index pages in the first round, with the Accept header of PEP 691
    assert_has(
        &out[0],
        r#"step: {"need": [{"accept": "application/vnd.pypi.simple.v1+json, text/html;q=0.1", "kind": "index", "sha256": null, "url": "http://index.test/json/alpha/"}, {"accept": "application/vnd.pypi.simple.v1+json, text/html;q=0.1", "kind": "index", "sha256": null, "url": "http://index.test/json/gamma/"}]}"#,
    );
    assert_has(&out[1], "error: wasipy.install() needs a host that downloads while Python waits");
    assert_has(&out[1], "pip install --target DIR pkg");
    assert_has(&out[1], "--dir DIR::/usr/local/lib/python3.13/site-packages");
    // vendored: a user's own packaging, resolvelib or installer stays theirs
    assert_has(&out[2], "loaded: ['_wasipy_packages._vendor.packaging.requirements']");
    assert_has(&out[3], r#"step: {"error": "alpha: the request gives no index_url to look it up in"#);
}

#[test]
fn every_failure_is_one_clear_error_and_leaves_the_target_unchanged() {
    let fx = Fixture::new("errors");
    let cases: &[(&str, &[&str])] = &[
        (r#"{"install": ["beta>>1"]}"#, &["error: 'beta>>1' is not a valid requirement (PEP 508)"]),
        (
            r#"{"install": ["nosuchpkg"]}"#,
            &["error: nosuchpkg: no such package on the index (http://index.test/json/nosuchpkg/ returned 404 Not Found)"],
        ),
        (
            r#"{"install": ["beta==9"]}"#,
            &["error: beta: no version matches beta==9; the index has: 1.0, 2.0, 2.5, 3.0, 4.0rc1", "required by: your requirements -> beta"],
        ),
        (
            r#"{"install": ["conflict-a", "beta>=2"]}"#,
            &[
                "error: beta: conflicting requirements",
                "beta>=2  (required by: your requirements -> beta)",
                "beta<2  (required by: your requirements -> conflict-a 1.0 -> beta)",
            ],
        ),
        (
            r#"{"install": ["chain-top"]}"#,
            &[
                "error: binpkg: no pure-Python wheel (its wheels are for platforms: manylinux_2_17_x86_64, win_amd64, e.g. binpkg-1.0-cp313-cp313-",
                "sdists are not built",
                "required by: your requirements -> chain-top 1.0 -> chain-mid 2.0 -> binpkg",
            ],
        ),
        (
            r#"{"install": ["http://index.test/files/fake-1.0-py3-none-any.whl"]}"#,
            &["error: http://index.test/files/fake-1.0-py3-none-any.whl returned an HTML page (content-type text/html), not a wheel"],
        ),
        (
            r#"{"install": ["http://index.test/files/notzip-1.0-py3-none-any.whl"]}"#,
            &["error: http://index.test/files/notzip-1.0-py3-none-any.whl is not a wheel: its content is not a zip archive"],
        ),
        // beta's wheel is good and unpacked first into the staging directory: it goes too
        (
            r#"{"install": ["beta", "corrupt"]}"#,
            &["error: corrupt-1.0-py3-none-any.whl: corrupt wheel: corrupt/__init__.py does not match its hash in RECORD"],
        ),
        (r#"{"install": ["oldpy"]}"#, &["error: oldpy: no wheel for wasipy's Python: oldpy-1.0-py2-none-any.whl is for py2-none-any"]),
        (
            r#"{"install": ["http://index.test/files/newpy-1.0-cp312-none-any.whl"]}"#,
            &["error: newpy-1.0-cp312-none-any.whl: it is for another Python (cp312-none-any)"],
        ),
        (
            r#"{"install": ["http://index.test/files/missing-1.0-py3-none-any.whl"]}"#,
            &["error: could not fetch the wheel http://index.test/files/missing-1.0-py3-none-any.whl: HTTP status 404"],
        ),
        (
            r#"{"install": ["alpha"], "index": "offline"}"#,
            &["error: could not fetch the index page http://offline.test/simple/alpha/: TypeError: Failed to fetch (the network is offline)"],
        ),
        (
            r#"{"install": ["epsilon>=2"]}"#,
            &["error: epsilon 2.0 requires Python >=3.14; wasipy is Python 3.13.5", "required by: your requirements -> epsilon 2.0\n"],
        ),
        (
            r#"{"install": ["gamma<1"]}"#,
            &["error: gamma 1.0 is already installed, and gamma<1 asks for another version; a module already loaded cannot be replaced"],
        ),
        (
            r#"{"install": ["alpha"], "forgetful": true}"#,
            &["error: the fetch function gave no answer for http://index.test/json/alpha/"],
        ),
        (
            r##"{"install": [], "script": "# /// script\n# dependencies = [\n# ///\n"}"##,
            &["error: the snippet's `# /// script` block is not valid TOML"],
        ),
        (
            r##"{"install": [], "script": "# /// script\n# dependencies = \"gamma\"\n# ///\n"}"##,
            &["error: the snippet's `# /// script` block: `dependencies` must be a list of strings"],
        ),
        (
            r#"{"install": ["badhash"]}"#,
            &["error: badhash-1.0-py3-none-any.whl: sha256 mismatch: the index says 00000000000000000000000000000000"],
        ),
    ];
    let mut ops = vec![r#"{"install": ["gamma"]}"#];
    ops.extend(cases.iter().map(|(op, _)| *op));
    let out = fx.run(&ops);
    assert_eq!(installed(&out[0]), ["gamma 1.0 gamma-1.0-py3-none-any.whl"]);
    let before = target_files(&out[0]);
    for ((op, wanted), got) in cases.iter().zip(&out[1..]) {
        for w in *wanted {
            assert!(got.contains(w), "{op}: expected {w:?} in:\n{got}");
        }
        assert_eq!(lines(got, "error: ").len(), 1, "{op}: one error:\n{got}");
        assert!(installed(got).is_empty(), "{op}: {got}");
        assert_eq!(target_files(got), before, "{op}: the target changed");
        assert!(lines(got, "staging left: ").is_empty(), "{op}: {got}");
    }
    let badhash = out.last().unwrap();
    assert_has(badhash, &format!("the download has {}", fx.sha256_of("badhash-1.0-py3-none-any.whl")));
}
