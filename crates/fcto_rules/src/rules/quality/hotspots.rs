//! QUA-07: hotspots, code that is big and changes all the time (metrics.md §2.1).

use crate::components::{percent, thousands};
use crate::{Analysis, Emitter};
use fcto_facts::analysis::trend::growth;
use fcto_model::{Evidence, RuleDocs, Severity};

pub const DOCS: RuleDocs = RuleDocs {
    what: "For each code file, the commits that changed it in the last 12 months (renames \
           followed; merges, bots and mass commits left out; database migrations ignored) and \
           its complexity (the sum of its functions' cyclomatic complexity; for languages fcto \
           does not parse, estimated from code lines at the codebase's average); the hotspot \
           score is normalised change count × normalised complexity. Files changed at least 3 \
           times with at least 50 code lines, in score order down to the knee of the score \
           distribution (at most 4% of the changed files), are reported with their code health and \
           how their complexity changed over the last four quarters (read from the history). \
           A hotspot is high when it is also a knowledge island (TEAM-02), attracts at least \
           20% of all commits, or its complexity grew by 30% or more in 12 months.",
    why: "A few messy files usually absorb most of the team's time; cleaning those pays back \
          fastest.",
    how_to_fix: "Review the top hotspots first: add tests around them, split the largest, and \
                 make sure more than one person knows each.",
    options: "None yet; the window is 12 months.",
};

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let Some(history) = a.history() else { return };
    let window_commits = history
        .commits
        .iter()
        .filter(|c| {
            !c.is_merge()
                && !c.mass
                && !history.is_bot_commit(c)
                && a.as_of - c.author_time <= 365 * 86_400
                && c.author_time <= a.as_of
        })
        .count() as f64;
    let islands = a.island_paths();
    for h in a.hotspots.iter().filter(|h| a.is_hotspot(&h.path)) {
        let share = if window_commits > 0.0 {
            h.changes as f64 / window_commits
        } else {
            0.0
        };
        let island = islands.contains(h.path.as_str());
        let mut message = format!(
            "`{}` changed in {} commits in the last 12 months ({} of all) and has {} {}",
            h.path,
            h.changes,
            percent(share),
            a.hotspot_measure,
            thousands(h.measure as u64)
        );
        if let Some(health) = a.health.get(&h.path) {
            message.push_str(&format!(", code health {:.1}/10", health.score));
        }
        // Catalogue signal S12: a hotspot whose complexity grew 30% or more in a year.
        let mut growing = false;
        if let Some((first, last, _)) = a.trends.get(&h.path).and_then(|t| growth(t))
            && last > first
        {
            growing = last as f64 >= 1.3 * first as f64;
            message.push_str(&format!(
                "; its complexity grew from {first} to {last} in the last 12 months"
            ));
        }
        if island {
            message.push_str("; one person wrote almost all of it");
        }
        let severity = if island || share >= 0.2 || growing {
            Severity::High
        } else {
            Severity::Medium
        };
        e.report_with(
            severity,
            message,
            vec![Evidence::file(&h.path).with_note(format!(
                "hotspot score {:.2}; {} authors; {} lines changed",
                h.score,
                h.authors,
                thousands(h.lines_changed)
            ))],
            "hotspot",
        );
    }
}
