//! The complexity trend of a file, read from the history's blobs at past quarter ends.

use fcto_facts::analysis::analysed_file_histories;
use fcto_facts::analysis::trend::{QUARTER_DAYS, complexity_trend, growth};
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

    let facts = collect(
        f.path(),
        &CollectOptions {
            history: true,
            syntax: true,
            ..CollectOptions::default()
        },
    )
    .expect("facts");
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
