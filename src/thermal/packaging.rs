//! Containers: passive boxes with a coolant, and active (powered) containers.

use crate::units::{Celsius, TempRange};

/// The coolant of a passive container.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub enum Coolant {
    /// Water ice: melts at 0 C, latent heat 334 kJ/kg.
    WaterIce,
    /// Dry ice: sublimes at -78.5 C, latent heat 571 kJ/kg.
    DryIce,
    /// A phase-change material with its own phase temperature and latent heat.
    Pcm {
        /// Phase-change temperature, C.
        phase: Celsius,
        /// Latent heat, kJ/kg.
        latent_kj_per_kg: f64,
    },
}

/// A passive insulated container with a coolant charge.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Passive {
    /// The coolant.
    pub coolant: Coolant,
    /// Coolant mass when freshly packed or re-iced, kg.
    pub coolant_kg: f64,
    /// Overall heat-leak coefficient of the walls, W/K.
    pub ua_w_per_k: f64,
    /// Heat capacity of payload plus inner packaging, kJ/K.
    pub payload_kj_per_k: f64,
}

/// An active (powered, thermostatically controlled) container.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Active {
    /// Controlled set point, C.
    pub set_point: Celsius,
    /// Battery autonomy at the reference ambient, hours.
    pub autonomy_h: f64,
    /// Ambient at which `autonomy_h` is rated, C.
    pub rated_ambient: Celsius,
    /// Ambient range in which the unit holds its set point, C.
    pub operating: TempRange,
    /// Heat-leak coefficient of the shell, W/K: sets how fast the payload
    /// drifts to ambient once the unit stops.
    pub ua_w_per_k: f64,
    /// Heat capacity of payload plus inner packaging, kJ/K.
    pub payload_kj_per_k: f64,
}

/// Packaging of a shipment.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Packaging {
    /// Packaging id in the scenario (for messages).
    pub id: String,
    /// Display name (`name` in the scenario; the id when absent).
    pub name: String,
    /// Passive or active.
    pub kind: PackagingKind,
}

/// Passive or active packaging.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub enum PackagingKind {
    /// An insulated box with coolant.
    Passive(Passive),
    /// A powered container.
    Active(Active),
}
