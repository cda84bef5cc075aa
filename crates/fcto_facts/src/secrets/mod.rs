//! The secret scanner: fcto's own rules (one per documented credential format, `rules/*.toml`),
//! run the way gitleaks runs its rules and dependencies.md §5 measured: an Aho-Corasick pass
//! finds the rules' keywords (ASCII, case-insensitive), and only the rules whose keyword occurs
//! run their regular expression (`regex::bytes`, Unicode classes off). Matches are then checked:
//! the format's checksum where it has one, the entropy a random secret has, and the placeholders
//! people write where a secret goes (`example`, `xxxx`, `changeme`, `${VAR}`, `process.env.X`).

mod gitleaks;
mod history;
mod rules;

pub use gitleaks::read_gitleaks_config;
pub use history::{HistorySecret, MAX_BLOB_BYTES, SecretHistory, scan_history};
pub use rules::{Category, Confidence, Rule, RuleError, Severity};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::bytes::Regex;
use std::sync::LazyLock;

/// A credential found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretMatch {
    /// Index of the rule in its `RuleSet`.
    pub rule: usize,
    /// Byte range of the secret in the text.
    pub start: usize,
    pub end: usize,
    /// 1-based line of the secret's start.
    pub line: u32,
    /// The secret as written (never print it whole: see `mask`).
    pub secret: String,
    /// A test-mode or publishable credential (`sk_test_…`): reported as low.
    pub test_mode: bool,
    /// The line says the secret is accepted: `gitleaks:allow` (gitleaks' inline marker) or
    /// `fcto:allow-secret`, usually in a comment at its end.
    pub allowed: bool,
}

/// The inline markers that accept a secret on their line.
pub const ALLOW_MARKERS: [&str; 2] = ["gitleaks:allow", "fcto:allow-secret"];

/// Compiled rules with their keyword prefilter.
#[derive(Debug)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    prefilter: AhoCorasick,
    /// Per keyword pattern: the rules that have it.
    keyword_rules: Vec<Vec<usize>>,
    /// Rules without keywords, run on every text (a user's gitleaks rules may have none).
    always: Vec<usize>,
    /// Extra allowlist of the user's config: a secret matching one is not reported.
    allow: Vec<Regex>,
    stopwords: Vec<String>,
}

static BUILTIN: LazyLock<RuleSet> =
    LazyLock::new(|| RuleSet::new(rules::builtin_rules(), Vec::new(), Vec::new()));

impl RuleSet {
    /// fcto's built-in rules.
    pub fn builtin() -> &'static RuleSet {
        &BUILTIN
    }

    /// The built-in rules and the rules of a gitleaks config (its `[[rules]]`, its allowlist's
    /// `regexes` and `stopwords`).
    pub fn with_gitleaks_config(name: &str, text: &str) -> Result<RuleSet, RuleError> {
        let config = read_gitleaks_config(name, text)?;
        let mut all = rules::builtin_rules();
        all.extend(config.rules);
        Ok(RuleSet::new(all, config.allow, config.stopwords))
    }

    fn new(rules: Vec<Rule>, allow: Vec<Regex>, stopwords: Vec<String>) -> RuleSet {
        let mut keywords: Vec<String> = Vec::new();
        let mut keyword_rules: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            if rule.keywords.is_empty() {
                always.push(i);
            }
            for k in &rule.keywords {
                if let Some(p) = keywords.iter().position(|x| x == k) {
                    keyword_rules[p].push(i);
                } else {
                    keywords.push(k.clone());
                    keyword_rules.push(vec![i]);
                }
            }
        }
        let prefilter = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&keywords)
            .expect("keywords are plain strings");
        RuleSet {
            rules,
            prefilter,
            keyword_rules,
            always,
            allow,
            stopwords: stopwords
                .into_iter()
                .map(|s| s.to_ascii_lowercase())
                .collect(),
        }
    }

    /// The credentials in `text`, in the order of their position.
    pub fn scan(&self, text: &[u8]) -> Vec<SecretMatch> {
        let mut wanted = vec![false; self.rules.len()];
        let mut any = !self.always.is_empty();
        for &r in &self.always {
            wanted[r] = true;
        }
        for m in self.prefilter.find_overlapping_iter(text) {
            for &r in &self.keyword_rules[m.pattern().as_usize()] {
                wanted[r] = true;
                any = true;
            }
        }
        if !any {
            return Vec::new();
        }
        let mut found: Vec<SecretMatch> = Vec::new();
        for (i, rule) in self.rules.iter().enumerate() {
            if !wanted[i] {
                continue;
            }
            for caps in rule.regex.captures_iter(text) {
                let Some(m) = caps.get(rule.secret_group) else {
                    continue;
                };
                let secret = m.as_bytes();
                if !self.accept(rule, secret) {
                    continue;
                }
                found.push(SecretMatch {
                    rule: i,
                    start: m.start(),
                    end: m.end(),
                    line: 0,
                    secret: String::from_utf8_lossy(secret).into_owned(),
                    test_mode: rule.low_when.as_ref().is_some_and(|l| l.is_match(secret)),
                    allowed: false,
                });
            }
        }
        // A secret found by a provider's rule is not found again by a broader one (the generic
        // assignment rule, a connection string holding a provider's key): where two matches
        // overlap, a high-confidence rule beats a low-confidence one (so a user's own rule beats
        // the generic rules), then the first rule in the files' order wins.
        let rank = |m: &SecretMatch| (self.rules[m.rule].confidence == Confidence::Low, m.rule);
        found.sort_by_key(|m| (m.start, m.rule));
        let mut kept: Vec<SecretMatch> = Vec::with_capacity(found.len());
        for m in found {
            let overlaps = |k: &SecretMatch| k.end > m.start && k.start < m.end;
            if kept.iter().any(|k| overlaps(k) && rank(k) < rank(&m)) {
                continue;
            }
            kept.retain(|k| !(overlaps(k) && rank(k) > rank(&m)));
            kept.push(m);
        }
        kept.sort_by_key(|m| (m.start, m.rule));
        let mut line = 1u32;
        let mut at = 0usize;
        for m in &mut kept {
            #[allow(clippy::naive_bytecount)] // a few matches per file: not worth a dependency
            let breaks = text[at..m.start].iter().filter(|&&c| c == b'\n').count();
            line += breaks as u32;
            at = m.start;
            m.line = line;
            let start = text[..m.start]
                .iter()
                .rposition(|&c| c == b'\n')
                .map_or(0, |p| p + 1);
            let end = text[m.end..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(text.len(), |p| m.end + p);
            let whole = &text[start..end];
            m.allowed = ALLOW_MARKERS.iter().any(|a| contains(whole, a.as_bytes()));
        }
        kept
    }

    fn accept(&self, rule: &Rule, secret: &[u8]) -> bool {
        if let Some(min) = rule.entropy
            && entropy(secret) < min
        {
            return false;
        }
        let valid = match rule.checksum {
            None => true,
            Some(rules::Checksum::Crc32Base62) => crc32_base62_valid(secret),
            Some(rules::Checksum::Jwt) => is_jwt(secret),
        };
        if !valid {
            return false;
        }
        if is_placeholder(secret) {
            return false;
        }
        if self.allow.iter().any(|a| a.is_match(secret)) {
            return false;
        }
        if !self.stopwords.is_empty() {
            let lower = secret.to_ascii_lowercase();
            if self
                .stopwords
                .iter()
                .any(|s| contains(&lower, s.as_bytes()))
            {
                return false;
            }
        }
        true
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// Shannon entropy of the bytes, in bits per byte.
pub fn entropy(s: &[u8]) -> f64 {
    if s.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in s {
        counts[b as usize] += 1;
    }
    let n = s.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

/// What people write where a secret goes, and the example keys providers document: never a
/// credential.
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    rules::compile_regex(
        r"(?i)example|sample|dummy|placeholder|changeme|change_me|change-?this|change-?it\b|replace_?me|your_|your-|<[a-z_ -]+>|xxxxx|\*\*\*\*|\$\{|\{\{|%\(|process\.env|os\.environ|getenv|env\[|redacted|insert_|_here\b|0123456789|abcdefgh|123456789",
    )
    .expect("placeholder pattern")
});

fn is_placeholder(secret: &[u8]) -> bool {
    // one character repeated (`aaaaaaaaaaaa`), or a placeholder word
    secret.iter().all(|&c| c == secret[0]) || PLACEHOLDER.is_match(secret)
}

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// GitHub's and npm's token checksum: `prefix_` (4 bytes), the random part, then the CRC32 of
/// the random part as 6 base62 digits.
fn crc32_base62_valid(token: &[u8]) -> bool {
    if token.len() < 4 + 6 + 1 {
        return false;
    }
    let (body, check) = token[4..].split_at(token.len() - 4 - 6);
    let mut value: u64 = 0;
    for &c in check {
        let Some(d) = BASE62.iter().position(|&b| b == c) else {
            return false;
        };
        value = value * 62 + d as u64;
    }
    value == u64::from(crc32fast::hash(body))
}

/// Decodes base64url (padding optional); `None` when it is not.
pub(crate) fn base64url(s: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in s {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

/// Whether the text is a JSON Web Token: `header.payload.signature`, the header a JSON object
/// with an `alg`.
fn is_jwt(token: &[u8]) -> bool {
    let mut parts = token.split(|&c| c == b'.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    if payload.is_empty() || signature.is_empty() {
        return false;
    }
    base64url(header).is_some_and(|h| h.first() == Some(&b'{') && contains(&h, b"\"alg\""))
}

/// The payload of a JSON Web Token, decoded (to tell a Supabase `service_role` key from its
/// public `anon` key).
pub fn jwt_payload(token: &str) -> Option<String> {
    let payload = token.split('.').nth(1)?;
    String::from_utf8(base64url(payload.as_bytes())?).ok()
}

/// The secret with only its first and last four characters shown (`sk_l…9xQz`); short secrets
/// show less. Never print a secret otherwise.
pub fn mask(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    let shown = match chars.len() {
        0..=7 => 0,
        8..=15 => 2,
        _ => 4,
    };
    let head: String = chars[..shown].iter().collect();
    let tail: String = chars[chars.len() - shown..].iter().collect();
    format!("{head}…{tail} ({} characters)", chars.len())
}

#[cfg(test)]
mod tests;
