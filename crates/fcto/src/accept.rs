//! Accepted findings: a baseline file of fingerprints with reasons (`.fcto-baseline.toml`,
//! `--baseline FILE`), and comments on a finding's line (`fcto:ignore`, or for secrets
//! `gitleaks:allow` / `fcto:allow-secret`). Accepted findings leave the findings, the scores and
//! the actions, and are counted and listed apart with their reason.

use fcto_facts::Repository;
use fcto_facts::secrets::ALLOW_MARKERS;
use fcto_model::{AcceptedFinding, Finding, Note};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// The file name looked for at the repository root.
pub const BASELINE_FILE: &str = ".fcto-baseline.toml";

/// The inline marker accepting any finding on its line (or on the line below it):
/// `fcto:ignore`, optionally followed by rule codes and a reason after `--`.
pub const IGNORE_MARKER: &str = "fcto:ignore";

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    #[serde(default)]
    pub accepted: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The finding's fingerprint (`fingerprint` in the JSON report).
    pub fingerprint: String,
    /// The rule, for the reader; when given it must match too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Why the team accepts it.
    pub reason: String,
    /// The finding's message when the baseline was written, for the reader.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// Reads a baseline file; the error says what is wrong and where.
pub fn read_baseline(path: &Path) -> Result<Baseline, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("the baseline `{}` could not be read: {e}", path.display()))?;
    let baseline: Baseline = toml::from_str(&text).map_err(|e| {
        format!(
            "the baseline `{}` is not valid: {}",
            path.display(),
            e.to_string().replace('\n', " ").trim()
        )
    })?;
    for (i, entry) in baseline.accepted.iter().enumerate() {
        if entry.reason.trim().is_empty() {
            return Err(format!(
                "the baseline `{}`: entry {} (fingerprint {}) has no reason; say why it is accepted",
                path.display(),
                i + 1,
                entry.fingerprint
            ));
        }
    }
    Ok(baseline)
}

/// A baseline accepting every finding, for `--write-baseline`: the entries of the baseline in
/// use with the reasons the team gave, then the findings that stand, with a reason to replace.
pub fn baseline_of(
    findings: &[Finding],
    accepted: &[AcceptedFinding],
    date: &str,
) -> Result<String, toml::ser::Error> {
    let entry = |f: &Finding, reason: String| Entry {
        fingerprint: f.fingerprint.clone(),
        rule: Some(f.rule.clone()),
        reason,
        message: Some(f.message.clone()),
    };
    let baseline = Baseline {
        accepted: accepted
            .iter()
            .filter(|a| a.how == "baseline")
            .map(|a| entry(&a.finding, a.reason.clone()))
            .chain(findings.iter().map(|f| {
                entry(
                    f,
                    format!("accepted as it stood on {date}; replace with the real reason"),
                )
            }))
            .collect(),
    };
    Ok(format!(
        "# Findings the team accepts, by fingerprint: fcto keeps them out of the findings, the\n\
         # scores and the actions, and counts them apart. Each needs a reason.\n\n{}",
        toml::to_string_pretty(&baseline)?
    ))
}

/// Splits the findings into those that stand and those accepted by the baseline or a comment on
/// their line; notes say what of the baseline no longer matches.
pub fn split(
    findings: Vec<Finding>,
    baseline: Option<(&Path, &Baseline)>,
    repo: &Repository,
) -> (Vec<Finding>, Vec<AcceptedFinding>, Vec<Note>) {
    let entries: &[Entry] = baseline.map_or(&[], |(_, b)| &b.accepted);
    // fingerprint → index of its entry
    let by_fingerprint: HashMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.fingerprint.as_str(), i))
        .collect();
    let mut used = vec![false; entries.len()];
    let mut files: HashMap<String, Option<Vec<String>>> = HashMap::new();
    let mut kept = Vec::new();
    let mut accepted = Vec::new();
    for mut f in findings {
        if let Some(acceptance) = f.accepted.take() {
            accepted.push(AcceptedFinding {
                finding: f,
                how: acceptance.how,
                reason: acceptance.reason,
            });
            continue;
        }
        if let Some(&i) = by_fingerprint.get(f.fingerprint.as_str())
            && entries[i]
                .rule
                .as_deref()
                .is_none_or(|r| r.eq_ignore_ascii_case(&f.rule))
        {
            used[i] = true;
            let entry = &entries[i];
            accepted.push(AcceptedFinding {
                finding: f,
                how: "baseline".to_string(),
                reason: entry.reason.clone(),
            });
            continue;
        }
        match inline_reason(&f, repo, &mut files) {
            Some(reason) => accepted.push(AcceptedFinding {
                finding: f,
                how: "inline".to_string(),
                reason,
            }),
            None => kept.push(f),
        }
    }
    let mut notes = Vec::new();
    if let Some((path, b)) = baseline {
        let stale: Vec<&str> = b
            .accepted
            .iter()
            .zip(&used)
            .filter(|(_, u)| !**u)
            .map(|(e, _)| e.fingerprint.as_str())
            .collect();
        if !stale.is_empty() {
            notes.push(Note::info(format!(
                "{} entr{} of the baseline `{}` no longer match any finding ({}): the problems \
                 were fixed or changed; remove them.",
                stale.len(),
                if stale.len() == 1 { "y" } else { "ies" },
                path.display(),
                stale.iter().take(5).copied().collect::<Vec<_>>().join(", ")
            )));
        }
    }
    (kept, accepted, notes)
}

/// The reason a comment on the finding's primary line (or the line above it) gives for
/// accepting it, if one does.
fn inline_reason(
    f: &Finding,
    repo: &Repository,
    files: &mut HashMap<String, Option<Vec<String>>>,
) -> Option<String> {
    let evidence = f.evidence.first()?;
    let (path, line) = (evidence.path.as_deref()?, evidence.line? as usize);
    if line == 0 {
        return None;
    }
    let lines = files
        .entry(path.to_string())
        .or_insert_with(|| {
            repo.read_file(path).map(|b| {
                String::from_utf8_lossy(&b)
                    .lines()
                    .map(str::to_string)
                    .collect()
            })
        })
        .as_ref()?;
    let here = lines.get(line - 1)?;
    if f.rule.starts_with("SEC")
        && let Some(marker) = ALLOW_MARKERS.iter().find(|m| here.contains(**m))
    {
        return Some(format!("accepted on its line (`{marker}`)"));
    }
    let candidates = [Some(here), line.checked_sub(2).and_then(|i| lines.get(i))];
    for text in candidates.into_iter().flatten() {
        if let Some(reason) = ignore_comment(text, &f.rule) {
            return Some(reason);
        }
    }
    None
}

/// `fcto:ignore [CODES] [-- reason]` in `text`, when it applies to `rule`: the reason given,
/// or a default one.
fn ignore_comment(text: &str, rule: &str) -> Option<String> {
    let at = text.find(IGNORE_MARKER)?;
    let rest = &text[at + IGNORE_MARKER.len()..];
    let (codes, reason) = match rest.split_once("--") {
        Some((c, r)) => (c, r.trim().trim_end_matches("*/").trim()),
        None => (rest, ""),
    };
    let codes: Vec<&str> = codes
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|c| !c.is_empty() && c.chars().all(|x| x.is_ascii_alphanumeric() || x == '-'))
        .collect();
    if !codes.is_empty()
        && !codes.iter().any(|c| {
            c.eq_ignore_ascii_case(rule)
                || rule
                    .to_ascii_uppercase()
                    .starts_with(&c.to_ascii_uppercase())
        })
    {
        return None;
    }
    Some(if reason.is_empty() {
        format!("accepted by `{IGNORE_MARKER}` on its line")
    } else {
        reason.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::ignore_comment;

    #[test]
    fn ignore_comments_name_rules_and_reasons() {
        assert_eq!(
            ignore_comment("x = 1  # fcto:ignore", "QUA005").as_deref(),
            Some("accepted by `fcto:ignore` on its line")
        );
        assert_eq!(
            ignore_comment(
                "// fcto:ignore QUA005 -- generated parser, not ours",
                "QUA005"
            )
            .as_deref(),
            Some("generated parser, not ours")
        );
        assert_eq!(ignore_comment("# fcto:ignore SEC001", "QUA005"), None);
        assert_eq!(
            ignore_comment("/* fcto:ignore qua,SEC -- vendored */", "QUA006").as_deref(),
            Some("vendored")
        );
        assert_eq!(ignore_comment("nothing here", "QUA005"), None);
    }
}
