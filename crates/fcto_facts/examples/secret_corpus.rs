//! Writes the generated secret corpus (`fcto_testkit::secret_corpus`) as a git repository in
//! DIR, its labels as JSON, and optionally fcto's findings on it, unmasked (the secrets are
//! generated, none is real), for comparing scanners (`bench/secret_corpus.py`):
//!
//! `cargo run --release -p fcto_facts --example secret_corpus -- DIR [--labels FILE]
//! [--findings FILE] [--seed N]`
//!
//! The labels go to `DIR/../labels.json` unless `--labels` says otherwise.
#![allow(clippy::print_stdout, clippy::print_stderr, clippy::exit)] // A developer tool printing to the terminal.

use fcto_facts::Repository;
use fcto_facts::inventory::{InventoryOptions, read_inventory};
use fcto_facts::secrets::{RuleSet, scan_history};
use fcto_testkit::Fixture;
use fcto_testkit::secret_corpus::{SEED, build};
use std::path::{Path, PathBuf};

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

fn usage() -> ! {
    eprintln!("usage: secret_corpus DIR [--labels FILE] [--findings FILE] [--seed N]");
    std::process::exit(2);
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir: Option<PathBuf> = None;
    let mut labels_path: Option<PathBuf> = None;
    let mut findings_path: Option<PathBuf> = None;
    let mut seed = SEED;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--labels" => labels_path = Some(args.next().unwrap_or_else(|| usage()).into()),
            "--findings" => findings_path = Some(args.next().unwrap_or_else(|| usage()).into()),
            "--seed" => {
                seed = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_else(|| usage());
            }
            _ if dir.is_none() && !a.starts_with("--") => dir = Some(a.into()),
            _ => usage(),
        }
    }
    let Some(dir) = dir else { usage() };
    if dir.exists() && std::fs::read_dir(&dir).is_ok_and(|mut d| d.next().is_some()) {
        eprintln!("{} exists and is not empty", dir.display());
        std::process::exit(2);
    }

    let mut f = Fixture::new();
    let corpus = build(&mut f, seed);
    copy_dir(f.path(), &dir).expect("copy the corpus");
    let labels_path = labels_path.unwrap_or_else(|| {
        let abs = std::path::absolute(&dir).expect("absolute path");
        abs.parent().unwrap_or(Path::new(".")).join("labels.json")
    });
    std::fs::write(&labels_path, corpus.labels_json()).expect("write the labels");
    let kinds: std::collections::BTreeSet<&str> =
        corpus.secrets().map(|l| l.kind.as_str()).collect();
    println!(
        "corpus in {}: {} secrets of {} kinds, {} decoys, {} commits; labels in {}",
        dir.display(),
        corpus.secrets().count(),
        kinds.len(),
        corpus.decoys().count(),
        corpus.commits.len(),
        labels_path.display()
    );

    let Some(findings_path) = findings_path else {
        return;
    };
    let rules = RuleSet::builtin();
    let repo = Repository::open(&dir, None).expect("repository");
    let inventory = read_inventory(
        &repo,
        &InventoryOptions {
            syntax: false,
            secrets: Some(rules),
            ..InventoryOptions::default()
        },
    )
    .expect("inventory");
    let tree: Vec<serde_json::Value> = inventory
        .secrets
        .iter()
        .map(|s| {
            let rule = &rules.rules[s.rule];
            serde_json::json!({
                "rule": rule.id,
                "severity": rule.severity,
                "path": s.path,
                "line": s.line,
                "secret": s.secret,
                "test_mode": s.test_mode,
                "allowed": s.allowed,
            })
        })
        .collect();
    let history = scan_history(&repo, rules).expect("history");
    let hist: Vec<serde_json::Value> = history
        .secrets
        .iter()
        .map(|s| {
            let rule = &rules.rules[s.rule];
            serde_json::json!({
                "rule": rule.id,
                "severity": rule.severity,
                "path": s.path,
                "line": s.line,
                "paths": s.paths,
                "commit": s.commit,
                "in_head": s.in_head,
                "secret": s.secret,
                "test_mode": s.test_mode,
            })
        })
        .collect();
    let out = serde_json::json!({ "tree": tree, "history": hist });
    std::fs::write(
        &findings_path,
        serde_json::to_string_pretty(&out).expect("json"),
    )
    .expect("write the findings");
    println!(
        "fcto: {} findings in the tree, {} in the history; in {}",
        tree.len(),
        hist.len(),
        findings_path.display()
    );
}
