//! The embedded fonts, and the one glyph measure plotters gets wrong.
//!
//! DejaVu Sans and DejaVu Sans Bold (`assets/fonts/`, licence in
//! `assets/fonts/LICENSE_DEJAVU`) are compiled into the library and
//! registered with plotters' `ab_glyph` font table, so no system font is
//! ever looked up.
//!
//! plotters 0.3.7 rasterises each glyph of a string at the pen position
//! *without* the glyph's left bearing (`px_bounds().min.x` is dropped in
//! `style/font/ab_glyph.rs`), so in bitmaps every letter sits a pixel or
//! two too far left by its own amount: `max` reads `ma x`, `Tr` overlaps.
//! [`left_bearing_px`] gives the missing offset, read from the font's own
//! `glyf` bounding boxes, so the bitmap painter can place glyphs one by one
//! where they belong. Only the few tables needed are read: `head`, `hhea`,
//! `OS/2`, `cmap` (format 4), `loca` and `glyf`.

use std::sync::OnceLock;

/// DejaVu Sans.
pub const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold.
pub const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// What [`left_bearing_px`] needs from one font file.
struct Metrics {
    data: &'static [u8],
    /// `ascent - descent` in font units, as ab_glyph scales by it.
    height_units: f64,
    cmap4: usize,
    loca: usize,
    long_loca: bool,
    glyf: usize,
}

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(at)?, *d.get(at + 1)?]))
}

fn i16_at(d: &[u8], at: usize) -> Option<i16> {
    u16_at(d, at).map(|v| v as i16)
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *d.get(at)?,
        *d.get(at + 1)?,
        *d.get(at + 2)?,
        *d.get(at + 3)?,
    ]))
}

fn table(d: &[u8], tag: &[u8; 4]) -> Option<usize> {
    let n = usize::from(u16_at(d, 4)?);
    (0..n).find_map(|i| {
        let rec = 12 + 16 * i;
        (d.get(rec..rec + 4)? == tag).then(|| u32_at(d, rec + 8).map(|o| o as usize))?
    })
}

impl Metrics {
    fn parse(data: &'static [u8]) -> Option<Metrics> {
        let head = table(data, b"head")?;
        let hhea = table(data, b"hhea")?;
        // ttf-parser (under ab_glyph) takes the typographic ascent and
        // descent when OS/2 says USE_TYPO_METRICS, else hhea's.
        let (mut asc, mut desc) = (i16_at(data, hhea + 4)?, i16_at(data, hhea + 6)?);
        if let Some(os2) = table(data, b"OS/2") {
            if u16_at(data, os2 + 62)? & (1 << 7) != 0 {
                asc = i16_at(data, os2 + 68)?;
                desc = i16_at(data, os2 + 70)?;
            }
        }
        let cmap = table(data, b"cmap")?;
        let n = usize::from(u16_at(data, cmap + 2)?);
        let cmap4 = (0..n).find_map(|i| {
            let rec = cmap + 4 + 8 * i;
            let (platform, encoding) = (u16_at(data, rec)?, u16_at(data, rec + 2)?);
            let sub = cmap + u32_at(data, rec + 4)? as usize;
            (platform == 3 && encoding == 1 && u16_at(data, sub)? == 4).then_some(sub)
        })?;
        Some(Metrics {
            data,
            height_units: f64::from(asc) - f64::from(desc),
            cmap4,
            loca: table(data, b"loca")?,
            long_loca: i16_at(data, head + 50)? == 1,
            glyf: table(data, b"glyf")?,
        })
    }

    /// The glyph index of `c` (format 4 covers the Basic Multilingual Plane).
    fn glyph(&self, c: char) -> Option<u16> {
        let d = self.data;
        let c = u16::try_from(u32::from(c)).ok()?;
        let sub = self.cmap4;
        let segs = usize::from(u16_at(d, sub + 6)? / 2);
        let ends = sub + 14;
        let starts = ends + 2 * segs + 2;
        let deltas = starts + 2 * segs;
        let offsets = deltas + 2 * segs;
        let i = (0..segs).find(|&i| u16_at(d, ends + 2 * i).is_some_and(|e| e >= c))?;
        let start = u16_at(d, starts + 2 * i)?;
        if c < start {
            return None;
        }
        let delta = u16_at(d, deltas + 2 * i)?;
        let ro = usize::from(u16_at(d, offsets + 2 * i)?);
        if ro == 0 {
            return Some(c.wrapping_add(delta));
        }
        let at = offsets + 2 * i + ro + 2 * usize::from(c - start);
        let g = u16_at(d, at)?;
        (g != 0).then(|| g.wrapping_add(delta))
    }

    /// The left edge of glyph `g`'s bounding box, font units; `None` for an
    /// empty glyph (a space).
    fn x_min(&self, g: u16) -> Option<i16> {
        let d = self.data;
        let g = usize::from(g);
        let (a, b) = if self.long_loca {
            (
                u32_at(d, self.loca + 4 * g)? as usize,
                u32_at(d, self.loca + 4 * g + 4)? as usize,
            )
        } else {
            (
                usize::from(u16_at(d, self.loca + 2 * g)?) * 2,
                usize::from(u16_at(d, self.loca + 2 * g + 2)?) * 2,
            )
        };
        if b <= a {
            return None;
        }
        i16_at(d, self.glyf + a + 2)
    }
}

fn metrics(bold: bool) -> Option<&'static Metrics> {
    static REG: OnceLock<Option<Metrics>> = OnceLock::new();
    static BLD: OnceLock<Option<Metrics>> = OnceLock::new();
    if bold {
        BLD.get_or_init(|| Metrics::parse(BOLD)).as_ref()
    } else {
        REG.get_or_init(|| Metrics::parse(REGULAR)).as_ref()
    }
}

/// Pixels between the pen position and the left edge of `c`'s ink when
/// drawn at plotters font size `size` (ab_glyph scales the font's
/// `ascent - descent` to `size` px), rounded down as ab_glyph rounds its
/// pixel bounds: what plotters leaves out. 0 when unknown.
pub fn left_bearing_px(c: char, size: f64, bold: bool) -> i32 {
    let Some(m) = metrics(bold) else {
        return 0;
    };
    match m.glyph(c).and_then(|g| m.x_min(g)) {
        Some(x) => (f64::from(x) * size / m.height_units).floor() as i32,
        None => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dejavu_sans() {
        let m = metrics(false).expect("DejaVu Sans parses");
        // DejaVu Sans: hhea ascent 1901, descent -483 (no typo metrics).
        assert_eq!(m.height_units, 2384.0);
        // Every printable ASCII letter has a glyph; a space has no outline.
        for c in ('!'..='~').chain(['°', '→', '·']) {
            assert!(m.glyph(c).is_some(), "{c:?}");
        }
        assert_eq!(m.glyph(' ').and_then(|g| m.x_min(g)), None);
        // Bearings are a few pixels at most, and round stems sit further in
        // than a `T`'s bar.
        assert!(left_bearing_px('o', 20.0, false) >= left_bearing_px('T', 20.0, false));
        for c in 'a'..='z' {
            assert!((-2..=3).contains(&left_bearing_px(c, 20.0, false)), "{c}");
        }
        assert!(metrics(true).is_some());
    }
}
