//! Collecting all facts of a repository: the inventory and the history are read in parallel,
//! the stack is derived from the inventory's documents.

use crate::deps::{Dependencies, read_dependencies};
use crate::history::{History, HistoryOptions, read_history};
use crate::inventory::{Inventory, InventoryOptions, read_inventory};
use crate::repo::{RepoError, RepoKind, Repository};
use crate::secrets::{RuleSet, SecretHistory, scan_history};
use crate::stack::{Stack, read_stack};
use fcto_model::Note;
use std::path::Path;

/// What to collect.
#[derive(Debug, Clone, Default)]
#[allow(clippy::struct_excessive_bools)] // independent switches, one per kind of fact
pub struct CollectOptions {
    /// `--rev`: a commit, tag, branch or date.
    pub rev: Option<String>,
    /// Read the git history (skipped with `--no-history` or when no enabled rule needs it).
    pub history: bool,
    /// Parse the code files' functions (skipped when no enabled rule needs them).
    pub syntax: bool,
    /// Scan the files for credentials.
    pub secrets: bool,
    /// With `secrets`, scan every blob of the history too (a walk of its own, so `history` is
    /// not needed for it).
    pub secret_history: bool,
    /// The rules to scan with; fcto's built-in rules when `None`.
    pub secret_rules: Option<&'static RuleSet>,
    /// Look for risky code and settings with the code patterns.
    pub code_patterns: bool,
    /// Read the packages of the lockfiles.
    pub dependencies: bool,
    /// With `dependencies`, match them against the OSV records at this path (a directory or
    /// zip); `Err` holds why there is no advisory data, for the report.
    pub advisories: Option<Result<std::path::PathBuf, String>>,
}

/// Everything read from the repository.
#[derive(Debug)]
pub struct Facts {
    pub repo: Repository,
    pub inventory: Inventory,
    pub stack: Stack,
    /// `None` when history is not available; `history_unavailable` says why.
    pub history: Option<History>,
    pub history_unavailable: Option<String>,
    /// Whether the code files' functions were read (`Inventory::syntax`).
    pub syntax_read: bool,
    /// Whether the code patterns ran (`Inventory::pattern_hits`).
    pub code_patterns_read: bool,
    /// The secret scan, when it was asked for; the tree's findings are `Inventory::secrets`.
    pub secrets: Option<Secrets>,
    /// The lockfiles' packages (and their advisories), when they were asked for.
    pub dependencies: Option<Dependencies>,
    /// What limited the facts, in plain words.
    pub notes: Vec<Note>,
}

/// The secret scan: the rules used and what the history holds.
#[derive(Debug)]
pub struct Secrets {
    pub rules: &'static RuleSet,
    /// `None` when the history was not scanned; `history_unavailable` says why.
    pub history: Option<SecretHistory>,
    pub history_unavailable: Option<String>,
}

/// Reads the facts of the repository at `path`.
pub fn collect(path: &Path, options: &CollectOptions) -> Result<Facts, RepoError> {
    let repo = Repository::open(path, options.rev.as_deref())?;
    let mut notes = Vec::new();

    if repo.kind == RepoKind::Directory
        && let Some(enclosing) = enclosing_repository(&repo.root)
    {
        notes.push(Note::limitation(format!(
            "This folder is inside the git repository at `{}`: only its files were assessed, \
             without the history; give that path to include the team, hotspots and delivery results.",
            enclosing.display()
        )));
    }

    let no_git = if repo.kind == RepoKind::Directory {
        Some("this directory is not a git repository".to_string())
    } else if repo.commit.is_none() {
        Some("the repository has no commits yet".to_string())
    } else {
        None
    };
    let history_unavailable = if options.history {
        no_git.clone()
    } else {
        Some("history was not read (--no-history)".to_string())
    };

    let rules = options
        .secrets
        .then(|| options.secret_rules.unwrap_or_else(RuleSet::builtin));
    let (inventory, (history, secret_history)) = rayon::join(
        || {
            read_inventory(
                &repo,
                &InventoryOptions {
                    syntax: options.syntax,
                    secrets: rules,
                    patterns: options
                        .code_patterns
                        .then(crate::code_patterns::PatternSet::builtin),
                    ..InventoryOptions::default()
                },
            )
        },
        || {
            rayon::join(
                || {
                    if history_unavailable.is_some() {
                        return Ok(None);
                    }
                    read_history(&repo, &HistoryOptions::default()).map(Some)
                },
                || {
                    if !options.secret_history || no_git.is_some() {
                        return None;
                    }
                    rules.map(|r| scan_history(&repo, r))
                },
            )
        },
    );
    let inventory = inventory?;
    let secrets = rules.map(|rules| {
        let (history, unavailable) = match secret_history {
            Some(Ok(h)) => (Some(h), None),
            Some(Err(e)) => (None, Some(format!("the history could not be scanned: {e}"))),
            None => (
                None,
                Some(
                    no_git
                        .clone()
                        .unwrap_or_else(|| "the history was not scanned".to_string()),
                ),
            ),
        };
        Secrets {
            rules,
            history,
            history_unavailable: unavailable,
        }
    });
    let (history, history_unavailable) = match history {
        Ok(h) => (h, history_unavailable),
        Err(e) => (None, Some(format!("the history could not be read: {e}"))),
    };

    if let Some(reason) = &history_unavailable {
        notes.push(Note::limitation(format!(
            "History was not available ({reason}): team, hotspot and delivery results that need it are missing."
        )));
    }
    if let Some(h) = &history
        && (h.missing_blobs > 0 || h.unreadable_commits > 0)
    {
        notes.push(Note::limitation(format!(
            "This is a partial clone: {} file version(s) and {} commit(s) are not in the local \
             copy, so their line counts are unknown (counted as 0). Run `git fetch --refetch` \
             or clone without `--filter` for exact numbers.",
            h.missing_blobs, h.unreadable_commits
        )));
    }
    if repo.shallow {
        notes.push(Note::limitation(
            "This is a shallow clone: only part of the history is present, so commit counts, \
             authors, the truck factor and hotspots describe that part only. Run \
             `git fetch --unshallow` for the full picture.",
        ));
    }
    if !repo.submodules.is_empty() {
        notes.push(Note::info(format!(
            "{} submodule(s) ({}) are separate repositories and were not assessed.",
            repo.submodules.len(),
            repo.submodules.join(", ")
        )));
    }
    if repo.kind == RepoKind::Bare || repo.reads_tree_from_git() {
        notes.push(Note::info(format!(
            "Files were read from the commit's tree in git ({}), not from a work tree.",
            repo.commit.map(|c| c.to_string()).unwrap_or_default()
        )));
    }
    for problem in &inventory.problems {
        notes.push(Note::info(problem.clone()));
    }

    let dependencies = options
        .dependencies
        .then(|| dependencies(&repo, &inventory, options.advisories.as_ref(), &mut notes));

    let stack = read_stack(&inventory);
    for problem in &stack.problems {
        notes.push(Note::info(problem.clone()));
    }

    Ok(Facts {
        repo,
        inventory,
        stack,
        history,
        history_unavailable,
        syntax_read: options.syntax,
        code_patterns_read: options.code_patterns,
        secrets,
        dependencies,
        notes,
    })
}

/// The lockfiles' packages, matched against the advisory data when there is some.
fn dependencies(
    repo: &Repository,
    inventory: &Inventory,
    advisories: Option<&Result<std::path::PathBuf, String>>,
    notes: &mut Vec<Note>,
) -> Dependencies {
    let mut deps = read_dependencies(repo, inventory);
    for problem in &deps.problems {
        notes.push(Note::info(problem.clone()));
    }
    if deps.packages.is_empty() {
        return deps;
    }
    match advisories {
        None => {}
        Some(Err(why)) => {
            notes.push(Note::limitation(format!(
                "The {} locked packages were not checked for known vulnerabilities: no \
                 vulnerability data was available, because {why}.",
                deps.packages.len()
            )));
            deps.advisories_unavailable = Some(why.clone());
        }
        Some(Ok(path)) => match crate::deps::osv::load_advisories(path, &deps.packages) {
            Ok(found) => {
                let missing: Vec<&str> = deps
                    .ecosystems()
                    .into_iter()
                    .filter(|e| !found.ecosystems.contains(e))
                    .map(crate::deps::Ecosystem::osv_name)
                    .collect();
                if !missing.is_empty() {
                    notes.push(Note::limitation(format!(
                        "The advisory data at {} has no records for {}: those packages were not \
                         checked for known vulnerabilities (run `fcto db update` in this \
                         repository to download them).",
                        found.source,
                        missing.join(", ")
                    )));
                }
                notes.push(Note::info(format!(
                    "Vulnerability data: {} OSV records from {}{}.",
                    found.records_read,
                    found.source,
                    found
                        .newest_modified
                        .as_deref()
                        .map(|d| format!(", the newest changed on {}", &d[..d.len().min(10)]))
                        .unwrap_or_default()
                )));
                for problem in found.problems.iter().take(5) {
                    notes.push(Note::info(problem.clone()));
                }
                deps.advisories = Some(found);
            }
            Err(why) => {
                notes.push(Note::limitation(format!(
                    "Vulnerability data could not be read ({why}): known vulnerabilities were not checked."
                )));
                deps.advisories_unavailable = Some(why);
            }
        },
    }
    deps
}

/// The nearest parent directory holding a `.git` directory or file, if any.
pub fn enclosing_repository(dir: &Path) -> Option<std::path::PathBuf> {
    dir.ancestors()
        .skip(1)
        .find(|a| a.join(".git").exists())
        .map(Path::to_path_buf)
}
