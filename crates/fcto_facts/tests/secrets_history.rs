//! The history scan of secrets against fixture repositories with pinned authors and dates.

use fcto_facts::Repository;
use fcto_facts::secrets::{RuleSet, scan_history};
use fcto_testkit::{ALICE, BOB, CAROL, DAY, Fixture, START};

// Made-up tokens with a valid GitHub checksum (see secrets/rules/source_hosting.toml).
const REMOVED: &str = "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"; // gitleaks:allow
const KEPT: &str = "ghs_JXVuLkSIc47WQAmL9xVQ2zg4mZaouq416qWT"; // gitleaks:allow
const BRANCH: &str = "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"; // gitleaks:allow

#[test]
fn secrets_are_traced_to_the_commit_that_added_them_on_any_branch() {
    let mut f = Fixture::new();
    f.write("app.py", "print('hello')\n");
    f.commit_at(ALICE, "start", START);
    f.write("config.py", format!("DEBUG = True\nTOKEN = '{REMOVED}'\n"));
    let added = f.commit_at(BOB, "add config", START + DAY);
    // the same file changed again: a second blob holding the same secret
    f.write("config.py", format!("DEBUG = False\nTOKEN = '{REMOVED}'\n"));
    f.commit_at(ALICE, "no debug", START + 2 * DAY);
    f.write("config.py", "DEBUG = False\nTOKEN = os.environ['TOKEN']\n");
    f.commit_at(ALICE, "token from the environment", START + 3 * DAY);
    f.write("deploy/ci.env", format!("INSTALL_TOKEN={KEPT}\n"));
    let kept = f.commit_at(CAROL, "ci", START + 4 * DAY);
    // a branch that was never merged
    f.git(&["checkout", "-q", "-b", "experiment"]);
    f.write("scratch.txt", format!("try {BRANCH}\n"));
    let branch = f.commit_at(BOB, "experiment", START + 5 * DAY);
    f.git(&["checkout", "-q", "main"]);

    let repo = Repository::open(f.path(), None).unwrap();
    let rules = RuleSet::builtin();
    let history = scan_history(&repo, rules).unwrap();
    assert_eq!(history.commits, 6);
    let find = |secret: &str| {
        history
            .secrets
            .iter()
            .find(|s| s.secret == secret)
            .unwrap_or_else(|| panic!("{secret} not found in {:?}", history.secrets))
    };
    assert_eq!(history.secrets.len(), 3, "{:?}", history.secrets);

    let removed = find(REMOVED);
    assert_eq!(rules.rules[removed.rule].id, "github-pat");
    assert_eq!(removed.commit, added);
    assert_eq!(removed.author_name, "Bob Example");
    assert_eq!(removed.author_time, START + DAY);
    assert_eq!((removed.path.as_str(), removed.line), ("config.py", 2));
    assert!(!removed.in_head);

    let kept_secret = find(KEPT);
    assert_eq!(kept_secret.commit, kept);
    assert_eq!(kept_secret.path, "deploy/ci.env");
    assert!(kept_secret.in_head);

    let on_branch = find(BRANCH);
    assert_eq!(on_branch.commit, branch);
    assert!(!on_branch.in_head, "HEAD is main, which never had it");
    // six commits' blobs, each scanned once: app.py, two config.py with the token, one
    // without, ci.env, scratch.txt
    assert_eq!(history.blobs_scanned, 6);
}

#[test]
fn a_directory_without_git_has_no_history_to_scan() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "nothing\n").unwrap();
    let repo = Repository::open(dir.path(), None).unwrap();
    let history = scan_history(&repo, RuleSet::builtin()).unwrap();
    assert!(history.secrets.is_empty());
    assert_eq!(history.commits, 0);
}
