//! QUA-08: duplicated code (token-based clones; SonarQube's duplication density, metrics.md
//! §2.8).

use crate::components::{component_of, percent, thousands};
use crate::{Analysis, Emitter};
use fcto_model::{Evidence, RuleDocs, Severity};

pub const DOCS: RuleDocs = RuleDocs {
    what: "Looks for copied code across the parsed production code files (tests are left out: \
           they repeat their arrange-act-assert shape on purpose): runs of at least 50 tokens \
           spanning at least 10 lines that are equal once identifiers and literals are \
           normalised (so renamed copies count), comments and layout ignored. Duplication \
           density is duplicated lines over code lines. Reported when it exceeds `medium` \
           (high above `high`), with the longest copies and the copies that cross components \
           as evidence.",
    why: "Copied code means every fix must be made several times, and the copy that gets \
          forgotten becomes a bug.",
    how_to_fix: "Start with the longest copies and those shared between components: move the \
                 common part into one function or module both use, and cover it with tests.",
    options: "`medium` (default 0.05, i.e. 5%), `high` (default 0.15).",
};

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let medium = e.option("medium");
    let high = e.option("high");
    let dup = &a.duplication;
    let density = dup.density();
    if density <= medium || dup.pairs.is_empty() {
        return;
    }
    let severity = if density > high {
        Severity::High
    } else {
        Severity::Medium
    };
    let crossing: Vec<_> = dup
        .pairs
        .iter()
        .filter(|p| component_of(a.facts, &p.first.path) != component_of(a.facts, &p.second.path))
        .collect();
    let mut message = format!(
        "{} of the code is duplicated ({} lines in {} copied {})",
        percent(density),
        thousands(dup.duplicated_lines()),
        thousands(dup.pairs.len() as u64),
        if dup.pairs.len() == 1 {
            "block"
        } else {
            "blocks"
        }
    );
    if !crossing.is_empty() {
        message.push_str(&if crossing.len() == 1 {
            "; 1 copy crosses components".to_string()
        } else {
            format!(
                "; {} copies cross components",
                thousands(crossing.len() as u64)
            )
        });
    }
    let lines = |p: &fcto_facts::analysis::clones::ClonePair| {
        format!(
            "{} lines also at `{}:{}-{}`",
            p.first.end_line - p.first.start_line + 1,
            p.second.path,
            p.second.start_line,
            p.second.end_line
        )
    };
    let mut evidence: Vec<Evidence> = Vec::new();
    for p in crossing
        .iter()
        .copied()
        .take(5)
        .chain(dup.pairs.iter().take(15))
    {
        if evidence.len() >= 20 {
            break;
        }
        let ev = Evidence::line(&p.first.path, p.first.start_line).with_note(lines(p));
        if !evidence.contains(&ev) {
            evidence.push(ev);
        }
    }
    e.report_summary(severity, message, evidence, "duplicated-code");
}
