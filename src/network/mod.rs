//! The read-only time-dependent network built from a scenario.
//!
//! [`Network::build`] expands every schedule over a time window into
//! concrete departures: each flight on each local date it runs (weekday
//! pattern, validity dates, the origin's time zone with its DST rules),
//! each fixed-interval road service inside its operating hours, and the
//! opening intervals of every on-demand road (`model::opening`, kept per road in [`road_times`]); it holds an
//! hourly table of every hub's outdoor air over the window ([`air`]).
//! Per hub, departures are sorted by their *cutoff*: the moment the cargo
//! must leave the hub for the apron (flights) or the truck leaves (roads).
//!
//! The network holds no per-query state (the air table fills in as
//! queries read it, with values that depend on the hub and hour only);
//! the planner keeps that apart. It knows nothing about the thermal model
//! or plotting: it never simulates a container.

pub mod air;
pub mod blocked;
pub mod bounds;
pub mod build;
pub mod road_times;

pub use air::AirTable;
pub use blocked::Blocked;
pub use bounds::{LowerBounds, StaticGraph};
pub use build::{Departure, Hop, Network, Service, NO_TRIP};
