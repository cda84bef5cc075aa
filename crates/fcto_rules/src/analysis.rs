//! What rules read: the facts, the derived team and hotspot facts, the company context and the
//! rule options from `fcto.toml`; and the `Emitter` rules report through.

use crate::registry::Rule;
use fcto_facts::Facts;
use fcto_facts::analysis::analysed_file_histories;
use fcto_facts::analysis::clones::{self, CloneOptions, Duplication};
use fcto_facts::analysis::code_health::{self, FileHealth, HealthOptions};
use fcto_facts::analysis::hotspots::{self, Complexity, FileActivity, HotspotOptions, Measure};
use fcto_facts::analysis::imports::ImportGraph;
use fcto_facts::analysis::is_analysed_code;
use fcto_facts::analysis::team::{self, Team, TeamOptions};
use fcto_facts::analysis::test_code;
use fcto_facts::analysis::trend::{TrendPoint, complexity_trend};
use fcto_facts::history::FileHistories;
use fcto_facts::syntax::Token;
use fcto_model::{CompanyContext, Evidence, Finding, Severity, fingerprint};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Options that shape the analysis.
#[derive(Debug, Clone, Default)]
pub struct AnalysisOptions {
    /// Overrides of rule options: (rule code, option key) → value.
    pub rule_options: HashMap<(String, String), f64>,
}

/// Everything rules read.
pub struct Analysis<'a> {
    pub facts: &'a Facts,
    pub context: &'a CompanyContext,
    /// The moment "recent" is measured back from, seconds since the epoch.
    pub as_of: i64,
    /// `None` without history.
    pub team: Option<Team>,
    pub team_options: TeamOptions,
    /// Every analysed file changed in the hotspot window, highest score first.
    pub hotspots: Vec<FileActivity>,
    /// Paths of the hotspots worth naming (see `hotspots::selected`).
    pub selected_hotspots: HashSet<String>,
    pub hotspot_measure: String,
    /// For the named hotspots (at most 10): complexity at the last four quarter ends and now,
    /// oldest first, read from the history.
    pub trends: BTreeMap<String, Vec<TrendPoint>>,
    /// Clones among the parsed code files.
    pub duplication: Duplication,
    /// Code health of every parsed code file, by path.
    pub health: HashMap<String, FileHealth>,
    pub health_options: HealthOptions,
    /// Per analysed code file, the commits that changed it, renames followed
    /// (`analysed_file_histories`); empty without history.
    pub file_histories: FileHistories,
    /// The product code's imports resolved to files and packages (empty when the syntax was
    /// not read).
    pub imports: ImportGraph,
    pub options: AnalysisOptions,
}

impl<'a> Analysis<'a> {
    /// Derives team and hotspot facts from `facts`.
    pub fn new(
        facts: &'a Facts,
        context: &'a CompanyContext,
        as_of: i64,
        options: AnalysisOptions,
    ) -> Analysis<'a> {
        let mut team_options = TeamOptions::new(as_of);
        team_options.departed.clone_from(&context.departed);
        let histories = facts
            .history
            .as_ref()
            .map(|h| analysed_file_histories(h, &facts.inventory))
            .unwrap_or_default();
        let team = facts
            .history
            .as_ref()
            .map(|h| team::analyse_team(h, &facts.inventory, &histories, &team_options));
        let measure = Complexity::new(&facts.inventory);
        let hotspot_options = HotspotOptions::new(as_of);
        let (rows, measure_name) = match &facts.history {
            Some(h) => (
                hotspots::hotspots(h, &facts.inventory, &histories, &measure, &hotspot_options),
                measure.name().to_string(),
            ),
            None => (Vec::new(), measure.name().to_string()),
        };
        let selected_hotspots: HashSet<String> = hotspots::selected(&rows, &hotspot_options)
            .into_iter()
            .map(|r| r.path.clone())
            .collect();
        let (duplication, health, health_options) = code_health(facts);
        let trends = match &facts.history {
            Some(h) if facts.syntax_read => {
                let mut top: Vec<&FileActivity> = rows
                    .iter()
                    .filter(|r| selected_hotspots.contains(&r.path))
                    .collect();
                top.truncate(10);
                let paths: Vec<&str> = top.iter().map(|r| r.path.as_str()).collect();
                complexity_trend(
                    &facts.repo,
                    h,
                    &histories,
                    &facts.inventory,
                    &paths,
                    as_of,
                    4,
                )
            }
            _ => BTreeMap::new(),
        };
        Analysis {
            facts,
            context,
            as_of,
            duplication,
            health,
            health_options,
            trends,
            team,
            team_options,
            hotspots: rows,
            selected_hotspots,
            hotspot_measure: measure_name,
            file_histories: histories,
            imports: if facts.syntax_read {
                ImportGraph::build(&facts.inventory)
            } else {
                ImportGraph::default()
            },
            options,
        }
    }

    /// The code-line-weighted code health of the files whose paths pass `filter`.
    pub fn code_health_of(&self, filter: impl Fn(&str) -> bool) -> Option<f64> {
        code_health::weighted_score(self.health.values().filter(|h| filter(&h.path)))
    }

    /// The code-line-weighted code health of the named hotspots (CodeScene's Hotspot Code
    /// Health, metrics.md §2.1).
    pub fn hotspot_code_health(&self) -> Option<f64> {
        code_health::weighted_score(
            self.selected_hotspots
                .iter()
                .filter_map(|p| self.health.get(p.as_str())),
        )
    }

    pub fn history(&self) -> Option<&fcto_facts::history::History> {
        self.facts.history.as_ref()
    }

    /// Whether the history is cut short by a shallow clone.
    pub fn is_shallow(&self) -> bool {
        self.facts.repo.shallow || self.history().is_some_and(|h| h.shallow)
    }

    pub fn is_hotspot(&self, path: &str) -> bool {
        self.selected_hotspots.contains(path)
    }

    /// Knowledge-island paths (TEAM-02), for rules that raise severity on them.
    pub fn island_paths(&self) -> HashSet<&str> {
        match &self.team {
            Some(t) => team::knowledge_islands(t, &self.team_options)
                .map(|(f, _, _)| f.path.as_str())
                .collect(),
            None => HashSet::new(),
        }
    }

    /// The person's canonical name.
    pub fn person_name(&self, id: usize) -> String {
        self.history()
            .map(|h| h.person(id).name.clone())
            .unwrap_or_default()
    }
}

/// Clones (among production files) and code health (of every parsed file) of the analysed
/// code: no generated, vendored or hidden files.
fn code_health(facts: &Facts) -> (Duplication, HashMap<String, FileHealth>, HealthOptions) {
    let inventory = &facts.inventory;
    let files: Vec<(&str, &fcto_facts::syntax::FileSyntax)> = inventory
        .syntax
        .iter()
        .filter(|(path, _)| inventory.file(path).is_some_and(is_analysed_code))
        .map(|(p, s)| (p.as_str(), s))
        .collect();
    // Tests repeat their arrange-act-assert shape on purpose and examples are copied to be
    // read on their own; copies among them are not the duplication that costs (SonarQube
    // leaves test files out of duplication too). Only production files are compared.
    // Rust's inline `mod tests` blocks are tests too: their tokens are left out.
    let production: Vec<(&str, Vec<Token>)> = files
        .iter()
        .filter(|(path, _)| test_code::classify(path).role == test_code::Role::Production)
        .map(|&(path, syntax)| {
            let language = inventory
                .file(path)
                .and_then(|f| f.language.as_deref())
                .unwrap_or_default();
            let tests: Vec<(u32, u32)> = test_code::inline_tests(language, syntax)
                .map(|f| (f.start_line, f.end_line))
                .collect();
            let tokens = syntax
                .tokens
                .iter()
                .filter(|t| !tests.iter().any(|&(s, e)| t.line >= s && t.line <= e))
                .copied()
                .collect();
            (path, tokens)
        })
        .collect();
    let production: Vec<(&str, &[Token])> =
        production.iter().map(|(p, t)| (*p, t.as_slice())).collect();
    let duplication = clones::find_clones(&production, &CloneOptions::default());
    let options = HealthOptions::default();
    let health = files
        .iter()
        .map(|&(path, syntax)| {
            let code = inventory.file(path).map_or(0, |f| f.stats.code);
            let h =
                code_health::file_health(path, code, syntax, duplication.files.get(path), &options);
            (path.to_string(), h)
        })
        .collect();
    (duplication, health, options)
}

/// When files were last changed and how much work landed since.
#[derive(Debug, Clone, Copy)]
pub struct Staleness {
    /// Author time of the newest commit that changed a matching file.
    pub last_change: i64,
    /// Non-merge commits after it.
    pub commits_since: usize,
}

/// How stale the files matching `is_path` are, or `None` when no commit changed one.
pub fn staleness(
    history: &fcto_facts::history::History,
    is_path: impl Fn(&str) -> bool,
) -> Option<Staleness> {
    // Commits are newest first.
    let last_change = history
        .commits
        .iter()
        .find(|c| c.changes.iter().any(|ch| is_path(&ch.path)))?
        .author_time;
    let commits_since = history
        .commits
        .iter()
        .filter(|c| c.author_time > last_change && !c.is_merge())
        .count();
    Some(Staleness {
        last_change,
        commits_since,
    })
}

impl Staleness {
    /// Unchanged for over a year before the newest commit while more than `commits` landed.
    /// Measured against the last work done, not against today, so a finished project is not
    /// stale.
    pub fn stale(&self, history: &fcto_facts::history::History, commits: usize) -> bool {
        let newest = history
            .commits
            .iter()
            .map(|c| c.author_time)
            .max()
            .unwrap_or(0);
        newest - self.last_change > 365 * 86_400 && self.commits_since > commits
    }
}

/// Collects a rule's findings, filling in code, name, area and fingerprint.
pub struct Emitter<'r> {
    rule: &'r Rule,
    options: HashMap<&'static str, f64>,
    findings: Vec<Finding>,
}

impl<'r> Emitter<'r> {
    pub(crate) fn new(rule: &'r Rule, analysis: &Analysis<'_>) -> Emitter<'r> {
        let options = rule
            .options
            .iter()
            .map(|o| {
                let v = analysis
                    .options
                    .rule_options
                    .get(&(rule.meta.code.to_string(), o.key.to_string()))
                    .copied()
                    .unwrap_or(o.default);
                (o.key, v)
            })
            .collect();
        Emitter {
            rule,
            options,
            findings: Vec::new(),
        }
    }

    /// The value of one of the rule's options (its default unless `fcto.toml` overrides it).
    pub fn option(&self, key: &str) -> f64 {
        self.options.get(key).copied().unwrap_or_else(|| {
            unreachable!("rule {} reads undeclared option {key}", self.rule.meta.code)
        })
    }

    /// Reports a finding at the rule's default severity.
    pub fn report(&mut self, message: impl Into<String>, evidence: Vec<Evidence>, key: &str) {
        self.report_with(self.rule.meta.severity, message, evidence, key);
    }

    /// Reports a finding at `severity`. `key` identifies the problem by content (never a line
    /// number) so its fingerprint survives edits.
    pub fn report_with(
        &mut self,
        severity: Severity,
        message: impl Into<String>,
        evidence: Vec<Evidence>,
        key: &str,
    ) {
        let meta = &self.rule.meta;
        let primary = evidence.first().and_then(|e| e.path.as_deref());
        self.findings.push(Finding {
            rule: meta.code.to_string(),
            name: meta.name.to_string(),
            area: meta.area,
            severity,
            effort: meta.effort,
            message: message.into(),
            fingerprint: fingerprint(meta.code, primary, key),
            evidence,
            accepted: None,
        });
    }

    /// Reports a finding that the project's own configuration accepts (`how`, with its
    /// `reason`): the report lists it with the accepted findings, out of the scores.
    pub fn report_accepted(
        &mut self,
        severity: Severity,
        message: impl Into<String>,
        evidence: Vec<Evidence>,
        key: &str,
        acceptance: fcto_model::Acceptance,
    ) {
        self.report_with(severity, message, evidence, key);
        if let Some(f) = self.findings.last_mut() {
            f.accepted = Some(acceptance);
        }
    }

    /// Reports one finding that stands for many places (the evidence lists the worst): its
    /// fingerprint depends on `key` only, so it survives changes in which file is worst.
    pub fn report_summary(
        &mut self,
        severity: Severity,
        message: impl Into<String>,
        evidence: Vec<Evidence>,
        key: &str,
    ) {
        self.report_with(severity, message, evidence, key);
        if let Some(f) = self.findings.last_mut() {
            f.fingerprint = fingerprint(self.rule.meta.code, None, key);
        }
    }

    pub(crate) fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}
