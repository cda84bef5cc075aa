//! QUA-16: debt markers (TODO, FIXME, HACK...).

use super::is_critical_path;
use crate::components::thousands;
use crate::{Analysis, Emitter};
use fcto_model::{Evidence, RuleDocs, Severity};
use std::collections::BTreeMap;

pub const DOCS: RuleDocs = RuleDocs {
    what: "Counts TODO, FIXME, HACK, XXX, KLUDGE, TEMP and WORKAROUND markers in comments of \
           product code (generated and vendored files excluded), their density per 1,000 code \
           lines, and those in business-critical files (payments, login, accounts, admin, \
           webhooks). Low when the density exceeds `max_density`, information otherwise. The \
           markers' age (from `git blame`) is not computed yet.",
    why: "These are the team's own notes about known shortcuts; old ones in payment or login \
          code are known risks nobody came back to.",
    how_to_fix: "Turn the markers in critical files into tracked tickets, fix or delete them, \
                 and stop new ones from landing without a ticket reference.",
    options: "`max_density` (default 10) markers per 1,000 code lines.",
};

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let markers = &a.facts.inventory.markers;
    if markers.is_empty() {
        return;
    }
    let code = a.facts.inventory.product_code();
    let density = markers.len() as f64 * 1000.0 / code.max(1) as f64;
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for m in markers {
        *kinds.entry(m.kind.as_str()).or_default() += 1;
    }
    let critical: Vec<_> = markers
        .iter()
        .filter(|m| is_critical_path(&m.path))
        .collect();
    let severity = if density > e.option("max_density") {
        Severity::Low
    } else {
        Severity::Info
    };
    let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
    let mut message = format!(
        "{} debt {} in comments ({}), {density:.1} per 1,000 code lines",
        thousands(markers.len() as u64),
        if markers.len() == 1 {
            "marker"
        } else {
            "markers"
        },
        kinds.join(", ")
    );
    if !critical.is_empty() {
        message.push_str(&format!("; {} in business-critical files", critical.len()));
    }
    let evidence = critical
        .iter()
        .copied()
        .chain(markers.iter().filter(|m| !is_critical_path(&m.path)))
        .take(10)
        .map(|m| Evidence::line(&m.path, m.line).with_note(format!("{}: {}", m.kind, m.text)))
        .collect();
    e.report_with(severity, message, evidence, "debt-markers");
}
