//! The plain-language summary a founder reads first: what the product is built with, how big it
//! is, who built it and who is still around, where the work concentrates, the most urgent
//! action and what was assumed. Only facts in the assessment are used; missing data is said.

use crate::human::{self, Date};
use fcto_model::{Assessment, ContextSource, Contributor, Severity, Stage};

/// Languages named in the summary: at most this many...
const SUMMARY_LANGUAGES: usize = 3;
/// ...each with at least this share of the code (the largest is always named).
const SUMMARY_LANGUAGE_SHARE: f64 = 0.1;
/// Names of people, frameworks and files listed in one sentence before "and N others".
const SUMMARY_NAMES: usize = 4;
/// Hotspots named.
const SUMMARY_HOTSPOTS: usize = 3;

/// Explanation of the truck factor, used wherever it is first mentioned.
pub const TRUCK_FACTOR_EXPLAINED: &str = "truck factor (how many people would have to leave \
    before most of the code has nobody who knows it)";

/// The summary paragraph.
pub(crate) fn write(a: &Assessment) -> String {
    let name = human::repo_name(&a.repository.path);
    let mut sentences: Vec<String> = Vec::new();
    if a.inventory.code == 0 {
        sentences.push(format!(
            "No source code that fcto can count was found in {} ({}).",
            name.as_deref().unwrap_or("the repository"),
            human::count(a.inventory.files + a.inventory.other_files, "file", "files"),
        ));
    } else {
        sentences.push(built_with(a, name.as_deref()));
        sentences.push(size(a));
    }
    if a.history.available {
        sentences.push(people(a));
        sentences.extend(truck_factor(a));
        sentences.extend(hotspots(a));
    } else {
        let reason = a
            .history
            .unavailable_reason
            .as_deref()
            .map(|r| format!(" because {}", r.trim_end_matches('.')))
            .unwrap_or_default();
        sentences.push(format!(
            "The git history was not available{reason}, so nothing is said about the team or \
             about which files change most."
        ));
    }
    sentences.push(most_urgent(a));
    sentences.push(stage(a));
    sentences.join(" ")
}

/// `shopfront is written mainly in TypeScript (58% of the code) and Python (35%), uses Next.js
/// and Django, keeps its data in PostgreSQL and is set up to be hosted on Vercel.`
fn built_with(a: &Assessment, name: Option<&str>) -> String {
    let languages = &a.inventory.languages;
    let mut clauses = Vec::new();
    if languages.len() == 1 {
        clauses.push(format!("is written in {}", languages[0].name));
    } else {
        let named: Vec<String> = languages
            .iter()
            .enumerate()
            .filter(|(i, l)| *i == 0 || l.share >= SUMMARY_LANGUAGE_SHARE)
            .take(SUMMARY_LANGUAGES)
            .map(|(i, l)| {
                let of = if i == 0 { " of the code" } else { "" };
                format!("{} ({}{of})", l.name, human::percent(l.share))
            })
            .collect();
        clauses.push(format!("is written mainly in {}", human::join_and(&named)));
    }
    let of_kind = |kind: &str| -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for item in a.stack.items.iter().filter(|i| i.kind == kind) {
            if !names.iter().any(|n| n.eq_ignore_ascii_case(&item.name)) {
                names.push(item.name.clone());
            }
        }
        names
    };
    let frameworks = of_kind("framework");
    if !frameworks.is_empty() {
        clauses.push(format!("uses {}", capped(&frameworks)));
    }
    let datastores = of_kind("datastore");
    if !datastores.is_empty() {
        clauses.push(format!("keeps its data in {}", capped(&datastores)));
    }
    let hosting = of_kind("hosting");
    if !hosting.is_empty() {
        clauses.push(format!("is set up to be hosted on {}", capped(&hosting)));
    }
    let subject = name.map_or_else(|| "The product".to_string(), str::to_string);
    format!("{subject} {}.", human::join_and(&clauses))
}

/// `a, b, c, d and 2 others`.
fn capped(names: &[String]) -> String {
    if names.len() <= SUMMARY_NAMES + 1 {
        return human::join_and(names);
    }
    let mut shown: Vec<String> = names[..SUMMARY_NAMES].to_vec();
    shown.push(format!("{} others", names.len() - SUMMARY_NAMES));
    human::join_and(&shown)
}

/// `It has 12,345 lines of code (lines that are not blank or comments) in 234 files.`
fn size(a: &Assessment) -> String {
    let inv = &a.inventory;
    let excluded = inv
        .excluded
        .len()
        .max(inv.excluded_counts.values().sum::<u64>() as usize);
    let left_out = if excluded > 0 {
        format!(
            "; {} generated, third-party or oversized {} left out",
            human::thousands(excluded as u64),
            if excluded == 1 {
                "file was"
            } else {
                "files were"
            }
        )
    } else {
        String::new()
    };
    format!(
        "It has {} of code (lines that are not blank or comments) in {}{left_out}.",
        human::count(inv.code, "line", "lines"),
        human::count(inv.files, "file", "files"),
    )
}

/// Who made the history and who is still active.
fn people(a: &Assessment) -> String {
    let h = &a.history;
    let t = &a.team;
    let span = match (
        h.first_commit_date.as_deref().and_then(Date::parse),
        h.last_commit_date.as_deref().and_then(Date::parse),
    ) {
        (Some(first), Some(last)) if (first.year, first.month) == (last.year, last.month) => {
            format!(" in {}", first.month_year())
        }
        (Some(first), Some(last)) => format!(
            " over {} ({} to {})",
            human::duration(last.days() - first.days()),
            first.month_year(),
            last.month_year()
        ),
        _ => String::new(),
    };
    let shallow = if h.shallow {
        "In the part of the history present (this is a shallow clone, a partial copy), "
    } else {
        ""
    };
    let commits = human::count(h.commits, "commit", "commits");
    let (total, active) = (t.contributors_total, t.active_90_days);
    let text = match total {
        0 => format!("no person (only bots) made its {commits}{span}"),
        1 => format!(
            "1 person made its {commits}{span}; {}",
            if active == 0 {
                "they have not committed in the last 90 days"
            } else {
                "they are still active (a commit in the last 90 days)"
            }
        ),
        n => {
            let recent = match active {
                0 => "none of them has committed in the last 90 days".to_string(),
                a if a >= n => "all of them committed in the last 90 days".to_string(),
                a => format!(
                    "{} of them committed in the last 90 days",
                    human::thousands(a)
                ),
            };
            format!(
                "{} people made its {commits}{span}; {recent}",
                human::thousands(n)
            )
        }
    };
    capitalise(&format!("{shallow}{text}."))
}

/// The truck factor and the people it names.
fn truck_factor(a: &Assessment) -> Option<String> {
    let t = &a.team;
    let tf = t.truck_factor.filter(|tf| *tf > 0)?;
    let names: Vec<String> = t
        .truck_factor_authors
        .iter()
        .map(|c| c.name.clone())
        .collect();
    let departed = |c: &Contributor| {
        a.context
            .departed
            .iter()
            .any(|d| d.eq_ignore_ascii_case(&c.email) || d.eq_ignore_ascii_case(&c.name))
    };
    // Who is gone, and how we know: listed as departed, or silent for 180 days.
    let gone: Vec<(String, &str)> = t
        .truck_factor_authors
        .iter()
        .filter(|c| c.gone)
        .map(|c| {
            let how = if departed(c) {
                "has left"
            } else {
                "has not committed in 180 days"
            };
            (c.name.clone(), how)
        })
        .collect();
    let text = match (tf, names.as_slice()) {
        (_, []) => format!("Its {TRUCK_FACTOR_EXPLAINED} is {tf}."),
        (1, [one]) => match gone.first() {
            None => format!(
                "Its {TRUCK_FACTOR_EXPLAINED} is 1: if {one} left, most of the code would have \
                 nobody who knows it."
            ),
            Some((_, how)) => format!(
                "Its {TRUCK_FACTOR_EXPLAINED} is 1: most of the code is known only to {one}, who \
                 {how}."
            ),
        },
        (_, many) => {
            let mut s = format!("Its {TRUCK_FACTOR_EXPLAINED} is {tf}: {}", capped(many));
            let gone: Vec<String> = gone
                .iter()
                .map(|(name, how)| format!("{name} {how}"))
                .collect();
            if !gone.is_empty() {
                s.push_str("; ");
                s.push_str(&human::join_and(&gone));
            }
            s.push('.');
            s
        }
    };
    Some(text)
}

/// Where the work concentrates.
fn hotspots(a: &Assessment) -> Option<String> {
    let paths: Vec<&str> = a
        .hotspots
        .iter()
        .take(SUMMARY_HOTSPOTS)
        .map(|h| h.path.as_str())
        .collect();
    match paths.as_slice() {
        [] => None,
        [one] => Some(format!(
            "The file that is both large and changed most often (a hotspot, where bugs tend to \
             gather) is {one}."
        )),
        many => Some(format!(
            "The files that are both large and changed most often (hotspots, where bugs tend \
             to gather) are {}.",
            human::join_and(many)
        )),
    }
}

/// What was found and what comes first.
fn most_urgent(a: &Assessment) -> String {
    let checks = human::count(a.rules_run.len() as u64, "check", "checks");
    let problems: Vec<Severity> = a
        .findings
        .iter()
        .map(|f| f.severity)
        .filter(|s| *s != Severity::Info)
        .collect();
    let Some(first) = a.actions.first() else {
        return format!("None of the {checks} that ran found a problem to fix.");
    };
    let by_severity: Vec<String> = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ]
    .iter()
    .filter_map(|s| {
        let n = problems.iter().filter(|p| *p == s).count();
        (n > 0).then(|| format!("{n} {s}"))
    })
    .collect();
    format!(
        "The {checks} that ran found {} ({}); the most urgent is \"{}\": {}",
        human::count(problems.len() as u64, "problem", "problems"),
        by_severity.join(", "),
        first.title,
        human::sentence(&human::lower_first(&first.what)),
    )
}

/// What stage the findings were weighed for, and whether it was assumed.
fn stage(a: &Assessment) -> String {
    match &a.context.source {
        ContextSource::Assumed => format!(
            "No fcto.toml was found, so {} startup was assumed; run fcto init to describe the \
             company and weigh the findings for its real stage.",
            stage_phrase(a.context.stage)
        ),
        ContextSource::File { path } => format!(
            "Findings are weighed for the stage set in {path}: {}.",
            a.context.stage.title()
        ),
    }
}

/// `an MVP-stage`, `a growth-stage`...
fn stage_phrase(stage: Stage) -> &'static str {
    match stage {
        Stage::PreProduct => "a pre-product",
        Stage::Mvp => "an MVP-stage",
        Stage::Rebuild => "a rebuilding",
        Stage::Growth => "a growth-stage",
        Stage::Scale => "a scale-up (Series A)",
        Stage::DueDiligence => "a due-diligence-stage",
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use crate::assessment::assess;
    use crate::assessment::tests::input;
    use fcto_model::{CompanyContext, ContextSource, HistorySummary, Hotspot, Stage, TeamSummary};

    fn sentences(summary: &str) -> usize {
        summary.matches(". ").count() + 1
    }

    #[test]
    fn with_history_names_people_span_and_truck_factor() {
        let s = assess(input()).summary;
        assert!(
            s.starts_with(
                "shopfront is written mainly in TypeScript (60% of the code) and Python (40%) \
                 and uses Django."
            ),
            "{s}"
        );
        assert!(s.contains("It has 10,000 lines of code"), "{s}");
        assert!(s.contains("in 100 files."), "{s}");
        assert!(
            s.contains(
                "2 people made its 420 commits over about 3 years (March 2022 to February \
                 2025); 1 of them committed in the last 90 days."
            ),
            "{s}"
        );
        assert!(
            s.contains(
                "Its truck factor (how many people would have to leave before most of the code \
                 has nobody who knows it) is 1: most of the code is known only to Alice Example, \
                 who has not committed in 180 days."
            ),
            "{s}"
        );
        assert!(
            s.contains(
                "The 2 checks that ran found 2 problems (1 high, 1 medium); the most urgent is \
                 \"Title of TEAM001\": message of TEAM001 t."
            ),
            "{s}"
        );
        assert!(!s.contains("git history was not available"), "{s}");
        assert!((4..=8).contains(&sentences(&s)), "{s}");
    }

    #[test]
    fn truck_factor_of_several_names_them_all() {
        let mut i = input();
        let mut bob = i.team.contributors[1].clone();
        bob.gone = false;
        i.team.truck_factor = Some(2);
        i.team.truck_factor_authors.push(bob);
        i.context.departed = vec!["ALICE.example@example.com".to_string()];
        let s = assess(i).summary;
        assert!(
            s.contains("is 2: Alice Example and Bob Example; Alice Example has left."),
            "{s}"
        );
    }

    #[test]
    fn hotspots_are_named() {
        let mut i = input();
        i.hotspots = ["web/app/page.tsx", "api/views.py"]
            .iter()
            .map(|p| Hotspot {
                path: (*p).to_string(),
                changes: 10,
                code: 500,
                score: 0.5,
                authors: 2,
                lines_changed: 100,
                measure: "code lines".to_string(),
                measure_value: 500.0,
            })
            .collect();
        let s = assess(i).summary;
        assert!(
            s.contains(
                "(hotspots, where bugs tend to gather) are api/views.py and web/app/page.tsx."
            ),
            "{s}"
        );
    }

    #[test]
    fn without_history_says_so_plainly() {
        let mut i = input();
        i.history = HistorySummary {
            available: false,
            unavailable_reason: Some("this directory is not a git repository".to_string()),
            ..HistorySummary::default()
        };
        i.team = TeamSummary::default();
        let s = assess(i).summary;
        assert!(
            s.contains(
                "The git history was not available because this directory is not a git \
                 repository, so nothing is said about the team"
            ),
            "{s}"
        );
        assert!(!s.contains("truck factor"), "{s}");
        assert!(!s.contains("people made"), "{s}");
        assert!((4..=8).contains(&sentences(&s)), "{s}");
    }

    #[test]
    fn assumed_stage_is_said_only_when_assumed() {
        let s = assess(input()).summary;
        assert!(
            s.ends_with(
                "No fcto.toml was found, so an MVP-stage startup was assumed; run fcto init to \
             describe the company and weigh the findings for its real stage."
            ),
            "{s}"
        );

        let mut i = input();
        i.context = CompanyContext {
            source: ContextSource::File {
                path: "fcto.toml".to_string(),
            },
            stage: Stage::Growth,
            ..CompanyContext::default()
        };
        let s = assess(i).summary;
        assert!(!s.contains("was assumed"), "{s}");
        assert!(
            s.ends_with(
                "Findings are weighed for the stage set in fcto.toml: growth (paying customers, \
                 growing team)."
            ),
            "{s}"
        );
    }

    #[test]
    fn nothing_found_and_no_code() {
        let mut i = input();
        i.findings.clear();
        i.inventory = fcto_model::InventorySummary::default();
        let s = assess(i).summary;
        assert!(
            s.starts_with("No source code that fcto can count was found in shopfront (0 files)."),
            "{s}"
        );
        assert!(
            s.contains("None of the 2 checks that ran found a problem to fix."),
            "{s}"
        );
    }
}
