//! SEC-03: environment and credential files committed.

use crate::components::date;
use crate::{Analysis, Emitter};
use fcto_facts::analysis::test_code::is_test_path;
use fcto_facts::history::ChangeKind;
use fcto_facts::secrets::{self, Confidence};
use fcto_model::{Evidence, RuleDocs, Severity};
use std::collections::{BTreeMap, HashSet};

pub const DOCS: RuleDocs = RuleDocs {
    what: "Looks for files that hold credentials by their nature, in the assessed tree and, with \
           the history, among the files ever added on the assessed branch: `.env` files (not \
           `.env.example`, `.sample`, `.template`, `.dist`, `.defaults`), Rails' `master.key` \
           and `credentials/*.key`, `credentials.json` and Google service-account keys, \
           keystores (`.p12`, `.pfx`, `.jks`, `.keystore`), SSH keys (`id_rsa`, `id_ed25519`...), \
           `.pypirc`, `.netrc`, `.git-credentials`, Terraform state (`.tfstate`) and `.terraform/` \
           folders; and files that hold a credential only when they say so, reported when SEC-01's \
           rules find one inside: `.pem` and `.key` files, `.npmrc`, `.yarnrc.yml`, Docker's \
           `config.json`, kubeconfigs, `.tfvars`. Critical when a live secret is inside or for \
           Terraform state; an environment file in which no secret is found (development \
           defaults), and files in test code, are low.",
    why: "These files usually contain the keys to production; once committed, everyone with the \
          code has them, and removing the file later does not remove it from the history.",
    how_to_fix: "Revoke and replace what the file holds, delete it from the repository, add its \
                 pattern to `.gitignore`, and keep such values in the environment or a secret \
                 manager (commit an `.env.example` with empty values instead). Keep Terraform \
                 state in a remote backend.",
    options: "None.",
};

const ENV: &str = "environment file";

/// What kind of credential file a path is, if it is one: (kind, needs a secret inside to count).
fn kind_of(path: &str) -> Option<(&'static str, bool)> {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let in_dir = |d: &str| lower.starts_with(&format!("{d}/")) || lower.contains(&format!("/{d}/"));
    if name == ".env" || name.ends_with(".env") || name.starts_with(".env.") {
        let example = [
            ".example",
            ".sample",
            ".template",
            ".dist",
            ".defaults",
            ".tpl",
            ".schema",
        ]
        .iter()
        .any(|s| name.ends_with(s) || name.contains(&format!("{s}.")));
        return (!example).then_some((ENV, false));
    }
    if lower.ends_with("config/master.key")
        || (in_dir("credentials")
            && name.ends_with(".key")
            && lower.contains("config/credentials/"))
    {
        return Some(("Rails master key", false));
    }
    if name == "credentials.json"
        || (name.contains("service-account")
            || name.contains("service_account")
            || name.starts_with("firebase-adminsdk"))
            && name.ends_with(".json")
    {
        return Some(("cloud credentials file", false));
    }
    if [".p12", ".pfx", ".jks", ".keystore"]
        .iter()
        .any(|e| name.ends_with(e))
    {
        return Some(("keystore", false));
    }
    if ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"].contains(&name) {
        return Some(("SSH private key", false));
    }
    if [".pypirc", ".netrc", "_netrc", ".git-credentials"].contains(&name) {
        return Some(("credentials file", false));
    }
    if name.ends_with(".tfstate") || name.ends_with(".tfstate.backup") {
        return Some(("Terraform state", false));
    }
    if in_dir(".terraform") {
        return Some(("Terraform working folder", false));
    }
    if name.ends_with(".pem") || name.ends_with(".key") {
        return Some(("key file", true));
    }
    if [".npmrc", ".yarnrc.yml", ".yarnrc"].contains(&name) {
        return Some(("package registry settings", true));
    }
    if name == "config.json" && in_dir(".docker")
        || name == "kubeconfig"
        || in_dir(".kube")
        || name.ends_with(".tfvars")
    {
        return Some(("settings with credentials", true));
    }
    None
}

/// A secret that counts as a live credential: a provider's format (not the generic rules), of
/// high severity or more, not a test-mode key.
fn is_live(rule: &secrets::Rule, test_mode: bool) -> bool {
    !test_mode && rule.confidence == Confidence::High && rule.severity >= secrets::Severity::High
}

/// "A keystore", "An environment file", "An SSH private key".
fn with_article(kind: &str) -> String {
    let an = kind.starts_with(['a', 'e', 'i', 'o', 'u']) || kind.starts_with("SSH");
    format!("{} {kind}", if an { "An" } else { "A" })
}

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    // Secrets SEC-01's rules find in each file, and whether one is live (not test mode, not
    // low confidence).
    let mut inside: BTreeMap<&str, (usize, bool)> = BTreeMap::new();
    if let Some(s) = &a.facts.secrets {
        for f in &a.facts.inventory.secrets {
            let live = is_live(&s.rules.rules[f.rule], f.test_mode);
            let entry = inside.entry(f.path.as_str()).or_default();
            entry.0 += 1;
            entry.1 |= live;
        }
    }
    let mut present: HashSet<&str> = HashSet::new();
    for f in &a.facts.inventory.files {
        present.insert(&f.path);
        let Some((kind, needs_secret)) = kind_of(&f.path) else {
            continue;
        };
        let (count, live) = inside.get(f.path.as_str()).copied().unwrap_or((0, false));
        if needs_secret && count == 0 {
            continue;
        }
        let severity = if is_test_path(&f.path) {
            Severity::Low
        } else if live || kind == "Terraform state" {
            Severity::Critical
        } else if kind == ENV && count == 0 {
            // development defaults (`DEBUG=true`, a local database): a habit to fix, no leak
            Severity::Low
        } else {
            Severity::High
        };
        let mut message = format!("{} is committed: `{}`", with_article(kind), f.path);
        if count > 0 {
            message.push_str(&format!(
                " ({count} secret{} found in it)",
                if count == 1 { "" } else { "s" }
            ));
        } else if kind == ENV {
            message.push_str(" (no secret found in it)");
        }
        e.report_with(severity, message, vec![Evidence::file(&f.path)], kind);
    }
    // Files of that kind added on the assessed branch and gone from the tree.
    let Some(history) = &a.facts.history else {
        return;
    };
    let mut seen: HashSet<&str> = HashSet::new();
    // oldest first: the commit that added each path first
    for c in history.commits.iter().rev() {
        for ch in &c.changes {
            if !matches!(ch.kind, ChangeKind::Added | ChangeKind::Renamed)
                || present.contains(ch.path.as_str())
                || !seen.insert(&ch.path)
            {
                continue;
            }
            let Some((kind, needs_secret)) = kind_of(&ch.path) else {
                continue;
            };
            // Without its contents, a file that needs a secret inside to count is left out.
            if needs_secret {
                continue;
            }
            let who = &history.person(c.author).name;
            let short = &c.id[..c.id.len().min(10)];
            // whether the history scan found a live secret in some version of the file
            let held = a.facts.secrets.as_ref().is_some_and(|s| {
                s.history.as_ref().is_some_and(|h| {
                    h.secrets.iter().any(|x| {
                        is_live(&s.rules.rules[x.rule], x.test_mode) && x.paths.contains(&ch.path)
                    })
                })
            });
            let severity = if is_test_path(&ch.path) {
                Severity::Low
            } else if kind == "Terraform state" {
                Severity::Critical
            } else if kind == ENV && !held {
                Severity::Low
            } else {
                Severity::High
            };
            e.report_with(
                severity,
                format!(
                    "{} was committed in the past: `{}`, added in {short} by {who} on {}; \
                     it is gone from the code but still in the history{}",
                    with_article(kind),
                    ch.path,
                    date(c.author_time),
                    if held { ", with secrets in it" } else { "" }
                ),
                vec![Evidence::file(&ch.path).with_note(format!("added in {short}"))],
                &format!("{kind} history"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::kind_of;

    #[test]
    fn credential_files_by_name() {
        for (path, kind) in [
            (".env", Some(("environment file", false))),
            ("api/.env.production", Some(("environment file", false))),
            ("deploy/prod.env", Some(("environment file", false))),
            (".env.example", None),
            ("web/.env.sample", None),
            (".env.local.template", None),
            ("config/master.key", Some(("Rails master key", false))),
            (
                "keys/gcp-service-account.json",
                Some(("cloud credentials file", false)),
            ),
            ("android/app/release.keystore", Some(("keystore", false))),
            ("ops/id_ed25519", Some(("SSH private key", false))),
            ("infra/terraform.tfstate", Some(("Terraform state", false))),
            (
                "infra/.terraform/providers/x",
                Some(("Terraform working folder", false)),
            ),
            ("certs/server.pem", Some(("key file", true))),
            (".npmrc", Some(("package registry settings", true))),
            ("src/environment.ts", None),
            ("docs/keys.md", None),
        ] {
            assert_eq!(kind_of(path), kind, "{path}");
        }
    }
}
