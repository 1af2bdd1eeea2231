//! The embedded fonts, and text laid out and rasterised glyph by glyph.
//!
//! DejaVu Sans and DejaVu Sans Bold (`assets/fonts/`, licence in
//! `assets/fonts/LICENSE_DEJAVU`) are compiled into the library, so no
//! system font is ever looked up.
//!
//! plotters 0.3.7 draws text badly in bitmaps: it rasterises each glyph at
//! a whole-pixel pen position *without* the glyph's left bearing, and its
//! width estimate truncates, so letters drift by a pixel or two (`max`
//! reads `ma x`, `Tr` overlaps) and the box it reports is not where the ink
//! is. This module lays text out itself with `ab_glyph` (the rasteriser
//! under plotters): pen positions in fractional pixels from the font's
//! advances and kerning, each glyph rasterised at its own sub-pixel
//! position, and a box from the font's ascent and descent that holds every
//! glyph's ink. The painter (`paint.rs`) draws the coverage it returns.
//!
//! A font *size* here is what plotters calls one: the height in pixels of
//! the font's ascent minus descent (`ab_glyph::PxScale`), about 1.16 em for
//! DejaVu Sans.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};

/// DejaVu Sans.
pub const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold.
pub const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The parsed font, or `None` for a broken build.
pub fn face(bold: bool) -> Option<&'static FontRef<'static>> {
    static REG: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    static BLD: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    let (cell, data) = if bold { (&BLD, BOLD) } else { (&REG, REGULAR) };
    cell.get_or_init(|| FontRef::try_from_slice(data).ok())
        .as_ref()
}

/// One line of text laid out at a size: its advance width and the
/// vertical extent every glyph's ink stays within, px.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Extent {
    /// Pen advance from the first glyph's origin past the last glyph.
    pub width: f32,
    /// Baseline to the top of the box (the font's ascent).
    pub ascent: f32,
    /// Baseline to the bottom of the box (minus the font's descent).
    pub descent: f32,
}

/// Pen positions of each character of `text` at `size`, px from the
/// origin, kerning included, and the line's [`Extent`].
pub fn layout(text: &str, size: f64, bold: bool) -> Option<(Vec<(char, f32)>, Extent)> {
    let font = face(bold)?.as_scaled(PxScale::from(size as f32));
    let mut pen = 0f32;
    let mut prev = None;
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = prev {
            pen += font.kern(p, id);
        }
        out.push((c, pen));
        pen += font.h_advance(id);
        prev = Some(id);
    }
    let extent = Extent {
        width: pen,
        ascent: font.ascent(),
        descent: -font.descent(),
    };
    Some((out, extent))
}

/// Rasterises `text` with its baseline origin at `(x, y)` (fractional
/// pixels), calling `put(px, py, coverage)` for every pixel a glyph
/// covers (coverage in `(0, 1]`).
pub fn rasterize(
    text: &str,
    size: f64,
    bold: bool,
    (x, y): (f32, f32),
    mut put: impl FnMut(i32, i32, f32),
) -> bool {
    let (Some(f), Some((pens, _))) = (face(bold), layout(text, size, bold)) else {
        return false;
    };
    let scale = PxScale::from(size as f32);
    for (c, pen) in pens {
        let glyph = f
            .glyph_id(c)
            .with_scale_and_position(scale, ab_glyph::point(x + pen, y));
        if let Some(outlined) = f.outline_glyph(glyph) {
            let b = outlined.px_bounds();
            let (bx, by) = (b.min.x as i32, b.min.y as i32);
            outlined.draw(|gx, gy, cov| {
                if cov > 0.0 {
                    put(bx + gx as i32, by + gy as i32, cov.min(1.0));
                }
            });
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Columns of `text` rendered at `size` that hold ink, as runs
    /// `(first, last)`.
    fn ink_runs(text: &str, size: f64) -> Vec<(i32, i32)> {
        let mut cols = std::collections::BTreeSet::new();
        assert!(rasterize(text, size, false, (10.3, 40.0), |x, _, c| {
            if c > 0.35 {
                cols.insert(x);
            }
        }));
        let mut runs: Vec<(i32, i32)> = Vec::new();
        for x in cols {
            match runs.last_mut() {
                Some(r) if r.1 + 1 == x => r.1 = x,
                _ => runs.push((x, x)),
            }
        }
        runs
    }

    #[test]
    fn reads_both_faces_and_every_character_the_reports_print() {
        for bold in [false, true] {
            let f = face(bold).expect("the embedded font parses");
            for c in ('!'..='~').chain(['°', '→', '·', '≤', '≥', '…', 'é']) {
                assert_ne!(f.glyph_id(c).0, 0, "{c:?} has no glyph");
            }
        }
    }

    #[test]
    fn ink_gaps_are_the_fonts_own_at_every_size() {
        // `ma x` was the defect: plotters put each glyph a pixel or two off
        // its place. Between every two letters, the empty columns must be
        // the gap the font's own outlines leave (exact glyph bounds at the
        // laid-out pen positions), within a pixel, at every size.
        let x0 = 10.3f32;
        for text in ["max", "Transit", "MKT", "wavy"] {
            for tenth in 110..=400 {
                let size = f64::from(tenth) / 10.0;
                let runs = ink_runs(text, size);
                let f = face(false).unwrap();
                let scale = PxScale::from(size as f32);
                let (pens, _) = layout(text, size, false).unwrap();
                let hsf = f.as_scaled(scale).h_scale_factor();
                // Exact ink extents: the outline's bounds in font units.
                let bounds: Vec<(f32, f32)> = pens
                    .iter()
                    .map(|&(c, pen)| {
                        let b = f.outline(f.glyph_id(c)).unwrap().bounds;
                        (x0 + pen + b.min.x * hsf, x0 + pen + b.max.x * hsf)
                    })
                    .collect();
                if runs.len() != text.chars().count() {
                    // Letters that touch at this size: nothing to compare.
                    continue;
                }
                for i in 1..runs.len() {
                    let drawn = (runs[i].0 - runs[i - 1].1 - 1) as f32;
                    let designed = bounds[i].0 - bounds[i - 1].1;
                    assert!(
                        (drawn - designed).abs() <= 1.5,
                        "{text} at {size}: gap {i} is {drawn} px, the font says {designed:.2}"
                    );
                }
            }
        }
    }

    #[test]
    fn ink_stays_inside_the_extent() {
        for text in ["Hg Åj |", "Transit 2d 11h 12m <= max 4d", "°C→"] {
            for size in [11.0, 15.5, 19.0, 30.0, 45.0] {
                let (_, e) = layout(text, size, false).unwrap();
                let (x0, y0) = (5.0f32, 100.0f32);
                rasterize(text, size, false, (x0, y0), |x, y, _| {
                    assert!(x as f32 >= x0 - 2.0 && x as f32 <= x0 + e.width + 2.0);
                    assert!(
                        y as f32 >= y0 - e.ascent - 1.0 && y as f32 <= y0 + e.descent + 1.0,
                        "{text} at {size}: ink at y {y}, box {}..{}",
                        y0 - e.ascent,
                        y0 + e.descent
                    );
                });
            }
        }
    }
}
