//! `coldroute check --json`: schema `coldroute.check/2` (docs/ci.md).

use schemars::JsonSchema;
use serde::Serialize;

use crate::sla::ci::{FileOutcome, FileResult, ShipmentOutcome, Summary, Verdict};
use crate::sla::Criterion;

use super::Instant;

/// The schema name and version of [`CheckDocument`].
pub const SCHEMA: &str = "coldroute.check/2";

/// The SLA verdicts of every shipment of every file checked.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct CheckDocument {
    /// `coldroute.check/2`.
    #[schemars(extend("const" = "coldroute.check/2"))]
    pub schema: &'static str,
    /// Shipments that meet their SLA.
    pub passed: usize,
    /// Shipments that do not (or have no plan).
    pub failed: usize,
    /// Files that did not load.
    pub invalid_files: usize,
    /// Per file, in the order checked.
    pub files: Vec<FileEntry>,
}

/// One scenario file.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct FileEntry {
    /// The path as found.
    pub path: String,
    /// The file loaded and validated.
    pub valid: bool,
    /// Its shipments (empty when invalid).
    pub shipments: Vec<ShipmentEntry>,
    /// Why it did not load (empty when valid).
    pub problems: Vec<ProblemEntry>,
}

/// A problem that kept a file from loading.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct ProblemEntry {
    /// 1-based line, `null` when the problem has no place in the file.
    pub line: Option<usize>,
    /// 1-based column in characters.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

/// One shipment's verdict.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct ShipmentEntry {
    /// The shipment id.
    pub id: String,
    /// 1-based line of its declaration.
    pub line: usize,
    /// 1-based column of its declaration.
    pub column: usize,
    /// It meets every SLA limit.
    pub pass: bool,
    /// The criteria that fail, in order, without repeats (`itinerary` when
    /// the plan could not be verified).
    pub failed: Vec<&'static str>,
    /// Some itinerary keeps the product within its limits.
    pub feasible: bool,
    /// The planner's own verdict (`null` without a checked plan).
    pub planner_meets_sla: Option<bool>,
    /// The criteria of the re-simulated recommended plan.
    pub criteria: Vec<CriterionEntry>,
    /// Without a feasible plan: why each itinerary was dropped.
    pub reasons: Vec<ReasonEntry>,
    /// The planner's plan was not a possible journey (a planner bug).
    pub error: Option<String>,
    /// The limits that cut the search (the leg limit, the label budget), as
    /// sentences: a better plan may exist than the one checked, or one
    /// where none was found. Empty when the search was complete.
    pub incomplete: Vec<String>,
    /// The verdict in one line, for people.
    pub message: String,
}

/// A criterion's figure or limit.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Figure {
    /// A yes/no criterion (`freeze`).
    Flag(bool),
    /// Seconds (`transit`, `margin`, `excursion`).
    Seconds(i64),
    /// A share, 0 to 1 (`stability`).
    Fraction(f64),
}

/// Whether a limit is an upper or a lower bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// The figure must not exceed the limit.
    Max,
    /// The figure must reach the limit.
    Min,
}

/// The unit of a criterion's figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Seconds.
    S,
    /// A share, 0 to 1.
    Fraction,
    /// A yes/no flag.
    Flag,
}

/// One SLA criterion of a checked plan.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct CriterionEntry {
    /// `transit`, `margin`, `excursion`, `stability` or `freeze`.
    pub name: &'static str,
    /// The plan's figure; `null` when unlimited (a margin that holds
    /// indefinitely).
    pub value: Option<Figure>,
    /// The limit.
    pub limit: Option<Figure>,
    /// The unit of `value` and `limit`.
    pub unit: Unit,
    /// Whether `limit` is a maximum or a minimum.
    pub bound: Bound,
    /// The figure is within the limit.
    pub pass: bool,
    /// Figure and limit for people.
    pub text: String,
}

/// Why an itinerary was dropped, when nothing is feasible.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct ReasonEntry {
    /// The criterion it breaks.
    pub criterion: &'static str,
    /// Its flight and road services, in order.
    pub services: Vec<String>,
    /// What went wrong and where.
    pub reason: String,
    /// The earliest delivery it could have reached.
    pub earliest_arrival_utc: Instant,
}

/// Seconds as a whole number, `None` when infinite (an unlimited margin).
fn whole_seconds(x: f64) -> Option<Figure> {
    x.is_finite().then(|| Figure::Seconds(x.round() as i64))
}

fn criterion(c: &Criterion) -> CriterionEntry {
    let (value, limit, unit) = match c.name {
        "stability" => (
            Some(Figure::Fraction(c.value)),
            Some(Figure::Fraction(c.limit)),
            Unit::Fraction,
        ),
        "freeze" => (
            Some(Figure::Flag(c.value != 0.0)),
            Some(Figure::Flag(false)),
            Unit::Flag,
        ),
        _ => (whole_seconds(c.value), whole_seconds(c.limit), Unit::S),
    };
    CriterionEntry {
        name: c.name,
        value,
        limit,
        unit,
        bound: if c.is_max { Bound::Max } else { Bound::Min },
        pass: c.pass,
        text: c.text.clone(),
    }
}

fn shipment(sh: &ShipmentOutcome) -> ShipmentEntry {
    let mut entry = ShipmentEntry {
        id: sh.id.clone(),
        line: sh.line,
        column: sh.col,
        pass: sh.pass(),
        failed: sh.failed_criteria(),
        feasible: true,
        planner_meets_sla: None,
        criteria: Vec::new(),
        reasons: Vec::new(),
        error: None,
        incomplete: sh.incomplete.iter().map(|c| c.message.clone()).collect(),
        message: sh.one_line(),
    };
    match &sh.verdict {
        Verdict::Checked {
            criteria,
            planner_meets_sla,
        } => {
            entry.planner_meets_sla = Some(*planner_meets_sla);
            entry.criteria = criteria.iter().map(criterion).collect();
        }
        Verdict::NoPlan { reasons, .. } => {
            entry.feasible = false;
            entry.reasons = reasons
                .iter()
                .map(|r| ReasonEntry {
                    criterion: r.criterion,
                    services: r.services.clone(),
                    reason: r.text.clone(),
                    earliest_arrival_utc: Instant(r.earliest_arrival_utc.clone()),
                })
                .collect();
        }
        Verdict::Unverified { error } => entry.error = Some(error.clone()),
    }
    entry
}

impl CheckDocument {
    /// The whole check.
    pub fn new(files: &[FileOutcome]) -> CheckDocument {
        let sum = Summary::of(files);
        CheckDocument {
            schema: SCHEMA,
            passed: sum.passed,
            failed: sum.failed,
            invalid_files: sum.invalid_files,
            files: files
                .iter()
                .map(|f| match &f.result {
                    FileResult::Checked(shipments) => FileEntry {
                        path: f.path.clone(),
                        valid: true,
                        shipments: shipments.iter().map(shipment).collect(),
                        problems: Vec::new(),
                    },
                    FileResult::Invalid(problems) => FileEntry {
                        path: f.path.clone(),
                        valid: false,
                        shipments: Vec::new(),
                        problems: problems
                            .iter()
                            .map(|p| ProblemEntry {
                                line: p.line_col.map(|(l, _)| l),
                                column: p.line_col.map(|(_, c)| c),
                                message: p.message.clone(),
                                help: p.help.clone(),
                            })
                            .collect(),
                    },
                })
                .collect(),
        }
    }
}
