//! QUA-05: huge files.

use crate::components::{component_of, percent, thousands};
use crate::{Analysis, Emitter};
use fcto_facts::analysis::is_analysed_code;
use fcto_model::{Evidence, RuleDocs, Severity};
use std::collections::HashMap;

pub const DOCS: RuleDocs = RuleDocs {
    what: "Counts code lines per file (comments and blank lines excluded; generated, vendored \
           and minified files excluded) and reports files over `max_code` lines, and files over \
           `high_code` lines or holding more than 10% of a component of at least 5,000 code \
           lines; the latter are high when the file is also a hotspot. Migrations, fixtures, \
           translation catalogues, SQL dumps and snapshot files are exempt.",
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
    let mut big: Vec<_> = files.iter().filter(|f| f.stats.code > max_code).collect();
    big.sort_by(|x, y| y.stats.code.cmp(&x.stats.code).then(x.path.cmp(&y.path)));
    for f in big {
        let with_slash = format!("/{}", f.path);
        if EXEMPT.iter().any(|x| with_slash.contains(x)) {
            continue;
        }
        let comp = component_of(a.facts, &f.path);
        let comp_code = component_code.get(&comp).copied().unwrap_or(0);
        let share = f.stats.code as f64 / comp_code.max(1) as f64;
        let dominant = comp_code >= 5_000 && share > 0.10;
        let very = f.stats.code > high_code || dominant;
        let hot = a.is_hotspot(&f.path);
        let severity = if very && hot {
            Severity::High
        } else {
            Severity::Medium
        };
        let mut message = format!(
            "`{}` has {} code lines, above {}",
            f.path,
            thousands(f.stats.code),
            thousands(max_code)
        );
        if dominant {
            message.push_str(&format!("; it holds {} of `{comp}`", percent(share)));
        }
        if hot {
            message.push_str("; it is also a hotspot");
        }
        let note = format!(
            "{} code lines; {} changes in the last 12 months",
            thousands(f.stats.code),
            changes.get(f.path.as_str()).copied().unwrap_or(0)
        );
        e.report_with(
            severity,
            message,
            vec![Evidence::file(&f.path).with_note(note)],
            "huge-file",
        );
    }
}
