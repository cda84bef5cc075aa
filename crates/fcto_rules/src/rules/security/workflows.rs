//! What the CI rules (SEC-06 to SEC-09, DEL-14) share: the parsed GitHub workflows, actions
//! and GitLab files of the assessed tree, what their triggers let outsiders do, and shell
//! command splitting.

use crate::Analysis;
use fcto_facts::analysis::test_code::is_test_path;
use fcto_facts::ci::{self, Action, GitlabCi, Workflow};
use regex::Regex;
use std::sync::LazyLock;

/// A parsed CI file.
pub(crate) struct Parsed<T> {
    pub path: String,
    pub text: String,
    pub model: T,
}

/// Parses the documents whose path passes `keep`; files that do not parse are left out (GitHub
/// and GitLab refuse to run them too).
fn parse_all<T>(
    a: &Analysis<'_>,
    keep: fn(&str) -> bool,
    parse: fn(&str, &str) -> Result<T, String>,
) -> Vec<Parsed<T>> {
    let inv = &a.facts.inventory;
    inv.documents
        .keys()
        .filter(|p| keep(p))
        .filter_map(|path| {
            let text = inv.document_text(path)?.into_owned();
            let model = parse(path, &text).ok()?;
            Some(Parsed {
                path: path.clone(),
                text,
                model,
            })
        })
        .collect()
}

/// The workflows GitHub runs.
pub(crate) fn github_workflows(a: &Analysis<'_>) -> Vec<Parsed<Workflow>> {
    parse_all(a, ci::is_github_workflow, ci::parse_github_workflow)
}

/// The repository's actions (`action.yml`), test fixtures left out.
pub(crate) fn github_actions(a: &Analysis<'_>) -> Vec<Parsed<Action>> {
    parse_all(
        a,
        |p| ci::is_github_action(p) && !is_test_path(p),
        ci::parse_github_action,
    )
}

/// The GitLab CI files.
pub(crate) fn gitlab_files(a: &Analysis<'_>) -> Vec<Parsed<GitlabCi>> {
    parse_all(a, ci::is_gitlab_ci, ci::parse_gitlab_ci)
}

/// Events anyone with a GitHub account can cause whose runs get the repository's secrets and a
/// token that may write, even when the cause comes from a fork.
pub(crate) const PRIVILEGED_EXTERNAL: &[&str] = &[
    "pull_request_target",
    "issues",
    "issue_comment",
    "discussion",
    "discussion_comment",
    "workflow_run",
    "fork",
    "watch",
];

/// Pull request events: outsiders cause them, but runs for forks get no secrets and a
/// read-only token.
pub(crate) const PULL_REQUEST_EVENTS: &[&str] = &[
    "pull_request",
    "pull_request_review",
    "pull_request_review_comment",
];

/// The first trigger of `w` in `events`.
pub(crate) fn trigger_in<'w>(w: &'w Workflow, events: &[&str]) -> Option<&'w ci::Trigger> {
    w.triggers
        .iter()
        .find(|t| events.contains(&t.event.as_str()))
}

/// Owner of an action or reusable workflow address: `actions` for `actions/checkout@v4`.
pub(crate) fn owner(uses: &str) -> &str {
    uses.split('/').next().unwrap_or(uses)
}

/// Whether `reference` is a full commit SHA (40 hex digits, or 64 for SHA-256 repositories).
pub(crate) fn is_commit_sha(reference: &str) -> bool {
    matches!(reference.len(), 40 | 64) && reference.chars().all(|c| c.is_ascii_hexdigit())
}

static SECRET_USE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"secrets\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)|secrets\s*\[").expect("valid regex")
});

/// The names of the secrets `text` reads, `GITHUB_TOKEN` left out (every run has it).
pub(crate) fn secrets_used(text: &str) -> Vec<String> {
    let mut names: Vec<String> = SECRET_USE
        .captures_iter(text)
        .map(|c| c.get(1).map_or("[…]", |m| m.as_str()).to_string())
        .filter(|n| n != "GITHUB_TOKEN")
        .collect();
    names.sort();
    names.dedup();
    names
}

static PUBLISH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)\b(npm|yarn|pnpm)\s+publish\b|\btwine\s+upload\b|\bcargo\s+publish\b
        |\b(poetry|uv|hatch|flit)\s+publish\b|\bgem\s+push\b|\bdotnet\s+nuget\s+push\b
        |\bdocker\s+(image\s+)?push\b|\bgh\s+release\s+(create|upload)\b|\bgoreleaser\b
        |\bmvn\b.*\bdeploy\b|\bkubectl\s+(apply|rollout|set\s+image)\b|\bterraform\s+apply\b
        |\bhelm\s+(upgrade|install)\b|\b(flyctl|fly)\s+deploy\b|\bfirebase\s+deploy\b
        |\bwrangler\s+(publish|deploy)\b|\baws\s+s3\s+(sync|cp)\b|\bgcloud\b.*\bdeploy\b
        |\b(serverless|sls)\s+deploy\b|\bvercel\b.*--prod",
    )
    .expect("valid regex")
});

/// Actions that publish packages or deploy.
const PUBLISH_ACTIONS: &[&str] = &[
    "pypa/gh-action-pypi-publish",
    "softprops/action-gh-release",
    "docker/login-action",
    "docker/build-push-action",
    "aws-actions/configure-aws-credentials",
    "google-github-actions/auth",
    "azure/login",
    "peaceiris/actions-gh-pages",
    "jamesives/github-pages-deploy-action",
    "actions/deploy-pages",
    "goreleaser/goreleaser-action",
    "changesets/action",
    "amondnet/vercel-action",
    "cloudflare/wrangler-action",
    "superfly/flyctl-actions",
    "ncipollo/release-action",
];

/// Why a workflow's token and secrets are worth stealing, if they are: it can request cloud
/// credentials, publishes or deploys, or reads secrets.
pub(crate) fn sensitivity(w: &Workflow, text: &str) -> Option<&'static str> {
    let id_token = w
        .permissions
        .iter()
        .chain(w.jobs.iter().filter_map(|j| j.permissions.as_ref()))
        .any(|p| p.level("id-token") == Some("write"));
    if id_token {
        return Some("it can request cloud credentials (`id-token: write`)");
    }
    let publishes = w.jobs.iter().any(|j| {
        j.environment.is_some()
            || j.steps.iter().any(|s| {
                s.action()
                    .is_some_and(|a| PUBLISH_ACTIONS.iter().any(|p| a.eq_ignore_ascii_case(p)))
                    || s.run.as_ref().is_some_and(|r| PUBLISH.is_match(&r.text))
            })
    });
    if publishes {
        return Some("it publishes or deploys");
    }
    let inherits = w
        .jobs
        .iter()
        .any(|j| matches!(j.secrets, Some(ci::JobSecrets::Inherit(_))));
    (inherits || !secrets_used(text).is_empty()).then_some("it uses secrets")
}

/// Logical shell commands of a script with the line each starts on: continuation lines
/// (`\` at the end) joined, comments dropped, split on `&&`, `||` and `;` outside quotes.
/// Pipes stay inside a command (`curl … | sh`).
pub(crate) fn commands<'s>(lines: impl Iterator<Item = (u32, &'s str)>) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let mut pending: Option<(u32, String)> = None;
    for (line, text) in lines {
        let trimmed = text.trim();
        if pending.is_none() && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        let (start, mut joined) = pending.take().unwrap_or((line, String::new()));
        if let Some(head) = trimmed.strip_suffix('\\') {
            joined.push_str(head);
            joined.push(' ');
            pending = Some((start, joined));
            continue;
        }
        joined.push_str(trimmed);
        out.extend(split_commands(&joined).into_iter().map(|c| (start, c)));
    }
    if let Some((start, joined)) = pending {
        out.extend(split_commands(&joined).into_iter().map(|c| (start, c)));
    }
    out
}

/// Splits a command line on `&&`, `||` and `;` outside quotes, trimming each part.
fn split_commands(line: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
        } else if c == '\'' || c == '"' {
            quote = Some(c);
        } else if c == ';' || (c == '&' || c == '|') && chars.get(i + 1) == Some(&c) {
            parts.push(std::mem::take(&mut current));
            i += if c == ';' { 1 } else { 2 };
            continue;
        } else if c == '#' && (i == 0 || chars[i - 1].is_whitespace()) {
            break;
        }
        current.push(c);
        i += 1;
    }
    parts.push(current);
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// A command's words with quotes removed, leading `sudo`, `env`, `time` and `VAR=value`
/// assignments dropped.
pub(crate) fn words(command: &str) -> Vec<String> {
    let mut words: Vec<String> = command
        .split_whitespace()
        .map(|w| w.trim_matches(|c| c == '"' || c == '\'').to_string())
        .collect();
    while let Some(first) = words.first() {
        let assignment = first.contains('=')
            && first.split('=').next().is_some_and(|n| {
                !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            });
        if matches!(first.as_str(), "sudo" | "env" | "time" | "-E") || assignment {
            words.remove(0);
        } else {
            break;
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_join_continuations_and_split_on_separators() {
        let script = "# setup\nnpm ci && npm test\ncurl -fsSL https://x.sh \\\n  | sh\necho 'a;b' ; ls # note\n";
        let lines = script.lines().enumerate().map(|(i, l)| (i as u32 + 10, l));
        assert_eq!(
            commands(lines),
            [
                (11, "npm ci".to_string()),
                (11, "npm test".to_string()),
                (12, "curl -fsSL https://x.sh  | sh".to_string()),
                (14, "echo 'a;b'".to_string()),
                (14, "ls".to_string()),
            ]
        );
        assert_eq!(
            words("sudo CI=1 npm install -g 'yarn@1.22.0'"),
            ["npm", "install", "-g", "yarn@1.22.0"]
        );
    }

    #[test]
    fn secrets_and_shas() {
        assert_eq!(
            secrets_used(
                "${{ secrets.NPM_TOKEN }} ${{ secrets.GITHUB_TOKEN }} ${{secrets.NPM_TOKEN}}"
            ),
            ["NPM_TOKEN"]
        );
        assert!(is_commit_sha("b4ffde65f46336ab88eb53be808477a3936bae11"));
        assert!(!is_commit_sha("v4"));
        assert!(!is_commit_sha("b4ffde6"));
    }
}
