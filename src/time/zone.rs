//! IANA time zones from jiff's bundled database, and conversions between
//! local wall-clock times and absolute UTC seconds.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{TimeZone, TimeZoneDatabase};
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
pub fn time_zone(name: &str) -> Result<TimeZone, super::TimeError> {
    database()
        .get(name)
        .map_err(|_| super::TimeError::UnknownZone(name.to_string()))
}

/// The IANA zone name closest to `name` (edit distance), for hints.
pub fn closest_zone(name: &str) -> Option<String> {
    let names: Vec<String> = database()
        .available()
        .map(|n| n.as_str().to_string())
        .collect();
    crate::names::closest(name, names.iter().map(String::as_str)).map(str::to_string)
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
///
/// From the zone's offsets alone (a [`Zone`] reads them from its table):
/// the offsets a day before and a day after the local reading are the
/// only candidates (no zone changes its offset twice within two days); a
/// candidate is right when the offset at the instant it gives is itself.
/// Both right is a fold, neither a gap. The same answers as jiff's
/// `to_ambiguous_timestamp` with the "compatible" rules (tested on every
/// bundled zone).
pub fn local_to_utc(tz: &(impl ZoneOffset + ?Sized), date: Date, secs_of_day: u32) -> Resolution {
    let local = days_from_civil(date) * 86_400 + i64::from(secs_of_day);
    let before = tz.offset_at(Secs(local - 86_400));
    let after = tz.offset_at(Secs(local + 86_400));
    let at = |offset: i32| Secs(local - i64::from(offset));
    let right = |offset: i32| tz.offset_at(at(offset)) == offset;
    match (right(before), right(after)) {
        (true, true) if before != after => {
            let (a, b) = (at(before), at(after));
            Resolution::Fold {
                earlier: a.min(b),
                later: a.max(b),
            }
        }
        (true, _) => Resolution::Exact(at(before)),
        (false, true) => Resolution::Exact(at(after)),
        // In a gap the offset from before it applies: the wall time lands
        // after the transition ("compatible" disambiguation).
        (false, false) => Resolution::Gap {
            shifted: at(before),
        },
    }
}

/// Days from 1970-01-01 to `date` (Howard Hinnant's `days_from_civil`,
/// the inverse of [`civil_from_days`]).
fn days_from_civil(date: Date) -> i64 {
    let (y, m, d) = (
        i64::from(date.year()),
        i64::from(date.month()),
        i64::from(date.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Seconds from 1970-01-01T00:00 to `dt`, reading `dt` as if it were UTC.
pub(super) fn civil_seconds(dt: DateTime) -> i64 {
    days_from_civil(dt.date()) * 86_400
        + i64::from(dt.hour()) * 3600
        + i64::from(dt.minute()) * 60
        + i64::from(dt.second())
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

/// Something that gives the UTC offset at an instant: a jiff zone, or a
/// [`Zone`] with its offsets tabulated.
pub trait ZoneOffset {
    /// The UTC offset at `t`, seconds (local = UTC + offset).
    fn offset_at(&self, t: Secs) -> i32;
}

impl ZoneOffset for TimeZone {
    fn offset_at(&self, t: Secs) -> i32 {
        let ts = Timestamp::from_second(t.0).unwrap_or(Timestamp::UNIX_EPOCH);
        self.to_offset(ts).seconds()
    }
}

/// `(from, offset)` pairs: the UTC offset from UTC second `from` on.
type OffsetTable = Arc<[(i64, i32)]>;

/// The years a [`Zone`] tabulates; outside them it asks jiff.
const TABLE_YEARS: (i16, i16) = (1990, 2070);

/// A time zone with its UTC offsets tabulated from 1990 to 2070, so that
/// reading a local clock is a binary search and some arithmetic instead
/// of a zone-rule evaluation (the planner reads local clocks for every
/// on-demand departure, road profile and hourly ambient). Gives exactly
/// the offsets jiff gives (tested); derefs to the jiff zone for
/// everything else.
#[derive(Clone, Debug)]
pub struct Zone {
    tz: TimeZone,
    /// `(from, offset)`: the offset from UTC second `from` on, sorted;
    /// the first entry starts the table.
    table: OffsetTable,
    /// The table's end (exclusive), UTC seconds.
    until: i64,
}

impl Zone {
    /// Tabulates `tz` (once per zone name in a process: the tables are
    /// shared).
    pub fn new(tz: TimeZone) -> Zone {
        static CACHE: OnceLock<Mutex<HashMap<String, OffsetTable>>> = OnceLock::new();
        let start = civil_seconds(DateTime::from_parts(
            Date::constant(TABLE_YEARS.0, 1, 1),
            Time::midnight(),
        ));
        let until = civil_seconds(DateTime::from_parts(
            Date::constant(TABLE_YEARS.1, 1, 1),
            Time::midnight(),
        ));
        let build = |tz: &TimeZone| -> OffsetTable {
            let mut table = vec![(start, tz.offset_at(Secs(start)))];
            let from = Timestamp::from_second(start).unwrap_or(Timestamp::UNIX_EPOCH);
            for tr in tz.following(from) {
                let at = tr.timestamp().as_second();
                if at >= until {
                    break;
                }
                let off = tr.offset().seconds();
                if table.last().is_some_and(|l| l.1 != off) {
                    table.push((at, off));
                }
            }
            table.into()
        };
        let table = match tz.iana_name() {
            Some(name) => {
                let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
                let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
                cache
                    .entry(name.to_string())
                    .or_insert_with(|| build(&tz))
                    .clone()
            }
            None => build(&tz),
        };
        Zone { tz, table, until }
    }

    /// The jiff zone.
    pub fn tz(&self) -> &TimeZone {
        &self.tz
    }

    /// The UTC offsets over `[from, to)`: `(since, offset)` pairs, the
    /// first at `from`, then one at every change of offset before `to`.
    /// Within each pair's period, local time is UTC plus a constant.
    pub fn offset_periods(&self, from: Secs, to: Secs) -> Vec<(Secs, i32)> {
        let mut out = vec![(from, self.offset_at(from))];
        if from.0 >= self.table[0].0 && to.0 <= self.until {
            let k = self.table.partition_point(|e| e.0 <= from.0);
            out.extend(
                self.table[k..]
                    .iter()
                    .take_while(|e| e.0 < to.0)
                    .map(|&(at, off)| (Secs(at), off)),
            );
            return out;
        }
        let ts = Timestamp::from_second(from.0).unwrap_or(Timestamp::UNIX_EPOCH);
        for tr in self.tz.following(ts) {
            let at = tr.timestamp().as_second();
            if at >= to.0 {
                break;
            }
            let off = tr.offset().seconds();
            if out.last().is_some_and(|l| l.1 != off) {
                out.push((Secs(at), off));
            }
        }
        out
    }
}

impl Zone {
    /// When `date` is a plain day at this zone (one offset from a day
    /// before it to two days after): the UTC second of its local
    /// midnight, so that [`local_to_utc`] of any second of the day `s`
    /// (`0 <= s < 86,400`) is exactly `Exact(midnight + s)`. `None` near an
    /// offset change or outside the tabulated years: ask [`local_to_utc`].
    pub fn plain_day(&self, date: Date) -> Option<Secs> {
        let local = days_from_civil(date) * 86_400;
        // Every instant `local_to_utc` reads for a second of the day lies
        // within a day of the local one, shifted by an offset of under a
        // day.
        let (from, to) = (local - 2 * 86_400, local + 3 * 86_400);
        if from < self.table[0].0 || to >= self.until {
            return None;
        }
        let a = self.table.partition_point(|e| e.0 <= from);
        let b = self.table.partition_point(|e| e.0 <= to);
        (a == b).then(|| Secs(local - i64::from(self.table[a - 1].1)))
    }
}

impl std::ops::Deref for Zone {
    type Target = TimeZone;
    fn deref(&self) -> &TimeZone {
        &self.tz
    }
}

impl ZoneOffset for Zone {
    fn offset_at(&self, t: Secs) -> i32 {
        if t.0 < self.table[0].0 || t.0 >= self.until {
            return self.tz.offset_at(t);
        }
        let k = self.table.partition_point(|e| e.0 <= t.0);
        self.table[k - 1].1
    }
}

/// The local wall-clock reading of UTC instant `t` in `tz`.
pub fn utc_to_local(tz: &(impl ZoneOffset + ?Sized), t: Secs) -> LocalInstant {
    let offset = tz.offset_at(t);
    let local = t.0 + i64::from(offset);
    let days = local.div_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    LocalInstant {
        date: Date::new(y as i16, m as i8, d as i8).unwrap_or(Date::constant(1970, 1, 1)),
        secs_of_day: local.rem_euclid(86_400) as u32,
        offset_secs: offset,
    }
}

/// The proleptic Gregorian date `days` days after 1970-01-01 (Howard
/// Hinnant's `civil_from_days`, chrono-compatible algorithms).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Formats UTC instant `t` for text output: `2021-03-26 06:00Z`, with the
/// seconds when the instant is not a whole minute (`2021-03-26 06:15:50Z`),
/// so that a start plus a duration gives the printed end.
pub fn format_utc(t: Secs) -> String {
    let ts = Timestamp::from_second(t.0).unwrap_or(Timestamp::UNIX_EPOCH);
    let dt = TimeZone::UTC.to_datetime(ts);
    let secs = if dt.second() == 0 {
        String::new()
    } else {
        format!(":{:02}", dt.second())
    };
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}{secs}Z",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute()
    )
}

/// UTC instant `t` as RFC 3339 with seconds, for JSON:
/// `2021-03-29T06:35:12Z`.
pub fn rfc3339_utc(t: Secs) -> String {
    let ts = Timestamp::from_second(t.0).unwrap_or(Timestamp::UNIX_EPOCH);
    let dt = TimeZone::UTC.to_datetime(ts);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

/// UTC instant `t` on the local clock of `tz` as RFC 3339 with seconds and
/// offset, for JSON: `2021-03-29T00:35:12-06:00`.
pub fn rfc3339_local(tz: &(impl ZoneOffset + ?Sized), t: Secs) -> String {
    let l = utc_to_local(tz, t);
    let s = l.secs_of_day;
    format!(
        "{}T{:02}:{:02}:{:02}{}",
        l.date,
        s / 3600,
        (s / 60) % 60,
        s % 60,
        l.offset_string()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::tz::AmbiguousOffset;

    #[test]
    fn instants_for_text_and_json() {
        let t = Secs(1_616_999_712); // 2021-03-29 06:35:12 UTC
        assert_eq!(format_utc(t), "2021-03-29 06:35:12Z");
        assert_eq!(format_utc(Secs(t.0 - 12)), "2021-03-29 06:35Z");
        assert_eq!(rfc3339_utc(t), "2021-03-29T06:35:12Z");
        assert_eq!(rfc3339_utc(Secs(t.0 - 12)), "2021-03-29T06:35:00Z");
        let sal = jiff::tz::TimeZone::get("America/El_Salvador").unwrap();
        assert_eq!(rfc3339_local(&sal, t), "2021-03-29T00:35:12-06:00");
        // jiff reads both back to the same instant.
        for s in [rfc3339_utc(t), rfc3339_local(&sal, t)] {
            let back: Timestamp = s.parse().unwrap();
            assert_eq!(back.as_second(), t.0, "{s}");
        }
    }

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
    fn tabulated_zone_reads_clocks_as_jiff_does() {
        // Every zone of the bundled database, instants spread over the
        // table and past both of its ends.
        let mut rng = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        let names: Vec<String> = database()
            .available()
            .map(|n| n.as_str().to_string())
            .collect();
        assert!(names.len() > 300);
        for name in &names {
            let tz = time_zone(name).unwrap();
            let zone = Zone::new(tz.clone());
            for _ in 0..200 {
                // 1985 .. 2075.
                let t = Secs(473_385_600 + (next() % 2_839_000_000) as i64);
                let ts = Timestamp::from_second(t.0).unwrap();
                let dt = tz.to_datetime(ts);
                let got = utc_to_local(&zone, t);
                assert_eq!(got.offset_secs, tz.to_offset(ts).seconds(), "{name} {t:?}");
                assert_eq!(got.date, dt.date(), "{name} {t:?}");
                let sod = dt.hour() as u32 * 3600 + dt.minute() as u32 * 60 + dt.second() as u32;
                assert_eq!(got.secs_of_day, sod, "{name} {t:?}");
                assert_eq!(utc_to_local(&tz, t), got, "{name} {t:?}");
            }
        }
    }

    #[test]
    fn a_plain_day_resolves_as_local_to_utc() {
        // Every bundled zone, the days around each of its transitions
        // from 2010 and some random days: wherever `plain_day` answers,
        // every second of the day resolves to midnight plus it; it
        // answers on most days.
        let (mut answered, mut days) = (0, 0);
        for name in database().available() {
            let name = name.as_str();
            let zone = Zone::new(time_zone(name).unwrap());
            let mut starts: Vec<i64> = (0..40).map(|k| 14_610 + k * 373).collect();
            let from = Timestamp::from_second(1_262_304_000).unwrap();
            for tr in zone.following(from).take(4) {
                let d = tr.timestamp().as_second().div_euclid(86_400);
                starts.extend(d - 3..=d + 3);
            }
            for d in starts {
                let date = Date::constant(1970, 1, 1)
                    .checked_add(jiff::Span::new().days(d))
                    .unwrap();
                days += 1;
                let Some(midnight) = zone.plain_day(date) else {
                    continue;
                };
                answered += 1;
                for sod in (0..86_400).step_by(900).chain([1, 86_399]) {
                    assert_eq!(
                        local_to_utc(&zone, date, sod),
                        Resolution::Exact(midnight + Secs(i64::from(sod))),
                        "{name} {date} {sod}"
                    );
                }
            }
        }
        assert!(answered * 10 > days * 7, "{answered} of {days}");
    }

    /// The reference: jiff's own resolution of a local time.
    fn local_to_utc_jiff(tz: &TimeZone, date: Date, secs_of_day: u32) -> Resolution {
        let extra_days = i64::from(secs_of_day / 86_400);
        let s = secs_of_day % 86_400;
        let time = Time::constant((s / 3600) as i8, ((s / 60) % 60) as i8, (s % 60) as i8, 0);
        let date = date
            .checked_add(jiff::Span::new().days(extra_days))
            .unwrap_or(date);
        let dt = DateTime::from_parts(date, time);
        let local_secs = civil_seconds(dt);
        let at = |offset_secs: i32| Secs(local_secs - offset_secs as i64);
        match tz.to_ambiguous_timestamp(dt).offset() {
            AmbiguousOffset::Unambiguous { offset } => Resolution::Exact(at(offset.seconds())),
            AmbiguousOffset::Gap { before, .. } => Resolution::Gap {
                shifted: at(before.seconds()),
            },
            AmbiguousOffset::Fold { before, after } => Resolution::Fold {
                earlier: at(before.seconds()),
                later: at(after.seconds()),
            },
        }
    }

    #[test]
    fn local_times_resolve_as_jiff_resolves_them() {
        // Every bundled zone: random local times from 1985 to 2075, and
        // the local times around each of its transitions (gaps, folds).
        let mut rng = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        for name in database().available() {
            let name = name.as_str();
            let tz = time_zone(name).unwrap();
            let zone = Zone::new(tz.clone());
            let mut locals: Vec<i64> = (0..100)
                .map(|_| 473_385_600 + (next() % 2_839_000_000) as i64)
                .collect();
            let from = Timestamp::from_second(1_262_304_000).unwrap();
            for tr in tz.following(from).take(6) {
                let t = tr.timestamp().as_second();
                let off = i64::from(tr.offset().seconds());
                for d in [-5400, -3600, -1800, -1, 0, 1, 1800, 3599, 3600, 5400] {
                    locals.push(t + off + d);
                    locals.push(t + off + d - 3600);
                }
            }
            for l in locals {
                let date = Date::constant(1970, 1, 1)
                    .checked_add(jiff::Span::new().days(l.div_euclid(86_400)))
                    .unwrap();
                let sod = l.rem_euclid(86_400) as u32;
                for extra in [0, 86_400] {
                    let want = local_to_utc_jiff(&tz, date, sod + extra);
                    assert_eq!(
                        local_to_utc(&zone, date, sod + extra),
                        want,
                        "{name} {date} {sod}"
                    );
                    assert_eq!(
                        local_to_utc(&tz, date, sod + extra),
                        want,
                        "{name} {date} {sod}"
                    );
                }
            }
        }
    }

    #[test]
    fn days_from_civil_inverts_civil_from_days() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            let date = Date::new(y as i16, m as i8, d as i8).unwrap();
            assert_eq!(days_from_civil(date), days);
        }
    }

    #[test]
    fn unknown_zone_is_an_error() {
        assert!(time_zone("Mars/Olympus_Mons").is_err());
    }
}
