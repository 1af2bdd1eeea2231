//! Marker lines through the panels (ready, deadline, delivered, reserve
//! spent, first freeze) and their labels, kept clear of other markers'
//! lines.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axes::*;
use super::paint::{overlaps, Painter, Rect};
use super::style::*;
use super::timeline::Timeline;
use super::Error;

pub(super) fn draw_markers(
    p: &Painter<impl DrawingBackend>,
    tl: &Timeline,
    lay: &Layout,
    temp: Rect,
    reserve: Rect,
    taken: &mut Vec<Rect>,
) -> Result<(), Error> {
    p.role("marker");
    let small = p.font(SMALL, false);
    let (_, th) = p.text_size("Hg", &small)?;
    let row_h = th + p.px(5.0);
    let top = temp.1 + p.px(5.0);
    let gap = p.px(6.0);
    // Off-view markers (a far SLA deadline) become a note at the top
    // right, left of any marker line there.
    let line_xs: Vec<i32> = tl
        .markers
        .iter()
        .filter(|m| m.in_view)
        .map(|m| lay.x(m.t.0 as f64).round() as i32)
        .collect();
    for m in tl.markers.iter().filter(|m| !m.in_view) {
        let text = format!("{} →", m.label);
        let (tw, _) = p.text_size(&text, &small)?;
        let mut right = lay.x1 - p.px(6.0);
        while let Some(&x) = line_xs
            .iter()
            .filter(|&&x| x >= right - tw - gap && x < right + gap)
            .max()
        {
            right = x - gap;
        }
        let b = (right - tw, top, right, top + th);
        if b.0 >= lay.x0 + 2 {
            p.boxed_text(&text, (b.0, b.1), &small, INK, (HPos::Left, VPos::Top))?;
            taken.push(b);
        }
    }
    for m in tl.markers.iter().filter(|m| m.in_view) {
        let (color, width, dash) = marker_style(m.kind);
        let x = lay.x(m.t.0 as f64);
        for (a, b) in [(temp.1, temp.3), (reserve.1, reserve.3)] {
            p.stroke(
                &[(x, f64::from(a)), (x, f64::from(b))],
                color.to_rgba(),
                width,
                dash,
            )?;
        }
    }
    // Labels: rows at the top of the panel, right of the line if it fits,
    // else left of it, else the next row down.
    for m in tl.markers.iter().filter(|m| m.in_view) {
        let (color, _, _) = marker_style(m.kind);
        let x = lay.x(m.t.0 as f64).round() as i32;
        // The label, then shorter forms of it where the long one finds no
        // room between the lines: `deadline 17 Nov 13:00Z`, `deadline
        // 13:00Z`.
        let mut forms = Vec::new();
        for l in [&m.label, &m.short] {
            forms.push(l.clone());
            if let Some(rest) = l.strip_prefix("SLA ") {
                forms.push(rest.to_string());
            }
        }
        // Lines closer together than a label gap read as one: the label
        // goes beside the whole cluster.
        let (mut lo, mut hi) = (x, x);
        loop {
            let (l2, h2) = line_xs
                .iter()
                .filter(|&&lx| lx >= lo - 2 * gap && lx <= hi + 2 * gap)
                .fold((lo, hi), |(a, b), &lx| (a.min(lx), b.max(lx)));
            if (l2, h2) == (lo, hi) {
                break;
            }
            (lo, hi) = (l2, h2);
        }
        let mut spot = None;
        'forms: for text in forms {
            let (tw, _) = p.text_size(&text, &small)?;
            for r in 0..3 {
                let ty = top + r * row_h;
                for bx in [hi + gap, lo - gap - tw] {
                    let b = (bx, ty, bx + tw, ty + th);
                    // Clear of other labels, and a gap away from every other
                    // marker's line.
                    if b.0 >= lay.x0 + 2
                        && b.2 <= lay.x1 - 2
                        && !taken.iter().any(|o| overlaps(*o, b, 3))
                        && !line_xs
                            .iter()
                            .any(|&lx| (lx < lo || lx > hi) && lx > b.0 - gap && lx < b.2 + gap)
                    {
                        spot = Some((b, text));
                        break 'forms;
                    }
                }
            }
        }
        if let Some((b, text)) = spot {
            let text_color = if color == GREY { GREY } else { INK };
            p.boxed_text(
                &text,
                (b.0, b.1),
                &small,
                text_color,
                (HPos::Left, VPos::Top),
            )?;
            taken.push(b);
        }
    }
    Ok(())
}
