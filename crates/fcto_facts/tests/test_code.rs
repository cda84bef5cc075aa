//! Test code recognition (`analysis::test_code`): paths per language and framework with their
//! look-alikes, inline Rust tests measured on real parses, and test co-change rates on a fixture
//! repository with pinned authors and dates, at hand-computed values and window boundaries.
#![cfg(unix)]

use fcto_facts::analysis::test_code::{
    self, CoChange, CodeFile, Role, UnitActivity, classify, code_files, is_test_path,
};
use fcto_facts::analysis::{DAY, analysed_file_histories};
use fcto_facts::{CollectOptions, Facts, collect};
use fcto_testkit::{ALICE, BOB, DEPENDABOT, Fixture, START, run};
use std::process::Command;

#[test]
fn test_paths_per_language_and_their_look_alikes() {
    use Role::{Auxiliary, Production, Support, Test};
    let cases: &[(&str, Role)] = &[
        // Go
        ("render/json_test.go", Test),
        ("context_test.go", Test),
        ("src/testing/helpers.go", Production),
        ("internal/latest.go", Production),
        ("binding/testdata/protoexample/test.pb.go", Support),
        // Python
        ("tests/test_app.py", Test),
        ("src/app/test_views.py", Test),
        ("api/models_test.py", Test),
        ("shop/orders/tests.py", Test),
        ("conftest.py", Test),
        ("tests/conftest.py", Test),
        ("src/contest.py", Production),
        ("app/testing.py", Production),
        ("tests/fixtures/app.py", Support),
        ("docs/conf.py", Auxiliary),
        // JavaScript and TypeScript
        ("src/app.test.ts", Test),
        ("src/Button.spec.tsx", Test),
        ("lib/router.test.mjs", Test),
        ("lib/config.test.cjs", Test),
        ("src/components/__tests__/Button.jsx", Test),
        ("src/__mocks__/fs.js", Support),
        ("e2e/checkout.ts", Test),
        ("cypress/e2e/login.cy.ts", Test),
        ("playwright/auth.setup.ts", Test),
        ("test/app.router.js", Test),
        ("latest.js", Production),
        ("src/latest.js", Production),
        ("lib/attest.mjs", Production),
        ("examples/auth/index.js", Auxiliary),
        ("benchmarks/middleware.js", Auxiliary),
        // Ruby
        ("spec/models/user_spec.rb", Test),
        ("spec/support/helpers.rb", Test),
        ("test/models/user_test.rb", Test),
        ("actionpack/test/controller/base_test.rb", Test),
        ("app/models/attestation.rb", Production),
        ("lib/inspec.rb", Production),
        // JVM
        ("src/test/java/com/example/OwnerTests.java", Test),
        ("src/test/kotlin/com/example/Helpers.kt", Test),
        ("src/main/java/com/example/OwnerControllerTest.java", Test),
        ("src/main/java/com/example/Latest.java", Production),
        (
            "src/main/java/org/springframework/samples/petclinic/Owner.java",
            Production,
        ),
        ("src/test/resources/Sample.java", Support),
        ("app/src/androidTest/java/com/example/MainScreen.kt", Test),
        // .NET
        ("src/Catalog.UnitTests/Prices.cs", Test),
        ("tests/Ordering.FunctionalTests/OrderingApi.cs", Test),
        ("Catalog/PricingTests.cs", Test),
        ("src/Catalog.API/Manifest.cs", Production),
        // Swift
        ("Tests/AlamofireTests/SessionTests.swift", Test),
        ("Sources/Alamofire/Session.swift", Production),
        ("Sources/App/Contest.swift", Production),
        // PHP
        ("tests/Unit/InvoiceTest.php", Test),
        ("src/Billing/InvoiceTest.php", Test),
        ("modules/user/user.test.php", Test),
        ("src/Latest.php", Production),
        // Elixir, Dart, Rust, C++
        ("test/app_web/user_controller_test.exs", Test),
        ("lib/latest.ex", Production),
        ("test/widget_test.dart", Test),
        ("lib/src/parser_test.dart", Test),
        ("tests/api.rs", Test),
        ("axum/tests/routing/mod.rs", Test),
        ("src/routing/tests.rs", Test),
        ("src/testing.rs", Production),
        ("benches/parse.rs", Auxiliary),
        ("examples/todos/src/main.rs", Auxiliary),
        ("base/strings_unittest.cc", Test),
        ("src/latest.c", Production),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(p, role)| classify(p).role != *role)
        .map(|(p, role)| format!("{p}: {:?}, expected {role:?}", classify(p)))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert!(is_test_path("tests/fixtures/app.py") && is_test_path("e2e/checkout.ts"));
    assert!(!is_test_path("docs/conf.py") && !is_test_path("src/contest.py"));
    assert_eq!(classify("render/json_test.go").runner, Some("go test"));
    assert_eq!(classify("tests/conftest.py").runner, Some("pytest"));
    assert_eq!(classify("tests/api.rs").runner, Some("cargo test"));
    assert_eq!(classify("tests/test_app.py").runner, None);
}

// ---------------------------------------------------------------------------------------------
// A fixture repository

/// 2024-12-31T00:00:00Z, the fixture's "now": the last 90 days are (2024-10-02, 2024-12-31],
/// the 180 days before them (2024-04-05, 2024-10-02].
const AS_OF: i64 = START + 365 * DAY;

/// Expected counts (tokei 15): 16 code lines, of which the two test functions hold 3 + 4 = 7.
/// The `#[test]` attributes, `mod tests`, `use super::*;` and the closing brace stay production.
const LIB_RS: &str = "\
pub fn add(a: i32, b: i32) -> i32 {
    a + b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds() {
        assert_eq!(add(1, 2), 3);
    }

    #[test]
    fn adds_negative() {
        let x = add(-1, -2);
        assert_eq!(x, -3);
    }
}
";

/// Appends `n` numbered lines to a file (creating it).
fn append(f: &Fixture, path: &str, n: usize) {
    let full = f.path().join(path);
    let mut text = std::fs::read_to_string(&full).unwrap_or_default();
    let start = text.lines().count();
    for i in 0..n {
        text.push_str(&format!("x{} = {}\n", start + i, start + i));
    }
    f.write(path, text);
}

/// The history of the fixture, oldest first (days relative to `AS_OF`):
///
/// | when | who        | changes                                     | counts as                  |
/// |------|------------|---------------------------------------------|----------------------------|
/// | -365 | Alice      | everything created                          | before the windows         |
/// | -270 | Alice      | app.py +1, test_app.py +1                   | on the prior window's open start: neither |
/// | -200 | Alice      | app.py +2, test_app.py +3                   | prior, with tests          |
/// | -150 | Bob        | app.py +2                                   | prior, without             |
/// |  -90 | Bob        | app.py +2                                   | on the recent window's start: prior, without |
/// |  -60 | Alice      | app.py +4, tests/fixtures/data.json +5      | recent, with tests (support) |
/// |  -40 | Bob        | app.py +1 on a branch, merged at -39        | recent, without; the merge not at all |
/// |  -30 | Alice      | lib.rs +4 (a file with inline tests)        | recent, with tests (upper bound) |
/// |  -20 | dependabot | app.py +1                                   | a bot: not at all          |
/// |  -15 | Alice      | app.py +1 and 31 data files                 | a mass commit: not at all  |
/// |  -10 | Alice      | docs/conf.py +1                             | not production             |
/// |   -5 | Bob        | app.py renamed to core.py, +1               | recent, without            |
/// |    0 | Bob        | core.py +2                                  | recent (the window's end), without |
/// |   +1 | Bob        | core.py +1                                  | after "now": not at all    |
fn fixture() -> (Fixture, Facts) {
    let mut f = Fixture::new();
    let at = |days: i64| AS_OF + days * DAY;
    append(&f, "src/app.py", 20);
    f.write("src/lib.rs", LIB_RS);
    append(&f, "tests/test_app.py", 10);
    append(&f, "docs/conf.py", 3);
    // Style sheets are not unit-tested code: on neither side.
    f.write("static/site.css", "body {\n  margin: 0;\n}\n");
    f.write("README.md", "# Fixture\n");
    f.commit_at(ALICE, "Initial import", at(-365));
    for (days, who, app, test) in [
        (-270, ALICE, 1, 1),
        (-200, ALICE, 2, 3),
        (-150, BOB, 2, 0),
        (-90, BOB, 2, 0),
    ] {
        append(&f, "src/app.py", app);
        if test > 0 {
            append(&f, "tests/test_app.py", test);
        }
        f.commit_at(who, "Change the app", at(days));
    }
    append(&f, "src/app.py", 4);
    f.write("tests/fixtures/data.json", "[\n1,\n2,\n3\n]\n");
    f.commit_at(ALICE, "App with fixture", at(-60));

    f.git(&["checkout", "-q", "-b", "feature"]);
    append(&f, "src/app.py", 1);
    f.commit_at(BOB, "Feature", at(-40));
    f.git(&["checkout", "-q", "main"]);
    f.git_as(
        ALICE,
        at(-39),
        &[
            "merge",
            "-q",
            "--no-ff",
            "-m",
            "Merge branch 'feature'",
            "feature",
        ],
    );

    f.write(
        "src/lib.rs",
        format!("{LIB_RS}\npub fn sub(a: i32, b: i32) -> i32 {{\n    a - b\n}}\n"),
    );
    f.commit_at(ALICE, "Subtract", at(-30));
    append(&f, "src/app.py", 1);
    f.commit_at(DEPENDABOT, "Bump", at(-20));
    append(&f, "src/app.py", 1);
    for i in 0..31 {
        f.write(&format!("data/{i}.txt"), "data\n");
    }
    f.commit_at(ALICE, "Import data", at(-15));
    append(&f, "docs/conf.py", 1);
    f.commit_at(ALICE, "Docs", at(-10));
    f.git(&["mv", "src/app.py", "src/core.py"]);
    append(&f, "src/core.py", 1);
    f.commit_at(BOB, "Rename", at(-5));
    append(&f, "src/core.py", 2);
    f.commit_at(BOB, "Core", at(0));
    append(&f, "src/core.py", 1);
    f.commit_at(BOB, "Tomorrow", at(1));

    let facts = collect(
        f.path(),
        &CollectOptions {
            rev: None,
            history: true,
            syntax: true,
            ..CollectOptions::default()
        },
    )
    .expect("facts");
    (f, facts)
}

/// By language: `rust` for `.rs` files, `python` for the rest.
fn by_language(path: &str) -> String {
    if path.ends_with(".rs") {
        "rust"
    } else {
        "python"
    }
    .to_string()
}

#[test]
fn inline_rust_tests_are_test_lines_of_a_production_file() {
    let (_f, facts) = fixture();
    let files = code_files(&facts.inventory);
    let lib = files
        .iter()
        .find(|f| f.path == "src/lib.rs")
        .expect("lib.rs");
    assert_eq!(lib.role(), Role::Production);
    assert_eq!((lib.code, lib.inline_test), (19, 7));
    assert_eq!((lib.production_lines(), lib.test_lines()), (12, 7));
    assert_eq!(lib.runner(), Some("cargo test"));

    let roles: Vec<(&str, Role)> = files.iter().map(|f| (f.path, f.role())).collect();
    assert_eq!(
        roles,
        [
            ("docs/conf.py", Role::Auxiliary),
            ("src/core.py", Role::Production),
            ("src/lib.rs", Role::Production),
            ("tests/test_app.py", Role::Test),
        ]
    );
    let (units, all) = test_code::totals(&files, &by_language);
    // core.py: 20 + 1 + 2 + 2 + 2 + 4 + 1 + 1 + 1 + 1 + 2 + 1 lines; test_app.py: 10 + 1 + 3.
    assert_eq!(all.production_lines, 38 + 12);
    assert_eq!(all.test_lines, 14 + 7);
    assert_eq!((all.test_files, all.auxiliary_lines), (2, 4));
    assert_eq!(units["rust"].ratio(), Some(7.0 / 12.0));
}

fn activity(facts: &Facts, files: &[CodeFile<'_>]) -> test_code::TestActivity {
    let history = facts.history.as_ref().expect("history");
    let histories = analysed_file_histories(history, &facts.inventory);
    test_code::test_activity(history, files, &histories, &by_language, AS_OF)
}

#[test]
fn co_change_rates_per_window_at_their_boundaries() {
    let (_f, facts) = fixture();
    let files = code_files(&facts.inventory);
    let a = activity(&facts, &files);

    // Recent: -60 (tests), -40, -30 (inline tests), -5, 0: 2 of 5.
    let recent = a.co_change(AS_OF - 90 * DAY, AS_OF);
    assert_eq!(
        recent,
        CoChange {
            production_commits: 5,
            with_tests: 2,
            production_added: 4 + 1 + 4 + 1 + 2,
            test_added: 5,
        }
    );
    assert_eq!(recent.rate(), Some(0.4));
    assert_eq!(recent.growth(), Some(5.0 / 12.0));
    // Prior: -200 (tests), -150, -90: 1 of 3; the commit at -270 opens the window and is out.
    let prior = a.co_change(AS_OF - 270 * DAY, AS_OF - 90 * DAY);
    assert_eq!(
        prior,
        CoChange {
            production_commits: 3,
            with_tests: 1,
            production_added: 6,
            test_added: 3,
        }
    );

    let monthly: Vec<(String, u64, u64)> = a
        .monthly(AS_OF, 3)
        .into_iter()
        .map(|(m, c)| (m, c.production_commits, c.with_tests))
        .collect();
    // -90 is 2024-10-02, -60 2024-11-01, -40 2024-11-21, -30 2024-12-01 00:00 (the month's
    // first second), -5 and 0 in December.
    assert_eq!(
        monthly,
        [
            ("2024-10".to_string(), 1, 0),
            ("2024-11".to_string(), 2, 1),
            ("2024-12".to_string(), 3, 1),
        ]
    );
}

#[test]
fn last_test_and_production_change_per_unit() {
    let (_f, facts) = fixture();
    let files = code_files(&facts.inventory);
    let a = activity(&facts, &files);
    // Python: tests last changed at -60 (the fixture); -40, -5 and 0 changed code since.
    assert_eq!(
        a.units["python"],
        UnitActivity {
            last_production: Some(AS_OF),
            last_test: Some(AS_OF - 60 * DAY),
            production_changes_since_test: 3,
        }
    );
    // Rust: the change at -30 touched a file with inline tests.
    assert_eq!(
        a.units["rust"],
        UnitActivity {
            last_production: Some(AS_OF - 30 * DAY),
            last_test: Some(AS_OF - 30 * DAY),
            production_changes_since_test: 0,
        }
    );
}

#[test]
fn production_lines_added_agree_with_git_numstat() {
    let (f, facts) = fixture();
    let files = code_files(&facts.inventory);
    let a = activity(&facts, &files);
    let history = facts.history.as_ref().expect("history");
    assert!(!a.commits.is_empty());
    for c in &a.commits {
        let id = &history.commits[c.index].id;
        let out = run(Command::new("git")
            .args(["show", "--numstat", "--format=", "-M", id])
            .current_dir(f.path()));
        let added: u64 = out
            .lines()
            .filter_map(|l| {
                let mut parts = l.split('\t');
                let added = parts.next()?.parse::<u64>().ok()?;
                let path = parts.nth(1)?;
                path.starts_with("src/").then_some(added)
            })
            .sum();
        assert_eq!(c.production_added, added, "{id}");
    }
}
