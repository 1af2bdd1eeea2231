//! Per-hub hourly ambient tables: the outdoor and apron air of every hub
//! for every UTC hour of a network's window, filled one hub-day at a time
//! when a query first needs it and shared by every query after.
//!
//! A value in the table is [`Hub::hour_air`] of that hub and hour, the
//! function the thermal model calls without a table, so simulating with
//! the table gives the same bits as simulating without it (tested); it
//! only saves reading the local clock and two cosines per hour.

use std::sync::OnceLock;

use crate::scenario::{Hub, Scenario};
use crate::units::{Celsius, Secs};

/// One hub-day of air: per UTC hour, `(outdoor, apron)`.
type Day = [(Celsius, Celsius); 24];

/// Outdoor and apron air per hub and UTC hour over a window.
#[derive(Clone, Debug, Default)]
pub struct AirTable {
    /// The first UTC day (days since 1970-01-01) the table holds.
    first_day: i64,
    /// Days held per hub.
    days: usize,
    /// Hub-major: hub `h`, day `d` is cell `h * days + d`.
    cells: Vec<OnceLock<Day>>,
}

impl AirTable {
    /// An empty table for the `n_hubs` hubs over the UTC days that
    /// `[start, end]` touches.
    pub fn new(n_hubs: usize, start: Secs, end: Secs) -> AirTable {
        let first_day = start.0.div_euclid(86_400);
        let last_day = end.0.div_euclid(86_400);
        let days = usize::try_from(last_day - first_day + 1).unwrap_or(0);
        let mut cells = Vec::new();
        cells.resize_with(n_hubs * days, OnceLock::new);
        AirTable {
            first_day,
            days,
            cells,
        }
    }

    /// [`Hub::hour_air`] of hub `hub` (of `s`, the scenario the table was
    /// made for) at UTC hour `hour`, from the table when the hour is
    /// inside its window.
    pub fn hour_air(&self, s: &Scenario, hub: usize, hour: i64, apron: bool) -> Celsius {
        let h: &Hub = &s.hubs[hub];
        let day = hour.div_euclid(24) - self.first_day;
        let Some(cell) = usize::try_from(day)
            .ok()
            .filter(|&d| d < self.days)
            .and_then(|d| self.cells.get(hub * self.days + d))
        else {
            return h.hour_air(hour, apron);
        };
        let row = cell.get_or_init(|| {
            let first = (self.first_day + day) * 24;
            std::array::from_fn(|k| {
                let hr = first + k as i64;
                (h.hour_air(hr, false), h.hour_air(hr, true))
            })
        });
        let (outdoor, sun) = row[hour.rem_euclid(24) as usize];
        if apron {
            sun
        } else {
            outdoor
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_holds_exactly_what_the_hubs_give() {
        let s = crate::scenario::load(include_str!("../../scenarios/anc-winter-freeze.toml"))
            .expect("shipped scenario");
        // A window across a daylight-saving change (US: 2021-03-14).
        let (start, end) = (Secs(1_615_420_800), Secs(1_615_420_800 + 6 * 86_400));
        let table = AirTable::new(s.hubs.len(), start, end);
        for hub in 0..s.hubs.len() {
            // Inside the window, at both ends and outside it.
            for hour in (start.0 / 3600 - 30)..(end.0 / 3600 + 30) {
                for apron in [false, true] {
                    let want = s.hubs[hub].hour_air(hour, apron);
                    let got = table.hour_air(&s, hub, hour, apron);
                    assert_eq!(got.0.to_bits(), want.0.to_bits(), "hub {hub} hour {hour}");
                }
            }
        }
    }
}
