//! Reading disruptions: a TOML file (`[[close]]`, `[[cancel]]`,
//! `[[heat]]`, `[[slow]]`) with every problem located, or one
//! command-line spec (`LAX@2021-04-05T00:00Z/2021-04-06T00:00Z`).

use serde::Deserialize;
use toml::Spanned;

use crate::names::closest;
use crate::scenario::{Diagnostic, HubIdx, Scenario};
use crate::time::{local_to_utc, parse_duration, parse_instant, InstantError, TimeError};
use crate::units::Secs;

use super::{Disruption, Disruptions, ALWAYS_FROM, ALWAYS_TO};

type S<T> = Spanned<T>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    close: Vec<RawClose>,
    #[serde(default)]
    cancel: Vec<RawCancel>,
    #[serde(default)]
    heat: Vec<RawHeat>,
    #[serde(default)]
    slow: Vec<RawSlow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClose {
    hub: S<String>,
    from: Option<S<String>>,
    to: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCancel {
    flight: S<String>,
    date: Option<S<String>>,
    from: Option<S<String>>,
    to: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeat {
    hub: Option<S<String>>,
    hubs: Option<S<Vec<S<String>>>>,
    /// `[lat, lon]` with `radius_km`: every hub within.
    near: Option<S<Vec<f64>>>,
    radius_km: Option<S<f64>>,
    by: S<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSlow {
    road: S<String>,
    by: S<String>,
}

/// What a command-line spec is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kind {
    /// `--close HUB[@FROM/TO]`.
    Close,
    /// `--cancel FLIGHT[@DATE | @FROM/TO]`.
    Cancel,
    /// `--heat HUB[,HUB...]:+K`.
    Heat,
    /// `--slow ROAD:+DURATION`.
    Slow,
}

/// Why a disruption (a command-line spec or an entry of a file) cannot be
/// read.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DisruptionError {
    /// A hub code the scenario does not have.
    #[error("no hub `{code}` in the scenario{}", hint(suggestion))]
    UnknownHub {
        /// The code as written.
        code: String,
        /// The closest code of the scenario, if one is close.
        suggestion: Option<String>,
    },
    /// A flight id the scenario does not have.
    #[error("no flight `{id}` in the scenario{}", hint(suggestion))]
    UnknownFlight {
        /// The id as written.
        id: String,
        /// The closest id of the scenario, if one is close.
        suggestion: Option<String>,
    },
    /// A road id the scenario does not have.
    #[error("no road `{id}` in the scenario{}", hint(suggestion))]
    UnknownRoad {
        /// The id as written.
        id: String,
        /// The closest id of the scenario, if one is close.
        suggestion: Option<String>,
    },
    /// The start or end of a period is not an instant.
    #[error("{source}; {}", source.help())]
    Instant {
        /// Why the text is not an instant.
        #[from]
        source: InstantError,
    },
    /// A cancelled date that is not `YYYY-MM-DD`.
    #[error("`{0}` is not a date; write YYYY-MM-DD")]
    NotADate(String),
    /// A cancelled date with no day after it.
    #[error("`{0}` is the last date there is")]
    LastDate(String),
    /// A period whose end is not after its start.
    #[error("the period ends before it starts")]
    EndsBeforeStart,
    /// A command-line period without the `/`.
    #[error("write the period as FROM/TO, like 2021-04-05T00:00Z/2021-04-06T00:00Z")]
    PeriodForm,
    /// A cancellation with both a date and a period.
    #[error("give either `date` or `from`/`to`")]
    DateAndPeriod,
    /// A `--heat` spec without `:`.
    #[error("write HUB:+K, like SAL:+8 (or SAL,LAX:+8)")]
    HeatForm,
    /// A `--slow` spec without `:`.
    #[error("write ROAD:+DURATION, like SAL-CVS-REEFER:+30m")]
    SlowForm,
    /// A temperature rise that is not a number.
    #[error("`{0}` is not a number of degrees; write +8 or -5")]
    NotDegrees(String),
    /// A temperature rise that is infinite or NaN.
    #[error("`{0}` is not a finite number")]
    NotFinite(String),
    /// A slow-down that is not a duration.
    #[error(transparent)]
    Duration(#[from] TimeError),
    /// A slow-down of zero.
    #[error("a road can only be slowed by a positive duration, like +30m")]
    NotPositive,
    /// A heat wave's `near` that is not `[lat, lon]`.
    #[error("`near` must be [lat, lon] in degrees")]
    Near,
    /// A heat wave's `radius_km` that is not positive.
    #[error("`radius_km` must be greater than zero")]
    Radius,
    /// `near` without `radius_km`.
    #[error("`near` needs `radius_km`")]
    NearWithoutRadius,
    /// `radius_km` without `near`.
    #[error("`radius_km` needs `near = [lat, lon]`")]
    RadiusWithoutNear,
    /// A heat wave that names no hub and no circle, or a circle with no hub.
    #[error("this heat wave reaches no hub: give `hub`, `hubs`, or `near` and `radius_km`")]
    NoHubReached,
    /// A heat wave's `by` that is infinite or NaN.
    #[error("`by` must be a finite number of degrees")]
    InfiniteHeat,
}

fn hint(suggestion: &Option<String>) -> String {
    suggestion
        .as_ref()
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

type Result<T, E = DisruptionError> = std::result::Result<T, E>;

fn hub(s: &Scenario, code: &str) -> Result<HubIdx> {
    s.hub_idx(code).ok_or_else(|| DisruptionError::UnknownHub {
        code: code.to_string(),
        suggestion: closest(code, s.hubs.iter().map(|h| h.code.as_str())).map(str::to_string),
    })
}

fn flight(s: &Scenario, id: &str) -> Result<usize> {
    s.flights
        .iter()
        .position(|f| f.id == id)
        .ok_or_else(|| DisruptionError::UnknownFlight {
            id: id.to_string(),
            suggestion: closest(id, s.flights.iter().map(|f| f.id.as_str())).map(str::to_string),
        })
}

fn road(s: &Scenario, id: &str) -> Result<usize> {
    s.roads
        .iter()
        .position(|r| r.id == id)
        .ok_or_else(|| DisruptionError::UnknownRoad {
            id: id.to_string(),
            suggestion: closest(id, s.roads.iter().map(|r| r.id.as_str())).map(str::to_string),
        })
}

fn instant(s: &Scenario, hub: HubIdx, text: &str) -> Result<Secs> {
    Ok(parse_instant(text, &s.hubs[hub].tz)?)
}

/// The UTC interval of local date `text` at `hub`.
fn date(s: &Scenario, hub: HubIdx, text: &str) -> Result<(Secs, Secs)> {
    let d: jiff::civil::Date = text
        .parse()
        .map_err(|_| DisruptionError::NotADate(text.to_string()))?;
    let next = d
        .tomorrow()
        .map_err(|_| DisruptionError::LastDate(text.to_string()))?;
    let tz = &s.hubs[hub].tz;
    Ok((
        local_to_utc(tz, d, 0).schedule_instant(),
        local_to_utc(tz, next, 0).schedule_instant(),
    ))
}

fn ordered(from: Secs, to: Secs) -> Result<(Secs, Secs)> {
    if to <= from {
        return Err(DisruptionError::EndsBeforeStart);
    }
    Ok((from, to))
}

fn signed_number(text: &str) -> Result<f64> {
    let x: f64 = text
        .trim()
        .parse()
        .map_err(|_| DisruptionError::NotDegrees(text.to_string()))?;
    if !x.is_finite() {
        return Err(DisruptionError::NotFinite(text.to_string()));
    }
    Ok(x)
}

fn extra_time(text: &str) -> Result<Secs> {
    let t = text.trim().strip_prefix('+').unwrap_or(text.trim());
    let d = parse_duration(t)?;
    if d.0 <= 0 {
        return Err(DisruptionError::NotPositive);
    }
    Ok(d)
}

/// One command-line spec of `kind`.
pub fn parse_spec(s: &Scenario, kind: Kind, spec: &str) -> Result<Disruption> {
    match kind {
        Kind::Close => {
            let (code, when) = spec
                .split_once('@')
                .map_or((spec, None), |(a, b)| (a, Some(b)));
            let h = hub(s, code)?;
            let (from, to) = match when {
                None => (ALWAYS_FROM, ALWAYS_TO),
                Some(w) => {
                    let (a, b) = w.split_once('/').ok_or(DisruptionError::PeriodForm)?;
                    ordered(instant(s, h, a)?, instant(s, h, b)?)?
                }
            };
            Ok(Disruption::Close { hub: h, from, to })
        }
        Kind::Cancel => {
            let (id, when) = spec
                .split_once('@')
                .map_or((spec, None), |(a, b)| (a, Some(b)));
            let f = flight(s, id)?;
            let origin = s.flights[f].from;
            let (from, to) = match when {
                None => (ALWAYS_FROM, ALWAYS_TO),
                Some(w) => match w.split_once('/') {
                    Some((a, b)) => ordered(instant(s, origin, a)?, instant(s, origin, b)?)?,
                    None => date(s, origin, w)?,
                },
            };
            Ok(Disruption::Cancel {
                flight: f,
                from,
                to,
            })
        }
        Kind::Heat => {
            let (codes, by) = spec.rsplit_once(':').ok_or(DisruptionError::HeatForm)?;
            let hubs = codes
                .split(',')
                .map(|c| hub(s, c.trim()))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Disruption::Heat {
                hubs,
                by: signed_number(by)?,
            })
        }
        Kind::Slow => {
            let (id, by) = spec.rsplit_once(':').ok_or(DisruptionError::SlowForm)?;
            Ok(Disruption::Slow {
                road: road(s, id)?,
                by: extra_time(by)?,
            })
        }
    }
}

/// Reads a disruption file; every problem at its place.
pub fn parse_file(s: &Scenario, text: &str) -> Result<Disruptions, Vec<Diagnostic>> {
    let raw: RawFile = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            return Err(vec![Diagnostic::new(span, e.message().to_string()).with_help(
                "a disruption file has [[close]], [[cancel]], [[heat]] and [[slow]] tables (docs/resilience.md)",
            )]);
        }
    };
    let mut diags = Vec::new();
    let mut items = Vec::new();
    let mut at = |r: Result<Disruption>, span: std::ops::Range<usize>| match r {
        Ok(d) => items.push(d),
        Err(e) => diags.push(Diagnostic::new(span, e.to_string())),
    };
    for c in &raw.close {
        let r = (|| -> Result<Disruption> {
            let h = hub(s, c.hub.get_ref())?;
            let from = c
                .from
                .as_ref()
                .map_or(Ok(ALWAYS_FROM), |f| instant(s, h, f.get_ref()));
            let to =
                c.to.as_ref()
                    .map_or(Ok(ALWAYS_TO), |t| instant(s, h, t.get_ref()));
            let (from, to) = ordered(from?, to?)?;
            Ok(Disruption::Close { hub: h, from, to })
        })();
        let span = match (&r, &c.from) {
            (Err(e), Some(f)) if !matches!(e, DisruptionError::UnknownHub { .. }) => f.span(),
            _ => c.hub.span(),
        };
        at(r, span);
    }
    for c in &raw.cancel {
        let r = (|| -> Result<Disruption> {
            let f = flight(s, c.flight.get_ref())?;
            let origin = s.flights[f].from;
            let (from, to) = match (&c.date, &c.from, &c.to) {
                (Some(d), None, None) => date(s, origin, d.get_ref())?,
                (Some(_), _, _) => return Err(DisruptionError::DateAndPeriod),
                (None, f, t) => {
                    let from = f
                        .as_ref()
                        .map_or(Ok(ALWAYS_FROM), |x| instant(s, origin, x.get_ref()));
                    let to = t
                        .as_ref()
                        .map_or(Ok(ALWAYS_TO), |x| instant(s, origin, x.get_ref()));
                    ordered(from?, to?)?
                }
            };
            Ok(Disruption::Cancel {
                flight: f,
                from,
                to,
            })
        })();
        let span = match (&r, &c.date) {
            (Err(e), Some(d)) if !matches!(e, DisruptionError::UnknownFlight { .. }) => d.span(),
            _ => c.flight.span(),
        };
        at(r, span);
    }
    for h in &raw.heat {
        let by = *h.by.get_ref();
        if !by.is_finite() {
            at(Err(DisruptionError::InfiniteHeat), h.by.span());
            continue;
        }
        let mut hubs = Vec::new();
        let mut bad = false;
        if let Some(c) = &h.hub {
            match hub(s, c.get_ref()) {
                Ok(i) => hubs.push(i),
                Err(m) => {
                    at(Err(m), c.span());
                    bad = true;
                }
            }
        }
        for c in h
            .hubs
            .as_ref()
            .map(|v| v.get_ref().as_slice())
            .unwrap_or_default()
        {
            match hub(s, c.get_ref()) {
                Ok(i) => hubs.push(i),
                Err(m) => {
                    at(Err(m), c.span());
                    bad = true;
                }
            }
        }
        match (&h.near, &h.radius_km) {
            (Some(p), Some(r)) => {
                let (lat, lon) = match p.get_ref().as_slice() {
                    &[lat, lon]
                        if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) =>
                    {
                        (lat, lon)
                    }
                    _ => {
                        at(Err(DisruptionError::Near), p.span());
                        continue;
                    }
                };
                let radius = *r.get_ref();
                if !(radius.is_finite() && radius > 0.0) {
                    at(Err(DisruptionError::Radius), r.span());
                    continue;
                }
                for (i, hb) in s.hubs.iter().enumerate() {
                    if crate::scenario::great_circle_km(lat, lon, hb.lat, hb.lon) <= radius {
                        hubs.push(i);
                    }
                }
            }
            (Some(p), None) => {
                at(Err(DisruptionError::NearWithoutRadius), p.span());
                continue;
            }
            (None, Some(r)) => {
                at(Err(DisruptionError::RadiusWithoutNear), r.span());
                continue;
            }
            (None, None) => {}
        }
        if bad {
            continue;
        }
        hubs.sort_unstable();
        hubs.dedup();
        if hubs.is_empty() {
            at(Err(DisruptionError::NoHubReached), h.by.span());
            continue;
        }
        at(Ok(Disruption::Heat { hubs, by }), h.by.span());
    }
    for r in &raw.slow {
        let res = road(s, r.road.get_ref()).map_err(|m| (m, r.road.span()));
        let res = res.and_then(|road| {
            extra_time(r.by.get_ref())
                .map(|by| Disruption::Slow { road, by })
                .map_err(|m| (m, r.by.span()))
        });
        match res {
            Ok(d) => at(Ok(d), r.road.span()),
            Err((m, span)) => at(Err(m), span),
        }
    }
    if diags.is_empty() {
        Ok(Disruptions { items })
    } else {
        diags.sort_by_key(|d| d.span.start);
        Err(diags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> Scenario {
        crate::scenario::load(include_str!("../../scenarios/pek-sal-coronavac.toml")).unwrap()
    }

    #[test]
    fn spec_errors_are_typed() {
        let s = scenario();
        let err = |kind, spec| parse_spec(&s, kind, spec).unwrap_err();
        assert_eq!(
            err(Kind::Close, "LXA"),
            DisruptionError::UnknownHub {
                code: "LXA".into(),
                suggestion: Some("LAX".into())
            }
        );
        assert!(matches!(
            err(Kind::Cancel, "PEK-LAX-FX"),
            DisruptionError::UnknownFlight { suggestion: Some(ref g), .. } if g == "PEK-LAX-FR"
        ));
        assert!(matches!(
            err(Kind::Slow, "NOPE:+30m"),
            DisruptionError::UnknownRoad { .. }
        ));
        assert_eq!(
            err(Kind::Close, "LAX@2021-04-05T00:00Z"),
            DisruptionError::PeriodForm
        );
        assert_eq!(
            err(Kind::Close, "LAX@2021-04-06T00:00Z/2021-04-05T00:00Z"),
            DisruptionError::EndsBeforeStart
        );
        assert!(matches!(
            err(Kind::Close, "LAX@yesterday/2021-04-05T00:00Z"),
            DisruptionError::Instant { .. }
        ));
        assert_eq!(
            err(Kind::Cancel, "PEK-LAX-FR@2021-13-01"),
            DisruptionError::NotADate("2021-13-01".into())
        );
        assert_eq!(err(Kind::Heat, "SAL"), DisruptionError::HeatForm);
        assert_eq!(
            err(Kind::Heat, "SAL:+hot"),
            DisruptionError::NotDegrees("+hot".into())
        );
        assert_eq!(err(Kind::Slow, "SAL-CVS-REEFER"), DisruptionError::SlowForm);
        assert_eq!(
            err(Kind::Slow, "SAL-CVS-REEFER:+0m"),
            DisruptionError::NotPositive
        );
        assert!(matches!(
            err(Kind::Slow, "SAL-CVS-REEFER:+1x"),
            DisruptionError::Duration(TimeError::NotADuration(_))
        ));
        // The message is the one users read.
        assert_eq!(
            err(Kind::Close, "LXA").to_string(),
            "no hub `LXA` in the scenario; did you mean `LAX`?"
        );
    }

    #[test]
    fn file_errors_sit_where_the_mistake_is() {
        let s = scenario();
        let text = "[[close]]\nhub = \"LAX\"\nfrom = \"nope\"\n\n[[heat]]\nnear = [13.4, -89.0]\nby = 5.0\n";
        let diags = parse_file(&s, text).unwrap_err();
        assert_eq!(diags.len(), 2);
        assert_eq!(&text[diags[0].span.clone()], "\"nope\"");
        assert_eq!(
            diags[1].message,
            DisruptionError::NearWithoutRadius.to_string()
        );
    }
}
