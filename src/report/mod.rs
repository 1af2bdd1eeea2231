//! Timeline reports: one shipment's plan as a picture.
//!
//! The report is built in two steps that never mix:
//!
//! - [`timeline`] turns a scenario, a shipment, a plan and its SLA check
//!   into a [`Timeline`]: plain data (bands, curves as `(UTC seconds,
//!   value)` points, spans, markers, axis ticks, header figures). It is
//!   pure and is what the tests pin.
//! - [`draw`] paints a [`Timeline`] with plotters into an RGB pixel buffer
//!   ([`render_rgb`]) or an SVG document ([`render_svg`]). Text uses the
//!   DejaVu Sans fonts compiled into the library (`assets/fonts/`), so a
//!   machine without any system font draws the same picture.
//!
//! This module does no file I/O: it returns pixels or text, and the
//! `coldroute report` command decides where they go.
//!
//! # Example
//!
//! ```
//! use coldroute::planner::{plan_shipment, Config};
//! use coldroute::report::{build_timeline, render_svg, Size};
//!
//! let text = include_str!("../../scenarios/pek-sal-coronavac.toml");
//! let s = coldroute::scenario::load(text).unwrap();
//! let sh = &s.shipments[0];
//! let planned = plan_shipment(&s, sh, &Config::default());
//! let plan = planned.recommended().unwrap();
//! let sla = coldroute::sla::check_sla(&s, sh, &plan.itinerary).unwrap();
//! let tl = build_timeline(&s, sh, plan, &sla);
//! assert_eq!(tl.header.shipment, sh.id);
//! let svg = render_svg(&tl, Size::default()).unwrap();
//! assert!(svg.starts_with("<svg"));
//! ```

pub mod audit;
mod axes;
pub mod calendar;
pub mod draw;
mod font;
mod hubs;
pub mod layout;
mod legend;
mod markers;
pub mod multiples;
mod paint;
pub mod robust;
mod steps;
mod style;
mod temperature;
pub mod timeline;

pub use audit::{Audit, Source};
pub use calendar::{build_calendar, render_calendar_rgb, Calendar};
pub use draw::{layout, render_rgb, render_svg, Size};
pub use layout::{crossings, Placed};
pub use multiples::{plans_layout, render_plans_rgb, render_plans_svg};
pub use robust::{robust_view, RobustView};
pub use timeline::{build_timeline, Band, BandKind, Marker, MarkerKind, Note, Timeline};

/// What went wrong drawing a report.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A picture size outside the supported range.
    #[error(
        "a report must be between {}x{} and {}x{} pixels, not {width}x{height}; change --width or --height",
        Size::MIN.width, Size::MIN.height, Size::MAX.width, Size::MAX.height
    )]
    BadSize {
        /// Requested width, px.
        width: u32,
        /// Requested height, px.
        height: u32,
    },
    /// The embedded font could not be read (a broken build).
    #[error("the embedded DejaVu Sans font could not be loaded; rebuild coldroute")]
    Font,
    /// This trip's page does not fit the picture (many hub rows, a long
    /// header or key at a small size).
    #[error(
        "this report needs a picture at least {need} px high at {width} px wide (it has {height}); raise --height"
    )]
    TooSmall {
        /// Picture width, px.
        width: u32,
        /// Picture height, px.
        height: u32,
        /// Height needed, px.
        need: u32,
    },
    /// More plans than rows fit on the page.
    #[error(
        "{plans} plans do not fit in a picture {height} px high (at most {fits} do); raise --height or ask for fewer --alternatives"
    )]
    Crowded {
        /// Plans asked for, the recommended one included.
        plans: usize,
        /// Picture height, px.
        height: u32,
        /// Plans that fit.
        fits: usize,
    },
    /// plotters failed while drawing.
    #[error("drawing the report failed: {0}")]
    Draw(String),
}
