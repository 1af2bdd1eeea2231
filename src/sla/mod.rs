//! SLA checks of a plan, by independent re-simulation.
//!
//! [`verify_itinerary`] checks that an itinerary could really happen: each
//! flight runs on that date at that time, each road leg leaves inside its
//! hours and takes its profile's time, aprons, connection and handling
//! times are respected, and steps join up in time and place.
//! [`check_sla`] then re-runs the temperature model from scratch
//! ([`crate::itinerary::simulate`]) and compares every figure with its
//! limit. Nothing here calls the planner or reuses its figures.
//!
//! [`ci`] holds the verdicts of many shipments (the `check` command's) and
//! renders them for CI pipelines: text, JSON, JUnit XML and GitHub Actions
//! annotations.

pub mod ci;

use crate::itinerary::{simulate, Itinerary, Simulation, StepKind};
use crate::scenario::{Departures, Scenario, Shipment, SlaFigures};
use crate::thermal::ExposureRules;
use crate::time::{local_to_utc, utc_to_local};
use crate::units::Secs;

/// One SLA criterion and how the plan fares.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Criterion {
    /// `transit`, `margin`, `excursion`, `stability` or `freeze`.
    pub name: &'static str,
    /// The plan's figure (seconds, share, or 0/1 for freeze).
    pub value: f64,
    /// The limit.
    pub limit: f64,
    /// Whether the limit is a maximum (true) or a minimum (false).
    pub is_max: bool,
    /// Whether the plan meets it.
    pub pass: bool,
    /// The figure against its limit, for people: `22h 39m > max 19h 00m`.
    pub text: String,
}

/// A plan's SLA verdict with every figure.
#[derive(Clone, Debug, PartialEq)]
pub struct SlaReport {
    /// Every criterion, in a fixed order.
    pub criteria: Vec<Criterion>,
    /// The re-simulation the figures come from.
    pub simulation: Simulation,
}

impl SlaReport {
    /// Whether every criterion passes.
    pub fn pass(&self) -> bool {
        self.criteria.iter().all(|c| c.pass)
    }
}

/// Why an itinerary is not a possible journey ([`verify_itinerary`]).
/// `step` is the index of the offending step; `message` says what is
/// wrong in words.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ItineraryError {
    /// No steps at all.
    #[error("the itinerary is empty")]
    Empty,
    /// The first step does not start when the shipment is ready.
    #[error("starts at {} but the shipment is ready at {}", start.0, ready.0)]
    Start {
        /// When the itinerary starts, UTC seconds.
        start: Secs,
        /// When the shipment is ready.
        ready: Secs,
    },
    /// A step does not start when the one before ended, or ends before it
    /// starts.
    #[error("{message}")]
    Disjoint {
        /// The step.
        step: usize,
        /// What is wrong.
        message: String,
    },
    /// A step is not where the shipment is (or an apron leads to no
    /// flight from there).
    #[error("{message}")]
    WrongHub {
        /// The step.
        step: usize,
        /// What is wrong.
        message: String,
    },
    /// A flight, road or ride does not run at that time or take that
    /// long, or does not exist.
    #[error("{message}")]
    NotScheduled {
        /// The step.
        step: usize,
        /// What is wrong.
        message: String,
    },
    /// A leg leaves before the connection time at its hub has passed.
    #[error("{message}")]
    Connection {
        /// The step.
        step: usize,
        /// What is wrong.
        message: String,
    },
    /// A flight lacks its departure or arrival apron.
    #[error("{message}")]
    Apron {
        /// The step.
        step: usize,
        /// What is wrong.
        message: String,
    },
    /// A walk or service stop the hub does not offer (or a walk not
    /// straight off a leg).
    #[error("{message}")]
    NotOffered {
        /// The step.
        step: usize,
        /// What is wrong.
        message: String,
    },
    /// The wait for receipt or the delivery handling is misplaced.
    #[error("{message}")]
    Delivery {
        /// The step.
        step: usize,
        /// What is wrong.
        message: String,
    },
    /// The itinerary does not end at the destination, or lacks its
    /// delivery handling.
    #[error("{message}")]
    End {
        /// What is wrong.
        message: String,
    },
    /// Delivered outside the destination's receiving hours.
    #[error("{message}")]
    Receiving {
        /// What is wrong.
        message: String,
    },
}

/// Checks that `it` is a possible journey of `sh` in `s`.
pub fn verify_itinerary(s: &Scenario, sh: &Shipment, it: &Itinerary) -> Result<(), ItineraryError> {
    let steps = &it.steps;
    let first = steps.first().ok_or(ItineraryError::Empty)?;
    if first.start != sh.ready {
        return Err(ItineraryError::Start {
            start: first.start,
            ready: sh.ready,
        });
    }
    for (k, w) in steps.windows(2).enumerate() {
        if w[0].end != w[1].start {
            return Err(ItineraryError::Disjoint {
                step: k + 1,
                message: format!(
                    "`{}` ends at {} but `{}` starts at {}",
                    w[0].label(s),
                    w[0].end.0,
                    w[1].label(s),
                    w[1].start.0
                ),
            });
        }
    }
    if let Some((k, st)) = steps.iter().enumerate().find(|(_, st)| st.end < st.start) {
        return Err(ItineraryError::Disjoint {
            step: k,
            message: format!("`{}` ends before it starts", st.label(s)),
        });
    }
    let mut hub = sh.from;
    // When the cargo became available at `hub` and the connection time it
    // owes there before the next cutoff.
    let mut avail = sh.ready;
    let mut owed = s.hubs[sh.from].handling;
    // When the cargo got off its last leg (or was handled at the origin)
    // and has not waited since: the only moment a walk may start.
    let mut off_at = Some(sh.ready + owed);
    let mut i = 0;
    while i < steps.len() {
        let st = &steps[i];
        // Acceptance handling leads to the same moment; any other step
        // that is not a leg ends it.
        let was_off = if matches!(st.kind, StepKind::Handling { .. }) {
            off_at
        } else {
            off_at.take()
        };
        match st.kind {
            StepKind::Walk { from, to } => {
                let known = s
                    .walks
                    .iter()
                    .any(|w| w.from == from && w.to == to && w.duration == st.duration());
                if from != hub || !known {
                    return Err(ItineraryError::NotOffered {
                        step: i,
                        message: format!(
                            "`{}` is not a walk from {}",
                            st.label(s),
                            s.hubs[hub].code
                        ),
                    });
                }
                if was_off != Some(st.start) {
                    return Err(ItineraryError::NotOffered {
                        step: i,
                        message: format!(
                            "`{}` does not start as the cargo gets off a leg",
                            st.label(s)
                        ),
                    });
                }
                hub = to;
                avail = st.end;
                owed = Secs(0);
            }
            StepKind::Handling { hub: h } | StepKind::Dwell { hub: h } => {
                if h != hub {
                    return Err(ItineraryError::WrongHub {
                        step: i,
                        message: format!(
                            "`{}` is not at the shipment's hub {}",
                            st.label(s),
                            s.hubs[hub].code
                        ),
                    });
                }
            }
            StepKind::ReIce { hub: h } | StepKind::Recharge { hub: h } => {
                let d = match st.kind {
                    StepKind::ReIce { .. } => s.hubs[h].re_ice,
                    _ => s.hubs[h].recharge,
                };
                if h != hub || d != Some(st.duration()) {
                    return Err(ItineraryError::NotOffered {
                        step: i,
                        message: format!(
                            "`{}` is not a service {} offers",
                            st.label(s),
                            s.hubs[hub].code
                        ),
                    });
                }
            }
            StepKind::Apron { hub: h } => {
                let next = steps.get(i + 1).map(|n| n.kind);
                match next {
                    Some(StepKind::Flight { flight })
                        if s.flights[flight].from == h && h == hub => {}
                    _ => {
                        return Err(ItineraryError::WrongHub {
                            step: i,
                            message: format!(
                                "`{}` does not lead to a flight from {}",
                                st.label(s),
                                s.hubs[h].code
                            ),
                        })
                    }
                }
            }
            StepKind::Flight { flight } => {
                let f = &s.flights[flight];
                if f.from != hub {
                    return Err(ItineraryError::WrongHub {
                        step: i,
                        message: format!(
                            "flight {} leaves {}, but the shipment is at {}",
                            f.id, s.hubs[f.from].code, s.hubs[hub].code
                        ),
                    });
                }
                let tz = &s.hubs[f.from].tz;
                let date = utc_to_local(tz, st.start).date;
                let scheduled = local_to_utc(tz, date, f.departs.secs).schedule_instant();
                if !f.runs_on(date) || scheduled != st.start {
                    return Err(ItineraryError::NotScheduled {
                        step: i,
                        message: format!("flight {} does not depart at that time on {date}", f.id),
                    });
                }
                if s.flight_arrival(flight, st.start) != Some(st.end) {
                    return Err(ItineraryError::NotScheduled {
                        step: i,
                        message: format!("flight {} does not arrive at that time", f.id),
                    });
                }
                let cutoff = st.start - f.tarmac_departure;
                if cutoff < avail + owed {
                    return Err(ItineraryError::Connection {
                        step: i,
                        message: format!(
                            "flight {} leaves before the connection time at {} has passed",
                            f.id, s.hubs[hub].code
                        ),
                    });
                }
                if f.tarmac_departure.0 > 0 {
                    let prev = i.checked_sub(1).map(|k| &steps[k]);
                    if !prev.is_some_and(|p| {
                        p.kind == StepKind::Apron { hub } && p.duration() == f.tarmac_departure
                    }) {
                        return Err(ItineraryError::Apron {
                            step: i,
                            message: format!(
                                "flight {} lacks its {} departure apron",
                                f.id, f.tarmac_departure
                            ),
                        });
                    }
                }
                let mut a = st.end;
                if f.tarmac_arrival.0 > 0 {
                    let next = steps.get(i + 1);
                    if !next.is_some_and(|n| {
                        n.kind == StepKind::Apron { hub: f.to } && n.duration() == f.tarmac_arrival
                    }) {
                        return Err(ItineraryError::Apron {
                            step: i,
                            message: format!(
                                "flight {} lacks its {} arrival apron",
                                f.id, f.tarmac_arrival
                            ),
                        });
                    }
                    a = a + f.tarmac_arrival;
                    i += 1;
                }
                hub = f.to;
                avail = a;
                owed = s.hubs[hub].min_connection;
                off_at = Some(avail);
            }
            StepKind::Road { road } => {
                let r = &s.roads[road];
                if r.from != hub {
                    return Err(ItineraryError::WrongHub {
                        step: i,
                        message: format!(
                            "road {} leaves {}, but the shipment is at {}",
                            r.id, s.hubs[r.from].code, s.hubs[hub].code
                        ),
                    });
                }
                let local = utc_to_local(&s.hubs[r.from].tz, st.start);
                let open =
                    r.days.contains(local.date.weekday()) && r.hours.contains(local.secs_of_day);
                let on_grid = match &r.departures {
                    Departures::OnDemand => s.hubs[r.from].opening.contains(local.secs_of_day),
                    Departures::Every(_) => r.on_grid(local.secs_of_day),
                };
                if !open || !on_grid {
                    return Err(ItineraryError::NotScheduled {
                        step: i,
                        message: format!("road {} does not leave at {} local", r.id, local.hhmm()),
                    });
                }
                if st.start + s.road_travel(r, st.start) != st.end {
                    return Err(ItineraryError::NotScheduled {
                        step: i,
                        message: format!("road {} does not take that long", r.id),
                    });
                }
                if st.start < avail + owed {
                    return Err(ItineraryError::Connection {
                        step: i,
                        message: format!(
                            "road {} leaves before the connection time at {} has passed",
                            r.id, s.hubs[hub].code
                        ),
                    });
                }
                hub = r.to;
                avail = st.end;
                owed = s.hubs[hub].min_connection;
                off_at = Some(avail);
            }
            StepKind::Ride {
                line,
                run,
                board,
                alight,
            } => {
                let Some(l) = s.lines.get(line as usize) else {
                    return Err(ItineraryError::NotScheduled {
                        step: i,
                        message: format!("ride on line {line}, which does not exist"),
                    });
                };
                let (b, a) = (usize::from(board), usize::from(alight));
                let Some(r) = l
                    .runs
                    .get(run as usize)
                    .filter(|_| b < a && a < l.stops.len())
                else {
                    return Err(ItineraryError::NotScheduled {
                        step: i,
                        message: format!("ride on line {} has no such run or stops", l.id),
                    });
                };
                if l.stops[b] != hub {
                    return Err(ItineraryError::WrongHub {
                        step: i,
                        message: format!(
                            "line {} boards at {}, but the shipment is at {}",
                            l.id, s.hubs[l.stops[b]].code, s.hubs[hub].code
                        ),
                    });
                }
                if r.times[b].1 != st.start || r.times[a].0 != st.end {
                    return Err(ItineraryError::NotScheduled {
                        step: i,
                        message: format!(
                            "trip {} of line {} does not run at those times",
                            l.trip_name(run as usize),
                            l.id
                        ),
                    });
                }
                if st.start < avail + owed {
                    return Err(ItineraryError::Connection {
                        step: i,
                        message: format!(
                            "line {} leaves before the connection time at {} has passed",
                            l.id, s.hubs[hub].code
                        ),
                    });
                }
                hub = l.stops[a];
                avail = st.end;
                owed = s.hubs[hub].min_connection;
                off_at = Some(avail);
            }
            StepKind::AwaitReceipt { hub: h } => {
                let last = i + 1 == steps.len()
                    || (i + 2 == steps.len()
                        && matches!(steps[i + 1].kind, StepKind::Delivery { .. }));
                if h != sh.to || hub != sh.to || !last {
                    return Err(ItineraryError::Delivery {
                        step: i,
                        message:
                            "the wait for receipt is not at the destination before its delivery"
                                .into(),
                    });
                }
            }
            StepKind::Delivery { hub: h } => {
                if h != sh.to
                    || hub != sh.to
                    || i + 1 != steps.len()
                    || st.duration() != s.hubs[h].handling
                {
                    return Err(ItineraryError::Delivery {
                        step: i,
                        message: "the delivery handling is not the destination's last step".into(),
                    });
                }
            }
        }
        i += 1;
    }
    if hub != sh.to {
        return Err(ItineraryError::End {
            message: format!(
                "ends at {}, not at {}",
                s.hubs[hub].code, s.hubs[sh.to].code
            ),
        });
    }
    if s.hubs[sh.to].handling.0 > 0
        && !matches!(
            steps.last().map(|s| s.kind),
            Some(StepKind::Delivery { .. })
        )
    {
        return Err(ItineraryError::End {
            message: "the delivery handling is missing".into(),
        });
    }
    // Received inside the destination's receiving hours: when its
    // handling starts (or, without handling, when the itinerary ends).
    let received = match steps.last() {
        Some(st) if matches!(st.kind, StepKind::Delivery { .. }) => st.start,
        _ => it.end(),
    };
    let to = &s.hubs[sh.to];
    let local = utc_to_local(&to.tz, received);
    if !to.receiving.contains(local.secs_of_day) {
        return Err(ItineraryError::Receiving {
            message: format!(
                "delivered at {} local, outside {}'s receiving hours {}",
                local.hhmm(),
                to.code,
                to.receiving
            ),
        });
    }
    Ok(())
}

/// Verifies `it`, re-simulates it and checks every SLA limit of `sh`.
pub fn check_sla(s: &Scenario, sh: &Shipment, it: &Itinerary) -> Result<SlaReport, ItineraryError> {
    verify_itinerary(s, sh, it)?;
    let sim = simulate(s, sh, it);
    let sla = &sh.sla;
    let transit = it.end() - sh.ready;
    let margin = sim.margin_s.unwrap_or(f64::INFINITY);
    let e = &sim.exposure;
    let rules = ExposureRules::for_product(&s.products[sh.product]);
    let v = sla.judge(&SlaFigures {
        transit,
        margin_s: margin,
        out_of_range_s: e.out_of_range_s,
        stability_used: e.stability_used,
        frozen: e.frozen,
    });
    let cmp = |pass: bool, ok: &'static str, bad: &'static str| if pass { ok } else { bad };
    let dur = |x: f64| {
        if x.is_infinite() {
            "unlimited".to_string()
        } else {
            Secs(x.round() as i64).to_string()
        }
    };
    let mut criteria = vec![
        Criterion {
            name: "transit",
            value: transit.0 as f64,
            limit: sla.max_transit.0 as f64,
            is_max: true,
            pass: v.transit,
            text: format!(
                "{} {} max {}",
                transit,
                cmp(v.transit, "<=", ">"),
                sla.max_transit
            ),
        },
        Criterion {
            name: "margin",
            value: margin,
            limit: sla.min_margin.0 as f64,
            is_max: false,
            pass: v.margin,
            text: format!(
                "{} {} min {}",
                dur(margin),
                cmp(v.margin, ">=", "<"),
                sla.min_margin
            ),
        },
        Criterion {
            name: "excursion",
            value: e.out_of_range_s,
            limit: sla.max_excursion.0 as f64,
            is_max: true,
            pass: v.excursion,
            text: format!(
                "{} {} max {}",
                dur(e.out_of_range_s),
                cmp(v.excursion, "<=", ">"),
                sla.max_excursion
            ),
        },
        Criterion {
            name: "stability",
            value: e.stability_used,
            limit: sla.max_stability,
            is_max: true,
            pass: v.stability,
            text: format!(
                "{:.3} % {} max {:.3} %",
                e.stability_used * 100.0,
                cmp(v.stability, "<=", ">"),
                sla.max_stability * 100.0
            ),
        },
    ];
    // Where the payload first went below the limit, so that a failed
    // check says which step to change.
    let first_freeze = it
        .steps
        .iter()
        .zip(&sim.steps)
        .find_map(|(st, r)| r.freeze.map(|(t, _)| (st, t)))
        .map(|(st, t)| {
            let local = utc_to_local(&s.hubs[st.start_hub(s)].tz, t);
            format!(
                " from {} {} local in `{}`",
                local.date,
                local.hhmm(),
                st.label(s)
            )
        })
        .unwrap_or_default();
    let freeze_text = match (e.frozen, rules.freeze_limit) {
        (true, Some(l)) => format!("{} < limit {l}{first_freeze}", e.min_payload),
        (true, None) => format!("frozen{first_freeze}"),
        (false, _) => format!("none (lowest {})", e.min_payload),
    };
    criteria.push(Criterion {
        name: "freeze",
        value: if e.frozen { 1.0 } else { 0.0 },
        limit: 0.0,
        is_max: true,
        pass: v.freeze,
        text: freeze_text,
    });
    Ok(SlaReport {
        criteria,
        simulation: sim,
    })
}
