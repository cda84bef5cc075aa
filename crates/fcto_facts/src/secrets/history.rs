//! Secrets anywhere in the history: every blob reachable from any ref (branches, tags, remote
//! branches, the stash) is scanned exactly once, and each secret is traced to the commit that
//! first added it (the earliest by author date among the commits adding a blob that holds it),
//! with its author, and to whether the assessed commit still holds it.

use super::{RuleSet, SecretMatch};
use crate::repo::{RepoError, Repository};
use gix::ObjectId;
use gix::bstr::ByteSlice;
use gix::diff::tree::recorder::{Change, Location};
use gix::objs::{FindExt, TreeRefIter};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Blobs larger than this are not scanned (generated data, dumps); they are counted.
pub const MAX_BLOB_BYTES: usize = 8 * 1024 * 1024;

/// A secret as the history shows it.
#[derive(Debug, Clone)]
pub struct HistorySecret {
    /// Index of the rule in the `RuleSet` scanned with.
    pub rule: usize,
    /// The secret (never print it whole: `super::mask`).
    pub secret: String,
    pub test_mode: bool,
    /// The commit that first added it, its author and author date (seconds since the epoch).
    pub commit: String,
    pub author_name: String,
    pub author_email: String,
    pub author_time: i64,
    /// Where it was added, and on which line.
    pub path: String,
    pub line: u32,
    /// Every path that held it in some version.
    pub paths: Vec<String>,
    /// Whether the assessed commit's tree still holds it (in any file).
    pub in_head: bool,
}

/// What the history scan read and found.
#[derive(Debug, Default)]
pub struct SecretHistory {
    pub secrets: Vec<HistorySecret>,
    pub commits: u64,
    pub blobs_scanned: u64,
    pub bytes_scanned: u64,
    /// Blobs not scanned: binary (a NUL in the first 8 KiB), larger than `MAX_BLOB_BYTES`, or
    /// missing from a partial clone.
    pub blobs_binary: u64,
    pub blobs_large: u64,
    pub blobs_missing: u64,
}

struct CommitInfo {
    id: ObjectId,
    tree: ObjectId,
    parent: Option<ObjectId>,
    author_name: String,
    author_email: String,
    author_time: i64,
}

/// Scans the history of `repo` with `rules`.
pub fn scan_history(repo: &Repository, rules: &RuleSet) -> Result<SecretHistory, RepoError> {
    let fail = |message: String| RepoError::Git {
        path: repo.root.clone(),
        message,
    };
    let Some(sync) = repo.git.as_ref() else {
        return Ok(SecretHistory::default());
    };
    let git = sync.to_thread_local();
    let mut tips: Vec<ObjectId> = repo.commit.into_iter().collect();
    if let Ok(platform) = git.references()
        && let Ok(all) = platform.all()
    {
        for mut reference in all.flatten() {
            if let Ok(id) = reference.peel_to_commit() {
                tips.push(id.id);
            }
        }
    }
    tips.sort_unstable();
    tips.dedup();
    if tips.is_empty() {
        return Ok(SecretHistory::default());
    }

    // Every commit, and the blobs each one adds or changes against its first parent.
    let walk = git
        .rev_walk(tips.clone())
        .all()
        .map_err(|e| fail(format!("starting the walk over all refs: {e}")))?;
    // Every commit once: its tree and first parent, then each one diffed against its parent's
    // tree, looked up here rather than read again.
    let mut commits: Vec<CommitInfo> = Vec::new();
    let mut buf = Vec::new();
    for info in walk {
        let info = info.map_err(|e| fail(format!("walking the history: {e}")))?;
        let Ok(commit) = git.objects.find_commit(&info.id, &mut buf) else {
            continue;
        };
        let author = commit.author().ok();
        commits.push(CommitInfo {
            id: info.id,
            tree: commit.tree(),
            parent: commit.parents().next(),
            author_name: author
                .map(|a| a.name.to_str_lossy().into_owned())
                .unwrap_or_default(),
            author_email: author
                .map(|a| a.email.to_str_lossy().into_owned())
                .unwrap_or_default(),
            author_time: author.map_or(0, |a| a.seconds()),
        });
    }
    let tree_of: HashMap<ObjectId, ObjectId> = commits.iter().map(|c| (c.id, c.tree)).collect();
    let mut added: HashMap<ObjectId, Vec<(usize, String)>> = HashMap::new();
    let (mut old_buf, mut new_buf) = (Vec::new(), Vec::new());
    let mut state = gix::diff::tree::State::default();
    for (index, c) in commits.iter().enumerate() {
        // A parent outside the walk (a shallow clone's boundary): diffed against nothing, as
        // git shows it.
        let parent_tree = c.parent.and_then(|p| tree_of.get(&p));
        let Ok(new) = git.objects.find_tree_iter(&c.tree, &mut new_buf) else {
            continue;
        };
        let old = match parent_tree {
            Some(id) => match git.objects.find_tree_iter(id, &mut old_buf) {
                Ok(t) => t,
                Err(_) => continue,
            },
            None => TreeRefIter::from_bytes(&[], git.object_hash()),
        };
        let mut recorder =
            gix::diff::tree::Recorder::default().track_location(Some(Location::Path));
        if gix::diff::tree(old, new, &mut state, &git.objects, &mut recorder).is_err() {
            continue;
        }
        for change in recorder.records {
            let (mode, oid, path) = match change {
                Change::Addition {
                    entry_mode,
                    oid,
                    path,
                    ..
                }
                | Change::Modification {
                    entry_mode,
                    oid,
                    path,
                    ..
                } => (entry_mode, oid, path),
                Change::Deletion { .. } => continue,
            };
            if mode.is_blob() {
                added
                    .entry(oid)
                    .or_default()
                    .push((index, path.to_str_lossy().into_owned()));
            }
        }
    }

    // The blobs of the assessed commit's tree.
    let mut head_blobs: HashSet<ObjectId> = HashSet::new();
    if let Some(tip) = repo.commit
        && let Ok(commit) = git.find_commit(tip)
        && let Ok(tree) = commit.tree()
    {
        let mut recorder = gix::traverse::tree::Recorder::default();
        if tree.traverse().breadthfirst(&mut recorder).is_ok() {
            head_blobs.extend(
                recorder
                    .records
                    .iter()
                    .filter(|e| e.mode.is_blob())
                    .map(|e| e.oid),
            );
        }
    }

    // Each blob once, in parallel.
    let blobs: Vec<(&ObjectId, &Vec<(usize, String)>)> = added.iter().collect();
    let scanned: Vec<Scanned> = blobs
        .par_iter()
        .map_init(
            || (sync.to_thread_local(), Vec::new()),
            |(git, buf), (oid, _)| scan_blob(git, buf, oid, rules),
        )
        .collect();

    let mut out = SecretHistory {
        commits: commits.len() as u64,
        ..SecretHistory::default()
    };
    // secret → (rule, earliest addition, paths, in head)
    let mut by_secret: HashMap<(usize, String), HistorySecret> = HashMap::new();
    for ((oid, additions), scanned) in blobs.iter().zip(scanned) {
        let matches = match scanned {
            Scanned::Text { bytes, matches } => {
                out.blobs_scanned += 1;
                out.bytes_scanned += bytes;
                matches
            }
            Scanned::Binary => {
                out.blobs_binary += 1;
                continue;
            }
            Scanned::Large => {
                out.blobs_large += 1;
                continue;
            }
            Scanned::Missing => {
                out.blobs_missing += 1;
                continue;
            }
        };
        let in_head = head_blobs.contains(*oid);
        // the earliest commit adding this blob
        let Some((first, path)) = additions
            .iter()
            .min_by_key(|(c, _)| (commits[*c].author_time, std::cmp::Reverse(*c)))
        else {
            continue;
        };
        let commit = &commits[*first];
        for m in matches.into_iter().filter(|m| !m.allowed) {
            let entry = by_secret
                .entry((m.rule, m.secret.clone()))
                .or_insert_with(|| HistorySecret {
                    rule: m.rule,
                    secret: m.secret.clone(),
                    test_mode: m.test_mode,
                    commit: commit.id.to_string(),
                    author_name: commit.author_name.clone(),
                    author_email: commit.author_email.clone(),
                    author_time: commit.author_time,
                    path: path.clone(),
                    line: m.line,
                    paths: Vec::new(),
                    in_head: false,
                });
            if commit.author_time < entry.author_time {
                entry.commit = commit.id.to_string();
                entry.author_name.clone_from(&commit.author_name);
                entry.author_email.clone_from(&commit.author_email);
                entry.author_time = commit.author_time;
                entry.path.clone_from(path);
                entry.line = m.line;
            }
            entry.in_head |= in_head;
            for (_, p) in *additions {
                if !entry.paths.contains(p) {
                    entry.paths.push(p.clone());
                }
            }
        }
    }
    out.secrets = by_secret.into_values().collect();
    for s in &mut out.secrets {
        s.paths.sort();
    }
    out.secrets
        .sort_by(|a, b| (a.author_time, &a.path, a.line).cmp(&(b.author_time, &b.path, b.line)));
    Ok(out)
}

enum Scanned {
    Text {
        bytes: u64,
        matches: Vec<SecretMatch>,
    },
    Binary,
    Large,
    Missing,
}

fn scan_blob(git: &gix::Repository, buf: &mut Vec<u8>, oid: &ObjectId, rules: &RuleSet) -> Scanned {
    let Ok(blob) = git.objects.find_blob(oid, buf) else {
        return Scanned::Missing;
    };
    let data = blob.data;
    if data.len() > MAX_BLOB_BYTES {
        return Scanned::Large;
    }
    if data[..data.len().min(8192)].contains(&0) {
        return Scanned::Binary;
    }
    Scanned::Text {
        bytes: data.len() as u64,
        matches: rules.scan(data),
    }
}
