//! Timestamps of logger rows, in the shapes vendor exports write them.
//!
//! A timestamp is one of:
//!
//! - **ISO 8601 / RFC 3339**: `2021-03-28T14:05:00-06:00`,
//!   `2021-03-28T20:05:00Z`, `2021-03-28 14:05:00`, with an optional
//!   `[Zone]` annotation (honoured or refused, never dropped);
//! - **numeric dates** with `/`, `.` or `-`: `28/03/2021`, `3/28/2021`,
//!   `28.03.2021`, `2021/03/28`, followed by a time of day `H:MM`,
//!   `H:MM:SS` or `H:MM:SS.fff`, in 24-hour form or 12-hour form with
//!   `AM`/`PM` (`6:00:00 AM`), and optionally `Z`, `UTC`, `GMT` or an
//!   offset (`+02:00`, `+0200`);
//! - **epoch time**: 9 or 10 digits are seconds since 1970-01-01T00:00Z,
//!   12 or 13 digits milliseconds (fractions of a second allowed);
//! - anything a `strftime`-style pattern given with `--date-format` reads
//!   (`%d/%m/%Y %I:%M %p`).
//!
//! Day-first or month-first: a numeric date whose year is last is read
//! day-first when some row of the file has a first number above 12,
//! month-first when some row has a second number above 12, and is refused
//! as ambiguous when no row settles it (unless every row reads the same
//! either way), with a request for [`DateFormat::Order`]. Dotted dates
//! (`28.03.2021`) are day-first, as everywhere they are written. A file
//! uses one shape for all its rows: a row in another shape is refused
//! rather than guessed.

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// In which order the day, month and year of a numeric date are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrder {
    /// Day, month, year: `28/03/2021`.
    Dmy,
    /// Month, day, year: `3/28/2021`.
    Mdy,
    /// Year, month, day: `2021/03/28`.
    Ymd,
}

/// How the dates of a logger file are written.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum DateFormat {
    /// Recognise the shape; settle day-first or month-first from the rows.
    #[default]
    Auto,
    /// Numeric dates in this order.
    Order(DateOrder),
    /// A `strftime`-style pattern (`%d/%m/%Y %H:%M`) for the whole
    /// timestamp, read by `jiff::fmt::strtime`.
    Pattern(String),
}

impl DateFormat {
    /// Reads `DMY`, `MDY`, `YMD` (any case) or a pattern containing `%`.
    ///
    /// # Errors
    /// [`Error::BadDateFormat`](crate::thermal::Error::BadDateFormat), whose
    /// message says what is accepted.
    pub fn parse(text: &str) -> Result<DateFormat, crate::thermal::Error> {
        match text.trim().to_ascii_uppercase().as_str() {
            "DMY" => Ok(DateFormat::Order(DateOrder::Dmy)),
            "MDY" => Ok(DateFormat::Order(DateOrder::Mdy)),
            "YMD" => Ok(DateFormat::Order(DateOrder::Ymd)),
            _ if text.contains('%') => Ok(DateFormat::Pattern(text.to_string())),
            _ => Err(crate::thermal::Error::BadDateFormat {
                text: text.to_string(),
            }),
        }
    }
}

/// The shape of a timestamp, whatever its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shape {
    /// ISO 8601 / RFC 3339 (read by jiff).
    Iso,
    /// A numeric date with this separator; `year_first` for `2021/03/28`.
    Numeric { sep: char, year_first: bool },
    /// Seconds (or milliseconds) since the epoch.
    Epoch { millis: bool },
}

impl Shape {
    /// How the shape is written, for messages.
    pub(super) fn example(self) -> &'static str {
        match self {
            Shape::Iso => "ISO 8601",
            Shape::Numeric {
                year_first: true, ..
            } => "2021/03/28 14:05",
            Shape::Numeric { sep: '.', .. } => "28.03.2021 14:05",
            Shape::Numeric { .. } => "28/03/2021 14:05",
            Shape::Epoch { millis: false } => "1616940300 (epoch seconds)",
            Shape::Epoch { millis: true } => "1616940300000 (epoch milliseconds)",
        }
    }
}

/// A timestamp split into its parts, before the date order is known.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Lexed {
    pub(super) shape: Shape,
    /// The three date numbers as written (numeric shape only).
    parts: [u32; 3],
    /// Hour (0-23 after AM/PM), minute, second, nanosecond.
    clock: Option<(u32, u32, u32, u32)>,
    /// An explicit UTC offset, s (`Z`, `UTC`, `+02:00`).
    offset_s: Option<i32>,
    /// ISO and epoch stamps are resolved while lexing.
    resolved: Option<Timestamp>,
}

impl Lexed {
    /// Whether the stamp has a date only (`28/03/2021`), for files with a
    /// separate time column.
    pub(super) fn date_only(&self) -> bool {
        matches!(self.shape, Shape::Numeric { .. }) && self.clock.is_none()
    }

    /// The first two date numbers when the order is open (`28/03/2021`
    /// gives (28, 3)); `None` for other shapes.
    pub(super) fn open_order(&self) -> Option<(u32, u32)> {
        match self.shape {
            Shape::Numeric {
                sep: '/' | '-',
                year_first: false,
            } => Some((self.parts[0], self.parts[1])),
            _ => None,
        }
    }
}

/// Splits a timestamp into its parts; `None` when it has no known shape.
/// ISO stamps without an offset and numeric ones are civil times in
/// `naive_tz`.
pub(super) fn lex(s: &str, naive_tz: &TimeZone) -> Option<Lexed> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(t) = iso(s, naive_tz) {
        return Some(Lexed {
            shape: Shape::Iso,
            parts: [0; 3],
            clock: None,
            offset_s: None,
            resolved: Some(t),
        });
    }
    if let Some((t, millis)) = epoch(s) {
        return Some(Lexed {
            shape: Shape::Epoch { millis },
            parts: [0; 3],
            clock: None,
            offset_s: None,
            resolved: Some(t),
        });
    }
    numeric(s)
}

/// Whether a text looks like a timestamp or a date at all (for telling a
/// header from a data row).
pub(super) fn looks_like_time(s: &str) -> bool {
    lex(s, &TimeZone::UTC).is_some() || clock_only(s)
}

/// `14:05`, `14:05:00`, `6:00:00 AM`: a time column of its own.
pub(super) fn clock_only(s: &str) -> bool {
    let mut c = Cursor::new(s.trim());
    c.clock().is_some() && c.ampm_and_zone().is_some() && c.done()
}

fn iso(s: &str, naive_tz: &TimeZone) -> Option<Timestamp> {
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Some(ts);
    }
    if s.contains('[') {
        let t = crate::time::parse_instant(s, naive_tz).ok()?;
        return Timestamp::from_second(t.0).ok();
    }
    let dt: DateTime = s.parse().ok()?;
    // A date alone (`2021-03-28`) parses as midnight: that is a date
    // column, not a timestamp.
    if !s.contains(':') {
        return None;
    }
    naive_tz.to_timestamp(dt).ok()
}

fn epoch(s: &str) -> Option<(Timestamp, bool)> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let millis = match int.len() {
        9 | 10 => false,
        12 | 13 => true,
        _ => return None,
    };
    let v: f64 = s.parse().ok()?;
    let ns = if millis { v * 1e6 } else { v * 1e9 };
    Timestamp::from_nanosecond(ns.round() as i128)
        .ok()
        .map(|t| (t, millis))
}

fn numeric(s: &str) -> Option<Lexed> {
    let mut c = Cursor::new(s);
    let (a, la) = c.number()?;
    let sep = c.one_of(&['/', '.', '-'])?;
    let (b, _) = c.number()?;
    c.eat(sep).then_some(())?;
    let (y, ly) = c.number()?;
    let year_first = la == 4;
    if !(year_first || ly == 4) {
        // Two-digit years are not guessed.
        return None;
    }
    let parts = [a, b, y];
    // The time of day, after a space, a `T` or `, `.
    c.eat(',');
    let had_space = c.spaces();
    let t = c.eat('T');
    if c.done() {
        return Some(Lexed {
            shape: Shape::Numeric { sep, year_first },
            parts,
            clock: None,
            offset_s: None,
            resolved: None,
        });
    }
    if !(had_space || t) {
        return None;
    }
    let (h, m, sec, ns) = c.clock()?;
    let (ampm, offset_s) = c.ampm_and_zone()?;
    if !c.done() {
        return None;
    }
    let h = match ampm {
        None => h,
        Some(_) if !(1..=12).contains(&h) => return None,
        Some(false) => h % 12,
        Some(true) => h % 12 + 12,
    };
    Some(Lexed {
        shape: Shape::Numeric { sep, year_first },
        parts,
        clock: Some((h, m, sec, ns)),
        offset_s,
        resolved: None,
    })
}

/// A civil date-time, or an instant when the stamp gives an offset.
pub(super) fn resolve(
    l: &Lexed,
    order: DateOrder,
    clock: Option<(u32, u32, u32, u32)>,
    naive_tz: &TimeZone,
) -> Result<Timestamp, String> {
    if let Some(t) = l.resolved {
        return Ok(t);
    }
    let [p, q, r] = l.parts;
    let (y, m, d) = match (l.shape, order) {
        (
            Shape::Numeric {
                year_first: true, ..
            },
            _,
        ) => (p, q, r),
        (_, DateOrder::Mdy) => (r, p, q),
        (_, DateOrder::Dmy | DateOrder::Ymd) => (r, q, p),
    };
    let Some((h, mi, s, ns)) = l.clock.or(clock) else {
        return Err("the timestamp has a date but no time of day; add the time".to_string());
    };
    let to_i = |v: u32| i8::try_from(v).map_err(|_| ());
    let dt = (|| {
        jiff::civil::DateTime::new(
            i16::try_from(y).map_err(|_| ())?,
            to_i(m)?,
            to_i(d)?,
            to_i(h)?,
            to_i(mi)?,
            to_i(s)?,
            i32::try_from(ns).map_err(|_| ())?,
        )
        .map_err(|_| ())
    })()
    .map_err(|()| {
        format!(
            "there is no such date and time (year {y}, month {m}, day {d}, {h:02}:{mi:02}:{s:02})"
        )
    })?;
    match l.offset_s {
        Some(off) => {
            let off = jiff::tz::Offset::from_seconds(off).map_err(|e| e.to_string())?;
            off.to_timestamp(dt).map_err(|e| e.to_string())
        }
        None => naive_tz.to_timestamp(dt).map_err(|e| {
            format!(
                "cannot place {dt} in {}: {e}",
                naive_tz.iana_name().unwrap_or("the time zone")
            )
        }),
    }
}

/// A time of day alone (`14:05:00`, `6:00 PM`), for a separate time
/// column.
pub(super) fn parse_clock(s: &str) -> Option<(u32, u32, u32, u32)> {
    let mut c = Cursor::new(s.trim());
    let (h, m, sec, ns) = c.clock()?;
    let (ampm, offset) = c.ampm_and_zone()?;
    if !c.done() || offset.is_some() {
        return None;
    }
    let h = match ampm {
        None => h,
        Some(_) if !(1..=12).contains(&h) => return None,
        Some(false) => h % 12,
        Some(true) => h % 12 + 12,
    };
    Some((h, m, sec, ns))
}

/// Reads a whole stamp with a `strftime`-style pattern.
pub(super) fn with_pattern(
    pattern: &str,
    s: &str,
    naive_tz: &TimeZone,
) -> Result<Timestamp, String> {
    let tm = jiff::fmt::strtime::parse(pattern, s.trim())
        .map_err(|e| format!("does not match --date-format `{pattern}` ({e})"))?;
    if tm.offset().is_some() {
        return tm
            .to_timestamp()
            .map_err(|e| format!("does not match --date-format `{pattern}` ({e})"));
    }
    let dt = tm
        .to_datetime()
        .map_err(|e| format!("does not match --date-format `{pattern}` ({e})"))?;
    naive_tz
        .to_timestamp(dt)
        .map_err(|e| format!("cannot place {dt} in the time zone: {e}"))
}

/// What the rows of a file say about the date order: the order to use, or
/// why none can be chosen (with the 0-based index of the row to blame).
pub(super) fn settle_order(
    rows: &[(usize, Option<&Lexed>)],
    given: Option<DateOrder>,
) -> Result<DateOrder, (usize, String)> {
    if let Some(o) = given {
        return Ok(o);
    }
    let mut day_first: Option<usize> = None;
    let mut month_first: Option<usize> = None;
    let mut open: Option<(usize, u32, u32)> = None;
    for &(i, l) in rows {
        let Some((a, b)) = l.and_then(Lexed::open_order) else {
            continue;
        };
        if a > 12 {
            day_first.get_or_insert(i);
        }
        if b > 12 {
            month_first.get_or_insert(i);
        }
        if a != b && a <= 12 && b <= 12 {
            open.get_or_insert((i, a, b));
        }
    }
    match (day_first, month_first, open) {
        (Some(d), Some(m), _) => Err((
            d.max(m),
            "some dates are day-first and some month-first (this one and the rows before it disagree); write them one way or give --date-format DMY or MDY".to_string(),
        )),
        (Some(_), None, _) => Ok(DateOrder::Dmy),
        (None, Some(_), _) => Ok(DateOrder::Mdy),
        (None, None, Some((i, a, b))) => Err((
            i,
            format!(
                "the date can be day {a} of month {b} or day {b} of month {a}, and no row of the file settles it; give --date-format DMY (day first) or MDY (month first)"
            ),
        )),
        (None, None, None) => Ok(DateOrder::Dmy),
    }
}

/// A small scanner over ASCII text.
struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Cursor<'a> {
        Cursor {
            s: s.as_bytes(),
            i: 0,
        }
    }

    fn done(&self) -> bool {
        self.i == self.s.len()
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c as u8) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn one_of(&mut self, cs: &[char]) -> Option<char> {
        let c = cs.iter().copied().find(|&c| self.peek() == Some(c as u8))?;
        self.i += 1;
        Some(c)
    }

    fn spaces(&mut self) -> bool {
        let start = self.i;
        while self.peek() == Some(b' ') {
            self.i += 1;
        }
        self.i > start
    }

    /// Digits: their value and count (at most 9).
    fn number(&mut self) -> Option<(u32, usize)> {
        let start = self.i;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) && self.i - start < 9 {
            self.i += 1;
        }
        let n = self.i - start;
        if n == 0 {
            return None;
        }
        let v = std::str::from_utf8(&self.s[start..self.i])
            .ok()?
            .parse()
            .ok()?;
        Some((v, n))
    }

    /// `H:MM`, `H:MM:SS`, `H:MM:SS.fff`.
    fn clock(&mut self) -> Option<(u32, u32, u32, u32)> {
        let (h, lh) = self.number()?;
        if lh > 2 || !self.eat(':') {
            return None;
        }
        let (m, lm) = self.number()?;
        if lm != 2 || m > 59 || h > 23 {
            return None;
        }
        let mut sec = 0;
        let mut ns = 0;
        if self.eat(':') {
            let (s, ls) = self.number()?;
            if ls != 2 || s > 59 {
                return None;
            }
            sec = s;
            if self.eat('.') || self.eat(',') {
                let (f, lf) = self.number()?;
                ns = f * 10u32.pow(9 - lf as u32);
            }
        }
        Some((h, m, sec, ns))
    }

    /// Optional ` AM`/` PM` (`a.m.` too) and then an optional zone: `Z`,
    /// `UTC`, `GMT`, `+02:00`, `+0200`. `None` when something else follows.
    #[allow(clippy::type_complexity)]
    fn ampm_and_zone(&mut self) -> Option<(Option<bool>, Option<i32>)> {
        self.spaces();
        let rest = std::str::from_utf8(&self.s[self.i..]).ok()?;
        let lower = rest.to_ascii_lowercase();
        let mut ampm = None;
        for (word, pm) in [("a.m.", false), ("p.m.", true), ("am", false), ("pm", true)] {
            if lower.starts_with(word) {
                ampm = Some(pm);
                self.i += word.len();
                break;
            }
        }
        self.spaces();
        let rest = std::str::from_utf8(&self.s[self.i..]).ok()?;
        let offset = match rest {
            "" => None,
            "Z" | "z" | "UTC" | "GMT" | "utc" | "gmt" => {
                self.i = self.s.len();
                Some(0)
            }
            _ => {
                let r = rest
                    .strip_prefix("UTC")
                    .or_else(|| rest.strip_prefix("GMT"))
                    .unwrap_or(rest);
                let sign = match r.as_bytes().first() {
                    Some(b'+') => 1,
                    Some(b'-') => -1,
                    _ => return Some((ampm, None)),
                };
                let digits: String = r[1..].chars().filter(|c| *c != ':').collect();
                if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let h: i32 = digits[..2].parse().ok()?;
                let m: i32 = digits[2..].parse().ok()?;
                if h > 18 || m > 59 {
                    return None;
                }
                self.i = self.s.len();
                Some(sign * (h * 3600 + m * 60))
            }
        };
        Some((ampm, offset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str, order: DateOrder) -> i64 {
        let l = lex(s, &TimeZone::UTC).unwrap_or_else(|| panic!("{s}"));
        resolve(&l, order, None, &TimeZone::UTC)
            .unwrap_or_else(|e| panic!("{s}: {e}"))
            .as_second()
    }

    /// 2021-03-28T06:00:00Z.
    const T: i64 = 1_616_911_200;

    #[test]
    fn every_shape_reads_the_same_instant() {
        use DateOrder::*;
        for (s, o) in [
            ("2021-03-28T06:00:00Z", Dmy),
            ("2021-03-28 06:00:00", Dmy),
            ("2021-03-28T00:00:00-06:00", Dmy),
            ("28/03/2021 06:00", Dmy),
            ("28/03/2021 06:00:00", Dmy),
            ("3/28/2021 6:00:00 AM", Mdy),
            ("03/28/2021 06:00 am", Mdy),
            ("3/28/2021 6:00:00 a.m.", Mdy),
            ("28.03.2021 06:00:00", Dmy),
            ("28-03-2021 06:00", Dmy),
            ("2021/03/28 06:00", Mdy),
            ("2021/3/28 6:00", Dmy),
            ("28/03/2021, 06:00:00", Dmy),
            ("28/03/2021T06:00:00", Dmy),
            ("28/03/2021 07:00:00 +01:00", Dmy),
            ("28/03/2021 07:00 +0100", Dmy),
            ("28/03/2021 06:00:00 UTC", Dmy),
            ("28/03/2021 06:00:00Z", Dmy),
            ("1616911200", Dmy),
            ("1616911200000", Dmy),
            ("1616911200.0", Dmy),
        ] {
            assert_eq!(at(s, o), T, "{s}");
        }
        assert_eq!(at("3/28/2021 6:00:00 PM", Mdy), T + 12 * 3600);
        assert_eq!(at("3/28/2021 12:00:00 AM", Mdy), T - 6 * 3600);
        assert_eq!(at("3/28/2021 12:30 PM", Mdy), T + 6 * 3600 + 1800);
        assert_eq!(at("28/03/2021 06:00:00.250", Dmy), T);
    }

    #[test]
    fn not_timestamps() {
        for s in [
            "",
            "5.2",
            "warm",
            "28/03/21 06:00",
            "28/03/2021 6",
            "28/03/2021 25:00",
            "28/03/2021 06:61",
            "13:00 PM x",
            "12345",
            "2021-03-28",
            "3/28/2021 13:00 PM",
            "28/03/2021 06:00 Paris",
        ] {
            let l = lex(s, &TimeZone::UTC);
            let ok = l
                .as_ref()
                .is_some_and(|l| resolve(l, DateOrder::Dmy, None, &TimeZone::UTC).is_ok());
            assert!(!ok, "{s}: {l:?}");
        }
        // A date alone is a date (for a separate time column), not a stamp.
        assert!(lex("28/03/2021", &TimeZone::UTC).unwrap().date_only());
        assert!(clock_only("6:00:00 PM"));
        assert!(clock_only("14:05"));
        assert!(!clock_only("14"));
        assert_eq!(parse_clock("6:05:30 pm"), Some((18, 5, 30, 0)));
    }

    #[test]
    fn a_date_without_time_needs_a_time_column() {
        let l = lex("28/03/2021", &TimeZone::UTC).unwrap();
        assert!(resolve(&l, DateOrder::Dmy, None, &TimeZone::UTC).is_err());
        let t = resolve(&l, DateOrder::Dmy, parse_clock("06:00"), &TimeZone::UTC).unwrap();
        assert_eq!(t.as_second(), T);
    }

    #[test]
    fn no_such_date() {
        let l = lex("31/02/2021 06:00", &TimeZone::UTC).unwrap();
        let e = resolve(&l, DateOrder::Dmy, None, &TimeZone::UTC).unwrap_err();
        assert!(e.contains("no such date"), "{e}");
    }

    fn order_of(stamps: &[&str]) -> Result<DateOrder, (usize, String)> {
        let lexed: Vec<Option<Lexed>> = stamps.iter().map(|s| lex(s, &TimeZone::UTC)).collect();
        let rows: Vec<(usize, Option<&Lexed>)> = lexed
            .iter()
            .enumerate()
            .map(|(i, l)| (i, l.as_ref()))
            .collect();
        settle_order(&rows, None)
    }

    #[test]
    fn day_first_or_month_first_is_settled_by_the_rows_or_asked_for() {
        assert_eq!(
            order_of(&["03/04/2021 06:00", "28/04/2021 06:00"]),
            Ok(DateOrder::Dmy)
        );
        assert_eq!(
            order_of(&["04/03/2021 06:00", "04/28/2021 06:00"]),
            Ok(DateOrder::Mdy)
        );
        // Same either way.
        assert_eq!(
            order_of(&["03/03/2021 06:00", "03/03/2021 07:00"]),
            Ok(DateOrder::Dmy)
        );
        let (row, msg) = order_of(&["03/04/2021 06:00", "03/04/2021 07:00"]).unwrap_err();
        assert_eq!(row, 0);
        assert!(msg.contains("--date-format DMY"), "{msg}");
        let (row, msg) = order_of(&["28/04/2021 06:00", "04/28/2021 06:00"]).unwrap_err();
        assert_eq!(row, 1);
        assert!(
            msg.contains("some dates are day-first and some month-first"),
            "{msg}"
        );
        // Dotted dates are day-first; no question.
        assert_eq!(
            order_of(&["03.04.2021 06:00", "03.04.2021 07:00"]),
            Ok(DateOrder::Dmy)
        );
    }

    #[test]
    fn patterns() {
        let t = with_pattern("%d/%m/%Y %I:%M %p", "28/03/2021 06:00 AM", &TimeZone::UTC).unwrap();
        assert_eq!(t.as_second(), T);
        let t = with_pattern("%Y%m%d %H%M%S %z", "20210328 070000 +0100", &TimeZone::UTC).unwrap();
        assert_eq!(t.as_second(), T);
        assert!(with_pattern("%d/%m/%Y", "2021-03-28", &TimeZone::UTC).is_err());
        assert_eq!(
            DateFormat::parse("mdy"),
            Ok(DateFormat::Order(DateOrder::Mdy))
        );
        assert_eq!(
            DateFormat::parse("dd/mm"),
            Err(crate::thermal::Error::BadDateFormat {
                text: "dd/mm".into()
            })
        );
    }
}
