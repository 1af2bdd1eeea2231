//! The steps lane: one band per step, coloured and patterned by kind,
//! labelled inside when the label fits and in two overflow rows with leader
//! lines when it does not.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axes::*;
use super::paint::{overlaps, Painter, Rect};
use super::style::*;
use super::timeline::{BandKind, Timeline};
use super::Error;

/// Order in which narrow bands get a label row: legs and servicing first.
pub(super) fn label_priority(kind: BandKind) -> u8 {
    match kind {
        BandKind::Flight | BandKind::Road => 0,
        BandKind::ReIce | BandKind::Recharge => 1,
        BandKind::Delivery | BandKind::Handling | BandKind::AwaitReceipt => 2,
        BandKind::Apron => 3,
        BandKind::Dwell => 4,
    }
}

pub(super) fn draw_bands(
    p: &Painter<impl DrawingBackend>,
    tl: &Timeline,
    lay: &Layout,
    lane: Rect,
    overflow_top: i32,
    overflow_row: i32,
) -> Result<(), Error> {
    p.role("band");
    let body = p.font(BODY, false);
    let small = p.font(SMALL, false);
    let inner_pad = p.px(5.0);
    let mut unlabelled = Vec::new();
    for (i, b) in tl.bands.iter().enumerate() {
        let bx0 = lay.x(b.start.0 as f64).round() as i32;
        let bx1 = lay.x(b.end.0 as f64).round() as i32;
        if bx1 <= bx0 {
            continue;
        }
        let r = (bx0, lane.1, bx1, lane.3);
        let (fill, pattern, pcolor) = band_style(b.kind);
        p.fill(r, fill.to_rgba())?;
        p.hatch(r, pattern, pcolor.mix(0.55))?;
        p.outline(r, INK, 1)?;
        let mut placed = false;
        for (j, label) in b.labels.iter().enumerate() {
            let (tw, _) = p.text_size(label, &body)?;
            if tw + 2 * inner_pad <= bx1 - bx0 {
                placed = j < b.specific;
                p.boxed_text(
                    label,
                    ((bx0 + bx1) / 2, (lane.1 + lane.3) / 2),
                    &body,
                    INK,
                    (HPos::Center, VPos::Center),
                )?;
                break;
            }
        }
        if !placed {
            unlabelled.push(i);
        }
    }
    // Narrow bands (no room for the service or hub inside): a short label
    // in one of two rows under the lane, with a leader line, if it fits
    // without touching another label.
    unlabelled.sort_by_key(|&i| (label_priority(tl.bands[i].kind), i));
    let mut rows: [Vec<Rect>; 2] = [Vec::new(), Vec::new()];
    let mut leaders: Vec<i32> = Vec::new();
    let gap = p.px(8.0);
    for i in unlabelled {
        let b = &tl.bands[i];
        let text = match &b.service {
            Some(id) => id.clone(),
            None => b.labels[0].clone(),
        };
        let (tw, th) = p.text_size(&text, &small)?;
        let cx = ((lay.x(b.start.0 as f64) + lay.x(b.end.0 as f64)) / 2.0).round() as i32;
        let bx = (cx - tw / 2).clamp(lay.x0, (lay.x1 - tw).max(lay.x0));
        for r in 0..rows.len() {
            let ty = overflow_top + r as i32 * overflow_row;
            let rect = (bx, ty, bx + tw, ty + th);
            if rows[r].iter().any(|o| overlaps(*o, rect, gap)) {
                continue;
            }
            // A leader to the second row must not cross a label in the
            // first, nor a first-row label an earlier leader.
            if (r == 1 && rows_hit(&rows[0], cx, gap / 2))
                || (r == 0
                    && leaders
                        .iter()
                        .any(|&x| x >= rect.0 - gap / 2 && x <= rect.2 + gap / 2))
            {
                continue;
            }
            p.role("leader");
            p.line(&[(cx, lane.3), (cx, ty)], GREY.to_rgba(), 1)?;
            p.text(&text, (bx, ty), &small, INK, (HPos::Left, VPos::Top))?;
            rows[r].push(rect);
            if r == 1 {
                leaders.push(cx);
            }
            break;
        }
    }
    Ok(())
}

pub(super) fn rows_hit(row: &[Rect], x: i32, gap: i32) -> bool {
    row.iter().any(|r| x >= r.0 - gap && x <= r.2 + gap)
}
