//! QUA-02: tests that stopped changing with the code they test (signal S10).

use super::tests_presence::{TestUnits, unit_label};
use crate::components::{date, percent};
use crate::{Analysis, Emitter};
use fcto_facts::analysis::DAY;
use fcto_facts::analysis::test_code::{self, CoChange};
use fcto_model::{Evidence, RuleDocs};

pub const DOCS: RuleDocs = RuleDocs {
    what: "Takes the commits that changed production code (merges, bots and mass commits left \
           out; test files recognised as in QUA-01) and the share of them that also changed a \
           test file, test support included: the test co-change rate. Reports it when it is \
           below `max_rate` over the last 90 days, or fell by half or more against the 180 \
           days before, with at least `min_commits` production commits in each window used. \
           Also reports each component (as in QUA-01) whose tests last changed more than \
           `stale_days` before its production code last changed, while its production code \
           changed in at least `stale_changes` commits since. A change to a Rust file with \
           inline tests counts as a test change, since which lines changed is not known. Only \
           runs when the repository has tests.",
    why: "Tests that stopped being updated no longer protect the features customers use today.",
    how_to_fix: "Make a test part of every change that alters behaviour (a pull request \
                 checklist or review rule helps), and bring the stale components' tests up to \
                 date with what the code does now, starting with the busiest ones.",
    options: "`max_rate` (default 0.1): co-change rate below which the last 90 days are \
              reported; `min_commits` (default 10): production commits a window needs to be \
              judged; `stale_days` (default 182) and `stale_changes` (default 20) for stale \
              components. The windows (90 days, the 180 before) are fixed.",
};

const RECENT_DAYS: i64 = 90;
const PRIOR_DAYS: i64 = 180;

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let Some(history) = a.history() else { return };
    let max_rate = e.option("max_rate");
    let min_commits = e.option("min_commits") as u64;
    let stale_days = e.option("stale_days") as i64;
    let stale_changes = e.option("stale_changes") as u64;

    let files = test_code::code_files(&a.facts.inventory);
    let units = TestUnits::new(a.facts, &files);
    let unit_of = |p: &str| units.unit_of(p);
    let (per_unit, all) = test_code::totals(&files, &unit_of);
    if all.test_files == 0 {
        // No tests at all is QUA-01's finding.
        return;
    }
    let activity = test_code::test_activity(history, &files, &a.file_histories, &unit_of, a.as_of);

    let recent_from = a.as_of - RECENT_DAYS * DAY;
    let recent = activity.co_change(recent_from, a.as_of);
    let prior = activity.co_change(recent_from - PRIOR_DAYS * DAY, recent_from);
    if let Some(rate) = recent
        .rate()
        .filter(|_| recent.production_commits >= min_commits)
    {
        let prior_rate = prior
            .rate()
            .filter(|_| prior.production_commits >= min_commits);
        let low = rate < max_rate;
        let halved = prior_rate.is_some_and(|p| p > 0.0 && rate <= p / 2.0);
        if low || halved {
            let before = match prior_rate {
                Some(p) if halved => format!(", down from {} in the 180 days before", percent(p)),
                Some(p) => format!(" ({} in the 180 days before)", percent(p)),
                None => String::new(),
            };
            let message = format!(
                "Only {} of the {} commits that changed production code in the last 90 days also \
                 changed tests{before}",
                percent(rate),
                recent.production_commits
            );
            let mut evidence: Vec<Evidence> = activity
                .monthly(a.as_of, 9)
                .into_iter()
                .map(|(month, c)| Evidence::default().with_note(month_note(&month, &c)))
                .collect();
            evidence.extend(
                activity
                    .commits
                    .iter()
                    .filter(|c| !c.tests && c.time > recent_from)
                    .take(3)
                    .map(|c| {
                        let commit = &history.commits[c.index];
                        Evidence::commit(&commit.id).with_note(format!(
                            "{}: changed production code, no test: {}",
                            date(c.time),
                            commit.subject
                        ))
                    }),
            );
            e.report(message, evidence, "co-change");
        }
    }

    for (unit, activity) in &activity.units {
        let has_tests = per_unit.get(unit).is_some_and(|t| t.test_files > 0);
        let (Some(last_test), Some(last_production)) =
            (activity.last_test, activity.last_production)
        else {
            continue;
        };
        if !has_tests
            || last_production - last_test <= stale_days * DAY
            || activity.production_changes_since_test < stale_changes
        {
            continue;
        }
        let label = unit_label(unit);
        e.report(
            format!(
                "The tests of {label} last changed on {}; its production code changed in {} \
                 since, most recently on {}",
                date(last_test),
                commits(activity.production_changes_since_test),
                date(last_production)
            ),
            vec![Evidence::file(unit.clone()).with_note(format!(
                "tests last changed {}, production code last changed {}",
                date(last_test),
                date(last_production)
            ))],
            "stale-tests",
        );
    }
}

/// `1 commit`, `20 commits`.
fn commits(n: u64) -> String {
    if n == 1 {
        "1 commit".to_string()
    } else {
        format!("{n} commits")
    }
}

/// `2024-11: 3 of 20 commits changing production code changed tests (15%)`.
fn month_note(month: &str, c: &CoChange) -> String {
    match c.rate() {
        Some(r) => format!(
            "{month}: {} of {} changing production code changed tests ({})",
            c.with_tests,
            commits(c.production_commits),
            percent(r)
        ),
        None => format!("{month}: no commits changing production code"),
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{DAY, NOW, World, run_rule};
    use fcto_model::{CompanyContext, Severity};

    fn ctx() -> CompanyContext {
        CompanyContext::default()
    }

    /// `src/app.py` with its tests in `tests/`; in each window, `n` production commits of which
    /// the first `with_tests` also change `tests/test_app.py`.
    fn world(windows: &[(i64, i64, usize, usize)]) -> World {
        let mut w = World::new().code("src/app.py", "Python", 1000).code(
            "tests/test_app.py",
            "Python",
            400,
        );
        w.commit(
            "Alice",
            NOW - 400 * DAY,
            &[("src/app.py", 100), ("tests/test_app.py", 40)],
        );
        for &(from, to, n, with_tests) in windows {
            for i in 0..n {
                let t = from + (to - from) * (i as i64 + 1) / (n as i64 + 1);
                if i < with_tests {
                    w.commit("Alice", t, &[("src/app.py", 10), ("tests/test_app.py", 5)]);
                } else {
                    w.commit("Bob", t, &[("src/app.py", 10)]);
                }
            }
        }
        w
    }

    #[test]
    fn a_low_recent_rate_fires_with_the_prior_rate_and_monthly_evidence() {
        // Last 90 days: 1 of 20 (5%); the 180 days before: 10 of 20 (50%).
        let mut w = world(&[
            (NOW - 270 * DAY, NOW - 90 * DAY, 20, 10),
            (NOW - 90 * DAY, NOW, 20, 1),
        ]);
        // A bot's commit does not count.
        w.commit("dependabot[bot]", NOW - 5 * DAY, &[("src/app.py", 1)]);
        let facts = w.facts();
        let f = run_rule("QUA002", &facts, &ctx());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Medium);
        assert_eq!(
            f[0].message,
            "Only 5% of the 20 commits that changed production code in the last 90 days also \
             changed tests, down from 50% in the 180 days before"
        );
        // Nine months of evidence, then the newest commits without tests.
        let notes: Vec<&str> = f[0]
            .evidence
            .iter()
            .filter_map(|e| e.note.as_deref())
            .collect();
        assert!(notes[0].starts_with("2024-05: "), "{notes:?}");
        assert!(notes[8].starts_with("2025-01: "), "{notes:?}");
        assert_eq!(f[0].evidence[9].commit.as_deref().map(str::len), Some(40));
    }

    #[test]
    fn a_healthy_rate_is_silent_and_a_halving_alone_fires() {
        // 8 of 20 (40%) now, 16 of 20 (80%) before: halved.
        let facts = world(&[
            (NOW - 270 * DAY, NOW - 90 * DAY, 20, 16),
            (NOW - 90 * DAY, NOW, 20, 8),
        ])
        .facts();
        let f = run_rule("QUA002", &facts, &ctx());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].message,
            "Only 40% of the 20 commits that changed production code in the last 90 days also \
             changed tests, down from 80% in the 180 days before"
        );
        // 8 of 20 now, 12 of 20 before: neither low nor halved.
        let facts = world(&[
            (NOW - 270 * DAY, NOW - 90 * DAY, 20, 12),
            (NOW - 90 * DAY, NOW, 20, 8),
        ])
        .facts();
        assert!(run_rule("QUA002", &facts, &ctx()).is_empty());
        // Too few commits to judge: 9 commits, none with tests.
        let facts = world(&[(NOW - 90 * DAY, NOW, 9, 0)]).facts();
        assert!(run_rule("QUA002", &facts, &ctx()).is_empty());
    }

    #[test]
    fn stale_tests_of_a_component_fire() {
        // Tests last changed 400 days ago; 25 production commits since, the newest about 100
        // days ago, so no recent window to judge a rate on.
        let facts = world(&[(NOW - 300 * DAY, NOW - 100 * DAY, 25, 0)]).facts();
        let f = run_rule("QUA002", &facts, &ctx());
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].message.starts_with(
                "The tests of the repository last changed on 2023-11-28; its production code \
                 changed in 25 commits since, most recently on 2024-09-"
            ),
            "{}",
            f[0].message
        );
        // 19 commits since are not enough.
        let facts = world(&[(NOW - 300 * DAY, NOW - 100 * DAY, 19, 0)]).facts();
        assert!(run_rule("QUA002", &facts, &ctx()).is_empty());
    }

    #[test]
    fn without_tests_it_is_silent() {
        let mut w = World::new().code("src/app.py", "Python", 1000);
        for i in 0..20 {
            w.commit("Bob", NOW - (i + 1) * DAY, &[("src/app.py", 10)]);
        }
        assert!(run_rule("QUA002", &w.facts(), &ctx()).is_empty());
    }
}
