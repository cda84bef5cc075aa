//! QUA-06: huge or tangled functions (Campbell's cognitive complexity, metrics.md §2.9; McCabe).

use crate::components::thousands;
use crate::{Analysis, Emitter};
use fcto_facts::analysis::is_analysed_code;
use fcto_facts::analysis::test_code::is_test_path;
use fcto_facts::syntax::Function;
use fcto_model::{Evidence, RuleDocs, Severity};
use std::collections::HashMap;

pub const DOCS: RuleDocs = RuleDocs {
    what: "Reads every function of the product's code (tests, generated and vendored files \
           aside) and flags those longer than `max_lines` code lines, with cognitive complexity \
           over `max_cognitive` (SonarSource's default, 15), cyclomatic complexity over \
           `max_cyclomatic`, nesting deeper than `max_nesting` or more than `max_parameters` \
           parameters. One finding lists the counts and the 20 worst functions; a function over \
           `high_lines` code lines gets its own high finding. `fcto functions --sort cognitive` \
           lists them all.",
    why: "Tangled functions are where bugs hide and where new developers are afraid to make \
          changes.",
    how_to_fix: "Start with the worst function that also changes often: cover it with tests, \
                 then extract the nested blocks into named functions and replace flag \
                 parameters with separate functions.",
    options: "`max_lines` (default 100), `high_lines` (300), `max_cognitive` (15), \
              `max_cyclomatic` (20), `max_nesting` (4), `max_parameters` (7).",
};

struct Limits {
    lines: u32,
    cognitive: u32,
    cyclomatic: u32,
    nesting: u32,
    parameters: u32,
}

/// What is wrong with `f`, in words; empty when nothing is.
fn problems(f: &Function, l: &Limits) -> Vec<String> {
    let mut out = Vec::new();
    if f.code_lines > l.lines {
        out.push(format!("{} code lines", thousands(u64::from(f.code_lines))));
    }
    if f.cognitive > l.cognitive {
        out.push(format!("cognitive complexity {}", f.cognitive));
    }
    if f.cyclomatic > l.cyclomatic {
        out.push(format!("cyclomatic complexity {}", f.cyclomatic));
    }
    if f.nesting > l.nesting {
        out.push(format!("nesting {} deep", f.nesting));
    }
    if f.parameters > l.parameters {
        out.push(format!("{} parameters", f.parameters));
    }
    out
}

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let limits = Limits {
        lines: e.option("max_lines") as u32,
        cognitive: e.option("max_cognitive") as u32,
        cyclomatic: e.option("max_cyclomatic") as u32,
        nesting: e.option("max_nesting") as u32,
        parameters: e.option("max_parameters") as u32,
    };
    let high_lines = e.option("high_lines") as u32;
    let changes: HashMap<&str, u64> = a
        .hotspots
        .iter()
        .map(|h| (h.path.as_str(), h.changes))
        .collect();
    let inventory = &a.facts.inventory;
    let mut flagged: Vec<(&str, &Function, Vec<String>)> = Vec::new();
    for (path, syntax) in &inventory.syntax {
        if is_test_path(path) || !inventory.file(path).is_some_and(is_analysed_code) {
            continue;
        }
        for f in &syntax.functions {
            let p = problems(f, &limits);
            if !p.is_empty() {
                flagged.push((path, f, p));
            }
        }
    }
    // Worst first: cognitive complexity, then length.
    flagged.sort_by(|x, y| {
        (y.1.cognitive, y.1.code_lines)
            .cmp(&(x.1.cognitive, x.1.code_lines))
            .then_with(|| (x.0, x.1.start_line).cmp(&(y.0, y.1.start_line)))
    });
    let evidence = |path: &str, f: &Function, p: &[String]| {
        let mut note = format!("`{}`: {}", f.name, p.join(", "));
        if let Some(c) = changes.get(path) {
            note.push_str(&format!("; {c} changes in the last 12 months"));
        }
        Evidence::line(path, f.start_line).with_note(note)
    };
    let mut rest = Vec::new();
    for (path, f, p) in flagged {
        if f.code_lines > high_lines {
            e.report_with(
                Severity::High,
                format!(
                    "`{}` in `{path}` has {} code lines ({})",
                    f.name,
                    thousands(u64::from(f.code_lines)),
                    p.join(", ")
                ),
                vec![evidence(path, f, &p)],
                &format!("huge-function:{}", f.name),
            );
        } else {
            rest.push((path, f, p));
        }
    }
    let Some((path, worst, p)) = rest.first() else {
        return;
    };
    let count = |pred: &dyn Fn(&Function) -> bool| rest.iter().filter(|(_, f, _)| pred(f)).count();
    let mut kinds = Vec::new();
    for (n, what) in [
        (
            count(&|f| f.cognitive > limits.cognitive),
            "too complex to follow",
        ),
        (count(&|f| f.code_lines > limits.lines), "too long"),
        (count(&|f| f.nesting > limits.nesting), "nested too deep"),
        (
            count(&|f| f.parameters > limits.parameters),
            "with too many parameters",
        ),
    ] {
        if n > 0 {
            kinds.push(format!("{n} {what}"));
        }
    }
    let message = if rest.len() == 1 {
        format!(
            "`{}` in `{path}` is hard to work on: {}",
            worst.name,
            p.join(", ")
        )
    } else {
        format!(
            "{} functions are hard to work on ({}); the worst is `{}` in `{path}` ({})",
            rest.len(),
            kinds.join(", "),
            worst.name,
            p.join(", ")
        )
    };
    let evidence = rest
        .iter()
        .take(20)
        .map(|(path, f, p)| evidence(path, f, p))
        .collect();
    e.report_summary(Severity::Medium, message, evidence, "tangled-functions");
}
