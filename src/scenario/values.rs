//! The value parsers of the loader: durations, temperatures, clock times,
//! daily windows, weekdays, dates, costs, instants and hub references, each
//! checked and located.

use std::collections::HashMap;

use super::diagnostic::{closest, Diagnostic};
use super::raw::*;
use super::resolve::Cx;
use crate::airports;
use crate::model::*;
use crate::time::{self, ClockTime, DailyWindow, Weekdays};
use crate::units::{Secs, TempRange};

impl Cx {
    pub(super) fn duration(&mut self, s: &S<String>) -> Option<Secs> {
        match time::parse_duration(s.get_ref()) {
            Ok(d) => Some(d),
            Err(e) => {
                self.err(s.span(), e.to_string());
                None
            }
        }
    }

    pub(super) fn positive_duration(&mut self, s: &S<String>, what: &str) -> Option<Secs> {
        let d = self.duration(s)?;
        if d.0 <= 0 {
            self.err_help(
                s.span(),
                format!("{what} must be longer than zero"),
                "give a positive duration, like `45m`",
            );
            return None;
        }
        Some(d)
    }

    pub(super) fn opt_duration(&mut self, s: &Option<S<String>>, default: Secs) -> Option<Secs> {
        match s {
            Some(s) => self.duration(s),
            None => Some(default),
        }
    }

    pub(super) fn finite(&mut self, v: &S<f64>, what: &str) -> Option<f64> {
        let x = *v.get_ref();
        if x.is_finite() {
            Some(x)
        } else {
            self.err(v.span(), format!("{what} must be a finite number"));
            None
        }
    }

    pub(super) fn positive(&mut self, v: &S<f64>, what: &str) -> Option<f64> {
        let x = self.finite(v, what)?;
        if x > 0.0 {
            Some(x)
        } else {
            self.err_help(
                v.span(),
                format!("{what} must be greater than zero, found {x}"),
                "give a positive number",
            );
            None
        }
    }

    pub(super) fn temp_range(&mut self, v: &S<Vec<f64>>, what: &str) -> Option<TempRange> {
        let xs = v.get_ref();
        if xs.len() != 2 || xs.iter().any(|x| !x.is_finite()) {
            self.err_help(
                v.span(),
                format!("{what} must be two temperatures `[low, high]` in C"),
                "write it like `[2, 8]`",
            );
            return None;
        }
        if xs[0] > xs[1] {
            self.err_help(
                v.span(),
                format!(
                    "{what} is reversed: low {} C is above high {} C",
                    xs[0], xs[1]
                ),
                format!("write it as `[{}, {}]`", xs[1], xs[0]),
            );
            return None;
        }
        Some(TempRange::new(xs[0], xs[1]))
    }

    pub(super) fn clock(&mut self, s: &S<String>, allow_day_offset: bool) -> Option<ClockTime> {
        match ClockTime::parse(s.get_ref()) {
            Ok(c) if c.day_offset > 0 && !allow_day_offset => {
                self.err(s.span(), "a departure time cannot carry a day offset");
                None
            }
            Ok(c) => Some(c),
            Err(e) => {
                self.err(s.span(), e.to_string());
                None
            }
        }
    }

    pub(super) fn window(&mut self, s: &Option<S<String>>) -> Option<DailyWindow> {
        match s {
            None => Some(DailyWindow::ALWAYS),
            Some(s) => match DailyWindow::parse(s.get_ref()) {
                Ok(w) => Some(w),
                Err(e) => {
                    self.err(s.span(), e.to_string());
                    None
                }
            },
        }
    }

    pub(super) fn weekdays(&mut self, days: &Option<S<Vec<S<String>>>>) -> Option<Weekdays> {
        let Some(days) = days else {
            return Some(Weekdays::DAILY);
        };
        if days.get_ref().is_empty() {
            self.err_help(
                days.span(),
                "the service runs on no day",
                "list days like `[\"tue\", \"fri\"]` or use `[\"daily\"]`",
            );
            return None;
        }
        let mut set = 0u8;
        let mut ok = true;
        for d in days.get_ref() {
            match Weekdays::parse_day(d.get_ref()) {
                Ok(w) => set |= w.0,
                Err(e) => {
                    self.err(d.span(), e.to_string());
                    ok = false;
                }
            }
        }
        ok.then_some(Weekdays(set))
    }

    pub(super) fn date(&mut self, s: &Option<S<String>>) -> Option<Option<jiff::civil::Date>> {
        let Some(s) = s else { return Some(None) };
        match s.get_ref().trim().parse::<jiff::civil::Date>() {
            Ok(d) => Some(Some(d)),
            Err(_) => {
                self.err_help(
                    s.span(),
                    format!("`{}` is not a date", s.get_ref()),
                    "write dates as `YYYY-MM-DD`",
                );
                None
            }
        }
    }

    pub(super) fn cost(&mut self, c: &Option<S<f64>>) -> Option<f64> {
        match c {
            None => Some(0.0),
            Some(c) => {
                let x = self.finite(c, "cost")?;
                if x < 0.0 {
                    self.err(c.span(), "cost cannot be negative");
                    return None;
                }
                Some(x)
            }
        }
    }

    pub(super) fn hub_ref(
        &mut self,
        s: &S<String>,
        codes: &HashMap<String, HubIdx>,
    ) -> Option<HubIdx> {
        let code = s.get_ref();
        if let Some(&i) = codes.get(code) {
            return (i != usize::MAX).then_some(i);
        }
        let mut d = Diagnostic::new(s.span(), format!("unknown hub `{code}`"));
        let near = closest(code, codes.keys().map(String::as_str));
        // A real airport near a declared code that is *not* an airport: the
        // [[hub]] code is the likelier typo.
        let hub_is_suspect = near.is_some_and(|n| airports::lookup(n).is_none());
        if let (Some(near), Some(_), true) = (near, airports::lookup(code), hub_is_suspect) {
            d = d.with_help(format!(
                "`{code}` is an airport but no [[hub]] declares it; is the [[hub]] `{near}` meant to be `{code}`?"
            ));
        } else if let Some(near) = near {
            d = d.with_help(format!("did you mean `{near}`?"));
        } else if airports::lookup(code).is_some() {
            d = d.with_help(format!(
                "`{code}` is an airport but not a hub of this scenario; add a [[hub]] with code = \"{code}\""
            ));
        } else {
            d = d.with_help("declare the hub in a [[hub]] table first");
        }
        self.diags.push(d);
        None
    }

    /// A one-off instant: with an offset (`2021-03-26T06:00+08:00`), with a
    /// zone (`2021-03-26T06:00[Asia/Shanghai]`), or naive, read on the
    /// origin hub's clock. A naive time in a DST gap is an error; in a fold
    /// the earlier instant is used.
    pub(super) fn instant(&mut self, s: &S<String>, origin: &jiff::tz::TimeZone) -> Option<Secs> {
        match time::parse_instant(s.get_ref(), origin) {
            Ok(t) => Some(t),
            Err(e) => {
                self.err_help(s.span(), e.to_string(), e.help());
                None
            }
        }
    }
}
