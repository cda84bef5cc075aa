//! DOC-03 and DOC-04: architecture records, runbooks and release instructions.

use crate::analysis::staleness;
use crate::components::date;
use crate::{Analysis, Emitter};
use fcto_model::{Evidence, RuleDocs};

pub const ARCHITECTURE_DOCS: RuleDocs = RuleDocs {
    what: "Looks for an architecture overview or decision records: `ARCHITECTURE.md`, \
           `docs/architecture*`, ADR folders (`docs/adr/`, `doc/adr/`, `docs/decisions/`, \
           `adr/`, `.adr-dir`), and diagrams (`*.mmd`, `*.puml`, `*.drawio`, Structurizr \
           `workspace.dsl`, a mermaid block in the README). Reports when none is found, or when \
           the newest one is over 12 months old while more than 500 commits landed since.",
    why: "Without a written map and the reasons behind big choices, each new engineer re-learns \
          the system the hard way and repeats old debates.",
    how_to_fix: "Write a one-page ARCHITECTURE.md (the parts, how data flows, where it runs) and \
                 start recording big decisions as short ADRs in docs/adr/.",
    options: "None.",
};

pub const RUNBOOKS: RuleDocs = RuleDocs {
    what: "Looks for operational documents: runbooks (`RUNBOOK*`, `docs/runbook*`, \
           `docs/ops*`, `docs/operations*`, `docs/on-call*`, `docs/incident*`), release or \
           deploy instructions (`RELEASING.md`, `docs/deploy*`, `docs/release*`, a README \
           heading about deploying or releasing), postmortem templates, and release tooling \
           (`CHANGELOG.md`, release-please, semantic-release, changesets, GoReleaser). Reports \
           when there are neither runbooks nor release instructions.",
    why: "When something breaks at night, written steps let whoever is around fix it instead of \
          waiting for the one person who knows.",
    how_to_fix: "Write down how to release, how to roll back, and what to do for the three most \
                 likely incidents (site down, database full, a bad release), in docs/runbooks/.",
    options: "None.",
};

fn is_architecture_doc(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    name.starts_with("architecture")
        || lower.starts_with("docs/architecture")
        || lower.starts_with("doc/architecture")
        || [
            "docs/adr/",
            "doc/adr/",
            "docs/decisions/",
            "adr/",
            "docs/architecture/decisions/",
        ]
        .iter()
        .any(|d| lower.starts_with(d) || lower.contains(&format!("/{d}")))
        || name == ".adr-dir"
        || name == "workspace.dsl"
        || [".mmd", ".puml", ".plantuml", ".drawio"]
            .iter()
            .any(|x| name.ends_with(x))
}

pub fn check_architecture(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let inv = &a.facts.inventory;
    let mut docs: Vec<&str> = inv
        .files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| is_architecture_doc(p))
        .collect();
    let readme_mermaid = inv
        .documents
        .iter()
        .find(|(p, text)| {
            !p.contains('/')
                && p.to_ascii_lowercase().starts_with("readme")
                && String::from_utf8_lossy(text).contains("```mermaid")
        })
        .map(|(p, _)| p.as_str());
    docs.extend(readme_mermaid);
    if docs.is_empty() {
        if inv.product_code() > 0 {
            e.report("No architecture overview, decision records or diagrams were found in the repository", Vec::new(), "no-architecture-docs");
        }
        return;
    }
    let Some(history) = a.history() else { return };
    if let Some(s) = staleness(history, is_architecture_doc)
        && s.stale(history, 500)
    {
        let (last, since) = (s.last_change, s.commits_since);
        e.report(
            format!("The architecture documents were last changed on {} and {since} commits have landed since; they are probably out of date", date(last)),
            docs.iter().take(5).map(|p| Evidence::file(*p)).collect(),
            "stale-architecture-docs",
        );
    }
}

fn is_runbook(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    name.starts_with("runbook")
        || name.starts_with("releasing")
        || name.starts_with("postmortem")
        || name.starts_with("post-mortem")
        || [
            "docs/runbook",
            "docs/ops",
            "docs/operations",
            "docs/on-call",
            "docs/oncall",
            "docs/incident",
            "docs/deploy",
            "docs/release",
            "doc/deploy",
            "doc/release",
        ]
        .iter()
        .any(|d| lower.starts_with(d))
        || (lower.starts_with(".github/issue_template/")
            && (name.contains("incident") || name.contains("postmortem")))
}

fn is_release_tooling(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    name == "changelog.md"
        || name == "changelog"
        || name == "release-please-config.json"
        || name.starts_with(".releaserc")
        || lower.starts_with(".changeset/")
        || name.starts_with(".goreleaser")
}

pub fn check_runbooks(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let inv = &a.facts.inventory;
    if inv.product_code() == 0 {
        return;
    }
    if inv.files.iter().any(|f| is_runbook(&f.path)) {
        return;
    }
    let readme_deploy = inv.documents.iter().any(|(p, text)| {
        !p.contains('/')
            && p.to_ascii_lowercase().starts_with("readme")
            && String::from_utf8_lossy(text).lines().any(|l| {
                let l = l.trim_start();
                l.starts_with('#') && {
                    let h = l.to_ascii_lowercase();
                    h.contains("deploy") || h.contains("release") || h.contains("production")
                }
            })
    });
    if readme_deploy {
        return;
    }
    let tooling: Vec<Evidence> = inv
        .files
        .iter()
        .filter(|f| is_release_tooling(&f.path))
        .take(3)
        .map(|f| {
            Evidence::file(&f.path).with_note("release tooling or changelog, but no written steps")
        })
        .collect();
    e.report(
        "No runbooks or release instructions were found in the repository",
        tooling,
        "no-runbooks",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_documents() {
        assert!(is_architecture_doc("ARCHITECTURE.md"));
        assert!(is_architecture_doc("docs/adr/0001-use-postgres.md"));
        assert!(is_architecture_doc("docs/diagrams/flow.puml"));
        assert!(!is_architecture_doc("src/adrenaline.ts"));
        assert!(is_runbook("docs/runbooks/db-full.md"));
        assert!(is_runbook("RELEASING.md"));
        assert!(!is_runbook("docs/guide.md"));
        assert!(is_release_tooling(".changeset/config.json"));
    }
}
