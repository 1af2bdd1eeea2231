//! One row per hub on its local clock: the stays as bars, local arrival
//! and departure times, local times at the UTC ticks, and the UTC grid run
//! through the rows around every label.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::RGBColor;

use super::axes::*;
use super::paint::{overlaps, Painter, Rect};
use super::style::*;
use super::timeline::Timeline;
use super::Error;

pub(super) fn draw_hub_rows(
    p: &Painter<impl DrawingBackend>,
    tl: &Timeline,
    lay: &Layout,
    top: i32,
    row_h: i32,
    margin: i32,
    headers: &[String],
) -> Result<(), Error> {
    p.role("hub row");
    let small = p.font(SMALL, false);
    let (_, th) = p.text_size("Hg", &small)?;
    let gap = p.px(5.0);
    let bar_h = (row_h - p.px(6.0)).max(4);
    // Labels first, so that the grid can run through the rows without
    // crossing any: arrival left of each bar and departure right of it (or
    // inside when the page edge is in the way), then local ticks where
    // they fit.
    let mut rows: Vec<Vec<(Rect, String, bool)>> = Vec::new();
    for (i, row) in tl.hub_rows.iter().enumerate() {
        let cy = top + i as i32 * row_h + row_h / 2;
        let mut labels: Vec<(Rect, String, bool)> = Vec::new();
        for stay in &row.stays {
            let a = lay.x(stay.start.0 as f64).round() as i32;
            let b = (lay.x(stay.end.0 as f64).round() as i32).max(a + 1);
            let (sw, _) = p.text_size(&stay.start_local, &small)?;
            let (ew, _) = p.text_size(&stay.end_local, &small)?;
            // Inside the bar only if it fits there; else left of the axis
            // start, in the room the value ticks leave free.
            let sx = if a - gap - sw >= lay.x0 || b - a < sw + 2 * gap {
                a - gap - sw
            } else {
                a + gap
            };
            let ex = if b + gap + ew <= lay.x1 + p.px(28.0) {
                b + gap
            } else {
                b - gap - ew
            };
            labels.push((
                (sx, cy - th / 2, sx + sw, cy + th / 2),
                stay.start_local.clone(),
                true,
            ));
            if stay.end > stay.start {
                labels.push((
                    (ex, cy - th / 2, ex + ew, cy + th / 2),
                    stay.end_local.clone(),
                    true,
                ));
            }
            for (t, text) in &stay.ticks {
                let x = lay.x(t.0 as f64).round() as i32;
                let (tw, _) = p.text_size(text, &small)?;
                labels.push((
                    (x - tw / 2, cy - th / 2, x + tw / 2, cy + th / 2),
                    text.clone(),
                    false,
                ));
            }
        }
        // Nothing over the row's own header in the left column.
        let (hw, _) = p.text_size(&headers[i], &small)?;
        let header = (margin, cy - th / 2, margin + hw, cy + th / 2);
        let mut placed: Vec<(Rect, String, bool)> = Vec::new();
        for l in labels {
            if !overlaps(header, l.0, gap) && !placed.iter().any(|o| overlaps(o.0, l.0, gap)) {
                placed.push(l);
            }
        }
        rows.push(placed);
    }
    // The UTC grid through the rows, broken around every label.
    let bottom = top + tl.hub_rows.len() as i32 * row_h;
    let labels: Vec<Rect> = rows.iter().flatten().map(|l| l.0).collect();
    p.role("grid");
    for tick in &tl.ticks {
        let x = lay.x(tick.t.0 as f64).round() as i32;
        let mut cuts: Vec<(i32, i32)> = labels
            .iter()
            .filter(|r| x >= r.0 - 2 && x <= r.2 + 2)
            .map(|r| (r.1 - 2, r.3 + 2))
            .collect();
        cuts.sort_unstable();
        let mut y = top;
        for (a, b) in cuts {
            if a > y {
                p.line(&[(x, y), (x, a)], GRID.to_rgba(), 1)?;
            }
            y = y.max(b);
        }
        if y < bottom {
            p.line(&[(x, y), (x, bottom)], GRID.to_rgba(), 1)?;
        }
    }
    p.role("hub row");
    for (i, row) in tl.hub_rows.iter().enumerate() {
        let cy = top + i as i32 * row_h + row_h / 2;
        p.text(
            &headers[i],
            (margin, cy),
            &small,
            INK,
            (HPos::Left, VPos::Center),
        )?;
        for stay in &row.stays {
            let a = lay.x(stay.start.0 as f64).round() as i32;
            let b = (lay.x(stay.end.0 as f64).round() as i32).max(a + 1);
            let bar = (a, cy - bar_h / 2, b, cy + bar_h / 2);
            p.fill(bar, RGBColor(236, 236, 236).to_rgba())?;
            p.outline(bar, GREY, 1)?;
        }
        for (r, text, strong) in &rows[i] {
            let color = if *strong { INK } else { GREY };
            p.text(text, (r.0, cy), &small, color, (HPos::Left, VPos::Center))?;
        }
    }
    Ok(())
}
