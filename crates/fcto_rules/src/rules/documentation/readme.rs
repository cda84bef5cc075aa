//! DOC-01: the README does not explain how to run the product.

use crate::analysis::staleness;
use crate::components::date;
use crate::{Analysis, Emitter};
use fcto_model::{Evidence, RuleDocs, Severity};
use regex::Regex;
use std::sync::LazyLock;

pub const DOCS: RuleDocs = RuleDocs {
    what: "Reads the root README. High when there is none. Otherwise reports: fewer than \
           `min_lines` non-empty lines; no heading about setup/installation, running, tests, \
           deployment or configuration; untouched framework boilerplate (Create React App, \
           Next.js, Vite, Rails templates); commands in code blocks that do not resolve \
           (`npm run x` without an `x` script in the root package.json, `make x` without an `x` \
           target in the root Makefile); a README unchanged for 12 months while more than 200 \
           commits landed.",
    why: "If the README can't get a new developer running, every hire or contractor costs days \
          of someone else's time.",
    how_to_fix: "Write the README a new developer needs: what the product is, how to install and \
                 run it locally, how to run the tests, how it is configured (environment \
                 variables) and how it is deployed. Check every command in it still works.",
    options: "`min_lines` (default 30) non-empty lines.",
};

const TOPICS: &[(&str, &[&str])] = &[
    (
        "setup or installation",
        &[
            "install",
            "setup",
            "set up",
            "getting started",
            "prerequisite",
            "requirement",
            "quick start",
            "quickstart",
            "bootstrap",
        ],
    ),
    (
        "running it",
        &[
            "run",
            "usage",
            "start",
            "develop",
            "local",
            "serve",
            "getting started",
            "quick start",
            "quickstart",
        ],
    ),
    ("tests", &["test"]),
    (
        "deployment",
        &["deploy", "release", "production", "hosting", "publish"],
    ),
    (
        "configuration",
        &[
            "config",
            "environment",
            "env",
            "settings",
            "variable",
            "secrets",
        ],
    ),
];

static BOILERPLATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"This project was bootstrapped with \[Create React App\]|",
        r"This is a \[Next\.js\]\(https://nextjs\.org\) project bootstrapped with|",
        r"This README would normally document whatever steps are necessary|",
        r"React \+ TypeScript \+ Vite|",
        r"# Getting Started with Create React App|",
        r"This template provides a minimal setup to get React working in Vite"
    ))
    .expect("valid regex")
});
static NPM_RUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)\b(?:npm run|yarn run|pnpm run|bun run)\s+([A-Za-z0-9:_-]+)")
        .expect("valid regex")
});
static MAKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^\s*(?:\$\s*)?make\s+([A-Za-z0-9_-]+)").expect("valid regex")
});
static KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""([^"]+)"\s*:"#).expect("valid regex"));
static MAKE_TARGET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^([A-Za-z0-9_.-]+)\s*:").expect("valid regex"));

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let inv = &a.facts.inventory;
    let readme = inv
        .files
        .iter()
        .filter(|f| !f.path.contains('/') && f.path.to_ascii_lowercase().starts_with("readme"))
        .min_by_key(|f| {
            (
                !f.path.to_ascii_lowercase().ends_with(".md"),
                f.path.clone(),
            )
        });
    let Some(readme) = readme else {
        e.report_with(
            Severity::High,
            "No README at the root of the repository",
            Vec::new(),
            "readme-missing",
        );
        return;
    };
    let path = readme.path.clone();
    let text = inv
        .document_text(&path)
        .map(std::borrow::Cow::into_owned)
        .unwrap_or_default();
    let mut problems = Vec::new();
    let mut evidence = vec![Evidence::file(&path)];

    let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
    let min_lines = e.option("min_lines") as usize;
    if lines < min_lines {
        problems.push(format!("only {lines} non-empty lines"));
    }
    let headings: Vec<String> = text
        .lines()
        .filter(|l| l.trim_start().starts_with('#'))
        .map(|l| l.trim_start_matches(['#', ' ']).to_lowercase())
        .collect();
    let missing: Vec<&str> = TOPICS
        .iter()
        .filter(|(_, words)| !headings.iter().any(|h| words.iter().any(|w| h.contains(w))))
        .map(|(topic, _)| *topic)
        .collect();
    if !missing.is_empty() {
        problems.push(format!("no section on {}", missing.join(", ")));
    }
    if let Some(m) = BOILERPLATE.find(&text) {
        problems.push("it is still the framework's template text".to_string());
        let line = text[..m.start()].lines().count().max(1) as u32;
        evidence.push(Evidence::line(&path, line).with_note("template text"));
    }
    if let Some(pkg) = inv.document_text("package.json") {
        let scripts = package_scripts(&pkg);
        for cap in NPM_RUN.captures_iter(&text) {
            let script = &cap[1];
            if !scripts.iter().any(|s| s == script) {
                let line = text[..cap.get(0).map_or(0, |m| m.start())]
                    .lines()
                    .count()
                    .max(1) as u32;
                problems.push(format!(
                    "`npm run {script}` has no `{script}` script in package.json"
                ));
                evidence.push(Evidence::line(&path, line).with_note(format!("npm run {script}")));
            }
        }
    }
    let makefile = inv
        .document_text("Makefile")
        .or_else(|| inv.document_text("makefile"));
    if let Some(mk) = makefile {
        let targets: Vec<&str> = MAKE_TARGET
            .captures_iter(&mk)
            .filter_map(|c| c.get(1))
            .map(|m| m.as_str())
            .collect();
        for cap in MAKE.captures_iter(&text) {
            let target = &cap[1];
            if !targets.contains(&target) {
                let line = text[..cap.get(0).map_or(0, |m| m.start())]
                    .lines()
                    .count()
                    .max(1) as u32;
                problems.push(format!(
                    "`make {target}` has no `{target}` target in the Makefile"
                ));
                evidence.push(Evidence::line(&path, line).with_note(format!("make {target}")));
            }
        }
    }
    if let Some(history) = a.history()
        && let Some(s) = staleness(history, |p| p == path)
        && s.stale(history, 200)
    {
        problems.push(format!(
            "unchanged since {} while {} commits landed",
            date(s.last_change),
            s.commits_since
        ));
    }
    if problems.is_empty() {
        return;
    }
    e.report(
        format!(
            "The README does not explain how to run the product: {}",
            problems.join("; ")
        ),
        evidence,
        "readme",
    );
}

/// The script names of a package.json, without a JSON dependency in this crate: the keys of
/// the `"scripts"` object.
fn package_scripts(text: &str) -> Vec<String> {
    let Some(start) = text.find("\"scripts\"") else {
        return Vec::new();
    };
    let rest = &text[start..];
    let Some(open) = rest.find('{') else {
        return Vec::new();
    };
    let mut depth = 0;
    let mut end = rest.len();
    for (i, c) in rest[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    end = open + i;
                    break;
                }
            }
            _ => {}
        }
    }
    KEY.captures_iter(&rest[open..end])
        .map(|c| c[1].to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_script_names() {
        let pkg = r#"{"name":"x","scripts":{"dev":"next dev","test:unit":"vitest"},"dependencies":{"next":"1"}}"#;
        assert_eq!(super::package_scripts(pkg), vec!["dev", "test:unit"]);
    }
}
