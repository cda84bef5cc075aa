//! SEC-05: libraries with known vulnerabilities.

use crate::components::date;
use crate::{Analysis, Emitter};
use fcto_facts::deps::osv::{Advisory, AdvisoryKind, Level};
use fcto_facts::deps::version::{Scheme, Version};
use fcto_facts::deps::{Package, Relation};
use fcto_facts::stack::is_auxiliary_path;
use fcto_model::{Evidence, RuleDocs, Severity};
use std::cmp::Ordering;
use std::collections::BTreeMap;

pub const DOCS: RuleDocs = RuleDocs {
    what: "Reads the exact versions in the lockfiles (package-lock.json v1-v3, npm-shrinkwrap, \
           yarn.lock classic and berry, pnpm-lock.yaml, bun.lock, poetry.lock, uv.lock, \
           Pipfile.lock, pinned requirements*.txt, Cargo.lock, go.mod, Gemfile.lock, \
           composer.lock, gradle.lockfile, pom.xml's declared versions, packages.lock.json, \
           mix.lock, pubspec.lock) and matches them against OSV advisories with each ecosystem's \
           own version order (npm semver, PEP 440, Cargo semver, Go module versions, RubyGems, \
           Maven, Composer, NuGet, Hex, Pub), honouring `introduced`, `fixed`, `last_affected` \
           and `limit` events, merging records that are aliases of each other (GHSA, PYSEC, CVE) \
           and skipping withdrawn ones. One finding per package version, with every advisory, its \
           rating, the version that fixes it and where the package is locked. Severity: a \
           malicious package is critical; a critical or high advisory in a production dependency \
           is high, medium stays medium, low stays low, an unrated one counts as medium; \
           development-only packages and lockfiles of examples, docs or tests rank one step \
           lower; RustSec's unmaintained and unsound notices are low. Needs advisory data: \
           `fcto db update` downloads it, `--osv-db PATH` reads a local folder or zip of OSV \
           records; without either the report says the check did not run. Advisories the \
           project ignores in osv-scanner's `osv-scanner.toml` (beside the lockfile, else at the \
           root: `[[IgnoredVulns]]` by id or alias with `ignoreUntil`, `[[PackageOverrides]]` \
           with `ignore`) leave the finding; a package whose every advisory is ignored is listed \
           with the accepted findings, with the file's reasons.",
    why: "Attackers scan for products that use libraries with published holes; these are the \
          cheapest attacks to run against you, and the first thing a technical due diligence \
          looks for.",
    how_to_fix: "Upgrade each package to the version named (for a transitive package, upgrade the \
                 direct dependency that pulls it in, or add an override/resolution), regenerate \
                 the lockfile, and run the tests. Remove a malicious package at once and rotate \
                 every credential the machines that installed it could reach. Turn on automated \
                 dependency updates (Dependabot, Renovate) so fixes arrive as pull requests.",
    options: "None.",
};

/// A package version as reported: every lockfile place that holds it.
struct Locked<'a> {
    package: &'a Package,
    places: Vec<&'a Package>,
    advisories: Vec<&'a Advisory>,
}

mod ignores;

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let Some(deps) = &a.facts.dependencies else {
        return;
    };
    let Some(found) = &deps.advisories else {
        return;
    };
    // One finding per (ecosystem, name, version), with every lockfile that locks it.
    let mut by_version: BTreeMap<(String, &str, &str), Locked<'_>> = BTreeMap::new();
    for (&i, advisories) in &found.matches {
        let Some(package) = deps.packages.get(i) else {
            continue;
        };
        let key = (
            package.ecosystem.osv_name().to_string(),
            package.name.as_str(),
            package.version.as_str(),
        );
        by_version
            .entry(key)
            .or_insert_with(|| Locked {
                package,
                places: Vec::new(),
                advisories: advisories.iter().collect(),
            })
            .places
            .push(package);
    }
    let today = date(a.as_of);
    let mut configs: BTreeMap<String, Option<(String, fcto_facts::deps::osv_scanner::Ignores)>> =
        BTreeMap::new();
    for ((ecosystem, name, version), mut locked) in by_version {
        let config = configs
            .entry(locked.package.file.clone())
            .or_insert_with(|| ignores::for_lockfile(a, &locked.package.file))
            .as_ref();
        // Advisories the project's osv-scanner.toml ignores, with the reasons.
        let mut ignored: Vec<(&Advisory, String)> = Vec::new();
        if let Some((_, rules)) = config {
            locked.advisories.retain(|advisory| {
                match rules.reason(locked.package, advisory, &today) {
                    Some(reason) => {
                        ignored.push((advisory, reason));
                        false
                    }
                    None => true,
                }
            });
        }
        let key = format!("{ecosystem} {name} {version}");
        let mut evidence = places(&locked, name, version);
        if locked.advisories.is_empty() {
            // Everything is ignored: reported as accepted, with the file's reasons.
            let Some((path, _)) = config else { continue };
            locked.advisories = ignored.iter().map(|(a, _)| *a).collect();
            evidence.extend(advisory_evidence(&locked));
            let mut reasons: Vec<String> = ignored.into_iter().map(|(_, r)| r).collect();
            reasons.dedup();
            e.report_accepted(
                severity(&locked),
                message(&locked),
                evidence,
                &key,
                fcto_model::Acceptance {
                    how: path.clone(),
                    reason: reasons.join("; "),
                },
            );
            continue;
        }
        evidence.extend(advisory_evidence(&locked));
        if let Some((path, _)) = config {
            for (advisory, reason) in &ignored {
                evidence.push(
                    Evidence::file(path.as_str())
                        .with_note(format!("{} ignored here: {reason}", advisory.id)),
                );
            }
        }
        e.report_with(severity(&locked), message(&locked), evidence, &key);
    }
}

/// Where the version is locked, at most five places.
fn places(locked: &Locked<'_>, name: &str, version: &str) -> Vec<Evidence> {
    locked
        .places
        .iter()
        .take(5)
        .map(|p| {
            let how = relation(p);
            match p.line {
                Some(line) => Evidence::line(&p.file, line),
                None => Evidence::file(&p.file),
            }
            .with_note(format!("{name} {version} locked here ({how})"))
        })
        .collect()
}

/// One piece of evidence per advisory, at the package's lockfile line.
fn advisory_evidence(locked: &Locked<'_>) -> Vec<Evidence> {
    let (file, line) = (&locked.package.file, locked.package.line);
    locked
        .advisories
        .iter()
        .take(20)
        .map(|advisory| {
            match line {
                Some(l) => Evidence::line(file, l),
                None => Evidence::file(file),
            }
            .with_note(describe(advisory))
        })
        .collect()
}

fn relation(p: &Package) -> String {
    let relation = match p.relation {
        Relation::Direct => "direct dependency",
        Relation::Transitive => "pulled in by another package",
        Relation::Unknown => "dependency",
    };
    if p.dev {
        format!("{relation}, development only")
    } else {
        relation.to_string()
    }
}

/// The finding's severity from the worst advisory, lowered for development-only packages and
/// for lockfiles of examples, docs and tests.
fn severity(locked: &Locked<'_>) -> Severity {
    if locked
        .advisories
        .iter()
        .any(|a| a.kind == AdvisoryKind::Malicious)
    {
        return Severity::Critical;
    }
    let worst = locked
        .advisories
        .iter()
        .filter(|a| a.kind == AdvisoryKind::Vulnerability)
        .map(|a| a.level)
        .max();
    let base = match worst {
        None => return Severity::Low, // only unmaintained/unsound notices
        Some(Level::Critical | Level::High) => Severity::High,
        Some(Level::Medium | Level::Unrated) => Severity::Medium,
        Some(Level::Low) => Severity::Low,
    };
    let production = locked
        .places
        .iter()
        .any(|p| !p.dev && !is_auxiliary_path(&p.file));
    if production {
        base
    } else {
        match base {
            Severity::High => Severity::Medium,
            _ => Severity::Low,
        }
    }
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Critical => "critical",
        Level::High => "high",
        Level::Medium => "medium",
        Level::Low => "low",
        Level::Unrated => "unrated",
    }
}

/// One advisory in a line: id, rating, summary, fix and where to read more.
fn describe(a: &Advisory) -> String {
    let kind = match a.kind {
        AdvisoryKind::Vulnerability => level_name(a.level).to_string(),
        AdvisoryKind::Malicious => "malicious package".to_string(),
        AdvisoryKind::Unmaintained => "unmaintained".to_string(),
        AdvisoryKind::Unsound => "unsound".to_string(),
        AdvisoryKind::Notice => "notice".to_string(),
    };
    let mut text = format!("{} ({kind}", a.id);
    if let Some(score) = a.score {
        text.push_str(&format!(", CVSS {score:.1}"));
    }
    text.push(')');
    if !a.summary.is_empty() {
        text.push_str(&format!(": {}", a.summary.trim()));
    }
    let cves: Vec<&str> = a
        .aliases
        .iter()
        .filter(|x| x.starts_with("CVE-"))
        .map(String::as_str)
        .collect();
    if !cves.is_empty() {
        text.push_str(&format!(" [{}]", cves.join(", ")));
    }
    match &a.fixed_in {
        Some(v) => text.push_str(&format!("; fixed in {v}")),
        None => text.push_str("; no fixed version published"),
    }
    text.push_str(&format!("; {}", a.url));
    text
}

fn message(locked: &Locked<'_>) -> String {
    let p = locked.package;
    let list = &locked.advisories;
    let vulnerabilities = list
        .iter()
        .filter(|a| a.kind == AdvisoryKind::Vulnerability)
        .count();
    let head = format!(
        "`{}` {} ({}, {})",
        p.name,
        p.version,
        p.ecosystem.osv_name(),
        relation(p)
    );
    if list.iter().any(|a| a.kind == AdvisoryKind::Malicious) {
        let ids: Vec<&str> = list.iter().map(|a| a.id.as_str()).collect();
        return format!(
            "{head} is a known malicious package ({}): remove it and rotate every credential the \
             machines that installed it could reach",
            ids.join(", ")
        );
    }
    if vulnerabilities == 0 {
        let notes: Vec<String> = list
            .iter()
            .map(|a| {
                let what = match a.kind {
                    AdvisoryKind::Unmaintained => "is no longer maintained",
                    AdvisoryKind::Unsound => "has a soundness issue",
                    _ => "has an advisory notice",
                };
                format!("{what} ({} {})", a.id, a.summary.trim())
            })
            .collect();
        return format!("{head} {}", notes.join("; and "));
    }
    let rated: Vec<Level> = list
        .iter()
        .filter(|a| a.kind == AdvisoryKind::Vulnerability && a.level != Level::Unrated)
        .map(|a| a.level)
        .collect();
    let first = list
        .iter()
        .find(|a| a.kind == AdvisoryKind::Vulnerability)
        .unwrap_or(&list[0]);
    let mut text = if vulnerabilities == 1 {
        let level = if first.level == Level::Unrated {
            String::new()
        } else {
            format!("{} ", level_name(first.level))
        };
        format!(
            "{head} has a known {level}vulnerability: {} {}",
            first.id,
            first.summary.trim()
        )
    } else {
        let worst = match rated.iter().max() {
            Some(level) => format!(", the worst {}", level_name(*level)),
            None => " (none rated by its database)".to_string(),
        };
        format!(
            "{head} has {vulnerabilities} known vulnerabilities{worst}: {} {}",
            first.id,
            first.summary.trim()
        )
    };
    let fixes: Vec<&str> = list
        .iter()
        .filter(|a| a.kind == AdvisoryKind::Vulnerability)
        .filter_map(|a| a.fixed_in.as_deref())
        .collect();
    let unfixed = vulnerabilities - fixes.len();
    let scheme = Scheme::Ecosystem(p.ecosystem);
    let highest = fixes.iter().copied().max_by(|a, b| {
        match (Version::parse(scheme, a), Version::parse(scheme, b)) {
            (Some(x), Some(y)) => x.compare(&y).unwrap_or(Ordering::Equal),
            _ => a.cmp(b),
        }
    });
    match (highest, unfixed) {
        (Some(v), 0) if vulnerabilities == 1 => text.push_str(&format!("; fixed in {v}")),
        (Some(v), 0) => text.push_str(&format!("; upgrading to {v} fixes all of them")),
        (Some(v), n) => text.push_str(&format!(
            "; upgrading to {v} fixes {} of them, {n} have no fixed version yet",
            fixes.len()
        )),
        (None, _) => text.push_str("; no fixed version is published yet"),
    }
    text
}

#[cfg(test)]
mod tests {
    use crate::testing::{World, run_rule};
    use fcto_facts::deps::osv::{Advisories, Advisory, AdvisoryKind, Level};
    use fcto_facts::deps::{Dependencies, Ecosystem, Package, Relation};
    use fcto_model::{CompanyContext, Severity};

    fn package(name: &str, version: &str, file: &str, dev: bool) -> Package {
        Package {
            ecosystem: Ecosystem::Npm,
            name: name.to_string(),
            version: version.to_string(),
            relation: if dev {
                Relation::Direct
            } else {
                Relation::Transitive
            },
            dev,
            file: file.to_string(),
            line: Some(12),
        }
    }

    fn advisory(id: &str, level: Level, fixed: Option<&str>) -> Advisory {
        Advisory {
            id: id.to_string(),
            aliases: vec!["CVE-2021-23337".to_string()],
            summary: format!("{id} summary"),
            kind: if id.starts_with("MAL-") {
                AdvisoryKind::Malicious
            } else {
                AdvisoryKind::Vulnerability
            },
            level,
            score: Some(7.2),
            rated_by: None,
            fixed_in: fixed.map(str::to_string),
            url: format!("https://github.com/advisories/{id}"),
            published: None,
        }
    }

    fn world(packages: Vec<Package>, matches: Vec<(usize, Vec<Advisory>)>) -> World {
        let mut w = World::new();
        w.dependencies = Some(Dependencies {
            packages,
            advisories: Some(Advisories {
                records_read: 10,
                matches: matches.into_iter().collect(),
                ..Advisories::default()
            }),
            ..Dependencies::default()
        });
        w
    }

    fn run(w: World) -> Vec<fcto_model::Finding> {
        run_rule("SEC005", &w.facts(), &CompanyContext::default())
    }

    #[test]
    fn reports_each_vulnerable_version_with_its_fix() {
        let w = world(
            vec![
                package("lodash", "4.17.20", "package-lock.json", false),
                package("lodash", "4.17.20", "web/yarn.lock", false),
                package("express", "4.19.2", "package-lock.json", false),
            ],
            vec![
                (
                    0,
                    vec![
                        advisory("GHSA-35jh-r3h4-6jhm", Level::High, Some("4.17.21")),
                        advisory("GHSA-29mw-wpgm-hmr9", Level::Medium, Some("4.17.21")),
                    ],
                ),
                (
                    1,
                    vec![advisory(
                        "GHSA-35jh-r3h4-6jhm",
                        Level::High,
                        Some("4.17.21"),
                    )],
                ),
            ],
        );
        let found = run(w);
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        assert_eq!(f.severity, Severity::High);
        assert!(f.message.starts_with("`lodash` 4.17.20 (npm, pulled in by another package) has 2 known vulnerabilities, the worst high: GHSA-35jh-r3h4-6jhm"), "{}", f.message);
        assert!(
            f.message
                .ends_with("upgrading to 4.17.21 fixes all of them"),
            "{}",
            f.message
        );
        // Both lockfiles, then each advisory.
        assert_eq!(f.evidence[0].location(), "package-lock.json:12");
        assert_eq!(f.evidence[1].location(), "web/yarn.lock:12");
        let notes: Vec<&str> = f
            .evidence
            .iter()
            .filter_map(|e| e.note.as_deref())
            .collect();
        assert!(notes.iter().any(|n| n.starts_with("GHSA-35jh-r3h4-6jhm (high, CVSS 7.2): GHSA-35jh-r3h4-6jhm summary [CVE-2021-23337]; fixed in 4.17.21;")), "{notes:?}");
    }

    #[test]
    fn development_only_and_example_packages_rank_lower() {
        let w = world(
            vec![
                package("mocha", "8.0.0", "package-lock.json", true),
                package(
                    "minimist",
                    "1.2.0",
                    "examples/demo/package-lock.json",
                    false,
                ),
            ],
            vec![
                (0, vec![advisory("GHSA-1", Level::Critical, None)]),
                (1, vec![advisory("GHSA-2", Level::Medium, Some("1.2.6"))]),
            ],
        );
        let found = run(w);
        let by_name = |n: &str| found.iter().find(|f| f.message.contains(n)).unwrap();
        assert_eq!(by_name("mocha").severity, Severity::Medium);
        assert!(
            by_name("mocha")
                .message
                .contains("no fixed version is published yet")
        );
        assert_eq!(by_name("minimist").severity, Severity::Low);
        assert!(by_name("minimist").message.ends_with("; fixed in 1.2.6"));
    }

    #[test]
    fn osv_scanner_ignores_remove_advisories_and_accept_what_is_left_of_nothing() {
        let mut w = world(
            vec![
                package("lodash", "4.17.20", "web/package-lock.json", false),
                package("minimist", "1.2.0", "web/package-lock.json", false),
            ],
            vec![
                (
                    0,
                    vec![
                        advisory("GHSA-35jh-r3h4-6jhm", Level::High, Some("4.17.21")),
                        advisory("GHSA-29mw-wpgm-hmr9", Level::Medium, Some("4.17.21")),
                    ],
                ),
                (
                    1,
                    vec![advisory(
                        "GHSA-vh95-rmgr-6w4m",
                        Level::Medium,
                        Some("1.2.3"),
                    )],
                ),
            ],
        );
        w.inventory.documents.insert(
            "web/osv-scanner.toml".to_string(),
            b"[[IgnoredVulns]]\nid = \"GHSA-29mw-wpgm-hmr9\"\nreason = \"no user input reaches it\"\n\n\
              [[IgnoredVulns]]\nid = \"GHSA-vh95-rmgr-6w4m\"\nreason = \"build script only\"\n"
                .to_vec(),
        );
        let found = run(w);
        assert_eq!(found.len(), 2, "{found:#?}");
        let lodash = found.iter().find(|f| f.message.contains("lodash")).unwrap();
        assert!(lodash.accepted.is_none());
        assert!(
            lodash
                .message
                .contains("has a known high vulnerability: GHSA-35jh-r3h4-6jhm"),
            "{}",
            lodash.message
        );
        assert!(
            lodash
                .evidence
                .iter()
                .any(|e| e.location() == "web/osv-scanner.toml"
                    && e.note.as_deref()
                        == Some("GHSA-29mw-wpgm-hmr9 ignored here: no user input reaches it"))
        );
        let minimist = found
            .iter()
            .find(|f| f.message.contains("minimist"))
            .unwrap();
        let accepted = minimist.accepted.as_ref().expect("accepted");
        assert_eq!(accepted.how, "web/osv-scanner.toml");
        assert_eq!(accepted.reason, "build script only");
    }

    #[test]
    fn malicious_packages_are_critical() {
        let w = world(
            vec![package("event-stream", "3.3.6", "package-lock.json", true)],
            vec![(0, vec![advisory("MAL-2018-1", Level::Critical, None)])],
        );
        let found = run(w);
        assert_eq!(found[0].severity, Severity::Critical);
        assert!(
            found[0]
                .message
                .contains("is a known malicious package (MAL-2018-1)")
        );
    }

    #[test]
    fn no_matches_no_findings_and_no_data_no_run() {
        let clean = world(
            vec![package("express", "4.19.2", "package-lock.json", false)],
            vec![],
        );
        assert!(run(clean).is_empty());
        let mut no_data = World::new();
        no_data.dependencies = Some(Dependencies {
            packages: vec![package("lodash", "4.17.20", "package-lock.json", false)],
            advisories_unavailable: Some("none was downloaded".to_string()),
            ..Dependencies::default()
        });
        assert!(run(no_data).is_empty());
    }
}
