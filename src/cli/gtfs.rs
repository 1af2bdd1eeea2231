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
    Feed::from_raw(raw)
}

/// Loads scenario `text` (from `path`) with the feeds its `[[gtfs]]`
/// tables name, relative to the scenario's directory. A feed that cannot
/// be read or is malformed becomes diagnostics at its `path`.
pub fn load_with_feeds(path: &Path, text: &str) -> Result<Scenario, Vec<Diagnostic>> {
    let sources = coldroute::scenario::gtfs_sources(text);
    if sources.is_empty() {
        return coldroute::scenario::load(text);
    }
    let dir = path.parent().unwrap_or(Path::new(""));
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
    coldroute::scenario::load_with_feeds(text, &feeds)
}
