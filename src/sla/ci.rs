//! SLA verdicts of many shipments, and their renderings for CI pipelines:
//! text lines, JUnit XML and GitHub Actions annotations (the JSON is
//! `document::check`, schema `coldroute.check/2`, docs/ci.md).
//!
//! The types are plain data. The caller (the `check` command) plans each
//! shipment, runs [`super::check_sla`] on the recommended plan and fills in
//! a [`ShipmentOutcome`]; a file that does not load becomes a list of
//! [`Problem`]s. Nothing here calls the planner, reads files or knows exit
//! codes, and the same outcomes always render to the same bytes (no clocks:
//! the JUnit report carries no timestamps or durations).
//!
//! ```
//! use coldroute::sla::ci::{escape_data, escape_property};
//! assert_eq!(escape_data("50% of 2h\nleft"), "50%25 of 2h%0Aleft");
//! assert_eq!(escape_property("a.toml: SV-1, SV-2"), "a.toml%3A SV-1%2C SV-2");
//! ```

use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::Criterion;
use crate::scenario::{Diagnostic, LineIndex};

/// One reason the planner gave for dropping an itinerary, when no
/// itinerary was feasible at all.
#[derive(Clone, Debug, PartialEq)]
pub struct Reason {
    /// The criterion it breaks: `transit` (the deadline), `excursion`,
    /// `stability` or `freeze`.
    pub criterion: &'static str,
    /// The flight and road services of the dropped itinerary, in order.
    pub services: Vec<String>,
    /// What went wrong and where, e.g. `payload reaches -3.4 C on the ANC
    /// apron at 04:26 local (freeze limit -0.5 C)`.
    pub text: String,
    /// The earliest delivery it could have reached, RFC 3339 UTC
    /// (`2021-03-29T06:35:12Z`).
    pub earliest_arrival_utc: String,
}

/// What checking one shipment found.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// The recommended plan was verified and re-simulated: every criterion
    /// with its figure and limit ([`super::SlaReport::criteria`]).
    Checked {
        /// The criteria, in `check_sla`'s order.
        criteria: Vec<Criterion>,
        /// Whether the planner's own figures said the plan meets the SLA.
        /// Only reported when it disagrees with the re-simulation.
        planner_meets_sla: bool,
    },
    /// No plan was found, even with only the product's own limits: no
    /// itinerary is feasible, or a limit cut the search before one was.
    NoPlan {
        /// Why, in one sentence, naming any limit that cut the search
        /// (`no itinerary within 6 legs; ... raise --max-legs`), or `no
        /// feasible plan` when `reasons` say it.
        why: String,
        /// The planner's reasons, earliest possible delivery first.
        reasons: Vec<Reason>,
    },
    /// The planner's plan is not a possible journey
    /// ([`super::verify_itinerary`] refused it): a planner bug, reported
    /// as a failure.
    Unverified {
        /// Why the itinerary is impossible.
        error: String,
    },
}

/// One shipment's verdict and where the shipment is declared.
#[derive(Clone, Debug, PartialEq)]
pub struct ShipmentOutcome {
    /// The shipment id.
    pub id: String,
    /// 1-based line of the shipment's declaration.
    pub line: usize,
    /// 1-based column (in characters) of the declaration.
    pub col: usize,
    /// What the check found.
    pub verdict: Verdict,
    /// The limits that cut the search for its plans (the leg limit, the
    /// label budget): a better plan than the one checked, or one where
    /// none was found, may exist.
    pub incomplete: Vec<LimitCut>,
}

/// A limit that cut a shipment's search.
#[derive(Clone, Debug, PartialEq)]
pub struct LimitCut {
    /// The limit, as the failed criterion names it: `max_legs` or
    /// `label_budget`.
    pub limit: &'static str,
    /// What it means and what to do (`the search stopped at 6 legs ...:
    /// raise --max-legs`).
    pub message: String,
}

impl ShipmentOutcome {
    /// Whether the shipment meets every SLA limit.
    pub fn pass(&self) -> bool {
        match &self.verdict {
            Verdict::Checked { criteria, .. } => criteria.iter().all(|c| c.pass),
            Verdict::NoPlan { .. } | Verdict::Unverified { .. } => false,
        }
    }

    /// The names of the criteria that fail, in order, without repeats.
    pub fn failed_criteria(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = match &self.verdict {
            Verdict::Checked { criteria, .. } => criteria
                .iter()
                .filter(|c| !c.pass)
                .map(|c| c.name)
                .collect(),
            // A limit that cut a search with no plan is the failure; the
            // reasons of a cut search may not be why nothing was found.
            Verdict::NoPlan { .. } if !self.incomplete.is_empty() => {
                self.incomplete.iter().map(|c| c.limit).collect()
            }
            Verdict::NoPlan { reasons, .. } => reasons.iter().map(|r| r.criterion).collect(),
            Verdict::Unverified { .. } => vec!["itinerary"],
        };
        let mut seen = std::collections::BTreeSet::new();
        names.retain(|n| seen.insert(*n));
        names
    }

    /// The figures, one entry per criterion or reason, for people.
    pub fn details(&self) -> Vec<String> {
        match &self.verdict {
            Verdict::Checked {
                criteria,
                planner_meets_sla,
            } => {
                let mut out: Vec<String> = criteria
                    .iter()
                    .map(|c| format!("{} {}", c.name, c.text))
                    .collect();
                let pass = criteria.iter().all(|c| c.pass);
                if *planner_meets_sla != pass {
                    out.push(format!(
                        "the planner's own figures disagree: it reported the SLA as {}",
                        if *planner_meets_sla { "met" } else { "missed" }
                    ));
                }
                out.extend(
                    self.incomplete
                        .iter()
                        .map(|c| format!("incomplete search: {}", c.message)),
                );
                out
            }
            Verdict::NoPlan { why, reasons } => {
                let mut out = vec![why.clone()];
                out.extend(reasons.iter().map(|r| {
                    format!(
                        "{}: {}, itinerary {}",
                        r.criterion,
                        r.text,
                        r.services.join(", ")
                    )
                }));
                out
            }
            Verdict::Unverified { error } => {
                vec![format!(
                    "the planner's plan is not a possible journey: {error}"
                )]
            }
        }
    }

    /// The figures on one line: `transit 21h 10m > max 19h 00m; margin ...`.
    pub fn one_line(&self) -> String {
        let details = self.details();
        match (&self.verdict, details.split_first()) {
            (Verdict::NoPlan { reasons, .. }, Some((head, rest))) if !reasons.is_empty() => {
                format!("{head}: {}", rest.join("; "))
            }
            _ => details.join("; "),
        }
    }
}

/// A problem that keeps a file from being checked: a diagnostic of the
/// scenario loader, or a file that cannot be read.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// 1-based line and column, when the problem has a place in the file.
    pub line_col: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// The full report for people (with the caret excerpt for diagnostics).
    pub rendered: String,
}

impl Problem {
    /// A loader diagnostic in the file `path` whose text is `source`.
    /// `index` is the source's line index (made once for all its problems).
    pub fn from_diagnostic(d: &Diagnostic, path: &str, source: &str, index: &LineIndex) -> Problem {
        Problem {
            line_col: Some(index.line_col(source, d.span.start)),
            message: d.message.clone(),
            help: d.help.clone(),
            rendered: d.render_indexed(path, source, index),
        }
    }

    /// A problem with no place in the file, e.g. one that cannot be read.
    pub fn unlocated(message: impl Into<String>) -> Problem {
        let message = message.into();
        Problem {
            line_col: None,
            rendered: format!("error: {message}\n"),
            message,
            help: None,
        }
    }
}

/// What happened to one input file.
#[derive(Clone, Debug, PartialEq)]
pub enum FileResult {
    /// The scenario loaded; one outcome per shipment, in file order.
    Checked(Vec<ShipmentOutcome>),
    /// The scenario did not load (or could not be read): every problem.
    Invalid(Vec<Problem>),
}

/// One input file and what checking it found.
#[derive(Clone, Debug, PartialEq)]
pub struct FileOutcome {
    /// The path as given or found, with `/` separators.
    pub path: String,
    /// The shipments' verdicts, or why there are none.
    pub result: FileResult,
}

/// Counts over all files.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Shipments that meet their SLA.
    pub passed: usize,
    /// Shipments that do not (or have no plan).
    pub failed: usize,
    /// Files that could not be checked.
    pub invalid_files: usize,
}

impl Summary {
    /// Counts the outcomes of `files`.
    pub fn of(files: &[FileOutcome]) -> Summary {
        let mut sum = Summary::default();
        for f in files {
            match &f.result {
                FileResult::Checked(shipments) => {
                    for sh in shipments {
                        if sh.pass() {
                            sum.passed += 1;
                        } else {
                            sum.failed += 1;
                        }
                    }
                }
                FileResult::Invalid(_) => sum.invalid_files += 1,
            }
        }
        sum
    }

    /// `N passed, M failed` and `, K invalid files` when there are any.
    pub fn line(&self) -> String {
        let mut s = format!("{} passed, {} failed", self.passed, self.failed);
        if self.invalid_files > 0 {
            s.push_str(&format!(
                ", {} invalid file{}",
                self.invalid_files,
                if self.invalid_files == 1 { "" } else { "s" }
            ));
        }
        s
    }
}

/// Writes one line per shipment (`PASS  path:line  ID  figures`), or one
/// `ERROR path:line:col  message` line for a file that did not load.
pub fn write_text(w: &mut dyn Write, file: &FileOutcome) -> io::Result<()> {
    match &file.result {
        FileResult::Checked(shipments) => {
            for sh in shipments {
                writeln!(
                    w,
                    "{}  {}:{}  {}  {}",
                    if sh.pass() { "PASS" } else { "FAIL" },
                    file.path,
                    sh.line,
                    sh.id,
                    sh.one_line()
                )?;
            }
            Ok(())
        }
        FileResult::Invalid(problems) => {
            let first = problems.first();
            let place = first
                .and_then(|p| p.line_col)
                .map(|(l, c)| format!(":{l}:{c}"))
                .unwrap_or_default();
            let message = first.map_or("invalid scenario", |p| p.message.as_str());
            let more = match problems.len() {
                0 | 1 => String::new(),
                2 => " (and 1 more problem)".to_string(),
                n => format!(" (and {} more problems)", n - 1),
            };
            writeln!(w, "ERROR {}{place}  {message}{more}", file.path)
        }
    }
}

/// Escapes the message of a GitHub Actions workflow command: `%`, `\r`
/// and `\n` (actions/toolkit `escapeData`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a GitHub Actions workflow command (`file`,
/// `title`): as [`escape_data`], and also `:` and `,` (actions/toolkit
/// `escapeProperty`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn annotation(
    w: &mut dyn Write,
    path: &str,
    place: Option<(usize, usize)>,
    title: &str,
    message: &str,
) -> io::Result<()> {
    let place = place
        .map(|(l, c)| format!(",line={l},col={c}"))
        .unwrap_or_default();
    writeln!(
        w,
        "::error file={}{place},title={}::{}",
        escape_property(path),
        escape_property(title),
        escape_data(message)
    )
}

/// Writes a GitHub Actions `::error` annotation for each failing shipment
/// (at its declaration) and for each problem of a file that did not load
/// (at the problem). Passing shipments get none.
pub fn write_github(w: &mut dyn Write, file: &FileOutcome) -> io::Result<()> {
    match &file.result {
        FileResult::Checked(shipments) => {
            for sh in shipments.iter().filter(|sh| !sh.pass()) {
                let what = match sh.verdict {
                    Verdict::NoPlan { .. } if !sh.incomplete.is_empty() => {
                        "has no plan within its limits"
                    }
                    Verdict::NoPlan { .. } => "no feasible plan",
                    _ => "fails its SLA",
                };
                let title = format!("{} {what} ({})", sh.id, sh.failed_criteria().join(", "));
                annotation(
                    w,
                    &file.path,
                    Some((sh.line, sh.col)),
                    &title,
                    &sh.details().join("\n"),
                )?;
            }
            Ok(())
        }
        FileResult::Invalid(problems) => {
            for p in problems {
                let message = match &p.help {
                    Some(h) => format!("{}\nhelp: {h}", p.message),
                    None => p.message.clone(),
                };
                annotation(w, &file.path, p.line_col, "invalid scenario", &message)?;
            }
            Ok(())
        }
    }
}

/// The JUnit XML report: one test suite per file (named by its path), one
/// test case per shipment (named by its id, class name the path). A
/// failing shipment's `<failure>` carries the figures on one line as its
/// message, the failed criteria as its type and one figure per line as its
/// text. A file that did not load is one test case with an `<error>`.
pub fn to_junit(files: &[FileOutcome]) -> String {
    let mut report = Report::new("coldroute check");
    for file in files {
        let mut suite = TestSuite::new(file.path.as_str());
        match &file.result {
            FileResult::Checked(shipments) => {
                for sh in shipments {
                    let status = if sh.pass() {
                        TestCaseStatus::success()
                    } else {
                        let mut st = TestCaseStatus::non_success(NonSuccessKind::Failure);
                        st.set_message(sh.one_line())
                            .set_type(sh.failed_criteria().join(","))
                            .set_description(sh.details().join("\n"));
                        st
                    };
                    let mut case = TestCase::new(sh.id.as_str(), status);
                    case.set_classname(file.path.as_str());
                    if sh.pass() {
                        case.set_system_out(sh.details().join("\n"));
                    }
                    suite.add_test_case(case);
                }
            }
            FileResult::Invalid(problems) => {
                let mut st = TestCaseStatus::non_success(NonSuccessKind::Error);
                let first = problems.first().map_or("", |p| p.message.as_str());
                let n = problems.len();
                st.set_message(format!(
                    "invalid scenario: {n} problem{}: {first}",
                    if n == 1 { "" } else { "s" }
                ))
                .set_type("invalid scenario")
                .set_description(
                    problems
                        .iter()
                        .map(|p| p.rendered.as_str())
                        .collect::<String>(),
                );
                let mut case = TestCase::new("scenario", st);
                case.set_classname(file.path.as_str());
                suite.add_test_case(case);
            }
        }
        report.add_test_suite(suite);
    }
    // Serialising plain strings into memory cannot fail; keep the report
    // well-formed even if the library ever says otherwise.
    let mut xml = report
        .to_string()
        .unwrap_or_else(|e| format!("<!-- cannot serialise the report: {e} -->"));
    if !xml.ends_with('\n') {
        xml.push('\n');
    }
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    fn criterion(name: &'static str, pass: bool, text: &str) -> Criterion {
        Criterion {
            name,
            value: 1.0,
            limit: 2.0,
            is_max: true,
            pass,
            text: text.to_string(),
        }
    }

    fn file(id: &str, criteria: Vec<Criterion>) -> FileOutcome {
        FileOutcome {
            path: "dir, with: comma/x.toml".into(),
            result: FileResult::Checked(vec![ShipmentOutcome {
                id: id.into(),
                line: 7,
                col: 1,
                verdict: Verdict::Checked {
                    criteria,
                    planner_meets_sla: false,
                },
                incomplete: Vec::new(),
            }]),
        }
    }

    #[test]
    fn escapes_follow_the_actions_toolkit() {
        assert_eq!(escape_data("a%b\r\nc:d,e"), "a%25b%0D%0Ac:d,e");
        assert_eq!(escape_property("a%b\r\nc:d,e"), "a%25b%0D%0Ac%3Ad%2Ce");
        // `%` goes first, so an escape is never escaped twice.
        assert_eq!(escape_property("%3A"), "%253A");
    }

    #[test]
    fn github_annotation_of_a_failure_is_one_escaped_line() {
        let f = file(
            "SV-1, part: 2",
            vec![
                criterion("transit", false, "21h 10m > max 19h 00m"),
                criterion("stability", true, "0.5 % <= max 2 %"),
            ],
        );
        let mut out = Vec::new();
        write_github(&mut out, &f).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(
            out,
            "::error file=dir%2C with%3A comma/x.toml,line=7,col=1,\
             title=SV-1%2C part%3A 2 fails its SLA (transit)::\
             transit 21h 10m > max 19h 00m%0Astability 0.5 %25 <= max 2 %25\n"
        );
    }

    #[test]
    fn summary_counts_and_pluralises() {
        let pass = file("A", vec![criterion("transit", true, "1h <= max 2h")]);
        let fail = file("B", vec![criterion("transit", false, "3h > max 2h")]);
        let bad = FileOutcome {
            path: "bad.toml".into(),
            result: FileResult::Invalid(vec![Problem::unlocated("cannot read `bad.toml`")]),
        };
        let sum = Summary::of(&[pass.clone(), fail, bad.clone()]);
        assert_eq!(sum.line(), "1 passed, 1 failed, 1 invalid file");
        assert_eq!(Summary::of(&[pass]).line(), "1 passed, 0 failed");
        let mut out = Vec::new();
        write_text(&mut out, &bad).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "ERROR bad.toml  cannot read `bad.toml`\n"
        );
    }

    #[test]
    fn junit_has_no_clock_and_counts_failures() {
        let fail = file("B", vec![criterion("transit", false, "3h > max 2h")]);
        let xml = to_junit(&[fail]);
        assert!(
            !xml.contains("timestamp") && !xml.contains("time="),
            "{xml}"
        );
        assert!(
            xml.contains(r#"tests="1" failures="1" errors="0""#),
            "{xml}"
        );
        assert!(
            xml.contains(r#"<failure message="transit 3h &gt; max 2h" type="transit""#),
            "{xml}"
        );
    }
}
