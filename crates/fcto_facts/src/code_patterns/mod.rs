//! Code patterns: regular expressions for risky code and settings (weak password hashing,
//! certificate checks switched off, debug mode, CORS open to every site, SQL built from request
//! data...), kept as data in `patterns/*.toml` with examples a test runs, and applied to every
//! text file of the tree in the pass that reads it.
//!
//! Each pattern names the rule that judges its hits. A keyword prefilter (Aho-Corasick, ASCII
//! case-insensitive) decides which patterns run on a file, so the cost is one pass over the
//! bytes plus the few patterns whose words occur. A hit inside a comment is dropped: most of
//! these lines are quoted in comments as what not to do.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder};
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use std::sync::LazyLock;

/// One pattern as written in `patterns/*.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternSpec {
    id: String,
    /// The rule that reads the hits (`SEC012`).
    rule: String,
    /// What a hit means, in plain words ("TLS certificate checks are turned off").
    description: String,
    /// File extensions (lower case, no dot) or exact file names the pattern applies to; empty
    /// for every text file.
    #[serde(default)]
    files: Vec<String>,
    /// Words of which one must occur in the file (ASCII case-insensitive) for the pattern to
    /// run.
    keywords: Vec<String>,
    /// The expression, applied to the file's text with `(?m)`; a named group `value` is kept
    /// with the hit for the rule to read (a cost factor, an algorithm).
    regex: String,
    #[serde(default)]
    case_insensitive: bool,
    /// Whether a hit in a comment counts (for configuration files whose comments are
    /// settings); `false` by default.
    #[serde(default)]
    in_comments: bool,
    /// Lines that must match, with the file name they are read as after `=>` when `files`
    /// restricts it (`"settings.py => DEBUG = True"`).
    examples: Vec<String>,
    /// Lines that must not match.
    #[serde(default)]
    counter_examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternFile {
    pattern: Vec<PatternSpec>,
}

/// A compiled pattern.
#[derive(Debug)]
pub struct Pattern {
    pub id: String,
    pub rule: String,
    pub description: String,
    files: Vec<String>,
    regex: Regex,
    in_comments: bool,
    pub examples: Vec<String>,
    pub counter_examples: Vec<String>,
}

impl Pattern {
    /// Whether the pattern applies to a file of this path.
    pub fn applies_to(&self, path: &str) -> bool {
        if self.files.is_empty() {
            return true;
        }
        let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
        let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
        self.files.iter().any(|f| {
            *f == name
                || *f == extension
                || (f.ends_with('*') && name.starts_with(&f[..f.len() - 1]))
        })
    }
}

/// A pattern's match in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternHit {
    pub path: String,
    /// 1-based line of the match's start.
    pub line: u32,
    /// Index into `PatternSet::patterns`.
    pub pattern: usize,
    /// The matched text, at most 160 characters.
    pub text: String,
    /// The named group `value`, when the pattern has one and it matched.
    pub value: Option<String>,
}

/// Every pattern, with the keyword prefilter.
#[derive(Debug)]
pub struct PatternSet {
    pub patterns: Vec<Pattern>,
    prefilter: AhoCorasick,
    /// Per keyword (prefilter pattern index), the patterns it enables.
    keyword_patterns: Vec<Vec<usize>>,
}

/// The pattern files, embedded at build time.
const FILES: &[(&str, &str)] = &[
    ("passwords.toml", include_str!("patterns/passwords.toml")),
    ("crypto.toml", include_str!("patterns/crypto.toml")),
    ("tls.toml", include_str!("patterns/tls.toml")),
    ("debug.toml", include_str!("patterns/debug.toml")),
    ("web.toml", include_str!("patterns/web.toml")),
    ("hygiene.toml", include_str!("patterns/hygiene.toml")),
    ("client.toml", include_str!("patterns/client.toml")),
    ("cors.toml", include_str!("patterns/cors.toml")),
    ("injection.toml", include_str!("patterns/injection.toml")),
    ("access.toml", include_str!("patterns/access.toml")),
    ("baas.toml", include_str!("patterns/baas.toml")),
];

static BUILTIN: LazyLock<PatternSet> = LazyLock::new(|| {
    let mut specs = Vec::new();
    for (name, text) in FILES {
        let file: PatternFile = toml::from_str(text)
            .unwrap_or_else(|e| panic!("code_patterns/patterns/{name} is not valid: {e}"));
        specs.extend(file.pattern);
    }
    PatternSet::new(specs).unwrap_or_else(|e| panic!("built-in code patterns: {e}"))
});

impl PatternSet {
    /// fcto's patterns.
    pub fn builtin() -> &'static PatternSet {
        &BUILTIN
    }

    fn new(specs: Vec<PatternSpec>) -> Result<PatternSet, String> {
        let mut patterns = Vec::new();
        let mut keywords: Vec<String> = Vec::new();
        let mut keyword_patterns: Vec<Vec<usize>> = Vec::new();
        for (i, spec) in specs.into_iter().enumerate() {
            if spec.keywords.is_empty() {
                return Err(format!("pattern {} has no keywords", spec.id));
            }
            for k in &spec.keywords {
                let k = k.to_ascii_lowercase();
                if let Some(p) = keywords.iter().position(|x| *x == k) {
                    keyword_patterns[p].push(i);
                } else {
                    keywords.push(k);
                    keyword_patterns.push(vec![i]);
                }
            }
            let regex = RegexBuilder::new(&spec.regex)
                .multi_line(true)
                .case_insensitive(spec.case_insensitive)
                .size_limit(1 << 22)
                .build()
                .map_err(|e| format!("pattern {}: {e}", spec.id))?;
            patterns.push(Pattern {
                id: spec.id,
                rule: spec.rule,
                description: spec.description,
                files: spec.files.iter().map(|f| f.to_ascii_lowercase()).collect(),
                regex,
                in_comments: spec.in_comments,
                examples: spec.examples,
                counter_examples: spec.counter_examples,
            });
        }
        let prefilter = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(&keywords)
            .map_err(|e| e.to_string())?;
        Ok(PatternSet {
            patterns,
            prefilter,
            keyword_patterns,
        })
    }

    /// The patterns of one rule.
    pub fn of_rule<'a>(&'a self, rule: &'a str) -> impl Iterator<Item = (usize, &'a Pattern)> + 'a {
        self.patterns
            .iter()
            .enumerate()
            .filter(move |(_, p)| p.rule == rule)
    }

    /// The hits in one file.
    pub fn scan(&self, path: &str, text: &str) -> Vec<PatternHit> {
        let mut enabled = vec![false; self.patterns.len()];
        let mut any = false;
        for m in self.prefilter.find_overlapping_iter(text) {
            for &p in &self.keyword_patterns[m.pattern().as_usize()] {
                enabled[p] = true;
                any = true;
            }
        }
        if !any {
            return Vec::new();
        }
        let mut hits = Vec::new();
        let mut line_index: Option<Vec<usize>> = None;
        let mut docstrings: Option<Vec<std::ops::Range<usize>>> = None;
        for (i, pattern) in self.patterns.iter().enumerate() {
            if !enabled[i] || !pattern.applies_to(path) {
                continue;
            }
            for caps in pattern.regex.captures_iter(text).take(MAX_HITS_PER_PATTERN) {
                let Some(whole) = caps.get(0) else { continue };
                if !pattern.in_comments
                    && (in_comment(path, text, whole.start())
                        || docstrings
                            .get_or_insert_with(|| python_docstrings(path, text))
                            .iter()
                            .any(|r| r.contains(&whole.start())))
                {
                    continue;
                }
                let starts = line_index.get_or_insert_with(|| line_starts(text));
                let line = starts.partition_point(|&s| s <= whole.start()) as u32;
                hits.push(PatternHit {
                    path: path.to_string(),
                    line,
                    pattern: i,
                    text: whole.as_str().chars().take(160).collect(),
                    value: caps.name("value").map(|v| v.as_str().to_string()),
                });
            }
        }
        hits.sort_by_key(|h| (h.line, h.pattern));
        hits
    }
}

/// A file full of one pattern (a generated table) says no more after this many.
const MAX_HITS_PER_PATTERN: usize = 50;

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// Whether byte `at` is inside a comment of its line: after a line-comment marker of the file's
/// language, or on a line that continues a block comment (`*` or `/*` first).
fn in_comment(path: &str, text: &str, at: usize) -> bool {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[start..at];
    let trimmed = before.trim_start();
    if trimmed.starts_with("/*")
        || trimmed.starts_with("* ")
        || trimmed == "*"
        || trimmed.starts_with("<!--")
    {
        return true;
    }
    let extension = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let hash = matches!(
        extension.as_str(),
        "py" | "rb"
            | "sh"
            | "bash"
            | "yml"
            | "yaml"
            | "toml"
            | "cfg"
            | "ini"
            | "conf"
            | "properties"
            | "tf"
            | "r"
            | "pl"
            | "ex"
            | "exs"
            | "env"
    ) || name.starts_with(".env")
        || name.starts_with("dockerfile")
        || name == "gemfile";
    let markers: &[&str] = if hash {
        &["#"]
    } else if matches!(extension.as_str(), "sql" | "lua" | "hs") {
        &["--"]
    } else if extension == "php" {
        &["//", "#"]
    } else {
        &["//"]
    };
    markers.iter().any(|m| outside_strings(before).contains(m))
}

/// The byte ranges of a Python file's docstrings: triple-quoted strings that stand alone as the
/// first statement of the module, or right after a line ending in `:` (a `def` or `class`).
/// Their examples (`DEBUG = True`, `SECRET_KEY = 'development key'`) are documentation.
/// Other triple-quoted strings (SQL handed to `execute`) stay code.
fn python_docstrings(path: &str, text: &str) -> Vec<std::ops::Range<usize>> {
    if !path.to_ascii_lowercase().ends_with(".py") {
        return Vec::new();
    }
    let mut ranges = Vec::new();
    let mut previous = "";
    let mut at = 0;
    let mut first_statement = true;
    while at < text.len() {
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        let line = &text[at..end];
        let trimmed = line.trim_start();
        let stripped = trimmed.trim_start_matches(['r', 'R', 'u', 'U']);
        let quote = ["\"\"\"", "'''"]
            .into_iter()
            .find(|q| stripped.starts_with(q));
        if let Some(q) = quote
            && (first_statement || previous.trim_end().ends_with(':'))
        {
            let open = at + (line.len() - stripped.len()) + 3;
            let close = text[open..].find(q).map_or(text.len(), |i| open + i + 3);
            ranges.push(at..close);
            at = text[close..]
                .find('\n')
                .map_or(text.len(), |i| close + i + 1);
            previous = "";
            first_statement = false;
            continue;
        }
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            // `class Config(dict):  # type: ignore` still opens a block.
            previous = code_part(line);
            first_statement = false;
        }
        at = end;
    }
    ranges
}

/// A Python line without its trailing `#` comment (a `#` inside a string is not one).
fn code_part(line: &str) -> &str {
    unquoted(line)
        .find(|&(_, c, quoted)| c == '#' && !quoted)
        .map_or(line, |(i, _, _)| &line[..i])
}

/// The text with the contents of single- and double-quoted strings blanked, so a `#` or `//`
/// inside a string (a URL) is not taken for a comment.
fn outside_strings(line: &str) -> String {
    unquoted(line)
        .map(|(_, c, quoted)| if quoted { ' ' } else { c })
        .collect()
}

/// Each character of a line with its byte offset and whether it sits inside a quoted string
/// (`"`, `'` or a backtick; the quotes themselves are outside).
fn unquoted(line: &str) -> impl Iterator<Item = (usize, char, bool)> + '_ {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    line.char_indices().map(move |(i, c)| {
        let Some(q) = quote else {
            if matches!(c, '"' | '\'' | '`') {
                quote = Some(c);
            }
            return (i, c, false);
        };
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == q {
            quote = None;
            return (i, c, false);
        }
        (i, c, true)
    })
}

#[cfg(test)]
mod tests;
