//! Reading GTFS feeds from disk for the library (`coldroute::gtfs`), and
//! the feeds a scenario's `[[gtfs]]` tables name.

use std::path::Path;

use coldroute::gtfs::{Feed, FeedError};
use coldroute::scenario::{Diagnostic, Scenario};

/// Reads and checks a feed (a `.zip` or a directory). Errors are located
/// in the feed's files.
pub fn read_feed(path: &Path) -> Result<Feed, Vec<FeedError>> {
    let raw = gtfs_structures::GtfsReader::default()
        .read_shapes(false)
        .raw()
        .read_from_path(path)
        .map_err(|e| {
            vec![FeedError {
                file: path.display().to_string(),
                line: None,
                column: None,
                message: format!("cannot read the feed: {e}"),
            }]
        })?;
    let mut bad = raw_time_errors(path);
    match Feed::from_raw(raw) {
        Ok(feed) if bad.is_empty() => Ok(feed),
        Ok(_) => Err(bad),
        Err(mut errs) => {
            bad.append(&mut errs);
            Err(bad)
        }
    }
}

/// The time fields of the feed at `path` (a `.zip` or a directory) read
/// as text ([`coldroute::gtfs::times`]): what the feed reader would
/// silently carry over (`08:60:00` as 09:00:00).
fn raw_time_errors(path: &Path) -> Vec<FeedError> {
    use coldroute::gtfs::times::{bad_times, TIME_COLUMNS};
    let mut out = Vec::new();
    if path.is_dir() {
        for (file, _) in TIME_COLUMNS {
            if let Ok(f) = std::fs::File::open(path.join(file)) {
                out.extend(bad_times(file, std::io::BufReader::new(f)));
            }
        }
        return out;
    }
    let Ok(mut zip) = std::fs::File::open(path).map(zip::ZipArchive::new) else {
        return out;
    };
    let Ok(zip) = zip.as_mut() else {
        return out;
    };
    for (file, _) in TIME_COLUMNS {
        // The file may sit in a folder inside the archive.
        let name = zip
            .file_names()
            .find(|n| *n == file || n.ends_with(&format!("/{file}")))
            .map(str::to_string);
        if let Some(name) = name {
            if let Ok(entry) = zip.by_name(&name) {
                out.extend(bad_times(file, std::io::BufReader::new(entry)));
            }
        }
    }
    out
}

/// Loads scenario `text` (from `path`) with the feeds its `[[gtfs]]`
/// tables name, relative to the scenario's directory. A feed that cannot
/// be read or is malformed becomes diagnostics at its `path`.
pub fn load_with_feeds(path: &Path, text: &str) -> Result<Scenario, Vec<Diagnostic>> {
    load_with_feeds_for(path, text, &|_| Vec::new())
}

/// [`load_with_feeds`] for queries that are not the file's shipments:
/// `extra` gives their ready times once the scenario is loaded (they may
/// be local times at its hubs), and when the scenario has feeds it is
/// loaded again, from the feeds already read, with their rides expanded
/// around those times too (`scenario::load_with_sources_for`).
pub fn load_with_feeds_for(
    path: &Path,
    text: &str,
    extra: &dyn Fn(&Scenario) -> Vec<coldroute::units::Secs>,
) -> Result<Scenario, Vec<Diagnostic>> {
    let (sources, ssim) = coldroute::scenario::file_sources(text);
    if sources.is_empty() && ssim.is_empty() {
        return coldroute::scenario::load(text);
    }
    let dir = path.parent().unwrap_or(Path::new(""));
    let schedules = read_schedules(dir, &ssim)?;
    let mut feeds = Vec::with_capacity(sources.len());
    let mut diags = Vec::new();
    for src in &sources {
        match read_feed(&dir.join(&src.path)) {
            Ok(f) => feeds.push(f),
            Err(errs) => {
                let n = errs.len();
                for e in errs.iter().take(20) {
                    diags.push(
                        Diagnostic::new(src.span.clone(), format!("GTFS feed: {e}"))
                            .with_help("fix the feed; docs/gtfs.md says what coldroute reads"),
                    );
                }
                if n > 20 {
                    diags.push(Diagnostic::new(
                        src.span.clone(),
                        format!("GTFS feed: {} more problems", n - 20),
                    ));
                }
            }
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let mut s = coldroute::scenario::load_with_sources(text, &feeds, &schedules)?;
    if !feeds.is_empty() {
        let mut more = extra(&s);
        // Ready times whose window the file's shipments already cover need
        // no second load.
        let window = |r| coldroute::scenario::schedule_window(r, s.horizon);
        let spans: Vec<_> = s.shipments.iter().map(|sh| window(sh.ready)).collect();
        let spans = coldroute::gtfs::merge_windows(&spans);
        let covered = |r| {
            let (a, b) = window(r);
            spans.iter().any(|&(x, y)| x <= a && b <= y)
        };
        more.retain(|&r| !covered(r));
        if !more.is_empty() {
            s = coldroute::scenario::load_with_sources_for(text, &feeds, &schedules, &more)?;
        }
    }
    for (src, sch) in ssim.iter().zip(&schedules) {
        note_skipped_legs(&s, src, sch)?;
    }
    Ok(s)
}

/// Reads and parses the `[[ssim]]` files; a problem inside a file is
/// located in it (`FILE:LINE:COL`), at the table that names it.
fn read_schedules(
    dir: &Path,
    sources: &[coldroute::scenario::GtfsSource],
) -> Result<Vec<coldroute::ssim::Schedule>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for src in sources {
        let p = dir.join(&src.path);
        let text = match super::read_text(&p) {
            Ok(t) => t,
            Err(e) => {
                diags.push(
                    Diagnostic::new(src.span.clone(), e)
                        .with_help("check the path; it is relative to the scenario file"),
                );
                continue;
            }
        };
        match coldroute::ssim::parse(&text) {
            Ok(s) => {
                diags.extend(unknown_airports(src, &s));
                out.push(s);
            }
            Err(errs) => {
                let n = errs.len();
                for e in errs.iter().take(20) {
                    diags.push(
                        Diagnostic::new(
                            src.span.clone(),
                            format!("{}:{}:{}: {}", src.path, e.line, e.col, e.message),
                        )
                        .with_help(
                            "fix the record; docs/ssim.md gives the columns coldroute reads",
                        ),
                    );
                }
                if n > 20 {
                    diags.push(Diagnostic::new(
                        src.span.clone(),
                        format!("{}: {} more problems", src.path, n - 20),
                    ));
                }
            }
        }
    }
    if diags.is_empty() {
        Ok(out)
    } else {
        Err(diags)
    }
}

/// Stations that are not airports of the built-in table: each an error
/// at its record and column, with a guess.
fn unknown_airports(
    src: &coldroute::scenario::GtfsSource,
    sch: &coldroute::ssim::Schedule,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for l in &sch.legs {
        for (code, col) in [(&l.dep_station, 37), (&l.arr_station, 55)] {
            if coldroute::airports::lookup(code).is_none() {
                let guess = coldroute::airports::suggest(code)
                    .map(|g| format!("; did you mean `{g}`?"))
                    .unwrap_or_default();
                diags.push(
                    Diagnostic::new(
                        src.span.clone(),
                        format!("{}:{}:{col}: unknown airport `{code}`{guess}", src.path, l.line),
                    )
                    .with_help("SSIM stations are IATA airport codes of the built-in table (docs/airports.md)"),
                );
            }
        }
    }
    diags
}

/// Legs at airports that are not hubs of the scenario are left out: said
/// on stderr.
fn note_skipped_legs(
    s: &Scenario,
    src: &coldroute::scenario::GtfsSource,
    sch: &coldroute::ssim::Schedule,
) -> Result<(), Vec<Diagnostic>> {
    let k = &sch.skipped;
    super::ui::detail(format!(
        "{}: {} flight legs read; skipped {} header, {} carrier, {} segment-data, {} trailer and {} filler records",
        src.path,
        sch.legs.len(),
        k[1],
        k[2],
        k[4],
        k[5],
        k[0]
    ));
    let hubs: std::collections::HashSet<&str> = s.hubs.iter().map(|h| h.code.as_str()).collect();
    let mut missing = std::collections::BTreeMap::<&str, usize>::new();
    for l in &sch.legs {
        for code in [&l.dep_station, &l.arr_station] {
            if !hubs.contains(code.as_str()) {
                *missing.entry(code).or_default() += 1;
            }
        }
    }
    if !missing.is_empty() {
        let list: Vec<String> = missing.keys().map(|c| c.to_string()).collect();
        super::ui::note(format!(
            "note: {}: legs at {} left out: not hubs of the scenario (declare them as [[hub]] to use them)",
            src.path,
            list.join(", ")
        ));
    }
    Ok(())
}
