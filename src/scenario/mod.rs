//! Scenario files: the TOML schema planners write, its loading and its
//! validation.
//!
//! [`load`] takes the text of a scenario (never a path) and returns either a
//! resolved [`Scenario`] or *every* problem found, each a [`Diagnostic`]
//! with a byte span that renders as `file:line:column` with a caret. The
//! format is documented in docs/scenario-format.md.
//!
//! ```
//! let text = r#"
//! [[hub]]
//! code = "SAL-CVS"   # a site, not an airport: it needs a position and a zone
//! "#;
//! let problems = coldroute::scenario::load(text).unwrap_err();
//! assert!(problems[0].message.contains("SAL-CVS"));
//! assert!(problems[0].message.contains("position"));
//! ```

pub mod adhoc;
pub mod checks;
mod delays;
pub mod diagnostic;
mod feeds;
mod flights;
mod hubs;
mod packaging;
mod parse;
pub mod plausible;
mod products;
mod raw;
mod resolve;
mod roads;
mod shipments;
mod values;

pub use crate::model::*;
pub use adhoc::{ShipmentResolver, ShipmentSpec, SpecError};
pub use diagnostic::{closest, line_col, render_all, Diagnostic, LineIndex, MAX_SHOWN};
pub use resolve::{
    file_sources, gtfs_sources, load, load_with_feeds, load_with_sources, load_with_sources_for,
    GtfsSource, DEFAULT_HORIZON, DEFAULT_ROAD_SPEED_KMH,
};
