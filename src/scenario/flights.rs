//! Flights: `[[flight]]` entries, their weekday schedule, local departure
//! and arrival times, aprons and cost.

use std::collections::HashMap;

use super::raw::*;
use super::resolve::Cx;
use crate::model::*;
use crate::units::Secs;

impl Cx {
    pub(super) fn flight(
        &mut self,
        span: std::ops::Range<usize>,
        f: &RawFlight,
        codes: &HashMap<String, HubIdx>,
    ) -> Option<Flight> {
        let from = self.hub_ref(&f.from, codes);
        let to = self.hub_ref(&f.to, codes);
        if f.from.get_ref() == f.to.get_ref() {
            self.err_help(
                f.to.span(),
                format!(
                    "flight `{}` goes from `{}` to itself",
                    f.id.get_ref(),
                    f.from.get_ref()
                ),
                "a flight needs two different hubs",
            );
        }
        let departs = self.clock(&f.departs, false);
        let timing = match (&f.block, &f.arrives) {
            (Some(b), None) => self
                .positive_duration(b, "block time")
                .map(FlightTiming::Block),
            (None, Some(a)) => self.clock(a, true).map(FlightTiming::Arrives),
            (Some(b), Some(_)) => {
                self.err_help(
                    b.span(),
                    "a flight takes `block` or `arrives`, not both",
                    "keep the one from the timetable",
                );
                None
            }
            (None, None) => {
                self.err_help(
                    f.id.span(),
                    format!(
                        "flight `{}` has no `block` time and no `arrives` time",
                        f.id.get_ref()
                    ),
                    "add block = \"17h35m\" or arrives = \"06:05+1\" (local at the destination)",
                );
                None
            }
        };
        let days = self.weekdays(&f.days);
        let valid_from = self.date(&f.valid_from);
        let valid_to = self.date(&f.valid_to);
        if let (Some(Some(a)), Some(Some(b))) = (valid_from, valid_to) {
            if a > b {
                self.err_help(
                    f.valid_to
                        .as_ref()
                        .map(|s| s.span())
                        .unwrap_or(span.clone()),
                    format!("validity ends on {b}, before it starts on {a}"),
                    "swap `valid_from` and `valid_to`",
                );
            }
        }
        let hold = self.temp_range(&f.hold, "the cargo-hold band");
        let both = self.opt_duration(&f.tarmac, Secs(0));
        let dep = match &f.tarmac_departure {
            Some(d) => self.duration(d),
            None => both,
        };
        let arr = match &f.tarmac_arrival {
            Some(d) => self.duration(d),
            None => both,
        };
        let cost = self.cost(&f.cost);
        if f.from.get_ref() == f.to.get_ref() {
            return None;
        }
        Some(Flight {
            id: f.id.get_ref().clone(),
            from: from?,
            to: to?,
            departs: departs?,
            timing: timing?,
            days: days?,
            valid_from: valid_from?,
            valid_to: valid_to?,
            hold: hold?,
            tarmac_departure: dep?,
            tarmac_arrival: arr?,
            cost: cost?,
            span,
        })
    }
}
