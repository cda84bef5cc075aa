//! ARC007 on facts built in code: coupling across components fires, coupling inside one
//! component, below the thresholds, outside the window or with tests does not.

use crate::testing::{DAY, NOW, World, run_rule};
use crate::{Analysis, AnalysisOptions, Selection};
use fcto_model::{CompanyContext, Finding, Severity};

/// Files of `paths` with 100 code lines each.
fn world(paths: &[&str]) -> World {
    let mut w = World::new();
    for p in paths {
        let language = if p.ends_with(".ts") {
            "TypeScript"
        } else {
            "Rust"
        };
        w = w.code(p, language, 100);
    }
    w
}

/// `n` commits by Alice changing `paths`, one a day from `start` days ago.
fn changes(w: &mut World, n: i64, start: i64, paths: &[&str]) {
    let files: Vec<(&str, u32)> = paths.iter().map(|p| (*p, 5)).collect();
    for i in 0..n {
        w.commit("Alice", NOW - (start - i) * DAY, &files);
    }
}

fn arc007(w: World) -> Vec<Finding> {
    run_rule("ARC007", &w.facts(), &CompanyContext::default())
}

#[test]
fn coupling_across_components_is_one_finding_per_component_pair() {
    let mut w = world(&[
        "billing/invoice.rs",
        "billing/tax.rs",
        "web/checkout.ts",
        "web/cart.ts",
    ]);
    // invoice.rs 18 commits, checkout.ts 14, 14 shared: 14 / 16 = 87 %.
    changes(&mut w, 14, 300, &["billing/invoice.rs", "web/checkout.ts"]);
    changes(&mut w, 4, 200, &["billing/invoice.rs"]);
    // tax.rs 10, cart.ts 20, 10 shared: 10 / 15 = 66 %.
    changes(&mut w, 10, 100, &["billing/tax.rs", "web/cart.ts"]);
    changes(&mut w, 10, 50, &["web/cart.ts"]);
    let f = arc007(w);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].severity, Severity::Medium);
    assert_eq!(
        f[0].message,
        "`billing/` and `web/` changed together in 24 commits in the last 12 months: \
         `billing/invoice.rs` and `web/checkout.ts` 87% (14 shared commits), and 1 more file pair"
    );
    let paths: Vec<&str> = f[0]
        .evidence
        .iter()
        .filter_map(|e| e.path.as_deref())
        .collect();
    assert_eq!(
        paths,
        vec![
            "billing/invoice.rs",
            "web/checkout.ts",
            "billing/tax.rs",
            "web/cart.ts"
        ]
    );
    let note = f[0].evidence[0].note.as_deref().unwrap_or_default();
    assert!(
        note.starts_with(
            "87% coupled with `web/checkout.ts`: 14 shared commits (18 and 14 in all), e.g. "
        ),
        "{note}"
    );
}

#[test]
fn the_fingerprint_names_the_components_not_the_files() {
    let pair = |a: &str, b: &str| {
        let mut w = world(&[a, b]);
        changes(&mut w, 12, 100, &[a, b]);
        arc007(w)
    };
    let one = pair("billing/invoice.rs", "web/checkout.ts");
    let other = pair("billing/refund.rs", "web/checkout.ts");
    let elsewhere = pair("billing/invoice.rs", "api/checkout.rs");
    assert_eq!(one[0].fingerprint, other[0].fingerprint);
    assert_ne!(one[0].fingerprint, elsewhere[0].fingerprint);
}

#[test]
fn coupling_inside_a_component_or_with_tests_is_not_reported() {
    let mut w = world(&[
        "web/checkout.ts",
        "web/cart.ts",
        "billing/invoice.rs",
        "tests/invoice.rs",
        "examples/invoice.rs",
    ]);
    changes(&mut w, 20, 300, &["web/checkout.ts", "web/cart.ts"]);
    changes(&mut w, 20, 200, &["billing/invoice.rs", "tests/invoice.rs"]);
    changes(
        &mut w,
        20,
        100,
        &["billing/invoice.rs", "examples/invoice.rs"],
    );
    assert!(arc007(w).is_empty());
}

#[test]
fn pairs_below_the_thresholds_or_outside_the_window_are_not_reported() {
    let files = ["billing/invoice.rs", "web/checkout.ts"];
    // 9 shared commits, 100 %: under 10 shared.
    let mut w = world(&files);
    changes(&mut w, 9, 100, &files);
    assert!(arc007(w).is_empty());

    // 10 shared of 10 and 31: 10 / 20.5 = 48 %, under 50 %.
    let mut w = world(&files);
    changes(&mut w, 10, 100, &files);
    changes(&mut w, 21, 50, &["web/checkout.ts"]);
    assert!(arc007(w).is_empty());
    // 10 shared of 10 and 30: exactly 50 % fires.
    let mut w = world(&files);
    changes(&mut w, 10, 100, &files);
    changes(&mut w, 20, 50, &["web/checkout.ts"]);
    assert_eq!(arc007(w).len(), 1);

    // 20 shared commits, all over a year ago.
    let mut w = world(&files);
    changes(&mut w, 20, 500, &files);
    assert!(arc007(w).is_empty());
}

#[test]
fn options_lower_the_thresholds() {
    let files = ["billing/invoice.rs", "web/checkout.ts"];
    let mut w = world(&files);
    changes(&mut w, 6, 100, &files);
    let facts = w.facts();
    let context = CompanyContext::default();
    let mut options = AnalysisOptions::default();
    options.rule_options.insert(
        ("ARC007".to_string(), "min_shared_commits".to_string()),
        6.0,
    );
    let analysis = Analysis::new(&facts, &context, NOW, options);
    let selection = Selection::new(&["ARC007".to_string()], &[]).expect("known rule");
    let f = crate::run(&analysis, &selection);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].message.contains("in 6 commits"), "{}", f[0].message);
}

#[test]
fn a_pair_with_an_import_between_them_is_an_explicit_dependency() {
    let files = ["billing/invoice.ts", "web/checkout.ts"];
    let invoice = "export function total(items: number[]): number {\n  return items.length;\n}\n";
    let build = |checkout: &str| {
        let mut w = World::new()
            .source("billing/invoice.ts", "TypeScript", invoice)
            .source("web/checkout.ts", "TypeScript", checkout);
        changes(&mut w, 12, 100, &files);
        w
    };
    // `web/checkout.ts` imports the invoice module: coupling that is written down.
    let importing = "import { total } from \"../billing/invoice\";\n\
                     export const pay = (items: number[]) => total(items);\n";
    assert!(arc007(build(importing)).is_empty());
    // The same history without the import is hidden coupling.
    let hidden = "export const pay = (items: number[]) => items.length;\n";
    let f = arc007(build(hidden));
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(
        f[0].message
            .starts_with("`billing/` and `web/` changed together in 12 commits"),
        "{}",
        f[0].message
    );
}
