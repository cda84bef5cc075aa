//! TEAM-04: areas nobody has touched for a year that the product still runs.

use crate::components::{component_of, date, thousands};
use crate::{Analysis, Emitter};
use fcto_facts::analysis::{DAY, is_analysed_code};
use fcto_model::{Evidence, RuleDocs, Severity};
use std::collections::{BTreeMap, HashMap};

pub const DOCS: RuleDocs = RuleDocs {
    what: "Looks at each component (a package with its own manifest, else a top-level folder) \
           with at least `min_code` code lines (generated and vendored files, docs and fixtures \
           left out) and no commit in the last 12 months, and reports it when it is still live: \
           it is a deployable unit (a Dockerfile, Procfile, serverless.yml, fly.toml, app.yaml, \
           vercel.json or netlify.toml inside it), or its path is named in a manifest, compose \
           or CI file changed in the last 90 days. Liveness through code imports arrives with \
           the import graph.",
    why: "Customers still depend on these parts, but nobody has touched them for a year, so the \
          first urgent fix there will be slow and risky.",
    how_to_fix: "Give each area an owner, check it still builds and its libraries are patched, \
                 and add a smoke test before the first urgent change is needed.",
    options: "`min_code` (default 1000) code lines; `idle_days` (default 365).",
};

const DEPLOYABLE: &[&str] = &[
    "Dockerfile",
    "Procfile",
    "serverless.yml",
    "serverless.yaml",
    "fly.toml",
    "app.yaml",
    "vercel.json",
    "netlify.toml",
];
const NOT_LIVE_NAMES: &[&str] = &[
    "docs",
    "doc",
    "documentation",
    "fixtures",
    "testdata",
    "examples",
];

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let (Some(history), Some(team)) = (a.history(), &a.team) else {
        return;
    };
    let min_code = e.option("min_code") as u64;
    let idle = e.option("idle_days") as i64 * DAY;

    let mut code: BTreeMap<String, u64> = BTreeMap::new();
    for f in a
        .facts
        .inventory
        .files
        .iter()
        .filter(|f| is_analysed_code(f))
    {
        *code.entry(component_of(a.facts, &f.path)).or_default() += f.stats.code;
    }
    // Newest change per component and per document path; people per component.
    let mut last_change: HashMap<String, i64> = HashMap::new();
    let mut last_doc_change: HashMap<&str, i64> = HashMap::new();
    let mut authors: HashMap<String, Vec<usize>> = HashMap::new();
    for c in history
        .commits
        .iter()
        .filter(|c| !c.is_merge() && !history.is_bot_commit(c))
    {
        for ch in &c.changes {
            let comp = component_of(a.facts, &ch.path);
            let t = last_change.entry(comp.clone()).or_insert(c.author_time);
            *t = (*t).max(c.author_time);
            let people = authors.entry(comp).or_default();
            if !people.contains(&c.author) {
                people.push(c.author);
            }
            if let Some((doc, _)) = a.facts.inventory.documents.get_key_value(ch.path.as_str()) {
                let t = last_doc_change.entry(doc.as_str()).or_insert(c.author_time);
                *t = (*t).max(c.author_time);
            }
        }
    }
    for (comp, lines) in &code {
        if *lines < min_code
            || comp == "(root)"
            || NOT_LIVE_NAMES.contains(&comp.to_lowercase().as_str())
        {
            continue;
        }
        let Some(&last) = last_change.get(comp) else {
            continue;
        };
        if a.as_of - last <= idle {
            continue;
        }
        let prefix = format!("{comp}/");
        let deployable = a
            .facts
            .inventory
            .files
            .iter()
            .filter(|f| f.path.starts_with(&prefix))
            .find(|f| {
                DEPLOYABLE
                    .iter()
                    .any(|d| f.path.ends_with(&format!("/{d}")))
            })
            .map(|f| f.path.clone());
        let referenced = a.facts.inventory.documents.iter().find(|(path, text)| {
            !path.starts_with(&prefix)
                && last_doc_change
                    .get(path.as_str())
                    .is_some_and(|t| a.as_of - t <= 90 * DAY)
                && contains_path(text, comp)
        });
        let reason = match (&deployable, referenced) {
            (Some(d), _) => Evidence::file(d.clone()).with_note("a deployable unit"),
            (None, Some((p, _))) => Evidence::file(p.clone()).with_note(format!(
                "names `{comp}` and was changed in the last 90 days"
            )),
            (None, None) => continue,
        };
        let people = authors.get(comp).cloned().unwrap_or_default();
        let all_gone = !people.is_empty() && people.iter().all(|p| team.is_gone(*p));
        let severity = if all_gone {
            Severity::Medium
        } else {
            Severity::Low
        };
        let remaining: Vec<String> = people
            .iter()
            .filter(|p| !team.is_gone(**p))
            .map(|p| a.person_name(*p))
            .collect();
        e.report_with(
            severity,
            format!(
                "`{comp}` ({} code lines) has had no commit since {} but is still live; {}",
                thousands(*lines),
                date(last),
                if all_gone {
                    "everyone who worked on it has gone".to_string()
                } else {
                    format!(
                        "people who worked on it and are still active: {}",
                        remaining.join(", ")
                    )
                }
            ),
            vec![
                Evidence::file(comp.clone()).with_note(format!("last change {}", date(last))),
                reason,
            ],
            comp,
        );
    }
}

/// Whether `text` names the directory `dir` as a path (not as part of a longer name).
fn contains_path(text: &[u8], dir: &str) -> bool {
    let text = String::from_utf8_lossy(text);
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find(dir) {
        let start = from + i;
        let end = start + dir.len();
        let before_ok = start == 0
            || matches!(
                bytes[start - 1],
                b'/' | b'"' | b'\'' | b' ' | b'.' | b':' | b'=' | b'\n' | b'['
            );
        let after_ok = end == bytes.len()
            || matches!(
                bytes[end],
                b'/' | b'"' | b'\'' | b' ' | b'\n' | b',' | b']' | b'\r'
            );
        if before_ok && after_ok {
            return true;
        }
        from = end;
    }
    false
}

#[cfg(test)]
mod tests {
    #[test]
    fn path_mentions_are_whole_names() {
        assert!(super::contains_path(b"build: ./legacy-api\n", "legacy-api"));
        assert!(super::contains_path(
            b"\"workspaces\": [\"legacy\"]",
            "legacy"
        ));
        assert!(!super::contains_path(
            b"build: ./legacy-api2\n",
            "legacy-api"
        ));
    }
}
