//! The properties of the features of `coldroute plan --geojson`
//! (`export::plans_geojson`; docs/json-output.md): one kind for a leg's
//! line, one for a hub's point, told apart by `feature`.

use schemars::JsonSchema;
use serde::Serialize;

use super::Instant;

/// The schema name and version of [`Properties`].
pub const SCHEMA: &str = "coldroute.geojson-properties/1";

/// A feature's properties: `feature` is `leg` or `hub`.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "feature", rename_all = "snake_case")]
pub enum Properties {
    /// A flight, road, ride or walk of a recommended plan.
    Leg(LegProperties),
    /// A hub the plan visits.
    Hub(HubProperties),
}

/// A leg of a recommended plan.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct LegProperties {
    /// The shipment id.
    pub shipment: String,
    /// 1-based leg number within the plan.
    pub leg: usize,
    /// `flight`, `road`, `ride` or `walk`.
    pub kind: &'static str,
    /// The flight, road or line id (`""` for a walk).
    pub service: String,
    /// Hub code where it starts.
    pub from: String,
    /// Hub code where it ends.
    pub to: String,
    /// Departure, UTC.
    pub departure_utc: Instant,
    /// Arrival, UTC.
    pub arrival_utc: Instant,
    /// Departure on the clock of `from`.
    pub departure_local: Instant,
    /// Arrival on the clock of `to`.
    pub arrival_local: Instant,
    /// Coldest ambient, C to 0.1 (`null` for a timetable query or an
    /// empty step).
    pub ambient_min_c: Option<f64>,
    /// Warmest ambient, C to 0.1.
    pub ambient_max_c: Option<f64>,
    /// Coldest payload, C to 0.1.
    pub payload_min_c: Option<f64>,
    /// Warmest payload, C to 0.1.
    pub payload_max_c: Option<f64>,
    /// The plan's SLA verdict: `pass`, `fail: CRITERIA` or `invalid: WHY`.
    pub sla: String,
}

/// What a hub is to the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Where the shipment is ready.
    Origin,
    /// Where it changes vehicle.
    Transfer,
    /// Where it is delivered.
    Destination,
}

/// A hub a recommended plan visits.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct HubProperties {
    /// The shipment id.
    pub shipment: String,
    /// The hub code.
    pub code: String,
    /// The hub's name.
    pub name: String,
    /// `origin`, `transfer` or `destination`.
    pub role: Role,
    /// Its IANA time zone.
    pub timezone: String,
    /// The plan's SLA verdict.
    pub sla: String,
    /// At the origin: when the shipment is ready, UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ready_utc: Option<Instant>,
    /// At the origin: ready, on the hub's clock.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ready_local: Option<Instant>,
    /// At the destination: delivery, UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivered_utc: Option<Instant>,
    /// At the destination: delivery, on the hub's clock.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivered_local: Option<Instant>,
}
