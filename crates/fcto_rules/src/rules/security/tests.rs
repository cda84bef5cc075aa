//! SEC rules on facts that make them fire and on facts that must not.

use crate::testing::{DAY, NOW, World, run_on};
use fcto_model::Severity;

// Made-up tokens with a valid GitHub checksum (fcto_facts' secrets/rules/source_hosting.toml).
const PAT: &str = "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"; // gitleaks:allow
const REFRESH: &str = "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"; // gitleaks:allow

#[test]
fn sec001_one_finding_per_secret_with_every_place_and_the_secret_masked() {
    let w = World::new()
        .text_file(
            "config/settings.py",
            &format!("DEBUG = False\nGITHUB_TOKEN = '{PAT}'\n"),
        )
        .text_file("scripts/deploy.sh", &format!("export GH={PAT}\n"))
        .text_file("ops/refresh.env", &format!("REFRESH={REFRESH}\n"));
    let f = run_on("SEC001", w);
    assert_eq!(f.len(), 2, "{f:?}");
    let pat = f
        .iter()
        .find(|x| x.message.contains("personal access token"))
        .unwrap();
    assert_eq!(
        pat.message,
        "GitHub personal access token (classic) `ghp_…m1IL (40 characters)` is in \
         `config/settings.py` line 2 and 1 other place(s)"
    );
    assert_eq!(pat.severity, Severity::Critical);
    assert_eq!(pat.evidence.len(), 2);
    assert_eq!(pat.evidence[1].path.as_deref(), Some("scripts/deploy.sh"));
    let refresh = f
        .iter()
        .find(|x| x.message.contains("refresh token"))
        .unwrap();
    assert_eq!(refresh.severity, Severity::High);
    // never the whole secret, anywhere in the findings
    let all = format!("{f:?}");
    assert!(!all.contains(PAT) && !all.contains(REFRESH));
}

#[test]
fn sec001_is_silent_on_placeholders_and_invalid_checksums() {
    let w = World::new()
        .text_file(
            "README.md",
            "Set GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
        )
        .text_file(
            "a.py",
            "print('ghp_8qRtZHjQMhuOzE95B9EgE0VrbBGI09QYNdaK')\n",
        )
        .text_file("b.py", "token = os.environ['GITHUB_TOKEN']\n");
    let f = run_on("SEC001", w);
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn sec002_reports_secrets_gone_from_the_code_with_who_added_them() {
    let w = World::new()
        .secret_scan()
        .history_secret(
            "old/config.py",
            &format!("TOKEN = '{PAT}'\n"),
            "Bob Example",
            NOW - 400 * DAY,
            false,
        )
        .history_secret(
            "ops/refresh.env",
            &format!("REFRESH={REFRESH}\n"),
            "Alice Example",
            NOW - 10 * DAY,
            true,
        );
    let f = run_on("SEC002", w);
    // the refresh token is still in the code: SEC001's, not SEC002's
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(
        f[0].message.starts_with(
            "GitHub personal access token (classic) `ghp_…m1IL (40 characters)` was added to \
             `old/config.py` in commit "
        ),
        "{}",
        f[0].message
    );
    assert!(
        f[0].message.contains("by Bob Example on 2023-11-28"),
        "{}",
        f[0].message
    );
    assert_eq!(f[0].severity, Severity::Critical);
    assert!(!format!("{f:?}").contains(PAT));
}

#[test]
fn sec002_does_not_run_without_history() {
    let w = World::new()
        .history_secret(
            "old/config.py",
            &format!("TOKEN = '{PAT}'\n"),
            "Bob Example",
            NOW - 400 * DAY,
            false,
        )
        .without_history();
    assert!(run_on("SEC002", w).is_empty());
}

#[test]
fn sec003_credential_files_in_the_tree_and_in_the_history() {
    let mut w = World::new()
        .text_file(".env.production", &format!("GITHUB_TOKEN={PAT}\n"))
        .text_file(".env.example", "GITHUB_TOKEN=\n")
        .text_file(
            "certs/ca.pem",
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        )
        .text_file("infra/terraform.tfstate", "{\"version\": 4}\n")
        .text_file("tests/fixtures/client.p12", "");
    w.commit(
        "Bob Example",
        NOW - 300 * DAY,
        &[("config/master.key", 1), ("app.py", 10)],
    );
    let f = run_on("SEC003", w);
    let messages: Vec<(&str, Severity)> =
        f.iter().map(|x| (x.message.as_str(), x.severity)).collect();
    assert_eq!(messages.len(), 4, "{messages:?}");
    assert!(messages.contains(&(
        "An environment file is committed: `.env.production` (1 secret found in it)",
        Severity::Critical
    )));
    assert!(messages.contains(&(
        "A Terraform state is committed: `infra/terraform.tfstate`",
        Severity::Critical
    )));
    assert!(messages.contains(&(
        "A keystore is committed: `tests/fixtures/client.p12`",
        Severity::Low
    )));
    let gone = f.iter().find(|x| x.message.contains("master.key")).unwrap();
    assert!(
        gone.message.starts_with(
            "A Rails master key was committed in the past: `config/master.key`, added in"
        ),
        "{}",
        gone.message
    );
    assert!(gone.message.contains("by Bob Example"), "{}", gone.message);
    assert_eq!(gone.severity, Severity::High);

    // an environment file of development defaults is a habit to fix, not a leak
    let w = World::new().text_file(
        "examples/.env",
        "DEBUG=true\nDATABASE_URL=postgresql://postgres:@localhost/app\n",
    );
    let f = run_on("SEC003", w);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::Low);
    assert_eq!(
        f[0].message,
        "An environment file is committed: `examples/.env` (no secret found in it)"
    );
}
