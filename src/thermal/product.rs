//! What a product tolerates: its allowed range, its freeze limit, and the
//! stability model that turns time at temperature into budget used.

use crate::units::{Celsius, TempRange};

/// A WHO vaccine vial monitor category (WHO/PQS/E006/IN05).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum VvmCategory {
    /// VVM2: 2 days to end point at +37 C.
    Vvm2,
    /// VVM7: 7 days to end point at +37 C.
    Vvm7,
    /// VVM14: 14 days to end point at +37 C.
    Vvm14,
    /// VVM30: 30 days to end point at +37 C.
    Vvm30,
}

/// How exposure to temperature uses up a product's stability budget.
///
/// Both forms are Arrhenius models: the rate at temperature `T` (kelvin) is
/// `exp(-Ea/R * (1/T - 1/T_ref)) / days_ref` budget per day.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub enum Stability {
    /// A WHO VVM category; its parameters come from the published
    /// days-to-end-point table.
    Vvm(VvmCategory),
    /// Explicit Arrhenius parameters.
    Arrhenius {
        /// Activation energy over the gas constant, K.
        ea_over_r_k: f64,
        /// Reference temperature, C.
        ref_temp: Celsius,
        /// Days to use the whole budget at the reference temperature.
        ref_days: f64,
    },
}

/// A product's temperature requirements.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Product {
    /// Product id in the scenario (for messages).
    pub id: String,
    /// Display name (`name` in the scenario; the id when absent).
    pub name: String,
    /// Allowed storage/transport range, C.
    pub range: TempRange,
    /// Temperature below which the product counts as frozen, C. `None` when
    /// the product is not freeze-sensitive. For freeze-sensitive products
    /// without an explicit limit the loader uses -0.5 C (WHO freeze indicator).
    pub freeze_limit: Option<Celsius>,
    /// Stability model.
    pub stability: Stability,
    /// Cumulative time outside `range` the product label allows, seconds.
    pub excursion_allowance_s: f64,
}

/// Default freeze limit for freeze-sensitive products: WHO freeze indicators
/// trigger below -0.5 C (cold-chain-facts.md, "Products").
pub const DEFAULT_FREEZE_LIMIT: Celsius = Celsius(-0.5);
