//! Local wall-clock times of day (`08:30`, `06:05+1`) and daily windows
//! (`06:00-22:00`).

use std::fmt;

use super::TimeError;

/// A local time of day, in seconds after local midnight, with an optional
/// whole-day offset (`06:05+1` is 06:05 on the next local day).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime {
    /// Seconds after local midnight, `0..86_400`.
    pub secs: u32,
    /// Days after the reference day (`+1` in `06:05+1`), `0..=3`.
    pub day_offset: u8,
}

impl ClockTime {
    /// Parses `HH:MM`, `HH:MM:SS`, optionally followed by `+N` (N days later).
    pub fn parse(text: &str) -> Result<ClockTime, TimeError> {
        let s = text.trim();
        let (clock, day_offset) = match s.split_once('+') {
            Some((c, d)) => {
                let d: u8 = d
                    .parse()
                    .ok()
                    .filter(|d| *d <= 3)
                    .ok_or_else(|| TimeError::DayOffset(s.to_string()))?;
                (c, d)
            }
            None => (s, 0),
        };
        let parts: Vec<&str> = clock.split(':').collect();
        let bad = || TimeError::NotAClockTime(s.to_string());
        if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.len() != 2) {
            return Err(bad());
        }
        let num = |p: &str| p.parse::<u32>().map_err(|_| bad());
        let (h, m) = (num(parts[0])?, num(parts[1])?);
        let sec = if parts.len() == 3 { num(parts[2])? } else { 0 };
        if h > 23 || m > 59 || sec > 59 {
            return Err(TimeError::OutOfDay(s.to_string()));
        }
        Ok(ClockTime {
            secs: h * 3600 + m * 60 + sec,
            day_offset,
        })
    }

    /// Hours, minutes and seconds of the time of day.
    pub fn hms(self) -> (u32, u32, u32) {
        (self.secs / 3600, (self.secs / 60) % 60, self.secs % 60)
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m, s) = self.hms();
        write!(f, "{h:02}:{m:02}")?;
        if s != 0 {
            write!(f, ":{s:02}")?;
        }
        if self.day_offset > 0 {
            write!(f, "+{}", self.day_offset)?;
        }
        Ok(())
    }
}

/// A daily local window such as opening hours, `06:00-22:00`. A window whose
/// end is not after its start wraps past midnight (`22:00-06:00`);
/// `00:00-24:00` is open all day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DailyWindow {
    /// Opening, seconds after local midnight.
    pub open: u32,
    /// Closing, seconds after local midnight, `1..=86_400`.
    pub close: u32,
}

impl DailyWindow {
    /// The window open all day.
    pub const ALWAYS: DailyWindow = DailyWindow {
        open: 0,
        close: 86_400,
    };

    /// Parses `HH:MM-HH:MM`; `24:00` is allowed as a closing time.
    pub fn parse(text: &str) -> Result<DailyWindow, TimeError> {
        let s = text.trim();
        let bad = || TimeError::NotAWindow(s.to_string());
        let (a, b) = s.split_once('-').ok_or_else(bad)?;
        let open = ClockTime::parse(a).map_err(|_| bad())?;
        let close = if b.trim() == "24:00" {
            86_400
        } else {
            ClockTime::parse(b).map_err(|_| bad())?.secs
        };
        if open.day_offset != 0 {
            return Err(bad());
        }
        if open.secs == close {
            return Err(TimeError::EmptyWindow(s.to_string()));
        }
        Ok(DailyWindow {
            open: open.secs,
            close,
        })
    }

    /// Whether local second-of-day `t` lies inside the window.
    pub fn contains(&self, t: u32) -> bool {
        if self.open < self.close {
            t >= self.open && t < self.close
        } else {
            t >= self.open || t < self.close
        }
    }

    /// Seconds from local second-of-day `t` until the window is next open
    /// (0 when it is open now).
    pub fn wait_until_open(&self, t: u32) -> u32 {
        if self.contains(t) {
            0
        } else if t < self.open {
            self.open - t
        } else {
            86_400 - t + self.open
        }
    }
}

impl fmt::Display for DailyWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hm = |s: u32| format!("{:02}:{:02}", s / 3600, (s / 60) % 60);
        write!(f, "{}-{}", hm(self.open), hm(self.close))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times() {
        assert_eq!(ClockTime::parse("08:30").unwrap().secs, 8 * 3600 + 1800);
        let t = ClockTime::parse("06:05+1").unwrap();
        assert_eq!((t.secs, t.day_offset), (6 * 3600 + 300, 1));
        assert_eq!(t.to_string(), "06:05+1");
        for bad in ["8:30", "24:00", "12:60", "ab:cd", "12:00+9", "", "12"] {
            assert!(ClockTime::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            ClockTime::parse("12:00+9"),
            Err(TimeError::DayOffset("12:00+9".into()))
        );
        assert_eq!(
            ClockTime::parse("8:30"),
            Err(TimeError::NotAClockTime("8:30".into()))
        );
        assert_eq!(
            ClockTime::parse("12:60"),
            Err(TimeError::OutOfDay("12:60".into()))
        );
    }

    #[test]
    fn windows() {
        let w = DailyWindow::parse("06:00-22:00").unwrap();
        assert!(w.contains(6 * 3600) && !w.contains(22 * 3600) && !w.contains(0));
        assert_eq!(w.wait_until_open(5 * 3600), 3600);
        assert_eq!(w.wait_until_open(23 * 3600), 7 * 3600);
        let night = DailyWindow::parse("22:00-06:00").unwrap();
        assert!(night.contains(23 * 3600) && night.contains(3600) && !night.contains(12 * 3600));
        assert_eq!(
            DailyWindow::parse("00:00-24:00").unwrap(),
            DailyWindow::ALWAYS
        );
        assert_eq!(
            DailyWindow::parse("06:00-06:00"),
            Err(TimeError::EmptyWindow("06:00-06:00".into()))
        );
        assert_eq!(
            DailyWindow::parse("6-22"),
            Err(TimeError::NotAWindow("6-22".into()))
        );
    }
}
