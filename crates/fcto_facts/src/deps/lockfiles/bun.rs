//! Bun's text lockfile `bun.lock`: JSON with trailing commas (JSONC). `workspaces` holds each
//! project's declared dependencies, `packages` maps install paths (`send/debug/ms`) to
//! `["name@version", registry, {dependencies}, integrity]`. The binary `bun.lockb` is not read.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::Value;

use super::ReadFile;
use super::js::{self, Collected, Roots};
use crate::deps::Package;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Lock {
    lockfile_version: Option<u32>,
    #[serde(default)]
    workspaces: BTreeMap<String, Workspace>,
    #[serde(default)]
    packages: BTreeMap<String, Vec<Value>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Workspace {
    name: Option<String>,
    #[serde(default)]
    dependencies: BTreeMap<String, Value>,
    #[serde(default)]
    optional_dependencies: BTreeMap<String, Value>,
    #[serde(default)]
    peer_dependencies: BTreeMap<String, Value>,
    #[serde(default)]
    dev_dependencies: BTreeMap<String, Value>,
}

/// Reads a `bun.lock`.
pub(super) fn parse(path: &str, text: &str, _read: ReadFile<'_>) -> Result<Vec<Package>, String> {
    let json = strip_jsonc(text);
    let lock: Lock =
        serde_json::from_str(&json).map_err(|e| format!("{path} is not a valid bun.lock: {e}"))?;
    if lock.lockfile_version.is_none() {
        return Err(format!(
            "{path} is not a bun.lock: it has no lockfileVersion"
        ));
    }
    let keys: Vec<&str> = lock.packages.keys().map(String::as_str).collect();
    let index: HashMap<&str, usize> = keys.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    let edges: Vec<Vec<usize>> = lock
        .packages
        .iter()
        .map(|(key, value)| {
            let parents = components(key);
            dependency_names(value)
                .filter_map(|dep| resolve(&index, &parents, dep))
                .collect()
        })
        .collect();
    let mut roots = Roots::new(keys.len());
    for ws in lock.workspaces.values() {
        let parents: Vec<&str> = ws.name.as_deref().into_iter().collect();
        let declared = [
            &ws.dependencies,
            &ws.optional_dependencies,
            &ws.peer_dependencies,
            &ws.dev_dependencies,
        ];
        for dep in declared.iter().flat_map(|m| m.keys()) {
            let Some(i) = resolve(&index, &parents, dep) else {
                continue;
            };
            let dev_only = ws.dev_dependencies.contains_key(dep)
                && !declared[..3].iter().any(|m| m.contains_key(dep));
            roots.declare(i, dev_only);
        }
    }
    let reach = roots.reach(&edges);
    let lines = package_lines(text);
    let mut out = Collected::new(path);
    for (i, (key, value)) in lock.packages.iter().enumerate() {
        let Some((name, version)) = value
            .first()
            .and_then(Value::as_str)
            .and_then(js::split_name)
            .filter(|(_, v)| js::is_registry_version(v))
        else {
            continue;
        };
        out.add(
            name,
            version,
            reach.relation(i),
            reach.dev_only(i),
            lines.get(key).copied(),
        );
    }
    Ok(out.finish())
}

/// The names a package entry depends on (its metadata object: the first object in the array).
fn dependency_names(entry: &[Value]) -> impl Iterator<Item = &str> {
    let meta = entry.iter().find_map(Value::as_object);
    ["dependencies", "optionalDependencies"]
        .into_iter()
        .filter_map(move |field| meta?.get(field)?.as_object())
        .flat_map(|deps| deps.keys().map(String::as_str))
}

/// The path components of a package key, scoped names kept whole: `@a/b/c` → `[@a/b, c]`.
fn components(key: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = key;
    while !rest.is_empty() {
        let cut = if rest.starts_with('@') {
            rest.find('/')
                .and_then(|s| rest[s + 1..].find('/').map(|e| s + 1 + e))
        } else {
            rest.find('/')
        };
        let (part, tail) = cut.map_or((rest, ""), |c| (&rest[..c], &rest[c + 1..]));
        out.push(part);
        rest = tail;
    }
    out
}

/// Node's lookup: `dep` as seen from a package at `parents` is the nearest
/// `parents[..n]/dep`, trying the deepest folder first.
fn resolve(index: &HashMap<&str, usize>, parents: &[&str], dep: &str) -> Option<usize> {
    (0..=parents.len()).rev().find_map(|n| {
        let key = if n == 0 {
            dep.to_string()
        } else {
            format!("{}/{dep}", parents[..n].join("/"))
        };
        index.get(key.as_str()).copied()
    })
}

/// The line of each key of the `packages` object, in Bun's one-entry-per-line layout.
fn package_lines(text: &str) -> HashMap<String, u32> {
    let mut lines = HashMap::new();
    let mut in_packages = false;
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if indent <= 2 && trimmed.starts_with('"') {
            in_packages = trimmed.starts_with("\"packages\"");
            continue;
        }
        if !in_packages || !trimmed.starts_with('"') {
            continue;
        }
        let key = trimmed
            .split_once("\": [")
            .and_then(|(k, _)| serde_json::from_str::<String>(&format!("{k}\"")).ok());
        if let Some(key) = key {
            lines.insert(key, n as u32 + 1);
        }
    }
    lines
}

/// JSON from JSONC: comments become spaces (newlines kept) and commas before `}` or `]` are
/// dropped; nothing inside strings changes. One pass.
fn strip_jsonc(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut pending_comma: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'"' => {
                pending_comma = None;
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(bytes.len());
                out.extend_from_slice(&bytes[start..i]);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    out.push(b' ');
                    i += 1;
                }
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |e| i + 2 + e + 2);
                out.extend(
                    bytes[i..end]
                        .iter()
                        .map(|&c| if c == b'\n' { b'\n' } else { b' ' }),
                );
                i = end;
                continue;
            }
            b',' => pending_comma = Some(out.len()),
            b'}' | b']' => {
                if let Some(at) = pending_comma.take() {
                    out[at] = b' ';
                }
            }
            b' ' | b'\t' | b'\r' | b'\n' => {}
            _ => pending_comma = None,
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::js::find;
    use super::*;
    use crate::deps::Relation;

    const LOCK: &str = r#"{
  "lockfileVersion": 1,
  "workspaces": {
    "": {
      "name": "shop",
      "dependencies": {
        "express": "^4.19.2",
      },
      "devDependencies": {
        "mocha": "^10.4.0",
      },
    },
    "packages/a": {
      "name": "@demo/a",
      "version": "0.1.0",
      "dependencies": {
        "lodash-alias": "npm:lodash@4.17.21",
        "ms": "^2.1.3",
        "local": "file:../local",
      },
    },
  },
  // Registry packages, nested copies and other sources.
  "packages": {
    "@demo/a": ["@demo/a@workspace:packages/a"],

    "debug": ["debug@4.4.3", "", { "dependencies": { "ms": "^2.1.3" }, "optionalPeers": ["supports-color"] }, "sha512-RGwwWnwQvkVfavKVt22FGLw+xYSdzARwm0ru6DhTVA3umU5hZc28V3kO4stgYryrTlLpuvgI9GiijltAjNbcqA=="],

    "express": ["express@4.22.3", "", { "dependencies": { "debug": "2.6.9" } }, "sha512-Bdcs4+3qlpVlx2NRn6fgX2Ue2/gGRaPeawebgclM0ERSCqDpA+owF1fdPwjJUTAJWMTuAaxjDf+hzb0/4eKvvw=="],

    "left-pad": ["left-pad@github:stevemao/left-pad#5a1b2c3", {}, "stevemao-left-pad-5a1b2c3"],

    "local": ["local@file:../local", {}],

    "lodash-alias": ["lodash@4.17.21", "", {}, "sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg=="],

    "mocha": ["mocha@10.8.2", "", { "dependencies": { "debug": "^4.3.5", "left-pad": "github:stevemao/left-pad" } }, "sha512-VZlYo/WE8t1tstuRmqgeyBgCbJc/lEdopaa+axcKzTBJ+UIdlAB9XnmvTCAH4pwR4ElNInaedhEBmZD8iCSVEg=="],

    "ms": ["ms@2.1.3", "", {}, "sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA=="],

    "express/debug": ["debug@2.6.9", "", { "dependencies": { "ms": "2.0.0" } }, "sha512-bC7ElrdJaJnPbAP+1EotYvqZsb3ecl5wi6Bfi6BJTUcNowp6cvspg0jXznRTKDjm/E7AdgFBVeAPVMNcKGsHMA=="],

    "express/debug/ms": ["ms@2.0.0", "", {}, "sha512-Tpp60P6IUJDTuOq/5Z8cdskzJujfwqfOTkrwIwj7IRISpnkJnT6SyJ4PCPnGMoFjC9ddhal5KVIYtAt97ix05A=="],
  }
}
"#;

    #[test]
    fn workspaces_nesting_and_sources() {
        let list = parse("bun.lock", LOCK, &|_| None).expect("parses");
        let names = js::ids(&list);
        assert_eq!(
            names,
            [
                "debug@4.4.3",
                "express@4.22.3",
                "lodash@4.17.21",
                "mocha@10.8.2",
                "ms@2.1.3",
                "debug@2.6.9",
                "ms@2.0.0"
            ]
        );
        let express = find(&list, "express", "4.22.3");
        assert_eq!(
            (express.relation, express.dev, express.line),
            (Relation::Direct, false, Some(29))
        );
        let debug = find(&list, "debug", "4.4.3");
        assert_eq!((debug.relation, debug.dev), (Relation::Transitive, true));
        // Declared by the workspace `packages/a`, so direct and needed outside development.
        let ms = find(&list, "ms", "2.1.3");
        assert_eq!((ms.relation, ms.dev), (Relation::Direct, false));
        assert_eq!(find(&list, "lodash", "4.17.21").relation, Relation::Direct);
        let nested = find(&list, "ms", "2.0.0");
        assert_eq!(
            (nested.relation, nested.dev, nested.line),
            (Relation::Transitive, false, Some(43))
        );
    }

    #[test]
    fn jsonc_is_stripped_outside_strings() {
        let text = "{\"a\": \"x, ] // not a comment\", /* c,\n */ \"b\": [1, 2,],}";
        let value: Value = serde_json::from_str(&strip_jsonc(text)).expect("json");
        assert_eq!(value["a"], "x, ] // not a comment");
        assert_eq!(value["b"], serde_json::json!([1, 2]));
        assert_eq!(strip_jsonc(text).matches('\n').count(), 1);
    }

    #[test]
    fn invalid_files() {
        let err = parse("bun.lock", "{\"packages\": {", &|_| None).expect_err("broken");
        assert!(err.starts_with("bun.lock is not a valid bun.lock"), "{err}");
        let err = parse("bun.lock", "{\"packages\": {}}", &|_| None).expect_err("no version");
        assert_eq!(err, "bun.lock is not a bun.lock: it has no lockfileVersion");
    }

    #[test]
    fn key_components() {
        assert_eq!(components("@babel/core/semver"), ["@babel/core", "semver"]);
        assert_eq!(components("send/debug/ms"), ["send", "debug", "ms"]);
        assert_eq!(components("a/@b/c/d"), ["a", "@b/c", "d"]);
    }
}
