//! Itineraries: what a shipment does, step by step, and the temperature
//! model applied along it.
//!
//! An [`Itinerary`] is a list of [`Step`]s with absolute UTC times: dwells
//! at hubs, apron exposure, flights, road legs, re-icing. [`ambient`] says
//! what temperature surrounds the container in each step (cold room, hub
//! climate by local hour and month, apron with solar gain, cargo hold,
//! reefer); [`simulate()`] runs the container physics over an itinerary from
//! scratch. The planner builds itineraries; the SLA check re-simulates them
//! with [`simulate()`] without calling the planner.
//!
//! [`take`] builds the steps of taking one departure, for the planner's
//! engines and the test oracle alike.
//!
//! This module does not search: it only describes and evaluates.

pub mod ambient;
pub mod simulate;
pub mod step;
pub mod take;

pub use ambient::{for_each_segment, Segment};
pub use simulate::{simulate, simulate_from, Simulation, StepResult};
pub use step::{Itinerary, Step, StepKind};
pub use take::{leg_steps, merge_dwells, push_delivery, StepBuf};
