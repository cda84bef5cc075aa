//! How a file's complexity changed: the file as it was at past quarter ends, read from the
//! history's blobs (no checkout) and measured as fcto measures it today (catalogue signal S12:
//! hotspots getting more complex).

use crate::history::{ChangeKind, FileHistories, History};
use crate::inventory::Inventory;
use crate::repo::Repository;
use std::collections::BTreeMap;

/// Days between two points of the trend (a quarter).
pub const QUARTER_DAYS: i64 = 91;

/// The file at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendPoint {
    /// The moment (a quarter end, or `as_of` for the last point), seconds since the epoch.
    pub time: i64,
    /// The newest commit at that moment, when the file existed then.
    pub commit: Option<String>,
    /// Sum of the functions' cyclomatic complexity; `None` when the file did not exist (or
    /// could not be read) then.
    pub complexity: Option<u64>,
    pub code_lines: Option<u64>,
}

/// For each path, its complexity at the ends of the last `quarters` quarters before `as_of`
/// (oldest first) and at `as_of` itself. Renames are followed back through the history.
pub fn complexity_trend(
    repo: &Repository,
    history: &History,
    histories: &FileHistories,
    inventory: &Inventory,
    paths: &[&str],
    as_of: i64,
    quarters: i64,
) -> BTreeMap<String, Vec<TrendPoint>> {
    let mut out = BTreeMap::new();
    let Some(git) = thread_git(repo) else {
        return out;
    };
    let moments: Vec<i64> = (0..=quarters)
        .rev()
        .map(|q| as_of - q * QUARTER_DAYS * 86_400)
        .collect();
    // The newest commit at each moment (commits are newest first).
    let commit_at = |time: i64| {
        history
            .commits
            .iter()
            .filter(|c| c.commit_time <= time)
            .max_by_key(|c| c.commit_time)
    };
    for &path in paths {
        let Some(language) = inventory.file(path).and_then(|f| f.language.as_deref()) else {
            continue;
        };
        if !crate::syntax::supports(language) {
            continue;
        }
        let changes = histories.get(path).map_or(&[][..], Vec::as_slice);
        let mut points = Vec::new();
        for &time in &moments {
            let mut point = TrendPoint {
                time,
                commit: None,
                complexity: None,
                code_lines: None,
            };
            if let Some(commit) = commit_at(time)
                && let Some(old_path) = path_at(history, changes, path, commit.commit_time)
                && let Some(text) = read_blob(&git, &commit.id, &old_path)
                && let Some(syntax) = crate::syntax::analyse(language, &text)
            {
                point.commit = Some(commit.id.clone());
                point.complexity = Some(syntax.cyclomatic());
                point.code_lines = Some(u64::from(syntax.code_lines));
            }
            points.push(point);
        }
        out.insert(path.to_string(), points);
    }
    out
}

/// The name `path` had at `time`, following renames made after it; `None` when the file was
/// created after `time`.
fn path_at(history: &History, changes: &[(usize, usize)], path: &str, time: i64) -> Option<String> {
    let mut name = path.to_string();
    // Newest first: undo every rename made after `time`.
    for &(ci, xi) in changes {
        let commit = &history.commits[ci];
        if commit.commit_time <= time {
            break;
        }
        let change = &commit.changes[xi];
        if change.path != name {
            continue;
        }
        match (&change.kind, &change.previous_path) {
            (ChangeKind::Renamed, Some(previous)) => name.clone_from(previous),
            (ChangeKind::Added, _) => return None,
            _ => {}
        }
    }
    Some(name)
}

/// When each of `lines` (compared trimmed) came into `path` and stayed: the time of the
/// oldest version of the file, walking back from today's, that still holds it without a gap;
/// `None` for a line today's file does not hold or when the history cannot be read. Reads at
/// most `max_versions` versions of the file, so a very old line can be dated later than it is
/// (`Introduced::capped`).
pub fn lines_introduced(
    repo: &Repository,
    history: &History,
    histories: &FileHistories,
    path: &str,
    lines: &[&str],
    max_versions: usize,
) -> Vec<Option<Introduced>> {
    let mut out: Vec<Option<Introduced>> = vec![None; lines.len()];
    let Some(git) = thread_git(repo) else {
        return out;
    };
    let Some(changes) = histories.get(path) else {
        return out;
    };
    let wanted: Vec<&str> = lines.iter().map(|l| l.trim()).collect();
    // Still present in every version read so far (newest first).
    let mut open: Vec<bool> = vec![true; lines.len()];
    for (read, &(ci, xi)) in changes.iter().enumerate() {
        let commit = &history.commits[ci];
        let change = &commit.changes[xi];
        let text = if change.kind == ChangeKind::Deleted {
            None
        } else {
            read_blob(&git, &commit.id, &change.path)
        };
        let present: std::collections::HashSet<&str> = text
            .as_deref()
            .map_or_else(Default::default, |t| t.lines().map(str::trim).collect());
        let capped = read + 1 >= max_versions;
        for (i, line) in wanted.iter().enumerate() {
            if !open[i] {
                continue;
            }
            if present.contains(line) {
                out[i] = Some(Introduced {
                    commit: commit.id.clone(),
                    time: commit.author_time,
                    capped,
                });
            } else {
                open[i] = false;
            }
        }
        if capped || !open.iter().any(|&o| o) {
            break;
        }
    }
    out
}

/// The version of a file that brought a line in (see `lines_introduced`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Introduced {
    pub commit: String,
    /// Author time, seconds since the epoch.
    pub time: i64,
    /// The walk back stopped at its limit with the line still there: it is at least this old.
    pub capped: bool,
}

/// This thread's handle on the repository's object database, if it is a git repository.
fn thread_git(repo: &Repository) -> Option<gix::Repository> {
    repo.git
        .as_ref()
        .map(gix::ThreadSafeRepository::to_thread_local)
}

fn read_blob(git: &gix::Repository, commit: &str, path: &str) -> Option<String> {
    let id = gix::ObjectId::from_hex(commit.as_bytes()).ok()?;
    let tree = git.find_commit(id).ok()?.tree().ok()?;
    let entry = tree.lookup_entry_by_path(path).ok()??;
    if !entry.mode().is_blob() {
        return None;
    }
    let object = entry.object().ok()?;
    if object.data.len() as u64 > crate::inventory::LARGE_FILE_BYTES {
        return None;
    }
    Some(String::from_utf8_lossy(&object.data).into_owned())
}

/// Whether the complexity grew from the first known point to the last by at least `share`
/// (0.3 for 30%), and in every quarter-to-quarter step on the way.
pub fn growth(points: &[TrendPoint]) -> Option<(u64, u64, bool)> {
    let known: Vec<u64> = points.iter().filter_map(|p| p.complexity).collect();
    let (&first, &last) = (known.first()?, known.last()?);
    let every_step = known.len() >= 2 && known.windows(2).all(|w| w[1] > w[0]);
    Some((first, last, every_step))
}
