//! Lane assessment: one shipment's lane planned for every ready time in a
//! range (every day of a season or a year), to show the days when the SLA
//! or the margin fails and when the route changes.
//!
//! [`ready_times`] steps the shipment's ready time: by whole local days at
//! the origin (the same wall-clock time every day, across daylight-saving
//! changes) when the step is a whole number of days, else by the step in
//! UTC. [`sweep`] plans each ready time as `coldroute plan` would (in
//! parallel, one network per group of ready times) and returns one
//! [`SweepRow`] each; [`to_csv`] writes them.

use jiff::civil::Date;

use crate::planner::{plan_shipments, Config, Cut};
use crate::scenario::{Scenario, Shipment, SlaFigures};
use crate::time::{local_to_utc, utc_to_local};
use crate::units::Secs;

/// The most ready times one sweep plans (ten years of days).
pub const MAX_READY_TIMES: usize = 3660;

/// What became of one ready time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SweepVerdict {
    /// The recommended plan meets the SLA.
    Pass,
    /// The best plan misses it.
    Fail,
    /// No feasible plan.
    NoPlan,
}

impl SweepVerdict {
    /// `pass`, `fail`, `no-plan`.
    pub fn name(self) -> &'static str {
        match self {
            SweepVerdict::Pass => "pass",
            SweepVerdict::Fail => "fail",
            SweepVerdict::NoPlan => "no-plan",
        }
    }
}

/// One ready time of a sweep.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepRow {
    /// Ready, UTC seconds.
    pub ready: Secs,
    /// Pass, fail, no plan.
    pub verdict: SweepVerdict,
    /// Door to door (with a plan).
    pub transit: Option<Secs>,
    /// Thermal margin on delivery, s; `None` with a plan: indefinitely.
    pub margin_s: Option<f64>,
    /// Time out of the product range, s.
    pub out_of_range_s: Option<f64>,
    /// The first SLA criterion missed.
    pub first_failing: Option<&'static str>,
    /// The legs taken, by service: `CHARTER-SAL-0328 > SAL-CVS-REEFER`
    /// (empty without a plan).
    pub route: String,
    /// The limits that cut its search, by option name (`max_legs`,
    /// `label_budget`): a better plan may exist, or one where none was
    /// found.
    pub incomplete: Vec<&'static str>,
}

/// Why a sweep's ready times cannot be laid out.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SweepError {
    /// A step of zero or less.
    #[error("--every must be longer than zero")]
    NoStep,
    /// A range that ends before it starts.
    #[error("--to {to} is before --from {from}")]
    Reversed {
        /// The first date.
        from: Date,
        /// The last date.
        to: Date,
    },
    /// More than [`MAX_READY_TIMES`] ready times.
    #[error("the sweep has more than {MAX_READY_TIMES} ready times; use a longer --every or a shorter range")]
    TooMany,
}

/// The ready times of a sweep of `sh` from `from` to `to` (both
/// included) every `every`, starting at `sh`'s local time of day at the
/// origin on `from`.
///
/// # Errors
/// A step of zero or less, `to` before `from`, or more than
/// [`MAX_READY_TIMES`] ready times.
pub fn ready_times(
    s: &Scenario,
    sh: &Shipment,
    from: Date,
    to: Date,
    every: Secs,
) -> Result<Vec<Secs>, SweepError> {
    if every.0 <= 0 {
        return Err(SweepError::NoStep);
    }
    if to < from {
        return Err(SweepError::Reversed { from, to });
    }
    let tz = &s.hubs[sh.from].tz;
    let sod = utc_to_local(tz, sh.ready).secs_of_day;
    let mut out = Vec::new();
    if every.0 % 86_400 == 0 {
        let step = every.0 / 86_400;
        let mut d = from;
        while d <= to {
            out.push(local_to_utc(tz, d, sod).schedule_instant());
            if out.len() > MAX_READY_TIMES {
                return Err(SweepError::TooMany);
            }
            d = match d.checked_add(jiff::Span::new().days(step)) {
                Ok(n) => n,
                Err(_) => break,
            };
        }
    } else {
        let first = local_to_utc(tz, from, sod).schedule_instant();
        let end = local_to_utc(tz, to, 86_399).schedule_instant();
        let mut t = first;
        while t <= end {
            out.push(t);
            if out.len() > MAX_READY_TIMES {
                return Err(SweepError::TooMany);
            }
            t = t + every;
        }
    }
    Ok(out)
}

/// Plans `sh` at each of `readies`.
pub fn sweep(s: &Scenario, sh: &Shipment, readies: &[Secs], cfg: &Config) -> Vec<SweepRow> {
    let shipments: Vec<Shipment> = readies
        .iter()
        .map(|&r| Shipment {
            ready: r,
            ..sh.clone()
        })
        .collect();
    let planned = plan_shipments(s, &shipments, cfg);
    shipments
        .iter()
        .zip(&planned)
        .map(|(sh, p)| {
            let incomplete = p.cuts.iter().map(Cut::name).collect();
            let Some(plan) = p.recommended() else {
                return SweepRow {
                    ready: sh.ready,
                    verdict: SweepVerdict::NoPlan,
                    transit: None,
                    margin_s: None,
                    out_of_range_s: None,
                    first_failing: None,
                    route: String::new(),
                    incomplete,
                };
            };
            let v = sh.sla.judge(&SlaFigures {
                transit: plan.transit,
                margin_s: plan.margin_s.unwrap_or(f64::INFINITY),
                out_of_range_s: plan.out_of_range_s,
                stability_used: plan.stability_used,
                frozen: false,
            });
            let route = plan
                .itinerary
                .legs()
                .map(|st| service_name(s, st))
                .collect::<Vec<_>>()
                .join(" > ");
            SweepRow {
                ready: sh.ready,
                verdict: if plan.meets_sla {
                    SweepVerdict::Pass
                } else {
                    SweepVerdict::Fail
                },
                transit: Some(plan.transit),
                margin_s: plan.margin_s,
                out_of_range_s: Some(plan.out_of_range_s),
                first_failing: if plan.meets_sla {
                    None
                } else {
                    v.first_failing()
                },
                route,
                incomplete,
            }
        })
        .collect()
}

/// A leg by its service: the flight's or road's id, a line's id.
fn service_name(s: &Scenario, st: &crate::itinerary::Step) -> String {
    st.service(s).map_or_else(|| st.label(s), str::to_string)
}

/// The CSV header of [`to_csv`].
pub const CSV_HEADER: &str =
    "ready_local,ready_utc,verdict,transit_s,margin_s,out_of_range_s,first_failing,route,incomplete";

/// The rows as CSV, one line each after [`CSV_HEADER`]; `ready_local` is
/// at the origin (`2021-03-28T19:40:00+08:00`).
pub fn to_csv(s: &Scenario, sh: &Shipment, rows: &[SweepRow]) -> String {
    let tz = &s.hubs[sh.from].tz;
    let mut out = String::from(CSV_HEADER);
    out.push('\n');
    for r in rows {
        let utc = jiff::Timestamp::from_second(r.ready.0).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let local = utc
            .to_zoned_datetime(tz.tz().clone())
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string();
        let num = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
        let line = [
            local,
            utc.to_string(),
            r.verdict.name().to_string(),
            num(r.transit.map(|t| t.0)),
            num(r.margin_s.map(|m| m.floor() as i64)),
            r.out_of_range_s
                .map(|x| format!("{}", (x * 1000.0).round() / 1000.0))
                .unwrap_or_default(),
            r.first_failing.unwrap_or_default().to_string(),
            r.route.clone(),
            r.incomplete.join(";"),
        ];
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planner::plan_shipment;

    fn scenario() -> Scenario {
        crate::scenario::load(include_str!("../scenarios/pek-sal-coronavac.toml")).unwrap()
    }

    #[test]
    fn daily_ready_times_keep_the_local_time_and_steps_in_utc_do_not() {
        let s = scenario();
        let sh = &s.shipments[0];
        let d = |m, day| jiff::civil::date(2021, m, day);
        let r = ready_times(&s, sh, d(3, 1), d(3, 31), Secs(86_400)).unwrap();
        assert_eq!(r.len(), 31);
        for w in r.windows(2) {
            assert_eq!(w[1].0 - w[0].0, 86_400);
        }
        let tz = &s.hubs[sh.from].tz;
        let sod = utc_to_local(tz, sh.ready).secs_of_day;
        assert!(r.iter().all(|&t| utc_to_local(tz, t).secs_of_day == sod));
        let r = ready_times(&s, sh, d(3, 1), d(3, 2), Secs(6 * 3600)).unwrap();
        // 19:40 on the 1st, then every 6 h to the end of the 2nd: 01:40,
        // 07:40, 13:40 and 19:40.
        assert_eq!(r.len(), 5);
        assert_eq!(
            ready_times(&s, sh, d(3, 2), d(3, 1), Secs(86_400)),
            Err(SweepError::Reversed {
                from: d(3, 2),
                to: d(3, 1)
            })
        );
        assert_eq!(
            ready_times(&s, sh, d(3, 1), d(3, 2), Secs(0)),
            Err(SweepError::NoStep)
        );
        assert_eq!(
            ready_times(&s, sh, d(1, 1), d(12, 31), Secs(60)),
            Err(SweepError::TooMany)
        );
    }

    #[test]
    fn each_row_is_the_plan_of_that_ready_time() {
        let s = scenario();
        let sh = &s.shipments[0];
        let readies = ready_times(
            &s,
            sh,
            jiff::civil::date(2021, 3, 26),
            jiff::civil::date(2021, 4, 2),
            Secs(86_400),
        )
        .unwrap();
        let cfg = Config::default();
        let rows = sweep(&s, sh, &readies, &cfg);
        assert_eq!(rows.len(), 8);
        for (row, &r) in rows.iter().zip(&readies) {
            let alone = plan_shipment(
                &s,
                &Shipment {
                    ready: r,
                    ..sh.clone()
                },
                &cfg,
            );
            let p = alone.recommended();
            assert_eq!(row.transit, p.map(|p| p.transit));
            assert_eq!(row.margin_s, p.and_then(|p| p.margin_s));
            assert_eq!(
                row.verdict == SweepVerdict::Pass,
                p.is_some_and(|p| p.meets_sla)
            );
        }
        // The charter of 28 March is in the sweep of its own week.
        assert!(rows.iter().any(|r| r.route.contains("CHARTER")), "{rows:?}");
        let csv = to_csv(&s, sh, &rows);
        assert!(csv.starts_with(CSV_HEADER));
        assert_eq!(csv.lines().count(), 9);
    }
}
