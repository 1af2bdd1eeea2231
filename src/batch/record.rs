//! The record of one row: JSON (schema `coldroute.batch/1`, one a line)
//! and a line of the summary CSV.
//!
//! Instants are RFC 3339 in UTC with seconds (`2021-03-29T06:35:12Z`),
//! durations integer seconds; a margin of `null` means the product stays
//! in range indefinitely.

use schemars::JsonSchema;
use serde::Serialize;

use crate::units::Secs;

/// The schema name every record carries.
pub const SCHEMA: &str = "coldroute.batch/1";

/// The summary CSV's header line.
pub const SUMMARY_HEADER: &str =
    "row,id,verdict,arrival_utc,transit_s,margin_s,first_failing,error";

/// What became of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum BatchVerdict {
    /// The recommended plan meets the SLA.
    Pass,
    /// The best plan found misses the SLA (`first_failing` says where).
    Fail,
    /// No itinerary reaches the destination within the product's limits
    /// and the planning horizon.
    NoPlan,
    /// The row could not be read or resolved (`error` says why).
    Error,
}

impl BatchVerdict {
    fn name(self) -> &'static str {
        match self {
            BatchVerdict::Pass => "pass",
            BatchVerdict::Fail => "fail",
            BatchVerdict::NoPlan => "no-plan",
            BatchVerdict::Error => "error",
        }
    }
}

/// A UTC instant, written as RFC 3339 with seconds
/// (`2021-03-29T06:35:12Z`); kept as seconds so that a cached answer
/// holds 8 bytes, not a string, per instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UtcInstant(pub Secs);

impl std::fmt::Display for UtcInstant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&rfc3339(self.0))
    }
}

impl JsonSchema for UtcInstant {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "UtcInstant".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date-time",
            "description": "RFC 3339 in UTC with seconds, e.g. 2021-03-29T06:35:12Z",
        })
    }
}

impl Serialize for UtcInstant {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.collect_str(self)
    }
}

/// One leg of a recommended plan.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct LegSummary {
    /// `flight`, `road` or `ride`.
    pub kind: &'static str,
    /// `flight XC901 PEK-SAL`.
    pub label: String,
    /// Departure.
    pub start_utc: UtcInstant,
    /// Arrival.
    pub end_utc: UtcInstant,
}

/// The recommended plan of a query, as a record shows it (shared by every
/// row with the same query).
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct PlanSummary {
    /// Pass, fail or no plan (the record's `verdict`).
    #[serde(skip)]
    pub verdict: BatchVerdict,
    /// Origin hub code.
    pub from: String,
    /// Destination hub code.
    pub to: String,
    /// Ready instant.
    pub ready_utc: UtcInstant,
    /// Delivered (end of delivery handling).
    pub arrival_utc: Option<UtcInstant>,
    /// Door to door, s.
    pub transit_s: Option<i64>,
    /// Thermal margin on delivery, s; `null` with a plan: indefinitely.
    pub margin_s: Option<i64>,
    /// Time out of the product range, s.
    pub out_of_range_s: Option<f64>,
    /// Stability budget used, fraction.
    pub stability_used: Option<f64>,
    /// Sum of leg costs.
    pub cost: Option<f64>,
    /// The first SLA criterion the plan misses: `transit`, `margin`,
    /// `excursion`, `stability`, `freeze`; `null` when it passes.
    pub first_failing: Option<&'static str>,
    /// The legs.
    pub legs: Vec<LegSummary>,
    /// Limits that cut the search (`legs`, `label budget`), as sentences.
    pub incomplete: Vec<String>,
    /// Why there is no plan (verdict `no-plan`), as `coldroute plan` says it.
    pub reason: Option<String>,
}

/// The record of one row.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct BatchRecord {
    /// Always [`SCHEMA`].
    #[schemars(extend("const" = "coldroute.batch/1"))]
    pub schema: &'static str,
    /// The row's number in the list: 1 for the first data row.
    pub row: usize,
    /// The shipment id, when the row has one.
    pub id: Option<String>,
    /// What became of it.
    pub verdict: BatchVerdict,
    /// Why the row was refused (verdict `error`).
    pub error: Option<String>,
    /// The plan (absent for an error).
    #[serde(flatten)]
    pub plan: Option<PlanSummary>,
}

impl BatchRecord {
    /// The record of a row refused with `error`.
    pub fn refused(row: usize, id: Option<String>, error: String) -> BatchRecord {
        BatchRecord {
            schema: SCHEMA,
            row,
            id,
            verdict: BatchVerdict::Error,
            error: Some(error),
            plan: None,
        }
    }

    /// One JSON line (no newline).
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// One summary CSV line (no newline), columns as [`SUMMARY_HEADER`].
    pub fn to_summary_line(&self) -> String {
        let p = self.plan.as_ref();
        let num = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
        let fields = [
            self.row.to_string(),
            self.id.clone().unwrap_or_default(),
            self.verdict.name().to_string(),
            p.and_then(|p| p.arrival_utc)
                .map(|t| t.to_string())
                .unwrap_or_default(),
            num(p.and_then(|p| p.transit_s)),
            num(p.and_then(|p| p.margin_s)),
            p.and_then(|p| p.first_failing)
                .unwrap_or_default()
                .to_string(),
            self.error.clone().unwrap_or_default(),
        ];
        fields
            .iter()
            .map(|f| csv_field(f))
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn csv_field(f: &str) -> String {
    if f.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", f.replace('"', "\"\""))
    } else {
        f.to_string()
    }
}

pub use crate::time::rfc3339_utc as rfc3339;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_summary_lines() {
        let r = BatchRecord::refused(3, Some("A,1".into()), "`from`: unknown hub \"X\"".into());
        assert_eq!(
            r.to_json_line(),
            r#"{"schema":"coldroute.batch/1","row":3,"id":"A,1","verdict":"error","error":"`from`: unknown hub \"X\""}"#
        );
        assert_eq!(
            r.to_summary_line(),
            r#"3,"A,1",error,,,,,"`from`: unknown hub ""X""""#
        );
        assert_eq!(
            rfc3339(crate::units::Secs(1_617_000_912)),
            "2021-03-29T06:55:12Z"
        );
    }
}
