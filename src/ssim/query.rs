//! The scenario of an ad-hoc query on an SSIM schedule alone (`coldroute
//! plan --ssim`): a timetable, no cold chain ([`Mode::Timetable`]).
//!
//! Every airport the legs call at becomes a hub, with its position and
//! zone from the built-in table ([`crate::airports`]) and the default
//! connection time; every leg becomes a flight. The hubs get a mild
//! uniform climate and the flights a +5 C hold only because the model
//! has those fields: in timetable mode nothing reads them.

use crate::model::{Hub, Scenario, DEFAULT_MIN_CONNECTION};
use crate::time::Zone;
use crate::units::{Secs, TempRange};

use super::flights::{flights, LegSettings, Settings};
use super::{Schedule, SsimError};

/// Why a schedule cannot be queried.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// A leg calls at an airport the built-in table does not know.
    #[error("unknown airport `{code}`{}", suggestion.as_ref().map(|g| format!("; did you mean `{g}`?")).unwrap_or_default())]
    UnknownAirport {
        /// The code as written.
        code: String,
        /// The nearest known code, if one is near.
        suggestion: Option<String>,
    },
    /// The built-in table names a zone the zone database does not have.
    #[error("airport `{code}`: {source}")]
    Zone {
        /// The airport.
        code: String,
        /// What the zone database said.
        source: crate::time::TimeError,
    },
    /// The schedule built a scenario that breaks an invariant (a bug).
    #[error("internal error: {0}")]
    Invariant(#[from] crate::model::InvariantError),
    /// Legs that cannot become flights, each at its line and column.
    #[error("{} leg(s) cannot become flights", errors.len())]
    Legs {
        /// The problems.
        errors: Vec<SsimError>,
    },
}

/// A timetable scenario of `sch` named `name`, looking `horizon` ahead of
/// a query's ready time, and its airports' codes (sorted; hub `i` is
/// `codes[i]`).
pub fn query_scenario(
    sch: &Schedule,
    name: &str,
    horizon: Secs,
) -> Result<(Scenario, Vec<String>), QueryError> {
    let mut codes: Vec<&str> = sch
        .legs
        .iter()
        .flat_map(|l| [l.dep_station.as_str(), l.arr_station.as_str()])
        .collect();
    codes.sort_unstable();
    codes.dedup();
    let mut hubs = Vec::with_capacity(codes.len());
    for &c in &codes {
        let Some(a) = crate::airports::lookup(c) else {
            return Err(QueryError::UnknownAirport {
                code: c.to_string(),
                suggestion: crate::airports::suggest(c).map(|g| g.to_string()),
            });
        };
        let tz = crate::time::time_zone(a.tz).map_err(|source| QueryError::Zone {
            code: c.to_string(),
            source,
        })?;
        hubs.push(Hub {
            is_airport: true,
            ..Hub::pass_through(
                a.iata.to_string(),
                a.name.to_string(),
                (a.lat, a.lon),
                a.tz.to_string(),
                Zone::new(tz),
                DEFAULT_MIN_CONNECTION,
                crate::thermal::Climate::uniform(15.0, 25.0),
            )
        });
    }
    let settings = Settings {
        defaults: LegSettings {
            hold: Some(TempRange::new(5.0, 5.0)),
            ..Default::default()
        },
        ..Default::default()
    };
    let hub = |c: &str| codes.binary_search(&c).ok();
    let zone = |i: usize| hubs[i].tz.clone();
    let imported = flights(&sch.legs, &settings, &hub, &zone, 0..0)
        .map_err(|errors| QueryError::Legs { errors })?;
    let s = Scenario::timetable(name.to_string(), horizon, hubs, imported.flights)?;
    let codes = codes.into_iter().map(str::to_string).collect();
    Ok((s, codes))
}
