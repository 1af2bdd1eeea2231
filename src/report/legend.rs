//! The key: one swatch and word for every kind of mark the page holds.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::paint::{Dash, Painter, Pattern, Swatch};
use super::style::*;
use super::timeline::{BandKind, MarkerKind, Timeline};
use super::Error;

pub(super) fn legend_items(tl: &Timeline) -> Vec<(Swatch, String)> {
    let mut items = vec![
        (
            Swatch::Line(PAYLOAD, 3.5, Dash::Solid),
            "payload temperature".to_string(),
        ),
        (
            Swatch::Line(AMBIENT, 2.0, Dash::Dashed(10.0, 6.0)),
            "ambient around the container".to_string(),
        ),
        (
            Swatch::Fill(RANGE_FILL.to_rgba(), Pattern::None, RANGE_EDGE),
            format!("allowed range {}", tl.range).replace(" C", " °C"),
        ),
    ];
    if let Some(rv) = &tl.robust {
        items.push((
            Swatch::Fill(PAYLOAD.mix(0.16), Pattern::None, PAYLOAD),
            format!("payload 5-95 %, {} days", rv.draws),
        ));
        let deadline = tl
            .markers
            .iter()
            .find(|m| m.kind == MarkerKind::Deadline)
            .map(|m| m.t.0 as f64);
        let late = deadline.is_some_and(|d| {
            rv.deliveries
                .iter()
                .any(|&t| t > d && t <= tl.view.1 .0 as f64)
        });
        if late {
            items.push((
                Swatch::Fill(FAIL.mix(0.35), Pattern::DiagDown, FAIL),
                "late delivery".to_string(),
            ));
        }
    }
    if let Some((_, c)) = &tl.recorded {
        items.push((
            Swatch::Line(RECORDED, 2.0, Dash::Solid),
            "recorded by the logger".to_string(),
        ));
        if !c.deviations.is_empty() {
            items.push((
                Swatch::Fill(DEVIATION.mix(0.16), Pattern::Dots, DEVIATION),
                format!("record more than {:.1} °C from plan", c.threshold_c),
            ));
        }
    }
    if tl.freeze_limit.is_some() {
        items.push((
            Swatch::Line(FREEZE, 2.0, Dash::Dashed(3.0, 4.0)),
            "freeze limit".to_string(),
        ));
    }
    if !tl.excursions.is_empty() {
        items.push((
            Swatch::Fill(EXCURSION.mix(0.10), Pattern::Cross, EXCURSION),
            "payload out of range".to_string(),
        ));
    }
    if !tl.frozen.is_empty() {
        items.push((
            Swatch::Fill(FREEZE.mix(0.22), Pattern::Horizontal, FREEZE),
            "payload below freeze limit".to_string(),
        ));
    }
    if !tl.freeze_risk.is_empty() {
        items.push((
            Swatch::Fill(FREEZE.mix(0.18), Pattern::DiagDown, FREEZE),
            "freeze risk: air below freeze limit".to_string(),
        ));
    }
    for m in &tl.markers {
        let text = match m.kind {
            MarkerKind::Deadline if m.in_view => "SLA deadline",
            MarkerKind::Delivered => "delivered",
            MarkerKind::Depleted => "reserve spent",
            MarkerKind::Frozen => "first freeze",
            _ => continue,
        };
        let (c, w, d) = marker_style(m.kind);
        items.push((Swatch::VLine(c, w, d), text.to_string()));
    }
    items.push((
        Swatch::Fill(RESERVE_FILL.to_rgba(), Pattern::None, PAYLOAD),
        format!("{} left", tl.reserve.what),
    ));
    for kind in BandKind::ALL {
        if tl.bands.iter().any(|b| b.kind == kind) {
            let (fill, pattern, pcolor) = band_style(kind);
            items.push((
                Swatch::Fill(fill.to_rgba(), pattern, pcolor),
                kind.name().to_string(),
            ));
        }
    }
    items
}

/// Rows of legend items: `(x, item index)`, wrapped at `x1`.
pub(super) fn layout_legend(
    p: &Painter<impl DrawingBackend>,
    items: &[(Swatch, String)],
    x0: i32,
    x1: i32,
) -> Result<Vec<Vec<(i32, usize)>>, Error> {
    let small = p.font(SMALL, false);
    let sw = p.px(34.0);
    let mut rows: Vec<Vec<(i32, usize)>> = vec![Vec::new()];
    let mut x = x0;
    for (i, (_, text)) in items.iter().enumerate() {
        let (tw, _) = p.text_size(text, &small)?;
        let wd = sw + p.px(7.0) + tw;
        if x + wd > x1 && !rows.last().is_none_or(|r| r.is_empty()) {
            rows.push(Vec::new());
            x = x0;
        }
        rows.last_mut().expect("a row").push((x, i));
        x += wd + p.px(24.0);
    }
    Ok(rows)
}

pub(super) fn draw_legend(
    p: &Painter<impl DrawingBackend>,
    items: &[(Swatch, String)],
    rows: &[Vec<(i32, usize)>],
    top: i32,
    row_h: i32,
) -> Result<(), Error> {
    p.role("legend");
    let small = p.font(SMALL, false);
    let sw = p.px(34.0);
    let sh = (row_h - p.px(10.0)).max(6);
    for (r, row) in rows.iter().enumerate() {
        let cy = top + r as i32 * row_h + row_h / 2;
        for &(x, i) in row {
            let (swatch, text) = &items[i];
            p.swatch((x, cy - sh / 2, x + sw, cy + sh / 2), swatch)?;
            p.text(
                text,
                (x + sw + p.px(7.0), cy),
                &small,
                INK,
                (HPos::Left, VPos::Center),
            )?;
        }
    }
    Ok(())
}
