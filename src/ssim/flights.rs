//! SSIM legs as scenario flights.
//!
//! A leg becomes one [`Flight`] (docs/ssim.md):
//!
//! - `id`: airline and flight number (`ET3601`), then `-v2` for an
//!   itinerary variation other than 1 and `-2` for the leg of a flight
//!   with more than one leg: unique as SSIM keys are;
//! - local time mode: `departs` is the aircraft departure, `arrives` the
//!   aircraft arrival with `+N` days from the date variations; the days and
//!   dates of operation move by the departure's date variation (a leg 2
//!   leaving after midnight runs the day after the flight's day);
//! - UTC time mode: the departure is read in the origin's local time with
//!   the record's own variation and the leg keeps its UTC block time; a
//!   period across a change of the origin's UTC offset is refused (split
//!   it at the change, as schedules usually are);
//! - hold band, apron times and cost: the aircraft type's settings, else
//!   the carrier's, else the `[[ssim]]` table's.
//!
//! Legs of other carriers or service types than the table asks for, and
//! legs touching an airport that is not a hub of the scenario, are left
//! out and counted.

use std::collections::HashMap;

use super::{Leg, SsimError, TimeMode};
use crate::model::{Flight, FlightTiming, HubIdx};
use crate::time::{ClockTime, Weekdays, Zone};
use crate::units::{Secs, TempRange};

/// What a leg takes from the scenario (any part may be unset).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LegSettings {
    /// Cargo-hold band, C.
    pub hold: Option<TempRange>,
    /// Apron time before departure.
    pub tarmac_departure: Option<Secs>,
    /// Apron time after arrival.
    pub tarmac_arrival: Option<Secs>,
    /// Cost a shipment.
    pub cost: Option<f64>,
}

impl LegSettings {
    /// `self` where set, else `other`.
    fn or(self, other: LegSettings) -> LegSettings {
        LegSettings {
            hold: self.hold.or(other.hold),
            tarmac_departure: self.tarmac_departure.or(other.tarmac_departure),
            tarmac_arrival: self.tarmac_arrival.or(other.tarmac_arrival),
            cost: self.cost.or(other.cost),
        }
    }
}

/// How a `[[ssim]]` table takes its legs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    /// Airline designators to take (`None`: all).
    pub carriers: Option<Vec<String>>,
    /// Service types to take (`None`: all).
    pub service_types: Option<Vec<char>>,
    /// For every leg.
    pub defaults: LegSettings,
    /// By aircraft type.
    pub by_aircraft: HashMap<String, LegSettings>,
    /// By airline designator.
    pub by_carrier: HashMap<String, LegSettings>,
}

/// What [`flights`] made of a schedule.
#[derive(Clone, Debug, Default)]
pub struct Imported {
    /// The flights, in file order.
    pub flights: Vec<Flight>,
    /// Legs left out by the carrier and service-type filters.
    pub filtered: usize,
    /// Legs left out because an airport is not a hub, and those airports.
    pub off_network: usize,
    /// The airports that are not hubs, sorted.
    pub missing_hubs: Vec<String>,
}

/// The flights of `legs` under `settings`: `hub` finds a hub by code,
/// `zone` a hub's time zone; every flight gets `span`.
///
/// # Errors
/// Legs that cannot be flights (no hold band, an arrival before the
/// departure, a UTC period across an offset change), with their lines.
pub fn flights(
    legs: &[Leg],
    settings: &Settings,
    hub: &dyn Fn(&str) -> Option<HubIdx>,
    zone: &dyn Fn(HubIdx) -> Zone,
    span: std::ops::Range<usize>,
) -> Result<Imported, Vec<SsimError>> {
    let mut out = Imported::default();
    let mut errors = Vec::new();
    let mut missing = std::collections::BTreeSet::new();
    // Flights with more than one leg get the leg in their id.
    let mut legs_of: HashMap<(&str, &str, char, u8), u8> = HashMap::new();
    for l in legs {
        let e = legs_of
            .entry((&l.carrier, &l.number, l.suffix, l.variation))
            .or_insert(0);
        *e = (*e).max(l.leg);
    }
    for l in legs {
        let wanted = settings
            .carriers
            .as_ref()
            .is_none_or(|c| c.contains(&l.carrier))
            && settings
                .service_types
                .as_ref()
                .is_none_or(|t| t.contains(&l.service_type));
        if !wanted {
            out.filtered += 1;
            continue;
        }
        let (Some(from), Some(to)) = (hub(&l.dep_station), hub(&l.arr_station)) else {
            for s in [&l.dep_station, &l.arr_station] {
                if hub(s).is_none() {
                    missing.insert(s.clone());
                }
            }
            out.off_network += 1;
            continue;
        };
        let mut bad = |col: usize, message: String| {
            errors.push(SsimError {
                line: l.line,
                col,
                message,
            })
        };
        let set = settings
            .by_aircraft
            .get(&l.aircraft)
            .copied()
            .unwrap_or_default()
            .or(settings
                .by_carrier
                .get(&l.carrier)
                .copied()
                .unwrap_or_default())
            .or(settings.defaults);
        let Some(hold) = set.hold else {
            bad(
                73,
                format!(
                    "leg {}{} {}-{} (aircraft {}) has no hold band; give hold = [LO, HI] in the [[ssim]] table, or for its aircraft type or carrier",
                    l.carrier, l.number, l.dep_station, l.arr_station, l.aircraft
                ),
            );
            continue;
        };
        let mut id = format!("{}{}", l.carrier, l.number);
        if l.suffix != ' ' {
            id.push(l.suffix);
        }
        if l.variation != 1 {
            id.push_str(&format!("-v{}", l.variation));
        }
        if legs_of[&(l.carrier.as_str(), l.number.as_str(), l.suffix, l.variation)] > 1 {
            id.push_str(&format!("-{}", l.leg));
        }
        let dep_dv = i32::from(l.dep.date_variation);
        let arr_dv = i32::from(l.arr.date_variation);
        // Local departure: minutes and days after the flight's date.
        let (dep_local, dep_shift, timing) = match l.time_mode {
            TimeMode::Local => {
                let offset = arr_dv - dep_dv;
                let (arr_min, extra) = if l.arr.minutes == 1440 {
                    (0, 1)
                } else {
                    (l.arr.minutes, 0)
                };
                let day_offset = offset + extra;
                if !(0..=3).contains(&day_offset) {
                    bad(
                        193,
                        format!(
                            "the arrival is {day_offset} day(s) after the departure; coldroute takes 0 to 3 (check the date variations)"
                        ),
                    );
                    continue;
                }
                (
                    l.dep.minutes,
                    dep_dv,
                    FlightTiming::Arrives(ClockTime {
                        secs: arr_min * 60,
                        day_offset: day_offset as u8,
                    }),
                )
            }
            TimeMode::Utc => {
                let block = (arr_dv - dep_dv) * 1440 + l.arr.minutes as i32 - l.dep.minutes as i32;
                if block <= 0 {
                    bad(
                        58,
                        format!("the arrival is not after the departure (block {block} min)"),
                    );
                    continue;
                }
                let local = l.dep.minutes as i32 + l.dep.variation_min;
                (
                    local.rem_euclid(1440) as u32,
                    dep_dv + local.div_euclid(1440),
                    FlightTiming::Block(Secs(i64::from(block) * 60)),
                )
            }
        };
        let shift = |d: jiff::civil::Date| {
            d.checked_add(jiff::Span::new().days(i64::from(dep_shift)))
                .unwrap_or(d)
        };
        let valid_from = shift(l.from_date);
        let valid_to = l.to_date.map(shift);
        if l.time_mode == TimeMode::Utc {
            let z = zone(from);
            let day = |d: jiff::civil::Date| crate::time::local_to_utc(&z, d, 0).schedule_instant();
            let end = valid_to.map_or(day(valid_from) + Secs(366 * 86_400), |d| {
                day(d) + Secs(86_400)
            });
            let periods = z.offset_periods(day(valid_from), end);
            let expected = l.dep.variation_min * 60;
            if periods.len() > 1 || periods.first().is_some_and(|p| p.1 != expected) {
                bad(
                    48,
                    format!(
                        "the period's UTC/local variation {:+} min does not hold all through the period at {} (the zone's offset changes or differs); split the period where the offset changes",
                        l.dep.variation_min, l.dep_station
                    ),
                );
                continue;
            }
        }
        out.flights.push(Flight {
            id,
            from,
            to,
            departs: ClockTime {
                secs: dep_local * 60,
                day_offset: 0,
            },
            timing,
            days: rotate(l.days, dep_shift),
            valid_from: Some(valid_from),
            valid_to,
            hold,
            tarmac_departure: set.tarmac_departure.unwrap_or(Secs(0)),
            tarmac_arrival: set.tarmac_arrival.unwrap_or(Secs(0)),
            cost: set.cost.unwrap_or(0.0),
            span: span.clone(),
        });
    }
    out.missing_hubs = missing.into_iter().collect();
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The weekdays `n` days later (Monday + 1 is Tuesday).
fn rotate(days: Weekdays, n: i32) -> Weekdays {
    let n = n.rem_euclid(7) as u32;
    let b = u32::from(days.0);
    Weekdays((((b << n) | (b >> (7 - n))) & 0x7f) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_rotate_by_date_variation() {
        // Mon, Wed, Fri a day later: Tue, Thu, Sat; a day earlier: Sun, Tue, Thu.
        assert_eq!(rotate(Weekdays(0b001_0101), 1), Weekdays(0b010_1010));
        assert_eq!(rotate(Weekdays(0b001_0101), -1), Weekdays(0b100_1010));
        assert_eq!(rotate(Weekdays(0b100_0000), 1), Weekdays(0b000_0001));
        assert_eq!(rotate(Weekdays::DAILY, 3), Weekdays::DAILY);
    }
}
