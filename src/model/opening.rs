//! When an on-demand road can leave and when a hub receives: the moments
//! that fall on one of a road's weekdays, inside its operating hours and
//! inside its origin hub's opening hours (or inside a hub's receiving
//! hours), all read on the hub's local clock, as UTC intervals. The one
//! home of these schedule semantics: [`Scenario::on_demand_departure`] and
//! [`Scenario::receipt`] answer a single question, and a network keeps
//! the same [`openings`] per road over its window
//! (`network::road_times`) so that its answers are a binary search
//! instead of reading local clocks ([`first_open`]); both give the same
//! departure for the same moment. The intervals are cut wherever the
//! origin's UTC offset changes, and each carries its offset, so a road's
//! travel time by local hour needs no clock either ([`travel`]).
//!
//! The definition is the one `sla::verify_itinerary` checks: a road may
//! leave at UTC instant `t` when the local date at `t` is one of its days
//! and the local time of day at `t` is inside both windows. Across a
//! daylight-saving change the local times that do not exist are skipped
//! and the ones that happen twice are open twice.

use jiff::civil::Weekday;

use super::{Road, Scenario};
use crate::time::DailyWindow;
use crate::units::Secs;

/// The longest wait for an on-demand road: a road that opens later than
/// this after the cargo is ready does not count as a departure.
pub const MAX_WAIT: Secs = Secs(8 * 86_400);

/// A UTC interval `[start, end)` in which a road may leave, with the
/// origin's UTC offset throughout it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Opening {
    /// First open second, UTC.
    pub start: Secs,
    /// First second no longer open (or the end of the period computed).
    pub end: Secs,
    /// The origin's UTC offset over the interval, s (local = UTC + offset).
    pub offset: i32,
}

/// The local seconds of every day in which road `road` may leave by
/// its hours and its origin's opening hours: sorted intervals `[a, b)`.
pub fn daily_window(s: &Scenario, road: usize) -> Vec<(u32, u32)> {
    let r = &s.roads[road];
    intersect(&pieces(r.hours), &pieces(s.hubs[r.from].opening))
}

/// The local second-of-day intervals `[a, b)` of a daily window, sorted.
fn pieces(w: DailyWindow) -> Vec<(u32, u32)> {
    if w.open < w.close {
        vec![(w.open, w.close)]
    } else {
        vec![(0, w.close), (w.open, 86_400)]
    }
}

/// The intersection of two sorted lists of disjoint intervals, sorted.
fn intersect(a: &[(u32, u32)], b: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    for &(a0, a1) in a {
        for &(b0, b1) in b {
            let (lo, hi) = (a0.max(b0), a1.min(b1));
            if lo < hi {
                out.push((lo, hi));
            }
        }
    }
    out.sort_unstable();
    out
}

/// The weekday of the day `days` days after 1970-01-01 (a Thursday).
fn weekday(days: i64) -> Weekday {
    Weekday::from_monday_zero_offset((days + 3).rem_euclid(7) as i8).unwrap_or(Weekday::Monday)
}

/// The openings of road `road` over `[from, to)`, sorted and disjoint;
/// adjacent intervals with the same offset are one.
pub fn openings(s: &Scenario, road: usize, from: Secs, to: Secs) -> Vec<Opening> {
    let r = &s.roads[road];
    window_openings(&s.hubs[r.from].tz, r.days, &daily_window(s, road), from, to)
}

/// The UTC intervals over `[from, to)` in which the local time in `tz` is
/// inside one of `daily` (sorted local second-of-day intervals) on one of
/// `days`: sorted and disjoint; adjacent intervals with the same offset
/// are one.
fn window_openings(
    tz: &crate::time::Zone,
    days: crate::time::Weekdays,
    daily: &[(u32, u32)],
    from: Secs,
    to: Secs,
) -> Vec<Opening> {
    let mut out: Vec<Opening> = Vec::new();
    if from >= to || daily.is_empty() {
        return out;
    }
    let periods = tz.offset_periods(from, to);
    for (k, &(p0, off)) in periods.iter().enumerate() {
        let p1 = periods.get(k + 1).map_or(to, |p| p.0);
        let off64 = i64::from(off);
        // The local days the period touches.
        let (l0, l1) = (p0.0 + off64, p1.0 + off64);
        let mut day = l0.div_euclid(86_400);
        while day * 86_400 < l1 {
            if days.contains(weekday(day)) {
                for &(a, b) in daily {
                    let start = (day * 86_400 + i64::from(a) - off64).max(p0.0);
                    let end = (day * 86_400 + i64::from(b) - off64).min(p1.0);
                    if start >= end {
                        continue;
                    }
                    match out.last_mut() {
                        Some(last) if last.end.0 == start && last.offset == off => {
                            last.end = Secs(end);
                        }
                        _ => out.push(Opening {
                            start: Secs(start),
                            end: Secs(end),
                            offset: off,
                        }),
                    }
                }
            }
            day += 1;
        }
    }
    out
}

/// The earliest open moment at or after `t` in `open` (sorted, disjoint)
/// and the offset there; `None` when nothing opens within [`MAX_WAIT`].
pub fn first_open(open: &[Opening], t: Secs) -> Option<(Secs, i32)> {
    // The first interval ending after `t`. Most roads open once a day,
    // so guess the interval from the day, then search only on the side
    // the guess says (one or two reads instead of a whole binary search).
    let first = open.first()?;
    let guess = usize::try_from((t - first.start).0.max(0) / 86_400)
        .unwrap_or(usize::MAX)
        .min(open.len() - 1);
    let k = if open[guess].end <= t {
        guess + 1 + open[guess + 1..].partition_point(|o| o.end <= t)
    } else if guess > 0 && open[guess - 1].end > t {
        open[..guess].partition_point(|o| o.end <= t)
    } else {
        guess
    };
    let o = open.get(k)?;
    let dep = o.start.max(t);
    (dep - t <= MAX_WAIT).then_some((dep, o.offset))
}

/// How far ahead [`receiving_openings`] are computed from the moment of
/// arrival: a daily window opens within a day, two more cover a window
/// skipped by a daylight-saving change.
pub const RECEIVING_AHEAD: Secs = Secs(3 * 86_400);

/// The UTC intervals over `[from, to)` in which hub `hub` receives
/// deliveries (its `receiving` hours, every day); empty when it always
/// does.
pub fn receiving_openings(s: &Scenario, hub: usize, from: Secs, to: Secs) -> Vec<Opening> {
    let h = &s.hubs[hub];
    if h.receiving == DailyWindow::ALWAYS {
        return Vec::new();
    }
    window_openings(
        &h.tz,
        crate::time::Weekdays::DAILY,
        &pieces(h.receiving),
        from,
        to,
    )
}

/// Travel time of `r` leaving at `dep`, where the origin's UTC offset is
/// `offset`: the same as [`Scenario::road_travel`] without reading the clock.
pub fn travel(r: &Road, dep: Secs, offset: i32) -> Secs {
    if let [(_, d)] = r.profile.points[..] {
        return d;
    }
    let sod = (dep.0 + i64::from(offset)).rem_euclid(86_400) as u32;
    r.profile.at(sod)
}

impl Scenario {
    /// The earliest departure of on-demand road `road` at or after `t`:
    /// `(dep, arr)`, or `None` if nothing opens within [`MAX_WAIT`].
    pub fn on_demand_departure(&self, road: usize, t: Secs) -> Option<(Secs, Secs)> {
        let open = openings(self, road, t, t + MAX_WAIT + Secs(1));
        let (dep, off) = first_open(&open, t)?;
        Some((dep, dep + travel(&self.roads[road], dep, off)))
    }

    /// When hub `hub` receives a delivery that arrives at `t`: `t` itself
    /// inside its receiving hours, else the first moment after `t` they
    /// open (exact across daylight-saving changes: a local time that does
    /// not exist is skipped). The definition `sla::verify_itinerary`
    /// checks: the local time of day at the receipt is inside the hours.
    pub fn receipt(&self, hub: usize, t: Secs) -> Secs {
        if self.hubs[hub].receiving == DailyWindow::ALWAYS {
            return t;
        }
        let open = receiving_openings(self, hub, t, t + RECEIVING_AHEAD);
        // A daily window opens within RECEIVING_AHEAD: `None` cannot
        // happen; never deliverable if it did.
        first_open(&open, t).map_or(Secs(i64::MAX / 4), |(r, _)| r)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::time::utc_to_local;

    /// The definition, second by second: open when the local date is one
    /// of the road's days and the local time is inside both windows.
    pub(crate) fn open_at(s: &Scenario, road: usize, t: Secs) -> bool {
        let r = &s.roads[road];
        let h = &s.hubs[r.from];
        let l = utc_to_local(&h.tz, t);
        r.days.contains(l.date.weekday())
            && r.hours.contains(l.secs_of_day)
            && h.opening.contains(l.secs_of_day)
    }

    pub(crate) fn scenario(tz: &str, hours: &str, opening: &str, days: &str) -> Scenario {
        let text = format!(
            r#"
[[hub]]
code = "AAA"
position = [50.0, 5.0]
timezone = "{tz}"
climate = {{ min = [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5], max = [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10] }}
opening = "{opening}"

[[hub]]
code = "BBB"
position = [50.5, 5.5]
timezone = "{tz}"
climate = {{ min = [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5], max = [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10] }}

[[road]]
from = "AAA"
to = "BBB"
duration = "1h"
hours = "{hours}"
days = [{days}]

[product.p]
range = [2, 8]
stability = "VVM7"

[packaging.k]
passive = {{ coolant = "pcm", phase_c = 5, latent_kj_per_kg = 200, coolant_kg = 4, ua_w_per_k = 1, payload_kj_per_k = 10 }}

[[shipment]]
id = "S"
product = "p"
packaging = "k"
from = "AAA"
to = "BBB"
ready = "2021-03-01T00:00Z"
sla = {{ max_transit = "48h" }}
"#
        );
        crate::scenario::load(&text).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn openings_are_the_definition_second_by_second_across_dst() {
        // Europe/Brussels changes to summer time on 2021-03-28 at 01:00
        // UTC and back on 2021-10-31 at 01:00 UTC.
        for (hours, opening, days) in [
            ("00:00-24:00", "00:00-24:00", r#""daily""#),
            ("01:30-03:30", "00:00-24:00", r#""daily""#),
            ("22:00-06:00", "02:00-23:00", r#""sat", "sun""#),
            ("02:15-02:45", "00:00-24:00", r#""sun""#),
            ("06:00-20:00", "20:00-08:00", r#""mon", "sun""#),
        ] {
            let s = scenario("Europe/Brussels", hours, opening, days);
            for start in [1_616_716_800i64, 1_635_552_000] {
                let (from, to) = (Secs(start), Secs(start + 3 * 86_400));
                let open = openings(&s, 0, from, to);
                // Every second, against the definition (in steps of 60 s
                // plus the seconds next to every interval's ends).
                let mut probes: Vec<i64> = (from.0..to.0).step_by(60).collect();
                for o in &open {
                    probes.extend([o.start.0 - 1, o.start.0, o.end.0 - 1, o.end.0]);
                }
                for t in probes.into_iter().filter(|&t| t >= from.0 && t < to.0) {
                    let inside = open.iter().any(|o| o.start.0 <= t && t < o.end.0);
                    assert_eq!(inside, open_at(&s, 0, Secs(t)), "{hours} {opening} at {t}");
                }
                for w in open.windows(2) {
                    assert!(w[0].end <= w[1].start);
                }
            }
        }
    }

    /// Receiving windows that meet the daylight-saving changes in every
    /// way: inside the day, in the skipped or repeated hour, across it.
    pub(crate) const RECEIVING_WINDOWS: [&str; 4] =
        ["07:00-19:00", "02:15-02:45", "22:00-02:30", "01:00-02:05"];

    /// Starts of the weeks of Brussels' changes to summer and winter time.
    pub(crate) const DST_WEEKS: [i64; 2] = [1_616_716_800, 1_635_552_000];

    /// The test scenario in Brussels with BBB receiving in `window`.
    pub(crate) fn receiving_in(window: &str) -> Scenario {
        let mut s = scenario(
            "Europe/Brussels",
            "00:00-24:00",
            "00:00-24:00",
            r#""daily""#,
        );
        s.hubs[1].receiving = DailyWindow::parse(window).unwrap();
        s
    }

    #[test]
    fn a_receipt_is_the_first_moment_the_hours_hold_across_dst() {
        // BBB receives in these windows; Brussels changes to summer time
        // on 2021-03-28 at 01:00 UTC (02:00 local is 03:00) and back on
        // 2021-10-31 at 01:00 UTC (03:00 local is 02:00 again).
        for window in RECEIVING_WINDOWS {
            let s = receiving_in(window);
            for start in DST_WEEKS {
                let h = &s.hubs[1];
                let open = |t: i64| {
                    h.receiving
                        .contains(utc_to_local(&h.tz, Secs(t)).secs_of_day)
                };
                for k in 0..700 {
                    let t = Secs(start + k * 397);
                    let r = s.receipt(1, t);
                    // Received inside the hours, never before arriving,
                    // and nothing open between (every minute and the
                    // second before).
                    assert!(r >= t && open(r.0), "{window}: {t:?} -> {r:?}");
                    assert!(r.0 == t.0 || !open(r.0 - 1), "{window}: {t:?} -> {r:?}");
                    assert!(
                        (t.0..r.0).step_by(60).all(|x| !open(x)),
                        "{window}: {t:?} -> {r:?}"
                    );
                }
            }
        }
        // Receiving at any hour: the arrival itself, with no openings kept.
        let s = scenario(
            "Europe/Brussels",
            "00:00-24:00",
            "00:00-24:00",
            r#""daily""#,
        );
        assert_eq!(s.receipt(1, Secs(1_616_716_801)), Secs(1_616_716_801));
        assert!(receiving_openings(&s, 1, Secs(0), Secs(86_400)).is_empty());
    }

    #[test]
    fn the_first_departure_is_the_same_from_any_window() {
        let s = scenario("America/New_York", "22:00-06:00", "00:00-24:00", r#""fri""#);
        let from = Secs(1_615_000_000);
        let net_open = openings(&s, 0, from, from + Secs(20 * 86_400));
        for k in 0..400 {
            let t = from + Secs(k * 2_999);
            let a = s.on_demand_departure(0, t);
            let b = first_open(&net_open, t).map(|(d, off)| (d, d + travel(&s.roads[0], d, off)));
            assert_eq!(a, b, "at {t:?}");
            let (dep, _) = a.expect("a road open every Friday night");
            assert!(open_at(&s, 0, dep) && dep >= t);
            // Nothing open between t and dep.
            assert!((t.0..dep.0).step_by(300).all(|x| !open_at(&s, 0, Secs(x))));
        }
    }

    #[test]
    fn a_road_that_never_opens_has_no_departure() {
        let s = scenario("UTC", "08:00-10:00", "12:00-14:00", r#""daily""#);
        assert!(openings(&s, 0, Secs(0), Secs(10 * 86_400)).is_empty());
        assert_eq!(s.on_demand_departure(0, Secs(0)), None);
    }
}
