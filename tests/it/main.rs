//! Every integration test of coldroute in one binary (as `just` does):
//! one link instead of nine, which matters on a 2-core machine. Each module
//! drives the real `coldroute` binary or the library on the fixtures in
//! `tests/fixtures/`; run one with `cargo test --test it plan::`.

mod architecture;
mod batch;
mod check;
mod excursion;
mod gtfs;
mod harness;
mod loader_fuzz;
mod plan;
mod report;
mod resilience;
mod schemas;
mod ssim;
mod validate;
