//! The painter: every mark of a report page, drawn and recorded.
//!
//! [`Painter`] wraps a plotters drawing area with the page scale and draws
//! text, lines, fills and patterns in pixel coordinates. Text is laid out
//! and rasterised by [`super::font`] (plotters misplaces glyphs in
//! bitmaps); an SVG gets `<text>` elements at the same boxes.
//!
//! Every text box and every line the painter draws is also appended, in
//! drawing order, to its log of [`Placed`] marks, so the layout can be
//! checked for labels crossed by lines or by other labels
//! ([`super::layout::crossings`]) without looking at pixels.

use std::cell::RefCell;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, RGBAColor, RGBColor};

use super::draw::err;
use super::font;
use super::layout::Placed;
use super::style::GREY;
use super::Error;

/// A fill pattern drawn over a colour, so that kinds differ in greyscale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Pattern {
    None,
    /// `/` lines.
    DiagUp,
    /// `\` lines.
    DiagDown,
    Horizontal,
    Vertical,
    Cross,
    Dots,
}

/// How a line is stroked.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Dash {
    Solid,
    /// On and off lengths at scale 1, px.
    Dashed(f64, f64),
}

/// A rectangle in pixels: left, top, right, bottom.
pub type Rect = (i32, i32, i32, i32);

/// A text style: plotters' font size (px, ascent to descent) and weight.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct TextStyle {
    pub(super) size: f64,
    pub(super) bold: bool,
}

/// Pixel-level drawing on the root area, with the page scale.
pub(super) struct Painter<'a, DB: DrawingBackend> {
    area: &'a DrawingArea<DB, Shift>,
    /// Page scale: 1.0 at 1600x900.
    pub(super) k: f64,
    /// Rasterise text ourselves (bitmaps) rather than emit `<text>` (SVG).
    bitmap: bool,
    /// What was drawn, in order.
    log: RefCell<Vec<Placed>>,
    /// What the lines drawn now are, for the log.
    role: std::cell::Cell<&'static str>,
}

impl<'a, DB: DrawingBackend> Painter<'a, DB> {
    /// A painter on `area` at page scale `k`; `bitmap` when the backend is
    /// a pixel buffer.
    pub(super) fn new(area: &'a DrawingArea<DB, Shift>, k: f64, bitmap: bool) -> Self {
        Painter {
            area,
            k,
            bitmap,
            log: RefCell::new(Vec::new()),
            role: std::cell::Cell::new("line"),
        }
    }

    /// The marks drawn so far, in drawing order.
    pub(super) fn into_log(self) -> Vec<Placed> {
        self.log.into_inner()
    }

    /// Names the lines drawn from now on (`grid`, `leader`, `payload`...)
    /// in the log.
    pub(super) fn role(&self, role: &'static str) {
        self.role.set(role);
    }

    /// `v` reference pixels at this scale.
    pub(super) fn px(&self, v: f64) -> i32 {
        (v * self.k).round() as i32
    }

    /// A font of reference size `size`, scaled with the page (11 px at
    /// least, so that small pictures stay legible).
    pub(super) fn font(&self, size: f64, bold: bool) -> TextStyle {
        TextStyle {
            size: (size * self.k).max(11.0),
            bold,
        }
    }

    /// Width and height of `text`'s box: its advance and the font's ascent
    /// to descent, rounded up to whole pixels.
    pub(super) fn text_size(&self, text: &str, style: &TextStyle) -> Result<(i32, i32), Error> {
        let (_, e) = font::layout(text, style.size, style.bold).ok_or(Error::Font)?;
        Ok((e.width.ceil() as i32, (e.ascent + e.descent).ceil() as i32))
    }

    /// Draws `text` with its anchor `(h, v)` at `(x, y)`; returns its box,
    /// which holds all of its ink.
    pub(super) fn text(
        &self,
        text: &str,
        at: (i32, i32),
        style: &TextStyle,
        color: RGBColor,
        anchor: (HPos, VPos),
    ) -> Result<Rect, Error> {
        self.text_on(text, at, style, color, anchor, None)
    }

    fn text_on(
        &self,
        text: &str,
        (x, y): (i32, i32),
        style: &TextStyle,
        color: RGBColor,
        anchor: (HPos, VPos),
        background: Option<Rect>,
    ) -> Result<Rect, Error> {
        let (_, e) = font::layout(text, style.size, style.bold).ok_or(Error::Font)?;
        let (w, h) = self.text_size(text, style)?;
        let b = anchor_box((x, y), (w, h), anchor);
        let baseline = b.1 as f32 + e.ascent;
        if self.bitmap {
            let mut failed = None;
            font::rasterize(
                text,
                style.size,
                style.bold,
                (b.0 as f32, baseline),
                |px, py, cov| {
                    if failed.is_none() {
                        if let Err(e) = self.area.draw_pixel((px, py), &color.mix(f64::from(cov))) {
                            failed = Some(err(e));
                        }
                    }
                },
            );
            if let Some(e) = failed {
                return Err(e);
            }
        } else {
            let font_style = if style.bold {
                FontStyle::Bold
            } else {
                FontStyle::Normal
            };
            let st = plotters::style::TextStyle::from(plotters::style::FontDesc::new(
                plotters::style::FontFamily::SansSerif,
                style.size,
                font_style,
            ))
            .color(&color)
            .pos(Pos::new(HPos::Left, VPos::Top));
            // plotters writes a top-anchored `<text>` with `dy="0.76em"`,
            // which puts the baseline near the font's ascent below `b.1`.
            self.area.draw_text(text, &st, (b.0, b.1)).map_err(err)?;
        }
        self.log.borrow_mut().push(Placed::Text {
            rect: b,
            background,
            text: text.to_string(),
        });
        Ok(b)
    }

    /// Text on an opaque white box, for labels over patterns and lines:
    /// what was drawn before it under the box is hidden.
    pub(super) fn boxed_text(
        &self,
        text: &str,
        (x, y): (i32, i32),
        style: &TextStyle,
        color: RGBColor,
        anchor: (HPos, VPos),
    ) -> Result<Rect, Error> {
        let (w, h) = self.text_size(text, style)?;
        let b = anchor_box((x, y), (w, h), anchor);
        let pad = self.px(3.0).max(2);
        let bg = (b.0 - pad, b.1 - pad / 2, b.2 + pad, b.3 + pad / 2);
        self.fill(bg, WHITE.to_rgba())?;
        self.text_on(text, (x, y), style, color, anchor, Some(bg))
    }

    /// A filled polygon (pixel points).
    pub(super) fn polygon(&self, pts: Vec<(i32, i32)>, color: RGBAColor) -> Result<(), Error> {
        self.area
            .draw(&Polygon::new(pts, color.filled()))
            .map_err(err)
    }

    pub(super) fn fill(&self, (x0, y0, x1, y1): Rect, color: RGBAColor) -> Result<(), Error> {
        if x1 <= x0 || y1 <= y0 {
            return Ok(());
        }
        self.area
            .draw(&Rectangle::new([(x0, y0), (x1, y1)], color.filled()))
            .map_err(err)
    }

    pub(super) fn outline(
        &self,
        (x0, y0, x1, y1): Rect,
        color: RGBColor,
        width: u32,
    ) -> Result<(), Error> {
        self.record(
            vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)],
            width,
        );
        self.area
            .draw(&Rectangle::new(
                [(x0, y0), (x1, y1)],
                color.stroke_width(width),
            ))
            .map_err(err)
    }

    fn record(&self, points: Vec<(i32, i32)>, width: u32) {
        self.log.borrow_mut().push(Placed::Line {
            points,
            width,
            role: self.role.get(),
        });
    }

    pub(super) fn line(
        &self,
        pts: &[(i32, i32)],
        color: RGBAColor,
        width: u32,
    ) -> Result<(), Error> {
        if pts.len() < 2 {
            return Ok(());
        }
        self.record(pts.to_vec(), width);
        self.area
            .draw(&PathElement::new(pts.to_vec(), color.stroke_width(width)))
            .map_err(err)
    }

    /// A polyline in pixel coordinates, solid or dashed.
    ///
    /// `width` is in reference pixels (scaled with the page).
    pub(super) fn stroke(
        &self,
        pts: &[(f64, f64)],
        color: RGBAColor,
        width: f64,
        dash: Dash,
    ) -> Result<(), Error> {
        let width = (width * self.k).round().max(1.0) as u32;
        match dash {
            Dash::Solid => self.line(&round_points(pts), color, width),
            Dash::Dashed(on, off) => {
                for piece in dash_polyline(pts, on * self.k, off * self.k) {
                    self.line(&round_points(&piece), color, width)?;
                }
                Ok(())
            }
        }
    }

    /// Pattern lines or dots over `rect`, on a grid fixed to the page so
    /// that neighbouring areas line up.
    pub(super) fn hatch(
        &self,
        rect: Rect,
        pattern: Pattern,
        color: RGBAColor,
    ) -> Result<(), Error> {
        let (x0, y0, x1, y1) = rect;
        if x1 <= x0 || y1 <= y0 {
            return Ok(());
        }
        let sp = self.px(9.0).max(5);
        let first = |a: i32| a.div_euclid(sp) * sp + sp;
        let mut lines: Vec<[(i32, i32); 2]> = Vec::new();
        let diag_up = |lines: &mut Vec<[(i32, i32); 2]>| {
            // x + y = c
            let mut c = first(x0 + y0);
            while c < x1 + y1 {
                let xa = x0.max(c - y1);
                let xb = x1.min(c - y0);
                if xa < xb {
                    lines.push([(xa, c - xa), (xb, c - xb)]);
                }
                c += sp;
            }
        };
        let diag_down = |lines: &mut Vec<[(i32, i32); 2]>| {
            // x - y = c
            let mut c = first(x0 - y1);
            while c < x1 - y0 {
                let xa = x0.max(c + y0);
                let xb = x1.min(c + y1);
                if xa < xb {
                    lines.push([(xa, xa - c), (xb, xb - c)]);
                }
                c += sp;
            }
        };
        match pattern {
            Pattern::None => {}
            Pattern::DiagUp => diag_up(&mut lines),
            Pattern::DiagDown => diag_down(&mut lines),
            Pattern::Cross => {
                diag_up(&mut lines);
                diag_down(&mut lines);
            }
            Pattern::Horizontal => {
                let mut y = first(y0) - sp / 2;
                while y < y1 {
                    if y > y0 {
                        lines.push([(x0, y), (x1, y)]);
                    }
                    y += sp;
                }
            }
            Pattern::Vertical => {
                let mut x = first(x0) - sp / 2;
                while x < x1 {
                    if x > x0 {
                        lines.push([(x, y0), (x, y1)]);
                    }
                    x += sp;
                }
            }
            Pattern::Dots => {
                let d = self.px(2.0).max(2);
                let mut y = first(y0) - sp / 2;
                let mut row = 0;
                while y + d <= y1 {
                    if y >= y0 {
                        let shift = if row % 2 == 0 { 0 } else { sp / 2 };
                        let mut x = first(x0) - sp + shift;
                        while x + d <= x1 {
                            if x >= x0 {
                                self.fill((x, y, x + d, y + d), color)?;
                            }
                            x += sp;
                        }
                    }
                    y += sp / 2 + sp / 4;
                    row += 1;
                }
            }
        }
        for l in lines {
            self.line(&l, color, 1)?;
        }
        Ok(())
    }

    /// A legend or key swatch: a short line or a filled, patterned box.
    pub(super) fn swatch(&self, rect: Rect, sw: &Swatch) -> Result<(), Error> {
        let (x0, y0, x1, y1) = rect;
        let ym = f64::from(y0 + y1) / 2.0;
        match *sw {
            Swatch::Line(color, width, dash) => self.stroke(
                &[(f64::from(x0), ym), (f64::from(x1), ym)],
                color.to_rgba(),
                width,
                dash,
            ),
            Swatch::VLine(color, width, dash) => {
                let xm = f64::from(x0 + x1) / 2.0;
                self.stroke(
                    &[(xm, f64::from(y0)), (xm, f64::from(y1))],
                    color.to_rgba(),
                    width,
                    dash,
                )
            }
            Swatch::Fill(fill, pattern, pcolor) => {
                self.fill(rect, fill)?;
                self.hatch(rect, pattern, pcolor.to_rgba())?;
                self.outline(rect, GREY, 1)
            }
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub(super) enum Swatch {
    Line(RGBColor, f64, Dash),
    VLine(RGBColor, f64, Dash),
    Fill(RGBAColor, Pattern, RGBColor),
}

pub(super) fn anchor_box((x, y): (i32, i32), (w, h): (i32, i32), (hp, vp): (HPos, VPos)) -> Rect {
    let x0 = match hp {
        HPos::Left => x,
        HPos::Center => x - w / 2,
        HPos::Right => x - w,
    };
    let y0 = match vp {
        VPos::Top => y,
        VPos::Center => y - h / 2,
        VPos::Bottom => y - h,
    };
    (x0, y0, x0 + w, y0 + h)
}

pub(super) fn overlaps(a: Rect, b: Rect, gap: i32) -> bool {
    a.0 < b.2 + gap && b.0 < a.2 + gap && a.1 < b.3 + gap && b.1 < a.3 + gap
}

/// Pixel points of a polyline, dropping points within 2 px of the last one
/// kept (the last point always stays): plotters joins very short thick
/// segments with visible notches.
pub(super) fn round_points(pts: &[(f64, f64)]) -> Vec<(i32, i32)> {
    let mut out: Vec<(i32, i32)> = Vec::with_capacity(pts.len());
    for (i, &(x, y)) in pts.iter().enumerate() {
        let p = (x.round() as i32, y.round() as i32);
        let near = out
            .last()
            .is_some_and(|q| (q.0 - p.0).pow(2) + (q.1 - p.1).pow(2) < 4);
        if !near {
            out.push(p);
        } else if i + 1 == pts.len() && out.last() != Some(&p) {
            if out.len() > 1 {
                out.pop();
            }
            out.push(p);
        }
    }
    out
}

/// Cuts a polyline into dashes of length `on` separated by `off`.
pub(super) fn dash_polyline(pts: &[(f64, f64)], on: f64, off: f64) -> Vec<Vec<(f64, f64)>> {
    let (on, off) = (on.max(1.0), off.max(1.0));
    let mut out = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    let mut drawing = true;
    let mut left = on;
    if let Some(&p) = pts.first() {
        cur.push(p);
    }
    for w in pts.windows(2) {
        let (mut a, b) = (w[0], w[1]);
        let mut len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        while len > 0.0 {
            let step = left.min(len);
            let f = step / len;
            let p = (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f);
            if drawing {
                cur.push(p);
            }
            left -= step;
            len -= step;
            a = p;
            if left <= 1e-9 {
                if drawing {
                    out.push(std::mem::take(&mut cur));
                } else {
                    cur = vec![p];
                }
                drawing = !drawing;
                left = if drawing { on } else { off };
            }
        }
    }
    if drawing && cur.len() > 1 {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashes_cover_the_on_share_of_a_line() {
        let pts = [(0.0, 0.0), (95.0, 0.0), (95.0, 55.0)];
        let dashes = dash_polyline(&pts, 10.0, 5.0);
        let len: f64 = dashes
            .iter()
            .flat_map(|d| d.windows(2))
            .map(|w| ((w[1].0 - w[0].0).powi(2) + (w[1].1 - w[0].1).powi(2)).sqrt())
            .sum();
        // 150 px in periods of 15: ten dashes of 10 px.
        assert_eq!(dashes.len(), 10);
        assert!((len - 100.0).abs() < 1e-9, "{len}");
        // A dash may turn the corner.
        assert!(dashes.iter().any(|d| d.len() == 3));
    }
}
