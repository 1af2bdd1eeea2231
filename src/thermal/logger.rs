//! Temperature records from data-logger CSV text and from inline profiles.
//!
//! [`parse_logger`] reads the CSV export of a temperature data logger from
//! a `&str` (the caller reads the file): one reading per row, a timestamp
//! and a temperature in C.
//!
//! - Rows are split by the `csv` crate: delimiter `;`, tab or `,`,
//!   detected from the first non-comment line (`;` wins over tab, tab
//!   over `,`); quoted fields may hold the delimiter. A decimal comma is
//!   accepted in any field (`5,2` is 5.2 C; in a comma-separated file it
//!   must be quoted, `"5,2"`); a row with more fields than the first row
//!   is refused (an unquoted decimal comma, say).
//! - Header: optional. The first line is a header when none of its fields
//!   is a number or a timestamp; its names pick the columns (the first
//!   name containing `time` or `date` for the timestamp; for the
//!   temperature the only other name that looks like one: `temp`,
//!   `probe`, or a unit). Several temperature-like columns
//!   (`Ambient (°C)`, `Probe (°C)`) are refused unless
//!   [`LoggerOptions::column`] names one. Without a header the first two
//!   columns are used.
//! - Unit: [`LoggerOptions::unit`], else what the header says
//!   ([`unit_in_name`]: `°F`, `degF`, `[F]`, `(F)`, `Temp F`, `TempF`,
//!   `Fahrenheit`, `_F`, with `°` in any encoding), else Celsius.
//!   Fahrenheit is converted to C.
//! - Timestamps: RFC 3339 / ISO 8601 with an offset or `Z`
//!   (`2021-03-28T14:05:00-06:00`, `2021-03-28T20:05:00Z`), or naive
//!   (`2021-03-28T14:05:00`, `2021-03-28 14:05:00`), which are read in
//!   [`LoggerOptions::naive_time_zone`] (UTC unless told otherwise).
//! - Blank lines and lines starting with `#` are skipped.
//!
//! Every bad row is reported, with its 1-based line number and a message
//! that says what to fix ([`Error::BadRows`]). Readings must be in strictly
//! increasing time order.
//!
//! [`parse_profile`] reads an inline profile such as `18h@5,6h@14` (18 h at
//! +5 C then 6 h at +14 C) into [`Step`]s; [`parse_duration`] reads
//! `30m`, `1h30m`, `2d`, `90s`, `1.5h`.
//!
//! [`steps_from_readings`] turns readings into a record by sample and hold:
//! each reading holds until the next one.
//!
//! This module does no I/O.

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::error::{Error, ItemError, RowError};
use super::trajectory::Step;
use crate::units::Celsius;

/// Lowest and highest temperatures accepted from a logger, C. Values
/// outside are almost always error codes (-999, 9999) or a Fahrenheit or
/// kelvin column.
pub const PLAUSIBLE_C: (f64, f64) = (-150.0, 150.0);

/// The unit of a temperature column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TempUnit {
    /// Degrees Celsius.
    Celsius,
    /// Degrees Fahrenheit (converted to C on reading).
    Fahrenheit,
}

/// How to read logger data.
#[derive(Clone, Debug)]
pub struct LoggerOptions {
    /// Time zone of timestamps written without an offset. Default UTC.
    pub naive_time_zone: TimeZone,
    /// The temperature column's unit; `None` reads it from the header
    /// (`°F`, `degF`, `[F]`, `(F)`, `Temp F`, `TempF`, `Fahrenheit`, and `°`
    /// in any encoding), Celsius when the header does not say.
    pub unit: Option<TempUnit>,
    /// The temperature column, by header name (case-insensitive) or
    /// 1-based number; `None` picks the only temperature-like column and
    /// refuses to guess between several.
    pub column: Option<String>,
    /// Lines to skip at the start (a vendor export's preamble: device,
    /// serial number, trip notes), before the header or the first row.
    /// Line numbers in messages still count them.
    pub skip_lines: usize,
}

impl Default for LoggerOptions {
    fn default() -> LoggerOptions {
        LoggerOptions {
            naive_time_zone: TimeZone::UTC,
            unit: None,
            column: None,
            skip_lines: 0,
        }
    }
}

/// One logger reading.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    /// When it was taken.
    pub at: Timestamp,
    /// Temperature, C.
    pub temp: Celsius,
    /// 1-based line number in the input.
    pub line: usize,
}

/// Reads logger CSV text into readings in time order.
///
/// # Errors
/// [`Error::BadRows`] listing every unreadable row; [`Error::TooFewReadings`]
/// when fewer than two readings remain.
pub fn parse_logger(text: &str, opts: &LoggerOptions) -> Result<Vec<Reading>, Error> {
    let mut rows = Vec::new();
    let mut readings: Vec<Reading> = Vec::new();
    let text = text.trim_start_matches('\u{feff}');
    // A skipped preamble becomes blank lines, so line numbers stay right.
    let blanked: String;
    let text = if opts.skip_lines > 0 {
        blanked = text
            .split_inclusive('\n')
            .enumerate()
            .map(|(i, l)| if i < opts.skip_lines { "\n" } else { l })
            .collect();
        blanked.as_str()
    } else {
        text
    };
    let delim = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .map_or(',', detect_delimiter);
    // The csv crate splits the rows: quoted fields may hold the delimiter
    // (`"8,9"` is one field), and `""` is a quote inside one.
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delim as u8)
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut format: Option<Format> = None;
    // Fields of the header or the first data row: later rows with more
    // fields are refused (an unquoted decimal comma in a comma file).
    let mut width = 0usize;
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                rows.push(RowError {
                    line,
                    message: format!("cannot split the row ({e}); check its quotes"),
                });
                continue;
            }
        };
        let line_no = record.position().map_or(0, |p| p.line() as usize);
        let fields: Vec<&str> = record.iter().map(|f| f.trim_matches('"').trim()).collect();
        if fields.iter().all(|f| f.is_empty()) {
            continue;
        }
        let fmt = match format {
            Some(f) => f,
            None => {
                let is_header = !fields.iter().any(|f| {
                    parse_number(f).is_some() || parse_timestamp(f, &opts.naive_time_zone).is_some()
                });
                width = fields.len();
                let f = if is_header {
                    match columns_from_header(&fields, delim, opts) {
                        Ok(f) => f,
                        Err(message) => {
                            rows.push(RowError {
                                line: line_no,
                                message,
                            });
                            Format::plain(delim, opts)
                        }
                    }
                } else {
                    Format::plain(delim, opts)
                };
                format = Some(f);
                if is_header {
                    continue;
                }
                f
            }
        };
        if fields.len() > width {
            let hint = if delim == ',' {
                "; a decimal comma in a comma-separated file? write 8.9, or quote the value as \"8,9\""
            } else {
                ""
            };
            rows.push(RowError {
                line: line_no,
                message: format!(
                    "the row has {} fields but the first row has {width}{hint}",
                    fields.len()
                ),
            });
            continue;
        }
        match parse_row(&fields, &fmt, opts) {
            Ok((at, temp)) => {
                if let Some(prev) = readings.last() {
                    if at <= prev.at {
                        rows.push(RowError {
                            line: line_no,
                            message: format!(
                                "timestamp {at} is not later than {} on line {}; sort the rows by time and remove duplicates",
                                prev.at, prev.line
                            ),
                        });
                        continue;
                    }
                }
                readings.push(Reading {
                    at,
                    temp,
                    line: line_no,
                });
            }
            Err(message) => rows.push(RowError {
                line: line_no,
                message,
            }),
        }
    }
    if !rows.is_empty() {
        return Err(Error::BadRows { rows });
    }
    if readings.len() < 2 {
        return Err(Error::TooFewReadings {
            found: readings.len(),
        });
    }
    Ok(readings)
}

/// Column layout of a logger file.
#[derive(Clone, Copy, Debug)]
struct Format {
    delim: char,
    time_col: usize,
    temp_col: usize,
    unit: TempUnit,
}

impl Format {
    /// No header: the first column is the time, the second (or the one
    /// `--column N` names) the temperature, in C unless told otherwise.
    fn plain(delim: char, opts: &LoggerOptions) -> Format {
        let temp_col = opts
            .column
            .as_deref()
            .and_then(|c| c.parse::<usize>().ok())
            .filter(|&n| n >= 1)
            .map_or(1, |n| n - 1);
        Format {
            delim,
            time_col: 0,
            temp_col,
            unit: opts.unit.unwrap_or(TempUnit::Celsius),
        }
    }
}

fn detect_delimiter(line: &str) -> char {
    if line.contains(';') {
        ';'
    } else if line.contains('\t') {
        '\t'
    } else {
        ','
    }
}

fn delimiter_name(delim: char) -> &'static str {
    match delim {
        ';' => "`;`",
        '\t' => "tabs",
        _ => "`,`",
    }
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

/// Picks the timestamp and temperature columns from header names.
fn columns_from_header(
    fields: &[&str],
    delim: char,
    opts: &LoggerOptions,
) -> Result<Format, String> {
    let lower: Vec<String> = fields.iter().map(|f| f.to_lowercase()).collect();
    let time_col = lower
        .iter()
        .position(|n| n.contains("time") || n.contains("date"))
        .unwrap_or(0);
    let temp_like =
        |n: &str| n.contains("temp") || n.contains("probe") || unit_in_name(n).is_some();
    let candidates: Vec<usize> = (0..fields.len())
        .filter(|&i| i != time_col && temp_like(&lower[i]))
        .collect();
    let listed = || {
        candidates
            .iter()
            .map(|&i| format!("`{}` (column {})", fields[i], i + 1))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let temp_col = match opts.column.as_deref() {
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
            [] => {
                if time_col == 1 {
                    0
                } else {
                    1
                }
            }
            _ => {
                return Err(format!(
                    "several temperature columns: {}; choose one with --column NAME or --column N",
                    listed()
                ))
            }
        },
    };
    let unit = opts
        .unit
        .or_else(|| lower.get(temp_col).and_then(|n| unit_in_name(n)))
        .unwrap_or(TempUnit::Celsius);
    Ok(Format {
        delim,
        time_col,
        temp_col,
        unit,
    })
}

/// A number, with a decimal comma accepted (`8,9` is 8.9: in a comma
/// file such a value is one field only when quoted).
fn parse_number(s: &str) -> Option<f64> {
    let v: f64 = if s.matches(',').count() == 1 && !s.contains('.') {
        s.replacen(',', ".", 1).parse().ok()?
    } else {
        s.parse().ok()?
    };
    v.is_finite().then_some(v)
}

fn parse_row(
    fields: &[&str],
    fmt: &Format,
    opts: &LoggerOptions,
) -> Result<(Timestamp, Celsius), String> {
    let need = fmt.time_col.max(fmt.temp_col) + 1;
    if fields.len() < need {
        return Err(format!(
            "expected at least {need} fields separated by {}, found {}; add the missing timestamp or temperature",
            delimiter_name(fmt.delim),
            fields.len()
        ));
    }
    let ts_text = fields[fmt.time_col];
    let temp_text = fields[fmt.temp_col];
    // A zone annotation (`2021-03-28T14:05[Europe/Paris]`) is honoured or
    // refused, never dropped.
    if ts_text.contains('[') {
        crate::time::parse_instant(ts_text, &opts.naive_time_zone)
            .map_err(|e| format!("{e}; {}", e.help()))?;
    }
    let at = parse_timestamp(ts_text, &opts.naive_time_zone);
    let temp = parse_number(temp_text).map(|t| match fmt.unit {
        TempUnit::Celsius => t,
        TempUnit::Fahrenheit => (t - 32.0) * 5.0 / 9.0,
    });
    match (at, temp) {
        (None, _) if ts_text.is_empty() => Err("the timestamp is empty; fill it in or delete the row".to_string()),
        (None, _) => Err(format!(
            "cannot read timestamp `{ts_text}`; write it as 2021-03-28T14:05:00-06:00, 2021-03-28T20:05:00Z or 2021-03-28 14:05:00"
        )),
        (_, None) if temp_text.is_empty() => Err("the temperature is empty; fill it in or delete the row".to_string()),
        (_, None) => Err(format!("cannot read temperature `{temp_text}`; write a number in C such as 5.2")),
        (Some(at), Some(t)) => {
            if !(PLAUSIBLE_C.0..=PLAUSIBLE_C.1).contains(&t) {
                return Err(format!(
                    "temperature {t} C is outside {}..{} C; it is probably a logger error code or another unit, so delete the row or convert it",
                    PLAUSIBLE_C.0, PLAUSIBLE_C.1
                ));
            }
            Ok((at, Celsius(t)))
        }
    }
}

/// An instant with an offset, or a civil date-time read in `naive_tz`.
fn parse_timestamp(s: &str, naive_tz: &TimeZone) -> Option<Timestamp> {
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Some(ts);
    }
    if s.contains('[') {
        // With a zone annotation, read by the scenario's own rules.
        let t = crate::time::parse_instant(s, naive_tz).ok()?;
        return Timestamp::from_second(t.0).ok();
    }
    let dt: DateTime = s.parse().ok()?;
    naive_tz.to_timestamp(dt).ok()
}

/// Turns readings into a sample-and-hold record: reading `i` holds from its
/// time to the next reading's. The last reading becomes a step of zero
/// duration, so that it still counts for the minimum, the maximum and
/// freeze detection but not for times or MKT.
pub fn steps_from_readings(readings: &[Reading]) -> Vec<Step> {
    let mut steps: Vec<Step> = readings
        .windows(2)
        .map(|w| Step {
            duration_s: (w[1].at.as_nanosecond() - w[0].at.as_nanosecond()) as f64 / 1e9,
            temp: w[0].temp,
        })
        .collect();
    if let Some(last) = readings.last() {
        steps.push(Step {
            duration_s: 0.0,
            temp: last.temp,
        });
    }
    steps
}

/// Reads a duration: one or more `<number><unit>` parts with units `d`,
/// `h`, `m`, `s` (`30m`, `1h30m`, `2d`, `1.5h`), in seconds.
///
/// # Errors
/// [`Error::BadDuration`] when the text is not of that form.
pub fn parse_duration(text: &str) -> Result<f64, Error> {
    duration_s(text.trim()).ok_or_else(|| Error::BadDuration {
        text: text.to_string(),
    })
}

fn duration_s(s: &str) -> Option<f64> {
    if s.is_empty() {
        return None;
    }
    let mut total = 0.0;
    let mut num_start = 0;
    let mut last_unit_rank = usize::MAX;
    for (i, c) in s.char_indices() {
        if c.is_ascii_digit() || c == '.' {
            continue;
        }
        let (unit_s, rank) = match c {
            'd' => (86_400.0, 3),
            'h' => (3600.0, 2),
            'm' => (60.0, 1),
            's' => (1.0, 0),
            _ => return None,
        };
        // Units must be given largest first and at most once: `1h30m`.
        if rank >= last_unit_rank {
            return None;
        }
        last_unit_rank = rank;
        let n: f64 = s[num_start..i].parse().ok()?;
        total += n * unit_s;
        num_start = i + 1;
    }
    // A trailing number without a unit is not accepted: `90` is ambiguous.
    (num_start == s.len() && total.is_finite()).then_some(total)
}

/// Reads an inline profile `DURATION@TEMP,DURATION@TEMP,...`, e.g.
/// `18h@5,6h@14`, into steps.
///
/// # Errors
/// [`Error::BadProfile`] listing every unreadable item.
pub fn parse_profile(text: &str) -> Result<Vec<Step>, Error> {
    let mut steps = Vec::new();
    let mut items = Vec::new();
    for (i, raw) in text.split(',').enumerate() {
        let item = raw.trim();
        let bad = |message: String| ItemError {
            item: i + 1,
            text: item.to_string(),
            message,
        };
        let Some((d, t)) = item.split_once('@') else {
            let msg = if item.is_empty() {
                "the item is empty; remove the extra comma".to_string()
            } else {
                "expected DURATION@TEMP such as 6h@14".to_string()
            };
            items.push(bad(msg));
            continue;
        };
        let dur = duration_s(d.trim());
        let temp = t.trim().parse::<f64>().ok().filter(|v| v.is_finite());
        match (dur, temp) {
            (None, _) => items.push(bad(format!(
                "cannot read duration `{}`; write it as 30m, 1h30m, 18h or 2d",
                d.trim()
            ))),
            (Some(d), _) if d <= 0.0 => items.push(bad(
                "the duration is zero; give a positive duration".to_string(),
            )),
            (_, None) => items.push(bad(format!(
                "cannot read temperature `{}`; write a number in C such as 5 or -20",
                t.trim()
            ))),
            (Some(d), Some(t)) => steps.push(Step {
                duration_s: d,
                temp: Celsius(t),
            }),
        }
    }
    if items.is_empty() {
        Ok(steps)
    } else {
        Err(Error::BadProfile { items })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zone_annotation_is_honoured_or_refused() {
        let opts = LoggerOptions::default();
        let text = "time,temp\n2021-03-28T14:05:00[Europe/Paris],5.0\n2021-03-28T14:10:00[Europe/Paris],5.1\n";
        let paris = parse_logger(text, &opts).expect("a known zone");
        // 14:05 in Paris on 28 March 2021 (summer time) is 12:05Z.
        assert_eq!(paris[0].at.as_second(), 1_616_933_100);
        let Err(Error::BadRows { rows }) = parse_logger(&text.replace("Paris]", "Pariss]"), &opts)
        else {
            panic!("a misspelt zone must be refused");
        };
        assert_eq!(rows.len(), 2);
        let m = &rows[0].message;
        assert!(
            m.contains("`Europe/Pariss` is not an IANA time zone"),
            "{m}"
        );
        assert!(m.contains("did you mean `Europe/Paris`?"), "{m}");
    }

    fn utc() -> LoggerOptions {
        LoggerOptions::default()
    }

    fn secs(r: &Reading) -> i64 {
        r.at.as_second()
    }

    /// Parses and returns (epoch seconds, C) pairs.
    fn check(text: &str) -> Vec<(i64, f64)> {
        parse_logger(text, &utc())
            .unwrap_or_else(|e| panic!("{e:?}"))
            .iter()
            .map(|r| (secs(r), r.temp.0))
            .collect()
    }

    fn bad_rows(text: &str) -> Vec<(usize, String)> {
        match parse_logger(text, &utc()) {
            Err(Error::BadRows { rows }) => rows.into_iter().map(|r| (r.line, r.message)).collect(),
            other => panic!("expected bad rows, got {other:?}"),
        }
    }

    /// 2021-03-28T20:00:00Z in epoch seconds.
    const T0: i64 = 1_616_961_600;

    #[test]
    fn utc_z_with_comma_and_header() {
        let got =
            check("timestamp,temperature_c\n2021-03-28T20:00:00Z,5.2\n2021-03-28T20:05:00Z,5.4\n");
        assert_eq!(got, vec![(T0, 5.2), (T0 + 300, 5.4)]);
    }

    #[test]
    fn offset_without_header() {
        let got = check("2021-03-28T14:00:00-06:00,5.2\n2021-03-28T14:05:00-06:00,-1\n");
        assert_eq!(got, vec![(T0, 5.2), (T0 + 300, -1.0)]);
    }

    #[test]
    fn naive_space_separated_is_utc_by_default() {
        let got = check("2021-03-28 20:00:00,5.2\n2021-03-28 20:05:00,5.3\n");
        assert_eq!(got, vec![(T0, 5.2), (T0 + 300, 5.3)]);
        let got = check("2021-03-28T20:00:00,5.2\n2021-03-28T20:05:00,5.3\n");
        assert_eq!(got[0].0, T0);
    }

    #[test]
    fn naive_in_a_given_time_zone() {
        let opts = LoggerOptions {
            naive_time_zone: TimeZone::get("America/El_Salvador").unwrap(),
            ..LoggerOptions::default()
        };
        let r = parse_logger("2021-03-28 14:00:00,5\n2021-03-28 14:05:00,5\n", &opts).unwrap();
        assert_eq!(r[0].at.as_second(), T0);
    }

    #[test]
    fn semicolon_with_decimal_comma_and_header_columns() {
        let text = "No.;Date/Time;Temperature (°C)\n1;2021-03-28 20:00:00;5,2\n2;2021-03-28 20:05:00;-0,6\n";
        assert_eq!(check(text), vec![(T0, 5.2), (T0 + 300, -0.6)]);
    }

    #[test]
    fn tabs_comments_blank_lines_quotes_and_crlf() {
        let text = "\u{feff}# logger 4711\r\n\r\n\"time\"\t\"temp\"\r\n\"2021-03-28T20:00:00Z\"\t5\r\n\r\n2021-03-28T20:05:00Z\t6\r\n";
        assert_eq!(check(text), vec![(T0, 5.0), (T0 + 300, 6.0)]);
    }

    #[test]
    fn reports_every_bad_row_with_its_line() {
        let text = "timestamp,temp\n\
                    2021-03-28T20:00:00Z,5.2\n\
                    28/03/2021 20:05,5.3\n\
                    2021-03-28T20:10:00Z,warm\n\
                    2021-03-28T20:15:00Z\n\
                    2021-03-28T20:20:00Z,-999\n\
                    2021-03-28T20:00:00Z,5.0\n\
                    2021-03-28T20:25:00Z,5.1\n";
        let rows = bad_rows(text);
        let lines: Vec<usize> = rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, vec![3, 4, 5, 6, 7]);
        assert_eq!(
            rows[0].1,
            "cannot read timestamp `28/03/2021 20:05`; write it as 2021-03-28T14:05:00-06:00, 2021-03-28T20:05:00Z or 2021-03-28 14:05:00"
        );
        assert_eq!(
            rows[1].1,
            "cannot read temperature `warm`; write a number in C such as 5.2"
        );
        assert!(rows[2]
            .1
            .starts_with("expected at least 2 fields separated by `,`, found 1"));
        assert!(rows[3]
            .1
            .starts_with("temperature -999 C is outside -150..150 C"));
        assert_eq!(
            rows[4].1,
            "timestamp 2021-03-28T20:00:00Z is not later than 2021-03-28T20:00:00Z on line 2; sort the rows by time and remove duplicates"
        );
    }

    #[test]
    fn first_row_with_a_bad_temperature_is_not_taken_for_a_header() {
        let rows =
            bad_rows("2021-03-28T20:00:00Z,warm\n2021-03-28T20:05:00Z,5\n2021-03-28T20:10:00Z,5\n");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].0, 1);
    }

    #[test]
    fn fahrenheit_headers_in_every_common_spelling_are_read_as_fahrenheit() {
        for header in [
            "time,temp (°F)",
            "time,Temperature [F]",
            "time,Temp F",
            "time,(degF)",
            "time,TempF",
            "time,temp (\u{fffd}F)",
            "time,Fahrenheit",
            "time,probe_f",
        ] {
            let text = format!("{header}\n2021-03-28T20:00:00Z,41\n2021-03-28T20:05:00Z,5\n");
            let r = parse_logger(&text, &utc()).unwrap_or_else(|e| panic!("{header}: {e}"));
            assert!(
                (r[0].temp.0 - 5.0).abs() < 1e-9,
                "{header}: {:?}",
                r[0].temp
            );
            assert!(
                (r[1].temp.0 + 15.0).abs() < 1e-9,
                "{header}: {:?}",
                r[1].temp
            );
        }
        // Celsius headers, and --unit over the header.
        for header in [
            "time,Temperature (°C)",
            "time,temp [C]",
            "time,degC",
            "time,temp",
        ] {
            let text = format!("{header}\n2021-03-28T20:00:00Z,41\n2021-03-28T20:05:00Z,5\n");
            assert_eq!(
                parse_logger(&text, &utc()).unwrap()[1].temp,
                Celsius(5.0),
                "{header}"
            );
        }
        let opts = LoggerOptions {
            unit: Some(TempUnit::Fahrenheit),
            ..LoggerOptions::default()
        };
        let r = parse_logger("2021-03-28T20:00:00Z,41\n2021-03-28T20:05:00Z,5\n", &opts).unwrap();
        assert!((r[0].temp.0 - 5.0).abs() < 1e-9);
    }

    #[test]
    fn decimal_commas_quoted_or_not() {
        // Quoted in a comma file: one field, 8.9 C.
        let r = parse_logger(
            "\"time\",\"temp\"\n\"2021-03-28 12:05:00\",\"8,9\"\n\"2021-03-28 12:10:00\",\"5,0\"\n",
            &utc(),
        )
        .unwrap();
        assert_eq!(r[0].temp, Celsius(8.9));
        // Unquoted in a comma file: refused, with the reason.
        let rows = bad_rows("time,temp\n2021-03-28 12:05:00,8,9\n2021-03-28 12:10:00,5\n");
        assert_eq!(rows[0].0, 2);
        assert!(rows[0].1.contains("decimal comma"), "{}", rows[0].1);
    }

    #[test]
    fn a_vendor_preamble_is_skipped_and_lines_still_count() {
        let text = "Logger: TIC20, serial 1234\nTrip: SAL-CVS\n\nTime,Temp (°C)\n2021-03-28T20:00:00Z,5\n2021-03-28T20:05:00Z,warm\n";
        let opts = LoggerOptions {
            skip_lines: 2,
            ..LoggerOptions::default()
        };
        let Err(Error::BadRows { rows }) = parse_logger(text, &opts) else {
            panic!("the bad row must be reported");
        };
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 6);
        let ok = text.replace("warm", "6");
        assert_eq!(parse_logger(&ok, &opts).unwrap().len(), 2);
    }

    #[test]
    fn several_temperature_columns_need_a_choice() {
        let text =
            "Time,Ambient (°C),Probe (°C)\n2021-03-28T20:00:00Z,30,5\n2021-03-28T20:05:00Z,31,6\n";
        let rows = bad_rows(text);
        assert!(
            rows[0].1.contains("several temperature columns"),
            "{}",
            rows[0].1
        );
        assert!(
            rows[0].1.contains("`Probe (°C)` (column 3)"),
            "{}",
            rows[0].1
        );
        for column in ["probe (°c)", "3"] {
            let opts = LoggerOptions {
                column: Some(column.into()),
                ..LoggerOptions::default()
            };
            let r = parse_logger(text, &opts).unwrap();
            assert_eq!(r[1].temp, Celsius(6.0), "{column}");
        }
    }

    #[test]
    fn too_few_readings() {
        assert_eq!(
            parse_logger("timestamp,temp\n2021-03-28T20:00:00Z,5\n", &utc()),
            Err(Error::TooFewReadings { found: 1 })
        );
        assert_eq!(
            parse_logger("", &utc()),
            Err(Error::TooFewReadings { found: 0 })
        );
    }

    #[test]
    fn sample_and_hold_steps() {
        let r = parse_logger(
            "2021-03-28T20:00:00Z,5\n2021-03-28T20:05:00Z,9\n2021-03-28T20:15:00Z,4\n",
            &utc(),
        )
        .unwrap();
        let s = steps_from_readings(&r);
        let got: Vec<(f64, f64)> = s.iter().map(|s| (s.duration_s, s.temp.0)).collect();
        assert_eq!(got, vec![(300.0, 5.0), (600.0, 9.0), (0.0, 4.0)]);
    }

    #[test]
    fn durations() {
        let d = |s: &str| parse_duration(s).unwrap();
        assert_eq!(d("30m"), 1800.0);
        assert_eq!(d("1h30m"), 5400.0);
        assert_eq!(d("2d"), 172_800.0);
        assert_eq!(d("1.5h"), 5400.0);
        assert_eq!(d("1d2h3m4s"), 93_784.0);
        for bad in ["", "90", "h", "1x", "30m1h", "1h1h", "-1h"] {
            assert_eq!(
                parse_duration(bad),
                Err(Error::BadDuration {
                    text: bad.to_string()
                }),
                "{bad}"
            );
        }
    }

    #[test]
    fn profile() {
        let s = parse_profile("18h@5, 6h@14,30m@-20").unwrap();
        let got: Vec<(f64, f64)> = s.iter().map(|s| (s.duration_s, s.temp.0)).collect();
        assert_eq!(
            got,
            vec![(64_800.0, 5.0), (21_600.0, 14.0), (1800.0, -20.0)]
        );
    }

    #[test]
    fn profile_reports_every_bad_item() {
        let Err(Error::BadProfile { items }) = parse_profile("18h@5,,6x@14,2h@warm,0m@5,3h") else {
            panic!("expected a profile error");
        };
        let got: Vec<String> = items.iter().map(ItemError::to_string).collect();
        assert_eq!(
            got,
            vec![
                "item 2 ``: the item is empty; remove the extra comma",
                "item 3 `6x@14`: cannot read duration `6x`; write it as 30m, 1h30m, 18h or 2d",
                "item 4 `2h@warm`: cannot read temperature `warm`; write a number in C such as 5 or -20",
                "item 5 `0m@5`: the duration is zero; give a positive duration",
                "item 6 `3h`: expected DURATION@TEMP such as 6h@14",
            ]
        );
    }
}
