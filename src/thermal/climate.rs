//! Outdoor air temperature at a place, from monthly normals and a diurnal
//! cycle, and the apron (tarmac) temperature a container feels in the sun.
//!
//! [`Climate`] holds twelve monthly mean daily minima and maxima. The
//! diurnal model is the classic two-cosine shape used for hourly
//! disaggregation of daily extremes:
//!
//! - the minimum is reached at [`T_MIN_HOUR`] (06:00 local, near sunrise),
//!   the maximum at [`T_MAX_HOUR`] (15:00 local);
//! - from 06:00 to 15:00 the temperature rises along a half cosine,
//!   `T = min + (max - min) (1 - cos(pi (h - 6) / 9)) / 2`;
//! - from 15:00 to 06:00 the next day (15 h, across midnight) it falls along
//!   another half cosine, `T = max - (max - min) (1 - cos(pi (h' - 15) / 15)) / 2`
//!   with `h' = h` or `h + 24`.
//!
//! The curve is continuous with a continuous slope (zero at both extremes),
//! and its daily mean is `(min + max) / 2`. Months are taken as they are:
//! there is no interpolation between consecutive months, so the curve jumps
//! at a month boundary by the difference of the two normals.
//!
//! This module does not know about time zones: callers pass the local hour.

use crate::units::Celsius;

/// Local hour of the daily minimum (near sunrise).
pub const T_MIN_HOUR: f64 = 6.0;
/// Local hour of the daily maximum (mid afternoon).
pub const T_MAX_HOUR: f64 = 15.0;
/// Local hours of daylight used by the solar term: 06:00 to 18:00.
pub const DAYLIGHT: (f64, f64) = (6.0, 18.0);

/// Default peak excess of the apron "sol-air" temperature over the air
/// temperature, C. Derived from cold-chain-facts.md line 68 ("Tarmac"): two
/// hours at 32 C air heated the top of a container to 50 C, i.e. 18 K
/// above the air in full sun (INRAE; Pelletier et al., Trans. ASABE 2018).
pub const DEFAULT_SOLAR_GAIN: Celsius = Celsius(18.0);

/// Monthly climate normals of one place.
///
/// # Units
/// Degrees Celsius; index 0 is January.
// Not `Copy`: at 192 bytes it is passed by reference.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Climate {
    /// Mean daily minimum of each month, C.
    pub min: [f64; 12],
    /// Mean daily maximum of each month, C.
    pub max: [f64; 12],
}

impl Climate {
    /// A climate with the same minimum and maximum all year.
    pub fn uniform(min: f64, max: f64) -> Climate {
        Climate {
            min: [min; 12],
            max: [max; 12],
        }
    }

    /// Air temperature in `month` (1..=12; out-of-range values are clamped)
    /// at `local_hour` (any value; taken modulo 24).
    ///
    /// # Examples
    /// ```
    /// use coldroute::thermal::Climate;
    /// let sal = Climate::uniform(22.0, 33.0);
    /// assert_eq!(sal.at(3, 6.0).0, 22.0);
    /// assert_eq!(sal.at(3, 15.0).0, 33.0);
    /// ```
    pub fn at(&self, month: u8, local_hour: f64) -> Celsius {
        let i = usize::from(month.clamp(1, 12)) - 1;
        let (lo, hi) = (self.min[i], self.max[i]);
        let h = local_hour.rem_euclid(24.0);
        let amp = hi - lo;
        let pi = std::f64::consts::PI;
        let t = if (T_MIN_HOUR..T_MAX_HOUR).contains(&h) {
            let x = (h - T_MIN_HOUR) / (T_MAX_HOUR - T_MIN_HOUR);
            lo + amp * (1.0 - (pi * x).cos()) / 2.0
        } else {
            let hh = if h < T_MIN_HOUR { h + 24.0 } else { h };
            let x = (hh - T_MAX_HOUR) / (24.0 + T_MIN_HOUR - T_MAX_HOUR);
            hi - amp * (1.0 - (pi * x).cos()) / 2.0
        };
        Celsius(t)
    }

    /// Temperature a container standing on the apron feels: the air
    /// temperature plus a solar term during daylight,
    /// `solar_gain * sin(pi (h - 6) / 12)` for 06:00 <= h <= 18:00 and 0 at
    /// night. `solar_gain` is the peak excess at noon in full sun
    /// ([`DEFAULT_SOLAR_GAIN`] for an unshaded pallet; 0 under a roof).
    ///
    /// This is a "sol-air" temperature: it folds radiation into an
    /// equivalent ambient for the container's heat-leak coefficient. It is a
    /// first approximation; cloud cover and orientation are ignored.
    pub fn apron(&self, month: u8, local_hour: f64, solar_gain: Celsius) -> Celsius {
        Celsius(self.at(month, local_hour).0 + solar_gain.0 * daylight_factor(local_hour))
    }
}

/// Fraction of the peak solar gain at `local_hour`: a half sine from 06:00
/// to 18:00, zero at night.
pub fn daylight_factor(local_hour: f64) -> f64 {
    let h = local_hour.rem_euclid(24.0);
    let (rise, set) = DAYLIGHT;
    if h <= rise || h >= set {
        0.0
    } else {
        (std::f64::consts::PI * (h - rise) / (set - rise)).sin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// San Salvador airport, cold-chain-facts.md line 99: Jan mean 27 /
    /// high 33, so a daily minimum of 21 (mean = (min + max) / 2).
    fn sal() -> Climate {
        Climate::uniform(21.0, 33.0)
    }

    #[test]
    fn extremes_at_their_hours() {
        let c = sal();
        assert!((c.at(1, 6.0).0 - 21.0).abs() < 1e-12);
        assert!((c.at(1, 15.0).0 - 33.0).abs() < 1e-12);
        for h in [0.0, 3.0, 7.0, 12.0, 18.0, 23.9] {
            let t = c.at(1, h).0;
            assert!((21.0..=33.0).contains(&t), "{h}: {t}");
        }
    }

    #[test]
    fn continuous_across_midnight_and_extremes() {
        let c = sal();
        let eps = 1e-7;
        for h in [0.0, 6.0, 15.0, 24.0] {
            let (a, b) = (c.at(1, h - eps).0, c.at(1, h + eps).0);
            assert!((a - b).abs() < 1e-5, "jump at {h}: {a} vs {b}");
        }
    }

    #[test]
    fn daily_mean_is_mid_of_extremes() {
        // cold-chain-facts.md line 99: SAL mean 27 C.
        let c = sal();
        let n = 24 * 600;
        let mean: f64 = (0..n)
            .map(|i| c.at(1, 24.0 * (i as f64 + 0.5) / n as f64).0)
            .sum::<f64>()
            / n as f64;
        assert!((mean - 27.0).abs() < 1e-3, "{mean}");
    }

    #[test]
    fn month_selects_its_normals() {
        let mut c = sal();
        c.min[6] = 10.0;
        c.max[6] = 20.0;
        assert_eq!(c.at(7, 6.0).0, 10.0);
        assert_eq!(c.at(1, 6.0).0, 21.0);
    }

    #[test]
    fn apron_adds_sun_by_day_only() {
        // cold-chain-facts.md line 68: 32 C air, container top at 50 C.
        let c = Climate::uniform(32.0, 32.0);
        assert!((c.apron(7, 12.0, DEFAULT_SOLAR_GAIN).0 - 50.0).abs() < 1e-9);
        assert_eq!(c.apron(7, 2.0, DEFAULT_SOLAR_GAIN).0, 32.0);
        assert_eq!(c.apron(7, 18.0, DEFAULT_SOLAR_GAIN).0, 32.0);
    }
}
