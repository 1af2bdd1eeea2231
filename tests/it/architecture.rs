//! The architecture's invariants, checked on the source (as rust-analyzer
//! checks its own): docs/ARCHITECTURE.md states them as absences.
//!
//! - The library does no file or terminal I/O: no `std::fs`, no printing,
//!   no standard streams outside `src/cli/` and `src/main.rs`.
//! - `thermal` knows nothing about graphs, schedules or the loader.
//! - `gtfs` and `ssim` never reach into the scenario loader (`resolve`,
//!   `raw`): they build the model's types only.
//! - `network` never imports `thermal`.
//! - `sla` never calls the planner.
//! - The module graph has no cycle.
//!
//! Test code (`#[cfg(test)]` modules at the end of a file, and the
//! `tests.rs` files of test-only modules) is left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

fn src() -> PathBuf {
    super::harness::root().join("src")
}

/// Every library `.rs` file (not the CLI) with its code before the first
/// `#[cfg(test)]`, and the top-level module it belongs to.
fn library_files() -> Vec<(String, PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![src()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != "cli") {
                    stack.push(p);
                }
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let rel = p.strip_prefix(src()).unwrap().to_path_buf();
            let name = rel.to_string_lossy().replace('\\', "/");
            if name == "main.rs" || name == "lib.rs" || name.ends_with("/tests.rs") {
                continue;
            }
            let module = name
                .split('/')
                .next()
                .unwrap()
                .trim_end_matches(".rs")
                .to_string();
            let text = std::fs::read_to_string(&p).unwrap();
            let code = match text.find("#[cfg(test)]") {
                Some(i) => text[..i].to_string(),
                None => text,
            };
            out.push((module, rel, code));
        }
    }
    out.sort();
    out
}

/// No JSON is built by hand, in the library or the CLI: every document is
/// a `Serialize` struct of `coldroute::document` (or the batch record),
/// so that `docs/schemas/` describes all of them.
#[test]
fn no_json_is_built_by_hand() {
    let mut broken = Vec::new();
    let mut stack = vec![src()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                let code = match text.find("#[cfg(test)]") {
                    Some(i) => &text[..i],
                    None => &text[..],
                };
                if without_comments(code).contains("json!") {
                    broken.push(p.strip_prefix(src()).unwrap().display().to_string());
                }
            }
        }
    }
    broken.sort();
    assert!(
        broken.is_empty(),
        "`json!` outside tests (make the document a struct in src/document/): {broken:?}"
    );
}

/// The rows of the module picture in docs/ARCHITECTURE.md, top first: a
/// module imports only modules on lower rows.
const LAYERS: &[&[&str]] = &[
    &["export", "report"],
    &["document"],
    &["record"],
    &[
        "batch",
        "sweep",
        "disruption",
        "resilience",
        "compare",
        "generate",
    ],
    &["planner", "sla"],
    &["itinerary"],
    &["network"],
    &["scenario"],
    &["gtfs", "ssim"],
    &["model", "airports"],
    &["thermal", "delay"],
    &["time"],
    &["names", "units"],
];

/// The picture in docs/ARCHITECTURE.md has the rows of [`LAYERS`].
#[test]
fn the_picture_in_the_docs_is_the_one_checked() {
    let doc = std::fs::read_to_string(super::harness::root().join("docs/ARCHITECTURE.md")).unwrap();
    let start = doc
        .find("### Module dependencies")
        .expect("the picture's section");
    let rows: Vec<Vec<String>> = doc[start..]
        .lines()
        .skip_while(|l| !l.starts_with("```"))
        .skip(1)
        .take_while(|l| !l.starts_with("```"))
        .map(|l| {
            // ` A   export   report      what they are`: the row letter,
            // then the modules, then two or more spaces of description.
            let names = l.get(5..).unwrap_or("");
            let names = names.split("   ").next().unwrap_or("");
            let mut v: Vec<String> = names.split_whitespace().map(str::to_string).collect();
            v.sort();
            v
        })
        .collect();
    let want: Vec<Vec<String>> = LAYERS
        .iter()
        .map(|r| {
            let mut v: Vec<String> = r.iter().map(|s| s.to_string()).collect();
            v.sort();
            v
        })
        .collect();
    assert_eq!(
        rows, want,
        "docs/ARCHITECTURE.md's picture and LAYERS differ"
    );
}

#[test]
fn imports_point_down_the_picture() {
    let row = |m: &str| LAYERS.iter().position(|r| r.contains(&m));
    let mut broken = Vec::new();
    for (module, path, code) in library_files() {
        let Some(mine) = row(&module) else {
            broken.push(format!(
                "src/{}: module `{module}` is not in the picture (LAYERS and docs/ARCHITECTURE.md)",
                path.display()
            ));
            continue;
        };
        for u in uses(&without_comments(&code)) {
            if u == module {
                continue;
            }
            match row(&u) {
                Some(theirs) if theirs > mine => {}
                _ => broken.push(format!(
                    "src/{}: `{module}` imports `{u}`, which is not below it",
                    path.display()
                )),
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// A `Scenario` is built in two places only, both of which check it: the
/// loader and the model's checked constructors.
#[test]
fn scenarios_are_built_only_where_they_are_checked() {
    let mut broken = Vec::new();
    for (_, rel, code) in library_files() {
        let name = rel.to_string_lossy().replace('\\', "/");
        if name == "model/invariants.rs" || name == "scenario/resolve.rs" {
            continue;
        }
        // A literal, not `impl Scenario {`, `struct Scenario {` or a
        // return type: what comes before it on its line is an `=`, a `(`,
        // an `=>` or nothing.
        let code = without_comments(&code);
        let literal = code.lines().any(|l| {
            l.trim_end()
                .strip_suffix("Scenario {")
                .is_some_and(|before| {
                    let b = before.trim_end();
                    b.is_empty() || b.ends_with('=') || b.ends_with('(') || b.ends_with("=>")
                })
        });
        if literal {
            broken.push(name);
        }
    }
    assert!(
        broken.is_empty(),
        "a `Scenario` literal outside the loader and model/invariants.rs (use Scenario::timetable or the loader): {broken:?}"
    );
}

/// No public library function fails with a bare `String`: callers match
/// typed variants (docs/ARCHITECTURE.md, invariants). Private helpers
/// that build a located diagnostic's message may return text.
#[test]
fn public_library_errors_are_typed() {
    let mut broken = Vec::new();
    for (_, rel, code) in library_files() {
        let code = without_comments(&code);
        // Signatures may span lines: read from each `pub fn` to its body.
        for (i, _) in code.match_indices("pub fn ") {
            let tail = &code[i..];
            let end = tail.find(['{', ';']).unwrap_or(tail.len());
            let sig: String = tail[..end].split_whitespace().collect();
            if sig.contains("->Result<") && sig.ends_with(",String>") {
                let name = sig["pubfn".len()..].split(['(', '<']).next().unwrap_or("");
                broken.push(format!("{}: {name}", rel.display()));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "public functions returning Result<_, String> (give the area a typed error): {broken:?}"
    );
}

/// The code of `text` without comments (so a doc comment may name what
/// the code must not do).
fn without_comments(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules `code` refers to as `crate::X`.
fn uses(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + 7..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            out.insert(name);
        }
    }
    out
}

#[test]
fn the_library_does_no_io_and_its_layers_point_one_way() {
    let mut broken = Vec::new();
    for (module, path, code) in library_files() {
        let code = without_comments(&code);
        let shown = path.display();
        for bad in [
            "std::fs",
            "println!",
            "eprintln!",
            "print!(",
            "eprint!(",
            "std::io::stdout",
            "std::io::stderr",
            "std::process::exit",
        ] {
            if code.contains(bad) {
                broken.push(format!("src/{shown}: `{bad}` in the library"));
            }
        }
        let used = uses(&code);
        let forbidden: &[&str] = match module.as_str() {
            "thermal" => &[
                "network",
                "planner",
                "scenario",
                "itinerary",
                "gtfs",
                "ssim",
                "batch",
                "sweep",
                "report",
                "sla",
                "export",
                "generate",
            ],
            "network" => &["thermal", "planner", "report", "sla", "batch", "sweep"],
            "sla" => &["planner", "batch", "sweep", "report"],
            _ => &[],
        };
        for f in forbidden {
            if used.contains(*f) {
                broken.push(format!("src/{shown}: `{module}` imports `{f}`"));
            }
        }
        // The leaves: the model and time import only what lies below them.
        let allowed: Option<&[&str]> = match module.as_str() {
            "model" => Some(&["model", "delay", "thermal", "time", "units", "names"]),
            "delay" => Some(&["delay", "units"]),
            "time" => Some(&["time", "units", "names"]),
            "units" | "names" => Some(&["units", "names"]),
            _ => None,
        };
        if let Some(allowed) = allowed {
            for u in &used {
                if !allowed.contains(&u.as_str()) {
                    broken.push(format!("src/{shown}: the leaf `{module}` imports `{u}`"));
                }
            }
        }
        // Schedule semantics live on the model (`Flight::runs_on`,
        // `Scenario::min_leg_durations`), not in the loader's checks.
        if matches!(
            module.as_str(),
            "network" | "sla" | "planner" | "gtfs" | "ssim"
        ) && code.contains("scenario::checks")
        {
            broken.push(format!(
                "src/{shown}: `{module}` reads schedules from the loader's checks"
            ));
        }
        if module == "gtfs" || module == "ssim" {
            for f in ["scenario::resolve", "scenario::raw"] {
                if code.contains(f) {
                    broken.push(format!(
                        "src/{shown}: `{module}` reaches into the loader (`{f}`)"
                    ));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// The strongly connected components of more than one module (Tarjan).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> BTreeSet<Vec<String>> {
    struct T<'a> {
        g: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        n: usize,
        out: BTreeSet<Vec<String>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a str) {
        t.index.insert(v, t.n);
        t.low.insert(v, t.n);
        t.n += 1;
        t.stack.push(v);
        t.on.insert(v);
        for w in t.g.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !t.g.contains_key(w) {
                continue;
            }
            if !t.index.contains_key(w) {
                visit(t, w);
                let lw = t.low[w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if t.on.contains(w) {
                let iw = t.index[w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                t.out.insert(comp);
            }
        }
    }
    let mut t = T {
        g: graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        n: 0,
        out: BTreeSet::new(),
    };
    for v in graph.keys() {
        if !t.index.contains_key(v.as_str()) {
            visit(&mut t, v);
        }
    }
    t.out
}

#[test]
fn the_module_graph_has_no_cycle() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let files = library_files();
    let modules: BTreeSet<String> = files.iter().map(|f| f.0.clone()).collect();
    for (module, _, code) in &files {
        let e = graph.entry(module.clone()).or_default();
        for u in uses(&without_comments(code)) {
            if u != *module && modules.contains(&u) {
                e.insert(u);
            }
        }
    }
    let found = cycles(&graph);
    let known: BTreeSet<Vec<String>> = BTreeSet::new();
    assert_eq!(
        found, known,
        "the module graph has a cycle; make one side a leaf (as `model` and `names` are): {graph:#?}"
    );
}
