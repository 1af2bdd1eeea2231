//! How a command ends, and the one place that turns it into the process
//! exit code (as ripgrep does): 0 when everything is fine, 1 when an SLA
//! fails or there is no feasible plan, 2 for bad input or usage.
//!
//! A command returns [`Outcome`]: `Ok(Done::Ok)`, `Ok(Done::Failed)`, or an
//! `Err(Fail)` that either carries the message to print (`Fail::Input`) or
//! says the problems were already printed (`Fail::Reported`: located
//! diagnostics, one line per bad row). Messages convert with `?`.

use super::ui;

/// Exit code: everything passed.
pub const EXIT_OK: u8 = 0;
/// Exit code: an SLA failed, or a shipment has no feasible plan.
pub const EXIT_FAILED: u8 = 1;
/// Exit code: bad input or usage.
pub const EXIT_BAD_INPUT: u8 = 2;

/// A command that ran to its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Done {
    /// Everything passed (exit 0).
    Ok,
    /// Something failed its SLA or had no plan (exit 1).
    Failed,
}

impl Done {
    /// `Ok` when `pass`, else `Failed`.
    pub fn pass_if(pass: bool) -> Done {
        if pass {
            Done::Ok
        } else {
            Done::Failed
        }
    }
}

/// Bad input or usage (exit 2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fail {
    /// Print this, then exit 2.
    Input(String),
    /// The problems were already printed; exit 2.
    Reported,
}

impl From<String> for Fail {
    fn from(m: String) -> Fail {
        Fail::Input(m)
    }
}

impl From<&str> for Fail {
    fn from(m: &str) -> Fail {
        Fail::Input(m.to_string())
    }
}

/// How a command ended.
pub type Outcome = Result<Done, Fail>;

/// The exit code of `o`, printing its message if it has one.
pub fn code(o: Outcome) -> u8 {
    match o {
        Ok(Done::Ok) => EXIT_OK,
        Ok(Done::Failed) => EXIT_FAILED,
        Err(Fail::Input(m)) => {
            ui::error(m);
            EXIT_BAD_INPUT
        }
        Err(Fail::Reported) => EXIT_BAD_INPUT,
    }
}
