//! Many simulated days of one plan, with re-planning where the cargo is
//! stopped.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::itinerary::simulate::margin_ambient;
use crate::itinerary::{Itinerary, Step};
use crate::network::Network;
use crate::planner::{self, Config, Query};
use crate::scenario::{Scenario, SlaFigures};
use crate::thermal::container::hold_time;
use crate::thermal::ExposureRules;
use crate::units::Secs;

use super::estimate::{proportion, quantile, Proportion, Quantile};
use super::{follow, Day, End};

/// The default most re-plans in one day.
pub const DEFAULT_MAX_REPLANS: usize = 4;

/// How to simulate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Simulated days.
    pub draws: usize,
    /// Seed of the first day; day `i` is `Day::new(seed, i)`.
    pub seed: u64,
    /// Most re-plans in one day; a shipment stopped once more is stranded.
    pub max_replans: usize,
}

/// One simulated day of a plan.
#[derive(Clone, Debug, PartialEq)]
pub struct DrawResult {
    /// Delivered then; `None`: stranded (no plan from where it was
    /// stopped, or too many re-plans).
    pub delivered: Option<Secs>,
    /// Thermal margin on delivery, s (`f64::INFINITY`: indefinitely).
    pub margin_s: Option<f64>,
    /// Whether the SLA was met.
    pub meets_sla: bool,
    /// Whether the payload was out of its range at any time.
    pub excursion: bool,
    /// Whether the payload froze.
    pub frozen: bool,
    /// Times the shipment was re-planned.
    pub replans: usize,
    /// What happened, step by step.
    pub steps: Vec<Step>,
}

/// A plan's figures over many simulated days.
#[derive(Clone, Debug, PartialEq)]
pub struct Robustness {
    /// Days simulated.
    pub draws: usize,
    /// The seed.
    pub seed: u64,
    /// P(meets the SLA).
    pub meets_sla: Proportion,
    /// P(delivered at all).
    pub delivered: Proportion,
    /// P(payload out of its range at any time).
    pub excursion: Proportion,
    /// P(payload froze).
    pub freeze: Proportion,
    /// P(re-planned at least once).
    pub replanned: Proportion,
    /// Transit p50, p90, p99, s (`None`: not delivered).
    pub transit: [Quantile; 3],
    /// Margin p5, p50, s.
    pub margin: [Quantile; 2],
    /// Every day, in order.
    pub days: Vec<DrawResult>,
}

/// Simulates `opts.draws` days of `itinerary` (a plan for `q` over `net`),
/// re-planning with `cfg` from wherever the cargo is stopped. Days run in
/// parallel; the result does not depend on the thread count.
pub fn monte_carlo(
    s: &Scenario,
    net: &Network,
    q: &Query,
    itinerary: &Itinerary,
    cfg: &Config,
    opts: &Options,
) -> Robustness {
    use rayon::prelude::*;
    let cfg = cfg.recommended_only();
    let memo = Memo::default();
    let days: Vec<DrawResult> = (0..opts.draws)
        .into_par_iter()
        .map(|i| {
            let day = Day::new(opts.seed, i as u64);
            one_day(s, net, q, itinerary, &cfg, &day, opts.max_replans, &memo)
        })
        .collect();
    summarize(q, opts, days)
}

/// Re-plans already made in this run, by where and in what state they
/// start: many days miss the same connection at the same minute.
#[derive(Default)]
struct Memo {
    plans: Mutex<HashMap<Key, Option<Itinerary>>>,
}

/// Where and when, and the state and exposure written out exactly
/// (`{:?}` of an `f64` is its shortest exact form).
type Key = (usize, i64, String);

fn key(hub: usize, at: Secs, rq: &Query) -> Key {
    (hub, at.0, format!("{:?}", rq.resume))
}

/// One day: follow, re-plan where stopped, follow on.
#[allow(clippy::too_many_arguments)]
fn one_day(
    s: &Scenario,
    net: &Network,
    q: &Query,
    itinerary: &Itinerary,
    cfg: &Config,
    day: &Day,
    max_replans: usize,
    memo: &Memo,
) -> DrawResult {
    let pkg = &s.packagings[q.packaging].kind;
    let (mut state, mut exposure) = q.start_state(pkg);
    let mut it = itinerary.clone();
    let mut t = it.start();
    let mut steps: Vec<Step> = Vec::new();
    let mut replans = 0;
    let delivered = loop {
        let f = follow(s, net, q, &it, day, (t, state, exposure), None);
        steps.extend_from_slice(&f.steps);
        state = f.state;
        exposure = f.exposure;
        match f.end {
            End::Delivered { at } => break Some(at),
            End::Missed { hub, at, .. } => {
                if replans >= max_replans {
                    break None;
                }
                replans += 1;
                let rq = q.resumed(hub, at, state, exposure);
                let k = key(hub, at, &rq);
                let cached = memo.plans.lock().ok().and_then(|m| m.get(&k).cloned());
                let next = match cached {
                    Some(n) => n,
                    None => {
                        let p = planner::plan(s, net, &rq, cfg);
                        let n = p.recommended().map(|p| p.itinerary.clone());
                        if let Ok(mut m) = memo.plans.lock() {
                            m.insert(k, n.clone());
                        }
                        n
                    }
                };
                match next {
                    Some(n) => {
                        it = n;
                        t = at;
                    }
                    None => break None,
                }
            }
        }
    };
    let steps = crate::itinerary::merge_dwells(steps);
    let Some(at) = delivered else {
        return DrawResult {
            delivered: None,
            margin_s: None,
            meets_sla: false,
            excursion: exposure.out_of_range_s > 0.0,
            frozen: exposure.frozen,
            replans,
            steps,
        };
    };
    let rules = ExposureRules::for_product(&s.products[q.product]);
    let margin =
        hold_time(pkg, &state, margin_ambient(s, q.to, at), &rules.range).unwrap_or(f64::INFINITY);
    let meets_sla = q
        .sla
        .judge(&SlaFigures {
            transit: at - q.ready,
            margin_s: margin,
            out_of_range_s: exposure.out_of_range_s,
            stability_used: exposure.stability_used,
            frozen: exposure.frozen,
        })
        .pass();
    DrawResult {
        delivered: Some(at),
        margin_s: Some(margin),
        meets_sla,
        excursion: exposure.out_of_range_s > 0.0,
        frozen: exposure.frozen,
        replans,
        steps,
    }
}

fn summarize(q: &Query, opts: &Options, days: Vec<DrawResult>) -> Robustness {
    let n = days.len();
    let count = |f: &dyn Fn(&DrawResult) -> bool| days.iter().filter(|d| f(d)).count();
    let mut transit: Vec<f64> = days
        .iter()
        .map(|d| {
            d.delivered
                .map_or(f64::INFINITY, |a| (a - q.ready).0 as f64)
        })
        .collect();
    transit.sort_by(f64::total_cmp);
    let mut margin: Vec<f64> = days
        .iter()
        .map(|d| d.margin_s.unwrap_or(f64::NEG_INFINITY))
        .collect();
    margin.sort_by(f64::total_cmp);
    Robustness {
        draws: n,
        seed: opts.seed,
        meets_sla: proportion(count(&|d| d.meets_sla), n),
        delivered: proportion(count(&|d| d.delivered.is_some()), n),
        excursion: proportion(count(&|d| d.excursion), n),
        freeze: proportion(count(&|d| d.frozen), n),
        replanned: proportion(count(&|d| d.replans > 0), n),
        transit: [0.5, 0.9, 0.99].map(|p| quantile(&transit, p)),
        margin: [0.05, 0.5].map(|p| quantile(&margin, p)),
        days,
    }
}
