//! Findings: what a rule says about the repository, with evidence and a content fingerprint.

use crate::{Area, Effort, Severity};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Where a finding can be checked: a file and line, a commit, or both.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Path relative to the repository root, `/`-separated.
    pub path: Option<String>,
    /// 1-based line.
    pub line: Option<u32>,
    /// Full commit id.
    pub commit: Option<String>,
    /// What this piece of evidence shows, in a few words.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub note: Option<String>,
}

impl Evidence {
    pub fn file(path: impl Into<String>) -> Self {
        Evidence {
            path: Some(path.into()),
            ..Evidence::default()
        }
    }

    pub fn line(path: impl Into<String>, line: u32) -> Self {
        Evidence {
            path: Some(path.into()),
            line: Some(line),
            ..Evidence::default()
        }
    }

    pub fn commit(id: impl Into<String>) -> Self {
        Evidence {
            commit: Some(id.into()),
            ..Evidence::default()
        }
    }

    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// `path:line`, `path`, the short commit or the note: how the evidence is cited in text.
    pub fn location(&self) -> String {
        match (&self.path, self.line, &self.commit) {
            (Some(p), Some(l), _) => format!("{p}:{l}"),
            (Some(p), None, Some(c)) => format!("{p} @ {}", short(c)),
            (Some(p), None, None) => p.clone(),
            (None, _, Some(c)) => short(c).to_string(),
            (None, _, None) => self.note.clone().unwrap_or_default(),
        }
    }
}

fn short(commit: &str) -> &str {
    commit.get(..12).unwrap_or(commit)
}

/// One finding of one rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Rule code, e.g. `TEAM001`.
    pub rule: String,
    /// Rule name, e.g. `low-truck-factor`.
    pub name: String,
    pub area: Area,
    pub severity: Severity,
    pub effort: Effort,
    /// Specific one-line message with the numbers.
    pub message: String,
    /// Primary location first.
    pub evidence: Vec<Evidence>,
    /// Content-based identity: the same problem keeps the same fingerprint across edits.
    pub fingerprint: String,
    /// Set when the project's own configuration accepts the problem (an `osv-scanner.toml`
    /// ignore with its reason): the finding goes to the accepted ones, with this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Acceptance>,
}

/// How and why a project's own configuration accepts a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acceptance {
    /// Where it was accepted (`osv-scanner.toml`).
    pub how: String,
    pub reason: String,
}

/// The fingerprint of a finding: SHA-256 over the rule code, the primary path and a key the rule
/// derives from the content (never line numbers), as 16 hex digits.
pub fn fingerprint(rule: &str, path: Option<&str>, key: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(rule.as_bytes());
    hasher.update([0]);
    hasher.update(path.unwrap_or("").as_bytes());
    hasher.update([0]);
    let normalised: String = key.split_whitespace().collect::<Vec<_>>().join(" ");
    hasher.update(normalised.as_bytes());
    let digest = hasher.finalize();
    let mut out = String::with_capacity(16);
    for b in &digest[..8] {
        use std::fmt::Write as _;
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_ignores_whitespace_but_not_content() {
        let a = fingerprint("QUA005", Some("src/a.rs"), "huge  file");
        let b = fingerprint("QUA005", Some("src/a.rs"), "huge file\n");
        let c = fingerprint("QUA005", Some("src/b.rs"), "huge file");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 16);
    }

    #[test]
    fn evidence_location_reads_naturally() {
        assert_eq!(Evidence::line("a.rs", 3).location(), "a.rs:3");
        assert_eq!(
            Evidence::commit("0123456789abcdef0123").location(),
            "0123456789ab"
        );
    }
}
