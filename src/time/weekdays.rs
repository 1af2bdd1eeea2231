//! Sets of weekdays on which a service runs.

use std::fmt;

use super::TimeError;

/// A set of weekdays, bit 0 = Monday ... bit 6 = Sunday.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Weekdays(pub u8);

const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl Weekdays {
    /// Every day of the week.
    pub const DAILY: Weekdays = Weekdays(0b111_1111);

    /// Parses one day name (`mon`, `Tuesday`, ...; case-insensitive, three
    /// letters or the full English name) or `daily`.
    pub fn parse_day(name: &str) -> Result<Weekdays, TimeError> {
        let n = name.trim().to_ascii_lowercase();
        if n == "daily" {
            return Ok(Weekdays::DAILY);
        }
        const FULL: [&str; 7] = [
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ];
        NAMES
            .iter()
            .zip(FULL)
            .position(|(short, full)| n == *short || n == full)
            .map(|i| Weekdays(1 << i))
            .ok_or_else(|| TimeError::NotAWeekday(name.to_string()))
    }

    /// Whether the set holds `day` (jiff's weekday, Monday = 1).
    pub fn contains(self, day: jiff::civil::Weekday) -> bool {
        let i = day.to_monday_zero_offset();
        self.0 & (1 << i) != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl fmt::Display for Weekdays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Weekdays::DAILY {
            return f.write_str("daily");
        }
        let names: Vec<&str> = (0..7)
            .filter(|i| self.0 & (1 << i) != 0)
            .map(|i| NAMES[i])
            .collect();
        f.write_str(&names.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::Weekday;

    #[test]
    fn parse_and_contains() {
        let tue = Weekdays::parse_day("Tue").unwrap();
        let fri = Weekdays::parse_day("friday").unwrap();
        let set = Weekdays(tue.0 | fri.0);
        assert!(set.contains(Weekday::Tuesday) && set.contains(Weekday::Friday));
        assert!(!set.contains(Weekday::Monday));
        assert_eq!(set.to_string(), "tue,fri");
        assert_eq!(
            Weekdays::parse_day("tues"),
            Err(TimeError::NotAWeekday("tues".into()))
        );
    }
}
