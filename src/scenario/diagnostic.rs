//! Problems found in a scenario, located by byte span, and their rendering
//! as `file:line:column` with a caret excerpt.

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
        let start = self.span.start.min(source.len());
        let (line, col) = line_col(source, start);
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let text = source[line_start..line_end].trim_end_matches('\r');
        let span_end = self.span.end.clamp(start, line_end.max(start));
        let width = source[start..span_end].chars().count().max(1);
        let gutter = line.to_string().len();
        let pad = " ".repeat(gutter);
        let mut out = String::new();
        let _ = writeln!(out, "error: {}", self.message);
        let _ = writeln!(out, "{pad}--> {file_name}:{line}:{col}");
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{line} | {text}");
        let _ = writeln!(out, "{pad} | {}{}", " ".repeat(col - 1), "^".repeat(width));
        if let Some(help) = &self.help {
            let _ = writeln!(out, "{pad} = help: {help}");
        }
        out
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

/// The entry among `candidates` closest to `name` (edit distance at most
/// a third of its length, at least 1, at most 3), for "did you mean" hints.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).clamp(1, 3);
    let lower = name.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&lower, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// Optimal string alignment distance (Levenshtein plus adjacent swaps).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[n][m]
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
    fn closest_and_distance() {
        assert_eq!(edit_distance("PKE", "PEK"), 1);
        assert_eq!(closest("PKE", ["SAL", "PEK", "ANC"]), Some("PEK"));
        assert_eq!(closest("XYZ", ["SAL", "PEK"]), None);
        assert_eq!(closest("hubs", ["hub", "flight"]), Some("hub"));
    }

    #[test]
    fn line_col_counts_chars() {
        let src = "a = \"é\"\nbb = 1";
        assert_eq!(line_col(src, src.find("bb").unwrap()), (2, 1));
        assert_eq!(line_col(src, src.len() + 10), (2, 7));
    }
}
