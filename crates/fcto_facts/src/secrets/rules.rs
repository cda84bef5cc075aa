//! The secret rules: data in `rules/*.toml` (embedded at build time), each rule written from the
//! provider's documented token format, with examples that must be found and counter-examples
//! that must not (`tests` below runs them all). A user adds rules in gitleaks' config format
//! (`RuleSet::with_gitleaks_config`).

use regex::bytes::{Regex, RegexBuilder};
use serde::Deserialize;

/// What kind of credential a rule finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Cloud,
    SourceHosting,
    Payment,
    Messaging,
    Ai,
    Database,
    PrivateKey,
    Jwt,
    ConnectionString,
    Service,
    Generic,
}

/// How bad a live credential of this kind is in the wrong hands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

/// How sure a match is a real credential: a provider's own format, or a secret-looking value
/// assigned to a secret-looking name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    High,
    Low,
}

/// A checksum some formats carry, verified before a match is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Checksum {
    /// GitHub's and npm's tokens: a 4-character prefix, the random part, and the CRC32 of the
    /// random part in 6 base62 digits (0-9A-Za-z).
    Crc32Base62,
    /// A JSON Web Token: three base64url parts, the first a JSON header naming its `alg`.
    Jwt,
}

/// One rule as written in `rules/*.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    id: String,
    name: String,
    provider: String,
    category: Category,
    severity: Severity,
    #[serde(default = "high")]
    confidence: Confidence,
    /// Lowercase words of which one must occur in the text for the rule to run.
    keywords: Vec<String>,
    regex: String,
    /// The capture group holding the secret; 0 is the whole match.
    #[serde(default)]
    secret_group: Option<usize>,
    /// The secret's least Shannon entropy in bits per character.
    #[serde(default)]
    entropy: Option<f64>,
    #[serde(default)]
    checksum: Option<Checksum>,
    /// A secret matching this is a test-mode or publishable credential: reported as low.
    #[serde(default)]
    low_when: Option<String>,
    /// Where the format is documented.
    docs: String,
    examples: Vec<String>,
    counter_examples: Vec<String>,
}

fn high() -> Confidence {
    Confidence::High
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    rule: Vec<RuleSpec>,
}

/// A compiled rule.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub name: String,
    pub provider: String,
    pub category: Category,
    pub severity: Severity,
    pub confidence: Confidence,
    pub keywords: Vec<String>,
    pub(crate) regex: Regex,
    pub(crate) secret_group: usize,
    pub(crate) entropy: Option<f64>,
    pub(crate) checksum: Option<Checksum>,
    pub(crate) low_when: Option<Regex>,
    pub docs: String,
    /// Whether the rule comes from the user's gitleaks config.
    pub custom: bool,
    /// Texts the rule finds, and texts it must not (checked by the tests).
    pub examples: Vec<String>,
    pub counter_examples: Vec<String>,
}

/// A problem in a rule file: which rule and what is wrong.
#[derive(Debug, thiserror::Error)]
#[error("{source_name}: {message}")]
pub struct RuleError {
    pub source_name: String,
    pub message: String,
}

/// The built-in rule files, in the order their rules are tried.
const BUILTIN: &[(&str, &str)] = &[
    ("cloud.toml", include_str!("rules/cloud.toml")),
    (
        "source_hosting.toml",
        include_str!("rules/source_hosting.toml"),
    ),
    ("payment.toml", include_str!("rules/payment.toml")),
    ("messaging.toml", include_str!("rules/messaging.toml")),
    ("ai.toml", include_str!("rules/ai.toml")),
    ("databases.toml", include_str!("rules/databases.toml")),
    ("keys.toml", include_str!("rules/keys.toml")),
    ("services.toml", include_str!("rules/services.toml")),
    ("generic.toml", include_str!("rules/generic.toml")),
];

pub(crate) fn compile_regex(pattern: &str) -> Result<Regex, regex::Error> {
    // Go/RE2 classes are ASCII; Unicode classes cost 80x the compile time (dependencies.md §5).
    RegexBuilder::new(pattern)
        .unicode(false)
        .size_limit(1 << 22)
        .build()
}

fn compile(spec: RuleSpec, source_name: &str) -> Result<Rule, RuleError> {
    let error = |message: String| RuleError {
        source_name: source_name.to_string(),
        message: format!("rule `{}`: {message}", spec.id),
    };
    let regex = compile_regex(&spec.regex).map_err(|e| error(format!("regex: {e}")))?;
    let low_when = spec
        .low_when
        .as_deref()
        .map(compile_regex)
        .transpose()
        .map_err(|e| error(format!("low_when: {e}")))?;
    let secret_group = secret_group(&regex, spec.secret_group).map_err(error)?;
    if spec.keywords.is_empty()
        || spec
            .keywords
            .iter()
            .any(|k| k.is_empty() || *k != k.to_ascii_lowercase())
    {
        return Err(error(
            "keywords must be non-empty and lowercase".to_string(),
        ));
    }
    if spec.examples.is_empty() || spec.counter_examples.is_empty() {
        return Err(error(
            "needs at least one example and one counter-example".to_string(),
        ));
    }
    Ok(Rule {
        id: spec.id,
        name: spec.name,
        provider: spec.provider,
        category: spec.category,
        severity: spec.severity,
        confidence: spec.confidence,
        keywords: spec.keywords,
        regex,
        secret_group,
        entropy: spec.entropy,
        checksum: spec.checksum,
        low_when,
        docs: spec.docs,
        custom: false,
        examples: spec.examples,
        counter_examples: spec.counter_examples,
    })
}

/// The capture group holding the secret: the one given, else the first group when the regex
/// has one, else the whole match; an error when the regex has no such group.
pub(crate) fn secret_group(regex: &Regex, given: Option<usize>) -> Result<usize, String> {
    let group = given.unwrap_or(usize::from(regex.captures_len() > 1));
    if group >= regex.captures_len() {
        return Err(format!(
            "secret group {group} but the regex has {} group(s)",
            regex.captures_len() - 1
        ));
    }
    Ok(group)
}

/// Reads one rule file.
pub(crate) fn read_rule_file(source_name: &str, text: &str) -> Result<Vec<Rule>, RuleError> {
    let file: RuleFile = toml::from_str(text).map_err(|e| RuleError {
        source_name: source_name.to_string(),
        message: e.to_string(),
    })?;
    file.rule
        .into_iter()
        .map(|spec| compile(spec, source_name))
        .collect()
}

/// The built-in rules.
pub(crate) fn builtin_rules() -> Vec<Rule> {
    let mut rules = Vec::new();
    for (name, text) in BUILTIN {
        match read_rule_file(name, text) {
            Ok(r) => rules.extend(r),
            // The built-in files are checked by the tests; a broken one is a bug in fcto.
            Err(e) => panic!("built-in secret rules: {e}"),
        }
    }
    rules
}
