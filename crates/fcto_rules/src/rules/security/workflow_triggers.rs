//! SEC-07: dangerous workflow triggers (`pull_request_target`, `workflow_run`,
//! `issue_comment`) that check out or run a pull request's code.

use super::workflows::{self, trigger_in};
use crate::{Analysis, Emitter};
use fcto_facts::ci::{Job, Step};
use fcto_model::{Evidence, RuleDocs, Severity};
use regex::Regex;
use std::sync::LazyLock;

pub const DOCS: RuleDocs = RuleDocs {
    what: "In workflows triggered by `pull_request_target`, `workflow_run` or `issue_comment` \
           (which run with the repository's secrets and a token that may write, even for a \
           fork's pull request), looks for a job that checks out the pull request's code: \
           `actions/checkout` with a `ref:` or `repository:` taken from the pull request's head \
           (`github.event.pull_request.head.sha`, `github.head_ref`, `refs/pull/…`, \
           `github.event.workflow_run.head_sha`...), or `gh pr checkout` / `git fetch … pull/…`. \
           Critical when a later step runs that code (installs, builds, tests, `make`, `./` \
           scripts, local actions); high when the code is checked out but no step seen runs \
           it, or when the job only runs after a maintainer's label or for trusted authors; \
           medium when the job skips forks. In `workflow_run` workflows, artefacts downloaded \
           from the triggering run and followed by scripts are reported as medium.",
    why: "Anyone who opens a pull request can run their own code with your repository's secrets \
          and write access.",
    how_to_fix: "Run untrusted code only in `pull_request` workflows (no secrets, read-only \
                 token). If a privileged step is needed (commenting, labelling), split the \
                 work: build and test in a `pull_request` workflow that uploads results as an \
                 artefact, then read that artefact as data (never run it) in a `workflow_run` \
                 workflow. Never check out the pull request's head in `pull_request_target`.",
    options: "None.",
};

/// Triggers this rule is about.
const DANGEROUS: &[&str] = &["pull_request_target", "workflow_run", "issue_comment"];

/// Markers of a pull request's head in a checkout `ref:`/`repository:` or a script.
const PR_HEAD: &[&str] = &[
    "head.sha",
    "head.ref",
    "head_sha",
    "head_ref",
    "head_branch",
    "head-sha",
    "head-ref",
    "headrefoid",
    "headrefname",
    "merge_commit_sha",
    "head.repo.full_name",
    "head_repository",
    "refs/pull/",
];

static FETCHES_PR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(gh|hub)\s+pr\s+checkout\b|\bgit\s+fetch\b.*\b(pull/|refs/pull/)")
        .expect("valid regex")
});

static RUNS_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)\b(npm|yarn|pnpm|bun|npx|pnpx|bunx)\b|\bpip3?\s+install\b|\bpython[0-9.]*\b|\bnode\b
        |\bmake\b|\bcargo\b|\bgo\s+(build|test|run|generate|install|vet)\b|\bmvn\b|\bgradlew?\b
        |\bbundle\b|\brake\b|\bcomposer\b|\bpytest\b|\btox\b|\bnox\b|\bpoetry\b|\buv\b
        |\bdocker\s+(build|compose|run)\b|\bdocker-compose\b|\bdotnet\b|\bpre-commit\b
        |(^|[\s;&|(])\./[\w./-]+|\b(bash|sh)\s+[\w./-]+\.sh\b",
    )
    .expect("valid regex")
});

/// Third-party actions that build or run the checked-out code.
const BUILD_ACTIONS: &[&str] = &[
    "docker/build-push-action",
    "gradle/gradle-build-action",
    "gradle/actions/setup-gradle",
    "pre-commit/action",
    "cypress-io/github-action",
    "bahmutov/npm-install",
    "github/codeql-action/autobuild",
];

/// Why the step checks out the pull request's code, if it does.
fn checks_out_pr(step: &Step) -> Option<&'static str> {
    if step
        .action()
        .is_some_and(|a| a.eq_ignore_ascii_case("actions/checkout"))
    {
        let head = ["ref", "repository"].iter().any(|k| {
            step.input(k).is_some_and(|v| {
                let lower = v.text.to_ascii_lowercase();
                PR_HEAD.iter().any(|m| lower.contains(m))
            })
        });
        return head.then_some("checks out the pull request's code");
    }
    let run = step.run.as_ref()?;
    FETCHES_PR
        .is_match(&run.text)
        .then_some("fetches the pull request's code")
}

/// What the step runs of the checked-out code, if anything: (label, line).
fn runs_code(step: &Step) -> Option<(String, u32)> {
    if let Some(uses) = &step.uses {
        if uses.value.starts_with("./") {
            return Some((format!("the local action `{}`", uses.value), uses.line));
        }
        let action = step.action().unwrap_or_default();
        if BUILD_ACTIONS.iter().any(|b| action.eq_ignore_ascii_case(b)) {
            return Some((format!("`{}`", uses.value), uses.line));
        }
        return None;
    }
    let run = step.run.as_ref()?;
    workflows::commands(run.lines())
        .into_iter()
        .find(|(_, c)| RUNS_CODE.is_match(c))
        .map(|(line, c)| {
            (
                format!("`{}`", c.chars().take(60).collect::<String>()),
                line,
            )
        })
}

/// How the job is restricted, if it is: (severity it leaves, description).
fn guard(job: &Job, steps: &[&Step]) -> Option<(Severity, &'static str)> {
    let conditions: Vec<String> = job
        .condition
        .iter()
        .chain(steps.iter().filter_map(|s| s.condition.as_ref()))
        .map(|c| c.replace(' ', "").to_ascii_lowercase())
        .collect();
    let any = |needles: &[&str]| {
        conditions
            .iter()
            .any(|c| needles.iter().any(|n| c.contains(n)))
    };
    if any(&[
        "head.repo.full_name==github.repository",
        "github.repository==github.event.pull_request.head.repo.full_name",
        "head.repo.fork==false",
        "!github.event.pull_request.head.repo.fork",
    ]) {
        return Some((Severity::Medium, "it skips pull requests from forks"));
    }
    if any(&[
        "labels",
        "author_association",
        "github.actor==",
        "github.triggering_actor==",
    ]) {
        return Some((
            Severity::High,
            "it runs only after a maintainer's label or for trusted authors",
        ));
    }
    None
}

static ARTIFACT_OF_RUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"workflow_run\.id|listWorkflowRunArtifacts").expect("valid regex")
});

/// A step that downloads artefacts of the triggering run.
fn downloads_run_artifacts(step: &Step) -> bool {
    let action = step.action().unwrap_or_default().to_ascii_lowercase();
    let from_run = |s: &Step| {
        s.with
            .iter()
            .any(|(_, v)| ARTIFACT_OF_RUN.is_match(&v.text))
    };
    (action == "actions/download-artifact" || action == "dawidd6/action-download-artifact")
        && from_run(step)
        || action == "actions/github-script" && from_run(step)
}

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    for w in workflows::github_workflows(a) {
        let Some(trigger) = trigger_in(&w.model, DANGEROUS) else {
            continue;
        };
        let event = trigger.event.as_str();
        for job in &w.model.jobs {
            check_job(e, &w.path, event, trigger.line, job);
        }
    }
}

fn check_job(e: &mut Emitter<'_>, path: &str, event: &str, trigger_line: u32, job: &Job) {
    let mut checkout: Option<(&Step, &str)> = None;
    let mut artifacts: Option<&Step> = None;
    let mut executed: Option<(String, u32)> = None;
    for step in &job.steps {
        if checkout.is_none() {
            if let Some(why) = checks_out_pr(step) {
                checkout = Some((step, why));
                // a script that fetches the code may run it in the same step
                if step.run.is_some() {
                    executed = runs_code(step);
                }
                continue;
            }
            if event == "workflow_run" && artifacts.is_none() && downloads_run_artifacts(step) {
                artifacts = Some(step);
                continue;
            }
        }
        if (checkout.is_some() || artifacts.is_some()) && executed.is_none() {
            executed = runs_code(step);
        }
    }
    let job_name = job.name.as_deref().unwrap_or(&job.id);
    let trigger = Evidence::line(path, trigger_line).with_note(format!("triggered by `{event}`"));
    if let Some((step, why)) = checkout {
        let step_line = step.uses.as_ref().map_or(step.line, |u| u.line);
        let mut steps = vec![step];
        let (mut severity, mut message) = match &executed {
            Some((what, line)) => (
                Severity::Critical,
                format!(
                    "`{path}` runs on `{event}` and job `{job_name}` {why} (line {step_line}) \
                     then runs it ({what}, line {line}): anyone who opens a pull request can run \
                     their code with this workflow's secrets and token"
                ),
            ),
            None => (
                Severity::High,
                format!(
                    "`{path}` runs on `{event}` and job `{job_name}` {why} (line {step_line}) \
                     with this workflow's secrets and token; no step seen runs it, but any \
                     tool that reads those files can be made to"
                ),
            ),
        };
        steps.extend(job.steps.iter().filter(|s| s.line > step_line));
        if let Some((cap, how)) = guard(job, &steps).filter(|(cap, _)| *cap < severity) {
            severity = cap;
            message.push_str(&format!(" (lowered: {how})"));
        }
        let mut evidence = vec![
            Evidence::line(path, step_line).with_note(why.to_string()),
            trigger,
        ];
        if let Some((what, line)) = executed {
            evidence.insert(
                1,
                Evidence::line(path, line).with_note(format!("runs {what}")),
            );
        }
        e.report_with(severity, message, evidence, &format!("{event} {}", job.id));
    } else if let (Some(step), Some((what, line))) = (artifacts, executed) {
        e.report_with(
            Severity::Medium,
            format!(
                "`{path}` runs on `workflow_run` and job `{job_name}` downloads artefacts of \
                 the triggering run (line {}) then runs {what} (line {line}): artefacts of a \
                 fork's pull request are attacker-made, so treat them as data, never as code",
                step.line
            ),
            vec![
                Evidence::line(path, step.line)
                    .with_note("downloads the triggering run's artefacts"),
                Evidence::line(path, line).with_note(format!("runs {what}")),
                trigger,
            ],
            &format!("artifacts {}", job.id),
        );
    }
}
