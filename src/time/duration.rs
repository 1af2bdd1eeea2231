//! Durations written by people: `45m`, `1h30m`, `17h35m`, `2d`, `90s`.

use super::TimeError;
use crate::units::Secs;

/// Parses a duration such as `1h30m`, `2d 4h`, `45m` or `90s` into seconds.
///
/// Units: `d` (days), `h` (hours), `m` (minutes), `s` (seconds), each at most
/// once, largest first, optionally separated by spaces. A bare `0` means zero.
/// Negative durations are rejected: a duration in a scenario is always a
/// length of time.
///
/// # Examples
///
/// ```
/// use coldroute::time::parse_duration;
/// use coldroute::units::Secs;
/// assert_eq!(parse_duration("1h30m"), Ok(Secs(5400)));
/// assert_eq!(parse_duration("2d 4h"), Ok(Secs(187_200)));
/// assert!(parse_duration("-1h").is_err());
/// ```
pub fn parse_duration(text: &str) -> Result<Secs, TimeError> {
    let s = text.trim();
    if s.is_empty() {
        return Err(TimeError::EmptyDuration);
    }
    if s.starts_with('-') {
        return Err(TimeError::NegativeDuration(s.to_string()));
    }
    if s == "0" {
        return Ok(Secs(0));
    }
    let units = [('d', 86_400i64), ('h', 3600), ('m', 60), ('s', 1)];
    let mut total: i64 = 0;
    let mut next_unit = 0usize;
    let mut rest = s;
    while !rest.is_empty() {
        rest = rest.trim_start();
        let n_digits = rest.bytes().take_while(|b| b.is_ascii_digit()).count();
        if n_digits == 0 {
            return Err(bad(s));
        }
        let (num, tail) = rest.split_at(n_digits);
        let value: i64 = num.parse().map_err(|_| bad(s))?;
        let Some(unit) = tail.chars().next() else {
            return Err(TimeError::DurationWithoutUnit(s.to_string()));
        };
        let Some(pos) = units[next_unit..].iter().position(|(u, _)| *u == unit) else {
            return Err(bad(s));
        };
        let (_, factor) = units[next_unit + pos];
        next_unit += pos + 1;
        total = value
            .checked_mul(factor)
            .and_then(|v| total.checked_add(v))
            .filter(|v| *v <= 3650 * 86_400)
            .ok_or_else(|| TimeError::DurationTooLong(s.to_string()))?;
        rest = &tail[unit.len_utf8()..];
    }
    Ok(Secs(total))
}

fn bad(s: &str) -> TimeError {
    TimeError::NotADuration(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_forms() {
        assert_eq!(parse_duration("45m"), Ok(Secs(2700)));
        assert_eq!(parse_duration("17h35m"), Ok(Secs(17 * 3600 + 35 * 60)));
        assert_eq!(parse_duration("2d"), Ok(Secs(172_800)));
        assert_eq!(parse_duration("1h 30m 10s"), Ok(Secs(5410)));
        assert_eq!(parse_duration("0m"), Ok(Secs(0)));
        assert_eq!(parse_duration("0"), Ok(Secs(0)));
    }

    #[test]
    fn rejects_bad_forms() {
        for bad in [
            "",
            "h",
            "1",
            "1x",
            "30m1h",
            "1h1h",
            "-5m",
            "1.5h",
            "99999999999d",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad:?} should fail");
        }
        assert_eq!(parse_duration(" "), Err(TimeError::EmptyDuration));
        assert_eq!(
            parse_duration("-5m"),
            Err(TimeError::NegativeDuration("-5m".into()))
        );
        assert_eq!(
            parse_duration("1"),
            Err(TimeError::DurationWithoutUnit("1".into()))
        );
        assert_eq!(
            parse_duration("99999999999d"),
            Err(TimeError::DurationTooLong("99999999999d".into()))
        );
        assert_eq!(
            parse_duration("30m1h"),
            Err(TimeError::NotADuration("30m1h".into()))
        );
    }
}
