//! `pnpm-lock.yaml`, lockfile versions 5.x (`/name/1.2.3_peer`), 6.x (`/name@1.2.3(peer)`)
//! and 9.x (`name@1.2.3` in `packages:`, dependencies in `snapshots:`). Direct dependencies are
//! those of the `importers` (or of the single project at the top level of 5.x files).

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};

use super::ReadFile;
use super::common::yaml_section_lines;
use super::js::{self, Collected, Roots};
use crate::deps::Package;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Lock {
    lockfile_version: Option<String>,
    #[serde(default)]
    importers: BTreeMap<String, Importer>,
    /// A single-project 5.x file keeps its importer's fields at the top level.
    #[serde(flatten)]
    top: Importer,
    #[serde(default)]
    packages: BTreeMap<String, Entry>,
    #[serde(default)]
    snapshots: BTreeMap<String, Snapshot>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Importer {
    #[serde(default)]
    dependencies: BTreeMap<String, DepRef>,
    #[serde(default)]
    optional_dependencies: BTreeMap<String, DepRef>,
    #[serde(default)]
    dev_dependencies: BTreeMap<String, DepRef>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    dev: Option<bool>,
    resolution: Option<Resolution>,
    #[serde(default)]
    dependencies: BTreeMap<String, String>,
    #[serde(default)]
    optional_dependencies: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct Resolution {
    /// `git` or `directory` for packages that are not from a registry.
    #[serde(rename = "type")]
    kind: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Snapshot {
    #[serde(default)]
    dependencies: BTreeMap<String, String>,
    #[serde(default)]
    optional_dependencies: BTreeMap<String, String>,
}

/// An importer's dependency: `1.2.3` in 5.x, `{specifier, version}` from 6.0 on.
struct DepRef(String);

impl<'de> Deserialize<'de> for DepRef {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RefVisitor;
        impl<'de> Visitor<'de> for RefVisitor {
            type Value = DepRef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a version or a {specifier, version} map")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DepRef, E> {
                Ok(DepRef(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<DepRef, E> {
                Ok(DepRef(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<DepRef, E> {
                Ok(DepRef(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<DepRef, E> {
                Ok(DepRef(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DepRef, A::Error> {
                let mut version = String::new();
                while let Some(key) = map.next_key::<String>()? {
                    if key == "version" {
                        version = map.next_value::<DepRef>()?.0;
                    } else {
                        map.next_value::<de::IgnoredAny>()?;
                    }
                }
                Ok(DepRef(version))
            }
        }
        deserializer.deserialize_any(RefVisitor)
    }
}

/// How package keys and references are spelt.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Syntax {
    /// 5.x: `/name/1.2.3_peer@1.0.0`.
    Slash,
    /// 6.x and 9.x: `/name@1.2.3(peer@1.0.0)`, without the leading `/` in 9.x.
    At,
}

/// Reads a `pnpm-lock.yaml`.
pub(super) fn parse(path: &str, text: &str, _read: ReadFile<'_>) -> Result<Vec<Package>, String> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: 200_000_000,
            max_nodes: 100_000_000,
            max_total_scalar_bytes: 512 * 1024 * 1024,
        },
    };
    let lock: Lock = serde_saphyr::from_str_with_options(text, options)
        .map_err(|e| format!("{path} is not a valid pnpm lockfile: {e}"))?;
    let version = lock
        .lockfile_version
        .as_deref()
        .ok_or_else(|| format!("{path} is not a pnpm lockfile: it has no lockfileVersion"))?;
    let major: u32 = version
        .split('.')
        .next()
        .and_then(|m| m.trim_start_matches('v').parse().ok())
        .ok_or_else(|| format!("{path} has an unreadable lockfileVersion {version:?}"))?;
    let syntax = if major < 6 { Syntax::Slash } else { Syntax::At };
    Ok(collect(path, text, &lock, syntax))
}

/// A registry package of the file: its id (`name@version`, without peer suffixes), name,
/// version and entry.
struct Node<'a> {
    name: &'a str,
    version: &'a str,
    entry: &'a Entry,
    key: &'a str,
}

fn collect(path: &str, text: &str, lock: &Lock, syntax: Syntax) -> Vec<Package> {
    let mut nodes: Vec<Node> = Vec::new();
    let mut index: HashMap<(&str, &str), usize> = HashMap::new();
    for (key, entry) in &lock.packages {
        let Some((name, version)) = key_package(key, syntax) else {
            continue;
        };
        if entry.resolution.as_ref().is_some_and(|r| r.kind.is_some()) {
            continue;
        }
        index.entry((name, version)).or_insert_with(|| {
            nodes.push(Node {
                name,
                version,
                entry,
                key,
            });
            nodes.len() - 1
        });
    }
    let resolve = |name: &str, reference: &str| -> Option<usize> {
        let (name, version) = reference_package(name, reference, syntax)?;
        index.get(&(name, version)).copied()
    };
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    let dependency_lists = nodes.iter().enumerate().flat_map(|(i, n)| {
        [&n.entry.dependencies, &n.entry.optional_dependencies].map(|deps| (i, deps))
    });
    let snapshot_lists = lock.snapshots.iter().filter_map(|(key, s)| {
        let at = *index.get(&key_package(key, syntax)?)?;
        Some([(at, &s.dependencies), (at, &s.optional_dependencies)])
    });
    for (from, deps) in dependency_lists.chain(snapshot_lists.flatten()) {
        edges[from].extend(deps.iter().filter_map(|(n, r)| resolve(n, r)));
    }
    let importers: Vec<&Importer> = if lock.importers.is_empty() {
        vec![&lock.top]
    } else {
        lock.importers.values().collect()
    };
    let mut roots = Roots::new(nodes.len());
    for importer in importers {
        let lists = [
            (&importer.dependencies, false),
            (&importer.optional_dependencies, false),
            (&importer.dev_dependencies, true),
        ];
        for (deps, dev) in lists {
            for i in deps.iter().filter_map(|(n, r)| resolve(n, &r.0)) {
                roots.declare(i, dev);
            }
        }
    }
    let reach = roots.reach(&edges);
    let lines = yaml_section_lines(text, "packages");
    let mut out = Collected::new(path);
    for (i, node) in nodes.iter().enumerate() {
        let dev_only = node.entry.dev.unwrap_or_else(|| reach.dev_only(i));
        out.add(
            node.name,
            node.version,
            reach.relation(i),
            dev_only,
            lines.get(node.key).copied(),
        );
    }
    out.finish()
}

/// The registry name and version of a `packages:` or `snapshots:` key; `None` for folders,
/// links, git and tarball entries.
fn key_package(key: &str, syntax: Syntax) -> Option<(&str, &str)> {
    let (name, version) = match syntax {
        Syntax::Slash => {
            let (name, version) = key.strip_prefix('/')?.rsplit_once('/')?;
            (name, version.split('_').next().unwrap_or(version))
        }
        Syntax::At => {
            let key = key.strip_prefix('/').unwrap_or(key);
            js::split_name(key.split('(').next().unwrap_or(key))?
        }
    };
    js::is_registry_version(version).then_some((name, version))
}

/// The package a dependency reference points to: `1.2.3_peer` / `1.2.3(peer)` is a version
/// of `name`; an alias points to another key (`/lodash/4.17.21`, `/lodash@4.17.21`,
/// `lodash@4.17.21`); `link:` and `file:` point to local folders.
fn reference_package<'a>(
    name: &'a str,
    reference: &'a str,
    syntax: Syntax,
) -> Option<(&'a str, &'a str)> {
    if reference.starts_with(|c: char| c.is_ascii_digit()) {
        let version = match syntax {
            Syntax::Slash => reference.split('_').next(),
            Syntax::At => reference.split('(').next(),
        };
        return version.map(|v| (name, v));
    }
    match syntax {
        Syntax::Slash => key_package(reference, syntax),
        Syntax::At if reference.starts_with('/') => key_package(reference, syntax),
        Syntax::At => key_package(reference, syntax).filter(|_| !reference.contains(':')),
    }
}

#[cfg(test)]
mod tests {
    use super::js::find;
    use super::*;
    use crate::deps::Relation;

    fn parse_ok(text: &str) -> Vec<Package> {
        parse("app/pnpm-lock.yaml", text, &|_| None).expect("parses")
    }

    const V9: &str = r"lockfileVersion: '9.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

importers:

  .:
    dependencies:
      '@babel/core':
        specifier: ^7.24.0
        version: 7.29.17
      '@demo/a':
        specifier: workspace:*
        version: link:packages/a
    devDependencies:
      mocha:
        specifier: ^10.4.0
        version: 10.8.2

  packages/a:
    dependencies:
      lodash-alias:
        specifier: npm:lodash@4.17.21
        version: lodash@4.17.21

packages:

  '@babel/core@7.29.17':
    resolution: {integrity: sha512-dP4g0UpATLviwEEb46bBaeL5MyW3q7LwqGoaQJvjXGS8tdpxckLtDTI9FBwA5ioVHnYoR2nRqCf1BmlMwbZV5A==}
    engines: {node: '>=6.9.0'}

  '@babel/helper-module-transforms@7.29.17':
    resolution: {integrity: sha512-eY/pAYlV7pC5biPmW0M7fDqv1D+opqI0Ioa6OQeg0AV3465b8K8g9I9fvZIV11u35f7jU6q5RXYlUD6k4QLC3w==}
    peerDependencies:
      '@babel/core': ^7.0.0

  debug@4.4.3:
    resolution: {integrity: sha512-RGwwWnwQvkVfavKVt22FGLw+xYSdzARwm0ru6DhTVA3umU5hZc28V3kO4stgYryrTlLpuvgI9GiijltAjNbcqA==}

  left-pad@https://codeload.github.com/stevemao/left-pad/tar.gz/5a1b2c3:
    resolution: {tarball: https://codeload.github.com/stevemao/left-pad/tar.gz/5a1b2c3}
    version: 1.3.0

  lodash@4.17.21:
    resolution: {integrity: sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg==}

  mocha@10.8.2:
    resolution: {integrity: sha512-VZlYo/WE8t1tstuRmqgeyBgCbJc/lEdopaa+axcKzTBJ+UIdlAB9XnmvTCAH4pwR4ElNInaedhEBmZD8iCSVEg==}

  ms@2.1.3:
    resolution: {integrity: sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==}

  supports-color@8.1.1:
    resolution: {integrity: sha512-MpUvS2JEx2FQR1ZFAnpPZuvPsgpiR3mNmUMwQJ0qmmE5KXNyQ+s5Go0MLcV1w1gBH5+qDAiumrz0Vq8y8c3yIQ==}

snapshots:

  '@babel/core@7.29.17':
    dependencies:
      '@babel/helper-module-transforms': 7.29.17(@babel/core@7.29.17)
      debug: 4.4.3(supports-color@8.1.1)

  '@babel/helper-module-transforms@7.29.17(@babel/core@7.29.17)':
    dependencies:
      '@babel/core': 7.29.17

  debug@4.4.3(supports-color@8.1.1):
    dependencies:
      ms: 2.1.3
    optionalDependencies:
      supports-color: 8.1.1

  left-pad@https://codeload.github.com/stevemao/left-pad/tar.gz/5a1b2c3: {}

  lodash@4.17.21: {}

  mocha@10.8.2:
    dependencies:
      debug: 4.4.3(supports-color@8.1.1)
      supports-color: 8.1.1

  ms@2.1.3: {}

  supports-color@8.1.1: {}
";

    #[test]
    fn v9_importers_snapshots_and_aliases() {
        let list = parse_ok(V9);
        let names = js::ids(&list);
        assert_eq!(
            names,
            [
                "@babel/core@7.29.17",
                "@babel/helper-module-transforms@7.29.17",
                "debug@4.4.3",
                "lodash@4.17.21",
                "mocha@10.8.2",
                "ms@2.1.3",
                "supports-color@8.1.1"
            ]
        );
        let babel = find(&list, "@babel/core", "7.29.17");
        assert_eq!(
            (babel.relation, babel.dev, babel.line),
            (Relation::Direct, false, Some(30))
        );
        assert_eq!(babel.file, "app/pnpm-lock.yaml");
        assert_eq!(find(&list, "lodash", "4.17.21").relation, Relation::Direct);
        let mocha = find(&list, "mocha", "10.8.2");
        assert_eq!((mocha.relation, mocha.dev), (Relation::Direct, true));
        let ms = find(&list, "ms", "2.1.3");
        assert_eq!(
            (ms.relation, ms.dev, ms.line),
            (Relation::Transitive, false, Some(52))
        );
        // Only reached through mocha (debug's copy is optional, but debug is prod).
        let sc = find(&list, "supports-color", "8.1.1");
        assert_eq!((sc.relation, sc.dev), (Relation::Transitive, false));
    }

    const V6: &str = r"lockfileVersion: '6.0'

importers:

  .:
    dependencies:
      express:
        specifier: ^4.19.2
        version: 4.22.3
    devDependencies:
      mocha:
        specifier: ^10.4.0
        version: 10.8.2

  packages/a:
    dependencies:
      lodash-alias:
        specifier: npm:lodash@4.17.21
        version: /lodash@4.17.21

packages:

  /@babel/helper-module-transforms@7.29.17(@babel/core@7.29.17):
    resolution: {integrity: sha512-eY/pAYlV7pC5biPmW0M7fDqv1D+opqI0Ioa6OQeg0AV3465b8K8g9I9fvZIV11u35f7jU6q5RXYlUD6k4QLC3w==}
    dev: false

  /express@4.22.3:
    resolution: {integrity: sha512-Bdcs4+3qlpVlx2NRn6fgX2Ue2/gGRaPeawebgclM0ERSCqDpA+owF1fdPwjJUTAJWMTuAaxjDf+hzb0/4eKvvw==}
    dependencies:
      ms: 2.0.0
    dev: false

  /lodash@4.17.21:
    resolution: {integrity: sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg==}
    dev: false

  /mocha@10.8.2:
    resolution: {integrity: sha512-VZlYo/WE8t1tstuRmqgeyBgCbJc/lEdopaa+axcKzTBJ+UIdlAB9XnmvTCAH4pwR4ElNInaedhEBmZD8iCSVEg==}
    dependencies:
      ms: 2.1.3
    dev: true

  /ms@2.0.0:
    resolution: {integrity: sha512-Tpp60P6IUJDTuOq/5Z8cdskzJujfwqfOTkrwIwj7IRISpnkJnT6SyJ4PCPnGMoFjC9ddhal5KVIYtAt97ix05A==}
    dev: false

  /ms@2.1.3:
    resolution: {integrity: sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==}
    dev: true

  github.com/stevemao/left-pad/5a1b2c3d4e5f60718293a4b5c6d7e8f901234567:
    resolution: {tarball: https://codeload.github.com/stevemao/left-pad/tar.gz/5a1b2c3d4e5f60718293a4b5c6d7e8f901234567}
    name: left-pad
    version: 1.3.0
    dev: false
";

    #[test]
    fn v6_dev_field_and_peer_suffixes() {
        let list = parse_ok(V6);
        assert_eq!(list.len(), 6);
        let express = find(&list, "express", "4.22.3");
        assert_eq!(
            (express.relation, express.dev, express.line),
            (Relation::Direct, false, Some(27))
        );
        assert_eq!(find(&list, "lodash", "4.17.21").relation, Relation::Direct);
        let hmt = find(&list, "@babel/helper-module-transforms", "7.29.17");
        assert_eq!(hmt.relation, Relation::Transitive);
        assert!(find(&list, "ms", "2.1.3").dev);
        assert!(!find(&list, "ms", "2.0.0").dev);
        assert!(!list.iter().any(|p| p.name == "left-pad"));
    }

    const V5: &str = r"lockfileVersion: 5.4

specifiers:
  '@babel/core': ^7.24.0
  lodash-alias: npm:lodash@4.17.21
  local-lib: link:../local-lib

dependencies:
  '@babel/core': 7.29.17
  lodash-alias: /lodash/4.17.21
  local-lib: link:../local-lib

packages:

  /@babel/core/7.29.17:
    resolution: {integrity: sha512-dP4g0UpATLviwEEb46bBaeL5MyW3q7LwqGoaQJvjXGS8tdpxckLtDTI9FBwA5ioVHnYoR2nRqCf1BmlMwbZV5A==}
    dependencies:
      '@babel/helper-module-transforms': 7.29.17_@babel+core@7.29.17
    dev: false

  /@babel/helper-module-transforms/7.29.17_@babel+core@7.29.17:
    resolution: {integrity: sha512-eY/pAYlV7pC5biPmW0M7fDqv1D+opqI0Ioa6OQeg0AV3465b8K8g9I9fvZIV11u35f7jU6q5RXYlUD6k4QLC3w==}
    peerDependencies:
      '@babel/core': ^7.0.0
    dev: false

  /lodash/4.17.21:
    resolution: {integrity: sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg==}
    dev: false
";

    #[test]
    fn v5_single_project() {
        let list = parse_ok(V5);
        let names = js::ids(&list);
        assert_eq!(
            names,
            [
                "@babel/core@7.29.17",
                "@babel/helper-module-transforms@7.29.17",
                "lodash@4.17.21"
            ]
        );
        assert_eq!(list[0].relation, Relation::Direct);
        assert_eq!(list[0].line, Some(15));
        assert_eq!(
            (list[1].relation, list[1].line),
            (Relation::Transitive, Some(21))
        );
        assert_eq!(list[2].relation, Relation::Direct);
    }

    #[test]
    fn invalid_files() {
        let err = parse("pnpm-lock.yaml", "packages: [1, 2", &|_| None).expect_err("broken");
        assert!(
            err.starts_with("pnpm-lock.yaml is not a valid pnpm lockfile"),
            "{err}"
        );
        let err = parse("pnpm-lock.yaml", "packages: {}\n", &|_| None).expect_err("no version");
        assert_eq!(
            err,
            "pnpm-lock.yaml is not a pnpm lockfile: it has no lockfileVersion"
        );
    }
}
