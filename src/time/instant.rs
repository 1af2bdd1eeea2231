//! One-off instants as people write them: RFC 3339 / ISO 8601 with an
//! offset, a local time with an IANA zone annotation (RFC 9557), or a
//! local time read on a default clock.
//!
//! - `2021-03-26T06:00+08:00`, `2021-03-25T22:00Z`: that instant;
//! - `2021-03-26T06:00[Asia/Shanghai]`: the local time in that zone (of
//!   the bundled database; an unknown name is an error with a guess);
//! - `2021-03-26T06:00+08:00[Asia/Shanghai]`: that instant, and the offset
//!   must be the zone's at that instant (else an error, never a silent
//!   choice of one of them);
//! - `2021-03-26T06:00` or `2021-03-26 06:00`: local time on the default
//!   clock (a shipment's origin, a logger's `--tz`).
//!
//! A local time in a daylight-saving gap does not exist and is an error;
//! in a fold the earlier instant is taken. Annotations with a key
//! (`[u-ca=iso8601]`) are ignored.

use jiff::civil::DateTime;
use jiff::tz::TimeZone;

use super::zone::{civil_seconds, closest_zone, local_to_utc, time_zone, Resolution};
use crate::units::Secs;

/// Why a text is not an instant.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InstantError {
    /// Not a date and time at all.
    #[error("`{0}` is not a date and time")]
    NotATime(String),
    /// The zone annotation names no zone of the bundled database.
    #[error("`{name}` is not an IANA time zone")]
    UnknownZone {
        /// The name as written.
        name: String,
        /// The closest known name, if one is close.
        suggestion: Option<String>,
    },
    /// The offset written is not the zone's at that instant.
    #[error("`{text}` gives offset {offset}, but {zone} is at {zone_offset} then")]
    OffsetDisagrees {
        /// The whole text.
        text: String,
        /// The offset written.
        offset: String,
        /// The zone annotated.
        zone: String,
        /// The zone's offset at the instant the offset gives.
        zone_offset: String,
    },
    /// A local time that the clock skips.
    #[error("`{text}` does not exist on the clock of {zone}: it falls in a daylight-saving gap")]
    Gap {
        /// The whole text.
        text: String,
        /// The zone whose clock it was read on.
        zone: String,
    },
}

impl InstantError {
    /// What to do about it.
    pub fn help(&self) -> String {
        match self {
            InstantError::NotATime(_) => "write it like \"2021-03-26T06:00+08:00\", or \"2021-03-26T06:00\" for the local time".to_string(),
            InstantError::UnknownZone { suggestion: Some(s), .. } => format!("did you mean `{s}`?"),
            InstantError::UnknownZone { suggestion: None, .. } => {
                "use an IANA name like `America/El_Salvador`".to_string()
            }
            InstantError::OffsetDisagrees { .. } => {
                "give the offset or the zone, or make them agree".to_string()
            }
            InstantError::Gap { .. } => {
                "give a time outside the gap, or an explicit UTC offset".to_string()
            }
        }
    }
}

/// Parses `text` as a one-off instant (see the module documentation);
/// a local time without a zone is read on `naive`'s clock.
pub fn parse_instant(text: &str, naive: &TimeZone) -> Result<Secs, InstantError> {
    let text = text.trim();
    let (body, zone) = split_annotations(text)?;
    let body = body.replacen(' ', "T", 1);
    let zone = match zone {
        Some(name) => Some((
            name,
            time_zone(name).map_err(|_| InstantError::UnknownZone {
                name: name.to_string(),
                suggestion: closest_zone(name),
            })?,
        )),
        None => None,
    };
    if let Ok(ts) = body.parse::<jiff::Timestamp>() {
        // An instant. With a zone too, its offset must be the zone's
        // (`Z` says nothing about the local clock, so it always agrees).
        if let (Some((name, tz)), false) = (&zone, body.ends_with(['Z', 'z'])) {
            if let Ok(civil) = body.parse::<DateTime>() {
                let written = civil_seconds(civil) - ts.as_second();
                let theirs = tz.to_offset(ts).seconds();
                if written != i64::from(theirs) {
                    return Err(InstantError::OffsetDisagrees {
                        text: text.to_string(),
                        offset: format_offset(written),
                        zone: (*name).to_string(),
                        zone_offset: format_offset(i64::from(theirs)),
                    });
                }
            }
        }
        return Ok(Secs(ts.as_second()));
    }
    let Ok(dt) = body.parse::<DateTime>() else {
        return Err(InstantError::NotATime(text.to_string()));
    };
    let (tz, zone_name) = match &zone {
        Some((name, tz)) => (tz, (*name).to_string()),
        None => (
            naive,
            naive.iana_name().unwrap_or("the local zone").to_string(),
        ),
    };
    let secs = dt.hour() as u32 * 3600 + dt.minute() as u32 * 60 + dt.second() as u32;
    match local_to_utc(tz, dt.date(), secs) {
        Resolution::Gap { .. } => Err(InstantError::Gap {
            text: text.to_string(),
            zone: zone_name,
        }),
        r => Ok(r.schedule_instant()),
    }
}

/// The text before the first `[`, and the zone annotation if there is
/// one (the first bracketed part without `=`, a leading `!` dropped).
fn split_annotations(text: &str) -> Result<(&str, Option<&str>), InstantError> {
    let Some(open) = text.find('[') else {
        return Ok((text, None));
    };
    let (body, mut rest) = text.split_at(open);
    let mut zone = None;
    while let Some(r) = rest.strip_prefix('[') {
        let Some(close) = r.find(']') else {
            return Err(InstantError::NotATime(text.to_string()));
        };
        let inner = r[..close].trim_start_matches('!');
        if !inner.contains('=') && zone.is_none() {
            zone = Some(inner);
        }
        rest = &r[close + 1..];
    }
    if !rest.trim().is_empty() {
        return Err(InstantError::NotATime(text.to_string()));
    }
    Ok((body.trim_end(), zone))
}

/// `+08:00`, `-03:00`, `+05:45`.
fn format_offset(secs: i64) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.abs();
    format!("{sign}{:02}:{:02}", a / 3600, (a / 60) % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> Secs {
        Secs(text.parse::<jiff::Timestamp>().unwrap().as_second())
    }

    #[test]
    fn the_forms_people_write() {
        let beijing = time_zone("Asia/Shanghai").unwrap();
        let sal = time_zone("America/El_Salvador").unwrap();
        let want = utc("2021-03-25T22:00Z");
        for text in [
            "2021-03-26T06:00+08:00",
            "2021-03-25T22:00Z",
            "2021-03-26T06:00[Asia/Shanghai]",
            "2021-03-26 06:00[Asia/Shanghai]",
            "2021-03-26T06:00+08:00[Asia/Shanghai]",
            "2021-03-26T06:00+08:00[!Asia/Shanghai][u-ca=iso8601]",
            "2021-03-25T22:00Z[America/El_Salvador]",
        ] {
            assert_eq!(parse_instant(text, &sal), Ok(want), "{text}");
        }
        assert_eq!(parse_instant("2021-03-26T06:00", &beijing), Ok(want));
        assert_eq!(parse_instant("2021-03-26 06:00", &beijing), Ok(want));
    }

    #[test]
    fn a_misspelt_zone_is_refused_with_a_guess() {
        let utc_tz = TimeZone::UTC;
        let e = parse_instant("2021-04-04T12:00[America/Sao_Paolo]", &utc_tz).unwrap_err();
        assert_eq!(
            e,
            InstantError::UnknownZone {
                name: "America/Sao_Paolo".into(),
                suggestion: Some("America/Sao_Paulo".into())
            }
        );
        assert_eq!(
            e.to_string(),
            "`America/Sao_Paolo` is not an IANA time zone"
        );
        assert_eq!(e.help(), "did you mean `America/Sao_Paulo`?");
        let e = parse_instant("2021-04-04T12:00[Mars/Olympus]", &utc_tz).unwrap_err();
        assert!(matches!(e, InstantError::UnknownZone { .. }), "{e:?}");
    }

    #[test]
    fn an_offset_and_a_zone_must_agree() {
        let e = parse_instant("2021-03-26T06:00+09:00[Asia/Shanghai]", &TimeZone::UTC).unwrap_err();
        assert_eq!(
            e.to_string(),
            "`2021-03-26T06:00+09:00[Asia/Shanghai]` gives offset +09:00, but Asia/Shanghai is at +08:00 then"
        );
    }

    #[test]
    fn gaps_are_errors_and_folds_take_the_earlier() {
        let e = parse_instant("2021-03-28T02:30[Europe/Brussels]", &TimeZone::UTC).unwrap_err();
        assert!(matches!(e, InstantError::Gap { .. }), "{e:?}");
        assert_eq!(
            parse_instant("2021-10-31T02:30[Europe/Brussels]", &TimeZone::UTC),
            Ok(utc("2021-10-31T00:30Z"))
        );
    }

    #[test]
    fn not_times() {
        for text in [
            "",
            "tomorrow",
            "2021-03-26T06:00[Asia/Shanghai",
            "2021-03-26T06:00[UTC]x",
        ] {
            assert!(
                matches!(
                    parse_instant(text, &TimeZone::UTC),
                    Err(InstantError::NotATime(_))
                ),
                "{text}"
            );
        }
    }
}
