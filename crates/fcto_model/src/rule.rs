//! Static rule metadata: the code, name, area, default severity and documentation of a rule.

use crate::{Area, Effort, Severity, Stage};
use serde::Serialize;

/// Whether a rule's results are settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleStatus {
    /// Results are trusted and its code and name are stable.
    Stable,
    /// New; its thresholds may still move.
    Preview,
    /// Retired: the code is kept so old baselines still resolve.
    Removed,
}

/// The facts a rule reads; facts nobody needs are not computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FactKind {
    /// Files, languages and line counts of the tree.
    Inventory,
    /// Manifests, frameworks, datastores, platforms, CI providers.
    Stack,
    /// The git history: commits, per-file changes, authors, tags.
    History,
    /// Functions, complexity and tokens of the code files (tree-sitter).
    Syntax,
    /// Credentials in the files.
    Secrets,
    /// Credentials in every blob reachable from any ref (a walk of its own: it needs neither
    /// `History`'s line counts nor its first-parent view).
    SecretHistory,
    /// The packages of the lockfiles: ecosystem, name, exact version, direct or transitive.
    Dependencies,
    /// Published advisories (OSV) matched against the packages; available only when advisory
    /// data was given (`fcto db update` or `--osv-db`).
    Advisories,
    /// Risky code and settings found by the code patterns in every text file.
    CodePatterns,
}

/// The four documentation sections every rule has (style.md).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RuleDocs {
    /// What it checks: the detection, in a few sentences.
    pub what: &'static str,
    /// Why it matters: one plain sentence a founder understands.
    pub why: &'static str,
    /// How to fix it.
    pub how_to_fix: &'static str,
    /// The options in `fcto.toml` that change it, with their defaults.
    pub options: &'static str,
}

/// One rule's static definition.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RuleMeta {
    /// Stable code, the catalogue id without the dash: `TEAM001` for TEAM-01.
    pub code: &'static str,
    /// Kebab-case name that reads as "allow <name>".
    pub name: &'static str,
    /// Short title for headings.
    pub title: &'static str,
    pub area: Area,
    /// Default severity; a rule may raise or lower it per finding as its documentation says.
    pub severity: Severity,
    pub effort: Effort,
    /// The stages at which the check leads the report.
    pub stages: &'static [Stage],
    pub status: RuleStatus,
    pub needs: &'static [FactKind],
    /// Facts the rule uses when they are there, for more evidence (the age of a skipped test,
    /// recent changes of a function): read when the rule is selected, unless turned off
    /// (`--no-history`), and the rule still runs without them.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub uses: &'static [FactKind],
    pub docs: RuleDocs,
}

impl RuleMeta {
    /// The catalogue id, `TEAM-01` for `TEAM001`.
    pub fn catalogue_id(&self) -> String {
        let split = self
            .code
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(self.code.len());
        let (prefix, digits) = self.code.split_at(split);
        let number: u32 = digits.parse().unwrap_or(0);
        format!("{prefix}-{number:02}")
    }

    /// Whether the check is listed for a stage.
    pub fn leads_at(&self, stage: Stage) -> bool {
        self.stages.contains(&stage)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_id_inserts_the_dash() {
        let meta = RuleMeta {
            code: "TEAM001",
            name: "x",
            title: "x",
            area: Area::Team,
            severity: Severity::High,
            effort: Effort::Weeks,
            stages: &[Stage::Mvp],
            status: RuleStatus::Stable,
            needs: &[],
            uses: &[],
            docs: RuleDocs {
                what: "",
                why: "",
                how_to_fix: "",
                options: "",
            },
        };
        assert_eq!(meta.catalogue_id(), "TEAM-01");
        assert!(meta.leads_at(Stage::Mvp) && !meta.leads_at(Stage::Scale));
    }
}
