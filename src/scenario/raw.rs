//! The scenario file as written: serde structures that mirror the TOML
//! tables one to one, with source spans on every value a message may point
//! at. Nothing here is checked beyond its TOML type; [`super::resolve`]
//! turns these into the model and reports every problem.

use serde::Deserialize;
use toml::Spanned;

/// `S<T>`: a value with its byte span in the source.
pub(crate) type S<T> = Spanned<T>;

/// `[scenario]`: metadata.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMeta {
    pub name: Option<S<String>>,
    pub description: Option<S<String>>,
    /// Planning horizon after a shipment's ready time, a duration.
    pub horizon: Option<S<String>>,
}

/// `[[hub]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawHub {
    pub code: S<String>,
    pub name: Option<S<String>>,
    /// `[lat, lon]` in degrees.
    pub position: Option<S<Vec<f64>>>,
    pub timezone: Option<S<String>>,
    pub min_connection: Option<S<String>>,
    pub handling: Option<S<String>>,
    pub cold_room: Option<S<f64>>,
    pub services: Option<S<RawServices>>,
    pub opening: Option<S<String>>,
    /// When deliveries are received (`HH:MM-HH:MM`); `opening` when absent.
    pub receiving: Option<S<String>>,
    pub climate: Option<S<RawClimate>>,
    /// Copy the climate of another hub (by code).
    pub climate_like: Option<S<String>>,
    /// Apron solar gain at solar noon, C above air temperature.
    pub solar_gain: Option<S<f64>>,
    /// Delays of departures from this hub.
    pub delay: Option<S<RawDelay>>,
    /// Handling variation here.
    pub handling_delay: Option<S<RawDelay>>,
    /// Apron variation here.
    pub apron_delay: Option<S<RawDelay>>,
}

/// A delay distribution: `{ on_time = 0.8, median = "30m", sigma = 1.0,
/// cancel = 0.01 }` or `{ quantiles = [[0.8, "0m"], [0.95, "1h"]] }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDelay {
    pub on_time: Option<S<f64>>,
    pub median: Option<S<String>>,
    pub sigma: Option<S<f64>>,
    pub max: Option<S<String>>,
    pub quantiles: Option<S<Vec<QuantilePoint>>>,
    pub cancel: Option<S<f64>>,
}

/// `[p, "duration"]`: P(delay <= duration) = p.
pub(crate) type QuantilePoint = S<(f64, String)>;

/// `[delays]`: the defaults per kind.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDelays {
    pub source: Option<S<String>>,
    pub flight: Option<S<RawDelay>>,
    pub road: Option<S<RawDelay>>,
    pub ride: Option<S<RawDelay>>,
    pub handling: Option<S<RawDelay>>,
    pub apron: Option<S<RawDelay>>,
}

/// `services = { re_ice = "1h30m", recharge = "2h" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawServices {
    pub re_ice: Option<S<String>>,
    pub recharge: Option<S<String>>,
}

/// `climate = { min = [..12], max = [..12] }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawClimate {
    pub min: S<Vec<f64>>,
    pub max: S<Vec<f64>>,
}

/// `[[flight]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFlight {
    pub id: S<String>,
    pub from: S<String>,
    pub to: S<String>,
    pub departs: S<String>,
    pub block: Option<S<String>>,
    pub arrives: Option<S<String>>,
    pub days: Option<S<Vec<S<String>>>>,
    pub valid_from: Option<S<String>>,
    pub valid_to: Option<S<String>>,
    pub hold: S<Vec<f64>>,
    /// Apron exposure at both ends unless overridden below.
    pub tarmac: Option<S<String>>,
    pub tarmac_departure: Option<S<String>>,
    pub tarmac_arrival: Option<S<String>>,
    pub cost: Option<S<f64>>,
    /// This flight's own delays.
    pub delay: Option<S<RawDelay>>,
}

/// `[[ssim]]`: flights from an IATA SSIM file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSsim {
    /// The file, relative to the scenario file.
    pub path: S<String>,
    /// Airline designators to take; default all.
    pub carriers: Option<S<Vec<S<String>>>>,
    /// Service types to take (`F`, `H`...); default all.
    pub service_types: Option<S<Vec<S<String>>>>,
    /// Defaults for every leg, as in [`RawSsimLeg`].
    pub hold: Option<S<Vec<f64>>>,
    pub tarmac: Option<S<String>>,
    pub tarmac_departure: Option<S<String>>,
    pub tarmac_arrival: Option<S<String>>,
    pub cost: Option<S<f64>>,
    /// By aircraft type (`77F`), over the carrier's and the defaults.
    pub aircraft: Option<S<std::collections::BTreeMap<String, S<RawSsimLeg>>>>,
    /// By airline designator, over the defaults.
    pub carrier: Option<S<std::collections::BTreeMap<String, S<RawSsimLeg>>>>,
}

/// The settings an SSIM leg takes from the scenario.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSsimLeg {
    pub hold: Option<S<Vec<f64>>>,
    pub tarmac: Option<S<String>>,
    pub tarmac_departure: Option<S<String>>,
    pub tarmac_arrival: Option<S<String>>,
    pub cost: Option<S<f64>>,
}

/// `[[road]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRoad {
    pub id: Option<S<String>>,
    pub from: S<String>,
    pub to: S<String>,
    /// A fixed duration, or a departure-time profile table.
    pub duration: Option<S<RoadDuration>>,
    pub speed_kmh: Option<S<f64>>,
    /// Reefer set point, C; absent = ambient (unrefrigerated) truck.
    pub reefer: Option<S<f64>>,
    pub hours: Option<S<String>>,
    pub every: Option<S<String>>,
    pub days: Option<S<Vec<S<String>>>>,
    pub cost: Option<S<f64>>,
    /// This road's own delays.
    pub delay: Option<S<RawDelay>>,
}

/// A road's `duration`: `"55m"`, or `{ "00:00" = "50m", "06:30" = "1h20m" }`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum RoadDuration {
    Fixed(String),
    Profile(toml::Table),
}

/// `[product.ID]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawProduct {
    pub name: Option<S<String>>,
    pub range: S<Vec<f64>>,
    pub freeze_sensitive: Option<S<bool>>,
    pub freeze_limit: Option<S<f64>>,
    pub stability: Option<S<String>>,
    pub arrhenius: Option<S<RawArrhenius>>,
    pub excursion_allowance: Option<S<String>>,
}

/// `arrhenius = { ea_kj_per_mol = 83.144, ref_temp = 5, ref_days = 1095 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawArrhenius {
    pub ea_kj_per_mol: S<f64>,
    pub ref_temp: S<f64>,
    pub ref_days: S<f64>,
}

/// `[packaging.ID]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPackaging {
    pub name: Option<S<String>>,
    pub passive: Option<S<RawPassive>>,
    pub active: Option<S<RawActive>>,
}

/// `passive = { coolant = "water-ice", coolant_kg = 16, ua_w_per_k = 0.45, payload_kj_per_k = 12 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPassive {
    pub coolant: S<String>,
    pub coolant_kg: S<f64>,
    pub ua_w_per_k: S<f64>,
    pub payload_kj_per_k: S<f64>,
    /// Phase temperature of a PCM, C.
    pub phase_c: Option<S<f64>>,
    /// Latent heat of a PCM, kJ/kg.
    pub latent_kj_per_kg: Option<S<f64>>,
}

/// `active = { set_point = 5, autonomy_h = 100, rated_ambient = 20, operating = [-10, 30], ... }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawActive {
    pub set_point: S<f64>,
    pub autonomy_h: S<f64>,
    pub rated_ambient: Option<S<f64>>,
    pub operating: S<Vec<f64>>,
    pub ua_w_per_k: S<f64>,
    pub payload_kj_per_k: S<f64>,
}

/// `[[shipment]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawShipment {
    pub id: S<String>,
    pub product: S<String>,
    pub packaging: S<String>,
    pub from: S<String>,
    pub to: S<String>,
    pub ready: S<String>,
    /// Initial payload temperature, C (default: the middle of the product
    /// range).
    pub payload_start: Option<S<f64>>,
    pub sla: S<RawSla>,
}

/// `sla = { max_transit = "19h", min_margin = "12h", max_excursion = "0m", max_stability = 0.02 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSla {
    pub max_transit: S<String>,
    pub min_margin: Option<S<String>>,
    pub max_excursion: Option<S<String>>,
    pub max_stability: Option<S<f64>>,
}

/// `[[gtfs]]`: a GTFS feed whose stops and trips join the scenario.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawGtfs {
    /// A `.zip` or a directory, relative to the scenario file.
    pub path: S<String>,
    /// Prefix for stop codes that clash; default: the file stem.
    pub id: Option<S<String>>,
    pub climate: Option<S<RawClimate>>,
    pub climate_like: Option<S<String>>,
    pub min_connection: Option<S<String>>,
    /// `{ "3" = "ambient", "2" = { reefer = 5 } }` by GTFS route_type.
    pub route_types: Option<S<std::collections::BTreeMap<String, S<RawLegSpec>>>>,
    /// By agency_id.
    pub agencies: Option<S<std::collections::BTreeMap<String, S<RawLegSpec>>>>,
    /// By route_id.
    pub routes: Option<S<std::collections::BTreeMap<String, S<RawLegSpec>>>>,
}

/// A ride's setting: `"ambient"` or `{ reefer = 5, cost = 2 }`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum RawLegSpec {
    Word(String),
    Table(RawLegTable),
}

/// `{ reefer = 5, cost = 2 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLegTable {
    pub reefer: Option<f64>,
    pub cost: Option<f64>,
}
