//! SEC-19: binaries, build outputs and database dumps committed to the repository.

use crate::{Analysis, Emitter};
use fcto_facts::analysis::test_code::is_test_path;
use fcto_facts::code_patterns::PatternSet;
use fcto_facts::inventory::{Exclusion, FileEntry};
use fcto_facts::stack::is_auxiliary_path;
use fcto_model::{Evidence, RuleDocs, Severity};
use std::collections::{BTreeMap, BTreeSet};

pub const DOCS: RuleDocs = RuleDocs {
    what: "Lists committed files that are not source: compiled binaries and packages by \
           extension (`.exe`, `.dll`, `.so`, `.dylib`, `.o`, `.a`, `.lib`, `.class`, `.jar`, \
           `.war`, `.pyc`, `.whl`, `.apk`, `.aab`, `.ipa`, `.dmg`, `.msi`, `.deb`, `.rpm`; the \
           Gradle and Maven wrapper jars are left out); build-output folders (`dist/`, \
           `.next/`, `node_modules/`, `__pycache__/`, a root `target/`, JavaScript/CSS under \
           `build/` or `out/`, .NET `bin/Debug|Release` and `obj/`; a `dist/` beside an \
           `action.yml`, which GitHub runs from the repository, is left out); and database \
           files and dumps (`.sqlite`, `.sqlite3`, `.db`, `.dump`, `.bak`, `.mdb`, and `.sql` \
           files over 1 MB that insert rows or are too large to read). Binaries in test \
           folders are counted, build outputs and small databases there are not. One finding \
           per kind lists the files, largest first, with the total size. Low, except dumps \
           that insert rows into tables named for people (`users`, `customers`, \
           `patients`...) or name personal columns (`email`, `phone`, `date_of_birth`...): \
           high. Binary database files are not read: their contents are to review.",
    why: "Committed binaries can't be reviewed and may hide malware; build outputs drift from \
          the source they claim to come from and bloat every clone; a database dump in the \
          repository is a data leak waiting to happen, and copies stay in the history.",
    how_to_fix: "Delete the files, add their patterns to `.gitignore`, build outputs in CI and \
                 publish binaries as release assets or packages. For a dump with personal \
                 data: treat it as a leak (who had access?), remove it from the history \
                 (`git filter-repo`) and use generated fixture data instead.",
    options: "None.",
};

const RULE: &str = "SEC019";

const BINARY_EXTENSIONS: &[&str] = &[
    "exe", "dll", "so", "dylib", "o", "a", "lib", "class", "jar", "war", "ear", "pyc", "pyo",
    "whl", "apk", "aab", "ipa", "dmg", "msi", "deb", "rpm",
];
const DATABASE_EXTENSIONS: &[&str] = &["sqlite", "sqlite3", "db", "dump", "bak", "mdb", "accdb"];
/// Tables whose rows are people.
const PERSONAL_TABLES: &[&str] = &[
    "user",
    "users",
    "customer",
    "customers",
    "client",
    "clients",
    "member",
    "members",
    "account",
    "accounts",
    "person",
    "people",
    "persons",
    "contact",
    "contacts",
    "employee",
    "employees",
    "patient",
    "patients",
    "profile",
    "profiles",
    "subscriber",
    "subscribers",
    "auth_user",
    "wp_users",
];

const MB: u64 = 1024 * 1024;

fn extension(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    name.rsplit_once('.')
        .map_or(String::new(), |(_, e)| e.to_string())
}

/// The build-output folder a path is in (`web/dist`, `target`), if any.
fn build_folder(path: &str) -> Option<String> {
    let parts: Vec<&str> = path.split('/').collect();
    let ext = extension(path);
    let web_output = matches!(
        ext.as_str(),
        "js" | "mjs" | "cjs" | "css" | "map" | "html" | "class"
    );
    for (i, dir) in parts[..parts.len().saturating_sub(1)].iter().enumerate() {
        let next = parts.get(i + 1).copied().unwrap_or_default();
        let output = match *dir {
            "dist" | ".next" | "node_modules" | "__pycache__" | ".nuxt" | ".svelte-kit" => true,
            "target" => i == 0,
            "build" | "out" => web_output,
            "bin" => matches!(next, "Debug" | "Release"),
            "obj" => {
                matches!(next, "Debug" | "Release")
                    || parts
                        .last()
                        .is_some_and(|n| n.ends_with("project.assets.json"))
            }
            _ => false,
        };
        if output {
            return Some(parts[..=i].join("/"));
        }
    }
    None
}

/// Files GitHub runs from the repository or that are meant to be committed.
fn is_expected(path: &str, action_dirs: &BTreeSet<String>) -> bool {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with("gradle/wrapper/gradle-wrapper.jar")
        || lower.ends_with(".mvn/wrapper/maven-wrapper.jar")
    {
        return true;
    }
    // A JavaScript action's `dist/` next to its `action.yml`.
    build_folder(path).is_some_and(|folder| {
        let parent = folder.rsplit_once('/').map_or("", |(p, _)| p);
        folder.ends_with("dist") && action_dirs.contains(parent)
    })
}

fn size(bytes: u64) -> String {
    if bytes >= MB {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let inv = &a.facts.inventory;
    let action_dirs: BTreeSet<String> = inv
        .files
        .iter()
        .filter(|f| fcto_facts::ci::is_github_action(&f.path))
        .map(|f| f.path.rsplit_once('/').map_or("", |(d, _)| d).to_string())
        .collect();
    let mut binaries: Vec<&FileEntry> = Vec::new();
    let mut outputs: BTreeMap<String, Vec<&FileEntry>> = BTreeMap::new();
    let mut databases: Vec<&FileEntry> = Vec::new();
    for f in &inv.files {
        if f.symlink.is_some() || is_expected(&f.path, &action_dirs) {
            continue;
        }
        let ext = extension(&f.path);
        let aside = is_test_path(&f.path) || is_auxiliary_path(&f.path);
        if let Some(folder) = build_folder(&f.path) {
            if !aside {
                outputs.entry(folder).or_default().push(f);
            }
        } else if BINARY_EXTENSIONS.contains(&ext.as_str()) {
            binaries.push(f);
        } else if is_database(f, &ext) && !(aside && f.bytes < MB) {
            databases.push(f);
        }
    }
    report_binaries(e, binaries);
    report_outputs(e, &outputs);
    report_databases(a, e, databases);
}

/// A database file or dump: by extension, or a `.sql` file over 1 MB that inserts rows (or is
/// too large to read).
fn is_database(f: &FileEntry, ext: &str) -> bool {
    let name = f
        .path
        .rsplit('/')
        .next()
        .unwrap_or(&f.path)
        .to_ascii_lowercase();
    if name == "thumbs.db" {
        return false;
    }
    if ext == "bak" {
        // `settings.php.bak` is a copy of a source file, not a database backup.
        return name.matches('.').count() == 1;
    }
    DATABASE_EXTENSIONS.contains(&ext) || (ext == "sql" && f.bytes >= MB)
}

/// Up to `n` files as "`path` (size)", largest first, and the total size.
fn listing(files: &mut [&FileEntry], n: usize) -> (String, u64) {
    files.sort_by(|a, b| b.bytes.cmp(&a.bytes).then(a.path.cmp(&b.path)));
    let total = files.iter().map(|f| f.bytes).sum();
    let mut parts: Vec<String> = files
        .iter()
        .take(n)
        .map(|f| format!("`{}` ({})", f.path, size(f.bytes)))
        .collect();
    if files.len() > n {
        parts.push(format!("{} more", files.len() - n));
    }
    (parts.join(", "), total)
}

fn evidence(files: &[&FileEntry]) -> Vec<Evidence> {
    files
        .iter()
        .take(20)
        .map(|f| Evidence::file(&f.path).with_note(size(f.bytes)))
        .collect()
}

fn report_binaries(e: &mut Emitter<'_>, mut files: Vec<&FileEntry>) {
    if files.is_empty() {
        return;
    }
    let (list, total) = listing(&mut files, 5);
    let in_tests = files.iter().filter(|f| is_test_path(&f.path)).count();
    let n = files.len();
    e.report_summary(
        Severity::Low,
        format!(
            "{n} compiled binar{} or package{} committed ({} in all{}): {list}",
            if n == 1 { "y" } else { "ies" },
            if n == 1 { " is" } else { "s are" },
            size(total),
            if in_tests > 0 {
                format!(", {in_tests} in test folders")
            } else {
                String::new()
            }
        ),
        evidence(&files),
        "binaries",
    );
}

fn report_outputs(e: &mut Emitter<'_>, outputs: &BTreeMap<String, Vec<&FileEntry>>) {
    if outputs.is_empty() {
        return;
    }
    let mut folders: Vec<(&str, usize, u64)> = outputs
        .iter()
        .map(|(d, fs)| (d.as_str(), fs.len(), fs.iter().map(|f| f.bytes).sum()))
        .collect();
    folders.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
    let files: usize = folders.iter().map(|f| f.1).sum();
    let total: u64 = folders.iter().map(|f| f.2).sum();
    let mut list: Vec<String> = folders
        .iter()
        .take(5)
        .map(|(d, n, b)| {
            format!(
                "`{d}/` ({n} file{}, {})",
                if *n == 1 { "" } else { "s" },
                size(*b)
            )
        })
        .collect();
    if folders.len() > 5 {
        list.push(format!("{} more folders", folders.len() - 5));
    }
    let evidence = folders
        .iter()
        .take(20)
        .map(|(d, n, b)| {
            Evidence::file(format!("{d}/")).with_note(format!("{n} files, {}", size(*b)))
        })
        .collect();
    e.report_summary(
        Severity::Low,
        format!(
            "Build output is committed: {files} file{} ({}) in {}",
            if files == 1 { "" } else { "s" },
            size(total),
            list.join(", ")
        ),
        evidence,
        "build output",
    );
}

fn report_databases(a: &Analysis<'_>, e: &mut Emitter<'_>, mut files: Vec<&FileEntry>) {
    let set = PatternSet::builtin();
    // per SQL file: whether it inserts rows, and the personal-data signs found
    let mut inserts: BTreeSet<&str> = BTreeSet::new();
    let mut personal: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for h in &a.facts.inventory.pattern_hits {
        let p = &set.patterns[h.pattern];
        if p.rule != RULE {
            continue;
        }
        let value = h
            .value
            .as_deref()
            .unwrap_or_default()
            .trim_matches(['`', '"', '[', ']'])
            .to_ascii_lowercase();
        if p.id == "sec019-sql-insert" {
            inserts.insert(&h.path);
            let table = value
                .rsplit('.')
                .next()
                .unwrap_or(&value)
                .trim_matches(['`', '"', '[', ']']);
            if PERSONAL_TABLES.contains(&table) {
                personal
                    .entry(&h.path)
                    .or_default()
                    .insert(format!("table `{table}`"));
            }
        } else {
            personal
                .entry(&h.path)
                .or_default()
                .insert(format!("column `{value}`"));
        }
    }
    // A readable `.sql` file that inserts no rows is a schema, not a dump.
    files.retain(|f| {
        extension(&f.path) != "sql"
            || inserts.contains(f.path.as_str())
            || matches!(f.exclusion, Some(Exclusion::Large))
    });
    if files.is_empty() {
        return;
    }
    // Personal data counts with rows inserted into a people table or with personal columns.
    let with_people: Vec<&FileEntry> = files
        .iter()
        .copied()
        .filter(|f| {
            inserts.contains(f.path.as_str())
                && personal.get(f.path.as_str()).is_some_and(|s| !s.is_empty())
        })
        .collect();
    if !with_people.is_empty() {
        let mut people = with_people.clone();
        let (list, total) = listing(&mut people, 5);
        let mut signs: BTreeSet<&String> = BTreeSet::new();
        for f in &people {
            signs.extend(personal.get(f.path.as_str()).into_iter().flatten());
        }
        let signs: Vec<&str> = signs.iter().take(6).map(|s| s.as_str()).collect();
        e.report_summary(
            Severity::High,
            format!(
                "{} database dump{} with what looks like personal data ({}) {} committed ({}): \
                 {list}",
                people.len(),
                if people.len() == 1 { "" } else { "s" },
                signs.join(", "),
                if people.len() == 1 { "is" } else { "are" },
                size(total)
            ),
            evidence(&people),
            "database dumps with personal data",
        );
    }
    let mut rest: Vec<&FileEntry> = files
        .into_iter()
        .filter(|f| !with_people.iter().any(|p| p.path == f.path))
        .collect();
    if rest.is_empty() {
        return;
    }
    let (list, total) = listing(&mut rest, 5);
    let n = rest.len();
    e.report_summary(
        Severity::Low,
        format!(
            "{n} database file{} or dump{} committed ({}): {list}; to review: binary and very \
             large files are not read, check they hold no real customer data",
            if n == 1 { "" } else { "s" },
            if n == 1 { " is" } else { "s are" },
            size(total)
        ),
        evidence(&rest),
        "database files",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_folders() {
        for (path, folder) in [
            ("dist/app.js", Some("dist")),
            ("web/.next/server/page.js", Some("web/.next")),
            ("node_modules/x/index.js", Some("node_modules")),
            ("target/release/app", Some("target")),
            ("frontend/build/static/main.js", Some("frontend/build")),
            ("src/Api/bin/Debug/net8.0/Api.dll", Some("src/Api/bin")),
            ("src/Api/obj/project.assets.json", Some("src/Api/obj")),
            ("app/__pycache__/x.cpython-312.pyc", Some("app/__pycache__")),
            ("crates/x/target/y.rs", None),
            ("build/gradle/plugin.gradle", None),
            ("src/build/mod.rs", None),
            ("bin/run.sh", None),
        ] {
            assert_eq!(build_folder(path).as_deref(), folder, "{path}");
        }
    }
}
