//! Plans as text for people and as JSON for programs
//! (schema: docs/json-output.md).
//!
//! A timetable scenario ([`Mode::Timetable`]) is rendered without any
//! thermal figure: no product, packaging, ambient, payload, reserve,
//! margin, excursion, stability or MKT in the text, and `null` for them in
//! the JSON (whose `mode` says `timetable`).

use std::io::{self, Write};

use serde_json::{json, Value};

use crate::itinerary::{simulate, Simulation};
use crate::scenario::{Mode, Scenario, Shipment};
use crate::thermal::{ExposureRules, PackagingKind};
use crate::time::{format_utc, rfc3339_local, rfc3339_utc, utc_to_local};
use crate::units::{Celsius, Secs};

use super::{Cut, Plan, Planned, RejectionReason};

/// What to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RenderOptions {
    /// Alternatives to show after the recommended plan.
    pub alternatives: usize,
    /// List faster itineraries that were rejected, and why.
    pub explain: bool,
}

/// `2021-07-07 14:00 +08:00`, with the seconds when the instant is not a
/// whole minute (`2021-07-07 14:00:12 +08:00`).
/// `2021-03-28 19:40 +08:00`: `t` on `hub`'s clock, seconds when not zero.
pub fn local_string(s: &Scenario, hub: usize, t: Secs) -> String {
    let l = utc_to_local(&s.hubs[hub].tz, t);
    let secs = match l.secs_of_day % 60 {
        0 => String::new(),
        n => format!(":{n:02}"),
    };
    format!("{} {}{secs} {}", l.date, l.hhmm(), l.offset_string())
}

fn hours(secs: f64) -> String {
    Secs(secs.round() as i64).to_string()
}

fn margin_text(m: Option<f64>) -> String {
    m.map_or_else(|| "unlimited".to_string(), hours)
}

fn reserve(pkg: &PackagingKind, st: &crate::thermal::ContainerState) -> String {
    match pkg {
        PackagingKind::Passive(_) => format!("{:.2} kg", st.coolant_kg),
        PackagingKind::Active(_) => format!("{:.1} h", st.battery_h),
    }
}

/// Writes one shipment's plans as text.
pub fn write_text(
    w: &mut dyn Write,
    s: &Scenario,
    sh: &Shipment,
    planned: &Planned,
    opts: RenderOptions,
) -> io::Result<()> {
    let timetable = s.mode == Mode::Timetable;
    if timetable {
        writeln!(
            w,
            "journey {}: {} -> {}, ready {} ({}), timetable only (no temperature model)",
            sh.id,
            s.hubs[sh.from].code,
            s.hubs[sh.to].code,
            local_string(s, sh.from, sh.ready),
            format_utc(sh.ready)
        )?;
    } else {
        let product = &s.products[sh.product];
        let pkg = &s.packagings[sh.packaging];
        writeln!(
            w,
            "shipment {}: {} ({}) in {}, {} -> {}, ready {} ({})",
            sh.id,
            product.id,
            product.range,
            pkg.id,
            s.hubs[sh.from].code,
            s.hubs[sh.to].code,
            local_string(s, sh.from, sh.ready),
            format_utc(sh.ready)
        )?;
    }
    let Some(best) = planned.recommended() else {
        writeln!(w, "{}", no_plan_reason(s, sh, planned))?;
        for c in planned
            .cuts
            .iter()
            .filter(|c| !matches!(c, Cut::Legs { .. }))
        {
            writeln!(w, "incomplete search: {c}")?;
        }
        write_reasons(w, s, sh, planned, None, 8)?;
        return Ok(());
    };
    let verdict = match (timetable, best.meets_sla) {
        (false, true) => "meets the SLA",
        (false, false) => "FAILS the SLA",
        (true, true) => "within the transit limit",
        (true, false) => "OVER the transit limit",
    };
    writeln!(w, "recommended plan ({verdict}):")?;
    write_plan(w, s, sh, best)?;
    write_cuts(w, planned)?;
    let n_alt = opts.alternatives.min(planned.plans.len() - 1);
    if n_alt > 0 {
        writeln!(
            w,
            "alternatives (Pareto-optimal: arrival, {}cost, transfers):",
            if timetable { "" } else { "margin, " }
        )?;
        for (i, p) in planned.plans.iter().skip(1).take(n_alt).enumerate() {
            let services: Vec<String> = p.itinerary.legs().map(|st| st.label(s)).collect();
            if timetable {
                writeln!(
                    w,
                    "  {}. arrive {} ({}), transit {}, cost {:.0}, {} transfer{}, {}: {}",
                    i + 2,
                    local_string(s, sh.to, p.arrival),
                    format_utc(p.arrival),
                    p.transit,
                    p.cost,
                    p.transfers,
                    if p.transfers == 1 { "" } else { "s" },
                    if p.meets_sla { "ok" } else { "over the limit" },
                    services.join(", ")
                )?;
                continue;
            }
            writeln!(
                w,
                "  {}. arrive {} ({}), transit {}, margin {}, cost {:.0}, {} transfer{}, SLA {}: {}",
                i + 2,
                local_string(s, sh.to, p.arrival),
                format_utc(p.arrival),
                p.transit,
                margin_text(p.margin_s),
                p.cost,
                p.transfers,
                if p.transfers == 1 { "" } else { "s" },
                if p.meets_sla { "ok" } else { "fails" },
                services.join(", ")
            )?;
        }
    }
    if opts.explain {
        write_reasons(w, s, sh, planned, Some(best.arrival), 8)?;
    }
    Ok(())
}

fn write_plan(w: &mut dyn Write, s: &Scenario, sh: &Shipment, p: &Plan) -> io::Result<()> {
    let sim = simulate(s, sh, &p.itinerary);
    let pkg = &s.packagings[sh.packaging].kind;
    // The step column is as wide as its longest label (GTFS trip ids can
    // be long), at least 36.
    let labels: Vec<String> = p.itinerary.steps.iter().map(|st| st.label(s)).collect();
    let lw = labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .max(36);
    // Time columns as wide as their widest entry: an instant off the whole
    // minute shows its seconds.
    let steps = &p.itinerary.steps;
    let mut starts: Vec<(String, String)> = steps
        .iter()
        .map(|st| {
            (
                local_string(s, st.start_hub(s), st.start),
                format_utc(st.start),
            )
        })
        .collect();
    if let Some(last) = steps.last() {
        starts.push((
            local_string(s, last.end_hub(s), last.end),
            format_utc(last.end),
        ));
    }
    let loc_w = starts.iter().map(|t| t.0.len()).max().unwrap_or(0).max(24);
    let utc_w = starts.iter().map(|t| t.1.len()).max().unwrap_or(0).max(18);
    let timetable = s.mode == Mode::Timetable;
    if timetable {
        writeln!(
            w,
            "  {:<lw$} {:<loc_w$} {:<utc_w$} {:>8}",
            "step", "local start", "UTC start", "duration"
        )?;
    } else {
        writeln!(
            w,
            "  {:<lw$} {:<loc_w$} {:<utc_w$} {:>8}  {:<15} {:<17} reserve",
            "step", "local start", "UTC start", "duration", "ambient", "payload"
        )?;
    }
    for (((st, r), label), (local, utc)) in steps.iter().zip(&sim.steps).zip(&labels).zip(&starts) {
        if timetable {
            writeln!(
                w,
                "  {:<lw$} {:<loc_w$} {:<utc_w$} {:>8}",
                label,
                local,
                utc,
                st.duration().to_string(),
            )?;
            continue;
        }
        let ambient = if r.ambient_min.0.is_nan() {
            "-".to_string()
        } else if (r.ambient_max.0 - r.ambient_min.0).abs() < 0.05 {
            format!("{}", r.ambient_min)
        } else {
            format!("{:+.1}..{:+.1} C", r.ambient_min.0, r.ambient_max.0)
        };
        let payload = if (r.payload_max.0 - r.payload_min.0).abs() < 0.05 {
            format!("{}", r.payload_min)
        } else {
            format!("{:+.1}..{:+.1} C", r.payload_min.0, r.payload_max.0)
        };
        writeln!(
            w,
            "  {:<lw$} {:<loc_w$} {:<utc_w$} {:>8}  {:<15} {:<17} {}",
            label,
            local,
            utc,
            st.duration().to_string(),
            ambient,
            payload,
            reserve(pkg, &r.end)
        )?;
    }
    if let (Some(_), Some((local, utc))) = (steps.last(), starts.last()) {
        writeln!(w, "  {:<lw$} {:<loc_w$} {}", "delivered", local, utc)?;
    }
    write_totals(w, s, sh, p, &sim)
}

fn ok(b: bool) -> &'static str {
    if b {
        "ok"
    } else {
        "FAIL"
    }
}

fn write_totals(
    w: &mut dyn Write,
    s: &Scenario,
    sh: &Shipment,
    p: &Plan,
    sim: &Simulation,
) -> io::Result<()> {
    let sla = &sh.sla;
    writeln!(
        w,
        "  transit       {:<12} max {:<10} {}",
        p.transit.to_string(),
        sla.max_transit.to_string(),
        ok(p.transit <= sla.max_transit)
    )?;
    let cost = format!(
        "cost {:.0}, {} transfer{}",
        p.cost,
        p.transfers,
        if p.transfers == 1 { "" } else { "s" }
    );
    let verdict = if p.meets_sla { "PASS" } else { "FAIL" };
    if s.mode == Mode::Timetable {
        writeln!(w, "  {cost}")?;
        return writeln!(w, "  verdict: {verdict}");
    }
    let rules = ExposureRules::for_product(&s.products[sh.product]);
    let mkt = sim
        .exposure
        .mkt(&rules)
        .map_or_else(|| "-".into(), |m| format!("{m:.2}"));
    let margin_ok = p.margin_s.is_none_or(|m| m >= sla.min_margin.0 as f64);
    writeln!(
        w,
        "  margin        {:<12} min {:<10} {}   (hold time at {} on arrival)",
        margin_text(p.margin_s),
        sla.min_margin.to_string(),
        ok(margin_ok),
        sim.margin_ambient
    )?;
    writeln!(
        w,
        "  excursion     {:<12} max {:<10} {}",
        hours(sim.exposure.out_of_range_s),
        sla.max_excursion.to_string(),
        ok(sim.exposure.out_of_range_s <= sla.max_excursion.0 as f64 + 1e-6)
    )?;
    writeln!(
        w,
        "  stability     {:<12} max {:<10} {}",
        format!("{:.3} %", sim.exposure.stability_used * 100.0),
        format!("{:.3} %", sla.max_stability * 100.0),
        ok(sim.exposure.stability_used <= sla.max_stability)
    )?;
    writeln!(
        w,
        "  freeze        {:<12}                {}",
        if sim.exposure.frozen { "yes" } else { "none" },
        ok(!sim.exposure.frozen)
    )?;
    writeln!(
        w,
        "  MKT {mkt}, payload {:+.1}..{:+.1} C, {cost}",
        sim.exposure.min_payload.0, sim.exposure.max_payload.0,
    )?;
    writeln!(w, "  verdict: {verdict}")
}

/// Thermal rejections worth showing: those that could have arrived before
/// `before` (all when `None`), one per distinct reason text, earliest first.
pub fn notable_rejections(
    s: &Scenario,
    sh: &Shipment,
    planned: &Planned,
    before: Option<Secs>,
    limit: usize,
) -> Vec<(Vec<String>, String, Secs)> {
    let freeze_limit = s.products[sh.product].freeze_limit;
    let mut rs: Vec<&super::Rejection> = planned
        .rejections
        .iter()
        .filter(|r| !matches!(r.reason, RejectionReason::Deadline { .. }) || before.is_none())
        .filter(|r| before.is_none_or(|b| r.earliest_arrival < b))
        .collect();
    rs.sort_by_key(|r| r.earliest_arrival);
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for r in rs {
        let text = r.describe(s, freeze_limit);
        let services = r.services(s);
        if seen.insert((services.clone(), text.clone())) {
            out.push((services, text, r.earliest_arrival));
            if out.len() == limit {
                break;
            }
        }
    }
    out
}

/// Says which limits cut the search, so that a missing plan is never read
/// as "none exists".
fn write_cuts(w: &mut dyn Write, planned: &Planned) -> io::Result<()> {
    for c in &planned.cuts {
        writeln!(w, "incomplete search: {c}")?;
    }
    Ok(())
}

fn write_reasons(
    w: &mut dyn Write,
    s: &Scenario,
    sh: &Shipment,
    planned: &Planned,
    before: Option<Secs>,
    limit: usize,
) -> io::Result<()> {
    let rs = notable_rejections(s, sh, planned, before, limit);
    if rs.is_empty() {
        if before.is_some() && planned.cuts.is_empty() {
            writeln!(
                w,
                "explain: no faster itinerary was rejected; none exists in the schedule"
            )?;
        } else if before.is_some() {
            writeln!(
                w,
                "explain: no faster itinerary was rejected within the search's limits (see above)"
            )?;
        }
        return Ok(());
    }
    writeln!(
        w,
        "{}",
        if before.is_some() {
            "rejected faster itineraries:"
        } else {
            "reasons:"
        }
    )?;
    for (services, text, t) in rs {
        writeln!(
            w,
            "  - {} (could deliver by {}): {}",
            services.join(", "),
            format_utc(t),
            text
        )?;
    }
    Ok(())
}

fn celsius(c: Celsius) -> Value {
    if c.0.is_finite() {
        json!((c.0 * 1000.0).round() / 1000.0)
    } else {
        Value::Null
    }
}

/// One shipment's plans as JSON (docs/json-output.md).
pub fn to_json(s: &Scenario, sh: &Shipment, planned: &Planned, opts: RenderOptions) -> Value {
    let rules = ExposureRules::for_product(&s.products[sh.product]);
    let thermal = s.mode == Mode::ColdChain;
    // A thermal figure, or `null` in timetable mode.
    let th = |v: Value| if thermal { v } else { Value::Null };
    let plans: Vec<Value> = planned
        .plans
        .iter()
        .take(1 + opts.alternatives)
        .enumerate()
        .map(|(i, p)| {
            let sim = simulate(s, sh, &p.itinerary);
            let steps: Vec<Value> = p
                .itinerary
                .steps
                .iter()
                .zip(&sim.steps)
                .map(|(st, r)| {
                    json!({
                        "kind": st.kind_name(),
                        "label": st.label(s),
                        "from": s.hubs[st.start_hub(s)].code,
                        "to": s.hubs[st.end_hub(s)].code,
                        "start_utc": rfc3339_utc(st.start),
                        "end_utc": rfc3339_utc(st.end),
                        "start_local": rfc3339_local(&s.hubs[st.start_hub(s)].tz, st.start),
                        "end_local": rfc3339_local(&s.hubs[st.end_hub(s)].tz, st.end),
                        "duration_s": st.duration().0,
                        "ambient_min_c": th(celsius(r.ambient_min)),
                        "ambient_max_c": th(celsius(r.ambient_max)),
                        "payload_min_c": th(celsius(r.payload_min)),
                        "payload_max_c": th(celsius(r.payload_max)),
                        "coolant_kg": th(json!((r.end.coolant_kg * 1000.0).round() / 1000.0)),
                        "battery_h": th(json!((r.end.battery_h * 1000.0).round() / 1000.0)),
                    })
                })
                .collect();
            json!({
                "rank": i + 1,
                "recommended": i == 0,
                "meets_sla": p.meets_sla,
                "arrival_utc": rfc3339_utc(p.arrival),
                "arrival_local": rfc3339_local(&s.hubs[sh.to].tz, p.arrival),
                "transit_s": p.transit.0,
                "margin_s": th(json!(p.margin_s.map(|m| m.round() as i64))),
                "margin_ambient_c": th(celsius(sim.margin_ambient)),
                "cost": p.cost,
                "transfers": p.transfers,
                "stability_used": th(json!(sim.exposure.stability_used)),
                "out_of_range_s": th(json!(sim.exposure.out_of_range_s.round() as i64)),
                "frozen": th(json!(sim.exposure.frozen)),
                "mkt_c": th(json!(sim.exposure.mkt(&rules).map(celsius))),
                "payload_min_c": th(celsius(sim.exposure.min_payload)),
                "payload_max_c": th(celsius(sim.exposure.max_payload)),
                "steps": steps,
            })
        })
        .collect();
    let before = planned.recommended().map(|p| p.arrival);
    let rejected: Vec<Value> = if opts.explain || planned.plans.is_empty() {
        notable_rejections(s, sh, planned, before, 8)
            .into_iter()
            .map(|(services, reason, t)| {
                json!({ "services": services, "reason": reason, "earliest_arrival_utc": rfc3339_utc(t) })
            })
            .collect()
    } else {
        Vec::new()
    };
    json!({
        "id": sh.id,
        "mode": if thermal { "cold-chain" } else { "timetable" },
        "product": th(json!(s.products[sh.product].id)),
        "packaging": th(json!(s.packagings[sh.packaging].id)),
        "from": s.hubs[sh.from].code,
        "to": s.hubs[sh.to].code,
        "ready_utc": rfc3339_utc(sh.ready),
        "feasible": !planned.plans.is_empty(),
        "reachable": planned.earliest_delivery.is_some(),
        "meets_sla": planned.recommended().is_some_and(|p| p.meets_sla),
        "sla": {
            "max_transit_s": sh.sla.max_transit.0,
            "min_margin_s": th(json!(sh.sla.min_margin.0)),
            "max_excursion_s": th(json!(sh.sla.max_excursion.0)),
            "max_stability": th(json!(sh.sla.max_stability)),
        },
        "plans": plans,
        "rejected": rejected,
        "incomplete": planned.cuts.iter().map(|c| match c {
            Cut::Legs { max_legs } => json!({ "limit": "max_legs", "value": max_legs, "message": c.to_string() }),
            Cut::Budget { labels } => json!({ "limit": "label_budget", "value": labels, "message": c.to_string() }),
        }).collect::<Vec<Value>>(),
    })
}

/// Why `planned` has no plan, in one sentence: the leg limit cut it, no
/// chain of connections reaches the destination at all, every itinerary
/// breaks a product limit, or another limit cut the search.
pub fn no_plan_reason(s: &Scenario, sh: &Shipment, planned: &Planned) -> String {
    if let Some(Cut::Legs { max_legs }) =
        planned.cuts.iter().find(|c| matches!(c, Cut::Legs { .. }))
    {
        format!("no itinerary within {max_legs} legs; the destination can be reached with more: raise --max-legs")
    } else if planned.cuts.is_empty()
        && planned.earliest_delivery.is_none()
        && s.mode == Mode::Timetable
    {
        format!(
            "no journey: no chain of connections reaches {} from {} within {} of the ready time; check the stops, the ready time and --max-transit",
            s.hubs[sh.to].code, s.hubs[sh.from].code, sh.sla.max_transit
        )
    } else if planned.cuts.is_empty() && planned.earliest_delivery.is_none() {
        format!(
            "no feasible plan: no chain of connections reaches {} from {} within the planning horizon, whatever the temperature; check the hubs, the ready time and the schedules",
            s.hubs[sh.to].code, s.hubs[sh.from].code
        )
    } else if planned.cuts.is_empty() && s.mode == Mode::Timetable {
        // Without a product nothing but the horizon can reject a journey.
        "no journey within the horizon".to_string()
    } else if planned.cuts.is_empty() {
        "no feasible plan: every itinerary breaks a product limit or misses the planning horizon"
            .to_string()
    } else {
        "no plan found".to_string()
    }
}
