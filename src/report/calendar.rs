//! A lane's sweep as a calendar: one row a month, one cell a day.
//!
//! [`build_calendar`] turns sweep rows into plain data (a [`Calendar`]:
//! one [`DayCell`] per local day at the origin, the worst ready time of
//! the day when there are several); [`calendar_layout`] places the cells;
//! [`render_calendar_rgb`] paints them. A cell's colour is its verdict
//! (red: the SLA fails; dark grey: no feasible plan) or, when it passes,
//! its margin (lighter green: less margin); its letter names the route
//! (the key lists them) and a thick bar on its left edge marks a day whose
//! route differs from the day before. Every distinction is also a word,
//! a letter or a bar, so the page reads in greyscale.

use jiff::civil::Date;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::RGBColor;

use super::draw::{err, on_bitmap};
use super::paint::{Painter, Rect};
use super::style::{FAIL, GREY, GRID, INK};
use super::{Error, Size};
use crate::scenario::{Scenario, Shipment};
use crate::sweep::{SweepRow, SweepVerdict};
use crate::time::utc_to_local;

/// One local day of a sweep.
#[derive(Clone, Debug, PartialEq)]
pub struct DayCell {
    /// The local date at the origin.
    pub date: Date,
    /// The worst verdict of the day's ready times.
    pub verdict: SweepVerdict,
    /// The least margin of the day's plans, h (`None`: no plan, or the
    /// product stays in range indefinitely; see `indefinite`).
    pub margin_h: Option<f64>,
    /// Whether the margin is unbounded (the product never leaves range).
    pub indefinite: bool,
    /// Index into [`Calendar::routes`] of the day's first route (`None`
    /// without a plan).
    pub route: Option<usize>,
    /// Whether the route differs from the previous day's.
    pub changed: bool,
}

/// A sweep as a calendar page.
#[derive(Clone, Debug, PartialEq)]
pub struct Calendar {
    /// `Lane PEK -> SAL-CVS`.
    pub title: String,
    /// Product, packaging, ready time and range.
    pub subtitle: String,
    /// The SLA, in words.
    pub sla: String,
    /// `300 of 365 days meet the SLA; ...`.
    pub summary: String,
    /// The days, in order.
    pub days: Vec<DayCell>,
    /// Distinct routes, in order of first use.
    pub routes: Vec<String>,
    /// The largest finite margin, h (the dark end of the colour scale).
    pub max_margin_h: f64,
    /// The SLA's least margin, h (the light end).
    pub min_margin_h: f64,
}

/// The calendar of a sweep of `sh` (rows in ready order).
pub fn build_calendar(s: &Scenario, sh: &Shipment, rows: &[SweepRow]) -> Calendar {
    let tz = &s.hubs[sh.from].tz;
    let mut days: Vec<DayCell> = Vec::new();
    let mut routes: Vec<String> = Vec::new();
    let rank = |v: SweepVerdict| match v {
        SweepVerdict::Pass => 0,
        SweepVerdict::Fail => 1,
        SweepVerdict::NoPlan => 2,
    };
    for r in rows {
        let date = utc_to_local(tz, r.ready).date;
        let route = (!r.route.is_empty()).then(|| {
            routes
                .iter()
                .position(|x| *x == r.route)
                .unwrap_or_else(|| {
                    routes.push(r.route.clone());
                    routes.len() - 1
                })
        });
        let margin_h = r.margin_s.map(|m| m / 3600.0);
        let indefinite = r.verdict != SweepVerdict::NoPlan && r.margin_s.is_none();
        match days.last_mut() {
            Some(d) if d.date == date => {
                if rank(r.verdict) > rank(d.verdict) {
                    d.verdict = r.verdict;
                }
                d.margin_h = match (d.margin_h, margin_h) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                d.indefinite &= indefinite;
            }
            _ => days.push(DayCell {
                date,
                verdict: r.verdict,
                margin_h,
                indefinite,
                route,
                changed: false,
            }),
        }
    }
    let mut prev: Option<usize> = None;
    for (i, d) in days.iter_mut().enumerate() {
        d.changed = i > 0 && d.route.is_some() && d.route != prev;
        if d.route.is_some() {
            prev = d.route;
        }
    }
    let n = days.len();
    let pass = days
        .iter()
        .filter(|d| d.verdict == SweepVerdict::Pass)
        .count();
    let fail = days
        .iter()
        .filter(|d| d.verdict == SweepVerdict::Fail)
        .count();
    let no_plan = n - pass - fail;
    let worst = days
        .iter()
        .filter_map(|d| d.margin_h)
        .fold(f64::INFINITY, f64::min);
    let changes = days.iter().filter(|d| d.changed).count();
    let product = &s.products[sh.product];
    let packaging = &s.packagings[sh.packaging];
    let local = utc_to_local(tz, sh.ready);
    let (first, last) = (
        days.first().map(|d| d.date.to_string()).unwrap_or_default(),
        days.last().map(|d| d.date.to_string()).unwrap_or_default(),
    );
    let mut summary = format!("{pass} of {n} days meet the SLA, {fail} fail");
    if no_plan > 0 {
        summary.push_str(&format!(", {no_plan} have no feasible plan"));
    }
    if worst.is_finite() {
        summary.push_str(&format!("; least margin {:.1} h", worst));
    }
    summary.push_str(&format!("; {} route(s), {changes} change(s)", routes.len()));
    Calendar {
        title: format!("Lane {} -> {}", s.hubs[sh.from].code, s.hubs[sh.to].code),
        subtitle: format!(
            "{} in {}, ready {} local at {} every day from {first} to {last}",
            product.name,
            packaging.name,
            local.hhmm(),
            s.hubs[sh.from].code
        ),
        sla: format!(
            "SLA: transit <= {}, margin >= {}, excursion <= {}, stability <= {:.1} %",
            sh.sla.max_transit,
            sh.sla.min_margin,
            sh.sla.max_excursion,
            sh.sla.max_stability * 100.0
        ),
        summary,
        max_margin_h: days.iter().filter_map(|d| d.margin_h).fold(0.0, f64::max),
        min_margin_h: sh.sla.min_margin.0 as f64 / 3600.0,
        days,
        routes,
    }
}

/// The cells of a calendar page: `(day index, rect)` each.
pub type Cells = Vec<(usize, Rect)>;

/// The month rows' labels: `(label, x, y)` each.
pub type MonthLabels = Vec<(String, i32, i32)>;

/// Where each day's cell goes, and the month rows' labels.
pub fn calendar_layout(cal: &Calendar, size: Size) -> (Cells, MonthLabels) {
    let k = (f64::from(size.width) / 1600.0).min(f64::from(size.height) / 900.0);
    let px = |v: f64| (v * k).round() as i32;
    let x0 = px(110.0);
    let cell_w = (i32::try_from(size.width).unwrap_or(1600) - x0 - px(30.0)) / 31;
    let y0 = px(150.0);
    let months = month_rows(cal);
    let n_rows = months.len().max(1) as i32;
    let avail = i32::try_from(size.height).unwrap_or(900) - y0 - px(200.0);
    let cell_h = (avail / n_rows).clamp(px(14.0), px(48.0));
    let mut cells = Vec::new();
    let mut labels = Vec::new();
    for (row, (y, m)) in months.iter().enumerate() {
        let top = y0 + row as i32 * cell_h;
        labels.push((format!("{y}-{m:02}"), x0 - px(10.0), top + cell_h / 2));
        for (i, d) in cal.days.iter().enumerate() {
            if (i32::from(d.date.year()), d.date.month()) == (*y, *m) {
                let x = x0 + (i32::from(d.date.day()) - 1) * cell_w;
                cells.push((i, (x, top, x + cell_w - px(2.0), top + cell_h - px(2.0))));
            }
        }
    }
    (cells, labels)
}

/// The (year, month) rows the days fall in.
fn month_rows(cal: &Calendar) -> Vec<(i32, i8)> {
    let mut out: Vec<(i32, i8)> = Vec::new();
    for d in &cal.days {
        let ym = (i32::from(d.date.year()), d.date.month());
        if out.last() != Some(&ym) {
            out.push(ym);
        }
    }
    out
}

/// The letter of route `i`: A..Z, then AA, AB...
pub fn route_letter(i: usize) -> String {
    let a = |k: usize| char::from(b'A' + (k % 26) as u8);
    if i < 26 {
        a(i).to_string()
    } else {
        format!("{}{}", a(i / 26 - 1), a(i))
    }
}

const NO_PLAN: RGBColor = RGBColor(90, 90, 90);

/// The fill of a passing day: light green at the SLA's least margin
/// `lo` to dark green at the largest margin of the sweep `hi`.
fn margin_colour(m: Option<f64>, indefinite: bool, (lo, hi): (f64, f64)) -> RGBColor {
    let f = if indefinite || hi <= lo {
        1.0
    } else {
        ((m.unwrap_or(lo) - lo) / (hi - lo)).clamp(0.0, 1.0)
    };
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    RGBColor(mix(215, 30), mix(240, 130), mix(200, 60))
}

fn cell_colour(d: &DayCell, scale: (f64, f64)) -> RGBColor {
    match d.verdict {
        SweepVerdict::Fail => FAIL,
        SweepVerdict::NoPlan => NO_PLAN,
        SweepVerdict::Pass => margin_colour(d.margin_h, d.indefinite, scale),
    }
}

/// Paints `cal` into an RGB buffer of `size`.
pub fn render_calendar_rgb(cal: &Calendar, size: Size) -> Result<Vec<u8>, Error> {
    let (rgb, _) = on_bitmap(size, |root, size| {
        root.fill(&WHITE).map_err(err)?;
        let k = (f64::from(size.width) / 1600.0).min(f64::from(size.height) / 900.0);
        let p = Painter::new(root, k, true);
        draw(&p, cal, size)?;
        Ok(p.into_log())
    })?;
    Ok(rgb)
}

fn draw<DB: DrawingBackend>(p: &Painter<'_, DB>, cal: &Calendar, size: Size) -> Result<(), Error> {
    let margin = p.px(16.0);
    let title = p.font(28.0, true);
    let body = p.font(17.0, false);
    let small = p.font(14.0, false);
    let left = (HPos::Left, VPos::Top);
    let mut y = p.px(14.0);
    for (text, style) in [
        (&cal.title, &title),
        (&cal.subtitle, &body),
        (&cal.sla, &body),
        (&cal.summary, &body),
    ] {
        let r = p.text(text, (margin, y), style, INK, left)?;
        y = r.3 + p.px(6.0);
    }
    let (cells, labels) = calendar_layout(cal, size);
    // Day numbers above the grid.
    if let Some(&(_, first)) = cells.first() {
        let w = first.2 - first.0 + p.px(2.0);
        let x0 = first.0 - (i32::from(cal.days[cells[0].0].date.day()) - 1) * w;
        for d in 1..=31 {
            let x = x0 + (d - 1) * w + w / 2;
            p.text(
                &d.to_string(),
                (x, first.1 - p.px(4.0)),
                &small,
                GREY,
                (HPos::Center, VPos::Bottom),
            )?;
        }
    }
    for (text, x, yy) in &labels {
        p.text(text, (*x, *yy), &body, INK, (HPos::Right, VPos::Center))?;
    }
    let letters = p.font(13.0, true);
    let scale = (cal.min_margin_h, cal.max_margin_h);
    for &(i, r) in &cells {
        let d = &cal.days[i];
        let fill = cell_colour(d, scale);
        p.fill(r, fill.to_rgba())?;
        p.outline(r, GRID, 1)?;
        let text_colour = match d.verdict {
            SweepVerdict::Pass if fill.1 > 180 => INK,
            _ => WHITE,
        };
        let word = match (d.verdict, d.route) {
            (SweepVerdict::NoPlan, _) => "-".to_string(),
            (_, Some(k)) => route_letter(k),
            _ => String::new(),
        };
        if r.3 - r.1 >= p.px(14.0) {
            p.text(
                &word,
                ((r.0 + r.2) / 2, (r.1 + r.3) / 2),
                &letters,
                text_colour,
                (HPos::Center, VPos::Center),
            )?;
        }
        if d.changed {
            let bar = p.px(4.0).max(2);
            p.fill((r.0, r.1, r.0 + bar, r.3), INK.to_rgba())?;
        }
    }
    // The key.
    let bottom = cells.iter().map(|c| c.1 .3).max().unwrap_or(y) + p.px(24.0);
    let sw = p.px(22.0);
    let mut x = margin;
    let key = |x: &mut i32, fill: RGBColor, text: &str| -> Result<(), Error> {
        p.fill((*x, bottom, *x + sw, bottom + sw), fill.to_rgba())?;
        p.outline((*x, bottom, *x + sw, bottom + sw), GREY, 1)?;
        let r = p.text(
            text,
            (*x + sw + p.px(6.0), bottom + sw / 2),
            &small,
            INK,
            (HPos::Left, VPos::Center),
        )?;
        *x = r.2 + p.px(18.0);
        Ok(())
    };
    key(
        &mut x,
        margin_colour(Some(0.0), false, (0.0, 1.0)),
        &format!(
            "meets the SLA, margin near its {:.0} h minimum",
            cal.min_margin_h
        ),
    )?;
    key(
        &mut x,
        margin_colour(Some(1.0), false, (0.0, 1.0)),
        &format!("meets the SLA, {:.0} h margin or more", cal.max_margin_h),
    )?;
    key(&mut x, FAIL, "fails the SLA")?;
    key(&mut x, NO_PLAN, "no feasible plan (-)")?;
    let bar = p.px(4.0).max(2);
    p.fill((x, bottom, x + bar, bottom + sw), INK.to_rgba())?;
    p.text(
        "route changes that day",
        (x + bar + p.px(6.0), bottom + sw / 2),
        &small,
        INK,
        (HPos::Left, VPos::Center),
    )?;
    let mut y = bottom + sw + p.px(12.0);
    for (i, r) in cal.routes.iter().enumerate() {
        let line = format!("{}: {r}", route_letter(i));
        let b = p.text(&line, (margin, y), &small, INK, left)?;
        y = b.3 + p.px(3.0);
        if y > i32::try_from(size.height).unwrap_or(900) - p.px(20.0) {
            let more = cal.routes.len() - i - 1;
            if more > 0 {
                p.text(
                    &format!("... and {more} more routes"),
                    (margin, y),
                    &small,
                    GREY,
                    left,
                )?;
            }
            break;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planner::Config;
    use crate::sweep::{ready_times, sweep};
    use crate::units::Secs;

    #[test]
    fn a_year_of_days_in_twelve_rows_without_overlaps() {
        let s =
            crate::scenario::load(include_str!("../../scenarios/pek-sal-coronavac.toml")).unwrap();
        let sh = &s.shipments[1];
        let readies = ready_times(
            &s,
            sh,
            jiff::civil::date(2021, 1, 1),
            jiff::civil::date(2021, 12, 31),
            Secs(86_400),
        )
        .unwrap();
        let rows = sweep(&s, sh, &readies, &Config::default());
        let cal = build_calendar(&s, sh, &rows);
        assert_eq!(cal.days.len(), 365);
        let (cells, labels) = calendar_layout(&cal, Size::default());
        assert_eq!(cells.len(), 365);
        assert_eq!(labels.len(), 12);
        for (i, a) in cells.iter().enumerate() {
            for b in &cells[i + 1..] {
                let o = a.1 .0 < b.1 .2 && b.1 .0 < a.1 .2 && a.1 .1 < b.1 .3 && b.1 .1 < a.1 .3;
                assert!(!o, "{a:?} {b:?}");
            }
        }
        // A change of route is marked on the day it happens, never on the first.
        assert!(!cal.days[0].changed);
        for w in cal.days.windows(2) {
            if w[1].changed {
                assert_ne!(w[0].route, w[1].route);
            }
        }
        assert_eq!(route_letter(0), "A");
        assert_eq!(route_letter(27), "AB");
        let rgb = render_calendar_rgb(&cal, Size::default()).unwrap();
        assert_eq!(rgb.len(), 1600 * 900 * 3);
    }
}
