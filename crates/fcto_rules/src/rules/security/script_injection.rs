//! SEC-08: script injection in workflows: text an outsider controls pasted into a script.

use super::workflows::{self, PRIVILEGED_EXTERNAL, Parsed, trigger_in};
use crate::{Analysis, Emitter};
use fcto_facts::ci::{GitlabCi, Script, Step};
use fcto_model::{Evidence, RuleDocs, Severity};
use regex::Regex;
use std::sync::LazyLock;

pub const DOCS: RuleDocs = RuleDocs {
    what: "Looks for `${{ … }}` expressions inside `run:` scripts and `actions/github-script` \
           `script:` inputs (in workflows and the repository's own actions) that paste text an \
           outsider controls: issue, pull request, discussion, comment and review titles and \
           bodies, commit messages and authors, branch names (`github.head_ref`, \
           `github.event.pull_request.head.ref`, `github.event.workflow_run.head_branch`), page \
           names, and the whole event (`toJSON(github.event)`). GitHub substitutes the text \
           before the shell runs, so quotes do not help. Critical when the workflow runs on an \
           event outsiders cause with secrets (`issues`, `issue_comment`, \
           `pull_request_target`, `discussion`, `workflow_run`...), high otherwise; `inputs.*` \
           and `github.event.inputs.*` (whoever starts the workflow already has write access) \
           are low. One finding per file. In GitLab CI, `$CI_MERGE_REQUEST_TITLE`, \
           `$CI_COMMIT_MESSAGE`, `$CI_COMMIT_BRANCH` and similar variables used without double \
           quotes in `script:` are medium, high inside `eval` or `sh -c`.",
    why: "A crafted issue title or branch name can become a command that runs inside your build \
          with access to your secrets.",
    how_to_fix: "Pass the value through an environment variable and quote it: add \
                 `env: TITLE: ${{ github.event.issue.title }}` to the step and use \
                 `\"$TITLE\"` in the script (in `github-script`, read `process.env.TITLE` or \
                 `context.payload`). In GitLab, always write `\"$CI_COMMIT_MESSAGE\"` in double \
                 quotes and never pass such values to `eval` or `sh -c`.",
    options: "None.",
};

/// Where an expression's text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// Text anyone can write (titles, bodies, branch names, commit messages).
    Outsider,
    /// Workflow inputs and dispatch payloads: whoever starts the run.
    Input,
}

static OUTSIDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        github\.event\.(issue|pull_request|discussion)\.(title|body)\b
        |github\.event\.(comment|review|review_comment)\.body\b
        |github\.event\.pages\b.*\bpage_name\b
        |github\.event\.commits\b.*\.(message|author\.(email|name)|committer\.(email|name))\b
        |github\.event\.head_commit\.(message|author\.(email|name)|committer\.(email|name))\b
        |github\.event\.pull_request\.head\.(ref|label|repo\.default_branch)\b
        |github\.head_ref\b
        |github\.event\.workflow_run\.(head_branch|display_title|head_commit\.(message|author\.(email|name)))\b
        |github\.event\.workflow_run\.pull_requests\b.*\.head\.ref\b
        |tojson\(\s*github\.event\s*\)",
    )
    .expect("valid regex")
});

static INPUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(^|[^\w.])(inputs\.[\w-]+|github\.event\.(inputs|client_payload)\.[\w.-]+)")
        .expect("valid regex")
});

/// Where the expression's text comes from, when it is not the repository's own.
fn source(expression: &str) -> Option<Source> {
    let lower = expression.to_ascii_lowercase();
    if OUTSIDER.is_match(&lower) {
        Some(Source::Outsider)
    } else if INPUT.is_match(&lower) {
        Some(Source::Input)
    } else {
        None
    }
}

/// `ISSUE_TITLE` for `github.event.issue.title`, `HEAD_REF` for `github.head_ref`.
fn env_name(expression: &str) -> String {
    let path = expression
        .split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '_' || c == '-'))
        .find(|p| p.contains('.'))
        .unwrap_or(expression);
    let parts: Vec<&str> = path
        .split('.')
        .filter(|p| !p.is_empty() && *p != "github" && *p != "event" && *p != "inputs")
        .collect();
    let tail = &parts[parts.len().saturating_sub(2)..];
    let name = tail.join("_").replace('-', "_").to_ascii_uppercase();
    if name.is_empty() {
        "VALUE".into()
    } else {
        name
    }
}

/// One risky expression in a file.
struct Hit {
    expression: String,
    line: u32,
    source: Source,
    github_script: bool,
}

/// The risky expressions in a step's script and `github-script` input.
fn hits(step: &Step) -> Vec<Hit> {
    let mut scripts: Vec<(&Script, bool)> = step.run.iter().map(|r| (r, false)).collect();
    if step
        .action()
        .is_some_and(|a| a.eq_ignore_ascii_case("actions/github-script"))
    {
        scripts.extend(step.input("script").map(|s| (s, true)));
    }
    scripts
        .into_iter()
        .flat_map(|(script, github_script)| {
            script.expressions.iter().filter_map(move |x| {
                source(&x.text).map(|source| Hit {
                    expression: x.text.clone(),
                    line: x.line,
                    source,
                    github_script,
                })
            })
        })
        .collect()
}

fn rewrite(hit: &Hit) -> String {
    let name = env_name(&hit.expression);
    let usage = if hit.github_script {
        format!("`process.env.{name}`")
    } else {
        format!("`\"${name}\"`")
    };
    format!(
        "`${{{{ {} }}}}` pasted into the script; use `env: {name}: ${{{{ {} }}}}` and {usage} instead",
        hit.expression, hit.expression
    )
}

static INPUT_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"inputs\.([\w-]+)").expect("valid regex"));

/// Whether every input the expression reads is declared with a type that cannot hold a
/// command (`choice`, `boolean`, `number`, `environment`: GitHub checks the value).
fn typed_input(expression: &str, w: &fcto_facts::ci::Workflow) -> bool {
    let declared = |name: &str| -> Vec<&str> {
        w.triggers
            .iter()
            .flat_map(|t| t.inputs.iter())
            .filter(|(n, _)| n == name)
            .map(|(_, kind)| kind.as_str())
            .collect()
    };
    let mut names = INPUT_NAME.captures_iter(expression).peekable();
    names.peek().is_some()
        && names.all(|c| {
            let kinds = declared(&c[1]);
            !kinds.is_empty()
                && kinds
                    .iter()
                    .all(|k| matches!(*k, "choice" | "boolean" | "number" | "environment"))
        })
}

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    for w in workflows::github_workflows(a) {
        let hits: Vec<Hit> = w
            .model
            .jobs
            .iter()
            .flat_map(|j| j.steps.iter().flat_map(hits))
            .filter(|h| h.source == Source::Outsider || !typed_input(&h.expression, &w.model))
            .collect();
        let external = trigger_in(&w.model, PRIVILEGED_EXTERNAL).map(|t| t.event.clone());
        let events: Vec<&str> = w.model.triggers.iter().map(|t| t.event.as_str()).collect();
        report(e, &w.path, hits, external.as_deref(), &events);
    }
    for action in workflows::github_actions(a) {
        let hits: Vec<Hit> = action.model.steps.iter().flat_map(hits).collect();
        report(e, &action.path, hits, None, &[]);
    }
    for file in workflows::gitlab_files(a) {
        report_gitlab(e, &file);
    }
}

fn report(
    e: &mut Emitter<'_>,
    path: &str,
    mut hits: Vec<Hit>,
    external: Option<&str>,
    events: &[&str],
) {
    if hits.is_empty() {
        return;
    }
    hits.sort_by_key(|h| (h.source != Source::Outsider, h.line));
    let first = &hits[0];
    let outsider = first.source == Source::Outsider;
    let severity = match (outsider, external) {
        (true, Some(_)) => Severity::Critical,
        (true, None) => Severity::High,
        (false, _) => Severity::Low,
    };
    let others = hits.len() - 1;
    let more = if others > 0 {
        format!(" (and {others} more)")
    } else {
        String::new()
    };
    let kind = if first.github_script {
        "a `github-script` script"
    } else {
        "a shell script"
    };
    let consequence = match (outsider, external) {
        (true, Some(event)) => format!(
            "the workflow runs on `{event}`, so anyone who can cause that event can run commands \
             in your build with its secrets"
        ),
        (true, None) if events.is_empty() => {
            "whoever writes that text can run commands in the workflows that use this action".into()
        }
        (true, None) => format!(
            "whoever writes that text can run commands in this build (it runs on {})",
            events
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        (false, _) => "whoever starts the run can run commands through it".into(),
    };
    let message = format!(
        "`{path}` line {} puts `${{{{ {} }}}}` straight into {kind}{more}; {consequence}",
        first.line, first.expression
    );
    let evidence = hits
        .iter()
        .take(12)
        .map(|h| Evidence::line(path, h.line).with_note(rewrite(h)))
        .collect();
    e.report_with(severity, message, evidence, "script injection");
}

/// GitLab variables whose text the author of a merge request or commit chooses.
const GITLAB_UNTRUSTED: &[&str] = &[
    "CI_MERGE_REQUEST_TITLE",
    "CI_MERGE_REQUEST_DESCRIPTION",
    "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
    "CI_COMMIT_MESSAGE",
    "CI_COMMIT_TITLE",
    "CI_COMMIT_DESCRIPTION",
    "CI_COMMIT_BRANCH",
    "CI_COMMIT_REF_NAME",
    "CI_COMMIT_TAG_MESSAGE",
    "CI_COMMIT_AUTHOR",
    "CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME",
];

/// The untrusted variables used outside double quotes in a shell line (inside single quotes
/// they are not expanded at all).
fn unquoted_uses(line: &str) -> Vec<&'static str> {
    let mut found = Vec::new();
    let mut quote: Option<char> = None;
    let bytes: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
        } else if c == '"' || c == '\'' {
            quote = Some(c);
        } else if c == '$' {
            let rest: String = bytes[i + 1..].iter().collect();
            let name = rest.trim_start_matches('{');
            if let Some(v) = GITLAB_UNTRUSTED.iter().find(|v| {
                name.starts_with(**v)
                    && !name[v.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
            }) {
                found.push(*v);
            }
        }
        i += 1;
    }
    found
}

static EVAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\beval\b|\b(ba)?sh\s+-c\b").expect("valid regex"));

fn report_gitlab(e: &mut Emitter<'_>, file: &Parsed<GitlabCi>) {
    let mut evidence = Vec::new();
    let mut first: Option<(&str, u32)> = None;
    let mut severity = Severity::Medium;
    for job in &file.model.jobs {
        for script in &job.scripts {
            for (line, text) in script.lines() {
                // inside eval or sh -c, even double quotes do not protect the value
                let evaluated = EVAL.is_match(text);
                let mut vars = unquoted_uses(text);
                if evaluated {
                    vars.extend(GITLAB_UNTRUSTED.iter().filter(|v| {
                        text.contains(&format!("${v}")) || text.contains(&format!("${{{v}}}"))
                    }));
                    vars.dedup();
                }
                for v in vars {
                    if evaluated {
                        severity = Severity::High;
                    }
                    first.get_or_insert((v, line));
                    evidence.push(Evidence::line(&file.path, line).with_note(format!(
                        "`${v}` {} in job `{}`; write `\"${v}\"`",
                        if evaluated {
                            "is run as a command"
                        } else {
                            "is unquoted"
                        },
                        job.name
                    )));
                }
            }
        }
    }
    let Some((var, line)) = first else {
        return;
    };
    let more = evidence.len() - 1;
    evidence.truncate(12);
    e.report_with(
        severity,
        format!(
            "`{}` line {line} uses `${var}` without double quotes in a script{}; a crafted \
             branch name, commit message or merge request title can add arguments or, through \
             `eval`/`sh -c`, run commands",
            file.path,
            if more > 0 {
                format!(" (and {more} more)")
            } else {
                String::new()
            }
        ),
        evidence,
        "gitlab script injection",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_of_expressions() {
        for x in [
            "github.event.issue.title",
            "github.event.pull_request.body",
            "github.event.comment.body",
            "github.head_ref",
            "github.event.pull_request.head.ref",
            "github.event.commits[0].message",
            "github.event.head_commit.author.email",
            "github.event.workflow_run.head_branch",
            "toJSON(github.event)",
            "format('{0}', github.event.discussion.title)",
        ] {
            assert_eq!(source(x), Some(Source::Outsider), "{x}");
        }
        for x in [
            "inputs.version",
            "github.event.inputs.tag",
            "github.event.client_payload.sha",
        ] {
            assert_eq!(source(x), Some(Source::Input), "{x}");
        }
        for x in [
            "github.event.pull_request.number",
            "github.sha",
            "github.event.pull_request.head.sha",
            "secrets.TOKEN",
            "steps.meta.outputs.inputs",
            "github.event.repository.name",
        ] {
            assert_eq!(source(x), None, "{x}");
        }
    }

    #[test]
    fn env_names_and_unquoted_variables() {
        assert_eq!(env_name("github.event.issue.title"), "ISSUE_TITLE");
        assert_eq!(env_name("github.head_ref"), "HEAD_REF");
        assert_eq!(env_name("inputs.release-tag"), "RELEASE_TAG");
        assert_eq!(
            unquoted_uses(
                r#"echo $CI_COMMIT_MESSAGE "$CI_COMMIT_TITLE" '$CI_COMMIT_BRANCH' ${CI_MERGE_REQUEST_TITLE} $CI_COMMIT_SHA"#
            ),
            ["CI_COMMIT_MESSAGE", "CI_MERGE_REQUEST_TITLE"]
        );
    }
}
