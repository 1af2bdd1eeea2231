//! The rows of a shipment list, as [`ShipmentSpec`]s.
//!
//! Two formats, told apart by the first character that is not blank: `{`
//! is JSON Lines (one object a line), anything else CSV with a header row.
//! Both use the same names, case-insensitive in a CSV header:
//!
//! | column | required | meaning |
//! |---|---|---|
//! | `id` | yes | the shipment's id, copied to its record |
//! | `product`, `packaging` | yes | ids of the scenario's `[product.*]` and `[packaging.*]` |
//! | `from`, `to` | yes | hub codes |
//! | `ready` | yes | an instant; naive is the origin's clock |
//! | `sla` | no | the name of a `[sla.NAME]` table of the scenario: its limits, over which the columns below win |
//! | `max_transit` | unless `sla` | a duration (`48h`) |
//! | `min_margin`, `max_excursion` | no | durations, default `0m` |
//! | `max_stability` | no | a share in (0, 1], default 1 |
//! | `payload_start` | no | C, default the middle of the product range |
//!
//! An unknown CSV column is refused at the header (with a guess), so a
//! misspelt `max_transt` is never silently dropped; JSON objects are held
//! to the same names.

use serde_json::Value;

use crate::scenario::ShipmentSpec;

/// Why a header or a row of a list cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RowError {
    /// A CSV column that is none of [`COLUMNS`].
    #[error("unknown column `{name}`; {}", names_hint("columns", suggestion))]
    UnknownColumn {
        /// The column as written.
        name: String,
        /// The closest known column, if one is close.
        suggestion: Option<&'static str>,
    },
    /// A CSV column named twice.
    #[error("column `{0}` appears twice")]
    RepeatedColumn(String),
    /// Required CSV columns that are absent.
    #[error("the header lacks {}; the required columns are {}, and max_transit or sla", .0.join(", "), REQUIRED.join(", "))]
    MissingColumns(Vec<&'static str>),
    /// A header with neither `max_transit` nor `sla`.
    #[error("the header has neither max_transit nor sla; give one of them")]
    NoLimits,
    /// A CSV row with more or fewer fields than the header.
    #[error("the row has {fields} fields but the header has {columns}")]
    FieldCount {
        /// Fields in the row.
        fields: usize,
        /// Columns in the header.
        columns: usize,
    },
    /// A CSV row the reader cannot split (a stray quote).
    #[error("cannot split the row ({0}); check its quotes")]
    Split(String),
    /// A JSON Lines row that is not JSON.
    #[error("not JSON: {0}")]
    NotJson(String),
    /// A JSON value that is not an object.
    #[error("not a JSON object; write one {{...}} a line")]
    NotAnObject,
    /// A JSON key that is none of [`COLUMNS`].
    #[error("unknown key `{key}`; {}", names_hint("keys", suggestion))]
    UnknownKey {
        /// The key as written.
        key: String,
        /// The closest known key, if one is close.
        suggestion: Option<&'static str>,
    },
    /// A JSON value that is an array, an object or a boolean.
    #[error("`{0}` must be a string or a number")]
    NotText(String),
    /// Required JSON keys that are absent.
    #[error("the object lacks {}", .0.join(", "))]
    MissingKeys(Vec<&'static str>),
}

fn names_hint(what: &str, suggestion: &Option<&'static str>) -> String {
    match suggestion {
        Some(n) => format!("did you mean `{n}`?"),
        None => format!("the {what} are {}", COLUMNS.join(", ")),
    }
}

fn known(name: &str) -> Option<&'static str> {
    crate::scenario::closest(name, COLUMNS)
}

/// The format of a shipment list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// CSV with a header row.
    Csv,
    /// One JSON object a line.
    JsonLines,
}

impl InputFormat {
    /// The format the start of a list says: `{` first is JSON Lines.
    pub fn sniff(start: &[u8]) -> InputFormat {
        match start.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => InputFormat::JsonLines,
            _ => InputFormat::Csv,
        }
    }
}

/// The names a row may have, in [`ShipmentSpec`] order.
pub const COLUMNS: [&str; 12] = [
    "id",
    "product",
    "packaging",
    "from",
    "to",
    "ready",
    "sla",
    "max_transit",
    "min_margin",
    "max_excursion",
    "max_stability",
    "payload_start",
];

/// The columns that must be present (and `max_transit` or `sla`).
const REQUIRED: [&str; 6] = ["id", "product", "packaging", "from", "to", "ready"];

/// Which field each CSV column holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvHeader {
    /// Per column, its index in [`COLUMNS`].
    cols: Vec<usize>,
}

impl CsvHeader {
    /// Reads a header row.
    ///
    /// # Errors
    /// Unknown, repeated or missing columns, each named.
    pub fn parse(fields: &[&str]) -> Result<CsvHeader, RowError> {
        let mut cols = Vec::with_capacity(fields.len());
        for f in fields {
            let name = f.trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
            let Some(i) = COLUMNS.iter().position(|c| *c == name) else {
                return Err(RowError::UnknownColumn {
                    name: f.trim().to_string(),
                    suggestion: known(&name),
                });
            };
            if cols.contains(&i) {
                return Err(RowError::RepeatedColumn(name));
            }
            cols.push(i);
        }
        let missing: Vec<&str> = REQUIRED
            .iter()
            .filter(|r| !cols.iter().any(|&i| COLUMNS[i] == **r))
            .copied()
            .collect();
        if !missing.is_empty() {
            return Err(RowError::MissingColumns(missing));
        }
        let has = |n: &str| cols.iter().any(|&i| COLUMNS[i] == n);
        if !has("max_transit") && !has("sla") {
            return Err(RowError::NoLimits);
        }
        Ok(CsvHeader { cols })
    }

    /// The spec of one data row.
    ///
    /// # Errors
    /// When the row does not have one field per column.
    pub fn spec(&self, fields: &[&str]) -> Result<ShipmentSpec, RowError> {
        if fields.len() != self.cols.len() {
            return Err(RowError::FieldCount {
                fields: fields.len(),
                columns: self.cols.len(),
            });
        }
        let mut spec = ShipmentSpec::default();
        for (&c, f) in self.cols.iter().zip(fields) {
            set(&mut spec, c, f.trim().to_string());
        }
        Ok(spec)
    }
}

fn set(spec: &mut ShipmentSpec, col: usize, v: String) {
    let opt = |v: String| (!v.is_empty()).then_some(v);
    match col {
        0 => spec.id = v,
        1 => spec.product = v,
        2 => spec.packaging = v,
        3 => spec.from = v,
        4 => spec.to = v,
        5 => spec.ready = v,
        6 => spec.sla = opt(v),
        7 => spec.max_transit = opt(v),
        8 => spec.min_margin = opt(v),
        9 => spec.max_excursion = opt(v),
        10 => spec.max_stability = opt(v),
        _ => spec.payload_start = opt(v),
    }
}

/// The spec of one JSON Lines row.
///
/// # Errors
/// Not a JSON object, an unknown key (with a guess), a value that is not
/// a string or a number, or a missing required key.
pub fn spec_from_json(line: &str) -> Result<ShipmentSpec, RowError> {
    let v: Value = serde_json::from_str(line).map_err(|e| RowError::NotJson(e.to_string()))?;
    let Value::Object(map) = v else {
        return Err(RowError::NotAnObject);
    };
    let mut spec = ShipmentSpec::default();
    let mut seen = [false; COLUMNS.len()];
    for (k, v) in &map {
        let Some(i) = COLUMNS.iter().position(|c| c == k) else {
            return Err(RowError::UnknownKey {
                key: k.clone(),
                suggestion: known(k),
            });
        };
        let text = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Null => String::new(),
            _ => return Err(RowError::NotText(k.clone())),
        };
        seen[i] = true;
        set(&mut spec, i, text);
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .filter(|r| !seen[COLUMNS.iter().position(|c| c == *r).unwrap_or(0)])
        .copied()
        .collect();
    if !missing.is_empty() {
        return Err(RowError::MissingKeys(missing));
    }
    Ok(spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_headers_and_rows() {
        let h = CsvHeader::parse(&[
            "ID",
            "product",
            "packaging",
            "from",
            "to",
            "ready",
            "max_transit",
            "min_margin",
        ])
        .unwrap();
        let s = h
            .spec(&["A1", "p", "k", "PEK", "SAL", "2021-04-04T12:00", "48h", ""])
            .unwrap();
        assert_eq!(s.id, "A1");
        assert_eq!(s.max_transit.as_deref(), Some("48h"));
        assert_eq!(s.min_margin, None);
        assert_eq!(
            h.spec(&["A1"]),
            Err(RowError::FieldCount {
                fields: 1,
                columns: 8
            })
        );
        let e = CsvHeader::parse(&[
            "id",
            "product",
            "packaging",
            "from",
            "to",
            "ready",
            "max_transt",
        ])
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown column `max_transt`; did you mean `max_transit`?"
        );
        let e = CsvHeader::parse(&["id", "from", "to"]).unwrap_err();
        assert_eq!(
            e,
            RowError::MissingColumns(vec!["product", "packaging", "ready"])
        );
        assert!(
            e.to_string().contains("lacks product, packaging, ready;"),
            "{e}"
        );
        let e =
            CsvHeader::parse(&["id", "product", "packaging", "from", "to", "ready"]).unwrap_err();
        assert_eq!(e, RowError::NoLimits);
        assert_eq!(
            CsvHeader::parse(&["id", "ID"]),
            Err(RowError::RepeatedColumn("id".into()))
        );
    }

    #[test]
    fn json_rows() {
        let s = spec_from_json(r#"{"id":"A1","product":"p","packaging":"k","from":"PEK","to":"SAL","ready":"2021-04-04T12:00","max_transit":"48h","max_stability":0.02}"#).unwrap();
        assert_eq!(s.max_stability.as_deref(), Some("0.02"));
        assert_eq!(spec_from_json("[1]"), Err(RowError::NotAnObject));
        assert!(matches!(spec_from_json("{"), Err(RowError::NotJson(_))));
        assert_eq!(
            spec_from_json(r#"{"id":"A1","frm":"PEK"}"#),
            Err(RowError::UnknownKey {
                key: "frm".into(),
                suggestion: Some("from")
            })
        );
        assert_eq!(
            spec_from_json(r#"{"id":[1]}"#),
            Err(RowError::NotText("id".into()))
        );
        assert!(spec_from_json(r#"{"id":"A1"}"#)
            .unwrap_err()
            .to_string()
            .contains("lacks product"));
        assert_eq!(InputFormat::sniff(b"  \n{\"id\""), InputFormat::JsonLines);
        assert_eq!(InputFormat::sniff(b"id,product"), InputFormat::Csv);
    }
}
