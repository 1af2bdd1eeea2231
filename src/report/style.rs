//! The report's look: colours, fill patterns and line styles by kind, and
//! text sizes at the 1600 x 900 reference scale. Every element that colour
//! tells apart is also told apart by a pattern, a dash or a word, so a page
//! reads in greyscale.

use plotters::style::RGBColor;

use super::paint::{Dash, Pattern};
use super::timeline::{BandKind, MarkerKind};

pub(super) const INK: RGBColor = RGBColor(25, 25, 25);

pub(super) const GREY: RGBColor = RGBColor(110, 110, 110);

pub(super) const GRID: RGBColor = RGBColor(222, 222, 222);

pub(super) const PAYLOAD: RGBColor = RGBColor(20, 40, 120);

pub(super) const AMBIENT: RGBColor = RGBColor(200, 85, 0);

pub(super) const RANGE_FILL: RGBColor = RGBColor(210, 238, 210);

pub(super) const RANGE_EDGE: RGBColor = RGBColor(60, 140, 60);

pub(super) const FREEZE: RGBColor = RGBColor(0, 100, 170);

pub(super) const EXCURSION: RGBColor = RGBColor(200, 30, 30);

pub(super) const RESERVE_FILL: RGBColor = RGBColor(200, 214, 232);

pub(super) const RECORDED: RGBColor = RGBColor(130, 30, 150);

pub(super) const DEVIATION: RGBColor = RGBColor(235, 150, 20);

pub(super) const FAIL: RGBColor = RGBColor(170, 20, 20);

pub(super) fn band_style(kind: BandKind) -> (RGBColor, Pattern, RGBColor) {
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

/// Label sizes at scale 1 (plotters' font size, about 1.24 x the em).
pub(super) const TITLE: f64 = 30.0;

pub(super) const HEAD: f64 = 19.0;

pub(super) const BODY: f64 = 17.0;

pub(super) const SMALL: f64 = 15.5;

pub(super) fn marker_style(kind: MarkerKind) -> (RGBColor, f64, Dash) {
    match kind {
        MarkerKind::Ready => (GREY, 1.0, Dash::Solid),
        MarkerKind::Deadline => (INK, 2.0, Dash::Dashed(9.0, 5.0)),
        MarkerKind::Delivered => (INK, 2.0, Dash::Solid),
        MarkerKind::Depleted => (PAYLOAD, 2.0, Dash::Dashed(2.0, 4.0)),
        MarkerKind::Frozen => (FREEZE, 2.0, Dash::Solid),
    }
}
