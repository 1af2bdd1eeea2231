//! Durations written by people: `45m`, `1h30m`, `17h35m`, `2d`, `90s`.

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
pub fn parse_duration(text: &str) -> Result<Secs, String> {
    let s = text.trim();
    if s.is_empty() {
        return Err("empty duration; write it like `45m`, `1h30m` or `2d`".into());
    }
    if s.starts_with('-') {
        return Err(format!(
            "`{s}` is negative; a duration is a length of time, like `45m`"
        ));
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
            return Err(format!(
                "`{s}` has a number without a unit; add `d`, `h`, `m` or `s`"
            ));
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
            .ok_or_else(|| format!("`{s}` is longer than ten years"))?;
        rest = &tail[unit.len_utf8()..];
    }
    Ok(Secs(total))
}

fn bad(s: &str) -> String {
    format!("`{s}` is not a duration; write it like `45m`, `1h30m`, `17h35m` or `2d`")
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
    }
}
