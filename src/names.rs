//! Guessing what a misspelt name meant: the closest candidate by edit
//! distance, for "did you mean" hints everywhere (scenario keys and codes,
//! time zones, batch columns). A leaf: it imports nothing of the crate.

/// The entry among `candidates` closest to `name` (edit distance at most
/// a third of its length, at least 1, at most 3), for "did you mean" hints.
///
/// Candidates whose length differs from the name's by more than the
/// limit are not compared (their distance must exceed it), so a very long
/// name costs one length comparison per candidate.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let n = name.chars().count();
    let limit = (n / 3).clamp(1, 3);
    let lower = name.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| c.chars().count().abs_diff(n) <= limit)
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
    fn closest_and_distance() {
        assert_eq!(edit_distance("PKE", "PEK"), 1);
        assert_eq!(closest("PKE", ["SAL", "PEK", "ANC"]), Some("PEK"));
        assert_eq!(closest("XYZ", ["SAL", "PEK"]), None);
        assert_eq!(closest("hubs", ["hub", "flight"]), Some("hub"));
    }

    #[test]
    fn a_long_name_gets_no_guess_and_a_near_one_does() {
        let zones = ["Europe/Paris", "Europe/Prague", "Asia/Tokyo"];
        assert_eq!(closest("Europe/Pariss", zones), Some("Europe/Paris"));
        assert_eq!(closest(&"Europe/Paris".repeat(1000), zones), None);
    }
}
