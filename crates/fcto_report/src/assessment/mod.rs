//! Findings ──▶ [`Assessment`]: scores per area, the ranked findings, the first five actions and
//! the summary. Everything a renderer shows is decided here.

pub mod actions;
pub mod ranking;
pub mod scoring;
pub mod summary;

use fcto_model::{
    AcceptedFinding, Action, Assessment, CodeHealthSummary, CompanyContext, Contributor, Finding,
    HistorySummary, Hotspot, InventorySummary, Note, RepositoryInfo, RuleBrief, RuleMeta,
    SCHEMA_VERSION, Severity, StackSummary, TeamSummary, ToolInfo,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Everything the assessment is made from: the facts' summaries, the findings and the metadata
/// of the rules that ran.
#[derive(Debug, Clone)]
pub struct AssessmentInput {
    pub tool_version: String,
    pub repository: RepositoryInfo,
    pub context: CompanyContext,
    pub inventory: InventorySummary,
    pub stack: StackSummary,
    pub history: HistorySummary,
    pub team: TeamSummary,
    pub hotspots: Vec<Hotspot>,
    pub code_health: CodeHealthSummary,
    pub findings: Vec<Finding>,
    /// Findings the team accepted, out of `findings`.
    pub accepted: Vec<AcceptedFinding>,
    /// Metadata of every rule that ran (findings or not).
    pub rules: Vec<RuleMeta>,
    pub notes: Vec<Note>,
}

/// The rules that ran, by code.
pub(crate) struct RuleIndex<'a> {
    by_code: HashMap<&'a str, &'a RuleMeta>,
}

impl<'a> RuleIndex<'a> {
    pub(crate) fn new(rules: &'a [RuleMeta]) -> RuleIndex<'a> {
        let mut by_code = HashMap::with_capacity(rules.len());
        for rule in rules {
            by_code.entry(rule.code).or_insert(rule);
        }
        RuleIndex { by_code }
    }

    pub(crate) fn get(&self, code: &str) -> Option<&'a RuleMeta> {
        self.by_code.get(code).copied()
    }
}

/// The finding an action was made from: the first finding of its rule in ranking order that is
/// not `info`, which is the one [`actions::select`] picks.
pub(crate) fn finding_of<'a>(a: &'a Assessment, action: &Action) -> Option<&'a Finding> {
    a.findings
        .iter()
        .find(|f| f.rule == action.rule && f.severity != Severity::Info)
}

/// How much evidence the finding behind an action has in all; the action carries only the
/// first [`actions::ACTION_EVIDENCE`].
pub(crate) fn evidence_total(a: &Assessment, action: &Action) -> usize {
    finding_of(a, action)
        .map_or(0, |f| f.evidence.len())
        .max(action.evidence.len())
}

/// Whether the company context lists this person as departed (by email or name).
pub(crate) fn departed(a: &Assessment, c: &Contributor) -> bool {
    a.context
        .departed
        .iter()
        .any(|d| d.eq_ignore_ascii_case(&c.email) || d.eq_ignore_ascii_case(&c.name))
}

/// Turns the input into the assessment every renderer reads.
pub fn assess(input: AssessmentInput) -> Assessment {
    let AssessmentInput {
        tool_version,
        repository,
        context,
        mut inventory,
        stack,
        history,
        team,
        mut hotspots,
        code_health,
        findings,
        accepted,
        rules,
        mut notes,
    } = input;
    let index = RuleIndex::new(&rules);

    let missing: BTreeSet<String> = findings
        .iter()
        .filter(|f| index.get(&f.rule).is_none())
        .map(|f| f.rule.clone())
        .collect();
    if !missing.is_empty() {
        notes.push(Note::info(format!(
            "Findings of {} came without their rule's description, so they are scored without \
             stage weighting and shown without why-it-matters and how-to-fix text.",
            missing.iter().cloned().collect::<Vec<_>>().join(", ")
        )));
    }

    let findings = ranking::rank(findings, &index, context.stage);
    let (scores, score_details) = scoring::score(&findings, &rules, &index, context.stage);
    let actions = actions::select(&findings, &index);

    // Largest first, so every renderer's "top N" is the same N.
    inventory
        .languages
        .sort_by(|a, b| b.code.cmp(&a.code).then_with(|| a.name.cmp(&b.name)));
    hotspots.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| b.changes.cmp(&a.changes))
            .then_with(|| a.path.cmp(&b.path))
    });

    let mut rules_run: Vec<String> = rules.iter().map(|r| r.code.to_string()).collect();
    rules_run.extend(missing);
    rules_run.sort();
    rules_run.dedup();

    let mut briefs = BTreeMap::new();
    for finding in findings.iter().chain(accepted.iter().map(|a| &a.finding)) {
        if let Some(meta) = index.get(&finding.rule) {
            briefs
                .entry(finding.rule.clone())
                .or_insert_with(|| RuleBrief {
                    name: meta.name.to_string(),
                    title: meta.title.to_string(),
                    what: meta.docs.what.to_string(),
                    why: meta.docs.why.to_string(),
                    how_to_fix: meta.docs.how_to_fix.to_string(),
                });
        }
    }

    let mut assessment = Assessment {
        schema_version: SCHEMA_VERSION,
        tool: ToolInfo {
            name: "fcto".to_string(),
            version: tool_version,
        },
        repository,
        context,
        inventory,
        stack,
        history,
        team,
        hotspots,
        code_health,
        findings,
        scores,
        score_details,
        actions,
        summary: String::new(),
        notes,
        rules_run,
        rules: briefs,
        accepted,
    };
    assessment.summary = summary::write(&assessment);
    assessment
}

#[cfg(test)]
// Scores here are whole numbers or exact binary fractions; exact equality is what is meant.
#[allow(clippy::float_cmp)]
pub(crate) mod tests {
    use super::*;
    use fcto_model::{
        Area, Contributor, Effort, Evidence, LanguageSummary, RuleDocs, RuleStatus, Severity,
        StackItem, Stage,
    };

    fn leak(s: String) -> &'static str {
        Box::leak(s.into_boxed_str())
    }

    /// A rule with generated texts: "Title of CODE", "Why CODE matters.", "How to fix CODE.".
    pub(crate) fn rule(
        code: &'static str,
        area: Area,
        severity: Severity,
        effort: Effort,
        stages: &'static [Stage],
    ) -> RuleMeta {
        RuleMeta {
            code,
            name: leak(format!("{}-name", code.to_lowercase())),
            title: leak(format!("Title of {code}")),
            area,
            severity,
            effort,
            stages,
            status: RuleStatus::Stable,
            needs: &[],
            uses: &[],
            docs: RuleDocs {
                what: leak(format!("What {code} checks.")),
                why: leak(format!("Why {code} matters.")),
                how_to_fix: leak(format!("How to fix {code}.")),
                options: "None.",
            },
        }
    }

    /// A finding with message "message of CODE KEY" and fingerprint KEY.
    pub(crate) fn finding(
        code: &str,
        area: Area,
        severity: Severity,
        effort: Effort,
        key: &str,
    ) -> Finding {
        Finding {
            rule: code.to_string(),
            name: format!("{}-name", code.to_lowercase()),
            area,
            severity,
            effort,
            message: format!("message of {code} {key}"),
            evidence: Vec::new(),
            fingerprint: key.to_string(),
            accepted: None,
        }
    }

    fn person(name: &str, commits: u64, active: bool) -> Contributor {
        Contributor {
            name: name.to_string(),
            email: format!("{}@example.com", name.to_lowercase().replace(' ', ".")),
            commits,
            active_90_days: active,
            active_12_months: active,
            gone: !active,
            ..Contributor::default()
        }
    }

    /// A small repository with history, two rules and two findings; assumed MVP stage.
    pub(crate) fn input() -> AssessmentInput {
        let mut alice = person("Alice Example", 300, false);
        alice.last_commit = Some("2024-08-30T18:02:00+02:00".to_string());
        let bob = person("Bob Example", 120, true);
        AssessmentInput {
            tool_version: "0.1.0".to_string(),
            repository: RepositoryInfo {
                path: "/src/shopfront".to_string(),
                kind: "git".to_string(),
                head: Some("0123456789abcdef0123456789abcdef01234567".to_string()),
                ..RepositoryInfo::default()
            },
            context: CompanyContext::default(),
            inventory: InventorySummary {
                languages: vec![
                    LanguageSummary {
                        name: "Python".to_string(),
                        files: 40,
                        code: 4_000,
                        share: 0.4,
                        programming: true,
                        ..LanguageSummary::default()
                    },
                    LanguageSummary {
                        name: "TypeScript".to_string(),
                        files: 60,
                        code: 6_000,
                        share: 0.6,
                        programming: true,
                        ..LanguageSummary::default()
                    },
                ],
                files: 100,
                code: 10_000,
                ..InventorySummary::default()
            },
            stack: StackSummary {
                items: vec![StackItem {
                    kind: "framework".to_string(),
                    name: "Django".to_string(),
                    version: Some("5.0".to_string()),
                    via: None,
                    evidence: vec![Evidence::line("requirements.txt", 1)],
                }],
                packages: vec![".".to_string()],
            },
            history: HistorySummary {
                available: true,
                commits: 420,
                authors: 2,
                first_commit_date: Some("2022-03-01T10:00:00Z".to_string()),
                last_commit_date: Some("2025-02-20T10:00:00Z".to_string()),
                ..HistorySummary::default()
            },
            team: TeamSummary {
                truck_factor: Some(1),
                truck_factor_authors: vec![alice.clone()],
                contributors_total: 2,
                active_90_days: 1,
                contributors: vec![alice, bob],
                ..TeamSummary::default()
            },
            hotspots: Vec::new(),
            code_health: CodeHealthSummary::default(),
            findings: vec![
                finding("QUA005", Area::Quality, Severity::Medium, Effort::Days, "q"),
                finding("TEAM001", Area::Team, Severity::High, Effort::Weeks, "t"),
            ],
            accepted: Vec::new(),
            rules: vec![
                rule(
                    "TEAM001",
                    Area::Team,
                    Severity::High,
                    Effort::Weeks,
                    &[Stage::Mvp],
                ),
                rule("QUA005", Area::Quality, Severity::Medium, Effort::Days, &[]),
            ],
            notes: Vec::new(),
        }
    }

    #[test]
    fn assess_ranks_scores_and_briefs() {
        let a = assess(input());
        assert_eq!(a.findings[0].rule, "TEAM001");
        assert_eq!(a.scores["team"], 75.0);
        assert_eq!(a.scores["quality"], 92.0);
        assert_eq!(a.rules_run, ["QUA005", "TEAM001"]);
        assert_eq!(a.rules["TEAM001"].why, "Why TEAM001 matters.");
        assert_eq!(a.actions.len(), 2);
        assert_eq!(a.inventory.languages[0].name, "TypeScript");
        assert!(a.notes.is_empty());
    }

    #[test]
    fn findings_without_rule_metadata_are_noted() {
        let mut i = input();
        i.findings.push(finding(
            "OPS099",
            Area::Operations,
            Severity::Low,
            Effort::Hours,
            "o",
        ));
        let a = assess(i);
        assert_eq!(a.scores["operations"], 97.0);
        assert!(a.rules_run.contains(&"OPS099".to_string()));
        assert!(a.notes[0].message.contains("OPS099"), "{:?}", a.notes);
    }
}
