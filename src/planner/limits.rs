//! The limits a search prunes with, and what cut a search short.
//!
//! [`Limits`] resolves, once per search, the deadline, the excursion and
//! stability allowances and the leg limit: the SLA's own (strict search)
//! or only the product's and the planning window's (relaxed search, to
//! show the best failing plan). Both engines and the test oracle use it,
//! so they prune by the same rule. [`Cut`] records which limit stopped a
//! search from seeing everything, so that "no plan" is never reported as
//! "none exists" when a limit was the reason.

use crate::scenario::{Scenario, EXCURSION_SLACK_S};
use crate::thermal::Exposure;
use crate::units::Secs;

use super::explain::RejectionReason;
use super::{Config, Query};

/// The hard limits of one search.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    /// Latest delivery, UTC seconds.
    pub deadline: Secs,
    /// Most time out of the product range, s.
    pub max_excursion_s: f64,
    /// Most stability budget used, fraction.
    pub max_stability: f64,
    /// Most legs.
    pub max_legs: u8,
}

impl Limits {
    /// The limits of `q` searched up to `end` (the network's window) or
    /// the end of the query's own planning horizon, whichever is first.
    pub fn new(s: &Scenario, end: Secs, q: &Query, cfg: &Config) -> Limits {
        let end = end.min(s.planning_window(q.ready).1);
        let product = &s.products[q.product];
        if cfg.strict_sla {
            Limits {
                deadline: (q.ready + q.sla.max_transit).min(end),
                max_excursion_s: product
                    .excursion_allowance_s
                    .min(q.sla.max_excursion.0 as f64),
                max_stability: q.sla.max_stability.min(1.0),
                max_legs: cfg.max_legs,
            }
        } else {
            Limits {
                deadline: end,
                max_excursion_s: product.excursion_allowance_s,
                max_stability: 1.0,
                max_legs: cfg.max_legs,
            }
        }
    }

    /// The product or SLA limit an exposure breaks, if any (without the
    /// place: the engine fills that in).
    pub fn violation(&self, exp: &Exposure) -> Option<RejectionReason> {
        if exp.frozen {
            return Some(RejectionReason::Freeze {
                at: None,
                temp: exp.min_payload,
            });
        }
        if exp.out_of_range_s > self.max_excursion_s + EXCURSION_SLACK_S {
            return Some(RejectionReason::Excursion {
                at: None,
                out_of_range_s: exp.out_of_range_s,
                limit_s: self.max_excursion_s,
            });
        }
        if exp.stability_used > self.max_stability {
            return Some(RejectionReason::Stability {
                used: exp.stability_used,
                limit: self.max_stability,
            });
        }
        None
    }
}

/// A limit that stopped a search before it saw every itinerary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Cut {
    /// Itineraries needing more legs than `max_legs` were not followed,
    /// and one of them would have reached the destination.
    Legs {
        /// The limit.
        max_legs: u8,
    },
    /// The label budget ran out: the plans found so far are returned,
    /// marked incomplete.
    Budget {
        /// The budget, labels.
        labels: usize,
    },
}

impl Cut {
    /// The limit's name in machine-readable outputs: `max_legs` or
    /// `label_budget` (the options `--max-legs` and `--label-budget`).
    pub fn name(&self) -> &'static str {
        match self {
            Cut::Legs { .. } => "max_legs",
            Cut::Budget { .. } => "label_budget",
        }
    }
}

impl std::fmt::Display for Cut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cut::Legs { max_legs } => write!(
                f,
                "the search stopped at {max_legs} legs and the destination can be reached with more: raise --max-legs"
            ),
            Cut::Budget { labels } => write!(
                f,
                "the search stopped at its budget of {labels} labels before it saw every itinerary: a better plan may exist; raise --label-budget"
            ),
        }
    }
}

/// Whether a leg limit that stopped an itinerary able to deliver in time
/// may have hidden a better answer than `plans` (ranked, recommended
/// first), given the earliest delivery without the limit (`earliest`):
/// when no plan meets the SLA (a longer itinerary may, for its
/// temperature or its margin), or when none arrives as early as the
/// destination can be reached. A plan that meets the SLA and arrives as
/// early as any itinerary could is the answer whatever the limit.
pub fn legs_may_matter(plans: &[super::Plan], earliest: Option<Secs>) -> bool {
    let best = plans.iter().map(|p| p.arrival).min();
    !plans.iter().any(|p| p.meets_sla) || best.is_none_or(|b| earliest.is_some_and(|e| e < b))
}
