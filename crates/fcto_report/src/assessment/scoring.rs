//! Scores per area and the stage weighting every other step uses.
//!
//! # The formula
//!
//! Each finding has an **effective weight**:
//!
//! ```text
//! effective weight = base weight of its severity × stage factors
//! ```
//!
//! | severity | base weight |
//! |---|---|
//! | critical | [`WEIGHT_CRITICAL`] = 40 |
//! | high | [`WEIGHT_HIGH`] = 20 |
//! | medium | [`WEIGHT_MEDIUM`] = 8 |
//! | low | [`WEIGHT_LOW`] = 3 |
//! | info | [`WEIGHT_INFO`] = 0 |
//!
//! Stage factors (catalogue, "Stage lens"), multiplied together:
//!
//! - **early stage** ([`EARLY_STAGE_FACTOR`] = 0.5): at `pre-product`, findings in the
//!   operations, documentation and delivery areas (the presence and process checks: no CI, no
//!   runbook, no health check) count half, which is about one severity level lower. Rules that
//!   lead at pre-product (their `stages` include it, such as backups or lockfiles) are exempt:
//!   the catalogue names them as what matters even then.
//! - **process at scale** ([`PROCESS_AT_SCALE_FACTOR`] = 1.5): at `scale` and `due-diligence`,
//!   findings in the team, documentation and delivery areas count one and a half times, because
//!   the question there is whether the organisation, not a few heroes, can run the product.
//! - **leads at this stage** ([`LEADS_AT_STAGE_FACTOR`] = 1.25): a finding of a rule whose
//!   `stages` include the company's stage counts a quarter more.
//! - A **critical security** finding never counts less than its base weight: factors below 1
//!   are not applied to it.
//!
//! The severity used is the finding's own (a rule may have raised or lowered its default).
//!
//! An area's **score** is `max(0, 100 − Σ effective weights of its findings)`, rounded to one
//! decimal. An area gets a score only when at least one of its rules ran; otherwise it is
//! *not assessed* and has no score at all (a missing score is not a good score).

use super::RuleIndex;
use crate::human;
use fcto_model::{Area, AreaScore, Deduction, Finding, RuleMeta, ScoreStatus, Severity, Stage};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Base weight of a critical finding.
pub const WEIGHT_CRITICAL: f64 = 40.0;
/// Base weight of a high finding.
pub const WEIGHT_HIGH: f64 = 20.0;
/// Base weight of a medium finding.
pub const WEIGHT_MEDIUM: f64 = 8.0;
/// Base weight of a low finding.
pub const WEIGHT_LOW: f64 = 3.0;
/// Base weight of an info finding: inventory is never a problem by itself.
pub const WEIGHT_INFO: f64 = 0.0;

/// At `pre-product`, operations, documentation and delivery findings count half.
pub const EARLY_STAGE_FACTOR: f64 = 0.5;
/// The areas [`EARLY_STAGE_FACTOR`] applies to.
pub const EARLY_STAGE_AREAS: &[Area] = &[Area::Operations, Area::Documentation, Area::Delivery];

/// At `scale` and `due-diligence`, team, documentation and delivery findings count 1.5 times.
pub const PROCESS_AT_SCALE_FACTOR: f64 = 1.5;
/// The areas [`PROCESS_AT_SCALE_FACTOR`] applies to.
pub const PROCESS_AREAS: &[Area] = &[Area::Team, Area::Documentation, Area::Delivery];
/// The stages [`PROCESS_AT_SCALE_FACTOR`] applies at.
pub const PROCESS_STAGES: &[Stage] = &[Stage::Scale, Stage::DueDiligence];

/// A finding of a rule that leads the report at the company's stage counts 1.25 times.
pub const LEADS_AT_STAGE_FACTOR: f64 = 1.25;

/// Every area starts from this score.
pub const FULL_SCORE: f64 = 100.0;

/// The base weight of a severity.
pub fn base_weight(severity: Severity) -> f64 {
    match severity {
        Severity::Critical => WEIGHT_CRITICAL,
        Severity::High => WEIGHT_HIGH,
        Severity::Medium => WEIGHT_MEDIUM,
        Severity::Low => WEIGHT_LOW,
        Severity::Info => WEIGHT_INFO,
    }
}

/// Why a weight was multiplied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Factor {
    EarlyStage,
    ProcessAtScale(Stage),
    LeadsAt(Stage),
}

impl Factor {
    pub fn value(self) -> f64 {
        match self {
            Factor::EarlyStage => EARLY_STAGE_FACTOR,
            Factor::ProcessAtScale(_) => PROCESS_AT_SCALE_FACTOR,
            Factor::LeadsAt(_) => LEADS_AT_STAGE_FACTOR,
        }
    }

    /// How the factor is named in a formula.
    pub fn label(self) -> String {
        match self {
            Factor::EarlyStage => "counts half at pre-product".to_string(),
            Factor::ProcessAtScale(stage) => format!("process check at {stage}"),
            Factor::LeadsAt(stage) => format!("leads at {stage}"),
        }
    }
}

/// A finding's effective weight and how it came about.
#[derive(Debug, Clone, PartialEq)]
pub struct Weight {
    pub base: f64,
    pub factors: Vec<Factor>,
    /// Whether the finding's rule leads the report at the stage.
    pub leads: bool,
    /// `base × factors`.
    pub value: f64,
}

/// The effective weight of a finding at a stage; `meta` is its rule's metadata, when known.
pub fn effective_weight(finding: &Finding, meta: Option<&RuleMeta>, stage: Stage) -> Weight {
    let base = base_weight(finding.severity);
    let leads = meta.is_some_and(|m| m.leads_at(stage));
    let mut factors = Vec::new();
    if stage == Stage::PreProduct && EARLY_STAGE_AREAS.contains(&finding.area) && !leads {
        factors.push(Factor::EarlyStage);
    }
    if PROCESS_STAGES.contains(&stage) && PROCESS_AREAS.contains(&finding.area) {
        factors.push(Factor::ProcessAtScale(stage));
    }
    if leads {
        factors.push(Factor::LeadsAt(stage));
    }
    if finding.area == Area::Security && finding.severity == Severity::Critical {
        factors.retain(|f| f.value() >= 1.0);
    }
    let value = factors.iter().fold(base, |w, f| w * f.value());
    Weight {
        base,
        factors,
        leads,
        value,
    }
}

/// Rounds to one decimal.
pub(crate) fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Scores per assessed area (keyed by the area's word) and the details of every area.
/// `findings` should be ranked so formulas list the heaviest deductions first.
pub(crate) fn score(
    findings: &[Finding],
    rules: &[RuleMeta],
    index: &RuleIndex<'_>,
    stage: Stage,
) -> (BTreeMap<String, f64>, Vec<AreaScore>) {
    // Rules that ran, per area; a finding whose rule has no metadata still shows its rule ran.
    let mut ran: BTreeMap<Area, Vec<&str>> = BTreeMap::new();
    for rule in rules {
        ran.entry(rule.area).or_default().push(rule.code);
    }
    for finding in findings {
        if index.get(&finding.rule).is_none() {
            ran.entry(finding.area).or_default().push(&finding.rule);
        }
    }
    for codes in ran.values_mut() {
        codes.sort_unstable();
        codes.dedup();
    }

    let mut scores = BTreeMap::new();
    let mut details = Vec::with_capacity(Area::ALL.len());
    for &area in Area::ALL {
        let Some(codes) = ran.get(&area) else {
            details.push(AreaScore {
                area,
                status: ScoreStatus::NotAssessed,
                score: None,
                formula: "not assessed: no check of this area ran".to_string(),
                deductions: Vec::new(),
                rules_run: 0,
            });
            continue;
        };
        let mut terms: Vec<Term> = Vec::new();
        let mut deductions = Vec::new();
        for finding in findings.iter().filter(|f| f.area == area) {
            let weight = effective_weight(finding, index.get(&finding.rule), stage);
            if weight.value <= 0.0 {
                continue;
            }
            deductions.push(Deduction {
                rule: finding.rule.clone(),
                severity: finding.severity,
                points: weight.value,
            });
            match terms.iter_mut().find(|t| {
                t.rule == finding.rule && t.severity == finding.severity && t.weight == weight
            }) {
                Some(term) => term.count += 1,
                None => terms.push(Term {
                    rule: finding.rule.clone(),
                    severity: finding.severity,
                    weight,
                    count: 1,
                }),
            }
        }
        let total: f64 = deductions.iter().map(|d| d.points).sum();
        let raw = FULL_SCORE - total;
        let value = round1(raw.max(0.0));
        scores.insert(area.as_str().to_string(), value);
        details.push(AreaScore {
            area,
            status: ScoreStatus::Assessed,
            score: Some(value),
            formula: formula(&terms, raw, value),
            deductions,
            rules_run: codes.len() as u32,
        });
    }
    (scores, details)
}

/// Findings of one rule with the same severity and weight, written once in a formula.
struct Term {
    rule: String,
    severity: Severity,
    weight: Weight,
    count: usize,
}

impl Term {
    fn text(&self) -> String {
        let mut product = human::factor(self.weight.base);
        for f in &self.weight.factors {
            product.push_str(" × ");
            product.push_str(&human::factor(f.value()));
        }
        let mut label = format!("{} {}", self.rule, self.severity);
        if self.count > 1 {
            let _ = write!(label, ", {} findings", self.count);
        }
        for f in &self.weight.factors {
            label.push_str(", ");
            label.push_str(&f.label());
        }
        match (self.count, self.weight.factors.is_empty()) {
            (1, _) => format!("{product} [{label}]"),
            (n, true) => format!("{n} × {product} [{label}]"),
            (n, false) => format!("{n} × ({product}) [{label}]"),
        }
    }
}

/// `100 − (20 × 1.25 [TEAM001 high, leads at mvp] + 8 [QUA005 medium]) = 67.0`.
fn formula(terms: &[Term], raw: f64, value: f64) -> String {
    let sum = match terms {
        [] => "0".to_string(),
        [one] => one.text(),
        many => format!(
            "({})",
            many.iter().map(Term::text).collect::<Vec<_>>().join(" + ")
        ),
    };
    let full = human::factor(FULL_SCORE);
    if raw < 0.0 {
        format!(
            "{full} − {sum} = −{}, so {} (a score never goes below 0)",
            human::score(-raw),
            human::score(value)
        )
    } else {
        format!("{full} − {sum} = {}", human::score(value))
    }
}

#[cfg(test)]
// Weights are products and sums of exact binary fractions (0.5, 1.25, 1.5, whole numbers), so
// exact equality is what these tests mean.
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;
    use crate::assessment::tests::{finding, rule};
    use fcto_model::Effort;

    #[test]
    fn hand_computed_scores_at_mvp() {
        let rules = vec![
            rule(
                "TEAM001",
                Area::Team,
                Severity::High,
                Effort::Weeks,
                &[Stage::Mvp],
            ),
            rule(
                "TEAM003",
                Area::Team,
                Severity::Medium,
                Effort::Weeks,
                &[Stage::Rebuild],
            ),
            rule(
                "QUA005",
                Area::Quality,
                Severity::Medium,
                Effort::Days,
                &[Stage::Growth],
            ),
        ];
        let findings = vec![
            finding("TEAM001", Area::Team, Severity::High, Effort::Weeks, "a"),
            finding("TEAM003", Area::Team, Severity::Medium, Effort::Weeks, "b"),
            finding("QUA005", Area::Quality, Severity::Medium, Effort::Days, "c"),
            finding("QUA005", Area::Quality, Severity::Medium, Effort::Days, "d"),
            finding("QUA005", Area::Quality, Severity::Low, Effort::Days, "e"),
        ];
        let index = RuleIndex::new(&rules);
        let (scores, details) = score(&findings, &rules, &index, Stage::Mvp);

        // Team: 100 − (20 × 1.25 + 8) = 67.
        assert_eq!(scores["team"], 67.0);
        let team = details.iter().find(|d| d.area == Area::Team).unwrap();
        assert_eq!(
            team.formula,
            "100 − (20 × 1.25 [TEAM001 high, leads at mvp] + 8 [TEAM003 medium]) = 67.0"
        );
        assert_eq!(team.deductions.len(), 2);
        assert_eq!(team.deductions[0].points, 25.0);
        assert_eq!(team.rules_run, 2);

        // Quality: 100 − (2 × 8 + 3) = 81; equal findings are written once.
        assert_eq!(scores["quality"], 81.0);
        let quality = details.iter().find(|d| d.area == Area::Quality).unwrap();
        assert_eq!(
            quality.formula,
            "100 − (2 × 8 [QUA005 medium, 2 findings] + 3 [QUA005 low]) = 81.0"
        );
        assert_eq!(quality.deductions.len(), 3);
    }

    #[test]
    fn area_without_rules_is_not_assessed() {
        let rules = vec![rule(
            "QUA005",
            Area::Quality,
            Severity::Medium,
            Effort::Days,
            &[],
        )];
        let index = RuleIndex::new(&rules);
        let (scores, details) = score(&[], &rules, &index, Stage::Mvp);
        assert_eq!(scores.len(), 1);
        assert_eq!(scores["quality"], 100.0);
        assert!(!scores.contains_key("security"));
        assert_eq!(details.len(), Area::ALL.len());
        let security = details.iter().find(|d| d.area == Area::Security).unwrap();
        assert!(matches!(security.status, ScoreStatus::NotAssessed));
        assert_eq!(security.score, None);
        assert_eq!(security.rules_run, 0);
        let quality = details.iter().find(|d| d.area == Area::Quality).unwrap();
        assert_eq!(quality.formula, "100 − 0 = 100.0");
    }

    #[test]
    fn stage_factors_at_pre_product_and_scale() {
        let rules = vec![
            rule(
                "OPS003",
                Area::Operations,
                Severity::Medium,
                Effort::Hours,
                &[Stage::Growth],
            ),
            rule(
                "OPS006",
                Area::Operations,
                Severity::High,
                Effort::Days,
                &[Stage::PreProduct],
            ),
            rule(
                "DEL012",
                Area::Delivery,
                Severity::High,
                Effort::Hours,
                &[Stage::Scale],
            ),
            rule(
                "SEC001",
                Area::Security,
                Severity::Critical,
                Effort::Hours,
                &[],
            ),
        ];
        let index = RuleIndex::new(&rules);
        let ops3 = finding(
            "OPS003",
            Area::Operations,
            Severity::Medium,
            Effort::Hours,
            "a",
        );
        let ops6 = finding(
            "OPS006",
            Area::Operations,
            Severity::High,
            Effort::Days,
            "b",
        );
        let del = finding("DEL012", Area::Delivery, Severity::High, Effort::Hours, "c");
        let sec = finding(
            "SEC001",
            Area::Security,
            Severity::Critical,
            Effort::Hours,
            "d",
        );

        // Pre-product: OPS003 counts half; OPS006 leads then, so it is not halved but raised.
        let pre = Stage::PreProduct;
        assert_eq!(effective_weight(&ops3, index.get("OPS003"), pre).value, 4.0);
        assert_eq!(
            effective_weight(&ops6, index.get("OPS006"), pre).value,
            25.0
        );
        assert_eq!(effective_weight(&sec, index.get("SEC001"), pre).value, 40.0);
        let (scores, details) = score(&[ops6.clone(), ops3.clone()], &rules, &index, pre);
        // 100 − (25 + 4) = 71.
        assert_eq!(scores["operations"], 71.0);
        let ops = details.iter().find(|d| d.area == Area::Operations).unwrap();
        assert_eq!(
            ops.formula,
            "100 − (20 × 1.25 [OPS006 high, leads at pre-product] \
             + 8 × 0.5 [OPS003 medium, counts half at pre-product]) = 71.0"
        );

        // Scale: DEL012 is a process finding (× 1.5) that leads at scale (× 1.25): 37.5.
        let w = effective_weight(&del, index.get("DEL012"), Stage::Scale);
        assert_eq!(w.value, 37.5);
        assert!(w.leads);
        // Due diligence: process factor only.
        assert_eq!(
            effective_weight(&del, index.get("DEL012"), Stage::DueDiligence).value,
            30.0
        );
        // Growth: neither.
        assert_eq!(
            effective_weight(&del, index.get("DEL012"), Stage::Growth).value,
            20.0
        );
        let (scores, _) = score(&[del.clone(), del], &rules, &index, Stage::Scale);
        // 100 − 2 × 37.5 = 25.
        assert_eq!(scores["delivery"], 25.0);
    }

    #[test]
    fn critical_security_never_drops_and_scores_floor_at_zero() {
        let rules = vec![rule(
            "SEC001",
            Area::Security,
            Severity::Critical,
            Effort::Hours,
            &[],
        )];
        let index = RuleIndex::new(&rules);
        let findings: Vec<_> = ["a", "b", "c"]
            .iter()
            .map(|k| {
                finding(
                    "SEC001",
                    Area::Security,
                    Severity::Critical,
                    Effort::Hours,
                    k,
                )
            })
            .collect();
        for &stage in Stage::ALL {
            assert!(effective_weight(&findings[0], index.get("SEC001"), stage).value >= 40.0);
        }
        let (scores, details) = score(&findings, &rules, &index, Stage::Mvp);
        assert_eq!(scores["security"], 0.0);
        let sec = details.iter().find(|d| d.area == Area::Security).unwrap();
        assert_eq!(
            sec.formula,
            "100 − 3 × 40 [SEC001 critical, 3 findings] = −20.0, so 0.0 (a score never goes below 0)"
        );
    }

    #[test]
    fn info_findings_cost_nothing() {
        let rules = vec![rule(
            "ARC001",
            Area::Architecture,
            Severity::Info,
            Effort::None,
            &[Stage::Mvp],
        )];
        let index = RuleIndex::new(&rules);
        let f = finding(
            "ARC001",
            Area::Architecture,
            Severity::Info,
            Effort::None,
            "a",
        );
        let (scores, details) = score(&[f], &rules, &index, Stage::Mvp);
        assert_eq!(scores["architecture"], 100.0);
        assert!(details[0].deductions.is_empty());
    }
}
