//! `coldroute batch`: plan a shipment list, one record a row.
//!
//! Reads SHIPMENTS (CSV with a header, or JSON Lines; `-` is standard
//! input) a chunk of rows at a time, plans each chunk with
//! `coldroute::batch::BatchPlanner` and writes its records (JSON Lines)
//! and summary lines as it goes, to `NAME.partial` files renamed over the
//! outputs at the end. `--resume` continues the partial files of a run
//! that was killed. The list format and the record schema are in
//! docs/batch.md.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;

use coldroute::batch::{
    in_shard, spec_from_json, BatchPlanner, BatchVerdict, CsvHeader, InputFormat, Row, RowError,
    Shard, SUMMARY_HEADER,
};

use super::output::{partial_path, Streamed};
use super::{load_scenario, Done, Fail, Outcome};

/// Rows planned together: enough to fill every core, few enough that
/// memory does not grow with the list.
const CHUNK: usize = 4096;

/// Plan every shipment of a list (CSV or JSON Lines): one JSON record a row
///
/// Exit code 0 when every row meets its SLA, 1 when one fails or has no
/// plan, 2 when a row (or the list) is bad; bad rows get error records and
/// the batch goes on.
#[derive(Clone, Debug, clap::Args)]
pub struct BatchArgs {
    /// Scenario file (TOML): the network, products and packaging
    pub scenario: PathBuf,
    /// Shipment list: CSV with a header row, or JSON Lines (docs/batch.md); `-` reads standard input
    pub shipments: PathBuf,
    /// Records, one JSON object a line, in input order; `-` is standard output
    #[arg(short, long, value_name = "PLANS")]
    pub output: PathBuf,
    /// Also write a CSV with one row a shipment: row, id, verdict, arrival, transit, margin, first failing criterion, error
    #[arg(long, value_name = "FILE.csv")]
    pub summary: Option<PathBuf>,
    /// Continue a run that was killed, from the `.partial` files it left
    #[arg(long)]
    pub resume: bool,
    /// Plan only the rows whose id hashes to shard K of N (FNV-1a), for running a list over many machines
    #[arg(long, value_name = "K/N", value_parser = Shard::parse)]
    pub shard: Option<Shard>,
    #[command(flatten)]
    pub search: super::SearchArgs,
}

/// What the records so far say, for the exit code.
#[derive(Default)]
struct Tally {
    bad: bool,
    failed: bool,
}

impl Tally {
    fn add(&mut self, verdict: BatchVerdict) {
        match verdict {
            BatchVerdict::Error => self.bad = true,
            BatchVerdict::Fail | BatchVerdict::NoPlan => self.failed = true,
            BatchVerdict::Pass => {}
        }
    }

    /// Exit 2 if a row was bad (its error record says why), else 1 if one
    /// failed, else 0.
    fn outcome(&self) -> Outcome {
        if self.bad {
            Err(Fail::Reported)
        } else {
            Ok(Done::pass_if(!self.failed))
        }
    }
}

/// Runs `coldroute batch`.
pub fn run(args: &BatchArgs, out: &mut dyn Write) -> Outcome {
    let Some((scenario, _)) = load_scenario(&args.scenario) else {
        return Err(Fail::Reported);
    };
    let list = args.shipments.display().to_string();
    let (input, size): (Box<dyn Read>, Option<u64>) = if args.shipments.as_os_str() == "-" {
        (Box::new(std::io::stdin()), None)
    } else {
        let f = std::fs::File::open(&args.shipments)
            .map_err(|e| format!("{list}: cannot read the file ({e}); check the path"))?;
        let size = f.metadata().ok().map(|m| m.len());
        (Box::new(f), size)
    };
    let mut input = BufReader::with_capacity(1 << 16, input);
    let format = InputFormat::sniff(input.fill_buf().unwrap_or_default());
    // Where a killed run stopped: the last row with a whole record (and a
    // summary line), and what those records said.
    let mut tally = Tally::default();
    let (mut records, mut summary, done) = open_outputs(args, &mut tally)?;
    if let (Some(s), false) = (&mut summary, args.resume) {
        s.write_all(format!("{SUMMARY_HEADER}\n").as_bytes(), out)?;
    }
    let mut planner = BatchPlanner::new(&scenario, args.search.config(false));
    let bar = super::progress::bytes(size);
    let started = std::time::Instant::now();
    let mut flush = |rows: &mut Vec<Row>, planner: &mut BatchPlanner, tally: &mut Tally| {
        let recs = planner.plan_chunk(rows);
        rows.clear();
        let mut lines = String::new();
        let mut sums = String::new();
        for r in &recs {
            tally.add(r.verdict);
            lines.push_str(&r.to_json_line());
            lines.push('\n');
            sums.push_str(&r.to_summary_line());
            sums.push('\n');
        }
        records.write_all(lines.as_bytes(), out)?;
        if let Some(s) = &mut summary {
            s.write_all(sums.as_bytes(), out)?;
        }
        Ok::<(), String>(())
    };
    let keep = |row: &Row| match (args.shard, &row.spec) {
        (_, _) if row.number <= done => false,
        (None, _) => true,
        (Some(sh), Ok(spec)) => in_shard(&spec.id, sh),
        // A row too broken to have an id goes to the first shard, so
        // that the shards together still have one record a row.
        (Some(sh), Err(_)) => sh.k == 1,
    };
    let mut rows: Vec<Row> = Vec::with_capacity(CHUNK);
    match format {
        InputFormat::Csv => {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(true)
                .flexible(true)
                .trim(csv::Trim::All)
                .from_reader(input);
            let header = reader
                .headers()
                .map_err(|e| format!("{list}:1: cannot read the header row: {e}"))?
                .clone();
            let fields: Vec<&str> = header.iter().collect();
            let header = CsvHeader::parse(&fields).map_err(|e| format!("{list}:1: {e}"))?;
            let mut rec = csv::StringRecord::new();
            let mut i = 0;
            loop {
                let spec = match reader.read_record(&mut rec) {
                    Ok(false) => break,
                    Ok(true) => {
                        let f: Vec<&str> = rec.iter().collect();
                        header.spec(&f)
                    }
                    Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => {
                        return Err(format!("{list}: cannot read the list: {e}").into());
                    }
                    Err(e) => Err(RowError::Split(e.to_string())),
                };
                i += 1;
                let row = Row { number: i, spec };
                if keep(&row) {
                    rows.push(row);
                }
                if rows.len() == CHUNK {
                    flush(&mut rows, &mut planner, &mut tally)?;
                    bar.set_position(reader.position().byte());
                    bar.set_message(format!("{} rows", planner.stats.rows));
                }
            }
        }
        InputFormat::JsonLines => {
            let mut number = 0;
            let mut read = 0u64;
            for line in input.lines() {
                let line = line.map_err(|e| format!("{list}: cannot read the list: {e}"))?;
                read += line.len() as u64 + 1;
                if line.trim().is_empty() {
                    continue;
                }
                number += 1;
                let row = Row {
                    number,
                    spec: spec_from_json(&line),
                };
                if keep(&row) {
                    rows.push(row);
                }
                if rows.len() == CHUNK {
                    flush(&mut rows, &mut planner, &mut tally)?;
                    bar.set_position(read);
                    bar.set_message(format!("{} rows", planner.stats.rows));
                }
            }
        }
    }
    flush(&mut rows, &mut planner, &mut tally)?;
    bar.finish_and_clear();
    records.finish()?;
    if let Some(s) = summary {
        s.finish()?;
    }
    let st = planner.stats;
    let secs = started.elapsed().as_secs_f64();
    super::ui::detail(format!(
        "{} rows in {secs:.2} s ({:.0} rows/s): {} searches, {} rows answered by an identical query ({:.1} %), {} refused, {} networks built",
        st.rows,
        st.rows as f64 / secs.max(1e-9),
        st.searched,
        st.deduplicated,
        100.0 * st.deduplicated as f64 / (st.rows.max(1) as f64),
        st.refused,
        st.networks
    ));
    tally.outcome()
}

/// Opens the record and summary outputs, fresh or resumed, and returns
/// the number of the last row already done (0 when fresh).
fn open_outputs(
    args: &BatchArgs,
    tally: &mut Tally,
) -> Result<(Streamed, Option<Streamed>, usize), String> {
    if !args.resume {
        let records = Streamed::create(&args.output)?;
        let summary = match &args.summary {
            Some(p) => Some(Streamed::create(p)?),
            None => None,
        };
        return Ok((records, summary, 0));
    }
    if args.output.as_os_str() == "-" || args.summary.as_ref().is_some_and(|p| p.as_os_str() == "-")
    {
        return Err("--resume needs files: standard output cannot be continued".into());
    }
    let partial = partial_path(&args.output);
    let text = std::fs::read_to_string(&partial).map_err(|e| {
        format!(
            "--resume: cannot read `{}` ({e}); run without --resume to start afresh",
            partial.display()
        )
    })?;
    // Whole records: lines ending in a newline that parse, as (row, bytes
    // up to its end, verdict).
    let mut whole: Vec<(usize, u64, BatchVerdict)> = Vec::new();
    let mut at = 0u64;
    for line in text.split_inclusive('\n') {
        if !line.ends_with('\n') {
            break;
        }
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            break;
        };
        let Some(row) = v["row"].as_u64() else {
            break;
        };
        at += line.len() as u64;
        let verdict = match v["verdict"].as_str() {
            Some("error") => BatchVerdict::Error,
            Some("pass") => BatchVerdict::Pass,
            _ => BatchVerdict::Fail,
        };
        whole.push((row as usize, at, verdict));
    }
    let mut n = whole.len();
    let summary = match &args.summary {
        Some(p) => {
            let sp = partial_path(p);
            let st = std::fs::read_to_string(&sp)
                .map_err(|e| format!("--resume: cannot read `{}` ({e})", sp.display()))?;
            // The header, then one line a record.
            let lines: Vec<&str> = st
                .split_inclusive('\n')
                .filter(|l| l.ends_with('\n'))
                .collect();
            let have = lines.len().saturating_sub(1);
            n = n.min(have);
            let keep: u64 = lines.iter().take(n + 1).map(|l| l.len() as u64).sum();
            Some(Streamed::resume(p, keep)?)
        }
        None => None,
    };
    // Records beyond the summary's last line are planned again.
    for w in &whole[..n] {
        tally.add(w.2);
    }
    let (done, keep) = n
        .checked_sub(1)
        .map_or((0, 0), |i| (whole[i].0, whole[i].1));
    let records = Streamed::resume(&args.output, keep)?;
    super::ui::note(format!(
        "resuming {} after row {done} ({n} records kept)",
        partial.display()
    ));
    Ok((records, summary, done))
}
