//! One parser per lockfile format. Each takes the file's path (relative to the repository
//! root), its text and a reader for other files of the tree (by path relative to the root), and
//! returns the packages it resolves.

mod bun;
mod cargo;
mod common;
mod dart;
mod dotnet;
mod go;
mod hex;
mod js;
mod jvm;
mod npm;
mod php;
mod pnpm;
mod python;
mod ruby;
mod yarn;

use super::Package;

/// Reads another file of the tree by its path relative to the repository root.
pub type ReadFile<'a> = &'a dyn Fn(&str) -> Option<String>;

type Parser = fn(&str, &str, ReadFile<'_>) -> Result<Vec<Package>, String>;

/// The parser for a file, by its name.
fn parser(path: &str) -> Option<Parser> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    Some(match name {
        "package-lock.json" | "npm-shrinkwrap.json" => npm::parse,
        "yarn.lock" => yarn::parse,
        "pnpm-lock.yaml" => pnpm::parse,
        "bun.lock" => bun::parse,
        "poetry.lock" => python::parse_poetry,
        "uv.lock" => python::parse_uv,
        "Pipfile.lock" => python::parse_pipfile,
        "Cargo.lock" => cargo::parse,
        "go.mod" => go::parse_go_mod,
        "Gemfile.lock" | "gems.locked" => ruby::parse,
        "composer.lock" => php::parse,
        "gradle.lockfile" => jvm::parse_gradle,
        "pom.xml" => jvm::parse_pom,
        "packages.lock.json" => dotnet::parse,
        "mix.lock" => hex::parse,
        "pubspec.lock" => dart::parse,
        _ if (lower.starts_with("requirements") || path.contains("requirements/"))
            && lower.ends_with(".txt") =>
        {
            python::parse_requirements
        }
        _ => return None,
    })
}

/// Whether fcto reads packages from a file of this name.
pub fn is_lockfile(path: &str) -> bool {
    parser(path).is_some()
}

/// The packages of a lockfile; `None` when the file is not one fcto reads, `Err` with a plain
/// sentence when it cannot be read at all.
pub fn parse_lockfile(
    path: &str,
    text: &str,
    read: ReadFile<'_>,
) -> Option<Result<Vec<Package>, String>> {
    parser(path).map(|p| p(path, text, read))
}
