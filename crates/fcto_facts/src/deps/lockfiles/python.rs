//! Python: poetry.lock, uv.lock, Pipfile.lock and pinned requirements files. Names are
//! normalised per PEP 503. Direct and development-only come from the lockfile when it says
//! (uv's workspace members, Pipfile.lock's `develop`, Poetry's groups, pip-compile's `# via`),
//! otherwise from the manifest beside it (pyproject.toml, Pipfile), following the dependency
//! graph from the development roots.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use super::ReadFile;
use super::common::{dedupe, dev_only, entry_lines, in_file_order, manifest_relation, sibling};
use crate::deps::{Ecosystem, Package, Relation};

/// PEP 503, ignoring spaces around the name.
fn normalise(name: &str) -> String {
    crate::deps::pypi_name(name.trim())
}

/// Whether a dependency group, extra or requirements file name means development or tests
/// only (`dev`, `test`, `lint`, `docs`, `typing`...): one of its `-`/`_`/`.` separated words.
fn is_dev_name(name: &str) -> bool {
    const WORDS: [&str; 16] = [
        "dev",
        "develop",
        "development",
        "devel",
        "test",
        "tests",
        "testing",
        "lint",
        "linting",
        "docs",
        "doc",
        "typing",
        "mypy",
        "qa",
        "ci",
        "bench",
    ];
    normalise(name).split('-').any(|w| WORDS.contains(&w))
}

/// The distribution name at the start of a PEP 508 requirement (`requests[socks]>=2; ...`).
fn requirement_name(spec: &str) -> Option<String> {
    let spec = spec.trim_start();
    let end = spec
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(spec.len());
    let name = &spec[..end];
    name.starts_with(|c: char| c.is_ascii_alphanumeric())
        .then(|| normalise(name))
}

/// Adds a root; a name that is a root both for production and development is production.
fn add_root(roots: &mut HashMap<String, bool>, name: String, dev: bool) {
    let entry = roots.entry(name).or_insert(dev);
    *entry = *entry && dev;
}

// ── pyproject.toml ─────────────────────────────────────────────────────────────────────────

/// The direct dependencies a pyproject.toml names (Poetry's tables, PEP 621, PEP 735, uv's
/// `dev-dependencies`), each with whether only development groups name it.
fn pyproject_roots(text: &str) -> Option<HashMap<String, bool>> {
    let doc: toml::Table = toml::from_str(text).ok()?;
    let mut roots = HashMap::new();
    let table = |v: Option<&toml::Value>| v.and_then(toml::Value::as_table).cloned();
    let strings = |v: &toml::Value| -> Vec<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str().and_then(requirement_name))
            .collect()
    };
    let tool = table(doc.get("tool")).unwrap_or_default();
    let poetry = table(tool.get("poetry")).unwrap_or_default();
    let keys = |t: Option<toml::Table>| -> Vec<String> {
        t.into_iter()
            .flatten()
            .map(|(k, _)| k)
            .filter(|k| k != "python")
            .map(|k| normalise(&k))
            .collect()
    };
    for name in keys(table(poetry.get("dependencies"))) {
        add_root(&mut roots, name, false);
    }
    for name in keys(table(poetry.get("dev-dependencies"))) {
        add_root(&mut roots, name, true);
    }
    for (group, body) in table(poetry.get("group")).unwrap_or_default() {
        let dev = is_dev_name(&group);
        for name in keys(table(body.get("dependencies"))) {
            add_root(&mut roots, name, dev);
        }
    }
    let project = table(doc.get("project")).unwrap_or_default();
    for name in project.get("dependencies").map(strings).unwrap_or_default() {
        add_root(&mut roots, name, false);
    }
    for (extra, list) in table(project.get("optional-dependencies")).unwrap_or_default() {
        for name in strings(&list) {
            add_root(&mut roots, name, is_dev_name(&extra));
        }
    }
    for (group, list) in table(doc.get("dependency-groups")).unwrap_or_default() {
        for name in strings(&list) {
            add_root(&mut roots, name, is_dev_name(&group));
        }
    }
    let uv = table(tool.get("uv")).unwrap_or_default();
    for name in uv.get("dev-dependencies").map(strings).unwrap_or_default() {
        add_root(&mut roots, name, true);
    }
    Some(roots)
}

// ── poetry.lock ────────────────────────────────────────────────────────────────────────────

#[derive(Deserialize)]
struct PoetryLock {
    #[serde(default)]
    package: Vec<PoetryPackage>,
}

#[derive(Deserialize)]
struct PoetryPackage {
    name: String,
    version: String,
    /// Poetry before 1.2: `main` or `dev`.
    category: Option<String>,
    /// Poetry 2: the dependency groups that need the package.
    groups: Option<Vec<String>>,
    source: Option<PoetrySource>,
    #[serde(default)]
    dependencies: HashMap<String, toml::Value>,
}

#[derive(Deserialize)]
struct PoetrySource {
    #[serde(rename = "type")]
    kind: Option<String>,
}

pub(super) fn parse_poetry(
    path: &str,
    text: &str,
    read: ReadFile<'_>,
) -> Result<Vec<Package>, String> {
    let lock: PoetryLock = toml::from_str(text)
        .map_err(|e| format!("{path} is not a valid poetry.lock: {}", e.message()))?;
    let lines = entry_lines(text);
    let roots = read(&sibling(path, "pyproject.toml")).and_then(|t| pyproject_roots(&t));
    let edges: HashMap<String, Vec<String>> = lock
        .package
        .iter()
        .map(|p| {
            (
                normalise(&p.name),
                p.dependencies.keys().map(|d| normalise(d)).collect(),
            )
        })
        .collect();
    let lock_says_dev = lock
        .package
        .iter()
        .any(|p| p.category.is_some() || p.groups.is_some());
    let dev_by_graph = match &roots {
        Some(roots) if !lock_says_dev => dev_only(&edges, roots),
        _ => HashSet::new(),
    };
    let depended_on: HashSet<&String> = edges.values().flatten().collect();
    let packages = lock
        .package
        .iter()
        .filter(|p| {
            let kind = p.source.as_ref().and_then(|s| s.kind.as_deref());
            !matches!(kind, Some("git" | "directory" | "file" | "url"))
        })
        .map(|p| {
            let name = normalise(&p.name);
            let dev = if lock_says_dev {
                p.category.as_deref() == Some("dev")
                    || p.groups
                        .as_ref()
                        .is_some_and(|g| !g.is_empty() && g.iter().all(|g| is_dev_name(g)))
            } else {
                dev_by_graph.contains(&name)
            };
            let relation = match &roots {
                Some(roots) if roots.contains_key(&name) => Relation::Direct,
                Some(_) => Relation::Transitive,
                // Nothing else needs it, so the project does.
                None if !depended_on.contains(&name) => Relation::Direct,
                None => Relation::Unknown,
            };
            Package {
                ecosystem: Ecosystem::PyPI,
                relation,
                dev,
                file: path.to_string(),
                line: lines.get(&(p.name.clone(), p.version.clone())).copied(),
                name,
                version: p.version.clone(),
            }
        })
        .collect();
    Ok(dedupe(packages))
}

// ── uv.lock ────────────────────────────────────────────────────────────────────────────────

#[derive(Deserialize)]
struct UvLock {
    #[serde(default)]
    package: Vec<UvPackage>,
    manifest: Option<UvManifest>,
}

#[derive(Deserialize)]
struct UvPackage {
    name: String,
    version: Option<String>,
    #[serde(default)]
    source: toml::Table,
    #[serde(default)]
    dependencies: Vec<UvDependency>,
    #[serde(default, rename = "optional-dependencies")]
    optional_dependencies: HashMap<String, Vec<UvDependency>>,
    #[serde(default, rename = "dev-dependencies")]
    dev_dependencies: HashMap<String, Vec<UvDependency>>,
}

#[derive(Deserialize)]
struct UvDependency {
    name: String,
}

#[derive(Deserialize)]
struct UvManifest {
    #[serde(default)]
    requirements: Vec<UvDependency>,
    #[serde(default, rename = "dependency-groups")]
    dependency_groups: HashMap<String, Vec<UvDependency>>,
}

impl UvPackage {
    /// From a package index (PyPI or a mirror of it).
    fn is_from_registry(&self) -> bool {
        self.source.contains_key("registry")
    }

    /// A project of the repository: a workspace member, an editable or a path dependency.
    fn is_local(&self) -> bool {
        ["editable", "virtual", "directory", "path", "workspace"]
            .iter()
            .any(|k| self.source.contains_key(*k))
    }
}

pub(super) fn parse_uv(
    path: &str,
    text: &str,
    _read: ReadFile<'_>,
) -> Result<Vec<Package>, String> {
    let lock: UvLock = toml::from_str(text)
        .map_err(|e| format!("{path} is not a valid uv.lock: {}", e.message()))?;
    let lines = entry_lines(text);
    let mut roots = HashMap::new();
    let mut edges: HashMap<String, Vec<String>> = HashMap::new();
    let names = |list: &[UvDependency]| list.iter().map(|d| normalise(&d.name)).collect::<Vec<_>>();
    for p in &lock.package {
        let mut needs = names(&p.dependencies);
        needs.extend(p.optional_dependencies.values().flat_map(|l| names(l)));
        if p.is_local() {
            for name in &needs {
                add_root(&mut roots, name.clone(), false);
            }
            for name in p.dev_dependencies.values().flat_map(|l| names(l)) {
                add_root(&mut roots, name, true);
            }
        }
        edges.entry(normalise(&p.name)).or_default().extend(needs);
    }
    if let Some(manifest) = &lock.manifest {
        for name in names(&manifest.requirements) {
            add_root(&mut roots, name, false);
        }
        for name in manifest.dependency_groups.values().flat_map(|l| names(l)) {
            add_root(&mut roots, name, true);
        }
    }
    let dev = dev_only(&edges, &roots);
    let depended_on: HashSet<&String> = edges.values().flatten().collect();
    let packages = lock
        .package
        .iter()
        .filter(|p| p.is_from_registry())
        .filter_map(|p| {
            let version = p.version.clone()?;
            let name = normalise(&p.name);
            let relation = if roots.contains_key(&name) {
                Relation::Direct
            } else if !roots.is_empty() {
                Relation::Transitive
            } else if depended_on.contains(&name) {
                Relation::Unknown
            } else {
                Relation::Direct
            };
            Some(Package {
                ecosystem: Ecosystem::PyPI,
                relation,
                dev: dev.contains(&name),
                file: path.to_string(),
                line: lines.get(&(p.name.clone(), version.clone())).copied(),
                name,
                version,
            })
        })
        .collect();
    Ok(dedupe(packages))
}

// ── Pipfile.lock ───────────────────────────────────────────────────────────────────────────

#[derive(Deserialize)]
struct PipfileLock {
    #[serde(rename = "_meta")]
    meta: Option<serde_json::Value>,
    default: Option<HashMap<String, PipfileEntry>>,
    #[serde(default)]
    develop: HashMap<String, PipfileEntry>,
}

#[derive(Deserialize)]
struct PipfileEntry {
    version: Option<String>,
    git: Option<serde_json::Value>,
    path: Option<serde_json::Value>,
    file: Option<serde_json::Value>,
    #[serde(default)]
    editable: bool,
}

pub(super) fn parse_pipfile(
    path: &str,
    text: &str,
    read: ReadFile<'_>,
) -> Result<Vec<Package>, String> {
    let lock: PipfileLock = serde_json::from_str(text)
        .map_err(|e| format!("{path} is not a valid Pipfile.lock: {e}"))?;
    if lock.meta.is_none() && lock.default.is_none() {
        return Err(format!(
            "{path} is not a Pipfile.lock: it has neither `_meta` nor `default`"
        ));
    }
    let declared = read(&sibling(path, "Pipfile")).and_then(|t| pipfile_names(&t));
    let lines = pipfile_lock_lines(text);
    let sections = [
        ("default", lock.default.unwrap_or_default()),
        ("develop", lock.develop),
    ];
    let packages: Vec<Package> = sections
        .into_iter()
        .flat_map(|(section, entries)| entries.into_iter().map(move |e| (section, e)))
        .filter_map(|(section, (key, entry))| {
            if entry.git.is_some() || entry.path.is_some() || entry.file.is_some() || entry.editable
            {
                return None;
            }
            let version = entry.version?;
            let version = version
                .strip_prefix("===")
                .or_else(|| version.strip_prefix("=="))?;
            let name = normalise(&key);
            Some(Package {
                ecosystem: Ecosystem::PyPI,
                relation: manifest_relation(declared.as_ref().map(|d| d.contains(&name))),
                dev: section == "develop",
                file: path.to_string(),
                line: lines.get(&(section, key.as_str())).copied(),
                name,
                version: version.trim().to_string(),
            })
        })
        .collect();
    // The sections come out of hash maps: order by position in the file.
    Ok(in_file_order(packages))
}

/// The packages a Pipfile names in `[packages]` and `[dev-packages]`.
fn pipfile_names(text: &str) -> Option<HashSet<String>> {
    let doc: toml::Table = toml::from_str(text).ok()?;
    Some(
        ["packages", "dev-packages"]
            .iter()
            .filter_map(|s| doc.get(*s).and_then(toml::Value::as_table))
            .flat_map(|t| t.keys().map(|k| normalise(k)))
            .collect(),
    )
}

/// The line of each package entry, by section (`default`, `develop`) and key, as pipenv
/// writes the file (four spaces per level).
fn pipfile_lock_lines(text: &str) -> HashMap<(&'static str, &str), u32> {
    let mut out = HashMap::new();
    let mut section: Option<&'static str> = None;
    for (index, line) in text.lines().enumerate() {
        if let Some(rest) = line.strip_prefix("    ")
            && !rest.starts_with(' ')
        {
            section = match json_key(rest) {
                Some("default") => Some("default"),
                Some("develop") => Some("develop"),
                _ => None,
            };
        } else if let (Some(section), Some(rest)) = (section, line.strip_prefix("        "))
            && !rest.starts_with(' ')
            && let Some(name) = json_key(rest)
        {
            out.insert((section, name), index as u32 + 1);
        }
    }
    out
}

/// The key of a `"key": ...` line.
fn json_key(line: &str) -> Option<&str> {
    let rest = line.strip_prefix('"')?;
    let (key, tail) = rest.split_once('"')?;
    tail.trim_start().starts_with(':').then_some(key)
}

// ── requirements.txt ───────────────────────────────────────────────────────────────────────

pub(super) fn parse_requirements(
    path: &str,
    text: &str,
    _read: ReadFile<'_>,
) -> Result<Vec<Package>, String> {
    let file_is_dev = requirements_file_is_dev(path);
    let annotated = text.lines().any(|l| via_comment(l).is_some());
    // Each requirement line (a package when it is an exact pin), and whether pip-compile's
    // `# via` comments after it name a requirements file or a project.
    let mut entries: Vec<(Option<Package>, Option<bool>)> = Vec::new();
    let mut in_via_block = false;
    for (line, logical) in logical_lines(text) {
        let (code, comment) = split_comment(&logical);
        if !code.trim().is_empty() {
            in_via_block = false;
            let pin = exact_pin(code).map_err(|e| format!("{path} line {line}: {e}"))?;
            let package = pin.map(|(name, version)| Package {
                ecosystem: Ecosystem::PyPI,
                name,
                version,
                relation: Relation::Direct,
                dev: file_is_dev,
                file: path.to_string(),
                line: Some(line),
            });
            entries.push((package, None));
        }
        let Some(comment) = comment else {
            in_via_block = false;
            continue;
        };
        let items = match via_comment(comment) {
            Some(items) => {
                in_via_block = items.is_empty();
                items
            }
            None if in_via_block => comment.trim_start_matches('#').trim().to_string(),
            None => continue,
        };
        if let Some((_, via)) = entries.last_mut() {
            note_via(via, &items);
        }
    }
    let packages = entries
        .into_iter()
        .filter_map(|(package, via)| {
            let mut package = package?;
            if annotated {
                package.relation = match via {
                    Some(true) => Relation::Direct,
                    Some(false) => Relation::Transitive,
                    None => Relation::Unknown,
                };
            }
            Some(package)
        })
        .collect();
    Ok(dedupe(packages))
}

/// Records `# via` items: direct when one of them is a requirements file
/// (`-r requirements.in`) or a project (`shop (pyproject.toml)`).
fn note_via(via: &mut Option<bool>, items: &str) {
    for item in items.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let direct = item.starts_with("-r ")
            || item.starts_with("--requirement")
            || item.contains("(pyproject.toml")
            || item.contains("(setup.py")
            || item.contains("(setup.cfg");
        *via = Some(via.unwrap_or(false) || direct);
    }
}

/// `# via x, y` ──▶ `Some("x, y")`; a `# via` alone (a list follows) ──▶ `Some("")`.
fn via_comment(comment: &str) -> Option<String> {
    let body = comment.trim_start().strip_prefix('#')?.trim();
    if body == "via" {
        return Some(String::new());
    }
    body.strip_prefix("via ")
        .map(|rest| rest.trim().to_string())
}

/// Physical lines joined where one ends with `\`, each with its first line number.
fn logical_lines(text: &str) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let mut current: Option<(u32, String)> = None;
    for (index, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        let (start, mut joined) = current.take().unwrap_or((index as u32 + 1, String::new()));
        if let Some(head) = line.strip_suffix('\\') {
            joined.push_str(head);
            joined.push(' ');
            current = Some((start, joined));
        } else {
            joined.push_str(line);
            out.push((start, joined));
        }
    }
    out.extend(current);
    out
}

/// The requirement and the comment of a line: pip's comments start with `#` at the start of
/// the line or after whitespace.
fn split_comment(line: &str) -> (&str, Option<&str>) {
    let bytes = line.as_bytes();
    for (at, b) in bytes.iter().enumerate() {
        if *b == b'#' && (at == 0 || bytes[at - 1].is_ascii_whitespace()) {
            return (&line[..at], Some(&line[at..]));
        }
    }
    (line, None)
}

/// `name[extras]==1.2.3 ; markers --hash=...` ──▶ the normalised name and the version.
/// Options, file references, URLs and non-exact specifiers give `None`; text that cannot be a
/// requirement at all is an error.
fn exact_pin(code: &str) -> Result<Option<(String, String)>, String> {
    let code = code.trim();
    if code.starts_with('-')
        || code.starts_with('.')
        || code.starts_with('/')
        || code.contains("://")
    {
        return Ok(None);
    }
    let requirement = code.split(" --").next().unwrap_or(code);
    let requirement = requirement.split(';').next().unwrap_or(requirement).trim();
    let name_end = requirement
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(requirement.len());
    let name = &requirement[..name_end];
    if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err(format!("`{code}` is not a requirement"));
    }
    let mut rest = requirement[name_end..].trim_start();
    if rest.starts_with('[') {
        let Some(close) = rest.find(']') else {
            return Err(format!("`{code}` has an unclosed extras list"));
        };
        rest = rest[close + 1..].trim_start();
    }
    let Some(version) = rest.strip_prefix("===").or_else(|| rest.strip_prefix("==")) else {
        return Ok(None);
    };
    let version = version.trim();
    let exact = !version.is_empty()
        && version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '!' | '-' | '_'));
    Ok(exact.then(|| (normalise(name), version.to_string())))
}

/// `requirements-dev.txt`, `requirements/test.txt`, `requirements_lint.txt`...
fn requirements_file_is_dev(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.strip_suffix(".txt").unwrap_or(name);
    let in_folder = path.contains("requirements/");
    let words = stem.strip_prefix("requirements").unwrap_or(stem);
    (in_folder || words != stem) && is_dev_name(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    type Row = (String, String, Relation, bool, Option<u32>);

    fn rows(packages: Vec<Package>) -> Vec<Row> {
        packages
            .into_iter()
            .map(|p| (p.name, p.version, p.relation, p.dev, p.line))
            .collect()
    }

    fn row(name: &str, version: &str, relation: Relation, dev: bool, line: u32) -> Row {
        (
            name.to_string(),
            version.to_string(),
            relation,
            dev,
            Some(line),
        )
    }

    /// A reader that knows one file.
    fn one_file(path: &'static str, text: &'static str) -> impl Fn(&str) -> Option<String> {
        move |p: &str| (p == path).then(|| text.to_string())
    }

    use Relation::{Direct, Transitive, Unknown};

    #[test]
    fn names_are_normalised() {
        assert_eq!(normalise("Flask_SQLAlchemy"), "flask-sqlalchemy");
        assert_eq!(normalise("zope.interface"), "zope-interface");
        assert_eq!(normalise("a-_.-b"), "a-b");
        assert!(is_dev_name("dev") && is_dev_name("test-e2e") && is_dev_name("Docs"));
        assert!(!is_dev_name("main") && !is_dev_name("devices") && !is_dev_name("cli"));
    }

    // Trimmed from `uv lock` 0.9 output for a virtual project with an optional extra, a dev
    // group, an editable workspace member and a git dependency.
    const UV_LOCK: &str = r#"version = 1
revision = 3
requires-python = ">=3.11"

[manifest]
members = ["shop", "shop-lib"]

[[package]]
name = "certifi"
version = "2026.10.19.post1"
source = { registry = "https://pypi.org/simple" }
wheels = [
    { url = "https://files.pythonhosted.org/packages/7a/3e/certifi-2026.10.19.post1-py3-none-any.whl", hash = "sha256:1324c476b4811eff41a8bc2122cd0bbd4d9c7234c725446d99ab1612b3a7fdd2", size = 134047 },
]

[[package]]
name = "click"
version = "8.5.1"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "pluggy"
version = "1.7.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "pytest"
version = "9.2.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "pluggy" },
]

[[package]]
name = "requests"
version = "2.34.2"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "certifi" },
]

[[package]]
name = "shop"
version = "0.1.0"
source = { virtual = "." }
dependencies = [
    { name = "shop-lib" },
    { name = "tool", marker = "sys_platform == 'linux'" },
]

[package.optional-dependencies]
cli = [
    { name = "click" },
]

[package.dev-dependencies]
dev = [
    { name = "pytest" },
]

[package.metadata]
requires-dist = [{ name = "click", marker = "extra == 'cli'", specifier = ">=8" }]

[[package]]
name = "shop-lib"
version = "0.2.0"
source = { editable = "lib" }
dependencies = [
    { name = "requests" },
]

[[package]]
name = "tool"
version = "1.0.0"
source = { git = "https://github.com/acme/tool?rev=v1#0123456789abcdef0123456789abcdef01234567" }
"#;

    #[test]
    fn uv_lock_members_and_dev_groups() {
        let out = parse_uv("uv.lock", UV_LOCK, &|_: &str| None).unwrap();
        assert_eq!(
            rows(out),
            [
                row("certifi", "2026.10.19.post1", Transitive, false, 8),
                row("click", "8.5.1", Direct, false, 16),
                row("pluggy", "1.7.0", Transitive, true, 21),
                row("pytest", "9.2.0", Direct, true, 26),
                // Required by the editable member shop-lib.
                row("requests", "2.34.2", Direct, false, 34),
            ]
        );
        let err =
            parse_uv("uv.lock", "[[package]]\nversion = \"1\"\n", &|_: &str| None).unwrap_err();
        assert!(err.starts_with("uv.lock is not a valid uv.lock: "), "{err}");
    }

    // Trimmed from `poetry lock` 2.5 output (lock-version 2.1, with `groups`).
    const POETRY_LOCK_GROUPS: &str = r#"# This file is automatically @generated by Poetry 2.5.1 and should not be changed by hand.

[[package]]
name = "colorama"
version = "0.4.6"
description = "Cross-platform colored terminal text."
optional = false
python-versions = "!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*,!=3.4.*,!=3.5.*,!=3.6.*,>=2.7"
groups = ["dev", "docs"]
markers = "sys_platform == \"win32\""
files = [
    {file = "colorama-0.4.6-py2.py3-none-any.whl", hash = "sha256:4f1d9991f5acc0ca119f9d443620b77f9d6b33703e51011c16baf57afb285fc6"},
]

[[package]]
name = "Django"
version = "5.2.20"
description = "A high-level Python web framework that encourages rapid development and clean, pragmatic design."
optional = false
python-versions = ">=3.10"
groups = ["main"]
files = []

[package.dependencies]
sqlparse = ">=0.3.1"

[[package]]
name = "mkdocs"
version = "1.6.1"
description = "Project documentation with Markdown."
optional = false
python-versions = ">=3.8"
groups = ["docs"]
files = []

[package.dependencies]
colorama = {version = ">=0.4", markers = "platform_system == \"Windows\""}

[[package]]
name = "private"
version = "0.1.0"
description = ""
optional = false
python-versions = "*"
groups = ["main"]
files = []

[package.source]
type = "git"
url = "https://github.com/acme/private.git"
reference = "HEAD"
resolved_reference = "0123456789abcdef0123456789abcdef01234567"

[[package]]
name = "sqlparse"
version = "0.6.1"
description = "A non-validating SQL parser."
optional = false
python-versions = ">=3.8"
groups = ["main"]
files = []

[metadata]
lock-version = "2.1"
python-versions = "^3.11"
content-hash = "48204294363575c3d87192e215706d9d99a4beb0bf8757898ebf76e7cd02b04c"
"#;

    const PYPROJECT: &str = r#"[tool.poetry]
name = "shop"
package-mode = false

[tool.poetry.dependencies]
python = "^3.11"
django = "^5.0"
private = { git = "https://github.com/acme/private.git" }

[tool.poetry.group.docs.dependencies]
MkDocs = "*"
"#;

    #[test]
    fn poetry_lock_with_groups() {
        let read = one_file("pyproject.toml", PYPROJECT);
        let out = parse_poetry("poetry.lock", POETRY_LOCK_GROUPS, &read).unwrap();
        assert_eq!(
            rows(out),
            [
                row("colorama", "0.4.6", Transitive, true, 3),
                row("django", "5.2.20", Direct, false, 15),
                row("mkdocs", "1.6.1", Direct, true, 27),
                row("sqlparse", "0.6.1", Transitive, false, 54),
            ]
        );
        // Without pyproject.toml, what nothing else requires must be a direct dependency.
        let out = parse_poetry("poetry.lock", POETRY_LOCK_GROUPS, &|_: &str| None).unwrap();
        let relations: Vec<_> = out.iter().map(|p| (p.name.as_str(), p.relation)).collect();
        assert_eq!(
            relations,
            [
                ("colorama", Unknown),
                ("django", Direct),
                ("mkdocs", Direct),
                ("sqlparse", Unknown)
            ]
        );
    }

    // Poetry 1.2 to 1.8 (lock-version 2.0) records no groups: the pyproject.toml and the
    // graph decide.
    const POETRY_LOCK_20: &str = r#"[[package]]
name = "iniconfig"
version = "2.0.0"
description = "brain-dead simple config-ini parsing"
optional = false
python-versions = ">=3.7"
files = []

[[package]]
name = "packaging"
version = "23.2"
description = "Core utilities for Python packages"
optional = false
python-versions = ">=3.7"
files = []

[[package]]
name = "pytest"
version = "7.4.4"
description = "pytest: simple powerful testing with Python"
optional = false
python-versions = ">=3.7"
files = []

[package.dependencies]
iniconfig = "*"
packaging = "*"

[[package]]
name = "requests"
version = "2.31.0"
description = "Python HTTP for Humans."
optional = false
python-versions = ">=3.7"
files = []

[package.dependencies]
packaging = "*"

[metadata]
lock-version = "2.0"
python-versions = "^3.9"
content-hash = "aa"
"#;

    const PYPROJECT_PEP621: &str = r#"[project]
name = "shop"
dependencies = ["requests (>=2.31,<3.0)"]

[dependency-groups]
test = ["pytest>=7"]
"#;

    #[test]
    fn poetry_lock_without_groups_uses_the_graph() {
        let read = one_file("svc/pyproject.toml", PYPROJECT_PEP621);
        let out = parse_poetry("svc/poetry.lock", POETRY_LOCK_20, &read).unwrap();
        assert_eq!(
            rows(out),
            [
                row("iniconfig", "2.0.0", Transitive, true, 1),
                // Also needed by requests, so not development-only.
                row("packaging", "23.2", Transitive, false, 9),
                row("pytest", "7.4.4", Direct, true, 17),
                row("requests", "2.31.0", Direct, false, 29),
            ]
        );
    }

    #[test]
    fn poetry_lock_with_categories() {
        let old = "[[package]]\nname = \"black\"\nversion = \"22.3.0\"\ncategory = \"dev\"\n\n\
                   [[package]]\nname = \"click\"\nversion = \"8.1.3\"\ncategory = \"main\"\n";
        let out = parse_poetry("poetry.lock", old, &|_: &str| None).unwrap();
        assert_eq!(
            rows(out),
            [
                row("black", "22.3.0", Direct, true, 1),
                row("click", "8.1.3", Direct, false, 6)
            ]
        );
        assert!(parse_poetry("poetry.lock", "[[package]]\nname = 3\n", &|_: &str| None).is_err());
    }

    // Trimmed from `pipenv lock` output.
    const PIPFILE_LOCK: &str = r#"{
    "_meta": {
        "hash": {
            "sha256": "fe939fa734eeaf79b71ddb7f6da3f090b9a829843a6647b23d38099cec8cad98"
        },
        "pipfile-spec": 6,
        "requires": {
            "python_version": "3.11"
        },
        "sources": [
            {
                "name": "pypi",
                "url": "https://pypi.org/simple",
                "verify_ssl": true
            }
        ]
    },
    "default": {
        "certifi": {
            "hashes": [
                "sha256:1324c476b4811eff41a8bc2122cd0bbd4d9c7234c725446d99ab1612b3a7fdd2"
            ],
            "markers": "python_version >= '3.7'",
            "version": "==2026.10.19.post1"
        },
        "my-lib": {
            "editable": true,
            "path": "./lib"
        },
        "requests": {
            "hashes": [],
            "index": "pypi",
            "version": "==2.34.2"
        },
        "tool": {
            "git": "https://github.com/acme/tool.git",
            "ref": "0123456789abcdef0123456789abcdef01234567"
        }
    },
    "develop": {
        "Pytest": {
            "hashes": [],
            "version": "==9.2.0"
        },
        "requests": {
            "version": "==2.34.2"
        }
    }
}"#;

    const PIPFILE: &str = r#"[[source]]
url = "https://pypi.org/simple"
verify_ssl = true
name = "pypi"

[packages]
requests = "*"
my-lib = { path = "./lib", editable = true }

[dev-packages]
pytest = "*"
"#;

    #[test]
    fn pipfile_lock_sections() {
        let read = one_file("Pipfile", PIPFILE);
        let out = parse_pipfile("Pipfile.lock", PIPFILE_LOCK, &read).unwrap();
        assert_eq!(
            rows(out),
            [
                row("certifi", "2026.10.19.post1", Transitive, false, 19),
                row("requests", "2.34.2", Direct, false, 30),
                row("pytest", "9.2.0", Direct, true, 41),
            ]
        );
        let out = parse_pipfile("Pipfile.lock", PIPFILE_LOCK, &|_: &str| None).unwrap();
        assert!(out.iter().all(|p| p.relation == Unknown));
        assert!(parse_pipfile("Pipfile.lock", "{\"packages\": {}}", &|_: &str| None).is_err());
        assert!(parse_pipfile("Pipfile.lock", "{", &|_: &str| None).is_err());
    }

    // Trimmed from `pip-compile` 7 and `uv pip compile --generate-hashes` output.
    const PIP_COMPILE: &str = r"#
# This file is autogenerated by pip-compile with Python 3.11
# by the following command:
#
#    pip-compile --output-file=requirements.txt requirements.in
#
--find-links /opt/wheels

certifi==2026.10.19.post1 \
    --hash=sha256:1324c476b4811eff41a8bc2122cd0bbd4d9c7234c725446d99ab1612b3a7fdd2
    # via requests
flask[async]==3.1.3
    # via -r requirements.in
idna==3.21
    # via
    #   -c constraints.txt
    #   requests
markupsafe==3.0.4
    # via
    #   jinja2
    #   -r requirements.in
shop @ file:///home/me/shop
    # via -r requirements.in
requests==2.34.2  # via shop (pyproject.toml)
";

    #[test]
    fn pip_compile_output() {
        let out = parse_requirements("requirements.txt", PIP_COMPILE, &|_: &str| None).unwrap();
        assert_eq!(
            rows(out),
            [
                row("certifi", "2026.10.19.post1", Transitive, false, 9),
                row("flask", "3.1.3", Direct, false, 12),
                row("idna", "3.21", Transitive, false, 14),
                row("markupsafe", "3.0.4", Direct, false, 18),
                row("requests", "2.34.2", Direct, false, 24),
            ]
        );
    }

    const HAND_WRITTEN: &str = r#"-r base.txt
-e git+https://github.com/acme/tool.git#egg=tool
--index-url https://pypi.org/simple
./vendor/local_pkg
https://example.com/pkg-1.0.tar.gz
Django==4.2.11  # LTS
pytest>=7
black ~= 24.1
numpy==1.26.*
typing_extensions===4.10.0; python_version < "3.9"
zope.interface == 6.2 \
    --hash=sha256:aa
pywin32==306 ; sys_platform == "win32"
urllib3==2.2.1,!=2.2.0

"#;

    #[test]
    fn hand_written_requirements_keep_exact_pins_only() {
        let out =
            parse_requirements("requirements/dev.txt", HAND_WRITTEN, &|_: &str| None).unwrap();
        assert_eq!(
            rows(out),
            [
                row("django", "4.2.11", Direct, true, 6),
                row("typing-extensions", "4.10.0", Direct, true, 10),
                row("zope-interface", "6.2", Direct, true, 11),
                row("pywin32", "306", Direct, true, 13),
            ]
        );
        let out =
            parse_requirements("requirements.txt", "Django==4.2.11\n", &|_: &str| None).unwrap();
        assert!(!out[0].dev);
        let err =
            parse_requirements("requirements.txt", "ok==1\n<html>\n", &|_: &str| None).unwrap_err();
        assert_eq!(
            err,
            "requirements.txt line 2: `<html>` is not a requirement"
        );
    }

    #[test]
    fn requirements_file_names() {
        assert!(requirements_file_is_dev("requirements-dev.txt"));
        assert!(requirements_file_is_dev("app/requirements_test.txt"));
        assert!(requirements_file_is_dev("requirements/lint.txt"));
        assert!(!requirements_file_is_dev("requirements.txt"));
        assert!(!requirements_file_is_dev("requirements/prod.txt"));
    }
}
