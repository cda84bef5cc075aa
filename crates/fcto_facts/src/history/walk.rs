//! The history walk: one pass over every commit reachable from the assessed commit (by commit
//! time, newest first), then the per-file changes of each commit against its first parent,
//! computed on several threads.
//!
//! Line counts are git's (`git log --numstat`): both blobs are split into lines *with* their
//! terminators and diffed with Myers, so a last line that gains or loses its newline counts as
//! removed and added, as git does. A side is binary when git would say so: a NUL byte in its
//! first 8,000 bytes, a `-diff`/`binary` attribute, or a size over `core.bigFileThreshold`;
//! git shows `-` for both counts of those, and they count 0/0 here. Submodule gitlinks are counted as the
//! one-line text `Subproject commit <id>` that git diffs for them.
//!
//! Renames: the plain tree diff is fast; only a commit that both deletes and adds files is diffed
//! again with gix's rename tracking (50 % similarity, like `git log -M`), and a paired
//! deletion/addition becomes one [`ChangeKind::Renamed`] change counted old → new.
//!
//! Missing objects (partial clones): a blob that cannot be read makes its change count 0/0 as
//! binary and is counted in [`History::missing_blobs`]; a commit whose rename pass needs such a
//! blob keeps its exact renames (same blob id) or else its plain changes; a commit whose trees
//! cannot be read keeps no changes and is counted in [`History::unreadable_commits`].

use super::open::{lossy, read_regular_file, read_tree_file};
use super::people::Identities;
use super::{ChangeKind, Commit, FileChange, History, MASS_COMMIT_FILES, MASS_COMMIT_LINES, Tag};
use crate::repo::{RepoError, RepoKind, Repository};
use gix::ObjectId;
use gix::bstr::{BStr, ByteSlice};
use gix::diff::blob::platform::resource::Data;
use gix::diff::blob::{Algorithm, Diff, InternedInput, ResourceKind, sources::byte_lines};
use gix::diff::tree::recorder::Location;
use gix::diff::tree_with_rewrites::{ChangeRef, Options as TreeDiffOptions};
use gix::objs::tree::EntryMode;
use gix::objs::{FindExt, TreeRefIter};
use std::collections::{HashMap, HashSet};
use std::fmt::Display;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Object cache per thread: trees and blobs of neighbouring commits are shared, so a cache saves
/// most object decoding (dependencies.md §2).
const OBJECT_CACHE_BYTES: usize = 64 * 1024 * 1024;
/// Commits a diff thread takes at a time. Neighbouring commits share trees, so chunks keep a
/// thread's object cache warm.
const CHUNK: usize = 32;

/// Rename tracking like `git log -M`: 50 % similarity, at most 1,000 candidates a side. Empty
/// files take part because git pairs identical empty files as exact renames (it leaves them out
/// of the inexact matching only, and gix never pairs empty with non-empty content either).
const RENAMES: gix::diff::Rewrites = gix::diff::Rewrites {
    copies: None,
    percentage: Some(0.5),
    limit: 1000,
    track_empty: true,
};

/// What to read of the history.
#[derive(Debug, Clone)]
pub struct HistoryOptions {
    /// Threads computing the per-commit diffs; 0 means one per available core.
    pub threads: usize,
    /// Pair deletions with additions into renames (`git log -M`) in commits that have both.
    pub renames: bool,
}

impl Default for HistoryOptions {
    fn default() -> Self {
        HistoryOptions {
            threads: 0,
            renames: true,
        }
    }
}

/// Reads the history reachable from `repo.commit`.
///
/// A repository without commits gives an empty history; a directory that is not a repository
/// is an error. A shallow clone gives the commits it has, its boundary commits diffed against
/// the empty tree (as git does), and `shallow = true`.
///
/// Objects missing from a partial clone do not make it fail: a blob that cannot be read counts
/// 0/0 (see [`History::missing_blobs`]), a commit whose trees cannot be read has no changes (see
/// [`History::unreadable_commits`]). Only a walk over the commits that fails is an error.
pub fn read_history(repo: &Repository, options: &HistoryOptions) -> Result<History, RepoError> {
    let fail = |message: String| RepoError::Git {
        path: repo.root.clone(),
        message,
    };
    let Some(sync) = repo.git.as_ref() else {
        return Err(fail(
            "it is not a git repository, so it has no history".to_string(),
        ));
    };
    let mut git = sync.to_thread_local();
    git.object_cache_size_if_unset(OBJECT_CACHE_BYTES);
    let shallow = git.is_shallow().unwrap_or(repo.shallow);
    let Some(tip) = repo.commit else {
        return Ok(History {
            shallow,
            ..History::default()
        });
    };

    let mailmap = load_mailmap(&git, repo, tip);
    let walked = walk(&git, tip, &mailmap).map_err(fail)?;
    let tree_of: HashMap<ObjectId, ObjectId> =
        walked.commits.iter().map(|c| (c.id, c.tree)).collect();
    let jobs: Vec<Job> = walked
        .commits
        .iter()
        .map(|c| Job {
            tree: c.tree,
            parent_tree: c.parents.first().and_then(|p| tree_of.get(p).copied()),
        })
        .collect();
    drop(tree_of);
    let Diffs {
        changes,
        missing_blobs,
        unreadable_commits,
    } = diff_commits(sync, &jobs, options).map_err(fail)?;

    let time_of: HashMap<ObjectId, i64> = walked
        .commits
        .iter()
        .map(|c| (c.id, c.commit_time))
        .collect();
    let tags = read_tags(&git, &time_of);
    drop(time_of);

    let (people, person_of) = walked.identities.into_people();
    let commits = walked
        .commits
        .into_iter()
        .zip(changes)
        .map(|(c, changes)| {
            let lines: u64 = changes
                .iter()
                .map(|x| u64::from(x.added) + u64::from(x.removed))
                .sum();
            Commit {
                id: c.id.to_string(),
                parents: c.parents.iter().map(ToString::to_string).collect(),
                author: person_of[c.author],
                author_time: c.author_time,
                author_offset: c.author_offset,
                committer: person_of[c.committer],
                commit_time: c.commit_time,
                subject: c.subject,
                mass: changes.len() > MASS_COMMIT_FILES || lines > MASS_COMMIT_LINES,
                changes,
            }
        })
        .collect();
    Ok(History {
        commits,
        people,
        tags,
        shallow,
        missing_blobs,
        unreadable_commits,
    })
}

/// Adds what was being done to an error.
trait Context<T> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T, String>;
}

impl<T, E: Display> Context<T> for Result<T, E> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T, String> {
        self.map_err(|e| format!("{}: {e}", what()))
    }
}

// ---------------------------------------------------------------------------------------------
// The walk

struct WalkedCommit {
    id: ObjectId,
    /// Parents as recorded, or none for a shallow clone's boundary commit (like git shows it).
    parents: Vec<ObjectId>,
    tree: ObjectId,
    author: usize,
    committer: usize,
    author_time: i64,
    author_offset: i32,
    commit_time: i64,
    subject: String,
}

struct Walked {
    commits: Vec<WalkedCommit>,
    identities: Identities,
}

fn walk(
    git: &gix::Repository,
    tip: ObjectId,
    mailmap: &gix::mailmap::Snapshot,
) -> Result<Walked, String> {
    let boundary: HashSet<ObjectId> = git
        .shallow_commits()
        .context(|| "reading the shallow boundary".to_string())?
        .map(|commits| commits.iter().copied().collect())
        .unwrap_or_default();
    let mut identities = Identities::default();
    let mut commits = Vec::new();
    let mut buf = Vec::new();
    let sorting = gix::revision::walk::Sorting::ByCommitTime(
        gix::traverse::commit::simple::CommitTimeOrder::NewestFirst,
    );
    let walk = git
        .rev_walk([tip])
        .sorting(sorting)
        .all()
        .context(|| format!("starting the walk from {tip}"))?;
    for info in walk {
        let info = info.context(|| format!("walking the history from {tip}"))?;
        let id = info.id;
        let commit = git
            .objects
            .find_commit(&id, &mut buf)
            .context(|| format!("reading commit {id}"))?;
        let parents = if boundary.contains(&id) {
            Vec::new()
        } else {
            commit.parents().collect()
        };
        let author = commit.author().unwrap_or_else(|_| empty_signature());
        let committer = commit.committer().unwrap_or_else(|_| empty_signature());
        let (author_time, author_offset) = author
            .time()
            .map_or_else(|_| (author.seconds(), 0), |t| (t.seconds, t.offset));
        commits.push(WalkedCommit {
            id,
            parents,
            tree: commit.tree(),
            author: identities.intern(author, mailmap),
            committer: identities.intern(committer, mailmap),
            author_time,
            author_offset,
            commit_time: committer.seconds(),
            subject: subject(commit.message),
        });
    }
    Ok(Walked {
        commits,
        identities,
    })
}

fn empty_signature() -> gix::actor::SignatureRef<'static> {
    gix::actor::SignatureRef {
        name: "".into(),
        email: "".into(),
        time: "",
    }
}

/// The first non-blank line of a commit message.
fn subject(message: &BStr) -> String {
    message
        .lines()
        .find(|line| !line.trim().is_empty())
        .map(|line| line.trim_end().to_str_lossy().into_owned())
        .unwrap_or_default()
}

/// The `.mailmap` that applies: the work tree's when files are read from it, else the one in the
/// assessed commit's tree (what `git log` uses in a bare repository).
fn load_mailmap(git: &gix::Repository, repo: &Repository, tip: ObjectId) -> gix::mailmap::Snapshot {
    let bytes = if repo.kind == RepoKind::WorkTree && repo.rev.is_none() {
        read_regular_file(&repo.root.join(".mailmap"))
    } else {
        git.find_commit(tip)
            .ok()
            .and_then(|c| c.tree_id().ok())
            .and_then(|tree| read_tree_file(git, tree.detach(), ".mailmap"))
    };
    bytes
        .map(|b| gix::mailmap::Snapshot::from_bytes(&b))
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Tags

/// Every `refs/tags/*` that peels to a walked commit. Time: the tagger's for an annotated tag
/// (the outermost tag of a chain), else the commit's.
fn read_tags(git: &gix::Repository, time_of: &HashMap<ObjectId, i64>) -> Vec<Tag> {
    let Ok(platform) = git.references() else {
        return Vec::new();
    };
    let Ok(refs) = platform.tags() else {
        return Vec::new();
    };
    let mut tags = Vec::new();
    let mut buf = Vec::new();
    for reference in refs.flatten() {
        let gix::refs::TargetRef::Object(target) = reference.target() else {
            continue;
        };
        let mut id = target.to_owned();
        let mut tagger_time = None;
        // Peel tags of tags, with a bound against cycles in a corrupt repository.
        let mut peeled = None;
        for _ in 0..16 {
            let Ok(object) = git.objects.find(&id, &mut buf) else {
                break;
            };
            match object.kind {
                gix::objs::Kind::Commit => {
                    peeled = Some(id);
                    break;
                }
                gix::objs::Kind::Tag => {
                    let Ok(tag) = gix::objs::TagRef::from_bytes(object.data, id.kind()) else {
                        break;
                    };
                    if tagger_time.is_none() {
                        tagger_time = tag.tagger().ok().flatten().map(|t| t.seconds());
                    }
                    id = tag.target();
                }
                _ => break,
            }
        }
        let Some(commit) = peeled else { continue };
        let Some(&commit_time) = time_of.get(&commit) else {
            continue;
        };
        tags.push(Tag {
            name: lossy(reference.name().shorten()),
            commit: commit.to_string(),
            time: tagger_time.unwrap_or(commit_time),
        });
    }
    tags.sort_by(|a, b| b.time.cmp(&a.time).then_with(|| a.name.cmp(&b.name)));
    tags
}

// ---------------------------------------------------------------------------------------------
// Per-commit diffs

/// One commit to diff: its tree against its first parent's (the empty tree if it has none).
struct Job {
    tree: ObjectId,
    parent_tree: Option<ObjectId>,
}

/// The per-commit changes, and what could not be read on the way.
struct Diffs {
    changes: Vec<Vec<FileChange>>,
    missing_blobs: u64,
    unreadable_commits: u64,
}

/// Diffs every job. A commit whose trees cannot be read gets no changes and is counted; a blob
/// that cannot be read counts 0/0 and is counted. Only a failure to set up the diff at all, or a
/// panicking thread, is an error.
fn diff_commits(
    sync: &gix::ThreadSafeRepository,
    jobs: &[Job],
    options: &HistoryOptions,
) -> Result<Diffs, String> {
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
        n => n,
    };
    // The resource cache reads attributes (`-diff`, `binary`) from the index once; each thread
    // gets a copy.
    let template = sync
        .to_thread_local()
        .diff_resource_cache_for_tree_diff()
        .context(|| "preparing the blob diff".to_string())?;
    let next = AtomicUsize::new(0);
    let run = |cache: gix::diff::blob::Platform| -> WorkerOutput {
        let mut worker = Worker::new(sync, cache, options.renames);
        let mut changes = Vec::new();
        loop {
            let start = next.fetch_add(CHUNK, Ordering::Relaxed);
            if start >= jobs.len() {
                break;
            }
            for (i, job) in jobs.iter().enumerate().skip(start).take(CHUNK) {
                if let Some(c) = worker.diff(job) {
                    changes.push((i, c));
                }
            }
        }
        WorkerOutput {
            changes,
            missing_blobs: worker.missing_blobs,
            unreadable_commits: worker.unreadable_commits,
        }
    };
    let results: Vec<Result<WorkerOutput, String>> = if threads <= 1 || jobs.len() <= CHUNK {
        vec![Ok(run(template))]
    } else {
        let run = &run;
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    let cache = template.clone();
                    scope.spawn(move || run(cache))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().map_err(|_| "a diff thread panicked".to_string()))
                .collect()
        })
    };
    let mut diffs = Diffs {
        changes: Vec::new(),
        missing_blobs: 0,
        unreadable_commits: 0,
    };
    diffs.changes.resize_with(jobs.len(), Vec::new);
    let mut missing: HashSet<ObjectId> = HashSet::new();
    for result in results {
        let output = result?;
        for (i, changes) in output.changes {
            diffs.changes[i] = changes;
        }
        missing.extend(output.missing_blobs);
        diffs.unreadable_commits += output.unreadable_commits;
    }
    diffs.missing_blobs = missing.len() as u64;
    Ok(diffs)
}

/// What one diff thread produced.
struct WorkerOutput {
    /// (job index, changes) of the commits that could be diffed.
    changes: Vec<(usize, Vec<FileChange>)>,
    missing_blobs: HashSet<ObjectId>,
    unreadable_commits: u64,
}

/// One side of a change: the object and its mode.
#[derive(Clone, Copy)]
struct Side {
    id: ObjectId,
    mode: EntryMode,
}

/// A change as the tree diff reports it; paths are ranges into `Worker::paths`.
#[derive(Clone, Copy)]
struct RawChange {
    kind: ChangeKind,
    path: (usize, usize),
    previous: Option<(usize, usize)>,
    old: Option<Side>,
    new: Option<Side>,
}

/// What a diff thread keeps between commits.
struct Worker {
    git: gix::Repository,
    cache: gix::diff::blob::Platform,
    state: gix::diff::tree::State,
    old_tree: Vec<u8>,
    new_tree: Vec<u8>,
    raw: Vec<RawChange>,
    paths: Vec<u8>,
    diff: Diff,
    old_gitlink: Vec<u8>,
    new_gitlink: Vec<u8>,
    renames: bool,
    /// Blobs that could not be read.
    missing_blobs: HashSet<ObjectId>,
    /// Commits whose trees could not be diffed.
    unreadable_commits: u64,
}

impl Worker {
    fn new(
        sync: &gix::ThreadSafeRepository,
        cache: gix::diff::blob::Platform,
        renames: bool,
    ) -> Worker {
        let mut git = sync.to_thread_local();
        git.object_cache_size_if_unset(OBJECT_CACHE_BYTES);
        Worker {
            git,
            cache,
            state: gix::diff::tree::State::default(),
            old_tree: Vec::new(),
            new_tree: Vec::new(),
            raw: Vec::new(),
            paths: Vec::new(),
            diff: Diff::default(),
            old_gitlink: Vec::new(),
            new_gitlink: Vec::new(),
            renames,
            missing_blobs: HashSet::new(),
            unreadable_commits: 0,
        }
    }

    /// The commit's changes, or `None` (counted) when its trees cannot be read.
    ///
    /// Rename tracking needs the contents of deleted and added blobs; when one is missing (a
    /// partial clone), the commit is diffed again with exact renames only (same blob id, no
    /// content needed), and if that fails too its plain changes are kept.
    fn diff(&mut self, job: &Job) -> Option<Vec<FileChange>> {
        if self.tree_changes(job, None).is_err() {
            self.unreadable_commits += 1;
            return None;
        }
        if self.renames && has_deletion_and_addition(&self.raw) {
            let exact = gix::diff::Rewrites {
                percentage: None,
                ..RENAMES
            };
            let tracked = self.tree_changes(job, Some(RENAMES)).is_ok()
                || self.tree_changes(job, Some(exact)).is_ok();
            if !tracked && self.tree_changes(job, None).is_err() {
                self.unreadable_commits += 1;
                return None;
            }
        }
        let mut out = Vec::with_capacity(self.raw.len());
        for i in 0..self.raw.len() {
            let raw = self.raw[i];
            let (added, removed, binary) = self.count(&raw);
            let path = |(start, end): (usize, usize)| lossy(self.paths[start..end].as_bstr());
            out.push(FileChange {
                path: path(raw.path),
                previous_path: raw.previous.map(path),
                kind: raw.kind,
                added,
                removed,
                binary,
            });
        }
        Some(out)
    }

    /// Fills `raw` with the changes from the first parent's tree to the commit's tree.
    fn tree_changes(
        &mut self,
        job: &Job,
        rewrites: Option<gix::diff::Rewrites>,
    ) -> Result<(), String> {
        let Worker {
            git,
            cache,
            state,
            old_tree,
            new_tree,
            raw,
            paths,
            ..
        } = self;
        raw.clear();
        paths.clear();
        let new = git
            .objects
            .find_tree_iter(&job.tree, new_tree)
            .context(|| format!("reading tree {}", job.tree))?;
        let old = match job.parent_tree {
            Some(id) => git
                .objects
                .find_tree_iter(&id, old_tree)
                .context(|| format!("reading tree {id}"))?,
            None => TreeRefIter::from_bytes(&[], git.object_hash()),
        };
        let options = TreeDiffOptions {
            location: Some(Location::Path),
            rewrites,
        };
        let result = gix::diff::tree_with_rewrites(
            old,
            new,
            cache,
            state,
            &git.objects,
            |change| {
                record(change, raw, paths);
                Ok(ControlFlow::Continue(()))
            },
            options,
        );
        // Rename tracking loads blobs into the cache to compare them.
        cache.clear_resource_cache_keep_allocation();
        result.context(|| format!("diffing tree {}", job.tree))?;
        Ok(())
    }

    /// Lines added and removed, and whether git would call the change binary. A side whose blob
    /// cannot be read is remembered in `missing_blobs` and the change counts as binary.
    fn count(&mut self, raw: &RawChange) -> (u32, u32, bool) {
        let Worker {
            git,
            cache,
            diff,
            paths,
            old_gitlink,
            new_gitlink,
            missing_blobs,
            ..
        } = self;
        let new_path = paths[raw.path.0..raw.path.1].as_bstr();
        let old_path = raw
            .previous
            .map_or(new_path, |(s, e)| paths[s..e].as_bstr());
        let mut unreadable = false;
        for (side, path, kind) in [
            (raw.old, old_path, ResourceKind::OldOrSource),
            (raw.new, new_path, ResourceKind::NewOrDestination),
        ] {
            if let Some(side) = side.filter(|s| !s.mode.is_commit())
                && cache
                    .set_resource(side.id, side.mode.kind(), path, kind, &git.objects)
                    .is_err()
            {
                missing_blobs.insert(side.id);
                unreadable = true;
            }
        }
        if unreadable {
            cache.clear_resource_cache_keep_allocation();
            return (0, 0, true);
        }
        let old = content(
            raw.old,
            cache.resource(ResourceKind::OldOrSource),
            old_gitlink,
        );
        let new = content(
            raw.new,
            cache.resource(ResourceKind::NewOrDestination),
            new_gitlink,
        );
        let counts = match (old, new) {
            (Some(old), Some(new)) => {
                let (added, removed) = line_changes(diff, old, new);
                (added, removed, false)
            }
            _ => (0, 0, true),
        };
        cache.clear_resource_cache_keep_allocation();
        counts
    }
}

fn has_deletion_and_addition(raw: &[RawChange]) -> bool {
    raw.iter().any(|c| c.kind == ChangeKind::Deleted)
        && raw.iter().any(|c| c.kind == ChangeKind::Added)
}

/// Records a change of anything but a tree (a directory's files arrive as their own changes).
fn record(change: ChangeRef<'_>, raw: &mut Vec<RawChange>, paths: &mut Vec<u8>) {
    let mut push_path = |p: &BStr| {
        let start = paths.len();
        paths.extend_from_slice(p);
        (start, paths.len())
    };
    let side = |id: &gix::oid, mode: EntryMode| {
        Some(Side {
            id: id.to_owned(),
            mode,
        })
    };
    let change = match change {
        ChangeRef::Addition {
            location,
            entry_mode,
            id,
            ..
        } if !entry_mode.is_tree() => RawChange {
            kind: ChangeKind::Added,
            path: push_path(location),
            previous: None,
            old: None,
            new: side(&id, entry_mode),
        },
        ChangeRef::Deletion {
            location,
            entry_mode,
            id,
            ..
        } if !entry_mode.is_tree() => RawChange {
            kind: ChangeKind::Deleted,
            path: push_path(location),
            previous: None,
            old: side(&id, entry_mode),
            new: None,
        },
        ChangeRef::Modification {
            location,
            previous_entry_mode,
            previous_id,
            entry_mode,
            id,
        } => {
            // A directory replaced by a file (or the reverse): its files arrive on their own.
            let old = (!previous_entry_mode.is_tree())
                .then(|| side(&previous_id, previous_entry_mode))
                .flatten();
            let new = (!entry_mode.is_tree())
                .then(|| side(&id, entry_mode))
                .flatten();
            let kind = match (old.is_some(), new.is_some()) {
                (true, true) => ChangeKind::Modified,
                (false, true) => ChangeKind::Added,
                (true, false) => ChangeKind::Deleted,
                (false, false) => return,
            };
            RawChange {
                kind,
                path: push_path(location),
                previous: None,
                old,
                new,
            }
        }
        ChangeRef::Rewrite {
            source_location,
            source_entry_mode,
            source_id,
            entry_mode,
            id,
            location,
            copy,
            ..
        } if !entry_mode.is_tree() => {
            let previous = (!copy).then(|| push_path(source_location));
            RawChange {
                kind: if copy {
                    ChangeKind::Added
                } else {
                    ChangeKind::Renamed
                },
                path: push_path(location),
                previous,
                old: if copy {
                    None
                } else {
                    side(&source_id, source_entry_mode)
                },
                new: side(&id, entry_mode),
            }
        }
        _ => return,
    };
    raw.push(change);
}

/// The text git diffs for one side, or `None` when that side is binary. A missing side is empty;
/// a gitlink is the line `Subproject commit <id>`.
fn content<'a>(
    side: Option<Side>,
    resource: Option<gix::diff::blob::platform::Resource<'a>>,
    gitlink_text: &'a mut Vec<u8>,
) -> Option<&'a [u8]> {
    let Some(side) = side else { return Some(&[]) };
    if side.mode.is_commit() {
        gitlink_text.clear();
        gitlink_text.extend_from_slice(b"Subproject commit ");
        gitlink_text.extend_from_slice(side.id.to_hex().to_string().as_bytes());
        gitlink_text.push(b'\n');
        return Some(gitlink_text.as_slice());
    }
    match resource.map(|r| r.data) {
        Some(Data::Buffer { buf, .. }) => Some(buf),
        Some(Data::Binary { .. }) => None,
        Some(Data::Missing) | None => Some(&[]),
    }
}

/// Lines added and removed from `old` to `new`, as `git diff --numstat` counts them: lines
/// include their terminator, Myers with git's heuristics.
fn line_changes(diff: &mut Diff, old: &[u8], new: &[u8]) -> (u32, u32) {
    if old == new {
        return (0, 0);
    }
    if old.is_empty() {
        return (line_count(new), 0);
    }
    if new.is_empty() {
        return (0, line_count(old));
    }
    let input = InternedInput::new(byte_lines(old), byte_lines(new));
    diff.compute_with(
        Algorithm::Myers,
        &input.before,
        &input.after,
        input.interner.num_tokens(),
    );
    (diff.count_additions(), diff.count_removals())
}

/// Lines in `text`, a last line without a newline included.
// The filter loop vectorises; the `bytecount` crate would be a dependency for no gain here.
#[allow(clippy::naive_bytecount)]
fn line_count(text: &[u8]) -> u32 {
    let newlines = text.iter().filter(|&&b| b == b'\n').count();
    (newlines + usize::from(text.last().is_some_and(|&b| b != b'\n'))) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_changes_count_like_git_numstat() {
        let mut diff = Diff::default();
        // An edit in the middle.
        assert_eq!(line_changes(&mut diff, b"a\nb\nc\n", b"a\nB\nc\n"), (1, 1));
        // The last line loses its newline: git shows -c +c and "\ No newline at end of file".
        assert_eq!(line_changes(&mut diff, b"a\nb\nc\n", b"a\nb\nc"), (1, 1));
        // A line appended after a last line without newline changes that line too.
        assert_eq!(line_changes(&mut diff, b"a\nb", b"a\nb\nc\n"), (2, 1));
        // CRLF to LF changes every line.
        assert_eq!(line_changes(&mut diff, b"a\r\nb\r\n", b"a\nb\n"), (2, 2));
        // Added and deleted files count every line, a last line without newline included.
        assert_eq!(line_changes(&mut diff, b"", b"x\ny"), (2, 0));
        assert_eq!(line_changes(&mut diff, b"x\ny\n", b""), (0, 2));
        assert_eq!(line_changes(&mut diff, b"same\n", b"same\n"), (0, 0));
    }

    #[test]
    fn line_count_counts_a_last_line_without_newline() {
        assert_eq!(line_count(b""), 0);
        assert_eq!(line_count(b"\n"), 1);
        assert_eq!(line_count(b"a"), 1);
        assert_eq!(line_count(b"a\nb"), 2);
        assert_eq!(line_count(b"a\nb\n"), 2);
    }

    #[test]
    fn subject_is_the_first_non_blank_line() {
        assert_eq!(subject(b"\n\n  Fix it  \r\nbody\n".as_bstr()), "  Fix it");
        assert_eq!(subject(b"".as_bstr()), "");
    }
}
