//! Inline temperature profiles and durations, as typed on a command line.
//!
//! [`parse_profile`] reads `18h@5,6h@14` (18 h at +5 C then 6 h at +14 C)
//! into [`Step`]s; [`parse_duration`] reads `30m`, `1h30m`, `2d`, `90s`,
//! `1.5h`.
//!
//! This module does no I/O.

use super::error::{Error, ItemError};
use super::trajectory::Step;
use crate::units::Celsius;

/// Reads a duration: one or more `<number><unit>` parts with units `d`,
/// `h`, `m`, `s` (`30m`, `1h30m`, `2d`, `1.5h`), in seconds.
///
/// # Errors
/// [`Error::BadDuration`] when the text is not of that form.
pub fn parse_duration(text: &str) -> Result<f64, Error> {
    duration_s(text.trim()).ok_or_else(|| Error::BadDuration {
        text: text.to_string(),
    })
}

fn duration_s(s: &str) -> Option<f64> {
    if s.is_empty() {
        return None;
    }
    let mut total = 0.0;
    let mut num_start = 0;
    let mut last_unit_rank = usize::MAX;
    for (i, c) in s.char_indices() {
        if c.is_ascii_digit() || c == '.' {
            continue;
        }
        let (unit_s, rank) = match c {
            'd' => (86_400.0, 3),
            'h' => (3600.0, 2),
            'm' => (60.0, 1),
            's' => (1.0, 0),
            _ => return None,
        };
        // Units must be given largest first and at most once: `1h30m`.
        if rank >= last_unit_rank {
            return None;
        }
        last_unit_rank = rank;
        let n: f64 = s[num_start..i].parse().ok()?;
        total += n * unit_s;
        num_start = i + 1;
    }
    // A trailing number without a unit is not accepted: `90` is ambiguous.
    (num_start == s.len() && total.is_finite()).then_some(total)
}

/// Reads an inline profile `DURATION@TEMP,DURATION@TEMP,...`, e.g.
/// `18h@5,6h@14`, into steps.
///
/// # Errors
/// [`Error::BadProfile`] listing every unreadable item.
pub fn parse_profile(text: &str) -> Result<Vec<Step>, Error> {
    let mut steps = Vec::new();
    let mut items = Vec::new();
    for (i, raw) in text.split(',').enumerate() {
        let item = raw.trim();
        let bad = |message: String| ItemError {
            item: i + 1,
            text: item.to_string(),
            message,
        };
        let Some((d, t)) = item.split_once('@') else {
            let msg = if item.is_empty() {
                "the item is empty; remove the extra comma".to_string()
            } else {
                "expected DURATION@TEMP such as 6h@14".to_string()
            };
            items.push(bad(msg));
            continue;
        };
        let dur = duration_s(d.trim());
        let temp = t.trim().parse::<f64>().ok().filter(|v| v.is_finite());
        match (dur, temp) {
            (None, _) => items.push(bad(format!(
                "cannot read duration `{}`; write it as 30m, 1h30m, 18h or 2d",
                d.trim()
            ))),
            (Some(d), _) if d <= 0.0 => items.push(bad(
                "the duration is zero; give a positive duration".to_string(),
            )),
            (_, None) => items.push(bad(format!(
                "cannot read temperature `{}`; write a number in C such as 5 or -20",
                t.trim()
            ))),
            (Some(d), Some(t)) => steps.push(Step {
                duration_s: d,
                temp: Celsius(t),
            }),
        }
    }
    if items.is_empty() {
        Ok(steps)
    } else {
        Err(Error::BadProfile { items })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        let d = |s: &str| parse_duration(s).unwrap();
        assert_eq!(d("30m"), 1800.0);
        assert_eq!(d("1h30m"), 5400.0);
        assert_eq!(d("2d"), 172_800.0);
        assert_eq!(d("1.5h"), 5400.0);
        assert_eq!(d("1d2h3m4s"), 93_784.0);
        for bad in ["", "90", "h", "1x", "30m1h", "1h1h", "-1h"] {
            assert_eq!(
                parse_duration(bad),
                Err(Error::BadDuration {
                    text: bad.to_string()
                }),
                "{bad}"
            );
        }
    }

    #[test]
    fn profile() {
        let s = parse_profile("18h@5, 6h@14,30m@-20").unwrap();
        let got: Vec<(f64, f64)> = s.iter().map(|s| (s.duration_s, s.temp.0)).collect();
        assert_eq!(
            got,
            vec![(64_800.0, 5.0), (21_600.0, 14.0), (1800.0, -20.0)]
        );
    }

    #[test]
    fn profile_reports_every_bad_item() {
        let Err(Error::BadProfile { items }) = parse_profile("18h@5,,6x@14,2h@warm,0m@5,3h") else {
            panic!("expected a profile error");
        };
        let got: Vec<String> = items.iter().map(ItemError::to_string).collect();
        assert_eq!(
            got,
            vec![
                "item 2 ``: the item is empty; remove the extra comma",
                "item 3 `6x@14`: cannot read duration `6x`; write it as 30m, 1h30m, 18h or 2d",
                "item 4 `2h@warm`: cannot read temperature `warm`; write a number in C such as 5 or -20",
                "item 5 `0m@5`: the duration is zero; give a positive duration",
                "item 6 `3h`: expected DURATION@TEMP such as 6h@14",
            ]
        );
    }
}
