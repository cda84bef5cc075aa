//! GitLab CI: `.gitlab-ci.yml` and included files under `.gitlab/`, read into includes and jobs
//! with the line of each script command.

use super::node::{self, Item, Node};
use super::{Script, script};
use serde_saphyr::Spanned;

/// A GitLab CI file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GitlabCi {
    pub includes: Vec<Include>,
    /// Jobs in the order written, hidden (`.name`) templates included. Top-level and `default:`
    /// `before_script`/`after_script` are a job named `default`.
    pub jobs: Vec<GitlabJob>,
    /// Top-level `variables:` as (name, value).
    pub variables: Vec<(String, String)>,
}

/// Where an `include:` entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncludeKind {
    Local,
    Remote,
    Project,
    Template,
    Component,
}

/// One `include:` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    pub kind: IncludeKind,
    /// The path, URL, project or component address.
    pub target: String,
    /// `ref:` of a project include (for a component, the version after `@`).
    pub reference: Option<String>,
    pub line: u32,
}

/// A job (or a hidden template job).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitlabJob {
    pub name: String,
    pub line: u32,
    /// `image:` (a string or `name:`).
    pub image: Option<String>,
    /// The commands of `before_script`, `script` and `after_script`, one per entry.
    pub scripts: Vec<Script>,
    pub variables: Vec<(String, String)>,
}

impl GitlabJob {
    /// Hidden jobs (`.name`) are templates other jobs `extends:`.
    pub fn is_hidden(&self) -> bool {
        self.name.starts_with('.')
    }
}

/// Keys at the top of a GitLab CI file that are not jobs.
const KEYWORDS: &[&str] = &[
    "default",
    "include",
    "stages",
    "variables",
    "workflow",
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
    "spec",
];

/// Parses a GitLab CI file (every YAML document in it: a component's `spec:` header comes
/// first). `path` is only used in the error sentence.
pub fn parse_gitlab_ci(path: &str, text: &str) -> Result<GitlabCi, String> {
    let documents: Vec<Spanned<Node>> =
        serde_saphyr::from_str_multiple(text).map_err(|e| node::yaml_error(path, &e))?;
    let mut ci = GitlabCi::default();
    for document in documents {
        let item: Item = document.into();
        match &item.node {
            Node::Map(entries) => read_top(text, entries, &mut ci),
            Node::Null => {}
            _ => return Err(format!("`{path}` is not a mapping of GitLab CI jobs")),
        }
    }
    Ok(ci)
}

fn read_top(text: &str, entries: &[(String, u32, Item)], ci: &mut GitlabCi) {
    let mut default_scripts = Vec::new();
    for (key, key_line, value) in entries {
        match key.as_str() {
            "include" => ci.includes.extend(includes(value)),
            "variables" => ci.variables.extend(variables(&value.node)),
            "before_script" | "after_script" => {
                default_scripts.extend(scripts(text, value));
            }
            "default" => {
                for k in ["before_script", "after_script"] {
                    if let Some(v) = value.node.get(k) {
                        default_scripts.extend(scripts(text, v));
                    }
                }
            }
            k if KEYWORDS.contains(&k) => {}
            name => {
                if let Node::Map(_) = value.node {
                    ci.jobs.push(job(text, name, *key_line, value));
                }
            }
        }
    }
    if !default_scripts.is_empty() {
        let line = default_scripts[0].line;
        ci.jobs.insert(
            0,
            GitlabJob {
                name: "default".into(),
                line,
                image: None,
                scripts: default_scripts,
                variables: Vec::new(),
            },
        );
    }
}

fn variables(node: &Node) -> Vec<(String, String)> {
    match node {
        Node::Map(entries) => entries
            .iter()
            .filter_map(|(k, _, v)| match &v.node {
                Node::Scalar(s) => Some((k.clone(), s.clone())),
                // `NAME: {value: ..., description: ...}`
                n => n
                    .get("value")
                    .and_then(|v| v.node.as_str())
                    .map(|s| (k.clone(), s.to_string())),
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn job(text: &str, name: &str, line: u32, value: &Item) -> GitlabJob {
    let node = &value.node;
    let mut all = Vec::new();
    for k in ["before_script", "script", "after_script"] {
        if let Some(v) = node.get(k) {
            all.extend(scripts(text, v));
        }
    }
    let image = node.get("image").and_then(|i| match &i.node {
        Node::Scalar(s) => Some(s.clone()),
        n => n
            .get("name")
            .and_then(|n| n.node.as_str())
            .map(str::to_string),
    });
    GitlabJob {
        name: name.to_string(),
        line,
        image,
        scripts: all,
        variables: node
            .get("variables")
            .map(|v| variables(&v.node))
            .unwrap_or_default(),
    }
}

/// The commands of a `script:`: a string, a list, or lists nested by `!reference`.
fn scripts(text: &str, item: &Item) -> Vec<Script> {
    match &item.node {
        Node::Scalar(s) => vec![script(text, s.clone(), item.line, item.bytes)],
        Node::Seq(items) => items.iter().flat_map(|i| scripts(text, i)).collect(),
        _ => Vec::new(),
    }
}

fn includes(item: &Item) -> Vec<Include> {
    match &item.node {
        Node::Seq(items) => items.iter().flat_map(includes).collect(),
        Node::Scalar(s) => vec![Include {
            kind: if s.starts_with("http://") || s.starts_with("https://") {
                IncludeKind::Remote
            } else {
                IncludeKind::Local
            },
            target: s.clone(),
            reference: None,
            line: item.line,
        }],
        node @ Node::Map(_) => {
            let text = |k: &str| {
                node.get(k)
                    .and_then(|v| v.node.as_str())
                    .map(str::to_string)
            };
            let (kind, target, reference) = if let Some(p) = text("project") {
                (IncludeKind::Project, p, text("ref"))
            } else if let Some(r) = text("remote") {
                (IncludeKind::Remote, r, None)
            } else if let Some(t) = text("template") {
                (IncludeKind::Template, t, None)
            } else if let Some(c) = text("component") {
                let reference = c.rsplit_once('@').map(|(_, v)| v.to_string());
                (IncludeKind::Component, c, reference)
            } else if let Some(l) = text("local") {
                (IncludeKind::Local, l, None)
            } else {
                return Vec::new();
            };
            vec![Include {
                kind,
                target,
                reference,
                line: item.line,
            }]
        }
        Node::Null => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CI: &str = r#"include:
  - local: ci/build.yml
  - project: acme/templates
    ref: main
    file: /deploy.yml
  - remote: https://example.com/ci.yml
  - template: Security/SAST.gitlab-ci.yml
  - component: gitlab.com/acme/lint/eslint@1.2.0

variables:
  NODE_ENV: test

default:
  before_script:
    - npm ci

.setup: &setup
  image: node:20
  script:
    - echo setup

test:
  <<: *setup
  stage: test
  script:
    - !reference [.setup, script]
    - npm test
    - |
      echo "$CI_COMMIT_MESSAGE"
      echo done
"#;

    #[test]
    fn reads_includes_jobs_and_script_lines() {
        let ci = parse_gitlab_ci(".gitlab-ci.yml", CI).unwrap();
        let kinds: Vec<IncludeKind> = ci.includes.iter().map(|i| i.kind).collect();
        assert_eq!(
            kinds,
            [
                IncludeKind::Local,
                IncludeKind::Project,
                IncludeKind::Remote,
                IncludeKind::Template,
                IncludeKind::Component
            ]
        );
        assert_eq!(ci.includes[1].reference.as_deref(), Some("main"));
        assert_eq!(ci.includes[1].line, 3);
        assert_eq!(ci.includes[4].reference.as_deref(), Some("1.2.0"));
        assert_eq!(ci.variables, [("NODE_ENV".to_string(), "test".to_string())]);
        let names: Vec<&str> = ci.jobs.iter().map(|j| j.name.as_str()).collect();
        assert_eq!(names, ["default", ".setup", "test"]);
        assert_eq!(ci.jobs[0].scripts[0].text, "npm ci");
        assert_eq!(ci.jobs[0].scripts[0].line, 15);
        let test = &ci.jobs[2];
        assert!(!test.is_hidden() && ci.jobs[1].is_hidden());
        assert_eq!(test.image.as_deref(), Some("node:20"));
        let lines: Vec<(u32, &str)> = test.scripts.iter().flat_map(Script::lines).collect();
        assert_eq!(
            lines,
            [
                (26, ".setup"),
                (26, "script"),
                (27, "npm test"),
                (29, "echo \"$CI_COMMIT_MESSAGE\""),
                (30, "echo done")
            ]
        );
    }

    #[test]
    fn malformed_gitlab_files_are_errors() {
        assert!(parse_gitlab_ci("x.yml", "test:\n  script: [\n").is_err());
        assert!(parse_gitlab_ci("x.yml", "- a\n- b\n").is_err());
        assert!(parse_gitlab_ci("x.yml", "").unwrap().jobs.is_empty());
    }
}
