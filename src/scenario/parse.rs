//! A scenario's TOML text to its spanned tree, in pieces on several
//! threads when the text is large.
//!
//! A generated world (1,000 hubs, 16,200 flights: 3 MB) took a fifth of a
//! second to parse as one document, most of it in the `toml` crate's
//! lexer and in page faults for its token buffer, before any planning
//! could start (docs/performance.md). The entries of a large scenario are
//! almost all `[[hub]]`, `[[flight]]`, `[[road]]` and `[[shipment]]`
//! tables, each independent of the others, so the text is cut at such
//! header lines into pieces that are parsed on their own (with rayon) and
//! joined in order, every span moved to its place in the whole text.
//!
//! The result is the tree a parse of the whole text gives, or the pieces
//! are not used:
//!
//! - a piece that does not parse cleanly (a cut inside a multi-line string
//!   or array leaves the piece before it unterminated, so a cut is always
//!   at a real header when every piece parses) sends the whole text to the
//!   one-document parse, which reports the errors as it always has;
//! - a top-level key found in more than one piece must be an array of
//!   tables (made by `[[key]]` headers) in each: those are appended in
//!   order, as the one-document parse does; any other key found twice (a
//!   `[product.x]` table in two pieces, a duplicate `[scenario]`) sends
//!   the whole text to the one-document parse too, which knows how to
//!   merge or refuse it.
//!
//! Tested: the same tree (spans included) as the one-document parse on
//! every shipped scenario and fixture, on the generated world cut into
//! small pieces, and on texts made to defeat the cuts.

use rayon::prelude::*;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// Texts shorter than this are parsed as one document.
const MIN_CHUNKED: usize = 256 * 1024;
/// About how long a piece is.
const PIECE: usize = 64 * 1024;

/// Parses `source` as a TOML document, recovering from errors as
/// [`DeTable::parse_recoverable`] does, with the same result.
pub(super) fn parse(source: &str) -> (DeTable<'_>, Vec<toml::de::Error>) {
    parse_in_pieces(source, MIN_CHUNKED, PIECE)
}

/// [`parse`] with the thresholds given (tests cut small texts).
fn parse_in_pieces(
    source: &str,
    min_chunked: usize,
    piece: usize,
) -> (DeTable<'_>, Vec<toml::de::Error>) {
    if source.len() >= min_chunked {
        let cuts = cuts(source, piece);
        if cuts.len() > 1 {
            if let Some(root) = parse_pieces(source, &cuts) {
                return (root, Vec::new());
            }
        }
    }
    let (root, errors) = DeTable::parse_recoverable(source);
    (root.into_inner(), errors)
}

/// Where the pieces start: 0, then the starts of lines holding only an
/// entry header (`[[hub]]`, `[[flight]]`, `[[road]]`, `[[shipment]]`,
/// maybe a comment after it), at least `piece` bytes apart.
fn cuts(source: &str, piece: usize) -> Vec<usize> {
    let mut out = vec![0];
    let bytes = source.as_bytes();
    let mut line = 0;
    while line < bytes.len() {
        let end = memchr_newline(bytes, line);
        if line >= out[out.len() - 1] + piece && is_entry_header(&source[line..end]) {
            out.push(line);
        }
        line = end + 1;
    }
    out
}

/// The index of the next `\n` at or after `from` (the length if none).
fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |k| from + k)
}

/// Whether `line` is an entry's header and nothing else but a comment.
fn is_entry_header(line: &str) -> bool {
    let line = line.strip_suffix('\r').unwrap_or(line);
    ["[[hub]]", "[[flight]]", "[[road]]", "[[shipment]]"]
        .iter()
        .any(|h| {
            line.strip_prefix(h).is_some_and(|rest| {
                let rest = rest.trim_start_matches([' ', '\t']);
                rest.is_empty() || rest.starts_with('#')
            })
        })
}

/// The pieces starting at `cuts`, parsed in parallel and joined; `None`
/// when one does not parse cleanly or they cannot be joined as the whole
/// text would be (module docs).
fn parse_pieces<'i>(source: &'i str, cuts: &[usize]) -> Option<DeTable<'i>> {
    let ends = cuts[1..].iter().copied().chain([source.len()]);
    let ranges: Vec<(usize, usize)> = cuts.iter().copied().zip(ends).collect();
    let pieces: Vec<Option<DeTable<'i>>> = ranges
        .par_iter()
        .map(|&(a, b)| {
            let (root, errors) = DeTable::parse_recoverable(&source[a..b]);
            errors.is_empty().then(|| shift_table(root.into_inner(), a))
        })
        .collect();
    let mut pieces = pieces.into_iter();
    let mut root = pieces.next()??;
    for piece in pieces {
        for (key, value) in piece? {
            match root.get_mut(&key) {
                None => {
                    root.insert(key, value);
                }
                Some(old) => {
                    if !is_array_of_tables(source, old) || !is_array_of_tables(source, &value) {
                        return None;
                    }
                    let (DeValue::Array(old), DeValue::Array(new)) =
                        (old.get_mut(), value.into_inner())
                    else {
                        return None;
                    };
                    for item in new {
                        old.push(item);
                    }
                }
            }
        }
    }
    Some(root)
}

/// Whether `v` is an array of tables made by `[[key]]` headers: its
/// items are tables whose spans (their headers) start with `[[`. An
/// inline array of tables starts its items with `{`, and a piece that
/// mixed the two would not have parsed.
fn is_array_of_tables(source: &str, v: &Spanned<DeValue<'_>>) -> bool {
    let DeValue::Array(items) = v.get_ref() else {
        return false;
    };
    !items.is_empty()
        && items.iter().all(|item| {
            matches!(item.get_ref(), DeValue::Table(_))
                && source
                    .get(item.span().start..)
                    .is_some_and(|s| s.starts_with("[["))
        })
}

/// `t` with every span moved `by` bytes on.
fn shift_table(t: DeTable<'_>, by: usize) -> DeTable<'_> {
    let mut out = DeTable::new();
    for (k, v) in t {
        let span = k.span();
        out.insert(
            Spanned::new(span.start + by..span.end + by, k.into_inner()),
            shift(v, by),
        );
    }
    out
}

/// `v` with every span moved `by` bytes on.
fn shift(v: Spanned<DeValue<'_>>, by: usize) -> Spanned<DeValue<'_>> {
    let span = v.span();
    let inner = match v.into_inner() {
        DeValue::Table(t) => DeValue::Table(shift_table(t, by)),
        DeValue::Array(mut items) => {
            // In place: the array keeps what the parser knew of it.
            for item in items.iter_mut() {
                let taken = std::mem::replace(item, Spanned::new(0..0, DeValue::Boolean(false)));
                *item = shift(taken, by);
            }
            DeValue::Array(items)
        }
        other => other,
    };
    Spanned::new(span.start + by..span.end + by, inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree, spans included, as text.
    fn tree(t: &DeTable<'_>) -> String {
        format!("{t:#?}")
    }

    fn whole(source: &str) -> String {
        let (root, errors) = DeTable::parse_recoverable(source);
        assert!(errors.is_empty());
        tree(root.get_ref())
    }

    /// Cut into pieces of a few hundred bytes: the same tree; whether the
    /// pieces were joined (rather than the whole text parsed).
    fn same_in_pieces(source: &str) -> bool {
        let cuts = cuts(source, 200);
        let pieces = parse_pieces(source, &cuts).map(|t| tree(&t));
        let (root, errors) = parse_in_pieces(source, 0, 200);
        assert!(errors.is_empty());
        assert_eq!(tree(&root), whole(source));
        if let Some(p) = &pieces {
            assert_eq!(p, &whole(source));
        }
        cuts.len() > 1 && pieces.is_some()
    }

    #[test]
    fn shipped_scenarios_parse_the_same_in_pieces() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
        let (mut n, mut joined) = (0, 0);
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "toml") {
                joined += usize::from(same_in_pieces(&std::fs::read_to_string(&p).unwrap()));
                n += 1;
            }
        }
        assert!(n >= 3);
        assert!(joined >= 1, "no shipped scenario was joined from pieces");
    }

    #[test]
    fn a_generated_world_parses_the_same_in_pieces() {
        let text = crate::generate::world(&crate::generate::WorldParams {
            n_hubs: 120,
            flights_per_week: 3_000,
            n_shipments: 5,
            seed: 3,
        });
        let cuts = cuts(&text, 4096);
        assert!(cuts.len() > 10, "{} pieces", cuts.len());
        let joined = parse_pieces(&text, &cuts).expect("the pieces join");
        assert_eq!(tree(&joined), whole(&text));
        // And at the default sizes.
        let (root, errors) = parse(&text);
        assert!(errors.is_empty());
        assert_eq!(tree(&root), whole(&text));
    }

    #[test]
    fn cuts_that_would_change_the_document_are_not_used() {
        let entry = |i: usize| format!("[[flight]]\nfrom = \"A{i}\"\nto = \"B\"\n\n");
        let body: String = (0..40).map(entry).collect();
        for text in [
            // A header line inside a multi-line string.
            format!("{body}[[hub]]\nnote = \"\"\"\n{body}\"\"\"\n{body}"),
            // Inside a multi-line array.
            format!(
                "{body}[[hub]]\nx = [\n{}]\n",
                "1,\n".repeat(300) + "[[flight]]\n"
            ),
            // An inline array, then headers: refused by the whole parse.
            format!("flight = [{{ from = \"A\" }}]\n{}{body}", " ".repeat(300)),
            // A table in two pieces.
            format!("[product.a]\nx = 1\n{body}[product.b]\ny = 2\n{body}"),
            // The same table twice: refused by the whole parse.
            format!("[scenario]\nname = \"a\"\n{body}[scenario]\nname = \"b\"\n"),
            // A sub-table of the last hub, after the cut.
            format!("[[hub]]\ncode = \"X\"\n{body}[hub.climate]\nmin = 1\n"),
        ] {
            // The text is cut, and the pieces are refused.
            assert!(cuts(&text, 200).len() > 1, "{text}");
            assert!(parse_pieces(&text, &cuts(&text, 200)).is_none(), "{text}");
            let (root, errors) = parse_in_pieces(&text, 0, 200);
            let (want, want_errors) = DeTable::parse_recoverable(&text);
            assert_eq!(errors.len(), want_errors.len(), "{text}");
            for (a, b) in errors.iter().zip(&want_errors) {
                assert_eq!(a.span(), b.span());
                assert_eq!(a.message(), b.message());
            }
            assert_eq!(tree(&root), tree(want.get_ref()), "{text}");
        }
    }

    #[test]
    fn headers_with_comments_and_crlf_are_cuts() {
        assert!(is_entry_header("[[flight]]"));
        assert!(is_entry_header("[[road]]   # to the clinic\r"));
        assert!(!is_entry_header("[[flight]] x"));
        assert!(!is_entry_header(" [[flight]]"));
        assert!(!is_entry_header("[[flights]]"));
        let body: String = (0..50)
            .map(|i| format!("[[hub]] # {i}\r\ncode = \"H{i}\"\r\n"))
            .collect();
        assert!(same_in_pieces(&body));
    }
}
