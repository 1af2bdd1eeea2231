//! `coldroute report` (issue 5): timeline pictures of plans.
//!
//! The pictures are checked through the real binary (size, a busy plot
//! area, same bytes twice, safe writes, exit codes); the data behind them
//! is pinned as text in `tests/snapshots/report-*.txt` through one
//! [`check`] helper. `UPDATE_EXPECT=1 cargo test --test it report::` rewrites
//! the snapshots after an intended change; review the diff before
//! committing it.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs::File;
use std::path::{Path, PathBuf};

use coldroute::planner::{plan_shipment, Config};
use coldroute::report::timeline::Span;
use coldroute::report::{build_timeline, render_rgb, Size, Timeline};

use super::harness::{coldroute, root, shipped_scenarios};
use coldroute::units::Secs;

/// Runs `coldroute report ARGS`; returns the exit code and stderr.
fn report(args: &[&str]) -> (i32, String) {
    let out = coldroute().arg("report").args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A decoded PNG: width, height and RGB pixels.
struct Picture {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

fn decode(path: &Path) -> Picture {
    let dec = png::Decoder::new(File::open(path).unwrap());
    let mut reader = dec.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let ch = info.color_type.samples();
    assert!(ch >= 3, "{:?}", info.color_type);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let rgb = buf[..info.buffer_size()]
        .chunks(ch)
        .flat_map(|px| [px[0], px[1], px[2]])
        .collect();
    Picture {
        width: info.width,
        height: info.height,
        rgb,
    }
}

impl Picture {
    /// Distinct colours and the share of non-white pixels in a rectangle
    /// given as fractions of the picture.
    fn busyness(&self, (fx0, fy0, fx1, fy1): (f64, f64, f64, f64)) -> (usize, f64) {
        let (w, h) = (self.width as usize, self.height as usize);
        let (x0, x1) = ((fx0 * w as f64) as usize, (fx1 * w as f64) as usize);
        let (y0, y1) = ((fy0 * h as f64) as usize, (fy1 * h as f64) as usize);
        let mut colours = BTreeSet::new();
        let mut ink = 0usize;
        for y in y0..y1 {
            for x in x0..x1 {
                let i = (y * w + x) * 3;
                let c = (self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]);
                colours.insert(c);
                if c != (255, 255, 255) {
                    ink += 1;
                }
            }
        }
        (colours.len(), ink as f64 / ((x1 - x0) * (y1 - y0)) as f64)
    }
}

/// The plot area (temperature and coolant panels) of a 16:9 report.
const PLOT: (f64, f64, f64, f64) = (0.15, 0.28, 0.95, 0.78);

fn assert_readable_report(path: &Path, width: u32, height: u32) {
    let pic = decode(path);
    assert_eq!(
        (pic.width, pic.height),
        (width, height),
        "{}",
        path.display()
    );
    let (colours, ink) = pic.busyness(PLOT);
    assert!(
        colours >= 12,
        "{}: {colours} colours in the plot area",
        path.display()
    );
    assert!(
        ink > 0.10,
        "{}: only {:.1} % of the plot area is drawn",
        path.display(),
        ink * 100.0
    );
    // The header and the key carry text too.
    let (_, header_ink) = pic.busyness((0.0, 0.0, 0.6, 0.12));
    let (_, key_ink) = pic.busyness((0.0, 0.9, 0.6, 1.0));
    assert!(header_ink > 0.02 && key_ink > 0.02, "{}", path.display());
}

#[test]
fn every_shipped_scenario_renders_a_png_per_shipment() {
    let dir = tempfile::tempdir().unwrap();
    for scenario in shipped_scenarios() {
        let stem = scenario.file_stem().unwrap().to_str().unwrap().to_string();
        let out = dir.path().join(&stem);
        let (code, err) = report(&[
            scenario.to_str().unwrap(),
            "--all",
            "-o",
            out.to_str().unwrap(),
        ]);
        // The shipped scenarios all have a plan that meets its SLA
        // (tests/it/plan.rs).
        assert_eq!(code, 0, "{stem}: {err}");
        let text = std::fs::read_to_string(&scenario).unwrap();
        let s = coldroute::scenario::load(&text).unwrap();
        let mut names: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        let mut want: Vec<String> = s
            .shipments
            .iter()
            .map(|sh| format!("{}.png", sh.id))
            .collect();
        want.sort();
        assert_eq!(names, want, "{stem}: one file per shipment, nothing else");
        for n in &names {
            assert_readable_report(&out.join(n), 1600, 900);
        }
    }
}

#[test]
fn width_and_height_set_the_picture_size() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("small.png");
    let (code, err) = report(&[
        "scenarios/szx-add-los.toml",
        "-o",
        out.to_str().unwrap(),
        "--width",
        "1000",
        "--height",
        "700",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_readable_report(&out, 1000, 700);
}

#[test]
fn same_input_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.png");
    let b = dir.path().join("b.png");
    for p in [&a, &b] {
        let (code, err) = report(&[
            "scenarios/pek-sal-coronavac.toml",
            "--shipment",
            "SV-0328",
            "-o",
            p.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    // And in process, the pixels themselves.
    let tl = timeline_of("pek-sal-coronavac.toml", "SV-0328");
    assert_eq!(
        render_rgb(&tl, Size::default()).unwrap(),
        render_rgb(&tl, Size::default()).unwrap()
    );
}

#[test]
fn svg_output_is_an_svg_document() {
    let dir = tempfile::tempdir().unwrap();
    let flag = dir.path().join("flag.out");
    let ext = dir.path().join("by-extension.svg");
    let (code, err) = report(&[
        "scenarios/lgg-ultracold.toml",
        "--svg",
        "-o",
        flag.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, err) = report(&["scenarios/lgg-ultracold.toml", "-o", ext.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    for p in [&flag, &ext] {
        let svg = std::fs::read_to_string(p).unwrap();
        assert!(
            svg.starts_with("<svg") || svg.starts_with("<?xml"),
            "{}",
            &svg[..80.min(svg.len())]
        );
        assert!(svg.contains(r#"width="1600" height="900""#));
        assert!(svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains("KE-1109"), "the header names the shipment");
        assert!(svg.contains("<text") && svg.contains("<polyline"));
    }
    assert_eq!(std::fs::read(&flag).unwrap(), std::fs::read(&ext).unwrap());
}

#[test]
fn an_unwritable_output_exits_2_and_leaves_no_file() {
    let (code, err) = report(&["scenarios/szx-add-los.toml", "-o", "/nonexistent/x.png"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cannot write `/nonexistent/x.png`"), "{err}");
    assert!(!Path::new("/nonexistent/x.png").exists());

    // A directory in the way: the rename fails after the picture was
    // written to the temporary file, which must be gone too.
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("report.png");
    std::fs::create_dir(&blocker).unwrap();
    std::fs::write(blocker.join("keep"), "x").unwrap();
    let (code, err) = report(&[
        "scenarios/szx-add-los.toml",
        "-o",
        blocker.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("report.png")]);
    assert!(blocker.is_dir());
}

#[test]
fn bad_input_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.png");
    let out = out.to_str().unwrap();
    let cases: [(&[&str], &str); 5] = [
        (&["scenarios/missing.toml", "-o", out], "cannot read"),
        (
            &[
                "scenarios/pek-sal-coronavac.toml",
                "--shipment",
                "SV-9999",
                "-o",
                out,
            ],
            "no shipment `SV-9999`",
        ),
        (
            &["scenarios/pek-sal-coronavac.toml", "-o", out],
            "choose one with --shipment ID",
        ),
        (
            &["scenarios/szx-add-los.toml", "-o", out, "--width", "20"],
            "change --width or --height",
        ),
        (
            &[
                "scenarios/szx-add-los.toml",
                "--all",
                "--shipment",
                "NG-0707",
                "-o",
                out,
            ],
            "cannot be used with",
        ),
    ];
    for (args, msg) in cases {
        let (code, err) = report(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(msg), "{args:?}: {err}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// The Anchorage scenario with a cold room at ANC and short aprons: the
/// payload dips below +2 C on the ANC apron for about 20 minutes (inside
/// the product's 2 h allowance, so the planner keeps the route) and the SLA
/// allows no excursion.
const SHORT_EXCURSION: &str = r#"
[scenario]
name = "ANC with a cold room: a short excursion on the apron"
horizon = "4d"

[[hub]]
code = "HKG"
handling = "1h"
cold_room = 5
min_connection = "2h"
climate = { min = [13, 14, 16, 20, 23, 25, 26, 25, 23, 20, 16, 14], max = [19, 20, 22, 26, 29, 31, 32, 31, 29, 26, 22, 20] }

[[hub]]
code = "ANC"
cold_room = 5
min_connection = "2h30m"
solar_gain = 0
climate = { min = [-11, -9, -5, 1, 7, 11, 13, 11, 7, 1, -5, -9], max = [-5, -3, 1, 7, 13, 17, 19, 17, 13, 7, 1, -3] }

[[hub]]
code = "MEX"
cold_room = 5
min_connection = "1h30m"
climate = { min = [6, 6, 7, 8, 10, 11, 11, 11, 10, 8, 7, 6], max = [22, 22, 22, 22, 23, 23, 23, 23, 23, 22, 22, 22] }

[[flight]]
id = "HKG-ANC-FR"
from = "HKG"
to = "ANC"
departs = "11:00"
block = "9h15m"
days = ["daily"]
hold = [2, 8]
tarmac_departure = "45m"
tarmac_arrival = "40m"
cost = 900

[[flight]]
id = "ANC-MEX-FR"
from = "ANC"
to = "MEX"
departs = "09:15"
block = "7h40m"
days = ["daily"]
hold = [2, 8]
tarmac_departure = "30m"
tarmac_arrival = "30m"
cost = 700

[product.hepb]
name = "Hepatitis B vaccine (aluminium-adjuvanted)"
range = [2, 8]
freeze_sensitive = true
stability = "VVM30"
excursion_allowance = "2h"

[packaging.pcm5-box]
name = "Passive box, +5 C PCM"
passive = { coolant = "pcm", phase_c = 5, latent_kj_per_kg = 200, coolant_kg = 8, ua_w_per_k = 0.8, payload_kj_per_k = 8 }

[[shipment]]
id = "MX/0111 short excursion"
product = "hepb"
packaging = "pcm5-box"
from = "HKG"
to = "MEX"
ready = "2021-01-11T08:00"
sla = { max_transit = "36h", min_margin = "12h", max_excursion = "0m", max_stability = 0.02 }
"#;

#[test]
fn a_plan_that_fails_its_sla_is_drawn_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("short-excursion.toml");
    std::fs::write(&scenario, SHORT_EXCURSION).unwrap();
    let out = dir.path().join("pictures");
    let (code, err) = report(&[
        scenario.to_str().unwrap(),
        "--all",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    // The id's slash and spaces are not path characters.
    let png = out.join("MX_0111_short_excursion.png");
    assert_readable_report(&png, 1600, 900);
}

#[test]
fn no_feasible_plan_exits_1_and_writes_nothing() {
    // Without the cold room, the connection waits outdoors at -10 C and
    // freezes the vaccine on every route.
    let text = SHORT_EXCURSION.replacen("code = \"ANC\"\ncold_room = 5\n", "code = \"ANC\"\n", 1);
    assert_ne!(text, SHORT_EXCURSION);
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("frozen.toml");
    std::fs::write(&scenario, text).unwrap();
    let out = dir.path().join("x.png");
    let (code, err) = report(&[scenario.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no feasible plan"), "{err}");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("frozen.toml")]);
}

#[test]
fn renders_without_any_system_font_configuration() {
    // The fonts are compiled in; fontconfig and the usual font directories
    // are never looked at (and plotters' `ttf` feature, which would look,
    // is off: see Cargo.toml).
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.png");
    let o = coldroute()
        .env_clear()
        .env("FONTCONFIG_FILE", "/dev/null")
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .args(["report", "scenarios/anc-winter-freeze.toml", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_readable_report(&out, 1600, 900);
}

// ------------------------------------------------------------------ data

fn timeline_from_text(text: &str, shipment: &str) -> Timeline {
    let s = coldroute::scenario::load(text).unwrap();
    let sh = s.shipment(shipment).unwrap();
    let planned = plan_shipment(&s, sh, &Config::default());
    let plan = planned.recommended().expect("a plan");
    let sla = coldroute::sla::check_sla(&s, sh, &plan.itinerary).unwrap();
    build_timeline(&s, sh, plan, &sla)
}

fn timeline_of(scenario: &str, shipment: &str) -> Timeline {
    let text = std::fs::read_to_string(root().join("scenarios").join(scenario)).unwrap();
    timeline_from_text(&text, shipment)
}

/// `2021-03-28 11:40:00Z`, with milliseconds when the instant has a
/// fraction of a second (exact crossing times).
fn utc(t: f64) -> String {
    let whole = t.floor();
    let secs = coldroute::time::rfc3339_utc(Secs(whole as i64)).replace('T', " ");
    let frac = format!("{:.3}", t - whole);
    let frac = if frac == "0.000" { "" } else { &frac[1..] };
    format!("{}{frac}Z", secs.trim_end_matches('Z'))
}

fn curve(name: &str, pts: &[(f64, f64)]) -> String {
    let (lo, hi) = pts
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.1), b.max(p.1))
        });
    let first = pts.first().unwrap();
    let last = pts.last().unwrap();
    format!(
        "{name}: {} points, first {} {:+.3}, last {} {:+.3}, min {:+.3}, max {:+.3}\n",
        pts.len(),
        utc(first.0),
        first.1,
        utc(last.0),
        last.1,
        lo,
        hi
    )
}

fn spans(name: &str, v: &[Span]) -> String {
    if v.is_empty() {
        return format!("{name}: none\n");
    }
    let mut out = format!("{name}:\n");
    for s in v {
        let _ = writeln!(
            out,
            "  {} .. {} ({:.0} s) {:?}",
            utc(s.start),
            utc(s.end),
            s.end - s.start,
            s.local
        );
    }
    out
}

/// The timeline as text: every band, marker, span, tick and hub row, and a
/// summary of each curve.
fn outline(tl: &Timeline) -> String {
    let mut o = String::new();
    let h = &tl.header;
    let _ = writeln!(o, "shipment {} {} -> {}", h.shipment, h.from, h.to);
    let _ = writeln!(o, "product {}; packaging {}", h.product, h.packaging);
    let _ = writeln!(
        o,
        "ready {}; delivered {}",
        h.ready_local, h.delivered_local
    );
    let _ = writeln!(
        o,
        "verdict {}; transit {}; margin {}; MKT {}",
        if h.pass { "PASS" } else { "FAIL" },
        h.transit,
        h.margin_s
            .map_or("unlimited".to_string(), |m| Secs(m.round() as i64)
                .to_string()),
        h.mkt.map_or("-".to_string(), |m| format!("{:+.2}", m.0))
    );
    for c in &h.criteria {
        let _ = writeln!(
            o,
            "  {} {} {}",
            c.name,
            c.text,
            if c.pass { "ok" } else { "FAIL" }
        );
    }
    let _ = writeln!(
        o,
        "view {} .. {}",
        utc(tl.view.0 .0 as f64),
        utc(tl.view.1 .0 as f64)
    );
    let ticks: Vec<String> = tl
        .ticks
        .iter()
        .map(|t| match &t.date {
            Some(d) => format!("{} [{d}]", t.time),
            None => t.time.clone(),
        })
        .collect();
    let _ = writeln!(o, "ticks {}", ticks.join(", "));
    let _ = writeln!(o, "bands");
    for b in &tl.bands {
        let _ = writeln!(
            o,
            "  {:<8} {} .. {}  {} -> {}  {:?} (specific {})",
            b.kind.name(),
            utc(b.start.0 as f64),
            utc(b.end.0 as f64),
            b.from,
            b.to,
            b.labels,
            b.specific
        );
    }
    let _ = writeln!(o, "hub rows");
    for r in &tl.hub_rows {
        let stays: Vec<String> = r
            .stays
            .iter()
            .map(|s| {
                let ticks: Vec<&str> = s.ticks.iter().map(|t| t.1.as_str()).collect();
                format!("{} .. {} [{}]", s.start_local, s.end_local, ticks.join(" "))
            })
            .collect();
        let _ = writeln!(o, "  {} {}: {}", r.code, r.offset, stays.join("; "));
    }
    let _ = writeln!(
        o,
        "range {}; freeze limit {:?}",
        tl.range,
        tl.freeze_limit.map(|c| c.0)
    );
    o.push_str(&curve("ambient", &tl.ambient));
    o.push_str(&curve("payload", &tl.payload));
    o.push_str(&curve(
        &format!(
            "{} left ({}, full {})",
            tl.reserve.what, tl.reserve.unit, tl.reserve.full
        ),
        &tl.reserve.points,
    ));
    o.push_str(&spans("excursions", &tl.excursions));
    o.push_str(&spans("frozen", &tl.frozen));
    o.push_str(&spans("freeze risk", &tl.freeze_risk));
    let _ = writeln!(o, "markers");
    for m in &tl.markers {
        let _ = writeln!(
            o,
            "  {:?} {}{} {:?}",
            m.kind,
            utc(m.t.0 as f64),
            if m.in_view { "" } else { " (off view)" },
            m.label
        );
    }
    for n in &tl.notes {
        let _ = writeln!(o, "note at {}: {}", utc(n.t), n.text);
    }
    o
}

/// Compares `actual` with `tests/snapshots/NAME.txt`, or rewrites the file
/// when `UPDATE_EXPECT` is set.
fn check(name: &str, actual: &str) {
    let path = root().join("tests/snapshots").join(format!("{name}.txt"));
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no snapshot {}; run `UPDATE_EXPECT=1 cargo test --test it report::` to write it",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from line {}:\n  expected: {:?}\n  actual:   {:?}\n\
             full actual text:\n{actual}\n\
             if the change is intended, run `UPDATE_EXPECT=1 cargo test --test it report::`",
            path.display(),
            first + 1,
            expected.lines().nth(first).unwrap_or("<end>"),
            actual.lines().nth(first).unwrap_or("<end>"),
        );
    }
}

#[test]
fn timeline_data_of_each_shipped_shipment() {
    for scenario in shipped_scenarios() {
        let name = scenario.file_name().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(&scenario).unwrap();
        let s = coldroute::scenario::load(&text).unwrap();
        for sh in &s.shipments {
            let tl = timeline_of(&name, &sh.id);
            check(
                &format!(
                    "report-{}-{}",
                    scenario.file_stem().unwrap().to_str().unwrap(),
                    sh.id
                ),
                &outline(&tl),
            );
        }
    }
}

#[test]
fn timeline_data_of_a_short_excursion() {
    let tl = timeline_from_text(SHORT_EXCURSION, "MX/0111 short excursion");
    check("report-short-excursion", &outline(&tl));
}

/// Properties every timeline keeps, whatever the numbers.
fn assert_consistent(tl: &Timeline) {
    // Bands tile the trip.
    for w in tl.bands.windows(2) {
        assert_eq!(w[0].end, w[1].start);
    }
    let (start, end) = (tl.bands[0].start, tl.bands.last().unwrap().end);
    assert!(tl.view.0 < start && end < tl.view.1);
    // Curves run in time order over exactly the trip.
    for c in [&tl.ambient, &tl.payload, &tl.reserve.points] {
        assert!(c.windows(2).all(|w| w[0].0 <= w[1].0), "curve out of order");
        assert_eq!(c.first().unwrap().0, start.0 as f64);
        assert_eq!(c.last().unwrap().0, end.0 as f64);
    }
    // Spans are ordered, disjoint and inside the trip.
    for v in [&tl.excursions, &tl.frozen, &tl.freeze_risk] {
        for s in v.iter() {
            assert!(s.start < s.end && s.start >= start.0 as f64 && s.end <= end.0 as f64);
        }
        assert!(v.windows(2).all(|w| w[0].end < w[1].start));
    }
    // Excursion spans are where the payload samples leave the range.
    for &(t, v) in &tl.payload {
        let outside = v < tl.range.lo.0 - 1e-9 || v > tl.range.hi.0 + 1e-9;
        if outside {
            assert!(
                tl.excursions
                    .iter()
                    .any(|s| s.start - 1e-6 <= t && t <= s.end + 1e-6),
                "payload {v} at {} is out of range but in no excursion span",
                utc(t)
            );
        }
    }
}

#[test]
fn timelines_are_consistent() {
    for scenario in shipped_scenarios() {
        let name = scenario.file_name().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(&scenario).unwrap();
        let s = coldroute::scenario::load(&text).unwrap();
        for sh in &s.shipments {
            assert_consistent(&timeline_of(&name, &sh.id));
        }
    }
    assert_consistent(&timeline_from_text(
        SHORT_EXCURSION,
        "MX/0111 short excursion",
    ));
}

#[test]
fn the_payload_curve_follows_the_exponential_inside_segments() {
    let text = SHORT_EXCURSION;
    let s = coldroute::scenario::load(text).unwrap();
    let sh = &s.shipments[0];
    let planned = plan_shipment(&s, sh, &Config::default());
    let plan = planned.recommended().unwrap();
    let sla = coldroute::sla::check_sla(&s, sh, &plan.itinerary).unwrap();
    let tl = build_timeline(&s, sh, plan, &sla);
    let sim = &sla.simulation;
    // Far more points than segment ends: the relaxing segments are sampled
    // inside, not joined by straight lines.
    assert!(
        tl.payload.len() > 2 * sim.segments.len(),
        "{} points",
        tl.payload.len()
    );
    // Each segment end is on the curve, with the simulation's value.
    for (seg, _, after) in &sim.segments {
        let t = seg.end.0 as f64;
        let p = tl
            .payload
            .iter()
            .find(|p| p.0 == t)
            .expect("a point at each segment end");
        assert!(
            (p.1 - after.payload.0).abs() < 1e-9,
            "{} vs {}",
            p.1,
            after.payload.0
        );
    }
    // Inside the ANC arrival apron (constant ambient), every sample lies on
    // T(t) = Ta + (T0 - Ta) exp(-t / tau), tau = 8000 J/K / 0.8 W/K.
    let tau = 10_000.0;
    let (seg, before, _) = sim
        .segments
        .iter()
        .find(|(seg, before, _)| seg.ambient.0 < -5.0 && before.payload.0 > 4.9)
        .expect("the ANC apron");
    let inside: Vec<&(f64, f64)> = tl
        .payload
        .iter()
        .filter(|p| p.0 > seg.start.0 as f64 && p.0 < seg.end.0 as f64)
        .collect();
    assert!(
        inside.len() >= 3,
        "{} samples inside the apron",
        inside.len()
    );
    for &&(t, v) in &inside {
        let dt = t - seg.start.0 as f64;
        let want = seg.ambient.0 + (before.payload.0 - seg.ambient.0) * (-dt / tau).exp();
        assert!((v - want).abs() < 1e-9, "{v} vs {want}");
    }
    // It dips below +2 C there: one excursion of about 20 minutes.
    assert_eq!(tl.excursions.len(), 1);
    let e = tl.excursions[0].clone();
    assert!((e.end - e.start - sla.simulation.exposure.out_of_range_s).abs() < 1e-6);
    assert!(!tl.header.pass);
}

#[test]
fn dash_writes_the_picture_to_standard_output_and_the_verdict_to_stderr() {
    let out = coldroute()
        .args([
            "report",
            "scenarios/pek-sal-coronavac.toml",
            "--shipment",
            "SV-0406",
            "-o",
            "-",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stdout.starts_with(b"\x89PNG\r\n\x1a\n"),
        "not a PNG on stdout"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr, "SV-0406: wrote - (meets the SLA)\n");
    // The same bytes as a file.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.png");
    let (code, _) = report(&[
        "scenarios/pek-sal-coronavac.toml",
        "--shipment",
        "SV-0406",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert_eq!(std::fs::read(&file).unwrap(), out.stdout);
}

#[cfg(unix)]
#[test]
fn an_output_symlink_stays_a_symlink_and_nothing_is_left_behind() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("world-real.toml");
    let link = dir.path().join("world.toml");
    std::fs::write(&real, "old").unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = coldroute()
        .args(["generate", "--hubs", "5", "--flights-per-week", "50"])
        .arg("-o")
        .arg(&link)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&real).unwrap().contains("[[hub]]"));
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["world-real.toml", "world.toml"]);
}

#[test]
fn geojson_to_standard_output() {
    let out = coldroute()
        .args(["plan", "scenarios/pek-sal-coronavac.toml", "--geojson", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("\"type\": \"FeatureCollection\""),
        "{stdout}"
    );
    assert!(!std::path::Path::new("-").exists());
}

// ------------------------------------------------------------------ layout

/// Every shipment of every shipped scenario and of the fixtures that have
/// a plan, with the name to report it by.
fn every_timeline() -> Vec<(String, Timeline)> {
    let mut files = shipped_scenarios();
    for dir in [
        "tests/fixtures/sla",
        "tests/fixtures/limits",
        "tests/fixtures/gtfs",
    ] {
        let mut more: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        more.sort();
        files.extend(more);
    }
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        // Fixtures that need feeds read by the CLI do not load alone.
        let Ok(s) = coldroute::scenario::load(&text) else {
            continue;
        };
        for sh in &s.shipments {
            let planned = plan_shipment(&s, sh, &Config::default());
            let Some(plan) = planned.recommended() else {
                continue;
            };
            let sla = coldroute::sla::check_sla(&s, sh, &plan.itinerary).unwrap();
            let name = format!("{} {}", f.file_name().unwrap().to_string_lossy(), sh.id);
            let tl = build_timeline(&s, sh, plan, &sla);
            // The shipped scenarios also with their simulated days
            // (report --robust): the band, the deliveries row, the header.
            if f.starts_with(root().join("scenarios")) {
                let net = coldroute::network::Network::build(&s, sh.ready, sh.ready + s.horizon);
                let q = coldroute::planner::Query::for_shipment(sh);
                let opts = coldroute::resilience::Options {
                    draws: 200,
                    seed: 1,
                    max_replans: 4,
                };
                let r = coldroute::resilience::monte_carlo(
                    &s,
                    &net,
                    &q,
                    &plan.itinerary,
                    &Config::default(),
                    &opts,
                );
                out.push((format!("{name} robust"), tl.clone().with_robust(&s, sh, &r)));
            }
            out.push((name, tl));
        }
    }
    let tl = timeline_from_text(SHORT_EXCURSION, "MX/0111 short excursion");
    out.push(("short excursion".into(), tl));
    out.push(("logger overlay".into(), overlay_timeline()));
    assert!(out.len() >= 10, "{} timelines", out.len());
    out
}

#[test]
fn no_label_is_crossed_by_a_line_or_another_label() {
    let sizes = [
        Size::default(),
        Size {
            width: 1200,
            height: 700,
        },
        Size {
            width: 2400,
            height: 1350,
        },
        Size {
            width: 1000,
            height: 1000,
        },
        Size::MIN,
    ];
    let mut problems = Vec::new();
    for (name, tl) in every_timeline() {
        for size in sizes {
            let marks = coldroute::report::layout(&tl, size).unwrap();
            assert!(marks.len() > 50, "{name}: {} marks", marks.len());
            for c in coldroute::report::crossings(&marks) {
                problems.push(format!("{name} at {}x{}: {c}", size.width, size.height));
            }
            // Nothing runs off the page.
            for m in &marks {
                if let coldroute::report::Placed::Text { rect, text, .. } = m {
                    if rect.0 < 0
                        || rect.1 < 0
                        || rect.2 > size.width as i32
                        || rect.3 > size.height as i32
                    {
                        problems.push(format!(
                            "{name} at {}x{}: label `{text}` {rect:?} is off the page",
                            size.width, size.height
                        ));
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} crossings:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_page_has_an_audit_footer_and_model_notes() {
    let name = "anc-winter-freeze.toml";
    let text = std::fs::read_to_string(root().join("scenarios").join(name)).unwrap();
    let mut tl = timeline_of(name, "MX-0111");
    tl.audit.scenario = Some(coldroute::report::Source::new(name, text.as_bytes()));
    tl.audit.inputs.push("png 1600x900".into());
    let texts: Vec<String> = coldroute::report::layout(&tl, Size::default())
        .unwrap()
        .into_iter()
        .filter_map(|m| match m {
            coldroute::report::Placed::Text { text, .. } => Some(text),
            _ => None,
        })
        .collect();
    let all = texts.join("\n");
    let sha = coldroute::report::audit::sha256_hex(text.as_bytes());
    assert!(
        all.contains(&format!("scenario {name} sha256:{sha}")),
        "{all}"
    );
    assert!(all.contains("shipment MX-0111"));
    assert!(all.contains(&format!("coldroute {}", env!("CARGO_PKG_VERSION"))));
    assert!(all.contains("png 1600x900"));
    // The passive box is held by its PCM through the warm aprons: the
    // page says so, and tags the place on the curve.
    assert!(all.contains("[1] The payload is held in"), "{all}");
    assert!(texts.iter().any(|t| t == "[1]"));
}

#[test]
fn the_footer_names_the_file_not_its_directory() {
    // The same scenario drawn from another directory gives the same bytes.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("pek-sal-coronavac.toml");
    std::fs::copy(root().join("scenarios/pek-sal-coronavac.toml"), &copy).unwrap();
    let a = dir.path().join("a.png");
    let b = dir.path().join("b.png");
    let (code, err) = report(&[
        "scenarios/pek-sal-coronavac.toml",
        "--shipment",
        "SV-0328",
        "-o",
        a.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, err) = report(&[
        copy.to_str().unwrap(),
        "--shipment",
        "SV-0328",
        "-o",
        b.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

// ------------------------------------------------------- logger overlay

fn overlay_timeline() -> Timeline {
    let text = std::fs::read_to_string(root().join("scenarios/pek-sal-coronavac.toml")).unwrap();
    let s = coldroute::scenario::load(&text).unwrap();
    let sh = s.shipment("SV-0328").unwrap();
    let planned = plan_shipment(&s, sh, &Config::default());
    let plan = planned.recommended().unwrap();
    let sla = coldroute::sla::check_sla(&s, sh, &plan.itinerary).unwrap();
    let csv = std::fs::read_to_string(
        root().join("tests/fixtures/loggers/overlay/sv-0328-warm-apron.csv"),
    )
    .unwrap();
    let data =
        coldroute::thermal::parse_logger(&csv, &coldroute::thermal::LoggerOptions::default())
            .unwrap();
    let cmp = coldroute::compare::compare(&s, sh, &plan.itinerary, &sla, &data.readings, None, 2.0)
        .unwrap();
    let mut tl = build_timeline(&s, sh, plan, &sla);
    tl.recorded = Some(("sv-0328-warm-apron.csv".into(), cmp));
    tl
}

#[test]
fn a_logger_record_is_drawn_over_the_plan_with_both_verdicts() {
    let tl = overlay_timeline();
    let (_, c) = tl.recorded.as_ref().unwrap();
    // Pinned verdicts: the plan passes, the record does not.
    assert!(c.planned.pass && !c.actual.pass);
    assert_eq!(c.planned.out_of_range_s, 0.0);
    assert_eq!(c.actual.out_of_range_s, 2400.0);
    assert_eq!(utc(c.deviations[0].start), "2021-03-29 05:50:00Z");
    assert_eq!(utc(c.deviations[0].end), "2021-03-29 06:30:00Z");
    let l = c.largest.as_ref().unwrap();
    assert_eq!(
        (utc(l.t), l.delta_c),
        ("2021-03-29 06:20:00Z".to_string(), 6.5)
    );
    assert_eq!(l.step, "road SAL-CVS-REEFER SAL-SAL-CVS");
    // The page says both verdicts and the largest deviation, and draws the
    // record clear of every label.
    let marks = coldroute::report::layout(&tl, Size::default()).unwrap();
    assert!(coldroute::report::crossings(&marks).is_empty());
    let texts: Vec<&str> = marks
        .iter()
        .filter_map(|m| match m {
            coldroute::report::Placed::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert!(texts.contains(&"PLAN PASS · RECORD FAIL"), "{texts:?}");
    assert!(texts.iter().any(|t| t
        .starts_with("Recorded (sv-0328-warm-apron.csv): FAIL, MKT +5.28 °C, out of range 40m")));
    assert!(texts
        .iter()
        .any(|t| t.starts_with("Planned: pass, MKT +5.00 °C, out of range 0m")));
    assert!(texts
        .iter()
        .any(|t| t.starts_with("Largest deviation +6.5 °C at 2021-03-29 06:20Z during road")));
    assert!(texts.contains(&"recorded by the logger"));
    // The purple record curve is drawn: lines logged beyond the plan's.
    let plain = coldroute::report::layout(
        &timeline_of("pek-sal-coronavac.toml", "SV-0328"),
        Size::default(),
    )
    .unwrap();
    assert!(marks.len() > plain.len());
}

#[test]
fn report_with_a_logger_writes_the_overlay_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("overlay.png");
    let o = coldroute()
        .args([
            "report",
            "scenarios/pek-sal-coronavac.toml",
            "--shipment",
            "SV-0328",
            "--logger",
            "tests/fixtures/loggers/overlay/sv-0328-warm-apron.csv",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(
        said.contains("the logger's record FAILS the product's limits"),
        "{said}"
    );
    assert_readable_report(&out, 1600, 900);
    // A record that does not cover the trip: exit 2, nothing written.
    let bad = dir.path().join("bad.png");
    let o = coldroute()
        .args([
            "report",
            "scenarios/pek-sal-coronavac.toml",
            "--shipment",
            "SV-0406",
            "--logger",
            "tests/fixtures/loggers/overlay/sv-0328-warm-apron.csv",
            "-o",
        ])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("does not cover the trip"));
    assert!(!bad.exists());
}

// ------------------------------------------------------- alternatives

#[test]
fn alternatives_are_drawn_as_rows_with_their_verdicts() {
    let text = std::fs::read_to_string(root().join("scenarios/szx-add-los.toml")).unwrap();
    let s = coldroute::scenario::load(&text).unwrap();
    let sh = &s.shipments[0];
    let planned = plan_shipment(&s, sh, &Config::default());
    assert!(planned.plans.len() >= 2, "the lane has an alternative");
    let rows: Vec<Timeline> = planned
        .plans
        .iter()
        .map(|p| {
            let sla = coldroute::sla::check_sla(&s, sh, &p.itinerary).unwrap();
            build_timeline(&s, sh, p, &sla)
        })
        .collect();
    for size in [
        Size::default(),
        Size {
            width: 2400,
            height: 1350,
        },
        Size {
            width: 1200,
            height: 800,
        },
        Size::MIN,
    ] {
        let marks = coldroute::report::plans_layout(&rows, size).unwrap();
        let crossings = coldroute::report::crossings(&marks);
        assert!(
            crossings.is_empty(),
            "{}x{}: {crossings:#?}",
            size.width,
            size.height
        );
        let texts: Vec<&str> = marks
            .iter()
            .filter_map(|m| match m {
                coldroute::report::Placed::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("1. Recommended: PASS · delivered LOS-CMS 9 Jul 18:12")),
            "{texts:?}"
        );
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("2. Alternative: PASS · delivered LOS-CMS 10 Jul 07:30")),
            "{texts:?}"
        );
    }
    // Too many rows for the height is refused, not squeezed.
    let many: Vec<Timeline> = std::iter::repeat_n(rows[0].clone(), 8).collect();
    let e = coldroute::report::plans_layout(&many, Size::default()).unwrap_err();
    assert!(e.to_string().contains("raise --height"), "{e}");
}

#[test]
fn report_alternatives_writes_one_picture_and_says_how_many_exist() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("alt.png");
    let o = coldroute()
        .args([
            "report",
            "scenarios/szx-add-los.toml",
            "--alternatives",
            "3",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("only 1 alternative to the recommended plan exists"));
    assert_readable_report(&out, 1600, 900);
    // The smallest picture still holds both rows, clear of each other.
    let small = dir.path().join("small.png");
    let o = coldroute()
        .args([
            "report",
            "scenarios/szx-add-los.toml",
            "--alternatives",
            "1",
            "--width",
            "800",
            "--height",
            "450",
            "-o",
        ])
        .arg(&small)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_readable_report(&small, 800, 450);
}

#[test]
fn an_excursion_that_runs_into_a_flight_reads_on_one_clock() {
    // HK-0112 leaves range on the PEK apron and comes back in the air: both
    // ends on Beijing's clock, in order.
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/sla/excursion-over-budget.toml"))
            .unwrap();
    let tl = timeline_from_text(&text, "HK-0112");
    assert_eq!(tl.excursions.len(), 1);
    assert_eq!(tl.excursions[0].local, "12 Jan 02:21-04:18 PEK");
}

#[test]
fn a_logger_record_can_come_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let csv = std::fs::read(root().join("tests/fixtures/loggers/overlay/sv-0328-warm-apron.csv"))
        .unwrap();
    // The record is read once, from the pipe, and drawn like the file.
    let out = dir.path().join("stdin.png");
    let o = coldroute()
        .args([
            "report",
            "scenarios/pek-sal-coronavac.toml",
            "--shipment",
            "SV-0328",
            "--logger",
            "-",
            "-o",
        ])
        .arg(&out)
        .write_stdin(csv)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_readable_report(&out, 1600, 900);
}

#[test]
fn all_to_standard_output_is_refused_before_anything_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = root().join("scenarios/pek-sal-coronavac.toml");
    let o = super::harness::coldroute()
        .current_dir(dir.path())
        .arg("report")
        .arg(&scenario)
        .args(["--all", "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("give -o DIR, not -"));
    // No directory called `-` was created on the way.
    assert!(!dir.path().join("-").exists());
}
