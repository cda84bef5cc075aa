//! Accuracy of the secret scanner on a generated, labelled corpus (`fcto_testkit::secret_corpus`):
//! realistic secrets of 40-odd kinds and decoys (hashes, UUIDs, lockfile integrity strings,
//! public keys, publishable keys, placeholders, environment references) over files, commits, a
//! side branch and removals. A finding is matched to a label by value; a finding on a decoy or
//! on nothing planted is a false positive, a planted secret not found a false negative. Allowed
//! matches (`gitleaks:allow`) do not count. Targets: recall >= 95 %, precision >= 90 %.
#![allow(clippy::print_stdout)] // the figures are the point of this test

use fcto_facts::Repository;
use fcto_facts::inventory::{InventoryOptions, read_inventory};
use fcto_facts::secrets::{RuleSet, Severity, scan_history};
use fcto_testkit::Fixture;
use fcto_testkit::secret_corpus::{Label, SEED, build};
use std::collections::{BTreeMap, BTreeSet};

/// A finding and a label's value are the same string, or one holds the other (a rule reporting
/// a whole URL where the label is its password, or a PEM block's part).
fn overlaps(finding: &str, value: &str) -> bool {
    finding == value
        || (value.len() >= 8 && finding.contains(value))
        || (finding.len() >= 8 && value.contains(finding))
}

#[derive(Debug, Default)]
struct Score {
    findings: usize,
    true_positives: usize,
    /// kind → examples (rule, finding) of false positives
    false_positives: BTreeMap<String, Vec<(String, String)>>,
    found: BTreeSet<String>,
    test_mode_findings: usize,
    /// Findings reported as low: test-mode credentials and low-severity rules.
    low_findings: usize,
    low_true_positives: usize,
}

impl Score {
    /// Scores one finding against the labels; `at` (path, line) only says which decoy a false
    /// positive is, when several hold it.
    fn add<'a>(
        &mut self,
        finding: (&str, &str, bool, bool),
        at: (&str, u32),
        labels: impl Iterator<Item = &'a Label> + Clone,
    ) {
        let (rule, secret, test_mode, low) = finding;
        self.findings += 1;
        if test_mode {
            self.test_mode_findings += 1;
        }
        if low {
            self.low_findings += 1;
        }
        let secrets: Vec<&Label> = labels
            .clone()
            .filter(|l| l.is_secret && overlaps(secret, &l.value))
            .collect();
        if secrets.is_empty() {
            let mut decoys: Vec<&Label> = labels
                .filter(|l| !l.is_secret && overlaps(secret, &l.value))
                .collect();
            decoys.sort_by_key(|l| (!(l.path == at.0 && l.line == at.1), l.value != secret));
            let kind = decoys
                .first()
                .map_or_else(|| "(not planted)".to_string(), |l| l.kind.clone());
            self.false_positives
                .entry(kind)
                .or_default()
                .push((rule.to_string(), secret.to_string()));
        } else {
            self.true_positives += 1;
            if low {
                self.low_true_positives += 1;
            }
            self.found.extend(secrets.iter().map(|l| l.value.clone()));
        }
    }

    /// Precision over the findings not reported as low.
    fn precision_not_low(&self) -> f64 {
        let n = self.findings - self.low_findings;
        if n == 0 {
            1.0
        } else {
            (self.true_positives - self.low_true_positives) as f64 / n as f64
        }
    }

    fn precision(&self) -> f64 {
        if self.findings == 0 {
            1.0
        } else {
            self.true_positives as f64 / self.findings as f64
        }
    }
}

fn short(s: &str) -> String {
    let first = s.lines().next().unwrap_or("");
    if first.len() > 60 {
        format!("{}…", &first[..60])
    } else {
        first.to_string()
    }
}

fn recall(found: &BTreeSet<String>, wanted: &BTreeSet<&String>) -> f64 {
    wanted.iter().filter(|v| found.contains(**v)).count() as f64 / wanted.len() as f64
}

fn report(title: &str, score: &Score, wanted: &BTreeSet<&String>, labels: &[Label]) {
    println!(
        "{title}: recall {:.1}% ({}/{}), precision {:.1}% ({}/{} findings, {} test-mode, {} low; {:.1}% without the low ones)",
        100.0 * recall(&score.found, wanted),
        wanted.iter().filter(|v| score.found.contains(**v)).count(),
        wanted.len(),
        100.0 * score.precision(),
        score.true_positives,
        score.findings,
        score.test_mode_findings,
        score.low_findings,
        100.0 * score.precision_not_low()
    );
    let mut missed: BTreeMap<&str, Vec<&Label>> = BTreeMap::new();
    for l in labels
        .iter()
        .filter(|l| l.is_secret && wanted.contains(&l.value))
    {
        if !score.found.contains(&l.value) {
            missed.entry(l.kind.as_str()).or_default().push(l);
        }
    }
    for (kind, ls) in &missed {
        println!(
            "  missed {kind} x{}: e.g. {}:{} {}",
            ls.len(),
            ls[0].path,
            ls[0].line,
            short(&ls[0].value)
        );
    }
    for (kind, fps) in &score.false_positives {
        println!(
            "  false positive on {kind} x{}: e.g. [{}] {}",
            fps.len(),
            fps[0].0,
            short(&fps[0].1)
        );
    }
}

#[test]
fn the_scanner_finds_the_planted_secrets_and_not_the_decoys() {
    let mut f = Fixture::new();
    let corpus = build(&mut f, SEED);
    let labels = &corpus.labels;
    let kinds: BTreeSet<&str> = corpus.secrets().map(|l| l.kind.as_str()).collect();
    let decoy_kinds: BTreeSet<&str> = corpus.decoys().map(|l| l.kind.as_str()).collect();
    let all_secrets: BTreeSet<&String> = corpus.secrets().map(|l| &l.value).collect();
    let head_secrets: BTreeSet<&String> = corpus
        .secrets()
        .filter(|l| l.in_head())
        .map(|l| &l.value)
        .collect();
    println!(
        "corpus: {} secrets ({} unique, {} in HEAD, {} only in history) of {} kinds, {} decoys of {} kinds, {} commits",
        corpus.secrets().count(),
        all_secrets.len(),
        head_secrets.len(),
        all_secrets.len() - head_secrets.len(),
        kinds.len(),
        corpus.decoys().count(),
        decoy_kinds.len(),
        corpus.commits.len()
    );

    let rules = RuleSet::builtin();
    let repo = Repository::open(f.path(), None).unwrap();
    let low =
        |rule: usize, test_mode: bool| test_mode || rules.rules[rule].severity == Severity::Low;

    // the tree of HEAD, as an assessment reads it
    let inventory = read_inventory(
        &repo,
        &InventoryOptions {
            syntax: false,
            secrets: Some(rules),
            ..InventoryOptions::default()
        },
    )
    .unwrap();
    let mut tree = Score::default();
    for s in inventory.secrets.iter().filter(|s| !s.allowed) {
        tree.add(
            (
                &rules.rules[s.rule].id,
                &s.secret,
                s.test_mode,
                low(s.rule, s.test_mode),
            ),
            (&s.path, s.line),
            labels.iter().filter(|l| l.in_head() && l.path == s.path),
        );
    }

    // every blob of every ref
    let history = scan_history(&repo, rules).unwrap();
    let mut hist = Score::default();
    for s in &history.secrets {
        hist.add(
            (
                &rules.rules[s.rule].id,
                &s.secret,
                s.test_mode,
                low(s.rule, s.test_mode),
            ),
            (&s.path, s.line),
            labels.iter(),
        );
    }

    // both, by unique value
    let mut combined = Score::default();
    let mut seen = BTreeSet::new();
    let all = inventory
        .secrets
        .iter()
        .filter(|s| !s.allowed)
        .map(|s| {
            (
                s.rule,
                s.secret.clone(),
                s.test_mode,
                s.path.clone(),
                s.line,
            )
        })
        .chain(history.secrets.iter().map(|s| {
            (
                s.rule,
                s.secret.clone(),
                s.test_mode,
                s.path.clone(),
                s.line,
            )
        }));
    for (rule, secret, test_mode, path, line) in all {
        if seen.insert(secret.clone()) {
            combined.add(
                (
                    &rules.rules[rule].id,
                    &secret,
                    test_mode,
                    low(rule, test_mode),
                ),
                (&path, line),
                labels.iter(),
            );
        }
    }

    report("fcto tree (HEAD)", &tree, &head_secrets, labels);
    report("fcto history (all refs)", &hist, &all_secrets, labels);
    report("fcto tree + history", &combined, &all_secrets, labels);

    let r = recall(&combined.found, &all_secrets);
    let p = combined.precision();
    assert!(r >= 0.95, "recall {:.1}% below 95%", 100.0 * r);
    assert!(p >= 0.90, "precision {:.1}% below 90%", 100.0 * p);
}
