//! The git history reachable from the assessed commit, walked once with gix: commits, per-file
//! line changes (merges against their first parent), renames, people (`.mailmap`, email, name
//! and GitHub login clustering, bots), tags.

pub(crate) mod open;
mod people;
mod walk;

pub use walk::{HistoryOptions, read_history};

use std::collections::HashMap;

/// A commit over 30 files or 5,000 changed lines is a mass commit (metrics.md §2.4) and is kept
/// out of per-file statistics.
pub const MASS_COMMIT_FILES: usize = 30;
pub const MASS_COMMIT_LINES: u64 = 5_000;

/// Per current path, the (commit index, change index) pairs that changed it, newest first,
/// renames followed: see `History::file_histories`.
pub type FileHistories = HashMap<String, Vec<(usize, usize)>>;

/// Index into `History::people`.
pub type PersonId = usize;

#[derive(Debug, Clone, Default)]
pub struct History {
    /// Newest first (commit-time order, as `git log`).
    pub commits: Vec<Commit>,
    /// Identities merged through `.mailmap`, same email, same full name and GitHub login.
    pub people: Vec<Person>,
    pub tags: Vec<Tag>,
    pub shallow: bool,
    /// Distinct blobs of changed files that could not be read, usually because a partial clone
    /// (`git clone --filter=blob:none` or `blob:limit=…`) does not have them. Their changes count
    /// 0/0 and are marked [`FileChange::binary`] (line counts unknown).
    pub missing_blobs: u64,
    /// Commits whose changes could not be computed (a tree missing or unreadable). They keep
    /// their author, times and subject, with no [`Commit::changes`].
    pub unreadable_commits: u64,
}

/// One person: identities (name, email pairs) merged through `.mailmap`, then the same email
/// (case-insensitive), then the same full name of at least two words (case, accents and
/// punctuation folded), then a GitHub noreply address whose login is another identity's email
/// local part or name. Bots and humans never merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Canonical name (from `.mailmap`, else the most frequent name used with this identity).
    pub name: String,
    /// Canonical email, lower-cased: the `.mailmap` one if any, else the most used one.
    pub email: String,
    /// Every (name, email) pair seen for this person.
    pub aliases: Vec<(String, String)>,
    /// dependabot, renovate, github-actions, `[bot]` accounts...
    pub bot: bool,
}

#[derive(Debug, Clone)]
pub struct Commit {
    /// Full hex id.
    pub id: String,
    pub parents: Vec<String>,
    pub author: PersonId,
    /// Author time, seconds since the epoch.
    pub author_time: i64,
    /// Author's UTC offset in seconds.
    pub author_offset: i32,
    pub committer: PersonId,
    pub commit_time: i64,
    pub subject: String,
    /// Changed files against the first parent (the empty tree for a root commit).
    pub changes: Vec<FileChange>,
    /// Over `MASS_COMMIT_FILES` files or `MASS_COMMIT_LINES` lines.
    pub mass: bool,
}

impl Commit {
    pub fn is_merge(&self) -> bool {
        self.parents.len() > 1
    }

    pub fn lines_changed(&self) -> u64 {
        self.changes
            .iter()
            .map(|c| u64::from(c.added) + u64::from(c.removed))
            .sum()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Deleted,
    Modified,
    /// Renamed (possibly with edits); `FileChange::previous_path` holds the old path.
    Renamed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    pub path: String,
    /// The path before a rename.
    pub previous_path: Option<String>,
    pub kind: ChangeKind,
    pub added: u32,
    pub removed: u32,
    /// git shows `-` for both counts of these; added/removed are 0. Also set when one side's
    /// blob could not be read (see [`History::missing_blobs`]): the counts are unknown.
    pub binary: bool,
}

#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    /// The commit the tag points to (peeled).
    pub commit: String,
    /// Tagger time for annotated tags, else the commit time.
    pub time: i64,
}

impl History {
    pub fn person(&self, id: PersonId) -> &Person {
        &self.people[id]
    }

    pub fn is_bot_commit(&self, commit: &Commit) -> bool {
        self.people[commit.author].bot
    }

    /// For each path in `current_paths`, the indices into `commits` of the commits that changed
    /// it, following renames backwards (newest first). Changes of a path after it was deleted
    /// and re-created are included; paths renamed away are followed to their old name.
    pub fn file_histories<'a>(
        &self,
        current_paths: impl IntoIterator<Item = &'a str>,
    ) -> FileHistories {
        // Map every path name ever used to the current path it became.
        let mut alias: HashMap<String, String> = HashMap::new();
        for p in current_paths {
            alias.insert(p.to_string(), p.to_string());
        }
        let mut out: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        // Newest first: when a rename old->new is seen and `new` maps to a current path,
        // `old` maps to it for older commits.
        for (ci, commit) in self.commits.iter().enumerate() {
            for (xi, change) in commit.changes.iter().enumerate() {
                let Some(current) = alias.get(&change.path).cloned() else {
                    continue;
                };
                out.entry(current.clone()).or_default().push((ci, xi));
                if let Some(prev) = &change.previous_path {
                    alias.entry(prev.clone()).or_insert(current);
                }
            }
        }
        out
    }
}
