//! The stack: languages, frameworks, mobile toolkits, datastores, ORMs, job queues, auth,
//! payments, AI and error-tracking services, cloud SDKs, hosting platforms, CI providers,
//! containers, infrastructure tools, package managers, test and build tools, each with where it
//! was declared. Read from the inventory's well-known documents with a signature table embedded
//! at build time (`signatures.toml`). Manifests and files under example, test, docs or
//! benchmark folders (`is_auxiliary_path`) are listed but are not evidence for the stack.

mod detect;
mod manifests;
mod signatures;

pub use detect::read_stack;
pub use signatures::{ECOSYSTEMS, KINDS, Signature, signatures, signatures_date};

/// One technology and the evidence for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Technology {
    /// One of `KINDS`: `language`, `framework`, `mobile`, `datastore` (where data lives: a
    /// database, cache, search engine or data platform such as Postgres, Redis or Supabase),
    /// `orm` (an ORM, ODM or data-access library such as Prisma, Active Record, Diesel or
    /// Mongoose), `queue` (background jobs and messaging such as Sidekiq or Celery), `auth`,
    /// `payments`, `ai` (model providers' SDKs and LLM frameworks), `error-tracking`,
    /// `cloud-sdk`, `hosting`, `ci`, `container`, `infrastructure`, `package-manager`,
    /// `testing`, `build`. See also `fcto_model::StackItem::kind`.
    pub kind: String,
    pub name: String,
    /// The version constraint of the first product manifest declaring the technology's own
    /// package (`django` → Django, `next` → Next.js), with pnpm `catalog:` references resolved.
    /// `None` when it was only seen through a client library (see `via`), in files, or when the
    /// constraint is not a version (`*`, `workspace:*`, an unresolved `catalog:`).
    pub version: Option<String>,
    /// The client library (driver, SDK, wrapper) it was detected through when no manifest
    /// declares the technology's own package, with that library's constraint:
    /// `psycopg >=3.3.4,<4.0.0` for Postgres. The constraint is the library's, never the
    /// technology's version.
    pub via: Option<String>,
    /// (path, line) of each declaration in the product; line is 1-based, `None` for
    /// file-presence evidence. Declarations under auxiliary folders are not listed.
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
    /// Direct dependencies: (name, version constraint as written, 1-based line). pnpm
    /// `catalog:` references are replaced by the catalog's constraint when the workspace file
    /// has it.
    pub dependencies: Vec<Dependency>,
    /// Lockfiles found beside it (paths).
    pub lockfiles: Vec<String>,
    /// Published library rather than an application, when the manifest says so
    /// (e.g. `[lib]` only in Cargo.toml, npm `main`/`exports` without `private`).
    pub library: bool,
    /// Parse problem, if the manifest could not be read; the manifest is still listed.
    pub problem: Option<String>,
    /// Under an example, test, docs or benchmark folder: not part of the product's stack
    /// (see `is_auxiliary_path`). Its dependencies create no technologies.
    pub auxiliary: bool,
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
    /// Every manifest, product and auxiliary, in path order.
    pub manifests: Vec<Manifest>,
    /// Directories holding a product manifest, `.` for the root; the packages of a monorepo.
    pub packages: Vec<String>,
    /// Directories holding a manifest under an example, test, docs or benchmark folder.
    pub auxiliary_packages: Vec<String>,
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

    /// The manifests of the product (not under an auxiliary folder).
    pub fn product_manifests(&self) -> impl Iterator<Item = &Manifest> + '_ {
        self.manifests.iter().filter(|m| !m.auxiliary)
    }
}

/// Directory names whose contents are examples, tests, docs or benchmarks rather than the
/// product. Compared case-insensitively with each directory of a path (not the file name).
pub const AUXILIARY_DIRS: &[&str] = &[
    "example",
    "examples",
    "sample",
    "samples",
    "demo",
    "demos",
    "test",
    "tests",
    "e2e",
    "__tests__",
    "spec",
    "fixtures",
    "testdata",
    "docs",
    "doc",
    "benchmarks",
    "bench",
    // Rust's directory for benchmarks.
    "benches",
];

/// Whether a relative, `/`-separated path is under an example, test, docs or benchmark folder
/// (`AUXILIARY_DIRS`): such manifests and files are not evidence for the product's stack.
pub fn is_auxiliary_path(path: &str) -> bool {
    let Some((dirs, _)) = path.rsplit_once('/') else {
        return false;
    };
    dirs.split('/')
        .any(|d| AUXILIARY_DIRS.iter().any(|a| d.eq_ignore_ascii_case(a)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auxiliary_paths() {
        for p in [
            "examples/celery/requirements.txt",
            "test/e2e/proxy/package.json",
            "Examples/x/Cargo.toml",
            "web/__tests__/fixtures/package.json",
            "docs/package.json",
            "bench/Cargo.toml",
            "benches/x/Cargo.toml",
            "spec/dummy/Gemfile",
            "src/test/resources/pom.xml",
        ] {
            assert!(is_auxiliary_path(p), "{p}");
        }
        for p in [
            "package.json",
            "requirements/test.txt",
            "apps/web/package.json",
            "testing/package.json",
            "example.com/go.mod",
            "latest/Cargo.toml",
            "docs",
            "benchmark/x/Cargo.toml",
        ] {
            assert!(!is_auxiliary_path(p), "{p}");
        }
    }
}
