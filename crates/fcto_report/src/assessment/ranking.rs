//! The order findings are shown and acted on.
//!
//! Sorted by, in turn:
//! 1. effective weight, heaviest first ([`super::scoring::effective_weight`]);
//! 2. whether the rule leads the report at the company's stage (leading first);
//! 3. effort, quickest first: hours, days, weeks, then none (inventory);
//! 4. rule code, then fingerprint, so the order is stable from run to run.

use super::RuleIndex;
use super::scoring::effective_weight;
use fcto_model::{Effort, Finding, Stage};
use std::cmp::Ordering;

/// Position of an effort in the ranking: quick fixes first, nothing-to-do last.
pub fn effort_rank(effort: Effort) -> u8 {
    match effort {
        Effort::Hours => 0,
        Effort::Days => 1,
        Effort::Weeks => 2,
        Effort::None => 3,
    }
}

/// The findings in ranking order.
pub(crate) fn rank(findings: Vec<Finding>, index: &RuleIndex<'_>, stage: Stage) -> Vec<Finding> {
    let mut keyed: Vec<(f64, bool, Finding)> = findings
        .into_iter()
        .map(|f| {
            let w = effective_weight(&f, index.get(&f.rule), stage);
            (w.value, w.leads, f)
        })
        .collect();
    keyed.sort_by(|(wa, la, a), (wb, lb, b)| compare(*wa, *la, a, *wb, *lb, b));
    keyed.into_iter().map(|(_, _, f)| f).collect()
}

fn compare(wa: f64, la: bool, a: &Finding, wb: f64, lb: bool, b: &Finding) -> Ordering {
    wb.total_cmp(&wa)
        .then_with(|| lb.cmp(&la))
        .then_with(|| effort_rank(a.effort).cmp(&effort_rank(b.effort)))
        .then_with(|| a.rule.cmp(&b.rule))
        .then_with(|| a.fingerprint.cmp(&b.fingerprint))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::tests::{finding, rule};
    use fcto_model::{Area, Severity};

    fn order(findings: Vec<Finding>, index: &RuleIndex<'_>, stage: Stage) -> Vec<String> {
        rank(findings, index, stage)
            .into_iter()
            .map(|f| format!("{}/{}", f.rule, f.fingerprint))
            .collect()
    }

    #[test]
    fn weight_then_stage_then_effort_then_code_then_fingerprint() {
        let rules = vec![
            rule(
                "SEC001",
                Area::Security,
                Severity::Critical,
                Effort::Hours,
                &[],
            ),
            rule(
                "TEAM001",
                Area::Team,
                Severity::High,
                Effort::Weeks,
                &[Stage::Mvp],
            ),
            rule(
                "DEL001",
                Area::Delivery,
                Severity::High,
                Effort::Hours,
                &[Stage::Mvp],
            ),
            rule(
                "DEL013",
                Area::Delivery,
                Severity::High,
                Effort::Hours,
                &[Stage::Mvp],
            ),
            rule("QUA005", Area::Quality, Severity::Medium, Effort::Days, &[]),
            rule("TEAM003", Area::Team, Severity::Medium, Effort::Weeks, &[]),
            rule(
                "DOC001",
                Area::Documentation,
                Severity::Medium,
                Effort::Hours,
                &[Stage::Mvp],
            ),
            rule(
                "ARC001",
                Area::Architecture,
                Severity::Info,
                Effort::None,
                &[Stage::Mvp],
            ),
        ];
        let index = RuleIndex::new(&rules);
        let findings = vec![
            finding(
                "ARC001",
                Area::Architecture,
                Severity::Info,
                Effort::None,
                "a",
            ),
            finding("TEAM003", Area::Team, Severity::Medium, Effort::Weeks, "b"),
            finding("QUA005", Area::Quality, Severity::Medium, Effort::Days, "z"),
            finding("QUA005", Area::Quality, Severity::Medium, Effort::Days, "c"),
            finding("TEAM001", Area::Team, Severity::High, Effort::Weeks, "d"),
            finding("DEL013", Area::Delivery, Severity::High, Effort::Hours, "e"),
            finding("DEL001", Area::Delivery, Severity::High, Effort::Hours, "f"),
            finding(
                "SEC001",
                Area::Security,
                Severity::Critical,
                Effort::Hours,
                "g",
            ),
            // Medium that leads (10) outweighs medium that does not (8).
            finding(
                "DOC001",
                Area::Documentation,
                Severity::Medium,
                Effort::Hours,
                "h",
            ),
        ];
        assert_eq!(
            order(findings.clone(), &index, Stage::Mvp),
            [
                "SEC001/g",  // 40 × 1 = 40
                "DEL001/f",  // 25, leads, hours
                "DEL013/e",  // 25, leads, hours: code after DEL001
                "TEAM001/d", // 25, leads, weeks
                "DOC001/h",  // 10, leads
                "QUA005/c",  // 8, days
                "QUA005/z",  // 8, days: fingerprint after c
                "TEAM003/b", // 8, weeks
                "ARC001/a",  // 0
            ]
        );

        // At growth nothing leads: the highs tie on weight and are ordered by effort.
        let growth = order(findings, &index, Stage::Growth);
        assert_eq!(
            &growth[..4],
            ["SEC001/g", "DEL001/f", "DEL013/e", "TEAM001/d"]
        );
        assert_eq!(&growth[4..7], ["DOC001/h", "QUA005/c", "QUA005/z"]);
    }

    #[test]
    fn leading_breaks_a_tie_in_weight() {
        // At pre-product a delivery high counts half (20 × 0.5 = 10) and a medium that leads
        // counts a quarter more (8 × 1.25 = 10): equal weights.
        let rules = vec![
            rule("DEL001", Area::Delivery, Severity::High, Effort::Hours, &[]),
            rule(
                "QUA004",
                Area::Quality,
                Severity::Medium,
                Effort::Weeks,
                &[Stage::PreProduct],
            ),
        ];
        let index = RuleIndex::new(&rules);
        let findings = vec![
            finding("DEL001", Area::Delivery, Severity::High, Effort::Hours, "a"),
            finding(
                "QUA004",
                Area::Quality,
                Severity::Medium,
                Effort::Weeks,
                "b",
            ),
        ];
        // Both weigh 10 at pre-product; QUA004 leads there, so it comes first despite its effort.
        assert_eq!(
            order(findings, &index, Stage::PreProduct),
            ["QUA004/b", "DEL001/a"]
        );
    }
}
