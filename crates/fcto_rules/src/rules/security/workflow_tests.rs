//! SEC-06 to SEC-09 on realistic workflows that make them fire and on safe ones that must not.

use crate::testing::{World, run_on};
use fcto_model::{Finding, Severity};

fn run(code: &str, files: &[(&str, &str)]) -> Vec<Finding> {
    let mut w = World::new();
    for (path, text) in files {
        w = w.doc(path, text);
    }
    run_on(code, w)
}

fn lines(f: &Finding) -> Vec<u32> {
    f.evidence.iter().filter_map(|e| e.line).collect()
}

const RELEASE: &str = r"name: Release
on:
  push:
    tags: ['v*']
permissions:
  contents: write
  id-token: write
jobs:
  publish:
    runs-on: ubuntu-latest
    environment: pypi
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@0b93645e9fea7318ecaed2b359559ac225c90a2b # v5.3.0
      - run: python -m build
      - uses: pypa/gh-action-pypi-publish@release/v1
      - uses: softprops/action-gh-release@v2
        with:
          files: dist/*
      - uses: ./.github/actions/notify
";

const PINNED: &str = r"name: CI
on: pull_request
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - uses: docker://alpine@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d
      - uses: ./.github/actions/setup
      - run: npm ci && npm test
";

#[test]
fn sec006_lists_unpinned_actions_once_per_workflow() {
    let f = run("SEC006", &[(".github/workflows/release.yml", RELEASE)]);
    assert_eq!(f.len(), 1, "{f:?}");
    // a third-party action on a branch, in a publishing workflow
    assert_eq!(f[0].severity, Severity::High);
    assert_eq!(
        f[0].message,
        "`.github/workflows/release.yml` uses 3 actions by a tag or branch that can be moved, \
         not by commit SHA (3 of 4 `uses:` unpinned): `pypa/gh-action-pypi-publish@release/v1` (a branch), \
         `softprops/action-gh-release@v2`, `actions/checkout@v4`; this matters more here \
         because it can request cloud credentials (`id-token: write`)"
    );
    assert_eq!(lines(&f[0]), [16, 17, 13]);
    assert_eq!(
        f[0].evidence[2].note.as_deref(),
        Some("actions/checkout@v4: GitHub's own action, pinned to a tag")
    );
}

#[test]
fn sec006_github_actions_on_tags_alone_are_low_and_pinned_ones_are_silent() {
    let ci = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n      - run: npm ci\n";
    let f = run("SEC006", &[(".github/workflows/ci.yml", ci)]);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Low);
    assert!(f[0].message.contains("uses 2 actions by a tag or branch that can be moved, not by commit SHA (2 of 2 `uses:` unpinned)"), "{}", f[0].message);
    assert!(run("SEC006", &[(".github/workflows/ci.yml", PINNED)]).is_empty());
}

#[test]
fn sec006_reads_composite_actions_and_gitlab_includes() {
    let action = "name: Setup\nruns:\n  using: composite\n  steps:\n    - uses: pnpm/action-setup@v4\n      with:\n        version: 9\n";
    let gitlab = "include:\n  - project: acme/ci-templates\n    file: /node.yml\n  - project: acme/other\n    ref: 1f3c9e4d5b6a7980c1d2e3f4a5b6c7d8e9f0a1b2\n    file: /x.yml\n  - local: ci/test.yml\n";
    let f = run(
        "SEC006",
        &[
            (".github/actions/setup/action.yml", action),
            (".gitlab-ci.yml", gitlab),
        ],
    );
    assert_eq!(f.len(), 2, "{f:?}");
    let a = f.iter().find(|x| x.message.contains("action.yml")).unwrap();
    assert_eq!(a.severity, Severity::Medium);
    assert_eq!(lines(a), [5]);
    let g = f
        .iter()
        .find(|x| x.message.contains(".gitlab-ci.yml"))
        .unwrap();
    assert_eq!(g.severity, Severity::High);
    assert_eq!(
        g.message,
        "`.gitlab-ci.yml` includes 1 CI configuration not pinned to a commit: `acme/ci-templates`"
    );
    assert_eq!(lines(g), [2]);
}

const PWN_REQUEST: &str = r"name: Preview
on:
  pull_request_target:
    types: [opened, synchronize]
jobs:
  preview:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - uses: actions/setup-node@v4
      - run: npm ci
      - run: npm run build
      - run: npx vercel deploy --token ${{ secrets.VERCEL_TOKEN }}
";

const LABELER: &str = r"name: Label
on: pull_request_target
permissions:
  contents: read
jobs:
  label:
    runs-on: ubuntu-latest
    permissions:
      pull-requests: write
    steps:
      - uses: actions/checkout@v4
      - uses: actions/labeler@v5
        with:
          repo-token: ${{ secrets.GITHUB_TOKEN }}
";

#[test]
fn sec007_pull_request_target_that_builds_the_pr_is_critical() {
    let f = run("SEC007", &[(".github/workflows/preview.yml", PWN_REQUEST)]);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::Critical);
    assert_eq!(
        f[0].message,
        "`.github/workflows/preview.yml` runs on `pull_request_target` and job `preview` checks \
         out the pull request's code (line 9) then runs it (`npm ci`, line 13): anyone who opens \
         a pull request can run their code with this workflow's secrets and token"
    );
    assert_eq!(lines(&f[0]), [9, 13, 3]);
}

#[test]
fn sec007_is_silent_on_a_labeler_and_lowers_fork_guarded_jobs() {
    assert!(run("SEC007", &[(".github/workflows/label.yml", LABELER)]).is_empty());
    let guarded = PWN_REQUEST.replace(
        "    runs-on: ubuntu-latest\n",
        "    runs-on: ubuntu-latest\n    if: github.event.pull_request.head.repo.full_name == github.repository\n",
    );
    let f = run("SEC007", &[(".github/workflows/preview.yml", &guarded)]);
    assert_eq!(f[0].severity, Severity::Medium);
    assert!(
        f[0].message
            .ends_with("(lowered: it skips pull requests from forks)")
    );
}

#[test]
fn sec007_issue_comment_checkout_of_the_pr_ref_without_a_build_is_high() {
    let ci = "on:\n  issue_comment:\n    types: [created]\njobs:\n  fmt:\n    if: contains(github.event.comment.body, '/format')\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh pr checkout ${{ github.event.issue.number }}\n        env:\n          GH_TOKEN: ${{ github.token }}\n      - run: git push\n";
    let f = run("SEC007", &[(".github/workflows/fmt.yml", ci)]);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::High);
    assert!(
        f[0].message
            .contains("fetches the pull request's code (line 9)"),
        "{}",
        f[0].message
    );
}

const TRIAGE: &str = r#"name: Triage
on:
  issues:
    types: [opened]
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - name: Check title
        run: |
          echo "Checking the new issue"
          if [[ "${{ github.event.issue.title }}" == *"bug"* ]]; then
            gh issue edit ${{ github.event.issue.number }} --add-label bug
          fi
      - uses: actions/github-script@v7
        with:
          script: |
            const body = `${{ github.event.issue.body }}`
            console.log(body.length)
"#;

#[test]
fn sec008_issue_title_in_a_script_is_critical_with_the_env_rewrite() {
    let f = run("SEC008", &[(".github/workflows/triage.yml", TRIAGE)]);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::Critical);
    assert_eq!(
        f[0].message,
        "`.github/workflows/triage.yml` line 12 puts `${{ github.event.issue.title }}` straight \
         into a shell script (and 1 more); the workflow runs on `issues`, so anyone who can \
         cause that event can run commands in your build with its secrets"
    );
    assert_eq!(lines(&f[0]), [12, 18]);
    assert_eq!(
        f[0].evidence[0].note.as_deref(),
        Some(
            "`${{ github.event.issue.title }}` pasted into the script; use `env: ISSUE_TITLE: \
             ${{ github.event.issue.title }}` and `\"$ISSUE_TITLE\"` instead"
        )
    );
    assert!(
        f[0].evidence[1]
            .note
            .as_deref()
            .unwrap()
            .contains("process.env.ISSUE_BODY")
    );
}

#[test]
fn sec008_expressions_passed_through_env_are_safe_and_inputs_are_low() {
    let safe = "on: issues\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - env:\n          TITLE: ${{ github.event.issue.title }}\n        run: echo \"$TITLE\" ${{ github.event.issue.number }}\n";
    assert!(run("SEC008", &[(".github/workflows/t.yml", safe)]).is_empty());
    let dispatch = "on:\n  workflow_dispatch:\n    inputs:\n      tag: {required: true}\n      bump: {type: choice, options: [patch, minor]}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm version ${{ inputs.bump }} && git tag ${{ inputs.tag }}\n";
    let f = run("SEC008", &[(".github/workflows/tag.yml", dispatch)]);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Low);
    // a `choice` input cannot hold a command; a free-text one can
    assert_eq!(f[0].evidence.len(), 1);
    assert!(
        f[0].message.contains("`${{ inputs.tag }}`"),
        "{}",
        f[0].message
    );
    assert_eq!(lines(&f[0]), [10]);
    // a branch name in a pull_request workflow: no secrets for forks, still high
    let pr = "on: pull_request\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.head_ref }}\n";
    let f = run("SEC008", &[(".github/workflows/pr.yml", pr)]);
    assert_eq!(f[0].severity, Severity::High);
}

#[test]
fn sec008_gitlab_unquoted_untrusted_variables() {
    let ci = "lint:\n  script:\n    - echo \"$CI_COMMIT_MESSAGE\"\n    - ./check.sh $CI_MERGE_REQUEST_TITLE\n    - eval \"notify $CI_COMMIT_BRANCH\"\n";
    let f = run("SEC008", &[(".gitlab-ci.yml", ci)]);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::High);
    assert_eq!(lines(&f[0]), [4, 5]);
    assert!(
        f[0].message.starts_with(
            "`.gitlab-ci.yml` line 4 uses `$CI_MERGE_REQUEST_TITLE` without double quotes"
        ),
        "{}",
        f[0].message
    );
}

#[test]
fn sec009_reports_write_all_inherited_secrets_self_hosted_and_echoed_secrets() {
    let ci = r#"on:
  pull_request:
  push:
permissions: write-all
env:
  DEPLOY_KEY: ${{ secrets.DEPLOY_KEY }}
jobs:
  build:
    runs-on: [self-hosted, linux]
    steps:
      - run: |
          echo "key is $DEPLOY_KEY"
          echo "${{ secrets.NPM_TOKEN }}" | npm login --stdin
  shared:
    uses: acme/workflows/.github/workflows/deploy.yml@v2
    secrets: inherit
"#;
    let f = run("SEC009", &[(".github/workflows/ci.yml", ci)]);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::High);
    assert_eq!(lines(&f[0]), [4, 8, 16, 12]);
    assert!(
        f[0].message.starts_with("`.github/workflows/ci.yml` gives every job `write-all` permissions; it runs job `build` on a self-hosted runner for `pull_request`"),
        "{}",
        f[0].message
    );
    assert!(
        f[0].message
            .contains("prints `$DEPLOY_KEY` (set from a secret) to the log")
    );
}

#[test]
fn sec009_missing_permissions_is_one_summary_and_least_privilege_is_silent() {
    let bare = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n";
    let comment = "on: issue_comment\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n";
    let f = run(
        "SEC009",
        &[
            (".github/workflows/a.yml", bare),
            (".github/workflows/b.yml", comment),
            (".github/workflows/ci.yml", PINNED),
            (".github/workflows/label.yml", LABELER),
            // one job: its permissions may as well be at the top
            (".github/workflows/release.yml", RELEASE),
        ],
    );
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::High);
    assert_eq!(
        f[0].message,
        "2 workflows set no `permissions:`, so the token gets the repository's default \
         (possibly write access to code, releases and packages): `.github/workflows/a.yml`, \
         `.github/workflows/b.yml`; `.github/workflows/b.yml` runs on `issue_comment`, which \
         outsiders can cause"
    );
}

#[test]
fn broken_workflows_give_no_findings_and_no_panic() {
    let broken = "on: push\njobs:\n  t:\n    steps: [\n";
    for code in ["SEC006", "SEC007", "SEC008", "SEC009", "DEL014"] {
        assert!(
            run(code, &[(".github/workflows/x.yml", broken)]).is_empty(),
            "{code}"
        );
    }
}
