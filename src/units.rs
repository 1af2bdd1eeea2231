//! Unit newtypes shared by every part of the library.
//!
//! Temperatures are the one quantity that crosses every module boundary
//! (scenario, thermal, planner, report), so they get a newtype: mixing a
//! Celsius value with a Kelvin one, or with a mass, is a compile error. Other
//! physical quantities carry their unit in the field name (`ua_w_per_k`,
//! `coolant_kg`, `payload_kj_per_k`) and are documented where they are
//! declared. Durations inside the search are whole seconds ([`Secs`]); the
//! physics works in `f64` seconds.

use std::fmt;
use std::ops::{Add, Sub};

/// A temperature in degrees Celsius.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Celsius(pub f64);

/// Offset between Celsius and Kelvin, in K.
pub const ZERO_CELSIUS_IN_KELVIN: f64 = 273.15;

impl Celsius {
    /// This temperature in kelvin.
    pub fn kelvin(self) -> f64 {
        self.0 + ZERO_CELSIUS_IN_KELVIN
    }

    /// The temperature whose kelvin value is `k`.
    pub fn from_kelvin(k: f64) -> Celsius {
        Celsius(k - ZERO_CELSIUS_IN_KELVIN)
    }
}

impl fmt::Display for Celsius {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `-0.0` prints as `0.0`: a reader never needs to see a signed zero.
        let v = if self.0 == 0.0 { 0.0 } else { self.0 };
        match f.precision() {
            Some(p) => write!(f, "{v:+.p$} C"),
            None => write!(f, "{v:+.1} C"),
        }
    }
}

/// A closed temperature interval `[lo, hi]` in degrees Celsius, `lo <= hi`.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct TempRange {
    /// Lower bound, C.
    pub lo: Celsius,
    /// Upper bound, C.
    pub hi: Celsius,
}

impl TempRange {
    /// The range `[lo, hi]` in C. The caller keeps `lo <= hi`; the scenario
    /// loader reports a reversed range before it builds one.
    pub fn new(lo: f64, hi: f64) -> TempRange {
        TempRange {
            lo: Celsius(lo),
            hi: Celsius(hi),
        }
    }

    /// Whether `t` lies inside the closed range.
    pub fn contains(&self, t: Celsius) -> bool {
        t.0 >= self.lo.0 && t.0 <= self.hi.0
    }

    /// The middle of the range.
    pub fn mid(&self) -> Celsius {
        Celsius((self.lo.0 + self.hi.0) / 2.0)
    }
}

impl fmt::Display for TempRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:+.1}..{:+.1} C", self.lo.0, self.hi.0)
    }
}

/// A span of time or a position on the time line, in whole seconds.
///
/// As a position it counts seconds since the Unix epoch (UTC). Search keys
/// are integers so that ordering and dominance are exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Secs(pub i64);

impl Secs {
    /// This span in hours, as a float.
    pub fn hours(self) -> f64 {
        self.0 as f64 / 3600.0
    }
}

impl Add for Secs {
    type Output = Secs;
    fn add(self, rhs: Secs) -> Secs {
        Secs(self.0.saturating_add(rhs.0))
    }
}

impl Sub for Secs {
    type Output = Secs;
    fn sub(self, rhs: Secs) -> Secs {
        Secs(self.0.saturating_sub(rhs.0))
    }
}

impl fmt::Display for Secs {
    /// Formats a span as `1d 2h 03m` / `2h 05m` / `45m` / `-1h 00m`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        // Round to the nearest minute.
        let total_min = (self.0.unsigned_abs() + 30) / 60;
        let (d, h, m) = (total_min / 1440, (total_min / 60) % 24, total_min % 60);
        if d > 0 {
            write!(f, "{sign}{d}d {h}h {m:02}m")
        } else if h > 0 {
            write!(f, "{sign}{h}h {m:02}m")
        } else {
            write!(f, "{sign}{m}m")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secs_display() {
        assert_eq!(Secs(0).to_string(), "0m");
        assert_eq!(Secs(45 * 60).to_string(), "45m");
        assert_eq!(Secs(19 * 3600).to_string(), "19h 00m");
        assert_eq!(Secs(26 * 3600 + 3 * 60).to_string(), "1d 2h 03m");
        assert_eq!(Secs(-3600).to_string(), "-1h 00m");
        assert_eq!(Secs(89).to_string(), "1m");
        assert_eq!(Secs(91).to_string(), "2m");
    }

    #[test]
    fn celsius_display_and_kelvin() {
        assert_eq!(Celsius(5.0).to_string(), "+5.0 C");
        assert_eq!(Celsius(-0.0).to_string(), "+0.0 C");
        assert!((Celsius(0.0).kelvin() - 273.15).abs() < 1e-12);
        assert_eq!(TempRange::new(2.0, 8.0).to_string(), "+2.0..+8.0 C");
    }
}
