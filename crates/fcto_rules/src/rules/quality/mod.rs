//! QUA: technical debt and code quality.

use crate::Analysis;
use fcto_facts::analysis::is_analysed_code;
use fcto_facts::analysis::test_code::{CodeFile, Role, classify, code_files, inline_tests};
use fcto_facts::syntax::{Marker, MarkerKind};

pub mod code_style;
pub mod debt_markers;
pub mod disabled_tests;
pub mod duplication;
pub mod escape_hatches;
pub mod hotspots;
pub mod huge_files;
pub mod swallowed_errors;
pub mod tangled_functions;
pub mod tests_kept_up;
pub mod tests_presence;

/// Paths that hold business-critical code (QUA-04's name list): payments, login, accounts.
pub fn is_critical_path(path: &str) -> bool {
    const WORDS: &[&str] = &[
        "pay",
        "billing",
        "invoice",
        "checkout",
        "subscription",
        "stripe",
        "paddle",
        "refund",
        "auth",
        "login",
        "signup",
        "register",
        "password",
        "session",
        "token",
        "permission",
        "admin",
        "webhook",
        "gdpr",
    ];
    let lower = path.to_ascii_lowercase();
    WORDS.iter().any(|w| lower.contains(w))
}

/// A marker of the syntax walk (escape hatch, swallowed error, disabled test) and its file.
#[derive(Debug, Clone, Copy)]
pub struct Located<'a> {
    pub path: &'a str,
    pub marker: &'a Marker,
}

/// Where the markers are looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// The product's own code: no tests (files or Rust's inline test modules), test support,
    /// examples, generated or vendored files.
    Production,
    /// Tests: test files and Rust's inline test modules.
    Tests,
}

/// The markers of `kinds` in the product's `code` (see `Code`), by path and line.
pub fn markers<'a>(a: &'a Analysis<'_>, code: Code, kinds: &[MarkerKind]) -> Vec<Located<'a>> {
    let inventory = &a.facts.inventory;
    let mut out = Vec::new();
    for (path, syntax) in &inventory.syntax {
        if !syntax.markers.iter().any(|m| kinds.contains(&m.kind)) {
            continue;
        }
        let Some(file) = inventory.file(path).filter(|f| is_analysed_code(f)) else {
            continue;
        };
        let language = file.language.as_deref().unwrap_or_default();
        let role = classify(path).role;
        let inline: Vec<(u32, u32)> = inline_tests(language, syntax)
            .map(|f| (f.start_line, f.end_line))
            .collect();
        // An attribute above an inline test (`#[ignore]`) belongs to it.
        let in_inline_test = |line: u32| {
            inline
                .iter()
                .any(|&(from, to)| line <= to && line + 3 >= from)
        };
        for m in syntax.markers.iter().filter(|m| kinds.contains(&m.kind)) {
            let wanted = match (code, role) {
                (Code::Production, Role::Production) => !in_inline_test(m.line),
                (Code::Tests, Role::Test) => true,
                (Code::Tests, Role::Production) => in_inline_test(m.line),
                _ => false,
            };
            if wanted {
                out.push(Located { path, marker: m });
            }
        }
    }
    out
}

/// Code lines of the parsed files that are production code (inline tests aside): the
/// denominator of marker densities.
pub fn parsed_production_lines(a: &Analysis<'_>) -> u64 {
    let inventory = &a.facts.inventory;
    code_files(inventory)
        .iter()
        .filter(|f| inventory.syntax.contains_key(f.path))
        .map(CodeFile::production_lines)
        .sum()
}

/// `name 12, other 3`, most frequent first.
pub fn counts_by_name(found: &[Located<'_>]) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for l in found {
        *counts.entry(l.marker.name).or_default() += 1;
    }
    let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
    counts.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
    counts
        .iter()
        .map(|(name, n)| format!("{name} {}", crate::components::thousands(*n as u64)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The files holding the most of `found`, most first: (path, count, first line).
pub fn top_files<'a>(found: &[Located<'a>], limit: usize) -> Vec<(&'a str, usize, u32)> {
    let mut by_file: std::collections::BTreeMap<&str, (usize, u32)> =
        std::collections::BTreeMap::new();
    for l in found {
        let e = by_file.entry(l.path).or_insert((0, l.marker.line));
        e.0 += 1;
        e.1 = e.1.min(l.marker.line);
    }
    let mut files: Vec<(&str, usize, u32)> =
        by_file.into_iter().map(|(p, (n, l))| (p, n, l)).collect();
    files.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
    files.truncate(limit);
    files
}
