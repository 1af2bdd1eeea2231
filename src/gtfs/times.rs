//! GTFS time fields checked as they are written. `gtfs-structures` turns
//! `08:60:00` into 09:00:00 before coldroute sees it, so the time columns
//! are read once more, as text, and minutes or seconds of 60 or more are
//! errors at their own row and column.

use std::io::Read;

use super::FeedError;

/// The time columns of each feed file that has some.
pub const TIME_COLUMNS: [(&str, &[&str]); 2] = [
    ("stop_times.txt", &["arrival_time", "departure_time"]),
    ("frequencies.txt", &["start_time", "end_time"]),
];

/// At most this many bad times are reported per file.
pub const MAX_REPORTED: usize = 50;

/// The bad times in `file` (one of [`TIME_COLUMNS`]), read from `text`:
/// a field `H:MM:SS` whose minutes or seconds are 60 or more. Fields of
/// another shape are left to the feed reader's own checks.
pub fn bad_times(file: &str, text: impl Read) -> Vec<FeedError> {
    let Some((_, names)) = TIME_COLUMNS.iter().find(|(f, _)| *f == file) else {
        return Vec::new();
    };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text);
    let Ok(headers) = reader.byte_headers().cloned() else {
        return Vec::new();
    };
    let columns: Vec<(usize, &str)> = headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let h = std::str::from_utf8(h)
                .ok()?
                .trim()
                .trim_start_matches('\u{feff}');
            names.iter().find(|n| **n == h).map(|n| (i, *n))
        })
        .collect();
    let mut out = Vec::new();
    let mut record = csv::ByteRecord::new();
    while out.len() < MAX_REPORTED {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            _ => break,
        }
        for &(i, name) in &columns {
            let Some(field) = record.get(i) else { continue };
            if let Some(why) = out_of_range(field) {
                out.push(FeedError {
                    file: file.to_string(),
                    line: record.position().map(|p| p.line()),
                    column: Some(name.to_string()),
                    message: format!(
                        "`{}` is not a time: {why} must be below 60",
                        String::from_utf8_lossy(field).trim()
                    ),
                });
            }
        }
    }
    out
}

/// `Some("minutes")` or `Some("seconds")` when `field` reads as
/// `H:MM:SS` with that part 60 or more.
fn out_of_range(field: &[u8]) -> Option<&'static str> {
    let f = std::str::from_utf8(field).ok()?.trim();
    let mut parts = f.split(':');
    let (h, m, s) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !digits(h) || m.len() != 2 || s.len() != 2 {
        return None;
    }
    let (m, s): (u32, u32) = (m.parse().ok()?, s.parse().ok()?);
    if m >= 60 {
        Some("minutes")
    } else if s >= 60 {
        Some("seconds")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_and_seconds_of_sixty_are_found_at_their_row_and_column() {
        let text = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n\
                    T1,08:00:00,08:00:00,A,1\n\
                    T1,08:60:00,08:61:00,B,2\n\
                    T1,25:10:00,,C,3\n\
                    T1,08:99:99,09:00:60,D,4\n";
        let errs = bad_times("stop_times.txt", text.as_bytes());
        let got: Vec<(Option<u64>, &str, &str)> = errs
            .iter()
            .map(|e| (e.line, e.column.as_deref().unwrap(), e.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some(3),
                    "arrival_time",
                    "`08:60:00` is not a time: minutes must be below 60"
                ),
                (
                    Some(3),
                    "departure_time",
                    "`08:61:00` is not a time: minutes must be below 60"
                ),
                (
                    Some(5),
                    "arrival_time",
                    "`08:99:99` is not a time: minutes must be below 60"
                ),
                (
                    Some(5),
                    "departure_time",
                    "`09:00:60` is not a time: seconds must be below 60"
                ),
            ]
        );
        assert!(bad_times("stops.txt", text.as_bytes()).is_empty());
    }
}
