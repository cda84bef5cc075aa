//! `fcto functions`: every function of the repository with its size and complexity, as a
//! table, CSV or JSON, sorted and filtered, to decide what to refactor.

use crate::args::{CountingArg, FunctionSort, FunctionsArgs, ListFormat};
use crate::assess::UsageError;
use crate::output;
use anyhow::Result;
use fcto_facts::inventory::{InventoryOptions, read_inventory};
use fcto_facts::syntax::Counting;
use fcto_facts::{RepoKind, Repository, enclosing_repository};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One row of the listing; the JSON array holds these.
#[derive(Debug, Serialize)]
struct Row<'a> {
    path: &'a str,
    language: &'a str,
    name: &'a str,
    start_line: u32,
    end_line: u32,
    code_lines: u32,
    parameters: u32,
    cyclomatic: u32,
    cognitive: u32,
    nesting: u32,
}

fn usage(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UsageError(message.into()))
}

/// The repository to read and the part of it asked for: a subfolder or a file of a work tree
/// is listed with paths relative to the repository's root.
fn resolve(path: &Path) -> Result<(PathBuf, Option<String>)> {
    let canonical = path.canonicalize().map_err(|e| {
        usage(format!(
            "`{}` cannot be read ({e}); give a repository, a folder or a file in one",
            path.display()
        ))
    })?;
    let root = if canonical.join(".git").exists() {
        Some(canonical.clone())
    } else {
        enclosing_repository(&canonical)
    };
    match root {
        Some(root) if root != canonical => {
            let relative = canonical
                .strip_prefix(&root)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            Ok((root, Some(relative)))
        }
        Some(root) => Ok((root, None)),
        None if canonical.is_file() => {
            let parent = canonical.parent().unwrap_or(&canonical).to_path_buf();
            let name = canonical
                .file_name()
                .map(|n| n.to_string_lossy().to_string());
            Ok((parent, name))
        }
        None => Ok((canonical, None)),
    }
}

fn within(path: &str, scope: Option<&str>) -> bool {
    match scope {
        None | Some("") => true,
        Some(s) => {
            path == s || (path.starts_with(s) && path.as_bytes().get(s.len()) == Some(&b'/'))
        }
    }
}

pub fn run(args: &FunctionsArgs) -> Result<()> {
    let (root, scope) = resolve(&args.path)?;
    let repo = Repository::open(&root, args.rev.as_deref()).map_err(|e| usage(e.to_string()))?;
    if repo.kind == RepoKind::Bare && repo.commit.is_none() {
        return Err(usage(format!(
            "`{}` has no commits, so no files",
            root.display()
        )));
    }
    let options = InventoryOptions {
        counting: match args.count {
            CountingArg::Fcto => Counting::Fcto,
            CountingArg::Lizard => Counting::Lizard,
        },
        ..InventoryOptions::default()
    };
    let inventory = read_inventory(&repo, &options).map_err(|e| usage(e.to_string()))?;
    let scope = scope.as_deref();
    if let Some(s) = scope
        && !inventory.files.iter().any(|f| within(&f.path, Some(s)))
    {
        return Err(usage(format!(
            "`{s}` is not a file fcto reads in `{}` (ignored, or not in the commit read)",
            root.display()
        )));
    }
    if args.parsed_files {
        let mut list = String::new();
        for path in inventory.syntax.keys().filter(|p| within(p, scope)) {
            list.push_str(path);
            list.push('\n');
        }
        return output::stdout(&list).map_err(Into::into);
    }
    let language_filter: Vec<String> = args.language.iter().map(|l| l.to_lowercase()).collect();
    let mut rows = Vec::new();
    let mut with_errors = Vec::new();
    for (path, syntax) in &inventory.syntax {
        if !within(path, scope) {
            continue;
        }
        let language = inventory
            .file(path)
            .and_then(|f| f.language.as_deref())
            .unwrap_or_default();
        if !language_filter.is_empty() && !language_filter.contains(&language.to_lowercase()) {
            continue;
        }
        if syntax.parse_errors > 0 {
            with_errors.push((path.as_str(), syntax.first_error_line.unwrap_or(0)));
        }
        for f in &syntax.functions {
            if f.cyclomatic < args.min_cyclomatic
                || f.cognitive < args.min_cognitive
                || f.code_lines < args.min_lines
            {
                continue;
            }
            rows.push(Row {
                path,
                language,
                name: &f.name,
                start_line: f.start_line,
                end_line: f.end_line,
                code_lines: f.code_lines,
                parameters: f.parameters,
                cyclomatic: f.cyclomatic,
                cognitive: f.cognitive,
                nesting: f.nesting,
            });
        }
    }
    sort(&mut rows, args.sort);
    if let Some(limit) = args.limit {
        rows.truncate(limit);
    }
    let text = match args.format {
        ListFormat::Json => serde_json::to_string_pretty(&rows)? + "\n",
        ListFormat::Csv => csv(&rows),
        ListFormat::Table => table(&rows),
    };
    output::stdout(&text)?;
    if !with_errors.is_empty() {
        let shown: Vec<String> = with_errors
            .iter()
            .take(5)
            .map(|(p, l)| format!("{p}:{l}"))
            .collect();
        output::status(&format!(
            "note: {} file(s) did not parse cleanly ({}{}); their functions around the errors are listed",
            with_errors.len(),
            shown.join(", "),
            if with_errors.len() > 5 { ", ..." } else { "" }
        ));
    }
    Ok(())
}

/// Numbers sort largest first; path and name alphabetically. Ties keep path and line order.
fn sort(rows: &mut [Row<'_>], by: FunctionSort) {
    rows.sort_by(|a, b| {
        let key = |r: &Row<'_>| match by {
            FunctionSort::Cyclomatic => r.cyclomatic,
            FunctionSort::Cognitive => r.cognitive,
            FunctionSort::Lines => r.code_lines,
            FunctionSort::Parameters => r.parameters,
            FunctionSort::Nesting => r.nesting,
            FunctionSort::Path | FunctionSort::Name => 0,
        };
        let order = match by {
            FunctionSort::Name => a.name.cmp(b.name),
            _ => key(b).cmp(&key(a)),
        };
        order.then_with(|| (a.path, a.start_line).cmp(&(b.path, b.start_line)))
    });
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv(rows: &[Row<'_>]) -> String {
    let mut out = String::from(
        "path,language,name,start_line,end_line,code_lines,parameters,cyclomatic,cognitive,nesting\n",
    );
    for r in rows {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{}",
            csv_field(r.path),
            csv_field(r.language),
            csv_field(r.name),
            r.start_line,
            r.end_line,
            r.code_lines,
            r.parameters,
            r.cyclomatic,
            r.cognitive,
            r.nesting
        );
    }
    out
}

fn table(rows: &[Row<'_>]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:>5} {:>5} {:>5} {:>5} {:>6}  {:<40} LOCATION",
        "CYCLO", "COGN", "NEST", "PARAM", "LINES", "FUNCTION"
    );
    for r in rows {
        let mut name = r.name.to_string();
        if name.chars().count() > 40 {
            name = name.chars().take(39).collect::<String>() + "…";
        }
        let _ = writeln!(
            out,
            "{:>5} {:>5} {:>5} {:>5} {:>6}  {:<40} {}:{}-{}",
            r.cyclomatic,
            r.cognitive,
            r.nesting,
            r.parameters,
            r.code_lines,
            name,
            r.path,
            r.start_line,
            r.end_line
        );
    }
    let _ = writeln!(
        out,
        "\n{} function(s). CYCLO: cyclomatic complexity; COGN: cognitive complexity; NEST: deepest nesting; LINES: code lines.",
        rows.len()
    );
    out
}
