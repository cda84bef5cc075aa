//! ARC-07: hidden coupling between components: production files in different components that
//! keep changing in the same commits (change coupling as Code Maat measures it, metrics.md §2.4).

use crate::components::component_of;
use crate::{Analysis, Emitter};
use fcto_facts::analysis::DAY;
use fcto_facts::analysis::coupling::{CoupledPair, CouplingOptions, change_coupling};
use fcto_facts::analysis::test_code::{Role, classify};
use fcto_model::{Evidence, RuleDocs, Severity};
use std::collections::{BTreeMap, BTreeSet, HashSet};

pub const DOCS: RuleDocs = RuleDocs {
    what: "Change coupling over the last 12 months, as Code Maat computes it: for two code files, \
           the commits that changed both divided by the average of each file's commits \
           (merges, bot commits and commits changing more than 30 files left out; renames \
           followed; pairs need an average of 5 commits). Reports each pair of components \
           (nearest package, else top-level folder) holding production files (not tests, \
           fixtures, examples or docs) that are coupled by at least `min_degree` percent over at \
           least `min_shared_commits` commits, with the strongest file pairs and example commits. \
           A pair where one file imports the other (or its Go or Java package) is an explicit \
           dependency, not hidden coupling, and is left out; imports are read for JavaScript, \
           TypeScript, Python, Go, Rust, Java, Kotlin and Ruby, so pairs in other languages are \
           reported whether or not they import each other.",
    why: "Parts that must always change together but look separate cause forgotten half-changes \
          and bugs in production.",
    how_to_fix: "Read a few of the example commits and ask why both sides had to change. Move the \
                 shared knowledge (a format, a rule, a list of cases) into one place both \
                 components use, make the dependency explicit (a shared module or a typed \
                 contract with tests), or merge the two components if they are really one.",
    options: "`min_degree` (default 50): the coupling in percent; `min_shared_commits` \
              (default 10): commits that changed both files. Code Maat's other thresholds are \
              fixed: an average of 5 commits per pair, changesets up to 30 files.",
};

/// The window of ARC-07, in days.
const WINDOW_DAYS: i64 = 365;
/// File pairs named per component pair.
const PAIRS_SHOWN: usize = 3;

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let Some(history) = a.history() else { return };
    let options = CouplingOptions {
        min_shared_revs: e.option("min_shared_commits") as u32,
        min_coupling: e.option("min_degree") as u32,
        since: Some(a.as_of - WINDOW_DAYS * DAY),
        until: Some(a.as_of),
        ..CouplingOptions::default()
    };
    let pairs = change_coupling(history, &a.facts.inventory, &a.file_histories, &options);
    // Explicit dependencies: file → file, and file → package directory.
    let imports: HashSet<(&str, &str)> = a
        .imports
        .edges
        .iter()
        .map(|edge| (edge.from.as_str(), edge.to.as_str()))
        .collect();
    let imported = |from: &str, to: &str| {
        imports.contains(&(from, to))
            || imports.contains(&(from, to.rsplit_once('/').map_or(".", |(dir, _)| dir)))
    };

    // Strongest pairs first (the order of `change_coupling`), grouped by component pair.
    let mut by_components: BTreeMap<(String, String), Vec<&CoupledPair>> = BTreeMap::new();
    for pair in &pairs {
        if classify(&pair.path).role != Role::Production
            || classify(&pair.coupled).role != Role::Production
        {
            continue;
        }
        let first = component_of(a.facts, &pair.path);
        let second = component_of(a.facts, &pair.coupled);
        if first == second {
            continue;
        }
        // ARC-07 asks for pairs *without* a static import between them.
        if imported(&pair.path, &pair.coupled) || imported(&pair.coupled, &pair.path) {
            continue;
        }
        let key = if first < second {
            (first, second)
        } else {
            (second, first)
        };
        by_components.entry(key).or_default().push(pair);
    }

    for ((first, second), pairs) in by_components {
        let commits: BTreeSet<usize> = pairs
            .iter()
            .flat_map(|p| p.shared_commits.iter().copied())
            .collect();
        let top = pairs[0];
        let mut message = format!(
            "{} and {} changed together in {} commits in the last 12 months: `{}` and `{}` {}%",
            component_name(&first),
            component_name(&second),
            commits.len(),
            top.path,
            top.coupled,
            top.degree
        );
        if pairs.len() > 1 {
            message.push_str(&format!(
                " ({} shared commits), and {} more file pair{}",
                top.shared_revisions,
                pairs.len() - 1,
                if pairs.len() == 2 { "" } else { "s" }
            ));
        }
        let mut evidence = Vec::new();
        for p in pairs.iter().take(PAIRS_SHOWN) {
            let examples: Vec<&str> = p.examples.iter().map(|id| short(id)).collect();
            evidence.push(Evidence::file(&p.path).with_note(format!(
                "{}% coupled with `{}`: {} shared commits ({} and {} in all), e.g. {}",
                p.degree,
                p.coupled,
                p.shared_revisions,
                p.revisions,
                p.coupled_revisions,
                examples.join(", ")
            )));
            evidence
                .push(Evidence::file(&p.coupled).with_note(format!("changes with `{}`", p.path)));
        }
        e.report_summary(
            Severity::Medium,
            message,
            evidence,
            &format!("components {first} {second}"),
        );
    }
}

/// `billing/`, or `the root folder` for files at the root.
fn component_name(component: &str) -> String {
    if component == "(root)" {
        "the root folder".to_string()
    } else {
        format!("`{component}/`")
    }
}

/// The abbreviated commit id, as `git log --oneline` shows it.
fn short(id: &str) -> &str {
    id.get(..7).unwrap_or(id)
}

#[cfg(test)]
#[path = "hidden_coupling_tests.rs"]
mod tests;
