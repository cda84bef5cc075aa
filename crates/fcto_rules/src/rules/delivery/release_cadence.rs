//! DEL-09: release cadence from tags, as a proxy from git (metrics.md §2.5, Four Keys buckets).

use crate::components::{date, thousands};
use crate::{Analysis, Emitter};
use fcto_model::{Evidence, RuleDocs, Severity};
use regex::Regex;
use std::sync::LazyLock;

pub const DOCS: RuleDocs = RuleDocs {
    what: "Finds release markers: version tags (`v1.2`, `1.2.3`) with their dates, or, when there \
           are none, commits whose subject starts with deploy, deployed, release, released or \
           prod. Reports releases per month over the last 12 months, the median days between \
           releases, the last release's age, and the deployment-frequency bucket of the Four \
           Keys method over the last 90 days (daily: a median of 3 or more release days a week; \
           weekly: a median week with a release; monthly: a median month with one; else fewer). \
           It is a proxy from git: releases made without a tag are invisible. Medium when the \
           last release is over 90 days old while 20 or more commits landed since, information \
           otherwise.",
    why: "How often you ship is the simplest measure of whether the team can turn work into \
          customer value.",
    how_to_fix: "Tag every production release (or let the release pipeline do it), and ship \
                 smaller changes more often: aim for at least one release a week.",
    options: "`max_idle_days` (default 90) and `min_commits_since` (default 20).",
};

static VERSION_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^v?\d+\.\d+(\.\d+)?([-+.].*)?$").expect("valid regex"));
static DEPLOY_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(deploy|deployed|release|released|prod)\b").expect("valid regex")
});

const DAY: i64 = 86_400;

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let Some(history) = a.history() else { return };
    let mut releases: Vec<(i64, Evidence)> = history
        .tags
        .iter()
        .filter(|t| VERSION_TAG.is_match(t.name.rsplit('/').next().unwrap_or(&t.name)))
        .filter(|t| t.time <= a.as_of)
        .map(|t| {
            (
                t.time,
                Evidence::commit(t.commit.clone()).with_note(format!("tag {}", t.name)),
            )
        })
        .collect();
    let source = if releases.is_empty() {
        releases = history
            .commits
            .iter()
            .filter(|c| DEPLOY_SUBJECT.is_match(&c.subject) && c.author_time <= a.as_of)
            .map(|c| {
                (
                    c.author_time,
                    Evidence::commit(c.id.clone()).with_note(c.subject.clone()),
                )
            })
            .collect();
        "commits whose subject says deploy or release"
    } else {
        "version tags"
    };
    releases.sort_by_key(|(t, _)| std::cmp::Reverse(*t));
    let commits_12m = history
        .commits
        .iter()
        .filter(|c| {
            !c.is_merge() && a.as_of - c.author_time <= 365 * DAY && c.author_time <= a.as_of
        })
        .count();
    let Some((last, last_evidence)) = releases.first().cloned() else {
        if commits_12m > 0 {
            e.report_with(
                Severity::Info,
                format!(
                    "No release markers (version tags or deploy commits) were found; {} commits landed in the last 12 months",
                    thousands(commits_12m as u64)
                ),
                Vec::new(),
                "no-release-markers",
            );
        }
        return;
    };
    let in_year: Vec<i64> = releases
        .iter()
        .map(|(t, _)| *t)
        .filter(|t| a.as_of - t <= 365 * DAY)
        .collect();
    let mut intervals: Vec<i64> = releases
        .windows(2)
        .take(12)
        .map(|w| (w[0].0 - w[1].0) / DAY)
        .collect();
    intervals.sort_unstable();
    let median_interval = intervals.get(intervals.len() / 2).copied();
    let since = history
        .commits
        .iter()
        .filter(|c| !c.is_merge() && c.author_time > last && c.author_time <= a.as_of)
        .count();
    let idle = (a.as_of - last) / DAY;
    let bucket = four_keys_bucket(
        &releases.iter().map(|(t, _)| *t).collect::<Vec<_>>(),
        a.as_of,
    );
    let mut message = format!(
        "{} {} in the last 12 months (from {source}); last release {} ({idle} days ago)",
        in_year.len(),
        if in_year.len() == 1 {
            "release"
        } else {
            "releases"
        },
        date(last)
    );
    if let Some(m) = median_interval {
        message.push_str(&format!(", typically {m} days apart"));
    }
    message.push_str(&format!(
        "; release frequency over the last 90 days: {bucket} (a proxy from git)"
    ));
    let stale =
        idle as f64 > e.option("max_idle_days") && since as f64 >= e.option("min_commits_since");
    if stale {
        message.push_str(&format!(
            "; {since} commits have landed since the last release"
        ));
    }
    let severity = if stale {
        Severity::Medium
    } else {
        Severity::Info
    };
    e.report_with(severity, message, vec![last_evidence], "release-cadence");
}

/// The Four Keys deployment-frequency bucket over the 90 days before `as_of`.
fn four_keys_bucket(releases: &[i64], as_of: i64) -> &'static str {
    let window: Vec<i64> = releases
        .iter()
        .copied()
        .filter(|t| *t <= as_of && as_of - t < 90 * DAY)
        .collect();
    let median = |mut v: Vec<usize>| -> usize {
        v.sort_unstable();
        v[v.len() / 2]
    };
    let days_per_week: Vec<usize> = (0..13)
        .map(|w| {
            let mut days: Vec<i64> = window
                .iter()
                .filter(|t| (as_of - *t) / (7 * DAY) == w)
                .map(|t| t / DAY)
                .collect();
            days.dedup();
            days.len()
        })
        .collect();
    if median(days_per_week.clone()) >= 3 {
        return "daily";
    }
    if median(days_per_week) >= 1 {
        return "weekly";
    }
    let per_month: Vec<usize> = (0..3)
        .map(|m| {
            window
                .iter()
                .filter(|t| (as_of - *t) / (30 * DAY) == m)
                .count()
        })
        .collect();
    if median(per_month) >= 1 {
        "monthly"
    } else {
        "less than monthly"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_follow_four_keys() {
        let now = 1_000 * DAY;
        let daily: Vec<i64> = (0..90).map(|d| now - d * DAY).collect();
        assert_eq!(four_keys_bucket(&daily, now), "daily");
        let weekly: Vec<i64> = (0..13).map(|w| now - w * 7 * DAY - DAY).collect();
        assert_eq!(four_keys_bucket(&weekly, now), "weekly");
        let monthly: Vec<i64> = (0..3).map(|m| now - m * 30 * DAY - DAY).collect();
        assert_eq!(four_keys_bucket(&monthly, now), "monthly");
        assert_eq!(
            four_keys_bucket(&[now - 200 * DAY], now),
            "less than monthly"
        );
        assert!(
            VERSION_TAG.is_match("v1.2.3")
                && VERSION_TAG.is_match("2.0")
                && !VERSION_TAG.is_match("nightly")
        );
    }
}
