//! The temperature model: ambient along a plan, container physics, product
//! stability and the excursion verdict.
//!
//! This module knows nothing about graphs, schedules or files: it takes
//! sequences of constant-ambient segments (or logger text as `&str`) and
//! returns states and figures. The equations, units and sources are in
//! `docs/thermal-model.md`.
//!
//! # Code map
//!
//! - [`product`], [`packaging`]: what a product tolerates, what a container
//!   is ([`Product`], [`Stability`], [`PackagingKind`]).
//! - [`climate`]: outdoor and apron temperature from monthly normals and a
//!   diurnal cycle ([`Climate::at`], [`Climate::apron`]).
//! - [`trajectory`]: a payload trajectory as closed-form exponential
//!   [`Piece`]s and constant [`Step`]s, with exact crossing times and the
//!   Arrhenius integral used by stability and MKT.
//! - [`container`]: [`step`] a [`ContainerState`] through a
//!   constant-ambient segment in closed form, [`hold_time`] (thermal
//!   margin), [`reice`], [`recharge`].
//! - [`stability`]: VVM and Arrhenius budget ([`Arrhenius`],
//!   [`rate_per_day`], [`budget_used`]).
//! - [`mkt`]: mean kinetic temperature ([`MktSum`], [`max_mkt_over_window`]).
//! - [`exposure`]: the allocation-free accumulator a planner carries
//!   ([`Exposure`], [`ExposureRules`]).
//! - [`logger`]: data-logger CSV exports ([`parse_logger`],
//!   [`record_from_readings`]: sample and hold with gaps).
//! - [`profile`]: inline profiles and durations ([`parse_profile`],
//!   [`parse_duration`]).
//! - [`excursion`]: figures and verdicts for a record ([`assess`]).
//!
//! # Example
//!
//! ```
//! use coldroute::thermal::{assess, parse_profile, ExcursionRules};
//! use coldroute::units::TempRange;
//!
//! let steps = parse_profile("18h@5,6h@14").unwrap();
//! let a = assess(&steps, &ExcursionRules::for_range(TempRange::new(2.0, 8.0))).unwrap();
//! assert_eq!(a.time_out_of_range_s, 6.0 * 3600.0);
//! assert!(!a.pass());
//! ```

pub mod climate;
pub mod container;
mod error;
pub mod excursion;
pub mod exposure;
pub mod logger;
pub mod mkt;
pub mod packaging;
pub mod product;
pub mod profile;
pub mod stability;
pub mod trajectory;

pub use climate::Climate;
pub use container::{hold_time, recharge, reice, step, ContainerState, SegmentResult};
pub use error::{Error, ItemError, RowError};
pub use excursion::{
    assess, assess_with_gaps, Assessment, Check, ExcursionEvent, ExcursionRules, FreezeEvent, Gap,
    Side, Verdict,
};
pub use exposure::{Exposure, ExposureRules};
pub use logger::{
    parse_logger, record_from_readings, DateFormat, DateOrder, LoggerData, LoggerOptions,
    LoggerRecord, Reading, TempUnit, UnitFrom,
};
pub use mkt::{
    max_mkt_over_window, max_mkt_over_window_known, mkt_window, MktSum, WindowMkt,
    DEFAULT_DH_OVER_R_K,
};
pub use packaging::{Active, Coolant, Packaging, PackagingKind, Passive};
pub use product::{Product, Stability, VvmCategory, DEFAULT_FREEZE_LIMIT};
pub use profile::{parse_duration, parse_profile};
pub use stability::{budget_used, rate_per_day, Arrhenius};
pub use trajectory::{Piece, Step};
