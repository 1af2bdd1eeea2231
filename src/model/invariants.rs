//! The model's invariants as a check, and the constructors that run it.
//!
//! Every way a [`Scenario`] comes to be ends in [`Scenario::check_invariants`]:
//! the loader (after its located diagnostics and cross checks, as a last
//! guard), [`Scenario::timetable`] (the ad-hoc GTFS and SSIM queries), and
//! [`Scenario::add_lines`] (a GTFS feed's runs for a query's window).
//! `Scenario` and `Shipment` are `#[non_exhaustive]`, so outside this
//! crate (the CLI included) no literal can skip them.
//!
//! What is checked is what the planner and the simulation rely on without
//! looking: every index is valid, every range is ordered, block and
//! travel times are positive, road profiles are FIFO, line runs never go
//! back in time, walks take no negative time.

use super::{Flight, FlightTiming, Hub, Line, Mode, Scenario};
use crate::units::Secs;

/// A broken invariant: a bug in whatever built the scenario (the loader
/// reports bad input as diagnostics long before this).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvariantError {
    /// A reference to a hub that does not exist.
    #[error("{what} `{id}` refers to hub {index}, but the scenario has {hubs} hubs")]
    HubIndex {
        /// `flight`, `road`, `line`, `walk` or `shipment`.
        what: &'static str,
        /// Its id (a walk's is `FROM->TO`).
        id: String,
        /// The index.
        index: usize,
        /// How many hubs there are.
        hubs: usize,
    },
    /// A shipment whose product or packaging does not exist.
    #[error("shipment `{id}` refers to {what} {index}, which does not exist")]
    ShipmentIndex {
        /// The shipment.
        id: String,
        /// `product` or `packaging`.
        what: &'static str,
        /// The index.
        index: usize,
    },
    /// A product range whose low end is above its high end.
    #[error("product `{0}` has a range whose low end is above its high end")]
    Range(String),
    /// A flight with a block time of zero or less.
    #[error("flight `{0}` has a block time of zero or less")]
    Block(String),
    /// A flight, road or line whose cost is negative or not a number (the
    /// planner counts on costs only adding up).
    #[error("{what} `{id}` has a cost that is negative or not a number")]
    Cost {
        /// `flight`, `road` or `line`.
        what: &'static str,
        /// Its id.
        id: String,
    },
    /// A road profile that is empty, unsorted, not positive or not FIFO.
    #[error("road `{id}`: its travel profile {why}")]
    Profile {
        /// The road.
        id: String,
        /// What is wrong.
        why: &'static str,
    },
    /// A line with fewer than two stops, or a run that does not fit it.
    #[error("line `{id}`: {why}")]
    Line {
        /// The line.
        id: String,
        /// What is wrong.
        why: &'static str,
    },
    /// A walk that takes negative time.
    #[error("the walk from hub {from} to hub {to} takes negative time")]
    Walk {
        /// Where it starts.
        from: usize,
        /// Where it ends.
        to: usize,
    },
}

impl Scenario {
    /// A timetable-only scenario ([`Mode::Timetable`]): these hubs and
    /// flights, no roads, lines, walks or shipments yet, the timetable
    /// stand-in product and packaging, checked.
    ///
    /// # Errors
    /// The first invariant the parts break.
    pub fn timetable(
        name: String,
        horizon: Secs,
        hubs: Vec<Hub>,
        flights: Vec<Flight>,
    ) -> Result<Scenario, InvariantError> {
        let s = Scenario {
            name,
            description: String::new(),
            horizon,
            hubs,
            flights,
            roads: Vec::new(),
            lines: Vec::new(),
            walks: Vec::new(),
            products: vec![super::stand_in_product()],
            packagings: vec![super::stand_in_packaging()],
            shipments: Vec::new(),
            slas: Vec::new(),
            delays: Default::default(),
            mode: Mode::Timetable,
        };
        s.check_invariants()?;
        Ok(s)
    }

    /// Adds `lines` (a feed's runs over a window) and checks them.
    ///
    /// # Errors
    /// The first invariant a new line breaks; the scenario is then left
    /// as it was.
    pub fn add_lines(&mut self, lines: Vec<Line>) -> Result<(), InvariantError> {
        for l in &lines {
            self.check_line(l)?;
        }
        self.lines.extend(lines);
        Ok(())
    }

    /// Checks every invariant of the model (see the module documentation).
    ///
    /// # Errors
    /// The first one broken.
    pub fn check_invariants(&self) -> Result<(), InvariantError> {
        let hub = |what: &'static str, id: &str, index: usize| {
            if index < self.hubs.len() {
                Ok(())
            } else {
                Err(InvariantError::HubIndex {
                    what,
                    id: id.to_string(),
                    index,
                    hubs: self.hubs.len(),
                })
            }
        };
        for p in &self.products {
            if p.range.lo > p.range.hi {
                return Err(InvariantError::Range(p.id.clone()));
            }
        }
        let cost = |what: &'static str, id: &str, c: f64| {
            if c >= 0.0 && c.is_finite() {
                Ok(())
            } else {
                Err(InvariantError::Cost {
                    what,
                    id: id.to_string(),
                })
            }
        };
        for f in &self.flights {
            hub("flight", &f.id, f.from)?;
            hub("flight", &f.id, f.to)?;
            cost("flight", &f.id, f.cost)?;
            if let FlightTiming::Block(b) = f.timing {
                if b.0 <= 0 {
                    return Err(InvariantError::Block(f.id.clone()));
                }
            }
        }
        for r in &self.roads {
            hub("road", &r.id, r.from)?;
            hub("road", &r.id, r.to)?;
            cost("road", &r.id, r.cost)?;
            let bad = |why| {
                Err(InvariantError::Profile {
                    id: r.id.clone(),
                    why,
                })
            };
            let pts = &r.profile.points;
            if pts.is_empty() {
                return bad("is empty");
            }
            if pts.iter().any(|p| p.1 .0 <= 0 || p.0 >= 86_400) {
                return bad("has a travel time of zero or less or a time past midnight");
            }
            if pts.windows(2).any(|w| w[0].0 >= w[1].0) {
                return bad("is not sorted by time of day");
            }
            // FIFO: between two breakpoints (wrapping past midnight) the
            // travel time falls by at most the time elapsed.
            for (k, a) in pts.iter().enumerate() {
                let b = pts[(k + 1) % pts.len()];
                let gap = if k + 1 == pts.len() {
                    i64::from(b.0) + 86_400 - i64::from(a.0)
                } else {
                    i64::from(b.0) - i64::from(a.0)
                };
                if pts.len() > 1 && a.1 .0 - b.1 .0 > gap {
                    return bad("is not FIFO: leaving later would arrive earlier");
                }
            }
        }
        for l in &self.lines {
            cost("line", &l.id, l.cost)?;
            self.check_line(l)?;
        }
        for w in &self.walks {
            let id = format!("{}->{}", w.from, w.to);
            hub("walk", &id, w.from)?;
            hub("walk", &id, w.to)?;
            if w.duration.0 < 0 {
                return Err(InvariantError::Walk {
                    from: w.from,
                    to: w.to,
                });
            }
        }
        for sh in &self.shipments {
            hub("shipment", &sh.id, sh.from)?;
            hub("shipment", &sh.id, sh.to)?;
            for (what, index, n) in [
                ("product", sh.product, self.products.len()),
                ("packaging", sh.packaging, self.packagings.len()),
            ] {
                if index >= n {
                    return Err(InvariantError::ShipmentIndex {
                        id: sh.id.clone(),
                        what,
                        index,
                    });
                }
            }
        }
        Ok(())
    }

    fn check_line(&self, l: &Line) -> Result<(), InvariantError> {
        let bad = |why| {
            Err(InvariantError::Line {
                id: l.id.clone(),
                why,
            })
        };
        if l.stops.len() < 2 {
            return bad("it calls at fewer than two stops");
        }
        if let Some(&index) = l.stops.iter().find(|&&h| h >= self.hubs.len()) {
            return Err(InvariantError::HubIndex {
                what: "line",
                id: l.id.clone(),
                index,
                hubs: self.hubs.len(),
            });
        }
        for run in &l.runs {
            if run.times.len() != l.stops.len() {
                return bad("a run has not one time per stop");
            }
            let mut last = Secs(i64::MIN);
            for &(arr, dep) in &run.times {
                if arr < last || dep < arr {
                    return bad("a run goes back in time");
                }
                last = dep;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> Scenario {
        crate::scenario::load(include_str!("../../scenarios/pek-sal-coronavac.toml")).unwrap()
    }

    #[test]
    fn a_loaded_scenario_holds_them() {
        assert_eq!(scenario().check_invariants(), Ok(()));
    }

    #[test]
    fn each_broken_invariant_is_named() {
        let mut s = scenario();
        s.flights[0].to = 99;
        assert!(matches!(
            s.check_invariants(),
            Err(InvariantError::HubIndex {
                what: "flight",
                index: 99,
                ..
            })
        ));
        let mut s = scenario();
        s.shipments[0].product = 7;
        assert!(matches!(
            s.check_invariants(),
            Err(InvariantError::ShipmentIndex {
                what: "product",
                ..
            })
        ));
        let mut s = scenario();
        s.roads[0].profile.points = vec![(0, Secs(7200)), (3600, Secs(1800))];
        assert!(matches!(
            s.check_invariants(),
            Err(InvariantError::Profile { .. })
        ));
        let mut s = scenario();
        s.walks.push(super::super::Walk {
            from: 0,
            to: 1,
            duration: Secs(-1),
        });
        assert_eq!(
            s.check_invariants(),
            Err(InvariantError::Walk { from: 0, to: 1 })
        );
    }

    #[test]
    fn a_line_that_goes_back_in_time_is_not_added() {
        let mut s = scenario();
        let line = Line {
            id: "L".into(),
            stops: vec![0, 1],
            runs: vec![super::super::LineRun {
                times: vec![(Secs(100), Secs(100)), (Secs(50), Secs(60))],
                trip: 0,
            }],
            ambient: super::super::RoadAmbient::Ambient,
            cost: 0.0,
            trip_ids: std::sync::Arc::from(vec!["t".to_string()]),
            span: 0..0,
        };
        assert!(matches!(
            s.add_lines(vec![line]),
            Err(InvariantError::Line { .. })
        ));
        assert!(s.lines.is_empty());
    }
}
