//! `yarn.lock`, classic (v1: `version "1.2.3"`, `resolved`) and berry (v2+: `__metadata`,
//! `resolution: "name@npm:1.2.3"`, workspaces as `linkType: soft` entries), read by one small
//! parser of their shared indentation format. Direct dependencies come from berry's workspace
//! entries or, for classic, from the `package.json` files beside the lockfile.

use std::collections::HashMap;

use super::ReadFile;
use super::js::{self, Collected, Roots};
use crate::deps::{Package, Relation};

/// One entry: the descriptors (`name@range`) in its key line and the fields it needs.
#[derive(Debug, Default)]
struct Entry {
    descriptors: Vec<String>,
    line: u32,
    version: Option<String>,
    /// Classic: where the tarball came from.
    resolved: Option<String>,
    /// Berry: the locator it resolved to (`lodash@npm:4.17.21`).
    resolution: Option<String>,
    /// `dependencies` and `optionalDependencies`, as (name, range).
    deps: Vec<(String, String)>,
}

/// Reads a `yarn.lock`.
pub(super) fn parse(path: &str, text: &str, read: ReadFile<'_>) -> Result<Vec<Package>, String> {
    let (entries, berry) =
        parse_entries(text).map_err(|e| format!("{path} is not a valid yarn.lock: {e}"))?;
    let mut by_descriptor: HashMap<&str, usize> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        for d in &e.descriptors {
            by_descriptor.insert(d.as_str(), i);
        }
    }
    for (i, e) in entries.iter().enumerate() {
        if let Some(r) = &e.resolution {
            by_descriptor.entry(r.as_str()).or_insert(i);
        }
    }
    let projects = if berry {
        berry_projects(&entries, js::dir_of(path), read)
    } else {
        classic_projects(js::dir_of(path), read)
    };
    let edges = edges(&entries, &by_descriptor);
    let mut roots = Roots::new(entries.len());
    for (descriptor, dev) in &projects.deps {
        let Some(&i) = by_descriptor.get(descriptor.as_str()) else {
            continue;
        };
        // A dependency on a berry `patch:` is a dependency on the package it patches.
        let patched_targets = entries[i]
            .descriptors
            .iter()
            .filter_map(|d| patched(d))
            .filter_map(|d| by_descriptor.get(d.as_str()).copied());
        for target in std::iter::once(i).chain(patched_targets) {
            roots.declare(target, *dev);
        }
    }
    let reach = roots.reach(&edges);
    let mut has_parent = vec![false; entries.len()];
    for &to in edges.iter().flatten() {
        has_parent[to] = true;
    }
    let mut out = Collected::new(path);
    for (i, entry) in entries.iter().enumerate() {
        let Some((name, version)) = registry_package(entry) else {
            continue;
        };
        let relation = if reach.is_direct(i) {
            Relation::Direct
        } else if projects.complete || reach.reached(i) {
            Relation::Transitive
        } else if has_parent[i] {
            Relation::Unknown
        } else {
            // Yarn drops entries nothing needs, so one that no other entry depends on is a
            // direct dependency of a workspace we could not read.
            Relation::Direct
        };
        out.add(name, version, relation, reach.dev_only(i), Some(entry.line));
    }
    Ok(out.finish())
}

/// The direct dependencies of the projects in the repository, as descriptors (`name@range`)
/// with whether they are development-only, and whether every project was found.
struct Projects {
    deps: Vec<(String, bool)>,
    complete: bool,
}

/// Berry lists each workspace as an entry (`name@workspace:path`) with its dependencies; its
/// `package.json` says which of them are development-only.
fn berry_projects(entries: &[Entry], dir: &str, read: ReadFile<'_>) -> Projects {
    let mut deps = Vec::new();
    for entry in entries {
        let Some(folder) = workspace_folder(entry) else {
            continue;
        };
        let manifest = js::read_manifest(read, &js::join(dir, folder));
        for (name, range) in &entry.deps {
            let dev = manifest
                .as_ref()
                .and_then(|m| m.dep(name))
                .is_some_and(|d| d.dev);
            deps.push((format!("{name}@{range}"), dev));
        }
    }
    Projects {
        deps,
        complete: true,
    }
}

/// The folder of a berry workspace entry (`"."` for the root).
fn workspace_folder(entry: &Entry) -> Option<&str> {
    let resolution = entry.resolution.as_deref()?;
    let (_, reference) = js::split_name(resolution)?;
    reference.strip_prefix("workspace:")
}

/// Classic yarn.lock does not list workspaces: read the `package.json` beside it and those of
/// the workspaces it names without wildcards (folders cannot be listed through `read`).
fn classic_projects(dir: &str, read: ReadFile<'_>) -> Projects {
    let Some(root) = js::read_manifest(read, dir) else {
        return Projects {
            deps: Vec::new(),
            complete: false,
        };
    };
    let mut complete = true;
    let mut manifests = vec![root.clone()];
    for pattern in &root.workspaces {
        if pattern.contains(['*', '?', '[', '{', '!']) {
            complete = false;
        } else if let Some(m) = js::read_manifest(read, &js::join(dir, pattern)) {
            manifests.push(m);
        } else {
            complete = false;
        }
    }
    let deps = manifests
        .iter()
        .flat_map(|m| &m.deps)
        .map(|d| (format!("{}@{}", d.key, d.range), d.dev))
        .collect();
    Projects { deps, complete }
}

/// The dependency graph between entries. Workspace entries get no edges: their dependencies
/// are the roots, with the development flag their manifest gives.
fn edges(entries: &[Entry], by_descriptor: &HashMap<&str, usize>) -> Vec<Vec<usize>> {
    entries
        .iter()
        .map(|entry| {
            if workspace_folder(entry).is_some() {
                return Vec::new();
            }
            let mut to: Vec<usize> = entry
                .deps
                .iter()
                .filter_map(|(name, range)| by_descriptor.get(format!("{name}@{range}").as_str()))
                .copied()
                .collect();
            // A berry `patch:` entry stands for the package it patches.
            to.extend(
                entry
                    .descriptors
                    .iter()
                    .filter_map(|d| patched(d))
                    .filter_map(|d| by_descriptor.get(d.as_str()).copied()),
            );
            to
        })
        .collect()
}

/// For `resolve@patch:resolve@npm%3A^1.22.1#~builtin<compat/resolve>`, `resolve@npm:^1.22.1`.
fn patched(descriptor: &str) -> Option<String> {
    let (_, reference) = js::split_name(descriptor)?;
    let inner = reference.strip_prefix("patch:")?;
    let inner = inner.split_once('#').map_or(inner, |(d, _)| d);
    Some(percent_decode(inner))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The registry name and version of an entry; `None` for workspaces, patches, links, folders,
/// git and tarball URLs.
fn registry_package(entry: &Entry) -> Option<(&str, &str)> {
    if let Some(resolution) = &entry.resolution {
        let (name, reference) = js::split_name(resolution)?;
        let version = reference.strip_prefix("npm:")?;
        let version = entry.version.as_deref().unwrap_or(version);
        return js::is_registry_version(version).then_some((name, version));
    }
    let version = entry.version.as_deref()?;
    let (key, range) = js::split_name(entry.descriptors.first()?)?;
    let (name, range) = match range.strip_prefix("npm:") {
        Some(aliased) => js::split_name(aliased).unwrap_or((key, aliased)),
        None => (key, range),
    };
    let from_registry = entry.resolved.as_deref().is_none_or(|r| {
        !(r.starts_with("git") || r.starts_with("file:"))
            && (!r.contains("://") || r.contains("/-/"))
    });
    (from_registry && !range.contains([':', '/']) && js::is_registry_version(version))
        .then_some((name, version))
}

/// The entries of the file and whether it is a berry lockfile. One pass over the lines.
fn parse_entries(text: &str) -> Result<(Vec<Entry>, bool), String> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut berry = false;
    let mut current: Option<Entry> = None;
    let mut in_deps = false;
    for (n, raw) in text.lines().enumerate() {
        let line_no = n as u32 + 1;
        let trimmed = raw.trim_end();
        let body = trimmed.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = trimmed.len() - body.len();
        if indent == 0 {
            let key = body
                .strip_suffix(':')
                .ok_or_else(|| format!("line {line_no} is neither an entry nor a field"))?;
            entries.extend(current.take().filter(|e| !e.descriptors.is_empty()));
            in_deps = false;
            if key == "__metadata" {
                berry = true;
                current = Some(Entry::default());
            } else {
                current = Some(Entry {
                    descriptors: descriptors(key),
                    line: line_no,
                    ..Entry::default()
                });
            }
            continue;
        }
        let entry = current
            .as_mut()
            .ok_or_else(|| format!("line {line_no} is indented but belongs to no entry"))?;
        if indent <= 2 {
            let (key, value) = key_value(body);
            in_deps =
                value.is_empty() && matches!(key.as_str(), "dependencies" | "optionalDependencies");
            match key.as_str() {
                "version" => entry.version = Some(value),
                "resolved" => entry.resolved = Some(value),
                "resolution" => {
                    berry = true;
                    entry.resolution = Some(value);
                }
                _ => {}
            }
        } else if in_deps && indent <= 4 {
            let (name, range) = key_value(body);
            entry.deps.push((name, range));
        }
    }
    entries.extend(current.filter(|e| !e.descriptors.is_empty()));
    Ok((entries, berry))
}

/// The descriptors of a key line: `"a@^1", "a@^2"` (classic) or `"a@npm:^1, a@npm:^2"` (berry).
fn descriptors(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = key.trim();
    while !rest.is_empty() {
        let (item, tail) = if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"').unwrap_or(quoted.len());
            (&quoted[..end], quoted.get(end + 1..).unwrap_or(""))
        } else {
            rest.split_once(',')
                .map_or((rest, ""), |(a, _)| (a, &rest[a.len()..]))
        };
        out.extend(
            item.split(", ")
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_string),
        );
        rest = tail.trim_start().trim_start_matches(',').trim_start();
    }
    out
}

/// A field line: `version "1.2.3"` (classic) or `version: 1.2.3` (berry); keys and values may
/// be quoted. A section header (`dependencies:`) gives an empty value.
fn key_value(body: &str) -> (String, String) {
    let (key, rest) = if let Some(quoted) = body.strip_prefix('"') {
        let end = quoted.find('"').unwrap_or(quoted.len());
        (&quoted[..end], quoted.get(end + 1..).unwrap_or(""))
    } else {
        let end = body.find([' ', ':']).unwrap_or(body.len());
        (&body[..end], &body[end..])
    };
    let value = rest.trim_start().strip_prefix(':').unwrap_or(rest).trim();
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value);
    (key.to_string(), value.replace("\\\"", "\""))
}

#[cfg(test)]
mod tests {
    use super::js::find;
    use super::*;

    const CLASSIC: &str = r#"# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.
# yarn lockfile v1


"@babel/core@^7.24.0":
  version "7.29.17"
  resolved "https://registry.yarnpkg.com/@babel/core/-/core-7.29.17.tgz#9a1b"
  integrity sha512-dP4g0UpATLviwEEb46bBaeL5MyW3q7LwqGoaQJvjXGS8tdpxckLtDTI9FBwA5ioVHnYoR2nRqCf1BmlMwbZV5A==
  dependencies:
    debug "^4.1.0"
    semver "^6.3.1"

debug@2.6.9:
  version "2.6.9"
  resolved "https://registry.yarnpkg.com/debug/-/debug-2.6.9.tgz#5d12"
  dependencies:
    ms "2.0.0"

debug@^4.1.0, debug@^4.3.5:
  version "4.4.3"
  resolved "https://registry.yarnpkg.com/debug/-/debug-4.4.3.tgz#c6ae"
  dependencies:
    ms "^2.1.3"

express@^4.19.2:
  version "4.22.3"
  resolved "https://registry.yarnpkg.com/express/-/express-4.22.3.tgz#1a2b"
  dependencies:
    debug "2.6.9"

left-pad@stevemao/left-pad:
  version "1.3.0"
  resolved "https://codeload.github.com/stevemao/left-pad/tar.gz/5a1b2c3"

lodash-alias@npm:lodash@4.17.21:
  version "4.17.21"
  resolved "https://registry.yarnpkg.com/lodash/-/lodash-4.17.21.tgz#6795"

mocha@^10.4.0:
  version "10.8.2"
  resolved "https://registry.yarnpkg.com/mocha/-/mocha-10.8.2.tgz#8d8"
  dependencies:
    debug "^4.3.5"

ms@2.0.0:
  version "2.0.0"
  resolved "https://registry.yarnpkg.com/ms/-/ms-2.0.0.tgz#5608"

ms@^2.1.3:
  version "2.1.3"
  resolved "https://registry.yarnpkg.com/ms/-/ms-2.1.3.tgz#574c"

semver@^6.3.1:
  version "6.3.1"
  resolved "https://registry.yarnpkg.com/semver/-/semver-6.3.1.tgz#556d"

uuid@^9.0.1:
  version "9.0.1"
  resolved "https://registry.yarnpkg.com/uuid/-/uuid-9.0.1.tgz#e188"
"#;

    const ROOT: &str = r#"{"name":"shop","workspaces":["packages/*"],
        "dependencies":{"express":"^4.19.2","@babel/core":"^7.24.0","left-pad":"stevemao/left-pad"},
        "devDependencies":{"mocha":"^10.4.0"}}"#;

    #[test]
    fn classic_with_unlisted_workspaces() {
        let read = |p: &str| (p == "package.json").then(|| ROOT.to_string());
        let list = parse("yarn.lock", CLASSIC, &read).expect("parses");
        assert_eq!(list.len(), 10, "{list:?}");
        let babel = find(&list, "@babel/core", "7.29.17");
        assert_eq!(
            (babel.relation, babel.dev, babel.line),
            (Relation::Direct, false, Some(5))
        );
        // Reached from express (prod) and from mocha (dev): not dev-only.
        let debug = find(&list, "debug", "4.4.3");
        assert_eq!((debug.relation, debug.dev), (Relation::Transitive, false));
        let mocha = find(&list, "mocha", "10.8.2");
        assert_eq!(
            (mocha.relation, mocha.dev, mocha.line),
            (Relation::Direct, true, Some(39))
        );
        assert_eq!(find(&list, "ms", "2.0.0").relation, Relation::Transitive);
        // Declared only in `packages/*` manifests, which cannot be listed: nothing in the
        // lockfile depends on them, so they are direct dependencies of some workspace.
        assert_eq!(find(&list, "uuid", "9.0.1").relation, Relation::Direct);
        assert_eq!(find(&list, "lodash", "4.17.21").relation, Relation::Direct);
        assert!(!list.iter().any(|p| p.name == "left-pad"));
    }

    #[test]
    fn classic_without_manifest() {
        let list = parse("yarn.lock", CLASSIC, &|_| None).expect("parses");
        assert_eq!(find(&list, "express", "4.22.3").relation, Relation::Direct);
        assert_eq!(find(&list, "ms", "2.0.0").relation, Relation::Unknown);
        assert!(list.iter().all(|p| !p.dev));
    }

    const BERRY: &str = r#"# This file is generated by running "yarn install" inside your project.
# Manual changes might be lost - proceed with caution!

__metadata:
  version: 8
  cacheKey: 10c0

"@demo/a@workspace:packages/a":
  version: 0.0.0-use.local
  resolution: "@demo/a@workspace:packages/a"
  dependencies:
    lodash-alias: "npm:lodash@4.17.21"
    resolve: "patch:resolve@npm%3A^1.22.1#~builtin<compat/resolve>"
    semver: "npm:^7.6.0"
  languageName: unknown
  linkType: soft

"lodash-alias@npm:lodash@4.17.21":
  version: 4.17.21
  resolution: "lodash@npm:4.17.21"
  checksum: 10c0/d8cbea072bb08655bb4c989da418994b073a608dffa608b09ac04b43a791b12aeae7cd7ad919aa4c925f33b48490b5cfe6c1f71d827956071dae2e7bb3a6b74c
  languageName: node
  linkType: hard

"lodash@npm:4.17.20":
  version: 4.17.20
  resolution: "lodash@npm:4.17.20"
  languageName: node
  linkType: hard

"path-parse@npm:^1.0.7":
  version: 1.0.7
  resolution: "path-parse@npm:1.0.7"
  languageName: node
  linkType: hard

"resolve@npm:^1.22.1":
  version: 1.22.8
  resolution: "resolve@npm:1.22.8"
  dependencies:
    path-parse: "npm:^1.0.7"
  languageName: node
  linkType: hard

"resolve@patch:resolve@npm%3A^1.22.1#~builtin<compat/resolve>":
  version: 1.22.8
  resolution: "resolve@patch:resolve@npm%3A1.22.8#~builtin<compat/resolve>::version=1.22.8&hash=c3c19d"
  dependencies:
    path-parse: "npm:^1.0.7"
  languageName: node
  linkType: hard

"semver@npm:^7.6.0":
  version: 7.8.6
  resolution: "semver@npm:7.8.6"
  bin:
    semver: bin/semver.js
  languageName: node
  linkType: hard

"shop@workspace:.":
  version: 0.0.0-use.local
  resolution: "shop@workspace:."
  dependencies:
    lodash: "npm:4.17.20"
  languageName: unknown
  linkType: soft

"tool@portal:../tool::locator=shop%40workspace%3A.":
  version: 0.0.0-use.local
  resolution: "tool@portal:../tool::locator=shop%40workspace%3A."
  languageName: node
  linkType: soft
"#;

    #[test]
    fn berry_workspaces_aliases_and_patches() {
        let read = |p: &str| {
            (p == "front/packages/a/package.json").then(|| {
                r#"{"name":"@demo/a","dependencies":{"lodash-alias":"npm:lodash@4.17.21",
                    "resolve":"^1.22.1"},"devDependencies":{"semver":"^7.6.0"}}"#
                    .to_string()
            })
        };
        let list = parse("front/yarn.lock", BERRY, &read).expect("parses");
        let names = js::ids(&list);
        assert_eq!(
            names,
            [
                "lodash@4.17.21",
                "lodash@4.17.20",
                "path-parse@1.0.7",
                "resolve@1.22.8",
                "semver@7.8.6"
            ]
        );
        let alias = find(&list, "lodash", "4.17.21");
        assert_eq!((alias.relation, alias.line), (Relation::Direct, Some(18)));
        assert_eq!(find(&list, "lodash", "4.17.20").relation, Relation::Direct);
        // The workspace depends on the patched resolve, which stands for resolve@1.22.8.
        assert_eq!(find(&list, "resolve", "1.22.8").relation, Relation::Direct);
        let path_parse = find(&list, "path-parse", "1.0.7");
        assert_eq!(
            (path_parse.relation, path_parse.dev),
            (Relation::Transitive, false)
        );
        let semver = find(&list, "semver", "7.8.6");
        assert_eq!((semver.relation, semver.dev), (Relation::Direct, true));
    }

    #[test]
    fn not_a_yarn_lock() {
        let err = parse("yarn.lock", "{\"lockfileVersion\": 3}", &|_| None).expect_err("json");
        assert_eq!(
            err,
            "yarn.lock is not a valid yarn.lock: line 1 is neither an entry nor a field"
        );
        assert!(parse("yarn.lock", "  version \"1.0.0\"\n", &|_| None).is_err());
        let header_only = "# yarn lockfile v1\n\n";
        assert_eq!(parse("yarn.lock", header_only, &|_| None), Ok(Vec::new()));
    }

    #[test]
    fn descriptor_lists() {
        assert_eq!(
            descriptors(r#""@babel/code-frame@^7.0.0", "@babel/code-frame@^7.22.13""#),
            ["@babel/code-frame@^7.0.0", "@babel/code-frame@^7.22.13"]
        );
        assert_eq!(
            descriptors("ms@2.0.0, ms@^2.0.0"),
            ["ms@2.0.0", "ms@^2.0.0"]
        );
        assert_eq!(
            descriptors(r#""a@npm:^1.0.0, a@npm:^1.2.0""#),
            ["a@npm:^1.0.0", "a@npm:^1.2.0"]
        );
    }
}
