//! The data behind a timeline report, without any drawing.
//!
//! [`build_timeline`] turns a scenario, a shipment, a plan and the SLA
//! check's re-simulation into a [`Timeline`]: one [`Band`] per step, the
//! ambient, payload and reserve curves as `(UTC seconds, value)` points,
//! the spans where the payload is out of range or frozen and where the air
//! could freeze it, [`Marker`]s (ready, SLA deadline, delivered, coolant or
//! battery spent, first freeze), the UTC [`Tick`]s of the time axis, one
//! [`HubRow`] per hub with its local clock, and the [`Header`] figures.
//!
//! Everything here is decided from the input alone, so the same plan always
//! gives the same timeline; what fits on the page (which label, which row)
//! is left to [`super::draw`], which knows the pixel sizes.
//!
//! # Curves
//!
//! The payload follows an exponential within each constant-ambient segment
//! (docs/thermal-model.md). Each segment is re-run through
//! [`crate::thermal::container::step`] from its start state and every
//! closed-form [`Piece`] it returns is sampled at several points, so the
//! drawn curve is the model's own trajectory rather than straight lines
//! between segment ends. Excursion and freeze spans use the pieces' exact
//! crossing times.

use jiff::tz::TimeZone;

use crate::itinerary::{Step, StepKind};
use crate::planner::Plan;
use crate::scenario::{Scenario, Shipment};
use crate::sla::SlaReport;
use crate::thermal::container::{step as container_step, ContainerState};
use crate::thermal::trajectory::Piece;
use crate::thermal::{ExposureRules, PackagingKind};
use crate::time::utc_to_local;
use crate::units::{Celsius, Secs, TempRange};

use super::audit::Audit;
use crate::compare::Comparison;

/// Everything a timeline report shows, in UTC seconds and degrees Celsius.
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    /// Shipment, product, packaging and the SLA figures.
    pub header: Header,
    /// The time range to draw, UTC: the trip with a little room either
    /// side, and the SLA deadline when it is near enough to show.
    pub view: (Secs, Secs),
    /// Ticks of the UTC time axis.
    pub ticks: Vec<Tick>,
    /// One band per step of the itinerary, in order.
    pub bands: Vec<Band>,
    /// One row per hub the shipment stops at, in order of first visit.
    pub hub_rows: Vec<HubRow>,
    /// Ambient around the container, C: a step curve, constant over each
    /// segment.
    pub ambient: Vec<(f64, f64)>,
    /// Payload temperature, C, sampled along the model's trajectory.
    pub payload: Vec<(f64, f64)>,
    /// The product's allowed range.
    pub range: TempRange,
    /// The product's freeze limit, if it is freeze-sensitive.
    pub freeze_limit: Option<Celsius>,
    /// Coolant or battery left.
    pub reserve: Reserve,
    /// Where the payload is outside its allowed range.
    pub excursions: Vec<Span>,
    /// Where the payload is below its freeze limit.
    pub frozen: Vec<Span>,
    /// Where the ambient is below the freeze limit (the container is being
    /// pulled towards freezing, whether or not the payload gets there).
    pub freeze_risk: Vec<Span>,
    /// Moments worth a vertical line.
    pub markers: Vec<Marker>,
    /// Where the model holds the payload against the ambient, in words,
    /// so that a flat curve through a hot apron is not read as an error.
    pub notes: Vec<Note>,
    /// What made the page, for its footer.
    pub audit: Audit,
    /// A data logger's record of the same trip, compared with the plan
    /// (`coldroute report --logger`), and the logger file's name.
    pub recorded: Option<(String, Comparison)>,
    /// Simulated days of the plan (`coldroute report --robust`).
    pub robust: Option<super::robust::RobustView>,
}

/// A short explanation of the model at a moment of the trip.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    /// The moment it explains, UTC seconds (the middle of the segment).
    pub t: f64,
    /// Payload temperature there, C (where the note's tag goes).
    pub payload: f64,
    /// The note.
    pub text: String,
}

/// The figures printed above the chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    /// Shipment id.
    pub shipment: String,
    /// Origin hub code.
    pub from: String,
    /// Destination hub code.
    pub to: String,
    /// Product display name.
    pub product: String,
    /// Packaging display name.
    pub packaging: String,
    /// Whether every SLA criterion passes (from the independent SLA check).
    pub pass: bool,
    /// Door-to-door transit.
    pub transit: Secs,
    /// Thermal margin on delivery, s; `None` = indefinitely.
    pub margin_s: Option<f64>,
    /// The ambient the margin is measured at.
    pub margin_ambient: Celsius,
    /// Mean kinetic temperature of the trip.
    pub mkt: Option<Celsius>,
    /// Ready at the origin, local time with its offset.
    pub ready_local: String,
    /// Delivered at the destination, local time with its offset.
    pub delivered_local: String,
    /// Every SLA criterion, in the SLA check's order.
    pub criteria: Vec<HeaderCriterion>,
}

/// One SLA criterion as the header prints it.
#[derive(Clone, Debug, PartialEq)]
pub struct HeaderCriterion {
    /// `transit`, `margin`, `excursion`, `stability` or `freeze`.
    pub name: String,
    /// The figure against its limit: `18h 55m <= max 19h 00m`.
    pub text: String,
    /// Whether the plan meets it.
    pub pass: bool,
}

/// A tick of the UTC axis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tick {
    /// UTC instant.
    pub t: Secs,
    /// `HH:MM` UTC.
    pub time: String,
    /// `28 Mar` on the first tick and where the UTC date changes.
    pub date: Option<String>,
}

/// What a step is, for colour and pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum BandKind {
    /// Acceptance handling at the origin.
    Handling,
    /// Waiting at a hub.
    Dwell,
    /// On the apron.
    Apron,
    /// A flight.
    Flight,
    /// A road leg.
    Road,
    /// Re-icing.
    ReIce,
    /// Battery recharge.
    Recharge,
    /// Waiting at the destination's door for its receiving hours.
    AwaitReceipt,
    /// Delivery handling.
    Delivery,
}

impl BandKind {
    /// Every kind, in legend order.
    pub const ALL: [BandKind; 9] = [
        BandKind::Flight,
        BandKind::Road,
        BandKind::Apron,
        BandKind::Dwell,
        BandKind::Handling,
        BandKind::ReIce,
        BandKind::Recharge,
        BandKind::AwaitReceipt,
        BandKind::Delivery,
    ];

    /// The kind of a step.
    pub fn of(kind: &StepKind) -> BandKind {
        match kind {
            StepKind::Handling { .. } => BandKind::Handling,
            StepKind::Dwell { .. } => BandKind::Dwell,
            StepKind::Apron { .. } => BandKind::Apron,
            StepKind::Flight { .. } => BandKind::Flight,
            // A ride is drawn as a road leg: a vehicle on the ground.
            StepKind::Road { .. } | StepKind::Ride { .. } => BandKind::Road,
            // A walk between stops of a station is a dwell on the page.
            StepKind::Walk { .. } => BandKind::Dwell,
            StepKind::ReIce { .. } => BandKind::ReIce,
            StepKind::Recharge { .. } => BandKind::Recharge,
            StepKind::AwaitReceipt { .. } => BandKind::AwaitReceipt,
            StepKind::Delivery { .. } => BandKind::Delivery,
        }
    }

    /// One word, as `Step::kind_name`.
    pub fn name(self) -> &'static str {
        match self {
            BandKind::Handling => "handling",
            BandKind::Dwell => "dwell",
            BandKind::Apron => "apron",
            BandKind::Flight => "flight",
            BandKind::Road => "road",
            BandKind::ReIce => "re-ice",
            BandKind::Recharge => "recharge",
            BandKind::AwaitReceipt => "await receipt",
            BandKind::Delivery => "delivery",
        }
    }

    /// A two- or three-letter abbreviation for narrow bands.
    pub fn abbreviation(self) -> &'static str {
        match self {
            BandKind::Handling => "hdl",
            BandKind::Dwell => "dw",
            BandKind::Apron => "apr",
            BandKind::Flight => "flt",
            BandKind::Road => "rd",
            BandKind::ReIce => "ice",
            BandKind::Recharge => "chg",
            BandKind::AwaitReceipt => "wait",
            BandKind::Delivery => "dlv",
        }
    }
}

/// One step of the itinerary as a band on the time axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// What the step is.
    pub kind: BandKind,
    /// Start, UTC.
    pub start: Secs,
    /// End, UTC.
    pub end: Secs,
    /// Flight or road id, for legs.
    pub service: Option<String>,
    /// Hub code at the start.
    pub from: String,
    /// Hub code at the end (the same as `from` except for legs).
    pub to: String,
    /// Label candidates, longest first; the drawing uses the first that
    /// fits (the last is the kind's abbreviation).
    pub labels: Vec<String>,
    /// How many of `labels`, from the first, name the service (legs) or
    /// the hub (other steps). When the band is too narrow for any of
    /// them, the drawing adds a label under it.
    pub specific: usize,
}

/// A hub's local clock over the times the shipment is there.
#[derive(Clone, Debug, PartialEq)]
pub struct HubRow {
    /// Hub code.
    pub code: String,
    /// UTC offset at the first visit, `UTC+08:00`.
    pub offset: String,
    /// Each stay at the hub (consecutive non-leg steps), in order.
    pub stays: Vec<Stay>,
}

/// One stay at a hub.
#[derive(Clone, Debug, PartialEq)]
pub struct Stay {
    /// Arrival (or ready), UTC.
    pub start: Secs,
    /// Departure (or delivery), UTC.
    pub end: Secs,
    /// Local time at `start`: `28 Mar 19:40`.
    pub start_local: String,
    /// Local time at `end`: `20:10`, with the date when it differs from
    /// the start's.
    pub end_local: String,
    /// Local `HH:MM` at each UTC tick strictly inside the stay.
    pub ticks: Vec<(Secs, String)>,
}

/// What the reserve panel shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Reserve {
    /// `coolant` or `battery`.
    pub what: &'static str,
    /// `kg` or `h`.
    pub unit: &'static str,
    /// A full charge.
    pub full: f64,
    /// `(UTC seconds, amount left)`; linear between points, with a
    /// vertical jump where a re-ice or recharge refills it.
    pub points: Vec<(f64, f64)>,
}

/// An interval of UTC time, in seconds (fractional: crossing times are
/// exact).
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    /// Start, UTC seconds.
    pub start: f64,
    /// End, UTC seconds.
    pub end: f64,
    /// Local start and end where the shipment is (`22:05-23:25 ANC`, with
    /// dates on a trip over several days; UTC while it moves), for the
    /// excursion and frozen spans; empty for freeze risk.
    pub local: String,
}

impl Span {
    /// A span from `start` to `end`, UTC seconds, without local times.
    pub fn new(start: f64, end: f64) -> Span {
        Span {
            start,
            end,
            local: String::new(),
        }
    }
}

/// What a marker marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerKind {
    /// The shipment is ready at the origin.
    Ready,
    /// Ready plus the SLA's maximum transit.
    Deadline,
    /// The end of the delivery.
    Delivered,
    /// Coolant or battery first runs out.
    Depleted,
    /// The payload first goes below its freeze limit.
    Frozen,
}

/// A moment on the time axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    /// What it marks.
    pub kind: MarkerKind,
    /// UTC instant.
    pub t: Secs,
    /// Whether it lies inside [`Timeline::view`].
    pub in_view: bool,
    /// Text beside the line: `SLA deadline 06:40Z` (`SLA deadline 9 Jul
    /// 06:40Z` on a trip over several days).
    pub label: String,
    /// The label without a date, for where the long one finds no room.
    pub short: String,
}

/// The SLA deadline is drawn inside the chart only when it lies at most
/// this share of the transit time after delivery; further out it would
/// squeeze the trip into a corner, so it becomes a note at the edge.
const DEADLINE_VIEW_SHARE: f64 = 0.5;

/// Upper bound on the UTC ticks of the axis.
const MAX_TICKS: i64 = 12;

/// Builds the timeline of `plan` for shipment `sh`, with the figures and
/// the re-simulation of the independent SLA check `sla`.
pub fn build_timeline(s: &Scenario, sh: &Shipment, plan: &Plan, sla: &SlaReport) -> Timeline {
    let sim = &sla.simulation;
    let product = &s.products[sh.product];
    let pkg = &s.packagings[sh.packaging].kind;
    let rules = ExposureRules::for_product(product);
    let it = &plan.itinerary;
    let delivered = it.end();
    let deadline = sh.ready + sh.sla.max_transit;

    let transit = delivered - sh.ready;
    let deadline_shown = deadline <= delivered
        || (deadline - delivered).0 as f64 <= DEADLINE_VIEW_SHARE * transit.0 as f64;
    let last = if deadline_shown {
        deadline.max(delivered)
    } else {
        delivered
    };
    let pad = Secs(((last - sh.ready).0 / 40).max(600) / 60 * 60);
    let view = (sh.ready - pad, last + pad);

    let mut curves = sample_curves(pkg, &rules, sim);
    // Dates go on every time label when the trip covers more than one UTC
    // day.
    let multi_day = sh.ready.0.div_euclid(86_400) != last.0.div_euclid(86_400);
    let at = |t: Secs| at_utc(t, multi_day);
    for sp in curves.excursions.iter_mut().chain(curves.frozen.iter_mut()) {
        sp.local = span_local(s, &it.steps, sp, multi_day);
    }
    let ticks = utc_ticks(view);
    let hub_rows = hub_rows(s, &it.steps, &ticks);

    let mut markers = vec![
        Marker {
            kind: MarkerKind::Ready,
            t: sh.ready,
            in_view: true,
            label: format!("ready {}", at(sh.ready)),
            short: format!("ready {}", hhmm_utc(sh.ready)),
        },
        Marker {
            kind: MarkerKind::Deadline,
            t: deadline,
            in_view: deadline_shown,
            short: format!("SLA deadline {}", hhmm_utc(deadline)),
            label: if deadline_shown {
                format!("SLA deadline {}", at(deadline))
            } else {
                format!(
                    "SLA deadline {}, {} after delivery",
                    at_utc(deadline, true),
                    deadline - delivered
                )
            },
        },
        Marker {
            kind: MarkerKind::Delivered,
            t: delivered,
            in_view: true,
            label: format!("delivered {}", at(delivered)),
            short: format!("delivered {}", hhmm_utc(delivered)),
        },
    ];
    if let Some(t) = curves.depleted {
        markers.push(Marker {
            kind: MarkerKind::Depleted,
            t,
            in_view: true,
            label: match pkg {
                PackagingKind::Passive(_) => format!("coolant spent {}", at(t)),
                PackagingKind::Active(_) => format!("battery empty {}", at(t)),
            },
            short: match pkg {
                PackagingKind::Passive(_) => format!("coolant spent {}", hhmm_utc(t)),
                PackagingKind::Active(_) => format!("battery empty {}", hhmm_utc(t)),
            },
        });
    }
    if let Some((t, _)) = sim.steps.iter().find_map(|r| r.freeze) {
        markers.push(Marker {
            kind: MarkerKind::Frozen,
            t,
            in_view: true,
            label: format!("first freeze {}", at(t)),
            short: format!("first freeze {}", hhmm_utc(t)),
        });
    }
    markers.sort_by_key(|m| m.t);

    let criteria = sla
        .criteria
        .iter()
        .map(|c| HeaderCriterion {
            name: c.name.to_string(),
            text: if c.name == "freeze" {
                freeze_text(
                    sim.exposure.frozen,
                    rules.freeze_limit,
                    sim.exposure.min_payload,
                )
            } else {
                c.text.clone()
            },
            pass: c.pass,
        })
        .collect();
    let header = Header {
        shipment: sh.id.clone(),
        from: s.hubs[sh.from].code.clone(),
        to: s.hubs[sh.to].code.clone(),
        product: product.name.clone(),
        packaging: s.packagings[sh.packaging].name.clone(),
        pass: sla.pass(),
        transit,
        margin_s: sim.margin_s,
        margin_ambient: sim.margin_ambient,
        mkt: sim.exposure.mkt(&rules),
        ready_local: local_text(s, sh.from, sh.ready),
        delivered_local: local_text(s, sh.to, delivered),
        criteria,
    };

    Timeline {
        header,
        view,
        ticks,
        bands: it.steps.iter().map(|st| band(s, st)).collect(),
        hub_rows,
        ambient: curves.ambient,
        payload: curves.payload,
        range: product.range,
        freeze_limit: product.freeze_limit,
        reserve: Reserve {
            what: match pkg {
                PackagingKind::Passive(_) => "coolant",
                PackagingKind::Active(_) => "battery",
            },
            unit: match pkg {
                PackagingKind::Passive(_) => "kg",
                PackagingKind::Active(_) => "h",
            },
            full: match pkg {
                PackagingKind::Passive(p) => p.coolant_kg,
                PackagingKind::Active(a) => a.autonomy_h,
            },
            points: curves.reserve,
        },
        excursions: curves.excursions,
        frozen: curves.frozen,
        freeze_risk: curves.freeze_risk,
        markers,
        notes: model_notes(s, &it.steps, pkg, sim, multi_day),
        audit: Audit::new(sh.id.clone()),
        recorded: None,
        robust: None,
    }
}

/// An ambient at least this far from the payload, C, with the payload
/// held, earns a note.
const NOTE_MIN_DIFFERENCE_C: f64 = 5.0;

/// Notes where the payload is held against the ambient, one per kind of
/// hold, at the segment where the ambient is furthest from the payload:
///
/// - an active unit holding its set point while its battery lasts;
/// - a coolant holding the payload towards its phase temperature while
///   any is left;
/// - a coolant that does nothing because the ambient is below its phase
///   temperature, so the payload drifts while coolant is left.
fn model_notes(
    s: &Scenario,
    steps: &[Step],
    pkg: &PackagingKind,
    sim: &crate::itinerary::Simulation,
    dated: bool,
) -> Vec<Note> {
    // (kind, gap to the ambient, segment index)
    let mut best: [Option<(f64, usize)>; 3] = [None; 3];
    for (i, (seg, before, after)) in sim.segments.iter().enumerate() {
        let (ta, tp) = (seg.ambient.0, before.payload.0);
        let gap = (ta - tp).abs();
        if seg.end.0 - seg.start.0 < 600 || gap < NOTE_MIN_DIFFERENCE_C {
            continue;
        }
        let kind = match pkg {
            PackagingKind::Active(a) => {
                (after.battery_h > 0.0 && a.operating.contains(seg.ambient)).then_some(0)
            }
            PackagingKind::Passive(p) => {
                let phase = crate::thermal::container::phase_temp(&p.coolant).0;
                if after.coolant_kg <= 0.0 {
                    None
                } else if ta > phase {
                    Some(1)
                } else if after.payload.0 < before.payload.0 - 0.1 {
                    Some(2)
                } else {
                    None
                }
            }
        };
        if let Some(k) = kind {
            if best[k].is_none_or(|(g, _)| gap > g) {
                best[k] = Some((gap, i));
            }
        }
    }
    let mut notes: Vec<Note> = Vec::new();
    for (k, b) in best.iter().enumerate() {
        let Some((_, i)) = *b else { continue };
        let (seg, before, after) = &sim.segments[i];
        let mid = (seg.start.0 + seg.end.0) as f64 / 2.0;
        let place = steps
            .iter()
            .find(|st| st.start <= seg.start && seg.start < st.end)
            .map_or_else(String::new, |st| format!(" during {}", st.label(s)));
        let when = at_utc(seg.start, dated);
        let ambient = celsius(seg.ambient);
        let text = match (k, pkg) {
            (0, PackagingKind::Active(a)) => format!(
                "The payload stays at {} in {ambient} air{place} from {when}: the active unit holds its set point while the battery lasts and the air is inside its operating range ({}).",
                celsius(after.payload),
                a.operating.to_string().replace(" C", " °C"),
            ),
            (1, PackagingKind::Passive(p)) => format!(
                "The payload is held in {ambient} air{place} from {when}: the coolant absorbs the heat at its phase temperature {}, {} as it does ({:.1} kg left after it).",
                celsius(crate::thermal::container::phase_temp(&p.coolant)),
                if matches!(p.coolant, crate::thermal::Coolant::DryIce) {
                    "subliming"
                } else {
                    "melting"
                },
                after.coolant_kg,
            ),
            (_, PackagingKind::Passive(p)) => format!(
                "The payload cools from {} to {} in {ambient} air{place} from {when} with coolant left ({:.1} kg): below its phase temperature {} the coolant absorbs no heat.",
                celsius(before.payload),
                celsius(after.payload),
                after.coolant_kg,
                celsius(crate::thermal::container::phase_temp(&p.coolant)),
            ),
            _ => continue,
        };
        let payload = (before.payload.0 + after.payload.0) / 2.0;
        notes.push(Note {
            t: mid,
            payload,
            text,
        });
    }
    notes.sort_by(|a, b| a.t.total_cmp(&b.t));
    notes
}

/// A temperature as the report prints it: `+5.0 °C`.
pub fn celsius(c: Celsius) -> String {
    let v = if c.0 == 0.0 { 0.0 } else { c.0 };
    format!("{v:+.1} °C")
}

fn freeze_text(frozen: bool, limit: Option<Celsius>, lowest: Celsius) -> String {
    match (frozen, limit) {
        (true, Some(l)) => format!(
            "payload reached {} below the freeze limit {}",
            celsius(lowest),
            celsius(l)
        ),
        (true, None) => "frozen".to_string(),
        (false, _) => format!("none (lowest {})", celsius(lowest)),
    }
}

/// `HH:MM` UTC with a `Z`.
fn hhmm_utc(t: Secs) -> String {
    let s = t.0.rem_euclid(86_400);
    format!("{:02}:{:02}Z", s / 3600, (s / 60) % 60)
}

/// `17:12Z`, or `9 Jul 17:12Z` when `dated`.
fn at_utc(t: Secs, dated: bool) -> String {
    if !dated {
        return hhmm_utc(t);
    }
    let l = utc_to_local(&TimeZone::UTC, t);
    format!("{} {}", day_month(&l), hhmm_utc(t))
}

/// Where the shipment is at `t`: the hub of the step that holds it, or
/// `None` while it moves (a flight, road, ride or walk).
fn hub_at(s: &Scenario, steps: &[Step], t: f64) -> Option<usize> {
    let st = steps
        .iter()
        .find(|st| (st.start.0 as f64) <= t && t < st.end.0 as f64)
        .or(steps.last())?;
    match st.kind {
        StepKind::Flight { .. }
        | StepKind::Road { .. }
        | StepKind::Ride { .. }
        | StepKind::Walk { .. } => None,
        _ => Some(st.start_hub(s)),
    }
}

/// A span's start and end on one clock, so that the two read in order:
/// the local clock of the hub the shipment is at when the span starts (or,
/// if it starts on the move, where it is when the span ends), named by the
/// hub's code (`22:05-23:25 ANC`, `12 Jan 02:21-04:18 PEK` with dates on a
/// trip over several days, the end's date only when it is another local
/// day); UTC when it is on the move at both ends (`14:05-15:20Z`).
fn span_local(s: &Scenario, steps: &[Step], sp: &Span, dated: bool) -> String {
    let (t0, t1) = (Secs(sp.start.round() as i64), Secs(sp.end.round() as i64));
    let hub = hub_at(s, steps, sp.start).or_else(|| hub_at(s, steps, sp.end));
    let Some(h) = hub else {
        let end = if t0.0.div_euclid(86_400) == t1.0.div_euclid(86_400) {
            hhmm_utc(t1)
        } else {
            at_utc(t1, dated)
        };
        return format!("{}-{end}", at_utc(t0, dated).trim_end_matches('Z'));
    };
    let tz = &s.hubs[h].tz;
    let (la, lb) = (utc_to_local(tz, t0), utc_to_local(tz, t1));
    let start = if dated {
        format!("{} {}", day_month(&la), la.hhmm())
    } else {
        la.hhmm()
    };
    let end = if la.date == lb.date {
        lb.hhmm()
    } else {
        format!("{} {}", day_month(&lb), lb.hhmm())
    };
    format!("{start}-{end} {}", s.hubs[h].code)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `28 Mar` of a local date.
fn day_month(l: &crate::time::LocalInstant) -> String {
    let m = usize::from(l.month().clamp(1, 12)) - 1;
    format!("{} {}", l.date.day(), MONTHS[m])
}

fn local_text(s: &Scenario, hub: usize, t: Secs) -> String {
    let l = utc_to_local(&s.hubs[hub].tz, t);
    format!(
        "{} {} {} {}",
        s.hubs[hub].code,
        day_month(&l),
        l.hhmm(),
        offset(&l)
    )
}

fn offset(l: &crate::time::LocalInstant) -> String {
    format!("UTC{}", l.offset_string())
}

fn band(s: &Scenario, st: &Step) -> Band {
    let kind = BandKind::of(&st.kind);
    let from = s.hubs[st.start_hub(s)].code.clone();
    let to = s.hubs[st.end_hub(s)].code.clone();
    let service = match st.kind {
        StepKind::Flight { flight } => Some(s.flights[flight].id.clone()),
        StepKind::Road { road } => Some(s.roads[road].id.clone()),
        StepKind::Ride { line, run, .. } => {
            let l = &s.lines[line as usize];
            let trip = l.trip_name(run as usize);
            Some(if trip.is_empty() || trip == l.id {
                l.id.clone()
            } else {
                format!("{} trip {trip}", l.id)
            })
        }
        _ => None,
    };
    // A ride is drawn as a road band but named as the text names it.
    let word = if matches!(st.kind, StepKind::Ride { .. }) {
        "ride"
    } else {
        kind.name()
    };
    let (labels, specific) = match &service {
        Some(id) => (
            vec![
                format!("{word} {id} {from}→{to}"),
                format!("{id} {from}→{to}"),
                id.clone(),
                format!("{from}→{to}"),
                kind.name().to_string(),
                kind.abbreviation().to_string(),
            ],
            3,
        ),
        // A walk is drawn as a dwell band, named as a walk.
        None if matches!(st.kind, StepKind::Walk { .. }) => (
            vec![
                format!("walk {from}→{to}"),
                "walk".to_string(),
                kind.abbreviation().to_string(),
            ],
            1,
        ),
        None => (
            vec![
                format!("{} {from}", kind.name()),
                kind.name().to_string(),
                kind.abbreviation().to_string(),
            ],
            1,
        ),
    };
    Band {
        kind,
        start: st.start,
        end: st.end,
        service,
        from,
        to,
        labels,
        specific,
    }
}

/// UTC ticks every 1, 2, 3, 6, 12, 24 or 48 hours, whichever is the
/// finest that gives at most [`MAX_TICKS`] ticks over `view`.
impl Timeline {
    /// This timeline drawn over `view` (UTC) instead of its own, with the
    /// axis ticks of that view: for plans compared on one time axis.
    pub fn with_view(mut self, view: (Secs, Secs)) -> Timeline {
        self.ticks = utc_ticks(view);
        self.view = view;
        let dated = view.0 .0.div_euclid(86_400) != view.1 .0.div_euclid(86_400);
        for m in &mut self.markers {
            if !m.in_view && m.t >= view.0 && m.t <= view.1 {
                // A far deadline drawn as a note is now on the axis.
                m.in_view = true;
                m.label = format!("SLA deadline {}", at_utc(m.t, dated));
            }
        }
        self
    }
}

fn utc_ticks(view: (Secs, Secs)) -> Vec<Tick> {
    let span = (view.1 - view.0).0.max(1);
    let step = [1, 2, 3, 6, 12, 24, 48]
        .into_iter()
        .map(|h| h * 3600)
        .find(|st| span / st <= MAX_TICKS)
        .unwrap_or(((span / MAX_TICKS) / 86_400 + 1) * 86_400);
    let mut t = (view.0 .0.div_euclid(step) + 1) * step;
    let mut ticks = Vec::new();
    let mut last_day = None;
    while t < view.1 .0 {
        let l = utc_to_local(&TimeZone::UTC, Secs(t));
        let day = t.div_euclid(86_400);
        ticks.push(Tick {
            t: Secs(t),
            time: l.hhmm(),
            date: (last_day != Some(day)).then(|| day_month(&l)),
        });
        last_day = Some(day);
        t += step;
    }
    ticks
}

/// One row per hub, each stay being a run of consecutive non-leg steps.
fn hub_rows(s: &Scenario, steps: &[Step], ticks: &[Tick]) -> Vec<HubRow> {
    let mut stays: Vec<(usize, Secs, Secs)> = Vec::new();
    for st in steps.iter().filter(|st| !st.is_leg()) {
        let hub = st.start_hub(s);
        match stays.last_mut() {
            Some((h, _, end)) if *h == hub && *end == st.start => *end = st.end,
            _ => stays.push((hub, st.start, st.end)),
        }
    }
    // A trip that ends with a leg (no delivery handling) still shows the
    // destination's clock at the moment of delivery.
    if let Some(last) = steps.last().filter(|st| st.is_leg()) {
        stays.push((last.end_hub(s), last.end, last.end));
    }
    let mut rows: Vec<(usize, HubRow)> = Vec::new();
    for (hub, start, end) in stays {
        let tz = &s.hubs[hub].tz;
        let l0 = utc_to_local(tz, start);
        let l1 = utc_to_local(tz, end);
        let end_local = if l1.date == l0.date {
            l1.hhmm()
        } else {
            format!("{} {}", day_month(&l1), l1.hhmm())
        };
        let stay = Stay {
            start,
            end,
            start_local: format!("{} {}", day_month(&l0), l0.hhmm()),
            end_local,
            ticks: ticks
                .iter()
                .filter(|k| k.t > start && k.t < end)
                .map(|k| (k.t, utc_to_local(tz, k.t).hhmm()))
                .collect(),
        };
        match rows.iter_mut().find(|(h, _)| *h == hub) {
            Some((_, row)) => row.stays.push(stay),
            None => rows.push((
                hub,
                HubRow {
                    code: s.hubs[hub].code.clone(),
                    offset: offset(&l0),
                    stays: vec![stay],
                },
            )),
        }
    }
    rows.into_iter().map(|(_, r)| r).collect()
}

/// Samples of each curve and the spans derived from them.
struct Curves {
    ambient: Vec<(f64, f64)>,
    payload: Vec<(f64, f64)>,
    reserve: Vec<(f64, f64)>,
    excursions: Vec<Span>,
    frozen: Vec<Span>,
    freeze_risk: Vec<Span>,
    depleted: Option<Secs>,
}

/// Samples per relaxing piece: one every quarter hour, at least 4 and at
/// most 48 (a piece longer than 12 h has long reached its target).
fn n_samples(duration_s: f64) -> usize {
    ((duration_s / 900.0).ceil() as usize).clamp(4, 48)
}

fn reserve_of(pkg: &PackagingKind, st: &ContainerState) -> f64 {
    match pkg {
        PackagingKind::Passive(_) => st.coolant_kg,
        PackagingKind::Active(_) => st.battery_h,
    }
}

fn sample_curves(
    pkg: &PackagingKind,
    rules: &ExposureRules,
    sim: &crate::itinerary::Simulation,
) -> Curves {
    let mut c = Curves {
        ambient: Vec::new(),
        payload: Vec::new(),
        reserve: Vec::new(),
        excursions: Vec::new(),
        frozen: Vec::new(),
        freeze_risk: Vec::new(),
        depleted: None,
    };
    let range = rules.range;
    for (seg, before, _after) in &sim.segments {
        let t0 = seg.start.0 as f64;
        let t1 = seg.end.0 as f64;
        push_point(&mut c.ambient, (t0, seg.ambient.0));
        push_point(&mut c.ambient, (t1, seg.ambient.0));
        if let Some(limit) = rules.freeze_limit {
            if seg.ambient.0 < limit.0 {
                push_span(&mut c.freeze_risk, Span::new(t0, t1));
            }
        }

        // The segment again from its start state: the same closed form the
        // simulation used, now asked for its pieces.
        let res = container_step(pkg, before, seg.ambient, t1 - t0);
        push_point(&mut c.payload, (t0, before.payload.0));
        let mut offset = 0.0;
        for p in res.pieces() {
            let start = t0 + offset;
            for (t, v) in sample_piece(p) {
                push_point(&mut c.payload, (start + t, v));
            }
            piece_spans(p, start, &[range.lo, range.hi], &mut c.excursions, |v| {
                !range.contains(Celsius(v))
            });
            if let Some(limit) = rules.freeze_limit {
                piece_spans(p, start, &[limit], &mut c.frozen, |v| v < limit.0);
            }
            offset += p.duration_s;
        }

        push_point(&mut c.reserve, (t0, reserve_of(pkg, before)));
        if let Some(d) = res.depleted_at() {
            push_point(&mut c.reserve, (t0 + d, 0.0));
            if c.depleted.is_none() {
                c.depleted = Some(Secs((t0 + d).round() as i64));
            }
        } else if c.depleted.is_none() && reserve_of(pkg, before) <= 0.0 {
            c.depleted = Some(seg.start);
        }
        push_point(&mut c.reserve, (t1, reserve_of(pkg, &res.end)));
    }
    c.ambient = drop_flat_interior(&c.ambient);
    c
}

/// Adds to `out` the parts of piece `p` (starting at UTC second `start`)
/// where `pred(temperature)` holds. `levels` are the temperatures where
/// `pred` can change; the piece is monotone, so cutting it where it
/// reaches them leaves sub-intervals on which `pred` is constant.
fn piece_spans(
    p: &Piece,
    start: f64,
    levels: &[Celsius],
    out: &mut Vec<Span>,
    pred: impl Fn(f64) -> bool,
) {
    let d = p.duration_s;
    if d <= 0.0 {
        return;
    }
    let mut cuts = vec![0.0, d];
    cuts.extend(
        levels
            .iter()
            .filter_map(|&l| p.time_to_reach(l))
            .filter(|&t| t > 0.0 && t < d),
    );
    cuts.sort_by(f64::total_cmp);
    for w in cuts.windows(2) {
        if w[1] > w[0] && pred(p.at((w[0] + w[1]) / 2.0).0) {
            push_span(out, Span::new(start + w[0], start + w[1]));
        }
    }
}

/// Appends `s`, merging it with the last span when they touch.
fn push_span(v: &mut Vec<Span>, s: Span) {
    match v.last_mut() {
        Some(last) if (s.start - last.end).abs() < 1e-6 => last.end = s.end,
        _ => v.push(s),
    }
}

/// `n_samples` points along a piece (both ends included); two for a
/// constant piece.
fn sample_piece(p: &Piece) -> Vec<(f64, f64)> {
    let d = p.duration_s;
    if p.is_constant() || d <= 0.0 {
        return vec![(0.0, p.start.0), (d, p.start.0)];
    }
    let n = n_samples(d);
    (0..=n)
        .map(|i| {
            let t = d * i as f64 / n as f64;
            (t, p.at(t).0)
        })
        .collect()
}

/// Appends `p` unless it repeats the last point exactly.
fn push_point(v: &mut Vec<(f64, f64)>, p: (f64, f64)) {
    if v.last() != Some(&p) {
        v.push(p);
    }
}

/// Removes points in the middle of a run of equal values (a step curve
/// needs only the ends of each level).
fn drop_flat_interior(v: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(v.len());
    for (i, &p) in v.iter().enumerate() {
        let flat_before = i > 0 && v[i - 1].1 == p.1;
        let flat_after = i + 1 < v.len() && v[i + 1].1 == p.1;
        if !(flat_before && flat_after) {
            out.push(p);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_whole_utc_hours_at_most_twelve() {
        // 2021-03-28 11:12Z .. 2021-03-29 07:08Z: every 2 hours.
        let v = (Secs(1_616_929_920), Secs(1_617_001_680));
        let t = utc_ticks(v);
        assert_eq!(t.len(), 10);
        assert!(t
            .iter()
            .all(|k| k.t.0 % 7200 == 0 && k.t > v.0 && k.t < v.1));
        assert_eq!(t[0].time, "12:00");
        assert_eq!(t[0].date.as_deref(), Some("28 Mar"));
        assert_eq!(t[1].date, None);
        assert_eq!(t[6].time, "00:00");
        assert_eq!(t[6].date.as_deref(), Some("29 Mar"));
        // A week: daily ticks.
        let week = utc_ticks((Secs(0), Secs(7 * 86_400 + 3600)));
        assert_eq!(week.len(), 7);
    }

    #[test]
    fn piece_spans_cut_at_exact_crossings() {
        // From +5 towards -11 C with tau = 10 000 s for 40 minutes: below
        // +2 C after tau ln(16 / 13).
        let p = Piece {
            duration_s: 2400.0,
            start: Celsius(5.0),
            target: Celsius(-11.0),
            tau_s: 10_000.0,
        };
        let range = TempRange::new(2.0, 8.0);
        let mut out = Vec::new();
        piece_spans(&p, 100.0, &[range.lo, range.hi], &mut out, |v| {
            !range.contains(Celsius(v))
        });
        let cross = 10_000.0 * (16.0f64 / 13.0).ln();
        assert_eq!(out.len(), 1);
        assert!((out[0].start - (100.0 + cross)).abs() < 1e-9);
        assert_eq!(out[0].end, 2500.0);
        // A span that touches the last one is merged into it.
        push_span(&mut out, Span::new(2500.0, 2600.0));
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].end, 2600.0);
    }

    #[test]
    fn flat_runs_keep_only_their_ends() {
        let v = [(0.0, 5.0), (1.0, 5.0), (2.0, 5.0), (2.0, 9.0), (3.0, 9.0)];
        assert_eq!(
            drop_flat_interior(&v),
            vec![(0.0, 5.0), (2.0, 5.0), (2.0, 9.0), (3.0, 9.0)]
        );
    }
}
