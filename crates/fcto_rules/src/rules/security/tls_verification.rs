//! SEC-12: TLS certificate checks switched off in HTTP clients, trust managers, scripts and
//! database connections.

use super::pattern_groups::{Judged, Place, is_development_path, judge_and_report};
use crate::{Analysis, Emitter};
use fcto_facts::code_patterns::{Pattern, PatternHit};
use fcto_model::{RuleDocs, Severity};

pub const DOCS: RuleDocs = RuleDocs {
    what: "Looks for certificate checks turned off: `verify=False` (requests, httpx, \
           Elasticsearch), `session.verify = False`, aiohttp's `ssl=False`, \
           `ssl._create_unverified_context`, `CERT_NONE`; Node's `rejectUnauthorized: false` \
           and `NODE_TLS_REJECT_UNAUTHORIZED=0` (in code, environment files, Dockerfiles, CI \
           and package scripts); Go's `InsecureSkipVerify: true` and `insecure_skip_verify: \
           true` in configuration; Rust's `danger_accept_invalid_certs(true)`; PHP's \
           `CURLOPT_SSL_VERIFYPEER`/`VERIFYHOST` off, Guzzle's `'verify' => false`, Laravel's \
           `withoutVerifying()`; `curl -k`/`--insecure`, `wget --no-check-certificate` and \
           `git http.sslVerify false` in scripts, Dockerfiles and CI; Java/Kotlin trust \
           managers with an empty `checkServerTrusted`, `TrustAllCerts`, \
           `NoopHostnameVerifier`, host-name verifiers returning `true`; .NET validation \
           callbacks returning `true` and `DangerousAcceptAnyServerCertificateValidator`; and \
           database URLs with `sslmode=disable` to a remote host (medium, to review; local \
           hosts, single-word container names, Compose, development and test files left out). \
           High in product code; low in tests, examples and docs. Note that managed Postgres \
           guides often suggest `rejectUnauthorized: false`: the fix there is to pass the \
           provider's CA certificate. One finding per file and kind of problem.",
    why: "With these checks off, anyone on the network path can read or change the data your \
          app sends, including passwords, tokens and payments.",
    how_to_fix: "Remove the switch; if the server uses a private or self-signed certificate, \
                 give the client that CA (`verify=\"/path/ca.pem\"`, `ca:` in Node, a trust \
                 store in Java, `RootCAs` in Go) instead of trusting everything. For databases \
                 use `sslmode=verify-full` with the provider's CA.",
    options: "None.",
};

const RULE: &str = "SEC012";

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    judge_and_report(a, e, RULE, |_| true, judge);
}

fn judge<'a>(hit: &'a PatternHit, pattern: &Pattern) -> Option<Judged<'a>> {
    let id = pattern.id.as_str();
    let text = hit.text.to_ascii_lowercase();
    // PyJWT's `verify=False` is SEC-11's
    if id == "py-verify-off" && text.contains("jwt") {
        return None;
    }
    let severity = match Place::of(&hit.path) {
        Place::Product => Severity::High,
        Place::Test | Place::Auxiliary => Severity::Low,
    };
    if id == "db-sslmode-disable" {
        return database(hit, severity);
    }
    let problem = if id.ends_with("-trust-all") {
        "Every TLS certificate trusted"
    } else if id == "node-tls-env-verify-off" {
        "TLS certificate checks turned off for the whole Node process"
    } else if id == "shell-verify-off" {
        "TLS certificate checks turned off on the command line"
    } else {
        "TLS certificate checks turned off"
    };
    let place = if severity == Severity::Low {
        " (test or example code)"
    } else {
        ""
    };
    Some(Judged {
        hit,
        severity,
        problem: format!("{problem}{place}"),
        note: format!(
            ": `{}`; anyone on the network path can read or change this traffic",
            first_line(&hit.text)
        ),
    })
}

/// `sslmode=disable` to a host on another machine, in a file that is not for development.
fn database(hit: &PatternHit, severity: Severity) -> Option<Judged<'_>> {
    let host = hit.value.as_deref()?.to_ascii_lowercase();
    let name = hit.path.rsplit('/').next().unwrap_or(&hit.path);
    let local = host == "localhost"
        || host.starts_with("127.")
        || host == "0.0.0.0"
        // a container or service name (`db`, `postgres`) on a private network
        || !host.contains('.')
        || [".local", ".internal", ".svc", ".localhost"]
            .iter()
            .any(|s| host.ends_with(s));
    if local
        || severity == Severity::Low
        || is_development_path(&hit.path)
        || name.contains("compose")
    {
        return None;
    }
    Some(Judged {
        hit,
        severity: Severity::Medium,
        problem: "A database connection with TLS turned off".to_string(),
        note: format!(
            ": to review: `sslmode=disable` to `{host}` sends queries and passwords unencrypted \
             unless the network is private; use `sslmode=verify-full`"
        ),
    })
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text).trim()
}
