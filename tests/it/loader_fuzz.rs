//! Property tests of the scenario loader: `coldroute::scenario::load` never
//! panics, whatever text it is given, and every diagnostic it returns has a
//! span that lies inside the source and starts and ends on a char boundary
//! (so that rendering it can slice the source). Rendering is exercised too.
//!
//! Three sources of input:
//! - random bytes, read as lossy UTF-8;
//! - random edits of the shipped scenarios and of the broken fixtures
//!   (delete, duplicate or swap lines, replace a character, truncate, insert
//!   a token such as `"`, `[`, `=`, `-1h`, `99:99`, a huge number or `nan`);
//! - token soup: section headers, keys and values of the scenario format in
//!   random order, which reaches the resolver more often than bytes do.
//!
//! The seed is fixed so that a run is reproducible and CI never flakes; set
//! `PROPTEST_RNG_SEED` to explore other inputs and `PROPTEST_CASES` to run
//! more cases, e.g. `PROPTEST_CASES=40000 PROPTEST_RNG_SEED=$RANDOM cargo
//! test --test loader_fuzz` (a debug build, so that integer overflow
//! panics instead of wrapping).
//!
//! Case counts: 2 000 random byte strings + 12 000 edited scenarios +
//! 4 000 token soups = 18 000 loads per run. Measured on 2 cores, debug
//! build, test binary already compiled: 3.4 to 3.8 s wall (3.1 to 3.4 s of
//! CPU) for `cargo test --test it loader_fuzz::`, well under the 20 s budget.

use std::fs;
use std::sync::OnceLock;

use coldroute::scenario::{load, Diagnostic};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config as ProptestConfig, RngSeed};

/// Fixed default seed (see the module documentation).
const SEED: u64 = 0x00c0_1d20_2103_2819;

/// The proptest configuration: `cases` cases from the fixed seed, unless the
/// environment asks for others; no regression files are written (a fixed
/// seed already reproduces a failure).
fn config(cases: u32) -> ProptestConfig {
    let env = ProptestConfig::default();
    let cases = if std::env::var_os("PROPTEST_CASES").is_some() {
        env.cases
    } else {
        cases
    };
    let rng_seed = match env.rng_seed {
        RngSeed::Random => RngSeed::Fixed(SEED),
        fixed => fixed,
    };
    ProptestConfig {
        cases,
        rng_seed,
        failure_persistence: None,
        ..env
    }
}

/// Texts to mutate: the shipped scenarios, then the broken fixtures.
fn seeds() -> &'static [String] {
    static SEEDS: OnceLock<Vec<String>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let root = super::harness::root();
        let mut texts = Vec::new();
        for dir in ["scenarios", "tests/fixtures/broken"] {
            let mut paths: Vec<_> = fs::read_dir(root.join(dir))
                .unwrap_or_else(|e| panic!("cannot list {dir}: {e}"))
                .map(|e| e.expect("directory entry").path())
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            paths.sort();
            texts.extend(
                paths
                    .iter()
                    .map(|p| fs::read_to_string(p).expect("UTF-8 scenario")),
            );
        }
        assert!(texts.len() > 4, "no scenarios to mutate");
        texts
    })
}

/// Loads `source` and checks every diagnostic's span; renders each one.
fn check_load(source: &str) -> Result<(), TestCaseError> {
    let Err(diags) = load(source) else {
        return Ok(());
    };
    prop_assert!(!diags.is_empty(), "an error without diagnostics");
    for d in &diags {
        check_span(source, d)?;
        let _ = d.render("fuzz.toml", source);
    }
    Ok(())
}

fn check_span(source: &str, d: &Diagnostic) -> Result<(), TestCaseError> {
    let (start, end) = (d.span.start, d.span.end);
    prop_assert!(
        start <= end && end <= source.len(),
        "span {start}..{end} outside a source of {} bytes: {}",
        source.len(),
        d.message
    );
    prop_assert!(
        source.is_char_boundary(start) && source.is_char_boundary(end),
        "span {start}..{end} not on char boundaries: {}",
        d.message
    );
    Ok(())
}

/// Fragments that are likely to confuse a TOML parser or the resolver.
const TOKENS: &[&str] = &[
    "\"",
    "'",
    "\"\"\"",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    "=",
    ",",
    ".",
    "#",
    "\n",
    "\\",
    "-",
    "+",
    "-1h",
    "\"-1h\"",
    "99:99",
    "\"99:99\"",
    "\"24:00\"",
    "\"06:05+9\"",
    "\"0m\"",
    "\"0\"",
    "\"3650d\"",
    "\"3651d\"",
    "0",
    "-0",
    "1e308",
    "-1e308",
    "1e-300",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551616",
    "nan",
    "-nan",
    "inf",
    "-inf",
    "true",
    "[]",
    "{}",
    "[1, 2, 3]",
    "\"daily\"",
    "\"SAL\"",
    "\"XXX\"",
    "\"0001-01-01T00:00\"",
    "\"9999-12-31T23:59\"",
    "\"2021-03-14T02:30\"",
    "2021-03-14T02:30:00",
    "\"Europe/Brussels\"",
    "\"Mars/Olympus_Mons\"",
    "é",
    "日本",
    "\u{0}",
    "\u{feff}",
    "\r\n",
];

/// Table headers and `key = value` lines of the scenario format.
const SOUP: &[&str] = &[
    "[scenario]\n",
    "[[hub]]\n",
    "[[flight]]\n",
    "[[road]]\n",
    "[product.p]\n",
    "[packaging.k]\n",
    "[[shipment]]\n",
    "horizon = \"2d\"\n",
    "code = \"LAX\"\n",
    "code = \"SAL\"\n",
    "code = \"S-1\"\n",
    "position = [13.7, -89.2]\n",
    "timezone = \"America/El_Salvador\"\n",
    "timezone = \"America/Los_Angeles\"\n",
    "climate = { min = [0,0,0,0,0,0,0,0,0,0,0,0], max = [9,9,9,9,9,9,9,9,9,9,9,9] }\n",
    "climate_like = \"LAX\"\n",
    "min_connection = \"1h\"\n",
    "handling = \"30m\"\n",
    "cold_room = 5\n",
    "services = { re_ice = \"2h\", recharge = \"1h\" }\n",
    "opening = \"22:00-06:00\"\n",
    "solar_gain = 18\n",
    "id = \"F1\"\n",
    "from = \"LAX\"\n",
    "from = \"SAL\"\n",
    "to = \"SAL\"\n",
    "to = \"S-1\"\n",
    "departs = \"02:30\"\n",
    "block = \"5h\"\n",
    "arrives = \"06:05+1\"\n",
    "days = [\"sun\", \"daily\"]\n",
    "valid_from = \"2021-03-01\"\n",
    "valid_to = \"2021-03-31\"\n",
    "hold = [2, 8]\n",
    "tarmac = \"1h\"\n",
    "duration = { \"00:00\" = \"1h\", \"12:00\" = \"3h\" }\n",
    "duration = \"40m\"\n",
    "speed_kmh = 1e-300\n",
    "speed_kmh = 60\n",
    "every = \"1h\"\n",
    "hours = \"06:00-22:00\"\n",
    "reefer = 5\n",
    "range = [2, 8]\n",
    "freeze_sensitive = true\n",
    "freeze_limit = -0.5\n",
    "stability = \"VVM14\"\n",
    "arrhenius = { ea_kj_per_mol = 83.1, ref_temp = 5, ref_days = 1095 }\n",
    "passive = { coolant = \"pcm\", phase_c = 5, latent_kj_per_kg = 200, coolant_kg = 8, ua_w_per_k = 0.8, payload_kj_per_k = 8 }\n",
    "active = { set_point = 5, autonomy_h = 100, operating = [-25, 40], ua_w_per_k = 12, payload_kj_per_k = 400 }\n",
    "product = \"p\"\n",
    "packaging = \"k\"\n",
    "ready = \"2021-03-13T20:00\"\n",
    "ready = \"2021-03-13T20:00+08:00\"\n",
    "sla = { max_transit = \"1d\" }\n",
    "sla = { max_transit = \"1h\", max_stability = 2 }\n",
];

/// One edit of a text.
#[derive(Clone, Debug)]
enum Edit {
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    ReplaceChar(Index, char),
    Truncate(Index),
    Insert(Index, &'static str),
}

fn edit() -> impl Strategy<Value = Edit> {
    // Replacement characters: mostly ASCII that matters in TOML and in
    // durations, times and dates, sometimes any character at all.
    let ch = prop_oneof![
        3 => prop::sample::select(&b"0123456789:+-.\"'[]{}=, \nhmdsTZ#\\"[..]).prop_map(char::from),
        1 => any::<char>(),
    ];
    prop_oneof![
        any::<Index>().prop_map(Edit::DeleteLine),
        any::<Index>().prop_map(Edit::DuplicateLine),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        (any::<Index>(), ch).prop_map(|(i, c)| Edit::ReplaceChar(i, c)),
        any::<Index>().prop_map(Edit::Truncate),
        (any::<Index>(), prop::sample::select(TOKENS)).prop_map(|(i, t)| Edit::Insert(i, t)),
    ]
}

/// The byte offset of the character at `i` (or the end), on a boundary.
fn char_offset(text: &str, i: &Index, include_end: bool) -> usize {
    let n = text.chars().count() + usize::from(include_end);
    if n == 0 {
        return 0;
    }
    let k = i.index(n);
    text.char_indices().nth(k).map_or(text.len(), |(o, _)| o)
}

fn apply(text: &mut String, e: &Edit) {
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    match e {
        Edit::DeleteLine(i) if !lines.is_empty() => {
            lines.remove(i.index(lines.len()));
        }
        Edit::DuplicateLine(i) if !lines.is_empty() => {
            let k = i.index(lines.len());
            let line = lines[k].clone();
            lines.insert(k, line);
        }
        Edit::SwapLines(a, b) if !lines.is_empty() => {
            let (a, b) = (a.index(lines.len()), b.index(lines.len()));
            lines.swap(a, b);
        }
        Edit::ReplaceChar(i, c) if !text.is_empty() => {
            let at = char_offset(text, i, false);
            let len = text[at..].chars().next().map_or(0, char::len_utf8);
            text.replace_range(at..at + len, c.encode_utf8(&mut [0; 4]));
            return;
        }
        Edit::Truncate(i) => {
            let at = char_offset(text, i, true);
            text.truncate(at);
            return;
        }
        Edit::Insert(i, token) => {
            let at = char_offset(text, i, true);
            text.insert_str(at, token);
            return;
        }
        _ => return,
    }
    *text = lines.concat();
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check_load(&String::from_utf8_lossy(&bytes))?;
    }
}

proptest! {
    #![proptest_config(config(12000))]

    #[test]
    fn edited_scenarios_never_panic(
        which in any::<Index>(),
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let seeds = seeds();
        let mut text = seeds[which.index(seeds.len())].clone();
        for e in &edits {
            apply(&mut text, e);
        }
        check_load(&text)?;
    }
}

proptest! {
    #![proptest_config(config(4000))]

    #[test]
    fn token_soup_never_panics(
        parts in prop::collection::vec(
            prop_oneof![4 => prop::sample::select(SOUP), 1 => prop::sample::select(TOKENS)],
            0..40,
        ),
    ) {
        check_load(&parts.concat())?;
    }
}
