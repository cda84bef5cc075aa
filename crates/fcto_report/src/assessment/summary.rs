//! The plain-language summary a founder reads first: what the product is built with, how big it
//! is, who built it and who is still around, where the work concentrates, the most urgent
//! action and what was assumed. Only facts in the assessment are used; missing data is said.

use super::{departed, finding_of};
use crate::human::{self, Date};
use fcto_model::{Assessment, ContextSource, Contributor, HistorySummary, Severity, Stage};

/// Languages named in the summary: at most this many...
const SUMMARY_LANGUAGES: usize = 3;
/// ...each with at least this share of the code (the largest is always named).
const SUMMARY_LANGUAGE_SHARE: f64 = 0.1;
/// Names of people, frameworks and files listed in one sentence before "and N others".
const SUMMARY_NAMES: usize = 4;
/// Hotspots named.
const SUMMARY_HOTSPOTS: usize = 3;
/// The newest commit older than this many days before `as_of` is said: "active in the last 90
/// days" then describes the time before the work stopped.
const STALE_DAYS: i64 = 90;

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
        sentences.extend(stale(a));
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
///
/// Only programming languages are named; their shares are of all code lines, data and text
/// (JSON, YAML, Markdown...) included, as in the languages table. When data and text are most of
/// the lines, that is said too.
fn built_with(a: &Assessment, name: Option<&str>) -> String {
    let (programs, other): (Vec<_>, Vec<_>) = a
        .inventory
        .languages
        .iter()
        .filter(|l| l.code > 0)
        .partition(|l| l.programming);
    let other_share: f64 = other.iter().map(|l| l.share).sum();
    let other_names = || -> String {
        let mut names: Vec<String> = other.iter().take(2).map(|l| l.name.clone()).collect();
        if other.len() > 2 {
            names.push("others".to_string());
        }
        human::join_and(&names)
    };
    let mut clauses = Vec::new();
    match programs.as_slice() {
        [] => clauses.push(format!(
            "holds no program code, only data and text ({})",
            other_names()
        )),
        [only] if other_share < SUMMARY_LANGUAGE_SHARE => {
            clauses.push(format!("is written in {}", only.name));
        }
        _ => {
            let named: Vec<String> = programs
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
            if other_share > 0.5 {
                clauses.push(format!(
                    "has more data and text than program code ({} of the lines are {})",
                    human::percent(other_share),
                    other_names()
                ));
            }
        }
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

/// Commits made by people; older inputs without `human_commits` count every non-bot commit.
pub(crate) fn human_commits(h: &HistorySummary) -> u64 {
    if h.human_commits + h.bot_commits == h.commits {
        h.human_commits
    } else {
        h.commits.saturating_sub(h.bot_commits)
    }
}

/// Who made the history and who is still active; bots are not people.
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
    let by_people = human_commits(h);
    let by_bots = h.commits - by_people;
    let bots = if h.bots.is_empty() {
        "bots".to_string()
    } else {
        format!("bots ({})", capped(&h.bots))
    };
    // `made its 846 commits`, or `made 579 of its 1,491 commits ... and bots (...) made the
    // other 912`.
    let made = if by_bots == 0 {
        format!("made its {commits}{span}")
    } else {
        format!(
            "made {} of its {commits}{span} and {bots} made the other {}",
            human::thousands(by_people),
            human::thousands(by_bots)
        )
    };
    let them = if by_bots == 0 { "them" } else { "these people" };
    let (total, active) = (t.contributors_total, t.active_90_days);
    let text = match total {
        0 => format!("{bots} made all its {commits}{span}"),
        1 => format!(
            "1 person {made}; {}",
            match (active, by_bots) {
                (0, 0) => "they have not committed in the last 90 days",
                (0, _) => "that person has not committed in the last 90 days",
                (_, 0) => "they are still active (a commit in the last 90 days)",
                _ => "that person is still active (a commit in the last 90 days)",
            }
        ),
        n => {
            let recent = match active {
                0 => format!("none of {them} has committed in the last 90 days"),
                a if a >= n => format!("all of {them} committed in the last 90 days"),
                a => format!(
                    "{} of {them} committed in the last 90 days",
                    human::thousands(a)
                ),
            };
            format!("{} people {made}; {recent}", human::thousands(n))
        }
    };
    human::capitalise(&format!("{shallow}{text}."))
}

/// When nobody has committed for a while before `as_of`, "active in the last 90 days" says
/// little about today: the copy may be old, or the work may have stopped.
fn stale(a: &Assessment) -> Option<String> {
    let as_of = Date::parse(&a.repository.as_of)?;
    let tail = "if work continues elsewhere, this copy may be out of date";
    let quiet_since = |d: Date| as_of.days() - d.days() > STALE_DAYS;
    let before = |d: Date| {
        format!(
            "{} before this assessment, which is as of {}",
            human::duration(as_of.days() - d.days()),
            as_of.iso()
        )
    };
    let last = a.history.last_commit_date.as_deref().and_then(Date::parse);
    if let Some(last) = last.filter(|d| quiet_since(*d)) {
        return Some(format!(
            "Nobody has committed since {} ({}); {tail}.",
            last.iso(),
            before(last)
        ));
    }
    // Bots may keep committing after the people stopped.
    let last_person = a
        .team
        .contributors
        .iter()
        .filter_map(|c| c.last_commit.as_deref().and_then(Date::parse))
        .max_by_key(|d| d.days())?;
    (a.history.bot_commits > 0 && quiet_since(last_person)).then(|| {
        format!(
            "No person has committed since {} ({}), only bots; {tail}.",
            last_person.iso(),
            before(last_person)
        )
    })
}

/// How a person the truck factor names is away: `Left`, or `Quiet` since their last commit.
enum Away {
    Left,
    Quiet(Option<Date>),
}

/// The truck factor and the people it names, and which of them are gone and since when.
fn truck_factor(a: &Assessment) -> Option<String> {
    let t = &a.team;
    let tf = t.truck_factor.filter(|tf| *tf > 0)?;
    let names: Vec<String> = t
        .truck_factor_authors
        .iter()
        .map(|c| c.name.clone())
        .collect();
    let away = |c: &Contributor| {
        if departed(a, c) {
            Away::Left
        } else {
            Away::Quiet(c.last_commit.as_deref().and_then(Date::parse))
        }
    };
    let gone: Vec<(&Contributor, Away)> = t
        .truck_factor_authors
        .iter()
        .filter(|c| c.gone)
        .map(|c| (c, away(c)))
        .collect();
    let text = match (tf, names.as_slice()) {
        (_, []) => format!("Its {TRUCK_FACTOR_EXPLAINED} is {tf}."),
        (1, [one]) => match gone.first() {
            None => format!(
                "Its {TRUCK_FACTOR_EXPLAINED} is 1: if {one} left, most of the code would have \
                 nobody who knows it."
            ),
            Some((_, how)) => {
                let how = match how {
                    Away::Left => "has left".to_string(),
                    Away::Quiet(Some(d)) => format!("has not committed since {}", d.iso()),
                    Away::Quiet(None) => "has not committed in the last 180 days".to_string(),
                };
                format!(
                    "Its {TRUCK_FACTOR_EXPLAINED} is 1: most of the code is known only to {one}, \
                     who {how}."
                )
            }
        },
        (_, many) => {
            let mut s = format!("Its {TRUCK_FACTOR_EXPLAINED} is {tf}: {}", capped(many));
            let absent = gone_clauses(&gone, many.len());
            if !absent.is_empty() {
                s.push_str("; ");
                s.push_str(&human::join_and(&absent));
            }
            s.push('.');
            s
        }
    };
    Some(text)
}

/// `neither has committed since March 2024 (David Lord's last commit was on 2024-03-02, Armin
/// Ronacher's on 2020-06-11)`, `Carol has left`: who of the `listed` people is gone, grouped so
/// nothing is said twice.
fn gone_clauses(gone: &[(&Contributor, Away)], listed: usize) -> Vec<String> {
    let everyone = |n: usize| n == listed;
    let mut clauses = Vec::new();

    let left: Vec<String> = gone
        .iter()
        .filter(|(_, how)| matches!(how, Away::Left))
        .map(|(c, _)| c.name.clone())
        .collect();
    let quiet: Vec<(&str, Option<Date>)> = gone
        .iter()
        .filter_map(|(c, how)| match how {
            Away::Quiet(d) => Some((c.name.as_str(), *d)),
            Away::Left => None,
        })
        .collect();

    if !quiet.is_empty() {
        let newest = quiet
            .iter()
            .map(|(_, d)| *d)
            .collect::<Option<Vec<Date>>>()
            .and_then(|ds| ds.into_iter().max_by_key(|d| d.days()));
        let names: Vec<String> = quiet.iter().map(|(n, _)| (*n).to_string()).collect();
        let since = newest.map_or_else(
            || "in the last 180 days".to_string(),
            |d| format!("since {}", d.month_year()),
        );
        let clause = match quiet.as_slice() {
            [(name, Some(d))] => format!("{name} has not committed since {}", d.iso()),
            [(name, None)] => format!("{name} has not committed {since}"),
            many => {
                let who = match (everyone(many.len()), many.len()) {
                    (true, 2) => format!("neither has committed {since}"),
                    (true, _) => format!("none of them has committed {since}"),
                    (false, _) => format!("{} have not committed {since}", capped(&names)),
                };
                let dates: Vec<String> = many
                    .iter()
                    .take(SUMMARY_NAMES)
                    .enumerate()
                    .filter_map(|(i, (name, d))| {
                        let d = d.as_ref()?.iso();
                        Some(if i == 0 {
                            format!("{name}'s last commit was on {d}")
                        } else {
                            format!("{name}'s on {d}")
                        })
                    })
                    .collect();
                if dates.is_empty() {
                    who
                } else {
                    format!("{who} ({})", dates.join(", "))
                }
            }
        };
        clauses.push(clause);
    }
    match (left.len(), everyone(left.len())) {
        (0, _) => {}
        (1, _) => clauses.push(format!("{} has left", left[0])),
        (2, true) => clauses.push("both have left".to_string()),
        (_, true) => clauses.push("all of them have left".to_string()),
        _ => clauses.push(format!("{} have left", capped(&left))),
    }
    clauses
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
            "The file that is both complex and changed most often (a hotspot, where bugs tend to \
             gather) is {one}."
        )),
        many => Some(format!(
            "The files that are both complex and changed most often (hotspots, where bugs tend \
             to gather) are {}.",
            human::join_and(many)
        )),
    }
}

/// What was found and what comes first. The most urgent item is told with its finding's own
/// message (not what the action folded into it), without repeating the title when the message
/// starts with it.
fn most_urgent(a: &Assessment) -> String {
    let checks = human::count(a.rules_run.len() as u64, "check", "checks");
    let problems: Vec<Severity> = a
        .findings
        .iter()
        .map(|f| f.severity)
        .filter(|s| *s != Severity::Info)
        .collect();
    let accepted = if a.accepted.is_empty() {
        String::new()
    } else {
        format!(
            " {} the team accepted (a baseline or a comment on the line) {} counted apart.",
            human::count(a.accepted.len() as u64, "finding", "findings"),
            if a.accepted.len() == 1 { "is" } else { "are" }
        )
    };
    let Some(first) = a.actions.first() else {
        return format!("None of the {checks} that ran found a problem to fix.{accepted}");
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
    let message = finding_of(a, first).map_or(first.what.as_str(), |f| f.message.as_str());
    let what = match human::after_title(&first.title, message) {
        Some("") => String::new(),
        Some(rest) => format!(": {}", human::sentence(&human::lower_first(rest))),
        None => format!(": {}", human::sentence(&human::lower_first(message))),
    };
    let what = if what.is_empty() {
        ".".to_string()
    } else {
        what
    };
    format!(
        "The {checks} that ran found {} ({}); the most urgent is \"{}\"{what}{accepted}",
        human::count(problems.len() as u64, "problem", "problems"),
        by_severity.join(", "),
        first.title,
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

#[cfg(test)]
mod tests {
    use crate::assessment::assess;
    use crate::assessment::tests::{finding, input, rule};
    use fcto_model::{
        Area, CompanyContext, ContextSource, Contributor, Effort, HistorySummary, Hotspot,
        LanguageSummary, Severity, Stage, TeamSummary,
    };

    fn language(name: &str, code: u64, share: f64, programming: bool) -> LanguageSummary {
        LanguageSummary {
            name: name.to_string(),
            code,
            share,
            programming,
            ..LanguageSummary::default()
        }
    }

    fn gone(name: &str, last: &str) -> Contributor {
        Contributor {
            name: name.to_string(),
            email: format!("{}@example.com", name.to_lowercase().replace(' ', ".")),
            last_commit: Some(last.to_string()),
            gone: true,
            ..Contributor::default()
        }
    }

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
                 who has not committed since 2024-08-30."
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
                code_health: None,
                trend: Vec::new(),
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

    #[test]
    fn bots_are_not_people() {
        let mut i = input();
        i.history.commits = 1_491;
        i.history.human_commits = 579;
        i.history.bot_commits = 912;
        i.history.bots = vec!["dependabot[bot]".to_string(), "renovate[bot]".to_string()];
        i.team.contributors_total = 80;
        i.team.active_90_days = 5;
        let s = assess(i.clone()).summary;
        assert!(
            s.contains(
                "80 people made 579 of its 1,491 commits over about 3 years (March 2022 to \
                 February 2025) and bots (dependabot[bot] and renovate[bot]) made the other 912; \
                 5 of these people committed in the last 90 days."
            ),
            "{s}"
        );

        // Inputs from before `human_commits` existed: every commit not by a bot is a person's.
        i.history.human_commits = 0;
        let s = assess(i.clone()).summary;
        assert!(s.contains("made 579 of its 1,491 commits"), "{s}");

        i.team.contributors_total = 0;
        i.history.human_commits = 0;
        i.history.bot_commits = 1_491;
        i.history.bots.truncate(1);
        let s = assess(i).summary;
        assert!(
            s.contains("Bots (dependabot[bot]) made all its 1,491 commits over about 3 years"),
            "{s}"
        );
    }

    #[test]
    fn written_in_names_programming_languages_only() {
        let mut i = input();
        i.inventory.languages = vec![
            language("JSON", 4_900, 0.49, false),
            language("Python", 3_000, 0.30, true),
            language("Markdown", 1_100, 0.11, false),
            language("Shell", 1_000, 0.10, true),
        ];
        let s = assess(i.clone()).summary;
        assert!(
            s.starts_with(
                "shopfront is written mainly in Python (30% of the code) and Shell (10%), has \
                 more data and text than program code (60% of the lines are JSON and Markdown) \
                 and uses Django."
            ),
            "{s}"
        );

        // One programming language beside a little data is simply what it is written in.
        i.inventory.languages = vec![
            language("Rust", 9_500, 0.95, true),
            language("TOML", 500, 0.05, false),
        ];
        let s = assess(i.clone()).summary;
        assert!(
            s.starts_with("shopfront is written in Rust and uses"),
            "{s}"
        );

        i.inventory.languages = vec![
            language("ReStructuredText", 4_200, 0.42, false),
            language("YAML", 3_900, 0.39, false),
            language("JSON", 1_900, 0.19, false),
        ];
        let s = assess(i).summary;
        assert!(
            s.starts_with(
                "shopfront holds no program code, only data and text (ReStructuredText, YAML \
                 and others) and uses Django."
            ),
            "{s}"
        );
    }

    #[test]
    fn most_urgent_does_not_repeat_its_title() {
        let mut i = input();
        let title = "README does not explain how to run the product";
        let mut meta = rule(
            "DOC001",
            Area::Documentation,
            Severity::Critical,
            Effort::Hours,
            &[],
        );
        meta.title = title;
        i.rules.push(meta);
        let mut f = finding(
            "DOC001",
            Area::Documentation,
            Severity::Critical,
            Effort::Hours,
            "d",
        );
        f.message = "The README does not explain how to run the product: only 12 non-empty \
                     lines; no section on install"
            .to_string();
        i.findings.push(f);
        let s = assess(i.clone()).summary;
        assert!(
            s.contains(
                "the most urgent is \"README does not explain how to run the product\": only 12 \
                 non-empty lines; no section on install."
            ),
            "{s}"
        );

        i.findings.last_mut().unwrap().message = format!("the {title}");
        let s = assess(i).summary;
        assert!(
            s.contains("the most urgent is \"README does not explain how to run the product\". "),
            "{s}"
        );
    }

    #[test]
    fn gone_people_are_told_with_their_last_commit() {
        let mut i = input();
        i.team.truck_factor = Some(2);
        i.team.truck_factor_authors = vec![
            gone("David Lord", "2024-03-02T10:00:00Z"),
            gone("Armin Ronacher", "2020-06-11T10:00:00Z"),
        ];
        let s = assess(i.clone()).summary;
        assert!(
            s.contains(
                "is 2: David Lord and Armin Ronacher; neither has committed since March 2024 \
                 (David Lord's last commit was on 2024-03-02, Armin Ronacher's on 2020-06-11)."
            ),
            "{s}"
        );
        assert!(!s.contains("180 days"), "{s}");

        // Listed as departed: "has left"; someone still active is not mentioned as gone.
        let mut active = gone("Bob Example", "2025-02-20T10:00:00Z");
        active.gone = false;
        i.team.truck_factor = Some(3);
        i.team.truck_factor_authors.push(active);
        i.context.departed = vec!["armin ronacher".to_string()];
        let s = assess(i).summary;
        assert!(
            s.contains(
                "is 3: David Lord, Armin Ronacher and Bob Example; David Lord has not committed \
                 since 2024-03-02 and Armin Ronacher has left."
            ),
            "{s}"
        );
    }

    #[test]
    fn a_stale_copy_is_said() {
        let mut i = input();
        i.repository.as_of = "2025-11-22T12:00:00Z".to_string();
        i.history.last_commit_date = Some("2025-07-24T09:00:00Z".to_string());
        let s = assess(i.clone()).summary;
        assert!(
            s.contains(
                "; 1 of them committed in the last 90 days. Nobody has committed since \
                 2025-07-24 (about 4 months before this assessment, which is as of 2025-11-22); \
                 if work continues elsewhere, this copy may be out of date. Its truck factor"
            ),
            "{s}"
        );

        // Bots still commit, people stopped.
        i.history.last_commit_date = Some("2025-11-20T09:00:00Z".to_string());
        i.history.bot_commits = 30;
        i.team.contributors[1].last_commit = Some("2025-06-01T10:00:00Z".to_string());
        let s = assess(i.clone()).summary;
        assert!(
            s.contains(
                "No person has committed since 2025-06-01 (about 6 months before this \
                 assessment, which is as of 2025-11-22), only bots;"
            ),
            "{s}"
        );

        // Recent work: nothing is said.
        i.repository.as_of = "2025-02-27T12:00:00Z".to_string();
        i.history.last_commit_date = Some("2025-02-20T10:00:00Z".to_string());
        i.team.contributors[1].last_commit = Some("2025-02-20T10:00:00Z".to_string());
        let s = assess(i).summary;
        assert!(
            !s.contains("Nobody has") && !s.contains("No person has"),
            "{s}"
        );
    }

    #[test]
    fn only_rules_that_ran_count_and_score() {
        // Without history the binary passes no team rule: the team area is not assessed and
        // the count of checks is of the rules passed.
        let mut i = input();
        i.history = HistorySummary::default();
        i.team = TeamSummary::default();
        i.rules.retain(|r| r.area != Area::Team);
        i.findings.retain(|f| f.area != Area::Team);
        let a = assess(i);
        assert!(!a.scores.contains_key("team"), "{:?}", a.scores);
        let team = a
            .score_details
            .iter()
            .find(|d| d.area == Area::Team)
            .unwrap();
        assert!(matches!(team.status, fcto_model::ScoreStatus::NotAssessed));
        assert_eq!(team.score, None);
        assert_eq!(team.rules_run, 0);
        assert_eq!(a.rules_run, ["QUA005"]);
        assert!(
            a.summary
                .contains("The 1 check that ran found 1 problem (1 medium);"),
            "{}",
            a.summary
        );
        for format in [crate::Format::Terminal, crate::Format::Markdown] {
            let text = crate::render(&a, format, &crate::RenderOptions::default());
            assert!(
                text.contains("Team & knowledge (needs the git history)"),
                "{text}"
            );
        }
    }
}
