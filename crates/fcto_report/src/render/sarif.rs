//! SARIF 2.1.0 (OASIS), for code scanning dashboards: one run, fcto as the driver with the help
//! of every rule that has a finding, one result per finding at its evidence's locations, and the
//! finding's content fingerprint as `partialFingerprints` so a dashboard tracks a problem across
//! commits.

use super::{RenderOptions, Renderer};
use fcto_model::{Assessment, Finding, Severity};
use serde_json::{Value, json};

pub(super) struct Sarif;

/// The key of fcto's fingerprint in `partialFingerprints` (versioned: a change of how
/// fingerprints are computed gets a new key).
pub const FINGERPRINT_KEY: &str = "fcto/v1";

/// SARIF's level of a severity: critical and high are errors, medium warnings, low and info
/// notes.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub code scanning's `security-severity` (0-10) for a security finding's severity.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

fn result(finding: &Finding, rule_index: Option<usize>) -> Value {
    let locations: Vec<Value> = finding
        .evidence
        .iter()
        .filter_map(|e| {
            let path = e.path.as_deref()?;
            let mut physical = json!({
                "artifactLocation": { "uri": uri(path), "uriBaseId": "%SRCROOT%" }
            });
            if let Some(line) = e.line.filter(|l| *l > 0) {
                physical["region"] = json!({ "startLine": line });
            }
            let mut location = json!({ "physicalLocation": physical });
            if let Some(note) = &e.note {
                location["message"] = json!({ "text": note });
            }
            Some(location)
        })
        .collect();
    let mut out = json!({
        "ruleId": finding.rule,
        "level": level(finding.severity),
        "message": { "text": finding.message },
        "partialFingerprints": { FINGERPRINT_KEY: finding.fingerprint },
        "properties": {
            "severity": finding.severity.as_str(),
            "effort": finding.effort.as_str(),
            "area": finding.area.as_str(),
        },
    });
    if let Some(i) = rule_index {
        out["ruleIndex"] = json!(i);
    }
    if !locations.is_empty() {
        // The first is the primary location; the others are where else it shows.
        let mut locations = locations;
        let related: Vec<Value> = locations
            .split_off(1)
            .into_iter()
            .enumerate()
            .map(|(i, mut l)| {
                l["id"] = json!(i + 1);
                l
            })
            .collect();
        out["locations"] = Value::Array(locations);
        if !related.is_empty() {
            out["relatedLocations"] = Value::Array(related);
        }
    }
    out
}

/// A relative path as a URI reference: `/`-separated, each segment percent-encoded where URIs
/// need it.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char);
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

impl Renderer for Sarif {
    fn render(&self, assessment: &Assessment, _options: &RenderOptions) -> String {
        let codes: Vec<&String> = assessment.rules.keys().collect();
        let rules: Vec<Value> = assessment
            .rules
            .iter()
            .map(|(code, brief)| {
                // the severity of the rule's worst finding
                let worst = assessment
                    .findings
                    .iter()
                    .filter(|f| &f.rule == code)
                    .map(|f| f.severity)
                    .max()
                    .unwrap_or(Severity::Info);
                let security = code.starts_with("SEC");
                let mut tags = vec![if security {
                    "security"
                } else {
                    "maintainability"
                }];
                tags.push("fcto");
                let mut properties = json!({ "tags": tags });
                if security {
                    properties["security-severity"] = json!(security_severity(worst));
                }
                let name = if brief.name.is_empty() {
                    code.as_str()
                } else {
                    brief.name.as_str()
                };
                json!({
                    "id": code,
                    "name": name,
                    "shortDescription": { "text": brief.title },
                    "fullDescription": { "text": brief.what },
                    "help": {
                        "text": format!(
                            "{}\n\nWhy it matters: {}\n\nHow to fix: {}",
                            brief.what, brief.why, brief.how_to_fix
                        ),
                        "markdown": format!(
                            "{}\n\n**Why it matters:** {}\n\n**How to fix:** {}",
                            brief.what, brief.why, brief.how_to_fix
                        ),
                    },
                    "defaultConfiguration": { "level": level(worst) },
                    "properties": properties,
                })
            })
            .collect();
        let mut results: Vec<Value> = assessment
            .findings
            .iter()
            .map(|f| result(f, codes.iter().position(|c| **c == f.rule)))
            .collect();
        // Accepted findings stay in the log, suppressed with the team's reason.
        for a in &assessment.accepted {
            let mut r = result(&a.finding, codes.iter().position(|c| **c == a.finding.rule));
            r["suppressions"] = json!([{
                "kind": if a.how == "inline" { "inSource" } else { "external" },
                "status": "accepted",
                "justification": a.reason,
            }]);
            results.push(r);
        }
        let mut run = json!({
            "tool": {
                "driver": {
                    "name": assessment.tool.name,
                    "version": assessment.tool.version,
                    "semanticVersion": assessment.tool.version,
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        });
        if let Some(head) = &assessment.repository.head {
            run["properties"] = json!({ "commit": head });
        }
        let log = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [run],
        });
        let mut out = serde_json::to_string_pretty(&log).expect("the SARIF log serialises");
        out.push('\n');
        out
    }
}
