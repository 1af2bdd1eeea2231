//! The temperature model: ambient along a plan, container physics, product
//! stability and the excursion verdict.
//!
//! This module knows nothing about graphs, schedules or files: it takes
//! sequences of constant-ambient segments and returns states and figures.

pub mod climate;
pub mod packaging;
pub mod product;

pub use climate::Climate;
pub use packaging::{Active, Coolant, Packaging, PackagingKind, Passive};
pub use product::{Product, Stability, VvmCategory, DEFAULT_FREEZE_LIMIT};
