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

use super::font;
use super::layout::Placed;
use super::paint::{overlaps, round_points, Dash, Painter, Pattern, Rect, Swatch, TextStyle};
use super::timeline::{celsius, BandKind, MarkerKind, Timeline};
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

/// Draws `tl` into an RGB buffer of `size` (3 bytes a pixel, row-major,
/// top row first).
pub fn render_rgb(tl: &Timeline, size: Size) -> Result<Vec<u8>, Error> {
    let size = size.check()?;
    register_fonts()?;
    let mut buf = vec![255u8; size.width as usize * size.height as usize * 3];
    {
        let root =
            BitMapBackend::with_buffer(&mut buf, (size.width, size.height)).into_drawing_area();
        draw(&root, tl, size, true)?;
        root.present().map_err(err)?;
    }
    Ok(buf)
}

/// Every label and line of `tl`'s page at `size`, in drawing order, as
/// [`render_rgb`] draws them: the data [`super::layout::crossings`]
/// checks.
pub fn layout(tl: &Timeline, size: Size) -> Result<Vec<Placed>, Error> {
    let size = size.check()?;
    register_fonts()?;
    let mut buf = vec![255u8; size.width as usize * size.height as usize * 3];
    let root = BitMapBackend::with_buffer(&mut buf, (size.width, size.height)).into_drawing_area();
    draw(&root, tl, size, true)
}

/// Draws `tl` as an SVG document of `size`.
pub fn render_svg(tl: &Timeline, size: Size) -> Result<String, Error> {
    let size = size.check()?;
    register_fonts()?;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (size.width, size.height)).into_drawing_area();
        draw(&root, tl, size, false)?;
        root.present().map_err(err)?;
    }
    Ok(out)
}

pub(super) fn err(e: impl std::fmt::Display) -> Error {
    Error::Draw(e.to_string())
}

// ------------------------------------------------------------------ style

pub(super) const INK: RGBColor = RGBColor(25, 25, 25);
pub(super) const GREY: RGBColor = RGBColor(110, 110, 110);
pub(super) const GRID: RGBColor = RGBColor(222, 222, 222);
const PAYLOAD: RGBColor = RGBColor(20, 40, 120);
const AMBIENT: RGBColor = RGBColor(200, 85, 0);
const RANGE_FILL: RGBColor = RGBColor(210, 238, 210);
pub(super) const RANGE_EDGE: RGBColor = RGBColor(60, 140, 60);
const FREEZE: RGBColor = RGBColor(0, 100, 170);
const EXCURSION: RGBColor = RGBColor(200, 30, 30);
const RESERVE_FILL: RGBColor = RGBColor(200, 214, 232);
const RECORDED: RGBColor = RGBColor(130, 30, 150);
const DEVIATION: RGBColor = RGBColor(235, 150, 20);
pub(super) const FAIL: RGBColor = RGBColor(170, 20, 20);

fn band_style(kind: BandKind) -> (RGBColor, Pattern, RGBColor) {
    match kind {
        BandKind::Flight => (
            RGBColor(150, 196, 232),
            Pattern::DiagUp,
            RGBColor(40, 90, 150),
        ),
        BandKind::Road => (
            RGBColor(242, 196, 120),
            Pattern::Horizontal,
            RGBColor(150, 95, 20),
        ),
        BandKind::Apron => (RGBColor(250, 228, 120), Pattern::Dots, RGBColor(120, 95, 0)),
        BandKind::Dwell => (RGBColor(226, 226, 226), Pattern::None, GREY),
        BandKind::Handling => (
            RGBColor(212, 180, 222),
            Pattern::Vertical,
            RGBColor(110, 60, 130),
        ),
        BandKind::ReIce => (
            RGBColor(160, 220, 200),
            Pattern::Cross,
            RGBColor(20, 110, 90),
        ),
        BandKind::Recharge => (
            RGBColor(205, 232, 150),
            Pattern::Cross,
            RGBColor(90, 130, 20),
        ),
        BandKind::AwaitReceipt => (
            RGBColor(250, 210, 170),
            Pattern::Dots,
            RGBColor(150, 80, 30),
        ),
        BandKind::Delivery => (
            RGBColor(240, 180, 180),
            Pattern::DiagDown,
            RGBColor(150, 50, 50),
        ),
    }
}

// ------------------------------------------------------------------ painter

/// Nice tick step for `span` with at most `max` intervals.
fn nice_step(span: f64, max: f64) -> f64 {
    let span = span.max(1e-9);
    let raw = span / max;
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
}

fn number(v: f64, step: f64, signed: bool) -> String {
    let v = if v.abs() < step * 1e-6 { 0.0 } else { v };
    let decimals = if step.fract().abs() < 1e-9 {
        0
    } else if (step * 10.0).fract().abs() < 1e-9 {
        1
    } else {
        2
    };
    if signed && v != 0.0 {
        format!("{v:+.decimals$}")
    } else {
        format!("{v:.decimals$}")
    }
}

/// A vertical value axis: data range to pixel rows.
#[derive(Clone, Copy)]
struct YAxis {
    lo: f64,
    hi: f64,
    step: f64,
    top: i32,
    bottom: i32,
}

impl YAxis {
    /// An axis from `lo` to `hi` over pixel rows `top..bottom`, with at
    /// most `max_ticks` intervals and never two tick labels `label_h` px
    /// high closer than 1.4 labels apart.
    fn new(lo: f64, hi: f64, max_ticks: f64, label_h: i32, top: i32, bottom: i32) -> YAxis {
        let room = f64::from(bottom - top) / (1.4 * f64::from(label_h.max(1)));
        let max_ticks = max_ticks.min(room.floor()).max(1.0);
        let (lo, hi) = if hi - lo < 1e-9 {
            (lo - 1.0, hi + 1.0)
        } else {
            (lo, hi)
        };
        let step = nice_step(hi - lo, max_ticks);
        YAxis {
            lo: (lo / step).floor() * step,
            hi: (hi / step).ceil() * step,
            step,
            top,
            bottom,
        }
    }

    fn y(&self, v: f64) -> f64 {
        f64::from(self.bottom)
            - (v - self.lo) / (self.hi - self.lo) * f64::from(self.bottom - self.top)
    }

    fn ticks(&self) -> Vec<f64> {
        let n = ((self.hi - self.lo) / self.step).round() as i64;
        (0..=n).map(|i| self.lo + i as f64 * self.step).collect()
    }
}

// ------------------------------------------------------------------ page

/// Where things go, in pixels.
pub(super) struct Layout {
    /// Left and right edges of the time axis.
    pub(super) x0: i32,
    pub(super) x1: i32,
    /// View in UTC seconds.
    pub(super) t0: f64,
    pub(super) t1: f64,
}

impl Layout {
    pub(super) fn x(&self, t: f64) -> f64 {
        f64::from(self.x0) + (t - self.t0) / (self.t1 - self.t0) * f64::from(self.x1 - self.x0)
    }
}

/// Label sizes at scale 1 (plotters' font size, about 1.24 x the em).
pub(super) const TITLE: f64 = 30.0;
pub(super) const HEAD: f64 = 19.0;
pub(super) const BODY: f64 = 17.0;
pub(super) const SMALL: f64 = 15.5;

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
    let legend = legend_items(tl);
    let legend_rows = layout_legend(&p, &legend, margin, w - margin)?;
    let legend_h = legend_rows.len() as i32 * (small_h + p.px(10.0));
    // Model notes and the audit footer, wrapped to the page.
    let note_style = p.font(SMALL, false);
    let foot_style = p.font(13.0, false);
    let mut note_lines: Vec<String> = Vec::new();
    for (i, n) in tl.notes.iter().enumerate() {
        note_lines.extend(wrap(
            &p,
            &format!("[{}] {}", i + 1, n.text),
            &note_style,
            w - 2 * margin,
        )?);
    }
    let foot_lines = wrap(
        &p,
        &tl.audit.pieces().join("  ·  "),
        &foot_style,
        w - 2 * margin,
    )?;
    let foot_h = p.text_size("Hg", &foot_style)?.1 + p.px(3.0);
    let notes_h = note_lines.len() as i32 * (small_h + p.px(4.0));
    let footer_h = notes_h + foot_lines.len() as i32 * foot_h + p.px(6.0);

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
    if space < temp_min + reserve_min {
        return Err(Error::TooSmall {
            width: size.width,
            height: size.height,
            need: (h - space + temp_min + reserve_min).max(0) as u32,
        });
    }
    let reserve_h = reserve_pref.min(space / 3).max(reserve_min);
    let temp_bottom = temp_top + space - reserve_h;
    let temp = (x0, temp_top, x1, temp_bottom);
    let reserve = (
        x0,
        temp_bottom + p.px(14.0),
        x1,
        temp_bottom + p.px(14.0) + reserve_h,
    );
    let axis_top = reserve.3;
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
    fy += p.px(6.0);
    for line in &foot_lines {
        p.text(
            line,
            (margin, fy),
            &foot_style,
            GREY,
            (HPos::Left, VPos::Top),
        )?;
        fy += foot_h;
    }
    Ok(p.into_log())
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

/// Vertical grid lines at the UTC ticks, through every panel and the hub
/// rows.
pub(super) fn draw_grid(
    p: &Painter<impl DrawingBackend>,
    tl: &Timeline,
    lay: &Layout,
    top: i32,
    bottom: i32,
) -> Result<(), Error> {
    p.role("grid");
    for tick in &tl.ticks {
        let x = lay.x(tick.t.0 as f64).round() as i32;
        p.line(&[(x, top), (x, bottom)], GRID.to_rgba(), 1)?;
    }
    Ok(())
}

/// Order in which narrow bands get a label row: legs and servicing first.
fn label_priority(kind: BandKind) -> u8 {
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

fn rows_hit(row: &[Rect], x: i32, gap: i32) -> bool {
    row.iter().any(|r| x >= r.0 - gap && x <= r.2 + gap)
}

fn spans_rects(spans: &[super::timeline::Span], lay: &Layout, y0: i32, y1: i32) -> Vec<Rect> {
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
fn place_line_label(
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

/// Whether a pixel polyline crosses rectangle `r` (Liang-Barsky clipping
/// of each segment).
fn polyline_hits(pts: &[(f64, f64)], r: Rect) -> bool {
    let (rx0, ry0, rx1, ry1) = (
        f64::from(r.0) - 1.0,
        f64::from(r.1) - 1.0,
        f64::from(r.2) + 1.0,
        f64::from(r.3) + 1.0,
    );
    pts.windows(2).any(|w| {
        let (a, b) = (w[0], w[1]);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (pp, q) in [
            (-dx, a.0 - rx0),
            (dx, rx1 - a.0),
            (-dy, a.1 - ry0),
            (dy, ry1 - a.1),
        ] {
            if pp == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let t = q / pp;
                if pp < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
            }
        }
        t0 <= t1
    })
}

/// Horizontal grid lines, tick marks and tick labels of a value axis
/// between `x0` and `x1`; `signed` labels carry a `+`.
fn draw_value_grid<DB: DrawingBackend>(
    p: &Painter<DB>,
    ax: &YAxis,
    x0: i32,
    x1: i32,
    small: &TextStyle,
    signed: bool,
) -> Result<(), Error> {
    p.role("value grid");
    let (_, lh) = p.text_size("Hg", small)?;
    // Labels from the bottom up, each a label's height clear of the last.
    let mut last: Option<i32> = None;
    for v in ax.ticks() {
        let yy = ax.y(v).round() as i32;
        p.line(&[(x0, yy), (x0 - p.px(5.0), yy)], INK.to_rgba(), 1)?;
        p.line(&[(x0, yy), (x1, yy)], GRID.to_rgba(), 1)?;
        if last.is_some_and(|l| l - yy < lh + 2) {
            continue;
        }
        p.text(
            &number(v, ax.step, signed),
            (x0 - p.px(8.0), yy),
            small,
            INK,
            (HPos::Right, VPos::Center),
        )?;
        last = Some(yy);
    }
    Ok(())
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

fn draw_reserve(
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

fn marker_style(kind: MarkerKind) -> (RGBColor, f64, Dash) {
    match kind {
        MarkerKind::Ready => (GREY, 1.0, Dash::Solid),
        MarkerKind::Deadline => (INK, 2.0, Dash::Dashed(9.0, 5.0)),
        MarkerKind::Delivered => (INK, 2.0, Dash::Solid),
        MarkerKind::Depleted => (PAYLOAD, 2.0, Dash::Dashed(2.0, 4.0)),
        MarkerKind::Frozen => (FREEZE, 2.0, Dash::Solid),
    }
}

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

pub(super) fn draw_axis(
    p: &Painter<impl DrawingBackend>,
    tl: &Timeline,
    lay: &Layout,
    top: i32,
    margin: i32,
) -> Result<(), Error> {
    p.role("axis");
    let small = p.font(SMALL, false);
    let body = p.font(BODY, false);
    let bold = p.font(SMALL, true);
    let (_, th) = p.text_size("Hg", &small)?;
    p.line(&[(lay.x0, top), (lay.x1, top)], INK.to_rgba(), 1)?;
    p.text(
        "UTC",
        (margin, top + p.px(6.0)),
        &body,
        INK,
        (HPos::Left, VPos::Top),
    )?;
    let mut last_right = i32::MIN;
    for tick in &tl.ticks {
        let x = lay.x(tick.t.0 as f64).round() as i32;
        p.line(&[(x, top), (x, top + p.px(6.0))], INK.to_rgba(), 1)?;
        let (tw, _) = p.text_size(&tick.time, &small)?;
        if x - tw / 2 > last_right + p.px(6.0) && x + tw / 2 <= lay.x1 + p.px(28.0) {
            p.text(
                &tick.time,
                (x, top + p.px(8.0)),
                &small,
                INK,
                (HPos::Center, VPos::Top),
            )?;
            if let Some(d) = &tick.date {
                p.text(
                    d,
                    (x, top + p.px(10.0) + th),
                    &bold,
                    INK,
                    (HPos::Center, VPos::Top),
                )?;
            }
            last_right = x + tw / 2;
        }
    }
    Ok(())
}

fn draw_hub_rows(
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

// ------------------------------------------------------------------ legend

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::paint::dash_polyline;

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

    #[test]
    fn nice_steps_and_numbers() {
        assert_eq!(nice_step(35.0, 8.0), 5.0);
        assert_eq!(nice_step(140.0, 8.0), 20.0);
        assert_eq!(nice_step(8.8, 4.0), 2.5);
        assert_eq!(number(-5.0, 5.0, true), "-5");
        assert_eq!(number(0.0, 5.0, true), "0");
        assert_eq!(number(7.5, 2.5, false), "7.5");
        assert_eq!(number(20.0, 5.0, true), "+20");
    }

    #[test]
    fn polylines_hit_rectangles_they_cross() {
        let r = (10, 10, 20, 20);
        assert!(polyline_hits(&[(0.0, 15.0), (30.0, 15.0)], r));
        assert!(polyline_hits(&[(0.0, 0.0), (30.0, 30.0)], r));
        assert!(!polyline_hits(&[(0.0, 0.0), (30.0, 0.0)], r));
        assert!(!polyline_hits(&[(0.0, 40.0), (40.0, 25.0)], r));
    }

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
