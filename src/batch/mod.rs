//! Batch planning: a shipment list in, one record per row out.
//!
//! The CLI (`coldroute batch`) reads the list (CSV or JSON Lines) and
//! writes the records; this module does the rest without touching a file:
//!
//! - [`rows`]: a list's columns and rows as [`ShipmentSpec`]s
//!   ([`CsvHeader`], [`spec_from_json`]), every problem with its column;
//! - [`record`]: the output record of a row ([`BatchRecord`], schema
//!   `coldroute.batch/1`) and its summary CSV line;
//! - [`run`]: [`BatchPlanner`], which plans rows chunk by chunk: one
//!   network reused while the ready times stay inside it, identical
//!   queries planned once, the distinct ones in parallel, records in input
//!   order whatever the thread count;
//! - [`shard`]: the stable hash that splits a list over machines.
//!
//! [`ShipmentSpec`]: crate::scenario::ShipmentSpec

pub mod record;
pub mod rows;
pub mod run;
pub mod shard;

pub use record::{BatchRecord, BatchVerdict, PlanSummary, UtcInstant, SUMMARY_HEADER};
pub use rows::{spec_from_json, CsvHeader, InputFormat, RowError};
pub use run::{BatchPlanner, BatchStats, Row};
pub use shard::{in_shard, Shard, ShardError};
