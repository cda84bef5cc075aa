//! Opening a repository and resolving `--rev`.
//!
//! The path is opened exactly as given: `path/.git` or `path` itself must be the git directory.
//! There is no discovery upwards, so a subdirectory of a repository is a plain directory.
//!
//! gix is opened isolated and with reduced trust, whoever owns the repository: no system, user
//! or environment configuration is read, the repository's own configuration is not trusted, and
//! nothing is ever executed. Reduced trust is what gix uses for repositories owned by another
//! user (fcto often runs as root on someone else's checkout); forcing it for every repository
//! makes the results independent of who owns the files.

use crate::repo::{RepoError, RepoKind, Repository};
use gix::bstr::{BStr, ByteSlice};
use gix::objs::FindExt;
use std::path::{Path, PathBuf};

/// With reduced trust gix caps a single object allocation at 16 MiB by default, which would fail
/// on ordinary large blobs in history. Blobs over `core.bigFileThreshold` (512 MiB) are never
/// loaded by the diff, so 1 GiB keeps a cap against corrupt size headers without failing real
/// repositories.
const ALLOC_LIMIT_OVERRIDE: &str = "gitoxide.objects.allocLimitIfReducedTrust=1073741824";

/// Opens `path` and resolves `rev`.
///
/// What `path` is decides the kind: a work tree (`path/.git` exists and its work tree is `path`)
/// is [`RepoKind::WorkTree`]; a bare repository, or a git directory given directly, is
/// [`RepoKind::Bare`]; anything else (including a subdirectory of a repository and a repository
/// gix cannot read, such as a corrupt `.git`) is [`RepoKind::Directory`], for which only the
/// inventory is read.
///
/// `rev` is resolved in two steps:
/// 1. as a git revision (`git rev-parse` syntax: a full or short commit id, a tag, annotated or
///    not, a branch, `HEAD~3`...), peeled to a commit;
/// 2. if that fails and `rev` is a date, `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]` followed by an
///    optional `Z` or `±HH:MM` (no offset means UTC; a date alone means 00:00:00 UTC of that
///    day), as the **last commit on the first-parent line from HEAD whose committer time is
///    strictly before that moment** — the state of the main line at that moment, as
///    `git rev-list -1 --first-parent --before=<moment - 1s> HEAD` gives it.
///
/// A name that is both a branch or tag and a date resolves as the branch or tag.
///
/// Errors: [`RepoError::NotFound`], [`RepoError::NotADirectory`], [`RepoError::Unreadable`]
/// for paths fcto cannot work on; [`RepoError::RevWithoutGit`] for `rev` on a directory that is
/// not a repository; [`RepoError::UnknownRev`] when `rev` is neither a revision nor a date;
/// [`RepoError::DateBeforeHistory`] when no commit on the first-parent line is older than the
/// date (also when the repository has no commits, or a shallow clone's line ends first).
pub(crate) fn open(path: &Path, rev: Option<&str>) -> Result<Repository, RepoError> {
    let root = check_directory(path)?;
    let Some(opened) = open_git(&root) else {
        if let Some(rev) = rev {
            return Err(RepoError::RevWithoutGit {
                rev: rev.to_string(),
                path: root,
            });
        }
        return Ok(plain_directory(root));
    };
    let OpenedGit {
        sync,
        kind,
        head_commit,
        branch,
    } = opened;
    let mut repo = sync.to_thread_local();
    repo.object_cache_size_if_unset(4 * 1024 * 1024);

    let (commit, branch) = match rev {
        None => (head_commit, branch),
        Some(rev) => (Some(resolve_rev(&repo, rev, head_commit)?), None),
    };
    let commit_time = commit.and_then(|id| {
        repo.find_commit(id)
            .ok()
            .and_then(|c| c.time().ok())
            .map(|t| t.seconds)
    });
    let shallow = repo.is_shallow().unwrap_or(false);
    let reads_from_git = kind == RepoKind::Bare || rev.is_some();
    let submodules = submodule_paths(&repo, &root, commit, reads_from_git);
    drop(repo);

    Ok(Repository {
        root,
        kind,
        git: Some(sync),
        commit,
        rev: rev.map(str::to_string),
        branch,
        commit_time,
        shallow,
        submodules,
    })
}

/// The canonical path of `path` if it is a directory fcto can list.
fn check_directory(path: &Path) -> Result<PathBuf, RepoError> {
    let unreadable = |source| RepoError::Unreadable {
        path: path.to_path_buf(),
        source,
    };
    match std::fs::metadata(path) {
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            return Err(RepoError::NotFound(path.to_path_buf()));
        }
        Err(e) => return Err(unreadable(e)),
        Ok(meta) if !meta.is_dir() => return Err(RepoError::NotADirectory(path.to_path_buf())),
        Ok(_) => {}
    }
    // Listing needs read permission on the directory; `metadata` alone does not.
    std::fs::read_dir(path).map_err(unreadable)?;
    std::fs::canonicalize(path).map_err(unreadable)
}

fn plain_directory(root: PathBuf) -> Repository {
    Repository {
        root,
        kind: RepoKind::Directory,
        git: None,
        commit: None,
        rev: None,
        branch: None,
        commit_time: None,
        shallow: false,
        submodules: Vec::new(),
    }
}

struct OpenedGit {
    sync: gix::ThreadSafeRepository,
    kind: RepoKind,
    head_commit: Option<gix::ObjectId>,
    branch: Option<String>,
}

/// The gix options used for every repository fcto reads: see the module documentation.
pub(crate) fn gix_options() -> gix::open::Options {
    gix::open::Options::isolated()
        .with(gix::sec::Trust::Reduced)
        .config_overrides([ALLOC_LIMIT_OVERRIDE])
}

/// Opens `root` as a git repository, or `None` when it is not one gix can read.
fn open_git(root: &Path) -> Option<OpenedGit> {
    let sync = gix_options().open(root).ok()?;
    let repo = sync.to_thread_local();
    let kind = match repo.workdir() {
        Some(workdir) if std::fs::canonicalize(workdir).ok().as_deref() == Some(root) => {
            RepoKind::WorkTree
        }
        // A bare repository, or a `.git` directory given directly: files come from git.
        _ => RepoKind::Bare,
    };
    // A HEAD that cannot be read, or that names a missing object, is a corrupt repository.
    let head = repo.head().ok()?;
    // Symbolic HEAD (even unborn): its branch; detached: none.
    let branch = head.referent_name().map(|name| lossy(name.shorten()));
    let head_commit = if head.is_unborn() {
        None
    } else {
        Some(repo.head_commit().ok()?.id)
    };
    drop(head);
    drop(repo);
    Some(OpenedGit {
        sync,
        kind,
        head_commit,
        branch,
    })
}

fn resolve_rev(
    repo: &gix::Repository,
    rev: &str,
    head: Option<gix::ObjectId>,
) -> Result<gix::ObjectId, RepoError> {
    let as_revision = repo
        .rev_parse_single(rev)
        .ok()
        .and_then(|id| id.object().ok())
        .and_then(|object| object.peel_to_commit().ok())
        .map(|commit| commit.id);
    if let Some(id) = as_revision {
        return Ok(id);
    }
    let Some(moment) = parse_date(rev) else {
        return Err(RepoError::UnknownRev {
            rev: rev.to_string(),
        });
    };
    let before_history = || RepoError::DateBeforeHistory {
        rev: rev.to_string(),
    };
    let mut next = head;
    while let Some(id) = next {
        // A missing commit ends the line: the boundary of a shallow clone.
        let Ok(commit) = repo.find_commit(id) else {
            break;
        };
        let time = commit.time().map_err(|e| RepoError::Git {
            path: repo.git_dir().to_path_buf(),
            message: format!("cannot read the time of commit {id}: {e}"),
        })?;
        if time.seconds < moment {
            return Ok(id);
        }
        next = commit.parent_ids().next().map(gix::Id::detach);
    }
    Err(before_history())
}

/// Parses `YYYY-MM-DD` (00:00:00 UTC) or `YYYY-MM-DDTHH:MM[:SS]` with an optional `Z` or
/// `±HH:MM` (UTC without one) into seconds since the epoch.
pub(crate) fn parse_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<i32> {
        let digits = b.get(range)?;
        if digits.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(digits).ok()?.parse().ok()
        } else {
            None
        }
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let date = jiff::civil::Date::new(
        i16::try_from(num(0..4)?).ok()?,
        i8::try_from(num(5..7)?).ok()?,
        i8::try_from(num(8..10)?).ok()?,
    )
    .ok()?;
    if b.len() == 10 {
        return Some(
            date.to_zoned(jiff::tz::TimeZone::UTC)
                .ok()?
                .timestamp()
                .as_second(),
        );
    }
    if b[10] != b'T' || b.len() < 16 || b[13] != b':' {
        return None;
    }
    let (hour, minute) = (num(11..13)?, num(14..16)?);
    let mut rest = &b[16..];
    let mut second = 0;
    if rest.first() == Some(&b':') {
        second = num(17..19)?;
        rest = &b[19..];
    }
    let offset_seconds = match rest {
        [] | [b'Z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let digits = [*h1, *h2, *m1, *m2];
            if !digits.iter().all(u8::is_ascii_digit) {
                return None;
            }
            let d = |i: usize| i32::from(digits[i] - b'0');
            let (oh, om) = (d(0) * 10 + d(1), d(2) * 10 + d(3));
            if oh > 23 || om > 59 {
                return None;
            }
            let total = oh * 3600 + om * 60;
            if *sign == b'-' { -total } else { total }
        }
        _ => return None,
    };
    let time = jiff::civil::Time::new(
        i8::try_from(hour).ok()?,
        i8::try_from(minute).ok()?,
        i8::try_from(second).ok()?,
        0,
    )
    .ok()?;
    let offset = jiff::tz::Offset::from_seconds(offset_seconds).ok()?;
    Some(
        offset
            .to_timestamp(date.to_datetime(time))
            .ok()?
            .as_second(),
    )
}

/// Submodule paths: gitlink entries of the assessed commit's tree, plus the paths named in
/// `.gitmodules` (from the work tree when files are read from it, else from the commit's tree).
fn submodule_paths(
    repo: &gix::Repository,
    root: &Path,
    commit: Option<gix::ObjectId>,
    reads_from_git: bool,
) -> Vec<String> {
    let mut paths = Vec::new();
    let tree = commit
        .and_then(|id| repo.find_commit(id).ok())
        .and_then(|c| c.tree_id().ok());
    if let Some(tree) = tree {
        collect_gitlinks(repo, tree.detach(), &mut paths);
    }
    let modules = if reads_from_git {
        tree.and_then(|tree| read_tree_file(repo, tree.detach(), ".gitmodules"))
    } else {
        read_regular_file(&root.join(".gitmodules"))
    };
    if let Some(bytes) = modules
        && let Ok(file) =
            gix::submodule::File::from_bytes(&bytes, None, &gix::config::File::default())
    {
        let names: Vec<_> = file.names().map(ToOwned::to_owned).collect();
        for name in names {
            if let Ok(path) = file.path(name.as_ref()) {
                paths.push(lossy(path.as_ref()));
            }
        }
    }
    paths.sort();
    paths.dedup();
    paths
}

/// Every gitlink (mode 160000) entry below `tree`, as slash-separated paths.
fn collect_gitlinks(repo: &gix::Repository, tree: gix::ObjectId, out: &mut Vec<String>) {
    let mut stack = vec![(tree, String::new())];
    let mut buf = Vec::new();
    while let Some((id, prefix)) = stack.pop() {
        let Ok(entries) = repo.objects.find_tree_iter(&id, &mut buf) else {
            continue;
        };
        for entry in entries.flatten() {
            if entry.mode.is_tree() || entry.mode.is_commit() {
                let path = format!("{prefix}{}", lossy(entry.filename));
                if entry.mode.is_commit() {
                    out.push(path);
                } else {
                    stack.push((entry.oid.to_owned(), path + "/"));
                }
            }
        }
    }
}

/// The contents of the blob at `path` (slash-separated) in `tree`, if there is one.
pub(crate) fn read_tree_file(
    repo: &gix::Repository,
    tree: gix::ObjectId,
    path: &str,
) -> Option<Vec<u8>> {
    let mut tree = repo.find_tree(tree).ok()?;
    let entry = tree.peel_to_entry_by_path(path).ok()??;
    if !entry.mode().is_blob() {
        return None;
    }
    let blob = repo.find_blob(entry.object_id()).ok()?;
    Some(blob.data.clone())
}

/// The contents of `path` if it is a regular file (not a symlink that could lead outside the
/// repository).
pub(crate) fn read_regular_file(path: &Path) -> Option<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    std::fs::read(path).ok()
}

pub(crate) fn lossy(bytes: &BStr) -> String {
    bytes.to_str_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn dates_parse_to_utc_seconds() {
        // 2024-01-01T00:00:00Z
        assert_eq!(parse_date("2024-01-01"), Some(1_704_067_200));
        assert_eq!(parse_date("2024-01-01T00:00"), Some(1_704_067_200));
        assert_eq!(parse_date("2024-01-01T00:00Z"), Some(1_704_067_200));
        assert_eq!(
            parse_date("2024-01-01T01:02:03Z"),
            Some(1_704_067_200 + 3723)
        );
        assert_eq!(parse_date("2024-01-01T02:00+02:00"), Some(1_704_067_200));
        assert_eq!(parse_date("2023-12-31T22:30:00-01:30"), Some(1_704_067_200));
    }

    #[test]
    fn non_dates_are_rejected() {
        for s in [
            "",
            "2024",
            "2024-1-01",
            "2024-13-01",
            "2024-02-30",
            "2024-01-01T",
            "2024-01-01T25:00",
            "2024-01-01T10:00+2",
            "2024-01-01T10:00:00+02:00x",
            "v1.0",
            "HEAD~3",
            "abcdef1",
            "2024-01-01 10:00",
            "２０２４-01-01",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }
}
