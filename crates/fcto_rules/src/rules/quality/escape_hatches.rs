//! QUA-11: type and lint escape hatches (`any`, `@ts-ignore`, `# type: ignore`, `.unwrap()`,
//! `//nolint`, `!!`...), TypeScript without `strict`, mypy's `ignore_errors`.

use super::{Code, Located, counts_by_name, markers, parsed_production_lines, top_files};
use crate::components::count;
use crate::{Analysis, Emitter};
use fcto_facts::analysis::safety_nets::mypy_ignore_errors;
use fcto_facts::syntax::MarkerKind;
use fcto_model::{Evidence, RuleDocs, Severity};

pub const DOCS: RuleDocs = RuleDocs {
    what: "Counts, in the product's code (tests, examples, generated and vendored files \
           aside), the places that switch a type or lint check off: TypeScript's `any`, \
           `@ts-ignore`, `@ts-nocheck`, `@ts-expect-error` and `eslint-disable` comments; \
           Python's `# type: ignore`, blanket `# noqa`, `# pylint: disable`; Rust's `unsafe` \
           blocks, `.unwrap()` and `.expect()`; Go's `//nolint`; Kotlin's `!!`; Java's \
           `@SuppressWarnings(\"all\")`; C#'s `#pragma warning disable`; Swift's `try!` and \
           `as!`; PHP's `@phpstan-ignore` and `@psalm-suppress`; Ruby's `rubocop:disable`; C \
           and C++ `NOLINT` (the language tables in `fcto_facts/src/syntax/languages` list \
           each). They are read from the syntax tree, so a mention in a string or an \
           ordinary comment does not count. Also flags `tsconfig*.json` files that leave \
           `strict` off (following `extends`; a config extending a package the repository \
           does not hold is not judged) and mypy's `ignore_errors = True`. Low; medium when \
           there are more than `medium_density` escape hatches per 1,000 code lines; \
           information when fewer than `low_density` and no check is off for a whole file or \
           project.",
    why: "Switching off the safety checks lets whole classes of crashes through that the \
          tools would otherwise catch for free.",
    how_to_fix: "Turn on `strict` in TypeScript and type the `any`s at module boundaries \
                 first; replace `.unwrap()` with error handling where input comes from outside; \
                 require a reason on every suppression comment and review new ones in pull \
                 requests (lint rules such as `@typescript-eslint/ban-ts-comment` do this).",
    options: "`low_density` (default 1) and `medium_density` (5) escape hatches per 1,000 code \
              lines.",
};

/// Markers that switch a check off for a whole file rather than one line.
const WHOLE_FILE: &[&str] = &[
    "@ts-nocheck",
    "eslint-disable",
    "mypy: ignore-errors",
    "typed: false",
    "typed: ignore",
    "phpcs:ignoreFile",
];

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let found = markers(a, Code::Production, &[MarkerKind::EscapeHatch]);
    let loose: Vec<_> = a
        .imports
        .typescript_configs
        .iter()
        .filter(|c| c.strict == Some(false))
        .collect();
    let mypy = mypy_ignore_errors(&a.facts.inventory);
    if found.is_empty() && loose.is_empty() && mypy.is_empty() {
        return;
    }
    let lines = parsed_production_lines(a);
    let density = found.len() as f64 * 1000.0 / lines.max(1) as f64;
    let whole_files: Vec<&Located<'_>> = found
        .iter()
        .filter(|l| WHOLE_FILE.contains(&l.marker.name))
        .collect();
    let severity = if density > e.option("medium_density") {
        Severity::Medium
    } else if density > e.option("low_density")
        || !whole_files.is_empty()
        || !loose.is_empty()
        || !mypy.is_empty()
    {
        Severity::Low
    } else {
        Severity::Info
    };
    let mut parts = Vec::new();
    if !found.is_empty() {
        parts.push(format!(
            "{} in production code, {density:.1} per 1,000 code lines ({})",
            count(
                found.len(),
                "type or lint escape hatch",
                "type or lint escape hatches"
            ),
            counts_by_name(&found)
        ));
    }
    if !loose.is_empty() {
        parts.push(format!(
            "TypeScript's strict mode is off in {} of {} tsconfig files",
            loose.len(),
            a.imports.typescript_configs.len()
        ));
    }
    if !mypy.is_empty() {
        parts.push(format!(
            "mypy ignores errors in {}",
            count(mypy.len(), "section", "sections")
        ));
    }
    let mut evidence: Vec<Evidence> = Vec::new();
    for c in &loose {
        let note = match &c.set_in {
            Some(at) if at != &c.path => format!("`strict: false` inherited from `{at}`"),
            Some(_) => "`strict: false`".to_string(),
            None => "`strict` is not set (it defaults to off)".to_string(),
        };
        evidence.push(Evidence::file(&c.path).with_note(note));
    }
    for s in &mypy {
        evidence.push(Evidence::line(&s.path, s.line).with_note(format!("mypy: `{}`", s.text)));
    }
    for l in whole_files.iter().take(5) {
        evidence.push(Evidence::line(l.path, l.marker.line).with_note(format!(
            "`{}` switches checks off for the whole file",
            l.marker.name
        )));
    }
    for (path, n, line) in top_files(&found, 10) {
        let in_file: Vec<Located<'_>> = found.iter().filter(|l| l.path == path).copied().collect();
        evidence.push(Evidence::line(path, line).with_note(format!(
            "{} ({})",
            count(n, "escape hatch", "escape hatches"),
            counts_by_name(&in_file)
        )));
    }
    e.report_summary(severity, parts.join("; "), evidence, "escape-hatches");
}
