//! Helpers the code-pattern rules share (SEC-04, 10 to 17, 20): which hits count, and
//! reporting hits one finding per file and kind of problem, listing its lines, keyed by the
//! matched text.

use crate::{Analysis, Emitter};
use fcto_facts::analysis::test_code::is_test_path;
use fcto_facts::code_patterns::{Pattern, PatternHit, PatternSet};
use fcto_facts::stack::is_auxiliary_path;
use fcto_model::{Evidence, Severity};
use std::collections::{BTreeMap, BTreeSet};

/// Where a hit is: product code, tests, or examples and docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    Product,
    Test,
    Auxiliary,
}

impl Place {
    pub(super) fn of(path: &str) -> Place {
        if is_test_path(path) {
            Place::Test
        } else if is_auxiliary_path(path) {
            Place::Auxiliary
        } else {
            Place::Product
        }
    }
}

/// Every hit of `rule`'s patterns, with its pattern.
pub(super) fn rule_hits<'a>(
    a: &'a Analysis<'_>,
    rule: &'a str,
) -> impl Iterator<Item = (&'a PatternHit, &'static Pattern)> + 'a {
    let set = PatternSet::builtin();
    a.facts
        .inventory
        .pattern_hits
        .iter()
        .filter_map(move |h| set.patterns.get(h.pattern).map(|p| (h, p)))
        .filter(move |(_, p)| p.rule == rule)
}

/// The hits of `rule`'s patterns in product code (tests, examples, docs and prose left out),
/// each with its pattern.
pub(super) fn product_hits<'a>(
    a: &'a Analysis<'_>,
    rule: &'a str,
) -> Vec<(&'a PatternHit, &'static Pattern)> {
    rule_hits(a, rule)
        .filter(|(h, _)| is_product_source(&h.path))
        .collect()
}

/// Whether hits in a file count as product code: not tests, examples, docs or prose (a
/// `README.md` quoting a setting is not the setting).
pub(super) fn is_product_source(path: &str) -> bool {
    let extension = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    let prose = matches!(
        extension.as_str(),
        "md" | "mdx" | "markdown" | "rst" | "txt" | "adoc"
    );
    !prose && Place::of(path) == Place::Product
}

/// A hit the rule keeps, with what it means.
pub(super) struct Judged<'a> {
    pub hit: &'a PatternHit,
    pub severity: Severity,
    /// The kind of problem, which names the group and starts the message ("Passwords hashed
    /// with MD5"); stable wording, as it is part of the fingerprint.
    pub problem: String,
    /// What follows the line list in the message (": to review, ..."); the first of a group
    /// is used.
    pub note: String,
}

/// Judges the hits of `rule` in the files `keep` accepts and reports the kept ones with
/// [`report_groups`].
pub(super) fn judge_and_report<'a>(
    a: &'a Analysis<'_>,
    e: &mut Emitter<'_>,
    rule: &'static str,
    keep: impl Fn(&str) -> bool,
    judge: impl Fn(&'a PatternHit, &'static Pattern) -> Option<Judged<'a>>,
) {
    let judged: Vec<Judged<'a>> = rule_hits(a, rule)
        .filter(|(h, _)| keep(&h.path))
        .filter_map(|(h, p)| judge(h, p))
        .collect();
    report_groups(e, &judged);
}

/// Reports the judged hits, one finding per (file, problem), at the group's highest severity.
fn report_groups(e: &mut Emitter<'_>, judged: &[Judged<'_>]) {
    let mut groups: BTreeMap<(&str, &str), Vec<&Judged<'_>>> = BTreeMap::new();
    for j in judged {
        groups
            .entry((j.hit.path.as_str(), j.problem.as_str()))
            .or_default()
            .push(j);
    }
    for ((path, problem), found) in groups {
        let severity = found
            .iter()
            .map(|j| j.severity)
            .max()
            .unwrap_or(Severity::Info);
        let hits: Vec<&PatternHit> = found.iter().map(|j| j.hit).collect();
        let note = found.first().map_or("", |j| j.note.as_str());
        let message = format!("{problem} in `{path}` ({}){note}", hit_lines(&hits));
        report_hits(e, severity, message, path, problem, &hits);
    }
}

/// Reports one finding on hits in one file: each hit is evidence with its text, and the
/// fingerprint key is `prefix` with the matched texts ([`content_key`]).
pub(super) fn report_hits(
    e: &mut Emitter<'_>,
    severity: Severity,
    message: String,
    path: &str,
    prefix: &str,
    found: &[&PatternHit],
) {
    let evidence = found
        .iter()
        .map(|h| Evidence::line(path, h.line).with_note(h.text.clone()))
        .collect();
    e.report_with(severity, message, evidence, &content_key(prefix, found));
}

/// The lines of hits as a [`line_list`].
pub(super) fn hit_lines(found: &[&PatternHit]) -> String {
    let lines: Vec<u32> = found.iter().map(|h| h.line).collect();
    line_list(&lines)
}

/// "line 12", "lines 12, 30 and 41" (the first eight, then "and N more").
fn line_list(lines: &[u32]) -> String {
    let mut unique: Vec<u32> = lines.to_vec();
    unique.sort_unstable();
    unique.dedup();
    let shown: Vec<String> = unique.iter().take(8).map(u32::to_string).collect();
    match unique.len() {
        0 => String::new(),
        1 => format!("line {}", shown[0]),
        n if n <= 8 => format!("lines {} and {}", shown[..n - 1].join(", "), shown[n - 1]),
        n => format!("lines {} and {} more", shown.join(", "), n - 8),
    }
}

/// Lines as "line 4" or "lines 4, 9", in the order given (SEC-16 and SEC-18 messages).
pub(super) fn plain_line_list(lines: &[u32]) -> String {
    let list: Vec<String> = lines.iter().map(u32::to_string).collect();
    format!(
        "line{} {}",
        if lines.len() == 1 { "" } else { "s" },
        list.join(", ")
    )
}

/// A text with each run of whitespace made one space.
pub(super) fn collapsed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The matched texts of hits, whitespace [`collapsed`], sorted and deduplicated.
pub(super) fn unique_texts(found: &[&PatternHit]) -> Vec<String> {
    let unique: BTreeSet<String> = found.iter().map(|h| collapsed(&h.text)).collect();
    unique.into_iter().collect()
}

/// A fingerprint key from the matched texts of hits ([`unique_texts`]), so it survives edits
/// elsewhere in the file and a reordering.
fn content_key(prefix: &str, found: &[&PatternHit]) -> String {
    let mut key = prefix.to_string();
    for t in unique_texts(found) {
        key.push('|');
        key.push_str(&t);
    }
    key
}

/// The words of a path: its folders and the parts of its file name split at `.`, `-` and `_`,
/// lower case (`config/settings/dev_local.py` → config, settings, dev, local, py).
pub(super) fn path_words(path: &str) -> impl Iterator<Item = String> + '_ {
    path.split(['/', '.', '-', '_'])
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
}

/// Whether a path is written for development, tests or as an example (`settings/dev.py`,
/// `.env.local`, `application-test.yml`, `docker-compose.dev.yml`, `.env.example`).
pub(super) fn is_development_path(path: &str) -> bool {
    const WORDS: &[&str] = &[
        "dev",
        "develop",
        "development",
        "local",
        "test",
        "tests",
        "testing",
        "ci",
        "example",
        "examples",
        "sample",
        "demo",
        "e2e",
        "debug",
        "sandbox",
        "mock",
        "template",
        "dist",
    ];
    path_words(path).any(|w| WORDS.contains(&w.as_str()))
}

/// The file name of a path, lower case.
pub(super) fn file_name(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn development_paths_by_their_words() {
        for p in [
            "app/settings/dev.py",
            "config/settings_local.py",
            ".env.example",
            "src/main/resources/application-dev.yml",
            "docker-compose.test.yml",
            "config/environments/development.rb",
        ] {
            assert!(is_development_path(p), "{p}");
        }
        for p in [
            "app/settings.py",
            "app/settings/production.py",
            ".env.production",
            "src/main/resources/application.yml",
            "devops/deploy.yml",
        ] {
            assert!(!is_development_path(p), "{p}");
        }
    }

    #[test]
    fn line_lists_read_as_english() {
        assert_eq!(line_list(&[4]), "line 4");
        assert_eq!(line_list(&[9, 4, 9]), "lines 4 and 9");
        assert_eq!(
            line_list(&(1..=10).collect::<Vec<_>>()),
            "lines 1, 2, 3, 4, 5, 6, 7, 8 and 2 more"
        );
    }
}
