//! Times the secret scan of a repository's history (every blob reachable from any ref, each
//! once) and prints what it found, masked: `cargo run --release -p fcto_facts --example
//! secret_scan -- PATH`.
#![allow(clippy::print_stdout, clippy::print_stderr, clippy::exit)] // A developer tool printing to the terminal.

use fcto_facts::secrets::{RuleSet, mask, scan_history};
use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: secret_scan PATH");
        std::process::exit(2);
    };
    let repo = fcto_facts::Repository::open(std::path::Path::new(&path), None).expect("repository");
    let rules = RuleSet::builtin();
    let start = Instant::now();
    let history = scan_history(&repo, rules).expect("history");
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{} commits, {} blobs scanned ({:.1} MB; {} binary, {} large, {} missing) in {seconds:.2} s",
        history.commits,
        history.blobs_scanned,
        history.bytes_scanned as f64 / 1e6,
        history.blobs_binary,
        history.blobs_large,
        history.blobs_missing
    );
    for s in &history.secrets {
        println!(
            "{} {} {}:{} {} {}{}",
            rules.rules[s.rule].id,
            mask(&s.secret),
            s.path,
            s.line,
            &s.commit[..10],
            s.author_name,
            if s.in_head { " (in HEAD)" } else { "" }
        );
    }
}
