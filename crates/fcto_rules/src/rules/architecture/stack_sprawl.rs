//! ARC-02: too many technologies for the team.

use crate::components::percent;
use crate::{Analysis, Emitter};
use fcto_facts::analysis::is_programming_language;
use fcto_model::{Evidence, RuleDocs};
use std::collections::BTreeMap;

pub const DOCS: RuleDocs = RuleDocs {
    what: "Reports (1) four or more languages each holding at least 5% of the code when at most \
           five people were active in the last 90 days (or the team size is unknown); (2) two or \
           more libraries doing the same job among direct, non-development dependencies: web \
           backends, single-page-app frameworks, ORMs, HTTP clients, state libraries; (3) \
           lockfiles of two package managers in one package directory.",
    why: "Every extra technology is one more thing the team must know and keep patched, which \
          slows hiring and delivery.",
    how_to_fix: "Pick one technology per job, write the choice down, and migrate the smaller \
                 users of the others when you next touch them.",
    options: "`max_languages` (default 3): languages with 5% or more of the code before the rule \
              fires; `small_team` (default 5) active people.",
};

/// Libraries that do the same job; the ecosystem is part of the key so a Python and a Node
/// service in one repository each count their own.
const ROLES: &[(&str, &[&str])] = &[
    (
        "web backend framework",
        &[
            "express",
            "fastify",
            "koa",
            "@hapi/hapi",
            "hapi",
            "@nestjs/core",
            "flask",
            "fastapi",
            "django",
            "sinatra",
            "rails",
            "gin-gonic/gin",
            "labstack/echo",
            "gofiber/fiber",
            "actix-web",
            "axum",
            "rocket",
        ],
    ),
    (
        "single-page app framework",
        &[
            "react",
            "vue",
            "@angular/core",
            "svelte",
            "solid-js",
            "preact",
        ],
    ),
    (
        "ORM / database layer",
        &[
            "prisma",
            "@prisma/client",
            "typeorm",
            "sequelize",
            "drizzle-orm",
            "mikro-orm",
            "@mikro-orm/core",
            "knex",
            "sqlalchemy",
            "peewee",
            "tortoise-orm",
            "gorm.io/gorm",
            "diesel",
            "sea-orm",
            "sqlx",
        ],
    ),
    (
        "HTTP client",
        &[
            "axios",
            "got",
            "node-fetch",
            "superagent",
            "ky",
            "request",
            "requests",
            "httpx",
            "aiohttp",
            "urllib3",
        ],
    ),
    (
        "state management",
        &[
            "redux",
            "@reduxjs/toolkit",
            "mobx",
            "zustand",
            "recoil",
            "jotai",
            "valtio",
            "pinia",
            "vuex",
        ],
    ),
];

const LOCKS: &[(&str, &str)] = &[
    ("package-lock.json", "npm"),
    ("yarn.lock", "yarn"),
    ("pnpm-lock.yaml", "pnpm"),
    ("bun.lock", "bun"),
    ("bun.lockb", "bun"),
    ("poetry.lock", "poetry"),
    ("uv.lock", "uv"),
    ("Pipfile.lock", "pipenv"),
    ("pdm.lock", "pdm"),
];

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let totals: Vec<_> = a
        .facts
        .inventory
        .language_totals()
        .into_iter()
        .filter(|(l, _, _)| is_programming_language(l))
        .collect();
    let all: u64 = totals.iter().map(|(_, _, s)| s.code).sum();
    let big: Vec<_> = totals
        .iter()
        .filter(|(_, _, s)| all > 0 && s.code as f64 / all as f64 >= 0.05)
        .collect();
    let active = a
        .team
        .as_ref()
        .map(|t| t.people.iter().filter(|p| p.active_90_days).count());
    if big.len() as f64 > e.option("max_languages")
        && active.is_none_or(|n| n as f64 <= e.option("small_team"))
    {
        let names: Vec<String> = big
            .iter()
            .map(|(l, _, s)| format!("{l} ({})", percent(s.code as f64 / all as f64)))
            .collect();
        let team = match active {
            Some(n) => format!("{n} people were active in the last 90 days"),
            None => "the team size is unknown without history".to_string(),
        };
        e.report(
            format!(
                "{} languages each hold 5% or more of the code ({}), and {team}",
                big.len(),
                names.join(", ")
            ),
            Vec::new(),
            "languages",
        );
    }

    for (role, libs) in ROLES {
        // Per ecosystem: an HTTP client in the TypeScript front end and another in the Python
        // back end cannot replace each other.
        let mut used: BTreeMap<&str, BTreeMap<String, Vec<Evidence>>> = BTreeMap::new();
        for m in a.facts.stack.product_manifests() {
            for d in m.dependencies.iter().filter(|d| !d.dev) {
                if libs.iter().any(|l| same_library(&d.name, l)) {
                    let mut ev = Evidence::file(m.path.clone()).with_note(d.name.clone());
                    ev.line = d.line;
                    used.entry(m.ecosystem.as_str())
                        .or_default()
                        .entry(d.name.to_ascii_lowercase())
                        .or_default()
                        .push(ev);
                }
            }
        }
        for libraries in used.values().filter(|l| l.len() >= 2) {
            let names: Vec<&str> = libraries.keys().map(String::as_str).collect();
            let evidence = libraries
                .values()
                .flat_map(|v| v.iter().take(3).cloned())
                .collect();
            e.report(
                format!(
                    "{} libraries for the same job ({role}): {}",
                    names.len(),
                    names.join(", ")
                ),
                evidence,
                &format!("role {role} {}", names.join(" ")),
            );
        }
    }

    let mut by_dir: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for f in &a.facts.inventory.files {
        let (dir, name) = f.path.rsplit_once('/').unwrap_or((".", f.path.as_str()));
        if let Some((_, tool)) = LOCKS.iter().find(|(l, _)| *l == name) {
            by_dir.entry(dir).or_default().push((f.path.as_str(), tool));
        }
    }
    for (dir, locks) in by_dir {
        let mut tools: Vec<&str> = locks.iter().map(|(_, t)| *t).collect();
        tools.dedup();
        let js: Vec<&&str> = tools
            .iter()
            .filter(|t| matches!(**t, "npm" | "yarn" | "pnpm" | "bun"))
            .collect();
        let py: Vec<&&str> = tools
            .iter()
            .filter(|t| matches!(**t, "poetry" | "uv" | "pipenv" | "pdm"))
            .collect();
        for group in [js, py] {
            if group.len() >= 2 {
                let names: Vec<&str> = group.iter().map(|t| **t).collect();
                e.report(
                    format!("`{dir}` has lockfiles of {} package managers ({}); builds may resolve different versions", names.len(), names.join(", ")),
                    locks.iter().filter(|(_, t)| names.contains(t)).map(|(p, _)| Evidence::file(*p)).collect(),
                    &format!("lockfiles {}", names.join(" ")),
                );
            }
        }
    }
}

/// Whether a dependency name is the library `lib`; Go modules match by path, with or without a
/// major-version suffix (`github.com/labstack/echo/v4` is `labstack/echo`).
fn same_library(name: &str, lib: &str) -> bool {
    if name.eq_ignore_ascii_case(lib) {
        return true;
    }
    if !lib.contains('/') || lib.starts_with('@') {
        return false;
    }
    let trimmed = match name.rsplit_once('/') {
        Some((head, v))
            if v.starts_with('v') && v[1..].chars().all(|c| c.is_ascii_digit()) && v.len() > 1 =>
        {
            head
        }
        _ => name,
    };
    trimmed.ends_with(&format!("/{lib}")) || trimmed == lib
}

#[cfg(test)]
mod tests {
    #[test]
    fn go_module_paths_match_their_library() {
        assert!(super::same_library(
            "github.com/labstack/echo/v4",
            "labstack/echo"
        ));
        assert!(super::same_library(
            "github.com/gin-gonic/gin",
            "gin-gonic/gin"
        ));
        assert!(super::same_library("React", "react"));
        assert!(!super::same_library("preact", "react"));
        assert!(!super::same_library(
            "github.com/labstack/echo-contrib",
            "labstack/echo"
        ));
    }
}
