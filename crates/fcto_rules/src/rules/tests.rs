//! Each rule on facts that make it fire and on facts that must not.

use crate::testing::{DAY, NOW, World, run_rule};
use fcto_model::{CompanyContext, Severity};

fn ctx() -> CompanyContext {
    CompanyContext::default()
}

/// Alice wrote `n_alice` files, Bob `n_bob`, each file touched once more by its owner.
fn team_world(n_alice: usize, n_bob: usize, alice_last: i64, bob_last: i64) -> World {
    let mut w = World::new();
    let mut files = Vec::new();
    for i in 0..n_alice {
        files.push((format!("src/a{i}.rs"), "Alice"));
    }
    for i in 0..n_bob {
        files.push((format!("src/b{i}.rs"), "Bob"));
    }
    for (i, (path, who)) in files.iter().enumerate() {
        w = w.code(path, "Rust", 100);
        let t0 = NOW - 600 * DAY + i as i64 * 60;
        w.commit(who, t0, &[(path, 100)]);
        let last = if *who == "Alice" {
            alice_last
        } else {
            bob_last
        };
        w.commit(who, last - i as i64 * 60, &[(path, 10)]);
    }
    w
}

#[test]
fn team001_truck_factor_one_with_two_contributors_is_high() {
    let facts = team_world(6, 2, NOW - 10 * DAY, NOW - 10 * DAY).facts();
    let f = run_rule("TEAM001", &facts, &ctx());
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::High);
    assert!(
        f[0].message.starts_with(
            "Truck factor 1: if Alice left, 75% of the 8 code files would have no remaining author"
        ),
        "{}",
        f[0].message
    );
}

#[test]
fn team001_key_author_gone_is_critical_and_balanced_team_is_silent() {
    let facts = team_world(6, 2, NOW - 300 * DAY, NOW - 10 * DAY).facts();
    let f = run_rule("TEAM001", &facts, &ctx());
    assert_eq!(f[0].severity, Severity::Critical, "{f:?}");
    assert!(f[0].message.contains("Alice"));

    // Three people with equal shares: TF = 2 → medium; four → nothing at all.
    let mut w = World::new();
    for (i, who) in ["A", "B", "C", "D"].iter().enumerate() {
        for j in 0..3 {
            let p = format!("src/{who}{j}.rs");
            w = w.code(&p, "Rust", 50);
            w.commit(who, NOW - 100 * DAY + (i * 10 + j) as i64, &[(&p, 50)]);
        }
    }
    assert!(run_rule("TEAM001", &w.facts(), &ctx()).is_empty());
}

#[test]
fn team002_islands_fire_above_share_only_with_two_active_people() {
    // Alice alone wrote 6 of 8 files; Bob 2: islands cover everything.
    let facts = team_world(6, 2, NOW - 10 * DAY, NOW - 10 * DAY).facts();
    let f = run_rule("TEAM002", &facts, &ctx());
    assert_eq!(f.len(), 1);
    assert!(
        f[0].message
            .starts_with("100% of the program code (800 of 800 lines, in 8 files)"),
        "{}",
        f[0].message
    );
    // Shared files are not islands.
    let mut w = World::new();
    for i in 0..4 {
        let p = format!("src/s{i}.rs");
        w = w.code(&p, "Rust", 100);
        w.commit("Alice", NOW - 50 * DAY + i, &[(&p, 50)]);
        w.commit("Bob", NOW - 40 * DAY + i, &[(&p, 50)]);
    }
    assert!(run_rule("TEAM002", &w.facts(), &ctx()).is_empty());
}

#[test]
fn team003_code_by_people_gone_quiet() {
    let facts = team_world(6, 2, NOW - 300 * DAY, NOW - 5 * DAY).facts();
    let f = run_rule("TEAM003", &facts, &ctx());
    assert_eq!(f.len(), 1);
    assert!(
        f[0].message
            .starts_with("75% of the code was written by people who have gone"),
        "{}",
        f[0].message
    );
    // Listing Bob as departed makes it everyone's code.
    let ctx_departed = CompanyContext {
        departed: vec!["bob@example.com".into()],
        ..ctx()
    };
    let f = run_rule("TEAM003", &facts, &ctx_departed);
    assert!(f[0].message.starts_with("100%"), "{}", f[0].message);
    let active = team_world(6, 2, NOW - 5 * DAY, NOW - 5 * DAY).facts();
    assert!(run_rule("TEAM003", &active, &ctx()).is_empty());
}

#[test]
fn team004_idle_component_that_still_deploys() {
    let mut w = World::new()
        .code("legacy/main.py", "Python", 1500)
        .doc("legacy/Dockerfile", "FROM python:3.12\n");
    w.commit(
        "Carol",
        NOW - 500 * DAY,
        &[("legacy/main.py", 1500), ("legacy/Dockerfile", 1)],
    );
    w = w.code("app/main.py", "Python", 200);
    w.commit("Alice", NOW - 5 * DAY, &[("app/main.py", 200)]);
    let f = run_rule("TEAM004", &w.facts(), &ctx());
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::Medium);
    assert!(
        f[0].message
            .starts_with("`legacy` (1,500 code lines) has had no commit since 2023-08-20"),
        "{}",
        f[0].message
    );
    // Without the Dockerfile, nothing says it is live.
    let mut w = World::new().code("legacy/main.py", "Python", 1500);
    w.commit("Carol", NOW - 500 * DAY, &[("legacy/main.py", 1500)]);
    assert!(run_rule("TEAM004", &w.facts(), &ctx()).is_empty());
}

#[test]
fn team005_describes_who_built_it() {
    let facts = team_world(3, 1, NOW - 10 * DAY, NOW - 400 * DAY).facts();
    let f = run_rule("TEAM005", &facts, &ctx());
    assert_eq!(f[0].severity, Severity::Info);
    assert!(
        f[0].message.starts_with("2 people committed over"),
        "{}",
        f[0].message
    );
    assert!(
        f[0].message.contains("1 active in the last 90 days"),
        "{}",
        f[0].message
    );
    assert!(run_rule("TEAM005", &World::new().without_history().facts(), &ctx()).is_empty());
}

#[test]
fn qua005_huge_files_and_exemptions() {
    let mut w =
        World::new()
            .code("src/big.ts", "TypeScript", 1200)
            .code("src/small.ts", "TypeScript", 900);
    w = w.code("db/migrations/0001_init.py", "Python", 5000);
    let f = run_rule("QUA005", &w.facts(), &ctx());
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        f[0].message,
        "`src/big.ts` has 1,200 code lines, above 1,000"
    );
    assert_eq!(f[0].evidence[0].path.as_deref(), Some("src/big.ts"));
}

#[test]
fn qua007_hotspots_from_change_frequency_and_size() {
    let mut w = World::new();
    for i in 0..30 {
        let p = format!("src/f{i}.rs");
        w = w.code(&p, "Rust", 100);
        w.commit("Alice", NOW - 300 * DAY + i, &[(&p, 100)]);
    }
    w = w.code("src/core.rs", "Rust", 2000);
    for k in 0..20 {
        w.commit(
            if k % 2 == 0 { "Alice" } else { "Bob" },
            NOW - 200 * DAY + k * DAY,
            &[("src/core.rs", 20)],
        );
    }
    let facts = w.facts();
    let f = run_rule("QUA007", &facts, &ctx());
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(
        f[0].message
            .starts_with("`src/core.rs` changed in 20 commits in the last 12 months (40% of all)"),
        "{}",
        f[0].message
    );
    assert_eq!(f[0].severity, Severity::High, "40% of all commits");
    // Nothing changes more than once: no hotspot.
    let mut w = World::new().code("a.rs", "Rust", 10);
    w.commit("Alice", NOW - DAY, &[("a.rs", 10)]);
    assert!(run_rule("QUA007", &w.facts(), &ctx()).is_empty());
}

#[test]
fn qua016_debt_marker_density() {
    let mut w = World::new().code("src/pay/charge.ts", "TypeScript", 100);
    for i in 0..3 {
        w = w.marker("src/pay/charge.ts", 10 + i, "TODO");
    }
    let f = run_rule("QUA016", &w.facts(), &ctx());
    assert_eq!(f[0].severity, Severity::Low, "30 per 1,000 lines");
    assert!(
        f[0].message.contains("3 in business-critical files"),
        "{}",
        f[0].message
    );
    let w = World::new()
        .code("src/a.ts", "TypeScript", 1000)
        .marker("src/a.ts", 1, "FIXME");
    assert_eq!(
        run_rule("QUA016", &w.facts(), &ctx())[0].severity,
        Severity::Info
    );
    assert!(
        run_rule(
            "QUA016",
            &World::new().code("a.ts", "TypeScript", 5).facts(),
            &ctx()
        )
        .is_empty()
    );
}

#[test]
fn arc002_duplicate_roles_and_many_languages() {
    let w = World::new()
        .code("web/a.ts", "TypeScript", 100)
        .manifest(
            "web/package.json",
            "npm",
            &[("react", false), ("vue", false), ("jest", true)],
            false,
        )
        .manifest("api/package.json", "npm", &[("express", false)], false);
    let f = run_rule("ARC002", &w.without_history().facts(), &ctx());
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        f[0].message,
        "2 libraries for the same job (single-page app framework): react, vue"
    );
    let w = World::new()
        .code("a.ts", "TypeScript", 100)
        .code("b.py", "Python", 100)
        .code("c.go", "Go", 100)
        .code("d.rb", "Ruby", 100)
        .without_history();
    let f = run_rule("ARC002", &w.facts(), &ctx());
    assert!(
        f[0].message.starts_with("4 languages each hold 5% or more"),
        "{f:?}"
    );
    let w = World::new()
        .code("a.ts", "TypeScript", 100)
        .code("b.py", "Python", 100)
        .without_history();
    assert!(run_rule("ARC002", &w.facts(), &ctx()).is_empty());
}

#[test]
fn arc001_lists_languages() {
    let w = World::new()
        .code("a.ts", "TypeScript", 300)
        .code("b.py", "Python", 100)
        .without_history();
    let f = run_rule("ARC001", &w.facts(), &ctx());
    assert_eq!(
        f[0].message,
        "Built with languages: TypeScript (75%), Python (25%)"
    );
    assert!(run_rule("ARC001", &World::new().facts(), &ctx()).is_empty());
}

#[test]
fn doc001_missing_thin_and_broken_readme() {
    let f = run_rule(
        "DOC001",
        &World::new().code("a.rs", "Rust", 1).facts(),
        &ctx(),
    );
    assert_eq!(f[0].severity, Severity::High);
    let w = World::new()
        .doc("README.md", "# App\n\nRun it:\n\n```\nnpm run start\n```\n")
        .doc("package.json", r#"{"scripts": {"dev": "vite"}}"#);
    let f = run_rule("DOC001", &w.facts(), &ctx());
    let m = &f[0].message;
    assert!(m.contains("only 5 non-empty lines"), "{m}");
    assert!(m.contains("`npm run start` has no `start` script"), "{m}");
    assert!(
        m.contains(
            "no section on setup or installation, running it, tests, deployment, configuration"
        ),
        "{m}"
    );
    let mut good = String::from(
        "# Acme\nWhat it is.\n## Installation\n## Running locally\n## Tests\n## Deployment\n## Configuration\n",
    );
    for i in 0..30 {
        good.push_str(&format!("line {i}\n"));
    }
    assert!(
        run_rule(
            "DOC001",
            &World::new().doc("README.md", &good).facts(),
            &ctx()
        )
        .is_empty()
    );
}

#[test]
fn del013_lockfiles() {
    let w = World::new()
        .doc("web/package.json", "{}")
        .manifest("web/package.json", "npm", &[("react", false)], false)
        .doc("lib/Cargo.toml", "[package]")
        .manifest("lib/Cargo.toml", "cargo", &[("serde", false)], true)
        .doc("api/requirements.txt", "django>=4\nrequests==2.31.0\n# c\n")
        .without_history();
    let f = run_rule("DEL013", &w.facts(), &ctx());
    let messages: Vec<&str> = f.iter().map(|x| x.message.as_str()).collect();
    assert_eq!(f.len(), 3, "{messages:?}");
    assert_eq!(f[0].severity, Severity::High);
    assert!(
        messages[0].starts_with("`web/package.json` (application, 1 dependencies) has no lockfile")
    );
    assert_eq!(f[1].severity, Severity::Low);
    assert!(
        messages[2].contains("1 unpinned requirements (e.g. django>=4)"),
        "{}",
        messages[2]
    );
    // Several libraries without lockfiles (split packages of a monorepo): one low finding.
    let w = World::new()
        .manifest(
            "src/Database/composer.json",
            "packagist",
            &[("a/b", false)],
            true,
        )
        .manifest(
            "src/Queue/composer.json",
            "packagist",
            &[("a/c", false)],
            true,
        )
        .manifest(
            "src/Mail/composer.json",
            "packagist",
            &[("a/d", false)],
            true,
        )
        .without_history();
    let f = run_rule("DEL013", &w.facts(), &ctx());
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::Low);
    assert!(
        f[0].message
            .starts_with("3 library packages have no lockfile (composer.lock)"),
        "{}",
        f[0].message
    );
    assert_eq!(f[0].evidence.len(), 3);
    // A lockfile at the workspace root satisfies nested packages.
    let w = World::new()
        .doc("pnpm-lock.yaml", "lockfileVersion: 9")
        .manifest("apps/web/package.json", "npm", &[("react", false)], false)
        .without_history();
    assert!(run_rule("DEL013", &w.facts(), &ctx()).is_empty());
    // ...unless .gitignore ignores it.
    let w = World::new()
        .doc("package-lock.json", "{}")
        .doc(".gitignore", "node_modules\npackage-lock.json\n")
        .manifest("package.json", "npm", &[("react", false)], false)
        .without_history();
    let f = run_rule("DEL013", &w.facts(), &ctx());
    assert!(f[0].message.contains("listed in `.gitignore`"), "{f:?}");
    // A .gitignore in a test fixture folder does not govern the root's lockfile.
    let w = World::new()
        .doc("composer.lock", "{}")
        .doc("tests/fixtures/app/.gitignore", "vendor\ncomposer.lock\n")
        .manifest("composer.json", "packagist", &[("a/b", false)], false)
        .without_history();
    assert!(run_rule("DEL013", &w.facts(), &ctx()).is_empty());
}

#[test]
fn del001_no_ci_and_platform_builds() {
    let mk = || {
        World::new()
            .doc("vercel.json", "{}")
            .code("a.ts", "TypeScript", 10)
            .facts()
    };
    let f = run_rule("DEL001", &mk(), &ctx());
    assert_eq!(f[0].severity, Severity::High);
    assert_eq!(f[0].evidence[0].path.as_deref(), Some("vercel.json"));
    let w = World::new().doc(".github/workflows/ci.yml", "on: push");
    assert!(run_rule("DEL001", &w.facts(), &ctx()).is_empty());
}

#[test]
fn del015_dependency_updates() {
    let w = World::new()
        .manifest("package.json", "npm", &[("react", false)], false)
        .doc("package.json", "{}");
    assert_eq!(run_rule("DEL015", &w.facts(), &ctx()).len(), 1);
    let w = World::new()
        .manifest("package.json", "npm", &[("react", false)], false)
        .doc("package.json", "{}")
        .doc(".github/dependabot.yml", "version: 2");
    assert!(run_rule("DEL015", &w.facts(), &ctx()).is_empty());
}

#[test]
fn fingerprints_follow_content_not_position() {
    // The huge-files summary keeps its identity when the files in it change.
    let a = World::new().code("src/big.ts", "TypeScript", 1200).facts();
    let b = World::new()
        .code("src/other.ts", "TypeScript", 1500)
        .code("x.ts", "TypeScript", 3)
        .facts();
    assert_eq!(
        run_rule("QUA005", &a, &ctx())[0].fingerprint,
        run_rule("QUA005", &b, &ctx())[0].fingerprint
    );
    // Per-manifest findings differ by path, not by line or count.
    let lock = |path: &str, deps: &[(&str, bool)]| {
        let w = World::new()
            .manifest(path, "npm", deps, false)
            .without_history();
        run_rule("DEL013", &w.facts(), &ctx())[0]
            .fingerprint
            .clone()
    };
    assert_eq!(
        lock("web/package.json", &[("react", false)]),
        lock("web/package.json", &[("vue", false), ("x", false)])
    );
    assert_ne!(
        lock("web/package.json", &[("react", false)]),
        lock("api/package.json", &[("react", false)])
    );
}

#[test]
fn del009_release_cadence_from_tags() {
    let mut w = World::new().code("a.rs", "Rust", 10);
    for k in 0..45 {
        w.commit("Alice", NOW - 200 * DAY + k * DAY, &[("a.rs", 1)]);
    }
    w.tag("v1.0.0", NOW - 190 * DAY);
    w.tag("v1.1.0", NOW - 180 * DAY);
    let f = run_rule("DEL009", &w.facts(), &ctx());
    assert_eq!(f[0].severity, Severity::Medium, "{f:?}");
    assert!(f[0].message.starts_with("2 releases in the last 12 months (from version tags); last release 2024-07-05 (180 days ago), typically 10 days apart"), "{}", f[0].message);
    assert!(
        f[0].message.contains("less than monthly")
            && f[0].message.contains("24 commits have landed since"),
        "{}",
        f[0].message
    );
    // Weekly releases with a recent one are information only.
    let mut w = World::new().code("a.rs", "Rust", 10);
    for k in 0..13 {
        w.commit("Alice", NOW - k * 7 * DAY - 2 * DAY, &[("a.rs", 1)]);
        w.tag(&format!("v1.{k}.0"), NOW - k * 7 * DAY - DAY);
    }
    let f = run_rule("DEL009", &w.facts(), &ctx());
    assert_eq!(f[0].severity, Severity::Info);
    assert!(f[0].message.contains(": weekly"), "{}", f[0].message);
}

#[test]
fn qua010_style_configuration_per_language() {
    let w = World::new()
        .code("src/a.ts", "TypeScript", 500)
        .code("api/x.py", "Python", 500)
        .doc("pyproject.toml", "[tool.ruff]\nline-length = 100\n");
    let f = run_rule("QUA010", &w.facts(), &ctx());
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].message.starts_with("No linter or formatter configuration (ESLint, Biome or Prettier) was found for TypeScript (50% of the code)"), "{}", f[0].message);
    let w = World::new()
        .code("src/a.ts", "TypeScript", 500)
        .doc("eslint.config.js", "export default []");
    assert!(run_rule("QUA010", &w.facts(), &ctx()).is_empty());
    let w = World::new().code("src/main.rs", "Rust", 500);
    assert!(
        run_rule("QUA010", &w.facts(), &ctx()).is_empty(),
        "Rust ships rustfmt"
    );
}

#[test]
fn doc003_and_doc004_operational_documents() {
    let bare = || World::new().code("src/a.rs", "Rust", 100);
    assert_eq!(run_rule("DOC003", &bare().facts(), &ctx()).len(), 1);
    assert_eq!(run_rule("DOC004", &bare().facts(), &ctx()).len(), 1);
    let documented = bare()
        .doc("docs/adr/0001-record.md", "# 1")
        .doc("README.md", "# App\n## Deployment\nfly deploy\n");
    let facts = documented.facts();
    assert!(run_rule("DOC003", &facts, &ctx()).is_empty());
    assert!(run_rule("DOC004", &facts, &ctx()).is_empty());
}

#[test]
fn arc002_compares_libraries_within_one_ecosystem() {
    let w = World::new()
        .code("web/a.ts", "TypeScript", 100)
        .manifest("web/package.json", "npm", &[("axios", false)], false)
        .manifest("api/pyproject.toml", "pypi", &[("httpx", false)], false)
        .without_history();
    assert!(run_rule("ARC002", &w.facts(), &ctx()).is_empty());
}

#[test]
fn staleness_is_measured_against_the_newest_commit() {
    let mut good = String::from(
        "# Acme\n## Installation\n## Running locally\n## Tests\n## Deployment\n## Configuration\n",
    );
    for i in 0..30 {
        good.push_str(&format!("line {i}\n"));
    }
    let build = |commits: i64| {
        let mut w = World::new()
            .doc("README.md", &good)
            .code("a.rs", "Rust", 10);
        w.commit("Alice", NOW - 800 * DAY, &[("README.md", 36)]);
        for k in 0..commits {
            w.commit("Alice", NOW - 400 * DAY + k * 60, &[("a.rs", 1)]);
        }
        w.facts()
    };
    // 201 commits more than a year after the README's last change: stale, although the newest
    // commit is itself 400 days before now.
    let f = run_rule("DOC001", &build(201), &ctx());
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(
        f[0].message
            .contains("unchanged since 2022-10-24 while 201 commits landed"),
        "{}",
        f[0].message
    );
    // 200 commits is not more than the threshold.
    assert!(run_rule("DOC001", &build(200), &ctx()).is_empty());
}

/// A Rust function with `branches` sequential `if`s, each with an `&&` (cyclomatic
/// 1 + 2 × branches), nested `depth` deep inside loops.
fn branchy(name: &str, branches: usize, depth: usize) -> String {
    let mut body = String::new();
    for _ in 0..depth {
        body.push_str("for x in xs.iter() {\n");
    }
    for i in 0..branches {
        body.push_str(&format!("if a > {i} && b < {i} {{ total += {i}; }}\n"));
    }
    for _ in 0..depth {
        body.push_str("}\n");
    }
    format!(
        "fn {name}(a: u32, b: u32, xs: &[u32]) -> u32 {{\nlet mut total = 0;\n{body}total\n}}\n"
    )
}

#[test]
fn qua006_tangled_functions_fire_on_complexity_and_not_on_simple_code() {
    // Two loops around 12 ifs with && each: cyclomatic 1 + 2 + 24 = 27; cognitive 1 + 2 + 12 × 4
    // (each `if` at nesting 2, plus its `&&`) = 51.
    let tangled = branchy("settle", 12, 2);
    let simple = branchy("total", 2, 0);
    let w = World::new()
        .source("src/billing.rs", "Rust", &format!("{tangled}\n{simple}"))
        .source(
            "tests/billing_test.rs",
            "Rust",
            &branchy("test_settle", 12, 2),
        )
        .without_history();
    let f = run_rule("QUA006", &w.facts(), &ctx());
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(
        f[0].message
            == "`settle` in `src/billing.rs` is hard to work on: cognitive complexity 51, cyclomatic complexity 27",
        "{}",
        f[0].message
    );
    assert_eq!(f[0].evidence[0].line, Some(1));
    // Tests are not flagged; simple code is not flagged.
    let w = World::new()
        .source("src/billing.rs", "Rust", &simple)
        .source("tests/billing_test.rs", "Rust", &tangled)
        .without_history();
    assert!(run_rule("QUA006", &w.facts(), &ctx()).is_empty());
    // The thresholds are options.
    let w = World::new()
        .source("src/billing.rs", "Rust", &branchy("mid", 6, 0))
        .without_history();
    assert!(
        run_rule("QUA006", &w.facts(), &ctx()).is_empty(),
        "cognitive 12, cyclomatic 13"
    );
}

#[test]
fn qua008_duplicated_code_fires_above_five_percent() {
    let original = branchy("settle", 12, 1);
    let copy = original
        .replace("settle", "settle_again")
        .replace("total", "sum");
    let unrelated = branchy("other", 1, 0);
    let w = World::new()
        .source("billing/settle.rs", "Rust", &original)
        .source("orders/settle.rs", "Rust", &copy)
        .source("orders/other.rs", "Rust", &unrelated)
        .without_history();
    let f = run_rule("QUA008", &w.facts(), &ctx());
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::High, "{}", f[0].message);
    assert_eq!(
        f[0].message,
        "88% of the code is duplicated (36 lines in 1 copied block); 1 copy crosses components"
    );
    assert_eq!(f[0].evidence[0].path.as_deref(), Some("billing/settle.rs"));
    // No copies: nothing.
    let w = World::new()
        .source("billing/settle.rs", "Rust", &original)
        .source("orders/other.rs", "Rust", &unrelated)
        .without_history();
    assert!(run_rule("QUA008", &w.facts(), &ctx()).is_empty());
    // Copies among tests only: nothing either.
    let w = World::new()
        .source("tests/a_test.rs", "Rust", &original)
        .source("tests/b_test.rs", "Rust", &copy)
        .without_history();
    assert!(run_rule("QUA008", &w.facts(), &ctx()).is_empty());
}

#[test]
fn qua007_hotspots_rank_by_complexity_and_show_code_health() {
    let flat: String = (0..60).fold(String::new(), |mut out, i| {
        out.push_str(&format!("total += {i};\n"));
        out
    });
    let mut w = World::new()
        .source("src/engine.rs", "Rust", &branchy("run", 60, 3))
        .source(
            "src/config.rs",
            "Rust",
            &format!("fn load() -> u32 {{\nlet mut total = 0;\n{flat}total\n}}\n"),
        );
    for i in 0..30 {
        let p = format!("src/f{i}.rs");
        w = w.source(&p, "Rust", "fn f() {}\n");
        w.commit("Bob", NOW - 300 * DAY + i, &[(&p, 1)]);
    }
    // The large, simple file changes as often as the complex one; only the complex one is a
    // hotspot.
    for k in 0..10 {
        w.commit(
            "Alice",
            NOW - 100 * DAY + k * DAY,
            &[("src/engine.rs", 5), ("src/config.rs", 5)],
        );
    }
    let f = run_rule("QUA007", &w.facts(), &ctx());
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(
        f[0].message
            .contains("`src/engine.rs` changed in 10 commits")
            && f[0].message.contains("cyclomatic complexity 124")
            && f[0].message.contains("code health"),
        "{}",
        f[0].message
    );
}

/// `n` lines of TypeScript, with `hatches` of them using `any`.
fn typescript(n: usize, hatches: usize) -> String {
    (0..n)
        .map(|i| {
            if i < hatches {
                format!("export const v{i} = JSON.parse(\"{i}\") as any;\n")
            } else {
                format!("export const v{i}: number = {i};\n")
            }
        })
        .collect()
}

#[test]
fn qua011_escape_hatches_by_density_and_configuration() {
    // 8 `any`s in 1,000 lines: medium. The same in a test file does not count.
    let w = World::new()
        .source("src/api.ts", "TypeScript", &typescript(1000, 8))
        .source("src/api.test.ts", "TypeScript", &typescript(100, 50))
        .without_history();
    let f = run_rule("QUA011", &w.facts(), &ctx());
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::Medium);
    assert_eq!(
        f[0].message,
        "8 type or lint escape hatches in production code, 8.0 per 1,000 code lines (any 8)"
    );
    assert_eq!(f[0].evidence[0].path.as_deref(), Some("src/api.ts"));

    // 2 in 1,000 lines: low; a `tsconfig.json` without `strict` adds its own evidence, one that
    // extends a strict base does not.
    let w = World::new()
        .source("src/api.ts", "TypeScript", &typescript(1000, 2))
        .doc(
            "tsconfig.base.json",
            r#"{ "compilerOptions": { "strict": true } }"#,
        )
        .doc(
            "apps/web/tsconfig.json",
            r#"{ "extends": "../../tsconfig.base.json" }"#,
        )
        .doc(
            "apps/admin/tsconfig.json",
            "{\n  // no strict here\n  \"compilerOptions\": { \"target\": \"es2022\", },\n}",
        )
        .doc(
            "apps/docs/tsconfig.json",
            r#"{ "extends": "@tsconfig/node20/tsconfig.json" }"#,
        )
        .without_history();
    let f = run_rule("QUA011", &w.facts(), &ctx());
    assert_eq!(f[0].severity, Severity::Low, "{f:?}");
    assert!(
        f[0].message
            .ends_with("; TypeScript's strict mode is off in 1 of 3 tsconfig files"),
        "{}",
        f[0].message
    );
    assert_eq!(
        f[0].evidence[0].path.as_deref(),
        Some("apps/admin/tsconfig.json")
    );

    // Clean, strict code: nothing. One hatch in 1,000 lines: information only.
    let w = World::new()
        .source("src/api.ts", "TypeScript", &typescript(1000, 0))
        .doc(
            "tsconfig.json",
            r#"{ "compilerOptions": { "strict": true } }"#,
        )
        .without_history();
    assert!(run_rule("QUA011", &w.facts(), &ctx()).is_empty());
    let w = World::new()
        .source("src/api.ts", "TypeScript", &typescript(1000, 1))
        .without_history();
    assert_eq!(
        run_rule("QUA011", &w.facts(), &ctx())[0].severity,
        Severity::Info
    );
}

#[test]
fn qua011_python_and_mypy_settings() {
    let code = "import os  # noqa\nx: int = os.environ['X']  # type: ignore\n\
                y = 1  # noqa: E501\ntext = '# type: ignore is only text here'\n";
    let w = World::new()
        .source("app/settings.py", "Python", code)
        .doc(
            "setup.cfg",
            "[mypy]\nstrict = True\n\n[mypy-app.legacy.*]\nignore_errors = True\n",
        )
        .without_history();
    let f = run_rule("QUA011", &w.facts(), &ctx());
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(
        f[0].message
            .starts_with("2 type or lint escape hatches in production code")
            && f[0].message.contains("(noqa 1, type: ignore 1)")
            && f[0].message.ends_with("; mypy ignores errors in 1 section"),
        "{}",
        f[0].message
    );
    assert_eq!(f[0].evidence[0].line, Some(5));
}

#[test]
fn qua012_swallowed_errors_fire_and_handled_errors_do_not() {
    let swallowing = "export async function charge() {\n  try { await pay(); } catch (e) {}\n\
                      try { await pay(); } catch {\n    // retried by the queue\n  }\n\
                      pay().catch(() => {});\n}\n";
    let w = World::new()
        .source("src/billing/charge.ts", "TypeScript", swallowing)
        .source("src/billing/charge.test.ts", "TypeScript", swallowing)
        .without_history();
    let f = run_rule("QUA012", &w.facts(), &ctx());
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::Medium);
    assert_eq!(
        f[0].message,
        "3 error handlers in production code swallow errors (empty catch 2, .catch() doing \
         nothing 1); 1 of them says why in a comment; 3 in business-critical files"
    );
    assert_eq!(f[0].evidence.len(), 3);
    assert_eq!(f[0].evidence[0].line, Some(2));

    // Handled errors: nothing. Go's `_ = f()` alone: information.
    let handled = "export async function charge() {\n  try { await pay(); } catch (e) {\n    \
                   log(e);\n    throw e;\n  }\n  pay().catch((e) => log(e));\n}\n";
    let w = World::new()
        .source("src/billing/charge.ts", "TypeScript", handled)
        .without_history();
    assert!(run_rule("QUA012", &w.facts(), &ctx()).is_empty());
    let go = "package x\n\nimport \"os\"\n\nfunc Clean(p string) {\n\t_ = os.Remove(p)\n}\n";
    let w = World::new()
        .source("internal/x/clean.go", "Go", go)
        .without_history();
    let f = run_rule("QUA012", &w.facts(), &ctx());
    assert_eq!(f[0].severity, Severity::Info, "{f:?}");
    assert_eq!(f[0].message, "1 result thrown away unread (_ = call() 1)");
}

#[test]
fn qua013_focused_tests_are_high_and_skips_low() {
    let focused = "describe('cart', () => {\n  it.only('adds', () => {});\n  \
                   it.skip('removes', () => {});\n  it('empties', () => {});\n});\n";
    let w = World::new()
        .source("src/cart.test.ts", "TypeScript", focused)
        // Production code with the same calls is not a test.
        .source("src/cart.ts", "TypeScript", focused)
        .without_history();
    let f = run_rule("QUA013", &w.facts(), &ctx());
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::High);
    assert_eq!(
        f[0].message,
        "1 focused test committed (.only 1): the rest of its suite does not run; 1 disabled \
         test (.skip 1)"
    );
    assert_eq!(f[0].evidence[0].path.as_deref(), Some("src/cart.test.ts"));
    assert_eq!(f[0].evidence[0].line, Some(2));

    // Rust's inline `#[ignore]` and a Playwright retry setting: low.
    let rust = "pub fn f() {}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    #[ignore]\n    \
                fn slow() {}\n}\n";
    let w = World::new()
        .source("src/lib.rs", "Rust", rust)
        .doc(
            "playwright.config.ts",
            "export default defineConfig({\n  retries: process.env.CI ? 2 : 0,\n});\n",
        )
        .without_history();
    let f = run_rule("QUA013", &w.facts(), &ctx());
    assert_eq!(f[0].severity, Severity::Low, "{f:?}");
    assert_eq!(
        f[0].message,
        "1 disabled test (#[ignore] 1); failing tests are retried (1 runner setting)"
    );

    // Conditional skips and plain tests: nothing.
    let conditional = "import os\nimport pytest\n\n\
                       @pytest.mark.skipif(os.name == 'nt', reason='posix')\ndef test_a():\n    \
                       assert True\n\n\ndef test_b():\n    if not os.environ.get('CI'):\n        \
                       pytest.skip('CI only')\n    assert True\n";
    let w = World::new()
        .source("tests/test_a.py", "Python", conditional)
        .without_history();
    assert!(run_rule("QUA013", &w.facts(), &ctx()).is_empty());
}

#[test]
fn qua013_commits_about_flaky_tests() {
    let mut w = World::new().source("tests/test_a.py", "Python", "def test_a():\n    pass\n");
    for (i, subject) in [
        "Fix flaky checkout test",
        "Rerun CI on intermittent failure",
        "Deflake login spec",
        "Add rerun button to the dashboard",
    ]
    .iter()
    .enumerate()
    {
        w.commit(
            "Alice",
            NOW - (10 + i as i64) * DAY,
            &[("tests/test_a.py", 1)],
        );
        w.subject(subject);
    }
    let f = run_rule("QUA013", &w.facts(), &ctx());
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        f[0].message,
        "3 commits in the last 12 months speak of flaky tests"
    );
    // Two such commits are below the default of three.
    let mut w = World::new().source("tests/test_a.py", "Python", "def test_a():\n    pass\n");
    w.commit("Alice", NOW - 10 * DAY, &[("tests/test_a.py", 1)]);
    w.subject("Fix flaky test");
    assert!(run_rule("QUA013", &w.facts(), &ctx()).is_empty());
}
