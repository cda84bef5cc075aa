//! SEC-20: backend-as-a-service data open to the internet (Firebase security rules, Supabase
//! row level security).

use super::pattern_groups::{collapsed, product_hits};
use crate::{Analysis, Emitter};
use fcto_facts::code_patterns::{Pattern, PatternHit};
use fcto_model::{Evidence, RuleDocs, Severity};
use std::collections::BTreeMap;

pub const DOCS: RuleDocs = RuleDocs {
    what: "Reads Firebase security rules (`firestore.rules`, `storage.rules`, any `.rules` \
           file), Realtime Database rules (`database.rules.json`) and Supabase SQL (files under \
           a `supabase/` folder: migrations, schemas, seeds). Critical: an `allow` with no \
           condition or `if true` that permits writing, or reading under a catch-all path \
           (`match /{document=**}`); Firebase's test-mode rules (`if request.time < \
           timestamp.date(...)`), open to everyone until a date; `\".read\": true` or \
           `\".write\": true` at the root of the Realtime Database; tables created in the \
           `public` schema without `alter table ... enable row level security` anywhere in the \
           Supabase SQL (or with it disabled again later, in file and line order); policies \
           letting everyone or any signed-in user insert, update or delete every row \
           (`for update using (true)`). High: an open read on a narrower path (check the data \
           is meant to be public), and `if request.auth != null` / `\"auth != null\"` on \
           everything (anyone can create an account). The enclosing `match` of an `allow` is \
           the nearest one above it, which is right for the usual layouts. Tests, examples and \
           docs are left out.",
    why: "Your app's Firebase or Supabase configuration is public: it ships in the app. With \
          these settings anyone who reads it can read, change or wipe your whole database \
          directly, without going through your app.",
    how_to_fix: "Firebase: replace test-mode and `if true` rules with conditions on \
                 `request.auth.uid` and the document's owner, and test them with the emulator. \
                 Supabase: `alter table <table> enable row level security;` on every table in \
                 `public`, then add policies that compare `auth.uid()` to the row's owner; \
                 never `using (true)` for writes.",
    options: "None.",
};

const RULE: &str = "SEC020";

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let hits = product_hits(a, RULE);
    firebase_rules(e, &hits);
    realtime_database(e, &hits);
    supabase(e, &hits);
}

/// Whether a `match` path covers every document or file (`/{document=**}`, `/{allPaths=**}`).
fn is_catch_all(path: &str) -> bool {
    path.starts_with("/{") && path.contains("=**}")
}

fn firebase_rules(e: &mut Emitter<'_>, hits: &[(&PatternHit, &Pattern)]) {
    // path → (line, match path), in line order
    let mut matches: BTreeMap<&str, Vec<(u32, &str)>> = BTreeMap::new();
    for (h, p) in hits {
        if p.id == "firebase-match" {
            let value = h.value.as_deref().unwrap_or("/");
            matches.entry(&h.path).or_default().push((h.line, value));
        }
    }
    for (h, p) in hits {
        let block = matches
            .get(h.path.as_str())
            .and_then(|m| m.iter().rev().find(|(line, _)| *line <= h.line))
            .map_or("/", |(_, value)| *value);
        let catch_all = is_catch_all(block);
        let access = h.value.as_deref().unwrap_or("read, write");
        let writes = ["write", "create", "update", "delete"]
            .iter()
            .any(|w| access.contains(w));
        let (severity, message) = match p.id.as_str() {
            "firebase-allow-open" if writes || catch_all => (
                Severity::Critical,
                format!(
                    "`{}` line {} lets anyone on the internet `{access}` {}, without signing in",
                    h.path,
                    h.line,
                    scope(block)
                ),
            ),
            "firebase-allow-open" => (
                Severity::High,
                format!(
                    "`{}` line {} lets anyone on the internet `{access}` {}: check this data \
                     is meant to be public",
                    h.path,
                    h.line,
                    scope(block)
                ),
            ),
            "firebase-allow-test-mode" => (
                Severity::Critical,
                format!(
                    "`{}` line {} has Firebase's test-mode rules: {} open to everyone until {} \
                     (and broken after)",
                    h.path,
                    h.line,
                    scope(block),
                    h.value.as_deref().unwrap_or("a date").replace(' ', "")
                ),
            ),
            "firebase-allow-signed-in" if catch_all => (
                Severity::High,
                format!(
                    "`{}` line {} lets any signed-in user `{access}` {}; anyone can create an \
                     account, so this is close to open",
                    h.path,
                    h.line,
                    scope(block)
                ),
            ),
            _ => continue,
        };
        e.report_with(
            severity,
            message,
            vec![Evidence::line(&h.path, h.line).with_note(h.text.clone())],
            &format!("{}|{block}|{}", p.id, collapsed(&h.text)),
        );
    }
}

/// "every document" for a catch-all path, "`/users/{id}`" otherwise.
fn scope(block: &str) -> String {
    if is_catch_all(block) {
        "every document".to_string()
    } else {
        format!("`{block}`")
    }
}

fn realtime_database(e: &mut Emitter<'_>, hits: &[(&PatternHit, &Pattern)]) {
    for (h, p) in hits {
        let access = h.value.as_deref().unwrap_or("read");
        let verb = if access == "write" {
            "change or delete"
        } else {
            "read"
        };
        let (severity, message) = match p.id.as_str() {
            "rtdb-root-open" => (
                Severity::Critical,
                format!(
                    "`{}` lets anyone on the internet {verb} the whole Realtime Database \
                     (`\".{access}\": true` at the root, line {})",
                    h.path, h.line
                ),
            ),
            "rtdb-root-signed-in" => (
                Severity::High,
                format!(
                    "`{}` lets any signed-in user {verb} the whole Realtime Database \
                     (`\".{access}\": \"auth != null\"` at the root, line {}); anyone can \
                     create an account",
                    h.path, h.line
                ),
            ),
            _ => continue,
        };
        e.report_with(
            severity,
            message,
            vec![Evidence::line(&h.path, h.line)],
            &format!("{}|{access}", p.id),
        );
    }
}

/// Whether a path is Supabase SQL (migrations, schemas, seeds).
fn is_supabase(path: &str) -> bool {
    path.starts_with("supabase/") || path.contains("/supabase/")
}

/// A table's name in the `public` schema (`public.todos`, `"todos"` → `todos`), or `None` for
/// another schema.
fn public_table(name: &str) -> Option<String> {
    let plain = name.replace('"', "").to_ascii_lowercase();
    match plain.split_once('.') {
        Some(("public", table)) => Some(table.to_string()),
        Some(_) => None,
        None => Some(plain),
    }
}

fn supabase(e: &mut Emitter<'_>, hits: &[(&PatternHit, &Pattern)]) {
    let mut statements: Vec<(&PatternHit, &str)> = hits
        .iter()
        .filter(|(h, _)| is_supabase(&h.path))
        .map(|(h, p)| (*h, p.id.as_str()))
        .collect();
    // Migrations are named by time: path then line is the order they run in.
    statements.sort_by(|a, b| (&a.0.path, a.0.line).cmp(&(&b.0.path, b.0.line)));
    // table → (created at, row level security on)
    let mut tables: BTreeMap<String, (&PatternHit, bool)> = BTreeMap::new();
    for (h, id) in &statements {
        let Some(table) = h.value.as_deref().and_then(public_table) else {
            continue;
        };
        match *id {
            "sql-create-table" => {
                tables.entry(table).or_insert((h, false));
            }
            "sql-row-level-security" => {
                let on = !h.text.to_ascii_lowercase().contains("disable");
                if let Some(entry) = tables.get_mut(&table) {
                    entry.1 = on;
                }
            }
            "sql-policy-open-write" => open_policy(e, h, &table),
            _ => {}
        }
    }
    let open: Vec<(&String, &PatternHit)> = tables
        .iter()
        .filter(|(_, (_, on))| !on)
        .map(|(t, (h, _))| (t, *h))
        .collect();
    if open.is_empty() {
        return;
    }
    let names: Vec<String> = open
        .iter()
        .take(10)
        .map(|(t, _)| format!("`{t}`"))
        .collect();
    let more = if open.len() > 10 {
        format!(" and {} more", open.len() - 10)
    } else {
        String::new()
    };
    e.report_summary(
        Severity::Critical,
        format!(
            "{} Supabase table{} in the public schema {} no row level security: {}{more}; \
             anyone with the app's public key can read and change {}",
            open.len(),
            if open.len() == 1 { "" } else { "s" },
            if open.len() == 1 { "has" } else { "have" },
            names.join(", "),
            if open.len() == 1 { "it" } else { "them" }
        ),
        open.iter()
            .map(|(t, h)| Evidence::line(&h.path, h.line).with_note(format!("table {t}")))
            .collect(),
        "supabase-tables-without-rls",
    );
}

fn open_policy(e: &mut Emitter<'_>, h: &PatternHit, table: &str) {
    e.report_with(
        Severity::Critical,
        format!(
            "A Supabase policy on `{table}` lets anyone (or any signed-in user) write every \
             row (`using (true)` / `with check (true)`), `{}` line {}",
            h.path, h.line
        ),
        vec![Evidence::line(&h.path, h.line).with_note(h.text.clone())],
        &format!("open-policy|{table}|{}", collapsed(&h.text)),
    );
}
