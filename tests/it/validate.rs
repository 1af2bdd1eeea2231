//! Integration tests of `coldroute validate`, driving the real binary.
//!
//! Every file in `tests/fixtures/broken/` is one realistic mistake, named
//! after it (see the README there). They all go through [`check`], which
//! runs `coldroute validate` on the fixture from the crate root, so that the
//! paths in messages are stable, and compares the exit code and the whole
//! stderr with the snapshot `NAME.stderr` beside the fixture.
//!
//! To accept new output, run
//!
//! ```text
//! UPDATE_EXPECT=1 cargo test --test it validate::
//! ```
//!
//! which rewrites the snapshots instead of comparing them (rust-analyzer's
//! expect-test style), then read the diff: every message must point at the
//! right line and column and say what to do.

use std::fs;
use std::path::PathBuf;
use std::process::Output;

use super::harness::{output as coldroute, root as crate_root, update_expect};

/// Fixtures, relative to the crate root.
const BROKEN_DIR: &str = "tests/fixtures/broken";
/// Shipped scenarios, relative to the crate root.
const SCENARIO_DIR: &str = "scenarios";
/// `coldroute`'s exit code for bad input or usage.
const EXIT_BAD_INPUT: i32 = 2;

/// The `.toml` files in `dir` (relative to the crate root), as
/// crate-relative paths with `/` separators, sorted.
fn toml_files(dir: &str) -> Vec<String> {
    let mut files: Vec<String> = fs::read_dir(crate_root().join(dir))
        .unwrap_or_else(|e| panic!("cannot list {dir}: {e}"))
        .map(|entry| entry.expect("directory entry").file_name())
        .filter_map(|name| name.to_str().map(str::to_owned))
        .filter(|name| name.ends_with(".toml"))
        .map(|name| format!("{dir}/{name}"))
        .collect();
    files.sort();
    files
}

/// The snapshot file of a fixture: `x.toml` -> `x.stderr`.
fn snapshot_path(fixture: &str) -> PathBuf {
    let stem = fixture.strip_suffix(".toml").unwrap_or(fixture);
    crate_root().join(format!("{stem}.stderr"))
}

/// Validates `fixture` (crate-relative) and compares the outcome with the
/// expected exit code and the stderr snapshot beside it. With
/// `UPDATE_EXPECT=1` the snapshot is rewritten instead. Returns a
/// description of every mismatch, so that one run lists them all.
fn check(fixture: &str, expected_code: i32) -> Result<(), String> {
    let out = coldroute(&["validate", fixture]);
    let stderr = String::from_utf8(out.stderr)
        .map_err(|e| format!("{fixture}: stderr is not UTF-8: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut problems = Vec::new();
    if out.status.code() != Some(expected_code) {
        problems.push(format!(
            "exit code {:?}, expected {expected_code}",
            out.status.code()
        ));
    }
    // One summary line per file on stdout; the detail is on stderr.
    let verdict = if expected_code == 0 { "ok" } else { "invalid" };
    if !stdout.starts_with(&format!("{fixture}: {verdict} (")) {
        problems.push(format!("unexpected stdout: {stdout:?}"));
    }
    let snapshot = snapshot_path(fixture);
    if update_expect() {
        fs::write(&snapshot, &stderr)
            .map_err(|e| format!("cannot write {}: {e}", snapshot.display()))?;
    } else {
        match fs::read_to_string(&snapshot) {
            Ok(expected) if expected == stderr => {}
            Ok(expected) => problems.push(format!(
                "stderr differs from {}\n--- expected\n{expected}--- actual\n{stderr}---",
                snapshot.display()
            )),
            Err(e) => problems.push(format!(
                "no snapshot {} ({e}); actual stderr:\n{stderr}",
                snapshot.display()
            )),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{fixture}: {}", problems.join("\n")))
    }
}

#[test]
fn broken_fixtures_fail_with_pinned_messages() {
    let fixtures = toml_files(BROKEN_DIR);
    assert!(
        fixtures.len() >= 32,
        "expected at least 32 fixtures, found {}",
        fixtures.len()
    );
    let failures: Vec<String> = fixtures
        .iter()
        .filter_map(|f| check(f, EXIT_BAD_INPUT).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} fixtures do not match (UPDATE_EXPECT=1 rewrites the snapshots):\n\n{}",
        failures.len(),
        fixtures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_snapshot_has_its_fixture() {
    let orphans: Vec<String> = fs::read_dir(crate_root().join(BROKEN_DIR))
        .expect("fixture directory")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|name| name.strip_suffix(".stderr").map(str::to_owned))
        .filter(|stem| {
            !crate_root()
                .join(BROKEN_DIR)
                .join(format!("{stem}.toml"))
                .exists()
        })
        .collect();
    assert!(
        orphans.is_empty(),
        "snapshots without a fixture, delete them: {orphans:?}"
    );
}

#[test]
fn multiple_problems_are_reported_at_once() {
    // The snapshot pins the text; this pins the count independently, so
    // that UPDATE_EXPECT cannot quietly accept a loader that stops early.
    let out = coldroute(&["validate", "tests/fixtures/broken/multiple-problems.toml"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(EXIT_BAD_INPUT));
    let n_errors = stderr.lines().filter(|l| l.starts_with("error: ")).count();
    assert_eq!(n_errors, 6, "{stderr}");
}

/// The first ```toml block after `marker` in the crate-relative file `doc`.
fn toml_block_after(doc: &str, marker: &str) -> String {
    let text = fs::read_to_string(crate_root().join(doc)).unwrap_or_else(|e| panic!("{doc}: {e}"));
    let after = &text[text
        .find(marker)
        .unwrap_or_else(|| panic!("{doc}: no `{marker}`"))..];
    let start = after
        .find("```toml\n")
        .unwrap_or_else(|| panic!("{doc}: no toml block"))
        + 8;
    let len = after[start..].find("```").expect("closed block");
    after[start..start + len].to_owned()
}

#[test]
fn documented_examples_are_valid() {
    for (doc, marker) in [
        ("docs/scenario-format.md", "<!-- complete-example"),
        ("tests/fixtures/broken/README.md", "## The base scenario"),
    ] {
        let text = toml_block_after(doc, marker);
        if let Err(diags) = coldroute::scenario::load(&text) {
            let shown: Vec<String> = diags.iter().map(|d| d.render(doc, &text)).collect();
            panic!("the example in {doc} is invalid:\n{}", shown.concat());
        }
    }
}

#[test]
fn shipped_scenarios_validate() {
    let scenarios = toml_files(SCENARIO_DIR);
    assert!(!scenarios.is_empty(), "no scenarios in {SCENARIO_DIR}/");
    for s in &scenarios {
        let out = coldroute(&["validate", s]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{s}:\n{stderr}");
        assert!(stderr.is_empty(), "{s}: unexpected stderr:\n{stderr}");
        assert!(stdout.starts_with(&format!("{s}: ok (")), "{s}: {stdout}");
    }
}

#[test]
fn all_files_are_checked_and_one_bad_file_fails_the_run() {
    let good = "scenarios/pek-sal-coronavac.toml";
    let bad = "tests/fixtures/broken/flight-to-itself.toml";
    let out = coldroute(&["validate", bad, good]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(EXIT_BAD_INPUT));
    assert!(stdout.contains(&format!("{bad}: invalid (")), "{stdout}");
    assert!(stdout.contains(&format!("{good}: ok (")), "{stdout}");
}

#[test]
fn missing_file_is_bad_input_with_the_path_in_the_message() {
    let missing = "tests/fixtures/broken/no-such-scenario.toml";
    let out = coldroute(&["validate", missing]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(EXIT_BAD_INPUT), "{stderr}");
    // The rest of the line is the operating system's wording.
    assert!(
        stderr.starts_with(&format!("error: cannot read `{missing}`: ")),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn no_arguments_is_a_usage_error() {
    for args in [&[][..], &["validate"][..]] {
        let out = coldroute(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(EXIT_BAD_INPUT),
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains("Usage: coldroute"), "{args:?}: {stderr}");
    }
}

/// Runs `coldroute validate` on `text` written to a temporary file.
fn validate_text(text: &[u8]) -> (Output, String) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("big.toml");
    fs::write(&path, text).expect("write the scenario");
    let p = path.to_str().expect("UTF-8 path").to_string();
    (coldroute(&["validate", &p]), p)
}

#[test]
fn thousands_of_problems_show_the_first_fifty_and_a_count() {
    // 4,000 roads between unknown hubs: 8,000 problems. Each one is
    // located from one line index (this used to be quadratic).
    let mut text = fs::read_to_string(crate_root().join("scenarios/pek-sal-coronavac.toml"))
        .expect("shipped scenario");
    for i in 0..4000 {
        text += &format!("\n[[road]]\nfrom = \"NOPE{i}\"\nto = \"NADA{i}\"\nduration = \"1h\"\n");
    }
    let (out, path) = validate_text(text.as_bytes());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(EXIT_BAD_INPUT));
    assert_eq!(stderr.matches("error: ").count(), 50, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "... and 7950 more problems in {path} (the first 50 are shown)"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{path}: 8000 problems")),
        "{stderr}"
    );
}

#[test]
fn a_very_long_unknown_zone_is_refused_without_a_guess() {
    // "Did you mean" compares only names of about the same length.
    let text = fs::read_to_string(crate_root().join("scenarios/pek-sal-coronavac.toml"))
        .expect("shipped scenario");
    let long = "Europe/".to_string() + &"X".repeat(200_000);
    let text = text.replacen(
        "[[hub]]\n",
        &format!("[[hub]]\ncode = \"ZZZ\"\nposition = [1, 1]\ntimezone = \"{long}\"\nclimate_like = \"PEK\"\n\n[[hub]]\n"),
        1,
    );
    let (out, _) = validate_text(text.as_bytes());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(EXIT_BAD_INPUT),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    assert!(
        stderr.contains("is not an IANA time zone"),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    assert!(!stderr.contains("did you mean"));
}

#[test]
fn a_file_that_is_not_utf8_is_located_by_line_and_column() {
    let mut bytes = b"[scenario]\nname = \"caf".to_vec();
    bytes.push(0xE9); // Latin-1 e-acute
    bytes.extend_from_slice(b"\"\n");
    let (out, path) = validate_text(&bytes);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(EXIT_BAD_INPUT), "{stderr}");
    assert!(
        stderr.contains(&format!("{path}:2:12: not UTF-8 text (byte 0xE9)")),
        "{stderr}"
    );
}

#[test]
fn generate_refuses_sizes_it_cannot_build() {
    for args in [
        &["generate", "--flights-per-week", "18446744073709551615"][..],
        &["generate", "--hubs", "1"][..],
        &["generate", "--hubs", "100000"][..],
        &["generate", "--shipments", "100000000"][..],
    ] {
        let out = coldroute(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(EXIT_BAD_INPUT),
            "{args:?}: {stderr}"
        );
        assert!(stderr.starts_with("error: --"), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn implausible_values_are_warnings_and_deny_warnings_makes_them_fail() {
    let f = "tests/fixtures/plausible/three-warnings.toml";
    let out = coldroute(&["validate", f]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr.matches("warning: ").count(), 3, "{stderr}");
    assert!(stderr.contains(&format!("--> {f}:22:1")), "{stderr}");
    assert!(
        stderr.contains("latitude and longitude look swapped: position is [latitude, longitude], so perhaps [13.69, -89.22]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("flight `LAX-SAL-1` covers 3734 km in 1h 10m"),
        "{stderr}"
    );
    assert!(
        stderr.contains("road `SAL-SAL-CVS` covers 11521 km in 40m"),
        "{stderr}"
    );
    assert!(stdout.ends_with("1 shipments); 3 warnings\n"), "{stdout}");
    let out = coldroute(&["validate", "--deny-warnings", f]);
    assert_eq!(out.status.code(), Some(EXIT_BAD_INPUT));
    assert!(String::from_utf8_lossy(&out.stdout).contains(": invalid ("));
    // The shipped scenarios are plausible.
    for f in toml_files(SCENARIO_DIR) {
        let out = coldroute(&["validate", "--deny-warnings", &f]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{f}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn validate_takes_directories_and_exclude_globs() {
    let out = coldroute(&["validate", "scenarios/", "--exclude", "lgg-*"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout.lines().count(),
        toml_files(SCENARIO_DIR).len() - 1,
        "{stdout}"
    );
    assert!(!stdout.contains("lgg-ultracold"), "{stdout}");
    // Excluding everything leaves a directory without scenarios.
    let out = coldroute(&["validate", "scenarios", "--exclude", "**"]);
    assert_eq!(out.status.code(), Some(EXIT_BAD_INPUT));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no scenario files"));
}

#[test]
fn completions_man_page_and_long_help() {
    for shell in ["bash", "zsh", "fish"] {
        let out = coldroute(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("coldroute"),
            "{shell}"
        );
    }
    let out = coldroute(&["man"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with(".ie"));
    let out = coldroute(&["--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("Exit codes:") && help.contains("Examples:"),
        "{help}"
    );
    let out = coldroute(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(EXIT_BAD_INPUT));
}

#[test]
fn quiet_verbose_and_colour() {
    let stdout = |o: &std::process::Output| String::from_utf8_lossy(&o.stdout).to_string();
    let stderr = |o: &std::process::Output| String::from_utf8_lossy(&o.stderr).to_string();
    let plan = "scenarios/szx-add-los.toml";
    // Colour: only when asked (the test's stdout is no terminal, so `auto`
    // is off), never in JSON.
    let o = coldroute(&["plan", plan, "--color", "always"]);
    assert!(
        stdout(&o).contains("verdict: \x1b[1;32mPASS\x1b[0m"),
        "{}",
        stdout(&o)
    );
    for args in [
        vec!["plan", plan],
        vec!["plan", plan, "--color", "never"],
        vec!["plan", plan, "--json", "--color", "always"],
    ] {
        let o = coldroute(&args);
        assert!(!stdout(&o).contains('\x1b'), "{args:?}");
    }
    let o = coldroute(&["validate", "no-such.toml", "--color=always"]);
    assert!(
        stderr(&o).starts_with("\x1b[1;31merror\x1b[0m: "),
        "{}",
        stderr(&o)
    );
    // -v: the search's counters and time on stderr; stdout unchanged.
    let v = coldroute(&["-v", "plan", plan]);
    let quiet_plan = coldroute(&["plan", plan]);
    assert!(
        stderr(&v).contains("NG-0707: ") && stderr(&v).contains(" labels ("),
        "{}",
        stderr(&v)
    );
    assert!(
        stderr(&v).contains("planned 1 shipment(s) in "),
        "{}",
        stderr(&v)
    );
    assert_eq!(stdout(&v), stdout(&quiet_plan));
    assert_eq!(stderr(&quiet_plan), "");
    // -q: warnings go, unless denied (then they are errors); errors stay.
    let w = "tests/fixtures/plausible/three-warnings.toml";
    let o = coldroute(&["validate", "-q", w]);
    assert_eq!((o.status.code(), stderr(&o).as_str()), (Some(0), ""));
    let o = coldroute(&["validate", "-q", "--deny-warnings", w]);
    assert_eq!(o.status.code(), Some(EXIT_BAD_INPUT));
    assert!(stderr(&o).contains("warning: "), "{}", stderr(&o));
    let o = coldroute(&["validate", "-q", "no-such.toml"]);
    assert!(stderr(&o).starts_with("error: "), "{}", stderr(&o));
    // -q and -v together are a usage error.
    assert_eq!(
        coldroute(&["-q", "-v", "plan", plan]).status.code(),
        Some(EXIT_BAD_INPUT)
    );
}
