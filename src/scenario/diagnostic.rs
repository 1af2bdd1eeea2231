//! Problems found in a scenario, located by byte span, and their rendering
//! as `file:line:column` with a caret excerpt.

pub use crate::names::{closest, edit_distance};
use std::fmt::Write as _;
use std::ops::Range;

/// One problem in a scenario file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Byte range in the source the problem is about.
    pub span: Range<usize>,
    /// What is wrong, lowercase, no trailing period.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem at `span`.
    pub fn new(span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            span,
            message: message.into(),
            help: None,
        }
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// 1-based line and column (in characters) of the span's start.
    pub fn line_col(&self, source: &str) -> (usize, usize) {
        line_col(source, self.span.start)
    }

    /// [`Diagnostic::render`] with the source's line index made once for
    /// many problems ([`LineIndex`]).
    pub fn render_indexed(&self, file_name: &str, source: &str, index: &LineIndex) -> String {
        let at = index.line_col(source, self.span.start);
        self.render_at("error", file_name, source, at)
    }

    /// [`Diagnostic::render`] of a warning: `warning: ...` instead of
    /// `error: ...`.
    pub fn render_warning(&self, file_name: &str, source: &str, index: &LineIndex) -> String {
        let at = index.line_col(source, self.span.start);
        self.render_at("warning", file_name, source, at)
    }

    /// Renders the problem as
    ///
    /// ```text
    /// error: unknown hub code `PKE`
    ///  --> scenario.toml:12:8
    ///    |
    /// 12 | from = "PKE"
    ///    |        ^^^^^
    ///    = help: did you mean `PEK`?
    /// ```
    pub fn render(&self, file_name: &str, source: &str) -> String {
        self.render_at(
            "error",
            file_name,
            source,
            line_col(source, self.span.start),
        )
    }

    fn render_at(
        &self,
        label: &str,
        file_name: &str,
        source: &str,
        (line, col): (usize, usize),
    ) -> String {
        let mut start = self.span.start.min(source.len());
        while !source.is_char_boundary(start) {
            start -= 1;
        }
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let text = source[line_start..line_end].trim_end_matches('\r');
        let mut span_end = self.span.end.clamp(start, line_end.max(start));
        while !source.is_char_boundary(span_end) {
            span_end -= 1;
        }
        let width = source[start..span_end].chars().count().max(1);
        let gutter = line.to_string().len();
        let pad = " ".repeat(gutter);
        let (shown, caret_at, width) = excerpt(text, col - 1, width);
        let mut out = String::new();
        let _ = writeln!(out, "{label}: {}", self.message);
        let _ = writeln!(out, "{pad}--> {file_name}:{line}:{col}");
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{line} | {shown}");
        let _ = writeln!(out, "{pad} | {}{}", " ".repeat(caret_at), "^".repeat(width));
        if let Some(help) = &self.help {
            let _ = writeln!(out, "{pad} = help: {help}");
        }
        out
    }
}

/// The longest source line shown whole in an excerpt, in characters; a
/// longer one is cut to this many around the problem, with `...` where
/// it was cut.
pub const MAX_EXCERPT: usize = 240;

/// The part of line `text` to show for a problem at character `col0`
/// (0-based) that is `width` characters wide: the text, the caret's
/// column in it and the caret's width.
fn excerpt(text: &str, col0: usize, width: usize) -> (String, usize, usize) {
    let n = text.chars().count();
    if n <= MAX_EXCERPT {
        return (text.to_string(), col0, width);
    }
    // Some context before the problem, the rest after it.
    let from = col0.saturating_sub(MAX_EXCERPT / 3).min(n - MAX_EXCERPT);
    let to = from + MAX_EXCERPT;
    let mut shown: String = text.chars().skip(from).take(MAX_EXCERPT).collect();
    let lead = if from > 0 { "..." } else { "" };
    if to < n {
        shown.push_str("...");
    }
    let caret_at = lead.len() + col0 - from;
    let width = width.min(to.saturating_sub(col0)).max(1);
    (format!("{lead}{shown}"), caret_at, width)
}

/// At most this many problems of one file are rendered; the rest are
/// counted ([`render_all`]).
pub const MAX_SHOWN: usize = 50;

/// Renders the problems of one file, the first [`MAX_SHOWN`] in full and
/// a count of the rest, locating them all from one [`LineIndex`] (so
/// 40,000 problems take milliseconds, not a pass over the file each).
pub fn render_all(diags: &[Diagnostic], file_name: &str, source: &str) -> String {
    let index = LineIndex::new(source);
    let mut out = String::new();
    for d in diags.iter().take(MAX_SHOWN) {
        out.push_str(&d.render_indexed(file_name, source, &index));
    }
    if diags.len() > MAX_SHOWN {
        let rest = diags.len() - MAX_SHOWN;
        let _ = writeln!(
            out,
            "... and {rest} more problem{} in {file_name} (the first {MAX_SHOWN} are shown)",
            if rest == 1 { "" } else { "s" }
        );
    }
    out
}

/// The byte offsets where the lines of a source start, for locating
/// many offsets by binary search.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// The index of `source`.
    pub fn new(source: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(source.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// [`line_col`] of `offset` in `source` (the source indexed).
    pub fn line_col(&self, source: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let line_start = self.starts[line - 1];
        (line, source[line_start..offset].chars().count() + 1)
    }
}

/// 1-based line and character column of byte `offset` in `source`.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = source[line_start..offset].chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_caret_under_span() {
        let src = "[[flight]]\nfrom = \"PKE\"\n";
        let start = src.find("\"PKE\"").unwrap();
        let d =
            Diagnostic::new(start..start + 5, "unknown hub `PKE`").with_help("did you mean `PEK`?");
        assert_eq!(
            d.render("s.toml", src),
            "error: unknown hub `PKE`\n --> s.toml:2:8\n  |\n2 | from = \"PKE\"\n  |        ^^^^^\n  = help: did you mean `PEK`?\n"
        );
    }

    #[test]
    fn a_very_long_line_is_cut_around_the_problem() {
        let src = format!("name = \"{}\" # {}\n", "a".repeat(5000), "b".repeat(5000));
        let start = src.find(" # ").unwrap() + 1;
        let d = Diagnostic::new(start..start + 5001, "too long");
        let r = d.render("s.toml", &src);
        let lines: Vec<&str> = r.lines().collect();
        assert_eq!(lines[1], " --> s.toml:1:5011");
        let shown = lines[3].strip_prefix("1 | ").unwrap();
        assert!(
            shown.starts_with("...") && shown.ends_with("..."),
            "{shown}"
        );
        assert_eq!(shown.chars().count(), MAX_EXCERPT + 6);
        // The caret stands under the `#`.
        let caret = lines[4].strip_prefix("  | ").unwrap();
        let at = caret.find('^').unwrap();
        assert_eq!(shown.chars().nth(at), Some('#'));
        assert!(caret.len() - at <= MAX_EXCERPT);
        // A short line is shown whole, as before.
        assert!(Diagnostic::new(0..4, "x")
            .render("s.toml", "name = 1\n")
            .contains("1 | name = 1\n"));
    }

    #[test]
    fn the_line_index_locates_as_line_col_does() {
        let src = "a = 1\n\nname = \"café\" # é\r\nx\n\n";
        let index = LineIndex::new(src);
        for offset in 0..=src.len() + 2 {
            assert_eq!(
                index.line_col(src, offset),
                line_col(src, offset),
                "{offset}"
            );
        }
        assert_eq!(LineIndex::new("").line_col("", 0), (1, 1));
    }

    #[test]
    fn line_col_counts_chars() {
        let src = "a = \"é\"\nbb = 1";
        assert_eq!(line_col(src, src.find("bb").unwrap()), (2, 1));
        assert_eq!(line_col(src, src.len() + 10), (2, 7));
    }
}
