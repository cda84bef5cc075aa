//! DEL-15: no automated dependency updates.

use crate::components::{date, percent};
use crate::{Analysis, Emitter};
use fcto_model::{Evidence, RuleDocs};

pub const DOCS: RuleDocs = RuleDocs {
    what: "Looks for a dependency update tool's configuration: `.github/dependabot.yml`, \
           `renovate.json(5)`, `.renovaterc(.json)`, `.github/renovate.json(5)`, \
           `.gitlab/renovate.json`, or a `renovate` key in the root package.json. When none is \
           found and the repository declares dependencies, reports it with the date of the last \
           lockfile change and the share of lockfile changes made by bots.",
    why: "Libraries you don't update collect known security holes and become harder to upgrade \
          the longer you wait.",
    how_to_fix: "Add a Dependabot or Renovate configuration that opens grouped weekly update pull \
                 requests, and merge them while they are small.",
    options: "None.",
};

const CONFIGS: &[&str] = &[
    ".github/dependabot.yml",
    ".github/dependabot.yaml",
    "renovate.json",
    "renovate.json5",
    ".renovaterc",
    ".renovaterc.json",
    ".github/renovate.json",
    ".github/renovate.json5",
    ".gitlab/renovate.json",
];
const LOCKS: &[&str] = &[
    "package-lock.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lock",
    "poetry.lock",
    "uv.lock",
    "Pipfile.lock",
    "Gemfile.lock",
    "go.sum",
    "Cargo.lock",
    "composer.lock",
    "mix.lock",
    "pubspec.lock",
    "gradle.lockfile",
    "packages.lock.json",
];

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let inv = &a.facts.inventory;
    if CONFIGS.iter().any(|c| inv.file(c).is_some()) {
        return;
    }
    if inv
        .document_text("package.json")
        .is_some_and(|t| t.contains("\"renovate\""))
    {
        return;
    }
    let deps: usize = a
        .facts
        .stack
        .product_manifests()
        .map(|m| m.dependencies.len())
        .sum();
    if deps == 0 {
        return;
    }
    let mut message =
        "No automated dependency updates (Dependabot or Renovate) are configured in the repository"
            .to_string();
    let mut evidence = Vec::new();
    if let Some(history) = a.history() {
        let is_lock = |p: &str| LOCKS.contains(&p.rsplit('/').next().unwrap_or(p));
        // Merges repeat their branch's changes: count the commits that made them.
        let lock_commits: Vec<_> = history
            .commits
            .iter()
            .filter(|c| !c.is_merge() && c.changes.iter().any(|ch| is_lock(&ch.path)))
            .collect();
        if let Some(last) = lock_commits.first() {
            let bots = lock_commits
                .iter()
                .filter(|c| history.is_bot_commit(c))
                .count();
            message.push_str(&format!(
                "; lockfiles last changed {}, {} of their changes by bots",
                date(last.author_time),
                percent(bots as f64 / lock_commits.len() as f64)
            ));
            evidence.push(Evidence::commit(last.id.clone()).with_note("last lockfile change"));
        }
    }
    e.report(message, evidence, "no-dependency-updates");
}
