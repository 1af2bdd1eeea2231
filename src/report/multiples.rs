//! Small multiples: the recommended plan and its alternatives on one page.
//!
//! `coldroute report --alternatives N` draws one row per plan, the
//! recommended one first, all on one UTC axis so that departures and
//! arrivals line up: a heading with the plan's verdict and figures (arrival,
//! transit, margin, MKT, services), its steps, and its temperature panel
//! (allowed range, ambient, payload, excursions, ready, deadline and
//! delivery). The key and the audit footer close the page. It is drawn with
//! the single-plan page's own pieces ([`super::draw`]), and its marks are
//! logged and checked the same way ([`super::layout::crossings`]).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axes::{draw_axis, draw_grid, Layout};
use super::draw::{err, on_bitmap, on_svg, Footer, Size};
use super::layout::Placed;
use super::legend::{draw_legend, layout_legend, legend_items};
use super::markers::draw_markers;
use super::paint::{Painter, Rect};
use super::steps::draw_bands;
use super::style::{BODY, FAIL, GREY, INK, SMALL, TITLE};
use super::temperature::draw_temperature;
use super::timeline::Timeline;
use super::Error;

/// Pixels a plan's row needs at scale 1, heading and steps included.
const ROW_MIN: f64 = 190.0;

/// How many plans fit on a page of `size`.
pub fn max_plans(size: Size) -> usize {
    let k = (f64::from(size.width) / 1600.0).min(f64::from(size.height) / 900.0);
    // Title, axis, key and footer take about 230 px at scale 1.
    let free = f64::from(size.height) - 230.0 * k;
    ((free / (ROW_MIN * k)).floor() as usize).max(1)
}

/// Draws `plans` (the recommended one first) as rows into an RGB buffer.
///
/// # Errors
/// [`Error::Crowded`] when the plans do not fit the picture's height, and
/// the errors of [`super::render_rgb`].
pub fn render_plans_rgb(plans: &[Timeline], size: Size) -> Result<Vec<u8>, Error> {
    Ok(on_bitmap(size, |root, size| draw(root, plans, size, true))?.0)
}

/// Draws `plans` as rows into an SVG document.
///
/// # Errors
/// As [`render_plans_rgb`].
pub fn render_plans_svg(plans: &[Timeline], size: Size) -> Result<String, Error> {
    on_svg(size, |root, size| draw(root, plans, size, false))
}

/// The marks of the page [`render_plans_rgb`] draws, in drawing order.
///
/// # Errors
/// As [`render_plans_rgb`].
pub fn plans_layout(plans: &[Timeline], size: Size) -> Result<Vec<Placed>, Error> {
    Ok(on_bitmap(size, |root, size| draw(root, plans, size, true))?.1)
}

/// One row's heading: rank, verdict and figures.
fn heading(i: usize, tl: &Timeline) -> (String, bool) {
    let h = &tl.header;
    let verdict = if h.pass {
        "PASS".to_string()
    } else {
        let failed: Vec<&str> = h
            .criteria
            .iter()
            .filter(|c| !c.pass)
            .map(|c| c.name.as_str())
            .collect();
        format!("FAIL: {}", failed.join(", "))
    };
    let margin = h.margin_s.map_or_else(
        || "indefinite".to_string(),
        |m| crate::units::Secs(m.round() as i64).to_string(),
    );
    let mut services: Vec<&str> = Vec::new();
    for b in &tl.bands {
        if let Some(sv) = &b.service {
            if services.last() != Some(&sv.as_str()) {
                services.push(sv);
            }
        }
    }
    let rank = if i == 0 {
        "1. Recommended".to_string()
    } else {
        format!("{}. Alternative", i + 1)
    };
    let mkt = h
        .mkt
        .map_or_else(|| "-".to_string(), |m| format!("{:+.2} °C", m.0));
    (
        format!(
            "{rank}: {verdict} · delivered {} · transit {} · margin {margin} · MKT {mkt} · via {}",
            h.delivered_local,
            h.transit,
            if services.is_empty() {
                "no services".to_string()
            } else {
                services.join(", ")
            }
        ),
        h.pass,
    )
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    plans: &[Timeline],
    size: Size,
    bitmap: bool,
) -> Result<Vec<Placed>, Error> {
    let Some(first) = plans.first() else {
        return Err(Error::Draw("no plan to draw".to_string()));
    };
    if plans.len() > max_plans(size) {
        return Err(Error::Crowded {
            plans: plans.len(),
            height: size.height,
            fits: max_plans(size),
        });
    }
    root.fill(&WHITE).map_err(err)?;
    let (w, h) = (size.width as i32, size.height as i32);
    let k = (f64::from(w) / 1600.0).min(f64::from(h) / 900.0);
    let p = Painter::new(root, k, bitmap);
    let margin = p.px(16.0);
    let body = p.font(BODY, false);
    let bold = p.font(BODY, true);
    let small = p.font(SMALL, false);
    let title = p.font(TITLE * 0.8, true);
    let body_h = p.text_size("Hg", &body)?.1;
    let small_h = p.text_size("Hg", &small)?.1;

    // One time axis for every row.
    let view = (
        plans.iter().map(|t| t.view.0).min().unwrap_or(first.view.0),
        plans.iter().map(|t| t.view.1).max().unwrap_or(first.view.1),
    );
    // Model notes belong to the single-plan page, which has room to
    // explain them.
    let rows: Vec<Timeline> = plans
        .iter()
        .map(|t| {
            let mut t = t.clone().with_view(view);
            t.notes.clear();
            t
        })
        .collect();
    let tick_w = p.text_size("+88.8", &small)?.0;
    let left_w = ["Steps", "°C"]
        .iter()
        .map(|t| p.text_size(t, &body).map(|s| s.0))
        .collect::<Result<Vec<i32>, Error>>()?
        .into_iter()
        .max()
        .unwrap_or(0);
    let x0 = margin + left_w + tick_w + p.px(20.0);
    let x1 = w - p.px(30.0);
    let lay = Layout {
        x0,
        x1,
        t0: view.0 .0 as f64,
        t1: view.1 .0 as f64,
    };

    // Title.
    let hd = &first.header;
    let n_alt = plans.len() - 1;
    let title_text = format!(
        "Shipment {}   {} → {}: the recommended plan and {n_alt} alternative{}",
        hd.shipment,
        hd.from,
        hd.to,
        if n_alt == 1 { "" } else { "s" }
    );
    let tb = p.text(
        &title_text,
        (margin, p.px(14.0)),
        &title,
        INK,
        (HPos::Left, VPos::Top),
    )?;
    let sub = format!("Product: {}   Packaging: {}", hd.product, hd.packaging);
    let sb = p.text(
        &sub,
        (margin, tb.3 + p.px(6.0)),
        &body,
        INK,
        (HPos::Left, VPos::Top),
    )?;
    let top = sb.3 + p.px(10.0);

    // The bottom: axis, key, footer.
    let mut legend: Vec<(super::paint::Swatch, String)> = Vec::new();
    for tl in &rows {
        // No reserve panel on this page.
        let reserve = format!("{} left", tl.reserve.what);
        for item in legend_items(tl) {
            if item.1 != reserve && !legend.iter().any(|(_, t)| *t == item.1) {
                legend.push(item);
            }
        }
    }
    let legend_rows = layout_legend(&p, &legend, margin, w - margin)?;
    let legend_row_h = small_h + p.px(10.0);
    let legend_h = legend_rows.len() as i32 * legend_row_h;
    let footer = Footer::new(&p, &first.audit, w - 2 * margin)?;
    let axis_h = small_h * 2 + p.px(14.0);
    let bottom_h = axis_h + p.px(10.0) + legend_h + p.px(6.0) + footer.height();
    let rows_bottom = h - bottom_h - p.px(8.0);
    let row_h = (rows_bottom - top) / rows.len() as i32;

    let lane_h = (body_h * 2).max(p.px(34.0));
    let overflow_row = small_h + p.px(6.0);
    let mut last_panel: Rect = (x0, top, x1, top);
    for (i, tl) in rows.iter().enumerate() {
        let ry = top + i as i32 * row_h;
        let (text, pass) = heading(i, tl);
        let style = if i == 0 { bold } else { body };
        let color = if pass { INK } else { FAIL };
        // A long heading is cut to the page with an ellipsis.
        let mut shown = text.clone();
        while p.text_size(&shown, &style)?.0 > w - 2 * margin && shown.chars().count() > 10 {
            shown = shown
                .chars()
                .take(shown.chars().count() - 2)
                .collect::<String>();
            shown = format!("{}…", shown.trim_end_matches('…').trim_end());
        }
        let hb = p.text(&shown, (margin, ry), &style, color, (HPos::Left, VPos::Top))?;
        let lane = (x0, hb.3 + p.px(6.0), x1, hb.3 + p.px(6.0) + lane_h);
        p.text(
            "Steps",
            (margin, (lane.1 + lane.3) / 2),
            &body,
            INK,
            (HPos::Left, VPos::Center),
        )?;
        let overflow_top = lane.3 + p.px(4.0);
        draw_bands(&p, tl, &lay, lane, overflow_top, overflow_row)?;
        let temp_top = overflow_top + 2 * overflow_row + p.px(4.0);
        let temp_bottom = ry + row_h - p.px(10.0);
        if temp_bottom - temp_top < p.px(60.0) {
            return Err(Error::Crowded {
                plans: plans.len(),
                height: size.height,
                fits: max_plans(size).saturating_sub(1).max(1),
            });
        }
        let temp = (x0, temp_top, x1, temp_bottom);
        p.text("°C", (margin, temp.1), &body, GREY, (HPos::Left, VPos::Top))?;
        draw_grid(&p, tl, &lay, temp.1, temp.3)?;
        let lines: Vec<Rect> = tl
            .markers
            .iter()
            .filter(|m| m.in_view)
            .map(|m| {
                let x = lay.x(m.t.0 as f64).round() as i32;
                (x - 2, temp.1, x + 2, temp.3)
            })
            .collect();
        let mut taken: Vec<Rect> = Vec::new();
        draw_temperature(&p, tl, &lay, temp, &lines, &mut taken)?;
        draw_markers(&p, tl, &lay, temp, (x0, temp.3, x1, temp.3), &mut taken)?;
        last_panel = temp;
    }
    let axis_top = last_panel.3 + p.px(4.0);
    draw_axis(&p, &rows[0], &lay, axis_top, margin)?;
    let legend_top = axis_top + axis_h + p.px(10.0);
    draw_legend(&p, &legend, &legend_rows, legend_top, legend_row_h)?;
    footer.draw(&p, margin, legend_top + legend_h + p.px(6.0))?;
    Ok(p.into_log())
}
