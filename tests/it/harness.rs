//! The one harness of the integration tests: where the crate is, how the
//! real `coldroute` binary is run, where the shipped scenarios are, and
//! whether snapshots are to be rewritten. Every module uses these rather
//! than its own copy.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The crate's root: the working directory of every run.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The built binary, run from the crate's root.
pub fn coldroute() -> Command {
    let mut c = Command::cargo_bin("coldroute").expect("the coldroute binary is built");
    c.current_dir(root());
    c
}

/// Runs the binary with `args` and waits for it.
pub fn output(args: &[&str]) -> Output {
    coldroute().args(args).output().expect("coldroute runs")
}

/// The exit code (-1 when a signal ended the process).
pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

/// Standard output as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs the binary: exit code, standard output, standard error.
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = output(args);
    (code(&out), stdout(&out), stderr(&out))
}

/// Whether snapshots and committed schemas are to be rewritten
/// (`UPDATE_EXPECT=1 cargo test --test it`).
pub fn update_expect() -> bool {
    std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v == "1")
}

/// The shipped scenarios, `scenarios/*.toml` relative to the root, sorted.
pub fn shipped_scenarios() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("scenarios"))
        .expect("scenarios/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| Path::new("scenarios").join(p.file_name().expect("a file name")))
        .collect();
    v.sort();
    assert!(!v.is_empty(), "no shipped scenario found");
    v
}
