//! fcto's rules: facts in, findings out. Rules are pure functions; they never print and never
//! do I/O. `registry.rs` is the one table of every rule.

mod analysis;
mod components;
mod registry;
mod rules;
mod selection;
#[cfg(test)]
mod testing;

pub use analysis::{Analysis, AnalysisOptions, Emitter};
pub use registry::{Rule, RuleOption, find_rule, rules};
pub use selection::{Selection, SelectionError};

use fcto_model::Finding;

/// Runs every selected rule and returns their findings, in registry order.
pub fn run(analysis: &Analysis<'_>, selection: &Selection) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in rules().iter().filter(|r| selection.includes(&r.meta)) {
        let mut emitter = Emitter::new(rule, analysis);
        (rule.check)(analysis, &mut emitter);
        findings.extend(emitter.into_findings());
    }
    findings
}
