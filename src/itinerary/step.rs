//! The steps of an itinerary.

use crate::scenario::HubIdx;
use crate::units::Secs;

/// What happens during a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum StepKind {
    /// Acceptance handling at the origin, in the hub (cold room if any).
    Handling {
        /// Where.
        hub: HubIdx,
    },
    /// Waiting at a hub: the connection time and any wait for a departure.
    Dwell {
        /// Where.
        hub: HubIdx,
    },
    /// Apron (tarmac) exposure before a departure or after an arrival.
    Apron {
        /// Which airport.
        hub: HubIdx,
    },
    /// A scheduled flight.
    Flight {
        /// Index into `Scenario::flights`.
        flight: usize,
    },
    /// A road leg.
    Road {
        /// Index into `Scenario::roads`.
        road: usize,
    },
    /// A ride on a line: board run `run` at stop index `board`, leave it at
    /// stop index `alight` (indices into `Line::stops`).
    Ride {
        /// Index into `Scenario::lines`.
        line: u32,
        /// Index into the line's runs.
        run: u32,
        /// Stop index boarded at.
        board: u16,
        /// Stop index left at, after `board`.
        alight: u16,
    },
    /// Walking from one stop to another between two legs (not a leg).
    Walk {
        /// Where the walk starts.
        from: HubIdx,
        /// Where it ends.
        to: HubIdx,
    },
    /// Re-icing: coolant restored to full at the end of the step.
    ReIce {
        /// Where.
        hub: HubIdx,
    },
    /// Battery recharge: autonomy restored to full at the end of the step.
    Recharge {
        /// Where.
        hub: HubIdx,
    },
    /// Waiting at the destination's door for its receiving hours: the
    /// cargo has arrived but is not received yet, so it stands in the
    /// hub's outdoor air, not in its cold room.
    AwaitReceipt {
        /// Where.
        hub: HubIdx,
    },
    /// Delivery handling at the destination.
    Delivery {
        /// Where.
        hub: HubIdx,
    },
}

/// One step: a kind and its UTC interval `[start, end]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Step {
    /// What happens.
    #[serde(flatten)]
    pub kind: StepKind,
    /// Start, UTC seconds.
    pub start: Secs,
    /// End, UTC seconds.
    pub end: Secs,
}

impl Step {
    /// Length of the step.
    pub fn duration(&self) -> Secs {
        self.end - self.start
    }

    /// Whether this step is a leg (flight, road or ride).
    pub fn is_leg(&self) -> bool {
        matches!(
            self.kind,
            StepKind::Flight { .. } | StepKind::Road { .. } | StepKind::Ride { .. }
        )
    }
}

/// A shipment's whole journey, from ready at the origin to delivered.
#[derive(Clone, Debug, PartialEq, Eq, Default, serde::Serialize)]
pub struct Itinerary {
    /// Steps in time order, each starting where the previous ended.
    pub steps: Vec<Step>,
}

impl Itinerary {
    /// When the shipment was ready (start of the first step).
    pub fn start(&self) -> Secs {
        self.steps.first().map_or(Secs(0), |s| s.start)
    }

    /// When the shipment was delivered (end of the last step).
    pub fn end(&self) -> Secs {
        self.steps.last().map_or(Secs(0), |s| s.end)
    }

    /// Number of flight and road legs.
    pub fn n_legs(&self) -> usize {
        self.steps.iter().filter(|s| s.is_leg()).count()
    }

    /// Number of transfers (legs minus one, at least zero).
    pub fn n_transfers(&self) -> usize {
        self.n_legs().saturating_sub(1)
    }

    /// The legs, in order.
    pub fn legs(&self) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(|s| s.is_leg())
    }
}

impl Step {
    /// The hub whose clock the step's start is read on.
    pub fn start_hub(&self, s: &crate::scenario::Scenario) -> HubIdx {
        match self.kind {
            StepKind::Handling { hub }
            | StepKind::Dwell { hub }
            | StepKind::Apron { hub }
            | StepKind::ReIce { hub }
            | StepKind::Recharge { hub }
            | StepKind::AwaitReceipt { hub }
            | StepKind::Delivery { hub } => hub,
            StepKind::Flight { flight } => s.flights[flight].from,
            StepKind::Walk { from, .. } => from,
            StepKind::Road { road } => s.roads[road].from,
            StepKind::Ride { line, board, .. } => s.lines[line as usize].stops[usize::from(board)],
        }
    }

    /// The hub whose clock the step's end is read on.
    pub fn end_hub(&self, s: &crate::scenario::Scenario) -> HubIdx {
        match self.kind {
            StepKind::Flight { flight } => s.flights[flight].to,
            StepKind::Road { road } => s.roads[road].to,
            StepKind::Walk { to, .. } => to,
            StepKind::Ride { line, alight, .. } => {
                s.lines[line as usize].stops[usize::from(alight)]
            }
            _ => self.start_hub(s),
        }
    }

    /// The service a leg takes: the flight's or road's id, or the line's
    /// (a GTFS route's short name); `None` for a step that is not a leg.
    pub fn service<'s>(&self, s: &'s crate::scenario::Scenario) -> Option<&'s str> {
        match self.kind {
            StepKind::Flight { flight } => Some(&s.flights[flight].id),
            StepKind::Road { road } => Some(&s.roads[road].id),
            StepKind::Ride { line, .. } => Some(&s.lines[line as usize].id),
            _ => None,
        }
    }

    /// The trip a ride is on (a GTFS `trip_id`), so that a change of
    /// vehicle on one route shows; `None` for any other step, or a run
    /// without a name of its own.
    pub fn trip<'s>(&self, s: &'s crate::scenario::Scenario) -> Option<&'s str> {
        match self.kind {
            StepKind::Ride { line, run, .. } => {
                let trip = s.lines[line as usize].trip_name(run as usize);
                (!trip.is_empty()).then_some(trip)
            }
            _ => None,
        }
    }

    /// A short label: `flight XC901 PEK-SAL`, `apron ANC`, `dwell LGG`.
    pub fn label(&self, s: &crate::scenario::Scenario) -> String {
        let code = |h: HubIdx| s.hubs[h].code.as_str();
        match self.kind {
            StepKind::Handling { hub } => format!("handling {}", code(hub)),
            StepKind::Dwell { hub } => format!("dwell {}", code(hub)),
            StepKind::Apron { hub } => format!("apron {}", code(hub)),
            StepKind::Flight { flight } => {
                let f = &s.flights[flight];
                format!("flight {} {}-{}", f.id, code(f.from), code(f.to))
            }
            StepKind::Road { road } => {
                let r = &s.roads[road];
                let hops = format!("{}-{}", code(r.from), code(r.to));
                // Name the service when it has its own id (a named
                // truck), not just the default `FROM-TO`.
                if r.id == hops {
                    format!("road {hops}")
                } else {
                    format!("road {} {hops}", r.id)
                }
            }
            StepKind::Ride {
                line,
                run,
                board,
                alight,
            } => {
                // The line and the trip, so that a change of vehicle on
                // one route shows.
                let l = &s.lines[line as usize];
                let hops = format!(
                    "{}-{}",
                    code(l.stops[usize::from(board)]),
                    code(l.stops[usize::from(alight)])
                );
                let trip = l.trip_name(run as usize);
                if trip.is_empty() || trip == l.id {
                    format!("ride {} {hops}", l.id)
                } else {
                    format!("ride {} {hops} trip {trip}", l.id)
                }
            }
            StepKind::Walk { from, to } => format!("walk {}-{}", code(from), code(to)),
            StepKind::ReIce { hub } => format!("re-ice {}", code(hub)),
            StepKind::Recharge { hub } => format!("recharge {}", code(hub)),
            StepKind::AwaitReceipt { hub } => format!("await receipt {}", code(hub)),
            StepKind::Delivery { hub } => format!("delivery {}", code(hub)),
        }
    }

    /// The kind as one word: `handling`, `dwell`, `apron`, `flight`,
    /// `road`, `ride`, `walk`, `re-ice`, `recharge`, `await-receipt`,
    /// `delivery`.
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            StepKind::Handling { .. } => "handling",
            StepKind::Dwell { .. } => "dwell",
            StepKind::Apron { .. } => "apron",
            StepKind::Flight { .. } => "flight",
            StepKind::Road { .. } => "road",
            StepKind::Ride { .. } => "ride",
            StepKind::Walk { .. } => "walk",
            StepKind::ReIce { .. } => "re-ice",
            StepKind::Recharge { .. } => "recharge",
            StepKind::AwaitReceipt { .. } => "await-receipt",
            StepKind::Delivery { .. } => "delivery",
        }
    }
}
