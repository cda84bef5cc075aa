//! fcto's rules: facts in, findings out. Rules are pure functions; they never print and never
//! do I/O. `registry.rs` is the one table of every rule.

mod analysis;
pub mod components;
mod registry;
mod rules;
mod selection;
#[cfg(test)]
mod testing;

pub use analysis::{Analysis, AnalysisOptions, Emitter};
pub use registry::{Rule, RuleOption, find_rule, rules};
pub use selection::{Selection, SelectionError};

use fcto_model::{Area, FactKind, Finding, Severity};

/// The selected rules whose facts are available: a rule that needs the history does not run
/// (and its area is not scored on it) when the history could not be read.
pub fn rules_to_run(analysis: &Analysis<'_>, selection: &Selection) -> Vec<&'static Rule> {
    rules()
        .iter()
        .filter(|r| selection.includes(&r.meta))
        .filter(|r| {
            r.meta.needs.iter().all(|need| match need {
                FactKind::History => analysis.facts.history.is_some(),
                FactKind::Syntax => analysis.facts.syntax_read,
                FactKind::Secrets => analysis.facts.secrets.is_some(),
                FactKind::SecretHistory => analysis
                    .facts
                    .secrets
                    .as_ref()
                    .is_some_and(|s| s.history.is_some()),
                FactKind::Dependencies => analysis.facts.dependencies.is_some(),
                FactKind::Advisories => analysis
                    .facts
                    .dependencies
                    .as_ref()
                    .is_some_and(|d| d.advisories.is_some()),
                FactKind::CodePatterns => analysis.facts.code_patterns_read,
                FactKind::Inventory | FactKind::Stack => true,
            })
        })
        .collect()
}

/// Runs every selected rule whose facts are available and returns their findings, in registry
/// order.
pub fn run(analysis: &Analysis<'_>, selection: &Selection) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in rules_to_run(analysis, selection) {
        let mut emitter = Emitter::new(rule, analysis);
        (rule.check)(analysis, &mut emitter);
        let mut produced = emitter.into_findings();
        if analysis.is_shallow() && rule.meta.area == Area::Team {
            // The oldest commit of a shallow clone looks like it created every file, so
            // authorship is not known: say so in the finding and do not rank it as a risk.
            for f in &mut produced {
                f.severity = Severity::Info;
                f.message.push_str(
                    " (this is a shallow clone: earlier commits are missing, so authorship is \
                     uncertain; run `git fetch --unshallow` and assess again)",
                );
            }
        }
        findings.extend(produced);
    }
    findings
}
