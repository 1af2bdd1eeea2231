//! From TOML text to a resolved [`Scenario`], collecting every problem.
//!
//! The document is parsed once into a spanned TOML tree; each table entry
//! (`[[hub]]`, `[product.X]`, ...) is deserialized on its own so that one
//! bad entry does not hide the problems of the others, and then every value
//! is checked and converted. Problems are collected, never thrown.

use std::collections::{BTreeMap, HashMap};

use serde::de::{Deserialize, IntoDeserializer};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::diagnostic::{closest, Diagnostic};
use super::raw::*;
use crate::airports;
use crate::model::*;
use crate::thermal::{
    Active, Climate, Coolant, Packaging, PackagingKind, Passive, Product, Stability, VvmCategory,
    DEFAULT_FREEZE_LIMIT,
};
use crate::time::{self, ClockTime, DailyWindow, Weekdays};
use crate::units::{Celsius, Secs, TempRange};

/// Default minimum connection time at a hub.
pub const DEFAULT_MIN_CONNECTION: Secs = Secs(3600);
/// Default planning horizon after a shipment's ready time.
pub const DEFAULT_HORIZON: Secs = Secs(7 * 86_400);
/// Default average road speed when a road gives no duration, km/h.
pub const DEFAULT_ROAD_SPEED_KMH: f64 = 60.0;
/// Default rated ambient of an active container, C.
pub const DEFAULT_RATED_AMBIENT: f64 = 20.0;
/// Longest road travel time accepted, s (ten years, as for durations).
const MAX_TRAVEL_S: f64 = 3650.0 * 86_400.0;
/// Molar gas constant, J/(mol K).
const GAS_CONSTANT: f64 = 8.314_462_618;

const TOP_LEVEL_KEYS: [&str; 11] = [
    "scenario",
    "delays",
    "gtfs",
    "ssim",
    "sla",
    "hub",
    "flight",
    "road",
    "product",
    "packaging",
    "shipment",
];

/// Parses and validates a scenario from its TOML text.
///
/// Returns every problem found, sorted by position, when the text is not a
/// valid scenario. A scenario with `[[gtfs]]` tables needs its feeds:
/// see [`load_with_feeds`].
pub fn load(source: &str) -> Result<Scenario, Vec<Diagnostic>> {
    load_with_feeds(source, &[])
}

/// A `[[gtfs]]` table's `path` as written (relative to the scenario file)
/// and its span, for the caller to read the feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GtfsSource {
    /// The path as written.
    pub path: String,
    /// Where it is written.
    pub span: std::ops::Range<usize>,
}

/// The feeds a scenario's `[[gtfs]]` tables name, in order. Tables that
/// cannot be read are left out; [`load_with_feeds`] reports them.
pub fn gtfs_sources(source: &str) -> Vec<GtfsSource> {
    file_sources(source).0
}

/// The files a scenario's `[[gtfs]]` and `[[ssim]]` tables name, each in
/// order, from one parse of the text.
pub fn file_sources(source: &str) -> (Vec<GtfsSource>, Vec<GtfsSource>) {
    let (root, _) = DeTable::parse_recoverable(source);
    let (mut gtfs, mut ssim) = (Vec::new(), Vec::new());
    for (key, value) in root.into_inner() {
        let out = match key.get_ref().as_ref() {
            "gtfs" => &mut gtfs,
            "ssim" => &mut ssim,
            _ => continue,
        };
        if let DeValue::Array(items) = value.into_inner() {
            for item in items {
                let DeValue::Table(t) = item.get_ref() else {
                    continue;
                };
                for (k, v) in t.iter() {
                    if let (true, DeValue::String(p)) = (k.get_ref() == "path", v.get_ref()) {
                        out.push(GtfsSource {
                            path: p.to_string(),
                            span: v.span(),
                        });
                    }
                }
            }
        }
    }
    (gtfs, ssim)
}

/// [`load`] for a scenario with `[[gtfs]]` tables: `feeds[i]` is the
/// feed that the i-th entry of [`gtfs_sources`] names, already read and
/// checked. Rides are expanded over every shipment's planning window (from
/// a day before `ready` to `ready` plus the horizon).
pub fn load_with_feeds(
    source: &str,
    feeds: &[crate::gtfs::Feed],
) -> Result<Scenario, Vec<Diagnostic>> {
    load_with_sources(source, feeds, &[])
}

/// [`load_with_feeds`] for a scenario with `[[ssim]]` tables too:
/// `schedules[i]` is the file the i-th `[[ssim]]` entry of [`file_sources`] names,
/// already parsed.
pub fn load_with_sources(
    source: &str,
    feeds: &[crate::gtfs::Feed],
    schedules: &[crate::ssim::Schedule],
) -> Result<Scenario, Vec<Diagnostic>> {
    let (root, syntax) = DeTable::parse_recoverable(source);
    if !syntax.is_empty() {
        let mut diags: Vec<Diagnostic> = syntax
            .iter()
            .map(|e| reword(toml_diag(e), source))
            .collect();
        diags.sort_by_key(|d| d.span.start);
        diags.dedup();
        return Err(diags);
    }
    let mut cx = Cx::default();
    let raw = cx.split(root.into_inner());
    let scenario = cx.resolve(raw, feeds, schedules);
    if cx.diags.is_empty() {
        if let Some(s) = scenario {
            return Ok(s);
        }
    }
    let mut diags: Vec<Diagnostic> = cx.diags.into_iter().map(|d| reword(d, source)).collect();
    diags.sort_by_key(|d| (d.span.start, d.span.end));
    diags.dedup();
    Err(diags)
}

fn toml_diag(e: &toml::de::Error) -> Diagnostic {
    let span = e.span().unwrap_or(0..0);
    let msg = e.message().trim().trim_end_matches('.').to_string();
    let mut d = Diagnostic::new(span, msg.clone());
    if msg.contains("unknown field") {
        d = d.with_help("check the spelling; docs/scenario-format.md lists every key");
    } else if msg.contains("datetime") {
        d = d.with_help("write times as quoted strings, like ready = \"2021-03-26T06:00+08:00\"");
    } else if msg.contains("missing field") {
        d = d.with_help("add the key; docs/scenario-format.md says what it means");
    }
    d
}

/// Rewrites serde's messages that would leak internal type names or
/// mislead, using the source text at the span.
fn reword(mut d: Diagnostic, source: &str) -> Diagnostic {
    let text = source.get(d.span.clone()).unwrap_or("").trim();
    let looks_like_datetime = text.len() >= 10
        && text.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        && text.as_bytes()[4] == b'-';
    if d.message
        .starts_with("invalid type: map, expected a string")
        && looks_like_datetime
    {
        d.message = format!("`{text}` is a TOML date-time, but coldroute reads times as strings");
        d.help = Some(format!("put it in quotes: \"{text}\""));
    } else if d.message == "duplicate key"
        && ["hub", "flight", "road", "shipment"].contains(&text)
        && source[..d.span.start].trim_end().ends_with("[[")
    {
        d.message = format!("`{text}` was already opened as a single table");
        d.help = Some(format!(
            "write every entry as `[[{text}]]` (double brackets), including the first"
        ));
    } else if d.message.contains("untagged enum RoadDuration") {
        d.message = "a road's `duration` must be a duration or a table of departure times".into();
        d.help = Some(
            "write duration = \"55m\", or duration = { \"00:00\" = \"50m\", \"06:30\" = \"1h20m\" }"
                .into(),
        );
    } else if d.message.contains("untagged enum RawLegSpec") {
        d.message = "a ride setting must be \"ambient\" or a table".into();
        d.help = Some("write \"ambient\", or { reefer = 5 }, or { reefer = 5, cost = 2 }".into());
    } else if let Some(i) = d.message.find("expected struct Raw") {
        let what = &d.message[i + "expected struct Raw".len()..];
        let what = what.split_whitespace().next().unwrap_or("").to_lowercase();
        d.message = format!("{}expected a `{what}` table", &d.message[..i]);
        if what == "climate" {
            d.help = Some(
                "write climate = { min = [...12], max = [...12] }, or climate_like = \"CODE\" to copy another hub's"
                    .into(),
            );
        } else {
            d.help = Some("docs/scenario-format.md shows the table's keys".into());
        }
    }
    d
}

/// Raw entries, each already deserialized on its own.
#[derive(Default)]
pub(super) struct RawScenario {
    meta: Option<RawMeta>,
    pub(super) hubs: Vec<(Spanned<()>, RawHub)>,
    pub(super) flights: Vec<(Spanned<()>, RawFlight)>,
    pub(super) roads: Vec<(Spanned<()>, RawRoad)>,
    products: Vec<(Spanned<String>, RawProduct)>,
    packagings: Vec<(Spanned<String>, RawPackaging)>,
    slas: Vec<(Spanned<String>, super::raw::RawSla)>,
    shipments: Vec<(Spanned<()>, RawShipment)>,
    gtfs: Vec<(Spanned<()>, RawGtfs)>,
    ssim: Vec<(Spanned<()>, super::raw::RawSsim)>,
    pub(super) delays: Option<super::raw::RawDelays>,
    /// Codes of `[[hub]]` entries that could not be read.
    broken_hubs: Vec<String>,
}

/// The string value at `key` of a table value, if there is one.
fn peek_string(v: &Spanned<DeValue<'_>>, key: &str) -> Option<String> {
    let DeValue::Table(t) = v.get_ref() else {
        return None;
    };
    t.iter().find_map(|(k, v)| match v.get_ref() {
        DeValue::String(s) if k.get_ref() == key => Some(s.to_string()),
        _ => None,
    })
}

#[derive(Default)]
pub(super) struct Cx {
    pub(super) diags: Vec<Diagnostic>,
}

impl Cx {
    pub(super) fn err(&mut self, span: std::ops::Range<usize>, msg: impl Into<String>) {
        self.diags.push(Diagnostic::new(span, msg));
    }

    pub(super) fn err_help(
        &mut self,
        span: std::ops::Range<usize>,
        msg: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.diags.push(Diagnostic::new(span, msg).with_help(help));
    }

    fn de<T: for<'de> Deserialize<'de>>(&mut self, value: Spanned<DeValue<'_>>) -> Option<T> {
        match T::deserialize(value.into_deserializer()) {
            Ok(v) => Some(v),
            Err(e) => {
                self.diags.push(toml_diag(&e));
                None
            }
        }
    }

    /// Splits the document into its sections and deserializes each entry.
    fn split(&mut self, root: DeTable<'_>) -> RawScenario {
        let mut raw = RawScenario::default();
        for (key, value) in root {
            let key_span = key.span();
            let name = key.into_inner();
            match name.as_ref() {
                "scenario" => raw.meta = self.de(value),
                "delays" => raw.delays = self.de(value),
                "hub" => {
                    for (span, v) in self.array_of_tables(&name, value) {
                        let code = peek_string(&v, "code");
                        match self.de(v) {
                            Some(h) => raw.hubs.push((Spanned::new(span, ()), h)),
                            // Remember the code so that references to a hub
                            // with its own error do not report again.
                            None => raw.broken_hubs.extend(code),
                        }
                    }
                }
                "flight" => {
                    for (span, v) in self.array_of_tables(&name, value) {
                        if let Some(f) = self.de(v) {
                            raw.flights.push((Spanned::new(span, ()), f));
                        }
                    }
                }
                "road" => {
                    for (span, v) in self.array_of_tables(&name, value) {
                        if let Some(r) = self.de(v) {
                            raw.roads.push((Spanned::new(span, ()), r));
                        }
                    }
                }
                "gtfs" => {
                    for (span, v) in self.array_of_tables(&name, value) {
                        if let Some(g) = self.de(v) {
                            raw.gtfs.push((Spanned::new(span, ()), g));
                        }
                    }
                }
                "ssim" => {
                    for (span, v) in self.array_of_tables(&name, value) {
                        if let Some(x) = self.de(v) {
                            raw.ssim.push((Spanned::new(span, ()), x));
                        }
                    }
                }
                "shipment" => {
                    for (span, v) in self.array_of_tables(&name, value) {
                        if let Some(s) = self.de(v) {
                            raw.shipments.push((Spanned::new(span, ()), s));
                        }
                    }
                }
                "sla" => {
                    for (id, v) in self.named_tables(&name, value) {
                        if let Some(x) = self.de(v) {
                            raw.slas.push((id, x));
                        }
                    }
                }
                "product" => {
                    for (id, v) in self.named_tables(&name, value) {
                        if let Some(p) = self.de(v) {
                            raw.products.push((id, p));
                        }
                    }
                }
                "packaging" => {
                    for (id, v) in self.named_tables(&name, value) {
                        if let Some(p) = self.de(v) {
                            raw.packagings.push((id, p));
                        }
                    }
                }
                other => {
                    let mut d = Diagnostic::new(key_span, format!("unknown section `{other}`"));
                    d = match closest(other, TOP_LEVEL_KEYS) {
                        Some(s) => d.with_help(format!("did you mean `{s}`?")),
                        None => d.with_help(format!(
                            "a scenario has the sections {}",
                            TOP_LEVEL_KEYS.join(", ")
                        )),
                    };
                    self.diags.push(d);
                }
            }
        }
        raw
    }

    fn array_of_tables<'i>(
        &mut self,
        name: &str,
        value: Spanned<DeValue<'i>>,
    ) -> Vec<(std::ops::Range<usize>, Spanned<DeValue<'i>>)> {
        let span = value.span();
        match value.into_inner() {
            DeValue::Array(items) => items.into_iter().map(|v| (v.span(), v)).collect(),
            _ => {
                self.err_help(
                    span,
                    format!("`{name}` must be a list of tables"),
                    format!("write each entry under its own `[[{name}]]` header"),
                );
                Vec::new()
            }
        }
    }

    fn named_tables<'i>(
        &mut self,
        name: &str,
        value: Spanned<DeValue<'i>>,
    ) -> Vec<(Spanned<String>, Spanned<DeValue<'i>>)> {
        let span = value.span();
        match value.into_inner() {
            DeValue::Table(t) => t
                .into_iter()
                .map(|(k, v)| {
                    let ks = k.span();
                    (Spanned::new(ks, k.into_inner().into_owned()), v)
                })
                .collect(),
            _ => {
                self.err_help(
                    span,
                    format!("`{name}` must be a table of named entries"),
                    format!("write each entry under its own `[{name}.ID]` header"),
                );
                Vec::new()
            }
        }
    }

    pub(super) fn duration(&mut self, s: &S<String>) -> Option<Secs> {
        match time::parse_duration(s.get_ref()) {
            Ok(d) => Some(d),
            Err(e) => {
                self.err(s.span(), e);
                None
            }
        }
    }

    fn positive_duration(&mut self, s: &S<String>, what: &str) -> Option<Secs> {
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

    fn opt_duration(&mut self, s: &Option<S<String>>, default: Secs) -> Option<Secs> {
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

    fn temp_range(&mut self, v: &S<Vec<f64>>, what: &str) -> Option<TempRange> {
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

    fn clock(&mut self, s: &S<String>, allow_day_offset: bool) -> Option<ClockTime> {
        match ClockTime::parse(s.get_ref()) {
            Ok(c) if c.day_offset > 0 && !allow_day_offset => {
                self.err(s.span(), "a departure time cannot carry a day offset");
                None
            }
            Ok(c) => Some(c),
            Err(e) => {
                self.err(s.span(), e);
                None
            }
        }
    }

    fn window(&mut self, s: &Option<S<String>>) -> Option<DailyWindow> {
        match s {
            None => Some(DailyWindow::ALWAYS),
            Some(s) => match DailyWindow::parse(s.get_ref()) {
                Ok(w) => Some(w),
                Err(e) => {
                    self.err(s.span(), e);
                    None
                }
            },
        }
    }

    fn weekdays(&mut self, days: &Option<S<Vec<S<String>>>>) -> Option<Weekdays> {
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
                    self.err(d.span(), e);
                    ok = false;
                }
            }
        }
        ok.then_some(Weekdays(set))
    }

    fn date(&mut self, s: &Option<S<String>>) -> Option<Option<jiff::civil::Date>> {
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

    fn cost(&mut self, c: &Option<S<f64>>) -> Option<f64> {
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

    fn hub_ref(&mut self, s: &S<String>, codes: &HashMap<String, HubIdx>) -> Option<HubIdx> {
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

    fn resolve(
        &mut self,
        raw: RawScenario,
        feeds: &[crate::gtfs::Feed],
        schedules: &[crate::ssim::Schedule],
    ) -> Option<Scenario> {
        let (name, description, horizon) = match &raw.meta {
            Some(m) => (
                m.name
                    .as_ref()
                    .map(|s| s.get_ref().clone())
                    .unwrap_or_default(),
                m.description
                    .as_ref()
                    .map(|s| s.get_ref().clone())
                    .unwrap_or_default(),
                match &m.horizon {
                    Some(h) => self.positive_duration(h, "the planning horizon"),
                    None => Some(DEFAULT_HORIZON),
                },
            ),
            None => (String::new(), String::new(), Some(DEFAULT_HORIZON)),
        };

        // Codes the legs and shipments use: a typo in a [[hub]] code is
        // most likely one of these.
        let referenced: Vec<String> = raw
            .flights
            .iter()
            .flat_map(|(_, f)| [f.from.get_ref(), f.to.get_ref()])
            .chain(
                raw.roads
                    .iter()
                    .flat_map(|(_, r)| [r.from.get_ref(), r.to.get_ref()]),
            )
            .chain(
                raw.shipments
                    .iter()
                    .flat_map(|(_, x)| [x.from.get_ref(), x.to.get_ref()]),
            )
            .filter(|c| airports::lookup(c).is_some())
            .cloned()
            .collect();
        let mut hubs = self.hubs(&raw.hubs, &raw.broken_hubs, &referenced);
        // Every declared code resolves, even when its hub has an error of
        // its own: one mistake is reported once, not at every reference.
        let mut codes: HashMap<String, HubIdx> = raw
            .hubs
            .iter()
            .enumerate()
            .map(|(i, (_, h))| (h.code.get_ref().clone(), i))
            .collect();
        for code in &raw.broken_hubs {
            codes.entry(code.clone()).or_insert(usize::MAX);
        }
        // GTFS stops become hubs after the declared ones, so that
        // shipments can name them.
        let mut gtfs: Vec<(usize, crate::gtfs::FeedSettings, Vec<Option<HubIdx>>)> = Vec::new();
        for (k, (span, g)) in raw.gtfs.iter().enumerate() {
            let settings = self.gtfs_settings(span.span(), g, &raw.hubs, &hubs);
            let Some(feed) = feeds.get(k) else {
                self.err_help(
                    g.path.span(),
                    format!("the GTFS feed `{}` was not read", g.path.get_ref()),
                    "load the scenario through the coldroute command, which reads its feeds",
                );
                continue;
            };
            let Some(settings) = settings else { continue };
            let taken: std::collections::HashSet<String> = codes.keys().cloned().collect();
            match crate::gtfs::stop_hubs(feed, &settings, &taken) {
                Ok(sh) => {
                    let base = hubs.len();
                    for (i, h) in sh.hubs.iter().enumerate() {
                        codes.insert(h.code.clone(), base + i);
                    }
                    hubs.extend(sh.hubs.into_iter().map(Some));
                    let of_stop = sh.of_stop.iter().map(|o| o.map(|i| base + i)).collect();
                    gtfs.push((k, settings, of_stop));
                }
                Err(clashes) => self.err_help(
                    g.path.span(),
                    format!(
                        "stops of this feed clash with other hubs even with the feed's prefix: {}",
                        clashes.join(", ")
                    ),
                    "give the feed another `id`",
                ),
            }
        }
        let mut flights: Vec<Option<Flight>> = raw
            .flights
            .iter()
            .map(|(span, f)| self.flight(span.span(), f, &codes))
            .collect();
        let mut ssim_ids: Vec<(String, std::ops::Range<usize>)> = Vec::new();
        for (k, (_, x)) in raw.ssim.iter().enumerate() {
            let Some(settings) = self.ssim_settings(x) else {
                continue;
            };
            let Some(schedule) = schedules.get(k) else {
                self.err_help(
                    x.path.span(),
                    format!("the SSIM file `{}` was not read", x.path.get_ref()),
                    "load the scenario through the coldroute command, which reads its files",
                );
                continue;
            };
            let hub = |c: &str| codes.get(c).copied().filter(|&i| i != usize::MAX);
            let zone = |i: HubIdx| {
                hubs.get(i).and_then(|h| h.as_ref()).map_or_else(
                    || crate::time::Zone::new(jiff::tz::TimeZone::UTC),
                    |h| h.tz.clone(),
                )
            };
            match crate::ssim::flights::flights(
                &schedule.legs,
                &settings,
                &hub,
                &zone,
                x.path.span(),
            ) {
                Ok(imported) => {
                    for f in imported.flights {
                        ssim_ids.push((f.id.clone(), x.path.span()));
                        flights.push(Some(f));
                    }
                }
                Err(errors) => {
                    for e in errors {
                        self.err(
                            x.path.span(),
                            format!("{}:{}:{}: {}", x.path.get_ref(), e.line, e.col, e.message),
                        );
                    }
                }
            }
        }
        let roads: Vec<Option<Road>> = raw
            .roads
            .iter()
            .map(|(span, r)| self.road(span.span(), r, &codes, &hubs))
            .collect();
        let products: Vec<Option<Product>> = raw
            .products
            .iter()
            .map(|(id, p)| self.product(id, p))
            .collect();
        let packagings: Vec<Option<Packaging>> = raw
            .packagings
            .iter()
            .map(|(id, p)| self.packaging(id, p))
            .collect();
        let product_ids: HashMap<&str, usize> = raw
            .products
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (id.get_ref().as_str(), i))
            .collect();
        let packaging_ids: HashMap<&str, usize> = raw
            .packagings
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (id.get_ref().as_str(), i))
            .collect();
        let shipments: Vec<Option<Shipment>> = raw
            .shipments
            .iter()
            .map(|(span, s)| {
                self.shipment(
                    span.span(),
                    s,
                    &codes,
                    &hubs,
                    &product_ids,
                    &packaging_ids,
                    &products,
                )
            })
            .collect();

        // Rides over every shipment's planning window.
        let windows: Vec<(Secs, Secs)> = shipments
            .iter()
            .flatten()
            .filter_map(|sh| {
                let h = horizon?;
                Some((sh.ready - Secs(86_400), sh.ready + h))
            })
            .collect();
        let (mut lines, mut walks) = (Vec::new(), Vec::new());
        for (k, settings, of_stop) in &gtfs {
            lines.extend(crate::gtfs::lines(&feeds[*k], settings, of_stop, &windows));
            walks.extend(crate::gtfs::walks(&feeds[*k], of_stop));
        }

        self.unique_ids(
            "flight",
            raw.flights
                .iter()
                .map(|(_, f)| (f.id.get_ref().clone(), f.id.span()))
                .chain(ssim_ids),
        );
        self.unique_ids(
            "road",
            raw.roads
                .iter()
                .zip(&roads)
                .filter_map(|((span, r), resolved)| {
                    let id = resolved.as_ref().map(|r| r.id.clone())?;
                    let span = r.id.as_ref().map_or(span.span(), |s| s.span());
                    Some((id, span))
                }),
        );
        self.unique_ids(
            "shipment",
            raw.shipments
                .iter()
                .map(|(_, s)| (s.id.get_ref().clone(), s.id.span())),
        );
        if raw.shipments.is_empty() && self.diags.is_empty() {
            self.err_help(
                0..0,
                "the scenario has no shipments",
                "add a [[shipment]] table; docs/scenario-format.md shows one",
            );
        }

        let slas: Vec<Option<NamedSla>> = raw
            .slas
            .iter()
            .map(|(id, x)| {
                Some(NamedSla {
                    id: id.get_ref().clone(),
                    sla: self.sla(x)?,
                })
            })
            .collect();
        let delays = self.delays(&raw);
        let scenario = Scenario {
            delays: delays?,
            slas: slas.into_iter().collect::<Option<_>>()?,
            name,
            description,
            horizon: horizon?,
            hubs: hubs.into_iter().collect::<Option<_>>()?,
            flights: flights.into_iter().collect::<Option<_>>()?,
            roads: roads.into_iter().collect::<Option<_>>()?,
            lines,
            walks,
            products: products.into_iter().collect::<Option<_>>()?,
            packagings: packagings.into_iter().collect::<Option<_>>()?,
            shipments: shipments.into_iter().collect::<Option<_>>()?,
        };
        if !self.diags.is_empty() {
            return None;
        }
        let raw_spans = RawSpans::new(&raw);
        self.diags
            .extend(super::checks::cross_checks(&scenario, &raw_spans));
        Some(scenario)
    }

    /// How an `[[ssim]]` table takes its legs.
    fn ssim_settings(&mut self, x: &super::raw::RawSsim) -> Option<crate::ssim::flights::Settings> {
        use crate::ssim::flights::Settings;
        let defaults = self.ssim_leg(
            &x.hold,
            &x.tarmac,
            &x.tarmac_departure,
            &x.tarmac_arrival,
            &x.cost,
        );
        let mut maps = Vec::new();
        for m in [&x.aircraft, &x.carrier] {
            let mut out = HashMap::new();
            let mut ok = true;
            if let Some(m) = m {
                for (k, v) in m.get_ref() {
                    let r = v.get_ref();
                    match self.ssim_leg(
                        &r.hold,
                        &r.tarmac,
                        &r.tarmac_departure,
                        &r.tarmac_arrival,
                        &r.cost,
                    ) {
                        Some(l) => {
                            out.insert(k.clone(), l);
                        }
                        None => ok = false,
                    }
                }
            }
            maps.push(ok.then_some(out));
        }
        let list = |v: &Option<S<Vec<S<String>>>>| {
            v.as_ref().map(|v| {
                v.get_ref()
                    .iter()
                    .map(|s| s.get_ref().trim().to_string())
                    .collect::<Vec<_>>()
            })
        };
        let by_carrier = maps.pop().flatten();
        let by_aircraft = maps.pop().flatten();
        Some(Settings {
            carriers: list(&x.carriers),
            service_types: list(&x.service_types)
                .map(|v| v.iter().filter_map(|s| s.chars().next()).collect()),
            defaults: defaults?,
            by_aircraft: by_aircraft?,
            by_carrier: by_carrier?,
        })
    }

    /// The settings of SSIM legs: each key absent stays unset.
    fn ssim_leg(
        &mut self,
        hold: &Option<S<Vec<f64>>>,
        tarmac: &Option<S<String>>,
        tarmac_departure: &Option<S<String>>,
        tarmac_arrival: &Option<S<String>>,
        cost: &Option<S<f64>>,
    ) -> Option<crate::ssim::flights::LegSettings> {
        let hold = hold
            .as_ref()
            .map(|h| self.temp_range(h, "the cargo-hold band"));
        let mut dur = |v: &Option<S<String>>| v.as_ref().map(|d| self.duration(d));
        let both = dur(tarmac);
        let dep = dur(tarmac_departure).or(both);
        let arr = dur(tarmac_arrival).or(both);
        let cost = cost.as_ref().map(|_| self.cost(cost));
        Some(crate::ssim::flights::LegSettings {
            hold: hold.map(|h| h.ok_or(())).transpose().ok()?,
            tarmac_departure: dep.map(|d| d.ok_or(())).transpose().ok()?,
            tarmac_arrival: arr.map(|d| d.ok_or(())).transpose().ok()?,
            cost: cost.map(|c| c.ok_or(())).transpose().ok()?,
        })
    }

    fn gtfs_settings(
        &mut self,
        span: std::ops::Range<usize>,
        g: &RawGtfs,
        raw_hubs: &[(Spanned<()>, RawHub)],
        hubs: &[Option<Hub>],
    ) -> Option<crate::gtfs::FeedSettings> {
        let id = match &g.id {
            Some(id) => id.get_ref().clone(),
            None => {
                let p = g.path.get_ref().trim_end_matches(['/', '\\']);
                let stem = p.rsplit(['/', '\\']).next().unwrap_or(p);
                stem.trim_end_matches(".zip").to_string()
            }
        };
        let climate = match (&g.climate, &g.climate_like) {
            (Some(c), None) => self.climate(c),
            (None, Some(like)) => {
                let found = raw_hubs
                    .iter()
                    .zip(hubs)
                    .find(|((_, h), _)| h.code.get_ref() == like.get_ref() && h.climate.is_some());
                match found {
                    Some((_, Some(h))) => Some(h.climate.clone()),
                    Some((_, None)) => None,
                    None => {
                        self.err_help(
                            like.span(),
                            format!(
                                "`climate_like` names `{}`, which is not a hub with its own climate",
                                like.get_ref()
                            ),
                            "name a [[hub]] that has a `climate` table",
                        );
                        None
                    }
                }
            }
            (Some(c), Some(_)) => {
                self.err_help(
                    c.span(),
                    "a feed takes `climate` or `climate_like`, not both",
                    "remove one of them",
                );
                None
            }
            (None, None) => {
                self.err_help(
                    g.path.span(),
                    "the feed's stops have no climate",
                    "add climate = { min = [...12], max = [...12] } or climate_like = \"HUB\" to the [[gtfs]] table",
                );
                None
            }
        };
        let min_connection = self.opt_duration(&g.min_connection, Secs(0));
        let mut route_types = BTreeMap::new();
        if let Some(m) = &g.route_types {
            for (k, v) in m.get_ref() {
                let spec = self.leg_spec(v);
                match k.trim().parse::<i16>() {
                    Ok(t) => {
                        if let Some(spec) = spec {
                            route_types.insert(t, spec);
                        }
                    }
                    Err(_) => self.err_help(
                        m.span(),
                        format!("`{k}` is not a GTFS route_type"),
                        "keys are route_type numbers as strings, like \"3\" for bus",
                    ),
                }
            }
        }
        let mut named = |m: &Option<S<BTreeMap<String, S<RawLegSpec>>>>| {
            let mut out = BTreeMap::new();
            if let Some(m) = m {
                for (k, v) in m.get_ref() {
                    if let Some(spec) = self.leg_spec(v) {
                        out.insert(k.clone(), spec);
                    }
                }
            }
            out
        };
        let agencies = named(&g.agencies);
        let routes = named(&g.routes);
        Some(crate::gtfs::FeedSettings {
            id,
            climate: climate?,
            min_connection: min_connection?,
            route_types,
            agencies,
            routes,
            span,
        })
    }

    fn leg_spec(&mut self, v: &S<RawLegSpec>) -> Option<crate::gtfs::LegSpec> {
        match v.get_ref() {
            RawLegSpec::Word(w) if w == "ambient" => Some(crate::gtfs::LegSpec::default()),
            RawLegSpec::Word(w) => {
                self.err_help(
                    v.span(),
                    format!("unknown ride setting `{w}`"),
                    "write \"ambient\", or a table like { reefer = 5, cost = 2 }",
                );
                None
            }
            RawLegSpec::Table(t) => {
                let ambient = match t.reefer {
                    Some(x) if x.is_finite() => RoadAmbient::Reefer(Celsius(x)),
                    Some(_) => {
                        self.err(v.span(), "reefer must be a finite number");
                        return None;
                    }
                    None => RoadAmbient::Ambient,
                };
                let cost = t.cost.unwrap_or(0.0);
                if !(cost.is_finite() && cost >= 0.0) {
                    self.err(v.span(), "cost must be a finite number, not negative");
                    return None;
                }
                Some(crate::gtfs::LegSpec { ambient, cost })
            }
        }
    }

    fn unique_ids(
        &mut self,
        kind: &str,
        ids: impl Iterator<Item = (String, std::ops::Range<usize>)>,
    ) {
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        for (id, span) in ids {
            if !seen.insert(id.clone()) {
                self.err_help(
                    span,
                    format!("duplicate {kind} id `{id}`"),
                    format!("each {kind} needs its own id; rename one of them"),
                );
            }
        }
    }

    fn hubs(
        &mut self,
        raw: &[(Spanned<()>, RawHub)],
        broken: &[String],
        referenced: &[String],
    ) -> Vec<Option<Hub>> {
        let mut out: Vec<Option<Hub>> = Vec::with_capacity(raw.len());
        let mut seen: HashMap<&str, ()> = HashMap::new();
        for (span, h) in raw {
            let code = h.code.get_ref();
            if seen.insert(code.as_str(), ()).is_some() {
                self.err_help(
                    h.code.span(),
                    format!("duplicate hub code `{code}`"),
                    "declare each hub once",
                );
                out.push(None);
                continue;
            }
            out.push(self.hub(span.span(), h, referenced));
        }
        // Second pass: `climate_like` refers to another hub's climate.
        let climates: HashMap<String, Climate> = raw
            .iter()
            .zip(&out)
            .filter(|((_, h), _)| h.climate.is_some())
            .filter_map(|((_, h), r)| {
                r.as_ref()
                    .map(|r| (h.code.get_ref().clone(), r.climate.clone()))
            })
            .collect();
        for ((_, h), hub) in raw.iter().zip(out.iter_mut()) {
            let Some(like) = &h.climate_like else {
                continue;
            };
            // A named hub that has its own error is reported once, there.
            let named_has_table = raw
                .iter()
                .any(|(_, h)| h.code.get_ref() == like.get_ref() && h.climate.is_some());
            if broken.contains(like.get_ref())
                || (named_has_table && !climates.contains_key(like.get_ref()))
            {
                *hub = None;
                continue;
            }
            match climates.get(like.get_ref()) {
                Some(c) => {
                    if let Some(hub) = hub {
                        hub.climate = c.clone();
                    }
                }
                None => {
                    let mut d = Diagnostic::new(
                        like.span(),
                        format!(
                            "`climate_like` names `{}`, which is not a hub with its own climate",
                            like.get_ref()
                        ),
                    );
                    if let Some(near) = closest(like.get_ref(), climates.keys().map(String::as_str))
                    {
                        d = d.with_help(format!("did you mean `{near}`?"));
                    } else {
                        d = d.with_help("name a hub that has a `climate` table");
                    }
                    self.diags.push(d);
                    *hub = None;
                }
            }
        }
        out
    }

    fn hub(
        &mut self,
        span: std::ops::Range<usize>,
        h: &RawHub,
        referenced: &[String],
    ) -> Option<Hub> {
        let code = h.code.get_ref().clone();
        let mut ok = true;
        if code.trim().is_empty() || code.contains(char::is_whitespace) {
            self.err_help(
                h.code.span(),
                format!("hub code `{code}` is empty or has spaces"),
                "use an IATA code like `PEK` or a site code like `SAL-CVS`",
            );
            return None;
        }
        let airport = airports::lookup(&code);
        if airport.is_none() && (h.position.is_none() || h.timezone.is_none()) {
            let looks_iata = code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase());
            let mut d = Diagnostic::new(
                h.code.span(),
                if looks_iata {
                    format!("unknown airport code `{code}`")
                } else {
                    let missing = match (h.position.is_none(), h.timezone.is_none()) {
                        (true, true) => "a position and a time zone",
                        (true, false) => "a position",
                        _ => "a time zone",
                    };
                    format!("hub `{code}` is not an airport, so it needs {missing}")
                },
            );
            // Prefer an airport the file itself uses elsewhere.
            let suggestion = if looks_iata {
                closest(&code, referenced.iter().map(String::as_str))
                    .filter(|c| *c != code)
                    .map(str::to_string)
                    .or(airports::suggest(&code).map(str::to_string))
            } else {
                None
            };
            d = match suggestion {
                Some(s) => d.with_help(format!(
                    "did you mean `{s}`? for a site that is not an airport, give `position = [lat, lon]` and `timezone`"
                )),
                None => d.with_help("give `position = [lat, lon]` and `timezone = \"Area/City\"`"),
            };
            self.diags.push(d);
            ok = false;
        }
        let name = h
            .name
            .as_ref()
            .map(|n| n.get_ref().clone())
            .or(airport.map(|a| a.name.to_string()))
            .unwrap_or_else(|| code.clone());
        let (mut lat, mut lon) = airport.map_or((0.0, 0.0), |a| (a.lat, a.lon));
        if let Some(p) = &h.position {
            let v = p.get_ref();
            if v.len() != 2 || !(-90.0..=90.0).contains(&v[0]) || !(-180.0..=180.0).contains(&v[1])
            {
                self.err_help(
                    p.span(),
                    "position must be `[latitude, longitude]` in degrees",
                    "latitude runs -90..90 and longitude -180..180, like `[13.69, -89.22]`",
                );
                ok = false;
            } else {
                (lat, lon) = (v[0], v[1]);
            }
        }
        let tz_name = h
            .timezone
            .as_ref()
            .map(|t| t.get_ref().clone())
            .or(airport.map(|a| a.tz.to_string()))
            .unwrap_or_default();
        let tz = match time::time_zone(&tz_name) {
            Ok(tz) => Some(tz),
            Err(_) => {
                if let Some(t) = &h.timezone {
                    let mut d =
                        Diagnostic::new(t.span(), format!("`{tz_name}` is not an IANA time zone"));
                    d = match time::closest_zone(&tz_name) {
                        Some(z) => d.with_help(format!("did you mean `{z}`?")),
                        None => d.with_help("use an IANA name like `America/El_Salvador`"),
                    };
                    self.diags.push(d);
                }
                None
            }
        };
        let min_connection = self.opt_duration(&h.min_connection, DEFAULT_MIN_CONNECTION);
        let handling = self.opt_duration(&h.handling, Secs(0));
        let cold_room = match &h.cold_room {
            Some(c) => self.finite(c, "cold_room").map(|x| Some(Celsius(x))),
            None => Some(None),
        };
        let (mut re_ice, mut recharge) = (Some(None), Some(None));
        if let Some(s) = &h.services {
            if let Some(d) = &s.get_ref().re_ice {
                re_ice = self.positive_duration(d, "re-icing").map(Some);
            }
            if let Some(d) = &s.get_ref().recharge {
                recharge = self.positive_duration(d, "recharging").map(Some);
            }
        }
        let opening = self.window(&h.opening);
        let receiving = match (&h.receiving, opening) {
            (None, Some(o)) => Some(o),
            (r, _) => self.window(r),
        };
        let climate = match (&h.climate, &h.climate_like) {
            (Some(c), None) => self.climate(c),
            (None, Some(_)) => Some(Climate {
                min: [0.0; 12],
                max: [0.0; 12],
            }),
            (Some(c), Some(_)) => {
                self.err_help(
                    c.span(),
                    "a hub takes `climate` or `climate_like`, not both",
                    "remove one of them",
                );
                None
            }
            (None, None) => {
                self.err_help(
                    h.code.span(),
                    format!("hub `{code}` has no climate"),
                    "add climate = { min = [12 monthly means of the daily minimum, C], max = [12 of the daily maximum] }, or climate_like = \"CODE\"",
                );
                None
            }
        };
        let solar_gain = match &h.solar_gain {
            Some(g) => self.finite(g, "solar_gain").map(Celsius),
            None => Some(Celsius(0.0)),
        };
        if !ok {
            return None;
        }
        Some(Hub {
            code,
            name,
            lat,
            lon,
            tz_name,
            tz: crate::time::Zone::new(tz?),
            is_airport: airport.is_some(),
            min_connection: min_connection?,
            handling: handling?,
            cold_room: cold_room?,
            re_ice: re_ice?,
            recharge: recharge?,
            opening: opening?,
            receiving: receiving?,
            climate: climate?,
            solar_gain: solar_gain?,
            span,
        })
    }

    fn climate(&mut self, c: &S<RawClimate>) -> Option<Climate> {
        let raw = c.get_ref();
        let mut ok = true;
        for v in [&raw.min, &raw.max] {
            if v.get_ref().len() != 12 || v.get_ref().iter().any(|x| !x.is_finite()) {
                self.err_help(
                    v.span(),
                    format!(
                        "a climate row needs 12 monthly values, January first; found {}",
                        v.get_ref().len()
                    ),
                    "give one number per month in C",
                );
                ok = false;
            }
        }
        if !ok {
            return None;
        }
        let mut min = [0.0; 12];
        let mut max = [0.0; 12];
        min.copy_from_slice(raw.min.get_ref());
        max.copy_from_slice(raw.max.get_ref());
        if let Some(m) = (0..12).find(|&m| min[m] > max[m]) {
            self.err_help(
                raw.min.span(),
                format!(
                    "climate is reversed in month {}: minimum {} C is above maximum {} C",
                    m + 1,
                    min[m],
                    max[m]
                ),
                "`min` holds the daily minima, `max` the daily maxima",
            );
            return None;
        }
        Some(Climate { min, max })
    }

    fn flight(
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

    fn road(
        &mut self,
        span: std::ops::Range<usize>,
        r: &RawRoad,
        codes: &HashMap<String, HubIdx>,
        hubs: &[Option<Hub>],
    ) -> Option<Road> {
        let from = self.hub_ref(&r.from, codes);
        let to = self.hub_ref(&r.to, codes);
        let id =
            r.id.as_ref()
                .map(|s| s.get_ref().clone())
                .unwrap_or_else(|| format!("{}-{}", r.from.get_ref(), r.to.get_ref()));
        if r.from.get_ref() == r.to.get_ref() {
            self.err_help(
                r.to.span(),
                format!("road `{id}` goes from `{}` to itself", r.from.get_ref()),
                "a road leg needs two different hubs",
            );
            return None;
        }
        let profile = match (&r.duration, &r.speed_kmh) {
            (Some(d), None) => match d.get_ref() {
                RoadDuration::Fixed(text) => {
                    let text = Spanned::new(d.span(), text.clone());
                    self.positive_duration(&text, "road travel time")
                        .map(TravelProfile::constant)
                }
                RoadDuration::Profile(table) => self.profile(d.span(), table),
            },
            (None, speed) => {
                let kmh = match speed {
                    Some(s) => self.positive(s, "speed_kmh"),
                    None => Some(DEFAULT_ROAD_SPEED_KMH),
                };
                let (Some(kmh), Some(Some(a)), Some(Some(b))) = (
                    kmh,
                    from.and_then(|i| hubs.get(i)),
                    to.and_then(|i| hubs.get(i)),
                ) else {
                    return None;
                };
                let km = great_circle_km(a.lat, a.lon, b.lat, b.lon);
                let secs = (km / kmh * 3600.0).round().max(60.0);
                if secs > MAX_TRAVEL_S {
                    if let Some(sp) = speed {
                        self.err_help(
                            sp.span(),
                            format!("at speed_kmh = {kmh:e} the {km:.0} km road `{id}` would take more than ten years"),
                            "give the average speed in km/h, like `speed_kmh = 60`",
                        );
                    }
                    return None;
                }
                Some(TravelProfile::constant(Secs(secs as i64)))
            }
            (Some(d), Some(_)) => {
                self.err_help(
                    d.span(),
                    format!("road `{id}` gives both `duration` and `speed_kmh`"),
                    "keep one: a duration (fixed or by time of day), or an average speed over the great-circle distance",
                );
                None
            }
        };
        let ambient = match &r.reefer {
            Some(t) => self
                .finite(t, "reefer set point")
                .map(|x| RoadAmbient::Reefer(Celsius(x))),
            None => Some(RoadAmbient::Ambient),
        };
        let hours = self.window(&r.hours);
        let departures = match &r.every {
            Some(e) => self
                .positive_duration(e, "the departure interval")
                .map(Departures::Every),
            None => Some(Departures::OnDemand),
        };
        let days = self.weekdays(&r.days);
        let cost = self.cost(&r.cost);
        Some(Road {
            id,
            from: from?,
            to: to?,
            profile: profile?,
            ambient: ambient?,
            hours: hours?,
            departures: departures?,
            days: days?,
            cost: cost?,
            span,
        })
    }

    fn profile(
        &mut self,
        span: std::ops::Range<usize>,
        table: &toml::Table,
    ) -> Option<TravelProfile> {
        let mut points: BTreeMap<u32, Secs> = BTreeMap::new();
        let mut ok = true;
        for (k, v) in table {
            let t = match ClockTime::parse(k) {
                Ok(c) if c.day_offset == 0 => c.secs,
                _ => {
                    self.err_help(
                        span.clone(),
                        format!("profile key `{k}` is not a local time"),
                        "keys are departure times like \"06:30\"",
                    );
                    ok = false;
                    continue;
                }
            };
            let d = match v.as_str().map(time::parse_duration) {
                Some(Ok(d)) if d.0 > 0 => d,
                Some(Ok(_)) => {
                    self.err_help(
                        span.clone(),
                        format!("travel time at {k} must be longer than zero"),
                        "give a positive duration, like \"55m\"",
                    );
                    ok = false;
                    continue;
                }
                Some(Err(e)) => {
                    self.err(span.clone(), format!("travel time at {k}: {e}"));
                    ok = false;
                    continue;
                }
                None => {
                    self.err_help(
                        span.clone(),
                        format!("travel time at {k} must be a duration string"),
                        "write it like \"1h20m\"",
                    );
                    ok = false;
                    continue;
                }
            };
            points.insert(t, d);
        }
        if points.is_empty() && ok {
            self.err_help(
                span.clone(),
                "the travel-time profile is empty",
                "give at least one \"HH:MM\" = \"duration\" entry",
            );
            return None;
        }
        if !ok {
            return None;
        }
        let points: Vec<(u32, Secs)> = points.into_iter().collect();
        // FIFO: between consecutive breakpoints (wrapping past midnight),
        // arrival = departure + travel must not decrease.
        let n = points.len();
        if n > 1 {
            for i in 0..n {
                let (ta, da) = points[i];
                let (tb, db) = points[(i + 1) % n];
                let tb_abs = if i + 1 == n {
                    tb as i64 + 86_400
                } else {
                    tb as i64
                };
                if tb_abs + db.0 < ta as i64 + da.0 {
                    let hm = |s: u32| format!("{:02}:{:02}", s / 3600, (s / 60) % 60);
                    self.err_help(
                        span.clone(),
                        format!(
                            "leaving at {} takes {da} but leaving later at {} takes {db}: a later departure would arrive earlier",
                            hm(ta),
                            hm(tb)
                        ),
                        "travel time may drop no faster than the clock advances between two breakpoints; add a breakpoint in between or lengthen the later travel time",
                    );
                    return None;
                }
            }
        }
        Some(TravelProfile { points })
    }

    fn product(&mut self, id: &Spanned<String>, p: &RawProduct) -> Option<Product> {
        let range = self.temp_range(&p.range, "the product range");
        let sensitive = p.freeze_sensitive.as_ref().map(|s| *s.get_ref());
        let freeze_limit = match (&p.freeze_limit, sensitive) {
            (Some(l), Some(false)) => {
                self.err_help(
                    l.span(),
                    "`freeze_limit` is set but `freeze_sensitive = false`",
                    "remove one of them",
                );
                None
            }
            (Some(l), _) => self.finite(l, "freeze_limit").map(|x| Some(Celsius(x))),
            (None, Some(true)) => Some(Some(DEFAULT_FREEZE_LIMIT)),
            (None, _) => Some(None),
        };
        if let (Some(Some(limit)), Some(r)) = (freeze_limit, range) {
            if limit.0 > r.lo.0 {
                let span = p.freeze_limit.as_ref().map_or(p.range.span(), |s| s.span());
                self.err_help(
                    span,
                    format!(
                        "the freeze limit {} is above the range's low end {}",
                        limit, r.lo
                    ),
                    "a freeze limit lies at or below the lowest allowed temperature",
                );
            }
        }
        let stability = match (&p.stability, &p.arrhenius) {
            (Some(s), None) => {
                let cat = match s.get_ref().to_ascii_uppercase().as_str() {
                    "VVM2" => Some(VvmCategory::Vvm2),
                    "VVM7" => Some(VvmCategory::Vvm7),
                    "VVM14" => Some(VvmCategory::Vvm14),
                    "VVM30" => Some(VvmCategory::Vvm30),
                    _ => None,
                };
                if cat.is_none() {
                    self.err_help(
                        s.span(),
                        format!("unknown stability model `{}`", s.get_ref()),
                        "use a WHO VVM category (VVM2, VVM7, VVM14, VVM30) or an `arrhenius` table",
                    );
                }
                cat.map(Stability::Vvm)
            }
            (None, Some(a)) => {
                let a = a.get_ref();
                let ea = self.positive(&a.ea_kj_per_mol, "ea_kj_per_mol");
                let t = self.finite(&a.ref_temp, "ref_temp");
                let days = self.positive(&a.ref_days, "ref_days");
                match (ea, t, days) {
                    (Some(ea), Some(t), Some(days)) => Some(Stability::Arrhenius {
                        ea_over_r_k: ea * 1000.0 / GAS_CONSTANT,
                        ref_temp: Celsius(t),
                        ref_days: days,
                    }),
                    _ => None,
                }
            }
            (Some(s), Some(_)) => {
                self.err_help(
                    s.span(),
                    "a product takes `stability` or `arrhenius`, not both",
                    "keep one stability model",
                );
                None
            }
            (None, None) => {
                self.err_help(
                    id.span(),
                    format!("product `{}` has no stability model", id.get_ref()),
                    "add stability = \"VVM14\" (a WHO VVM category) or arrhenius = { ea_kj_per_mol = 83.1, ref_temp = 5, ref_days = 1095 }",
                );
                None
            }
        };
        let allowance = self.opt_duration(&p.excursion_allowance, Secs(0));
        Some(Product {
            id: id.get_ref().clone(),
            name: p
                .name
                .as_ref()
                .map_or_else(|| id.get_ref().clone(), |n| n.get_ref().clone()),
            range: range?,
            freeze_limit: freeze_limit?,
            stability: stability?,
            excursion_allowance_s: allowance?.0 as f64,
        })
    }

    fn packaging(&mut self, id: &Spanned<String>, p: &RawPackaging) -> Option<Packaging> {
        let kind = match (&p.passive, &p.active) {
            (Some(pa), None) => self.passive(pa.get_ref()).map(PackagingKind::Passive),
            (None, Some(ac)) => self.active(ac.get_ref()).map(PackagingKind::Active),
            (Some(pa), Some(_)) => {
                self.err_help(
                    pa.span(),
                    "packaging is `passive` or `active`, not both",
                    "keep one of the two tables",
                );
                None
            }
            (None, None) => {
                self.err_help(
                    id.span(),
                    format!("packaging `{}` is neither `passive` nor `active`", id.get_ref()),
                    "add passive = { coolant = \"water-ice\", coolant_kg = 16, ua_w_per_k = 0.45, payload_kj_per_k = 12 } or an `active` table",
                );
                None
            }
        };
        Some(Packaging {
            id: id.get_ref().clone(),
            name: p
                .name
                .as_ref()
                .map_or_else(|| id.get_ref().clone(), |n| n.get_ref().clone()),
            kind: kind?,
        })
    }

    fn passive(&mut self, p: &RawPassive) -> Option<Passive> {
        let coolant = match p.coolant.get_ref().as_str() {
            "water-ice" | "dry-ice" => {
                for extra in [&p.phase_c, &p.latent_kj_per_kg].into_iter().flatten() {
                    self.err_help(
                        extra.span(),
                        format!(
                            "`{}` has a fixed phase temperature and latent heat",
                            p.coolant.get_ref()
                        ),
                        "only a `pcm` coolant takes `phase_c` and `latent_kj_per_kg`",
                    );
                }
                Some(if p.coolant.get_ref() == "water-ice" {
                    Coolant::WaterIce
                } else {
                    Coolant::DryIce
                })
            }
            "pcm" => match (&p.phase_c, &p.latent_kj_per_kg) {
                (Some(t), Some(l)) => {
                    let t = self.finite(t, "phase_c");
                    let l = self.positive(l, "latent_kj_per_kg");
                    Some(Coolant::Pcm {
                        phase: Celsius(t?),
                        latent_kj_per_kg: l?,
                    })
                }
                _ => {
                    self.err_help(
                        p.coolant.span(),
                        "a `pcm` coolant needs `phase_c` and `latent_kj_per_kg`",
                        "add them from the PCM's data sheet, like phase_c = 5, latent_kj_per_kg = 200",
                    );
                    None
                }
            },
            other => {
                let mut d = Diagnostic::new(p.coolant.span(), format!("unknown coolant `{other}`"));
                d = match closest(other, ["water-ice", "dry-ice", "pcm"]) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help("use `water-ice`, `dry-ice` or `pcm`"),
                };
                self.diags.push(d);
                None
            }
        };
        let kg = self.positive(&p.coolant_kg, "coolant_kg");
        let ua = self.positive(&p.ua_w_per_k, "ua_w_per_k");
        let c = self.positive(&p.payload_kj_per_k, "payload_kj_per_k");
        Some(Passive {
            coolant: coolant?,
            coolant_kg: kg?,
            ua_w_per_k: ua?,
            payload_kj_per_k: c?,
        })
    }

    fn active(&mut self, a: &RawActive) -> Option<Active> {
        let set = self.finite(&a.set_point, "set_point");
        let autonomy = self.positive(&a.autonomy_h, "autonomy_h");
        let rated = match &a.rated_ambient {
            Some(r) => self.finite(r, "rated_ambient"),
            None => Some(DEFAULT_RATED_AMBIENT),
        };
        let operating = self.temp_range(&a.operating, "the operating range");
        let ua = self.positive(&a.ua_w_per_k, "ua_w_per_k");
        let c = self.positive(&a.payload_kj_per_k, "payload_kj_per_k");
        if let (Some(r), Some(op)) = (rated, operating) {
            if !op.contains(Celsius(r)) {
                let span = a
                    .rated_ambient
                    .as_ref()
                    .map_or(a.operating.span(), |s| s.span());
                self.err_help(
                    span,
                    format!(
                        "the rated ambient {} C lies outside the operating range {op}",
                        r
                    ),
                    "autonomy is rated at an ambient the unit can work in",
                );
            }
        }
        Some(Active {
            set_point: Celsius(set?),
            autonomy_h: autonomy?,
            rated_ambient: Celsius(rated?),
            operating: operating?,
            ua_w_per_k: ua?,
            payload_kj_per_k: c?,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn shipment(
        &mut self,
        span: std::ops::Range<usize>,
        s: &RawShipment,
        codes: &HashMap<String, HubIdx>,
        hubs: &[Option<Hub>],
        product_ids: &HashMap<&str, usize>,
        packaging_ids: &HashMap<&str, usize>,
        products: &[Option<Product>],
    ) -> Option<Shipment> {
        let product = self.named_ref(&s.product, "product", product_ids);
        let packaging = self.named_ref(&s.packaging, "packaging", packaging_ids);
        let from = self.hub_ref(&s.from, codes);
        let to = self.hub_ref(&s.to, codes);
        if s.from.get_ref() == s.to.get_ref() {
            self.err_help(
                s.to.span(),
                format!(
                    "shipment `{}` starts and ends at `{}`",
                    s.id.get_ref(),
                    s.from.get_ref()
                ),
                "a shipment needs two different hubs",
            );
        }
        let origin_tz = from
            .and_then(|i| hubs.get(i))
            .and_then(|h| h.as_ref())
            .map(|h| h.tz.clone());
        let ready = match origin_tz {
            Some(tz) => self.instant(&s.ready, &tz),
            None => None,
        };
        let payload_start = match (&s.payload_start, product.and_then(|i| products.get(i))) {
            (Some(t), _) => self.finite(t, "payload_start").map(Celsius),
            (None, Some(Some(p))) => Some(p.range.mid()),
            (None, _) => None,
        };
        let sla = self.sla(s.sla.get_ref());
        if s.from.get_ref() == s.to.get_ref() {
            return None;
        }
        Some(Shipment {
            id: s.id.get_ref().clone(),
            product: product?,
            packaging: packaging?,
            from: from?,
            to: to?,
            ready: ready?,
            payload_start: payload_start?,
            sla: sla?,
            span,
        })
    }

    fn named_ref(
        &mut self,
        s: &S<String>,
        kind: &str,
        ids: &HashMap<&str, usize>,
    ) -> Option<usize> {
        if let Some(&i) = ids.get(s.get_ref().as_str()) {
            return Some(i);
        }
        let mut d = Diagnostic::new(s.span(), format!("unknown {kind} `{}`", s.get_ref()));
        d = match closest(s.get_ref(), ids.keys().copied()) {
            Some(near) => d.with_help(format!("did you mean `{near}`?")),
            None => d.with_help(format!("declare it in a [{kind}.{}] table", s.get_ref())),
        };
        self.diags.push(d);
        None
    }

    /// A one-off instant: with an offset (`2021-03-26T06:00+08:00`), with a
    /// zone (`2021-03-26T06:00[Asia/Shanghai]`), or naive, read on the
    /// origin hub's clock. A naive time in a DST gap is an error; in a fold
    /// the earlier instant is used.
    fn instant(&mut self, s: &S<String>, origin: &jiff::tz::TimeZone) -> Option<Secs> {
        match time::parse_instant(s.get_ref(), origin) {
            Ok(t) => Some(t),
            Err(e) => {
                self.err_help(s.span(), e.to_string(), e.help());
                None
            }
        }
    }

    fn sla(&mut self, s: &RawSla) -> Option<Sla> {
        let max_transit = self.positive_duration(&s.max_transit, "max_transit");
        let min_margin = self.opt_duration(&s.min_margin, Secs(0));
        let max_excursion = self.opt_duration(&s.max_excursion, Secs(0));
        let max_stability = match &s.max_stability {
            Some(v) => {
                let x = self.finite(v, "max_stability")?;
                if !(x > 0.0 && x <= 1.0) {
                    self.err_help(
                        v.span(),
                        format!(
                            "max_stability is a share of the budget, between 0 and 1; found {x}"
                        ),
                        "write 2 % as 0.02",
                    );
                    None
                } else {
                    Some(x)
                }
            }
            None => Some(1.0),
        };
        Some(Sla {
            max_transit: max_transit?,
            min_margin: min_margin?,
            max_excursion: max_excursion?,
            max_stability: max_stability?,
        })
    }
}

/// Spans the cross checks point at, by entry index.
pub(crate) struct RawSpans {
    /// `departs` of each flight.
    pub flight_departs: Vec<std::ops::Range<usize>>,
    /// `to` of each shipment.
    pub shipment_to: Vec<std::ops::Range<usize>>,
    /// `sla.max_transit` of each shipment.
    pub shipment_max_transit: Vec<std::ops::Range<usize>>,
}

impl RawSpans {
    fn new(raw: &RawScenario) -> RawSpans {
        RawSpans {
            flight_departs: raw.flights.iter().map(|(_, f)| f.departs.span()).collect(),
            shipment_to: raw.shipments.iter().map(|(_, s)| s.to.span()).collect(),
            shipment_max_transit: raw
                .shipments
                .iter()
                .map(|(_, s)| s.sla.get_ref().max_transit.span())
                .collect(),
        }
    }
}
