//! GitHub Actions: workflows (`.github/workflows/*.yml`) and action metadata (`action.yml`),
//! parsed into typed structs with the lines of jobs, steps, `uses:`, `run:` and expressions.

use super::node::{self, Item, Node};
use super::{Located, Script, script};
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

/// A workflow file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Workflow {
    pub name: Option<String>,
    /// The events under `on:`, in the order written.
    pub triggers: Vec<Trigger>,
    /// The top-level `permissions:` of the token, if set.
    pub permissions: Option<Permissions>,
    /// Top-level `env:` as (name, value).
    pub env: Vec<(String, String)>,
    pub jobs: Vec<Job>,
}

/// One event under `on:` with its activity `types:` when listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    pub event: String,
    pub types: Vec<String>,
    /// `inputs:` of `workflow_dispatch`/`workflow_call` as (name, type); the type is `string`
    /// when not given.
    pub inputs: Vec<(String, String)>,
    pub line: u32,
}

/// A `permissions:` block: `read-all`, `write-all`, or scopes (`contents: read`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permissions {
    /// `read-all` or `write-all` (or an expression) when written as one string.
    pub all: Option<String>,
    /// Scopes as (scope, `read`/`write`/`none`), in the order written.
    pub scopes: Vec<(String, String)>,
    pub line: u32,
}

impl Permissions {
    pub fn is_write_all(&self) -> bool {
        self.all.as_deref() == Some("write-all")
    }

    /// The scopes given write access.
    pub fn write_scopes(&self) -> Vec<&str> {
        self.scopes
            .iter()
            .filter(|(_, level)| level == "write")
            .map(|(scope, _)| scope.as_str())
            .collect()
    }

    /// The access given to `scope`: its own entry, or what `read-all`/`write-all` implies.
    pub fn level(&self, scope: &str) -> Option<&str> {
        if let Some((_, level)) = self.scopes.iter().find(|(s, _)| s == scope) {
            return Some(level);
        }
        match self.all.as_deref() {
            Some("write-all") => Some("write"),
            Some("read-all") => Some("read"),
            _ => None,
        }
    }
}

/// What a job that calls a reusable workflow passes as `secrets:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobSecrets {
    /// `secrets: inherit`: every secret of the caller, at this line.
    Inherit(u32),
    /// Named secrets.
    Named(Vec<String>),
}

/// A job: steps run on a runner, or a call of a reusable workflow (`uses:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: String,
    /// The line of the job's key under `jobs:`.
    pub line: u32,
    pub name: Option<String>,
    /// `runs-on:` labels (a `group:` is listed as `group:<name>`).
    pub runs_on: Vec<String>,
    pub permissions: Option<Permissions>,
    pub env: Vec<(String, String)>,
    /// The job's `if:` condition.
    pub condition: Option<String>,
    /// The deployment `environment:` name.
    pub environment: Option<String>,
    pub steps: Vec<Step>,
    /// A reusable workflow the job calls.
    pub uses: Option<Located>,
    pub secrets: Option<JobSecrets>,
    /// The `container:` image.
    pub container: Option<String>,
    /// The images of `services:`.
    pub services: Vec<String>,
}

/// A step: an action (`uses:`) or a script (`run:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The line the step starts on (its first key).
    pub line: u32,
    pub name: Option<String>,
    pub id: Option<String>,
    pub uses: Option<Located>,
    pub run: Option<Script>,
    /// `with:` inputs as (name, value); values are scripts so `github-script`'s `script:` has
    /// its expressions.
    pub with: Vec<(String, Script)>,
    pub env: Vec<(String, String)>,
    pub shell: Option<String>,
    pub condition: Option<String>,
}

impl Step {
    /// The value of the `with:` input `name`.
    pub fn input(&self, name: &str) -> Option<&Script> {
        self.with.iter().find(|(n, _)| n == name).map(|(_, s)| s)
    }

    /// The action's name without its ref: `actions/checkout` for `actions/checkout@v4`.
    pub fn action(&self) -> Option<&str> {
        let uses = self.uses.as_ref()?;
        Some(uses.value.split('@').next().unwrap_or(&uses.value))
    }

    /// What the step says it is: its name, its action or the start of its script.
    pub fn label(&self) -> String {
        if let Some(n) = &self.name {
            return n.clone();
        }
        if let Some(u) = &self.uses {
            return u.value.clone();
        }
        self.run
            .as_ref()
            .and_then(|r| r.text.lines().map(str::trim).find(|l| !l.is_empty()))
            .unwrap_or("step")
            .chars()
            .take(60)
            .collect()
    }
}

/// An action's metadata file: a composite action's steps, or a Docker action's image.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Action {
    pub name: Option<String>,
    /// `runs.using`: `composite`, `docker`, `node20`...
    pub using: Option<String>,
    /// `runs.image` of a Docker action.
    pub image: Option<Located>,
    pub steps: Vec<Step>,
}

#[derive(Deserialize)]
struct RawWorkflow {
    name: Option<Node>,
    on: Option<Spanned<Node>>,
    permissions: Option<Spanned<Node>>,
    env: Option<Node>,
    jobs: Option<Ordered<RawJob>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawJob {
    name: Option<Node>,
    runs_on: Option<Node>,
    permissions: Option<Spanned<Node>>,
    env: Option<Node>,
    #[serde(rename = "if")]
    condition: Option<Node>,
    environment: Option<Node>,
    steps: Option<Vec<Spanned<RawStep>>>,
    uses: Option<Spanned<String>>,
    secrets: Option<Spanned<Node>>,
    container: Option<Node>,
    services: Option<Node>,
}

#[derive(Deserialize)]
struct RawStep {
    name: Option<Node>,
    id: Option<Node>,
    uses: Option<Spanned<String>>,
    run: Option<Spanned<String>>,
    with: Option<BTreeMap<String, Spanned<Option<String>>>>,
    env: Option<Node>,
    shell: Option<String>,
    #[serde(rename = "if")]
    condition: Option<Node>,
}

#[derive(Deserialize)]
struct RawAction {
    name: Option<Node>,
    runs: Option<RawRuns>,
}

#[derive(Deserialize)]
struct RawRuns {
    using: Option<String>,
    image: Option<Spanned<String>>,
    steps: Option<Vec<Spanned<RawStep>>>,
}

/// A map kept in document order with the line of each key.
struct Ordered<T>(Vec<(String, u32, T)>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Ordered<T>, E> {
                Ok(Ordered(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered<T>, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    let value = map.next_value::<T>()?;
                    entries.push((key.value, key.referenced.line() as u32, value));
                }
                Ok(Ordered(entries))
            }
        }
        deserializer.deserialize_map(V(std::marker::PhantomData))
    }
}

/// Parses a workflow file. `path` is only used in the error sentence.
pub fn parse_github_workflow(path: &str, text: &str) -> Result<Workflow, String> {
    let raw: RawWorkflow = serde_saphyr::from_str(text).map_err(|e| node::yaml_error(path, &e))?;
    Ok(Workflow {
        name: raw
            .name
            .as_ref()
            .and_then(|n| n.as_str().map(str::to_string)),
        triggers: raw.on.map(|on| triggers(&on.into())).unwrap_or_default(),
        permissions: raw.permissions.map(|p| permissions(&p.into())),
        env: raw.env.map(|e| e.scalar_entries()).unwrap_or_default(),
        jobs: raw
            .jobs
            .map(|jobs| {
                jobs.0
                    .into_iter()
                    .map(|(id, line, job)| convert_job(text, id, line, job))
                    .collect()
            })
            .unwrap_or_default(),
    })
}

/// Parses an action's metadata file (`action.yml`).
pub fn parse_github_action(path: &str, text: &str) -> Result<Action, String> {
    let raw: RawAction = serde_saphyr::from_str(text).map_err(|e| node::yaml_error(path, &e))?;
    let runs = raw.runs;
    Ok(Action {
        name: raw
            .name
            .as_ref()
            .and_then(|n| n.as_str().map(str::to_string)),
        using: runs.as_ref().and_then(|r| r.using.clone()),
        image: runs.as_ref().and_then(|r| r.image.clone()).map(located),
        steps: runs
            .and_then(|r| r.steps)
            .unwrap_or_default()
            .into_iter()
            .map(|s| convert_step(text, s))
            .collect(),
    })
}

fn located(s: Spanned<String>) -> Located {
    Located {
        value: s.value,
        line: s.referenced.line() as u32,
    }
}

fn text_of(node: Option<&Node>) -> Option<String> {
    node.and_then(Node::as_str).map(str::to_string)
}

/// `on: push`, `on: [push, pull_request]` or `on: {pull_request_target: {types: [labeled]}}`.
fn triggers(on: &Item) -> Vec<Trigger> {
    match &on.node {
        Node::Scalar(event) => vec![Trigger {
            event: event.clone(),
            types: Vec::new(),
            inputs: Vec::new(),
            line: on.line,
        }],
        Node::Seq(items) => items
            .iter()
            .filter_map(|i| {
                i.node.as_str().map(|e| Trigger {
                    event: e.to_string(),
                    types: Vec::new(),
                    inputs: Vec::new(),
                    line: i.line,
                })
            })
            .collect(),
        Node::Map(entries) => entries
            .iter()
            .map(|(event, line, body)| Trigger {
                event: event.clone(),
                types: body
                    .node
                    .get("types")
                    .map(|t| t.node.strings())
                    .unwrap_or_default(),
                inputs: match body.node.get("inputs").map(|i| &i.node) {
                    Some(Node::Map(inputs)) => inputs
                        .iter()
                        .map(|(name, _, spec)| {
                            let kind = spec.node.get("type").and_then(|t| t.node.as_str());
                            (name.clone(), kind.unwrap_or("string").to_string())
                        })
                        .collect(),
                    _ => Vec::new(),
                },
                line: *line,
            })
            .collect(),
        Node::Null => Vec::new(),
    }
}

fn permissions(item: &Item) -> Permissions {
    match &item.node {
        Node::Scalar(s) => Permissions {
            all: Some(s.clone()),
            scopes: Vec::new(),
            line: item.line,
        },
        node => Permissions {
            all: None,
            scopes: node.scalar_entries(),
            line: item.line,
        },
    }
}

fn runs_on(node: &Node) -> Vec<String> {
    match node {
        Node::Map(_) => {
            let mut labels = node
                .get("labels")
                .map(|l| l.node.strings())
                .unwrap_or_default();
            if let Some(g) = node.get("group").and_then(|g| g.node.as_str()) {
                labels.push(format!("group:{g}"));
            }
            labels
        }
        other => other.strings(),
    }
}

fn image(node: &Node) -> Option<String> {
    match node {
        Node::Scalar(s) => Some(s.clone()),
        Node::Map(_) => node
            .get("image")
            .and_then(|i| i.node.as_str())
            .map(str::to_string),
        _ => None,
    }
}

fn convert_job(text: &str, id: String, line: u32, raw: RawJob) -> Job {
    let secrets = raw.secrets.map(|s| {
        let item: Item = s.into();
        match &item.node {
            Node::Scalar(v) if v == "inherit" => JobSecrets::Inherit(item.line),
            node => JobSecrets::Named(node.scalar_entries().into_iter().map(|(k, _)| k).collect()),
        }
    });
    let services = match raw.services {
        Some(Node::Map(entries)) => entries
            .iter()
            .filter_map(|(_, _, v)| image(&v.node))
            .collect(),
        _ => Vec::new(),
    };
    let environment = raw.environment.as_ref().and_then(|e| match e {
        Node::Scalar(s) => Some(s.clone()),
        Node::Map(_) => text_of(e.get("name").map(|n| &n.node)),
        _ => None,
    });
    Job {
        id,
        line,
        name: text_of(raw.name.as_ref()),
        runs_on: raw.runs_on.as_ref().map(runs_on).unwrap_or_default(),
        permissions: raw.permissions.map(|p| permissions(&p.into())),
        env: raw.env.map(|e| e.scalar_entries()).unwrap_or_default(),
        condition: text_of(raw.condition.as_ref()),
        environment,
        steps: raw
            .steps
            .unwrap_or_default()
            .into_iter()
            .map(|s| convert_step(text, s))
            .collect(),
        uses: raw.uses.map(located),
        secrets,
        container: raw.container.as_ref().and_then(image),
        services,
    }
}

fn spanned_script(text: &str, s: Spanned<String>) -> Script {
    let span = s.defined.span();
    let bytes = span
        .byte_offset()
        .zip(span.byte_len())
        .map(|(o, l)| (o as usize, l as usize));
    script(text, s.value, s.defined.line() as u32, bytes)
}

fn convert_step(text: &str, raw: Spanned<RawStep>) -> Step {
    let line = raw.referenced.line() as u32;
    let raw = raw.value;
    Step {
        line,
        name: text_of(raw.name.as_ref()),
        id: text_of(raw.id.as_ref()),
        uses: raw.uses.map(located),
        run: raw.run.map(|r| spanned_script(text, r)),
        with: raw
            .with
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| {
                let value = Spanned {
                    value: v.value.unwrap_or_default(),
                    referenced: v.referenced,
                    defined: v.defined,
                };
                (k, spanned_script(text, value))
            })
            .collect(),
        env: raw.env.map(|e| e.scalar_entries()).unwrap_or_default(),
        shell: raw.shell,
        condition: text_of(raw.condition.as_ref()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORKFLOW: &str = r#"name: Triage
on:
  issues:
    types: [opened, edited]
  pull_request_target:
  workflow_dispatch:
permissions:
  contents: read
  issues: write
env: &env
  NODE_VERSION: 20
  ENABLE: NO
jobs:
  label:
    name: Label the issue
    runs-on: [self-hosted, linux]
    if: github.repository == 'acme/app'
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
          persist-credentials: false
      - name: Greet
        env: *env
        run: |
          echo "hello"
          echo "${{ github.event.issue.title }}" and ${{ github.actor }}
      - uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea # v7
        with:
          script: "console.log('${{ github.event.issue.body }}')"
  release:
    uses: acme/shared/.github/workflows/release.yml@main
    secrets: inherit
    permissions: write-all
  build:
    runs-on:
      group: large
    container:
      image: node:20
    services:
      db:
        image: postgres:16
    environment: production
    steps:
      - run: >-
          npm ci &&
          npm test ${{ inputs.args }}
"#;

    #[test]
    fn reads_a_workflow_with_lines() {
        let w = parse_github_workflow("triage.yml", WORKFLOW).unwrap();
        assert_eq!(w.name.as_deref(), Some("Triage"));
        let events: Vec<(&str, u32)> = w
            .triggers
            .iter()
            .map(|t| (t.event.as_str(), t.line))
            .collect();
        assert_eq!(
            events,
            [
                ("issues", 3),
                ("pull_request_target", 5),
                ("workflow_dispatch", 6)
            ]
        );
        assert_eq!(w.triggers[0].types, ["opened", "edited"]);
        let w2 = parse_github_workflow(
            "d.yml",
            "on:\n  workflow_dispatch:\n    inputs:\n      tag:\n        required: true\n      bump:\n        type: choice\n        options: [patch, minor]\n",
        )
        .unwrap();
        assert_eq!(
            w2.triggers[0].inputs,
            [
                ("tag".into(), "string".into()),
                ("bump".into(), "choice".into())
            ]
        );
        assert_eq!(
            events.iter().map(|e| e.0).collect::<Vec<_>>(),
            ["issues", "pull_request_target", "workflow_dispatch"]
        );
        let p = w.permissions.as_ref().unwrap();
        assert_eq!(p.write_scopes(), ["issues"]);
        assert_eq!(p.level("contents"), Some("read"));
        // typed text, not YAML 1.1 booleans
        assert!(w.env.contains(&("NODE_VERSION".into(), "20".into())));

        let label = &w.jobs[0];
        assert_eq!((label.id.as_str(), label.line), ("label", 14));
        assert_eq!(label.runs_on, ["self-hosted", "linux"]);
        assert_eq!(label.steps.len(), 3);
        let checkout = &label.steps[0];
        assert_eq!(checkout.line, 19);
        assert_eq!(checkout.uses.as_ref().unwrap().line, 19);
        assert_eq!(checkout.action(), Some("actions/checkout"));
        assert_eq!(checkout.input("fetch-depth").unwrap().text, "0");
        let greet = &label.steps[1];
        assert_eq!(greet.env.len(), 2);
        let run = greet.run.as_ref().unwrap();
        assert_eq!(run.line, 26);
        assert_eq!(
            run.lines().nth(1),
            Some((
                27,
                "echo \"${{ github.event.issue.title }}\" and ${{ github.actor }}"
            ))
        );
        let exprs: Vec<(&str, u32)> = run
            .expressions
            .iter()
            .map(|e| (e.text.as_str(), e.line))
            .collect();
        assert_eq!(
            exprs,
            [("github.event.issue.title", 27), ("github.actor", 27)]
        );
        let script = label.steps[2].input("script").unwrap();
        assert_eq!(script.expressions[0].text, "github.event.issue.body");
        assert_eq!(script.expressions[0].line, 30);

        let release = &w.jobs[1];
        assert_eq!(
            release.uses.as_ref().map(|u| (u.value.as_str(), u.line)),
            Some(("acme/shared/.github/workflows/release.yml@main", 32))
        );
        assert_eq!(release.secrets, Some(JobSecrets::Inherit(33)));
        assert!(release.permissions.as_ref().unwrap().is_write_all());

        let build = &w.jobs[2];
        assert_eq!(build.runs_on, ["group:large"]);
        assert_eq!(build.container.as_deref(), Some("node:20"));
        assert_eq!(build.services, ["postgres:16"]);
        assert_eq!(build.environment.as_deref(), Some("production"));
        let run = build.steps[0].run.as_ref().unwrap();
        assert_eq!(run.text, "npm ci && npm test ${{ inputs.args }}");
        // folded scalar: the expression's line is read from the source
        assert_eq!(run.expressions[0].line, 47);
    }

    #[test]
    fn on_as_a_string_or_a_list_and_permissions_as_a_string() {
        let w = parse_github_workflow(
            "a.yml",
            "on: push\npermissions: read-all\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: []\n",
        )
        .unwrap();
        assert_eq!(w.triggers[0].event, "push");
        assert_eq!(w.permissions.unwrap().level("contents"), Some("read"));
        let w = parse_github_workflow("b.yml", "on: [push, pull_request]\njobs: {}\n").unwrap();
        assert_eq!(w.triggers.len(), 2);
        assert_eq!(w.triggers[1].event, "pull_request");
    }

    #[test]
    fn malformed_workflows_are_errors_not_panics() {
        for text in [
            "on: push\njobs:\n  a:\n    steps: [\n",
            "on: push\non: pull_request\n",
            "jobs:\n  a:\n    steps:\n      - run: {x: 1}\n",
            "- just\n- a list\n",
        ] {
            let e = parse_github_workflow("bad.yml", text).unwrap_err();
            assert!(e.starts_with("`bad.yml` could not be read as YAML"), "{e}");
        }
        assert!(
            parse_github_workflow("empty.yml", "")
                .unwrap()
                .jobs
                .is_empty()
        );
    }

    #[test]
    fn reads_a_composite_action() {
        let a = parse_github_action(
            "action.yml",
            "name: Setup\nruns:\n  using: composite\n  steps:\n    - uses: actions/setup-node@v4\n    - run: echo ${{ inputs.version }}\n      shell: bash\n",
        )
        .unwrap();
        assert_eq!(a.using.as_deref(), Some("composite"));
        assert_eq!(a.steps.len(), 2);
        assert_eq!(a.steps[0].uses.as_ref().unwrap().line, 5);
        assert_eq!(a.steps[1].run.as_ref().unwrap().expressions[0].line, 6);
        assert_eq!(a.steps[1].shell.as_deref(), Some("bash"));
        let d = parse_github_action(
            "action.yml",
            "runs:\n  using: docker\n  image: docker://alpine:3.20\n",
        )
        .unwrap();
        assert_eq!(d.image.unwrap().value, "docker://alpine:3.20");
    }
}
