//! Facts built in code for rule tests: rules are pure, so each test states the files, documents
//! and commits it needs and checks what the rules say.

use crate::{Analysis, AnalysisOptions, Selection};
use fcto_facts::history::{ChangeKind, Commit, FileChange, History, Person, PersonId};
use fcto_facts::inventory::FileSecret;
use fcto_facts::inventory::{DebtMarker, FileEntry, Inventory, LineStats};
use fcto_facts::secrets::{HistorySecret, RuleSet, SecretHistory};
use fcto_facts::stack::{Dependency, Manifest, Stack};
use fcto_facts::{Facts, RepoKind, Repository, Secrets};
use fcto_model::{CompanyContext, Finding};

pub const DAY: i64 = 86_400;
/// 2025-01-01T00:00:00Z, the "now" of rule tests.
pub const NOW: i64 = 1_735_689_600;

#[derive(Default)]
pub struct World {
    pub inventory: Inventory,
    pub stack: Stack,
    pub history: Option<History>,
    pub secrets: Option<Secrets>,
    pub dependencies: Option<fcto_facts::deps::Dependencies>,
}

impl World {
    pub fn new() -> World {
        World {
            history: Some(History::default()),
            ..World::default()
        }
    }

    /// The secret scan ran (with fcto's rules), over the tree and the history.
    pub fn secret_scan(mut self) -> World {
        self.secrets.get_or_insert_with(|| Secrets {
            rules: RuleSet::builtin(),
            history: Some(SecretHistory::default()),
            history_unavailable: None,
        });
        self
    }

    /// A file of the tree, scanned with the code patterns as fcto scans it.
    pub fn pattern_file(mut self, path: &str, text: &str) -> World {
        self.inventory
            .pattern_hits
            .extend(fcto_facts::code_patterns::PatternSet::builtin().scan(path, text));
        self.code(path, "Text", text.lines().count() as u64)
    }

    /// A text file of the tree, scanned for secrets as fcto scans it.
    pub fn text_file(mut self, path: &str, text: &str) -> World {
        self = self.secret_scan();
        for m in RuleSet::builtin().scan(text.as_bytes()) {
            self.inventory.secrets.push(FileSecret {
                path: path.to_string(),
                line: m.line,
                rule: m.rule,
                secret: m.secret,
                test_mode: m.test_mode,
                allowed: m.allowed,
            });
        }
        self.code(path, "Text", text.lines().count() as u64)
    }

    /// A secret the history holds: the first match of `text` with fcto's rules, added by
    /// `author` at `time` in `path`.
    pub fn history_secret(
        mut self,
        path: &str,
        text: &str,
        author: &str,
        time: i64,
        in_head: bool,
    ) -> World {
        self = self.secret_scan();
        let m = RuleSet::builtin()
            .scan(text.as_bytes())
            .into_iter()
            .next()
            .expect("a secret in the text");
        let secrets = self.secrets.as_mut().expect("scanned");
        secrets
            .history
            .get_or_insert_with(SecretHistory::default)
            .secrets
            .push(HistorySecret {
                rule: m.rule,
                secret: m.secret,
                test_mode: m.test_mode,
                commit: format!("{:040x}", 0x00c0_ffee + time),
                author_name: author.to_string(),
                author_email: format!("{}@example.com", author.to_lowercase().replace(' ', ".")),
                author_time: time,
                path: path.to_string(),
                line: m.line,
                paths: vec![path.to_string()],
                in_head,
            });
        self
    }

    pub fn without_history(mut self) -> World {
        self.history = None;
        if let Some(s) = &mut self.secrets {
            s.history = None;
        }
        self
    }

    /// A code file with `code` lines.
    pub fn code(mut self, path: &str, language: &str, code: u64) -> World {
        self.inventory.files.push(FileEntry {
            path: path.to_string(),
            bytes: code * 30,
            language: Some(language.to_string()),
            stats: LineStats {
                code,
                comments: code / 10,
                blanks: code / 10,
            },
            embedded: LineStats::default(),
            exclusion: None,
            hidden: path.starts_with('.') || path.contains("/."),
            symlink: None,
        });
        self
    }

    /// A code file with its source, parsed as fcto parses it (functions, complexity, tokens);
    /// its code lines are the parse's.
    pub fn source(mut self, path: &str, language: &str, text: &str) -> World {
        let syntax = fcto_facts::syntax::analyse(language, text).expect("a language with a table");
        self = self.code(path, language, u64::from(syntax.code_lines));
        self.inventory.syntax.insert(path.to_string(), syntax);
        self
    }

    /// A well-known document (README, manifest, .gitignore...) with its text.
    pub fn doc(mut self, path: &str, text: &str) -> World {
        self.inventory.files.push(FileEntry {
            path: path.to_string(),
            bytes: text.len() as u64,
            language: None,
            stats: LineStats::default(),
            embedded: LineStats::default(),
            exclusion: None,
            hidden: path.starts_with('.') || path.contains("/."),
            symlink: None,
        });
        self.inventory
            .documents
            .insert(path.to_string(), text.as_bytes().to_vec());
        self
    }

    pub fn marker(mut self, path: &str, line: u32, kind: &str) -> World {
        self.inventory.markers.push(DebtMarker {
            path: path.into(),
            line,
            kind: kind.into(),
            text: "later".into(),
        });
        self
    }

    /// A manifest with direct dependencies (name, dev).
    pub fn manifest(
        mut self,
        path: &str,
        ecosystem: &str,
        deps: &[(&str, bool)],
        library: bool,
    ) -> World {
        self.stack.manifests.push(Manifest {
            path: path.into(),
            ecosystem: ecosystem.into(),
            dependencies: deps
                .iter()
                .enumerate()
                .map(|(i, (n, dev))| Dependency {
                    name: (*n).into(),
                    constraint: Some("1.0.0".into()),
                    line: Some(i as u32 + 2),
                    dev: *dev,
                })
                .collect(),
            lockfiles: Vec::new(),
            library,
            problem: None,
            auxiliary: fcto_facts::stack::is_auxiliary_path(path),
        });
        let dir = path
            .rsplit_once('/')
            .map_or(".".to_string(), |(d, _)| d.to_string());
        if fcto_facts::stack::is_auxiliary_path(path) {
            if !self.stack.auxiliary_packages.contains(&dir) {
                self.stack.auxiliary_packages.push(dir);
            }
        } else if !self.stack.packages.contains(&dir) {
            self.stack.packages.push(dir);
        }
        self
    }

    pub fn person(&mut self, name: &str) -> PersonId {
        let h = self.history.get_or_insert_with(History::default);
        let email = format!("{}@example.com", name.to_lowercase());
        if let Some(i) = h.people.iter().position(|p| p.email == email) {
            return i;
        }
        h.people.push(Person {
            name: name.into(),
            email: email.clone(),
            aliases: vec![(name.into(), email)],
            bot: name.contains("[bot]"),
        });
        h.people.len() - 1
    }

    /// A commit by `who` at `time` changing files: (path, lines added). A path seen for the
    /// first time is added, later ones modified.
    pub fn commit(&mut self, who: &str, time: i64, files: &[(&str, u32)]) -> &mut World {
        let author = self.person(who);
        let h = self.history.get_or_insert_with(History::default);
        let changes = files
            .iter()
            .map(|(p, added)| {
                let seen = h
                    .commits
                    .iter()
                    .any(|c| c.changes.iter().any(|ch| ch.path == *p));
                FileChange {
                    path: (*p).into(),
                    previous_path: None,
                    kind: if seen {
                        ChangeKind::Modified
                    } else {
                        ChangeKind::Added
                    },
                    added: *added,
                    removed: if seen { added / 2 } else { 0 },
                    binary: false,
                }
            })
            .collect::<Vec<_>>();
        let lines: u64 = changes.iter().map(|c| u64::from(c.added + c.removed)).sum();
        let id = format!("{:040x}", h.commits.len() + 1);
        let mass = changes.len() > 30 || lines > 5_000;
        // Kept oldest first while building; `facts()` reverses to newest first.
        h.commits.push(Commit {
            id,
            parents: Vec::new(),
            author,
            author_time: time,
            author_offset: 0,
            committer: author,
            commit_time: time,
            subject: "change".into(),
            changes,
            mass,
        });
        self
    }

    /// Gives the last commit made its subject line.
    pub fn subject(&mut self, subject: &str) -> &mut World {
        if let Some(c) = self.history.as_mut().and_then(|h| h.commits.last_mut()) {
            c.subject = subject.into();
        }
        self
    }

    /// A version tag on a commit at `time`.
    pub fn tag(&mut self, name: &str, time: i64) -> &mut World {
        let h = self.history.get_or_insert_with(History::default);
        h.tags.push(fcto_facts::history::Tag {
            name: name.into(),
            commit: format!("{:040x}", h.tags.len() + 7),
            time,
        });
        self
    }

    pub fn facts(mut self) -> Facts {
        self.inventory.files.sort_by(|a, b| a.path.cmp(&b.path));
        if let Some(h) = &mut self.history {
            h.commits.sort_by_key(|c| c.author_time);
            h.commits.reverse();
        }
        Facts {
            repo: Repository {
                root: "/repo".into(),
                kind: if self.history.is_some() {
                    RepoKind::WorkTree
                } else {
                    RepoKind::Directory
                },
                git: None,
                commit: None,
                rev: None,
                branch: None,
                commit_time: None,
                shallow: false,
                submodules: Vec::new(),
            },
            inventory: self.inventory,
            stack: self.stack,
            history: self.history,
            history_unavailable: None,
            // A world's code files are parsed when it holds some (see `code_file`).
            syntax_read: true,
            code_patterns_read: true,
            secrets: self.secrets,
            dependencies: self.dependencies,
            notes: Vec::new(),
        }
    }
}

/// Runs one rule (by code) on `facts` at `NOW` and returns its findings.
pub fn run_rule(code: &str, facts: &Facts, context: &CompanyContext) -> Vec<Finding> {
    let analysis = Analysis::new(facts, context, NOW, AnalysisOptions::default());
    let selection = Selection::new(&[code.to_string()], &[]).expect("known rule");
    crate::run(&analysis, &selection)
}

/// Runs one rule (by code) on a world, with the default company context.
pub fn run_on(code: &str, world: World) -> Vec<Finding> {
    run_rule(code, &world.facts(), &CompanyContext::default())
}

/// The finding whose message contains `words`; panics, listing every finding, when none does.
pub fn finding_with<'a>(findings: &'a [Finding], words: &str) -> &'a Finding {
    findings
        .iter()
        .find(|f| f.message.contains(words))
        .unwrap_or_else(|| panic!("no finding says {words:?}: {findings:#?}"))
}

/// The path and line of each evidence item of a finding that has both.
pub fn evidence_lines(finding: &Finding) -> Vec<(&str, u32)> {
    finding
        .evidence
        .iter()
        .filter_map(|e| Some((e.path.as_deref()?, e.line?)))
        .collect()
}
