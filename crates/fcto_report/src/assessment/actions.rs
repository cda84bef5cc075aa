//! The first things to do: the top of the ranking, one per rule.

use super::RuleIndex;
use crate::human;
use fcto_model::{Action, Finding, Severity};
use std::collections::HashSet;

/// How many actions the report leads with.
pub const MAX_ACTIONS: usize = 5;
/// How many pieces of evidence an action shows.
pub const ACTION_EVIDENCE: usize = 3;

/// Rules whose finding, when the first rule of the pair also has one, says nothing new enough to
/// be an action of its own: `(kept, folded)`. The folded rule's message becomes the second
/// sentence of the kept action's `what`, and the folded finding stays in the findings list.
///
/// The truck factor (TEAM001) and the code left behind by people who have gone (TEAM003) both say
/// "the people who wrote this are gone" whenever the truck-factor people went quiet.
pub const FOLDED: &[(&str, &str)] = &[("TEAM001", "TEAM003")];

/// The first [`MAX_ACTIONS`] ranked findings that are not `info`, at most one per rule, with the
/// pairs in [`FOLDED`] merged into one action. `findings` must be in ranking order.
pub(crate) fn select(findings: &[Finding], index: &RuleIndex<'_>) -> Vec<Action> {
    let problems: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .collect();
    let first_of = |rule: &str| problems.iter().find(|f| f.rule == rule).copied();
    let mut seen: HashSet<&str> = HashSet::new();
    for (kept, folded) in FOLDED {
        if first_of(kept).is_some() && first_of(folded).is_some() {
            seen.insert(folded);
        }
    }
    problems
        .iter()
        .filter(|f| seen.insert(f.rule.as_str()))
        .take(MAX_ACTIONS)
        .enumerate()
        .map(|(i, f)| {
            let meta = index.get(&f.rule);
            let mut what = f.message.clone();
            for (_, folded) in FOLDED.iter().filter(|(kept, _)| *kept == f.rule) {
                if let Some(other) = first_of(folded) {
                    what = format!(
                        "{} {}",
                        human::sentence(&what),
                        human::sentence(&other.message)
                    );
                }
            }
            Action {
                rank: i as u32 + 1,
                rule: f.rule.clone(),
                title: meta.map_or_else(|| f.name.clone(), |m| m.title.to_string()),
                what,
                why: meta.map_or_else(String::new, |m| m.docs.why.to_string()),
                how: meta.map_or_else(
                    || format!("See `fcto explain {}`.", f.rule),
                    |m| m.docs.how_to_fix.to_string(),
                ),
                severity: f.severity,
                effort: f.effort,
                evidence: f.evidence.iter().take(ACTION_EVIDENCE).cloned().collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::tests::{finding, rule};
    use fcto_model::{Area, Effort, Evidence};

    #[test]
    fn info_excluded_one_per_rule_at_most_five() {
        let rules = vec![
            rule(
                "ARC001",
                Area::Architecture,
                Severity::Info,
                Effort::None,
                &[],
            ),
            rule(
                "SEC001",
                Area::Security,
                Severity::Critical,
                Effort::Hours,
                &[],
            ),
            rule("QUA005", Area::Quality, Severity::Medium, Effort::Days, &[]),
            rule("QUA006", Area::Quality, Severity::Medium, Effort::Days, &[]),
            rule(
                "DOC001",
                Area::Documentation,
                Severity::Low,
                Effort::Hours,
                &[],
            ),
            rule(
                "DOC002",
                Area::Documentation,
                Severity::Low,
                Effort::Hours,
                &[],
            ),
            rule(
                "DOC003",
                Area::Documentation,
                Severity::Low,
                Effort::Hours,
                &[],
            ),
        ];
        let index = RuleIndex::new(&rules);
        let mut secret = finding(
            "SEC001",
            Area::Security,
            Severity::Critical,
            Effort::Hours,
            "s1",
        );
        secret.evidence = (1..=5).map(|l| Evidence::line("config.py", l)).collect();
        // Already ranked.
        let findings = vec![
            finding(
                "ARC001",
                Area::Architecture,
                Severity::Info,
                Effort::None,
                "i",
            ),
            secret,
            finding(
                "SEC001",
                Area::Security,
                Severity::Critical,
                Effort::Hours,
                "s2",
            ),
            finding(
                "QUA005",
                Area::Quality,
                Severity::Medium,
                Effort::Days,
                "q1",
            ),
            finding(
                "QUA005",
                Area::Quality,
                Severity::Medium,
                Effort::Days,
                "q2",
            ),
            finding(
                "QUA006",
                Area::Quality,
                Severity::Medium,
                Effort::Days,
                "q3",
            ),
            finding(
                "DOC001",
                Area::Documentation,
                Severity::Low,
                Effort::Hours,
                "d1",
            ),
            finding(
                "DOC002",
                Area::Documentation,
                Severity::Low,
                Effort::Hours,
                "d2",
            ),
            finding(
                "DOC003",
                Area::Documentation,
                Severity::Low,
                Effort::Hours,
                "d3",
            ),
        ];
        let actions = select(&findings, &index);
        let codes: Vec<&str> = actions.iter().map(|a| a.rule.as_str()).collect();
        assert_eq!(codes, ["SEC001", "QUA005", "QUA006", "DOC001", "DOC002"]);
        assert_eq!(
            actions.iter().map(|a| a.rank).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5]
        );

        let first = &actions[0];
        assert_eq!(first.what, "message of SEC001 s1");
        assert_eq!(first.title, "Title of SEC001");
        assert_eq!(first.why, "Why SEC001 matters.");
        assert_eq!(first.how, "How to fix SEC001.");
        assert_eq!(first.evidence.len(), ACTION_EVIDENCE);
        assert_eq!(first.evidence[0].location(), "config.py:1");
    }

    #[test]
    fn only_info_means_no_actions() {
        let findings = vec![finding(
            "ARC001",
            Area::Architecture,
            Severity::Info,
            Effort::None,
            "i",
        )];
        assert!(select(&findings, &RuleIndex::new(&[])).is_empty());
    }

    #[test]
    fn unknown_rule_falls_back_to_the_finding() {
        let findings = vec![finding(
            "XYZ001",
            Area::Quality,
            Severity::Low,
            Effort::Hours,
            "x",
        )];
        let actions = select(&findings, &RuleIndex::new(&[]));
        assert_eq!(actions[0].title, "xyz001-name");
        assert_eq!(actions[0].how, "See `fcto explain XYZ001`.");
    }

    #[test]
    fn code_left_behind_is_folded_into_the_truck_factor() {
        let rules = vec![
            rule("TEAM001", Area::Team, Severity::High, Effort::Weeks, &[]),
            rule("TEAM003", Area::Team, Severity::Medium, Effort::Weeks, &[]),
            rule("QUA005", Area::Quality, Severity::Medium, Effort::Days, &[]),
        ];
        let index = RuleIndex::new(&rules);
        let mut left = finding("TEAM003", Area::Team, Severity::High, Effort::Weeks, "l");
        left.message = "45% of the code was written by people who have gone".to_string();
        let mut truck = finding("TEAM001", Area::Team, Severity::High, Effort::Weeks, "t");
        truck.message = "Truck factor 2: if A and B left, 60% of the files would have no \
                         remaining author"
            .to_string();
        truck.evidence = vec![Evidence::default().with_note("A authors 40 files")];
        // TEAM003 ranks first here; it is still folded into TEAM001, which keeps its place.
        let findings = vec![
            left.clone(),
            truck.clone(),
            finding("QUA005", Area::Quality, Severity::Medium, Effort::Days, "q"),
        ];
        let actions = select(&findings, &index);
        let codes: Vec<&str> = actions.iter().map(|a| a.rule.as_str()).collect();
        assert_eq!(codes, ["TEAM001", "QUA005"]);
        assert_eq!(
            actions[0].what,
            "Truck factor 2: if A and B left, 60% of the files would have no remaining author. \
             45% of the code was written by people who have gone."
        );
        assert_eq!(actions[0].evidence, truck.evidence);

        // Without a truck-factor problem, the code left behind is an action of its own.
        let mut info = truck;
        info.severity = Severity::Info;
        let actions = select(&[left, info], &index);
        assert_eq!(actions.len(), 1);
        assert_eq!(actions[0].rule, "TEAM003");
        assert_eq!(
            actions[0].what,
            "45% of the code was written by people who have gone"
        );
    }
}
