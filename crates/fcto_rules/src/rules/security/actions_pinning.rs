//! SEC-06: GitHub Actions (and GitLab includes) not pinned to exact versions.

use super::workflows::{self, Parsed, is_commit_sha, owner};
use crate::{Analysis, Emitter};
use fcto_facts::ci::{IncludeKind, Step};
use fcto_model::{Evidence, RuleDocs, Severity};
use regex::Regex;
use std::sync::LazyLock;

pub const DOCS: RuleDocs = RuleDocs {
    what: "Reads every `uses:` in the workflows GitHub runs (`.github/workflows/*.yml`), in the \
           repository's own actions (`action.yml`) and in reusable-workflow calls, and reports \
           those not pinned to a full 40-character commit SHA: version tags (`@v4`), branches \
           (`@main`) and `docker://` images without `@sha256:`. Local actions (`./…`) are fine. \
           One finding per file lists the unpinned actions. Severity follows OpenSSF \
           Scorecard's weights: GitHub's own `actions/*` and `github/*` weigh less than \
           third-party actions. Low when only GitHub's actions are on tags; medium for \
           third-party tags; high for a third-party branch, or when the workflow publishes, \
           deploys, uses secrets or can request cloud credentials (`id-token: write`). In \
           GitLab CI, `include:` of another project without a commit SHA `ref:`, of a \
           component without `@<sha>`, or of a remote URL is reported the same way.",
    why: "A tag or branch can be moved to different code by the action's owner or by whoever \
          takes over their account, so your build could run someone else's code with your \
          deploy keys.",
    how_to_fix: "Pin each action to the commit its tag points to and keep the tag as a comment, \
                 e.g. `actions/checkout@v4` becomes `actions/checkout@<40-character sha> # v4`. \
                 Tools such as `pinact` or `ratchet` rewrite the files for you, and Dependabot \
                 or Renovate (`helpers:pinGitHubActionDigests`) keep the SHAs up to date. For \
                 Docker actions use `docker://image@sha256:<digest>`. In GitLab, set `ref:` to \
                 a commit SHA and copy remote includes into the repository.",
    options: "None.",
};

/// How an action is referenced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Pin {
    /// A version tag or a short SHA: movable, but usually only on purpose.
    Tag,
    /// A branch (or no ref at all): changes with every push.
    Branch,
}

/// An action used without a commit SHA.
struct Unpinned<'a> {
    uses: &'a str,
    line: u32,
    pin: Pin,
    github_owned: bool,
}

static VERSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(v?\d+(\.\d+)*([-+.][0-9A-Za-z.-]*)?|[0-9a-f]{7,39})$").expect("valid regex")
});

/// How `uses` is pinned, or `None` when it is pinned or local.
fn unpinned(uses: &str, line: u32) -> Option<Unpinned<'_>> {
    let uses_trimmed = uses.trim();
    if uses_trimmed.starts_with("./") || uses_trimmed.starts_with(".\\") {
        return None;
    }
    if let Some(image) = uses_trimmed.strip_prefix("docker://") {
        return (!image.contains("@sha256:")).then_some(Unpinned {
            uses,
            line,
            pin: if image.contains(':') && !image.ends_with(":latest") {
                Pin::Tag
            } else {
                Pin::Branch
            },
            github_owned: false,
        });
    }
    let (_, reference) = uses_trimmed
        .rsplit_once('@')
        .map_or((uses_trimmed, None), |(n, r)| (n, Some(r)));
    if reference.is_some_and(is_commit_sha) {
        return None;
    }
    let pin = match reference {
        Some(r) if VERSION.is_match(r) => Pin::Tag,
        _ => Pin::Branch,
    };
    let github_owned = matches!(
        owner(uses_trimmed).to_ascii_lowercase().as_str(),
        "actions" | "github"
    );
    Some(Unpinned {
        uses,
        line,
        pin,
        github_owned,
    })
}

/// The `uses:` of steps (and reusable-workflow calls) with their lines.
fn step_uses(steps: &[Step]) -> impl Iterator<Item = (&str, u32)> {
    steps
        .iter()
        .filter_map(|s| s.uses.as_ref().map(|u| (u.value.as_str(), u.line)))
}

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    for w in workflows::github_workflows(a) {
        let mut all: Vec<(&str, u32)> = Vec::new();
        for job in &w.model.jobs {
            all.extend(job.uses.as_ref().map(|u| (u.value.as_str(), u.line)));
            all.extend(step_uses(&job.steps));
        }
        let reason = workflows::sensitivity(&w.model, &w.text);
        report_file(e, &w.path, &all, reason);
    }
    for action in workflows::github_actions(a) {
        let mut all: Vec<(&str, u32)> = step_uses(&action.model.steps).collect();
        if let Some(image) = action
            .model
            .image
            .as_ref()
            .filter(|i| i.value.starts_with("docker://"))
        {
            all.push((image.value.as_str(), image.line));
        }
        report_file(e, &action.path, &all, None);
    }
    for file in workflows::gitlab_files(a) {
        report_gitlab(e, &file);
    }
}

/// One finding for a file's unpinned actions.
fn report_file(e: &mut Emitter<'_>, path: &str, all: &[(&str, u32)], reason: Option<&str>) {
    let mut found: Vec<Unpinned> = all.iter().filter_map(|&(u, l)| unpinned(u, l)).collect();
    if found.is_empty() {
        return;
    }
    let total = all
        .iter()
        .filter(|(u, _)| !u.trim().starts_with("./"))
        .count();
    let unpinned_count = found.len();
    // one entry per distinct action and ref, at its first line
    found.sort_by_key(|u| u.line);
    let mut distinct: Vec<&Unpinned> = Vec::new();
    for u in &found {
        if !distinct.iter().any(|d| d.uses == u.uses) {
            distinct.push(u);
        }
    }
    // third-party and branches first: they matter most
    distinct.sort_by_key(|u| (u.github_owned, std::cmp::Reverse(u.pin), u.line));
    let third_party = distinct.iter().any(|u| !u.github_owned);
    let third_party_branch = distinct
        .iter()
        .any(|u| !u.github_owned && u.pin == Pin::Branch);
    let any_branch = distinct.iter().any(|u| u.pin == Pin::Branch);
    let severity = if third_party_branch || third_party && reason.is_some() {
        Severity::High
    } else if third_party || reason.is_some() || any_branch {
        Severity::Medium
    } else {
        Severity::Low
    };
    let names: Vec<String> = distinct
        .iter()
        .take(5)
        .map(|u| {
            format!(
                "`{}`{}",
                u.uses,
                if u.pin == Pin::Branch {
                    " (a branch)"
                } else {
                    ""
                }
            )
        })
        .collect();
    let more = distinct.len().saturating_sub(5);
    let distinct_count = distinct.len();
    let mut message = format!(
        "`{path}` uses {distinct_count} action{} by a tag or branch that can be moved, not by \
         commit SHA ({unpinned_count} of {total} `uses:` unpinned): {}{}",
        if distinct_count == 1 { "" } else { "s" },
        names.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    );
    if let Some(reason) = reason {
        message.push_str(&format!("; this matters more here because {reason}"));
    }
    let evidence = distinct
        .iter()
        .take(12)
        .map(|u| {
            let who = if u.github_owned {
                "GitHub's own action"
            } else {
                "third-party"
            };
            let kind = match u.pin {
                Pin::Tag => "pinned to a tag",
                Pin::Branch => "follows a branch",
            };
            Evidence::line(path, u.line).with_note(format!("{}: {who}, {kind}", u.uses))
        })
        .collect();
    e.report_with(severity, message, evidence, "unpinned actions");
}

/// GitLab includes that are not pinned to a commit.
fn report_gitlab(e: &mut Emitter<'_>, file: &Parsed<fcto_facts::ci::GitlabCi>) {
    let mut evidence = Vec::new();
    let mut names = Vec::new();
    let mut severity = Severity::Medium;
    for inc in &file.model.includes {
        let problem = match inc.kind {
            IncludeKind::Project | IncludeKind::Component
                if !inc.reference.as_deref().is_some_and(is_commit_sha) =>
            {
                match inc.reference.as_deref() {
                    None => "no `ref:`, so it follows the default branch".to_string(),
                    Some(r) => format!("`{r}` is not a commit SHA"),
                }
            }
            IncludeKind::Remote => {
                if inc.target.starts_with("http://") {
                    severity = Severity::High;
                    "a remote file fetched over plain HTTP".to_string()
                } else {
                    "a remote file that can change at any time".to_string()
                }
            }
            _ => continue,
        };
        if inc.reference.is_none() && inc.kind == IncludeKind::Project {
            severity = Severity::High;
        }
        names.push(format!("`{}`", inc.target));
        evidence.push(Evidence::line(&file.path, inc.line).with_note(problem));
    }
    if evidence.is_empty() {
        return;
    }
    e.report_with(
        severity,
        format!(
            "`{}` includes {} CI configuration not pinned to a commit: {}",
            file.path,
            names.len(),
            names.join(", ")
        ),
        evidence,
        "unpinned includes",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_references() {
        assert!(
            unpinned(
                "actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11",
                1
            )
            .is_none()
        );
        assert!(unpinned("./.github/actions/setup", 1).is_none());
        assert!(unpinned("docker://alpine@sha256:abc", 1).is_none());
        let u = unpinned("actions/checkout@v4", 1).unwrap();
        assert!(u.github_owned && u.pin == Pin::Tag);
        let u = unpinned("peaceiris/actions-gh-pages@main", 1).unwrap();
        assert!(!u.github_owned && u.pin == Pin::Branch);
        assert_eq!(
            unpinned("pypa/gh-action-pypi-publish@release/v1", 1)
                .unwrap()
                .pin,
            Pin::Branch
        );
        assert_eq!(unpinned("foo/bar@v1.2.3-beta.1", 1).unwrap().pin, Pin::Tag);
        assert_eq!(unpinned("foo/bar", 1).unwrap().pin, Pin::Branch);
        assert_eq!(unpinned("docker://alpine:3.20", 1).unwrap().pin, Pin::Tag);
        assert_eq!(unpinned("docker://alpine", 1).unwrap().pin, Pin::Branch);
    }
}
