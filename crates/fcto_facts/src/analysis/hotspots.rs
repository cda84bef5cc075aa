//! Hotspots: where change frequency and size meet (metrics.md §2.1, Tornhill's hotspot =
//! change frequency × complexity proxy). The size axis is a `Measure`, so a complexity or code
//! health measure can replace code lines without touching callers.

use super::{DAY, is_analysed_code};
use crate::history::{FileHistories, History};
use crate::inventory::Inventory;
use std::collections::HashSet;

/// The size or complexity axis of the hotspot score.
pub trait Measure {
    /// What is measured, for the report ("code lines").
    fn name(&self) -> &str;
    /// The value for a current file; `None` leaves the file out.
    fn measure(&self, path: &str) -> Option<f64>;
}

/// Code lines of the file, as counted in the inventory.
pub struct CodeLines<'a>(pub &'a Inventory);

impl Measure for CodeLines<'_> {
    fn name(&self) -> &'static str {
        "code lines"
    }

    fn measure(&self, path: &str) -> Option<f64> {
        self.0
            .file(path)
            .filter(|f| is_analysed_code(f))
            .map(|f| f.stats.code as f64)
    }
}

/// Complexity of the file: the sum of its functions' cyclomatic complexity (what lizard and
/// scc report per file). A code file in a language without a syntax table is estimated from
/// its code lines at the codebase's average complexity per code line, so it can still be a
/// hotspot. When no file was parsed at all, the measure is code lines.
pub struct Complexity<'a> {
    inventory: &'a Inventory,
    /// `None` when nothing was parsed.
    per_code_line: Option<f64>,
}

impl<'a> Complexity<'a> {
    pub fn new(inventory: &'a Inventory) -> Complexity<'a> {
        let (complexity, lines) = inventory
            .syntax
            .iter()
            .filter_map(|(path, s)| {
                Some((s, inventory.file(path).filter(|f| is_analysed_code(f))?))
            })
            .fold((0u64, 0u64), |(c, l), (s, f)| {
                (c + s.cyclomatic(), l + f.stats.code)
            });
        let per_code_line = (lines > 0).then(|| complexity as f64 / lines as f64);
        Complexity {
            inventory,
            per_code_line,
        }
    }

    /// Whether the file's value is an estimate from its code lines.
    pub fn is_estimate(&self, path: &str) -> bool {
        !self.inventory.syntax.contains_key(path)
    }
}

impl Measure for Complexity<'_> {
    fn name(&self) -> &'static str {
        if self.per_code_line.is_some() {
            "cyclomatic complexity"
        } else {
            "code lines"
        }
    }

    fn measure(&self, path: &str) -> Option<f64> {
        let file = self.inventory.file(path).filter(|f| is_analysed_code(f))?;
        let code = file.stats.code as f64;
        Some(
            match (self.inventory.syntax.get(path), self.per_code_line) {
                (Some(s), _) => s.cyclomatic() as f64,
                (None, Some(per_line)) => (code * per_line).round(),
                (None, None) => code,
            },
        )
    }
}

#[derive(Debug, Clone)]
pub struct HotspotOptions {
    pub as_of: i64,
    /// The change-frequency window, in days (12 months by default).
    pub window_days: i64,
    /// A named hotspot changed at least this often in the window.
    pub min_changes: u64,
    /// A named hotspot has at least this many code lines (50): a tiny file that changes often
    /// is configuration, not a place where work gets stuck.
    pub min_code_lines: u64,
}

impl HotspotOptions {
    pub fn new(as_of: i64) -> HotspotOptions {
        HotspotOptions {
            as_of,
            window_days: 365,
            min_changes: 3,
            min_code_lines: 50,
        }
    }
}

/// Database migrations are written once and rarely read again; their churn is not a hotspot.
pub fn is_migration(path: &str) -> bool {
    let p = format!("/{path}");
    ["/migrations/", "/db/migrate/", "/alembic/versions/"]
        .iter()
        .any(|m| p.contains(m))
}

#[derive(Debug, Clone, PartialEq)]
pub struct FileActivity {
    pub path: String,
    /// Non-merge, non-mass commits in the window that changed the file (renames followed).
    pub changes: u64,
    pub authors: u64,
    pub lines_changed: u64,
    pub code_lines: u64,
    /// The measure's value.
    pub measure: f64,
    /// `changes / max changes × measure / max measure`, 0-1.
    pub score: f64,
}

/// Every analysed file with at least one change in the window, highest score first.
pub fn hotspots(
    history: &History,
    inventory: &Inventory,
    histories: &FileHistories,
    measure: &dyn Measure,
    options: &HotspotOptions,
) -> Vec<FileActivity> {
    let since = options.as_of - options.window_days * DAY;
    let paths: Vec<&str> = inventory
        .files
        .iter()
        .filter(|f| is_analysed_code(f) && !is_migration(&f.path))
        .map(|f| f.path.as_str())
        .collect();
    let mut rows = Vec::new();
    for path in paths {
        let Some(value) = measure.measure(path) else {
            continue;
        };
        let mut changes = 0u64;
        let mut lines = 0u64;
        let mut authors = HashSet::new();
        for &(ci, xi) in histories.get(path).map_or(&[][..], Vec::as_slice) {
            let commit = &history.commits[ci];
            if commit.is_merge()
                || commit.mass
                || history.is_bot_commit(commit)
                || commit.author_time < since
                || commit.author_time > options.as_of
            {
                continue;
            }
            changes += 1;
            let change = &commit.changes[xi];
            lines += u64::from(change.added) + u64::from(change.removed);
            authors.insert(commit.author);
        }
        if changes > 0 {
            rows.push(FileActivity {
                path: path.to_string(),
                changes,
                authors: authors.len() as u64,
                lines_changed: lines,
                code_lines: inventory.file(path).map_or(0, |f| f.stats.code),
                measure: value,
                score: 0.0,
            });
        }
    }
    let max_changes = rows.iter().map(|r| r.changes).max().unwrap_or(0) as f64;
    let max_measure = rows.iter().map(|r| r.measure).fold(0.0, f64::max);
    for r in &mut rows {
        r.score = if max_changes > 0.0 && max_measure > 0.0 {
            (r.changes as f64 / max_changes) * (r.measure / max_measure)
        } else {
            0.0
        };
    }
    rows.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.changes.cmp(&a.changes))
            .then(a.path.cmp(&b.path))
    });
    rows
}

/// The hotspots worth naming: in score order, files changed at least `min_changes` times with
/// at least `min_code_lines`, down to the knee of the score distribution (the first
/// file whose score is under half the mean score of those before it), capped at 4 % of the
/// files with changes (at least one, at most 20). CodeScene cuts at the slope of the
/// distribution too rather than at a fixed percentile (metrics.md §2.1).
pub fn selected<'a>(rows: &'a [FileActivity], options: &HotspotOptions) -> Vec<&'a FileActivity> {
    let mut candidates: Vec<&FileActivity> = rows
        .iter()
        .filter(|r| r.changes >= options.min_changes && r.code_lines >= options.min_code_lines)
        .collect();
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.path.cmp(&b.path)));
    let mut knee = candidates.len();
    let mut sum = 0.0;
    for (i, r) in candidates.iter().enumerate() {
        if i > 0 && r.score < 0.5 * (sum / i as f64) {
            knee = i;
            break;
        }
        sum += r.score;
    }
    let cap = ((rows.len() as f64 * 0.04).ceil() as usize).clamp(1, 20);
    candidates.truncate(knee.min(cap));
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(path: &str, changes: u64, measure: f64, score: f64) -> FileActivity {
        FileActivity {
            path: path.into(),
            changes,
            authors: 1,
            lines_changed: 1,
            code_lines: measure as u64,
            measure,
            score,
        }
    }

    #[test]
    fn selection_takes_big_busy_files_down_to_the_knee() {
        let mut rows = vec![
            row("a.rs", 40, 900.0, 1.0),
            row("b.rs", 30, 800.0, 0.6),
            row("config.py", 50, 20.0, 0.03),
            row("c.rs", 3, 100.0, 0.01),
        ];
        for i in 0..96 {
            rows.push(row(&format!("z{i}.rs"), 1, 10.0, 0.0));
        }
        let chosen: Vec<&str> = selected(&rows, &HotspotOptions::new(0))
            .iter()
            .map(|r| r.path.as_str())
            .collect();
        // 4 % of 100 files caps at 4; the small config file is never a hotspot; c.rs is past the knee.
        assert_eq!(chosen, vec!["a.rs", "b.rs"]);
        assert!(
            is_migration("api/shop/migrations/0001_initial.py")
                && is_migration("db/migrate/2024_add.rb")
        );
        assert!(!is_migration("src/migrations.rs"));
    }
}
