//! Dependencies: lockfiles ──▶ packages (ecosystem, name, exact version, direct or transitive,
//! file and line), and advisories (OSV) matched against them with each ecosystem's own version
//! rules.
//!
//! Parsers are pure: they take the lockfile's text, and a reader for sibling files (the
//! manifest beside a lockfile says which packages are direct when the lockfile does not). They
//! never fail on a single odd entry; a file that cannot be read at all is an `Err` with a plain
//! sentence that goes into the report.

mod lockfiles;
pub mod osv;
pub mod osv_scanner;
pub mod version;

pub use lockfiles::{is_lockfile, parse_lockfile};

use serde::Serialize;

/// A package ecosystem, as OSV names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Ecosystem {
    Npm,
    PyPI,
    CratesIo,
    Go,
    RubyGems,
    Packagist,
    Maven,
    NuGet,
    Hex,
    Pub,
}

impl Ecosystem {
    pub const ALL: [Ecosystem; 10] = [
        Ecosystem::Npm,
        Ecosystem::PyPI,
        Ecosystem::CratesIo,
        Ecosystem::Go,
        Ecosystem::RubyGems,
        Ecosystem::Packagist,
        Ecosystem::Maven,
        Ecosystem::NuGet,
        Ecosystem::Hex,
        Ecosystem::Pub,
    ];

    /// The name OSV uses in `affected[].package.ecosystem` and in its bucket's folder names.
    pub fn osv_name(self) -> &'static str {
        match self {
            Ecosystem::Npm => "npm",
            Ecosystem::PyPI => "PyPI",
            Ecosystem::CratesIo => "crates.io",
            Ecosystem::Go => "Go",
            Ecosystem::RubyGems => "RubyGems",
            Ecosystem::Packagist => "Packagist",
            Ecosystem::Maven => "Maven",
            Ecosystem::NuGet => "NuGet",
            Ecosystem::Hex => "Hex",
            Ecosystem::Pub => "Pub",
        }
    }

    /// The ecosystem for an OSV name; OSV suffixes some with a release (`Debian:12`), which
    /// none of these have.
    pub fn from_osv(name: &str) -> Option<Ecosystem> {
        Ecosystem::ALL.into_iter().find(|e| e.osv_name() == name)
    }
}

/// A `PyPI` name normalised per PEP 503: lower case, each run of `-`, `_` and `.` as one `-`
/// (separators at either end dropped). This is how packages and advisories spell and compare
/// `PyPI` names.
pub fn pypi_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut separator = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            separator = true;
        } else {
            if separator && !out.is_empty() {
                out.push('-');
            }
            separator = false;
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// How a package came into the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// Named in the project's manifest.
    Direct,
    /// Pulled in by another package.
    Transitive,
    /// The lockfile does not say and no manifest was found beside it.
    Unknown,
}

/// One resolved package in a lockfile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Package {
    pub ecosystem: Ecosystem,
    /// The name as the ecosystem's registry and OSV spell it: `@scope/name` for npm,
    /// `group:artifact` for Maven, the module path for Go, the normalised (PEP 503: lower case,
    /// runs of `-_.` as `-`) name for PyPI.
    pub name: String,
    /// The exact resolved version, without a leading `v` for Go (`1.2.3`,
    /// `0.0.0-20210101000000-abcdef123456`, `2.0.0+incompatible`).
    pub version: String,
    pub relation: Relation,
    /// Only needed for development or tests (npm `dev`, Poetry's dev group, Pipfile's
    /// `develop`, composer's `packages-dev`...); `false` when the lockfile does not say.
    pub dev: bool,
    /// The lockfile, relative to the repository root.
    pub file: String,
    /// The 1-based line of the package's entry in the lockfile, when it can be found.
    pub line: Option<u32>,
}

/// The packages of every lockfile of the tree, and what could not be read.
#[derive(Debug, Clone, Default)]
pub struct Dependencies {
    /// Every package of every lockfile, in file order.
    pub packages: Vec<Package>,
    /// The lockfiles read (relative paths), with their package counts.
    pub files: Vec<(String, usize)>,
    /// Lockfiles that could not be read, in plain words.
    pub problems: Vec<String>,
    /// The advisories matched against `packages`, when advisory data was given.
    pub advisories: Option<osv::Advisories>,
    /// Why there are no advisories, when there are none.
    pub advisories_unavailable: Option<String>,
}

impl Dependencies {
    /// The ecosystems the packages belong to.
    pub fn ecosystems(&self) -> std::collections::BTreeSet<Ecosystem> {
        self.packages.iter().map(|p| p.ecosystem).collect()
    }
}

/// Reads the packages of every lockfile the inventory kept (outside vendored and generated
/// code). Sibling manifests are read from the inventory's documents, or from the repository
/// when the inventory did not keep them.
pub fn read_dependencies(
    repo: &crate::Repository,
    inventory: &crate::inventory::Inventory,
) -> Dependencies {
    let mut deps = Dependencies::default();
    let read = |path: &str| -> Option<String> {
        inventory
            .document(path)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .or_else(|| {
                inventory.file(path)?;
                repo.read_file(path)
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
            })
    };
    for file in &inventory.files {
        if file.exclusion.is_some() && !is_lockfile_exclusion_ok(file) {
            continue;
        }
        if !is_lockfile(&file.path) {
            continue;
        }
        let Some(text) = read(&file.path) else {
            continue;
        };
        match parse_lockfile(&file.path, &text, &read) {
            Some(Ok(packages)) => {
                deps.files.push((file.path.clone(), packages.len()));
                deps.packages.extend(packages);
            }
            Some(Err(problem)) => deps.problems.push(problem),
            None => {}
        }
    }
    deps
}

/// Lockfiles are often marked generated (linguist does so for package-lock.json and others);
/// they are still the project's dependencies. Vendored copies are not.
fn is_lockfile_exclusion_ok(file: &crate::inventory::FileEntry) -> bool {
    matches!(
        file.exclusion,
        Some(crate::inventory::Exclusion::Generated(_) | crate::inventory::Exclusion::Large)
    )
}
