//! The assessment: everything a renderer needs, and the stable JSON contract
//! (`docs/json.md` documents each field).

use crate::{Area, CompanyContext, Effort, Evidence, Finding, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Bumped when a field is removed or changes meaning; adding fields does not bump it.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Assessment {
    pub schema_version: u32,
    pub tool: ToolInfo,
    pub repository: RepositoryInfo,
    pub context: CompanyContext,
    pub inventory: InventorySummary,
    pub stack: StackSummary,
    pub history: HistorySummary,
    pub team: TeamSummary,
    pub hotspots: Vec<Hotspot>,
    /// Code health, complexity and duplication of the parsed code.
    #[serde(default)]
    pub code_health: CodeHealthSummary,
    /// Ranked: severity (weighted by stage), then stage relevance, then effort.
    pub findings: Vec<Finding>,
    /// Score 0-100 per assessed area, keyed by the area's word (`team`, `quality`, ...).
    pub scores: BTreeMap<String, f64>,
    /// How each score was computed, including areas not assessed yet.
    pub score_details: Vec<AreaScore>,
    /// The first things to do, at most five.
    pub actions: Vec<Action>,
    /// Plain-language summary for a founder.
    pub summary: String,
    /// What limited the assessment (shallow clone, no history, files too large to parse, ...).
    pub notes: Vec<Note>,
    /// Rule codes that ran.
    pub rules_run: Vec<String>,
    /// Title, why-it-matters and how-to-fix of every rule with a finding, by code.
    pub rules: BTreeMap<String, RuleBrief>,
    /// Findings the team accepted (the baseline file, or a comment on their line): kept out of
    /// `findings`, the scores and the actions, and counted here.
    #[serde(default)]
    pub accepted: Vec<AcceptedFinding>,
}

/// A finding the team accepted, and why.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AcceptedFinding {
    pub finding: Finding,
    /// `baseline` (the baseline file), `inline` (a comment on the finding's line), or the
    /// project file that accepts it (`osv-scanner.toml`).
    pub how: String,
    pub reason: String,
}

/// What a reader needs of a rule next to its findings.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleBrief {
    /// The rule's kebab-case name (`secrets-in-code`).
    #[serde(default)]
    pub name: String,
    pub title: String,
    /// What it checks.
    #[serde(default)]
    pub what: String,
    pub why: String,
    pub how_to_fix: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ToolInfo {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RepositoryInfo {
    /// The path as given, made absolute.
    pub path: String,
    /// `git` (with a work tree), `bare`, or `directory` (not a git repository).
    pub kind: String,
    /// The commit assessed (HEAD, or what `--rev` resolved to).
    pub head: Option<String>,
    /// The `--rev` the user asked for, as given.
    pub rev: Option<String>,
    /// Branch name, when HEAD is on a branch and no `--rev` was given.
    pub branch: Option<String>,
    /// Commit time of the assessed commit, RFC 3339.
    pub head_date: Option<String>,
    /// Whether the files were read from the work tree or from the commit's tree in git.
    pub tree: String,
    /// The time "recent" windows are measured back from, RFC 3339.
    pub as_of: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct InventorySummary {
    /// Per language, product code only (generated, vendored, minified files excluded).
    pub languages: Vec<LanguageSummary>,
    pub files: u64,
    pub code: u64,
    pub comments: u64,
    pub blanks: u64,
    /// Files in the tree that are not in any language total: binaries, unknown types.
    pub other_files: u64,
    /// Generated, vendored, minified, binary and very large files: listed, not in code metrics.
    pub excluded: Vec<ExcludedFile>,
    /// How many files each exclusion reason covers (`generated`, `vendored`, ...).
    pub excluded_counts: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LanguageSummary {
    pub name: String,
    pub files: u64,
    pub code: u64,
    pub comments: u64,
    pub blanks: u64,
    /// Share of all product code lines, 0-1.
    pub share: f64,
    /// Code lines in files of this language left out as generated/vendored/minified.
    /// `code + excluded_code` is what tokei reports for the language.
    pub excluded_code: u64,
    pub excluded_files: u64,
    /// A programming language, as opposed to prose or data (Markdown, JSON, YAML, ...).
    #[serde(default)]
    pub programming: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExcludedFile {
    pub path: String,
    /// `generated`, `vendored`, `minified`, `binary` or `large`.
    pub reason: String,
    /// What made fcto decide, e.g. "`@generated` marker on line 1".
    pub detail: String,
    pub bytes: u64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StackSummary {
    pub items: Vec<StackItem>,
    /// Manifest directories (packages), the root being `.`.
    pub packages: Vec<String>,
}

/// One technology found: a framework, a datastore, a hosting platform...
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StackItem {
    /// `language`, `framework`, `datastore`, `orm`, `queue`, `payments`, `ai`,
    /// `error-tracking`, `auth`, `cloud-sdk`, `hosting`, `ci`, `container`, `infrastructure`,
    /// `package-manager`, `mobile`, `testing`, `build`.
    pub kind: String,
    pub name: String,
    /// Declared version or constraint, when the declaring dependency is the technology itself.
    pub version: Option<String>,
    /// The client library it was found through, e.g. `psycopg 3.3.4` for PostgreSQL.
    #[serde(default)]
    pub via: Option<String>,
    /// Where it was declared.
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct HistorySummary {
    /// False when the directory is not a git repository, has no commits, or `--no-history`.
    pub available: bool,
    /// Why history is not available.
    pub unavailable_reason: Option<String>,
    /// Commits reachable from the assessed commit.
    pub commits: u64,
    /// Commits made by people (merges included): `commits - bot_commits`.
    #[serde(default)]
    pub human_commits: u64,
    pub merges: u64,
    /// People after merging aliases; bots are not people.
    pub authors: u64,
    pub bot_commits: u64,
    pub bots: Vec<String>,
    /// Commits over 30 files or 5,000 lines, kept out of per-file statistics.
    pub mass_commits: u64,
    pub shallow: bool,
    pub first_commit_date: Option<String>,
    pub last_commit_date: Option<String>,
    pub tags: Vec<TagSummary>,
    /// Non-merge, non-bot commits per month, oldest first, `YYYY-MM` keys.
    pub commits_per_month: Vec<(String, u64)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TagSummary {
    pub name: String,
    pub commit: String,
    pub date: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TeamSummary {
    /// Avelino et al. truck factor (metrics.md §2.7); `None` without history.
    pub truck_factor: Option<u32>,
    pub truck_factor_authors: Vec<Contributor>,
    /// Truck factor counting only authors active in the last 180 days.
    pub effective_truck_factor: Option<u32>,
    /// Files the truck factor was computed over.
    pub truck_factor_files: u64,
    pub contributors_total: u64,
    pub active_90_days: u64,
    pub active_12_months: u64,
    /// Everyone, most commits first.
    pub contributors: Vec<Contributor>,
    /// Share of product code lines in knowledge islands, 0-1.
    pub knowledge_island_share: f64,
    /// How many files are knowledge islands (the list below is cut to the largest 50).
    #[serde(default)]
    pub knowledge_island_files: u64,
    pub knowledge_islands: Vec<KnowledgeIsland>,
    /// Share of product code lines mainly written by people gone quiet or departed, 0-1.
    pub orphaned_share: f64,
    /// How many files have a main author who has gone (the list below is cut to 50).
    #[serde(default)]
    pub orphaned_files: u64,
    pub orphaned: Vec<OrphanedCode>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Contributor {
    pub name: String,
    pub email: String,
    pub commits: u64,
    pub lines_added: u64,
    pub lines_removed: u64,
    pub first_commit: Option<String>,
    pub last_commit: Option<String>,
    pub active_90_days: bool,
    pub active_12_months: bool,
    /// No commit for 180 days, or listed as departed in `fcto.toml`.
    pub gone: bool,
    /// Files this person is a DOA author of (metrics.md §2.7).
    pub authored_files: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KnowledgeIsland {
    pub path: String,
    pub owner: String,
    /// Owner's share of the lines written in the file's history, 0-1.
    pub share: f64,
    pub code: u64,
    pub changes: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OrphanedCode {
    pub path: String,
    /// The main author, who has gone quiet or left.
    pub owner: String,
    pub owner_last_commit: Option<String>,
    pub share: f64,
    pub code: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hotspot {
    pub path: String,
    /// Commits touching the file in the hotspot window (mass commits excluded).
    pub changes: u64,
    /// Code lines of the file now.
    pub code: u64,
    /// Normalised change frequency × normalised size measure, 0-1.
    pub score: f64,
    /// Distinct authors in the window.
    pub authors: u64,
    pub lines_changed: u64,
    /// What the size axis measured (`cyclomatic complexity`).
    pub measure: String,
    pub measure_value: f64,
    /// The file's code health (1-10), when it was parsed.
    #[serde(default)]
    pub code_health: Option<f64>,
    /// Its complexity at the last four quarter ends and now, oldest first (read from the
    /// history; empty for hotspots beyond the top 10 or files fcto does not parse).
    #[serde(default)]
    pub trend: Vec<TrendPoint>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TrendPoint {
    /// YYYY-MM-DD.
    pub date: String,
    /// Sum of cyclomatic complexity; `null` when the file did not exist then.
    pub complexity: Option<u64>,
}

/// Code health (1-10, higher is better; docs/code-health.md), complexity and duplication.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CodeHealthSummary {
    /// Whether functions were read at all (no selected rule may have needed them).
    pub assessed: bool,
    /// Code-line-weighted average over the parsed files; `None` when no file was parsed.
    pub score: Option<f64>,
    /// `healthy` (9-10), `warning` (4-8.9) or `alert` (below 4).
    pub band: Option<String>,
    /// Code-line-weighted average over the named hotspots.
    pub hotspot_score: Option<f64>,
    pub files_parsed: u64,
    pub functions: u64,
    /// Files with syntax the parser could not read; measured around the errors.
    pub files_with_parse_errors: u64,
    /// Functions over the complexity threshold (cyclomatic complexity 10 or more).
    pub complex_functions: u64,
    /// Duplicated lines / code lines of the parsed files, 0-1.
    pub duplication: f64,
    pub duplicated_lines: u64,
    /// Per component, lowest score first.
    pub components: Vec<ComponentHealth>,
    /// The least healthy files, lowest score first (at most 20).
    pub files: Vec<FileHealthSummary>,
    /// The longest clone pairs (at most 20).
    pub clones: Vec<ClonePairSummary>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ComponentHealth {
    pub component: String,
    pub score: f64,
    pub code: u64,
    pub files: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileHealthSummary {
    pub path: String,
    pub score: f64,
    pub band: String,
    pub code: u64,
    /// The smells behind the score, worst first: "complex method `parse` (cyclomatic 23)".
    pub smells: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClonePairSummary {
    /// `path:start-end`.
    pub first: String,
    pub second: String,
    pub lines: u64,
    pub tokens: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScoreStatus {
    Assessed,
    /// No rule of this area ran, so there is no score: fcto does not yet look at it, or it was
    /// deselected.
    NotAssessed,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AreaScore {
    pub area: Area,
    pub status: ScoreStatus,
    pub score: Option<f64>,
    /// The formula with this area's numbers filled in.
    pub formula: String,
    pub deductions: Vec<Deduction>,
    pub rules_run: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Deduction {
    pub rule: String,
    pub severity: Severity,
    pub points: f64,
}

/// One of the first things to do.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Action {
    pub rank: u32,
    pub rule: String,
    pub title: String,
    /// The finding's message.
    pub what: String,
    /// Why it matters, in one plain sentence.
    pub why: String,
    /// How to fix it.
    pub how: String,
    pub severity: Severity,
    pub effort: Effort,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoteLevel {
    Info,
    /// Something limited the assessment.
    Limitation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub level: NoteLevel,
    pub message: String,
}

impl Note {
    pub fn info(message: impl Into<String>) -> Note {
        Note {
            level: NoteLevel::Info,
            message: message.into(),
        }
    }

    pub fn limitation(message: impl Into<String>) -> Note {
        Note {
            level: NoteLevel::Limitation,
            message: message.into(),
        }
    }
}
