//! The value panels: temperature (allowed range, freeze limit, ambient,
//! payload, a logger's record and its deviations, excursion and freeze
//! spans, model-note tags) and coolant or battery left.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axes::*;
use super::paint::{overlaps, round_points, Dash, Painter, Pattern, Rect};
use super::style::*;
use super::timeline::{celsius, Timeline};
use super::Error;

pub(super) fn spans_rects(
    spans: &[super::timeline::Span],
    lay: &Layout,
    y0: i32,
    y1: i32,
) -> Vec<Rect> {
    spans
        .iter()
        .map(|s| {
            let a = lay.x(s.start).floor() as i32;
            let b = (lay.x(s.end).ceil() as i32).max(a + 2);
            (a, y0, b, y1)
        })
        .collect()
}

/// A spot for a label of the horizontal line at `y` (above it, or below
/// when `below`) inside `panel`: at the right end if free, else at the left
/// end, else beside a marker line, else along the line, sliding away from
/// it up to three rows; always clear of `taken` labels and of the marker
/// `lines`, and clear of the `curves` (pixel polylines) if at all possible.
#[allow(clippy::too_many_arguments)]
pub(super) fn place_line_label(
    p: &Painter<impl DrawingBackend>,
    (tw, th): (i32, i32),
    y: f64,
    below: bool,
    panel: Rect,
    lines: &[Rect],
    curves: &[&[(f64, f64)]],
    taken: &[Rect],
) -> Option<Rect> {
    let (x0, top, x1, bottom) = panel;
    let y0 = if below {
        y.round() as i32 + 3
    } else {
        y.round() as i32 - 3 - th
    };
    let mut xs = vec![x1 - p.px(6.0) - tw, x0 + p.px(6.0)];
    for l in lines {
        xs.push(l.2 + p.px(4.0));
        xs.push(l.0 - p.px(4.0) - tw);
    }
    xs.extend((1..8).map(|i| x0 + (x1 - x0) * i / 8 - tw / 2));
    for avoid_curves in [true, false] {
        for &bx in &xs {
            for step in 0..4 {
                let dy = if below {
                    step * (th + 2)
                } else {
                    -step * (th + 2)
                };
                let b = (bx, y0 + dy, bx + tw, y0 + dy + th);
                let inside = b.1 >= top && b.3 <= bottom && b.0 >= x0 + 2 && b.2 <= x1 - 2;
                let blocked = taken.iter().chain(lines).any(|o| overlaps(*o, b, 2))
                    || (avoid_curves && curves.iter().any(|c| polyline_hits(c, b)));
                if inside && !blocked {
                    return Some(b);
                }
            }
        }
    }
    None
}

/// Whether a pixel polyline comes within a pixel of rectangle `r`: what a
/// label placed there must avoid.
pub(super) fn polyline_hits(pts: &[(f64, f64)], r: Rect) -> bool {
    let b = (
        f64::from(r.0) - 1.0,
        f64::from(r.1) - 1.0,
        f64::from(r.2) + 1.0,
        f64::from(r.3) + 1.0,
    );
    super::layout::crosses(pts, b)
}

pub(super) fn draw_temperature(
    p: &Painter<impl DrawingBackend>,
    tl: &Timeline,
    lay: &Layout,
    panel: Rect,
    lines: &[Rect],
    taken: &mut Vec<Rect>,
) -> Result<(), Error> {
    p.role("temperature");
    let small = p.font(SMALL, false);
    let (x0, top, x1, bottom) = panel;
    let mut lo = tl.range.lo.0;
    let mut hi = tl.range.hi.0;
    let recorded: &[(f64, f64)] = tl.recorded.as_ref().map_or(&[], |(_, c)| &c.recorded);
    for &(_, v) in tl.ambient.iter().chain(&tl.payload).chain(recorded) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if let Some(f) = tl.freeze_limit {
        lo = lo.min(f.0);
        hi = hi.max(f.0);
    }
    if let Some(rv) = &tl.robust {
        for &(_, a, _, b) in &rv.band {
            lo = lo.min(a);
            hi = hi.max(b);
        }
    }
    let pad = ((hi - lo) * 0.06).max(0.5);
    // Room at the top for marker labels.
    let label_room = (p.text_size("Hg", &small)?.1 * 3 + p.px(14.0)).min((bottom - top) / 3);
    let ax = YAxis::new(
        lo - pad,
        hi + pad,
        8.0,
        p.text_size("Hg", &small)?.1,
        top + label_room,
        bottom - p.px(6.0),
    );
    let y = |v: f64| ax.y(v);

    // Value grid and ticks.
    draw_value_grid(p, &ax, x0, x1, &small, true)?;

    // Allowed range, shaded, with its edges.
    let (ry0, ry1) = (
        y(tl.range.hi.0).round() as i32,
        y(tl.range.lo.0).round() as i32,
    );
    p.fill((x0, ry0, x1, ry1), RANGE_FILL.mix(0.85))?;
    p.line(&[(x0, ry0), (x1, ry0)], RANGE_EDGE.to_rgba(), 1)?;
    p.line(&[(x0, ry1), (x1, ry1)], RANGE_EDGE.to_rgba(), 1)?;

    // Freeze risk: a hatched strip along the bottom of the panel.
    let strip_h = p.px(14.0);
    for r in spans_rects(&tl.freeze_risk, lay, bottom - strip_h, bottom) {
        p.fill(r, FREEZE.mix(0.18))?;
        p.hatch(r, Pattern::DiagDown, FREEZE.mix(0.7))?;
    }
    // Payload out of range: the whole height, hatched.
    for r in spans_rects(&tl.excursions, lay, top, bottom) {
        p.fill(r, EXCURSION.mix(0.10))?;
        p.hatch(r, Pattern::Cross, EXCURSION.mix(0.55))?;
    }
    // The record's deviations from the plan: shaded and dotted.
    if let Some((_, c)) = &tl.recorded {
        for d in &c.deviations {
            let a = lay.x(d.start).floor() as i32;
            let b = (lay.x(d.end).ceil() as i32).max(a + 2);
            p.fill((a, top, b, bottom), DEVIATION.mix(0.16))?;
            p.hatch((a, top, b, bottom), Pattern::Dots, DEVIATION.mix(0.6))?;
        }
    }
    // Frozen: below the freeze limit, cross-hatched.
    if let Some(f) = tl.freeze_limit {
        let fy = y(f.0).round() as i32;
        for r in spans_rects(&tl.frozen, lay, fy, bottom) {
            p.fill(r, FREEZE.mix(0.22))?;
            p.hatch(r, Pattern::Horizontal, FREEZE.mix(0.8))?;
        }
        p.stroke(
            &[
                (f64::from(x0), f64::from(fy)),
                (f64::from(x1), f64::from(fy)),
            ],
            FREEZE.to_rgba(),
            2.0,
            Dash::Dashed(3.0, 4.0),
        )?;
    }

    // The simulated days' spread, behind the curves.
    if let Some(rv) = &tl.robust {
        super::robust::draw_band(p, rv, lay, y)?;
    }
    // Curves: the payload thick and solid, the ambient thinner and dashed
    // on top of it, so that where a cold room or a hold sits exactly at the
    // payload temperature both stay visible.
    let pay: Vec<(f64, f64)> = tl.payload.iter().map(|&(t, v)| (lay.x(t), y(v))).collect();
    p.stroke(&pay, PAYLOAD.to_rgba(), 3.5, Dash::Solid)?;
    let amb: Vec<(f64, f64)> = tl.ambient.iter().map(|&(t, v)| (lay.x(t), y(v))).collect();
    p.stroke(&amb, AMBIENT.to_rgba(), 2.0, Dash::Dashed(10.0, 6.0))?;
    // The logger's record on top, sample and hold, broken at its gaps.
    let mut rec_pieces: Vec<Vec<(f64, f64)>> = Vec::new();
    if let Some((_, c)) = &tl.recorded {
        let mut cur: Vec<(f64, f64)> = Vec::new();
        for (i, &(t, v)) in c.recorded.iter().enumerate() {
            let next = c.recorded.get(i + 1).map_or(t, |n| n.0);
            let gap = c.gaps.iter().any(|&(a, _)| (a - t).abs() < 0.5);
            cur.push((lay.x(t), y(v)));
            if gap {
                rec_pieces.push(std::mem::take(&mut cur));
            } else {
                cur.push((lay.x(next), y(v)));
            }
        }
        rec_pieces.push(cur);
        for piece in &rec_pieces {
            p.stroke(piece, RECORDED.to_rgba(), 2.0, Dash::Solid)?;
        }
    }

    // Labels of the range's edges and the freeze limit.
    let mut line_labels = vec![
        (
            y(tl.range.hi.0),
            format!("max {}", celsius(tl.range.hi)),
            RANGE_EDGE,
            false,
        ),
        (
            y(tl.range.lo.0),
            format!("min {}", celsius(tl.range.lo)),
            RANGE_EDGE,
            true,
        ),
    ];
    if let Some(f) = tl.freeze_limit {
        line_labels.push((y(f.0), format!("freeze limit {}", celsius(f)), FREEZE, true));
    }
    let mut curves: Vec<&[(f64, f64)]> = vec![&amb, &pay];
    curves.extend(rec_pieces.iter().map(|v| v.as_slice()));
    // Each goes at the right end if it is free, else at the left end, else
    // beside a marker line, sliding away from its line until clear of
    // other labels and of the marker lines.
    for (yy, text, color, below) in line_labels {
        let (tw, th) = p.text_size(&text, &small)?;
        if let Some(b) = place_line_label(p, (tw, th), yy, below, panel, lines, &curves, taken) {
            p.boxed_text(&text, (b.0, b.1), &small, color, (HPos::Left, VPos::Top))?;
            taken.push(b);
        }
    }

    // Model-note tags on the payload curve, numbered as in the footer.
    let trip = match (tl.payload.first(), tl.payload.last()) {
        (Some(a), Some(b)) => (lay.x(a.0).round() as i32, lay.x(b.0).round() as i32),
        _ => (x0, x1),
    };
    for (i, n) in tl.notes.iter().enumerate() {
        let tag = format!("[{}]", i + 1);
        let (tw, th) = p.text_size(&tag, &small)?;
        let cx = lay.x(n.t).round() as i32;
        let cy = y(n.payload).round() as i32;
        let gap = p.px(8.0);
        let mut spot = None;
        'spots: for dy in [-(gap + th), gap, -(2 * gap + 2 * th), 2 * gap + th] {
            for dx in [0, tw * 2, -tw * 2, tw * 4, -tw * 4] {
                let b = (
                    cx + dx - tw / 2,
                    cy + dy,
                    cx + dx - tw / 2 + tw,
                    cy + dy + th,
                );
                // Over the trip, never past its ends.
                let inside = b.1 >= top
                    && b.3 <= bottom
                    && b.0 >= x0 + 2
                    && b.2 <= x1 - 2
                    && cx + dx >= trip.0
                    && cx + dx <= trip.1;
                if inside
                    && !taken.iter().chain(lines).any(|o| overlaps(*o, b, 2))
                    && !curves.iter().any(|c| polyline_hits(c, b))
                {
                    spot = Some(b);
                    break 'spots;
                }
            }
        }
        if let Some(b) = spot {
            p.boxed_text(&tag, (b.0, b.1), &small, INK, (HPos::Left, VPos::Top))?;
            taken.push(b);
        }
    }

    // Span notes: the out-of-range and frozen time, where it fits.
    let notes = [
        (
            &tl.excursions,
            "out of range",
            EXCURSION,
            top + label_room - p.px(4.0),
        ),
        (&tl.frozen, "frozen", FREEZE, bottom - strip_h - p.px(4.0)),
    ];
    for (spans, word, color, ny) in notes {
        for s in spans.iter() {
            let length = crate::units::Secs((s.end - s.start).round() as i64);
            let long = format!("{word} {length}, {}", s.local);
            let short = format!("{word} {length}");
            let text = if s.local.is_empty() || p.text_size(&long, &small)?.0 > x1 - x0 - 4 {
                short
            } else {
                long
            };
            let (tw, th) = p.text_size(&text, &small)?;
            let cx = ((lay.x(s.start) + lay.x(s.end)) / 2.0).round() as i32;
            let bx = (cx - tw / 2).clamp(x0 + 2, x1 - tw - 2);
            let b = (bx, ny - th, bx + tw, ny);
            if taken.iter().any(|o| overlaps(*o, b, 3)) {
                continue;
            }
            p.boxed_text(&text, (bx, ny), &small, color, (HPos::Left, VPos::Bottom))?;
            taken.push(b);
        }
    }

    p.outline(panel, GREY, 1)?;
    Ok(())
}

pub(super) fn draw_reserve(
    p: &Painter<impl DrawingBackend>,
    tl: &Timeline,
    lay: &Layout,
    panel: Rect,
    lines: &[Rect],
) -> Result<(), Error> {
    p.role("reserve");
    let small = p.font(SMALL, false);
    let (x0, top, x1, bottom) = panel;
    let r = &tl.reserve;
    let label_h = p.text_size("Hg", &small)?.1;
    let ax = YAxis::new(
        0.0,
        r.full.max(1e-6) * 1.1,
        4.0,
        label_h,
        top + p.px(6.0),
        bottom,
    );
    let y = |v: f64| ax.y(v);
    draw_value_grid(p, &ax, x0, x1, &small, false)?;
    let pts: Vec<(f64, f64)> = r.points.iter().map(|&(t, v)| (lay.x(t), y(v))).collect();
    if let (Some(first), Some(last)) = (pts.first(), pts.last()) {
        let mut poly: Vec<(i32, i32)> = round_points(&pts);
        poly.push((last.0.round() as i32, bottom));
        poly.push((first.0.round() as i32, bottom));
        p.polygon(poly, RESERVE_FILL.mix(0.8))?;
    }
    let fy = y(r.full);
    p.stroke(
        &[(f64::from(x0), fy), (f64::from(x1), fy)],
        GREY.to_rgba(),
        1.0,
        Dash::Dashed(6.0, 4.0),
    )?;
    p.stroke(&pts, PAYLOAD.to_rgba(), 2.5, Dash::Solid)?;
    let full = if r.unit == "h" {
        format!("full {:.0} h", r.full)
    } else {
        format!("full {:.1} {}", r.full, r.unit)
    };
    let (tw, th) = p.text_size(&full, &small)?;
    if let Some(b) = place_line_label(p, (tw, th), fy, false, panel, lines, &[&pts], &[]) {
        p.boxed_text(&full, (b.0, b.1), &small, GREY, (HPos::Left, VPos::Top))?;
    }
    p.outline(panel, GREY, 1)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polylines_hit_rectangles_they_cross() {
        let r = (10, 10, 20, 20);
        assert!(polyline_hits(&[(0.0, 15.0), (30.0, 15.0)], r));
        assert!(polyline_hits(&[(0.0, 0.0), (30.0, 30.0)], r));
        assert!(!polyline_hits(&[(0.0, 0.0), (30.0, 0.0)], r));
        assert!(!polyline_hits(&[(0.0, 40.0), (40.0, 25.0)], r));
    }
}
