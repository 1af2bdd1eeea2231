//! Resilience: how a plan holds up when flights are late or cancelled,
//! handling takes longer and connections are missed.
//!
//! A simulated [`Day`] draws every delay of that day at once, from the
//! scenario's delay model (`crate::delay`): one draw per service instance,
//! the same for every itinerary that looks at it. [`follow()`] runs an
//! itinerary through a day: the cargo takes each planned leg as it really
//! leaves, waits where it must, and is stopped where a connection is
//! missed or a leg cancelled. [`monte_carlo()`] simulates many days; where
//! the cargo is stopped it is re-planned from where it is at that moment,
//! with its thermal state carried (recourse), and followed on. The
//! figures ([`Robustness`]) are proportions and quantiles with their
//! standard errors ([`estimate`]). [`contingencies`] says, for each
//! departure of a plan, what the cargo does if it misses it.
//!
//! The planner itself knows nothing of delays: a re-plan uses the
//! timetable as published, as a planner would.
//! docs/resilience.md has the model, its units and its sources.

mod assess;
mod contingency;
mod day;
pub mod estimate;
mod follow;
mod monte_carlo;
pub mod render;

pub use assess::{assess, Rank};
pub use contingency::{contingencies, Contingency};
pub use day::Day;
pub use estimate::{Proportion, Quantile};
pub use follow::{follow, End, Followed};
pub use monte_carlo::{monte_carlo, DrawResult, Options, Robustness, DEFAULT_MAX_REPLANS};
pub use render::Assessment;
