//! The walk over the assessed tree: the work tree (honouring ignore files the way the tokei 15
//! binary does) or the commit's tree read from git objects. Every file is read once, in
//! parallel, and classified from those bytes.

use super::classify::{self, FileFacts, LinguistAttributes};
use super::lines::{self, PlainLineCounter};
use super::markers::find_markers;
use super::{
    DebtMarker, Exclusion, FileEntry, Inventory, LARGE_FILE_BYTES, LineStats, is_well_known,
};
use crate::repo::{RepoError, RepoKind, Repository};
use gix::bstr::ByteSlice;
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What to read.
#[derive(Debug, Clone)]
pub struct InventoryOptions {
    /// Longest document kept in `Inventory::documents`; longer ones keep their first
    /// `document_cap` bytes and the inventory notes it.
    pub document_cap: usize,
}

impl Default for InventoryOptions {
    fn default() -> Self {
        InventoryOptions {
            document_cap: 2 * 1024 * 1024,
        }
    }
}

/// Large blobs up to this size are still loaded to count their lines; beyond it only their
/// size is known (a work-tree file of any size is streamed instead).
const LARGE_BLOB_READ_LIMIT: u64 = 64 * 1024 * 1024;

/// tokei's per-directory ignore file, honoured like `.ignore`.
const TOKEI_IGNORE_FILE: &str = ".tokeignore";

/// Reads the inventory of the assessed tree: the commit's tree from git when the repository is
/// bare or a `--rev` was given, otherwise the directory on disk. Well-known files outside
/// vendored code are kept in `documents`. Problems with single files
/// (unreadable, non-UTF-8 names) are noted in `problems`; errors are for trees that cannot be
/// read at all.
pub fn read_inventory(
    repo: &Repository,
    options: &InventoryOptions,
) -> Result<Inventory, RepoError> {
    let (source, candidates, mut problems, git) = if repo.reads_tree_from_git() {
        let (Some(git), Some(commit)) = (repo.git.as_ref(), repo.commit) else {
            return Err(RepoError::Git {
                path: repo.root.clone(),
                message: "the commit's files were asked for without an open git repository"
                    .to_string(),
            });
        };
        let (candidates, problems) = tree_candidates(&repo.root, git, commit)?;
        (format!("commit {commit}"), candidates, problems, Some(git))
    } else if repo.kind == RepoKind::Bare {
        // A bare repository without commits has no files; its directory is git's own data.
        return Ok(Inventory {
            source: "none (no commits)".to_string(),
            ..Inventory::default()
        });
    } else {
        let (candidates, problems) = worktree_candidates(repo)?;
        ("worktree".to_string(), candidates, problems, None)
    };

    // `.gitattributes` decides generated/vendored for every other file, so it is read first,
    // from the root down.
    let mut attributes = LinguistAttributes::default();
    let mut attribute_files: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| file_name(&c.path) == ".gitattributes")
        .collect();
    attribute_files.sort_by_key(|c| (c.path.matches('/').count(), c.path.clone()));
    let loader = Loader::new(git);
    for c in attribute_files {
        if let Ok(Content::Whole(bytes)) = loader.load(c, 0) {
            attributes.add_file(&c.path, &String::from_utf8_lossy(&bytes));
        }
    }

    let results: Vec<Processed> = candidates
        .par_iter()
        .map_init(
            || Loader::new(git),
            |loader, c| process(c, loader, &attributes, options),
        )
        .collect();

    let mut inventory = Inventory {
        source,
        ..Inventory::default()
    };
    for r in results {
        if let Some((path, bytes)) = r.document {
            inventory.documents.insert(path, bytes);
        }
        inventory.markers.extend(r.markers);
        problems.extend(r.problems);
        inventory.files.push(r.entry);
    }
    inventory.files.sort_by(|a, b| a.path.cmp(&b.path));
    inventory
        .markers
        .sort_by(|a, b| (a.path.as_str(), a.line).cmp(&(b.path.as_str(), b.line)));
    problems.sort();
    problems.dedup();
    inventory.problems = problems;
    Ok(inventory)
}

/// A file to read.
struct Candidate {
    /// Relative, `/`-separated, lossy for non-UTF-8 names.
    path: String,
    origin: Origin,
}

enum Origin {
    Disk(PathBuf),
    Blob(gix::ObjectId),
}

/// Reads files; one per thread, since a gix repository handle is not `Sync`.
struct Loader {
    git: Option<gix::Repository>,
}

/// A file's bytes: whole, or for a large file the first bytes and the plain line count.
enum Content {
    Whole(Vec<u8>),
    Large {
        size: u64,
        head: Vec<u8>,
        stats: LineStats,
    },
}

impl Loader {
    fn new(git: Option<&gix::ThreadSafeRepository>) -> Loader {
        Loader {
            git: git.map(gix::ThreadSafeRepository::to_thread_local),
        }
    }

    /// Loads a file; `keep` is how many leading bytes of a large file to keep.
    fn load(&self, c: &Candidate, keep: usize) -> Result<Content, String> {
        match (&c.origin, &self.git) {
            (Origin::Disk(path), _) => load_disk(path, keep).map_err(|e| e.to_string()),
            (Origin::Blob(id), Some(repo)) => load_blob(repo, *id, keep),
            (Origin::Blob(_), None) => Err("a git blob without a repository".to_string()),
        }
    }
}

fn load_disk(path: &Path, keep: usize) -> std::io::Result<Content> {
    let mut file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size <= LARGE_FILE_BYTES {
        let mut bytes = Vec::with_capacity(size as usize + 1);
        file.read_to_end(&mut bytes)?;
        return Ok(Content::Whole(bytes));
    }
    // Counted, not parsed: the head is kept for the language and documents, the rest is
    // streamed through a line counter unless the file is binary.
    let mut head = Vec::new();
    file.by_ref()
        .take(keep.max(classify::BINARY_PROBE_BYTES) as u64)
        .read_to_end(&mut head)?;
    let mut counter = PlainLineCounter::default();
    if !classify::looks_binary(&head) {
        counter.feed(&head);
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let n = file.read(&mut buf)?;
            if n == 0 {
                break;
            }
            counter.feed(&buf[..n]);
        }
    }
    head.truncate(keep.max(classify::BINARY_PROBE_BYTES));
    Ok(Content::Large {
        size,
        head,
        stats: counter.finish(),
    })
}

fn load_blob(repo: &gix::Repository, id: gix::ObjectId, keep: usize) -> Result<Content, String> {
    let size = repo.find_header(id).map_err(|e| e.to_string())?.size();
    if size <= LARGE_FILE_BYTES {
        let mut blob = repo.find_blob(id).map_err(|e| e.to_string())?;
        return Ok(Content::Whole(blob.take_data()));
    }
    if size > LARGE_BLOB_READ_LIMIT {
        return Ok(Content::Large {
            size,
            head: Vec::new(),
            stats: LineStats::default(),
        });
    }
    let mut blob = repo.find_blob(id).map_err(|e| e.to_string())?;
    let data = blob.take_data();
    let mut counter = PlainLineCounter::default();
    if !classify::looks_binary(&data) {
        counter.feed(&data);
    }
    let head = data[..data.len().min(keep.max(classify::BINARY_PROBE_BYTES))].to_vec();
    Ok(Content::Large {
        size,
        head,
        stats: counter.finish(),
    })
}

/// What reading one file produced.
struct Processed {
    entry: FileEntry,
    document: Option<(String, Vec<u8>)>,
    markers: Vec<DebtMarker>,
    problems: Vec<String>,
}

fn process(
    c: &Candidate,
    loader: &Loader,
    attributes: &LinguistAttributes,
    options: &InventoryOptions,
) -> Processed {
    // Documents of vendored code (a committed `node_modules/`) are not the product's.
    let well_known = is_well_known(&c.path) && !classify::is_vendored(&c.path, attributes);
    let keep = if well_known { options.document_cap } else { 0 };
    let hidden = is_hidden(&c.path);
    let mut problems = Vec::new();
    let mut entry = FileEntry {
        path: c.path.clone(),
        bytes: 0,
        language: None,
        stats: LineStats::default(),
        embedded: LineStats::default(),
        exclusion: None,
        hidden,
    };
    let content = match loader.load(c, keep) {
        Ok(content) => content,
        Err(e) => {
            problems.push(format!(
                "`{}` could not be read ({e}); it is listed without line counts",
                c.path
            ));
            entry.language = lines::detect_language(&c.path, b"").map(|l| l.name().to_string());
            return Processed {
                entry,
                document: None,
                markers: Vec::new(),
                problems,
            };
        }
    };
    let mut markers = Vec::new();
    let document = match content {
        Content::Whole(bytes) => {
            entry.bytes = bytes.len() as u64;
            let binary = !lines::is_utf16(&bytes) && classify::looks_binary(&bytes);
            let language = lines::detect_language(&c.path, &bytes);
            let text = lines::decode(&bytes);
            if let Some(language) = language {
                (entry.stats, entry.embedded) = lines::count(language, &text);
                entry.language = Some(language.name().to_string());
            }
            let facts = FileFacts {
                path: &c.path,
                language: entry.language.as_deref(),
                large: false,
                binary,
                text: &text,
            };
            entry.exclusion = classify::exclusion(&facts, attributes);
            if entry.is_product_code() {
                markers = find_markers(&c.path, language, &text);
            }
            drop(text);
            well_known.then(|| {
                let mut bytes = bytes;
                if bytes.len() > options.document_cap {
                    problems.push(truncated(&c.path, options.document_cap));
                    bytes.truncate(options.document_cap);
                }
                (c.path.clone(), bytes)
            })
        }
        Content::Large {
            size,
            mut head,
            stats,
        } => {
            entry.bytes = size;
            let language = lines::detect_language(&c.path, &head);
            entry.language = language.map(|l| l.name().to_string());
            if language.is_some() {
                entry.stats = stats;
            }
            entry.exclusion = Some(Exclusion::Large);
            well_known.then(|| {
                if size > options.document_cap as u64 {
                    problems.push(truncated(&c.path, options.document_cap));
                }
                head.truncate(options.document_cap);
                (c.path.clone(), head)
            })
        }
    };
    Processed {
        entry,
        document,
        markers,
        problems,
    }
}

fn truncated(path: &str, cap: usize) -> String {
    format!(
        "`{path}` is larger than {} KB; only its beginning was kept for reading",
        cap / 1024
    )
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Under a hidden directory or named with a leading dot, as the `ignore` crate (and so tokei)
/// defines hidden on Unix.
fn is_hidden(path: &str) -> bool {
    path.split('/').any(|c| c.starts_with('.'))
}

/// The files of the work tree, with the walker settings of the tokei 15 binary (`.gitignore`,
/// `.ignore`, `.tokeignore`, git's exclude file and global excludes, ignore files of parent
/// directories), except that hidden files are walked (and marked) and `.git` and submodules
/// are skipped. Symbolic links are never followed, so links and link loops are not listed.
fn worktree_candidates(repo: &Repository) -> Result<(Vec<Candidate>, Vec<String>), RepoError> {
    let root = repo.root.clone();
    match std::fs::metadata(&root) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(RepoError::NotADirectory(root)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(RepoError::NotFound(root));
        }
        Err(source) => return Err(RepoError::Unreadable { path: root, source }),
    }
    if let Err(source) = std::fs::read_dir(&root) {
        return Err(RepoError::Unreadable { path: root, source });
    }
    let submodules: HashSet<PathBuf> = repo.submodules.iter().map(|s| root.join(s)).collect();
    let mut builder = ignore::WalkBuilder::new(&root);
    builder
        .add_custom_ignore_filename(TOKEI_IGNORE_FILE)
        .git_exclude(true)
        .git_global(true)
        .git_ignore(true)
        .ignore(true)
        .parents(true)
        .hidden(false)
        .follow_links(false)
        .filter_entry(move |e| e.file_name() != ".git" && !submodules.contains(e.path()));

    let found = Mutex::new(Vec::new());
    let problems = Mutex::new(Vec::new());
    builder.build_parallel().run(|| {
        let (found, problems, root) = (&found, &problems, &root);
        Box::new(move |entry| {
            match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                    let rel = e.path().strip_prefix(root).unwrap_or(e.path());
                    let (path, lossy) = relative_path(rel);
                    if lossy {
                        lock(problems).push(format!(
                            "`{path}` has a name that is not valid UTF-8; it is shown with replacement characters"
                        ));
                    }
                    lock(found).push(Candidate { path, origin: Origin::Disk(e.into_path()) });
                }
                Ok(_) => {}
                Err(e) => lock(problems).push(format!("while walking the files: {e}")),
            }
            ignore::WalkState::Continue
        })
    });
    let found = found
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let problems = problems
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    Ok((found, problems))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `/`-separated path text and whether it had to be converted lossily.
fn relative_path(rel: &Path) -> (String, bool) {
    let mut lossy = false;
    let parts: Vec<String> = rel
        .components()
        .map(|c| {
            let s = c.as_os_str();
            s.to_str().map_or_else(
                || {
                    lossy = true;
                    s.to_string_lossy().into_owned()
                },
                str::to_string,
            )
        })
        .collect();
    (parts.join("/"), lossy)
}

/// The blobs of the commit's tree. Submodules (gitlinks) and symbolic links are skipped.
fn tree_candidates(
    root: &Path,
    git: &gix::ThreadSafeRepository,
    commit: gix::ObjectId,
) -> Result<(Vec<Candidate>, Vec<String>), RepoError> {
    let git_error = |e: &dyn std::fmt::Display| RepoError::Git {
        path: root.to_path_buf(),
        message: e.to_string(),
    };
    let repo = git.to_thread_local();
    let tree = repo
        .find_commit(commit)
        .map_err(|e| git_error(&e))?
        .tree()
        .map_err(|e| git_error(&e))?;
    let entries = tree
        .traverse()
        .breadthfirst
        .files()
        .map_err(|e| git_error(&e))?;
    let mut problems = Vec::new();
    let candidates = entries
        .into_iter()
        .filter(|e| e.mode.is_blob())
        .map(|e| {
            let path = if let Ok(s) = e.filepath.to_str() {
                s.to_string()
            } else {
                let path = e.filepath.to_str_lossy().into_owned();
                problems.push(format!(
                    "`{path}` has a name that is not valid UTF-8; it is shown with replacement characters"
                ));
                path
            };
            Candidate { path, origin: Origin::Blob(e.oid) }
        })
        .collect();
    Ok((candidates, problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_paths() {
        assert!(is_hidden(".github/workflows/ci.yml"));
        assert!(is_hidden("web/.env"));
        assert!(!is_hidden("src/main.rs"));
    }
}
