//! Issue 15's target: an SSIM file of 100,000 leg records loads in <= 1 s.
//! Measured: parsing the text (`ssim::parse`) and turning the legs into
//! flights (`ssim::flights::flights`) over 200 airports; the baseline in
//! the same run is splitting the same text into lines.
//!
//! ```text
//! cargo bench --bench ssim
//! ```
//!
//! Results: docs/performance.md, "## SSIM".

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};

use coldroute::ssim::flights::{flights, LegSettings, Settings};
use coldroute::ssim::{parse, write_leg};
use coldroute::time::Zone;
use coldroute::units::TempRange;

fn text(n: usize, codes: &[&'static str]) -> String {
    let mut out = String::with_capacity(n * 201 + 400);
    out.push_str(&format!("{:<200}\n", "1AIRLINE STANDARD SCHEDULE DATA SET"));
    out.push_str(&format!("{:<200}\n", "2LXX"));
    for i in 0..n {
        let a = codes[i % codes.len()];
        let b = codes[(i * 7 + 3) % codes.len()];
        let b = if a == b {
            codes[(i + 1) % codes.len()]
        } else {
            b
        };
        let dep = format!("{:02}{:02}", i % 24, (i * 5) % 60);
        let arr = format!("{:02}{:02}", (i + 5) % 24, (i * 5) % 60);
        out.push_str(&write_leg(
            "XX",
            (i % 9999) as u32 + 1,
            (i / 9999 % 99) as u8 + 1,
            1,
            'F',
            "01MAR21",
            "30OCT21",
            "1 3 5 7",
            (a, &dep, "+0000"),
            (b, &arr, "+0000"),
            "77F",
            "00",
        ));
        out.push('\n');
    }
    out
}

fn bench(c: &mut Criterion) {
    let codes: Vec<&'static str> = coldroute::airports::all()
        .iter()
        .take(200)
        .map(|a| a.iata)
        .collect();
    let t = text(100_000, &codes);
    let hubs: HashMap<&str, usize> = codes.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    let settings = Settings {
        defaults: LegSettings {
            hold: Some(TempRange::new(2.0, 25.0)),
            ..LegSettings::default()
        },
        ..Settings::default()
    };
    let utc = Zone::new(jiff::tz::TimeZone::UTC);
    let mut g = c.benchmark_group("ssim");
    g.sample_size(10);
    g.bench_function("lines_baseline_100k", |b| {
        b.iter(|| black_box(t.lines().count()))
    });
    g.bench_function("parse_100k", |b| {
        b.iter(|| black_box(parse(&t).unwrap().legs.len()))
    });
    g.bench_function("parse_and_flights_100k", |b| {
        b.iter(|| {
            let s = parse(&t).unwrap();
            let hub = |c: &str| hubs.get(c).copied();
            let zone = |_| utc.clone();
            black_box(
                flights(&s.legs, &settings, &hub, &zone, 0..0)
                    .unwrap()
                    .flights
                    .len(),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
