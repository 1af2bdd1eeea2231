//! Loading the delay model: `[delays]` (defaults per kind), and the
//! `delay`, `handling_delay` and `apron_delay` keys of hubs, flights and
//! roads, into [`crate::delay::Delays`], with every problem located.

use crate::delay::{Delay, Delays, Tail, DEFAULT_MAX_DELAY};

use super::raw::{QuantilePoint, RawDelay, S};
use super::resolve::{Cx, RawScenario};

impl Cx {
    /// The scenario's delay model; `None` when a value is wrong (reported).
    pub(super) fn delays(&mut self, raw: &RawScenario) -> Option<Delays> {
        let mut out = Delays::default();
        let mut ok = true;
        let mut one = |cx: &mut Cx, d: &Option<S<RawDelay>>, what: &str, cancel: bool| match d {
            None => None,
            Some(d) => {
                let r = cx.delay(d, what, cancel);
                ok &= r.is_some();
                r
            }
        };
        if let Some(d) = &raw.delays {
            out.source = d
                .source
                .as_ref()
                .map(|s| s.get_ref().clone())
                .unwrap_or_default();
            out.flight = one(self, &d.flight, "the flight delay", true);
            out.road = one(self, &d.road, "the road delay", true);
            out.ride = one(self, &d.ride, "the ride delay", true);
            out.handling = one(self, &d.handling, "the handling delay", false);
            out.apron = one(self, &d.apron, "the apron delay", false);
        }
        for (k, (_, h)) in raw.hubs.iter().enumerate() {
            if let Some(d) = one(self, &h.delay, "a hub's departure delay", true) {
                out.hub_departure.insert(k, d);
            }
            if let Some(d) = one(self, &h.handling_delay, "a hub's handling delay", false) {
                out.hub_handling.insert(k, d);
            }
            if let Some(d) = one(self, &h.apron_delay, "a hub's apron delay", false) {
                out.hub_apron.insert(k, d);
            }
        }
        for (k, (_, f)) in raw.flights.iter().enumerate() {
            if let Some(d) = one(self, &f.delay, "a flight's delay", true) {
                out.flights.insert(k, d);
            }
        }
        for (k, (_, r)) in raw.roads.iter().enumerate() {
            if let Some(d) = one(self, &r.delay, "a road's delay", true) {
                out.roads.insert(k, d);
            }
        }
        ok.then_some(out)
    }

    /// One distribution; `cancel` says whether a cancellation probability
    /// is allowed (not for handling and apron variation).
    fn delay(&mut self, d: &S<RawDelay>, what: &str, cancel: bool) -> Option<Delay> {
        let r = d.get_ref();
        let mut ok = true;
        let cancel_p = match (&r.cancel, cancel) {
            (None, _) => 0.0,
            (Some(c), false) => {
                self.err_help(
                    c.span(),
                    format!("{what} cannot be cancelled"),
                    "`cancel` belongs to departures: [delays] flight, road, ride, or a flight's, road's or hub's `delay`",
                );
                ok = false;
                0.0
            }
            (Some(c), true) => match self.probability(c, "`cancel`", false) {
                Some(p) => p,
                None => {
                    ok = false;
                    0.0
                }
            },
        };
        let tail = match (&r.quantiles, &r.on_time) {
            (Some(_), Some(o)) => {
                self.err_help(
                    o.span(),
                    "`on_time` and `quantiles` cannot be given together",
                    "quantiles say the on-time share themselves: [[0.8, \"0m\"], ...] means 80 % leave on time",
                );
                return None;
            }
            (Some(q), None) => {
                for k in [
                    &r.median.as_ref().map(|x| x.span()),
                    &r.max.as_ref().map(|x| x.span()),
                ]
                .into_iter()
                .flatten()
                {
                    self.err_help(
                        k.clone(),
                        "`median` and `max` belong to a lognormal tail, not to `quantiles`",
                        "give either on_time, median and sigma, or quantiles",
                    );
                    ok = false;
                }
                if let Some(s) = &r.sigma {
                    self.err_help(
                        s.span(),
                        "`sigma` belongs to a lognormal tail, not to `quantiles`",
                        "give either on_time, median and sigma, or quantiles",
                    );
                    ok = false;
                }
                (self.quantiles(q), 1.0)
            }
            (None, Some(o)) => {
                let on_time = self.probability(o, "`on_time`", true);
                let lognormal = match (&r.median, &r.sigma) {
                    (Some(m), Some(s)) => {
                        let median = self.duration(m);
                        if median.is_some_and(|m| m.0 <= 0) {
                            self.err_help(
                                m.span(),
                                "the median late delay must be longer than zero",
                                "give the median of the late departures' delays, like \"35m\"",
                            );
                            ok = false;
                        }
                        let sigma = self.positive(s, "`sigma`");
                        let max = match &r.max {
                            Some(x) => self.duration(x),
                            None => Some(DEFAULT_MAX_DELAY),
                        };
                        match (median, sigma, max) {
                            (Some(m), Some(sigma), Some(max)) => Some(Tail::LogNormal {
                                median_s: m.0 as f64,
                                sigma,
                                max,
                            }),
                            _ => None,
                        }
                    }
                    (None, None) if on_time == Some(1.0) => Some(Tail::None),
                    _ => {
                        self.err_help(
                            d.span(),
                            format!("{what} needs `median` and `sigma` for its late departures"),
                            "write { on_time = 0.8, median = \"35m\", sigma = 1.0 }: 80 % on time, the late ones lognormal with a median of 35 minutes",
                        );
                        None
                    }
                };
                (lognormal, on_time.unwrap_or(1.0))
            }
            (None, None) if r.cancel.is_some() && r.median.is_none() && r.sigma.is_none() => {
                (Some(Tail::None), 1.0)
            }
            (None, None) => {
                self.err_help(
                    d.span(),
                    format!("{what} needs `on_time` or `quantiles`"),
                    "write { on_time = 0.8, median = \"35m\", sigma = 1.0 } or { quantiles = [[0.8, \"0m\"], [0.95, \"1h\"], [0.99, \"3h\"]] }",
                );
                return None;
            }
        };
        let (Some(tail), on_time) = tail else {
            return None;
        };
        ok.then_some(Delay {
            on_time,
            tail,
            cancel: cancel_p,
        })
    }

    /// A probability in [0, 1] (below 1 unless `one_ok`).
    fn probability(&mut self, v: &S<f64>, what: &str, one_ok: bool) -> Option<f64> {
        let x = self.finite(v, what)?;
        if !(0.0..=1.0).contains(&x) || (!one_ok && x >= 1.0) {
            let range = if one_ok { "0 to 1" } else { "0 to below 1" };
            self.err_help(
                v.span(),
                format!("{what} must be a probability from {range}, found {x}"),
                "write a fraction: 0.85 for 85 %",
            );
            return None;
        }
        Some(x)
    }

    /// `[[p, "duration"], ...]`: increasing probabilities, non-decreasing
    /// delays.
    fn quantiles(&mut self, q: &S<Vec<QuantilePoint>>) -> Option<Tail> {
        if q.get_ref().is_empty() {
            self.err_help(
                q.span(),
                "`quantiles` is empty",
                "give points [p, \"delay\"]: [[0.8, \"0m\"], [0.95, \"1h\"]]",
            );
            return None;
        }
        let mut points = Vec::new();
        let (mut p0, mut d0) = (0.0, crate::units::Secs(0));
        for pt in q.get_ref() {
            let (p, d) = pt.get_ref();
            if !p.is_finite() || *p <= p0 || *p > 1.0 {
                self.err_help(
                    pt.span(),
                    format!("quantile probabilities must rise from above 0 to at most 1; found {p} after {p0}"),
                    "list the points in order of probability: [[0.8, \"0m\"], [0.95, \"1h\"]]",
                );
                return None;
            }
            let d = match crate::time::parse_duration(d) {
                Ok(d) => d,
                Err(e) => {
                    self.err(pt.span(), e.to_string());
                    return None;
                }
            };
            if d < d0 {
                self.err_help(
                    pt.span(),
                    "quantile delays must not fall as the probability rises",
                    "a later point of the list has a longer (or equal) delay",
                );
                return None;
            }
            points.push((*p, d));
            (p0, d0) = (*p, d);
        }
        Some(Tail::Quantiles(points))
    }
}
