//! SEC-15: injection-prone code: SQL, shell commands and `eval` built from strings, and unsafe
//! deserialisation.

use super::pattern_groups::{hit_lines, product_hits, report_hits};
use crate::{Analysis, Emitter};
use fcto_facts::code_patterns::{Pattern, PatternHit};
use fcto_model::{RuleDocs, Severity};
use std::collections::{BTreeMap, BTreeSet, HashSet};

pub const DOCS: RuleDocs = RuleDocs {
    what: "Looks for database queries, shell commands and evaluated code built from strings, \
           with patterns for JavaScript/TypeScript, Python, PHP, Ruby, Go, Java/Kotlin, C# and \
           Rust. Two levels of confidence. Critical: request data (`req.query`, `req.body`, \
           `request.args`, `$_GET`, `$request->`, `params[...]`, `r.URL.Query()`) is visibly \
           concatenated or interpolated into the SQL, the shell command, `eval`/`new Function`, \
           or passed to `pickle.loads`/`yaml.load`/`unserialize`, in the same expression. High, \
           to review: an SQL statement built with an f-string, `%`, `.format()`, `+`, a \
           template string, `fmt.Sprintf(\"...%s\")`, `format!` or `#{}` and passed to the \
           database, or a shell command built the same way (`os.system(f\"...\")`, \
           `shell=True`, `exec(`...${x}`)`), where fcto cannot see where the variable comes \
           from. Parameterised queries (`?`, `$1`, `%s` with a separate argument list) and \
           tagged templates (`` sql`...${x}` ``, Prisma's `$queryRaw`) are safe and not \
           reported. Tests, examples and docs are left out; `eval` on values that are not \
           visibly request data is not reported (too common in tooling to be useful). One \
           finding per file and kind of sink, listing the lines.",
    why: "These patterns let an attacker turn a form field or a URL into commands against your \
          database or servers: reading every customer's data, deleting it, or taking over the \
          machine.",
    how_to_fix: "Pass values to the database as parameters (`?`/`$1` placeholders, the ORM's \
                 query builder), never by building the SQL text; for identifiers (column, \
                 sort order) pick from a fixed list. Run programs with an argument list \
                 (`subprocess.run([...])`, `execFile`) instead of a shell. Replace `eval` with a \
                 parser, `pickle`/`yaml.load` with JSON or `yaml.safe_load`. For findings to \
                 review, check where each variable comes from: if a user can influence it, it \
                 is an injection.",
    options: "None.",
};

const RULE: &str = "SEC015";

/// What a sink does, from the pattern id's first word.
fn sink_of(id: &str) -> &'static str {
    match id.split('-').next() {
        Some("sql") => "SQL query",
        Some("shell") => "shell command",
        Some("eval") => "evaluated code",
        _ => "deserialisation",
    }
}

/// A hit to drop: a shell command whose argument is escaped for the shell
/// (`escapeshellarg`), or YAML read with a safe loader named on the same line.
fn is_guarded(hit: &PatternHit) -> bool {
    let text = hit.text.to_ascii_lowercase();
    text.contains("escapeshell") || text.contains("safeloader")
}

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let hits: Vec<(&PatternHit, &Pattern)> = product_hits(a, RULE)
        .into_iter()
        .filter(|(h, _)| !is_guarded(h))
        .collect();
    // A line with request data reaching a sink is reported once, as critical.
    let critical_lines: HashSet<(&str, u32)> = hits
        .iter()
        .filter(|(_, p)| p.id.ends_with("-request"))
        .map(|(h, _)| (h.path.as_str(), h.line))
        .collect();
    // (path, sink, from request) → hits
    let mut groups: BTreeMap<(&str, &str, bool), Vec<&PatternHit>> = BTreeMap::new();
    for (h, p) in hits {
        let from_request = p.id.ends_with("-request");
        if !from_request && critical_lines.contains(&(h.path.as_str(), h.line)) {
            continue;
        }
        groups
            .entry((h.path.as_str(), sink_of(&p.id), from_request))
            .or_default()
            .push(h);
    }
    for ((path, sink, from_request), found) in groups {
        report(e, path, sink, from_request, &found);
    }
}

fn report(e: &mut Emitter<'_>, path: &str, sink: &str, from_request: bool, found: &[&PatternHit]) {
    let sources: BTreeSet<&str> = found.iter().filter_map(|h| h.value.as_deref()).collect();
    let (severity, message) = if from_request {
        let what = match sink {
            "SQL query" => "SQL built from request data",
            "shell command" => "a shell command built from request data",
            "evaluated code" => "code evaluated from request data",
            _ => "request data deserialised unsafely",
        };
        let via = if sources.is_empty() {
            String::new()
        } else {
            format!(
                " (`{}`)",
                sources.iter().copied().collect::<Vec<_>>().join("`, `")
            )
        };
        (
            Severity::Critical,
            format!(
                "{} in `{path}` ({}): request data{via} reaches the {sink} in the same \
                 expression (high confidence)",
                capitalised(what),
                hit_lines(found)
            ),
        )
    } else {
        (
            Severity::High,
            format!(
                "{} built from variables in `{path}` ({}), to review: fcto cannot see whether \
                 a user controls them (medium confidence)",
                if sink == "SQL query" {
                    "An SQL query".to_string()
                } else {
                    capitalised(&format!("a {sink}"))
                },
                hit_lines(found)
            ),
        )
    };
    let prefix = format!("{sink}|{from_request}");
    report_hits(e, severity, message, path, &prefix, found);
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}
