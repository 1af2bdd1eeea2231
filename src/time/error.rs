//! Why a text is not a duration, a clock time, a daily window, a weekday or
//! a time zone: one typed error for the value parsers of [`crate::time`].
//!
//! Each variant carries the text as written (trimmed), and its message says
//! how to write the value instead. One-off instants have their own
//! [`InstantError`](super::InstantError), since they carry zone hints.

/// Why a time value could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimeError {
    /// A duration that is empty.
    #[error("empty duration; write it like `45m`, `1h30m` or `2d`")]
    EmptyDuration,
    /// A duration with a minus sign.
    #[error("`{0}` is negative; a duration is a length of time, like `45m`")]
    NegativeDuration(String),
    /// A duration whose last number has no unit.
    #[error("`{0}` has a number without a unit; add `d`, `h`, `m` or `s`")]
    DurationWithoutUnit(String),
    /// A duration longer than ten years (surely a typo).
    #[error("`{0}` is longer than ten years")]
    DurationTooLong(String),
    /// A text that is no duration at all (unknown unit, units out of order,
    /// a fraction).
    #[error("`{0}` is not a duration; write it like `45m`, `1h30m`, `17h35m` or `2d`")]
    NotADuration(String),
    /// A clock time whose `+N` day offset is not 0 to 3.
    #[error("`{0}`: the day offset after `+` must be 0 to 3, as in `06:05+1`")]
    DayOffset(String),
    /// A text that is not written as `HH:MM` or `HH:MM:SS`.
    #[error("`{0}` is not a local time; write it as `HH:MM`, like `08:30`")]
    NotAClockTime(String),
    /// Hours past 23, minutes or seconds past 59.
    #[error("`{0}` is not a time of day; hours run 00-23 and minutes 00-59")]
    OutOfDay(String),
    /// A text that is not written as `HH:MM-HH:MM`.
    #[error("`{0}` is not a daily window; write it like `06:00-22:00`")]
    NotAWindow(String),
    /// A window that opens and closes at the same time.
    #[error("`{0}` opens and closes at the same time; use `00:00-24:00` for always open")]
    EmptyWindow(String),
    /// A text that names no weekday.
    #[error("`{0}` is not a weekday; use mon, tue, wed, thu, fri, sat, sun or daily")]
    NotAWeekday(String),
    /// A zone name the bundled database does not hold.
    #[error("`{0}` is not an IANA time zone; use a name like `America/El_Salvador`")]
    UnknownZone(String),
}
