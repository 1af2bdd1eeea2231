//! Drawing a [`Timeline`] with plotters.
//!
//! [`render_rgb`] paints into an RGB buffer (3 bytes a pixel, rows top to
//! bottom), [`render_svg`] into an SVG document; both go through one
//! `draw` function generic over the plotters backend, so the two pictures
//! have the same layout.
//!
//! The page, top to bottom: the header (shipment, route, verdict, product,
//! packaging, every SLA figure and the MKT); the steps, one band each,
//! coloured *and* patterned by kind and labelled with the service and hubs
//! (narrow bands get their label in a row underneath, or none when even
//! that is full); the temperature panel (the product's allowed range
//! shaded, the freeze limit, ambient dashed, payload solid, excursions and
//! frozen spans hatched, freeze risk as a strip along the bottom); the
//! coolant or battery panel; the UTC axis; one row per hub with its local
//! clock while the shipment is there; the key. Every element that colour
//! tells apart is also told apart by line style, hatching or a word, so the
//! page reads in greyscale.
//!
//! Sizes scale with the picture (1600x900 is the reference) and every
//! label is measured before it is placed: labels that would overlap move to
//! another row or side, and are left out only when nothing fits.
//!
//! Fonts: DejaVu Sans and DejaVu Sans Bold are compiled in and registered
//! with plotters' `ab_glyph` font table under the family `sans-serif`, so
//! no system font is ever looked up. An SVG names the family `sans-serif`
//! and lets the viewer pick its own; widths were measured with DejaVu Sans.

use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{FontStyle, RGBColor};

use super::axes::{draw_axis, draw_grid, Layout};
use super::font;
use super::hubs::draw_hub_rows;
use super::layout::Placed;
use super::legend::{draw_legend, layout_legend, legend_items};
use super::markers::draw_markers;
use super::paint::{Painter, Rect, TextStyle};
use super::steps::draw_bands;
use super::style::*;
use super::temperature::{draw_reserve, draw_temperature};
use super::timeline::{celsius, Timeline};
use super::Error;

/// The size of a picture, px.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    /// Width, px.
    pub width: u32,
    /// Height, px.
    pub height: u32,
}

impl Size {
    /// The smallest picture the layout supports.
    pub const MIN: Size = Size {
        width: 800,
        height: 450,
    };
    /// The largest picture drawn (about 200 MB of RGB).
    pub const MAX: Size = Size {
        width: 8000,
        height: 8000,
    };

    /// `self`, or [`Error::BadSize`] when it lies outside [`Size::MIN`]..[`Size::MAX`].
    pub fn check(self) -> Result<Size, Error> {
        let ok = (Size::MIN.width..=Size::MAX.width).contains(&self.width)
            && (Size::MIN.height..=Size::MAX.height).contains(&self.height);
        if ok {
            Ok(self)
        } else {
            Err(Error::BadSize {
                width: self.width,
                height: self.height,
            })
        }
    }
}

impl Default for Size {
    /// 1600x900.
    fn default() -> Size {
        Size {
            width: 1600,
            height: 900,
        }
    }
}

/// Registers the embedded fonts with plotters, once per process.
pub(super) fn register_fonts() -> Result<(), Error> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        plotters::style::register_font("sans-serif", FontStyle::Normal, font::REGULAR).is_ok()
            && plotters::style::register_font("sans-serif", FontStyle::Bold, font::BOLD).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(Error::Font)
    }
}

/// A page painter: draws onto the root area at a checked size and returns
/// the marks it logged.
pub(super) type PageResult = Result<Vec<Placed>, Error>;

/// Runs `page` on an RGB buffer of `size` (3 bytes a pixel, row-major,
/// top row first): the pixels and the page's marks. The one place every
/// bitmap page (timeline, alternatives, calendar) is set up.
pub(super) fn on_bitmap(
    size: Size,
    page: impl FnOnce(&DrawingArea<BitMapBackend<'_>, Shift>, Size) -> PageResult,
) -> Result<(Vec<u8>, Vec<Placed>), Error> {
    let size = size.check()?;
    register_fonts()?;
    let mut buf = vec![255u8; size.width as usize * size.height as usize * 3];
    let marks = {
        let root =
            BitMapBackend::with_buffer(&mut buf, (size.width, size.height)).into_drawing_area();
        let marks = page(&root, size)?;
        root.present().map_err(err)?;
        marks
    };
    Ok((buf, marks))
}

/// Runs `page` on an SVG document of `size`.
pub(super) fn on_svg(
    size: Size,
    page: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>, Size) -> PageResult,
) -> Result<String, Error> {
    let size = size.check()?;
    register_fonts()?;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (size.width, size.height)).into_drawing_area();
        page(&root, size)?;
        root.present().map_err(err)?;
    }
    Ok(out)
}

/// Draws `tl` into an RGB buffer of `size` (3 bytes a pixel, row-major,
/// top row first).
pub fn render_rgb(tl: &Timeline, size: Size) -> Result<Vec<u8>, Error> {
    Ok(on_bitmap(size, |root, size| draw(root, tl, size, true))?.0)
}

/// Every label and line of `tl`'s page at `size`, in drawing order, as
/// [`render_rgb`] draws them: the data [`super::layout::crossings`]
/// checks.
pub fn layout(tl: &Timeline, size: Size) -> Result<Vec<Placed>, Error> {
    Ok(on_bitmap(size, |root, size| draw(root, tl, size, true))?.1)
}

/// Draws `tl` as an SVG document of `size`.
pub fn render_svg(tl: &Timeline, size: Size) -> Result<String, Error> {
    on_svg(size, |root, size| draw(root, tl, size, false))
}

pub(super) fn err(e: impl std::fmt::Display) -> Error {
    Error::Draw(e.to_string())
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    tl: &Timeline,
    size: Size,
    bitmap: bool,
) -> Result<Vec<Placed>, Error> {
    root.fill(&WHITE).map_err(err)?;
    let (w, h) = (size.width as i32, size.height as i32);
    let k = (f64::from(w) / 1600.0).min(f64::from(h) / 900.0);
    let p = Painter::new(root, k, bitmap);

    let margin = p.px(16.0);
    let body = p.font(BODY, false);
    let small = p.font(SMALL, false);

    // The left column holds panel titles, hub names and value ticks.
    let reserve_title = format!("{} left", capitalize(tl.reserve.what));
    let mut left_texts = vec![
        ("Steps".to_string(), &body),
        ("Temperature".to_string(), &body),
        (reserve_title.clone(), &body),
        ("UTC".to_string(), &body),
    ];
    if tl.robust.is_some() {
        left_texts.push(("Deliveries".to_string(), &body));
    }
    let hub_headers: Vec<String> = tl
        .hub_rows
        .iter()
        .map(|r| format!("{} {}", r.code, r.offset))
        .collect();
    for hh in &hub_headers {
        left_texts.push((hh.clone(), &small));
    }
    let mut left_w = 0;
    for (t, st) in &left_texts {
        left_w = left_w.max(p.text_size(t, st)?.0);
    }
    // Value tick labels sit between the left column and the axis.
    let tick_w = p.text_size("+88.8", &small)?.0;
    let x0 = margin + left_w + tick_w + p.px(20.0);
    let x1 = w - p.px(30.0);
    let lay = Layout {
        x0,
        x1,
        t0: tl.view.0 .0 as f64,
        t1: tl.view.1 .0 as f64,
    };

    // Header.
    let mut y = p.px(14.0);
    y = draw_header(&p, tl, margin, w - margin, y)?;
    y += p.px(10.0);

    // Fixed rows below the temperature panel, measured first so that the
    // temperature panel takes what is left.
    let small_h = p.text_size("Hg", &small)?.1;
    let body_h = p.text_size("Hg", &body)?.1;
    let lane_h = (body_h * 2).max(p.px(38.0));
    let overflow_row = small_h + p.px(6.0);
    let reserve_pref = p.px(120.0).max(body_h * 5);
    let axis_h = small_h * 2 + p.px(14.0);
    let hub_row_h = small_h + p.px(8.0);
    // The simulated days' deliveries, a row above the axis.
    let deliveries_h = if tl.robust.is_some() {
        (small_h * 3).max(p.px(44.0)) + p.px(10.0)
    } else {
        0
    };
    let legend = legend_items(tl);
    let legend_rows = layout_legend(&p, &legend, margin, w - margin)?;
    let legend_h = legend_rows.len() as i32 * (small_h + p.px(10.0));
    // Model notes and the audit footer, wrapped to the page.
    let note_style = p.font(SMALL, false);
    let mut note_lines: Vec<String> = Vec::new();
    for (i, n) in tl.notes.iter().enumerate() {
        note_lines.extend(wrap(
            &p,
            &format!("[{}] {}", i + 1, n.text),
            &note_style,
            w - 2 * margin,
        )?);
    }
    let footer = Footer::new(&p, &tl.audit, w - 2 * margin)?;
    let notes_h = note_lines.len() as i32 * (small_h + p.px(4.0));
    let footer_h = notes_h + footer.height() + p.px(6.0);

    let lane = (x0, y, x1, y + lane_h);
    let overflow_top = lane.3 + p.px(4.0);
    let temp_top = overflow_top + 2 * overflow_row + p.px(6.0);
    let below = p.px(14.0)
        + axis_h
        + tl.hub_rows.len() as i32 * hub_row_h
        + p.px(12.0)
        + legend_h
        + footer_h
        + p.px(8.0);
    // What is left goes to the temperature and reserve panels: the
    // reserve gets its preferred height only while the temperature panel
    // keeps twice as much, and neither is drawn below a legible minimum.
    let space = h - temp_top - below;
    let temp_min = 5 * small_h;
    let reserve_min = 2 * small_h;
    // The deliveries row (report --robust) takes its height from the
    // same space, down to a row of words over short bars.
    let deliveries_min = if deliveries_h > 0 {
        small_h + p.px(14.0)
    } else {
        0
    };
    if space < temp_min + reserve_min + deliveries_min {
        return Err(Error::TooSmall {
            width: size.width,
            height: size.height,
            need: (h - space + temp_min + reserve_min + deliveries_min).max(0) as u32,
        });
    }
    let deliveries_h = deliveries_h
        .min((space - temp_min - reserve_min) / 2)
        .max(deliveries_min);
    let space = space - deliveries_h;
    let reserve_h = reserve_pref.min(space / 3).max(reserve_min);
    let temp_bottom = temp_top + space - reserve_h;
    let temp = (x0, temp_top, x1, temp_bottom);
    let reserve = (
        x0,
        temp_bottom + p.px(14.0),
        x1,
        temp_bottom + p.px(14.0) + reserve_h,
    );
    let deliveries = (
        x0,
        reserve.3 + p.px(6.0),
        x1,
        reserve.3 + deliveries_h - p.px(3.0),
    );
    let axis_top = reserve.3 + deliveries_h;
    let hubs_top = axis_top + axis_h;
    let legend_top = hubs_top + tl.hub_rows.len() as i32 * hub_row_h + p.px(12.0);

    // Panel titles in the left column.
    p.text(
        "Steps",
        (margin, (lane.1 + lane.3) / 2),
        &body,
        INK,
        (HPos::Left, VPos::Center),
    )?;
    p.text(
        "Temperature",
        (margin, temp.1),
        &body,
        INK,
        (HPos::Left, VPos::Top),
    )?;
    p.text(
        "°C",
        (margin, temp.1 + body_h + p.px(4.0)),
        &body,
        GREY,
        (HPos::Left, VPos::Top),
    )?;
    p.text(
        &reserve_title,
        (margin, reserve.1),
        &body,
        INK,
        (HPos::Left, VPos::Top),
    )?;
    let reserve_unit = match tl.reserve.unit {
        "h" => "hours".to_string(),
        u => u.to_string(),
    };
    p.text(
        &reserve_unit,
        (margin, reserve.1 + body_h + p.px(4.0)),
        &body,
        GREY,
        (HPos::Left, VPos::Top),
    )?;

    draw_grid(&p, tl, &lay, temp.1, axis_top)?;
    draw_bands(&p, tl, &lay, lane, overflow_top, overflow_row)?;
    let mut taken: Vec<Rect> = Vec::new();
    // Vertical marker lines, for labels that must not hide them.
    let lines: Vec<Rect> = tl
        .markers
        .iter()
        .filter(|m| m.in_view)
        .map(|m| {
            let x = lay.x(m.t.0 as f64).round() as i32;
            (x - 2, temp.1, x + 2, reserve.3)
        })
        .collect();
    draw_temperature(&p, tl, &lay, temp, &lines, &mut taken)?;
    draw_reserve(&p, tl, &lay, reserve, &lines)?;
    if let Some(rv) = &tl.robust {
        p.text(
            "Deliveries",
            (margin, deliveries.1),
            &body,
            INK,
            (HPos::Left, VPos::Top),
        )?;
        let deadline = tl
            .markers
            .iter()
            .find(|m| m.kind == super::timeline::MarkerKind::Deadline)
            .map(|m| m.t.0 as f64);
        super::robust::draw_deliveries(&p, rv, &lay, deliveries, deadline)?;
    }
    draw_markers(&p, tl, &lay, temp, reserve, &mut taken)?;
    draw_axis(&p, tl, &lay, axis_top, margin)?;
    draw_hub_rows(&p, tl, &lay, hubs_top, hub_row_h, margin, &hub_headers)?;
    draw_legend(&p, &legend, &legend_rows, legend_top, small_h + p.px(10.0))?;
    let mut fy = legend_top + legend_h;
    for line in &note_lines {
        p.text(
            line,
            (margin, fy),
            &note_style,
            INK,
            (HPos::Left, VPos::Top),
        )?;
        fy += small_h + p.px(4.0);
    }
    footer.draw(&p, margin, fy + p.px(6.0))?;
    Ok(p.into_log())
}

/// The audit footer laid out for a page: its lines, wrapped to the width.
pub(super) struct Footer {
    lines: Vec<String>,
    style: TextStyle,
    line_h: i32,
}

impl Footer {
    /// `audit`'s pieces wrapped to `width` px.
    pub(super) fn new(
        p: &Painter<impl DrawingBackend>,
        audit: &super::audit::Audit,
        width: i32,
    ) -> Result<Footer, Error> {
        let style = p.font(13.0, false);
        Ok(Footer {
            lines: wrap(p, &audit.pieces().join("  ·  "), &style, width)?,
            line_h: p.text_size("Hg", &style)?.1 + p.px(3.0),
            style,
        })
    }

    /// Height of all its lines, px.
    pub(super) fn height(&self) -> i32 {
        self.lines.len() as i32 * self.line_h
    }

    /// Draws it, in grey, from `(x, y)` down.
    pub(super) fn draw(
        &self,
        p: &Painter<impl DrawingBackend>,
        x: i32,
        y: i32,
    ) -> Result<(), Error> {
        for (i, line) in self.lines.iter().enumerate() {
            let ly = y + i as i32 * self.line_h;
            p.text(line, (x, ly), &self.style, GREY, (HPos::Left, VPos::Top))?;
        }
        Ok(())
    }
}

/// `text` broken into lines no wider than `width` px, at spaces (a word
/// longer than the line gets a line of its own).
pub(super) fn wrap(
    p: &Painter<impl DrawingBackend>,
    text: &str,
    style: &TextStyle,
    width: i32,
) -> Result<Vec<String>, Error> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split(' ') {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if !cur.is_empty() && p.text_size(&candidate, style)?.0 > width {
            lines.push(std::mem::replace(&mut cur, word.to_string()));
        } else {
            cur = candidate;
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    Ok(lines)
}

pub(super) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A piece of header text: the words, their style and colour.
type Words = (String, TextStyle, RGBColor);

/// Lays out `items` (text, style, colour) in lines no wider than
/// `x1 - x0`, separated by `sep` px.
fn flow<'s>(
    p: &Painter<impl DrawingBackend>,
    items: &'s [Words],
    x0: i32,
    x1: i32,
    sep: i32,
) -> Result<Vec<Vec<(i32, &'s Words)>>, Error> {
    let mut lines: Vec<Vec<(i32, &Words)>> = vec![Vec::new()];
    let mut x = x0;
    for it in items {
        let (tw, _) = p.text_size(&it.0, &it.1)?;
        let line = lines.last_mut().expect("one line");
        if !line.is_empty() && x + tw > x1 {
            lines.push(Vec::new());
            x = x0;
        }
        lines.last_mut().expect("one line").push((x, it));
        x += tw + sep;
    }
    Ok(lines)
}

/// The header; returns the y below it.
fn draw_header(
    p: &Painter<impl DrawingBackend>,
    tl: &Timeline,
    x0: i32,
    x1: i32,
    y: i32,
) -> Result<i32, Error> {
    let hd = &tl.header;
    let title = p.font(TITLE, true);
    let head = p.font(HEAD, false);
    let head_bold = p.font(HEAD, true);

    // The verdict, top right: outlined when it passes, solid when it fails,
    // and spelt out either way.
    let record_pass = tl.recorded.as_ref().map(|(_, c)| c.actual.pass);
    let pass = hd.pass && record_pass != Some(false);
    let verdict = if let Some(rp) = record_pass {
        format!(
            "PLAN {} · RECORD {}",
            if hd.pass { "PASS" } else { "FAIL" },
            if rp { "PASS" } else { "FAIL" }
        )
    } else if hd.pass {
        "PASS: meets the SLA".to_string()
    } else {
        let failed: Vec<&str> = hd
            .criteria
            .iter()
            .filter(|c| !c.pass)
            .map(|c| c.name.as_str())
            .collect();
        format!("FAIL: {}", failed.join(", "))
    };
    let (vw, vh) = p.text_size(&verdict, &head_bold)?;
    let pad = p.px(8.0);
    let vbox = (x1 - vw - 2 * pad, y, x1, y + vh + 2 * pad);
    if pass {
        p.fill(vbox, RGBColor(225, 242, 225).to_rgba())?;
        p.outline(vbox, RANGE_EDGE, 2)?;
        p.text(
            &verdict,
            (vbox.0 + pad, y + pad),
            &head_bold,
            INK,
            (HPos::Left, VPos::Top),
        )?;
    } else {
        p.fill(vbox, FAIL.to_rgba())?;
        p.text(
            &verdict,
            (vbox.0 + pad, y + pad),
            &head_bold,
            WHITE,
            (HPos::Left, VPos::Top),
        )?;
    }

    let title_text = format!("Shipment {}   {} → {}", hd.shipment, hd.from, hd.to);
    let tb = p.text(&title_text, (x0, y), &title, INK, (HPos::Left, VPos::Top))?;
    let mut y = tb.3.max(vbox.3) + p.px(8.0);

    let line_h = p.text_size("Hg", &head)?.1 + p.px(6.0);
    let sep = p.px(26.0);
    let what: Vec<Words> = vec![
        (format!("Product: {}", hd.product), head, INK),
        (format!("Packaging: {}", hd.packaging), head, INK),
    ];
    let when: Vec<Words> = vec![
        (format!("Ready {}", hd.ready_local), head, INK),
        (format!("Delivered {}", hd.delivered_local), head, INK),
    ];
    let mut figures: Vec<Words> = Vec::new();
    for c in &hd.criteria {
        let mut text = format!("{} {}", capitalize(&c.name), c.text);
        if c.name == "margin" && hd.margin_s.is_some() {
            text.push_str(&format!(" at {}", celsius(hd.margin_ambient)));
        }
        if c.pass {
            figures.push((format!("{text} ok"), head, INK));
        } else {
            figures.push((format!("{text} FAIL"), head_bold, FAIL));
        }
    }
    figures.push((
        format!(
            "MKT {}",
            hd.mkt
                .map_or_else(|| "-".to_string(), |m| format!("{:+.2} °C", m.0))
        ),
        head,
        INK,
    ));
    // Planned against recorded, when a logger record is drawn.
    let mut versus: Vec<Words> = Vec::new();
    if let Some((file, c)) = &tl.recorded {
        let side = |name: &str, f: &crate::compare::Figures| {
            format!(
                "{name}: {}, MKT {}, out of range {}, stability used {}",
                if f.pass { "pass" } else { "FAIL" },
                f.mkt
                    .map_or_else(|| "-".to_string(), |m| format!("{:+.2} °C", m.0)),
                crate::units::Secs(f.out_of_range_s.round() as i64),
                f.stability_used
                    .map_or_else(|| "-".to_string(), |u| format!("{:.3} %", u * 100.0)),
            )
        };
        versus.push((side("Planned", &c.planned), head, INK));
        let color = if c.actual.pass { INK } else { FAIL };
        let style = if c.actual.pass { head } else { head_bold };
        versus.push((side(&format!("Recorded ({file})"), &c.actual), style, color));
        if let Some(l) = &c.largest {
            versus.push((
                format!(
                    "Largest deviation {:+.1} °C at {} during {} (recorded {:+.1} °C, planned {:+.1} °C)",
                    l.delta_c,
                    crate::time::format_utc(crate::units::Secs(l.t.round() as i64)),
                    l.step,
                    l.recorded.0,
                    l.planned.0
                ),
                head,
                INK,
            ));
        }
    }
    if let Some(rv) = &tl.robust {
        versus.push((rv.summary(), head, INK));
    }
    for group in [&what, &when, &figures, &versus] {
        for line in flow(p, group, x0, x1, sep)? {
            for (x, (text, st, color)) in line {
                p.text(text, (x, y), st, *color, (HPos::Left, VPos::Top))?;
            }
            y += line_h;
        }
    }
    Ok(y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_outside_the_range_are_refused() {
        assert!(Size::default().check().is_ok());
        assert_eq!(
            Size {
                width: 20,
                height: 900
            }
            .check(),
            Err(Error::BadSize {
                width: 20,
                height: 900
            })
        );
    }
}
