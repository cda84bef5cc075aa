//! SEC-09: the workflow token has too much power, or secrets leak into logs.

use super::workflows::{self, PRIVILEGED_EXTERNAL, PULL_REQUEST_EVENTS, Parsed, trigger_in};
use crate::{Analysis, Emitter};
use fcto_facts::ci::{GitlabCi, JobSecrets, Script, Workflow};
use fcto_model::{Evidence, RuleDocs, Severity};
use regex::Regex;
use std::sync::LazyLock;

pub const DOCS: RuleDocs = RuleDocs {
    what: "Reads the `permissions:` of each workflow and what its jobs can reach. One finding \
           lists the workflows with no top-level `permissions:` where some job sets none \
           either (the token then gets the repository's default, which may be write access to \
           everything): high when one of them runs on an event outsiders cause \
           (`pull_request_target`, `issues`, `issue_comment`, `workflow_run`...), medium \
           otherwise. Per workflow: `permissions: write-all` (high); write scopes granted at the \
           top level of a workflow with several jobs instead of to the job that needs them \
           (medium, high with an outsider event); `secrets: inherit` into a reusable workflow \
           of another repository (medium, high when that workflow is not pinned to a commit); `self-hosted` runners in \
           workflows that run for pull requests (high: in a public repository anyone can run \
           code on your machine); `ACTIONS_ALLOW_UNSECURE_COMMANDS: true` (high); and secrets \
           printed to the log with `echo`/`printf`/`cat <<<`, directly or through an \
           environment variable set from a secret, not redirected to a file or piped (medium). \
           In GitLab CI, `echo` of variables named like secrets (`*TOKEN*`, `*PASSWORD*`, \
           `*SECRET*`, `*API_KEY*`) is reported the same way.",
    why: "If any step in the build is tricked or compromised, an over-powered token lets it \
          change your code, releases or packages.",
    how_to_fix: "Start every workflow with `permissions: contents: read` (or `permissions: {}`) \
                 and grant write scopes only to the jobs that need them \
                 (`jobs.release.permissions: contents: write`). Pass reusable workflows only \
                 the secrets they need, by name. Use GitHub-hosted runners for pull requests. \
                 Remove `ACTIONS_ALLOW_UNSECURE_COMMANDS` and use `$GITHUB_ENV`/`$GITHUB_PATH`. \
                 Never print secrets; write them to a file or pipe them \
                 (`echo \"$TOKEN\" | docker login --password-stdin`).",
    options: "None.",
};

/// One problem found in a workflow.
struct Problem {
    severity: Severity,
    text: String,
    line: u32,
}

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let mut missing: Vec<(String, Option<String>)> = Vec::new();
    for w in workflows::github_workflows(a) {
        let external = trigger_in(&w.model, PRIVILEGED_EXTERNAL).map(|t| t.event.clone());
        let no_permissions =
            w.model.permissions.is_none() && w.model.jobs.iter().any(|j| j.permissions.is_none());
        if no_permissions && !w.model.jobs.is_empty() {
            missing.push((w.path.clone(), external.clone()));
        }
        let mut problems = permission_problems(&w.model, external.as_deref());
        problems.extend(echoed_secrets(&w.model));
        report_workflow(e, &w.path, problems);
    }
    report_missing(e, &missing);
    for file in workflows::gitlab_files(a) {
        report_gitlab(e, &file);
    }
}

fn permission_problems(w: &Workflow, external: Option<&str>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let raised = if external.is_some() {
        Severity::High
    } else {
        Severity::Medium
    };
    if let Some(p) = &w.permissions {
        if p.is_write_all() {
            problems.push(Problem {
                severity: Severity::High,
                text: "gives every job `write-all` permissions".into(),
                line: p.line,
            });
        } else if !p.write_scopes().is_empty() && w.jobs.len() > 1 {
            // with one job, the top level is that job's permissions
            problems.push(Problem {
                severity: raised,
                text: format!(
                    "grants {} at the top level, to every job, instead of to the job that needs it",
                    p.write_scopes()
                        .iter()
                        .map(|s| format!("`{s}: write`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                line: p.line,
            });
        }
    }
    for job in &w.jobs {
        if let Some(p) = job.permissions.as_ref().filter(|p| p.is_write_all()) {
            problems.push(Problem {
                severity: Severity::High,
                text: format!("gives job `{}` `write-all` permissions", job.id),
                line: p.line,
            });
        }
        if let (Some(JobSecrets::Inherit(line)), Some(uses)) = (&job.secrets, &job.uses)
            && !uses.value.starts_with("./")
        {
            let pinned = uses
                .value
                .rsplit_once('@')
                .is_some_and(|(_, r)| workflows::is_commit_sha(r));
            problems.push(Problem {
                severity: if pinned {
                    Severity::Medium
                } else {
                    Severity::High
                },
                text: format!(
                    "passes every secret (`secrets: inherit`) to `{}`, a workflow in \
                         another repository{}",
                    uses.value,
                    if pinned {
                        ""
                    } else {
                        " not pinned to a commit"
                    }
                ),
                line: *line,
            });
        }
        let self_hosted = job
            .runs_on
            .iter()
            .any(|l| l.eq_ignore_ascii_case("self-hosted"));
        if let Some(t) = trigger_in(w, PULL_REQUEST_EVENTS)
            .or_else(|| trigger_in(w, &["pull_request_target"]))
            .filter(|_| self_hosted)
        {
            problems.push(Problem {
                severity: Severity::High,
                text: format!(
                    "runs job `{}` on a self-hosted runner for `{}`: in a public repository \
                     anyone can run code on that machine",
                    job.id, t.event
                ),
                line: job.line,
            });
        }
    }
    let unsecure = |env: &[(String, String)]| {
        env.iter().any(|(k, v)| {
            k == "ACTIONS_ALLOW_UNSECURE_COMMANDS" && v.trim().eq_ignore_ascii_case("true")
        })
    };
    let mut unsecure_line = unsecure(&w.env).then_some(1);
    for job in &w.jobs {
        if unsecure(&job.env) {
            unsecure_line.get_or_insert(job.line);
        }
        for s in &job.steps {
            if unsecure(&s.env) {
                unsecure_line.get_or_insert(s.line);
            }
        }
    }
    if let Some(line) = unsecure_line {
        problems.push(Problem {
            severity: Severity::High,
            text: "turns on `ACTIONS_ALLOW_UNSECURE_COMMANDS`, which lets any printed line set \
                   environment variables and paths"
                .into(),
            line,
        });
    }
    problems
}

static PRINTS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(echo|printf)\b|^cat\s*<<<").expect("valid regex"));

/// Whether the command prints to the log: `echo`/`printf`/`cat <<<` whose output is not
/// redirected or piped, and not a masking command.
fn prints_to_log(command: &str) -> bool {
    PRINTS.is_match(command)
        && !command.contains("::add-mask::")
        && !outside_quotes(command).contains(['>', '|'])
}

/// The command with quoted parts removed.
fn outside_quotes(command: &str) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    for c in command.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None => out.push(c),
        }
    }
    out
}

/// Whether `command` references `$NAME` or `${NAME}`.
fn uses_var(command: &str, name: &str) -> bool {
    command.contains(&format!("${{{name}}}"))
        || command.match_indices(&format!("${name}")).any(|(at, m)| {
            !command[at + m.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
        })
}

fn echoed_secrets(w: &Workflow) -> Vec<Problem> {
    let from_secret = |env: &[(String, String)]| -> Vec<String> {
        env.iter()
            .filter(|(_, v)| !workflows::secrets_used(v).is_empty())
            .map(|(k, _)| k.clone())
            .collect()
    };
    let mut problems = Vec::new();
    for job in &w.jobs {
        for step in &job.steps {
            let Some(run) = &step.run else { continue };
            let mut vars = from_secret(&w.env);
            vars.extend(from_secret(&job.env));
            vars.extend(from_secret(&step.env));
            if let Some((line, name)) = printed_secret(run, &vars) {
                problems.push(Problem {
                    severity: Severity::Medium,
                    text: format!(
                        "prints {name} to the log in job `{}`; GitHub hides exact secret values, \
                         but not encoded or partial ones",
                        job.id
                    ),
                    line,
                });
            }
        }
    }
    problems
}

/// The first command of `run` that prints a secret: (line, what it prints).
fn printed_secret(run: &Script, vars: &[String]) -> Option<(u32, String)> {
    workflows::commands(run.lines())
        .into_iter()
        .filter(|(_, c)| prints_to_log(c))
        .find_map(|(line, c)| {
            if let Some(name) = workflows::secrets_used(&c).first() {
                return Some((line, format!("`secrets.{name}`")));
            }
            vars.iter()
                .find(|v| uses_var(&c, v))
                .map(|v| (line, format!("`${v}` (set from a secret)")))
        })
}

fn report_workflow(e: &mut Emitter<'_>, path: &str, mut problems: Vec<Problem>) {
    if problems.is_empty() {
        return;
    }
    problems.sort_by_key(|p| (std::cmp::Reverse(p.severity), p.line));
    let severity = problems[0].severity;
    let texts: Vec<&str> = problems.iter().map(|p| p.text.as_str()).collect();
    let evidence = problems
        .iter()
        .map(|p| Evidence::line(path, p.line).with_note(p.text.clone()))
        .collect();
    e.report_with(
        severity,
        format!("`{path}` {}", texts.join("; it ")),
        evidence,
        "token power",
    );
}

fn report_missing(e: &mut Emitter<'_>, missing: &[(String, Option<String>)]) {
    if missing.is_empty() {
        return;
    }
    let external = missing.iter().find_map(|(p, t)| t.as_ref().map(|t| (p, t)));
    let severity = if external.is_some() {
        Severity::High
    } else {
        Severity::Medium
    };
    let names: Vec<String> = missing
        .iter()
        .take(5)
        .map(|(p, _)| format!("`{p}`"))
        .collect();
    let more = missing.len().saturating_sub(5);
    let mut message = format!(
        "{} workflow{} set no `permissions:`, so the token gets the repository's default \
         (possibly write access to code, releases and packages): {}{}",
        missing.len(),
        if missing.len() == 1 { "" } else { "s" },
        names.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    );
    if let Some((path, event)) = external {
        message.push_str(&format!(
            "; `{path}` runs on `{event}`, which outsiders can cause"
        ));
    }
    let evidence = missing
        .iter()
        .take(12)
        .map(|(p, t)| {
            Evidence::file(p).with_note(match t {
                Some(t) => format!("no `permissions:`; runs on `{t}`"),
                None => "no `permissions:`".into(),
            })
        })
        .collect();
    e.report_summary(severity, message, evidence, "missing permissions");
}

static SECRET_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\$\{?([A-Z0-9_]*(TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|APIKEY|PRIVATE_KEY|CREDENTIALS?)[A-Z0-9_]*)\}?")
        .expect("valid regex")
});

fn report_gitlab(e: &mut Emitter<'_>, file: &Parsed<GitlabCi>) {
    let mut evidence = Vec::new();
    for job in &file.model.jobs {
        for script in &job.scripts {
            for (line, command) in workflows::commands(script.lines()) {
                if !prints_to_log(&command) {
                    continue;
                }
                if let Some(c) = SECRET_NAME.captures(&command) {
                    let name = c.get(1).map_or("", |m| m.as_str());
                    evidence.push(Evidence::line(&file.path, line).with_note(format!(
                        "job `{}` prints `${name}` to the job log",
                        job.name
                    )));
                }
            }
        }
    }
    let Some(first) = evidence.first() else {
        return;
    };
    let message = format!(
        "`{}` prints what looks like a secret to the job log ({}){}; anyone who can read the \
         pipeline's logs can copy it unless the variable is masked",
        file.path,
        first.note.clone().unwrap_or_default(),
        if evidence.len() > 1 {
            format!(" and {} more", evidence.len() - 1)
        } else {
            String::new()
        }
    );
    evidence.truncate(12);
    e.report_with(
        Severity::Medium,
        message,
        evidence,
        "gitlab secrets printed",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printing_is_told_apart_from_writing_and_piping() {
        assert!(prints_to_log("echo \"token is ${{ secrets.NPM_TOKEN }}\""));
        assert!(prints_to_log("printf '%s' $TOKEN"));
        assert!(prints_to_log("cat <<< \"$TOKEN\""));
        assert!(!prints_to_log(
            "echo \"${{ secrets.NPM_TOKEN }}\" | docker login --password-stdin"
        ));
        assert!(!prints_to_log(
            "echo \"//registry/:_authToken=$T\" > ~/.npmrc"
        ));
        assert!(!prints_to_log("echo \"::add-mask::$TOKEN\""));
        assert!(prints_to_log("echo \"a > b: $TOKEN\""));
        assert!(uses_var("echo $TOKEN.", "TOKEN"));
        assert!(!uses_var("echo $TOKEN_FILE", "TOKEN"));
        assert!(uses_var("echo ${TOKEN}", "TOKEN"));
    }
}
