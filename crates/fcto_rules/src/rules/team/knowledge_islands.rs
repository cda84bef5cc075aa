//! TEAM-02: knowledge islands (CodeScene's definition, metrics.md §2.3).

use crate::components::{percent, thousands};
use crate::{Analysis, Emitter};
use fcto_facts::analysis::team::knowledge_islands;
use fcto_model::{Evidence, RuleDocs, Severity};

pub const DOCS: RuleDocs = RuleDocs {
    what: "Finds code files where one active person wrote at least 95% of the lines added over \
           the file's whole history (renames followed; bots, merges and mass commits left out), \
           and the share of all code lines such files hold. Fires when that share reaches \
           `min_share`, or when an island is also a hotspot (then high).",
    why: "Code only one person has ever touched is slow and risky for anyone else to change, and \
          stops when that person is busy or leaves.",
    how_to_fix: "Have someone else make the next changes in the largest islands, with the owner \
                 reviewing; start with islands that are also hotspots.",
    options: "`min_share` (default 0.25): share of code lines in islands at which the rule fires. \
              A team of one is reported by TEAM001 instead.",
};

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let Some(team) = &a.team else { return };
    let active_people = team.people.iter().filter(|p| !p.gone).count();
    if active_people < 2 {
        return;
    }
    let total: u64 = team.files.iter().map(|f| f.code).sum();
    if total == 0 {
        return;
    }
    let mut islands: Vec<_> = knowledge_islands(team, &a.team_options).collect();
    let island_code: u64 = islands.iter().map(|(f, _, _)| f.code).sum();
    let share = island_code as f64 / total as f64;
    let hot: Vec<&str> = islands
        .iter()
        .map(|(f, _, _)| f.path.as_str())
        .filter(|p| a.is_hotspot(p))
        .collect();
    if share < e.option("min_share") && hot.is_empty() {
        return;
    }
    islands.sort_by(|x, y| {
        (y.0.code * y.0.changes)
            .cmp(&(x.0.code * x.0.changes))
            .then(x.0.path.cmp(&y.0.path))
    });
    let evidence = islands
        .iter()
        .take(10)
        .map(|(f, owner, s)| {
            Evidence::file(&f.path).with_note(format!(
                "{} wrote {} of its history; {} code lines, {} changes{}",
                a.person_name(*owner),
                percent(*s),
                thousands(f.code),
                f.changes,
                if a.is_hotspot(&f.path) {
                    "; a hotspot"
                } else {
                    ""
                }
            ))
        })
        .collect();
    let severity = if hot.is_empty() {
        Severity::Medium
    } else {
        Severity::High
    };
    let mut message = format!(
        "{} of the program code ({} of {} lines, in {} {}) was written almost entirely (95% or more) by one person who is still active",
        percent(share),
        thousands(island_code),
        thousands(total),
        islands.len(),
        if islands.len() == 1 { "file" } else { "files" }
    );
    if !hot.is_empty() {
        message.push_str(&format!("; {} of these files are hotspots", hot.len()));
    }
    e.report_with(severity, message, evidence, "knowledge-islands");
}
