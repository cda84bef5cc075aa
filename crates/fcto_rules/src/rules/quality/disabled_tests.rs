//! QUA-13: disabled, focused and retried tests, and commits about flaky tests.

use super::{Code, Located, counts_by_name, markers};
use crate::components::count;
use crate::{Analysis, Emitter};
use fcto_facts::analysis::safety_nets::test_retries;
use fcto_facts::analysis::test_code::{Role, classify};
use fcto_facts::analysis::trend::lines_introduced;
use fcto_facts::syntax::MarkerKind;
use fcto_model::{Evidence, RuleDocs, Severity};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

pub const DOCS: RuleDocs = RuleDocs {
    what: "Finds, in test code (test files and Rust's inline test modules), tests switched off \
           (`it.skip`, `xit`, `test.todo`, `@pytest.mark.skip`, `xfail`, `@Disabled`, \
           `@Ignore`, `#[ignore]`, an unconditional `t.Skip()` or `pytest.skip()`, \
           `markTestSkipped`, RSpec's `xit` and `pending`, GoogleTest's `DISABLED_`), tests \
           focused on (`.only`, `fit`, `fdescribe`), which make the runner skip everything \
           else, and tests retried until they pass (`jest.retryTimes`, `@flaky`, Playwright, \
           Cypress and Mocha `retries`, pytest's `--reruns`). Skips on a condition (`skipif`, \
           `t.Skip()` under `if testing.Short()`) are not counted. With history, it dates the \
           oldest skips from the file's versions and counts commits of the last 12 months \
           whose subject speaks of flaky or intermittent tests. High when a focused test is \
           committed; low when tests are disabled or retried, or flaky tests are mentioned in \
           `min_flaky_commits` commits.",
    why: "Switched-off tests give a green light while the thing they check may be broken; a \
          committed `.only` silently turns off the rest of the suite.",
    how_to_fix: "Remove committed `.only`s now and forbid them in CI (`--forbid-only` in Mocha \
                 and Playwright, ESLint's `no-focused-tests`); give every skipped test an \
                 owner and a ticket, fix or delete the oldest; fix flaky tests instead of \
                 retrying them.",
    options: "`min_flaky_commits` (default 3) commits in 12 months.",
};

static FLAKY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(flaky|flakey|flakiness|de-?flake|intermittent(ly)?)\b|\bre-?run\b.*\b(tests?|ci|specs?)\b|\b(tests?|ci|specs?)\b.*\bre-?run")
        .expect("valid regex")
});

/// Files whose skipped tests are dated from the history, and versions read per file.
const DATED_FILES: usize = 20;
const DATED_VERSIONS: usize = 300;

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let found = markers(
        a,
        Code::Tests,
        &[
            MarkerKind::DisabledTest,
            MarkerKind::FocusedTest,
            MarkerKind::RetriedTest,
        ],
    );
    let of = |kind: MarkerKind| -> Vec<Located<'_>> {
        found
            .iter()
            .filter(|l| l.marker.kind == kind)
            .copied()
            .collect()
    };
    let (disabled, focused, retried) = (
        of(MarkerKind::DisabledTest),
        of(MarkerKind::FocusedTest),
        of(MarkerKind::RetriedTest),
    );
    // Examples and docs have their own runner settings; they are not the product's tests.
    let settings: Vec<_> = test_retries(&a.facts.inventory)
        .into_iter()
        .filter(|s| classify(&s.path).role != Role::Auxiliary)
        .collect();
    let year_ago = a.as_of - 365 * 86_400;
    let flaky: Vec<_> = a
        .history()
        .map(|h| {
            h.commits
                .iter()
                .filter(|c| c.author_time >= year_ago && c.author_time <= a.as_of)
                .filter(|c| FLAKY.is_match(&c.subject))
                .collect()
        })
        .unwrap_or_default();
    let min_flaky = e.option("min_flaky_commits") as usize;
    if found.is_empty() && settings.is_empty() && flaky.len() < min_flaky {
        return;
    }
    let mut evidence = Vec::new();
    let mut parts = Vec::new();
    if !focused.is_empty() {
        parts.push(format!(
            "{} committed ({}): the rest of {} suite does not run",
            count(focused.len(), "focused test", "focused tests"),
            counts_by_name(&focused),
            if focused.len() == 1 { "its" } else { "their" }
        ));
        for l in focused.iter().take(10) {
            evidence.push(
                Evidence::line(l.path, l.marker.line)
                    .with_note(format!("`{}` committed", l.marker.name)),
            );
        }
    }
    if !disabled.is_empty() {
        let mut part = format!(
            "{} ({})",
            count(disabled.len(), "disabled test", "disabled tests"),
            counts_by_name(&disabled)
        );
        let dated = date(a, &disabled);
        if let Some((_, introduced)) = dated.first() {
            let days = (a.as_of - introduced.time).max(0) / 86_400;
            part.push_str(&format!(
                "; the oldest has been skipped for {}{}",
                if introduced.capped { "at least " } else { "" },
                age(days)
            ));
        }
        parts.push(part);
        let mut listed = 0;
        for (l, introduced) in dated.iter().take(5) {
            let days = (a.as_of - introduced.time).max(0) / 86_400;
            evidence.push(Evidence::line(l.path, l.marker.line).with_note(format!(
                "`{}`, skipped for {}{} (commit {})",
                l.marker.name,
                if introduced.capped { "at least " } else { "" },
                age(days),
                &introduced.commit[..introduced.commit.len().min(10)]
            )));
            listed += 1;
        }
        if listed == 0 {
            for l in disabled.iter().take(10) {
                evidence.push(
                    Evidence::line(l.path, l.marker.line).with_note(l.marker.name.to_string()),
                );
            }
        }
    }
    if !retried.is_empty() || !settings.is_empty() {
        let mut what: Vec<String> = Vec::new();
        if !retried.is_empty() {
            what.push(counts_by_name(&retried));
        }
        if !settings.is_empty() {
            what.push(count(settings.len(), "runner setting", "runner settings"));
        }
        parts.push(format!("failing tests are retried ({})", what.join(", ")));
        for l in retried.iter().take(3) {
            evidence
                .push(Evidence::line(l.path, l.marker.line).with_note(l.marker.name.to_string()));
        }
        for s in settings.iter().take(3) {
            evidence.push(Evidence::line(&s.path, s.line).with_note(format!("`{}`", s.text)));
        }
    }
    if flaky.len() >= min_flaky {
        parts.push(format!(
            "{} commits in the last 12 months speak of flaky tests",
            flaky.len()
        ));
        for c in flaky.iter().take(3) {
            evidence.push(Evidence::default().with_note(format!(
                "commit {}: {}",
                &c.id[..c.id.len().min(10)],
                c.subject
            )));
        }
    }
    if parts.is_empty() {
        return;
    }
    let severity = if focused.is_empty() {
        Severity::Low
    } else {
        Severity::High
    };
    e.report_summary(severity, parts.join("; "), evidence, "disabled-tests");
}

/// The disabled tests dated from the history, oldest first (files with the most skips first,
/// at most `DATED_FILES` of them).
fn date<'a>(
    a: &Analysis<'_>,
    disabled: &[Located<'a>],
) -> Vec<(Located<'a>, fcto_facts::analysis::trend::Introduced)> {
    let Some(history) = a.history() else {
        return Vec::new();
    };
    let mut by_file: BTreeMap<&str, Vec<Located<'a>>> = BTreeMap::new();
    for l in disabled {
        by_file.entry(l.path).or_default().push(*l);
    }
    let mut files: Vec<(&str, Vec<Located<'a>>)> = by_file.into_iter().collect();
    files.sort_by(|x, y| y.1.len().cmp(&x.1.len()).then(x.0.cmp(y.0)));
    let mut out = Vec::new();
    for (path, found) in files.into_iter().take(DATED_FILES) {
        let lines: Vec<&str> = found
            .iter()
            .map(|l| l.marker.line_text.as_deref().unwrap_or_default())
            .collect();
        let dates = lines_introduced(
            &a.facts.repo,
            history,
            &a.file_histories,
            path,
            &lines,
            DATED_VERSIONS,
        );
        for (l, d) in found.into_iter().zip(dates) {
            if let Some(d) = d {
                out.push((l, d));
            }
        }
    }
    out.sort_by_key(|(l, d)| (d.time, l.path, l.marker.line));
    out
}

/// `3 years`, `5 months`, `12 days`.
fn age(days: i64) -> String {
    let (n, unit) = if days >= 730 {
        (days / 365, "years")
    } else if days >= 60 {
        (days / 30, "months")
    } else {
        (days, "days")
    };
    if n == 1 {
        format!("1 {}", unit.trim_end_matches('s'))
    } else {
        format!("{n} {unit}")
    }
}
