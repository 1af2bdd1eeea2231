//! The resilience figures as text, for `plan --robust` (their JSON is
//! `document::plan::Robust`).

use std::io::{self, Write};

use crate::planner::render::local_string;
use crate::planner::Plan;
use crate::scenario::Scenario;
use crate::units::Secs;

use super::{Contingency, Proportion, Quantile, Robustness};

/// The figures of one shipment: per plan shown (in the order shown), and
/// the contingencies of the first.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessment {
    /// Per plan shown.
    pub plans: Vec<Robustness>,
    /// What the cargo of the first plan does if it misses a leg.
    pub contingencies: Vec<Contingency>,
}

fn pct(p: &Proportion) -> String {
    if p.se > 0.0 {
        format!("{:.1} % ± {:.1}", 100.0 * p.p, 100.0 * p.se)
    } else {
        format!("{:.1} %", 100.0 * p.p)
    }
}

fn dur(q: &Quantile) -> String {
    match (q.value, q.se) {
        (None, _) => "not delivered".into(),
        (Some(v), Some(se)) if se >= 30.0 => format!(
            "{} ± {}",
            Secs(v.round() as i64),
            Secs((se / 60.0).round() as i64 * 60)
        ),
        (Some(v), _) if v.is_infinite() => "unlimited".into(),
        (Some(v), _) => Secs(v.round() as i64).to_string(),
    }
}

/// One line of a backup plan: its legs, delivery and verdict.
fn backup_text(s: &Scenario, to: usize, p: &Plan) -> String {
    let legs: Vec<String> = p.itinerary.legs().map(|st| st.label(s)).collect();
    format!(
        "{}; delivered {}, transit {}, {}",
        legs.join(", "),
        local_string(s, to, p.arrival),
        p.transit,
        if p.meets_sla {
            "meets the SLA"
        } else {
            "FAILS the SLA"
        }
    )
}

/// Writes the assessment after a shipment's plans.
pub fn write_text(w: &mut dyn Write, s: &Scenario, to: usize, a: &Assessment) -> io::Result<()> {
    let Some(first) = a.plans.first() else {
        return Ok(());
    };
    let source = if s.delays.source.is_empty() {
        String::new()
    } else {
        format!("; delays: {}", s.delays.source)
    };
    writeln!(
        w,
        "reliability over {} simulated days (seed {}{source}):",
        first.draws, first.seed
    )?;
    for (i, r) in a.plans.iter().enumerate() {
        let name = if i == 0 {
            "recommended".to_string()
        } else {
            format!("plan {}", i + 1)
        };
        writeln!(
            w,
            "  {name}: meets the SLA {}, excursion {}, freeze {}, delivered {}, re-planned {}",
            pct(&r.meets_sla),
            pct(&r.excursion),
            pct(&r.freeze),
            pct(&r.delivered),
            pct(&r.replanned),
        )?;
        writeln!(
            w,
            "  {:width$}  transit p50 {}, p90 {}, p99 {}; margin p5 {}, p50 {}",
            "",
            dur(&r.transit[0]),
            dur(&r.transit[1]),
            dur(&r.transit[2]),
            dur(&r.margin[0]),
            dur(&r.margin[1]),
            width = name.len(),
        )?;
    }
    if !a.contingencies.is_empty() {
        writeln!(
            w,
            "contingencies of the recommended plan (a leg missed, everything else on time):"
        )?;
        for c in &a.contingencies {
            let what = match &c.backup {
                Some(p) => backup_text(s, to, p),
                None => "stranded: no way on within the planning horizon".into(),
            };
            writeln!(
                w,
                "  at {}, {} missed (re-planned {}): {what}",
                s.hubs[c.hub].code,
                c.missed.label(s),
                local_string(s, c.hub, c.at),
            )?;
        }
    }
    Ok(())
}
