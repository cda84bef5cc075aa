//! TEAM-03: code whose authors have gone quiet or left (CodeScene knowledge loss, measured on
//! the history, metrics.md §2.3).

use crate::components::{component_of, date, percent, thousands};
use crate::{Analysis, Emitter};
use fcto_model::{Evidence, RuleDocs, Severity};
use std::collections::BTreeMap;

pub const DOCS: RuleDocs = RuleDocs {
    what: "For each code file, the share of the lines added over its history by people with no \
           commit in the last 180 days or listed as departed in `fcto.toml`, weighted by the \
           file's current code lines; summed overall and per component (nearest package, else \
           top-level folder). Fires above `max_share` overall or `max_component_share` in a \
           component that holds a hotspot (then high). This measures contribution over the \
           history, like CodeScene's knowledge loss, not `git blame` of surviving lines.",
    why: "The team is maintaining code whose authors can no longer explain it, which makes every \
          change there slower and riskier.",
    how_to_fix: "List the parts that matter most (hotspots, payments, login) and give each a \
                 current owner who reads it, documents it and makes the next changes. If the \
                 authors can still be reached, book short hand-over sessions now.",
    options: "`max_share` (default 0.4) overall; `max_component_share` (default 0.7) per \
              component with a hotspot. `[people] departed` marks leavers.",
};

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let Some(team) = &a.team else { return };
    let mut total = 0.0;
    let mut lost = 0.0;
    let mut per_component: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    let mut gone_people: BTreeMap<usize, f64> = BTreeMap::new();
    for f in &team.files {
        let added: u64 = f.lines_by_person.iter().map(|(_, n)| n).sum();
        let gone_share = if added == 0 {
            f.main_author
                .filter(|(p, _)| team.is_gone(*p))
                .map_or(0.0, |_| 1.0)
        } else {
            f.lines_by_person
                .iter()
                .filter(|(p, _)| team.is_gone(*p))
                .map(|(_, n)| *n as f64)
                .sum::<f64>()
                / added as f64
        };
        for (p, n) in f.lines_by_person.iter().filter(|(p, _)| team.is_gone(*p)) {
            if added > 0 {
                *gone_people.entry(*p).or_default() += f.code as f64 * *n as f64 / added as f64;
            }
        }
        let code = f.code as f64;
        total += code;
        lost += code * gone_share;
        let c = per_component
            .entry(component_of(a.facts, &f.path))
            .or_default();
        c.0 += code;
        c.1 += code * gone_share;
    }
    if total == 0.0 {
        return;
    }
    let share = lost / total;
    let hot_components: Vec<String> = a
        .selected_hotspots
        .iter()
        .map(|p| component_of(a.facts, p))
        .collect();
    let max_component = e.option("max_component_share");
    let flagged: Vec<(&String, f64, f64)> = per_component
        .iter()
        .filter(|(c, (t, _))| *t > 0.0 && hot_components.contains(c))
        .map(|(c, (t, l))| (c, l / t, *t))
        .filter(|(_, s, _)| *s > max_component)
        .collect();
    if share <= e.option("max_share") && flagged.is_empty() {
        return;
    }
    let mut evidence: Vec<Evidence> = Vec::new();
    let mut comps: Vec<(&String, f64, f64)> = per_component
        .iter()
        .filter(|(_, (t, _))| *t > 0.0)
        .map(|(c, (t, l))| (c, l / t, *l))
        .collect();
    comps.sort_by(|x, y| y.2.total_cmp(&x.2).then(x.0.cmp(y.0)));
    for (c, s, l) in comps.iter().filter(|(_, _, l)| *l >= 1.0).take(8) {
        evidence.push(Evidence::file(c.as_str()).with_note(format!(
            "{} of this component's code by people who have gone ({} lines)",
            percent(*s),
            thousands(*l as u64)
        )));
    }
    let mut people: Vec<(usize, f64)> = gone_people.into_iter().collect();
    people.sort_by(|x, y| y.1.total_cmp(&x.1));
    for (p, lines) in people.iter().take(5) {
        let last_seen = team
            .activity(*p)
            .map(|x| date(x.last_commit))
            .unwrap_or_default();
        evidence.push(Evidence::default().with_note(format!(
            "{} (last commit {last_seen}) wrote about {} of today's code lines",
            a.person_name(*p),
            thousands(*lines as u64)
        )));
    }
    let severity = if flagged.is_empty() {
        Severity::Medium
    } else {
        Severity::High
    };
    let mut message = format!(
        "{} of the code was written by people who have gone quiet (no commit in 180 days) or left",
        percent(share)
    );
    if !flagged.is_empty() {
        let names: Vec<String> = flagged
            .iter()
            .map(|(c, s, _)| format!("{c} ({})", percent(*s)))
            .collect();
        message.push_str(&format!(
            "; hotspot components mostly left behind: {}",
            names.join(", ")
        ));
    }
    e.report_with(severity, message, evidence, "code-left-behind");
}
