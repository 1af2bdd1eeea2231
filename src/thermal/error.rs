//! The one error type of the thermal model.

use std::fmt;

/// What went wrong reading temperature data or assessing it.
///
/// Bad input is reported all at once: every unreadable logger row and every
/// unreadable profile item, each with its position, so the user can fix
/// the whole file in one go.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Rows of logger data that could not be read.
    #[error("{} row(s) of the logger data could not be read; fix the rows listed and run again", .rows.len())]
    BadRows {
        /// Each bad row, in file order.
        rows: Vec<RowError>,
    },
    /// Too few readings to make a record.
    #[error("the logger data has {found} reading(s) but a record needs at least two; export the whole recording")]
    TooFewReadings {
        /// Readings found.
        found: usize,
    },
    /// Items of an inline profile that could not be read.
    #[error("{} item(s) of the profile could not be read; write items as DURATION@TEMP, e.g. 18h@5,6h@14", .items.len())]
    BadProfile {
        /// Each bad item, in order.
        items: Vec<ItemError>,
    },
    /// A duration that could not be read.
    #[error("cannot read duration `{text}`; write it as 30m, 1h30m, 18h or 2d")]
    BadDuration {
        /// The text given.
        text: String,
    },
    /// A `--date-format` that is no order and no pattern.
    #[error(
        "`{text}` is not a date format; use DMY, MDY, YMD or a pattern such as %d/%m/%Y %H:%M"
    )]
    BadDateFormat {
        /// The text given.
        text: String,
    },
    /// A record with no duration.
    #[error(
        "the temperature record has no duration; give readings at two or more different times"
    )]
    EmptyRecord,
}

/// One unreadable row of logger data: a located message, as a scenario's
/// diagnostics are (the row's line is the context; the message says what
/// is wrong with it and what to do).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// 1-based line number in the input.
    pub line: usize,
    /// What is wrong and what to do, lowercase, no trailing period.
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// One unreadable item of an inline profile such as `18h@5,6h@14`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemError {
    /// 1-based position of the item in the list.
    pub item: usize,
    /// The item's text.
    pub text: String,
    /// What is wrong and what to do, lowercase, no trailing period.
    pub message: String,
}

impl fmt::Display for ItemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "item {} `{}`: {}", self.item, self.text, self.message)
    }
}
