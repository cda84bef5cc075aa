//! The complexity trend of a file, read from the history's blobs at past quarter ends.

use fcto_facts::analysis::analysed_file_histories;
use fcto_facts::analysis::trend::{QUARTER_DAYS, complexity_trend, growth, lines_introduced};
use fcto_facts::{CollectOptions, collect};
use fcto_testkit::{ALICE, DAY, Fixture, START};

/// A Python function with `n` sequential `if`s: cyclomatic 1 + n.
fn branches(n: usize) -> String {
    let mut s = String::from("def decide(x):\n    total = 0\n");
    for i in 0..n {
        s.push_str(&format!("    if x > {i}:\n        total += {i}\n"));
    }
    s.push_str("    return total\n");
    s
}

/// The fixture's facts with history and syntax.
fn facts_of(f: &Fixture) -> fcto_facts::Facts {
    collect(
        f.path(),
        &CollectOptions {
            history: true,
            syntax: true,
            ..CollectOptions::default()
        },
    )
    .expect("facts")
}

#[test]
fn complexity_at_each_quarter_end_follows_renames() {
    let mut f = Fixture::new();
    let q = QUARTER_DAYS * DAY;
    // Created before the first quarter end with 2 branches, renamed in the second quarter,
    // growing every quarter; another file created in the last quarter.
    f.write("src/rules.py", branches(2));
    f.commit_at(ALICE, "rules", START + 10 * DAY);
    f.write("src/rules.py", branches(4));
    f.commit_at(ALICE, "more rules", START + q + 10 * DAY);
    f.git_as(
        ALICE,
        START + q + 20 * DAY,
        &["mv", "src/rules.py", "src/policy.py"],
    );
    f.commit_at(ALICE, "rename", START + q + 20 * DAY);
    f.write("src/policy.py", branches(7));
    f.commit_at(ALICE, "even more", START + 2 * q + 10 * DAY);
    f.write("src/policy.py", branches(9));
    f.write("src/late.py", branches(1));
    f.commit_at(ALICE, "latest", START + 3 * q + 10 * DAY);

    let facts = facts_of(&f);
    let history = facts.history.as_ref().expect("history");
    let histories = analysed_file_histories(history, &facts.inventory);
    let as_of = START + 3 * q + 20 * DAY;
    let trend = complexity_trend(
        &facts.repo,
        history,
        &histories,
        &facts.inventory,
        &["src/policy.py", "src/late.py"],
        as_of,
        4,
    );
    let policy: Vec<Option<u64>> = trend["src/policy.py"]
        .iter()
        .map(|p| p.complexity)
        .collect();
    // as_of − 4q is before the first commit; then 3 (2 ifs), 5 (4 ifs, under the old name),
    // 8, and 10 now.
    assert_eq!(policy, vec![None, Some(3), Some(5), Some(8), Some(10)]);
    assert_eq!(growth(&trend["src/policy.py"]), Some((3, 10, true)));
    let late: Vec<Option<u64>> = trend["src/late.py"].iter().map(|p| p.complexity).collect();
    assert_eq!(late, vec![None, None, None, None, Some(2)]);
    assert_eq!(growth(&trend["src/late.py"]), Some((2, 2, false)));
}

#[test]
fn a_line_is_dated_from_the_version_that_brought_it_in_and_kept_it() {
    let mut f = Fixture::new();
    let skip = "@pytest.mark.skip(reason=\"flaky\")";
    let body = |skipped: bool, extra: &str| {
        format!(
            "import pytest\n\n{}def test_a():\n    assert True\n{extra}",
            if skipped {
                format!("{skip}\n")
            } else {
                String::new()
            }
        )
    };
    // Skipped on day 10, unskipped on day 20, skipped again on day 30 (the date that counts),
    // edited around it on day 40, renamed on day 50.
    f.write("tests/test_a.py", body(true, ""));
    f.commit_at(ALICE, "skip", START + 10 * DAY);
    f.write("tests/test_a.py", body(false, ""));
    f.commit_at(ALICE, "unskip", START + 20 * DAY);
    f.write("tests/test_a.py", body(true, ""));
    f.commit_at(ALICE, "skip again", START + 30 * DAY);
    f.write("tests/test_a.py", body(true, "\ndef test_b():\n    pass\n"));
    f.commit_at(ALICE, "more", START + 40 * DAY);
    f.git_as(
        ALICE,
        START + 50 * DAY,
        &["mv", "tests/test_a.py", "tests/test_ab.py"],
    );
    f.commit_at(ALICE, "rename", START + 50 * DAY);

    let facts = facts_of(&f);
    let history = facts.history.as_ref().expect("history");
    let histories = analysed_file_histories(history, &facts.inventory);
    let dates = lines_introduced(
        &facts.repo,
        history,
        &histories,
        "tests/test_ab.py",
        &[skip, "def test_b():", "not in the file"],
        100,
    );
    let times: Vec<Option<i64>> = dates.iter().map(|d| d.as_ref().map(|d| d.time)).collect();
    assert_eq!(
        times,
        vec![Some(START + 30 * DAY), Some(START + 40 * DAY), None]
    );
    assert!(dates.iter().flatten().all(|d| !d.capped));
    // Reading only the two newest versions: the skip is at least as old as the second.
    let capped = lines_introduced(
        &facts.repo,
        history,
        &histories,
        "tests/test_ab.py",
        &[skip],
        2,
    );
    let d = capped[0].as_ref().expect("dated");
    assert_eq!(d.time, START + 40 * DAY);
    assert!(d.capped);
}
