//! Prints a file's syntax tree and the functions fcto reads from it, for writing and checking
//! the language tables in `src/syntax/languages/`:
//! `cargo run -p fcto_facts --example syntax_tree -- LANGUAGE FILE [--tree]`
//! (LANGUAGE is tokei's name: Rust, Python, JavaScript, TypeScript, TSX, Go, ...).
#![allow(clippy::print_stdout, clippy::print_stderr, clippy::exit)] // A developer tool printing to the terminal.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(language), Some(file)) = (args.first(), args.get(1)) else {
        eprintln!("usage: syntax_tree LANGUAGE FILE [--tree]");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(file).expect("readable UTF-8 file");
    if args.iter().any(|a| a == "--tree") {
        print!(
            "{}",
            fcto_facts::syntax::debug_tree(language, &text).expect("a supported language")
        );
    }
    let syntax = fcto_facts::syntax::analyse(language, &text).expect("a supported language");
    println!(
        "parse errors: {} (first at line {:?})",
        syntax.parse_errors, syntax.first_error_line
    );
    for i in &syntax.imports {
        println!(
            "import {}: {} {:?}{}",
            i.line,
            i.module,
            i.names,
            if i.child_module { " (mod)" } else { "" }
        );
    }
    for f in &syntax.functions {
        println!(
            "{}-{} {} code={} params={} cc={} cog={} nest={} cond={} chunks={}",
            f.start_line,
            f.end_line,
            f.name,
            f.code_lines,
            f.parameters,
            f.cyclomatic,
            f.cognitive,
            f.nesting,
            f.condition_operators,
            f.nested_chunks
        );
    }
    for c in &syntax.classes {
        println!(
            "class {} line {}: {} methods, LCOM4 {}",
            c.name, c.line, c.methods, c.lcom4
        );
    }
}
