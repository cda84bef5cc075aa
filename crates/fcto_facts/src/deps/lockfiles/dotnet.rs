//! `NuGet`'s packages.lock.json: `dependencies` ──▶ target framework ──▶ package ──▶
//! `{type, resolved}`. Project references are skipped; a package locked for several frameworks
//! is reported once.

use std::collections::HashMap;

use serde::Deserialize;

use super::ReadFile;
use super::common::in_file_order;
use crate::deps::{Ecosystem, Package, Relation};

#[derive(Deserialize)]
struct Lock {
    dependencies: HashMap<String, HashMap<String, Entry>>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(rename = "type")]
    kind: String,
    resolved: Option<String>,
}

pub(super) fn parse(path: &str, text: &str, _read: ReadFile<'_>) -> Result<Vec<Package>, String> {
    let lock: Lock = serde_json::from_str(text)
        .map_err(|e| format!("{path} is not a valid packages.lock.json: {e}"))?;
    let lines = key_lines(text);
    let packages: Vec<Package> = lock
        .dependencies
        .into_values()
        .flatten()
        .filter_map(|(name, entry)| {
            let relation = match entry.kind.as_str() {
                "Direct" => Relation::Direct,
                "Transitive" | "CentralTransitive" => Relation::Transitive,
                _ => return None,
            };
            Some(Package {
                ecosystem: Ecosystem::NuGet,
                version: entry.resolved?,
                relation,
                dev: false,
                file: path.to_string(),
                line: lines.get(name.as_str()).copied(),
                name,
            })
        })
        .collect();
    // The frameworks come out of a hash map: order by position in the file.
    Ok(in_file_order(packages))
}

/// The first line of each `"key": {` in the text.
fn key_lines(text: &str) -> HashMap<&str, u32> {
    let mut out = HashMap::new();
    for (index, line) in text.lines().enumerate() {
        let Some(rest) = line.trim_start().strip_prefix('"') else {
            continue;
        };
        if let Some((key, tail)) = rest.split_once('"')
            && tail
                .trim_start()
                .strip_prefix(':')
                .is_some_and(|t| t.trim_start().starts_with('{'))
        {
            out.entry(key).or_insert(index as u32 + 1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"{
  "version": 1,
  "dependencies": {
    "net8.0": {
      "Newtonsoft.Json": {
        "type": "Direct",
        "requested": "[13.0.3, )",
        "resolved": "13.0.3",
        "contentHash": "HrC5BXdl00IP9zeV+0Z848QWPAoCr9P3bDEZguI+gkLcBKAOxix/tLEAAHC+UvDNPv4a2d18lOReHMOagPa+zQ=="
      },
      "Serilog": {
        "type": "CentralTransitive",
        "requested": "[3.1.1, )",
        "resolved": "3.1.1",
        "contentHash": "P6G4/4Kt9bT635bhuwdXlJ2SCqqn2nhh4gqFqQueCOr9bK/e7W9ll/IoX1Ter948cV2Z/5+5v8pAfJYUISY03A=="
      },
      "Shop.Core": {
        "type": "Project",
        "dependencies": {
          "Serilog": "[3.1.1, )"
        }
      }
    },
    "net6.0": {
      "Newtonsoft.Json": {
        "type": "Direct",
        "requested": "[13.0.3, )",
        "resolved": "13.0.3"
      },
      "System.Text.Json": {
        "type": "Transitive",
        "resolved": "6.0.0"
      }
    }
  }
}"#;

    #[test]
    fn frameworks_merged_projects_skipped() {
        let out = parse("src/App/packages.lock.json", LOCK, &|_: &str| None).unwrap();
        let got: Vec<_> = out
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_str(), p.relation, p.line))
            .collect();
        assert_eq!(
            got,
            [
                ("Newtonsoft.Json", "13.0.3", Relation::Direct, Some(5)),
                ("Serilog", "3.1.1", Relation::Transitive, Some(11)),
                ("System.Text.Json", "6.0.0", Relation::Transitive, Some(30)),
            ]
        );
        assert!(parse("packages.lock.json", "{\"version\": 1}", &|_: &str| None).is_err());
    }
}
