//! The contract between fcto's stages: rule metadata, findings, the company context and the
//! assessment that every renderer reads. Plain data with serde; no I/O.

mod assessment;
mod context;
mod finding;
mod rule;
mod taxonomy;

pub use assessment::{
    AcceptedFinding, Action, AreaScore, Assessment, ClonePairSummary, CodeHealthSummary,
    ComponentHealth, Contributor, Deduction, ExcludedFile, FileHealthSummary, HistorySummary,
    Hotspot, InventorySummary, KnowledgeIsland, LanguageSummary, Note, NoteLevel, OrphanedCode,
    RepositoryInfo, RuleBrief, SCHEMA_VERSION, ScoreStatus, StackItem, StackSummary, TagSummary,
    TeamSummary, ToolInfo, TrendPoint,
};
pub use context::{CompanyContext, ContextSource};
pub use finding::{Acceptance, Evidence, Finding, fingerprint};
pub use rule::{FactKind, RuleDocs, RuleMeta, RuleStatus};
pub use taxonomy::{Area, Effort, ParseError, Severity, Stage};
