//! Change coupling (`analysis::coupling`) on fixture repositories with pinned authors and dates:
//! degrees computed by hand with Code Maat's formula, each default threshold at its boundary,
//! renames, merges, bots and the time window.

use fcto_facts::analysis::analysed_file_histories;
use fcto_facts::analysis::coupling::{CoupledPair, CouplingOptions, change_coupling};
use fcto_facts::{CollectOptions, collect};
use fcto_testkit::{ALICE, BOB, DAY, DEPENDABOT, Fixture, START, Who, run};
use std::process::Command;

/// A fixture whose commits each change a set of Rust files to new contents.
struct Repo {
    fixture: Fixture,
    version: u32,
}

impl Repo {
    fn new() -> Repo {
        Repo {
            fixture: Fixture::new(),
            version: 0,
        }
    }

    /// Rewrites `path` with a new value; the other 20 lines stay, so a rename is detected.
    fn write(&mut self, path: &str) {
        self.version += 1;
        let mut text = String::new();
        for i in 0..20 {
            text.push_str(&format!("pub fn helper_{i}() -> u32 {{ {i} }}\n"));
        }
        text.push_str(&format!("pub fn value() -> u32 {{ {} }}\n", self.version));
        self.fixture.write(path, text);
    }

    /// One commit by Alice changing `paths`; returns its id.
    fn change(&mut self, paths: &[&str]) -> String {
        self.change_as(ALICE, paths)
    }

    fn change_as(&mut self, who: Who<'_>, paths: &[&str]) -> String {
        for p in paths {
            self.write(p);
        }
        self.fixture.commit(who, "change")
    }

    /// `n` commits changing `paths`, oldest first.
    fn changes(&mut self, n: usize, paths: &[&str]) -> Vec<String> {
        (0..n).map(|_| self.change(paths)).collect()
    }

    fn coupling(&self, options: &CouplingOptions) -> Vec<CoupledPair> {
        let facts = collect(
            self.fixture.path(),
            &CollectOptions {
                history: true,
                ..CollectOptions::default()
            },
        )
        .expect("collect");
        let history = facts.history.as_ref().expect("history");
        let histories = analysed_file_histories(history, &facts.inventory);
        change_coupling(history, &facts.inventory, &histories, options)
    }

    /// Commits `git log` lists for `path` (with `--follow` when asked), merges left out.
    fn git_revisions(&self, path: &str, follow: bool) -> usize {
        let mut args = vec!["log", "--no-merges", "--format=%H"];
        if follow {
            args.push("--follow");
        }
        args.extend(["--", path]);
        run(Command::new("git")
            .args(&args)
            .current_dir(self.fixture.path()))
        .lines()
        .count()
    }
}

fn find<'a>(pairs: &'a [CoupledPair], a: &str, b: &str) -> Option<&'a CoupledPair> {
    pairs.iter().find(|p| p.path == a && p.coupled == b)
}

#[test]
fn degree_is_shared_revisions_over_the_average_truncated() {
    let mut r = Repo::new();
    // a.rs changes 10 times, b.rs 8 times, 6 of them together: 6 / avg(10, 8) = 66.7 % → 66.
    // c.rs changes with a.rs 3 times only: under 5 shared revisions, not a pair.
    let together = r.changes(6, &["src/a.rs", "src/b.rs"]);
    r.changes(1, &["src/a.rs"]);
    r.changes(3, &["src/a.rs", "src/c.rs"]);
    r.changes(2, &["src/b.rs"]);
    r.changes(3, &["src/c.rs"]);
    let pairs = r.coupling(&CouplingOptions::default());

    let ab = find(&pairs, "src/a.rs", "src/b.rs").expect("a-b coupled");
    assert_eq!(
        (
            ab.degree,
            ab.shared_revisions,
            ab.revisions,
            ab.coupled_revisions
        ),
        (66, 6, 10, 8)
    );
    // The revision counts are git's.
    assert_eq!(r.git_revisions("src/a.rs", false), 10);
    assert_eq!(r.git_revisions("src/b.rs", false), 8);
    // Examples are the three newest shared commits, newest first.
    let newest: Vec<String> = together.iter().rev().take(3).cloned().collect();
    assert_eq!(ab.examples, newest);
    assert_eq!(ab.shared_commits.len(), 6);
    assert_eq!(pairs.len(), 1, "{pairs:#?}");
}

#[test]
fn pairs_are_sorted_by_degree_then_shared_revisions() {
    let mut r = Repo::new();
    r.changes(5, &["x.rs", "y.rs"]); // 100 %, 5 shared
    r.changes(8, &["p.rs", "q.rs"]); // 100 %, 8 shared
    r.changes(6, &["m.rs", "n.rs"]);
    r.changes(2, &["m.rs"]); // 6 / avg(8, 6) = 85 %
    let pairs = r.coupling(&CouplingOptions::default());
    let order: Vec<(&str, u32, u32)> = pairs
        .iter()
        .map(|p| (p.path.as_str(), p.degree, p.shared_revisions))
        .collect();
    assert_eq!(
        order,
        vec![("p.rs", 100, 8), ("x.rs", 100, 5), ("m.rs", 85, 6)]
    );
}

#[test]
fn five_shared_revisions_pass_and_four_do_not() {
    let mut r = Repo::new();
    r.changes(5, &["five/a.rs", "five/b.rs"]);
    // Four shared out of 6 revisions each: average 6 and 66 % pass, only the shared count fails.
    r.changes(4, &["four/a.rs", "four/b.rs"]);
    r.changes(2, &["four/a.rs"]);
    r.changes(2, &["four/b.rs"]);
    let pairs = r.coupling(&CouplingOptions::default());
    let five = find(&pairs, "five/a.rs", "five/b.rs").expect("5 shared revisions");
    assert_eq!((five.degree, five.shared_revisions), (100, 5));
    assert!(
        find(&pairs, "four/a.rs", "four/b.rs").is_none(),
        "{pairs:#?}"
    );
    // Lowering the threshold lets the second pair in, with its hand-computed degree.
    let four = CouplingOptions {
        min_shared_revs: 4,
        ..CouplingOptions::default()
    };
    let pairs = r.coupling(&four);
    let p = find(&pairs, "four/a.rs", "four/b.rs").expect("4 shared revisions");
    assert_eq!((p.degree, p.revisions, p.coupled_revisions), (66, 6, 6));
}

#[test]
fn a_changeset_of_thirty_files_counts_and_thirty_one_does_not() {
    let mut r = Repo::new();
    r.changes(5, &["e.rs", "f.rs"]);
    let fillers: Vec<String> = (0..29).map(|i| format!("filler/f{i:02}.rs")).collect();
    // e.rs, f.rs and 28 others: 30 files, counted.
    let mut thirty: Vec<&str> = vec!["e.rs", "f.rs"];
    thirty.extend(fillers[..28].iter().map(String::as_str));
    let counted = r.change(&thirty);
    // e.rs, f.rs and 29 others: 31 files, ignored for the pair and for each file's revisions.
    let mut thirty_one: Vec<&str> = vec!["e.rs", "f.rs"];
    thirty_one.extend(fillers.iter().map(String::as_str));
    r.change(&thirty_one);
    let pairs = r.coupling(&CouplingOptions::default());
    let ef = find(&pairs, "e.rs", "f.rs").expect("coupled");
    assert_eq!(
        (ef.shared_revisions, ef.revisions, ef.coupled_revisions),
        (6, 6, 6)
    );
    assert_eq!(ef.examples[0], counted);
    // The fillers changed together twice only (once counted): no pair among them.
    assert_eq!(pairs.len(), 1, "{pairs:#?}");
}

#[test]
fn thirty_percent_passes_and_just_under_does_not() {
    let mut r = Repo::new();
    // g.rs and h.rs: 6 shared of 20 revisions each, 6 / 20 = exactly 30 %.
    r.changes(6, &["g.rs", "h.rs"]);
    r.changes(14, &["g.rs"]);
    r.changes(14, &["h.rs"]);
    // i.rs 20 revisions, j.rs 21, 6 shared: 6 / 20.5 = 29.3 %.
    r.changes(6, &["i.rs", "j.rs"]);
    r.changes(14, &["i.rs"]);
    r.changes(15, &["j.rs"]);
    let pairs = r.coupling(&CouplingOptions::default());
    let gh = find(&pairs, "g.rs", "h.rs").expect("30 % is enough");
    assert_eq!(
        (gh.degree, gh.revisions, gh.coupled_revisions),
        (30, 20, 20)
    );
    assert!(find(&pairs, "i.rs", "j.rs").is_none(), "{pairs:#?}");
    let lower = CouplingOptions {
        min_coupling: 29,
        ..CouplingOptions::default()
    };
    assert_eq!(
        find(&r.coupling(&lower), "i.rs", "j.rs").map(|p| p.degree),
        Some(29)
    );
}

#[test]
fn min_revs_applies_to_the_average_of_the_pair() {
    let mut r = Repo::new();
    // Both files change only in their 4 shared commits: average 4, under 5.
    r.changes(4, &["k.rs", "l.rs"]);
    let options = CouplingOptions {
        min_shared_revs: 4,
        ..CouplingOptions::default()
    };
    assert!(r.coupling(&options).is_empty());
    // l.rs changes twice more: average (4 + 6) / 2 = 5 passes; 4 / 5 = 80 %.
    r.changes(2, &["l.rs"]);
    let pairs = r.coupling(&options);
    assert_eq!(
        find(&pairs, "k.rs", "l.rs").map(|p| (p.degree, p.revisions, p.coupled_revisions)),
        Some((80, 4, 6))
    );
}

#[test]
fn a_renamed_file_keeps_its_revisions_under_the_old_name() {
    let mut r = Repo::new();
    r.changes(3, &["lib/old.rs", "web/view.rs"]);
    // The rename alone, contents unchanged: git -M sees a 100 % rename.
    r.fixture.git(&["mv", "lib/old.rs", "lib/new.rs"]);
    r.fixture.commit(ALICE, "rename");
    r.changes(3, &["lib/new.rs", "web/view.rs"]);
    let pairs = r.coupling(&CouplingOptions::default());
    // new.rs: 3 + 1 + 3 = 7 revisions, view.rs 6, shared 6: 6 / 6.5 = 92 %.
    let p = find(&pairs, "lib/new.rs", "web/view.rs").expect("followed through the rename");
    assert_eq!(
        (
            p.degree,
            p.shared_revisions,
            p.revisions,
            p.coupled_revisions
        ),
        (92, 6, 7, 6)
    );
    assert_eq!(r.git_revisions("lib/new.rs", true), 7);
    assert!(pairs.iter().all(|p| p.path != "lib/old.rs"));
}

#[test]
fn merges_and_bot_commits_are_not_counted() {
    let mut r = Repo::new();
    r.change(&["a.rs"]);
    r.fixture.git(&["checkout", "-q", "-b", "feature"]);
    r.changes(5, &["a.rs", "b.rs"]);
    r.fixture.git(&["checkout", "-q", "main"]);
    r.change(&["c.rs"]);
    // The merge's changes against its first parent repeat a.rs and b.rs.
    let t = r.fixture.clock();
    r.fixture.git_as(
        BOB,
        t,
        &["merge", "-q", "--no-ff", "-m", "merge", "feature"],
    );
    r.fixture.set_clock(t + DAY);
    // A bot changing both once more.
    r.change_as(DEPENDABOT, &["a.rs", "b.rs"]);
    let pairs = r.coupling(&CouplingOptions::default());
    // a.rs: 1 + 5 = 6 revisions, b.rs 5, shared 5: 5 / 5.5 = 90 % (counting the merge and the
    // bot would give 8, 7, 7 and 93 %).
    let p = find(&pairs, "a.rs", "b.rs").expect("coupled");
    assert_eq!(
        (
            p.degree,
            p.shared_revisions,
            p.revisions,
            p.coupled_revisions
        ),
        (90, 5, 6, 5)
    );
}

#[test]
fn the_time_window_limits_every_count() {
    let mut r = Repo::new();
    r.changes(5, &["a.rs", "b.rs"]);
    let since = START + 400 * DAY;
    r.fixture.set_clock(since);
    r.changes(5, &["a.rs", "b.rs"]);
    r.changes(2, &["a.rs"]);
    let all = r.coupling(&CouplingOptions::default());
    // Everything: a.rs 12, b.rs 10, shared 10: 10 / 11 = 90 %.
    let p = find(&all, "a.rs", "b.rs").expect("coupled");
    assert_eq!((p.degree, p.revisions, p.coupled_revisions), (90, 12, 10));
    // Since the second year: a.rs 7, b.rs 5, shared 5: 5 / 6 = 83 %.
    let recent = CouplingOptions {
        since: Some(since),
        ..CouplingOptions::default()
    };
    let pairs = r.coupling(&recent);
    let p = find(&pairs, "a.rs", "b.rs").expect("coupled");
    assert_eq!(
        (
            p.degree,
            p.shared_revisions,
            p.revisions,
            p.coupled_revisions
        ),
        (83, 5, 7, 5)
    );
    // One day later the first recent commit falls out: 4 shared, no pair.
    let later = CouplingOptions {
        since: Some(since + 1),
        ..CouplingOptions::default()
    };
    assert!(r.coupling(&later).is_empty());
    // Up to just before the second year: the first 5 commits only.
    let before = CouplingOptions {
        until: Some(since - 1),
        ..CouplingOptions::default()
    };
    let pairs = r.coupling(&before);
    assert_eq!(
        find(&pairs, "a.rs", "b.rs").map(|p| (p.degree, p.shared_revisions)),
        Some((100, 5))
    );
}
