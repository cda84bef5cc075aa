//! Markdown: the full report, written to read well in a pull request or an issue.

use super::{
    RenderOptions, Renderer, action_what, as_of, clean, gone_how, gone_word, not_assessed,
    without_title,
};
use crate::assessment::evidence_total;
use crate::assessment::scoring::{WEIGHT_CRITICAL, WEIGHT_HIGH, WEIGHT_LOW, WEIGHT_MEDIUM};
use crate::human::{self, Date};
use fcto_model::{
    Area, Assessment, ContextSource, Effort, Evidence, Finding, NoteLevel, ScoreStatus, Severity,
    StackItem, TrendPoint,
};
use std::fmt::Write as _;

/// Evidence listed per finding before "and N more".
const FINDING_EVIDENCE: usize = 10;
/// Rows of the hotspot, contributor, island and orphaned-code tables.
const TABLE_ROWS: usize = 10;
/// Stack declarations listed per technology.
const STACK_EVIDENCE: usize = 3;

pub(super) struct Markdown;

impl Renderer for Markdown {
    fn render(&self, a: &Assessment, _options: &RenderOptions) -> String {
        let mut body = String::new();
        title(&mut body, a);
        summary(&mut body, a);
        actions(&mut body, a);
        scores(&mut body, a);
        stack(&mut body, a);
        languages(&mut body, a);
        team(&mut body, a);
        hotspots(&mut body, a);
        code_health(&mut body, a);
        findings(&mut body, a);
        accepted(&mut body, a);
        notes(&mut body, a);
        glossary(&mut body);
        footer(&mut body, a);
        body
    }
}

// Text escaping -----------------------------------------------------------------------------

/// Prose: Markdown's active characters are escaped, except inside balanced `code spans`, which
/// rules use on purpose. Unbalanced backticks are escaped too.
fn text(s: &str) -> String {
    let s = clean(s);
    let balanced = s.matches('`').count().is_multiple_of(2);
    let mut out = String::with_capacity(s.len());
    let mut in_code = false;
    for c in s.chars() {
        if c == '`' && balanced {
            in_code = !in_code;
            out.push(c);
        } else if in_code {
            out.push(c);
        } else {
            if matches!(
                c,
                '\\' | '`' | '*' | '_' | '<' | '>' | '[' | ']' | '#' | '|' | '~'
            ) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// A table cell: everything escaped, backticks and pipes included.
fn cell(s: &str) -> String {
    let s = clean(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '<' | '>' | '[' | ']' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A code span for a path or an identifier, fenced with more backticks than it contains.
fn code(s: &str) -> String {
    let s = clean(s);
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if s.starts_with('`') || s.ends_with('`') || s.is_empty() {
        format!("{fence} {s} {fence}")
    } else {
        format!("{fence}{s}{fence}")
    }
}

/// A code span inside a table cell: pipes escaped (GitHub reads `\|` inside spans in tables).
fn code_cell(s: &str) -> String {
    code(s).replace('|', "\\|")
}

/// `path:line`, with the note after it.
fn evidence(e: &Evidence) -> String {
    let located = e.path.is_some() || e.commit.is_some();
    match &e.note {
        Some(note) if located => format!("{} ({})", code(&e.location()), text(note)),
        Some(note) => text(note),
        None => code(&e.location()),
    }
}

/// Up to `cap` pieces of evidence, comma-separated, then "and N more" of the `total` there are
/// (the list may itself be the first part of a longer one).
fn evidence_list(list: &[Evidence], cap: usize, total: usize) -> String {
    let mut parts: Vec<String> = list.iter().take(cap).map(evidence).collect();
    let shown = parts.len();
    let total = total.max(list.len());
    if total > shown {
        parts.push(format!(
            "and {} more",
            human::thousands((total - shown) as u64)
        ));
    }
    parts.join(", ")
}

fn effort(e: Effort) -> &'static str {
    match e {
        Effort::None => "nothing to do",
        Effort::Hours => "hours of work",
        Effort::Days => "days of work",
        Effort::Weeks => "weeks of work",
    }
}

fn date(s: &str) -> String {
    Date::parse(s).map_or_else(|| s.to_string(), Date::iso)
}

/// Indents every line after the first, so multi-line text stays inside a list item.
fn continued(s: &str, indent: &str) -> String {
    let mut out = String::new();
    for (i, line) in s.trim().lines().enumerate() {
        if i > 0 {
            out.push('\n');
            if !line.trim().is_empty() {
                out.push_str(indent);
            }
        }
        out.push_str(line.trim_end());
    }
    out
}

/// Multi-line documentation text (a rule's why or how-to-fix) inside a list item: the text is
/// kept as the rule wrote it, with control characters other than newlines removed.
fn doc_text(s: &str, indent: &str) -> String {
    let lines: Vec<String> = s.lines().map(clean).collect();
    continued(&lines.join("\n"), indent)
}

// Sections ----------------------------------------------------------------------------------

fn title(out: &mut String, a: &Assessment) {
    let name = human::repo_name(&a.repository.path).unwrap_or_else(|| a.repository.path.clone());
    let _ = writeln!(out, "# Technical assessment of {}\n", text(&name));
    let mut facts = Vec::new();
    match &a.repository.head {
        Some(head) => {
            let mut s = format!("**Commit** {}", code(human::short_commit(head)));
            if let Some(rev) = &a.repository.rev {
                let _ = write!(s, " (asked for {})", code(rev));
            } else if let Some(branch) = &a.repository.branch {
                let _ = write!(s, " on {}", code(branch));
            }
            if let Some(d) = &a.repository.head_date {
                let _ = write!(s, ", {}", date(d));
            }
            facts.push(s);
        }
        None => facts.push("**Commit** none (not a git repository, or no commits yet)".to_string()),
    }
    if let Some(date) = as_of(a) {
        facts.push(format!("**As of** {date}"));
    }
    let source = match &a.context.source {
        ContextSource::Assumed => ", assumed (no fcto.toml found)".to_string(),
        ContextSource::File { path } => format!(", from {}", code(path)),
    };
    facts.push(format!(
        "**Stage** {}{source}",
        text(a.context.stage.title())
    ));
    let _ = writeln!(out, "{}\n", facts.join(" · "));
}

fn summary(out: &mut String, a: &Assessment) {
    let _ = writeln!(out, "## Summary\n\n{}\n", text(&a.summary));
}

fn actions(out: &mut String, a: &Assessment) {
    let heading = if a.actions.len() == 5 {
        "First five things to do"
    } else {
        "First things to do"
    };
    let _ = writeln!(out, "## {heading}\n");
    if a.actions.is_empty() {
        let _ = writeln!(
            out,
            "Nothing urgent: none of the checks that ran found a problem to fix.\n"
        );
        return;
    }
    for action in &a.actions {
        let indent = "     ";
        let _ = writeln!(
            out,
            "{}. **{}** — {}, {} ({})",
            action.rank,
            text(&action.title),
            action.severity,
            effort(action.effort),
            code(&action.rule)
        );
        if let Some(what) = action_what(action) {
            let _ = writeln!(out, "   - **What:** {}", text(&what));
        }
        if !action.why.trim().is_empty() {
            let _ = writeln!(
                out,
                "   - **Why it matters:** {}",
                doc_text(&action.why, indent)
            );
        }
        if !action.how.trim().is_empty() {
            let _ = writeln!(
                out,
                "   - **How to fix:** {}",
                doc_text(&action.how, indent)
            );
        }
        if !action.evidence.is_empty() {
            let _ = writeln!(
                out,
                "   - **Evidence:** {}",
                evidence_list(&action.evidence, usize::MAX, evidence_total(a, action))
            );
        }
    }
    out.push('\n');
}

fn scores(out: &mut String, a: &Assessment) {
    let _ = writeln!(out, "## Scores\n");
    let _ = writeln!(
        out,
        "Each area starts at 100 and loses points for every finding: {} for a critical, {} for a \
         high, {} for a medium and {} for a low one. Findings that matter most at the company's \
         stage count more (× 1.25), and some count less or more at the earliest and latest \
         stages. An area no check looked at has no score.\n",
        human::factor(WEIGHT_CRITICAL),
        human::factor(WEIGHT_HIGH),
        human::factor(WEIGHT_MEDIUM),
        human::factor(WEIGHT_LOW),
    );
    let assessed: Vec<_> = a
        .score_details
        .iter()
        .filter(|d| matches!(d.status, ScoreStatus::Assessed))
        .collect();
    if !assessed.is_empty() {
        let _ = writeln!(
            out,
            "| Area | Score | How it was computed |\n|---|---:|---|"
        );
        for d in &assessed {
            let score = d.score.map_or_else(|| "–".to_string(), human::score);
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                cell(d.area.title()),
                score,
                cell(&d.formula)
            );
        }
        out.push('\n');
    }
    let missing: Vec<String> = a
        .score_details
        .iter()
        .filter(|d| matches!(d.status, ScoreStatus::NotAssessed))
        .map(|d| not_assessed(a, d.area))
        .collect();
    if !missing.is_empty() {
        let _ = writeln!(
            out,
            "Not assessed (no check of these areas ran): {}.\n",
            text(&human::join_and(&missing))
        );
    }
}

/// Display order and label of stack kinds.
const STACK_KINDS: &[(&str, &str)] = &[
    ("language", "Language"),
    ("framework", "Framework"),
    ("datastore", "Datastore"),
    ("orm", "Database library"),
    ("queue", "Background jobs"),
    ("auth", "Sign-in"),
    ("payments", "Payments"),
    ("ai", "AI provider"),
    ("error-tracking", "Error tracking"),
    ("hosting", "Hosting"),
    ("cloud-sdk", "Cloud SDK"),
    ("container", "Container"),
    ("infrastructure", "Infrastructure"),
    ("ci", "CI"),
    ("package-manager", "Package manager"),
    ("build", "Build tool"),
    ("testing", "Testing"),
    ("mobile", "Mobile"),
];

fn kind_label(kind: &str) -> String {
    STACK_KINDS.iter().find(|(k, _)| *k == kind).map_or_else(
        || {
            let spaced = kind.replace('-', " ");
            let mut chars = spaced.chars();
            chars
                .next()
                .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
        },
        |(_, label)| (*label).to_string(),
    )
}

fn stack(out: &mut String, a: &Assessment) {
    let _ = writeln!(out, "## What it is built with\n");
    if a.stack.items.is_empty() {
        let _ = writeln!(
            out,
            "No frameworks, datastores or platforms were recognised in the repository.\n"
        );
        return;
    }
    let position = |item: &StackItem| {
        STACK_KINDS
            .iter()
            .position(|(k, _)| *k == item.kind)
            .unwrap_or(STACK_KINDS.len())
    };
    let mut items: Vec<&StackItem> = a.stack.items.iter().collect();
    items.sort_by_key(|i| position(i));
    let _ = writeln!(
        out,
        "| Kind | Name | Version | Declared in |\n|---|---|---|---|"
    );
    for item in items {
        let mut places: Vec<String> = item
            .evidence
            .iter()
            .take(STACK_EVIDENCE)
            .map(|e| code_cell(&e.location()))
            .collect();
        if item.evidence.len() > STACK_EVIDENCE {
            places.push(format!("and {} more", item.evidence.len() - STACK_EVIDENCE));
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell(&kind_label(&item.kind)),
            cell(&item.name),
            match (&item.version, &item.via) {
                (Some(v), _) => code_cell(v),
                (None, Some(via)) => format!("via {}", cell(via)),
                (None, None) => "–".to_string(),
            },
            places.join(", ")
        );
    }
    out.push('\n');
    if a.stack.packages.len() > 1 {
        let packages: Vec<String> = a.stack.packages.iter().map(|p| code(p)).collect();
        let _ = writeln!(
            out,
            "The repository holds {} packages (folders with their own dependency list): {}.\n",
            a.stack.packages.len(),
            packages.join(", ")
        );
    }
}

fn languages(out: &mut String, a: &Assessment) {
    let inv = &a.inventory;
    let _ = writeln!(out, "## Size by language\n");
    if inv.languages.is_empty() {
        let _ = writeln!(out, "No source code that fcto can count was found.\n");
    } else {
        let _ = writeln!(
            out,
            "| Language | Files | Code lines | Comment lines | Blank lines | Share of code |\n\
             |---|---:|---:|---:|---:|---:|"
        );
        for l in &inv.languages {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                cell(&l.name),
                human::thousands(l.files),
                human::thousands(l.code),
                human::thousands(l.comments),
                human::thousands(l.blanks),
                human::percent(l.share)
            );
        }
        let _ = writeln!(
            out,
            "| **Total** | {} | {} | {} | {} | 100% |\n",
            human::thousands(inv.files),
            human::thousands(inv.code),
            human::thousands(inv.comments),
            human::thousands(inv.blanks)
        );
    }
    if inv.other_files > 0 {
        let _ = writeln!(
            out,
            "{} in no language above (images, data, unknown types).\n",
            human::count(inv.other_files, "other file is", "other files are")
        );
    }
    if !inv.excluded.is_empty() || !inv.excluded_counts.is_empty() {
        let total: u64 = inv
            .excluded_counts
            .values()
            .sum::<u64>()
            .max(inv.excluded.len() as u64);
        let reasons: Vec<String> = inv
            .excluded_counts
            .iter()
            .map(|(reason, n)| format!("{} {}", human::thousands(*n), cell(reason)))
            .collect();
        let _ = writeln!(
            out,
            "Not counted: {}{}.\n",
            human::count(total, "file", "files"),
            if reasons.is_empty() {
                String::new()
            } else {
                format!(" ({})", reasons.join(", "))
            }
        );
        if !inv.excluded.is_empty() {
            let _ = writeln!(out, "<details><summary>Files not counted</summary>\n");
            for f in inv.excluded.iter().take(TABLE_ROWS * 5) {
                let _ = writeln!(
                    out,
                    "- {} — {}: {}",
                    code(&f.path),
                    text(&f.reason),
                    text(&f.detail)
                );
            }
            if inv.excluded.len() > TABLE_ROWS * 5 {
                let _ = writeln!(
                    out,
                    "- and {} more",
                    human::thousands((inv.excluded.len() - TABLE_ROWS * 5) as u64)
                );
            }
            let _ = writeln!(out, "\n</details>\n");
        }
    }
}

fn team(out: &mut String, a: &Assessment) {
    let _ = writeln!(out, "## Team and knowledge\n");
    let h = &a.history;
    let t = &a.team;
    if !h.available {
        let reason = h
            .unavailable_reason
            .as_deref()
            .map(|r| format!(" because {}", text(r)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "The git history was not available{reason}, so nothing is said about the team.\n"
        );
        return;
    }
    let _ = writeln!(
        out,
        "- **Contributors:** {} in total; {} committed in the last 90 days and {} in the last 12 months.",
        human::count(t.contributors_total, "person", "people"),
        human::thousands(t.active_90_days),
        human::thousands(t.active_12_months),
    );
    let mut history = format!(
        "- **History:** {} ({} merges)",
        human::count(h.commits, "commit", "commits"),
        human::thousands(h.merges)
    );
    if let (Some(first), Some(last)) = (&h.first_commit_date, &h.last_commit_date) {
        let _ = write!(history, " from {} to {}", date(first), date(last));
    }
    if h.bot_commits > 0 {
        let bots: Vec<String> = h.bots.iter().map(|b| text(b)).collect();
        let _ = write!(
            history,
            "; {} by bots ({})",
            human::thousands(h.bot_commits),
            bots.join(", ")
        );
    }
    if h.shallow {
        history.push_str("; **shallow clone**: only part of the history is present");
    }
    let _ = writeln!(out, "{history}.");
    if let Some(tf) = t.truck_factor {
        let names: Vec<String> = t
            .truck_factor_authors
            .iter()
            .map(|c| {
                if c.gone {
                    format!("{} ({})", text(&c.name), text(&gone_how(a, c)))
                } else {
                    text(&c.name)
                }
            })
            .collect();
        let who = if names.is_empty() {
            String::new()
        } else {
            format!(": {}", human::join_and(&names))
        };
        let _ = write!(out, "- **Truck factor:** {tf}{who}.");
        if let Some(eff) = t.effective_truck_factor {
            let _ = write!(
                out,
                " Counting only people active in the last 180 days, it is {eff}."
            );
        }
        if t.truck_factor_files > 0 {
            let _ = write!(
                out,
                " Computed over {}.",
                human::count(t.truck_factor_files, "file", "files")
            );
        }
        out.push('\n');
    }
    let island_files = t
        .knowledge_island_files
        .max(t.knowledge_islands.len() as u64);
    let orphaned_files = t.orphaned_files.max(t.orphaned.len() as u64);
    let _ = writeln!(
        out,
        "- **Knowledge islands:** {} of the code is in {} written almost entirely by one person.",
        human::percent(t.knowledge_island_share),
        human::count(island_files, "file", "files")
    );
    let _ = writeln!(
        out,
        "- **Orphaned code:** {} of the code was written by people who have left or gone quiet; in {} the main author did.\n",
        human::percent(t.orphaned_share),
        human::count(orphaned_files, "file", "files")
    );

    if !t.contributors.is_empty() {
        let _ = writeln!(out, "### Contributors\n");
        let _ = writeln!(
            out,
            "| Person | Commits | Lines added | Lines removed | First commit | Last commit | Active (90 days) |\n\
             |---|---:|---:|---:|---|---|---|"
        );
        for c in t.contributors.iter().take(TABLE_ROWS) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                cell(&c.name),
                human::thousands(c.commits),
                human::thousands(c.lines_added),
                human::thousands(c.lines_removed),
                c.first_commit
                    .as_deref()
                    .map_or_else(|| "–".to_string(), date),
                c.last_commit
                    .as_deref()
                    .map_or_else(|| "–".to_string(), date),
                if c.active_90_days {
                    "yes".to_string()
                } else if c.gone {
                    format!("no, {}", gone_word(a, c))
                } else {
                    "no".to_string()
                }
            );
        }
        more_rows(out, t.contributors.len(), 0, "people");
    }
    if !t.knowledge_islands.is_empty() {
        let _ = writeln!(out, "### Knowledge islands\n");
        let _ = writeln!(
            out,
            "| File | Written by | Their share | Code lines | Changes |\n|---|---|---:|---:|---:|"
        );
        for k in t.knowledge_islands.iter().take(TABLE_ROWS) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                code_cell(&k.path),
                cell(&k.owner),
                human::percent(k.share),
                human::thousands(k.code),
                human::thousands(k.changes)
            );
        }
        more_rows(out, t.knowledge_islands.len(), island_files, "files");
    }
    if !t.orphaned.is_empty() {
        let _ = writeln!(out, "### Orphaned code\n");
        let _ = writeln!(
            out,
            "| File | Mainly written by | Their last commit | Their share | Code lines |\n|---|---|---|---:|---:|"
        );
        for o in t.orphaned.iter().take(TABLE_ROWS) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                code_cell(&o.path),
                cell(&o.owner),
                o.owner_last_commit
                    .as_deref()
                    .map_or_else(|| "–".to_string(), date),
                human::percent(o.share),
                human::thousands(o.code)
            );
        }
        more_rows(out, t.orphaned.len(), orphaned_files, "files");
    }
}

/// After a table of the first [`TABLE_ROWS`] of `listed` rows: how many of the `total` there are
/// (which can exceed what was listed) it leaves out.
fn more_rows(out: &mut String, listed: usize, total: u64, what: &str) {
    let shown = listed.min(TABLE_ROWS) as u64;
    let total = total.max(listed as u64);
    if total > shown {
        let _ = writeln!(
            out,
            "\nand {} more {what}.",
            human::thousands(total - shown)
        );
    }
    out.push('\n');
}

fn hotspots(out: &mut String, a: &Assessment) {
    let _ = writeln!(out, "## Hotspots\n");
    if !a.history.available {
        let _ = writeln!(
            out,
            "Hotspots need the git history, which was not available.\n"
        );
        return;
    }
    if a.hotspots.is_empty() {
        let _ = writeln!(out, "No file stands out as both large and often changed.\n");
        return;
    }
    let _ = writeln!(
        out,
        "Files that are both complex and changed often. Bugs and delays gather here, so \
         improvements pay off first.\n"
    );
    let measure = a
        .hotspots
        .first()
        .map_or("complexity", |h| h.measure.as_str());
    let _ = writeln!(
        out,
        "| File | Changes | Code lines | {} | A year ago | Code health | Authors | Score (0-1) |\n|---|---:|---:|---:|---:|---:|---:|---:|",
        human::capitalise(measure)
    );
    for h in a.hotspots.iter().take(TABLE_ROWS) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {:.2} |",
            code_cell(&h.path),
            human::thousands(h.changes),
            human::thousands(h.code),
            human::thousands(h.measure_value.round() as u64),
            match h.trend.first() {
                Some(TrendPoint {
                    complexity: Some(c),
                    ..
                }) => human::thousands(*c),
                Some(_) => "new".to_string(),
                None => "–".to_string(),
            },
            h.code_health.map_or("–".to_string(), |s| format!("{s:.1}")),
            human::thousands(h.authors),
            h.score
        );
    }
    more_rows(out, a.hotspots.len(), 0, "files");
}

fn code_health(out: &mut String, a: &Assessment) {
    let h = &a.code_health;
    let _ = writeln!(out, "## Code health\n");
    if !h.assessed {
        let _ = writeln!(
            out,
            "Functions were not read: no selected rule needed them.\n"
        );
        return;
    }
    let Some(score) = h.score else {
        let _ = writeln!(
            out,
            "No code in a language fcto reads functions from (Rust, Python, JavaScript, \
             TypeScript, Go, Java, Ruby, PHP, C, C++, C#, Kotlin, Swift).\n"
        );
        return;
    };
    let _ = write!(
        out,
        "**{score:.1} / 10** ({}), weighted by code lines over {} in {}",
        h.band.as_deref().unwrap_or_default(),
        human::count(h.functions, "function", "functions"),
        human::count(h.files_parsed, "file", "files"),
    );
    if let Some(hot) = h.hotspot_score {
        let _ = write!(out, "; the hotspots score **{hot:.1}**");
    }
    let _ = writeln!(
        out,
        ". {} of the code is duplicated ({} lines); {} have a cyclomatic complexity of 10 or more. \
         Scores: 9-10 healthy, 4-8.9 warning, below 4 alert.\n",
        human::capitalise(&human::percent(h.duplication)),
        human::thousands(h.duplicated_lines),
        human::count(h.complex_functions, "function", "functions"),
    );
    if h.files_with_parse_errors > 0 {
        let (files, were) = if h.files_with_parse_errors == 1 {
            ("1 file".to_string(), "it was")
        } else {
            (
                format!("{} files", human::thousands(h.files_with_parse_errors)),
                "they were",
            )
        };
        let _ = writeln!(
            out,
            "{files} did not parse cleanly; {were} measured around the errors.\n"
        );
    }
    if h.components.len() > 1 {
        let _ = writeln!(
            out,
            "| Component | Code health | Code lines | Files |\n|---|---:|---:|---:|"
        );
        for c in h.components.iter().take(TABLE_ROWS) {
            let _ = writeln!(
                out,
                "| {} | {:.1} | {} | {} |",
                code_cell(&c.component),
                c.score,
                human::thousands(c.code),
                human::thousands(c.files)
            );
        }
        more_rows(out, h.components.len(), 0, "components");
    }
    let unhealthy: Vec<_> = h.files.iter().filter(|f| f.score < 9.0).collect();
    if !unhealthy.is_empty() {
        let _ = writeln!(out, "Least healthy files:\n");
        let _ = writeln!(
            out,
            "| File | Code health | Code lines | What lowers it |\n|---|---:|---:|---|"
        );
        for f in unhealthy.iter().take(TABLE_ROWS) {
            let smells: Vec<String> = f.smells.iter().take(3).map(|s| text(s)).collect();
            let _ = writeln!(
                out,
                "| {} | {:.1} | {} | {} |",
                code_cell(&f.path),
                f.score,
                human::thousands(f.code),
                smells.join("; ")
            );
        }
        more_rows(out, unhealthy.len(), 0, "files");
    }
    if !h.clones.is_empty() {
        let _ = writeln!(out, "Longest duplicated blocks:\n");
        let _ = writeln!(out, "| Copy | Copy | Lines |\n|---|---|---:|");
        for c in h.clones.iter().take(TABLE_ROWS) {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                code_cell(&c.first),
                code_cell(&c.second),
                human::thousands(c.lines)
            );
        }
        more_rows(out, h.clones.len(), 0, "blocks");
    }
}

fn findings(out: &mut String, a: &Assessment) {
    let _ = writeln!(out, "## All findings\n");
    if a.findings.is_empty() {
        let _ = writeln!(
            out,
            "None of the {} that ran found anything.\n",
            human::count(a.rules_run.len() as u64, "check", "checks")
        );
        return;
    }
    let counts: Vec<String> = Severity::ALL
        .iter()
        .rev()
        .filter_map(|s| {
            let n = a.findings.iter().filter(|f| f.severity == *s).count();
            (n > 0).then(|| format!("{n} {s}"))
        })
        .collect();
    let _ = writeln!(
        out,
        "{} from {}: {}. Most urgent first within each area; the areas follow the same order.\n",
        human::count(a.findings.len() as u64, "finding", "findings"),
        human::count(a.rules_run.len() as u64, "check", "checks"),
        counts.join(", ")
    );
    // Areas in the order their first finding appears in the ranking.
    let mut areas: Vec<Area> = Vec::new();
    for f in &a.findings {
        if !areas.contains(&f.area) {
            areas.push(f.area);
        }
    }
    for area in areas {
        let in_area: Vec<&Finding> = a.findings.iter().filter(|f| f.area == area).collect();
        let _ = writeln!(out, "### {} ({})\n", area.title(), in_area.len());
        let mut rules: Vec<&str> = Vec::new();
        for f in &in_area {
            if !rules.contains(&f.rule.as_str()) {
                rules.push(&f.rule);
            }
        }
        for rule in rules {
            let of_rule: Vec<&&Finding> = in_area.iter().filter(|f| f.rule == rule).collect();
            let brief = a.rules.get(rule);
            let title = brief.map_or_else(|| of_rule[0].name.clone(), |b| b.title.clone());
            let _ = write!(out, "**{}** ({})", text(&title), code(rule));
            match brief {
                Some(b) if !b.why.trim().is_empty() => {
                    let _ = writeln!(out, ": {}\n", text(b.why.trim()));
                }
                _ => out.push_str("\n\n"),
            }
            for f in of_rule {
                // The rule's title is right above: a message restating it shows only the rest.
                let message =
                    without_title(&title, &f.message).unwrap_or_else(|| f.message.clone());
                let _ = write!(out, "- **{}**: {}", f.severity, text(&message));
                if !f.evidence.is_empty() {
                    let _ = write!(
                        out,
                        " — {}",
                        evidence_list(&f.evidence, FINDING_EVIDENCE, f.evidence.len())
                    );
                }
                out.push('\n');
            }
            out.push('\n');
        }
    }
}

/// The findings the team accepted, with their reasons: counted, not weighed.
fn accepted(out: &mut String, a: &Assessment) {
    if a.accepted.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Accepted findings\n");
    let _ = writeln!(
        out,
        "{} accepted by the team (the baseline file, or a comment on the line): not scored and \
         not among the actions.\n",
        a.accepted.len()
    );
    let _ = writeln!(out, "| Rule | Finding | Accepted by | Reason |");
    let _ = writeln!(out, "|---|---|---|---|");
    for x in &a.accepted {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            x.finding.rule,
            text(&x.finding.message).replace('|', "\\|"),
            x.how,
            text(&x.reason).replace('|', "\\|")
        );
    }
    out.push('\n');
}

fn notes(out: &mut String, a: &Assessment) {
    let _ = writeln!(out, "## Notes and limitations\n");
    if a.notes.is_empty() {
        let _ = writeln!(out, "Nothing limited this assessment.\n");
        return;
    }
    for n in &a.notes {
        match n.level {
            NoteLevel::Limitation => {
                let _ = writeln!(out, "- **Limitation:** {}", text(&n.message));
            }
            NoteLevel::Info => {
                let _ = writeln!(out, "- {}", text(&n.message));
            }
        }
    }
    out.push('\n');
}

/// Terms explained at the end of the report, each listed when one of its words appears in it.
const GLOSSARY: &[(&str, &[&str], &str)] = &[
    (
        "CI (continuous integration)",
        &["ci", "continuous integration"],
        "A service that builds and tests every change automatically, before it reaches users.",
    ),
    (
        "Code health",
        &["code health"],
        "A score from 1 to 10 that fcto gives each file from the problems in its functions (too \
         long, too complex, nested too deep, too many parameters) and in the file itself (too \
         large, copied code). 9-10 is healthy, 4-8.9 needs attention, below 4 is an alert.",
    ),
    (
        "Code line",
        &["code lines", "lines of code", "code line"],
        "A line of source code that is neither blank nor only a comment, counted as the tool \
         tokei counts it.",
    ),
    (
        "Commit",
        &["commit", "commits"],
        "One saved change in git, with its author and date.",
    ),
    (
        "Cyclomatic complexity",
        &["cyclomatic"],
        "The number of paths through a function: 1, plus one for each if, loop, case, catch \
         and each && or ||. Above 10 a function is hard to test completely.",
    ),
    (
        "Datastore",
        &["datastore", "database"],
        "Where the product keeps its data: a database, a cache or a file store.",
    ),
    (
        "Dependency",
        &["dependency", "dependencies"],
        "A library written by someone else that the product is built on.",
    ),
    (
        "Effort",
        &["effort", "hours of work", "days of work", "weeks of work"],
        "The work to fix a finding: hours (under a day), days (one to five days) or weeks (more \
         than a week, or it needs coordination).",
    ),
    (
        "Framework",
        &["framework", "frameworks"],
        "A ready-made foundation an application is built on, such as Django or Next.js.",
    ),
    (
        "Hotspot",
        &["hotspot", "hotspots"],
        "A file that is both complex and changed often. Bugs and delays gather in hotspots, so \
         improving them pays off first.",
    ),
    (
        "Knowledge island",
        &["knowledge island", "knowledge islands"],
        "A file written almost entirely by one person, so only they know it well.",
    ),
    (
        "Lockfile",
        &["lockfile", "lockfiles"],
        "A file (such as package-lock.json or poetry.lock) that records the exact version of \
         every dependency, so every install gets the same code.",
    ),
    (
        "Orphaned code",
        &["orphaned"],
        "Code mainly written by people who have not committed for 180 days or are listed as \
         departed.",
    ),
    (
        "Score",
        &["score", "scores"],
        "Each area starts at 100 and loses points for every finding, more for serious ones and \
         for those that matter most at the company's stage.",
    ),
    (
        "Secret",
        &["secret", "secrets"],
        "A password, API key or token that gives access to a system or an account.",
    ),
    (
        "Severity",
        &["critical", "severity"],
        "How much a finding matters: critical (a breach, data loss or outage is likely soon), \
         high (a real risk this quarter), medium (slows the team or raises cost), low (hygiene), \
         info (inventory, not a problem).",
    ),
    (
        "Shallow clone",
        &["shallow clone", "shallow"],
        "A copy of a repository with only part of its history.",
    ),
    (
        "Truck factor",
        &["truck factor"],
        "How many people would have to leave before most of the code has nobody who knows it. \
         A truck factor of 1 means one departure puts most of the code at risk.",
    ),
];

/// Whether `term` appears in `haystack` (lower case) as whole words.
fn mentions(haystack: &str, term: &str) -> bool {
    let bytes = haystack.as_bytes();
    haystack.match_indices(term).any(|(i, _)| {
        let before = i.checked_sub(1).map(|j| bytes[j]);
        let after = bytes.get(i + term.len()).copied();
        !before.is_some_and(|b| b.is_ascii_alphanumeric())
            && !after.is_some_and(|b| b.is_ascii_alphanumeric())
    })
}

fn glossary(out: &mut String) {
    let lower = out.to_lowercase();
    let used: Vec<_> = GLOSSARY
        .iter()
        .filter(|(_, words, _)| words.iter().any(|w| mentions(&lower, w)))
        .collect();
    if used.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Glossary\n");
    for (term, _, meaning) in used {
        let _ = writeln!(out, "- **{term}**: {meaning}");
    }
    out.push('\n');
}

fn footer(out: &mut String, a: &Assessment) {
    let commit = a
        .repository
        .head
        .as_deref()
        .map_or_else(|| "no commit".to_string(), code);
    let rev = a
        .repository
        .rev
        .as_deref()
        .map(|r| format!(" (`--rev` {})", code(r)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "---\n\nWritten by {} {} from commit {commit}{rev} of {}, with {} ({}). JSON schema version {}.",
        text(&a.tool.name),
        text(&a.tool.version),
        code(&a.repository.path),
        human::count(a.rules_run.len() as u64, "check", "checks"),
        a.rules_run
            .iter()
            .map(|r| code(r))
            .collect::<Vec<_>>()
            .join(", "),
        a.schema_version
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(text("a `b_c` d_e"), "a `b_c` d\\_e");
        assert_eq!(text("odd ` tick"), "odd \\` tick");
        assert_eq!(cell("a|b `c`"), "a\\|b \\`c\\`");
        assert_eq!(code("src/a.rs"), "`src/a.rs`");
        assert_eq!(code("we`ird"), "``we`ird``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code_cell("a|b"), "`a\\|b`");
    }

    #[test]
    fn glossary_terms_match_whole_words() {
        assert!(mentions("no ci found", "ci"));
        assert!(!mentions("a special decision", "ci"));
        assert!(mentions("the truck factor is 1", "truck factor"));
    }
}
