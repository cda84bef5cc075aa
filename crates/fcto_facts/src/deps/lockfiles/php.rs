//! composer.lock: `packages` and `packages-dev` (development), Direct when composer.json beside
//! it requires them. Versions lose a leading `v`; packages installed from a path are skipped.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use super::ReadFile;
use super::common::{dedupe, manifest_relation, sibling};
use crate::deps::{Ecosystem, Package};

#[derive(Deserialize)]
struct Lock {
    #[serde(default)]
    packages: Vec<Entry>,
    #[serde(default, rename = "packages-dev")]
    packages_dev: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    name: String,
    version: String,
    dist: Option<Source>,
    source: Option<Source>,
}

#[derive(Deserialize)]
struct Source {
    #[serde(rename = "type")]
    kind: Option<String>,
}

#[derive(Deserialize)]
struct Manifest {
    #[serde(default)]
    require: HashMap<String, serde_json::Value>,
    #[serde(default, rename = "require-dev")]
    require_dev: HashMap<String, serde_json::Value>,
}

pub(super) fn parse(path: &str, text: &str, read: ReadFile<'_>) -> Result<Vec<Package>, String> {
    let lock: Lock = serde_json::from_str(text)
        .map_err(|e| format!("{path} is not a valid composer.lock: {e}"))?;
    let direct = read(&sibling(path, "composer.json"))
        .and_then(|t| serde_json::from_str::<Manifest>(&t).ok())
        .map(|m| required_packages(&m));
    let lines = name_lines(text);
    let sections = [(lock.packages, false), (lock.packages_dev, true)];
    let packages = sections
        .into_iter()
        .flat_map(|(entries, dev)| entries.into_iter().map(move |e| (e, dev)))
        .filter(|(e, _)| !from_path(e))
        .map(|(e, dev)| {
            let name = e.name.to_ascii_lowercase();
            Package {
                ecosystem: Ecosystem::Packagist,
                relation: manifest_relation(direct.as_ref().map(|d| d.contains(&name))),
                dev,
                file: path.to_string(),
                line: lines.get(e.name.as_str()).copied(),
                version: e
                    .version
                    .strip_prefix('v')
                    .unwrap_or(&e.version)
                    .to_string(),
                name,
            }
        })
        .collect();
    Ok(dedupe(packages))
}

fn from_path(entry: &Entry) -> bool {
    [&entry.dist, &entry.source]
        .into_iter()
        .flatten()
        .any(|s| s.kind.as_deref() == Some("path"))
}

/// The packages composer.json requires, without the platform (`php`, `ext-*`, `lib-*`,
/// `composer-*-api`).
fn required_packages(manifest: &Manifest) -> HashSet<String> {
    manifest
        .require
        .keys()
        .chain(manifest.require_dev.keys())
        .filter(|name| name.contains('/'))
        .map(|name| name.to_ascii_lowercase())
        .collect()
}

/// The first line of each `"name": "vendor/package"` in the text.
fn name_lines(text: &str) -> HashMap<&str, u32> {
    let mut out = HashMap::new();
    for (index, line) in text.lines().enumerate() {
        let Some(rest) = line.trim_start().strip_prefix("\"name\": \"") else {
            continue;
        };
        if let Some(end) = rest.find('"') {
            out.entry(&rest[..end]).or_insert(index as u32 + 1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deps::Relation;

    const LOCK: &str = r#"{
    "_readme": [
        "This file locks the dependencies of your project to a known state"
    ],
    "content-hash": "0f6a8a9b8c",
    "packages": [
        {
            "name": "guzzlehttp/guzzle",
            "version": "7.8.1",
            "source": {
                "type": "git",
                "url": "https://github.com/guzzle/guzzle.git",
                "reference": "41042bc7ab002487b876a0683fc8dce04ddce104"
            },
            "require": {
                "guzzlehttp/psr7": "^1.9.1 || ^2.5.1"
            },
            "type": "library",
            "authors": [
                {
                    "name": "Graham Campbell"
                }
            ]
        },
        {
            "name": "guzzlehttp/psr7",
            "version": "2.6.2",
            "dist": {
                "type": "zip",
                "url": "https://api.github.com/repos/guzzle/psr7/zipball/45b30f99ac27b5ca93cb4831afe16285f57b8221"
            }
        },
        {
            "name": "acme/local-lib",
            "version": "dev-main",
            "dist": {
                "type": "path",
                "url": "../local-lib"
            }
        },
        {
            "name": "Symfony/Polyfill-Mbstring",
            "version": "v1.29.0",
            "type": "metapackage"
        }
    ],
    "packages-dev": [
        {
            "name": "phpunit/phpunit",
            "version": "10.5.10"
        }
    ],
    "platform": {
        "php": "^8.2"
    }
}"#;

    const MANIFEST: &str = r#"{
    "require": { "php": "^8.2", "ext-json": "*", "guzzlehttp/guzzle": "^7.8", "acme/local-lib": "*" },
    "require-dev": { "phpunit/phpunit": "^10.5" }
}"#;

    #[test]
    fn packages_and_dev_packages_with_manifest() {
        let read = |p: &str| (p == "web/composer.json").then(|| MANIFEST.to_string());
        let out = parse("web/composer.lock", LOCK, &read).unwrap();
        let got: Vec<_> = out
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.version.as_str(),
                    p.relation,
                    p.dev,
                    p.line,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "guzzlehttp/guzzle",
                    "7.8.1",
                    Relation::Direct,
                    false,
                    Some(8)
                ),
                (
                    "guzzlehttp/psr7",
                    "2.6.2",
                    Relation::Transitive,
                    false,
                    Some(26)
                ),
                (
                    "symfony/polyfill-mbstring",
                    "1.29.0",
                    Relation::Transitive,
                    false,
                    Some(42)
                ),
                (
                    "phpunit/phpunit",
                    "10.5.10",
                    Relation::Direct,
                    true,
                    Some(49)
                ),
            ]
        );
    }

    #[test]
    fn without_manifest_relation_is_unknown() {
        let out = parse("composer.lock", LOCK, &|_| None).unwrap();
        assert!(out.iter().all(|p| p.relation == Relation::Unknown));
        assert!(parse("composer.lock", "{\"packages\": {}}", &|_| None).is_err());
    }
}
