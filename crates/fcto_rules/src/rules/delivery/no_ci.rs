//! DEL-01: no continuous integration found in the repository.

use crate::analysis::staleness;
use crate::components::date;
use crate::{Analysis, Emitter};
use fcto_model::{Evidence, RuleDocs, Severity};

pub const DOCS: RuleDocs = RuleDocs {
    what: "Looks for CI definitions: GitHub Actions workflows, `.gitlab-ci.yml`, CircleCI, \
           Bitbucket Pipelines, Azure Pipelines, Jenkinsfile, Travis, Buildkite, Drone, Google \
           Cloud Build, AWS CodeBuild, AppVeyor, Woodpecker, Codemagic, Bitrise. High when none \
           is in the repository (weighed half at pre-product); platform auto-builds (vercel.json, \
           netlify.toml) count as deploys, not CI. Also reports CI files unchanged for 12 months \
           while 50 or more commits landed.",
    why: "Without an automatic check on every change, mistakes reach customers and are found by \
          them.",
    how_to_fix: "Add a CI workflow that installs from the lockfile, builds, and runs the tests \
                 and linters on every push and pull request (GitHub Actions or your Git host's \
                 CI).",
    options: "None. CI configured only in a hosted service's settings is not visible here: say so \
              in `fcto.toml` once overrides arrive.",
};

/// Whether a path is a CI definition.
pub fn is_ci_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let yaml = lower.ends_with(".yml") || lower.ends_with(".yaml");
    (lower.starts_with(".github/workflows/") && yaml)
        || matches!(
            lower.as_str(),
            ".gitlab-ci.yml"
                | ".circleci/config.yml"
                | "bitbucket-pipelines.yml"
                | "azure-pipelines.yml"
                | "jenkinsfile"
                | ".travis.yml"
                | ".buildkite/pipeline.yml"
                | ".drone.yml"
                | "cloudbuild.yaml"
                | "cloudbuild.yml"
                | "buildspec.yml"
                | "appveyor.yml"
                | ".appveyor.yml"
                | ".woodpecker.yml"
                | "codemagic.yaml"
                | "bitrise.yml"
        )
        || lower.starts_with(".woodpecker/") && yaml
}

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let ci: Vec<&str> = a
        .facts
        .inventory
        .files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| is_ci_file(p))
        .collect();
    if ci.is_empty() {
        let platform: Vec<Evidence> = a
            .facts
            .inventory
            .files
            .iter()
            .filter(|f| matches!(f.path.as_str(), "vercel.json" | "netlify.toml"))
            .map(|f| Evidence::file(&f.path).with_note("platform build: deploys, does not test"))
            .collect();
        // At pre-product the assessment's stage weighting counts it half (like a medium).
        e.report(
            "No continuous integration (CI) configuration was found in the repository",
            platform,
            "no-ci",
        );
        return;
    }
    let Some(history) = a.history() else { return };
    if let Some(s) = staleness(history, is_ci_file)
        && s.stale(history, 49)
    {
        let (last, since) = (s.last_change, s.commits_since);
        e.report_with(
            Severity::Medium,
            format!("The CI configuration has not changed since {} while {since} commits landed; it may no longer run what matters", date(last)),
            ci.iter().take(5).map(|p| Evidence::file(*p)).collect(),
            "stale-ci",
        );
    }
}
