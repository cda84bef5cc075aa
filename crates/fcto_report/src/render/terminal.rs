//! Terminal: a compact summary readable at 100 columns, optionally coloured.

use super::{RenderOptions, Renderer, action_what, as_of, clean, not_assessed};
use crate::assessment::evidence_total;
use crate::human;
use fcto_model::{Assessment, ContextSource, NoteLevel, ScoreStatus, Severity};
use std::fmt::Write as _;

/// The narrowest width text is wrapped to.
const MIN_WIDTH: usize = 40;
/// Languages listed.
const LANGUAGES: usize = 6;
/// Hotspots listed.
const HOTSPOTS: usize = 5;
/// Cells of a score bar.
const BAR: usize = 10;
/// Left margin of section bodies.
const MARGIN: &str = "  ";

pub(super) struct Terminal;

/// ANSI styling, or none.
struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color && !s.is_empty() {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    /// Paints each line of a block on its own, so no escape code spans a newline.
    fn paint_lines(&self, code: &str, block: &str) -> String {
        let mut out = String::with_capacity(block.len());
        for line in block.lines() {
            out.push_str(&self.paint(code, line));
            out.push('\n');
        }
        out
    }

    fn heading(&self, s: &str) -> String {
        self.paint("1", s)
    }

    fn dim(&self, block: &str) -> String {
        self.paint_lines("2", block)
    }

    /// Colours the first occurrence of the severity's tag in an already wrapped block.
    fn severity_in(&self, block: &str, severity: Severity) -> String {
        let code = match severity {
            Severity::Critical => "1;31",
            Severity::High => "31",
            Severity::Medium => "33",
            Severity::Low => "36",
            Severity::Info => "2",
        };
        let tag = tag(severity);
        block.replacen(&tag, &self.paint(code, &tag), 1)
    }

    fn bar(&self, score: f64) -> String {
        let filled = ((score / 100.0 * BAR as f64).round() as usize).min(BAR);
        let bar = format!("{}{}", "█".repeat(filled), "░".repeat(BAR - filled));
        let code = if score >= 80.0 {
            "32"
        } else if score >= 50.0 {
            "33"
        } else {
            "31"
        };
        self.paint(code, &bar)
    }
}

/// `CRITICAL`, `HIGH`...: the severity as a tag.
fn tag(severity: Severity) -> String {
    severity.as_str().to_ascii_uppercase()
}

/// Width of the severity tag column.
const TAG_WIDTH: usize = 8;

/// The text without the backticks rules put around paths and names for Markdown: a terminal
/// shows them as they are, which reads as noise. Spans of punctuation only (`` `,` ``) keep them,
/// and so does text with unbalanced backticks, where they are part of a name.
fn unmark(text: &str) -> String {
    if !text.matches('`').count().is_multiple_of(2) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 && !part.chars().any(char::is_alphanumeric) {
            out.push('`');
            out.push_str(part);
            out.push('`');
        } else {
            out.push_str(part);
        }
    }
    out
}

/// Greedy word wrap: the first line starts with `first`, the others with `rest`; widths count
/// characters. Markdown code marks are dropped ([`unmark`]).
fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut line_len = first.chars().count();
    let mut empty = true;
    for word in unmark(&clean(text)).split_whitespace() {
        let len = word.chars().count();
        if !empty && line_len + 1 + len > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = rest.to_string();
            line_len = rest.chars().count();
            empty = true;
        }
        if !empty {
            line.push(' ');
            line_len += 1;
        }
        line.push_str(word);
        line_len += len;
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

/// `text` cut to `width` characters, with `…` when cut.
fn fit(text: &str, width: usize) -> String {
    let text = clean(text);
    if text.chars().count() <= width {
        return text;
    }
    let keep: String = text.chars().take(width.saturating_sub(1)).collect();
    format!("{keep}…")
}

/// ` (+12 more)` after the first of `total` pieces of evidence; nothing when there is one.
fn more(total: usize) -> String {
    if total > 1 {
        format!(" (+{} more)", human::thousands((total - 1) as u64))
    } else {
        String::new()
    }
}

/// `text` padded with spaces to `width` characters.
fn pad(text: &str, width: usize) -> String {
    let len = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(len)))
}

impl Renderer for Terminal {
    fn render(&self, a: &Assessment, options: &RenderOptions) -> String {
        let width = options.width.max(MIN_WIDTH);
        let style = Style {
            color: options.color,
        };
        let mut out = String::new();
        header(&mut out, a, width, &style);
        out.push_str(&wrap(&a.summary, width, MARGIN, MARGIN));
        out.push('\n');
        actions(&mut out, a, width, &style);
        scores(&mut out, a, width, &style);
        languages(&mut out, a, &style);
        team(&mut out, a, width, &style);
        hotspots(&mut out, a, width, &style);
        code_health(&mut out, a, width, &style);
        findings(&mut out, a, width, &style);
        accepted(&mut out, a, width, &style);
        notes(&mut out, a, width, &style);
        let footer = format!(
            "fcto {} · the full report with all evidence: fcto assess -o report.md",
            a.tool.version
        );
        out.push_str(&style.dim(&wrap(&footer, width, "", "")));
        out
    }
}

fn header(out: &mut String, a: &Assessment, width: usize, style: &Style) {
    let name = human::repo_name(&a.repository.path).unwrap_or_else(|| a.repository.path.clone());
    let mut parts = vec![format!("fcto assessment of {name}")];
    if let Some(head) = &a.repository.head {
        let mut commit = format!("commit {}", human::short_commit(head));
        if let Some(rev) = &a.repository.rev {
            let _ = write!(commit, " ({rev})");
        } else if let Some(branch) = &a.repository.branch {
            let _ = write!(commit, " ({branch})");
        }
        parts.push(commit);
    }
    if let Some(date) = as_of(a) {
        parts.push(format!("as of {date}"));
    }
    let assumed = match a.context.source {
        ContextSource::Assumed => " (assumed)",
        ContextSource::File { .. } => "",
    };
    parts.push(format!("stage: {}{assumed}", a.context.stage));
    out.push_str(&style.paint_lines("1", &wrap(&parts.join(" · "), width, "", MARGIN)));
    out.push('\n');
}

fn actions(out: &mut String, a: &Assessment, width: usize, style: &Style) {
    if a.actions.is_empty() {
        let _ = writeln!(out, "{}\n", style.heading("Nothing urgent to do"));
        return;
    }
    let heading = if a.actions.len() == 5 {
        "First five things to do"
    } else {
        "First things to do"
    };
    let _ = writeln!(out, "{}", style.heading(heading));
    for action in &a.actions {
        let lead = format!("{MARGIN}{}. ", action.rank);
        let body = " ".repeat(lead.chars().count());
        let first = format!("{lead}{} ", pad(&tag(action.severity), TAG_WIDTH));
        let title = format!(
            "{} ({}, effort: {})",
            action.title, action.rule, action.effort
        );
        out.push_str(&style.severity_in(&wrap(&title, width, &first, &body), action.severity));
        if let Some(what) = action_what(action) {
            out.push_str(&wrap(&what, width, &body, &body));
        }
        if !action.why.trim().is_empty() {
            out.push_str(&wrap(&format!("Why: {}", action.why), width, &body, &body));
        }
        if !action.how.trim().is_empty() {
            out.push_str(&wrap(&format!("Fix: {}", action.how), width, &body, &body));
        }
        if let Some(e) = action.evidence.first() {
            let line = format!(
                "Evidence: {}{}",
                e.location(),
                more(evidence_total(a, action))
            );
            let hang = format!("{body}          ");
            out.push_str(&style.dim(&wrap(&line, width, &body, &hang)));
        }
    }
    out.push('\n');
}

fn scores(out: &mut String, a: &Assessment, width: usize, style: &Style) {
    let _ = writeln!(out, "{}", style.heading("Scores"));
    let label_width = a
        .score_details
        .iter()
        .map(|d| d.area.title().chars().count())
        .max()
        .unwrap_or(0);
    let mut unscored: Vec<String> = Vec::new();
    for d in &a.score_details {
        match (&d.status, d.score) {
            (ScoreStatus::Assessed, Some(score)) => {
                let _ = writeln!(
                    out,
                    "{MARGIN}{} {:>5}  {}",
                    pad(d.area.title(), label_width),
                    human::score(score),
                    style.bar(score)
                );
            }
            _ => unscored.push(not_assessed(a, d.area)),
        }
    }
    if !unscored.is_empty() {
        let text = format!(
            "Not assessed (no check ran): {}",
            human::join_and(&unscored)
        );
        out.push_str(&style.dim(&wrap(&text, width, MARGIN, MARGIN)));
    }
    out.push('\n');
}

fn languages(out: &mut String, a: &Assessment, style: &Style) {
    let inv = &a.inventory;
    if inv.languages.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "{} {} code lines in {}",
        style.heading("Languages"),
        human::thousands(inv.code),
        human::count(inv.files, "file", "files")
    );
    let shown = &inv.languages[..inv.languages.len().min(LANGUAGES)];
    let names: Vec<String> = shown.iter().map(|l| fit(&l.name, 24)).collect();
    let name_width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    for (l, name) in shown.iter().zip(&names) {
        let _ = writeln!(
            out,
            "{MARGIN}{} {:>10} lines {:>9} {:>12}",
            pad(name, name_width),
            human::thousands(l.code),
            human::percent(l.share),
            human::count(l.files, "file", "files")
        );
    }
    if inv.languages.len() > LANGUAGES {
        let rest = inv.languages.len() - LANGUAGES;
        let more = format!(
            "{MARGIN}and {}",
            human::count(rest as u64, "more language", "more languages")
        );
        out.push_str(&style.dim(&more));
    }
    out.push('\n');
}

fn team(out: &mut String, a: &Assessment, width: usize, style: &Style) {
    let _ = writeln!(out, "{}", style.heading("Team"));
    let text = if a.history.available {
        let t = &a.team;
        let mut parts = vec![format!(
            "{}, {} active in the last 90 days",
            human::count(t.contributors_total, "person", "people"),
            human::thousands(t.active_90_days)
        )];
        let h = &a.history;
        if h.bot_commits > 0 {
            parts.push(format!(
                "{} of {} by bots",
                human::thousands(h.bot_commits),
                human::count(h.commits, "commit", "commits")
            ));
        }
        if let Some(tf) = t.truck_factor {
            let names: Vec<&str> = t
                .truck_factor_authors
                .iter()
                .map(|c| c.name.as_str())
                .collect();
            if names.is_empty() {
                parts.push(format!("truck factor {tf}"));
            } else {
                parts.push(format!("truck factor {tf} ({})", human::join_and(&names)));
            }
        }
        let files = |n: u64, listed: usize| human::count(n.max(listed as u64), "file", "files");
        parts.push(format!(
            "{} of the code in knowledge islands ({})",
            human::percent(t.knowledge_island_share),
            files(t.knowledge_island_files, t.knowledge_islands.len())
        ));
        parts.push(format!(
            "{} of the code written by people who left or went quiet ({} whose main author did)",
            human::percent(t.orphaned_share),
            files(t.orphaned_files, t.orphaned.len())
        ));
        parts.join(" · ")
    } else {
        "The git history was not available, so nothing is said about the team.".to_string()
    };
    out.push_str(&wrap(&text, width, MARGIN, MARGIN));
    out.push('\n');
}

fn hotspots(out: &mut String, a: &Assessment, width: usize, style: &Style) {
    if a.hotspots.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "{} {}",
        style.heading("Hotspots"),
        style.paint("2", "(complex files that change often)")
    );
    let shown = &a.hotspots[..a.hotspots.len().min(HOTSPOTS)];
    // The code health column only where it fits beside a readable path.
    let with_health = width >= 80 && shown.iter().any(|h| h.code_health.is_some());
    let path_width = width
        .saturating_sub(MARGIN.len() + 32 + if with_health { 12 } else { 0 })
        .max(20);
    let paths: Vec<String> = shown.iter().map(|h| fit(&h.path, path_width)).collect();
    let col = paths.iter().map(|p| p.chars().count()).max().unwrap_or(0);
    for (h, path) in shown.iter().zip(&paths) {
        let mut line = format!(
            "{MARGIN}{} {:>12} {:>16}",
            pad(path, col),
            human::count(h.changes, "change", "changes"),
            format!("{} lines", human::thousands(h.code)),
        );
        if let Some(score) = h.code_health.filter(|_| with_health) {
            let _ = write!(line, "  health {score:.1}");
        }
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
}

/// Least healthy files shown in the terminal.
const UNHEALTHY_FILES: usize = 5;

fn code_health(out: &mut String, a: &Assessment, width: usize, style: &Style) {
    let h = &a.code_health;
    let Some(score) = h.score else {
        return;
    };
    let mut line = format!(
        "{:.1}/10 ({}) over {} in {}",
        score,
        h.band.as_deref().unwrap_or_default(),
        human::count(h.functions, "function", "functions"),
        human::count(h.files_parsed, "file", "files"),
    );
    if let Some(hot) = h.hotspot_score {
        let _ = write!(line, "; hotspots {hot:.1}/10");
    }
    let _ = write!(line, "; {} duplicated", human::percent(h.duplication));
    let _ = writeln!(
        out,
        "{} {}",
        style.heading("Code health"),
        style.paint("2", "(1-10, higher is healthier)")
    );
    out.push_str(&wrap(&line, width, MARGIN, MARGIN));
    let shown: Vec<_> = h
        .files
        .iter()
        .filter(|f| f.score < 9.0)
        .take(UNHEALTHY_FILES)
        .collect();
    let path_width = width.saturating_sub(MARGIN.len() + 8).max(20);
    for f in shown {
        let _ = writeln!(
            out,
            "{MARGIN}{:>4.1}  {}",
            f.score,
            fit(&f.path, path_width)
        );
        if let Some(smell) = f.smells.first() {
            let hang = format!("{MARGIN}      ");
            out.push_str(&style.dim(&wrap(smell, width, &hang, &hang)));
        }
    }
    out.push('\n');
}

fn findings(out: &mut String, a: &Assessment, width: usize, style: &Style) {
    let counts: Vec<String> = Severity::ALL
        .iter()
        .rev()
        .filter_map(|s| {
            let n = a.findings.iter().filter(|f| f.severity == *s).count();
            (n > 0).then(|| format!("{n} {s}"))
        })
        .collect();
    let count_text = if counts.is_empty() {
        "none".to_string()
    } else {
        counts.join(" · ")
    };
    let _ = writeln!(out, "{} {count_text}", style.heading("Findings"));
    let code_width = a
        .findings
        .iter()
        .map(|f| f.rule.chars().count())
        .max()
        .unwrap_or(0);
    let hang = " ".repeat(MARGIN.len() + TAG_WIDTH + 1 + code_width + 1);
    for f in &a.findings {
        let lead = format!(
            "{MARGIN}{} {} ",
            pad(&tag(f.severity), TAG_WIDTH),
            pad(&clean(&f.rule), code_width)
        );
        out.push_str(&style.severity_in(&wrap(&f.message, width, &lead, &hang), f.severity));
        if let Some(e) = f.evidence.first() {
            let line = format!("{}{}", e.location(), more(f.evidence.len()));
            out.push_str(&style.dim(&wrap(&line, width, &hang, &format!("{hang}  "))));
        }
    }
    out.push('\n');
}

/// The findings the team accepted, with their reasons: counted, not weighed.
fn accepted(out: &mut String, a: &Assessment, width: usize, style: &Style) {
    if a.accepted.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "{} {}",
        style.heading("Accepted"),
        style.dim(&format!(
            "{} accepted by the team, not scored",
            a.accepted.len()
        ))
    );
    for x in a.accepted.iter().take(10) {
        out.push_str(&wrap(
            &format!(
                "{} {} ({}: {})",
                x.finding.rule, x.finding.message, x.how, x.reason
            ),
            width,
            &format!("{MARGIN}- "),
            &format!("{MARGIN}  "),
        ));
    }
    if a.accepted.len() > 10 {
        let _ = writeln!(
            out,
            "{MARGIN}  and {} more (fcto assess -o report.md lists them all)",
            a.accepted.len() - 10
        );
    }
    out.push('\n');
}

fn notes(out: &mut String, a: &Assessment, width: usize, style: &Style) {
    if a.notes.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}", style.heading("Notes"));
    for n in &a.notes {
        let mark = match n.level {
            NoteLevel::Limitation => "! ",
            NoteLevel::Info => "- ",
        };
        out.push_str(&wrap(
            &n.message,
            width,
            &format!("{MARGIN}{mark}"),
            &format!("{MARGIN}  "),
        ));
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_respects_width_and_indents() {
        let text = "one two three four five six seven eight nine ten";
        let w = wrap(text, 20, "  ", "    ");
        assert_eq!(
            w,
            "  one two three four\n    five six seven\n    eight nine ten\n"
        );
        assert!(w.lines().all(|l| l.chars().count() <= 20));
        // Code marks are for Markdown.
        assert_eq!(wrap("`a.py` is big", 20, "", ""), "a.py is big\n");
        assert_eq!(wrap("odd ` tick", 20, "", ""), "odd ` tick\n");
        assert_eq!(
            wrap("expected `,` in `a`", 30, "", ""),
            "expected `,` in a\n"
        );
        // A word longer than the width gets its own line rather than being cut.
        let w = wrap("a averyveryverylongpath b", 10, "", "");
        assert_eq!(w, "a\naveryveryverylongpath\nb\n");
    }

    #[test]
    fn fit_and_pad() {
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 4), "abc");
        assert_eq!(pad("ab", 4), "ab  ");
    }
}
