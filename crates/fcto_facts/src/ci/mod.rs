//! CI definitions as typed models: GitHub Actions workflows and action metadata, and GitLab CI
//! files, parsed from their YAML text with the 1-based lines rules point at.

pub mod github;
pub mod gitlab;
mod node;

pub use github::{
    Action, Job, JobSecrets, Permissions, Step, Trigger, Workflow, parse_github_action,
    parse_github_workflow,
};
pub use gitlab::{GitlabCi, GitlabJob, Include, IncludeKind, parse_gitlab_ci};

/// A value with the 1-based line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub value: String,
    pub line: u32,
}

/// A `${{ … }}` expression found in a script, with the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expression {
    /// The text between `${{` and `}}`, trimmed: `github.event.issue.title`.
    pub text: String,
    pub line: u32,
}

/// A shell script (`run:`, `script:`) or a string input, with where it starts and the
/// expressions in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    pub text: String,
    /// The line of the script's first line of text (for a `|` block, the line after `run: |`).
    pub line: u32,
    pub expressions: Vec<Expression>,
}

impl Script {
    /// Each line of the script with its line in the file. Exact for one-line values and `|`
    /// blocks (the common forms); for folded multi-line values the lines are approximate.
    pub fn lines(&self) -> impl Iterator<Item = (u32, &str)> {
        self.text
            .lines()
            .enumerate()
            .map(|(i, l)| (self.line + i as u32, l))
    }
}

/// Whether `path` is a workflow GitHub runs: a YAML file directly in the root
/// `.github/workflows/` (files in sub-folders are not run).
pub fn is_github_workflow(path: &str) -> bool {
    path.strip_prefix(".github/workflows/").is_some_and(|rest| {
        !rest.contains('/')
            && std::path::Path::new(rest)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("yml") || e.eq_ignore_ascii_case("yaml"))
    })
}

/// Whether `path` is an action's metadata file (`action.yml`/`action.yaml`, at the root for a
/// published action or anywhere for a repository's own composite actions).
pub fn is_github_action(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name == "action.yml" || name == "action.yaml"
}

/// Whether `path` is a GitLab CI file: the root `.gitlab-ci.yml` or a YAML file under
/// `.gitlab/` (where included pipeline files usually live; issue templates are Markdown).
pub fn is_gitlab_ci(path: &str) -> bool {
    path == ".gitlab-ci.yml"
        || path.starts_with(".gitlab/")
            && (path.ends_with(".yml") || path.ends_with(".yaml"))
            && !path.starts_with(".gitlab/issue_templates/")
            && !path.starts_with(".gitlab/merge_request_templates/")
}

/// The 1-based line of byte `offset` in `text`.
pub(crate) fn line_at(text: &str, offset: usize) -> u32 {
    let end = offset.min(text.len());
    // n newlines split the text before `offset` into n + 1 pieces
    text.as_bytes()[..end].split(|&b| b == b'\n').count() as u32
}

/// The `${{ … }}` expressions in `value` as (byte offset, trimmed inner text).
pub fn expressions_in(value: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = value[from..].find("${{").map(|i| from + i) {
        let inner = start + 3;
        let Some(end) = value[inner..].find("}}").map(|i| inner + i) else {
            break;
        };
        found.push((start, value[inner..end].trim().to_string()));
        from = end + 2;
    }
    found
}

/// A script from a scalar: its text, where it starts, and the lines of its expressions, read
/// from the scalar's place in `source` when the parser gave one (exact for every scalar style)
/// and counted from the first line otherwise.
pub(crate) fn script(
    source: &str,
    value: String,
    line: u32,
    bytes: Option<(usize, usize)>,
) -> Script {
    let from_source = bytes.and_then(|(start, len)| {
        let slice = source.get(start..start.checked_add(len)?)?;
        let found = expressions_in(slice);
        (found.len() == expressions_in(&value).len()).then(|| {
            found
                .into_iter()
                .map(|(at, text)| Expression {
                    text,
                    line: line_at(source, start + at),
                })
                .collect::<Vec<_>>()
        })
    });
    let expressions = from_source.unwrap_or_else(|| {
        expressions_in(&value)
            .into_iter()
            .map(|(at, text)| Expression {
                text,
                line: line + line_at(&value, at) - 1,
            })
            .collect()
    });
    Script {
        text: value,
        line,
        expressions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ci_paths() {
        assert!(is_github_workflow(".github/workflows/ci.yml"));
        assert!(is_github_workflow(".github/workflows/Release.YAML"));
        assert!(!is_github_workflow(".github/workflows/old/ci.yml"));
        assert!(!is_github_workflow("templates/.github/workflows/ci.yml"));
        assert!(!is_github_workflow(".github/workflows/README.md"));
        assert!(is_github_action("action.yml"));
        assert!(is_github_action(".github/actions/setup/action.yaml"));
        assert!(!is_github_action("src/action.yml.bak"));
        assert!(is_gitlab_ci(".gitlab-ci.yml"));
        assert!(is_gitlab_ci(".gitlab/ci/test.yml"));
        assert!(!is_gitlab_ci(".gitlab/issue_templates/bug.yml"));
        assert!(!is_gitlab_ci("sub/.gitlab-ci.yml"));
    }

    #[test]
    fn expressions_are_found_with_their_text() {
        let found = expressions_in("echo ${{ github.head_ref }} ${{inputs.x}} ${{ broken");
        assert_eq!(
            found,
            vec![
                (5, "github.head_ref".to_string()),
                (28, "inputs.x".to_string())
            ]
        );
    }
}
