//! npm's `package-lock.json` and `npm-shrinkwrap.json`: lockfile v2/v3 read from the `packages`
//! map (keyed by install path), v1 from the nested `dependencies` tree.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::ReadFile;
use super::common::{direct_or_transitive, manifest_relation};
use super::js::{self, Collected};
use crate::deps::{Package, Relation};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Lock {
    lockfile_version: Option<u32>,
    packages: Option<HashMap<String, Entry>>,
    dependencies: Option<HashMap<String, V1Entry>>,
}

/// One entry of the v2/v3 `packages` map.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    name: Option<String>,
    version: Option<String>,
    resolved: Option<String>,
    #[serde(default)]
    link: bool,
    #[serde(default)]
    dev: bool,
    #[serde(default)]
    dev_optional: bool,
    #[serde(default)]
    dependencies: Keys,
    #[serde(default)]
    dev_dependencies: Keys,
    #[serde(default)]
    optional_dependencies: Keys,
    #[serde(default)]
    peer_dependencies: Keys,
}

/// The keys of a JSON object whose values are not needed (a project's declared dependencies).
#[derive(Default)]
struct Keys(Vec<String>);

impl<'de> Deserialize<'de> for Keys {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeysVisitor;
        impl<'de> serde::de::Visitor<'de> for KeysVisitor {
            type Value = Keys;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    map.next_value::<IgnoredAny>()?;
                    keys.push(key);
                }
                Ok(Keys(keys))
            }
        }
        deserializer.deserialize_map(KeysVisitor)
    }
}

impl Entry {
    fn declared(&self) -> HashSet<&str> {
        [
            &self.dependencies,
            &self.dev_dependencies,
            &self.optional_dependencies,
            &self.peer_dependencies,
        ]
        .into_iter()
        .flat_map(|m| m.0.iter().map(String::as_str))
        .collect()
    }
}

/// One entry of the v1 `dependencies` tree.
#[derive(Deserialize)]
struct V1Entry {
    version: Option<String>,
    #[serde(default)]
    dev: bool,
    dependencies: Option<HashMap<String, V1Entry>>,
}

/// Reads a `package-lock.json` or `npm-shrinkwrap.json`.
pub(super) fn parse(path: &str, text: &str, read: ReadFile<'_>) -> Result<Vec<Package>, String> {
    let lock: Lock = serde_json::from_str(text)
        .map_err(|e| format!("{path} is not a valid npm lockfile: {e}"))?;
    let lines = key_lines(text);
    let mut out = Collected::new(path);
    match (&lock.packages, &lock.dependencies) {
        (Some(packages), _) if !packages.is_empty() => {
            let root_manifest = || js::read_manifest(read, js::dir_of(path));
            from_packages(packages, root_manifest, &lines, &mut out);
        }
        (_, Some(deps)) => {
            let manifest = js::read_manifest(read, js::dir_of(path));
            from_v1(deps, manifest.as_ref(), &lines, &mut out);
        }
        _ if lock.lockfile_version.is_some() => {}
        _ => {
            return Err(format!(
                "{path} is not an npm lockfile: it has no lockfileVersion, packages or dependencies"
            ));
        }
    }
    Ok(out.finish())
}

/// The v2/v3 `packages` map. Keys without `node_modules/` are the root (`""`) and local
/// projects (workspaces, `file:` folders); their declared dependencies are the direct ones.
fn from_packages(
    packages: &HashMap<String, Entry>,
    root_manifest: impl FnOnce() -> Option<js::Manifest>,
    lines: &HashMap<String, u32>,
    out: &mut Collected,
) {
    let mut projects: HashMap<&str, HashSet<&str>> = packages
        .iter()
        .filter(|(key, e)| !is_installed(key) && !e.link)
        .map(|(key, e)| (key.as_str(), e.declared()))
        .collect();
    let manifest = if projects.contains_key("") {
        None
    } else {
        root_manifest()
    };
    if let Some(m) = &manifest {
        projects.insert("", m.deps.iter().map(|d| d.key.as_str()).collect());
    }
    for (key, entry) in packages {
        let Some((parent, install_name)) = key.rsplit_once("node_modules/") else {
            continue;
        };
        let Some(version) = entry.version.as_deref() else {
            continue;
        };
        if entry.link || !from_registry(entry) || !js::is_registry_version(version) {
            continue;
        }
        let parent = parent.strip_suffix('/').unwrap_or(parent);
        let relation = relation(parent, install_name, &projects, packages);
        let name = entry.name.as_deref().unwrap_or(install_name);
        let line = lines.get(&format!("packages\0{key}")).copied();
        out.add(
            name,
            version,
            relation,
            entry.dev || entry.dev_optional,
            line,
        );
    }
}

/// Direct when the project that owns the `node_modules` folder declares it; a package hoisted
/// to the root's `node_modules` is direct for any project that declares it and has no copy of
/// its own.
fn relation(
    parent: &str,
    install_name: &str,
    projects: &HashMap<&str, HashSet<&str>>,
    packages: &HashMap<String, Entry>,
) -> Relation {
    if parent.is_empty() {
        if !projects.contains_key("") {
            return Relation::Unknown;
        }
        let direct = projects.iter().any(|(project, declared)| {
            declared.contains(install_name)
                && (project.is_empty()
                    || !packages.contains_key(&format!("{project}/node_modules/{install_name}")))
        });
        return direct_or_transitive(direct);
    }
    direct_or_transitive(
        projects
            .get(parent)
            .is_some_and(|declared| declared.contains(install_name)),
    )
}

/// Whether a `packages` key is an install path rather than a local project folder.
fn is_installed(key: &str) -> bool {
    key.starts_with("node_modules/") || key.contains("/node_modules/")
}

/// Registry tarballs have `/-/` in their path (`…/lodash/-/lodash-4.17.21.tgz`, on npmjs and
/// on mirrors); git, `file:` and other tarball URLs do not.
fn from_registry(entry: &Entry) -> bool {
    entry.resolved.as_deref().is_none_or(|r| {
        (r.starts_with("http://") || r.starts_with("https://")) && r.contains("/-/")
    })
}

/// The v1 `dependencies` tree: top-level entries are direct when the `package.json` beside
/// the lockfile names them, nested ones are transitive.
fn from_v1(
    deps: &HashMap<String, V1Entry>,
    manifest: Option<&js::Manifest>,
    lines: &HashMap<String, u32>,
    out: &mut Collected,
) {
    let mut stack: Vec<(String, &str, &V1Entry)> = deps
        .iter()
        .map(|(key, e)| (format!("dependencies\0{key}"), key.as_str(), e))
        .collect();
    while let Some((path, key, entry)) = stack.pop() {
        let top_level = path.matches('\0').count() == 1;
        if let Some(children) = &entry.dependencies {
            for (child_key, child) in children {
                stack.push((
                    format!("{path}\0dependencies\0{child_key}"),
                    child_key,
                    child,
                ));
            }
        }
        let Some((name, version)) = entry.version.as_deref().and_then(|v| v1_version(key, v))
        else {
            continue;
        };
        let relation = if top_level {
            manifest_relation(manifest.map(|m| m.dep(key).is_some()))
        } else {
            Relation::Transitive
        };
        out.add(
            name,
            version,
            relation,
            entry.dev,
            lines.get(&path).copied(),
        );
    }
}

/// The real name and version of a v1 entry: `npm:real@1.2.3` for an alias, a plain version
/// for a registry package; `None` for `file:`, git and URL versions.
fn v1_version<'a>(key: &'a str, version: &'a str) -> Option<(&'a str, &'a str)> {
    let (name, version) = match version.strip_prefix("npm:") {
        Some(aliased) => js::split_name(aliased)?,
        None => (key, version),
    };
    js::is_registry_version(version).then_some((name, version))
}

/// The line of each object key in npm's pretty-printed JSON, keyed by its path below the root
/// joined with NUL (`packages\0node_modules/ms`), for keys whose parent is `packages` or
/// `dependencies`. One pass over the lines.
fn key_lines(text: &str) -> HashMap<String, u32> {
    let mut lines = HashMap::new();
    let mut stack: Vec<String> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.ends_with('{') {
            let key = trimmed
                .strip_suffix('{')
                .and_then(|s| s.trim_end().strip_suffix(':'))
                .and_then(|k| serde_json::from_str::<String>(k.trim()).ok())
                .unwrap_or_default();
            stack.push(key);
            let parent = stack.len().checked_sub(2).map(|i| stack[i].as_str());
            if stack.len() >= 3 && matches!(parent, Some("packages" | "dependencies")) {
                lines.insert(stack[1..].join("\0"), n as u32 + 1);
            }
        } else if trimmed.starts_with('}') {
            stack.pop();
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::js::find;
    use super::*;

    const V3: &str = r#"{
  "name": "shop",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "shop",
      "version": "1.0.0",
      "workspaces": [
        "packages/*"
      ],
      "dependencies": {
        "express": "^4.19.2",
        "lodash": "4.17.20"
      },
      "devDependencies": {
        "mocha": "^10.4.0"
      }
    },
    "node_modules/@demo/a": {
      "resolved": "packages/a",
      "link": true
    },
    "node_modules/express": {
      "version": "4.22.3",
      "resolved": "https://registry.npmjs.org/express/-/express-4.22.3.tgz",
      "license": "MIT",
      "dependencies": {
        "ms": "2.0.0"
      }
    },
    "node_modules/express/node_modules/ms": {
      "version": "2.0.0",
      "resolved": "https://registry.npmjs.org/ms/-/ms-2.0.0.tgz",
      "license": "MIT"
    },
    "node_modules/lodash": {
      "version": "4.17.20",
      "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.20.tgz"
    },
    "node_modules/lodash-alias": {
      "name": "lodash",
      "version": "4.17.21",
      "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz"
    },
    "node_modules/mocha": {
      "version": "10.8.2",
      "resolved": "https://registry.npmjs.org/mocha/-/mocha-10.8.2.tgz",
      "dev": true,
      "dependencies": {
        "ms": "^2.1.3"
      }
    },
    "node_modules/ms": {
      "version": "2.1.3",
      "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz",
      "dev": true
    },
    "node_modules/semver": {
      "version": "7.8.6",
      "resolved": "https://registry.npmjs.org/semver/-/semver-7.8.6.tgz",
      "dev": true
    },
    "node_modules/private-tool": {
      "version": "1.0.0",
      "resolved": "git+ssh://git@github.com/acme/private-tool.git#3f1c9a0b2d"
    },
    "packages/a": {
      "name": "@demo/a",
      "version": "0.1.0",
      "dependencies": {
        "lodash-alias": "npm:lodash@4.17.21",
        "uuid": "^9.0.1"
      },
      "devDependencies": {
        "semver": "^7.6.0"
      }
    },
    "packages/a/node_modules/uuid": {
      "version": "9.0.1",
      "resolved": "https://registry.npmjs.org/uuid/-/uuid-9.0.1.tgz"
    }
  }
}
"#;

    fn no_files(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn v3_packages_map() {
        let list = parse("web/package-lock.json", V3, &no_files).expect("parses");
        let names = js::ids(&list);
        assert_eq!(
            names,
            [
                "express@4.22.3",
                "ms@2.0.0",
                "lodash@4.17.20",
                "lodash@4.17.21",
                "mocha@10.8.2",
                "ms@2.1.3",
                "semver@7.8.6",
                "uuid@9.0.1"
            ]
        );
        let express = find(&list, "express", "4.22.3");
        assert_eq!((express.relation, express.dev), (Relation::Direct, false));
        assert_eq!(express.line, Some(25));
        assert_eq!(express.file, "web/package-lock.json");
        assert_eq!(find(&list, "ms", "2.0.0").relation, Relation::Transitive);
        assert_eq!(find(&list, "ms", "2.0.0").line, Some(33));
        let mocha = find(&list, "mocha", "10.8.2");
        assert_eq!((mocha.relation, mocha.dev), (Relation::Direct, true));
        let ms = find(&list, "ms", "2.1.3");
        assert_eq!((ms.relation, ms.dev), (Relation::Transitive, true));
        // Declared by the workspace `packages/a` and hoisted to the root.
        assert_eq!(find(&list, "lodash", "4.17.21").relation, Relation::Direct);
        assert_eq!(find(&list, "semver", "7.8.6").relation, Relation::Direct);
        assert_eq!(find(&list, "uuid", "9.0.1").relation, Relation::Direct);
    }

    const V1: &str = r#"{
  "name": "legacy",
  "version": "1.0.0",
  "lockfileVersion": 1,
  "requires": true,
  "dependencies": {
    "debug": {
      "version": "2.6.9",
      "resolved": "https://registry.npmjs.org/debug/-/debug-2.6.9.tgz",
      "requires": {
        "ms": "2.0.0"
      },
      "dependencies": {
        "ms": {
          "version": "2.0.0",
          "resolved": "https://registry.npmjs.org/ms/-/ms-2.0.0.tgz"
        }
      }
    },
    "left-pad": {
      "version": "github:stevemao/left-pad#5a1b2c3",
      "from": "github:stevemao/left-pad"
    },
    "local-lib": {
      "version": "file:../local-lib"
    },
    "ms": {
      "version": "2.1.3",
      "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz",
      "dev": true
    },
    "old-lodash": {
      "version": "npm:lodash@4.17.21",
      "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz"
    }
  }
}
"#;

    #[test]
    fn v1_tree_with_manifest() {
        let read = |p: &str| {
            (p == "package.json").then(|| {
                r#"{"dependencies":{"debug":"^2.6.0","old-lodash":"npm:lodash@^4"},
                    "devDependencies":{"tap":"^16"}}"#
                    .to_string()
            })
        };
        let list = parse("package-lock.json", V1, &read).expect("parses");
        assert_eq!(list.len(), 4);
        let debug = find(&list, "debug", "2.6.9");
        assert_eq!((debug.relation, debug.line), (Relation::Direct, Some(7)));
        let nested = find(&list, "ms", "2.0.0");
        assert_eq!(
            (nested.relation, nested.line),
            (Relation::Transitive, Some(14))
        );
        let ms = find(&list, "ms", "2.1.3");
        assert_eq!((ms.relation, ms.dev), (Relation::Transitive, true));
        assert_eq!(find(&list, "lodash", "4.17.21").relation, Relation::Direct);
        assert!(
            !list
                .iter()
                .any(|p| p.name == "left-pad" || p.name == "local-lib")
        );
    }

    #[test]
    fn v1_without_manifest_is_unknown_at_top_level() {
        let list = parse("package-lock.json", V1, &no_files).expect("parses");
        assert_eq!(find(&list, "debug", "2.6.9").relation, Relation::Unknown);
        assert_eq!(find(&list, "ms", "2.0.0").relation, Relation::Transitive);
    }

    #[test]
    fn v2_prefers_the_packages_map() {
        // v2 repeats the tree in the v1 `dependencies` form for old npm versions.
        let v2 = r#"{
  "lockfileVersion": 2,
  "packages": {
    "": {
      "dependencies": {
        "ms": "^2.1.3"
      }
    },
    "node_modules/ms": {
      "version": "2.1.3"
    }
  },
  "dependencies": {
    "ms": {
      "version": "2.1.2"
    }
  }
}"#;
        let list = parse("package-lock.json", v2, &no_files).expect("parses");
        assert_eq!(list.len(), 1);
        assert_eq!(
            (list[0].version.as_str(), list[0].relation, list[0].line),
            ("2.1.3", Relation::Direct, Some(9))
        );
    }

    #[test]
    fn broken_files_are_errors() {
        let err = parse("package-lock.json", "{\"packages\": {", &no_files).expect_err("broken");
        assert!(
            err.starts_with("package-lock.json is not a valid npm lockfile"),
            "{err}"
        );
        assert!(parse("package-lock.json", "{\"name\": \"x\"}", &no_files).is_err());
        let empty = r#"{"lockfileVersion": 3, "packages": {"": {"name": "x"}}}"#;
        assert_eq!(parse("package-lock.json", empty, &no_files), Ok(Vec::new()));
    }
}
