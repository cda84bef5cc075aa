//! QUA-05: huge files.

use crate::components::{component_of, percent, thousands};
use crate::{Analysis, Emitter};
use fcto_facts::analysis::is_analysed_code;
use fcto_facts::analysis::test_code::is_test_path;
use fcto_model::{Evidence, RuleDocs, Severity};
use std::collections::HashMap;

pub const DOCS: RuleDocs = RuleDocs {
    what: "Counts code lines per file (comments and blank lines excluded; generated, vendored \
           and minified files excluded) and reports, in one finding, the files over `max_code` \
           lines (the 20 largest as evidence). A file over `high_code` lines or holding more \
           than 10% of a component of at least 5,000 code lines that is also a hotspot gets its \
           own high finding. Tests, migrations, fixtures, translation catalogues, SQL dumps and \
           snapshot files are exempt.",
    why: "Very large files are hard to understand and are where changes most often collide and \
          break.",
    how_to_fix: "Split the file along the responsibilities it mixes, starting with the parts that \
                 change most; move each into its own module with its own tests.",
    options: "`max_code` (default 1000), `high_code` (default 3000).",
};

const EXEMPT: &[&str] = &[
    "/migrations/",
    "db/migrate/",
    "/fixtures/",
    "__fixtures__",
    "testdata/",
    "/locales/",
    "/i18n/",
    "__snapshots__",
    ".snap",
    ".po",
    ".sql",
];

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let max_code = e.option("max_code") as u64;
    let high_code = e.option("high_code") as u64;
    let files: Vec<_> = a
        .facts
        .inventory
        .files
        .iter()
        .filter(|f| is_analysed_code(f))
        .collect();
    let mut component_code: HashMap<String, u64> = HashMap::new();
    for f in &files {
        *component_code
            .entry(component_of(a.facts, &f.path))
            .or_default() += f.stats.code;
    }
    let changes: HashMap<&str, u64> = a
        .hotspots
        .iter()
        .map(|h| (h.path.as_str(), h.changes))
        .collect();
    let mut big: Vec<_> = files
        .iter()
        .filter(|f| f.stats.code > max_code)
        .filter(|f| {
            let with_slash = format!("/{}", f.path);
            !EXEMPT.iter().any(|x| with_slash.contains(x)) && !is_test_path(&f.path)
        })
        .collect();
    big.sort_by(|x, y| y.stats.code.cmp(&x.stats.code).then(x.path.cmp(&y.path)));
    let note = |path: &str, code: u64| {
        format!(
            "{} code lines; {} changes in the last 12 months",
            thousands(code),
            changes.get(path).copied().unwrap_or(0)
        )
    };

    // The worst ones, very large and a hotspot, each get their own finding.
    let mut rest = Vec::new();
    for f in big {
        let comp = component_of(a.facts, &f.path);
        let comp_code = component_code.get(&comp).copied().unwrap_or(0);
        let share = f.stats.code as f64 / comp_code.max(1) as f64;
        let dominant = comp_code >= 5_000 && share > 0.10;
        if (f.stats.code > high_code || dominant) && a.is_hotspot(&f.path) {
            let mut message = format!(
                "`{}` has {} code lines and is a hotspot",
                f.path,
                thousands(f.stats.code)
            );
            if dominant {
                message.push_str(&format!("; it holds {} of `{comp}`", percent(share)));
            }
            e.report_with(
                Severity::High,
                message,
                vec![Evidence::file(&f.path).with_note(note(&f.path, f.stats.code))],
                "huge-hotspot-file",
            );
        } else {
            rest.push(f);
        }
    }
    let Some(largest) = rest.first() else { return };
    let over_high = rest.iter().filter(|f| f.stats.code > high_code).count();
    let mut message = if rest.len() == 1 {
        format!(
            "`{}` has {} code lines, above {}",
            largest.path,
            thousands(largest.stats.code),
            thousands(max_code)
        )
    } else {
        format!(
            "{} files have more than {} code lines; the largest is `{}` ({} lines)",
            rest.len(),
            thousands(max_code),
            largest.path,
            thousands(largest.stats.code)
        )
    };
    if over_high > 0 && rest.len() > 1 {
        message.push_str(&format!(
            "; {over_high} of them over {}",
            thousands(high_code)
        ));
    }
    let evidence = rest
        .iter()
        .take(20)
        .map(|f| Evidence::file(&f.path).with_note(note(&f.path, f.stats.code)))
        .collect();
    e.report_summary(Severity::Medium, message, evidence, "huge-files");
}
