//! The first things to do: the top of the ranking, one per rule.

use super::RuleIndex;
use fcto_model::{Action, Finding, Severity};
use std::collections::HashSet;

/// How many actions the report leads with.
pub const MAX_ACTIONS: usize = 5;
/// How many pieces of evidence an action shows.
pub const ACTION_EVIDENCE: usize = 3;

/// The first [`MAX_ACTIONS`] ranked findings that are not `info`, at most one per rule.
/// `findings` must be in ranking order.
pub(crate) fn select(findings: &[Finding], index: &RuleIndex<'_>) -> Vec<Action> {
    let mut seen: HashSet<&str> = HashSet::new();
    findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .filter(|f| seen.insert(f.rule.as_str()))
        .take(MAX_ACTIONS)
        .enumerate()
        .map(|(i, f)| {
            let meta = index.get(&f.rule);
            Action {
                rank: i as u32 + 1,
                rule: f.rule.clone(),
                title: meta.map_or_else(|| f.name.clone(), |m| m.title.to_string()),
                what: f.message.clone(),
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
}
