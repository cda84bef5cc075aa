//! ARC-01: what the product is built with.

use crate::components::percent;
use crate::{Analysis, Emitter};
use fcto_facts::analysis::is_programming_language;
use fcto_model::{Evidence, RuleDocs};

pub const DOCS: RuleDocs = RuleDocs {
    what: "Lists the languages with their share of the code lines, and the frameworks, \
           datastores, cloud SDKs, hosting platforms, CI providers, containers and \
           infrastructure tools declared in manifests and well-known files, each with where it \
           was declared (the signature table is embedded and dated).",
    why: "Knowing exactly what the product runs on tells you who you can hire, what it costs to \
          run, and what an investor will ask about.",
    how_to_fix: "Nothing to fix: this is the inventory the other findings refer to.",
    options: "None.",
};

const ORDER: &[(&str, &str)] = &[
    ("framework", "frameworks"),
    ("mobile", "mobile"),
    ("datastore", "datastores"),
    ("orm", "database libraries"),
    ("queue", "background jobs and queues"),
    ("auth", "sign-in"),
    ("payments", "payments"),
    ("ai", "AI providers"),
    ("error-tracking", "error tracking"),
    ("cloud-sdk", "cloud SDKs"),
    ("hosting", "hosting"),
    ("ci", "CI"),
    ("container", "containers"),
    ("infrastructure", "infrastructure"),
];

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    // Shares are of all code lines (as in the inventory); only programming languages are named.
    let all_totals = a.facts.inventory.language_totals();
    let all: u64 = all_totals.iter().map(|(_, _, s)| s.code).sum();
    let totals: Vec<_> = all_totals
        .into_iter()
        .filter(|(l, _, _)| is_programming_language(l))
        .collect();
    if all == 0 && a.facts.stack.technologies.is_empty() {
        return;
    }
    let langs: Vec<String> = totals
        .iter()
        .filter(|(_, _, s)| all > 0 && s.code as f64 / all as f64 >= 0.01)
        .take(6)
        .map(|(l, _, s)| format!("{l} ({})", percent(s.code as f64 / all as f64)))
        .collect();
    let mut parts = Vec::new();
    if !langs.is_empty() {
        parts.push(format!("languages: {}", langs.join(", ")));
    }
    let mut evidence = Vec::new();
    for (kind, label) in ORDER {
        let names: Vec<String> = a
            .facts
            .stack
            .of_kind(kind)
            .map(|t| match &t.version {
                Some(v) => format!("{} {v}", t.name),
                None => t.name.clone(),
            })
            .collect();
        if names.is_empty() {
            continue;
        }
        parts.push(format!("{label}: {}", names.join(", ")));
        for t in a.facts.stack.of_kind(kind) {
            if let Some((path, line)) = t.declared_in.first() {
                let mut ev =
                    Evidence::file(path.clone()).with_note(format!("{} ({})", t.name, t.kind));
                ev.line = *line;
                evidence.push(ev);
            }
        }
    }
    if parts.is_empty() {
        return;
    }
    e.report(
        format!("Built with {}", parts.join("; ")),
        evidence,
        "stack-inventory",
    );
}
