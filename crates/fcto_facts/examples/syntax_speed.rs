//! Single-threaded throughput of the syntax pass on the code files of a repository: tree-sitter's
//! parse alone, then parse and walk (`syntax::analyse`), in MB/s of source per core. The parse
//! is the floor under fcto's cost: `cargo run --release -p fcto_facts --example syntax_speed --
//! PATH [ROUNDS]`.
#![allow(clippy::print_stdout, clippy::print_stderr, clippy::exit)] // A developer tool printing to the terminal.

use fcto_facts::inventory::{InventoryOptions, read_inventory};
use fcto_facts::syntax;
use std::collections::BTreeMap;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: syntax_speed PATH [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: u32 = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(3);
    let repo = fcto_facts::Repository::open(std::path::Path::new(path), None).expect("repository");
    let inventory = read_inventory(
        &repo,
        &InventoryOptions {
            syntax: true,
            ..InventoryOptions::default()
        },
    )
    .expect("inventory");
    // The files fcto parses, read once into memory so only parsing is timed.
    let mut files: Vec<(String, String)> = Vec::new();
    for p in inventory.syntax.keys() {
        let language = inventory
            .file(p)
            .and_then(|f| f.language.clone())
            .unwrap_or_default();
        if let Ok(text) = std::fs::read_to_string(repo.root.join(p)) {
            files.push((language, text));
        }
    }
    let mut bytes: BTreeMap<&str, usize> = BTreeMap::new();
    for (language, text) in &files {
        *bytes.entry(language.as_str()).or_default() += text.len();
    }
    let total: usize = bytes.values().sum();
    let best = |f: &dyn Fn()| {
        (0..rounds)
            .map(|_| {
                let started = Instant::now();
                f();
                started.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    let parse = best(&|| {
        for (language, text) in &files {
            syntax::parse_only(language, text);
        }
    });
    let analyse = best(&|| {
        for (language, text) in &files {
            let _ = syntax::analyse(language, text);
        }
    });
    println!(
        "{} files, {:.0} KiB ({})",
        files.len(),
        total as f64 / 1024.0,
        bytes
            .iter()
            .map(|(l, b)| format!("{l} {} KiB", b / 1024))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "tree-sitter parse alone: {:.3} s, {:.1} MB/s per core",
        parse,
        total as f64 / parse / 1e6
    );
    println!(
        "parse and walk (functions, complexity, tokens, imports, markers): {:.3} s, {:.1} MB/s per core",
        analyse,
        total as f64 / analyse / 1e6
    );
}
