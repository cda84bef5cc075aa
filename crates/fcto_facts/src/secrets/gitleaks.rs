//! A user's extra rules in gitleaks' config format (`.gitleaks.toml`): `[[rules]]` with `id`,
//! `description`, `regex`, `secretGroup`, `entropy`, `keywords` and an `allowlist` of
//! `regexes` and `stopwords`; the global `[allowlist]` likewise. Rules that match on paths only
//! are not supported and are reported as a problem.

use super::rules::{Category, Confidence, Rule, RuleError, Severity, compile_regex, secret_group};
use regex::bytes::Regex;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Config {
    #[serde(default)]
    rules: Vec<GitleaksRule>,
    #[serde(default)]
    allowlist: Option<Allowlist>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GitleaksRule {
    id: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    regex: Option<String>,
    #[serde(default)]
    secret_group: Option<usize>,
    #[serde(default)]
    entropy: Option<f64>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    allowlist: Option<Allowlist>,
    #[serde(default)]
    allowlists: Vec<Allowlist>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Allowlist {
    #[serde(default)]
    regexes: Vec<String>,
    #[serde(default)]
    stopwords: Vec<String>,
}

/// The rules and allowlist of a gitleaks config.
#[derive(Debug)]
pub struct GitleaksConfig {
    pub rules: Vec<Rule>,
    pub allow: Vec<Regex>,
    pub stopwords: Vec<String>,
}

/// Reads a gitleaks config; `name` says where it came from, for the errors.
pub fn read_gitleaks_config(name: &str, text: &str) -> Result<GitleaksConfig, RuleError> {
    let error = |message: String| RuleError {
        source_name: name.to_string(),
        message,
    };
    let config: Config = toml::from_str(text).map_err(|e| error(e.to_string()))?;
    let mut allow = Vec::new();
    let mut stopwords = Vec::new();
    let mut add_allowlist = |list: &Allowlist, id: &str| -> Result<(), RuleError> {
        for r in &list.regexes {
            allow.push(compile_regex(r).map_err(|e| error(format!("{id}: allowlist regex: {e}")))?);
        }
        stopwords.extend(list.stopwords.iter().cloned());
        Ok(())
    };
    if let Some(list) = &config.allowlist {
        add_allowlist(list, "allowlist")?;
    }
    let mut rules = Vec::new();
    for r in config.rules {
        let Some(pattern) = &r.regex else {
            return Err(error(format!(
                "rule `{}` has no regex: rules that match on paths only are not supported",
                r.id
            )));
        };
        let regex =
            compile_regex(pattern).map_err(|e| error(format!("rule `{}`: regex: {e}", r.id)))?;
        let secret_group = secret_group(&regex, r.secret_group)
            .map_err(|e| error(format!("rule `{}`: {e}", r.id)))?;
        // A rule's own allowlist applies to all rules here: fcto keeps one allowlist.
        for list in r.allowlist.iter().chain(&r.allowlists) {
            add_allowlist(list, &r.id)?;
        }
        let keywords: Vec<String> = r
            .keywords
            .iter()
            .map(|k| k.to_ascii_lowercase())
            .filter(|k| !k.is_empty())
            .collect();
        rules.push(Rule {
            name: r.description.clone().unwrap_or_else(|| r.id.clone()),
            provider: "custom".to_string(),
            category: Category::Generic,
            severity: Severity::High,
            confidence: Confidence::High,
            // Without keywords gitleaks runs the rule on every text; so does fcto.
            keywords,
            regex,
            secret_group,
            entropy: r.entropy,
            checksum: None,
            low_when: None,
            docs: format!("{name}: rule `{}`", r.id),
            id: r.id,
            custom: true,
            examples: Vec::new(),
            counter_examples: Vec::new(),
        });
    }
    Ok(GitleaksConfig {
        rules,
        allow,
        stopwords,
    })
}
