//! SEC-22: no security tooling or policy in the workflow: the tool matrix of static analysis,
//! dependency audit, secret scanning and a security policy, read from CI files, hooks and docs.

use crate::{Analysis, Emitter};
use fcto_facts::ci::{is_github_action, is_github_workflow, is_gitlab_ci};
use fcto_model::{Evidence, RuleDocs, Severity, Stage};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

pub const DOCS: RuleDocs = RuleDocs {
    what: "Builds the security tool matrix from the CI definitions (GitHub Actions, GitLab CI, \
           CircleCI, Azure Pipelines, Bitbucket, Jenkins, Travis, Drone, Woodpecker, \
           Buildkite...), `.pre-commit-config.yaml`, Makefiles and `package.json` scripts, \
           and tool configuration files: static analysis (CodeQL, Semgrep, Bandit, gosec, \
           Brakeman, SonarQube/SonarCloud, njsscan, Psalm taint analysis, Checkov/tfsec/KICS, \
           zizmor, GitLab SAST templates), dependency audit (`npm`/`yarn`/`pnpm audit`, \
           pip-audit, Safety, osv-scanner, Trivy, Snyk, Grype, OWASP Dependency-Check, \
           `cargo audit`/`cargo deny`, govulncheck, bundler-audit, `composer audit`, \
           Dependabot or Renovate configuration), secret scanning (gitleaks, TruffleHog, \
           detect-secrets, ggshield, git-secrets, Talisman) and a security policy \
           (`SECURITY.md` at the root, in `.github/` or `docs/`, with a contact: an email \
           address or a link). One finding lists what is missing and what was found. \
           Commented-out lines do not count. Settings made outside the repository (GitHub's \
           default CodeQL setup, secret scanning push protection, Dependabot alerts) are not \
           visible and are not counted. Low, medium at stages A and due diligence.",
    why: "Automatic scanners catch the common mistakes for free on every change; investors \
          and enterprise customers will ask whether you run them, and a security policy tells \
          whoever finds a hole how to reach you before they publish it.",
    how_to_fix: "Add a static analysis job (GitHub's CodeQL or Semgrep), a dependency audit \
                 (Dependabot security updates, `npm audit`, `pip-audit`, `osv-scanner`, `cargo \
                 deny`), secret scanning (gitleaks in CI or as a pre-commit hook), and a \
                 `SECURITY.md` saying how to report a vulnerability (an address such as \
                 `security@yourcompany.com` or GitHub private vulnerability reporting).",
    options: "None.",
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Category {
    Sast,
    Dependencies,
    Secrets,
    Policy,
}

impl Category {
    const ALL: [Category; 4] = [
        Category::Sast,
        Category::Dependencies,
        Category::Secrets,
        Category::Policy,
    ];

    fn label(self) -> &'static str {
        match self {
            Category::Sast => "static analysis (SAST)",
            Category::Dependencies => "dependency audit",
            Category::Secrets => "secret scanning",
            Category::Policy => "security policy",
        }
    }
}

/// Tools by category: (name, expression on a command or configuration line).
const TOOLS: &[(Category, &str, &str)] = &[
    (
        Category::Sast,
        "CodeQL",
        r"github/codeql-action/(?:init|analyze|autobuild)\b|\bcodeql\s+database\b",
    ),
    (Category::Sast, "Semgrep", r"\bsemgrep\b"),
    (Category::Sast, "Bandit", r"\bbandit\b"),
    (Category::Sast, "gosec", r"\bgosec\b"),
    (Category::Sast, "Brakeman", r"\bbrakeman\b"),
    (
        Category::Sast,
        "SonarQube/SonarCloud",
        r"(?i)sonarsource/|sonarcloud|sonarqube|sonar-scanner|\bsonar:sonar\b",
    ),
    (Category::Sast, "njsscan", r"\bnjsscan\b"),
    (Category::Sast, "Psalm taint analysis", r"--taint-analysis"),
    (Category::Sast, "Checkov", r"\bcheckov\b"),
    (Category::Sast, "tfsec", r"\btfsec\b"),
    (Category::Sast, "KICS", r"\bkics\b"),
    (Category::Sast, "zizmor", r"\bzizmor\b"),
    (
        Category::Sast,
        "GitLab SAST",
        r"Security/SAST\.gitlab-ci\.yml|Jobs/SAST",
    ),
    (
        Category::Dependencies,
        "npm audit",
        r"\b(?:npm|yarn|pnpm|bun)\s+audit\b",
    ),
    (Category::Dependencies, "pip-audit", r"\bpip-audit\b"),
    (
        Category::Dependencies,
        "Safety",
        r"\bsafety\s+(?:check|scan)\b|pyupio/safety",
    ),
    (Category::Dependencies, "osv-scanner", r"\bosv-scanner\b"),
    (Category::Dependencies, "Trivy", r"\btrivy\b"),
    (Category::Dependencies, "Snyk", r"(?i)\bsnyk\b"),
    (Category::Dependencies, "Grype", r"\bgrype\b"),
    (
        Category::Dependencies,
        "OWASP Dependency-Check",
        r"org\.owasp[.:]dependency-check|dependency-check/Dependency-Check_Action|dependency-check\.sh|dependencyCheckAnalyze",
    ),
    (
        Category::Dependencies,
        "cargo audit / cargo deny",
        r"\bcargo[- ](?:audit|deny)\b|rustsec/audit-check|EmbarkStudios/cargo-deny-action",
    ),
    (Category::Dependencies, "govulncheck", r"\bgovulncheck\b"),
    (
        Category::Dependencies,
        "bundler-audit",
        r"\bbundler?-audit\b|\bbundle\s+audit\b",
    ),
    (
        Category::Dependencies,
        "composer audit",
        r"\bcomposer\s+audit\b",
    ),
    (
        Category::Dependencies,
        "GitLab dependency scanning",
        r"Dependency-Scanning\.gitlab-ci\.yml",
    ),
    (
        Category::Dependencies,
        "dependency review",
        r"actions/dependency-review-action",
    ),
    (Category::Secrets, "gitleaks", r"(?i)\bgitleaks\b"),
    (Category::Secrets, "TruffleHog", r"(?i)\btrufflehog\b"),
    (Category::Secrets, "detect-secrets", r"\bdetect-secrets\b"),
    (Category::Secrets, "ggshield", r"\bggshield\b"),
    (Category::Secrets, "git-secrets", r"\bgit-secrets\b"),
    (Category::Secrets, "Talisman", r"(?i)\btalisman\b"),
    (
        Category::Secrets,
        "GitLab secret detection",
        r"Secret-Detection\.gitlab-ci\.yml",
    ),
];

/// Configuration files that show a tool is set up: (file name or path suffix, category, tool).
const CONFIG_FILES: &[(&str, Category, &str)] = &[
    (".semgrep.yml", Category::Sast, "Semgrep"),
    (".semgrep.yaml", Category::Sast, "Semgrep"),
    (".semgrepignore", Category::Sast, "Semgrep"),
    (
        "sonar-project.properties",
        Category::Sast,
        "SonarQube/SonarCloud",
    ),
    (".bandit", Category::Sast, "Bandit"),
    (".github/codeql/codeql-config.yml", Category::Sast, "CodeQL"),
    (
        ".github/dependabot.yml",
        Category::Dependencies,
        "Dependabot",
    ),
    (
        ".github/dependabot.yaml",
        Category::Dependencies,
        "Dependabot",
    ),
    ("renovate.json", Category::Dependencies, "Renovate"),
    ("renovate.json5", Category::Dependencies, "Renovate"),
    (".renovaterc", Category::Dependencies, "Renovate"),
    (".renovaterc.json", Category::Dependencies, "Renovate"),
    (".github/renovate.json", Category::Dependencies, "Renovate"),
    (".github/renovate.json5", Category::Dependencies, "Renovate"),
    ("osv-scanner.toml", Category::Dependencies, "osv-scanner"),
    ("deny.toml", Category::Dependencies, "cargo deny"),
    (".snyk", Category::Dependencies, "Snyk"),
    (".gitleaks.toml", Category::Secrets, "gitleaks"),
    (".gitleaksignore", Category::Secrets, "gitleaks"),
    (".secrets.baseline", Category::Secrets, "detect-secrets"),
    (".gitguardian.yaml", Category::Secrets, "ggshield"),
    (".gitguardian.yml", Category::Secrets, "ggshield"),
    (".talismanrc", Category::Secrets, "Talisman"),
];

static COMPILED: LazyLock<Vec<(Category, &'static str, Regex)>> = LazyLock::new(|| {
    TOOLS
        .iter()
        .map(|(c, name, re)| (*c, *name, Regex::new(re).expect("valid tool pattern")))
        .collect()
});

static CONTACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}|https?://\S+|/security/advisories|private vulnerability reporting|report a vulnerability")
        .expect("valid contact pattern")
});

/// Whether a kept document is a CI definition or a file of commands run by hand or by CI.
fn is_tool_source(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    is_github_workflow(path)
        || is_github_action(path)
        || is_gitlab_ci(path)
        || lower.starts_with(".circleci/")
        || lower.starts_with(".buildkite/")
        || matches!(
            name,
            "jenkinsfile"
                | "azure-pipelines.yml"
                | "bitbucket-pipelines.yml"
                | ".travis.yml"
                | ".drone.yml"
                | ".woodpecker.yml"
                | "cloudbuild.yaml"
                | "buildspec.yml"
                | "appveyor.yml"
                | "codemagic.yaml"
                | "bitrise.yml"
                | ".pre-commit-config.yaml"
                | ".pre-commit-config.yml"
                | "makefile"
                | "justfile"
                | "package.json"
        )
}

/// Whether a line is a comment in YAML, shell, Groovy or make syntax.
fn is_comment(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('#') || t.starts_with("//")
}

/// The policy file's path if one is kept at the root, in `.github/` or in `docs/`.
fn policy_paths<'a>(a: &'a Analysis<'_>) -> Vec<&'a str> {
    a.facts
        .inventory
        .documents
        .keys()
        .filter(|p| {
            let lower = p.to_ascii_lowercase();
            matches!(
                lower.as_str(),
                "security.md" | ".github/security.md" | "docs/security.md"
            )
        })
        .map(String::as_str)
        .collect()
}

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let inv = &a.facts.inventory;
    if inv.product_code() == 0 {
        return;
    }
    // category → (tool → where it was seen)
    let mut found: BTreeMap<Category, BTreeMap<&str, (String, Option<u32>)>> = BTreeMap::new();
    for (path, _) in inv.documents.iter().filter(|(p, _)| is_tool_source(p)) {
        let Some(text) = inv.document_text(path) else {
            continue;
        };
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !is_comment(l)) {
            // a trailing comment (`# zizmor: ignore[…]`) names a tool without running it
            let line = line.split(" #").next().unwrap_or(line);
            for (category, tool, re) in COMPILED.iter() {
                if re.is_match(line) {
                    found
                        .entry(*category)
                        .or_default()
                        .entry(tool)
                        .or_insert((path.clone(), Some(i as u32 + 1)));
                }
            }
        }
    }
    for f in &inv.files {
        let lower = f.path.to_ascii_lowercase();
        for (suffix, category, tool) in CONFIG_FILES {
            let matches = if suffix.contains('/') {
                lower == *suffix
            } else {
                lower.rsplit('/').next() == Some(suffix)
            };
            if matches {
                found
                    .entry(*category)
                    .or_default()
                    .entry(tool)
                    .or_insert((f.path.clone(), None));
            }
        }
    }
    let mut policy_without_contact = None;
    for path in policy_paths(a) {
        let has_contact = inv
            .document_text(path)
            .is_some_and(|t| CONTACT.is_match(&t));
        if has_contact {
            found
                .entry(Category::Policy)
                .or_default()
                .insert("SECURITY.md", (path.to_string(), None));
        } else {
            policy_without_contact = Some(path.to_string());
        }
    }
    report(a, e, &found, policy_without_contact.as_deref());
}

fn report(
    a: &Analysis<'_>,
    e: &mut Emitter<'_>,
    found: &BTreeMap<Category, BTreeMap<&str, (String, Option<u32>)>>,
    policy_without_contact: Option<&str>,
) {
    let missing: Vec<Category> = Category::ALL
        .into_iter()
        .filter(|c| found.get(c).is_none_or(BTreeMap::is_empty))
        .collect();
    if missing.is_empty() {
        return;
    }
    let mut missing_text: Vec<String> = missing
        .iter()
        .map(|c| match (c, policy_without_contact) {
            (Category::Policy, Some(p)) => format!("security policy (`{p}` gives no contact)"),
            _ => c.label().to_string(),
        })
        .collect();
    if missing_text.len() > 1 {
        let last = missing_text.pop().unwrap_or_default();
        missing_text = vec![format!("{} and {last}", missing_text.join(", "))];
    }
    let mut evidence = Vec::new();
    let mut found_text = Vec::new();
    for (category, tools) in found {
        let names: Vec<String> = tools
            .iter()
            .map(|(tool, (path, line))| {
                evidence.push(
                    match line {
                        Some(l) => Evidence::line(path, *l),
                        None => Evidence::file(path),
                    }
                    .with_note(format!("{}: {tool}", category.label())),
                );
                format!("{tool} in `{path}`")
            })
            .collect();
        found_text.push(format!("{}: {}", category.label(), names.join(", ")));
    }
    if let Some(p) = policy_without_contact {
        evidence.push(Evidence::file(p).with_note("security policy without a contact"));
    }
    let severity = if matches!(a.context.stage, Stage::Scale | Stage::DueDiligence) {
        Severity::Medium
    } else {
        Severity::Low
    };
    let message = format!(
        "No {} in the repository's workflow; found: {}",
        missing_text.join(""),
        if found_text.is_empty() {
            "nothing".to_string()
        } else {
            found_text.join("; ")
        }
    );
    let key: Vec<&str> = missing.iter().map(|c| c.label()).collect();
    e.report_summary(severity, message, evidence, &key.join(", "));
}
