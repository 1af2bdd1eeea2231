//! Reading disruptions: a TOML file (`[[close]]`, `[[cancel]]`,
//! `[[heat]]`, `[[slow]]`) with every problem located, or one
//! command-line spec (`LAX@2021-04-05T00:00Z/2021-04-06T00:00Z`).

use serde::Deserialize;
use toml::Spanned;

use crate::names::closest;
use crate::scenario::{Diagnostic, HubIdx, Scenario};
use crate::time::{local_to_utc, parse_duration, parse_instant};
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

fn hub(s: &Scenario, code: &str) -> Result<HubIdx, String> {
    s.hub_idx(code).ok_or_else(|| {
        let hint = closest(code, s.hubs.iter().map(|h| h.code.as_str()))
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        format!("no hub `{code}` in the scenario{hint}")
    })
}

fn flight(s: &Scenario, id: &str) -> Result<usize, String> {
    s.flights.iter().position(|f| f.id == id).ok_or_else(|| {
        let hint = closest(id, s.flights.iter().map(|f| f.id.as_str()))
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        format!("no flight `{id}` in the scenario{hint}")
    })
}

fn road(s: &Scenario, id: &str) -> Result<usize, String> {
    s.roads.iter().position(|r| r.id == id).ok_or_else(|| {
        let hint = closest(id, s.roads.iter().map(|r| r.id.as_str()))
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        format!("no road `{id}` in the scenario{hint}")
    })
}

fn instant(s: &Scenario, hub: HubIdx, text: &str) -> Result<Secs, String> {
    parse_instant(text, &s.hubs[hub].tz).map_err(|e| format!("{e}; {}", e.help()))
}

/// The UTC interval of local date `text` at `hub`.
fn date(s: &Scenario, hub: HubIdx, text: &str) -> Result<(Secs, Secs), String> {
    let d: jiff::civil::Date = text
        .parse()
        .map_err(|_| format!("`{text}` is not a date; write YYYY-MM-DD"))?;
    let next = d
        .tomorrow()
        .map_err(|_| format!("`{text}` is the last date there is"))?;
    let tz = &s.hubs[hub].tz;
    Ok((
        local_to_utc(tz, d, 0).schedule_instant(),
        local_to_utc(tz, next, 0).schedule_instant(),
    ))
}

fn ordered(from: Secs, to: Secs) -> Result<(Secs, Secs), String> {
    if to <= from {
        return Err("the period ends before it starts".into());
    }
    Ok((from, to))
}

fn signed_number(text: &str) -> Result<f64, String> {
    let x: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of degrees; write +8 or -5"))?;
    if !x.is_finite() {
        return Err(format!("`{text}` is not a finite number"));
    }
    Ok(x)
}

fn extra_time(text: &str) -> Result<Secs, String> {
    let t = text.trim().strip_prefix('+').unwrap_or(text.trim());
    let d = parse_duration(t)?;
    if d.0 <= 0 {
        return Err("a road can only be slowed by a positive duration, like +30m".into());
    }
    Ok(d)
}

/// One command-line spec of `kind`.
pub fn parse_spec(s: &Scenario, kind: Kind, spec: &str) -> Result<Disruption, String> {
    match kind {
        Kind::Close => {
            let (code, when) = spec
                .split_once('@')
                .map_or((spec, None), |(a, b)| (a, Some(b)));
            let h = hub(s, code)?;
            let (from, to) = match when {
                None => (ALWAYS_FROM, ALWAYS_TO),
                Some(w) => {
                    let (a, b) = w.split_once('/').ok_or(
                        "write the period as FROM/TO, like 2021-04-05T00:00Z/2021-04-06T00:00Z",
                    )?;
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
            let (codes, by) = spec
                .rsplit_once(':')
                .ok_or("write HUB:+K, like SAL:+8 (or SAL,LAX:+8)")?;
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
            let (id, by) = spec
                .rsplit_once(':')
                .ok_or("write ROAD:+DURATION, like SAL-CVS-REEFER:+30m")?;
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
    let mut at = |r: Result<Disruption, String>, span: std::ops::Range<usize>| match r {
        Ok(d) => items.push(d),
        Err(m) => diags.push(Diagnostic::new(span, m)),
    };
    for c in &raw.close {
        let r = (|| -> Result<Disruption, String> {
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
            (Err(m), Some(f)) if !m.starts_with("no hub") => f.span(),
            _ => c.hub.span(),
        };
        at(r, span);
    }
    for c in &raw.cancel {
        let r = (|| -> Result<Disruption, String> {
            let f = flight(s, c.flight.get_ref())?;
            let origin = s.flights[f].from;
            let (from, to) = match (&c.date, &c.from, &c.to) {
                (Some(d), None, None) => date(s, origin, d.get_ref())?,
                (Some(_), _, _) => return Err("give either `date` or `from`/`to`".to_string()),
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
            (Err(m), Some(d)) if !m.starts_with("no flight") => d.span(),
            _ => c.flight.span(),
        };
        at(r, span);
    }
    for h in &raw.heat {
        let by = *h.by.get_ref();
        if !by.is_finite() {
            at(
                Err("`by` must be a finite number of degrees".into()),
                h.by.span(),
            );
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
                        at(Err("`near` must be [lat, lon] in degrees".into()), p.span());
                        continue;
                    }
                };
                let radius = *r.get_ref();
                if !(radius.is_finite() && radius > 0.0) {
                    at(
                        Err("`radius_km` must be greater than zero".into()),
                        r.span(),
                    );
                    continue;
                }
                for (i, hb) in s.hubs.iter().enumerate() {
                    if crate::scenario::great_circle_km(lat, lon, hb.lat, hb.lon) <= radius {
                        hubs.push(i);
                    }
                }
            }
            (Some(p), None) => {
                at(Err("`near` needs `radius_km`".into()), p.span());
                continue;
            }
            (None, Some(r)) => {
                at(
                    Err("`radius_km` needs `near = [lat, lon]`".into()),
                    r.span(),
                );
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
            at(
                Err(
                    "this heat wave reaches no hub: give `hub`, `hubs`, or `near` and `radius_km`"
                        .into(),
                ),
                h.by.span(),
            );
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
