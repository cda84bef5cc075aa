//! DEL-13: dependency lockfile missing or ignored.

use crate::{Analysis, Emitter};
use fcto_model::{Evidence, RuleDocs, Severity};

pub const DOCS: RuleDocs = RuleDocs {
    what: "For each manifest that declares dependencies, looks for its lockfile in the same \
           directory or a parent workspace directory: package.json → package-lock.json, \
           npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml or bun.lock(b); pyproject.toml → \
           poetry.lock, uv.lock, pdm.lock (for Poetry/uv/PDM projects); Pipfile → Pipfile.lock; \
           Gemfile → Gemfile.lock; go.mod → go.sum; Cargo.toml → Cargo.lock; composer.json → \
           composer.lock; mix.exs → mix.lock; pubspec.yaml → pubspec.lock. Also reports \
           lockfiles listed in a .gitignore, and requirements*.txt files with unpinned lines \
           (no `==` and no `--hash=`) and no other lock. High for applications, low for \
           published libraries. Maven, Gradle and NuGet are not checked: lockfiles are optional \
           there and versions are usually exact.",
    why: "Without a lockfile two builds of the same code can pull different library versions, so \
          \"it worked yesterday\" stops being true.",
    how_to_fix: "Generate the lockfile with the project's package manager (`npm install`, `poetry \
                 lock`, `bundle lock`, `cargo generate-lockfile`...), commit it, remove it from \
                 .gitignore, and make CI install from it (`npm ci`, `--frozen-lockfile`).",
    options: "None.",
};

/// (manifest file name, lockfiles that satisfy it).
const EXPECTED: &[(&str, &[&str])] = &[
    (
        "package.json",
        &[
            "package-lock.json",
            "npm-shrinkwrap.json",
            "yarn.lock",
            "pnpm-lock.yaml",
            "bun.lock",
            "bun.lockb",
        ],
    ),
    ("Pipfile", &["Pipfile.lock"]),
    ("Gemfile", &["Gemfile.lock"]),
    ("go.mod", &["go.sum"]),
    ("Cargo.toml", &["Cargo.lock"]),
    ("composer.json", &["composer.lock"]),
    ("mix.exs", &["mix.lock"]),
    ("pubspec.yaml", &["pubspec.lock"]),
];
const PY_LOCKS: &[&str] = &["poetry.lock", "uv.lock", "pdm.lock", "Pipfile.lock"];

fn split(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let inv = &a.facts.inventory;
    let exists = |dir: &str, name: &str| {
        let p = if dir.is_empty() {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        };
        inv.file(&p).is_some()
    };
    // Lockfile in the directory or any parent (workspaces keep one at the root).
    let find_up = |dir: &str, names: &[&str]| -> Option<String> {
        let mut d = dir.to_string();
        loop {
            if let Some(n) = names.iter().find(|n| exists(&d, n)) {
                return Some(if d.is_empty() {
                    (*n).to_string()
                } else {
                    format!("{d}/{n}")
                });
            }
            if d.is_empty() {
                return None;
            }
            d = d
                .rsplit_once('/')
                .map_or(String::new(), |(p, _)| p.to_string());
        }
    };
    let ignored = ignored_lockfiles(a);
    let mut libraries: Vec<(String, Vec<Evidence>, &[&str])> = Vec::new();

    for m in a.facts.stack.product_manifests() {
        if m.dependencies.is_empty()
            || m.path
                .split('/')
                .any(|s| s == "node_modules" || s == "vendor")
        {
            continue;
        }
        let (dir, name) = split(&m.path);
        let severity = if m.library {
            Severity::Low
        } else {
            Severity::High
        };
        let kind = if m.library { "library" } else { "application" };
        let wanted: Option<&[&str]> = if name == "pyproject.toml" {
            let text = inv.document_text(&m.path).unwrap_or_default();
            (text.contains("[tool.poetry")
                || text.contains("[tool.uv")
                || text.contains("[tool.pdm"))
            .then_some(PY_LOCKS)
        } else {
            EXPECTED.iter().find(|(n, _)| *n == name).map(|(_, l)| *l)
        };
        let Some(wanted) = wanted else { continue };
        if let Some(lock) = find_up(dir, wanted) {
            let lock_name = split(&lock).1;
            if let Some(gi) = ignored
                .iter()
                .find(|(gi, n)| n == lock_name && governs(gi, &lock))
            {
                e.report_with(
                    severity,
                    format!(
                        "`{lock}` is committed but listed in `{}`, so updates to it may not be committed",
                        gi.0
                    ),
                    vec![
                        Evidence::file(&gi.0).with_note(format!("ignores {lock_name}")),
                        Evidence::file(&lock),
                    ],
                    &format!("ignored {lock}"),
                );
            }
        } else {
            let ignored_note = ignored
                .iter()
                .find(|(gi, n)| wanted.contains(&n.as_str()) && governs(gi, &m.path));
            let mut message = format!(
                "`{}` ({kind}, {} dependencies) has no lockfile ({})",
                m.path,
                m.dependencies.len(),
                wanted.join(", ")
            );
            let mut evidence = vec![Evidence::file(&m.path)];
            if let Some((gi, n)) = ignored_note {
                message.push_str(&format!("; `{n}` is listed in `{gi}`"));
                evidence.push(Evidence::file(gi.clone()).with_note(format!("ignores {n}")));
            }
            if m.library {
                libraries.push((message, evidence, wanted));
            } else {
                e.report_with(severity, message, evidence, "missing lockfile");
            }
        }
    }
    // Libraries are often published without a lockfile: one finding for all of them (a
    // monorepo of split packages would otherwise give one per package).
    if libraries.len() == 1 {
        let (message, evidence, _) = libraries.remove(0);
        e.report_with(Severity::Low, message, evidence, "missing lockfile");
    } else if !libraries.is_empty() {
        let mut names: Vec<&str> = libraries
            .iter()
            .flat_map(|(_, _, wanted)| wanted.iter().copied())
            .collect();
        names.sort_unstable();
        names.dedup();
        let message = format!(
            "{} library packages have no lockfile ({}); libraries are often published without \
             one, but their own tests and CI then run on whatever versions resolve that day",
            libraries.len(),
            names.join(", ")
        );
        let evidence = libraries
            .into_iter()
            .take(10)
            .flat_map(|(_, evidence, _)| evidence.into_iter().take(1))
            .collect();
        e.report_summary(
            Severity::Low,
            message,
            evidence,
            "missing lockfile libraries",
        );
    }

    // requirements*.txt with unpinned lines and no lock beside it.
    for (path, bytes) in &inv.documents {
        let (dir, name) = split(path);
        let lower = name.to_ascii_lowercase();
        if !(lower.starts_with("requirements") && lower.ends_with(".txt")) {
            continue;
        }
        if PY_LOCKS.iter().any(|l| exists(dir, l)) {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        if text.contains("--hash=") {
            continue;
        }
        let unpinned: Vec<(u32, String)> = text
            .lines()
            .enumerate()
            .filter_map(|(i, l)| {
                let l = l.split('#').next().unwrap_or("").trim();
                if l.is_empty() || l.starts_with('-') || l.contains("://") || l.contains(" @ ") {
                    return None;
                }
                (!l.contains("==") && !l.contains("===")).then(|| (i as u32 + 1, l.to_string()))
            })
            .collect();
        if unpinned.is_empty() {
            continue;
        }
        let sample: Vec<&str> = unpinned.iter().take(5).map(|(_, l)| l.as_str()).collect();
        e.report_with(
            Severity::High,
            format!(
                "`{path}` has {} unpinned requirements (e.g. {}) and no lockfile or hashes",
                unpinned.len(),
                sample.join(", ")
            ),
            unpinned
                .iter()
                .take(10)
                .map(|(n, l)| Evidence::line(path.clone(), *n).with_note(l.clone()))
                .collect(),
            "unpinned requirements",
        );
    }
}

/// Whether a `.gitignore` applies to a path: only to its own folder and those below.
fn governs(gitignore: &str, path: &str) -> bool {
    let (dir, _) = split(gitignore);
    dir.is_empty() || path.starts_with(&format!("{dir}/"))
}

/// (the .gitignore path, lockfile name) for lockfile names a .gitignore lists.
fn ignored_lockfiles(a: &Analysis<'_>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let all: Vec<&str> = EXPECTED
        .iter()
        .flat_map(|(_, l)| l.iter().copied())
        .chain(PY_LOCKS.iter().copied())
        .collect();
    for (path, bytes) in &a.facts.inventory.documents {
        if split(path).1 != ".gitignore" {
            continue;
        }
        for line in String::from_utf8_lossy(bytes).lines() {
            let l = line
                .trim()
                .trim_start_matches('/')
                .trim_start_matches("**/");
            if l.starts_with('#') || l.starts_with('!') {
                continue;
            }
            for lock in &all {
                if l == *lock || (l == "*.lock" && lock.ends_with(".lock")) {
                    out.push((path.clone(), (*lock).to_string()));
                }
            }
        }
    }
    out
}
