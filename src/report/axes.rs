//! Axes: the time axis (UTC seconds to pixel columns, its grid and tick
//! labels) and value axes (nice steps, tick labels that never collide).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::paint::{Painter, TextStyle};
use super::style::*;
use super::timeline::Timeline;
use super::Error;

/// Nice tick step for `span` with at most `max` intervals.
pub(super) fn nice_step(span: f64, max: f64) -> f64 {
    let span = span.max(1e-9);
    let raw = span / max;
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
}

pub(super) fn number(v: f64, step: f64, signed: bool) -> String {
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
pub(super) struct YAxis {
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
    pub(super) fn new(
        lo: f64,
        hi: f64,
        max_ticks: f64,
        label_h: i32,
        top: i32,
        bottom: i32,
    ) -> YAxis {
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

    pub(super) fn y(&self, v: f64) -> f64 {
        f64::from(self.bottom)
            - (v - self.lo) / (self.hi - self.lo) * f64::from(self.bottom - self.top)
    }

    pub(super) fn ticks(&self) -> Vec<f64> {
        let n = ((self.hi - self.lo) / self.step).round() as i64;
        (0..=n).map(|i| self.lo + i as f64 * self.step).collect()
    }
}

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

/// Horizontal grid lines, tick marks and tick labels of a value axis
/// between `x0` and `x1`; `signed` labels carry a `+`.
pub(super) fn draw_value_grid<DB: DrawingBackend>(
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
