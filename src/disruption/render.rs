//! A what-if as text (its JSON is `document::what_if`, `coldroute.what-if/1`).

use std::io::{self, Write};

use crate::planner::render::local_string;
use crate::planner::{Plan, Planned};
use crate::scenario::Scenario;

use super::what_if::first_failing;
use super::{Disruptions, WhatIf};

fn verdict(s: &Scenario, sh: usize, p: Option<&Plan>) -> String {
    match p {
        None => "no plan".into(),
        Some(p) if p.meets_sla => "PASS".into(),
        Some(p) => match first_failing(s, sh, p) {
            Some(c) => format!("FAIL ({c})"),
            None => "FAIL".into(),
        },
    }
}

fn line(s: &Scenario, sh: usize, planned: &Planned) -> String {
    let to = s.shipments[sh].to;
    let cuts: String = planned
        .cuts
        .iter()
        .map(|c| format!("; incomplete search: {c}"))
        .collect();
    match planned.recommended() {
        None => crate::planner::render::no_plan_reason(s, &s.shipments[sh], planned),
        Some(p) => {
            let legs: Vec<String> = p.itinerary.legs().map(|st| st.label(s)).collect();
            let margin = p.margin_s.map_or("unlimited".into(), |m| {
                crate::units::Secs(m.round() as i64).to_string()
            });
            format!(
                "{}, delivered {}, transit {}, margin {}; {}{cuts}",
                verdict(s, sh, Some(p)),
                local_string(s, to, p.arrival),
                p.transit,
                margin,
                legs.join(", ")
            )
        }
    }
}

/// Writes the what-if: the disruptions, every shipment before and after,
/// and who fails and why.
pub fn write_text(w: &mut dyn Write, s: &Scenario, d: &Disruptions, r: &WhatIf) -> io::Result<()> {
    let what: Vec<String> = d.items.iter().map(|x| x.describe(s)).collect();
    writeln!(w, "what if: {}", what.join("; "))?;
    for c in &r.shipments {
        let sh = &s.shipments[c.shipment];
        writeln!(
            w,
            "shipment {} ({} -> {}):",
            sh.id, s.hubs[sh.from].code, s.hubs[sh.to].code
        )?;
        let (before, after) = (
            line(s, c.shipment, &c.before),
            line(&r.disrupted, c.shipment, &c.after),
        );
        writeln!(w, "  before: {before}")?;
        // The same plan, or none for the same reason.
        if c.unchanged() && before == after {
            writeln!(w, "  after:  unchanged")?;
        } else {
            writeln!(w, "  after:  {after}")?;
        }
    }
    let failing: Vec<String> = r
        .shipments
        .iter()
        .filter(|c| c.newly_fails())
        .map(|c| {
            let why = match c.after.recommended() {
                None => "no plan",
                Some(p) => first_failing(&r.disrupted, c.shipment, p).unwrap_or("fails"),
            };
            format!("{} ({why})", s.shipments[c.shipment].id)
        })
        .collect();
    let rerouted = r.shipments.iter().filter(|c| c.rerouted()).count();
    writeln!(
        w,
        "summary: {} shipment(s), {} rerouted, {} newly failing the SLA{}",
        r.shipments.len(),
        rerouted,
        failing.len(),
        if failing.is_empty() {
            String::new()
        } else {
            format!(": {}", failing.join(", "))
        }
    )?;
    Ok(())
}
