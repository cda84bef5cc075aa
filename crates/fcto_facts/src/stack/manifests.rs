//! Dependency manifests per ecosystem: their direct dependencies with the constraint as written
//! and the 1-based line that declares them. Structured formats are parsed with their parsers
//! (JSON, TOML, YAML) so malformed files are reported; lines come from scanning the text.
//! Formats that are code (Gemfile, go.mod, Gradle, mix.exs, Podfile, Package.swift) and XML
//! (pom.xml, .csproj) are scanned line by line for the usual declaration shapes.

use super::Dependency;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The ecosystem of a manifest file, by name.
pub(crate) fn ecosystem_of(path: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    let extension = lower.rsplit_once('.').map_or("", |(_, e)| e);
    let requirements =
        (lower.starts_with("requirements") || path.contains("requirements/")) && extension == "txt";
    Some(match name {
        "package.json" => "npm",
        "pyproject.toml" | "Pipfile" => "pypi",
        _ if requirements => "pypi",
        "Gemfile" => "rubygems",
        "go.mod" => "go",
        "Cargo.toml" => "cargo",
        "composer.json" => "packagist",
        "pom.xml" => "maven",
        "build.gradle" | "build.gradle.kts" => "gradle",
        _ if matches!(extension, "csproj" | "fsproj" | "vbproj") => "nuget",
        "mix.exs" => "hex",
        "pubspec.yaml" => "pub",
        "Podfile" => "cocoapods",
        "Package.swift" => "swift",
        _ => return None,
    })
}

/// Lockfile names per ecosystem, looked for beside the manifest.
pub(crate) fn lockfile_names(ecosystem: &str, manifest_name: &str) -> &'static [&'static str] {
    match ecosystem {
        "npm" => &[
            "package-lock.json",
            "npm-shrinkwrap.json",
            "yarn.lock",
            "pnpm-lock.yaml",
            "bun.lock",
            "bun.lockb",
        ],
        "pypi" if manifest_name == "Pipfile" => &["Pipfile.lock"],
        "pypi" => &["poetry.lock", "uv.lock", "Pipfile.lock", "pdm.lock"],
        "rubygems" => &["Gemfile.lock"],
        "go" => &["go.sum"],
        "cargo" => &["Cargo.lock"],
        "packagist" => &["composer.lock"],
        "gradle" => &["gradle.lockfile"],
        "nuget" => &["packages.lock.json"],
        "hex" => &["mix.lock"],
        "pub" => &["pubspec.lock"],
        "cocoapods" => &["Podfile.lock"],
        "swift" => &["Package.resolved"],
        _ => &[],
    }
}

/// What parsing a manifest found, before lockfiles are attached.
pub(crate) struct Parsed {
    pub dependencies: Vec<Dependency>,
    pub library: bool,
    pub problem: Option<String>,
    /// npm `workspaces`, a Cargo `[workspace]`, a uv workspace: the manifest is a workspace root.
    pub workspace_root: bool,
    /// The workspace's member patterns (directories relative to the root); empty for all.
    pub members: Vec<String>,
}

impl Parsed {
    fn ok(dependencies: Vec<Dependency>, library: bool) -> Parsed {
        Parsed {
            dependencies,
            library,
            problem: None,
            workspace_root: false,
            members: Vec::new(),
        }
    }

    fn failed(problem: String) -> Parsed {
        Parsed {
            dependencies: Vec::new(),
            library: false,
            problem: Some(problem),
            workspace_root: false,
            members: Vec::new(),
        }
    }
}

/// Paths of the inventory, to tell libraries from applications (`src/main.rs`, `main.go`...).
pub(crate) struct Siblings<'a> {
    pub files: &'a [&'a str],
}

impl Siblings<'_> {
    fn has(&self, path: &str) -> bool {
        self.files.binary_search(&path).is_ok()
    }

    /// Whether a file named `name` exists under `dir` (any depth).
    fn any_under(&self, dir: &str, pred: impl Fn(&str) -> bool) -> bool {
        let prefix = if dir == "." {
            String::new()
        } else {
            format!("{dir}/")
        };
        self.files
            .iter()
            .any(|p| p.starts_with(&prefix) && pred(&p[prefix.len()..]))
    }
}

/// Parses one manifest; dependencies come in the order of their lines.
pub(crate) fn parse(path: &str, ecosystem: &str, text: &str, siblings: &Siblings<'_>) -> Parsed {
    let mut parsed = parse_unsorted(path, ecosystem, text, siblings);
    parsed.dependencies.sort_by(|a, b| {
        (a.line.unwrap_or(u32::MAX), &a.name).cmp(&(b.line.unwrap_or(u32::MAX), &b.name))
    });
    parsed
}

fn parse_unsorted(path: &str, ecosystem: &str, text: &str, siblings: &Siblings<'_>) -> Parsed {
    let name = path.rsplit('/').next().unwrap_or(path);
    let dir = path.rsplit_once('/').map_or(".", |(d, _)| d);
    match ecosystem {
        "npm" => package_json(text),
        "pypi" if name == "pyproject.toml" => pyproject(text),
        "pypi" if name == "Pipfile" => pipfile(text),
        "pypi" => requirements(path, text),
        "rubygems" => gemfile(text),
        "go" => go_mod(text, dir, siblings),
        "cargo" => cargo_toml(text, dir, siblings),
        "packagist" => composer_json(text),
        "maven" => pom_xml(text),
        "gradle" => gradle(text),
        "nuget" => csproj(path, text),
        "hex" => mix_exs(text),
        "pub" => pubspec(text, dir, siblings),
        "cocoapods" => podfile(text),
        "swift" => package_swift(text),
        _ => Parsed::failed(format!("no parser for {ecosystem}")),
    }
}

fn dep(name: &str, constraint: Option<&str>, line: Option<u32>, dev: bool) -> Dependency {
    let constraint = constraint
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string);
    Dependency {
        name: name.to_string(),
        constraint,
        line,
        dev,
    }
}

/// 1-based line of a byte offset.
fn line_at(text: &str, offset: usize) -> u32 {
    crate::inventory::newlines(&text.as_bytes()[..offset.min(text.len())]) as u32 + 1
}

/// Whether `line` contains `name` quoted (`"name"` or `'name`) or as a key (`name =`, `name:`).
fn names(line: &str, name: &str) -> bool {
    let mut start = 0;
    while let Some(i) = line[start..].find(name) {
        let at = start + i;
        let before = line[..at].chars().next_back();
        let after = line[at + name.len()..].chars().next();
        let boundary_before =
            before.is_none_or(|c| matches!(c, '"' | '\'' | ' ' | '\t' | '{' | ':' | '['));
        let boundary_after = after
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')));
        if boundary_before && boundary_after {
            return true;
        }
        start = at + name.len();
    }
    false
}

// ---------------------------------------------------------------------------------------------
// npm
// ---------------------------------------------------------------------------------------------

/// The top-level object of a JSON manifest, or the `Parsed` failure that says what is wrong.
fn json_object(
    text: &str,
    file: &str,
) -> Result<serde_json::Map<String, serde_json::Value>, Parsed> {
    match serde_json::from_str(text) {
        Ok(serde_json::Value::Object(o)) => Ok(o),
        Ok(_) => Err(Parsed::failed(format!("invalid {file}: not a JSON object"))),
        Err(e) => Err(Parsed::failed(format!("invalid JSON: {e}"))),
    }
}

fn package_json(text: &str) -> Parsed {
    let object = match json_object(text, "package.json") {
        Ok(o) => o,
        Err(failed) => return failed,
    };
    let mut deps = Vec::new();
    for (section, dev) in [
        ("dependencies", false),
        ("devDependencies", true),
        ("optionalDependencies", false),
        ("peerDependencies", false),
    ] {
        let Some(table) = object.get(section).and_then(|v| v.as_object()) else {
            continue;
        };
        // Lines: the first mention of the quoted name after the section's key.
        let section_offset = text.find(&format!("\"{section}\"")).unwrap_or(0);
        for (name, constraint) in table {
            let quoted = format!("\"{name}\"");
            let line = text[section_offset..]
                .find(&quoted)
                .map(|i| line_at(text, section_offset + i));
            deps.push(dep(name, constraint.as_str(), line, dev));
        }
    }
    let private = object.get("private").and_then(serde_json::Value::as_bool) == Some(true);
    // Fields that only matter when the package is published to a registry (`files` lists what
    // goes into the tarball, `bin` installs a command).
    let published = [
        "main", "exports", "module", "types", "typings", "files", "bin",
    ]
    .iter()
    .any(|k| object.contains_key(*k));
    let mut parsed = Parsed::ok(deps, !private && published);
    if let Some(workspaces) = object.get("workspaces") {
        parsed.workspace_root = true;
        let list = workspaces
            .as_array()
            .or_else(|| workspaces.get("packages").and_then(|p| p.as_array()));
        parsed.members = list
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
    }
    parsed
}

// ---------------------------------------------------------------------------------------------
// Python
// ---------------------------------------------------------------------------------------------

/// A PEP 508 requirement: name and the constraint (extras and markers dropped).
fn pep508(spec: &str) -> Option<(&str, Option<&str>)> {
    static NAME: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)").expect("regex"));
    let m = NAME.captures(spec)?.get(1)?;
    let mut rest = &spec[m.end()..];
    rest = rest.split(';').next().unwrap_or("").trim();
    if rest.starts_with('[') {
        rest = rest.find(']').map_or("", |i| &rest[i + 1..]).trim();
    }
    let rest = rest.trim_start_matches('(').trim_end_matches(')').trim();
    Some((m.as_str(), (!rest.is_empty()).then_some(rest)))
}

/// Headers of TOML tables, normalised: quotes and spaces removed.
fn toml_header(line: &str) -> Option<String> {
    let t = line.trim();
    let inner = t
        .strip_prefix("[[")
        .and_then(|r| r.split("]]").next())
        .or_else(|| t.strip_prefix('[').and_then(|r| r.split(']').next()))?;
    Some(
        inner
            .chars()
            .filter(|c| !matches!(c, '"' | '\'' | ' '))
            .collect(),
    )
}

/// The line declaring `key` in TOML table `section` (normalised header), or the line of a
/// `[section.key]` table, or a quoted mention in the section (array entries).
fn toml_line(text: &str, section: &str, key: &str) -> Option<u32> {
    let dotted = format!("{section}.{key}");
    let mut current = String::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(h) = toml_header(line) {
            if h == dotted {
                return Some(i as u32 + 1);
            }
            current = h;
            continue;
        }
        if current == section && names(line.split('#').next().unwrap_or(line), key) {
            return Some(i as u32 + 1);
        }
    }
    None
}

fn string_list(v: Option<&toml::Value>) -> Vec<String> {
    v.and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}

/// What a `pnpm-workspace.yaml` declares.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct PnpmWorkspace {
    /// The `packages:` globs.
    pub packages: Vec<String>,
    /// Catalogs by name (`default` for `catalog:`), each mapping a package to its constraint.
    pub catalogs: BTreeMap<String, BTreeMap<String, String>>,
}

/// A `pnpm-workspace.yaml`; `None` when it cannot be read.
pub(crate) fn pnpm_workspace(text: &str) -> Option<PnpmWorkspace> {
    #[derive(serde::Deserialize)]
    struct Workspace {
        #[serde(default)]
        packages: Vec<String>,
        #[serde(default)]
        catalog: Option<serde_json::Value>,
        #[serde(default)]
        catalogs: Option<serde_json::Value>,
    }
    let w = serde_saphyr::from_str::<Workspace>(text).ok()?;
    let mut catalogs = BTreeMap::new();
    if let Some(named) = w.catalogs.as_ref().and_then(serde_json::Value::as_object) {
        for (name, entries) in named {
            catalogs.insert(name.clone(), catalog_entries(entries));
        }
    }
    // `catalog:` is the default catalog; pnpm refuses both it and `catalogs.default`.
    if let Some(default) = &w.catalog {
        catalogs.insert("default".to_string(), catalog_entries(default));
    }
    Some(PnpmWorkspace {
        packages: w.packages,
        catalogs,
    })
}

/// The catalogs of a root `package.json` (Bun: `catalog`/`catalogs` at the top level or under
/// `workspaces`).
pub(crate) fn package_json_catalogs(text: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut catalogs = BTreeMap::new();
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return catalogs;
    };
    for holder in [Some(&value), value.get("workspaces")]
        .into_iter()
        .flatten()
    {
        if let Some(named) = holder
            .get("catalogs")
            .and_then(serde_json::Value::as_object)
        {
            for (name, entries) in named {
                catalogs.insert(name.clone(), catalog_entries(entries));
            }
        }
        if let Some(default) = holder.get("catalog") {
            catalogs.insert("default".to_string(), catalog_entries(default));
        }
    }
    catalogs
}

fn catalog_entries(value: &serde_json::Value) -> BTreeMap<String, String> {
    value
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(name, v)| {
            let constraint = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Number(n) => n.to_string(),
                _ => return None,
            };
            Some((name.clone(), constraint))
        })
        .collect()
}

/// The catalog a `catalog:` / `catalog:NAME` constraint refers to (`default` for none).
pub(crate) fn catalog_reference(constraint: &str) -> Option<&str> {
    let name = constraint.trim().strip_prefix("catalog:")?.trim();
    Some(if name.is_empty() { "default" } else { name })
}

/// Whether `dir` (relative to the workspace root) matches one of the member globs; no globs
/// means every directory below the root.
pub(crate) fn is_member(dir: &str, members: &[String]) -> bool {
    if members.is_empty() {
        return true;
    }
    members.iter().filter(|m| !m.starts_with('!')).any(|m| {
        let m = m.trim_start_matches("./").trim_end_matches('/');
        let mut rx = String::from("^");
        let mut chars = m.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '*' if chars.peek() == Some(&'*') => {
                    chars.next();
                    rx.push_str(".*");
                }
                '*' => rx.push_str("[^/]*"),
                '?' => rx.push_str("[^/]"),
                c => rx.push_str(&regex::escape(&c.to_string())),
            }
        }
        rx.push('$');
        Regex::new(&rx).is_ok_and(|r| r.is_match(dir))
    })
}

fn toml_value(text: &str) -> Result<toml::Table, String> {
    toml::from_str::<toml::Table>(text).map_err(|e| format!("invalid TOML: {}", e.message()))
}

fn pyproject(text: &str) -> Parsed {
    let doc = match toml_value(text) {
        Ok(d) => d,
        Err(e) => return Parsed::failed(e),
    };
    let mut deps = Vec::new();
    let table = |v: Option<&toml::Value>| v.and_then(toml::Value::as_table).cloned();
    let project = table(doc.get("project"));
    if let Some(project) = &project {
        let array = |v: Option<&toml::Value>| {
            v.and_then(toml::Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        for spec in array(project.get("dependencies"))
            .iter()
            .filter_map(toml::Value::as_str)
        {
            if let Some((name, c)) = pep508(spec) {
                deps.push(dep(name, c, toml_line(text, "project", name), false));
            }
        }
        if let Some(groups) = table(project.get("optional-dependencies")) {
            for list in groups.values().filter_map(toml::Value::as_array) {
                for spec in list.iter().filter_map(toml::Value::as_str) {
                    if let Some((name, c)) = pep508(spec) {
                        deps.push(dep(
                            name,
                            c,
                            toml_line(text, "project.optional-dependencies", name),
                            true,
                        ));
                    }
                }
            }
        }
    }
    if let Some(groups) = table(doc.get("dependency-groups")) {
        for list in groups.values().filter_map(toml::Value::as_array) {
            for spec in list.iter().filter_map(toml::Value::as_str) {
                if let Some((name, c)) = pep508(spec) {
                    deps.push(dep(
                        name,
                        c,
                        toml_line(text, "dependency-groups", name),
                        true,
                    ));
                }
            }
        }
    }
    let tool = table(doc.get("tool")).unwrap_or_default();
    if let Some(uv) = table(tool.get("uv")) {
        for spec in uv
            .get("dev-dependencies")
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(toml::Value::as_str)
        {
            if let Some((name, c)) = pep508(spec) {
                deps.push(dep(name, c, toml_line(text, "tool.uv", name), true));
            }
        }
    }
    let poetry = table(tool.get("poetry"));
    if let Some(poetry) = &poetry {
        let mut sections: Vec<(String, toml::Table, bool)> = Vec::new();
        if let Some(t) = table(poetry.get("dependencies")) {
            sections.push(("tool.poetry.dependencies".into(), t, false));
        }
        if let Some(t) = table(poetry.get("dev-dependencies")) {
            sections.push(("tool.poetry.dev-dependencies".into(), t, true));
        }
        for (group, body) in table(poetry.get("group")).unwrap_or_default() {
            if let Some(t) = body.get("dependencies").and_then(toml::Value::as_table) {
                sections.push((
                    format!("tool.poetry.group.{group}.dependencies"),
                    t.clone(),
                    group != "main",
                ));
            }
        }
        for (section, t, dev) in sections {
            for (name, spec) in t {
                if name == "python" {
                    continue;
                }
                let constraint = match &spec {
                    toml::Value::String(s) => Some(s.clone()),
                    toml::Value::Table(t) => t
                        .get("version")
                        .and_then(toml::Value::as_str)
                        .map(str::to_string),
                    _ => None,
                };
                deps.push(dep(
                    &name,
                    constraint.as_deref(),
                    toml_line(text, &section, &name),
                    dev,
                ));
            }
        }
    }
    if let Some(pdm) = table(tool.get("pdm")) {
        for list in table(pdm.get("dev-dependencies"))
            .unwrap_or_default()
            .values()
            .filter_map(toml::Value::as_array)
        {
            for spec in list.iter().filter_map(toml::Value::as_str) {
                if let Some((name, c)) = pep508(spec) {
                    deps.push(dep(
                        name,
                        c,
                        toml_line(text, "tool.pdm.dev-dependencies", name),
                        true,
                    ));
                }
            }
        }
    }
    // Publishing metadata (classifiers, project URLs) marks a package meant for PyPI.
    let published = project
        .as_ref()
        .is_some_and(|p| p.contains_key("classifiers") || p.contains_key("urls"))
        || poetry
            .as_ref()
            .is_some_and(|p| p.contains_key("classifiers"));
    let mut parsed = Parsed::ok(deps, published && doc.contains_key("build-system"));
    if let Some(workspace) = table(tool.get("uv")).and_then(|uv| uv.get("workspace").cloned()) {
        parsed.workspace_root = true;
        parsed.members = string_list(workspace.get("members"));
    }
    parsed
}

fn requirements(path: &str, text: &str) -> Parsed {
    // `requirements-dev.txt`, `requirements/test.txt`, `dev-requirements.txt`: a word of the
    // file name says the list is for development.
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let stem = name.strip_suffix(".txt").unwrap_or(&name);
    let dev = stem.split(['-', '_', '.']).any(|w| {
        matches!(
            w,
            "dev"
                | "develop"
                | "development"
                | "test"
                | "tests"
                | "testing"
                | "lint"
                | "ci"
                | "docs"
        )
    });
    let mut deps = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split(" #").next().unwrap_or(line).trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with('-') || line.contains("://")
        {
            continue;
        }
        if let Some((name, c)) = pep508(line) {
            let c = c.map(|c| {
                c.split_whitespace()
                    .take_while(|w| !w.starts_with("--"))
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            deps.push(dep(name, c.as_deref(), Some(i as u32 + 1), dev));
        }
    }
    Parsed::ok(deps, false)
}

fn pipfile(text: &str) -> Parsed {
    let doc = match toml_value(text) {
        Ok(d) => d,
        Err(e) => return Parsed::failed(e),
    };
    let mut deps = Vec::new();
    for (section, dev) in [("packages", false), ("dev-packages", true)] {
        for (name, spec) in doc
            .get(section)
            .and_then(toml::Value::as_table)
            .into_iter()
            .flatten()
        {
            let constraint = match spec {
                toml::Value::String(s) => Some(s.clone()),
                toml::Value::Table(t) => t
                    .get("version")
                    .and_then(toml::Value::as_str)
                    .map(str::to_string),
                _ => None,
            };
            deps.push(dep(
                name,
                constraint.as_deref(),
                toml_line(text, section, name),
                dev,
            ));
        }
    }
    Parsed::ok(deps, false)
}

// ---------------------------------------------------------------------------------------------
// Ruby
// ---------------------------------------------------------------------------------------------

fn gemfile(text: &str) -> Parsed {
    static GEM: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"^\s*gem\s*\(?\s*["']([^"']+)["'](.*)$"#).expect("regex"));
    static STRING: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"^\s*,\s*["']([^"']*)["']"#).expect("regex"));
    static GROUP: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*group\s*\(?(.*?)\)?\s+do\b").expect("regex"));
    static BLOCK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\bdo\s*(\|[^|]*\|)?\s*$").expect("regex"));
    static END: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*end\b").expect("regex"));
    let dev_groups = |s: &str| {
        let s = s.to_ascii_lowercase();
        (s.contains("development") || s.contains("test"))
            && !s.contains("production")
            && !s.contains("default")
    };
    let mut blocks: Vec<bool> = Vec::new();
    let mut deps = Vec::new();
    let mut library = false;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split(" #").next().unwrap_or(raw);
        if line.trim_start().starts_with('#') {
            continue;
        }
        if line.trim() == "gemspec" || line.trim_start().starts_with("gemspec ") {
            library = true;
        }
        if let Some(c) = GROUP.captures(line) {
            blocks.push(dev_groups(&c[1]) || blocks.last().copied().unwrap_or(false));
            continue;
        }
        if let Some(c) = GEM.captures(line) {
            let mut rest = c.get(2).map_or("", |m| m.as_str());
            let mut constraints = Vec::new();
            while let Some(s) = STRING.captures(rest) {
                constraints.push(s[1].to_string());
                rest = &rest[s.get(0).map_or(rest.len(), |m| m.end())..];
            }
            let inline_dev = rest.contains("group") && dev_groups(rest);
            let dev = inline_dev || blocks.last().copied().unwrap_or(false);
            let constraint = (!constraints.is_empty()).then(|| constraints.join(", "));
            deps.push(dep(&c[1], constraint.as_deref(), Some(i as u32 + 1), dev));
            if BLOCK.is_match(line) {
                blocks.push(blocks.last().copied().unwrap_or(false));
            }
            continue;
        }
        if BLOCK.is_match(line) {
            blocks.push(blocks.last().copied().unwrap_or(false));
        } else if END.is_match(line) {
            blocks.pop();
        }
    }
    Parsed::ok(deps, library)
}

// ---------------------------------------------------------------------------------------------
// Go
// ---------------------------------------------------------------------------------------------

fn go_mod(text: &str, dir: &str, siblings: &Siblings<'_>) -> Parsed {
    let mut deps = Vec::new();
    let mut in_require = false;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let (body, comment) = match line.split_once("//") {
            Some((b, c)) => (b.trim(), c.trim()),
            None => (line, ""),
        };
        let spec = if in_require {
            if body.starts_with(')') {
                in_require = false;
                continue;
            }
            body
        } else if let Some(rest) = body.strip_prefix("require") {
            let rest = rest.trim();
            if rest.starts_with('(') {
                in_require = true;
                continue;
            }
            rest
        } else {
            continue;
        };
        if comment.starts_with("indirect") {
            continue;
        }
        let mut words = spec.split_whitespace();
        if let (Some(path), version) = (words.next(), words.next()) {
            deps.push(dep(
                path.trim_matches('"'),
                version,
                Some(i as u32 + 1),
                false,
            ));
        }
    }
    // A module with a `main.go` or a `cmd/` directory builds programs.
    let program = siblings.any_under(dir, |rest| {
        rest == "main.go" || rest.starts_with("cmd/") || rest.ends_with("/main.go")
    });
    Parsed::ok(deps, !program)
}

// ---------------------------------------------------------------------------------------------
// Rust
// ---------------------------------------------------------------------------------------------

fn cargo_toml(text: &str, dir: &str, siblings: &Siblings<'_>) -> Parsed {
    let doc = match toml_value(text) {
        Ok(d) => d,
        Err(e) => return Parsed::failed(e),
    };
    let mut deps = Vec::new();
    let mut add = |section: &str, table: &toml::Table, dev: bool| {
        for (key, spec) in table {
            let (name, constraint) = match spec {
                toml::Value::String(s) => (key.clone(), Some(s.clone())),
                toml::Value::Table(t) => (
                    t.get("package")
                        .and_then(toml::Value::as_str)
                        .unwrap_or(key)
                        .to_string(),
                    t.get("version")
                        .and_then(toml::Value::as_str)
                        .map(str::to_string)
                        .or_else(|| {
                            (t.get("workspace").and_then(toml::Value::as_bool) == Some(true))
                                .then(|| "workspace".to_string())
                        }),
                ),
                _ => (key.clone(), None),
            };
            deps.push(dep(
                &name,
                constraint.as_deref(),
                toml_line(text, section, key),
                dev,
            ));
        }
    };
    for (section, dev) in [
        ("dependencies", false),
        ("dev-dependencies", true),
        ("build-dependencies", false),
    ] {
        if let Some(t) = doc.get(section).and_then(toml::Value::as_table) {
            add(section, t, dev);
        }
    }
    for (target, body) in doc
        .get("target")
        .and_then(toml::Value::as_table)
        .into_iter()
        .flatten()
    {
        for (section, dev) in [
            ("dependencies", false),
            ("dev-dependencies", true),
            ("build-dependencies", false),
        ] {
            if let Some(t) = body.get(section).and_then(toml::Value::as_table) {
                let target: String = target
                    .chars()
                    .filter(|c| !matches!(c, '"' | '\'' | ' '))
                    .collect();
                add(&format!("target.{target}.{section}"), t, dev);
            }
        }
    }
    let workspace = doc.get("workspace").and_then(toml::Value::as_table);
    if let Some(t) = workspace
        .and_then(|w| w.get("dependencies"))
        .and_then(toml::Value::as_table)
    {
        add("workspace.dependencies", t, false);
    }
    let prefix = if dir == "." {
        String::new()
    } else {
        format!("{dir}/")
    };
    let has_main = siblings.has(&format!("{prefix}src/main.rs"));
    let has_bins =
        doc.contains_key("bin") || siblings.any_under(dir, |rest| rest.starts_with("src/bin/"));
    let has_lib = doc.contains_key("lib") || siblings.has(&format!("{prefix}src/lib.rs"));
    let mut parsed = Parsed::ok(
        deps,
        doc.contains_key("package") && has_lib && !has_main && !has_bins,
    );
    parsed.workspace_root = workspace.is_some();
    parsed.members = string_list(workspace.and_then(|w| w.get("members")));
    parsed
}

// ---------------------------------------------------------------------------------------------
// PHP
// ---------------------------------------------------------------------------------------------

fn composer_json(text: &str) -> Parsed {
    let object = match json_object(text, "composer.json") {
        Ok(o) => o,
        Err(failed) => return failed,
    };
    let mut deps = Vec::new();
    for (section, dev) in [("require", false), ("require-dev", true)] {
        let Some(table) = object.get(section).and_then(|v| v.as_object()) else {
            continue;
        };
        let section_offset = text.find(&format!("\"{section}\"")).unwrap_or(0);
        for (name, constraint) in table {
            // Platform requirements are not packages.
            if name == "php"
                || name.starts_with("ext-")
                || name.starts_with("lib-")
                || name == "composer-plugin-api"
            {
                continue;
            }
            let line = text[section_offset..]
                .find(&format!("\"{name}\""))
                .map(|i| line_at(text, section_offset + i));
            deps.push(dep(name, constraint.as_str(), line, dev));
        }
    }
    // Composer's `type` defaults to `library`; only `project` is an application. A file with
    // neither a type nor a package name is not a publishable package either.
    let library = match object.get("type").and_then(serde_json::Value::as_str) {
        Some(kind) => kind != "project",
        None => object.get("name").is_some(),
    };
    Parsed::ok(deps, library)
}

// ---------------------------------------------------------------------------------------------
// JVM
// ---------------------------------------------------------------------------------------------

/// Blanks out `<tag>...</tag>` regions (keeping newlines, so offsets and lines stay right).
fn blank_regions(text: &str, tag: &str) -> String {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut out = text.to_string();
    let mut from = 0;
    while let Some(start) = out[from..].find(&open).map(|i| from + i) {
        let end = out[start..]
            .find(&close)
            .map_or(out.len(), |i| start + i + close.len());
        // One space per byte, so byte offsets (and lines) stay where they were.
        let blank: String = out[start..end]
            .chars()
            .flat_map(|c| std::iter::repeat_n(if c == '\n' { '\n' } else { ' ' }, c.len_utf8()))
            .collect();
        out.replace_range(start..end, &blank);
        from = start + blank.len();
    }
    out
}

fn xml_element<'a>(block: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let start = block.find(&open)? + open.len();
    let end = block[start..].find(&format!("</{tag}>"))? + start;
    Some(block[start..end].trim())
}

fn pom_xml(text: &str) -> Parsed {
    if !text.contains("<project") {
        return Parsed::failed("invalid pom.xml: no <project> element".to_string());
    }
    // Managed versions and build plugins are not direct dependencies.
    let scan = blank_regions(&blank_regions(text, "dependencyManagement"), "build");
    let mut deps = Vec::new();
    for tag in ["parent", "dependency"] {
        let mut from = 0;
        let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
        while let Some(start) = scan[from..].find(&open).map(|i| from + i) {
            let Some(end) = scan[start..].find(&close).map(|i| start + i) else {
                break;
            };
            let block = &scan[start..end];
            if let (Some(group), Some(artifact)) = (
                xml_element(block, "groupId"),
                xml_element(block, "artifactId"),
            ) {
                let dev = xml_element(block, "scope") == Some("test");
                let line = block.find("<artifactId>").map(|i| line_at(text, start + i));
                deps.push(dep(
                    &format!("{group}:{artifact}"),
                    xml_element(block, "version"),
                    line,
                    dev,
                ));
            }
            from = end;
        }
    }
    Parsed::ok(deps, text.contains("<distributionManagement>"))
}

fn gradle(text: &str) -> Parsed {
    static DECL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"^\s*(implementation|api|compileOnly|runtimeOnly|compile|kapt|ksp|annotationProcessor|developmentOnly|testImplementation|testCompileOnly|testRuntimeOnly|androidTestImplementation|debugImplementation|releaseImplementation)\b.*?["']([^"':\s]+):([^"':\s]+)(?::([^"'\s]+))?["']"#)
            .expect("regex")
    });
    let deps = text
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let c = DECL.captures(line)?;
            let config = &c[1];
            let dev = config.starts_with("test") || config.starts_with("androidTest");
            Some(dep(
                &format!("{}:{}", &c[2], &c[3]),
                c.get(4).map(|m| m.as_str()),
                Some(i as u32 + 1),
                dev,
            ))
        })
        .collect();
    let library = text.contains("java-library") || text.contains("com.android.library");
    Parsed::ok(deps, library)
}

// ---------------------------------------------------------------------------------------------
// .NET
// ---------------------------------------------------------------------------------------------

fn csproj(path: &str, text: &str) -> Parsed {
    static ATTR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"([A-Za-z]+)\s*=\s*"([^"]*)""#).expect("regex"));
    if !text.contains("<Project") {
        return Parsed::failed("invalid project file: no <Project> element".to_string());
    }
    let dev = path
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .to_ascii_lowercase()
        .contains("test");
    let mut deps = Vec::new();
    let mut from = 0;
    while let Some(start) = text[from..].find("<PackageReference").map(|i| from + i) {
        let Some(tag_end) = text[start..].find('>').map(|i| start + i) else {
            break;
        };
        let tag = &text[start..tag_end];
        let attrs: BTreeMap<String, String> = ATTR
            .captures_iter(tag)
            .map(|c| (c[1].to_ascii_lowercase(), c[2].to_string()))
            .collect();
        let mut version = attrs.get("version").cloned();
        if version.is_none() && !tag.ends_with('/') {
            let body_end = text[tag_end..]
                .find("</PackageReference>")
                .map_or(text.len(), |i| tag_end + i);
            version = xml_element(&text[tag_end..body_end], "Version").map(str::to_string);
        }
        if let Some(name) = attrs.get("include") {
            deps.push(dep(
                name,
                version.as_deref(),
                Some(line_at(text, start)),
                dev,
            ));
        }
        from = tag_end;
    }
    let exe = text.contains("<OutputType>Exe</OutputType>")
        || text.contains("<OutputType>WinExe</OutputType>");
    let web = text.contains("Microsoft.NET.Sdk.Web") || text.contains("Microsoft.NET.Sdk.Worker");
    Parsed::ok(deps, !exe && !web && !dev)
}

// ---------------------------------------------------------------------------------------------
// Elixir, Dart, Swift, CocoaPods
// ---------------------------------------------------------------------------------------------

fn mix_exs(text: &str) -> Parsed {
    static TUPLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"\{\s*:([a-z_][a-z0-9_]*)\s*(?:,\s*"([^"]*)")?([^{}]*)\}"#).expect("regex")
    });
    static END: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\n\s*end\b").expect("regex"));
    let start = text
        .find("defp deps")
        .or_else(|| text.find("def deps"))
        .unwrap_or(text.len());
    let end = END
        .find(&text[start..])
        .map_or(text.len(), |m| start + m.start());
    let mut deps = Vec::new();
    for c in TUPLE.captures_iter(&text[start..end]) {
        let opts = c.get(3).map_or("", |m| m.as_str());
        let dev = opts.contains("only:") && !opts.contains(":prod");
        let offset = start + c.get(0).map_or(0, |m| m.start());
        deps.push(dep(
            &c[1],
            c.get(2).map(|m| m.as_str()),
            Some(line_at(text, offset)),
            dev,
        ));
    }
    Parsed::ok(
        deps,
        text.contains("package:") || text.contains("package()"),
    )
}

fn pubspec(text: &str, dir: &str, siblings: &Siblings<'_>) -> Parsed {
    static CHILD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\s+)([A-Za-z0-9_]+)\s*:\s*(.*)$").expect("regex"));
    // The YAML parser checks the syntax; dependencies and their lines come from the lines.
    if let Err(e) = serde_saphyr::from_str::<serde::de::IgnoredAny>(text) {
        return Parsed::failed(format!(
            "invalid YAML: {}",
            e.to_string().lines().next().unwrap_or("")
        ));
    }
    let mut deps = Vec::new();
    let mut section: Option<bool> = None;
    let mut indent: Option<usize> = None;
    let mut publish_none = false;
    for (i, line) in text.lines().enumerate() {
        let body = line.split(" #").next().unwrap_or(line);
        if body.trim().is_empty() || body.trim_start().starts_with('#') {
            continue;
        }
        if !body.starts_with([' ', '\t']) {
            section = match body.trim_end() {
                "dependencies:" => Some(false),
                "dev_dependencies:" => Some(true),
                _ => None,
            };
            indent = None;
            publish_none |= body.starts_with("publish_to:") && body.contains("none");
            continue;
        }
        let Some(dev) = section else { continue };
        let Some(c) = CHILD.captures(body) else {
            continue;
        };
        let width = c[1].len();
        if *indent.get_or_insert(width) != width {
            continue;
        }
        let value = c[3].trim().trim_matches(|ch| ch == '"' || ch == '\'');
        deps.push(dep(
            &c[2],
            (!value.is_empty()).then_some(value),
            Some(i as u32 + 1),
            dev,
        ));
    }
    let prefix = if dir == "." {
        String::new()
    } else {
        format!("{dir}/")
    };
    let app = publish_none || siblings.has(&format!("{prefix}lib/main.dart"));
    Parsed::ok(deps, !app)
}

fn podfile(text: &str) -> Parsed {
    static POD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"^\s*pod\s+["']([^"']+)["'](?:\s*,\s*["']([^"']+)["'])?"#).expect("regex")
    });
    let deps = text
        .lines()
        .enumerate()
        .filter_map(|(i, l)| {
            POD.captures(l).map(|c| {
                dep(
                    &c[1],
                    c.get(2).map(|m| m.as_str()),
                    Some(i as u32 + 1),
                    false,
                )
            })
        })
        .collect();
    Parsed::ok(deps, false)
}

fn package_swift(text: &str) -> Parsed {
    static PACKAGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"\.package\s*\(\s*(?:name:\s*"[^"]*"\s*,\s*)?url:\s*"([^"]+)"\s*,\s*(?:(?:from|exact|branch|revision):\s*"([^"]+)"|\.\w+\s*\(\s*(?:from:\s*)?"([^"]+)"|"([^"]+)"\s*\.\.)?"#)
            .expect("regex")
    });
    let deps = PACKAGE
        .captures_iter(text)
        .map(|c| {
            let url = &c[1];
            let name = url
                .trim_end_matches('/')
                .trim_end_matches(".git")
                .rsplit('/')
                .next()
                .unwrap_or(url);
            let version = c
                .get(2)
                .or_else(|| c.get(3))
                .or_else(|| c.get(4))
                .map(|m| m.as_str());
            dep(
                name,
                version,
                Some(line_at(text, c.get(0).map_or(0, |m| m.start()))),
                false,
            )
        })
        .collect();
    Parsed::ok(deps, text.contains(".library("))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> Siblings<'static> {
        Siblings { files: &[] }
    }

    fn summary(p: &Parsed) -> Vec<(String, Option<String>, Option<u32>, bool)> {
        p.dependencies
            .iter()
            .map(|d| (d.name.clone(), d.constraint.clone(), d.line, d.dev))
            .collect()
    }

    fn d(
        name: &str,
        c: Option<&str>,
        line: u32,
        dev: bool,
    ) -> (String, Option<String>, Option<u32>, bool) {
        (name.to_string(), c.map(str::to_string), Some(line), dev)
    }

    #[test]
    fn package_json_sections_lines_and_library() {
        let text = "{\n  \"name\": \"x\",\n  \"main\": \"index.js\",\n  \"dependencies\": {\n    \"react\": \"^18.0.0\"\n  },\n  \"devDependencies\": {\n    \"react-dom\": \"18.0.0\",\n    \"jest\": \"29\"\n  }\n}\n";
        let p = parse("package.json", "npm", text, &none());
        assert_eq!(
            summary(&p),
            vec![
                d("react", Some("^18.0.0"), 5, false),
                d("react-dom", Some("18.0.0"), 8, true),
                d("jest", Some("29"), 9, true)
            ]
        );
        assert!(p.library);
        assert!(!package_json("{\"private\": true, \"main\": \"x\"}").library);
        assert!(package_json("{\"dependencies\": {").problem.is_some());
        assert!(package_json("[1]").problem.is_some());
    }

    #[test]
    fn python_manifests() {
        let text = "[project]\nname = \"x\"\ndependencies = [\n  \"Django>=5.0,<6\",\n  \"psycopg[binary] (>=3.1) ; python_version > '3.9'\",\n]\n[project.optional-dependencies]\ntest = [\"pytest>=8\"]\n\n[tool.poetry.group.dev.dependencies]\nruff = \"^0.4\"\n[build-system]\nrequires = [\"hatchling\"]\n";
        let p = pyproject(text);
        assert_eq!(
            summary(&p),
            vec![
                d("Django", Some(">=5.0,<6"), 4, false),
                d("psycopg", Some(">=3.1"), 5, false),
                d("pytest", Some(">=8"), 8, true),
                d("ruff", Some("^0.4"), 11, true),
            ]
        );
        assert!(!p.library);
        assert!(pyproject("[project\nname=").problem.is_some());

        assert!(requirements("requirements/test.txt", "x\n").dependencies[0].dev);
        assert!(!requirements("requirements-scipy.txt", "x\n").dependencies[0].dev);
        assert!(!requirements("requirements.txt", "x\n").dependencies[0].dev);
        let reqs = requirements(
            "requirements-dev.txt",
            "# tools\n-r requirements.txt\nblack==24.1 # fmt\n\nrequests[socks]>=2.31 --hash=sha256:abc\ngit+https://x/y.git\n",
        );
        assert_eq!(
            summary(&reqs),
            vec![
                d("black", Some("==24.1"), 3, true),
                d("requests", Some(">=2.31"), 5, true)
            ]
        );
        let pip =
            pipfile("[packages]\nflask = \"*\"\n[dev-packages]\npytest = {version = \">=8\"}\n");
        assert_eq!(
            summary(&pip),
            vec![
                d("flask", Some("*"), 2, false),
                d("pytest", Some(">=8"), 4, true)
            ]
        );
    }

    #[test]
    fn gemfile_groups() {
        let text = "source 'https://rubygems.org'\ngem 'rails', '~> 7.1', '>= 7.1.2'\ngem \"pg\"\ngroup :development, :test do\n  gem 'rspec-rails'\n  platforms :mri do\n    gem 'byebug'\n  end\nend\ngem 'puma', group: :production\ngem 'capybara', group: :test\ngemspec\n";
        let p = gemfile(text);
        assert_eq!(
            summary(&p),
            vec![
                d("rails", Some("~> 7.1, >= 7.1.2"), 2, false),
                (String::from("pg"), None, Some(3), false),
                (String::from("rspec-rails"), None, Some(5), true),
                (String::from("byebug"), None, Some(7), true),
                (String::from("puma"), None, Some(10), false),
                (String::from("capybara"), None, Some(11), true),
            ]
        );
        assert!(p.library);
    }

    #[test]
    fn go_mod_direct_requirements() {
        let text = "module example.com/x\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n\nrequire (\n\tgithub.com/aws/aws-sdk-go-v2 v1.30.0\n\tgolang.org/x/text v0.14.0 // indirect\n)\n";
        let files = ["cmd/x/main.go"];
        let p = go_mod(text, ".", &Siblings { files: &files });
        assert_eq!(
            summary(&p),
            vec![
                d("github.com/gin-gonic/gin", Some("v1.10.0"), 5, false),
                d("github.com/aws/aws-sdk-go-v2", Some("v1.30.0"), 8, false)
            ]
        );
        assert!(!p.library);
        assert!(go_mod(text, ".", &none()).library);
    }

    #[test]
    fn cargo_sections_and_library() {
        let text = "[package]\nname = \"x\"\n\n[dependencies]\nserde = { version = \"1\", features = [\"derive\"] }\nmy-tokio = { package = \"tokio\", version = \"1.38\" }\n\n[dependencies.axum]\nversion = \"0.7\"\n\n[dev-dependencies]\ninsta = \"1\"\n\n[target.'cfg(unix)'.dependencies]\nnix = \"0.29\"\n";
        let files = ["src/lib.rs"];
        let p = parse("Cargo.toml", "cargo", text, &Siblings { files: &files });
        assert_eq!(
            summary(&p),
            vec![
                d("serde", Some("1"), 5, false),
                d("tokio", Some("1.38"), 6, false),
                d("axum", Some("0.7"), 8, false),
                d("insta", Some("1"), 12, true),
                d("nix", Some("0.29"), 15, false),
            ]
        );
        assert!(p.library);
        let files = ["src/lib.rs", "src/main.rs"];
        assert!(!cargo_toml(text, ".", &Siblings { files: &files }).library);
        let ws = cargo_toml(
            "[workspace]\nmembers = [\"a\"]\n[workspace.dependencies]\nregex = \"1\"\n",
            ".",
            &none(),
        );
        assert!(ws.workspace_root && !ws.library);
        assert_eq!(summary(&ws), vec![d("regex", Some("1"), 4, false)]);
        assert!(
            cargo_toml("[dependencies\n", ".", &none())
                .problem
                .is_some()
        );
    }

    #[test]
    fn composer_pom_gradle_csproj() {
        let c = composer_json(
            "{\n\"type\": \"project\",\n\"require\": {\n  \"php\": \"^8.2\",\n  \"laravel/framework\": \"^11.0\"\n},\n\"require-dev\": {\"phpunit/phpunit\": \"^11\"}\n}",
        );
        assert_eq!(
            summary(&c),
            vec![
                d("laravel/framework", Some("^11.0"), 5, false),
                d("phpunit/phpunit", Some("^11"), 7, true)
            ]
        );
        assert!(!c.library);
        // No type: a named package is a library (Composer's default), an unnamed one an app.
        assert!(
            composer_json("{\"name\": \"illuminate/database\", \"require\": {\"php\": \"^8.2\"}}")
                .library
        );
        assert!(!composer_json("{\"require\": {\"slim/slim\": \"^4\"}}").library);
        assert!(composer_json("{\"name\": \"a/b\", \"type\": \"wordpress-plugin\"}").library);

        let pom = "<project>\n<parent>\n<groupId>org.springframework.boot</groupId>\n<artifactId>spring-boot-starter-parent</artifactId>\n<version>3.3.0</version>\n</parent>\n<dependencyManagement><dependencies><dependency><groupId>a</groupId><artifactId>bom</artifactId></dependency></dependencies></dependencyManagement>\n<dependencies>\n<dependency>\n<groupId>org.springframework.boot</groupId>\n<artifactId>spring-boot-starter-web</artifactId>\n</dependency>\n<dependency>\n<groupId>junit</groupId>\n<artifactId>junit</artifactId>\n<version>4.13</version>\n<scope>test</scope>\n</dependency>\n</dependencies>\n<build><plugins><plugin><dependencies><dependency><groupId>p</groupId><artifactId>q</artifactId></dependency></dependencies></plugin></plugins></build>\n</project>\n";
        assert_eq!(
            summary(&pom_xml(pom)),
            vec![
                d(
                    "org.springframework.boot:spring-boot-starter-parent",
                    Some("3.3.0"),
                    4,
                    false
                ),
                (
                    String::from("org.springframework.boot:spring-boot-starter-web"),
                    None,
                    Some(11),
                    false
                ),
                d("junit:junit", Some("4.13"), 15, true),
            ]
        );
        assert!(pom_xml("not xml").problem.is_some());

        let g = gradle(
            "plugins { id 'java-library' }\ndependencies {\n    implementation 'com.google.guava:guava:33.0-jre'\n    implementation(platform(\"org.springframework.boot:spring-boot-dependencies:3.3.0\"))\n    testImplementation(\"org.junit.jupiter:junit-jupiter:5.10.0\")\n    runtimeOnly \"org.postgresql:postgresql\"\n}\n",
        );
        assert_eq!(
            summary(&g),
            vec![
                d("com.google.guava:guava", Some("33.0-jre"), 3, false),
                d(
                    "org.springframework.boot:spring-boot-dependencies",
                    Some("3.3.0"),
                    4,
                    false
                ),
                d("org.junit.jupiter:junit-jupiter", Some("5.10.0"), 5, true),
                (
                    String::from("org.postgresql:postgresql"),
                    None,
                    Some(6),
                    false
                ),
            ]
        );
        assert!(g.library);

        let cs = csproj(
            "src/Api/Api.csproj",
            "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <ItemGroup>\n    <PackageReference Include=\"Npgsql\" Version=\"8.0.3\" />\n    <PackageReference Version=\"13.0.3\" Include=\"Newtonsoft.Json\" />\n    <PackageReference Include=\"Serilog\">\n      <Version>4.0.0</Version>\n    </PackageReference>\n  </ItemGroup>\n</Project>\n",
        );
        assert_eq!(
            summary(&cs),
            vec![
                d("Npgsql", Some("8.0.3"), 3, false),
                d("Newtonsoft.Json", Some("13.0.3"), 4, false),
                d("Serilog", Some("4.0.0"), 5, false)
            ]
        );
        assert!(!cs.library);
    }

    #[test]
    fn mix_pubspec_pods_swift() {
        let mix = "defmodule X.MixProject do\n  defp deps do\n    [\n      {:phoenix, \"~> 1.7\"},\n      {:ecto_sql, \"~> 3.10\"},\n      {:credo, \"~> 1.7\", only: [:dev, :test], runtime: false},\n      {:local, path: \"../local\"}\n    ]\n  end\nend\n";
        assert_eq!(
            summary(&mix_exs(mix)),
            vec![
                d("phoenix", Some("~> 1.7"), 4, false),
                d("ecto_sql", Some("~> 3.10"), 5, false),
                d("credo", Some("~> 1.7"), 6, true),
                (String::from("local"), None, Some(7), false),
            ]
        );
        let pubspec_text = "name: app\npublish_to: 'none'\ndependencies:\n  flutter:\n    sdk: flutter\n  http: ^1.2.0\n  provider: \"6.1.2\"\ndev_dependencies:\n  flutter_test:\n    sdk: flutter\n";
        let p = pubspec(pubspec_text, ".", &none());
        assert_eq!(
            summary(&p),
            vec![
                (String::from("flutter"), None, Some(4), false),
                d("http", Some("^1.2.0"), 6, false),
                d("provider", Some("6.1.2"), 7, false),
                (String::from("flutter_test"), None, Some(9), true),
            ]
        );
        assert!(!p.library);
        assert!(
            pubspec("dependencies: [unclosed\n", ".", &none())
                .problem
                .is_some()
        );
        let pods = podfile(
            "platform :ios, '15.0'\ntarget 'App' do\n  pod 'Alamofire', '~> 5.9'\n  pod 'SnapKit'\nend\n",
        );
        assert_eq!(
            summary(&pods),
            vec![
                d("Alamofire", Some("~> 5.9"), 3, false),
                (String::from("SnapKit"), None, Some(4), false)
            ]
        );
        let swift = package_swift(
            "let package = Package(\n  dependencies: [\n    .package(url: \"https://github.com/vapor/vapor.git\", from: \"4.92.0\"),\n    .package(url: \"https://github.com/apple/swift-log\", .upToNextMajor(from: \"1.5.0\")),\n  ]\n)\n",
        );
        assert_eq!(
            summary(&swift),
            vec![
                d("vapor", Some("4.92.0"), 3, false),
                d("swift-log", Some("1.5.0"), 4, false)
            ]
        );
    }

    #[test]
    fn workspace_members() {
        let members = vec![
            "apps/*".to_string(),
            "packages/**".to_string(),
            "!apps/old".to_string(),
        ];
        assert!(is_member("apps/web", &members));
        assert!(is_member("packages/a/b", &members));
        assert!(!is_member("tools/x", &members));
        assert!(!is_member("apps/web/sub", &members));
        assert!(is_member("anything", &[]));
        assert_eq!(
            pnpm_workspace("packages:\n  - 'apps/*'\n  - packages/*\n").map(|w| w.packages),
            Some(vec!["apps/*".to_string(), "packages/*".to_string()])
        );
        let p = package_json("{\"workspaces\": {\"packages\": [\"a/*\"]}}");
        assert!(p.workspace_root);
        assert_eq!(p.members, vec!["a/*"]);
    }

    #[test]
    fn catalogs() {
        let w = pnpm_workspace(
            "packages:\n  - apps/*\ncatalog:\n  vite: ^6.0.0\n  zod: 3\ncatalogs:\n  react19:\n    react: 19.1.0\n    react-dom: 19.1.0\n",
        )
        .expect("parses");
        assert_eq!(w.packages, vec!["apps/*"]);
        assert_eq!(w.catalogs["default"]["vite"], "^6.0.0");
        assert_eq!(w.catalogs["default"]["zod"], "3");
        assert_eq!(w.catalogs["react19"]["react"], "19.1.0");
        assert_eq!(pnpm_workspace("packages: [\n").map(|w| w.packages), None);
        assert_eq!(
            pnpm_workspace("packages: []\n").map(|w| w.catalogs.len()),
            Some(0)
        );
        let bun = package_json_catalogs(
            "{\"workspaces\": {\"packages\": [\"a/*\"], \"catalog\": {\"react\": \"^19\"}}, \"catalogs\": {\"t\": {\"vitest\": \"3\"}}}",
        );
        assert_eq!(bun["default"]["react"], "^19");
        assert_eq!(bun["t"]["vitest"], "3");
        assert_eq!(catalog_reference("catalog:"), Some("default"));
        assert_eq!(catalog_reference("catalog:react19"), Some("react19"));
        assert_eq!(catalog_reference("^1.0.0"), None);
    }

    #[test]
    fn manifest_names() {
        assert_eq!(ecosystem_of("apps/web/package.json"), Some("npm"));
        assert_eq!(ecosystem_of("requirements/base.txt"), Some("pypi"));
        assert_eq!(
            ecosystem_of("services/api/requirements-dev.txt"),
            Some("pypi")
        );
        assert_eq!(ecosystem_of("src/App/App.csproj"), Some("nuget"));
        assert_eq!(ecosystem_of("build.gradle.kts"), Some("gradle"));
        assert_eq!(ecosystem_of("package-lock.json"), None);
        assert_eq!(ecosystem_of("docs/requirements.md"), None);
    }
}
