//! Hotspots: where change frequency and size meet (metrics.md §2.1, Tornhill's hotspot =
//! change frequency × complexity proxy). The size axis is a `Measure`, so a complexity or code
//! health measure can replace code lines without touching callers.

use super::{DAY, is_analysed_code};
use crate::history::History;
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

#[derive(Debug, Clone)]
pub struct HotspotOptions {
    pub as_of: i64,
    /// The change-frequency window, in days (12 months by default).
    pub window_days: i64,
}

impl HotspotOptions {
    pub fn new(as_of: i64) -> HotspotOptions {
        HotspotOptions {
            as_of,
            window_days: 365,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FileActivity {
    pub path: String,
    /// Non-merge, non-mass commits in the window that changed the file (renames followed).
    pub changes: u64,
    pub authors: u64,
    pub lines_changed: u64,
    /// The measure's value.
    pub measure: f64,
    /// `changes / max changes × measure / max measure`, 0-1.
    pub score: f64,
}

/// Every analysed file with at least one change in the window, highest score first.
pub fn hotspots(
    history: &History,
    inventory: &Inventory,
    measure: &dyn Measure,
    options: &HotspotOptions,
) -> Vec<FileActivity> {
    let since = options.as_of - options.window_days * DAY;
    let paths: Vec<&str> = inventory
        .files
        .iter()
        .filter(|f| is_analysed_code(f))
        .map(|f| f.path.as_str())
        .collect();
    let histories = history.file_histories(paths.iter().copied());
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

/// The hotspots worth naming: files above the knee of the change-frequency distribution
/// (the first point where the sorted change counts drop below half of the running mean of the
/// ones before it), capped at 4 % of the files with changes but at least one and at most 20, and
/// changed at least 3 times. CodeScene cuts at the slope of the distribution too (metrics.md §2.1).
pub fn selected(rows: &[FileActivity]) -> Vec<&FileActivity> {
    let mut by_changes: Vec<&FileActivity> = rows.iter().filter(|r| r.changes >= 3).collect();
    by_changes.sort_by(|a, b| {
        b.changes
            .cmp(&a.changes)
            .then(b.score.total_cmp(&a.score))
            .then(a.path.cmp(&b.path))
    });
    let mut knee = by_changes.len();
    let mut sum = 0u64;
    for (i, r) in by_changes.iter().enumerate() {
        if i > 0 && (r.changes as f64) < 0.5 * (sum as f64 / i as f64) {
            knee = i;
            break;
        }
        sum += r.changes;
    }
    let cap = ((rows.len() as f64 * 0.04).ceil() as usize).clamp(1, 20);
    let chosen: HashSet<&str> = by_changes
        .iter()
        .take(knee.min(cap))
        .map(|r| r.path.as_str())
        .collect();
    rows.iter()
        .filter(|r| chosen.contains(r.path.as_str()))
        .collect()
}
