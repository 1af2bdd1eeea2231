//! The columns of a logger file: which one holds the time (or the date and
//! the time of day, when an export splits them), which one the
//! temperature, and in what unit.
//!
//! With a header the names decide: the timestamp is the first name with
//! `time` or `date` (a `Date` and a `Time` column are read together); the
//! temperature is the only other name that looks like one (`temp`,
//! `probe`, or a unit), or the one `--column` names. Several
//! temperature-like columns are refused rather than guessed. A time
//! column named as UTC (`Date (UTC)`, `Time GMT`) is read as UTC. Without a
//! header the first column is the time (the first two when they hold a
//! date and a time of day) and the next one the temperature.

use super::stamp;
use super::LoggerOptions;

/// The unit of a temperature column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TempUnit {
    /// Degrees Celsius.
    Celsius,
    /// Degrees Fahrenheit (converted to C on reading).
    Fahrenheit,
}

/// Where the fields of a row are.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Columns {
    /// The timestamp, or the time of day when `date` is set.
    pub(super) time: usize,
    /// A separate date column.
    pub(super) date: Option<usize>,
    /// The temperature.
    pub(super) temp: usize,
    /// The temperature's unit.
    pub(super) unit: TempUnit,
    /// How the unit was decided, for the report.
    pub(super) unit_from: UnitFrom,
    /// The temperature column's header name, when there is a header.
    pub(super) temp_name: Option<String>,
    /// The time column's header says its times are UTC (`Date (UTC)`,
    /// `Time GMT`): naive stamps are read as UTC whatever the option says.
    pub(super) utc: bool,
}

/// How the unit of the temperature column was decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitFrom {
    /// `--unit` said so.
    Option,
    /// The header name says so (`°F`, `degC`...).
    Header,
    /// Nothing said; Celsius was assumed.
    Assumed,
}

impl Columns {
    /// The number of fields a row needs.
    pub(super) fn need(&self) -> usize {
        self.time.max(self.temp).max(self.date.unwrap_or(0)) + 1
    }
}

/// Whether a row is a header: no field of it is a number or a time.
pub(super) fn is_header(fields: &[&str]) -> bool {
    !fields
        .iter()
        .any(|f| super::parse_number(f).is_some() || stamp::looks_like_time(f))
}

/// The unit a header name says, if it says one: `°F`, `degF`, `[F]`,
/// `(F)`, `Temp F`, `TempF`, `Fahrenheit` (and `°` read from another
/// encoding as U+FFFD), or the same with C / Celsius.
pub fn unit_in_name(name: &str) -> Option<TempUnit> {
    let n = name.to_lowercase().replace('\u{fffd}', "°");
    let says = |u: char| {
        let words: Vec<&str> = n
            .split(|c: char| !c.is_alphanumeric() && c != '°')
            .filter(|w| !w.is_empty())
            .collect();
        let deg = format!("°{u}");
        n.contains(&deg)
            || n.contains(&format!("deg{u}"))
            || n.contains(&format!("[{u}]"))
            || n.contains(&format!("({u})"))
            || words.iter().any(|w| *w == u.to_string())
            || words
                .iter()
                .any(|w| w.len() > 1 && w.starts_with("temp") && w.ends_with(u) && w.len() == 5)
            || n.ends_with(&format!("_{u}"))
    };
    if n.contains("fahrenheit") || says('f') {
        Some(TempUnit::Fahrenheit)
    } else if n.contains("celsius") || says('c') {
        Some(TempUnit::Celsius)
    } else {
        None
    }
}

fn unit(opts: &LoggerOptions, name: Option<&str>) -> (TempUnit, UnitFrom) {
    if let Some(u) = opts.unit {
        return (u, UnitFrom::Option);
    }
    match name.and_then(unit_in_name) {
        Some(u) => (u, UnitFrom::Header),
        None => (TempUnit::Celsius, UnitFrom::Assumed),
    }
}

/// No header: the first column is the time (the first two when the first
/// row holds a date and a time of day), the next one (or the one
/// `--column N` names) the temperature.
pub(super) fn plain(first_row: &[&str], opts: &LoggerOptions) -> Columns {
    let split = first_row.len() >= 3
        && stamp::lex(first_row[0], &opts.naive_time_zone).is_some_and(|l| l.date_only())
        && stamp::clock_only(first_row[1]);
    let (time, date) = if split { (1, Some(0)) } else { (0, None) };
    let temp = opts
        .column
        .as_deref()
        .and_then(|c| c.parse::<usize>().ok())
        .filter(|&n| n >= 1)
        .map_or(time + 1, |n| n - 1);
    let (unit, unit_from) = unit(opts, None);
    Columns {
        time,
        date,
        temp,
        unit,
        unit_from,
        temp_name: None,
        utc: false,
    }
}

/// Picks the columns from header names.
pub(super) fn from_header(fields: &[&str], opts: &LoggerOptions) -> Result<Columns, String> {
    let lower: Vec<String> = fields.iter().map(|f| f.to_lowercase()).collect();
    let has = |n: &str, w: &str| n.contains(w);
    // `Date` and `Time` in two columns, or one `Date/Time` column.
    let date_only = lower.iter().position(|n| has(n, "date") && !has(n, "time"));
    let time_only = lower
        .iter()
        .position(|n| has(n, "time") && !has(n, "date") && !has(n, "temp"));
    let (time, date) = match (date_only, time_only) {
        (Some(d), Some(t)) => (t, Some(d)),
        _ => (
            lower
                .iter()
                .position(|n| (has(n, "time") || has(n, "date")) && !has(n, "temp"))
                .unwrap_or(0),
            None,
        ),
    };
    let is_time = |i: usize| i == time || Some(i) == date;
    let temp_like =
        |n: &str| n.contains("temp") || n.contains("probe") || unit_in_name(n).is_some();
    let candidates: Vec<usize> = (0..fields.len())
        .filter(|&i| !is_time(i) && temp_like(&lower[i]))
        .collect();
    let listed = || {
        candidates
            .iter()
            .map(|&i| format!("`{}` (column {})", fields[i], i + 1))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let temp = match opts.column.as_deref() {
        Some(c) => match c.parse::<usize>() {
            Ok(n) if n >= 1 && n <= fields.len() => n - 1,
            Ok(n) => {
                return Err(format!(
                    "--column {n}: the header has {} columns",
                    fields.len()
                ))
            }
            Err(_) => lower
                .iter()
                .position(|n| n == &c.to_lowercase())
                .ok_or_else(|| {
                    format!(
                        "no column named `{c}`; the header has {}",
                        fields
                            .iter()
                            .map(|f| format!("`{f}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })?,
        },
        None => match candidates.as_slice() {
            [k] => *k,
            [] => (0..fields.len()).find(|&i| !is_time(i)).unwrap_or(1),
            _ => {
                return Err(format!(
                    "several temperature columns: {}; choose one with --column NAME or --column N",
                    listed()
                ))
            }
        },
    };
    let (unit, unit_from) = unit(opts, fields.get(temp).copied());
    let says_utc = |i: usize| {
        lower[i]
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == "utc" || w == "gmt")
    };
    Ok(Columns {
        time,
        date,
        temp,
        unit,
        unit_from,
        temp_name: fields.get(temp).map(|s| s.to_string()),
        utc: says_utc(time) || date.is_some_and(says_utc),
    })
}
