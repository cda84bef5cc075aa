//! The project's own accepted advisories: osv-scanner's `osv-scanner.toml`.
//!
//! ```toml
//! [[IgnoredVulns]]
//! id = "GHSA-xxxx-xxxx-xxxx"       # or a CVE or other alias
//! ignoreUntil = 2026-12-31          # optional
//! reason = "only used at build time"
//!
//! [[PackageOverrides]]
//! name = "lodash"                   # ecosystem and version optional
//! ignore = true                     # or [PackageOverrides.vulnerability] ignore = true
//! reason = "..."
//! ```

use super::Package;
use super::osv::Advisory;
use serde::Deserialize;

/// The ignores of one `osv-scanner.toml`.
#[derive(Debug, Default, Deserialize)]
pub struct Ignores {
    #[serde(rename = "IgnoredVulns", default)]
    vulnerabilities: Vec<IgnoredVuln>,
    #[serde(rename = "PackageOverrides", default)]
    packages: Vec<PackageOverride>,
}

#[derive(Debug, Deserialize)]
struct IgnoredVuln {
    id: String,
    #[serde(rename = "ignoreUntil", default)]
    until: Option<toml::value::Datetime>,
    #[serde(default)]
    reason: Option<String>,
}

#[derive(Debug, Deserialize)]
struct PackageOverride {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    ecosystem: Option<String>,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    ignore: bool,
    #[serde(default)]
    vulnerability: Option<VulnerabilityOverride>,
    #[serde(rename = "effectiveUntil", default)]
    until: Option<toml::value::Datetime>,
    #[serde(default)]
    reason: Option<String>,
}

#[derive(Debug, Deserialize)]
struct VulnerabilityOverride {
    #[serde(default)]
    ignore: bool,
}

/// Whether a TOML date (`2026-12-31` or a date-time) is still ahead of `today` (YYYY-MM-DD).
fn still_valid(until: Option<&toml::value::Datetime>, today: &str) -> bool {
    until
        .and_then(|d| d.date)
        .is_none_or(|d| d.to_string().as_str() > today)
}

fn reason_or_default(reason: Option<&String>) -> String {
    reason
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| "no reason given".to_string())
}

impl Ignores {
    /// Reads an `osv-scanner.toml`; `Err` with the parser's message when it is not valid.
    pub fn parse(text: &str) -> Result<Ignores, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// The reason `advisory` of `package` is ignored, when it is and the ignore has not
    /// expired.
    pub fn reason(&self, package: &Package, advisory: &Advisory, today: &str) -> Option<String> {
        let ids = || std::iter::once(&advisory.id).chain(&advisory.aliases);
        for v in &self.vulnerabilities {
            if still_valid(v.until.as_ref(), today)
                && ids().any(|id| id.eq_ignore_ascii_case(&v.id))
            {
                return Some(reason_or_default(v.reason.as_ref()));
            }
        }
        for o in &self.packages {
            let ignores = o.ignore || o.vulnerability.as_ref().is_some_and(|v| v.ignore);
            let matches = o.name.as_deref().is_none_or(|n| n == package.name)
                && o.ecosystem
                    .as_deref()
                    .is_none_or(|e| e.eq_ignore_ascii_case(package.ecosystem.osv_name()))
                && o.version.as_deref().is_none_or(|v| v == package.version)
                && (o.name.is_some() || o.ecosystem.is_some());
            if ignores && matches && still_valid(o.until.as_ref(), today) {
                return Some(reason_or_default(o.reason.as_ref()));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deps::osv::{AdvisoryKind, Level};
    use crate::deps::{Ecosystem, Relation};

    fn package(name: &str, version: &str) -> Package {
        Package {
            ecosystem: Ecosystem::Npm,
            name: name.to_string(),
            version: version.to_string(),
            relation: Relation::Direct,
            dev: false,
            file: "package-lock.json".to_string(),
            line: None,
        }
    }

    fn advisory(id: &str, aliases: &[&str]) -> Advisory {
        Advisory {
            id: id.to_string(),
            aliases: aliases.iter().map(|a| (*a).to_string()).collect(),
            summary: String::new(),
            kind: AdvisoryKind::Vulnerability,
            level: Level::High,
            score: None,
            rated_by: None,
            fixed_in: None,
            url: String::new(),
            published: None,
        }
    }

    #[test]
    fn ignored_vulnerabilities_by_id_or_alias_until_their_date() {
        let config = Ignores::parse(
            r#"
[[IgnoredVulns]]
id = "CVE-2021-23337"
reason = "template() is never called with user input"

[[IgnoredVulns]]
id = "GHSA-old"
ignoreUntil = 2024-01-31
reason = "expired"

[[PackageOverrides]]
name = "minimist"
ecosystem = "npm"
ignore = true
reason = "build tooling only"
"#,
        )
        .unwrap();
        let lodash = package("lodash", "4.17.20");
        let today = "2025-01-01";
        assert_eq!(
            config.reason(
                &lodash,
                &advisory("GHSA-35jh-r3h4-6jhm", &["CVE-2021-23337"]),
                today
            ),
            Some("template() is never called with user input".to_string())
        );
        assert_eq!(
            config.reason(&lodash, &advisory("GHSA-old", &[]), today),
            None,
            "expired"
        );
        assert_eq!(
            config.reason(&lodash, &advisory("GHSA-old", &[]), "2024-01-01"),
            Some("expired".to_string()),
            "not yet expired then"
        );
        assert_eq!(
            config.reason(
                &package("minimist", "1.2.0"),
                &advisory("GHSA-any", &[]),
                today
            ),
            Some("build tooling only".to_string())
        );
        assert_eq!(
            config.reason(&lodash, &advisory("GHSA-other", &[]), today),
            None
        );
        assert!(Ignores::parse("[[IgnoredVulns]]\nid = 3").is_err());
    }
}
