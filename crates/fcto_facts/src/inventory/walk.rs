//! The walk over the assessed tree: the work tree (honouring ignore files the way the tokei 15
//! binary does) or the commit's tree read from git objects. Every file is read once, in
//! parallel, and classified from those bytes.

use super::classify::{self, FileFacts, LinguistAttributes};
use super::lines::{self, PlainLineCounter};
use super::markers::find_markers;
use super::{
    DebtMarker, Exclusion, FileEntry, FileSecret, Inventory, LARGE_FILE_BYTES, LineStats,
    is_well_known,
};
use crate::repo::{RepoError, RepoKind, Repository};
use crate::syntax::FileSyntax;
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
    /// Parse the product's code files in the languages `syntax` supports (functions,
    /// complexity, tokens) while they are read.
    pub syntax: bool,
    /// How cyclomatic complexity counts decisions.
    pub counting: crate::syntax::Counting,
    /// Scan every text file for credentials with these rules while it is read.
    pub secrets: Option<&'static crate::secrets::RuleSet>,
    /// Look for risky code and settings with these patterns in every text file of the
    /// product and its tests (not in vendored, generated or minified files).
    pub patterns: Option<&'static crate::code_patterns::PatternSet>,
}

impl Default for InventoryOptions {
    fn default() -> Self {
        InventoryOptions {
            document_cap: 2 * 1024 * 1024,
            syntax: true,
            counting: crate::syntax::Counting::default(),
            secrets: None,
            patterns: None,
        }
    }
}

/// Large blobs up to this size are still loaded to count their lines; beyond it only their
/// size is known (a work-tree file of any size is streamed instead).
const LARGE_BLOB_READ_LIMIT: u64 = 64 * 1024 * 1024;

/// fcto's baseline of accepted findings (the binary reads it; the name is fixed).
const BASELINE_FILE: &str = ".fcto-baseline.toml";

/// The most of a lockfile kept in `Inventory::documents`.
const LOCKFILE_CAP: usize = LARGE_BLOB_READ_LIMIT as usize;

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
        if let Some(syntax) = r.syntax {
            inventory.syntax.insert(r.entry.path.clone(), syntax);
        }
        inventory.markers.extend(r.markers);
        inventory.secrets.extend(r.secrets);
        inventory.pattern_hits.extend(r.pattern_hits);
        problems.extend(r.problems);
        inventory.files.push(r.entry);
    }
    inventory.files.sort_by(|a, b| a.path.cmp(&b.path));
    inventory
        .markers
        .sort_by(|a, b| (a.path.as_str(), a.line).cmp(&(b.path.as_str(), b.line)));
    inventory
        .secrets
        .sort_by(|a, b| (a.path.as_str(), a.line).cmp(&(b.path.as_str(), b.line)));
    inventory.pattern_hits.sort_by(|a, b| {
        (a.path.as_str(), a.line, a.pattern).cmp(&(b.path.as_str(), b.line, b.pattern))
    });
    problems.sort();
    problems.dedup();
    inventory.problems = problems;
    Ok(inventory)
}

/// A file to read.
struct Candidate {
    /// Relative, `/`-separated, lossy for non-UTF-8 names.
    path: String,
    /// Where the bytes are: for a symbolic link, the target's.
    origin: Origin,
    /// For a symbolic link, the target's relative path.
    link: Option<String>,
}

/// Most links followed when resolving one link in a commit's tree (Linux's `MAXSYMLINKS`).
const MAX_LINK_HOPS: u32 = 40;

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
    syntax: Option<FileSyntax>,
    secrets: Vec<FileSecret>,
    pattern_hits: Vec<crate::code_patterns::PatternHit>,
}

fn process(
    c: &Candidate,
    loader: &Loader,
    attributes: &LinguistAttributes,
    options: &InventoryOptions,
) -> Processed {
    // Documents of vendored code (a committed `node_modules/`) are not the product's.
    let well_known = is_well_known(&c.path) && !classify::is_vendored(&c.path, attributes);
    let cap = document_cap(&c.path, options);
    let keep = if well_known { cap } else { 0 };
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
        symlink: c.link.clone(),
    };
    if c.link.is_some() {
        return process_link(c, entry, loader, attributes, options, well_known);
    }
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
                syntax: None,
                secrets: Vec::new(),
                pattern_hits: Vec::new(),
            };
        }
    };
    let mut markers = Vec::new();
    let mut syntax = None;
    let mut secrets = Vec::new();
    let mut pattern_hits = Vec::new();
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
            if let Some(rules) = options.secrets
                && !binary
            {
                secrets = rules
                    .scan(&bytes)
                    .into_iter()
                    .map(|m| FileSecret {
                        path: c.path.clone(),
                        line: m.line,
                        rule: m.rule,
                        secret: m.secret,
                        test_mode: m.test_mode,
                        allowed: m.allowed,
                    })
                    .collect();
            }
            // fcto's own baseline quotes findings' messages: not the project's code.
            if let Some(patterns) = options.patterns
                && !binary
                && entry.exclusion.is_none()
                && file_name(&c.path) != BASELINE_FILE
            {
                pattern_hits = patterns.scan(&c.path, &String::from_utf8_lossy(&text));
            }
            if entry.is_product_code() {
                markers = find_markers(&c.path, language, &text);
                if options.syntax
                    && let Some(language) = &entry.language
                    && crate::syntax::supports(language)
                {
                    syntax = crate::syntax::analyse_counting(
                        language,
                        &String::from_utf8_lossy(&text),
                        options.counting,
                    );
                }
            }
            drop(text);
            well_known.then(|| {
                let mut bytes = bytes;
                if bytes.len() > cap {
                    problems.push(truncated(&c.path, cap));
                    bytes.truncate(cap);
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
            if options.secrets.is_some() {
                problems.push(format!(
                    "`{}` ({} MB) is too large to scan for secrets",
                    c.path,
                    size / 1_000_000
                ));
            }
            well_known.then(|| {
                if size > cap as u64 {
                    problems.push(truncated(&c.path, cap));
                }
                head.truncate(cap);
                (c.path.clone(), head)
            })
        }
    };
    Processed {
        entry,
        document,
        markers,
        problems,
        syntax,
        secrets,
        pattern_hits,
    }
}

/// A symbolic link to a file of the repository: listed with the target's size and, when its
/// name is well known, its contents as a document; no language and no lines, as tokei does not
/// follow links.
fn process_link(
    c: &Candidate,
    mut entry: FileEntry,
    loader: &Loader,
    attributes: &LinguistAttributes,
    options: &InventoryOptions,
    well_known: bool,
) -> Processed {
    let cap = document_cap(&c.path, options);
    let keep = if well_known { cap } else { 0 };
    let mut problems = Vec::new();
    let (bytes, large) = match loader.load(c, keep) {
        Ok(Content::Whole(bytes)) => (bytes, false),
        Ok(Content::Large { size, head, .. }) => {
            entry.bytes = size;
            (head, true)
        }
        Err(e) => {
            problems.push(format!(
                "`{}` links to `{}`, which could not be read ({e})",
                c.path,
                c.link.as_deref().unwrap_or_default()
            ));
            return Processed {
                entry,
                document: None,
                markers: Vec::new(),
                problems,
                syntax: None,
                secrets: Vec::new(),
                pattern_hits: Vec::new(),
            };
        }
    };
    if !large {
        entry.bytes = bytes.len() as u64;
    }
    let facts = FileFacts {
        path: &c.path,
        language: None,
        large,
        binary: !lines::is_utf16(&bytes) && classify::looks_binary(&bytes),
        text: &bytes,
    };
    entry.exclusion = classify::exclusion(&facts, attributes);
    let document = well_known.then(|| {
        let mut bytes = bytes;
        if bytes.len() > cap || (large && entry.bytes > cap as u64) {
            problems.push(truncated(&c.path, cap));
        }
        bytes.truncate(cap);
        (c.path.clone(), bytes)
    });
    Processed {
        entry,
        document,
        markers: Vec::new(),
        problems,
        syntax: None,
        secrets: Vec::new(),
        pattern_hits: Vec::new(),
    }
}

/// The most of a well-known file kept as a document. Lockfiles are kept whole however large (a
/// big app's package-lock.json is 5-20 MB): the dependency reading needs every package.
fn document_cap(path: &str, options: &InventoryOptions) -> usize {
    if crate::deps::is_lockfile(path) {
        options.document_cap.max(LOCKFILE_CAP)
    } else {
        options.document_cap
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
/// are skipped. Symbolic links are never followed for walking; a link that resolves to a
/// regular file inside the repository (outside `.git`) is listed with its target, other links
/// (to directories, outside, dangling, looping) are not.
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
    // Link targets are compared with the canonical root, and are not followed into submodules
    // (whose files are not listed).
    let canonical_root = std::fs::canonicalize(&root).unwrap_or_else(|_| root.clone());
    let submodule_dirs: Vec<String> = repo.submodules.iter().map(|s| format!("{s}/")).collect();
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
        let (found, problems, root, canonical_root, submodule_dirs) =
            (&found, &problems, &root, &canonical_root, &submodule_dirs);
        Box::new(move |entry| {
            match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file() || t.is_symlink()) => {
                    let link = if e.file_type().is_some_and(|t| t.is_symlink()) {
                        match resolve_disk_link(canonical_root, e.path()) {
                            Some(target)
                                if !submodule_dirs.iter().any(|d| target.1.starts_with(d.as_str())) =>
                            {
                                Some(target)
                            }
                            _ => return ignore::WalkState::Continue,
                        }
                    } else {
                        None
                    };
                    let rel = e.path().strip_prefix(root).unwrap_or(e.path());
                    let (path, lossy) = relative_path(rel);
                    if lossy {
                        lock(problems).push(format!(
                            "`{path}` has a name that is not valid UTF-8; it is shown with replacement characters"
                        ));
                    }
                    let candidate = match link {
                        Some((target, target_path)) => Candidate {
                            path,
                            origin: Origin::Disk(target),
                            link: Some(target_path),
                        },
                        None => Candidate { path, origin: Origin::Disk(e.into_path()), link: None },
                    };
                    lock(found).push(candidate);
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

/// The target of a link on disk when it resolves (through any chain of links) to a regular
/// file inside the repository and outside `.git`: its absolute path and its relative path.
/// Dangling links, loops (the OS reports them), directories and files outside are `None`.
fn resolve_disk_link(canonical_root: &Path, link: &Path) -> Option<(PathBuf, String)> {
    let target = std::fs::canonicalize(link).ok()?;
    if !std::fs::metadata(&target).ok()?.is_file() {
        return None;
    }
    let rel = target.strip_prefix(canonical_root).ok()?;
    if rel.components().any(|c| c.as_os_str() == ".git") {
        return None;
    }
    let (path, _) = relative_path(rel);
    Some((target, path))
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

/// The blobs of the commit's tree. Submodules (gitlinks) are skipped; a symbolic link is
/// listed with its target when it resolves (through links to files and directories) to a
/// regular blob of the same tree, as on disk.
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
    let mut listed = Vec::new();
    for e in entries {
        if !(e.mode.is_blob() || e.mode.is_link()) {
            continue;
        }
        let path = if let Ok(s) = e.filepath.to_str() {
            s.to_string()
        } else {
            e.filepath.to_str_lossy().into_owned()
        };
        listed.push((path, e.oid, e.mode, e.filepath.to_str().is_err()));
    }
    let by_path: std::collections::HashMap<&str, (gix::ObjectId, gix::object::tree::EntryMode)> =
        listed
            .iter()
            .map(|(p, oid, mode, _)| (p.as_str(), (*oid, *mode)))
            .collect();
    let mut candidates = Vec::with_capacity(listed.len());
    for (path, oid, mode, lossy) in &listed {
        let candidate = if mode.is_link() {
            let Some(target) = resolve_tree_link(&repo, &by_path, path) else {
                continue;
            };
            let Some((target_oid, _)) = by_path.get(target.as_str()) else {
                continue;
            };
            Candidate {
                path: path.clone(),
                origin: Origin::Blob(*target_oid),
                link: Some(target),
            }
        } else {
            Candidate {
                path: path.clone(),
                origin: Origin::Blob(*oid),
                link: None,
            }
        };
        if *lossy {
            problems.push(format!(
                "`{path}` has a name that is not valid UTF-8; it is shown with replacement characters"
            ));
        }
        candidates.push(candidate);
    }
    Ok((candidates, problems))
}

/// Resolves a link of the tree like `realpath`: components one by one, each link met replaced
/// by its target (relative to the link's directory). The path of a regular blob, or `None` for
/// absolute targets, targets above the root or inside `.git`, directories, missing paths and
/// more than `MAX_LINK_HOPS` links.
fn resolve_tree_link(
    repo: &gix::Repository,
    by_path: &std::collections::HashMap<&str, (gix::ObjectId, gix::object::tree::EntryMode)>,
    link: &str,
) -> Option<String> {
    let mut resolved: Vec<String> = Vec::new();
    let mut pending: std::collections::VecDeque<String> =
        link.split('/').map(str::to_string).collect();
    let mut hops = 0;
    while let Some(component) = pending.pop_front() {
        match component.as_str() {
            "" | "." => {}
            ".." => {
                resolved.pop()?;
            }
            name => {
                resolved.push(name.to_string());
                let here = resolved.join("/");
                let Some((oid, mode)) = by_path.get(here.as_str()) else {
                    continue;
                };
                if !mode.is_link() {
                    continue;
                }
                hops += 1;
                if hops > MAX_LINK_HOPS {
                    return None;
                }
                let target = repo.find_blob(*oid).ok()?.take_data();
                let target = String::from_utf8(target).ok()?;
                if target.starts_with('/') || target.contains('\0') {
                    return None;
                }
                resolved.pop();
                for part in target.split('/').rev() {
                    pending.push_front(part.to_string());
                }
            }
        }
    }
    let path = resolved.join("/");
    if resolved.iter().any(|c| c == ".git") {
        return None;
    }
    by_path
        .get(path.as_str())
        .is_some_and(|(_, mode)| mode.is_blob())
        .then_some(path)
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
