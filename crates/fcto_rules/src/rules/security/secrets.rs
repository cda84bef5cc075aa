//! SEC-01: secrets in the current code; SEC-02: secrets still in the git history.

use crate::components::date;
use crate::{Analysis, Emitter};
use fcto_facts::analysis::test_code::is_test_path;
use fcto_facts::inventory::FileSecret;
use fcto_facts::secrets::{self, Confidence, Rule, RuleSet};
use fcto_model::{Evidence, RuleDocs, Severity};
use std::collections::BTreeMap;

pub const DOCS_CODE: RuleDocs = RuleDocs {
    what: "Scans every text file of the assessed tree with fcto's secret rules: one rule per \
           documented credential format (cloud, source hosting, payment, messaging, AI \
           providers, databases, private keys, JWT signing secrets, connection strings), checked \
           against the format's checksum where it has one, and a generic rule for secret-looking \
           values assigned to secret-looking names (entropy and placeholder filtered, lower \
           confidence). Placeholders (`example`, `xxxx`, `changeme`, `${VAR}`, `process.env.X`) \
           and providers' documented example keys are never reported. One finding per secret, \
           with every place it appears; the secret is shown masked (first and last 4 \
           characters). Test-mode keys (`sk_test_`) are low; generic matches in test code are \
           left out.",
    why: "Anyone who sees the code (a contractor, a leaked laptop, a public fork) can use these \
          keys to spend your money or read your customers' data.",
    how_to_fix: "Revoke the key at the provider and issue a new one (removing it from the code is \
                 not enough: it is in the history), then read it from the environment or a \
                 secret manager. Add the file pattern to `.gitignore` and a pre-commit secret \
                 scan so it does not happen again.",
    options: "None.",
};

pub const DOCS_HISTORY: RuleDocs = RuleDocs {
    what: "Scans every blob reachable from any ref (branches, tags, remote branches, the stash) \
           exactly once with the same rules as SEC-01, and reports the secrets the assessed \
           commit no longer holds: each with the commit, author and date that first added it and \
           every path that held it.",
    why: "Deleting a key from the code does not remove it from the history; anyone with a copy \
          of the repository can still find and use it until the key is changed.",
    how_to_fix: "Revoke and replace each key at its provider; that is the fix. Rewriting the \
                 history (git filter-repo) only helps once every copy and fork is replaced, so \
                 treat it as optional.",
    options: "None.",
};

/// The severity of a secret of `rule`: the rule's, low for a test-mode key, at most medium for
/// the generic rule.
fn severity(rule: &Rule, test_mode: bool) -> Severity {
    if test_mode {
        return Severity::Low;
    }
    let s = match rule.severity {
        secrets::Severity::Critical => Severity::Critical,
        secrets::Severity::High => Severity::High,
        secrets::Severity::Medium => Severity::Medium,
        secrets::Severity::Low => Severity::Low,
    };
    if rule.confidence == Confidence::Low {
        s.min(Severity::Medium)
    } else {
        s
    }
}

fn what(rule: &Rule, secret: &str, test_mode: bool) -> String {
    let masked = secrets::mask(secret);
    if rule.confidence == Confidence::Low {
        return format!(
            "a possible secret `{masked}` ({})",
            rule.name.to_lowercase()
        );
    }
    if test_mode {
        format!("{} (test mode) `{masked}`", rule.name)
    } else {
        format!("{} `{masked}`", rule.name)
    }
}

/// The fingerprint key: the rule and the masked secret (the secret itself never goes into a
/// report, not even hashed: a weak password's hash could be reversed).
fn key(rule: &Rule, secret: &str) -> String {
    format!("{} {}", rule.id, secrets::mask(secret))
}

fn rules_of<'a>(a: &Analysis<'a>) -> Option<&'a RuleSet> {
    a.facts.secrets.as_ref().map(|s| s.rules)
}

pub fn check_code(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let Some(rules) = rules_of(a) else { return };
    // (rule, secret) → places
    // (rule, secret, accepted on its line) → places: the places marked `gitleaks:allow` make a
    // finding of their own, which the report counts as accepted.
    let mut places: BTreeMap<(usize, &str, bool), Vec<&FileSecret>> = BTreeMap::new();
    for s in &a.facts.inventory.secrets {
        let rule = &rules.rules[s.rule];
        if rule.confidence == Confidence::Low && is_test_path(&s.path) {
            continue;
        }
        places
            .entry((s.rule, s.secret.as_str(), s.allowed))
            .or_default()
            .push(s);
    }
    for ((r, secret, allowed), at) in places {
        let rule = &rules.rules[r];
        let test_mode = at.iter().all(|p| p.test_mode);
        let (path, line) = (&at[0].path, at[0].line);
        let mut message = format!(
            "{} is in `{path}` line {line}",
            capitalise(&what(rule, secret, test_mode))
        );
        if at.len() > 1 {
            message.push_str(&format!(" and {} other place(s)", at.len() - 1));
        }
        let evidence = at
            .iter()
            .take(10)
            .map(|p| {
                Evidence::line(&p.path, p.line)
                    .with_note(format!("{} ({})", rule.provider, rule.id))
            })
            .collect();
        let mut key = key(rule, secret);
        if allowed {
            key.push_str(" allowed");
        }
        e.report_with(severity(rule, test_mode), message, evidence, &key);
    }
}

pub fn check_history(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let Some(rules) = rules_of(a) else { return };
    let Some(history) = a.facts.secrets.as_ref().and_then(|s| s.history.as_ref()) else {
        return;
    };
    for s in history.secrets.iter().filter(|s| !s.in_head) {
        let rule = &rules.rules[s.rule];
        if rule.confidence == Confidence::Low && s.paths.iter().all(|p| is_test_path(p)) {
            continue;
        }
        let short = &s.commit[..s.commit.len().min(10)];
        let message = format!(
            "{} was added to `{}` in commit {short} by {} on {} and is no longer in the code, \
             but still in the history",
            capitalise(&what(rule, &s.secret, s.test_mode)),
            s.path,
            s.author_name,
            date(s.author_time)
        );
        let mut evidence = vec![Evidence::line(&s.path, s.line).with_note(format!(
            "first added in {short} by {} <{}> on {}",
            s.author_name,
            s.author_email,
            date(s.author_time)
        ))];
        evidence.extend(
            s.paths
                .iter()
                .filter(|p| **p != s.path)
                .take(9)
                .map(|p| Evidence::file(p).with_note("also held it in some version")),
        );
        e.report_with(
            severity(rule, s.test_mode),
            message,
            evidence,
            &key(rule, &s.secret),
        );
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
