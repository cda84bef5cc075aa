//! TEAM-01: the truck factor (Avelino et al., metrics.md §2.7).

use crate::components::{percent, thousands};
use crate::{Analysis, Emitter};
use fcto_model::{Evidence, RuleDocs, Severity};

pub const DOCS: RuleDocs = RuleDocs {
    what: "Computes the truck factor of Avelino et al. (ICPC 2016): for each current code file, \
           the people with enough Degree of Authorship (DOA = 3.293 + 1.098·FA + 0.164·DL − \
           0.321·ln(1+AC); normalised DOA above 0.75 and DOA at least 3.293) are its authors; \
           the people who author the most files are removed one by one until fewer than half of \
           the files have an author left. The truck factor is how many were removed. It also \
           computes an effective truck factor counting only people with a commit in the last \
           180 days (and not listed as departed). Bots, merge commits and mass commits are left \
           out; renames are followed.",
    why: "If one or two people leave or fall ill, nobody else knows how large parts of the \
          product work.",
    how_to_fix: "Spread knowledge on purpose: pair the key people with others on the files \
                 they alone author, make reviews by a second person the rule, and write down \
                 how the core parts work. Watch the truck factor rise over the next quarters.",
    options: "`[people] departed = [\"email\"]` marks people who left; they count as gone \
              immediately.",
};

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let Some(team) = &a.team else { return };
    let files = team.files.len();
    if files == 0 {
        return;
    }
    let contributors = team.people.len();
    let names: Vec<String> = team
        .truck_factor_people
        .iter()
        .map(|p| a.person_name(*p))
        .collect();
    let covered_after = |removed: &[usize]| -> f64 {
        let n = team
            .files
            .iter()
            .filter(|f| f.authors.iter().any(|p| !removed.contains(p)))
            .count();
        n as f64 / files as f64
    };
    let orphaned = 1.0 - covered_after(&team.truck_factor_people);
    let evidence: Vec<Evidence> = team
        .truck_factor_people
        .iter()
        .map(|p| {
            let act = team.activity(*p);
            Evidence::default().with_note(format!(
                "{} authors {} of {} code files{}",
                a.person_name(*p),
                thousands(act.map_or(0, |x| x.authored_files)),
                thousands(files as u64),
                if team.is_gone(*p) {
                    " (gone quiet or departed)"
                } else {
                    ""
                }
            ))
        })
        .collect();

    if team.effective_truck_factor == 0 && team.truck_factor > 0 {
        let gone: Vec<String> = team
            .truck_factor_people
            .iter()
            .filter(|p| team.is_gone(**p))
            .map(|p| a.person_name(*p))
            .collect();
        e.report_with(
            Severity::Critical,
            format!(
                "Effective truck factor 0: the people who know most of the code ({}) have gone \
                 quiet or left, so over half of the {} code files have no active author",
                gone.join(", "),
                thousands(files as u64)
            ),
            evidence,
            "effective-truck-factor-0",
        );
        return;
    }
    let severity = match team.truck_factor {
        1 if contributors >= 2 => Severity::High,
        1 => Severity::Info,
        2 => Severity::Medium,
        _ => return,
    };
    let who = names.join(" and ");
    let message = if contributors < 2 {
        format!("One person ({who}) wrote all the code: the truck factor is 1 by construction")
    } else {
        format!(
            "Truck factor {}: if {who} left, {} of the {} code files would have no remaining author",
            team.truck_factor,
            percent(orphaned),
            thousands(files as u64)
        )
    };
    e.report_with(
        severity,
        message,
        evidence,
        &format!("truck-factor-{}", team.truck_factor),
    );
}
