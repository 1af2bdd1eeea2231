//! From TOML text to a resolved [`Scenario`], collecting every problem.
//!
//! The document is parsed once into a spanned TOML tree; each table entry
//! (`[[hub]]`, `[product.X]`, ...) is deserialized on its own so that one
//! bad entry does not hide the problems of the others, and then every value
//! is checked and converted. Problems are collected, never thrown.

use std::collections::HashMap;

use serde::de::{Deserialize, IntoDeserializer};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::diagnostic::{closest, Diagnostic};
use super::raw::*;
use crate::airports;
use crate::model::*;
use crate::thermal::{Packaging, Product};
use crate::units::Secs;

/// Default planning horizon after a shipment's ready time.
pub const DEFAULT_HORIZON: Secs = Secs(7 * 86_400);
/// Default average road speed when a road gives no duration, km/h.
pub const DEFAULT_ROAD_SPEED_KMH: f64 = 60.0;
/// Default rated ambient of an active container, C.
pub const DEFAULT_RATED_AMBIENT: f64 = 20.0;
/// Longest road travel time accepted, s (ten years, as for durations).
pub(super) const MAX_TRAVEL_S: f64 = 3650.0 * 86_400.0;
/// Molar gas constant, J/(mol K).
pub(super) const GAS_CONSTANT: f64 = 8.314_462_618;

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
    if !may_name_files(source) {
        return (Vec::new(), Vec::new());
    }
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

/// Whether `source` can have a `gtfs` or `ssim` key at all: a key is
/// spelled in the text, or written with a `\u`/`\U` escape in a quoted
/// key. Without either, [`file_sources`] skips its parse (a third of
/// loading a 3 MB world scenario).
fn may_name_files(source: &str) -> bool {
    ["gtfs", "ssim", "\\u", "\\U"]
        .iter()
        .any(|w| source.contains(w))
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
    load_with_sources_for(source, feeds, schedules, &[])
}

/// [`load_with_sources`], with the feeds' rides expanded also over the
/// planning windows of `extra_ready`: the ready times of queries on the
/// scenario's network that are not its shipments (an ad-hoc query, the
/// days of a sweep). Without them a feed's rides exist only around the
/// file's own shipments.
pub fn load_with_sources_for(
    source: &str,
    feeds: &[crate::gtfs::Feed],
    schedules: &[crate::ssim::Schedule],
    extra_ready: &[Secs],
) -> Result<Scenario, Vec<Diagnostic>> {
    let (root, syntax) = super::parse::parse(source);
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
    let raw = cx.split(root);
    let scenario = cx.resolve(raw, feeds, schedules, extra_ready);
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

    /// [`Cx::de`] of each entry of a list, on several threads when it is
    /// long (a generated world has 16,200 flights), in order: the entries that
    /// deserialize, with their spans, and the others' problems reported.
    fn de_each<T: for<'de> Deserialize<'de> + Send>(
        &mut self,
        items: Vec<(std::ops::Range<usize>, Spanned<DeValue<'_>>)>,
    ) -> Vec<(Spanned<()>, T)> {
        use rayon::prelude::*;
        let done: Vec<_> = items
            .into_par_iter()
            .with_min_len(256)
            .map(|(span, v)| (span, T::deserialize(v.into_deserializer())))
            .collect();
        let mut out = Vec::with_capacity(done.len());
        for (span, r) in done {
            match r {
                Ok(x) => out.push((Spanned::new(span, ()), x)),
                Err(e) => self.diags.push(toml_diag(&e)),
            }
        }
        out
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
                    let items = self.array_of_tables(&name, value);
                    raw.flights = self.de_each(items);
                }
                "road" => {
                    let items = self.array_of_tables(&name, value);
                    raw.roads = self.de_each(items);
                }
                "gtfs" => {
                    let items = self.array_of_tables(&name, value);
                    raw.gtfs = self.de_each(items);
                }
                "ssim" => {
                    let items = self.array_of_tables(&name, value);
                    raw.ssim = self.de_each(items);
                }
                "shipment" => {
                    let items = self.array_of_tables(&name, value);
                    raw.shipments = self.de_each(items);
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

    fn resolve(
        &mut self,
        raw: RawScenario,
        feeds: &[crate::gtfs::Feed],
        schedules: &[crate::ssim::Schedule],
        extra_ready: &[Secs],
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

        // Rides over every shipment's planning window, and the queries'.
        let windows: Vec<(Secs, Secs)> = shipments
            .iter()
            .flatten()
            .map(|sh| sh.ready)
            .chain(extra_ready.iter().copied())
            .filter_map(|ready| Some(crate::model::schedule_window(ready, horizon?)))
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
            mode: crate::model::Mode::ColdChain,
        };
        if !self.diags.is_empty() {
            return None;
        }
        let raw_spans = RawSpans::new(&raw);
        let no_service = |i: usize| out_of_service(&raw, &scenario, &gtfs, feeds, i);
        self.diags.extend(super::checks::cross_checks(
            &scenario,
            &raw_spans,
            &no_service,
        ));
        if self.diags.is_empty() {
            // The last guard: a bug of the loader, never bad input.
            if let Err(e) = scenario.check_invariants() {
                self.err_help(
                    0..0,
                    format!("internal error: {e}"),
                    "this is a bug in coldroute; please report it with the scenario",
                );
            }
        }
        Some(scenario)
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
}

/// Spans the cross checks point at, by entry index.
pub(crate) struct RawSpans {
    /// `departs` of each flight.
    pub flight_departs: Vec<std::ops::Range<usize>>,
    /// `to` of each shipment.
    pub shipment_to: Vec<std::ops::Range<usize>>,
    /// `sla.max_transit` of each shipment.
    pub shipment_max_transit: Vec<std::ops::Range<usize>>,
    /// `ready` of each shipment.
    pub shipment_ready: Vec<std::ops::Range<usize>>,
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
            shipment_ready: raw.shipments.iter().map(|(_, s)| s.ready.span()).collect(),
        }
    }
}

/// When shipment `i` of `s` goes from or to a GTFS feed's stop and is
/// ready when that feed runs no trip in its planning window: why, in words
/// that say when the feed runs (`no service on 2030-03-04: ...; it runs
/// 2024-01-01 .. 2024-12-31`). The reachability check asks, only for a
/// shipment no chain of legs takes to its destination, and says this
/// instead of only that.
fn out_of_service(
    raw: &RawScenario,
    s: &Scenario,
    gtfs: &[(usize, crate::gtfs::FeedSettings, Vec<Option<HubIdx>>)],
    feeds: &[crate::gtfs::Feed],
    i: usize,
) -> Option<String> {
    let sh = s.shipments.get(i)?;
    let (start, end) = crate::model::schedule_window(sh.ready, s.horizon);
    gtfs.iter().find_map(|(k, _, of_stop)| {
        let serves = of_stop
            .iter()
            .any(|&h| h == Some(sh.from) || h == Some(sh.to));
        let feed = &feeds[*k];
        if !serves || feed.n_connections(start, end) > 0 {
            return None;
        }
        let path = raw.gtfs[*k].1.path.get_ref();
        let date = crate::time::utc_to_local(&s.hubs[sh.from].tz, sh.ready).date;
        let runs = match feed.service_span() {
            Some((a, b)) => format!("it runs {a} .. {b}"),
            None => "its calendar runs on no day".to_string(),
        };
        Some(format!(
            "no service on {date}: the GTFS feed `{path}` has no trips within the planning horizon of shipment `{}`; {runs}",
            sh.id
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::file_sources;

    #[test]
    fn file_sources_finds_plain_and_escaped_keys_and_skips_files_without_them() {
        let plain = "[[gtfs]]\npath = \"a.zip\"\n[[ssim]]\npath = \"b.ssim\"\n";
        let (g, s) = file_sources(plain);
        assert_eq!(
            (g[0].path.as_str(), s[0].path.as_str()),
            ("a.zip", "b.ssim")
        );
        // `"\u0067tfs"` is the key `gtfs`.
        let escaped = "[[\"\\u0067tfs\"]]\npath = \"c.zip\"\n";
        assert_eq!(file_sources(escaped).0[0].path, "c.zip");
        let none = "[[hub]]\ncode = \"PEK\"\n";
        assert_eq!(file_sources(none), (Vec::new(), Vec::new()));
    }
}
