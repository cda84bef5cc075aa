//! QUA-01: whether there are automated tests, and how much test code there is for the
//! production code of each component.

use crate::components::{component_of, thousands};
use crate::{Analysis, Emitter};
use fcto_facts::Facts;
use fcto_facts::analysis::test_code::{self, CodeFile, TestTotals};
use fcto_model::{Evidence, RuleDocs, Severity, Stage};
use std::collections::BTreeSet;

pub const DOCS: RuleDocs = RuleDocs {
    what: "Recognises test code by path and name per language and framework (`*_test.go`, \
           `test_*.py`, `conftest.py`, `*.test.ts`, `*.spec.js`, `__tests__/`, `spec/`, \
           `test/`, `tests/`, `src/test/java/`, `*Test.java`, `*Tests.cs`, `*Tests.swift`, \
           `*_test.exs`, `*_test.dart`, `e2e/`, `cypress/`, `playwright/`...) and Rust's inline \
           `mod tests` blocks (the functions under a `tests` module). Fixtures, test data, \
           snapshots and mocks are test support and count on neither side; examples, docs and \
           benchmarks are neither product nor tests; generated and vendored files, and markup, \
           style sheets, templates, build and shell scripts, SQL and schemas, are left out. \
           Reports, per component, test code lines ÷ production code lines: high when the \
           product has no test code at all (medium at pre-product), medium for a component with \
           at least `min_code` production lines and a ratio below `min_ratio`. A component is a \
           package with its own manifest, else a top-level folder; when tests live apart from \
           the code (a `tests/`, `spec/` or `e2e/` folder, or a test-only package), the code \
           and tests of the package around them are weighed together. Test frameworks come \
           from the manifests (Jest, Vitest, pytest, RSpec, JUnit, xUnit, PHPUnit...) and from \
           the test files themselves (`go test`, `cargo test`, ExUnit, XCTest).",
    why: "Without automated tests every change must be checked by hand or goes out unchecked, so \
          the team slows down or breaks things.",
    how_to_fix: "Start with tests around the code that earns money or changes most (checkout, \
                 sign-up, the hotspots), run them in CI on every change, and add a test with \
                 every bug fix; a ratio of 0.3 or more is healthy for most products.",
    options: "`min_code` (default 500): production code lines a component needs to be judged; \
              `min_ratio` (default 0.1): test ÷ production code lines below which a component \
              is reported.",
};

/// Test-only components whose package is weighed as one unit, by package directory.
pub(crate) struct TestUnits<'f> {
    facts: &'f Facts,
    /// Package directories (`.` for the repository) whose tests live apart from their code.
    merged: BTreeSet<String>,
}

impl<'f> TestUnits<'f> {
    /// Finds the packages whose tests live apart from the code: a component holding test code
    /// and no production code (`tests/`, `spec/`, `e2e/`, a test-only package) merges the
    /// package around it, sub-packages included, into one unit.
    pub(crate) fn new(facts: &'f Facts, files: &[CodeFile<'_>]) -> TestUnits<'f> {
        let (components, _) = test_code::totals(files, &|p| component_of(facts, p));
        let merged = components
            .iter()
            .filter(|(_, t)| t.test_lines > 0 && t.production_lines == 0)
            .map(|(c, _)| enclosing_package(facts, c))
            .collect();
        TestUnits { facts, merged }
    }

    /// The unit `path` is weighed in: the outermost merged package holding it, else its
    /// component.
    pub(crate) fn unit_of(&self, path: &str) -> String {
        if let Some(m) = self
            .merged
            .iter()
            .filter(|m| is_under(path, m))
            .min_by_key(|m| if *m == "." { 0 } else { m.len() })
        {
            return m.clone();
        }
        component_of(self.facts, path)
    }
}

/// The nearest package strictly above the component `component` (`.` for the repository).
fn enclosing_package(facts: &Facts, component: &str) -> String {
    if component == "(root)" {
        return ".".to_string();
    }
    facts
        .stack
        .packages
        .iter()
        .filter(|p| *p != "." && p.as_str() != component && is_under(component, p))
        .max_by_key(|p| p.len())
        .cloned()
        .unwrap_or_else(|| ".".to_string())
}

fn is_under(path: &str, dir: &str) -> bool {
    dir == "." || (path.starts_with(dir) && path.as_bytes().get(dir.len()) == Some(&b'/'))
}

/// How a unit is named in messages.
pub(crate) fn unit_label(unit: &str) -> String {
    if unit == "." {
        "the repository".to_string()
    } else {
        format!("`{unit}`")
    }
}

/// `production 4,560 lines in 40 files; tests 120 lines in 2 files; ratio 0.03; Vitest`.
pub(crate) fn describe(t: &TestTotals, frameworks: Option<&BTreeSet<String>>) -> String {
    let mut s = format!(
        "production {} code lines in {}; tests {} lines in {}",
        thousands(t.production_lines),
        file_count(t.production_files),
        thousands(t.test_lines),
        file_count(t.test_files)
    );
    if let Some(r) = t.ratio() {
        s.push_str(&format!("; ratio {r:.2}"));
    }
    match frameworks.filter(|f| !f.is_empty()) {
        Some(f) => s.push_str(&format!(
            "; frameworks: {}",
            f.iter().cloned().collect::<Vec<_>>().join(", ")
        )),
        None => s.push_str("; no test framework found"),
    }
    s
}

/// `1 file`, `40 files`.
fn file_count(n: u64) -> String {
    if n == 1 {
        "1 file".to_string()
    } else {
        format!("{} files", thousands(n))
    }
}

fn evidence_path(unit: &str) -> String {
    if unit == "." {
        ".".to_string()
    } else {
        unit.to_string()
    }
}

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let min_code = e.option("min_code") as u64;
    let min_ratio = e.option("min_ratio");
    let files = test_code::code_files(&a.facts.inventory);
    let units = TestUnits::new(a.facts, &files);
    let unit_of = |p: &str| units.unit_of(p);
    let (per_unit, all) = test_code::totals(&files, &unit_of);
    let frameworks = test_code::frameworks(&a.facts.stack, &files, &unit_of);
    if all.production_lines < min_code {
        return;
    }
    let mut largest: Vec<(&String, &TestTotals)> = per_unit
        .iter()
        .filter(|(_, t)| t.production_lines > 0)
        .collect();
    largest.sort_by(|x, y| {
        y.1.production_lines
            .cmp(&x.1.production_lines)
            .then(x.0.cmp(y.0))
    });

    if all.test_files == 0 {
        let severity = if a.context.stage == Stage::PreProduct {
            Severity::Medium
        } else {
            Severity::High
        };
        let mut evidence: Vec<Evidence> = largest
            .iter()
            .take(10)
            .map(|(u, t)| {
                Evidence::file(evidence_path(u)).with_note(format!(
                    "{} production code lines in {}, no tests",
                    thousands(t.production_lines),
                    file_count(t.production_files)
                ))
            })
            .collect();
        for t in a.facts.stack.of_kind("testing") {
            if let Some((path, line)) = t.declared_in.first() {
                let note = format!("{} is declared here, but no test files were found", t.name);
                evidence.push(match line {
                    Some(l) => Evidence::line(path, *l).with_note(note),
                    None => Evidence::file(path).with_note(note),
                });
            }
        }
        e.report_summary(
            severity,
            format!(
                "No automated tests: none of the {} code files ({} production code lines) is a \
                 test",
                thousands(all.production_files),
                thousands(all.production_lines)
            ),
            evidence,
            "no-tests",
        );
        return;
    }

    for (unit, t) in &largest {
        let Some(ratio) = t.ratio() else { continue };
        if t.production_lines < min_code || ratio >= min_ratio {
            continue;
        }
        let message = if t.test_lines == 0 {
            format!(
                "{} has no tests for its {} production code lines",
                capitalise(&unit_label(unit)),
                thousands(t.production_lines)
            )
        } else {
            format!(
                "{} has {} test code lines for {} production code lines (ratio {ratio:.2}, below \
                 {min_ratio})",
                capitalise(&unit_label(unit)),
                thousands(t.test_lines),
                thousands(t.production_lines)
            )
        };
        let mut evidence =
            vec![Evidence::file(evidence_path(unit)).with_note(describe(t, frameworks.get(*unit)))];
        // The largest production files without tests next to them show where to start.
        evidence.extend(
            largest_production_files(&files, &|p| units.unit_of(p) == **unit)
                .into_iter()
                .take(3)
                .map(|f| {
                    Evidence::file(f.path).with_note(format!(
                        "{} production code lines",
                        thousands(f.production_lines())
                    ))
                }),
        );
        e.report_with(Severity::Medium, message, evidence, "low-test-ratio");
    }
}

fn largest_production_files<'a>(
    files: &'a [CodeFile<'a>],
    keep: &dyn Fn(&str) -> bool,
) -> Vec<&'a CodeFile<'a>> {
    let mut v: Vec<&CodeFile<'_>> = files
        .iter()
        .filter(|f| f.production_lines() > 0 && keep(f.path))
        .collect();
    v.sort_by(|x, y| {
        y.production_lines()
            .cmp(&x.production_lines())
            .then(x.path.cmp(y.path))
    });
    v
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Per unit totals, for the tests.
#[cfg(test)]
pub(crate) fn unit_totals(facts: &Facts) -> std::collections::BTreeMap<String, TestTotals> {
    let files = test_code::code_files(&facts.inventory);
    let units = TestUnits::new(facts, &files);
    test_code::totals(&files, &|p| units.unit_of(p)).0
}

#[cfg(test)]
mod tests {
    use super::unit_totals;
    use crate::testing::{World, run_rule};
    use fcto_model::{CompanyContext, Severity, Stage};

    fn ctx() -> CompanyContext {
        CompanyContext::default()
    }

    #[test]
    fn no_tests_at_all_is_high_and_medium_at_pre_product() {
        let facts = World::new()
            .code("src/app.py", "Python", 800)
            .code("src/models.py", "Python", 400)
            .code("examples/demo_test.py", "Python", 50)
            .manifest("pyproject.toml", "pypi", &[("pytest", true)], false)
            .facts();
        let mut facts = facts;
        facts
            .stack
            .technologies
            .push(fcto_facts::stack::Technology {
                kind: "testing".into(),
                name: "pytest".into(),
                version: None,
                via: None,
                declared_in: vec![("pyproject.toml".into(), Some(7))],
            });
        let f = run_rule("QUA001", &facts, &ctx());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::High);
        assert_eq!(
            f[0].message,
            "No automated tests: none of the 2 code files (1,200 production code lines) is a test"
        );
        assert_eq!(f[0].evidence[0].path.as_deref(), Some("src"));
        assert!(
            f[0].evidence.iter().any(|e| e.line == Some(7)
                && e.note.as_deref()
                    == Some("pytest is declared here, but no test files were found")),
            "{:?}",
            f[0].evidence
        );

        let pre = CompanyContext {
            stage: Stage::PreProduct,
            ..ctx()
        };
        assert_eq!(
            run_rule("QUA001", &facts, &pre)[0].severity,
            Severity::Medium
        );
    }

    #[test]
    fn tests_in_their_own_folder_count_for_the_whole_package() {
        // Flask's layout: the code in src/, the tests in tests/, fixtures and docs beside.
        let facts = World::new()
            .code("src/flask/app.py", "Python", 1000)
            .code("src/flask/cli.py", "Python", 500)
            .code("tests/test_app.py", "Python", 300)
            .code("tests/conftest.py", "Python", 50)
            .code("tests/fixtures/big_app.py", "Python", 5000)
            .code("docs/conf.py", "Python", 2000)
            .facts();
        let totals = unit_totals(&facts);
        assert_eq!(totals.len(), 1, "{totals:?}");
        let t = &totals["."];
        assert_eq!((t.production_lines, t.test_lines), (1500, 350));
        assert_eq!((t.support_lines, t.auxiliary_lines), (5000, 2000));
        assert!(run_rule("QUA001", &facts, &ctx()).is_empty());
    }

    #[test]
    fn a_component_with_too_few_tests_is_medium_and_others_are_judged_apart() {
        let facts = World::new()
            .manifest(
                "packages/api/package.json",
                "npm",
                &[("vitest", true)],
                false,
            )
            .manifest("packages/web/package.json", "npm", &[], false)
            .code("packages/api/src/server.ts", "TypeScript", 2000)
            .code("packages/api/src/server.test.ts", "TypeScript", 100)
            .code("packages/web/src/page.tsx", "TSX", 1000)
            .code("packages/web/src/page.test.tsx", "TSX", 400)
            .code("packages/tiny/index.js", "JavaScript", 300)
            .facts();
        let f = run_rule("QUA001", &facts, &ctx());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Medium);
        assert_eq!(
            f[0].message,
            "`packages/api` has 100 test code lines for 2,000 production code lines (ratio 0.05, \
             below 0.1)"
        );
        assert_eq!(f[0].evidence[0].path.as_deref(), Some("packages/api"));
        assert_eq!(
            f[0].evidence[1].path.as_deref(),
            Some("packages/api/src/server.ts")
        );
    }

    #[test]
    fn inline_rust_tests_count_as_test_code() {
        use fcto_facts::syntax::{FileSyntax, Function};
        let function = |name: &str, start: u32, end: u32, code: u32| Function {
            name: name.into(),
            start_line: start,
            end_line: end,
            code_lines: code,
            parameters: 0,
            cyclomatic: 1,
            cognitive: 0,
            nesting: 0,
            condition_operators: 0,
            nested_chunks: 0,
        };
        let mut facts = World::new().code("src/lib.rs", "Rust", 1000).facts();
        facts.inventory.syntax.insert(
            "src/lib.rs".into(),
            FileSyntax {
                functions: vec![
                    function("parse", 1, 400, 390),
                    function("tests::parses", 500, 560, 55),
                    function("tests::helper", 570, 600, 30),
                    // A function inside a test function is not counted twice.
                    function("tests::inner", 575, 580, 5),
                ],
                ..FileSyntax::default()
            },
        );
        let t = &unit_totals(&facts)["src"];
        assert_eq!(
            (t.production_lines, t.test_lines, t.test_files),
            (915, 85, 1)
        );
        // 85 / 915 = 0.09: below 0.1.
        let f = run_rule("QUA001", &facts, &ctx());
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("ratio 0.09"), "{}", f[0].message);
        assert!(
            f[0].evidence[0]
                .note
                .as_deref()
                .is_some_and(|n| n.ends_with("frameworks: cargo test")),
            "{:?}",
            f[0].evidence
        );
    }

    #[test]
    fn frameworks_of_a_root_manifest_serve_every_component() {
        // Rails' layout: one Gemfile at the root, each framework with its own test folder.
        let mut facts = World::new()
            .manifest("Gemfile", "rubygems", &[("minitest", true)], false)
            .code("activejob/lib/job.rb", "Ruby", 1000)
            .code("activejob/test/job_test.rb", "Ruby", 50)
            .code("actionpack/lib/pack.rb", "Ruby", 1000)
            .code("actionpack/test/pack_test.rb", "Ruby", 900)
            .facts();
        facts
            .stack
            .technologies
            .push(fcto_facts::stack::Technology {
                kind: "testing".into(),
                name: "Minitest".into(),
                version: None,
                via: None,
                declared_in: vec![("Gemfile".into(), Some(2))],
            });
        let f = run_rule("QUA001", &facts, &ctx());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].evidence[0].note.as_deref(),
            Some(
                "production 1,000 code lines in 1 file; tests 50 lines in 1 file; ratio 0.05; \
                 frameworks: Minitest"
            )
        );
    }

    #[test]
    fn small_products_are_not_judged() {
        let facts = World::new().code("main.go", "Go", 300).facts();
        assert!(run_rule("QUA001", &facts, &ctx()).is_empty());
    }
}
