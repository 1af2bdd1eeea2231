//! The `coldroute` command: parses arguments, calls the library, prints,
//! and maps outcomes to exit codes (0 ok, 1 SLA failed or no feasible plan,
//! 2 bad input or usage). All logic lives in the library.

mod cli;

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(cli::run())
}
