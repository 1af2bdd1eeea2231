//! coldroute plans cold-chain deliveries of vaccines and medical supplies.
//!
//! The pipeline: a [`scenario`] is parsed from TOML text and validated into a
//! resolved model (hubs with time zones from the built-in [`airports`] table,
//! flights, road legs, products, packaging, shipments). The [`thermal`] model
//! turns a sequence of constant-ambient segments into payload temperatures,
//! coolant or battery use, stability budget and a verdict.
//!
//! The library does no file or terminal I/O: it parses from `&str` and
//! writes to `impl Write`. The `coldroute` binary owns paths, printing and
//! exit codes.

pub mod airports;
pub mod batch;
pub mod compare;
pub mod delay;
pub mod disruption;
pub mod document;
pub mod export;
pub mod generate;
pub mod gtfs;
pub mod itinerary;
pub mod model;
pub mod names;
pub mod network;
pub mod planner;
pub mod record;
pub mod report;
pub mod resilience;
pub mod scenario;
pub mod sla;
pub mod ssim;
pub mod sweep;
pub mod thermal;
pub mod time;
pub mod units;
