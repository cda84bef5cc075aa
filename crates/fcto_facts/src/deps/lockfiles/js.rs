//! What the JavaScript lockfile parsers share: reading a `package.json`'s dependencies,
//! splitting `name@version`, telling registry versions from other sources, following the
//! dependency graph from the projects' declared dependencies, and collecting packages once per
//! (name, version).

use std::collections::HashMap;

use serde::Deserialize;

use super::ReadFile;
use super::common::direct_or_transitive;
use crate::deps::{Ecosystem, Package, Relation};

/// A dependency declared in a `package.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Dep {
    /// The key as written, which is the alias for `"alias": "npm:real@1"`.
    pub key: String,
    /// The range as written (`^1.2.3`, `npm:real@^1`, `workspace:*`, ...).
    pub range: String,
    /// Named only in `devDependencies`.
    pub dev: bool,
}

/// The parts of a `package.json` the lockfile parsers need.
#[derive(Debug, Default, Clone)]
pub(super) struct Manifest {
    pub deps: Vec<Dep>,
    /// The `workspaces` patterns (`["packages/*"]` or `{ "packages": [...] }`).
    pub workspaces: Vec<String>,
}

impl Manifest {
    /// The declared dependency with this key.
    pub fn dep(&self, key: &str) -> Option<&Dep> {
        self.deps.iter().find(|d| d.key == key)
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawManifest {
    #[serde(default)]
    dependencies: HashMap<String, serde_json::Value>,
    #[serde(default)]
    dev_dependencies: HashMap<String, serde_json::Value>,
    #[serde(default)]
    optional_dependencies: HashMap<String, serde_json::Value>,
    #[serde(default)]
    peer_dependencies: HashMap<String, serde_json::Value>,
    workspaces: Option<serde_json::Value>,
}

/// Reads a `package.json` text; `None` when it is not a JSON object of the expected shape.
pub(super) fn parse_manifest(text: &str) -> Option<Manifest> {
    let raw: RawManifest = serde_json::from_str(text).ok()?;
    let mut deps: Vec<Dep> = Vec::new();
    let sections = [
        (&raw.dependencies, false),
        (&raw.optional_dependencies, false),
        (&raw.peer_dependencies, false),
        (&raw.dev_dependencies, true),
    ];
    for (section, dev) in sections {
        let mut keys: Vec<&String> = section.keys().collect();
        keys.sort();
        for key in keys {
            let range = section[key].as_str().unwrap_or_default().to_string();
            match deps.iter_mut().find(|d| &d.key == key) {
                Some(existing) => existing.dev &= dev,
                None => deps.push(Dep {
                    key: key.clone(),
                    range,
                    dev,
                }),
            }
        }
    }
    let workspaces = match raw.workspaces {
        Some(serde_json::Value::Array(items)) => strings(&items),
        Some(serde_json::Value::Object(map)) => match map.get("packages") {
            Some(serde_json::Value::Array(items)) => strings(items),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    Some(Manifest { deps, workspaces })
}

fn strings(items: &[serde_json::Value]) -> Vec<String> {
    items
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// The `package.json` in folder `dir` (relative to the repository root, `""` for the root).
pub(super) fn read_manifest(read: ReadFile<'_>, dir: &str) -> Option<Manifest> {
    parse_manifest(&read(&join(dir, "package.json"))?)
}

/// The folder of a path relative to the repository root, `""` for a file at the root.
pub(super) fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// `rel` inside folder `dir`, both relative to the repository root; `.` and `./` are dropped.
pub(super) fn join(dir: &str, rel: &str) -> String {
    let rel = rel.trim_start_matches("./").trim_end_matches('/');
    let rel = if rel == "." { "" } else { rel };
    match (dir.is_empty(), rel.is_empty()) {
        (true, _) => rel.to_string(),
        (false, true) => dir.to_string(),
        (false, false) => format!("{dir}/{rel}"),
    }
}

/// Splits `name@rest` where the name may be scoped (`@scope/name@1.2.3`).
pub(super) fn split_name(spec: &str) -> Option<(&str, &str)> {
    let from = usize::from(spec.starts_with('@'));
    let at = spec[from..].find('@')? + from;
    let (name, rest) = (&spec[..at], &spec[at + 1..]);
    (!name.is_empty() && name != "@").then_some((name, rest))
}

/// Whether a resolved version is a plain registry version (`1.2.3`, `2.0.0-beta.1+build`),
/// not a path, URL, git reference or protocol (`file:`, `link:`, `workspace:`, ...).
pub(super) fn is_registry_version(version: &str) -> bool {
    version.starts_with(|c: char| c.is_ascii_digit())
        && !version.contains([':', '/', '#', ' ', '\\'])
}

/// The nodes of a dependency graph that the projects declare, each declaration for
/// production or for development only.
pub(super) struct Roots {
    direct: Vec<bool>,
    prod: Vec<usize>,
    dev: Vec<usize>,
}

impl Roots {
    /// No declarations yet, in a graph of `nodes` nodes.
    pub fn new(nodes: usize) -> Self {
        Roots {
            direct: vec![false; nodes],
            prod: Vec::new(),
            dev: Vec::new(),
        }
    }

    /// A project declares `node`, for development only when `dev`.
    pub fn declare(&mut self, node: usize, dev: bool) {
        self.direct[node] = true;
        if dev {
            self.dev.push(node);
        } else {
            self.prod.push(node);
        }
    }

    /// What the declarations reach, following `edges` (node ──▶ the nodes it depends on).
    pub fn reach(self, edges: &[Vec<usize>]) -> Reach {
        Reach {
            prod: reachable(edges, self.prod),
            dev: reachable(edges, self.dev),
            direct: self.direct,
        }
    }
}

/// Which nodes the projects declare, and which their production and development
/// declarations reach.
pub(super) struct Reach {
    direct: Vec<bool>,
    prod: Vec<bool>,
    dev: Vec<bool>,
}

impl Reach {
    /// Whether a project declares the node.
    pub fn is_direct(&self, node: usize) -> bool {
        self.direct[node]
    }

    /// Direct when a project declares the node, Transitive otherwise.
    pub fn relation(&self, node: usize) -> Relation {
        direct_or_transitive(self.direct[node])
    }

    /// Whether only development declarations reach the node.
    pub fn dev_only(&self, node: usize) -> bool {
        self.dev[node] && !self.prod[node]
    }

    /// Whether any declaration reaches the node.
    pub fn reached(&self, node: usize) -> bool {
        self.prod[node] || self.dev[node]
    }
}

/// Which nodes of a dependency graph are reachable from `roots`, in time linear in the
/// graph's size.
fn reachable(edges: &[Vec<usize>], roots: impl IntoIterator<Item = usize>) -> Vec<bool> {
    let mut seen = vec![false; edges.len()];
    let mut stack: Vec<usize> = Vec::new();
    for root in roots {
        if root < seen.len() && !seen[root] {
            seen[root] = true;
            stack.push(root);
        }
    }
    while let Some(node) = stack.pop() {
        for &next in &edges[node] {
            if !seen[next] {
                seen[next] = true;
                stack.push(next);
            }
        }
    }
    seen
}

/// Packages of one lockfile, each (name, version) once: Direct wins over Transitive and
/// Unknown, non-dev over dev, the first line over later ones.
pub(super) struct Collected {
    file: String,
    index: HashMap<(String, String), usize>,
    list: Vec<Package>,
}

impl Collected {
    pub fn new(file: &str) -> Self {
        Collected {
            file: file.to_string(),
            index: HashMap::new(),
            list: Vec::new(),
        }
    }

    pub fn add(
        &mut self,
        name: &str,
        version: &str,
        relation: Relation,
        dev: bool,
        line: Option<u32>,
    ) {
        let key = (name.to_string(), version.to_string());
        if let Some(&at) = self.index.get(&key) {
            let p = &mut self.list[at];
            p.relation = p.relation.min(relation);
            p.dev &= dev;
            p.line = match (p.line, line) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            return;
        }
        self.index.insert(key, self.list.len());
        self.list.push(Package {
            ecosystem: Ecosystem::Npm,
            name: name.to_string(),
            version: version.to_string(),
            relation,
            dev,
            file: self.file.clone(),
            line,
        });
    }

    /// The packages in the order of their lines in the file.
    pub fn finish(mut self) -> Vec<Package> {
        self.list.sort_by(|a, b| {
            (a.line.unwrap_or(u32::MAX), &a.name, &a.version).cmp(&(
                b.line.unwrap_or(u32::MAX),
                &b.name,
                &b.version,
            ))
        });
        self.list
    }
}

/// The package of this name and version in a parser's output; panics when it is missing.
#[cfg(test)]
pub(super) fn find<'a>(list: &'a [Package], name: &str, version: &str) -> &'a Package {
    list.iter()
        .find(|p| p.name == name && p.version == version)
        .unwrap_or_else(|| panic!("{name}@{version} missing"))
}

/// `name@version` of each package, in order.
#[cfg(test)]
pub(super) fn ids(list: &[Package]) -> Vec<String> {
    list.iter()
        .map(|p| format!("{}@{}", p.name, p.version))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_sections_and_workspaces() {
        let m = parse_manifest(
            r#"{"name":"app","dependencies":{"express":"^4","lodash-alias":"npm:lodash@4.17.21"},
                "devDependencies":{"mocha":"^10","express":"^4"},
                "workspaces":{"packages":["packages/*","tools/cli"]}}"#,
        )
        .expect("manifest");
        assert!(!m.dep("express").expect("express").dev);
        assert!(m.dep("mocha").expect("mocha").dev);
        assert_eq!(
            m.dep("lodash-alias").expect("alias").range,
            "npm:lodash@4.17.21"
        );
        assert_eq!(m.workspaces, ["packages/*", "tools/cli"]);
        assert!(parse_manifest("[1, 2]").is_none());
    }

    #[test]
    fn names_versions_and_paths() {
        assert_eq!(
            split_name("@babel/core@7.24.0"),
            Some(("@babel/core", "7.24.0"))
        );
        assert_eq!(split_name("ms@npm:2.1.3"), Some(("ms", "npm:2.1.3")));
        assert_eq!(split_name("@scope"), None);
        assert!(is_registry_version("1.0.0-beta.2+exp.sha.5114f85"));
        assert!(!is_registry_version("file:../a"));
        assert!(!is_registry_version("github.com/a/b/0123abc"));
        assert_eq!(join("", "./packages/a/"), "packages/a");
        assert_eq!(join("web", "."), "web");
        assert_eq!(join("web", "package.json"), "web/package.json");
        assert_eq!(dir_of("web/yarn.lock"), "web");
        assert_eq!(dir_of("yarn.lock"), "");
    }

    #[test]
    fn collected_keeps_direct_and_non_dev() {
        let mut c = Collected::new("package-lock.json");
        c.add("ms", "2.1.3", Relation::Transitive, true, Some(9));
        c.add("ms", "2.1.3", Relation::Direct, false, Some(4));
        c.add("ms", "2.0.0", Relation::Transitive, true, Some(2));
        let list = c.finish();
        assert_eq!(list.len(), 2);
        assert_eq!((list[0].version.as_str(), list[0].dev), ("2.0.0", true));
        assert_eq!(list[1].relation, Relation::Direct);
        assert!(!list[1].dev);
        assert_eq!(list[1].line, Some(4));
    }

    /// Writes what fcto reads from the lockfiles named in `FCTO_JSLOCK_FILES` (comma-separated,
    /// relative to `FCTO_JSLOCK_ROOT`) as JSON to `FCTO_JSLOCK_OUT`, so that a script can
    /// compare them with the package managers' own view.
    #[test]
    #[ignore = "reads lockfiles generated by the package managers outside the repository"]
    fn dump_for_comparison() {
        let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"));
        let (root, files, out) = (
            var("FCTO_JSLOCK_ROOT"),
            var("FCTO_JSLOCK_FILES"),
            var("FCTO_JSLOCK_OUT"),
        );
        let read = |p: &str| std::fs::read_to_string(std::path::Path::new(&root).join(p)).ok();
        let mut dump = serde_json::Map::new();
        for file in files.split(',') {
            let text = read(file).unwrap_or_else(|| panic!("{file} cannot be read"));
            let result = crate::deps::parse_lockfile(file, &text, &read).expect("a lockfile");
            let value = match result {
                Ok(packages) => serde_json::to_value(packages).expect("serialises"),
                Err(e) => serde_json::Value::String(e),
            };
            dump.insert(file.to_string(), value);
        }
        std::fs::write(&out, serde_json::Value::Object(dump).to_string()).expect("written");
    }

    #[test]
    fn reachability() {
        let edges = vec![vec![1], vec![2], vec![], vec![0]];
        assert_eq!(reachable(&edges, [0]), [true, true, true, false]);
    }
}
