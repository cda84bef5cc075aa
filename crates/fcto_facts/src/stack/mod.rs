//! The stack: languages, frameworks, datastores, cloud SDKs, hosting platforms, CI providers and
//! package managers, each with where it was declared. Read from the inventory's well-known
//! documents with a signature table embedded at build time (`signatures.toml`).

mod detect;
mod manifests;
mod signatures;

pub use detect::read_stack;
pub use signatures::{ECOSYSTEMS, KINDS, Signature, signatures, signatures_date};

/// One technology and the evidence for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Technology {
    /// See `fcto_model::StackItem::kind`.
    pub kind: String,
    pub name: String,
    pub version: Option<String>,
    /// (path, line) of each declaration; line is 1-based, `None` for file-presence evidence.
    pub declared_in: Vec<(String, Option<u32>)>,
}

/// A dependency manifest and what it declares.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    /// Path of the manifest file.
    pub path: String,
    /// `npm`, `pypi`, `rubygems`, `go`, `cargo`, `packagist`, `maven`, `gradle`, `nuget`, `hex`,
    /// `pub`, `swift`, `cocoapods`.
    pub ecosystem: String,
    /// Direct dependencies: (name, version constraint as written, 1-based line).
    pub dependencies: Vec<Dependency>,
    /// Lockfiles found beside it (paths).
    pub lockfiles: Vec<String>,
    /// Published library rather than an application, when the manifest says so
    /// (e.g. `[lib]` only in Cargo.toml, npm `main`/`exports` without `private`).
    pub library: bool,
    /// Parse problem, if the manifest could not be read; the manifest is still listed.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    pub name: String,
    pub constraint: Option<String>,
    pub line: Option<u32>,
    /// Development-only dependency.
    pub dev: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Stack {
    pub technologies: Vec<Technology>,
    pub manifests: Vec<Manifest>,
    /// Directories holding a manifest, `.` for the root; the packages of a monorepo.
    pub packages: Vec<String>,
    /// Problems met while parsing (malformed JSON/YAML/TOML), for notes.
    pub problems: Vec<String>,
}

impl Stack {
    pub fn has(&self, kind: &str, name: &str) -> bool {
        self.technologies
            .iter()
            .any(|t| t.kind == kind && t.name.eq_ignore_ascii_case(name))
    }

    pub fn of_kind<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Technology> + 'a {
        self.technologies.iter().filter(move |t| t.kind == kind)
    }
}
