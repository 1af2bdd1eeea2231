//! IANA time zones from jiff's bundled database, and conversions between
//! local wall-clock times and absolute UTC seconds.

use std::sync::OnceLock;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{AmbiguousOffset, TimeZone, TimeZoneDatabase};
use jiff::Timestamp;

use crate::units::Secs;

fn database() -> &'static TimeZoneDatabase {
    static DB: OnceLock<TimeZoneDatabase> = OnceLock::new();
    DB.get_or_init(TimeZoneDatabase::bundled)
}

/// Looks up an IANA zone name (`Asia/Shanghai`) in the bundled database.
///
/// The host's `/usr/share/zoneinfo` is never consulted, so the same scenario
/// gives the same instants on every machine.
pub fn time_zone(name: &str) -> Result<TimeZone, String> {
    database().get(name).map_err(|_| {
        format!("`{name}` is not an IANA time zone; use a name like `America/El_Salvador`")
    })
}

/// The IANA zone name closest to `name` (edit distance), for hints.
pub fn closest_zone(name: &str) -> Option<String> {
    let names: Vec<String> = database()
        .available()
        .map(|n| n.as_str().to_string())
        .collect();
    crate::scenario::closest(name, names.iter().map(String::as_str)).map(str::to_string)
}

/// How a local date and time maps to UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// The local time happens exactly once.
    Exact(Secs),
    /// The local time falls in a daylight-saving gap and never happens.
    /// `shifted` is the instant at the same elapsed time after the gap's
    /// start (02:30 in a 02:00-03:00 gap becomes 03:30 local).
    Gap {
        /// The instant a recurring schedule uses instead.
        shifted: Secs,
    },
    /// The local time happens twice (clocks went back).
    Fold {
        /// The first occurrence, used by schedules.
        earlier: Secs,
        /// The second occurrence.
        later: Secs,
    },
}

impl Resolution {
    /// The instant a recurring schedule uses: the exact one, the shifted one
    /// in a gap, the earlier one in a fold.
    pub fn schedule_instant(self) -> Secs {
        match self {
            Resolution::Exact(t) => t,
            Resolution::Gap { shifted } => shifted,
            Resolution::Fold { earlier, .. } => earlier,
        }
    }
}

/// Resolves local second-of-day `secs_of_day` (may exceed one day) on
/// `date` in `tz` to UTC.
pub fn local_to_utc(tz: &TimeZone, date: Date, secs_of_day: u32) -> Resolution {
    let extra_days = (secs_of_day / 86_400) as i64;
    let s = secs_of_day % 86_400;
    let time = Time::constant((s / 3600) as i8, ((s / 60) % 60) as i8, (s % 60) as i8, 0);
    let date = if extra_days > 0 {
        date.checked_add(jiff::Span::new().days(extra_days))
            .unwrap_or(date)
    } else {
        date
    };
    let dt = DateTime::from_parts(date, time);
    let local_secs = civil_seconds(dt);
    let at = |offset_secs: i32| Secs(local_secs - offset_secs as i64);
    match tz.to_ambiguous_timestamp(dt).offset() {
        AmbiguousOffset::Unambiguous { offset } => Resolution::Exact(at(offset.seconds())),
        AmbiguousOffset::Gap { before, .. } => Resolution::Gap {
            // Interpreting the wall time with the offset from before the gap
            // lands after the transition: "compatible" disambiguation.
            shifted: at(before.seconds()),
        },
        AmbiguousOffset::Fold { before, after } => Resolution::Fold {
            earlier: at(before.seconds()),
            later: at(after.seconds()),
        },
    }
}

/// Seconds from 1970-01-01T00:00 to `dt`, reading `dt` as if it were UTC.
fn civil_seconds(dt: DateTime) -> i64 {
    let days = dt
        .date()
        .since(Date::constant(1970, 1, 1))
        .map(|span| span.get_days() as i64)
        .unwrap_or(0);
    days * 86_400 + dt.hour() as i64 * 3600 + dt.minute() as i64 * 60 + dt.second() as i64
}

/// An absolute instant seen on a local clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalInstant {
    /// Local calendar date.
    pub date: Date,
    /// Seconds after local midnight.
    pub secs_of_day: u32,
    /// UTC offset in seconds (local = UTC + offset).
    pub offset_secs: i32,
}

impl LocalInstant {
    /// Local month, 1..=12.
    pub fn month(&self) -> u8 {
        self.date.month() as u8
    }

    /// Local hour of day as a fraction, `0.0..24.0`.
    pub fn hour_f64(&self) -> f64 {
        self.secs_of_day as f64 / 3600.0
    }

    /// `HH:MM` local.
    pub fn hhmm(&self) -> String {
        format!(
            "{:02}:{:02}",
            self.secs_of_day / 3600,
            (self.secs_of_day / 60) % 60
        )
    }

    /// The offset as `+08:00`.
    pub fn offset_string(&self) -> String {
        let o = self.offset_secs;
        let sign = if o < 0 { '-' } else { '+' };
        let a = o.unsigned_abs();
        format!("{sign}{:02}:{:02}", a / 3600, (a / 60) % 60)
    }
}

/// The local wall-clock reading of UTC instant `t` in `tz`.
pub fn utc_to_local(tz: &TimeZone, t: Secs) -> LocalInstant {
    let ts = Timestamp::from_second(t.0).unwrap_or(Timestamp::UNIX_EPOCH);
    // One zone lookup: the civil time follows from the offset by
    // arithmetic (the same result as `tz.to_datetime`, at half the cost).
    let offset = tz.to_offset(ts);
    let dt = offset.to_datetime(ts);
    LocalInstant {
        date: dt.date(),
        secs_of_day: dt.hour() as u32 * 3600 + dt.minute() as u32 * 60 + dt.second() as u32,
        offset_secs: offset.seconds(),
    }
}

/// Formats UTC instant `t` as `2021-03-26 06:00Z`.
pub fn format_utc(t: Secs) -> String {
    let ts = Timestamp::from_second(t.0).unwrap_or(Timestamp::UNIX_EPOCH);
    let dt = TimeZone::UTC.to_datetime(ts);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}Z",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i16, m: i8, day: i8) -> Date {
        Date::constant(y, m, day)
    }

    #[test]
    fn exact_conversion_beijing() {
        let tz = time_zone("Asia/Shanghai").unwrap();
        // 2021-03-26 08:30 +08:00 = 00:30Z.
        let r = local_to_utc(&tz, d(2021, 3, 26), 8 * 3600 + 1800);
        let Resolution::Exact(t) = r else {
            panic!("{r:?}")
        };
        assert_eq!(format_utc(t), "2021-03-26 00:30Z");
        let back = utc_to_local(&tz, t);
        assert_eq!(
            (back.hhmm(), back.offset_string()),
            ("08:30".into(), "+08:00".into())
        );
    }

    #[test]
    fn dst_gap_shifts_forward() {
        // Europe/Brussels springs forward on 2021-03-28 at 02:00 -> 03:00.
        let tz = time_zone("Europe/Brussels").unwrap();
        let r = local_to_utc(&tz, d(2021, 3, 28), 2 * 3600 + 1800);
        let Resolution::Gap { shifted } = r else {
            panic!("{r:?}")
        };
        // 02:30 at +01:00 = 01:30Z, which reads 03:30 on the new +02:00 clock.
        assert_eq!(format_utc(shifted), "2021-03-28 01:30Z");
        assert_eq!(utc_to_local(&tz, shifted).hhmm(), "03:30");
    }

    #[test]
    fn dst_fold_uses_earlier() {
        // America/Anchorage falls back on 2021-11-07 at 02:00 -> 01:00.
        let tz = time_zone("America/Anchorage").unwrap();
        let r = local_to_utc(&tz, d(2021, 11, 7), 3600 + 1800);
        let Resolution::Fold { earlier, later } = r else {
            panic!("{r:?}")
        };
        assert_eq!(later.0 - earlier.0, 3600);
        assert_eq!(r.schedule_instant(), earlier);
        assert_eq!(format_utc(earlier), "2021-11-07 09:30Z");
    }

    #[test]
    fn date_line_and_day_offset() {
        // Pacific/Auckland (+13:00 in January) to Pacific/Honolulu (-10:00):
        // 09:00 local on 1 Jan in Auckland is 20:00Z on 31 Dec.
        let akl = time_zone("Pacific/Auckland").unwrap();
        let t = local_to_utc(&akl, d(2021, 1, 1), 9 * 3600).schedule_instant();
        assert_eq!(format_utc(t), "2020-12-31 20:00Z");
        let hnl = time_zone("Pacific/Honolulu").unwrap();
        let local = utc_to_local(&hnl, t);
        assert_eq!(
            (local.date, local.hhmm()),
            (d(2020, 12, 31), "10:00".into())
        );
        // A `+1` day offset is 24 h of local clock later.
        let next = local_to_utc(&akl, d(2021, 1, 1), 86_400 + 9 * 3600).schedule_instant();
        assert_eq!(next.0 - t.0, 86_400);
    }

    #[test]
    fn unknown_zone_is_an_error() {
        assert!(time_zone("Mars/Olympus_Mons").is_err());
    }
}
