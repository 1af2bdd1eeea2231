//! Airline schedules in IATA SSIM chapter 7 form: the flight legs of a
//! file.
//!
//! SSIM files are lines of 200 fixed-width characters; the first says the
//! record type. [`parse`] reads:
//!
//! - type 2 (carrier): the carrier's *time mode*, `L` (times are local) or
//!   `U` (times are UTC), which applies to its type 3 records below it;
//! - type 3 (flight leg), the fields coldroute uses, at these 1-based
//!   columns: 2 operational suffix, 3-5 airline, 6-9 flight number, 10-11
//!   itinerary variation, 12-13 leg sequence, 14 service type, 15-21 and
//!   22-28 period of operation (`01MAR21`; `00XXX00` open-ended), 29-35
//!   days of operation (`1` Monday ... `7` Sunday, blank for not), 36
//!   frequency rate (blank or `1` weekly; `2` fortnightly is refused),
//!   37-39 departure station, 44-47 aircraft departure (`HHMM`), 48-52 its
//!   UTC/local variation (`+0800`), 55-57 arrival station, 58-61 aircraft
//!   arrival, 66-70 its variation, 73-75 aircraft type, 193-194 date
//!   variation of departure and arrival (`0`-`9`, `A` for minus one day).
//!
//! Other record types (1 header, 4 segment data, 5 trailer, 0 filler) are
//! skipped and counted. Every bad field is reported with its line and
//! column. [`flights`] turns legs into the scenario model's flights; the
//! scenario loader calls it for each `[[ssim]]` table (docs/ssim.md).
//! This module does no I/O.

pub mod flights;
pub mod query;

use jiff::civil::Date;

use crate::time::Weekdays;

/// Whether a carrier's times are local or UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeMode {
    /// Local times at each station.
    Local,
    /// UTC.
    Utc,
}

/// A local or UTC time of day, and the UTC/local variation written next
/// to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LegTime {
    /// Minutes after midnight.
    pub minutes: u32,
    /// The variation, minutes (local = UTC + variation).
    pub variation_min: i32,
    /// Days after the flight's day of operation (`A` is -1).
    pub date_variation: i8,
}

/// One flight leg (a type 3 record).
#[derive(Clone, Debug, PartialEq)]
pub struct Leg {
    /// 1-based line of the record.
    pub line: usize,
    /// Airline designator, trimmed.
    pub carrier: String,
    /// Flight number, trimmed, leading zeros dropped.
    pub number: String,
    /// Operational suffix (blank for none).
    pub suffix: char,
    /// Itinerary variation identifier.
    pub variation: u8,
    /// Leg sequence number.
    pub leg: u8,
    /// Service type (`F` cargo, `H` cargo charter, `J` passenger...).
    pub service_type: char,
    /// First day of operation of the flight.
    pub from_date: Date,
    /// Last day (`None`: open-ended).
    pub to_date: Option<Date>,
    /// Days of operation of the flight.
    pub days: Weekdays,
    /// Departure station.
    pub dep_station: String,
    /// Aircraft departure.
    pub dep: LegTime,
    /// Arrival station.
    pub arr_station: String,
    /// Aircraft arrival.
    pub arr: LegTime,
    /// Aircraft type (IATA, `77F`).
    pub aircraft: String,
    /// The carrier's time mode.
    pub time_mode: TimeMode,
}

/// A parsed file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Schedule {
    /// The type 3 records, in file order.
    pub legs: Vec<Leg>,
    /// Records of other types skipped, by type digit (index 0-9).
    pub skipped: [usize; 10],
}

/// A bad field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SsimError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column of the field.
    pub col: usize,
    /// What is wrong and what to do.
    pub message: String,
}

/// Reads the legs of an SSIM file.
///
/// # Errors
/// Every bad field of every type 3 record, and records too short to hold
/// the fields read.
pub fn parse(text: &str) -> Result<Schedule, Vec<SsimError>> {
    let mut out = Schedule::default();
    let mut errors = Vec::new();
    let mut mode = TimeMode::Local;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let l = raw.trim_end_matches('\r');
        let Some(kind) = l.chars().next() else {
            continue;
        };
        match kind {
            '2' => {
                mode = match l.chars().nth(1) {
                    Some('U') => TimeMode::Utc,
                    Some('L') => TimeMode::Local,
                    other => {
                        errors.push(SsimError {
                            line,
                            col: 2,
                            message: format!(
                                "time mode `{}` is neither U (UTC) nor L (local)",
                                other.unwrap_or(' ')
                            ),
                        });
                        TimeMode::Local
                    }
                };
                out.skipped[2] += 1;
            }
            '3' => match leg(l, line, mode) {
                Ok(leg) => out.legs.push(leg),
                Err(mut e) => errors.append(&mut e),
            },
            c if c.is_ascii_digit() => out.skipped[c as usize - '0' as usize] += 1,
            _ => errors.push(SsimError {
                line,
                col: 1,
                message: format!(
                    "`{kind}` is not an SSIM record type (1 to 5); is this an SSIM chapter 7 file?"
                ),
            }),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The field at 1-based columns `a..=b`, blank-padded past the line's end.
fn field(l: &str, a: usize, b: usize) -> &str {
    let bytes = l.as_bytes();
    let (s, e) = (a - 1, b.min(bytes.len()));
    if s >= e || !l.is_char_boundary(s) || !l.is_char_boundary(e) {
        return "";
    }
    &l[s..e]
}

fn leg(l: &str, line: usize, mode: TimeMode) -> Result<Leg, Vec<SsimError>> {
    let mut errors = Vec::new();
    let mut bad = |col: usize, message: String| errors.push(SsimError { line, col, message });
    if !l.is_ascii() {
        bad(
            1,
            "the record has characters that are not ASCII; SSIM records are ASCII".into(),
        );
        return Err(errors);
    }
    if l.len() < 75 {
        bad(
            l.len() + 1,
            format!(
                "the record has {} characters but a flight leg needs at least 75 (200 in full)",
                l.len()
            ),
        );
        return Err(errors);
    }
    let carrier = field(l, 3, 5).trim().to_string();
    if carrier.is_empty() {
        bad(3, "the airline designator is blank".into());
    }
    let number_text = field(l, 6, 9).trim();
    let number = if number_text.bytes().all(|b| b.is_ascii_digit()) && !number_text.is_empty() {
        number_text.trim_start_matches('0').to_string()
    } else {
        bad(
            6,
            format!("flight number `{number_text}` is not 1 to 4 digits"),
        );
        String::new()
    };
    let two = |col: usize, name: &str, bad: &mut dyn FnMut(usize, String)| -> u8 {
        let t = field(l, col, col + 1).trim();
        match t.parse::<u8>() {
            Ok(v) if v >= 1 => v,
            _ => {
                bad(col, format!("{name} `{t}` is not a number from 01 to 99"));
                0
            }
        }
    };
    let variation = two(10, "itinerary variation", &mut bad);
    let leg_no = two(12, "leg sequence number", &mut bad);
    let service_type = field(l, 14, 14).chars().next().unwrap_or(' ');
    let from_date = date(field(l, 15, 21))
        .map_err(|m| bad(15, m))
        .ok()
        .flatten();
    if from_date.is_none() && field(l, 15, 21) == "00XXX00" {
        bad(15, "the first day of operation cannot be open-ended".into());
    }
    let to_date = date(field(l, 22, 28)).map_err(|m| bad(22, m)).ok();
    let days_text = field(l, 29, 35);
    let mut days = Weekdays(0);
    for (k, c) in days_text.chars().enumerate() {
        match c {
            ' ' => {}
            d if d == char::from(b'1' + k as u8) => days.0 |= 1 << k,
            _ => bad(
                29 + k,
                format!(
                    "day of operation `{c}` in place {}: write {} or a blank",
                    k + 1,
                    k + 1
                ),
            ),
        }
    }
    if days.is_empty() && days_text.len() == 7 {
        bad(29, "the flight operates on no day".into());
    }
    match field(l, 36, 36) {
        " " | "" | "1" => {}
        "2" => bad(36, "fortnightly flights (frequency rate 2) are not supported; list the dates as separate periods".into()),
        f => bad(36, format!("frequency rate `{f}` is not blank, 1 or 2")),
    }
    let station = |col: usize, bad: &mut dyn FnMut(usize, String)| -> String {
        let s = field(l, col, col + 2);
        if s.len() == 3
            && s.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            s.to_string()
        } else {
            bad(
                col,
                format!("station `{s}` is not a three-letter IATA code"),
            );
            String::new()
        }
    };
    let dep_station = station(37, &mut bad);
    let arr_station = station(55, &mut bad);
    let dep_min = hhmm(field(l, 44, 47), false)
        .map_err(|m| bad(44, m))
        .unwrap_or(0);
    let arr_min = hhmm(field(l, 58, 61), true)
        .map_err(|m| bad(58, m))
        .unwrap_or(0);
    let dep_var = variation_min(field(l, 48, 52))
        .map_err(|m| bad(48, m))
        .unwrap_or(0);
    let arr_var = variation_min(field(l, 66, 70))
        .map_err(|m| bad(66, m))
        .unwrap_or(0);
    let dv = |col: usize, bad: &mut dyn FnMut(usize, String)| -> i8 {
        match field(l, col, col) {
            "" | " " => 0,
            "A" => -1,
            c => match c.parse::<i8>() {
                Ok(v) => v,
                Err(_) => {
                    bad(
                        col,
                        format!("date variation `{c}` is not 0-9 or A (minus one day)"),
                    );
                    0
                }
            },
        }
    };
    let dep_dv = dv(193, &mut bad);
    let arr_dv = dv(194, &mut bad);
    if let (Some(a), Some(Some(b))) = (from_date, to_date) {
        if b < a {
            bad(22, format!("the period ends ({b}) before it starts ({a})"));
        }
    }
    if dep_station == arr_station && !dep_station.is_empty() {
        bad(55, format!("the leg departs and arrives at {dep_station}"));
    }
    let aircraft = field(l, 73, 75).trim().to_string();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Leg {
        line,
        carrier,
        number,
        suffix: field(l, 2, 2).chars().next().unwrap_or(' '),
        variation,
        leg: leg_no,
        service_type,
        from_date: from_date.unwrap_or(Date::constant(2000, 1, 1)),
        to_date: to_date.flatten(),
        days,
        dep_station,
        dep: LegTime {
            minutes: dep_min,
            variation_min: dep_var,
            date_variation: dep_dv,
        },
        arr_station,
        arr: LegTime {
            minutes: arr_min,
            variation_min: arr_var,
            date_variation: arr_dv,
        },
        aircraft,
        time_mode: mode,
    })
}

/// `01MAR21` as a date; `00XXX00` (open-ended) as `None`.
fn date(s: &str) -> Result<Option<Date>, String> {
    if s == "00XXX00" {
        return Ok(None);
    }
    let bad = || format!("date `{s}` is not DDMMMYY, e.g. 01MAR21 (or 00XXX00 for open-ended)");
    if s.len() != 7 || !s.is_ascii() {
        return Err(bad());
    }
    let day: i8 = s[0..2].parse().map_err(|_| bad())?;
    const MONTHS: [&str; 12] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    let month = MONTHS.iter().position(|m| *m == &s[2..5]).ok_or_else(bad)? as i8 + 1;
    let yy: i16 = s[5..7].parse().map_err(|_| bad())?;
    // Two-digit years: 00-69 are 2000-2069, 70-99 are 1970-1999.
    let year = if yy < 70 { 2000 + yy } else { 1900 + yy };
    Date::new(year, month, day)
        .map(Some)
        .map_err(|_| format!("date `{s}` does not exist"))
}

/// `HHMM` as minutes; `2400` only for an arrival.
fn hhmm(s: &str, arrival: bool) -> Result<u32, String> {
    let bad = || format!("time `{s}` is not HHMM, e.g. 0715");
    if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let h: u32 = s[0..2].parse().map_err(|_| bad())?;
    let m: u32 = s[2..4].parse().map_err(|_| bad())?;
    if m > 59 || h > 24 || (h == 24 && (m > 0 || !arrival)) {
        return Err(format!("time `{s}` does not exist"));
    }
    Ok(h * 60 + m)
}

/// `+0800` / `-0330` as minutes.
fn variation_min(s: &str) -> Result<i32, String> {
    let bad = || format!("UTC/local time variation `{s}` is not +HHMM or -HHMM, e.g. +0800");
    if s.len() != 5 || !s[1..].bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let sign = match &s[0..1] {
        "+" => 1,
        "-" => -1,
        _ => return Err(bad()),
    };
    let h: i32 = s[1..3].parse().map_err(|_| bad())?;
    let m: i32 = s[3..5].parse().map_err(|_| bad())?;
    if h > 14 || m > 59 {
        return Err(format!("UTC/local time variation `{s}` is out of range"));
    }
    Ok(sign * (h * 60 + m))
}

/// A type 3 record from its fields, 200 characters (for fixtures and
/// tests): `write_leg("ET", 3601, 1, 1, 'F', "01MAR21", "31MAR21",
/// "1 3 5  ", ("ADD", "2230", "+0300"), ("LGG", "0545", "+0100"), "77F",
/// "01")`.
#[allow(clippy::too_many_arguments)]
pub fn write_leg(
    carrier: &str,
    number: u32,
    variation: u8,
    leg: u8,
    service: char,
    from: &str,
    to: &str,
    days: &str,
    dep: (&str, &str, &str),
    arr: (&str, &str, &str),
    aircraft: &str,
    date_variation: &str,
) -> String {
    let mut s = format!(
        "3 {carrier:<3}{number:>4}{variation:02}{leg:02}{service}{from}{to}{days:<7} {}{}{}{}  {}{}{}{}  {aircraft:<3}",
        dep.0, dep.1, dep.1, dep.2, arr.0, arr.1, arr.1, arr.2
    );
    while s.len() < 192 {
        s.push(' ');
    }
    s.push_str(&format!("{date_variation:<2}"));
    s.push_str("000001");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a_leg() -> String {
        write_leg(
            "ET",
            3601,
            1,
            1,
            'F',
            "01MAR21",
            "31MAR21",
            "1 3 5  ",
            ("ADD", "2230", "+0300"),
            ("LGG", "0545", "+0100"),
            "77F",
            "01",
        )
    }

    #[test]
    fn a_leg_reads_field_by_field() {
        let text = format!(
            "1AIRLINE STANDARD SCHEDULE DATA SET\n2LET \n{}\n5 ET\n",
            a_leg()
        );
        assert_eq!(a_leg().len(), 200);
        let s = parse(&text).unwrap();
        assert_eq!(s.skipped[1], 1);
        assert_eq!(s.skipped[5], 1);
        let l = &s.legs[0];
        assert_eq!(l.line, 3);
        assert_eq!((l.carrier.as_str(), l.number.as_str()), ("ET", "3601"));
        assert_eq!((l.variation, l.leg, l.service_type), (1, 1, 'F'));
        assert_eq!(l.from_date, jiff::civil::date(2021, 3, 1));
        assert_eq!(l.to_date, Some(jiff::civil::date(2021, 3, 31)));
        assert_eq!(l.days, Weekdays(0b1_0101));
        assert_eq!(
            (l.dep_station.as_str(), l.arr_station.as_str()),
            ("ADD", "LGG")
        );
        assert_eq!(
            l.dep,
            LegTime {
                minutes: 22 * 60 + 30,
                variation_min: 180,
                date_variation: 0
            }
        );
        assert_eq!(
            l.arr,
            LegTime {
                minutes: 5 * 60 + 45,
                variation_min: 60,
                date_variation: 1
            }
        );
        assert_eq!(l.aircraft, "77F");
        assert_eq!(l.time_mode, TimeMode::Local);
    }

    #[test]
    fn every_bad_field_is_located() {
        let good = a_leg();
        let put = |col: usize, s: &str| {
            let mut l = good.clone();
            l.replace_range(col - 1..col - 1 + s.len(), s);
            l
        };
        for (line, col, want) in [
            (put(15, "31FEB21"), 15, "does not exist"),
            (put(22, "31XYZ21"), 22, "is not DDMMMYY"),
            (put(29, "1 3 6  "), 33, "day of operation `6` in place 5"),
            (put(36, "2"), 36, "fortnightly"),
            (put(37, "ad1"), 37, "is not a three-letter IATA code"),
            (put(44, "2460"), 44, "does not exist"),
            (put(48, "*0300"), 48, "is not +HHMM"),
            (put(193, "X"), 193, "date variation `X`"),
            (put(6, "36A1"), 6, "flight number"),
            (good[..60].to_string(), 61, "needs at least 75"),
        ] {
            let e = parse(&line).unwrap_err();
            assert_eq!((e[0].line, e[0].col), (1, col), "{want}: {e:?}");
            assert!(e[0].message.contains(want), "{want}: {e:?}");
        }
        let e = parse("X not ssim\n").unwrap_err();
        assert!(e[0].message.contains("not an SSIM record type"));
        let open = put(22, "00XXX00");
        assert_eq!(parse(&open).unwrap().legs[0].to_date, None);
        let utc = format!("2UET\n{good}\n");
        assert_eq!(parse(&utc).unwrap().legs[0].time_mode, TimeMode::Utc);
    }
}
