//! Reading a data-logger file from the command line: the flags that say
//! how it is written, and the file read with messages that name it.
//!
//! Shared by `coldroute excursion FILE` and `coldroute report --logger
//! FILE`, so both read a vendor export the same way.

use std::path::Path;

use jiff::tz::TimeZone;

use coldroute::thermal::{
    parse_duration, parse_logger, DateFormat, Error, LoggerData, LoggerOptions, TempUnit,
};

/// How a logger file is written.
#[derive(Clone, Debug, clap::Args)]
pub struct LoggerFlags {
    /// Time zone of logger timestamps written without an offset, and of
    /// the times in the report (IANA name)
    #[arg(long, value_name = "TZ", default_value = "UTC")]
    pub tz: String,

    /// How the logger's dates are written, when the rows do not settle it:
    /// DMY (28/03/2021), MDY (3/28/2021), YMD, or a strftime pattern such
    /// as "%d/%m/%Y %I:%M %p"
    #[arg(long, value_name = "DMY|MDY|YMD|PATTERN", value_parser = DateFormat::parse)]
    pub date_format: Option<DateFormat>,

    /// Longest pause between readings still held at the last reading
    /// (default: twice the median interval); longer pauses are gaps of
    /// unknown temperature and fail the record
    #[arg(long, value_name = "DURATION", value_parser = parse_seconds)]
    pub max_gap: Option<f64>,

    /// Unit of the temperature column: C or F (default: what the header
    /// says, `°F`, `degF`, `[F]`, `Temp F`...; else C)
    #[arg(long, value_name = "C|F", value_parser = parse_unit)]
    pub unit: Option<TempUnit>,

    /// The temperature column, by header name or 1-based number (needed
    /// when the header has several, e.g. ambient and probe)
    #[arg(long, value_name = "NAME|N")]
    pub column: Option<String>,

    /// Lines to skip before the header (a vendor export's preamble)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub skip: usize,
}

/// A duration flag (`2h`, `30m`) in seconds.
pub fn parse_seconds(s: &str) -> Result<f64, String> {
    parse_duration(s).map_err(|e| e.to_string())
}

/// `C` or `F` (any case, `°` allowed).
fn parse_unit(s: &str) -> Result<TempUnit, String> {
    match s
        .trim()
        .trim_start_matches('°')
        .to_ascii_uppercase()
        .as_str()
    {
        "C" => Ok(TempUnit::Celsius),
        "F" => Ok(TempUnit::Fahrenheit),
        _ => Err(format!("`{s}` is not a unit; use C or F")),
    }
}

impl LoggerFlags {
    /// The zone of `--tz`, from the bundled database (never the host's).
    pub fn zone(&self) -> Result<TimeZone, String> {
        coldroute::time::time_zone(&self.tz).map_err(|e| {
            let hint = coldroute::time::closest_zone(&self.tz)
                .map(|n| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default();
            format!("--tz: {e}{hint}")
        })
    }
}

/// Reads the logger file at `path` (`-`: standard input): its name for
/// messages, the readings, and the bytes as read (for an audit hash).
/// Text that is not UTF-8 is read as Latin-1. Unreadable rows are listed
/// one per line as `FILE:LINE: message`.
pub fn read_logger(
    path: &Path,
    flags: &LoggerFlags,
) -> Result<(String, LoggerData, Vec<u8>), String> {
    let tz = flags.zone()?;
    let (source, bytes) = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        ("<stdin>".to_string(), bytes)
    } else {
        let source = path.display().to_string();
        let bytes = std::fs::read(path)
            .map_err(|e| format!("{source}: cannot read the file ({e}); check the path"))?;
        (source, bytes)
    };
    // Logger software often exports Windows-1252 (`°` is byte 0xB0): text
    // that is not UTF-8 is read as Latin-1, which agrees with Windows-1252
    // on every byte a logger export uses outside 0x80-0x9F.
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t.to_string(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    };
    let opts = LoggerOptions {
        naive_time_zone: tz,
        unit: flags.unit,
        column: flags.column.clone(),
        skip_lines: flags.skip,
        date_format: flags.date_format.clone().unwrap_or_default(),
    };
    let data = parse_logger(&text, &opts).map_err(|e| match e {
        Error::BadRows { rows } => {
            let mut lines: Vec<String> = rows
                .iter()
                .map(|r| format!("{source}:{}: {}", r.line, r.message))
                .collect();
            lines.push(format!("{source}: {}", Error::BadRows { rows }));
            lines.join("\n")
        }
        other => format!("{source}: {other}"),
    })?;
    Ok((source, data, bytes))
}
