//! Planning a shipment list chunk by chunk.
//!
//! [`BatchPlanner::plan_chunk`] takes the rows read so far (a few
//! thousand at a time, so memory does not grow with the list) and returns
//! their records in the same order:
//!
//! 1. each row's spec is resolved against the scenario
//!    ([`ShipmentResolver`]); a bad row becomes an error record and the
//!    batch goes on;
//! 2. rows asking the same query (lane, ready instant, product,
//!    packaging, payload temperature, SLA) are planned once, and a bounded
//!    cache carries answers over to later chunks;
//! 3. the distinct queries are planned in parallel (rayon) over one
//!    network, built for a day of ready times plus the planning horizon
//!    and kept while later queries fall inside it. A search never looks
//!    past its own shipment's horizon, so the answer does not depend on
//!    which network it ran on (as for `planner::plan_shipments`).
//!
//! Every record depends only on its own row, so the output is the same
//! bytes whatever the thread count and the chunk size.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::record::{BatchRecord, BatchVerdict, LegSummary, PlanSummary, UtcInstant, SCHEMA};
use super::rows::RowError;
use crate::network::Network;
use crate::planner::{plan, Config, Planned, Query};
use crate::scenario::{Scenario, Shipment, ShipmentResolver, ShipmentSpec, SlaFigures};
use crate::units::Secs;

/// Answers kept for later chunks; past this the cache starts afresh. An
/// answer takes about 0.9 KB (measured on the generated world: 1,000,000
/// rows, 440,000 distinct queries, 437 MB peak; 5,000,000 rows, 1.27
/// million, 1.15 GB), so a full cache is about 1.8 GB; 5,000,000 rows
/// over 2,000 lanes by the minute ask about 1.3 million distinct
/// queries, all of which it keeps.
pub const CACHE_CAP: usize = 2_000_000;

/// The ready times one network is built for.
const NETWORK_SPAN: Secs = Secs(86_400);

/// One row of a list, as read.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// 1-based number among the list's data rows.
    pub number: usize,
    /// The spec, or why the row could not be read.
    pub spec: Result<ShipmentSpec, RowError>,
}

/// What a batch did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BatchStats {
    /// Rows seen.
    pub rows: usize,
    /// Rows refused (error records).
    pub refused: usize,
    /// Searches run (distinct queries).
    pub searched: usize,
    /// Rows answered by another row's search.
    pub deduplicated: usize,
    /// Networks built.
    pub networks: usize,
}

/// A query's identity: rows with equal keys get the same plan.
type Key = (usize, usize, i64, usize, usize, [i64; 3], u64, u64);

fn key(sh: &Shipment) -> Key {
    (
        sh.from,
        sh.to,
        sh.ready.0,
        sh.product,
        sh.packaging,
        [
            sh.sla.max_transit.0,
            sh.sla.min_margin.0,
            sh.sla.max_excursion.0,
        ],
        sh.sla.max_stability.to_bits(),
        sh.payload_start.0.to_bits(),
    )
}

/// Plans the rows of a list.
pub struct BatchPlanner<'s> {
    s: &'s Scenario,
    resolver: ShipmentResolver<'s>,
    cfg: Config,
    net: Option<Network>,
    /// Boxed: the table's empty slots then cost a pointer, not a summary.
    cache: HashMap<Key, Box<PlanSummary>>,
    /// Counters so far.
    pub stats: BatchStats,
}

impl<'s> BatchPlanner<'s> {
    /// A planner for lists on `s`, searching with `cfg`. A record shows
    /// only the recommended plan, so the search runs without the
    /// alternatives window ([`Config::recommended_only`]: the same
    /// recommended plan; the test below compares every record with
    /// `plan_shipment` under `cfg`), keeping the rejections that explain a
    /// row without a plan.
    pub fn new(s: &'s Scenario, cfg: Config) -> BatchPlanner<'s> {
        BatchPlanner {
            s,
            resolver: ShipmentResolver::new(s),
            cfg: Config {
                keep_rejections: cfg.keep_rejections,
                ..cfg.recommended_only()
            },
            net: None,
            cache: HashMap::new(),
            stats: BatchStats::default(),
        }
    }

    /// The records of `rows`, in their order.
    pub fn plan_chunk(&mut self, rows: &[Row]) -> Vec<BatchRecord> {
        self.stats.rows += rows.len();
        let resolved: Vec<Result<Shipment, String>> = rows
            .par_iter()
            .map(|r| match &r.spec {
                Ok(spec) => self.resolver.resolve(spec).map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            })
            .collect();
        // The distinct queries not answered yet, by ready time.
        if self.cache.len() > CACHE_CAP {
            self.cache.clear();
        }
        let mut todo: Vec<(Key, &Shipment)> = Vec::new();
        let mut seen: HashSet<Key> = HashSet::new();
        for sh in resolved.iter().flatten() {
            let k = key(sh);
            if self.cache.contains_key(&k) || !seen.insert(k) {
                self.stats.deduplicated += 1;
            } else {
                todo.push((k, sh));
            }
        }
        todo.sort_by_key(|(k, _)| (k.2, *k));
        self.stats.searched += todo.len();
        let mut rest = &todo[..];
        while let Some((_, first)) = rest.first() {
            let horizon = self.s.horizon;
            let covers = |net: &Network, sh: &Shipment| {
                net.start <= sh.ready && sh.ready + horizon <= net.end
            };
            if !self.net.as_ref().is_some_and(|n| covers(n, first)) {
                self.net = Some(Network::build(
                    self.s,
                    first.ready,
                    first.ready + NETWORK_SPAN + horizon,
                ));
                self.stats.networks += 1;
            }
            let Some(net) = self.net.as_ref() else {
                break;
            };
            let n = rest.iter().take_while(|(_, sh)| covers(net, sh)).count();
            let (group, tail) = rest.split_at(n.max(1));
            let (s, cfg) = (self.s, &self.cfg);
            let answers: Vec<(Key, Box<PlanSummary>)> = group
                .par_iter()
                .map(|(k, sh)| {
                    let planned = plan(s, net, &Query::for_shipment(sh), cfg);
                    (*k, Box::new(summarize(s, sh, &planned)))
                })
                .collect();
            self.cache.extend(answers);
            rest = tail;
        }
        rows.iter()
            .zip(&resolved)
            .map(|(row, r)| {
                let id = row.spec.as_ref().ok().map(|s| s.id.clone());
                match r {
                    Err(e) => {
                        self.stats.refused += 1;
                        BatchRecord::refused(row.number, id, e.clone())
                    }
                    Ok(sh) => {
                        let plan = self.cache.get(&key(sh)).map(|p| PlanSummary::clone(p));
                        BatchRecord {
                            schema: SCHEMA,
                            row: row.number,
                            id,
                            verdict: plan.as_ref().map_or(BatchVerdict::NoPlan, |p| p.verdict),
                            error: None,
                            plan,
                        }
                    }
                }
            })
            .collect()
    }
}

/// The recommended plan of `planned`, as a record shows it.
fn summarize(s: &Scenario, sh: &Shipment, planned: &Planned) -> PlanSummary {
    let mut out = PlanSummary {
        verdict: BatchVerdict::NoPlan,
        from: s.hubs[sh.from].code.clone(),
        to: s.hubs[sh.to].code.clone(),
        ready_utc: UtcInstant(sh.ready),
        arrival_utc: None,
        transit_s: None,
        margin_s: None,
        out_of_range_s: None,
        stability_used: None,
        cost: None,
        first_failing: None,
        legs: Vec::new(),
        incomplete: planned.cuts.iter().map(ToString::to_string).collect(),
        reason: None,
    };
    let Some(p) = planned.recommended() else {
        out.reason = Some(crate::planner::render::no_plan_reason(s, sh, planned));
        return out;
    };
    let verdict = sh.sla.judge(&SlaFigures {
        transit: p.transit,
        margin_s: p.margin_s.unwrap_or(f64::INFINITY),
        out_of_range_s: p.out_of_range_s,
        stability_used: p.stability_used,
        frozen: false,
    });
    out.verdict = if p.meets_sla {
        BatchVerdict::Pass
    } else {
        BatchVerdict::Fail
    };
    out.first_failing = if p.meets_sla {
        None
    } else {
        verdict.first_failing()
    };
    out.arrival_utc = Some(UtcInstant(p.arrival));
    out.transit_s = Some(p.transit.0);
    out.margin_s = p.margin_s.map(|m| m.floor() as i64);
    out.out_of_range_s = Some((p.out_of_range_s * 1000.0).round() / 1000.0);
    out.stability_used = Some((p.stability_used * 1e9).round() / 1e9);
    out.cost = Some(p.cost);
    out.legs = p
        .itinerary
        .legs()
        .map(|st| LegSummary {
            kind: st.kind_name(),
            label: st.label(s),
            start_utc: UtcInstant(st.start),
            end_utc: UtcInstant(st.end),
        })
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planner::plan_shipment;

    fn scenario() -> Scenario {
        crate::scenario::load(include_str!("../../scenarios/pek-sal-coronavac.toml")).unwrap()
    }

    fn spec(id: &str, ready: &str) -> ShipmentSpec {
        ShipmentSpec {
            id: id.into(),
            product: "coronavac".into(),
            packaging: "pcm5-pallet".into(),
            from: "PEK".into(),
            to: "SAL-CVS".into(),
            ready: ready.into(),
            max_transit: Some("48h".into()),
            ..ShipmentSpec::default()
        }
    }

    #[test]
    fn records_equal_planning_each_shipment_alone_in_any_chunking() {
        let s = scenario();
        let readies = [
            "2021-03-26T06:00+08:00",
            "2021-03-26T06:00+08:00",
            "2021-03-27T13:30+08:00",
            "2021-03-26T06:00+08:00",
            "2021-04-02T01:00+08:00",
            "2021-03-28T22:15+08:00",
        ];
        let mut rows: Vec<Row> = readies
            .iter()
            .enumerate()
            .map(|(i, r)| Row {
                number: i + 1,
                spec: Ok(spec(&format!("S{i}"), r)),
            })
            .collect();
        rows.insert(
            2,
            Row {
                number: 99,
                spec: Err(RowError::FieldCount {
                    fields: 3,
                    columns: 7,
                }),
            },
        );
        let mut bad = spec("B", readies[0]);
        bad.to = "SAL-CSV".into();
        rows.push(Row {
            number: 100,
            spec: Ok(bad),
        });
        let cfg = Config::default();
        let mut whole = BatchPlanner::new(&s, cfg.clone());
        let all = whole.plan_chunk(&rows);
        assert_eq!(all.len(), rows.len());
        assert_eq!(whole.stats.deduplicated, 2);
        assert_eq!(whole.stats.refused, 2);
        // Chunks of one, two and three rows give the same records.
        for size in 1..=3 {
            let mut p = BatchPlanner::new(&s, cfg.clone());
            let got: Vec<BatchRecord> = rows.chunks(size).flat_map(|c| p.plan_chunk(c)).collect();
            assert_eq!(got, all, "chunks of {size}");
        }
        // Each record is the plan of that shipment planned on its own.
        let resolver = ShipmentResolver::new(&s);
        for (row, rec) in rows.iter().zip(&all) {
            assert_eq!(rec.row, row.number);
            let Ok(sp) = &row.spec else {
                assert_eq!(rec.verdict, BatchVerdict::Error);
                continue;
            };
            let Ok(sh) = resolver.resolve(sp) else {
                assert_eq!(rec.verdict, BatchVerdict::Error);
                assert!(rec
                    .error
                    .as_deref()
                    .unwrap()
                    .contains("did you mean `SAL-CVS`?"));
                continue;
            };
            let alone = summarize(&s, &sh, &plan_shipment(&s, &sh, &cfg));
            assert_eq!(rec.plan.as_ref(), Some(&alone), "row {}", row.number);
        }
    }
}
