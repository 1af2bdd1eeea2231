//! The marks of a drawn page, and the check that no label is crossed.
//!
//! The painter logs every text box and line it draws, in order
//! ([`Placed`]); [`super::draw::layout`] returns that log for a timeline.
//! [`crossings`] finds what a reader would see as a defect:
//!
//! - two labels where one's ink box meets the other's ink or white box;
//! - a line through a label: any line drawn *after* it, and for a label
//!   without a white box any line at all. A label on a white box hides the
//!   lines drawn before it (grid, hatching, a curve it sits on), which is
//!   what the box is for.
//!
//! A line is checked as its pixel polyline widened by half its stroke; a
//! label as the box from its font's ascent to descent, which holds all of
//! its ink (`font.rs` tests this).

use super::paint::Rect;

/// One mark on the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Placed {
    /// A label.
    Text {
        /// The box its ink stays within.
        rect: Rect,
        /// The opaque white box drawn under it, if any.
        background: Option<Rect>,
        /// What it says.
        text: String,
    },
    /// A straight-segment line (an outline is its closed polyline).
    Line {
        /// Pixel points.
        points: Vec<(i32, i32)>,
        /// Stroke width, px.
        width: u32,
        /// What the line is (`grid`, `leader`, `payload`...).
        role: &'static str,
    },
}

/// Every label crossed by a line or overlapping another label, as
/// sentences naming both; empty for a clean page.
pub fn crossings(marks: &[Placed]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, a) in marks.iter().enumerate() {
        let Placed::Text {
            rect,
            background,
            text,
        } = a
        else {
            continue;
        };
        let outer = background.unwrap_or(*rect);
        for (j, b) in marks.iter().enumerate() {
            match b {
                Placed::Text {
                    rect: r2,
                    background: bg2,
                    text: t2,
                    // Ink under another label's ink or white box; two boxes
                    // that only share padding hide nothing.
                } if j > i && (intersects(*rect, bg2.unwrap_or(*r2)) || intersects(outer, *r2)) => {
                    out.push(format!(
                        "label `{text}` {rect:?} overlaps label `{t2}` {r2:?}"
                    ));
                }
                Placed::Line {
                    points,
                    width,
                    role,
                } if j > i || background.is_none() => {
                    let half = (*width as i32 - 1) / 2;
                    let r = (rect.0 - half, rect.1 - half, rect.2 + half, rect.3 + half);
                    if polyline_hits(points, r) {
                        out.push(format!(
                            "label `{text}` {rect:?} is crossed by a {role} line drawn {} it",
                            if j > i { "after" } else { "before" }
                        ));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// Whether two boxes share any pixel (touching edges do not).
fn intersects(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Whether a pixel polyline passes through the inside of `r` (a line
/// along an edge, or ending on it, does not): the polyline against the box
/// shrunk by half a pixel.
pub fn polyline_hits(points: &[(i32, i32)], r: Rect) -> bool {
    let (x0, y0, x1, y1) = (
        f64::from(r.0) + 0.5,
        f64::from(r.1) + 0.5,
        f64::from(r.2) - 0.5,
        f64::from(r.3) - 0.5,
    );
    if x1 < x0 || y1 < y0 {
        return false;
    }
    let pts: Vec<(f64, f64)> = points
        .iter()
        .map(|&(x, y)| (f64::from(x), f64::from(y)))
        .collect();
    crosses(&pts, (x0, y0, x1, y1))
}

/// Whether any segment of `pts` meets the closed box `(x0, y0, x1, y1)`
/// (Liang-Barsky clipping).
pub(super) fn crosses(pts: &[(f64, f64)], (x0, y0, x1, y1): (f64, f64, f64, f64)) -> bool {
    pts.windows(2).any(|w| {
        let (a, b) = (w[0], w[1]);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (p, q) in [
            (-dx, a.0 - x0),
            (dx, x1 - a.0),
            (-dy, a.1 - y0),
            (dy, y1 - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let t = q / p;
                if p < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
            }
        }
        t0 <= t1
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(rect: Rect, boxed: bool) -> Placed {
        Placed::Text {
            rect,
            background: boxed.then_some((rect.0 - 2, rect.1 - 1, rect.2 + 2, rect.3 + 1)),
            text: "t".into(),
        }
    }

    fn line(points: &[(i32, i32)]) -> Placed {
        Placed::Line {
            points: points.to_vec(),
            width: 1,
            role: "test",
        }
    }

    #[test]
    fn finds_crossed_and_overlapping_labels_and_only_those() {
        let label = (100, 100, 160, 118);
        // A line through the label, drawn after it.
        assert_eq!(
            crossings(&[text(label, true), line(&[(130, 90), (130, 130)])]).len(),
            1
        );
        // Drawn before it: hidden by the box, but not without a box.
        assert!(crossings(&[line(&[(130, 90), (130, 130)]), text(label, true)]).is_empty());
        assert_eq!(
            crossings(&[line(&[(130, 90), (130, 130)]), text(label, false)]).len(),
            1
        );
        // A leader ending on the label's top edge, or passing beside it.
        assert!(crossings(&[text(label, false), line(&[(130, 60), (130, 100)])]).is_empty());
        assert!(crossings(&[text(label, false), line(&[(161, 60), (161, 140)])]).is_empty());
        // A diagonal that clips a corner.
        assert_eq!(
            crossings(&[text(label, false), line(&[(140, 90), (170, 120)])]).len(),
            1
        );
        // Labels side by side, then overlapping.
        assert!(crossings(&[text(label, false), text((160, 100, 200, 118), false)]).is_empty());
        assert_eq!(
            crossings(&[text(label, false), text((150, 110, 200, 128), false)]).len(),
            1
        );
        // A box around the label (a frame) does not cross it.
        assert!(crossings(&[
            text(label, false),
            line(&[(90, 95), (170, 95), (170, 125), (90, 125), (90, 95)])
        ])
        .is_empty());
    }
}
