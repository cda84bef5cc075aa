//! Opening what the user pointed at: a git work tree, a bare repository, or a plain directory,
//! and resolving `--rev` (a commit, a tag, a branch or a date) to a commit.

use std::path::{Path, PathBuf};

/// Why fcto cannot work on the given path or revision. Each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    #[error("`{0}` does not exist; give the path of a git repository or a directory")]
    NotFound(PathBuf),
    #[error("`{0}` is a file, not a directory; give the repository's root directory")]
    NotADirectory(PathBuf),
    #[error(
        "cannot read `{path}`: {source}; check the permissions or run as a user who can read it"
    )]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "`--rev {rev}` is not a commit, tag, branch or date in this repository; list tags with `git tag`, or give a commit id or a date like 2024-06-30"
    )]
    UnknownRev { rev: String },
    #[error("`--rev {rev}` needs a git repository, and `{path}` is not one")]
    RevWithoutGit { rev: String, path: PathBuf },
    #[error("`--rev {rev}` names a date before the first commit of this repository")]
    DateBeforeHistory { rev: String },
    #[error("cannot read the git repository at `{path}`: {message}")]
    Git { path: PathBuf, message: String },
}

/// What kind of thing the user pointed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepoKind {
    /// A repository with a work tree.
    WorkTree,
    /// A bare repository: files are read from the commit's tree.
    Bare,
    /// Not a git repository: inventory only.
    Directory,
}

impl RepoKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RepoKind::WorkTree => "git",
            RepoKind::Bare => "bare",
            RepoKind::Directory => "directory",
        }
    }
}

/// An opened repository and the commit being assessed.
pub struct Repository {
    /// The directory given, canonicalised.
    pub root: PathBuf,
    pub kind: RepoKind,
    /// The gix repository, when `kind` is not `Directory`.
    pub git: Option<gix::ThreadSafeRepository>,
    /// The commit assessed: `--rev` resolved, or HEAD; `None` for a repository without commits.
    pub commit: Option<gix::ObjectId>,
    /// The `--rev` as given.
    pub rev: Option<String>,
    /// The branch HEAD points to, when on a branch and no `--rev` was given.
    pub branch: Option<String>,
    /// Commit time of `commit`, seconds since the epoch.
    pub commit_time: Option<i64>,
    /// Whether the repository is a shallow clone.
    pub shallow: bool,
    /// Paths of submodules (gitlinks) recorded in the assessed tree or `.gitmodules`.
    pub submodules: Vec<String>,
}

impl std::fmt::Debug for Repository {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repository")
            .field("root", &self.root)
            .field("kind", &self.kind)
            .field("commit", &self.commit)
            .field("rev", &self.rev)
            .finish_non_exhaustive()
    }
}

impl Repository {
    /// Opens `path`. Errors are for paths fcto cannot work on at all; a directory that is not
    /// a git repository opens as `RepoKind::Directory`.
    pub fn open(path: &Path, rev: Option<&str>) -> Result<Repository, RepoError> {
        crate::history::open::open(path, rev)
    }

    /// Whether files come from the commit's tree in git rather than the work tree.
    pub fn reads_tree_from_git(&self) -> bool {
        self.commit.is_some() && (self.kind == RepoKind::Bare || self.rev.is_some())
    }

    /// The contents of a file of the assessed tree (`path` relative to the root, `/`-separated),
    /// from where the inventory read it: the commit's tree in git, or the work tree (regular
    /// files only, never a symlink).
    pub fn read_file(&self, path: &str) -> Option<Vec<u8>> {
        if self.reads_tree_from_git() {
            let git = self.git.as_ref()?.to_thread_local();
            let tree = git.find_commit(self.commit?).ok()?.tree_id().ok()?.detach();
            crate::history::open::read_tree_file(&git, tree, path)
        } else {
            crate::history::open::read_regular_file(&self.root.join(path))
        }
    }
}
