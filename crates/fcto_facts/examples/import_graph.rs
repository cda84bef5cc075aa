//! Prints a repository's import graph as fcto resolves it, for checking resolution against
//! other tools (`madge --json`, `pydeps`): `cargo run -p fcto_facts --example import_graph --
//! PATH [--edges] [--external] [--unresolved]`; the directory cycles are always printed.
#![allow(clippy::print_stdout, clippy::print_stderr, clippy::exit)] // A developer tool printing to the terminal.

use fcto_facts::analysis::imports::ImportGraph;
use fcto_facts::inventory::{InventoryOptions, read_inventory};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: import_graph PATH [--edges] [--external] [--unresolved]");
        std::process::exit(2);
    };
    let repo = fcto_facts::Repository::open(std::path::Path::new(path), None).expect("repository");
    let inventory = read_inventory(&repo, &InventoryOptions::default()).expect("inventory");
    let started = std::time::Instant::now();
    let graph = ImportGraph::build(&inventory);
    let resolved_in = started.elapsed();
    let flag = |f: &str| args.iter().any(|a| a == f);
    if flag("--edges") {
        for e in &graph.edges {
            println!("edge {}:{} -> {}", e.from, e.line, e.to);
        }
    }
    if flag("--external") {
        for x in &graph.external {
            println!("external {}:{} {}", x.from, x.line, x.module);
        }
    }
    if flag("--unresolved") {
        for x in &graph.unresolved {
            println!("unresolved {}:{} {}", x.from, x.line, x.module);
        }
    }
    println!(
        "{} edges, {} external, {} unresolved (resolved in {resolved_in:.2?})",
        graph.edges.len(),
        graph.external.len(),
        graph.unresolved.len()
    );
    for c in graph.directory_cycles() {
        println!("cycle {}", c.members.join(" "));
        for e in &c.closing {
            println!(
                "  closes {} -> {} ({} imports, e.g. {}:{})",
                e.from, e.to, e.imports, e.example.0, e.example.1
            );
        }
    }
}
