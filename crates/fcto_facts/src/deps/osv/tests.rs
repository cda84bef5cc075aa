use super::*;
use crate::deps::Relation;

fn package(ecosystem: Ecosystem, name: &str, version: &str) -> Package {
    Package {
        ecosystem,
        name: name.to_string(),
        version: version.to_string(),
        relation: Relation::Direct,
        dev: false,
        file: "lock".to_string(),
        line: Some(1),
    }
}

fn record(id: &str, ecosystem: &str, name: &str, range_type: &str, events: &str) -> String {
    format!(
        r#"{{"id":"{id}","modified":"2026-01-02T00:00:00Z","aliases":[],"summary":"{id} summary",
        "affected":[{{"package":{{"ecosystem":"{ecosystem}","name":"{name}"}},
        "ranges":[{{"type":"{range_type}","events":[{events}]}}]}}]}}"#
    )
}

/// Writes the records as files of a folder and loads them against the packages.
fn load(records: &[String], packages: &[Package]) -> Advisories {
    let dir = tempfile::tempdir().unwrap();
    for (i, r) in records.iter().enumerate() {
        std::fs::write(dir.path().join(format!("r{i}.json")), r).unwrap();
    }
    load_advisories(dir.path(), packages).unwrap()
}

fn ids(a: &Advisories, package: usize) -> Vec<String> {
    a.matches
        .get(&package)
        .map(|l| l.iter().map(|x| x.id.clone()).collect())
        .unwrap_or_default()
}

#[test]
fn fixed_ranges_include_introduced_and_exclude_fixed() {
    let r = record(
        "GHSA-1",
        "npm",
        "lodash",
        "SEMVER",
        r#"{"introduced":"1.0.0"},{"fixed":"1.0.2"},{"introduced":"3.0.0"},{"fixed":"3.2.5"}"#,
    );
    let packages = [
        package(Ecosystem::Npm, "lodash", "0.9.0"),
        package(Ecosystem::Npm, "lodash", "1.0.0"),
        package(Ecosystem::Npm, "lodash", "1.0.2"),
        package(Ecosystem::Npm, "lodash", "2.0.0"),
        package(Ecosystem::Npm, "lodash", "3.1.0"),
        package(Ecosystem::Npm, "lodash", "3.2.5"),
    ];
    let a = load(&[r], &packages);
    let affected: Vec<usize> = a.matches.keys().copied().collect();
    assert_eq!(affected, vec![1, 4]);
    assert_eq!(a.matches[&1][0].fixed_in.as_deref(), Some("1.0.2"));
    assert_eq!(a.matches[&4][0].fixed_in.as_deref(), Some("3.2.5"));
    assert_eq!(a.records_read, 1);
    assert_eq!(a.newest_modified.as_deref(), Some("2026-01-02T00:00:00Z"));
}

#[test]
fn last_affected_includes_itself_and_has_no_fix() {
    let r = record(
        "OSV-2",
        "Maven",
        "com.h2database:h2",
        "ECOSYSTEM",
        r#"{"introduced":"0"},{"last_affected":"2.1.214"}"#,
    );
    let packages = [
        package(Ecosystem::Maven, "com.h2database:h2", "2.1.214"),
        package(Ecosystem::Maven, "com.h2database:h2", "2.2.220"),
    ];
    let a = load(&[r], &packages);
    assert_eq!(ids(&a, 0), vec!["OSV-2"]);
    assert_eq!(a.matches[&0][0].fixed_in, None);
    assert!(ids(&a, 1).is_empty());
}

#[test]
fn limit_events_bound_the_range() {
    let r = record(
        "OSV-3",
        "crates.io",
        "smallvec",
        "SEMVER",
        r#"{"introduced":"0"},{"limit":"2.0.0"}"#,
    );
    let packages = [
        package(Ecosystem::CratesIo, "smallvec", "1.9.0"),
        package(Ecosystem::CratesIo, "smallvec", "2.0.0"),
    ];
    let a = load(&[r], &packages);
    assert_eq!(ids(&a, 0), vec!["OSV-3"]);
    assert!(ids(&a, 1).is_empty());
}

#[test]
fn ecosystem_ranges_use_the_ecosystems_order() {
    // PEP 440: 2.0rc1 comes before 2.0, so a fix in 2.0 leaves the release candidate affected;
    // as strings or SemVer "2.0rc1" would not even parse.
    let py = record(
        "PYSEC-4",
        "PyPI",
        "Django",
        "ECOSYSTEM",
        r#"{"introduced":"0"},{"fixed":"2.0"}"#,
    );
    // RubyGems: 1.0.0.rc1 < 1.0.0.
    let gem = record(
        "GHSA-5",
        "RubyGems",
        "rack",
        "ECOSYSTEM",
        r#"{"introduced":"0"},{"fixed":"1.0.0"}"#,
    );
    let packages = [
        package(Ecosystem::PyPI, "django", "2.0rc1"),
        package(Ecosystem::PyPI, "django", "2.0"),
        package(Ecosystem::RubyGems, "rack", "1.0.0.rc1"),
        package(Ecosystem::RubyGems, "rack", "1.0.0"),
    ];
    let a = load(&[py, gem], &packages);
    assert_eq!(
        ids(&a, 0),
        vec!["PYSEC-4"],
        "Django in the record matches django (PEP 503)"
    );
    assert!(ids(&a, 1).is_empty());
    assert_eq!(ids(&a, 2), vec!["GHSA-5"]);
    assert!(ids(&a, 3).is_empty());
}

#[test]
fn explicit_versions_match_git_only_records() {
    let r = r#"{"id":"OSV-6","modified":"2026-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"PyPI","name":"zope.interface"},
      "ranges":[{"type":"GIT","repo":"https://example.invalid/r","events":[{"introduced":"abc"},{"fixed":"def"}]}],
      "versions":["5.0.0","5.1.0"]}]}"#
        .to_string();
    let packages = [
        package(Ecosystem::PyPI, "zope-interface", "5.1.0"),
        package(Ecosystem::PyPI, "zope-interface", "5.2.0"),
    ];
    let a = load(&[r], &packages);
    assert_eq!(
        ids(&a, 0),
        vec!["OSV-6"],
        "zope.interface is zope-interface"
    );
    assert!(ids(&a, 1).is_empty());
}

#[test]
fn withdrawn_and_unknown_ecosystems_are_skipped_without_failing() {
    let withdrawn = record("GHSA-7", "npm", "ms", "SEMVER", r#"{"introduced":"0"}"#).replacen(
        "\"aliases\"",
        "\"withdrawn\":\"2026-01-01T00:00:00Z\",\"aliases\"",
        1,
    );
    let future = record(
        "NEW-1",
        "SomeFutureEcosystem",
        "ms",
        "ECOSYSTEM",
        r#"{"introduced":"0"}"#,
    );
    let other_name = record("GHSA-8", "npm", "ms-foo", "SEMVER", r#"{"introduced":"0"}"#);
    let a = load(
        &[withdrawn, future, other_name],
        &[package(Ecosystem::Npm, "ms", "2.0.0")],
    );
    assert!(a.matches.is_empty(), "{:?}", a.matches);
    assert_eq!(a.records_read, 3);
}

#[test]
fn aliases_merge_into_one_advisory() {
    let mut ghsa = record(
        "GHSA-9",
        "PyPI",
        "requests",
        "ECOSYSTEM",
        r#"{"introduced":"0"},{"fixed":"2.31.0"}"#,
    );
    ghsa = ghsa
        .replacen(
            "\"aliases\":[]",
            "\"aliases\":[\"CVE-2023-32681\",\"PYSEC-2023-74\"]",
            1,
        )
        .replacen(
            "\"summary\"",
            "\"database_specific\":{\"severity\":\"MODERATE\"},\"summary\"",
            1,
        );
    let pysec = record(
        "PYSEC-2023-74",
        "PyPI",
        "requests",
        "ECOSYSTEM",
        r#"{"introduced":"2.3.0"},{"fixed":"2.31.0"}"#,
    )
    .replacen(
        "\"aliases\":[]",
        "\"aliases\":[\"CVE-2023-32681\",\"GHSA-9\"]",
        1,
    );
    let a = load(
        &[ghsa, pysec],
        &[package(Ecosystem::PyPI, "requests", "2.28.1")],
    );
    let list = &a.matches[&0];
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, "GHSA-9");
    assert_eq!(list[0].aliases, vec!["CVE-2023-32681", "PYSEC-2023-74"]);
    assert_eq!(list[0].level, Level::Medium);
    assert_eq!(list[0].rated_by.as_deref(), Some("GitHub's rating"));
    assert_eq!(list[0].fixed_in.as_deref(), Some("2.31.0"));
}

#[test]
fn rustsec_informational_and_malicious_kinds() {
    let unmaintained = r#"{"id":"RUSTSEC-2020-0163","modified":"2022-08-02T14:03:23Z","affected":[{"package":{"ecosystem":"crates.io","name":"term_size"},
      "database_specific":{"informational":"unmaintained"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0.0.0-0"}]}]}]}"#
        .to_string();
    let malicious = record(
        "MAL-2025-1",
        "npm",
        "evil-pkg",
        "SEMVER",
        r#"{"introduced":"0"}"#,
    );
    let a = load(
        &[unmaintained, malicious],
        &[
            package(Ecosystem::CratesIo, "term_size", "0.3.2"),
            package(Ecosystem::Npm, "evil-pkg", "1.0.0"),
        ],
    );
    assert_eq!(a.matches[&0][0].kind, AdvisoryKind::Unmaintained);
    assert_eq!(a.matches[&1][0].kind, AdvisoryKind::Malicious);
    assert_eq!(a.matches[&1][0].level, Level::Critical);
}

#[test]
fn maven_records_for_other_repositories_still_match() {
    let r = record(
        "GHSA-10",
        "Maven:https://maven.google.com",
        "androidx.work:work-runtime",
        "ECOSYSTEM",
        r#"{"introduced":"0"},{"fixed":"2.1.0"}"#,
    );
    let a = load(
        &[r],
        &[package(
            Ecosystem::Maven,
            "androidx.work:work-runtime",
            "2.0.1",
        )],
    );
    assert_eq!(ids(&a, 0), vec!["GHSA-10"]);
}

#[test]
fn zip_archives_are_read() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("all.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..50 {
        zip.start_file(format!("GHSA-{i}.json"), options).unwrap();
        let name = if i == 17 { "express" } else { "other" };
        zip.write_all(
            record(
                &format!("GHSA-{i}"),
                "npm",
                name,
                "SEMVER",
                r#"{"introduced":"0"},{"fixed":"4.19.2"}"#,
            )
            .as_bytes(),
        )
        .unwrap();
    }
    zip.finish().unwrap();
    let a = load_advisories(&path, &[package(Ecosystem::Npm, "express", "4.17.1")]).unwrap();
    assert_eq!(a.records_read, 50);
    assert_eq!(ids(&a, 0), vec!["GHSA-17"]);
    assert!(a.ecosystems.contains(&Ecosystem::Npm));
}

#[test]
fn an_empty_or_missing_source_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        load_advisories(dir.path(), &[])
            .unwrap_err()
            .contains("no OSV records")
    );
    assert!(
        load_advisories(&dir.path().join("missing"), &[])
            .unwrap_err()
            .contains("cannot be read")
    );
}

#[test]
fn cvss3_scores_match_first_calculator() {
    // Scores from FIRST's CVSS v3.1 calculator.
    let cases = [
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
        ("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:N/A:N", 6.8),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1),
        ("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8),
        ("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0),
        ("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0),
    ];
    for (vector, expected) in cases {
        assert_eq!(cvss3_base_score(vector), Some(expected), "{vector}");
    }
    assert_eq!(
        cvss3_base_score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"),
        None
    );
    assert_eq!(cvss3_base_score("CVSS:3.1/AV:N"), None);
}

#[test]
fn notices_of_different_kinds_stay_apart_despite_shared_aliases() {
    // RustSec's `failure` crate: an unmaintained notice and a soundness advisory naming the same
    // CVEs; cargo-audit reports both.
    let notice = |id: &str, kind: &str| {
        format!(
            r#"{{"id":"{id}","modified":"2022-01-01T00:00:00Z","aliases":["CVE-2019-25010"],"affected":[{{"package":{{"ecosystem":"crates.io","name":"failure"}},
            "database_specific":{{"informational":"{kind}"}},"ranges":[{{"type":"SEMVER","events":[{{"introduced":"0.0.0-0"}}]}}]}}]}}"#
        )
    };
    let a = load(
        &[
            notice("RUSTSEC-2020-0036", "unmaintained"),
            notice("RUSTSEC-2019-0036", "unsound"),
        ],
        &[package(Ecosystem::CratesIo, "failure", "0.1.8")],
    );
    let mut kinds: Vec<(String, AdvisoryKind)> = a.matches[&0]
        .iter()
        .map(|x| (x.id.clone(), x.kind))
        .collect();
    kinds.sort();
    assert_eq!(
        kinds,
        vec![
            ("RUSTSEC-2019-0036".to_string(), AdvisoryKind::Unsound),
            ("RUSTSEC-2020-0036".to_string(), AdvisoryKind::Unmaintained)
        ]
    );
}
