//! `report --robust`: the simulated days of a plan on its page: the
//! spread of the payload temperature (5-95 % of the days still in
//! transit, at each moment) as a band behind the planned curve, and the
//! deliveries as a histogram on the time axis. The days come from
//! `crate::resilience::monte_carlo`; this file only re-simulates their
//! steps (the thermal model) and draws, it never plans.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::compare::planned_at;
use crate::itinerary::{simulate, Itinerary};
use crate::resilience::estimate::order_statistic;
use crate::resilience::{Proportion, Quantile, Robustness};
use crate::scenario::{Scenario, Shipment};

use super::axes::Layout;
use super::paint::{Painter, Rect};
use super::style::*;
use super::Error;

/// Points across the view at which the band is computed.
const BAND_POINTS: usize = 240;

/// Bins of the delivery histogram across the view (one more at each end
/// where the bins are aligned on the deadline).
const BINS: usize = 60;

/// The simulated days as a page shows them.
#[derive(Clone, Debug, PartialEq)]
pub struct RobustView {
    /// Days simulated.
    pub draws: usize,
    /// Their seed.
    pub seed: u64,
    /// P(meets the SLA).
    pub meets_sla: Proportion,
    /// P(delivered at all).
    pub delivered: Proportion,
    /// Transit p50, p90, p99.
    pub transit: [Quantile; 3],
    /// The payload's spread: `(t, p5, p50, p95)` at moments some day was
    /// in transit, C.
    pub band: Vec<(f64, f64, f64, f64)>,
    /// Every delivered day's delivery, UTC seconds, sorted.
    pub deliveries: Vec<f64>,
}

/// The page's view of `r`, the days of shipment `sh`'s plan, over the time
/// range `view` (UTC seconds).
pub fn robust_view(s: &Scenario, sh: &Shipment, r: &Robustness, view: (f64, f64)) -> RobustView {
    let sims: Vec<_> = r
        .days
        .iter()
        .map(|d| {
            let it = Itinerary {
                steps: d.steps.clone(),
            };
            let span = (it.start().0 as f64, it.end().0 as f64);
            (simulate(s, sh, &it), span)
        })
        .collect();
    let mut band = Vec::new();
    let mut vals = Vec::with_capacity(sims.len());
    for k in 0..=BAND_POINTS {
        let t = view.0 + (view.1 - view.0) * k as f64 / BAND_POINTS as f64;
        vals.clear();
        for (sim, (a, b)) in &sims {
            if t >= *a && t <= *b {
                if let Some(v) = planned_at(s, sh, sim, t) {
                    vals.push(v.0);
                }
            }
        }
        if vals.is_empty() {
            continue;
        }
        vals.sort_by(f64::total_cmp);
        band.push((
            t,
            order_statistic(&vals, 0.05),
            order_statistic(&vals, 0.5),
            order_statistic(&vals, 0.95),
        ));
    }
    let mut deliveries: Vec<f64> = r
        .days
        .iter()
        .filter_map(|d| d.delivered.map(|t| t.0 as f64))
        .collect();
    deliveries.sort_by(f64::total_cmp);
    RobustView {
        draws: r.draws,
        seed: r.seed,
        meets_sla: r.meets_sla,
        delivered: r.delivered,
        transit: r.transit,
        band,
        deliveries,
    }
}

impl super::Timeline {
    /// This timeline with the simulated days `r` of its plan drawn: the
    /// view reaches the 90th percentile of the deliveries (later ones are
    /// counted in words), the band and the deliveries row are added.
    pub fn with_robust(mut self, s: &Scenario, sh: &Shipment, r: &Robustness) -> super::Timeline {
        if let Some(v) = r.transit[1].value.filter(|v| v.is_finite()) {
            let p90 = sh.ready + crate::units::Secs(v.round() as i64);
            let (a, b) = self.view;
            if p90 > b {
                let room = crate::units::Secs(((p90 - a).0 / 30).max(600));
                self = self.with_view((a, p90 + room));
            }
        }
        let view = (self.view.0 .0 as f64, self.view.1 .0 as f64);
        self.robust = Some(robust_view(s, sh, r, view));
        self
    }
}

impl RobustView {
    /// The header line: `1000 simulated days (seed 1):
    /// meets the SLA 69.9 % ± 1.5; transit p50 ..., p90 ..., p99 ...`.
    pub fn summary(&self) -> String {
        let q = |x: &Quantile| match x.value {
            Some(v) if v.is_finite() => crate::units::Secs(v.round() as i64).to_string(),
            _ => "not delivered".into(),
        };
        let not = 1.0 - self.delivered.p;
        format!(
            "{} simulated days (seed {}): meets the SLA {:.1} % ± {:.1}; transit p50 {}, p90 {}, p99 {}{}",
            self.draws,
            self.seed,
            100.0 * self.meets_sla.p,
            100.0 * self.meets_sla.se,
            q(&self.transit[0]),
            q(&self.transit[1]),
            q(&self.transit[2]),
            if not > 0.0 {
                format!("; not delivered {:.1} %", 100.0 * not)
            } else {
                String::new()
            }
        )
    }
}

/// The band behind the payload curve, as polygons (one per stretch of
/// consecutive points).
pub(super) fn draw_band(
    p: &Painter<impl DrawingBackend>,
    rv: &RobustView,
    lay: &Layout,
    y: impl Fn(f64) -> f64,
) -> Result<(), Error> {
    let step = (lay.t1 - lay.t0) / BAND_POINTS as f64;
    let mut pieces: Vec<Vec<(f64, f64, f64, f64)>> = Vec::new();
    for &pt in &rv.band {
        match pieces.last_mut() {
            Some(last) if last.last().is_some_and(|l| pt.0 - l.0 <= step * 1.5) => last.push(pt),
            _ => pieces.push(vec![pt]),
        }
    }
    for piece in pieces.iter().filter(|p| p.len() > 1) {
        let mut poly: Vec<(i32, i32)> = piece
            .iter()
            .map(|&(t, _, _, hi)| (lay.x(t).round() as i32, y(hi).round() as i32))
            .collect();
        poly.extend(
            piece
                .iter()
                .rev()
                .map(|&(t, lo, _, _)| (lay.x(t).round() as i32, y(lo).round() as i32)),
        );
        p.polygon(poly, PAYLOAD.mix(0.16))?;
    }
    Ok(())
}

/// The deliveries row: the share of days delivered in each bin of the
/// view, and how many fall after it.
pub(super) fn draw_deliveries(
    p: &Painter<impl DrawingBackend>,
    rv: &RobustView,
    lay: &Layout,
    row: Rect,
    deadline: Option<f64>,
) -> Result<(), Error> {
    p.role("deliveries");
    let (x0, top, x1, bottom) = row;
    p.line(&[(x0, bottom), (x1, bottom)], GRID.to_rgba(), 1)?;
    let n = rv.draws.max(1) as f64;
    let width = (lay.t1 - lay.t0) / BINS as f64;
    // Bin i holds deliveries in (origin + i w, origin + (i + 1) w]; a bin
    // edge falls on the deadline, so a bin is all on time or all late.
    let origin = deadline.map_or(lay.t0, |d| d - ((d - lay.t0) / width).ceil() * width);
    let n_bins = BINS + 2;
    let mut counts = vec![0usize; n_bins];
    let mut later = 0usize;
    for &t in &rv.deliveries {
        if t > lay.t1 {
            later += 1;
        } else if t >= lay.t0 {
            let i = (((t - origin) / width).ceil() as usize).saturating_sub(1);
            counts[i.min(n_bins - 1)] += 1;
        }
    }
    let most = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let h = f64::from(bottom - top - p.px(2.0));
    let bin_x = |i: usize| lay.x((origin + width * i as f64).clamp(lay.t0, lay.t1));
    for (i, &c) in counts.iter().enumerate() {
        if c == 0 {
            continue;
        }
        let a = bin_x(i).round() as i32;
        let b = (bin_x(i + 1).round() as i32 - 1).max(a + 1);
        let bar = (h * c as f64 / most).max(2.0).round() as i32;
        let r = (a, bottom - bar, b, bottom);
        // Bins after the SLA deadline are late: red and hatched.
        if deadline.is_some_and(|d| origin + width * i as f64 >= d) {
            p.fill(r, FAIL.mix(0.35))?;
            p.hatch(r, super::paint::Pattern::DiagDown, FAIL.mix(0.8))?;
        } else {
            p.fill(r, PAYLOAD.mix(0.55))?;
        }
    }
    if let Some(d) = deadline.filter(|&d| d >= lay.t0 && d <= lay.t1) {
        let x = lay.x(d);
        p.stroke(
            &[(x, f64::from(top)), (x, f64::from(bottom))],
            INK.to_rgba(),
            2.0,
            super::paint::Dash::Dashed(6.0, 4.0),
        )?;
    }
    let small = p.font(SMALL, false);
    let stranded = rv.draws - rv.deliveries.len();
    let mut words = format!(
        "deliveries of {} days (tallest bar {:.1} %)",
        rv.draws,
        100.0 * most / n
    );
    if later > 0 {
        words.push_str(&format!(
            ", {:.1} % after the view",
            100.0 * later as f64 / n
        ));
    }
    if stranded > 0 {
        words.push_str(&format!(
            ", {:.1} % not delivered",
            100.0 * stranded as f64 / n
        ));
    }
    // The words go where no bar is: the left end if free, else the right.
    let (tw, _) = p.text_size(&words, &small)?;
    let bars_until = |x: i32| {
        counts
            .iter()
            .enumerate()
            .any(|(i, &c)| c > 0 && bin_x(i) < f64::from(x + p.px(8.0)))
    };
    let left = x0 + p.px(4.0);
    let anchor = if !bars_until(left + tw) {
        (left, top, HPos::Left)
    } else {
        (x1 - p.px(4.0), top, HPos::Right)
    };
    p.boxed_text(
        &words,
        (anchor.0, anchor.1 + p.px(2.0)),
        &small,
        GREY,
        (anchor.2, VPos::Top),
    )?;
    Ok(())
}
