//! Time: durations, local clock times, weekday sets and time zones.
//!
//! Inside coldroute every instant is absolute: whole seconds since the Unix
//! epoch in UTC ([`Secs`](crate::units::Secs)). Local times appear only at
//! the edges: schedules say "08:30 local at the origin", reports print local
//! times beside UTC. This module converts between the two through IANA time
//! zones from jiff's *bundled* database, so results never depend on the
//! host's tzdata.
//!
//! Defined behaviour at daylight-saving transitions (see docs/time.md):
//! - a local time inside a *gap* (clocks jump forward) does not exist: a
//!   recurring schedule departs at the same elapsed time after the gap's
//!   start (jiff's "compatible" rule, so 02:30 becomes 03:30); a one-off
//!   instant such as a shipment's ready time in a gap is an input error;
//! - a local time inside a *fold* (clocks go back) happens twice: schedules
//!   use the earlier instant.

pub mod clock;
pub mod duration;
pub mod error;
pub mod instant;
pub mod weekdays;
pub mod zone;

pub use clock::{ClockTime, DailyWindow};
pub use duration::parse_duration;
pub use error::TimeError;
pub use instant::{parse_instant, InstantError};
pub use weekdays::Weekdays;
pub use zone::{
    closest_zone, format_utc, local_to_utc, rfc3339_local, rfc3339_utc, time_zone, utc_to_local,
    LocalInstant, Resolution, Zone, ZoneOffset,
};
