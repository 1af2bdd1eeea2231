//! Temperature records from data-logger CSV text.
//!
//! [`parse_logger`] reads the CSV export of a temperature data logger from
//! a `&str` (the caller reads the file): one reading per row, a timestamp
//! and a temperature.
//!
//! - Rows are split by the `csv` crate: delimiter `;`, tab or `,`,
//!   detected from the first data row (`;` wins over tab, tab over `,`);
//!   quoted fields may hold the delimiter. A decimal comma is accepted in
//!   any field (`5,2` is 5.2 C; in a comma-separated file it must be
//!   quoted, `"5,2"`); a row with more fields than the first row is
//!   refused (an unquoted decimal comma, say).
//! - Vendor preambles (device, serial number, trip notes above the data)
//!   are skipped up to the header row: the header is the last line above
//!   the first two data rows that has no number or time and names a time
//!   or date column. Without
//!   such a header nothing is skipped unless [`LoggerOptions::skip_lines`]
//!   says so. Line numbers in messages always count every line.
//! - Columns and units: [`columns`] (a header picks them; several
//!   temperature columns need [`LoggerOptions::column`]; `°F`, `degF`,
//!   `[F]`, `Temp F`... are read as Fahrenheit and converted to C).
//! - Timestamps: [`stamp`] (ISO 8601, day-first and month-first numeric
//!   dates, 12-hour clocks, separate date and time columns, epoch
//!   seconds or milliseconds, or a `--date-format` pattern). Stamps
//!   without an offset are read in [`LoggerOptions::naive_time_zone`].
//! - Blank lines and lines starting with `#` are skipped.
//!
//! Every bad row is reported, with its 1-based line number and a message
//! that says what to fix ([`Error::BadRows`]). Readings must be in strictly
//! increasing time order.
//!
//! [`record_from_readings`] turns readings into a record by sample and
//! hold, with pauses longer than a threshold kept as gaps of unknown
//! temperature ([`record`]).
//!
//! This module does no I/O.

pub mod columns;
pub mod record;
pub mod stamp;

use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::error::{Error, RowError};
use crate::units::Celsius;
use columns::Columns;
pub use columns::{unit_in_name, TempUnit, UnitFrom};
pub use record::{median_interval_s, record_from_readings, LoggerRecord, DEFAULT_GAP_FACTOR};
pub use stamp::{DateFormat, DateOrder};
use stamp::{Lexed, Shape};

/// Lowest and highest temperatures accepted from a logger, C. Values
/// outside are almost always error codes (-999, 9999) or a Fahrenheit or
/// kelvin column.
pub const PLAUSIBLE_C: (f64, f64) = (-150.0, 150.0);

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
    /// Line numbers in messages still count them. A preamble above a
    /// header row is found without it.
    pub skip_lines: usize,
    /// How dates are written; [`DateFormat::Auto`] recognises the shape and
    /// settles day-first or month-first from the rows.
    pub date_format: DateFormat,
}

impl Default for LoggerOptions {
    fn default() -> LoggerOptions {
        LoggerOptions {
            naive_time_zone: TimeZone::UTC,
            unit: None,
            column: None,
            skip_lines: 0,
            date_format: DateFormat::Auto,
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

/// What [`parse_logger`] read, and how it read it (for the report: a
/// quality reviewer sees which column, unit and lines were taken).
#[derive(Clone, Debug, PartialEq)]
pub struct LoggerData {
    /// The readings, in time order.
    pub readings: Vec<Reading>,
    /// Lines before the header skipped as a preamble (by
    /// [`LoggerOptions::skip_lines`] or found).
    pub preamble_lines: usize,
    /// The temperature column's header name, when there is a header.
    pub column: Option<String>,
    /// The temperature column's unit.
    pub unit: TempUnit,
    /// How the unit was decided.
    pub unit_from: UnitFrom,
    /// How the dates were written: an example of their shape, and the
    /// order of numeric dates when they have one.
    pub dates: String,
}

const TIMESTAMP_HELP: &str = "write it as 2021-03-28T14:05:00-06:00, 2021-03-28 14:05:00 or 28/03/2021 14:05, or give --date-format";

/// Reads logger CSV text into readings in time order.
///
/// # Errors
/// [`Error::BadRows`] listing every unreadable row; [`Error::TooFewReadings`]
/// when fewer than two readings remain.
pub fn parse_logger(text: &str, opts: &LoggerOptions) -> Result<LoggerData, Error> {
    let text = text.trim_start_matches('\u{feff}');
    let (delim, preamble) = layout(text, opts);
    let skip = opts.skip_lines.max(preamble);
    // A skipped preamble becomes blank lines, so line numbers stay right.
    let blanked: String;
    let text = if skip > 0 {
        blanked = text
            .split_inclusive('\n')
            .enumerate()
            .map(|(i, l)| if i < skip { "\n" } else { l })
            .collect();
        blanked.as_str()
    } else {
        text
    };
    // The csv crate splits the rows: quoted fields may hold the delimiter
    // (`"8,9"` is one field), and `""` is a quote inside one.
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delim as u8)
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut bad = Vec::new();
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line() as usize);
                let fields: Vec<String> = r
                    .iter()
                    .map(|f| f.trim_matches('"').trim().to_string())
                    .collect();
                if !fields.iter().all(String::is_empty) {
                    rows.push((line, fields));
                }
            }
            Err(e) => bad.push(RowError {
                line: e.position().map_or(0, |p| p.line() as usize),
                message: format!("cannot split the row ({e}); check its quotes"),
            }),
        }
    }
    let mut data_rows: &[(usize, Vec<String>)] = &rows;
    let cols = match rows.first() {
        None => None,
        Some((line, first)) => {
            let first: Vec<&str> = first.iter().map(String::as_str).collect();
            if columns::is_header(&first) {
                data_rows = &rows[1..];
                match columns::from_header(&first, opts) {
                    Ok(c) => Some(c),
                    Err(message) => {
                        bad.push(RowError {
                            line: *line,
                            message,
                        });
                        None
                    }
                }
            } else {
                Some(columns::plain(&first, opts))
            }
        }
    };
    let Some(cols) = cols else {
        return finish(bad, Vec::new(), skip, None, "");
    };
    // Fields of the header or the first data row: later rows with more
    // fields are refused (an unquoted decimal comma in a comma file).
    let width = rows.first().map_or(0, |r| r.1.len());
    let mut readings: Vec<Reading> = Vec::new();
    let stamps = read_stamps(data_rows, &cols, width, delim, opts, &mut bad);
    let dates = stamps.1.clone();
    for ((line, fields), at) in data_rows.iter().zip(stamps.0) {
        let Some(at) = at else { continue };
        let temp_text = fields[cols.temp].as_str();
        let temp = match temperature(temp_text, cols.unit) {
            Ok(t) => t,
            Err(message) => {
                bad.push(RowError {
                    line: *line,
                    message,
                });
                continue;
            }
        };
        if let Some(prev) = readings.last() {
            if at <= prev.at {
                bad.push(RowError {
                    line: *line,
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
            line: *line,
        });
    }
    finish(bad, readings, skip, Some(cols), &dates)
}

fn finish(
    mut bad: Vec<RowError>,
    readings: Vec<Reading>,
    preamble_lines: usize,
    cols: Option<Columns>,
    dates: &str,
) -> Result<LoggerData, Error> {
    if !bad.is_empty() {
        bad.sort_by_key(|r| r.line);
        return Err(Error::BadRows { rows: bad });
    }
    if readings.len() < 2 {
        return Err(Error::TooFewReadings {
            found: readings.len(),
        });
    }
    let cols = cols.unwrap_or_else(|| columns::plain(&[], &LoggerOptions::default()));
    Ok(LoggerData {
        readings,
        preamble_lines,
        column: cols.temp_name,
        unit: cols.unit,
        unit_from: cols.unit_from,
        dates: dates.to_string(),
    })
}

/// The timestamp of every data row (`None` for a bad row, reported in
/// `bad`), and a description of how the dates are written.
fn read_stamps(
    rows: &[(usize, Vec<String>)],
    cols: &Columns,
    width: usize,
    delim: char,
    opts: &LoggerOptions,
    bad: &mut Vec<RowError>,
) -> (Vec<Option<Timestamp>>, String) {
    let utc = TimeZone::UTC;
    let tz = if cols.utc {
        &utc
    } else {
        &opts.naive_time_zone
    };
    let mut out: Vec<Option<Timestamp>> = vec![None; rows.len()];
    // Shape checks and lexing, row by row.
    let mut lexed: Vec<Option<Lexed>> = vec![None; rows.len()];
    let mut clocks: Vec<Option<(u32, u32, u32, u32)>> = vec![None; rows.len()];
    let mut texts: Vec<String> = vec![String::new(); rows.len()];
    let mut shape: Option<(Shape, usize)> = None;
    let need = cols.need();
    for (i, (line, fields)) in rows.iter().enumerate() {
        let line = *line;
        let mut fail = |message: String| bad.push(RowError { line, message });
        if fields.len() > width {
            let hint = if delim == ',' {
                "; a decimal comma in a comma-separated file? write 8.9, or quote the value as \"8,9\""
            } else {
                ""
            };
            fail(format!(
                "the row has {} fields but the first row has {width}{hint}",
                fields.len()
            ));
            continue;
        }
        if fields.len() < need {
            fail(format!(
                "expected at least {need} fields separated by {}, found {}; add the missing timestamp or temperature",
                delimiter_name(delim),
                fields.len()
            ));
            continue;
        }
        let ts = match cols.date {
            Some(d) => format!("{} {}", fields[d], fields[cols.time]),
            None => fields[cols.time].clone(),
        };
        if ts.trim().is_empty() {
            fail("the timestamp is empty; fill it in or delete the row".to_string());
            continue;
        }
        texts[i] = ts.clone();
        if let DateFormat::Pattern(p) = &opts.date_format {
            match stamp::with_pattern(p, &ts, tz) {
                Ok(t) => out[i] = Some(t),
                Err(e) => fail(format!("cannot read timestamp `{ts}`: it {e}")),
            }
            continue;
        }
        // A zone annotation (`2021-03-28T14:05[Europe/Paris]`) is honoured
        // or refused, never dropped.
        if ts.contains('[') {
            if let Err(e) = crate::time::parse_instant(&ts, tz) {
                fail(format!("{e}; {}", e.help()));
                continue;
            }
        }
        let l = match cols.date {
            Some(d) => {
                let date = stamp::lex(&fields[d], tz).filter(Lexed::date_only);
                let clock = stamp::parse_clock(&fields[cols.time]);
                match (date, clock) {
                    (Some(date), Some(clock)) => {
                        clocks[i] = Some(clock);
                        Some(date)
                    }
                    _ => None,
                }
            }
            None => stamp::lex(&ts, tz),
        };
        let Some(l) = l else {
            fail(format!("cannot read timestamp `{ts}`; {TIMESTAMP_HELP}"));
            continue;
        };
        match shape {
            None => shape = Some((l.shape, line)),
            Some((s, first_line)) if s != l.shape => {
                fail(format!(
                    "timestamp `{ts}` is written differently from line {first_line}'s ({}); write every row one way",
                    s.example()
                ));
                continue;
            }
            Some(_) => {}
        }
        lexed[i] = Some(l);
    }
    let given = match &opts.date_format {
        DateFormat::Order(o) => Some(*o),
        _ => None,
    };
    let indexed: Vec<(usize, Option<&Lexed>)> = lexed
        .iter()
        .enumerate()
        .map(|(i, l)| (i, l.as_ref()))
        .collect();
    let order = match stamp::settle_order(&indexed, given) {
        Ok(o) => o,
        Err((i, message)) => {
            bad.push(RowError {
                line: rows[i].0,
                message: format!("`{}`: {message}", texts[i]),
            });
            return (vec![None; rows.len()], String::new());
        }
    };
    for (i, l) in lexed.iter().enumerate() {
        let Some(l) = l else { continue };
        match stamp::resolve(l, order, clocks[i], tz) {
            Ok(t) => out[i] = Some(t),
            Err(e) => bad.push(RowError {
                line: rows[i].0,
                message: format!("cannot read timestamp `{}`: {e}", texts[i]),
            }),
        }
    }
    let dates = match (&opts.date_format, shape) {
        (DateFormat::Pattern(p), _) => format!("--date-format `{p}`"),
        (
            _,
            Some((
                Shape::Numeric {
                    sep,
                    year_first: false,
                },
                _,
            )),
        ) => match order {
            DateOrder::Mdy => format!("03{sep}28{sep}2021 14:05 (month first)"),
            _ => format!("28{sep}03{sep}2021 14:05 (day first)"),
        },
        (_, Some((s, _))) => s.example().to_string(),
        (_, None) => String::new(),
    };
    (out, dates)
}

fn temperature(text: &str, unit: TempUnit) -> Result<Celsius, String> {
    if text.is_empty() {
        return Err("the temperature is empty; fill it in or delete the row".to_string());
    }
    let Some(t) = parse_number(text).map(|t| match unit {
        TempUnit::Celsius => t,
        TempUnit::Fahrenheit => (t - 32.0) * 5.0 / 9.0,
    }) else {
        return Err(format!(
            "cannot read temperature `{text}`; write a number in C such as 5.2"
        ));
    };
    if !(PLAUSIBLE_C.0..=PLAUSIBLE_C.1).contains(&t) {
        return Err(format!(
            "temperature {t} C is outside {}..{} C; it is probably a logger error code or another unit, so delete the row or convert it",
            PLAUSIBLE_C.0, PLAUSIBLE_C.1
        ));
    }
    Ok(Celsius(t))
}

/// The delimiter, and the number of preamble lines above the header row.
///
/// The data starts at the first line that, split by some delimiter (`;`,
/// tab, `,`), has a timestamp (or a date and a time of day) and a number,
/// and is followed by another such line of the same width. The header is
/// the last line above it with no number or time that names a time or
/// date column; the lines above the header are the preamble. When no such
/// rows are found the delimiter is taken from the first non-comment line
/// and nothing is skipped.
fn layout(text: &str, opts: &LoggerOptions) -> (char, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let fallback = lines
        .iter()
        .skip(opts.skip_lines)
        .map(|l| l.trim())
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .map_or(',', detect_delimiter);
    let content: Vec<usize> = (opts.skip_lines..lines.len())
        .filter(|&i| {
            let l = lines[i].trim();
            !l.is_empty() && !l.starts_with('#')
        })
        .collect();
    for d in [';', '\t', ','] {
        let width = |i: usize| data_width(lines[i], d);
        for w in content.windows(2) {
            let (Some(a), Some(b)) = (width(w[0]), width(w[1])) else {
                continue;
            };
            if a != b {
                continue;
            }
            // w[0] is the first data row for this delimiter.
            let pos = content.iter().position(|&i| i == w[0]).unwrap_or(0);
            // The header is the last header-like line above the first two
            // data rows (rows between them are bad rows, reported later);
            // the preamble is what lies above it, when any of it is more
            // than a comment or a blank line.
            let header = (0..pos)
                .rev()
                .find(|&p| is_header_line(lines[content[p]], d));
            let preamble = match header {
                Some(p) if p > 0 => content[p],
                _ => opts.skip_lines,
            };
            return (d, preamble);
        }
    }
    (fallback, opts.skip_lines)
}

/// The field count of a line that looks like a data row when split by
/// `d`: a timestamp (or a date and a time of day) and another field that
/// is a number.
fn data_width(line: &str, d: char) -> Option<usize> {
    let fields = split_simple(line, d);
    if fields.len() < 2 {
        return None;
    }
    let time = fields.iter().position(|f| stamp::looks_like_time(f))?;
    let has_number = fields
        .iter()
        .enumerate()
        .any(|(i, f)| i != time && !stamp::clock_only(f) && parse_number(f).is_some());
    has_number.then_some(fields.len())
}

fn is_header_line(line: &str, d: char) -> bool {
    let fields = split_simple(line, d);
    fields.len() >= 2
        && columns::is_header(&fields)
        && fields.iter().any(|f| {
            let f = f.to_lowercase();
            f.contains("time") || f.contains("date")
        })
}

/// Splits a line by `d`, honouring double quotes (for layout detection
/// only; the rows themselves are split by the csv crate).
fn split_simple(line: &str, d: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == d && !quoted {
            out.push(line[start..i].trim().trim_matches('"').trim());
            start = i + c.len_utf8();
        }
    }
    out.push(line[start..].trim().trim_matches('"').trim());
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, opts: &LoggerOptions) -> Result<Vec<Reading>, Error> {
        parse_logger(text, opts).map(|d| d.readings)
    }

    #[test]
    fn a_zone_annotation_is_honoured_or_refused() {
        let opts = LoggerOptions::default();
        let text = "time,temp\n2021-03-28T14:05:00[Europe/Paris],5.0\n2021-03-28T14:10:00[Europe/Paris],5.1\n";
        let paris = read(text, &opts).expect("a known zone");
        // 14:05 in Paris on 28 March 2021 (summer time) is 12:05Z.
        assert_eq!(paris[0].at.as_second(), 1_616_933_100);
        let Err(Error::BadRows { rows }) = read(&text.replace("Paris]", "Pariss]"), &opts) else {
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
        read(text, &utc())
            .unwrap_or_else(|e| panic!("{e:?}"))
            .iter()
            .map(|r| (secs(r), r.temp.0))
            .collect()
    }

    fn bad_rows(text: &str) -> Vec<(usize, String)> {
        match read(text, &utc()) {
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
        let r = read("2021-03-28 14:00:00,5\n2021-03-28 14:05:00,5\n", &opts).unwrap();
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
            "timestamp `28/03/2021 20:05` is written differently from line 2's (ISO 8601); write every row one way"
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
            let r = read(&text, &utc()).unwrap_or_else(|e| panic!("{header}: {e}"));
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
                read(&text, &utc()).unwrap()[1].temp,
                Celsius(5.0),
                "{header}"
            );
        }
        let opts = LoggerOptions {
            unit: Some(TempUnit::Fahrenheit),
            ..LoggerOptions::default()
        };
        let r = read("2021-03-28T20:00:00Z,41\n2021-03-28T20:05:00Z,5\n", &opts).unwrap();
        assert!((r[0].temp.0 - 5.0).abs() < 1e-9);
    }

    #[test]
    fn decimal_commas_quoted_or_not() {
        // Quoted in a comma file: one field, 8.9 C.
        let r = read(
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
        let Err(Error::BadRows { rows }) = read(text, &opts) else {
            panic!("the bad row must be reported");
        };
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 6);
        let ok = text.replace("warm", "6");
        assert_eq!(read(&ok, &opts).unwrap().len(), 2);
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
            let r = read(text, &opts).unwrap();
            assert_eq!(r[1].temp, Celsius(6.0), "{column}");
        }
    }

    #[test]
    fn too_few_readings() {
        assert_eq!(
            read("timestamp,temp\n2021-03-28T20:00:00Z,5\n", &utc()),
            Err(Error::TooFewReadings { found: 1 })
        );
        assert_eq!(read("", &utc()), Err(Error::TooFewReadings { found: 0 }));
    }

    fn readings_with(text: &str, opts: &LoggerOptions) -> Vec<(i64, f64)> {
        read(text, opts)
            .unwrap_or_else(|e| panic!("{e:?}"))
            .iter()
            .map(|r| (secs(r), (r.temp.0 * 1000.0).round() / 1000.0))
            .collect()
    }

    /// 2021-03-28T06:00:00Z.
    const T6: i64 = 1_616_911_200;

    #[test]
    fn vendor_date_shapes() {
        let want = vec![(T6, 4.8), (T6 + 300, 5.0)];
        for text in [
            // Separate date and time columns, day-first.
            "Date,Time,Temperature (°C)\n28/03/2021,06:00:00,4.8\n28/03/2021,06:05:00,5.0\n",
            // Month-first with a 12-hour clock.
            "Date/Time,Temp\n3/28/2021 6:00:00 AM,4.8\n3/28/2021 6:05:00 AM,5.0\n",
            // Dotted, semicolons, decimal comma.
            "Zeit;Temperatur [°C]\n28.03.2021 06:00:00;4,8\n28.03.2021 06:05:00;5,0\n",
            // Epoch seconds and milliseconds, no header.
            "1616911200,4.8\n1616911500,5.0\n",
            "\"1616911200000\",\"4.8\"\n\"1616911500000\",\"5.0\"\n",
            // No header, separate date and time.
            "28/03/2021;06:00;4,8\n28/03/2021;06:05;5,0\n",
        ] {
            assert_eq!(readings_with(text, &utc()), want, "{text}");
        }
    }

    #[test]
    fn a_preamble_above_the_header_is_skipped_and_said() {
        let text = "LogTag Analyzer export\nSerial number:,1234567890\nStart of recording:,28/03/2021 06:00:00\n\nDate,Time,Temperature (°C)\n28/03/2021,06:00:00,4.8\n28/03/2021,06:05:00,warm\n28/03/2021,06:10:00,4.9\n28/03/2021,06:15:00,5.0\n";
        let Err(Error::BadRows { rows }) = parse_logger(text, &utc()) else {
            panic!("the bad row must be reported");
        };
        assert_eq!((rows.len(), rows[0].line), (1, 7));
        let d = parse_logger(&text.replace("warm", "5.0"), &utc()).unwrap();
        assert_eq!(d.preamble_lines, 4);
        assert_eq!(d.column.as_deref(), Some("Temperature (°C)"));
        assert_eq!(d.dates, "28/03/2021 14:05 (day first)");
        assert_eq!(d.readings[0].at.as_second(), T6);
        // Comment lines above the header are no preamble.
        let d = parse_logger(
            "# trip 12\ntime,temp\n2021-03-28T06:00:00Z,5\n2021-03-28T06:05:00Z,5\n",
            &utc(),
        )
        .unwrap();
        assert_eq!(d.preamble_lines, 0);
    }

    #[test]
    fn a_bad_first_row_is_never_taken_for_a_preamble() {
        let rows =
            bad_rows("2021-03-28T06:00:00Z,warm\n2021-03-28T06:05:00Z,5\n2021-03-28T06:10:00Z,5\n");
        assert_eq!(rows[0].0, 1);
    }

    #[test]
    fn a_time_column_named_utc_is_read_as_utc() {
        let opts = LoggerOptions {
            naive_time_zone: TimeZone::get("America/El_Salvador").unwrap(),
            ..LoggerOptions::default()
        };
        let text =
            "Date (UTC),Temperature (°C)\n2021-03-28 06:00:00,4.8\n2021-03-28 06:05:00,5.0\n";
        assert_eq!(readings_with(text, &opts)[0].0, T6);
        let local = text.replace(" (UTC)", "");
        assert_eq!(readings_with(&local, &opts)[0].0, T6 + 6 * 3600);
    }

    #[test]
    fn ambiguous_and_mixed_dates_are_refused_with_the_way_out() {
        let text = "time,temp\n03/04/2021 06:00,5\n03/04/2021 06:05,5\n";
        let rows = bad_rows(text);
        assert_eq!(rows[0].0, 2);
        assert!(
            rows[0]
                .1
                .contains("give --date-format DMY (day first) or MDY"),
            "{}",
            rows[0].1
        );
        for (format, day) in [("DMY", 3), ("MDY", 4)] {
            let opts = LoggerOptions {
                date_format: DateFormat::parse(format).unwrap(),
                ..LoggerOptions::default()
            };
            let r = read(text, &opts).unwrap();
            let day_of = |s: i64| (s - 1_609_459_200) / 86_400; // days since 2021-01-01
                                                                // 3 April is day 92 of 2021, 4 March day 62.
            assert_eq!(
                day_of(r[0].at.as_second()),
                if day == 3 { 92 } else { 62 },
                "{format}"
            );
        }
        let rows = bad_rows("time,temp\n28/04/2021 06:00,5\n04/28/2021 06:05,5\n");
        assert!(
            rows[0].1.contains("day-first and some month-first"),
            "{}",
            rows[0].1
        );
        let opts = LoggerOptions {
            date_format: DateFormat::parse("%d/%m/%Y %I:%M %p").unwrap(),
            ..LoggerOptions::default()
        };
        let r = readings_with(
            "time,temp\n28/03/2021 06:00 AM,4.8\n28/03/2021 06:05 AM,5.0\n",
            &opts,
        );
        assert_eq!(r[0].0, T6);
    }
}
