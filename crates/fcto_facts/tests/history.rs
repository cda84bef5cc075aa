//! Opening repositories (`Repository::open`) and reading their history (`read_history`), checked
//! against the git command line on fixture repositories with pinned authors and dates.
#![cfg(unix)]

use fcto_facts::history::{ChangeKind, History, HistoryOptions, read_history};
use fcto_facts::{RepoError, RepoKind, Repository};
use fcto_testkit::{ALICE, BOB, CAROL, DAY, DEPENDABOT, Fixture, START, Who, run};
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::Command;

// ---------------------------------------------------------------------------------------------
// Helpers

/// One line of `git log --numstat -M`: the path, the path before a rename, and the counts
/// (`None` for a binary file, which git shows as `-` twice).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    path: String,
    previous: Option<String>,
    counts: Option<(u32, u32)>,
}

type Numstat = BTreeMap<String, BTreeSet<Entry>>;

/// `git log --numstat -M --diff-merges=first-parent` of HEAD, per commit id (`-z` output, so
/// paths are not quoted and renames come as separate old and new paths).
fn git_numstat(repo: &Path) -> Numstat {
    let out = run(Command::new("git")
        .args([
            "log",
            "--numstat",
            "--format=%H",
            "-M",
            "--diff-merges=first-parent",
            "-z",
        ])
        .current_dir(repo));
    let mut map = Numstat::new();
    let mut current = String::new();
    let mut tokens = out.split('\0');
    while let Some(token) = tokens.next() {
        let token = token.trim_start_matches('\n');
        if token.is_empty() {
            continue;
        }
        if token.len() == 40 && token.bytes().all(|b| b.is_ascii_hexdigit()) {
            current = token.to_string();
            map.entry(current.clone()).or_default();
            continue;
        }
        let mut parts = token.splitn(3, '\t');
        let (added, removed, path) = (
            parts.next().expect("added"),
            parts.next().expect("removed"),
            parts.next().expect("path"),
        );
        let counts = (added != "-").then(|| {
            (
                added.parse().expect("added count"),
                removed.parse().expect("removed count"),
            )
        });
        let (path, previous) = if path.is_empty() {
            let old = tokens.next().expect("old path").to_string();
            (tokens.next().expect("new path").to_string(), Some(old))
        } else {
            (path.to_string(), None)
        };
        map.get_mut(&current).expect("commit seen").insert(Entry {
            path,
            previous,
            counts,
        });
    }
    map
}

/// The same shape from `read_history`.
fn our_numstat(history: &History) -> Numstat {
    history
        .commits
        .iter()
        .map(|c| {
            let entries = c
                .changes
                .iter()
                .map(|x| Entry {
                    path: x.path.clone(),
                    previous: x.previous_path.clone(),
                    counts: (!x.binary).then_some((x.added, x.removed)),
                })
                .collect();
            (c.id.clone(), entries)
        })
        .collect()
}

fn open(path: &Path) -> Repository {
    Repository::open(path, None).expect("open")
}

fn open_rev(path: &Path, rev: &str) -> Result<Repository, RepoError> {
    Repository::open(path, Some(rev))
}

fn history(repo: &Repository) -> History {
    read_history(repo, &HistoryOptions::default()).expect("read history")
}

/// Stages everything and commits with a message given as raw bytes. `git commit` would re-encode
/// a message that is not UTF-8 (as Latin-1), so the commit object is written directly.
fn commit_bytes(f: &mut Fixture, who: Who<'_>, message: &[u8]) -> String {
    let t = f.clock();
    f.set_clock(t + DAY);
    f.git(&["add", "-A"]);
    let tree = f.git(&["write-tree"]).trim().to_string();
    let parent = f.head();
    let mut object = format!(
        "tree {tree}\nparent {parent}\nauthor {n} <{e}> {t} +0000\ncommitter {n} <{e}> {t} +0000\n\n",
        n = who.name,
        e = who.email
    )
    .into_bytes();
    object.extend_from_slice(message);
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("commit");
    std::fs::write(&file, object).expect("write commit");
    let id = f.git(&[
        "hash-object",
        "-t",
        "commit",
        "-w",
        file.to_str().expect("utf-8"),
    ]);
    f.git(&["update-ref", "HEAD", id.trim()]);
    f.head()
}

/// Commits what is staged, without `git add -A` (which would drop gitlinks without a directory).
fn commit_staged(f: &mut Fixture, who: Who<'_>, message: &str) -> String {
    let t = f.clock();
    f.set_clock(t + DAY);
    f.git_as(who, t, &["commit", "-q", "--no-verify", "-m", message]);
    f.head()
}

fn numbered_lines(range: std::ops::Range<u32>) -> String {
    let mut text = String::new();
    for i in range {
        text.push_str("line ");
        text.push_str(&i.to_string());
        text.push('\n');
    }
    text
}

fn change<'a>(
    history: &'a History,
    commit: &str,
    path: &str,
) -> &'a fcto_facts::history::FileChange {
    let c = history
        .commits
        .iter()
        .find(|c| c.id == commit)
        .expect("commit in history");
    c.changes
        .iter()
        .find(|x| x.path == path)
        .unwrap_or_else(|| panic!("{path} changed in {commit}"))
}

// ---------------------------------------------------------------------------------------------
// Per-file changes against git

/// A history with every kind of change numstat distinguishes.
struct ChangesFixture {
    f: Fixture,
    noeol_gains_line: String,
    noeol_gains_newline: String,
    rename: String,
    merge: String,
    gitlink_added: String,
    gitlink_modified: String,
    gitlink_deleted: String,
    mass: String,
    binary_edit: String,
}

fn changes_fixture() -> ChangesFixture {
    let mut f = Fixture::new();
    let bin: Vec<u8> = (0u8..=255).cycle().take(3000).collect();
    f.write("a.txt", numbered_lines(0..10))
        .write("b.txt", numbered_lines(0..5))
        .write("noeol.txt", "x\ny")
        .write("bin.dat", &bin)
        .write("big.txt", numbered_lines(0..40))
        .write("crlf.txt", "one\r\ntwo\r\n");
    std::os::unix::fs::symlink("a.txt", f.path().join("link")).expect("symlink");
    f.commit(ALICE, "Initial files");

    // Edits, a deletion, a binary edit, a new symlink target, a last line gaining a line.
    let mut a = numbered_lines(0..10).replace("line 3\n", "line three\n");
    a.push_str("line 10\n");
    f.write("a.txt", &a)
        .remove("b.txt")
        .write("noeol.txt", "x\ny\nz");
    let mut bin2 = bin.clone();
    bin2[10] = 7;
    f.write("bin.dat", &bin2).write("crlf.txt", "one\ntwo\n");
    std::fs::remove_file(f.path().join("link")).expect("rm link");
    std::os::unix::fs::symlink("b-target.txt", f.path().join("link")).expect("symlink");
    let noeol_gains_line = f.commit(BOB, "Edit, delete, binary");
    let binary_edit = noeol_gains_line.clone();

    // A rename with edits, and the last line gaining its newline.
    let renamed = numbered_lines(0..40)
        .replace("line 5\n", "line five\n")
        .replace("line 30\n", "");
    f.remove("big.txt")
        .write("docs/big-renamed.txt", renamed)
        .write("noeol.txt", "x\ny\nz\n");
    let rename = f.commit(ALICE, "Move big.txt into docs");
    let noeol_gains_newline = rename.clone();

    // The last line loses its newline again.
    f.write("noeol.txt", "x\ny\nZ");
    f.commit(CAROL, "Drop the newline");

    // A merge: the side branch adds a file; main edits another; --no-ff merge.
    f.git(&["checkout", "-q", "-b", "feature"]);
    f.write("feature.txt", numbered_lines(0..3));
    f.commit(BOB, "Feature");
    f.git(&["checkout", "-q", "main"]);
    f.write("a.txt", format!("{a}line 11\n"));
    f.commit(ALICE, "Main moves on");
    let t = f.clock();
    f.set_clock(t + DAY);
    f.git_as(
        ALICE,
        t,
        &["merge", "-q", "--no-ff", "-m", "Merge feature", "feature"],
    );
    let merge = f.head();

    // Gitlinks: added, moved to another commit, then dropped by `git add -A`.
    f.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        "160000,1234567890123456789012345678901234567890,sub",
    ]);
    let gitlink_added = commit_staged(&mut f, ALICE, "Add a submodule");
    f.git(&[
        "update-index",
        "--cacheinfo",
        "160000,2234567890123456789012345678901234567890,sub",
    ]);
    let gitlink_modified = commit_staged(&mut f, ALICE, "Bump the submodule");
    f.write("c.txt", "c\n");
    let gitlink_deleted = f.commit(ALICE, "Drop the submodule");

    // Over 30 files in one commit.
    for i in 0..35 {
        f.write(&format!("gen/file{i:02}.txt"), numbered_lines(0..i + 1));
    }
    let mass = f.commit(CAROL, "Generate files");

    // A symlink replaced by a file, and a mode change only.
    std::fs::remove_file(f.path().join("link")).expect("rm link");
    f.write("link", "now a file\n");
    f.commit(BOB, "Replace the link");
    f.git(&["update-index", "--chmod=+x", "a.txt"]);
    commit_staged(&mut f, BOB, "Make a.txt executable");

    ChangesFixture {
        f,
        noeol_gains_line,
        noeol_gains_newline,
        rename,
        merge,
        gitlink_added,
        gitlink_modified,
        gitlink_deleted,
        mass,
        binary_edit,
    }
}

#[test]
fn per_file_changes_equal_git_numstat() {
    let fx = changes_fixture();
    let repo = open(fx.f.path());
    let h = history(&repo);
    let git = git_numstat(fx.f.path());
    assert_eq!(h.commits.len(), git.len(), "same commits as git log");
    assert_eq!(our_numstat(&h), git);

    // Spot checks of what the comparison covers.
    // "x\ny" -> "x\ny\nz": git removes `y` (no newline) and adds `y\n` and `z`.
    let c = change(&h, &fx.noeol_gains_line, "noeol.txt");
    assert_eq!((c.added, c.removed, c.kind), (2, 1, ChangeKind::Modified));
    // "x\ny\nz" -> "x\ny\nz\n": only the last line changes.
    let c = change(&h, &fx.noeol_gains_newline, "noeol.txt");
    assert_eq!((c.added, c.removed), (1, 1));
    let c = change(&h, &fx.noeol_gains_line, "crlf.txt");
    assert_eq!((c.added, c.removed), (2, 2));
    let c = change(&h, &fx.noeol_gains_line, "b.txt");
    assert_eq!((c.added, c.removed, c.kind), (0, 5, ChangeKind::Deleted));
    let c = change(&h, &fx.binary_edit, "bin.dat");
    assert!(c.binary);
    assert_eq!((c.added, c.removed), (0, 0));
    let c = change(&h, &fx.rename, "docs/big-renamed.txt");
    assert_eq!(c.kind, ChangeKind::Renamed);
    assert_eq!(c.previous_path.as_deref(), Some("big.txt"));
    assert_eq!((c.added, c.removed), (1, 2));
    let merge = h.commits.iter().find(|c| c.id == fx.merge).expect("merge");
    assert!(merge.is_merge());
    assert_eq!(
        merge.changes.len(),
        1,
        "a merge is diffed against its first parent"
    );
    assert_eq!(merge.changes[0].path, "feature.txt");
    assert_eq!(
        (merge.changes[0].added, merge.changes[0].kind),
        (3, ChangeKind::Added)
    );
    let sub = |id: &str| {
        let c = change(&h, id, "sub");
        (c.added, c.removed, c.kind)
    };
    assert_eq!(sub(&fx.gitlink_added), (1, 0, ChangeKind::Added));
    assert_eq!(sub(&fx.gitlink_modified), (1, 1, ChangeKind::Modified));
    assert_eq!(sub(&fx.gitlink_deleted), (0, 1, ChangeKind::Deleted));
    let mass = h
        .commits
        .iter()
        .find(|c| c.id == fx.mass)
        .expect("mass commit");
    assert_eq!(mass.changes.len(), 35);
    assert!(mass.mass);
    assert_eq!(h.commits.iter().filter(|c| c.mass).count(), 1);
    // The root commit is diffed against the empty tree.
    let root = h.commits.last().expect("root");
    assert!(root.parents.is_empty());
    assert_eq!(root.changes.len(), 7);
    assert_eq!(change(&h, &root.id, "a.txt").added, 10);
}

#[test]
fn one_thread_and_no_renames_give_the_same_counts() {
    let fx = changes_fixture();
    let repo = open(fx.f.path());
    let parallel = history(&repo);
    let single = read_history(
        &repo,
        &HistoryOptions {
            threads: 1,
            renames: true,
        },
    )
    .expect("1 thread");
    assert_eq!(our_numstat(&single), our_numstat(&parallel));

    let plain = read_history(
        &repo,
        &HistoryOptions {
            threads: 2,
            renames: false,
        },
    )
    .expect("plain");
    let rename = plain
        .commits
        .iter()
        .find(|c| c.id == fx.rename)
        .expect("rename commit");
    let kinds: Vec<(&str, ChangeKind)> = rename
        .changes
        .iter()
        .map(|c| (c.path.as_str(), c.kind))
        .collect();
    assert!(kinds.contains(&("big.txt", ChangeKind::Deleted)));
    assert!(kinds.contains(&("docs/big-renamed.txt", ChangeKind::Added)));
}

#[test]
fn many_commits_on_several_threads_equal_git() {
    // More commits than one thread's chunk, so the diffs really run in parallel.
    let mut f = Fixture::new();
    for i in 0..150u32 {
        let file = format!("src/m{}.txt", i % 7);
        let previous = std::fs::read_to_string(f.path().join(&file)).unwrap_or_default();
        // Keep the lines not ending in the digit i % 5, then append one to four new lines.
        let digit = char::from_digit(i % 5, 10).expect("digit");
        let mut text = String::new();
        for line in previous.lines().filter(|l| !l.ends_with(digit)) {
            text.push_str(line);
            text.push('\n');
        }
        text.push_str(&numbered_lines(i..i + (i % 4) + 1));
        f.write(&file, text);
        if i % 10 == 9 {
            f.remove(&file);
        }
        f.commit(if i % 2 == 0 { ALICE } else { BOB }, &format!("Change {i}"));
    }
    let repo = open(f.path());
    let h = read_history(
        &repo,
        &HistoryOptions {
            threads: 3,
            renames: true,
        },
    )
    .expect("history");
    assert_eq!(h.commits.len(), 150);
    assert_eq!(our_numstat(&h), git_numstat(f.path()));
    // Newest first, by commit time.
    assert!(
        h.commits
            .windows(2)
            .all(|w| w[0].commit_time >= w[1].commit_time)
    );
    assert_eq!(h.commits[0].subject, "Change 149");
}

#[test]
fn invalid_utf8_paths_and_messages_do_not_panic() {
    let mut f = Fixture::new();
    f.write("ok.txt", "ok\n");
    f.commit(ALICE, "First");
    let name = OsStr::from_bytes(b"caf\xe9-\xff.txt");
    std::fs::write(f.path().join(name), "one\ntwo\n").expect("write");
    let id = commit_bytes(&mut f, BOB, b"Add caf\xe9 \xff\xfe file\n\nbody \xc3\x28\n");
    let repo = open(f.path());
    let h = history(&repo);
    let c = h.commits.iter().find(|c| c.id == id).expect("commit");
    assert_eq!(c.subject, "Add caf\u{fffd} \u{fffd}\u{fffd} file");
    assert_eq!(c.changes.len(), 1);
    assert_eq!(c.changes[0].path, "caf\u{fffd}-\u{fffd}.txt");
    assert_eq!((c.changes[0].added, c.changes[0].removed), (2, 0));
    assert_eq!(our_numstat(&h), git_numstat(f.path()));
}

// ---------------------------------------------------------------------------------------------
// People, bots, mass commits, tags

#[test]
fn people_are_merged_by_mailmap_and_email() {
    let mut f = Fixture::new();
    let alice_lower = Who {
        name: "alice",
        email: "ALICE@example.com",
    };
    let bob_old = Who {
        name: "Bobby",
        email: "bob@old.example",
    };
    f.write(
        ".mailmap",
        "Robert Builder <bob@example.com>\nRobert Builder <bob@example.com> <bob@old.example>\n",
    );
    f.commit(ALICE, "Mailmap");
    for (i, who) in [
        ALICE,
        alice_lower,
        ALICE,
        BOB,
        BOB,
        bob_old,
        CAROL,
        DEPENDABOT,
    ]
    .into_iter()
    .enumerate()
    {
        f.write(&format!("f{i}.txt"), "x\n");
        f.commit(who, &format!("Commit {i}"));
    }
    let repo = open(f.path());
    let h = history(&repo);
    assert_eq!(h.people.len(), 4, "{:#?}", h.people);
    let person = |email: &str| h.people.iter().find(|p| p.email == email).expect(email);

    let alice = person("alice@example.com");
    assert_eq!(alice.name, "Alice Example", "the most frequent name");
    assert_eq!(
        alice.aliases.iter().cloned().collect::<BTreeSet<_>>(),
        BTreeSet::from([
            ("Alice Example".to_string(), "alice@example.com".to_string()),
            ("alice".to_string(), "ALICE@example.com".to_string()),
        ])
    );
    assert!(!alice.bot);

    let bob = person("bob@example.com");
    assert_eq!(
        bob.name, "Robert Builder",
        "the .mailmap name wins over the frequent one"
    );
    assert_eq!(bob.aliases.len(), 2);
    assert!(
        bob.aliases
            .contains(&("Bobby".to_string(), "bob@old.example".to_string()))
    );

    let bot = person("49699333+dependabot[bot]@users.noreply.github.com");
    assert!(bot.bot);
    assert!(!person("carol@example.com").bot);

    let newest = &h.commits[0];
    assert!(h.is_bot_commit(newest));
    assert_eq!(h.person(newest.author).name, "dependabot[bot]");
    // Every commit by either Bob identity maps to the same person.
    let bob_commits = h
        .commits
        .iter()
        .filter(|c| h.person(c.author).email == "bob@example.com")
        .count();
    assert_eq!(bob_commits, 3);
    let bob_id = h
        .commits
        .iter()
        .find(|c| c.subject == "Commit 5")
        .expect("commit 5")
        .author;
    assert_eq!(h.person(bob_id).name, "Robert Builder");
}

#[test]
fn commit_fields_are_read() {
    let mut f = Fixture::new();
    f.write("a.txt", "a\n");
    let first = f.commit(ALICE, "First line\n\nBody text");
    f.write("a.txt", "b\n");
    let second = f.commit(BOB, "Second");
    let repo = open(f.path());
    let h = history(&repo);
    assert_eq!(h.commits.len(), 2);
    let (c2, c1) = (&h.commits[0], &h.commits[1]);
    assert_eq!(
        (c2.id.as_str(), c1.id.as_str()),
        (second.as_str(), first.as_str())
    );
    assert_eq!(c2.parents, vec![first.clone()]);
    assert_eq!(c1.subject, "First line");
    assert_eq!(
        (c1.author_time, c1.commit_time, c1.author_offset),
        (START, START, 0)
    );
    assert_eq!(c2.commit_time, START + DAY);
    assert_eq!(h.person(c2.author).name, "Bob Example");
    assert_eq!(h.person(c2.committer).email, "bob@example.com");
    assert!(!h.shallow);
}

#[test]
fn mass_commits_are_flagged_by_files_and_lines() {
    let mut f = Fixture::new();
    for i in 0..30 {
        f.write(&format!("thirty/{i}.txt"), "x\n");
    }
    let thirty = f.commit(ALICE, "Thirty files");
    for i in 0..31 {
        f.write(&format!("more/{i}.txt"), "x\n");
    }
    let thirty_one = f.commit(ALICE, "Thirty-one files");
    f.write("big.txt", numbered_lines(0..5000));
    let five_thousand = f.commit(ALICE, "5000 lines");
    f.write("bigger.txt", numbered_lines(0..5001));
    let over = f.commit(ALICE, "5001 lines");
    let h = history(&open(f.path()));
    let mass = |id: &str| h.commits.iter().find(|c| c.id == id).expect("commit").mass;
    assert!(!mass(&thirty));
    assert!(mass(&thirty_one));
    assert!(!mass(&five_thousand));
    assert!(mass(&over));
}

#[test]
fn tags_are_peeled_with_tagger_or_commit_time() {
    let mut f = Fixture::new();
    f.write("a.txt", "a\n");
    let first = f.commit(ALICE, "First");
    f.write("a.txt", "b\n");
    let second = f.commit(ALICE, "Second");
    f.git(&["tag", "v0.1", &first]);
    f.git_as(
        BOB,
        START + 10 * DAY,
        &["tag", "-a", "v1.0", "-m", "Release 1.0", &second],
    );
    // A tag of a tag, a tag of a tree and a tag on a commit outside the history are left out or peeled.
    f.git_as(
        BOB,
        START + 20 * DAY,
        &["tag", "-a", "v1.0-again", "-m", "Again", "v1.0"],
    );
    f.git(&["tag", "tree-tag", "HEAD^{tree}"]);
    f.git(&["checkout", "-q", "-b", "side"]);
    f.write("side.txt", "s\n");
    let side = f.commit(CAROL, "Side");
    f.git(&["tag", "side-tag", &side]);
    f.git(&["checkout", "-q", "main"]);

    let h = history(&open(f.path()));
    let tags: Vec<(&str, &str, i64)> = h
        .tags
        .iter()
        .map(|t| (t.name.as_str(), t.commit.as_str(), t.time))
        .collect();
    assert_eq!(
        tags,
        vec![
            ("v1.0-again", second.as_str(), START + 20 * DAY),
            ("v1.0", second.as_str(), START + 10 * DAY),
            ("v0.1", first.as_str(), START),
        ]
    );
}

#[test]
fn people_are_merged_by_full_name_and_github_login() {
    let who = |name, email| Who { name, email };
    let mut f = Fixture::new();
    f.write(
        ".mailmap",
        "Julius Marminge <julius@mailmap.example> <julius0216@outlook.com>\n",
    );
    f.commit(ALICE, "Mailmap");
    let identities = [
        // Same full name, case folded: one person, the gmail address has more commits.
        who("Zach Gollwitzer", "zach@maybe.co"),
        who("zach gollwitzer", "zachgollwitzer@gmail.com"),
        who("zach gollwitzer", "zachgollwitzer@gmail.com"),
        // Outlook (mapped by .mailmap), GitHub noreply named by its login, gmail.
        who("Julius Marminge", "julius0216@outlook.com"),
        who(
            "juliusmarminge",
            "12345+juliusmarminge@users.noreply.github.com",
        ),
        who("Julius Marminge", "jm@gmail.com"),
        who("Julius Marminge", "jm@gmail.com"),
        // A noreply login equal to another email's local part, names unrelated.
        who("jd", "777+jdoe42@users.noreply.github.com"),
        who("Jane Doe", "jdoe42@corp.example"),
        // Accents, punctuation and spacing folded.
        who("José  Núñez", "jose@a.example"),
        who("jose nunez.", "jnunez@b.example"),
        // One-word names never merge across emails.
        who("Alex", "alex@one.example"),
        who("Alex", "alex@two.example"),
        who("admin", "admin@host1.example"),
        who("admin", "admin@host2.example"),
        who("ubuntu", "ubuntu@ip-10-0-0-1.example"),
        who("ubuntu", "ubuntu@ip-10-0-0-2.example"),
        // A pair's name does not link the two people's emails.
        who("Ann Lee & Bo Chen", "ann@pair.example"),
        who("Ann Lee & Bo Chen", "bo@pair.example"),
        // A bot named like a person stays a bot, apart from the person.
        who(
            "Carol Example",
            "4242+carol-helper[bot]@users.noreply.github.com",
        ),
        CAROL,
    ];
    for (i, w) in identities.into_iter().enumerate() {
        f.write(&format!("f{i}.txt"), "x\n");
        f.commit(w, &format!("Commit {i}"));
    }
    let repo = open(f.path());
    let h = history(&repo);
    let by_alias = |email: &str| {
        let found: Vec<usize> = (0..h.people.len())
            .filter(|&p| h.people[p].aliases.iter().any(|(_, e)| e == email))
            .collect();
        assert_eq!(found.len(), 1, "{email} in exactly one person");
        found[0]
    };
    let same = |emails: &[&str]| {
        let ids: BTreeSet<usize> = emails.iter().map(|e| by_alias(e)).collect();
        assert_eq!(ids.len(), 1, "{emails:?} are one person: {:#?}", h.people);
        *ids.iter().next().expect("one")
    };
    let apart = |a: &str, b: &str| assert_ne!(by_alias(a), by_alias(b), "{a} and {b}");

    let zach = h.person(same(&["zach@maybe.co", "zachgollwitzer@gmail.com"]));
    assert_eq!(
        zach.email, "zachgollwitzer@gmail.com",
        "the most used email"
    );
    assert_eq!(zach.name, "zach gollwitzer", "the most used name");

    let julius = h.person(same(&[
        "julius0216@outlook.com",
        "12345+juliusmarminge@users.noreply.github.com",
        "jm@gmail.com",
    ]));
    assert_eq!(
        julius.email, "julius@mailmap.example",
        "the .mailmap email wins"
    );
    assert_eq!(julius.name, "Julius Marminge");
    assert_eq!(julius.aliases.len(), 3);

    same(&["777+jdoe42@users.noreply.github.com", "jdoe42@corp.example"]);
    same(&["jose@a.example", "jnunez@b.example"]);
    apart("alex@one.example", "alex@two.example");
    apart("admin@host1.example", "admin@host2.example");
    apart("ubuntu@ip-10-0-0-1.example", "ubuntu@ip-10-0-0-2.example");
    apart("ann@pair.example", "bo@pair.example");

    let bot = by_alias("4242+carol-helper[bot]@users.noreply.github.com");
    apart(
        "4242+carol-helper[bot]@users.noreply.github.com",
        "carol@example.com",
    );
    assert!(h.people[bot].bot);
    assert!(!h.person(by_alias("carol@example.com")).bot);

    // Alice, Zach, Julius, Jane, José, 2 Alex, 2 admin, 2 ubuntu, Ann, Bo, the bot, Carol.
    assert_eq!(h.people.len(), 15, "{:#?}", h.people);
    // Every commit of a merged person points at it, and the order is stable.
    let julius_commits = h
        .commits
        .iter()
        .filter(|c| h.person(c.author).email == "julius@mailmap.example")
        .count();
    assert_eq!(julius_commits, 4);
    let again = history(&repo);
    assert_eq!(again.people, h.people);
    assert_eq!(h.person(h.commits[0].author).email, "carol@example.com");
}

// ---------------------------------------------------------------------------------------------
// Missing objects (partial clones)

/// The loose object file of `id`.
fn loose_object(repo: &Path, id: &str) -> std::path::PathBuf {
    repo.join(".git/objects").join(&id[..2]).join(&id[2..])
}

/// Replaces the counts of `path`'s entries in `commit` by `None` (binary), as for a missing blob.
fn without_counts(numstat: &mut Numstat, commit: &str, path: &str) {
    let entries = numstat.get_mut(commit).expect("commit");
    let entry = entries
        .iter()
        .find(|e| e.path == path)
        .cloned()
        .unwrap_or_else(|| panic!("{path} in {commit}"));
    entries.remove(&entry);
    entries.insert(Entry {
        counts: None,
        ..entry
    });
}

#[test]
fn a_missing_blob_counts_zero_and_the_rest_equals_git() {
    let mut f = Fixture::new();
    f.write("a.txt", numbered_lines(0..10))
        .write("keep.txt", numbered_lines(0..20));
    f.commit(ALICE, "First");
    f.write("lost.txt", "lost 1\nlost 2\n");
    f.write("a.txt", numbered_lines(0..12));
    f.commit(BOB, "Add lost.txt");
    f.write("lost.txt", "lost 1\nlost 2 changed\nlost 3\n");
    let modified = f.commit(BOB, "Edit lost.txt");
    let lost_blob = f.git(&["rev-parse", "HEAD:lost.txt"]).trim().to_string();
    // A deletion and an addition need the deleted blob for similarity; an exact rename does not.
    f.remove("lost.txt")
        .write("other.txt", "entirely different\ncontent here\n");
    f.remove("keep.txt")
        .write("moved/keep.txt", numbered_lines(0..20));
    let deleted = f.commit(CAROL, "Delete lost.txt, move keep.txt");
    f.write("a.txt", numbered_lines(0..13));
    f.commit(ALICE, "Last");

    let mut expected = git_numstat(f.path());
    assert!(
        expected[&deleted]
            .iter()
            .any(|e| e.previous.as_deref() == Some("keep.txt")),
        "git sees the exact rename"
    );
    without_counts(&mut expected, &modified, "lost.txt");
    without_counts(&mut expected, &deleted, "lost.txt");
    let object = loose_object(f.path(), &lost_blob);
    std::fs::remove_file(&object).expect("remove the loose blob");

    let repo = open(f.path());
    for threads in [1, 2] {
        let h = read_history(
            &repo,
            &HistoryOptions {
                threads,
                renames: true,
            },
        )
        .expect("history despite a missing blob");
        assert_eq!(h.commits.len(), 5);
        assert_eq!((h.missing_blobs, h.unreadable_commits), (1, 0));
        assert_eq!(our_numstat(&h), expected);
        let c = change(&h, &deleted, "lost.txt");
        assert_eq!((c.added, c.removed, c.binary), (0, 0, true));
        assert_eq!(c.kind, ChangeKind::Deleted);
    }
    let plain = read_history(
        &repo,
        &HistoryOptions {
            threads: 1,
            renames: false,
        },
    )
    .expect("plain history");
    assert_eq!(plain.missing_blobs, 1);
}

#[test]
fn a_missing_tree_skips_that_commit_only() {
    let mut f = Fixture::new();
    f.write("a.txt", "a\n");
    f.commit(ALICE, "First");
    f.write("dir/b.txt", "b\n");
    let broken = f.commit(BOB, "Add dir/b.txt");
    let dir_tree = f.git(&["rev-parse", "HEAD:dir"]).trim().to_string();
    // The next commit keeps dir/ unchanged, so its diff never reads that tree.
    f.write("a.txt", "a\nb\n");
    let after = f.commit(ALICE, "Edit a.txt");
    std::fs::remove_file(loose_object(f.path(), &dir_tree)).expect("remove the tree");

    let h = history(&open(f.path()));
    assert_eq!(h.commits.len(), 3);
    assert_eq!(h.unreadable_commits, 1);
    let c = h
        .commits
        .iter()
        .find(|c| c.id == broken)
        .expect("commit kept");
    assert!(c.changes.is_empty());
    assert_eq!(c.subject, "Add dir/b.txt");
    assert_eq!(h.person(c.author).email, "bob@example.com");
    let c = change(&h, &after, "a.txt");
    assert_eq!((c.added, c.removed), (1, 0));
}

#[test]
fn a_blobless_partial_clone_reads_its_history() {
    let fx = changes_fixture();
    fx.f.git(&["config", "uploadpack.allowfilter", "true"]);
    let dir = tempfile::tempdir().expect("tempdir");
    let clone = dir.path().join("clone");
    run(Command::new("git").args([
        "clone",
        "-q",
        "--filter=blob:none",
        "--no-checkout",
        &format!("file://{}", fx.f.path().display()),
        clone.to_str().expect("utf-8 temp path"),
    ]));
    let full = history(&open(fx.f.path()));
    let repo = open(&clone);
    let h = read_history(&repo, &HistoryOptions::default()).expect("history of a partial clone");
    assert_eq!(h.commits.len(), full.commits.len());
    assert_eq!(h.unreadable_commits, 0);
    assert!(h.missing_blobs > 10, "{}", h.missing_blobs);
    assert_eq!(h.people, full.people);
    // Every path git touches in each commit is there; exact renames are still found.
    let touched = |h: &History| -> BTreeMap<String, BTreeSet<String>> {
        h.commits
            .iter()
            .map(|c| {
                let paths = c
                    .changes
                    .iter()
                    .flat_map(|x| std::iter::once(x.path.clone()).chain(x.previous_path.clone()))
                    .collect();
                (c.id.clone(), paths)
            })
            .collect()
    };
    assert_eq!(touched(&h), touched(&full));
    // Gitlinks need no blob: their counts stay.
    let c = change(&h, &fx.gitlink_modified, "sub");
    assert_eq!((c.added, c.removed, c.binary), (1, 1, false));
    let c = change(&h, &fx.binary_edit, "a.txt");
    assert_eq!((c.added, c.removed, c.binary), (0, 0, true));
}

// ---------------------------------------------------------------------------------------------
// Opening

#[test]
fn paths_fcto_cannot_work_on_are_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("missing");
    assert!(
        matches!(Repository::open(&missing, None), Err(RepoError::NotFound(p)) if p == missing)
    );
    let file = dir.path().join("file.txt");
    std::fs::write(&file, "x").expect("write");
    assert!(matches!(
        Repository::open(&file, None),
        Err(RepoError::NotADirectory(_))
    ));
    assert!(matches!(
        Repository::open(&file.join("below"), None),
        Err(RepoError::NotFound(_))
    ));
}

#[test]
fn unreadable_directory_is_an_error_unless_root() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).expect("mkdir");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let result = Repository::open(&locked, None);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod back");
    if is_root() {
        // Root lists any directory.
        assert_eq!(result.expect("root reads it").kind, RepoKind::Directory);
    } else {
        assert!(matches!(result, Err(RepoError::Unreadable { .. })));
    }
}

#[test]
fn a_plain_directory_is_inventory_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("main.py"), "print(1)\n").expect("write");
    let repo = open(dir.path());
    assert_eq!(repo.kind, RepoKind::Directory);
    assert!(repo.git.is_none() && repo.commit.is_none() && repo.branch.is_none());
    assert_eq!(repo.root, dir.path().canonicalize().expect("canonical"));
    assert!(matches!(
        open_rev(dir.path(), "main"),
        Err(RepoError::RevWithoutGit { rev, .. }) if rev == "main"
    ));
}

#[test]
fn a_subdirectory_or_a_corrupt_git_dir_is_a_plain_directory() {
    let mut f = Fixture::new();
    f.write("src/lib.rs", "fn a() {}\n");
    f.commit(ALICE, "One");
    assert_eq!(
        open(&f.path().join("src")).kind,
        RepoKind::Directory,
        "no discovery upwards"
    );

    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join(".git/objects")).expect("mkdir");
    std::fs::write(dir.path().join(".git/HEAD"), "garbage").expect("write");
    std::fs::write(dir.path().join("a.txt"), "a\n").expect("write");
    let repo = open(dir.path());
    assert_eq!(repo.kind, RepoKind::Directory);
    assert!(repo.git.is_none());

    // A well-formed git directory whose HEAD names a missing commit.
    let dir = tempfile::tempdir().expect("tempdir");
    for sub in [".git/objects", ".git/refs/heads"] {
        std::fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
    }
    std::fs::write(
        dir.path().join(".git/HEAD"),
        "1234567890123456789012345678901234567890\n",
    )
    .expect("write");
    assert_eq!(open(dir.path()).kind, RepoKind::Directory);
}

#[test]
fn an_empty_repository_has_no_commit() {
    let f = Fixture::new();
    let repo = open(f.path());
    assert_eq!(repo.kind, RepoKind::WorkTree);
    assert!(repo.git.is_some());
    assert_eq!(repo.commit, None);
    assert_eq!(repo.commit_time, None);
    assert_eq!(repo.branch.as_deref(), Some("main"));
    assert!(!repo.reads_tree_from_git());
    // `collect` does not read history without a commit; read_history copes anyway.
    let h = history(&repo);
    assert!(h.commits.is_empty() && h.people.is_empty() && h.tags.is_empty());
    assert!(matches!(
        open_rev(f.path(), "main"),
        Err(RepoError::UnknownRev { .. })
    ));
}

#[test]
fn a_work_tree_opens_at_head_on_its_branch() {
    let mut f = Fixture::new();
    f.write("a.txt", "a\n");
    f.commit(ALICE, "One");
    let head = f.commit(ALICE, "Two");
    let repo = open(f.path());
    assert_eq!(repo.kind, RepoKind::WorkTree);
    assert_eq!(repo.commit.map(|c| c.to_string()), Some(head));
    assert_eq!(repo.branch.as_deref(), Some("main"));
    assert_eq!(repo.commit_time, Some(START + DAY));
    assert!(!repo.shallow);
    assert!(repo.submodules.is_empty());
    assert_eq!(repo.root, f.path().canonicalize().expect("canonical"));
}

#[test]
fn a_bare_clone_opens_as_bare() {
    let mut f = Fixture::new();
    f.write("a.txt", "a\n");
    let head = f.commit(ALICE, "One");
    let (_keep, bare) = f.bare_clone();
    let repo = open(&bare);
    assert_eq!(repo.kind, RepoKind::Bare);
    assert_eq!(repo.commit.map(|c| c.to_string()), Some(head.clone()));
    assert_eq!(repo.branch.as_deref(), Some("main"));
    assert!(repo.reads_tree_from_git());
    let h = history(&repo);
    assert_eq!(h.commits.len(), 1);
    assert_eq!(h.commits[0].id, head);

    // A work tree's `.git` directory given directly: files come from git, like a bare repository.
    let repo = open(&f.path().join(".git"));
    assert_eq!(repo.kind, RepoKind::Bare);
    assert_eq!(repo.commit.map(|c| c.to_string()), Some(head));
}

#[test]
fn a_shallow_clone_reads_the_history_it_has() {
    let mut f = Fixture::new();
    for i in 0..5 {
        f.write("a.txt", numbered_lines(0..i + 1));
        f.write(&format!("f{i}.txt"), "x\n");
        f.commit(ALICE, &format!("Commit {i}"));
    }
    let (_keep, clone) = f.shallow_clone(2);
    let repo = open(&clone);
    assert!(repo.shallow);
    let h = history(&repo);
    assert!(h.shallow);
    assert_eq!(h.commits.len(), 2);
    let boundary = &h.commits[1];
    assert!(
        boundary.parents.is_empty(),
        "the boundary commit shows no parents, as in git log"
    );
    // Diffed against the empty tree: every file of that commit is added.
    assert_eq!(boundary.changes.len(), 5);
    assert!(boundary.changes.iter().all(|c| c.kind == ChangeKind::Added));
    assert_eq!(change(&h, &boundary.id, "a.txt").added, 4);
    assert_eq!(our_numstat(&h), git_numstat(&clone));
}

#[test]
fn a_detached_head_has_no_branch() {
    let mut f = Fixture::new();
    f.write("a.txt", "a\n");
    let first = f.commit(ALICE, "One");
    f.write("a.txt", "b\n");
    f.commit(ALICE, "Two");
    f.git(&["checkout", "-q", "--detach", &first]);
    let repo = open(f.path());
    assert_eq!(repo.branch, None);
    assert_eq!(repo.commit.map(|c| c.to_string()), Some(first));
    assert_eq!(history(&repo).commits.len(), 1);
}

#[test]
fn submodules_come_from_gitlinks_and_gitmodules() {
    let mut f = Fixture::new();
    f.write(
        ".gitmodules",
        "[submodule \"lib\"]\n\tpath = vendor/lib\n\turl = https://example.invalid/lib.git\n",
    );
    f.git(&["add", ".gitmodules"]);
    f.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        "160000,1234567890123456789012345678901234567890,deps/sub",
    ]);
    commit_staged(&mut f, ALICE, "Submodules");
    let repo = open(f.path());
    assert_eq!(
        repo.submodules,
        vec!["deps/sub".to_string(), "vendor/lib".to_string()]
    );
}

/// Commits on 2024-01-01, -02, -03, -04 (00:00 UTC), tagged and branched.
fn dated_fixture() -> (Fixture, Vec<String>) {
    let mut f = Fixture::new();
    let mut ids = Vec::new();
    for i in 0..4 {
        f.write("a.txt", format!("{i}\n"));
        ids.push(f.commit(ALICE, &format!("Day {i}")));
    }
    f.git(&["tag", "light", &ids[1]]);
    f.git_as(
        BOB,
        START + 9 * DAY,
        &["tag", "-a", "v1.0", "-m", "Release", &ids[2]],
    );
    f.git(&["branch", "old", &ids[0]]);
    (f, ids)
}

#[test]
fn rev_resolves_tags_ids_branches_and_expressions() {
    let (f, ids) = dated_fixture();
    let resolved = |rev: &str| {
        let repo = open_rev(f.path(), rev).unwrap_or_else(|e| panic!("{rev}: {e}"));
        assert_eq!(repo.branch, None, "no branch with --rev");
        assert_eq!(repo.rev.as_deref(), Some(rev));
        repo.commit.expect("commit").to_string()
    };
    assert_eq!(
        resolved("v1.0"),
        ids[2],
        "annotated tag peeled to its commit"
    );
    assert_eq!(resolved("light"), ids[1]);
    assert_eq!(resolved(&ids[1][..7]), ids[1], "short id");
    assert_eq!(resolved(&ids[3]), ids[3], "full id");
    assert_eq!(resolved("old"), ids[0], "branch");
    assert_eq!(resolved("HEAD~3"), ids[0]);
    let repo = open_rev(f.path(), "v1.0").expect("open");
    assert_eq!(repo.commit_time, Some(START + 2 * DAY));
    assert!(repo.reads_tree_from_git());
    assert_eq!(
        history(&repo).commits.len(),
        3,
        "history up to the resolved commit"
    );
}

#[test]
fn rev_resolves_dates_to_the_last_commit_strictly_before() {
    let (f, ids) = dated_fixture();
    let at = |rev: &str| open_rev(f.path(), rev).map(|r| r.commit.expect("commit").to_string());
    // Midnight of 2024-01-02 is exactly the second commit's time: strictly before means the first.
    assert_eq!(at("2024-01-02").expect("date"), ids[0]);
    assert_eq!(at("2024-01-02T00:00:01Z").expect("date"), ids[1]);
    assert_eq!(at("2024-01-02T01:00:01+01:00").expect("date"), ids[1]);
    assert_eq!(at("2024-01-03T12:30").expect("date"), ids[2]);
    assert_eq!(at("2030-01-01").expect("date"), ids[3]);
    assert!(matches!(
        at("2024-01-01"),
        Err(RepoError::DateBeforeHistory { .. })
    ));
    assert!(matches!(
        at("2023-06-30"),
        Err(RepoError::DateBeforeHistory { .. })
    ));
    assert!(
        matches!(at("no-such-thing"), Err(RepoError::UnknownRev { rev }) if rev == "no-such-thing")
    );
    assert!(matches!(
        at("2024-02-30"),
        Err(RepoError::UnknownRev { .. })
    ));
}

#[test]
fn dates_follow_the_first_parent_line() {
    // A side branch with an older commit merged later: the date resolves along main only.
    let mut f = Fixture::new();
    f.write("a.txt", "a\n");
    let base = f.commit(ALICE, "Base"); // day 0
    f.git(&["checkout", "-q", "-b", "side"]);
    f.write("s.txt", "s\n");
    f.commit(BOB, "Side"); // day 1
    f.git(&["checkout", "-q", "main"]);
    f.set_clock(START + 3 * DAY);
    f.write("a.txt", "b\n");
    f.commit(ALICE, "Main"); // day 3
    let t = f.clock();
    f.set_clock(t + DAY);
    f.git_as(ALICE, t, &["merge", "-q", "--no-ff", "-m", "Merge", "side"]); // day 4
    let repo = open_rev(f.path(), "2024-01-03").expect("date");
    assert_eq!(
        repo.commit.map(|c| c.to_string()),
        Some(base),
        "the side commit of day 1 is not on the main line"
    );
}

fn is_root() -> bool {
    run(Command::new("id").arg("-u")).trim() == "0"
}

#[test]
fn a_repository_owned_by_another_user_opens() {
    if !is_root() {
        return; // Only root can give a directory away.
    }
    let mut f = Fixture::new();
    f.write("a.txt", numbered_lines(0..3));
    f.commit(ALICE, "One");
    f.write("a.txt", numbered_lines(0..4));
    let head = f.commit(BOB, "Two");
    let (_keep, bare) = f.bare_clone();
    run(Command::new("chown")
        .args(["-R", "65534:65534"])
        .arg(f.path())
        .arg(&bare));
    for (path, kind) in [
        (f.path(), RepoKind::WorkTree),
        (bare.as_path(), RepoKind::Bare),
    ] {
        let repo = open(path);
        assert_eq!(repo.kind, kind);
        assert_eq!(repo.commit.map(|c| c.to_string()), Some(head.clone()));
        let h = history(&repo);
        assert_eq!(h.commits.len(), 2);
        assert_eq!(
            (
                h.commits[0].changes[0].added,
                h.commits[0].changes[0].removed
            ),
            (1, 0)
        );
    }
}
