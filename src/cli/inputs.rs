//! Which scenario files a command reads: paths as given, directories
//! searched recursively for `*.toml`, `--exclude` globs left out.

use std::path::{Path, PathBuf};

/// The files to read, in order: each path as given, a directory's
/// `*.toml` files sorted, without repeats, none whose path matches one of
/// `exclude` ([`glob_match`], on the path with `/` separators). A path
/// that does not exist or a directory without scenarios is a problem
/// (`Err` with its message).
pub fn scenario_files(paths: &[PathBuf], exclude: &[String]) -> Vec<(PathBuf, Result<(), String>)> {
    let excluded = |p: &Path| {
        let shown = p.display().to_string().replace('\\', "/");
        let shown = shown.strip_prefix("./").unwrap_or(&shown).to_string();
        exclude.iter().any(|g| glob_match(g, &shown))
    };
    let mut out: Vec<(PathBuf, Result<(), String>)> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            if let Err(e) = walk(p, &mut found) {
                out.push((p.clone(), Err(e)));
                continue;
            }
            found.retain(|f| !excluded(f));
            if found.is_empty() {
                out.push((
                    p.clone(),
                    Err(format!(
                        "no scenario files (`*.toml`) under `{}`; pass a scenario file or a directory that holds some",
                        p.display()
                    )),
                ));
            }
            found.sort();
            for f in found {
                if seen.insert(f.clone()) {
                    out.push((f, Ok(())));
                }
            }
        } else if !excluded(p) && seen.insert(p.clone()) {
            out.push((p.clone(), Ok(())));
        }
    }
    out
}

/// Collects the `*.toml` files under `dir`, recursively. Entries whose
/// names start with `.` are skipped, and links to directories are not
/// followed (so a link cycle cannot loop).
fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list `{}`: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot list `{}`: {e}", dir.display()))?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let kind = entry
            .file_type()
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        if kind.is_dir() {
            walk(&path, found)?;
        } else if path.extension().is_some_and(|x| x == "toml") && path.is_file() {
            found.push(path);
        }
    }
    Ok(())
}

/// Whether `path` (with `/` separators) matches `glob`: `**` matches any
/// run of characters (across `/`), `*` any run without `/`, `?` one
/// character other than `/`; everything else matches itself. A glob
/// without `/` is matched against the file name alone (like `.gitignore`).
pub fn glob_match(glob: &str, path: &str) -> bool {
    let target = if glob.contains('/') {
        path
    } else {
        path.rsplit('/').next().unwrap_or(path)
    };
    let g: Vec<char> = glob.chars().collect();
    let t: Vec<char> = target.chars().collect();
    matches(&g, &t)
}

fn matches(g: &[char], t: &[char]) -> bool {
    match g.first() {
        None => t.is_empty(),
        Some('*') if g.get(1) == Some(&'*') => {
            // `**/` also matches no directory at all.
            let rest = &g[2..];
            let rest_no_slash = rest.strip_prefix(&['/']).unwrap_or(rest);
            (0..=t.len()).any(|k| matches(rest, &t[k..]) || matches(rest_no_slash, &t[k..]))
        }
        Some('*') => {
            let rest = &g[1..];
            let mut k = 0;
            loop {
                if matches(rest, &t[k..]) {
                    return true;
                }
                if k == t.len() || t[k] == '/' {
                    return false;
                }
                k += 1;
            }
        }
        Some('?') => t.first().is_some_and(|&c| c != '/') && matches(&g[1..], &t[1..]),
        Some(&c) => t.first() == Some(&c) && matches(&g[1..], &t[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn globs() {
        assert!(glob_match("*.toml", "scenarios/a.toml"));
        assert!(glob_match("draft-*", "scenarios/draft-1.toml"));
        assert!(!glob_match("scenarios/*.toml", "scenarios/x/a.toml"));
        assert!(glob_match("scenarios/**", "scenarios/x/a.toml"));
        assert!(glob_match("scenarios/**/a.toml", "scenarios/a.toml"));
        assert!(glob_match("**/drafts/*", "a/b/drafts/c.toml"));
        assert!(glob_match("a?c.toml", "abc.toml"));
        assert!(!glob_match("a?c.toml", "a/c.toml"));
        assert!(!glob_match("*.toml", "a.json"));
    }
}
