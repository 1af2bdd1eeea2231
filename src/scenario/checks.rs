//! Checks that need the whole resolved scenario: can each shipment meet its
//! SLA even in theory, and does a flight the shipments could use depart in a
//! daylight-saving gap.

use super::diagnostic::Diagnostic;
use super::resolve::RawSpans;
use crate::model::Scenario;
use crate::time::{self, Resolution};
use crate::units::Secs;

/// Cap on one edge of the static graph, s: path sums stay far from overflow.
const MAX_EDGE_S: i64 = 3650 * 86_400;

/// The least time any chain of legs needs from `from` to every hub, by
/// Dijkstra over [`Scenario::min_leg_durations`]. `None` where no chain reaches.
pub fn min_travel_from(s: &Scenario, from: usize) -> Vec<Option<Secs>> {
    let edges = s.min_leg_durations();
    let mut adj: Vec<Vec<(usize, i64)>> = vec![Vec::new(); s.hubs.len()];
    for (a, b, d) in edges {
        // Durations are capped at ten years each, so sums cannot overflow.
        adj[a].push((b, d.0.min(MAX_EDGE_S)));
    }
    let reach = pathfinding::directed::dijkstra::dijkstra_all(&from, |&n| adj[n].clone());
    (0..s.hubs.len())
        .map(|h| {
            if h == from {
                Some(Secs(0))
            } else {
                reach.get(&h).map(|(_, c)| Secs(*c))
            }
        })
        .collect()
}

/// The checks of the whole scenario; `no_service(i)`, asked only for a
/// shipment no chain of legs takes to its destination, says when that is
/// because a GTFS feed it goes from or to runs no trip then (it replaces
/// "no chain of flights and roads leads there").
pub(crate) fn cross_checks(
    s: &Scenario,
    spans: &RawSpans,
    no_service: &dyn Fn(usize) -> Option<String>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (i, sh) in s.shipments.iter().enumerate() {
        let (from, to) = (&s.hubs[sh.from], &s.hubs[sh.to]);
        let reach = min_travel_from(s, sh.from);
        if let Some(why) = reach[sh.to].is_none().then(|| no_service(i)).flatten() {
            diags.push(
                Diagnostic::new(spans.shipment_ready[i].clone(), why).with_help(
                    "move the ready time into the feed's dates, or use a feed that covers it",
                ),
            );
            continue;
        }
        match reach[sh.to] {
            None => diags.push(
                Diagnostic::new(
                    spans.shipment_to[i].clone(),
                    format!(
                        "shipment `{}` cannot reach `{}`: no chain of flights and roads leads there from `{}`",
                        sh.id, to.code, from.code
                    ),
                )
                .with_help("add the missing flight or road leg, or correct the destination"),
            ),
            Some(least) => {
                let least = least + from.handling + to.handling;
                if least > sh.sla.max_transit {
                    diags.push(
                        Diagnostic::new(
                            spans.shipment_max_transit[i].clone(),
                            format!(
                                "shipment `{}` cannot meet max_transit = {} even in theory: the fastest chain of legs from `{}` to `{}` takes at least {}",
                                sh.id, sh.sla.max_transit, from.code, to.code, least
                            ),
                        )
                        .with_help("raise max_transit or add a faster service"),
                    );
                }
            }
        }
    }
    diags.extend(dst_gap_departures(s, spans));
    diags
}

/// Flights that would depart at a local time that does not exist (a DST
/// gap) on a date inside some shipment's planning window.
fn dst_gap_departures(s: &Scenario, spans: &RawSpans) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if s.shipments.is_empty() {
        return diags;
    }
    // Each shipment's own window, merged where they overlap, so that two
    // shipments years apart do not make us walk every day in between.
    let mut windows: Vec<(Secs, Secs)> = s
        .shipments
        .iter()
        .map(|x| crate::model::schedule_window(x.ready, s.horizon))
        .collect();
    windows.sort();
    let mut merged: Vec<(Secs, Secs)> = Vec::new();
    for w in windows {
        match merged.last_mut() {
            Some(last) if w.0 <= last.1 => last.1 = last.1.max(w.1),
            _ => merged.push(w),
        }
    }
    // Per hub, per window, the local dates worth looking at: computed once
    // per hub, not per flight.
    let mut days_at: Vec<Option<Vec<Vec<jiff::civil::Date>>>> = vec![None; s.hubs.len()];
    for (i, f) in s.flights.iter().enumerate() {
        let tz = &s.hubs[f.from].tz;
        let per_window = days_at[f.from].get_or_insert_with(|| {
            merged
                .iter()
                .map(|&(start, end)| {
                    let first = time::utc_to_local(tz, start).date;
                    let last = time::utc_to_local(tz, end).date;
                    // A local time can only fall in a gap on a day the
                    // offset changes: look at the local dates around each
                    // change in the window (a day either side), not at
                    // every day.
                    let mut days: Vec<jiff::civil::Date> = Vec::new();
                    for &(at, _) in tz.offset_periods(start, end).iter().skip(1) {
                        let d = time::utc_to_local(tz, at).date;
                        for day in [d.yesterday(), Ok(d), d.tomorrow()].into_iter().flatten() {
                            if day >= first && day <= last && days.last().is_none_or(|&l| l < day) {
                                days.push(day);
                            }
                        }
                    }
                    days
                })
                .collect()
        });
        'windows: for days in per_window.iter() {
            for &day in days {
                if f.runs_on(day) {
                    if let Resolution::Gap { shifted } = time::local_to_utc(tz, day, f.departs.secs)
                    {
                        let local = time::utc_to_local(tz, shifted);
                        diags.push(
                            Diagnostic::new(
                                spans.flight_departs.get(i).cloned().unwrap_or_else(|| f.span.clone()),
                                format!(
                                    "flight `{}` departs at {} local on {day}, a time that does not exist there: clocks in {} skip it for daylight saving",
                                    f.id, f.departs, s.hubs[f.from].tz_name
                                ),
                            )
                            .with_help(format!(
                                "coldroute would move that departure to {}; set the departure outside the gap or end the validity period before the change",
                                local.hhmm()
                            )),
                        );
                        break 'windows;
                    }
                }
            }
        }
    }
    diags
}
