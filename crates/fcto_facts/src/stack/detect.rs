//! Stack detection: manifests parsed from the inventory's documents, then the signature table
//! matched against the direct dependencies of the product's manifests, the file list and the
//! documents' text. Manifests and files under auxiliary folders (examples, tests, docs,
//! benchmarks) are listed but are not evidence. Pure: no I/O, everything comes from the
//! inventory.

use super::manifests::{self, Siblings};
use super::signatures::{DependencyMatch, KINDS, Signature, signatures};
use super::{Dependency, Manifest, Stack, Technology, is_auxiliary_path};
use crate::inventory::{Exclusion, Inventory};
use std::collections::{BTreeMap, BTreeSet};

/// Catalogs by name, each mapping a package to its constraint.
type Catalogs = BTreeMap<String, BTreeMap<String, String>>;

/// Reads the stack from the inventory.
pub fn read_stack(inventory: &Inventory) -> Stack {
    let vendored = |path: &str| {
        inventory
            .file(path)
            .is_some_and(|f| matches!(f.exclusion, Some(Exclusion::Vendored(_))))
    };
    let mut files: Vec<&str> = inventory
        .files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| !vendored(p))
        .collect();
    // `read_inventory` sorts its files; an inventory built by hand may not be.
    files.sort_unstable();
    let siblings = Siblings { files: &files };
    let mut stack = Stack::default();

    // Manifests, in path order (documents are a sorted map).
    let mut workspace_roots: BTreeMap<(&'static str, String), Vec<String>> = BTreeMap::new();
    // npm catalogs (pnpm's workspace file, Bun's root package.json) by directory.
    let mut catalogs: BTreeMap<String, Catalogs> = BTreeMap::new();
    for (path, bytes) in &inventory.documents {
        let Some(ecosystem) = manifests::ecosystem_of(path) else {
            continue;
        };
        if vendored(path) {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        let parsed = manifests::parse(path, ecosystem, &text, &siblings);
        let dir = parent(path);
        if parsed.workspace_root {
            workspace_roots.insert((ecosystem, dir.to_string()), parsed.members.clone());
        }
        if ecosystem == "npm" {
            let found = manifests::package_json_catalogs(&text);
            if !found.is_empty() {
                catalogs.insert(dir.to_string(), found);
            }
        }
        if let Some(problem) = &parsed.problem {
            stack.problems.push(format!(
                "`{path}` could not be parsed ({problem}); its dependencies are missing from the stack"
            ));
        }
        stack.manifests.push(Manifest {
            path: path.clone(),
            ecosystem: ecosystem.to_string(),
            dependencies: parsed.dependencies,
            lockfiles: Vec::new(),
            library: parsed.library,
            problem: parsed.problem,
            auxiliary: is_auxiliary_path(path),
        });
    }
    // pnpm declares its workspace and catalogs in its own file.
    for (path, bytes) in &inventory.documents {
        if file_name(path) == "pnpm-workspace.yaml" && !vendored(path) {
            let workspace =
                manifests::pnpm_workspace(&String::from_utf8_lossy(bytes)).unwrap_or_default();
            let dir = parent(path).to_string();
            workspace_roots.insert(("npm", dir.clone()), workspace.packages);
            if !workspace.catalogs.is_empty() {
                catalogs.entry(dir).or_default().extend(workspace.catalogs);
            }
        }
    }
    for m in stack.manifests.iter_mut().filter(|m| m.ecosystem == "npm") {
        resolve_catalogs(&m.path, &mut m.dependencies, &catalogs);
    }
    let present: BTreeSet<&str> = files.iter().copied().collect();
    for m in &mut stack.manifests {
        m.lockfiles = lockfiles(m, &present, &workspace_roots);
    }
    let (auxiliary, product): (BTreeSet<&str>, BTreeSet<&str>) = stack
        .manifests
        .iter()
        .map(|m| (parent(&m.path), m.auxiliary))
        .fold(Default::default(), |(mut a, mut p), (dir, aux)| {
            if aux {
                a.insert(dir);
            } else {
                p.insert(dir);
            }
            (a, p)
        });
    stack.packages = product.into_iter().map(str::to_string).collect();
    stack.auxiliary_packages = auxiliary.into_iter().map(str::to_string).collect();

    stack.technologies = technologies(inventory, &stack.manifests, &files);
    stack
}

/// Replaces `catalog:` / `catalog:NAME` constraints with the catalog's entry from the nearest
/// workspace root at or above the manifest; unknown references are left as written.
fn resolve_catalogs(
    path: &str,
    dependencies: &mut [Dependency],
    catalogs: &BTreeMap<String, Catalogs>,
) {
    if catalogs.is_empty() {
        return;
    }
    for d in dependencies {
        let Some(name) = d
            .constraint
            .as_deref()
            .and_then(manifests::catalog_reference)
        else {
            continue;
        };
        let mut dir = parent(path);
        let resolved = loop {
            if let Some(c) = catalogs.get(dir).and_then(|c| c.get(name)) {
                break c.get(&d.name).cloned();
            }
            if dir == "." {
                break None;
            }
            dir = parent(dir);
        };
        if resolved.is_some() {
            d.constraint = resolved;
        }
    }
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or(".", |(d, _)| d)
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn join(dir: &str, name: &str) -> String {
    if dir == "." {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// Lockfiles beside the manifest; for members of an npm, pnpm, Cargo or uv workspace without
/// one, those of the nearest workspace root above whose member globs include it.
fn lockfiles(
    m: &Manifest,
    present: &BTreeSet<&str>,
    roots: &BTreeMap<(&'static str, String), Vec<String>>,
) -> Vec<String> {
    let names = manifests::lockfile_names(&m.ecosystem, file_name(&m.path));
    let in_dir = |dir: &str| -> Vec<String> {
        names
            .iter()
            .map(|n| join(dir, n))
            .filter(|p| present.contains(p.as_str()))
            .collect()
    };
    let dir = parent(&m.path);
    let beside = in_dir(dir);
    if !beside.is_empty() {
        return beside;
    }
    let mut ancestor = dir;
    while ancestor != "." {
        ancestor = parent(ancestor);
        let root = roots
            .iter()
            .find(|((e, d), _)| *e == m.ecosystem && d == ancestor);
        if let Some((_, members)) = root {
            let relative = if ancestor == "." {
                dir
            } else {
                &dir[ancestor.len() + 1..]
            };
            if manifests::is_member(relative, members) {
                return in_dir(ancestor);
            }
        }
    }
    Vec::new()
}

/// Evidence gathered for one technology.
#[derive(Default)]
struct Found {
    version: Option<String>,
    /// Declared through its own package (not only through a client library).
    own: bool,
    via: Option<String>,
    declared_in: Vec<(String, Option<u32>)>,
}

impl Found {
    fn add(&mut self, path: &str, line: Option<u32>) {
        if !self
            .declared_in
            .iter()
            .any(|(p, l)| p == path && *l == line)
        {
            self.declared_in.push((path.to_string(), line));
        }
    }
}

fn technologies(inventory: &Inventory, manifests: &[Manifest], files: &[&str]) -> Vec<Technology> {
    let table = signatures();
    let mut found: BTreeMap<usize, Found> = BTreeMap::new();

    // Direct dependencies of the product's manifests, in path order and dependencies in line
    // order, so the version is the first constraint stated for the technology's own package.
    for m in manifests.iter().filter(|m| !m.auxiliary) {
        for d in &m.dependencies {
            for (i, s) in table.iter().enumerate() {
                let Some(how) = s.matches_dependency(&m.ecosystem, &d.name) else {
                    continue;
                };
                let f = found.entry(i).or_default();
                let version = d.constraint.as_deref().filter(|c| is_version(c));
                match how {
                    DependencyMatch::Own => {
                        f.own = true;
                        if f.version.is_none() {
                            f.version = version.map(str::to_string);
                        }
                    }
                    DependencyMatch::Client => {
                        if f.via.is_none() {
                            f.via = Some(match version {
                                Some(v) => format!("{} {v}", d.name),
                                None => d.name.clone(),
                            });
                        }
                    }
                }
                f.add(&m.path, d.line);
            }
        }
    }
    // Files present, outside auxiliary folders.
    for path in files.iter().filter(|p| !is_auxiliary_path(p)) {
        for (i, _) in table
            .iter()
            .enumerate()
            .filter(|(_, s)| s.matches_file(path))
        {
            found.entry(i).or_default().add(path, None);
        }
    }
    // Contents of kept documents, outside auxiliary folders.
    for (path, bytes) in &inventory.documents {
        if files.binary_search(&path.as_str()).is_err() || is_auxiliary_path(path) {
            continue;
        }
        let mut text = None;
        for (i, s) in table.iter().enumerate() {
            for matcher in &s.contents {
                if !matcher.files.iter().any(|g| g.is_match(path)) {
                    continue;
                }
                let text = text.get_or_insert_with(|| String::from_utf8_lossy(bytes));
                if let Some(line) = content_line(text, &matcher.all) {
                    found.entry(i).or_default().add(path, Some(line));
                }
            }
        }
    }

    let mut out: Vec<(usize, Technology)> =
        languages(inventory).into_iter().map(|t| (0, t)).collect();
    let rank = |s: &Signature| {
        KINDS
            .iter()
            .position(|k| *k == s.kind)
            .unwrap_or(KINDS.len())
    };
    let mut detected: Vec<(usize, &Signature, Found)> = found
        .into_iter()
        .map(|(i, f)| (rank(&table[i]), &table[i], f))
        .collect();
    detected.sort_by_key(|(rank, s, _)| (*rank, s.name.to_ascii_lowercase()));
    out.extend(detected.into_iter().map(|(r, s, f)| {
        (
            r,
            Technology {
                kind: s.kind.clone(),
                name: s.name.clone(),
                version: f.version,
                via: if f.own { None } else { f.via },
                declared_in: f.declared_in,
            },
        )
    }));
    out.sort_by_key(|(r, _)| *r);
    out.into_iter().map(|(_, t)| t).collect()
}

/// Whether a constraint as written states a version: not a wildcard, a tag, a workspace or
/// catalog reference, a path, a URL or Go's placeholder for a replaced module.
fn is_version(constraint: &str) -> bool {
    let c = constraint.trim();
    let lower = c.to_ascii_lowercase();
    !(c.is_empty()
        || lower.starts_with("v0.0.0-00010101000000-")
        || matches!(
            lower.as_str(),
            "*" | "x" | "latest" | "next" | "workspace" | "any"
        )
        || [
            "workspace:",
            "catalog:",
            "file:",
            "link:",
            "portal:",
            "npm:",
            "git",
            "github:",
            "http:",
            "https:",
            "ssh:",
            "path:",
        ]
        .iter()
        .any(|p| lower.starts_with(p)))
}

/// The line of the first regex's match when every regex matches.
fn content_line(text: &str, all: &[regex::Regex]) -> Option<u32> {
    let mut first = None;
    for (i, rx) in all.iter().enumerate() {
        let m = rx.find(text)?;
        if i == 0 {
            first = Some(m.start());
        }
    }
    let at = first?;
    // A match may start with the newline before the line (`\s*` at a line start).
    let at = at + text[at..].len() - text[at..].trim_start_matches(['\n', '\r']).len();
    Some(crate::inventory::newlines(&text.as_bytes()[..at]) as u32 + 1)
}

/// A `language` technology per language of the product code with code lines, largest first,
/// with the file holding the most of it as evidence.
fn languages(inventory: &Inventory) -> Vec<Technology> {
    inventory
        .language_totals()
        .into_iter()
        .filter(|(_, _, stats)| stats.code > 0)
        .map(|(name, _, _)| {
            let top = inventory
                .files
                .iter()
                .filter(|f| f.is_product_code() && f.language.as_deref() == Some(name.as_str()))
                .max_by(|a, b| {
                    a.stats
                        .code
                        .cmp(&b.stats.code)
                        .then_with(|| b.path.cmp(&a.path))
                });
            Technology {
                kind: "language".to_string(),
                name,
                version: None,
                via: None,
                declared_in: top.map(|f| (f.path.clone(), None)).into_iter().collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        for v in ["^18.0.0", "==5.0.6", "~> 7.1", "v1.10.0", "1", ">=3.1,<4"] {
            assert!(is_version(v), "{v}");
        }
        for v in [
            "*",
            "latest",
            "workspace:*",
            "workspace",
            "catalog:",
            "catalog:react19",
            "file:../x",
            "link:../x",
            "git+https://x/y.git",
            "github:a/b",
            "npm:other@1",
            "v0.0.0-00010101000000-000000000000",
            "",
        ] {
            assert!(!is_version(v), "{v}");
        }
    }

    #[test]
    fn content_lines_are_one_based() {
        let rx = [regex::Regex::new(r"(?m)^\s*image:\s*postgres").expect("regex")];
        assert_eq!(
            content_line("services:\n  db:\n    image: postgres:16\n", &rx),
            Some(3)
        );
        assert_eq!(content_line("image: postgres\n", &rx), Some(1));
        assert_eq!(content_line("image: mysql\n", &rx), None);
    }
}
