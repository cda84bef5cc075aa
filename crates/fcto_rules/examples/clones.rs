//! Prints every clone pair fcto finds in a repository and the production files it compared, for
//! checking the clone detector against other tools (`bench/jscpd_comparison.py` runs jscpd on
//! the same files): `cargo run --release -p fcto_rules --example clones -- PATH`.
//!
//! Tab-separated lines:
//! `file PATH CODE_LINES DUPLICATED_LINES` for every file compared,
//! `code PATH LINE:KIND.KIND...,...` the lines of each holding code, with their tokens' kinds,
//! `test PATH START END` for the Rust tests inside them (left out of the comparison), then
//! `pair PATH START END PATH START END TOKENS` for every clone pair, longest first.
#![allow(clippy::print_stdout, clippy::print_stderr, clippy::exit)] // A developer tool printing to the terminal.

use fcto_facts::analysis::test_code::inline_tests;
use fcto_facts::{CollectOptions, collect};
use fcto_model::CompanyContext;
use fcto_rules::{Analysis, AnalysisOptions};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: clones PATH");
        std::process::exit(2);
    };
    let facts = match collect(
        std::path::Path::new(&path),
        &CollectOptions {
            rev: None,
            history: false,
            syntax: true,
            ..CollectOptions::default()
        },
    ) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let context = CompanyContext::default();
    let analysis = Analysis::new(&facts, &context, 0, AnalysisOptions::default());
    let d = &analysis.duplication;
    for (path, f) in &d.files {
        println!("file\t{path}\t{}\t{}", f.code_lines, f.duplicated_lines);
    }
    for (path, syntax) in &facts.inventory.syntax {
        if !d.files.contains_key(path) {
            continue;
        }
        let language = facts
            .inventory
            .file(path)
            .and_then(|f| f.language.as_deref())
            .unwrap_or_default();
        let mut lines: Vec<(u32, Vec<String>)> = Vec::new();
        for t in &syntax.tokens {
            match lines.last_mut() {
                Some((line, kinds)) if *line == t.line => kinds.push(t.kind.to_string()),
                _ => lines.push((t.line, vec![t.kind.to_string()])),
            }
        }
        let lines: Vec<String> = lines
            .iter()
            .map(|(l, kinds)| format!("{l}:{}", kinds.join(".")))
            .collect();
        println!("code\t{path}\t{}", lines.join(","));
        for f in inline_tests(language, syntax) {
            println!("test\t{path}\t{}\t{}", f.start_line, f.end_line);
        }
    }
    for p in &d.pairs {
        println!(
            "pair\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            p.first.path,
            p.first.start_line,
            p.first.end_line,
            p.second.path,
            p.second.start_line,
            p.second.end_line,
            p.tokens
        );
    }
}
