//! Helpers shared by the lockfile parsers: which packages only the development roots reach,
//! Direct or Transitive, merging duplicate entries, and line numbers.

use std::collections::{HashMap, HashSet, VecDeque};

use crate::deps::{Package, Relation};

/// Direct when the project names the package, Transitive otherwise.
pub(super) fn direct_or_transitive(direct: bool) -> Relation {
    if direct {
        Relation::Direct
    } else {
        Relation::Transitive
    }
}

/// By the manifest beside the lockfile: `named` is whether it names the package, `None` when
/// there is no readable manifest, which leaves the relation Unknown.
pub(super) fn manifest_relation(named: Option<bool>) -> Relation {
    named.map_or(Relation::Unknown, direct_or_transitive)
}

/// The names reachable from the development roots and not from the other roots, following
/// `edges` (name ──▶ the names it depends on). `roots` maps each root to whether it is
/// development-only. Names reachable from neither are in neither set: the caller keeps them as
/// non-development, which is what "the file does not say" means.
pub(super) fn dev_only(
    edges: &HashMap<String, Vec<String>>,
    roots: &HashMap<String, bool>,
) -> HashSet<String> {
    let prod = reach(
        edges,
        roots.iter().filter(|(_, dev)| !**dev).map(|(n, _)| n),
    );
    let dev = reach(edges, roots.iter().filter(|(_, dev)| **dev).map(|(n, _)| n));
    dev.difference(&prod).cloned().collect()
}

/// Every name reachable from `start` (the start names included).
fn reach<'a>(
    edges: &HashMap<String, Vec<String>>,
    start: impl Iterator<Item = &'a String>,
) -> HashSet<String> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut queue: VecDeque<String> = VecDeque::new();
    for name in start {
        if seen.insert(name.clone()) {
            queue.push_back(name.clone());
        }
    }
    while let Some(name) = queue.pop_front() {
        for next in edges.get(&name).into_iter().flatten() {
            if seen.insert(next.clone()) {
                queue.push_back(next.clone());
            }
        }
    }
    seen
}

/// Merges entries with the same (name, version): the first one's line is kept, Direct wins over
/// Transitive (and both over Unknown), non-development over development. Order is preserved.
pub(super) fn dedupe(packages: Vec<Package>) -> Vec<Package> {
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    let mut out: Vec<Package> = Vec::with_capacity(packages.len());
    for package in packages {
        let key = (package.name.clone(), package.version.clone());
        if let Some(&at) = index.get(&key) {
            let kept = &mut out[at];
            kept.relation = kept.relation.min(package.relation);
            kept.dev = kept.dev && package.dev;
            kept.line = kept.line.or(package.line);
        } else {
            index.insert(key, out.len());
            out.push(package);
        }
    }
    out
}

/// The packages ordered by line (then name and version), for parsers that read them out of
/// hash maps, and merged by [`dedupe`].
pub(super) fn in_file_order(mut packages: Vec<Package>) -> Vec<Package> {
    packages.sort_by(|a, b| (a.line, &a.name, &a.version).cmp(&(b.line, &b.name, &b.version)));
    dedupe(packages)
}

/// The line of each key directly under the top-level `section:` of a YAML file indented by
/// two spaces (pnpm-lock.yaml, pubspec.lock), found in one pass.
pub(super) fn yaml_section_lines(text: &str, section: &str) -> HashMap<String, u32> {
    let mut lines = HashMap::new();
    let mut in_section = false;
    for (n, line) in text.lines().enumerate() {
        if !line.starts_with(' ') && !line.trim().is_empty() && !line.starts_with('#') {
            in_section = line.trim_end().strip_suffix(':') == Some(section);
            continue;
        }
        let Some(body) = line.strip_prefix("  ") else {
            continue;
        };
        if !in_section || body.starts_with(' ') || body.is_empty() {
            continue;
        }
        if let Some(key) = yaml_key(body) {
            lines.insert(key, n as u32 + 1);
        }
    }
    lines
}

/// The key of a block-mapping line (`'@a/b@1.0.0':`, `/ms/2.1.3:`, `ms@2.1.3: {}`).
fn yaml_key(body: &str) -> Option<String> {
    if let Some(rest) = body.strip_prefix('\'') {
        let mut key = String::new();
        let mut chars = rest.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                } else {
                    return Some(key);
                }
            }
            key.push(c);
        }
        return None;
    }
    if let Some(rest) = body.strip_prefix('"') {
        return rest.split_once('"').map(|(k, _)| k.to_string());
    }
    let end = body
        .find(": ")
        .unwrap_or(body.trim_end().len().saturating_sub(1));
    body.get(..end).map(str::to_string)
}

/// The line of each `[[package]]` header of a TOML lockfile (Cargo, Poetry, uv), by the
/// `name` and `version` lines that follow it.
pub(super) fn entry_lines(text: &str) -> HashMap<(String, String), u32> {
    let mut out = HashMap::new();
    let mut current: Option<(u32, Option<String>)> = None;
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line == "[[package]]" {
            current = Some((index as u32 + 1, None));
        } else if line.starts_with('[') {
            current = None;
        } else if let Some((start, name)) = &mut current {
            if let Some(value) = toml_string(line, "name") {
                *name = Some(value.to_string());
            } else if let (Some(value), Some(n)) = (toml_string(line, "version"), name.as_ref()) {
                out.entry((n.clone(), value.to_string())).or_insert(*start);
                current = None;
            }
        }
    }
    out
}

/// The value of a one-line `key = "value"` TOML entry.
fn toml_string<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = line
        .strip_prefix(key)?
        .trim_start()
        .strip_prefix('=')?
        .trim();
    rest.strip_prefix('"')?.strip_suffix('"')
}

/// The offset of the first `needle` outside quoted strings delimited by one of `quotes`;
/// with `backslash_escapes`, a backslash inside a string escapes the next character.
pub(super) fn find_unquoted(
    text: &str,
    quotes: &[char],
    backslash_escapes: bool,
    needle: &str,
) -> Option<usize> {
    let mut open: Option<char> = None;
    let mut after_backslash = false;
    for (at, c) in text.char_indices() {
        if let Some(q) = open {
            if after_backslash {
                after_backslash = false;
            } else if backslash_escapes && c == '\\' {
                after_backslash = true;
            } else if c == q {
                open = None;
            }
        } else if quotes.contains(&c) {
            open = Some(c);
        } else if text[at..].starts_with(needle) {
            return Some(at);
        }
    }
    None
}

/// A file in the same directory as `path` (both relative to the repository root).
pub(super) fn sibling(path: &str, name: &str) -> String {
    match path.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{name}"),
        None => name.to_string(),
    }
}

/// Byte offsets of line starts, to turn many offsets into line numbers in logarithmic time each.
pub(super) struct Lines(Vec<usize>);

impl Lines {
    pub(super) fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines(starts)
    }

    /// The 1-based line holding byte offset `at`.
    pub(super) fn at(&self, at: usize) -> u32 {
        self.0.partition_point(|start| *start <= at) as u32
    }
}

/// Each package as (name, version, relation, dev, line), for tests of parsers that find every
/// line; panics on a package without one.
#[cfg(test)]
pub(super) fn rows(packages: &[Package]) -> Vec<(&str, &str, Relation, bool, u32)> {
    packages
        .iter()
        .map(|p| {
            let line = p.line.unwrap_or_else(|| panic!("{} has no line", p.name));
            (p.name.as_str(), p.version.as_str(), p.relation, p.dev, line)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deps::{Ecosystem, Relation};

    fn edges(list: &[(&str, &[&str])]) -> HashMap<String, Vec<String>> {
        list.iter()
            .map(|(k, v)| {
                (
                    (*k).to_string(),
                    v.iter().map(|s| (*s).to_string()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn dev_only_excludes_what_production_also_reaches() {
        let graph = edges(&[("app", &["shared"]), ("pytest", &["shared", "pluggy"])]);
        let roots = HashMap::from([("app".to_string(), false), ("pytest".to_string(), true)]);
        let dev = dev_only(&graph, &roots);
        let mut dev: Vec<_> = dev.into_iter().collect();
        dev.sort();
        assert_eq!(dev, ["pluggy", "pytest"]);
    }

    #[test]
    fn dedupe_keeps_the_strongest_relation_and_non_dev() {
        let p = |relation, dev, line| Package {
            ecosystem: Ecosystem::CratesIo,
            name: "a".into(),
            version: "1.0.0".into(),
            relation,
            dev,
            file: "Cargo.lock".into(),
            line: Some(line),
        };
        let out = dedupe(vec![
            p(Relation::Transitive, true, 3),
            p(Relation::Direct, false, 9),
        ]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].relation, Relation::Direct);
        assert!(!out[0].dev);
        assert_eq!(out[0].line, Some(3));
    }

    /// Prints what fcto reads from the lockfile named by `FCTO_LOCKFILE` (siblings are read
    /// from its folder), one `name version relation dev line` row per package, to compare
    /// with the package managers' own listings:
    /// `FCTO_LOCKFILE=/path/uv.lock cargo test -p fcto_facts --lib dump_lockfile -- --ignored --nocapture`.
    #[test]
    #[ignore = "a manual comparison tool"]
    #[allow(clippy::print_stderr)] // printing the rows is its purpose
    fn dump_lockfile() {
        let Ok(file) = std::env::var("FCTO_LOCKFILE") else {
            return;
        };
        let path = std::path::Path::new(&file);
        let dir = path.parent().unwrap().to_path_buf();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let read = move |p: &str| std::fs::read_to_string(dir.join(p)).ok();
        let packages = super::super::parse_lockfile(&name, &text, &read)
            .unwrap()
            .unwrap();
        for p in packages {
            eprintln!(
                "ROW\t{}\t{}\t{:?}\t{}\t{:?}",
                p.name, p.version, p.relation, p.dev, p.line
            );
        }
    }

    #[test]
    fn lines_by_offset() {
        let lines = Lines::new("a\nbb\n\nc");
        assert_eq!(lines.at(0), 1);
        assert_eq!(lines.at(2), 2);
        assert_eq!(lines.at(5), 3);
        assert_eq!(lines.at(6), 4);
    }
}
