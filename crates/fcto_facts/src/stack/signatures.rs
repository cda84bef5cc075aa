//! The signature table (`signatures.toml`, embedded at build time): which dependencies, files and
//! file contents mark a technology. Parsed and compiled once.

use regex::Regex;
use serde::Deserialize;
use std::sync::LazyLock;

const TABLE: &str = include_str!("signatures.toml");

/// The kinds a technology can have (see `Technology::kind` and `fcto_model::StackItem::kind`),
/// in report order.
pub const KINDS: &[&str] = &[
    "language",
    "framework",
    "mobile",
    "datastore",
    "orm",
    "queue",
    "auth",
    "payments",
    "ai",
    "error-tracking",
    "cloud-sdk",
    "hosting",
    "ci",
    "container",
    "infrastructure",
    "package-manager",
    "testing",
    "build",
];

/// The ecosystems a dependency pattern can name (`Manifest::ecosystem`).
pub const ECOSYSTEMS: &[&str] = &[
    "npm",
    "pypi",
    "rubygems",
    "go",
    "cargo",
    "packagist",
    "maven",
    "gradle",
    "nuget",
    "hex",
    "pub",
    "swift",
    "cocoapods",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    date: String,
    signature: Vec<RawSignature>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSignature {
    kind: String,
    name: String,
    #[serde(default)]
    dependencies: Vec<String>,
    #[serde(default)]
    clients: Vec<String>,
    #[serde(default)]
    files: Vec<String>,
    #[serde(default)]
    contents: Vec<RawContent>,
    examples: Vec<String>,
    #[serde(default)]
    counter_examples: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContent {
    files: Vec<String>,
    all: Vec<String>,
}

/// One technology's signature.
#[derive(Debug)]
pub struct Signature {
    pub kind: String,
    pub name: String,
    /// Inputs that must be detected: `<ecosystem>:<package>`, `file:<path>` or
    /// `file:<path>=<text>`.
    pub examples: Vec<String>,
    /// Inputs that must not be detected, in the same form.
    pub counter_examples: Vec<String>,
    /// The technology's own packages: their constraint is its version.
    pub(crate) dependencies: Vec<DependencyPattern>,
    /// Client libraries (drivers, SDKs, wrappers): evidence, but their constraint is theirs.
    pub(crate) clients: Vec<DependencyPattern>,
    pub(crate) files: Vec<Glob>,
    pub(crate) contents: Vec<ContentMatcher>,
}

#[derive(Debug)]
pub(crate) struct DependencyPattern {
    ecosystem: String,
    /// The normalised package name; `*` matches any characters. Matched without regexes:
    /// hundreds of compiled patterns cost more at start-up than the whole inventory of a small
    /// repository.
    name: String,
}

/// Whether `text` matches `pattern`, where `*` matches any run of characters.
fn wildcard_match(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[derive(Debug)]
pub(crate) struct ContentMatcher {
    pub files: Vec<Glob>,
    pub all: Vec<Regex>,
}

impl DependencyPattern {
    /// Whether a dependency of a manifest in `ecosystem` matches. Maven coordinates also match
    /// Gradle manifests.
    pub(crate) fn matches(&self, ecosystem: &str, name: &str) -> bool {
        let same =
            self.ecosystem == ecosystem || (self.ecosystem == "maven" && ecosystem == "gradle");
        same && wildcard_match(&self.name, &normalise(ecosystem, name))
    }
}

/// How a dependency marks a technology.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DependencyMatch {
    /// The package is the technology (or ships with it): its constraint is the version.
    Own,
    /// A client library of the technology.
    Client,
}

impl Signature {
    pub(crate) fn matches_dependency(
        &self,
        ecosystem: &str,
        name: &str,
    ) -> Option<DependencyMatch> {
        if self.dependencies.iter().any(|p| p.matches(ecosystem, name)) {
            Some(DependencyMatch::Own)
        } else if self.clients.iter().any(|p| p.matches(ecosystem, name)) {
            Some(DependencyMatch::Client)
        } else {
            None
        }
    }

    pub(crate) fn matches_file(&self, path: &str) -> bool {
        self.files.iter().any(|g| g.is_match(path))
    }
}

/// Names compare case-insensitively; PyPI names also treat `-`, `_` and `.` alike (PEP 503).
pub(crate) fn normalise(ecosystem: &str, name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if ecosystem == "pypi" {
        lower.replace(['_', '.'], "-")
    } else {
        lower
    }
}

/// The table's date, repeated in reports.
pub fn signatures_date() -> &'static str {
    &TABLE_PARSED.0
}

/// Every signature, in table order.
pub fn signatures() -> &'static [Signature] {
    &TABLE_PARSED.1
}

static TABLE_PARSED: LazyLock<(String, Vec<Signature>)> = LazyLock::new(|| {
    parse(TABLE).unwrap_or_else(|e| panic!("the embedded signatures.toml is invalid: {e}"))
});

fn parse(text: &str) -> Result<(String, Vec<Signature>), String> {
    let raw: RawTable = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(raw.signature.len());
    for s in raw.signature {
        if !KINDS.contains(&s.kind.as_str()) {
            return Err(format!("{}: unknown kind `{}`", s.name, s.kind));
        }
        let dependencies = dependency_patterns(&s.name, &s.dependencies)?;
        let clients = dependency_patterns(&s.name, &s.clients)?;
        let files = s
            .files
            .iter()
            .map(|g| glob(g))
            .collect::<Result<Vec<_>, _>>()?;
        let mut contents = Vec::new();
        for c in &s.contents {
            let files = c
                .files
                .iter()
                .map(|g| glob(g))
                .collect::<Result<Vec<_>, _>>()?;
            let all = c
                .all
                .iter()
                .map(|r| content_regex(r).map_err(|e| format!("{}: {e}", s.name)))
                .collect::<Result<Vec<_>, _>>()?;
            contents.push(ContentMatcher { files, all });
        }
        if dependencies.is_empty() && clients.is_empty() && files.is_empty() && contents.is_empty()
        {
            return Err(format!("{}: no matcher", s.name));
        }
        out.push(Signature {
            kind: s.kind,
            name: s.name,
            examples: s.examples,
            counter_examples: s.counter_examples,
            dependencies,
            clients,
            files,
            contents,
        });
    }
    Ok((raw.date, out))
}

/// A content pattern, with ASCII classes where the pattern allows it (much cheaper to build than
/// Unicode classes), else as written.
fn content_regex(pattern: &str) -> Result<Regex, regex::Error> {
    regex::RegexBuilder::new(pattern)
        .unicode(false)
        .build()
        .or_else(|_| Regex::new(pattern))
}

/// `<ecosystem>:<package>` patterns (`*` matches any characters).
fn dependency_patterns(
    signature: &str,
    patterns: &[String],
) -> Result<Vec<DependencyPattern>, String> {
    let mut out = Vec::new();
    for d in patterns {
        let (ecosystem, name) = d
            .split_once(':')
            .ok_or_else(|| format!("{signature}: `{d}` has no ecosystem"))?;
        if !ECOSYSTEMS.contains(&ecosystem) {
            return Err(format!("{signature}: unknown ecosystem in `{d}`"));
        }
        out.push(DependencyPattern {
            ecosystem: ecosystem.to_string(),
            name: normalise(ecosystem, name),
        });
    }
    Ok(out)
}

/// A path glob: without `/` it matches the file name anywhere; with `/` a path suffix starting
/// at a directory boundary; a leading `/` anchors it at the root. `*` and `?` stay within a
/// directory, `**` crosses directories, `{a,b}` are alternatives. Case-insensitive. Matched
/// by hand rather than as regexes: compiling a regex per glob cost more at start-up than the
/// whole inventory of a small repository.
pub(crate) fn glob(pattern: &str) -> Result<Glob, String> {
    let (anchored, body) = match pattern.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, pattern),
    };
    if body.is_empty() {
        return Err(format!("glob `{pattern}` is empty"));
    }
    let alternatives =
        expand_braces(&body.to_lowercase()).map_err(|e| format!("glob `{pattern}`: {e}"))?;
    Ok(Glob {
        anchored,
        alternatives,
    })
}

/// `a{b,c}d` → `abd`, `acd` (nested braces are not needed by the table and are an error).
fn expand_braces(pattern: &str) -> Result<Vec<String>, String> {
    let Some(open) = pattern.find('{') else {
        return if pattern.contains('}') {
            Err("unbalanced `}`".into())
        } else {
            Ok(vec![pattern.to_string()])
        };
    };
    let close = pattern[open..]
        .find('}')
        .map(|i| open + i)
        .ok_or("unbalanced `{`")?;
    let inner = &pattern[open + 1..close];
    if inner.contains('{') {
        return Err("nested braces".into());
    }
    let mut out = Vec::new();
    for choice in inner.split(',') {
        for rest in expand_braces(&pattern[close + 1..])? {
            out.push(format!("{}{choice}{rest}", &pattern[..open]));
        }
    }
    Ok(out)
}

/// A compiled path glob; matching is case-insensitive.
#[derive(Debug)]
pub(crate) struct Glob {
    anchored: bool,
    alternatives: Vec<String>,
}

impl Glob {
    pub(crate) fn is_match(&self, path: &str) -> bool {
        let lower = path.to_lowercase();
        let path = lower.as_bytes();
        self.alternatives.iter().any(|alt| {
            let pat = alt.as_bytes();
            if self.anchored {
                return glob_match(pat, path);
            }
            // At the start, or right after any `/`.
            glob_match(pat, path)
                || path
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| **b == b'/')
                    .any(|(i, _)| glob_match(pat, &path[i + 1..]))
        })
    }
}

/// Whether all of `text` matches `pat` (`*`, `?` within a directory; `**` across them).
fn glob_match(pat: &[u8], text: &[u8]) -> bool {
    match pat.first() {
        None => text.is_empty(),
        Some(b'*') if pat.get(1) == Some(&b'*') => {
            let rest = &pat[2..];
            // `**/` also matches no directory at all.
            if rest.first() == Some(&b'/') && glob_match(&rest[1..], text) {
                return true;
            }
            (0..=text.len()).any(|i| glob_match(rest, &text[i..]))
        }
        Some(b'*') => {
            let rest = &pat[1..];
            for i in 0..=text.len() {
                if glob_match(rest, &text[i..]) {
                    return true;
                }
                if text.get(i) == Some(&b'/') {
                    break;
                }
            }
            false
        }
        Some(b'?') => text.first().is_some_and(|c| *c != b'/') && glob_match(&pat[1..], &text[1..]),
        Some(c) => text.first() == Some(c) && glob_match(&pat[1..], &text[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_package_names() {
        assert!(wildcard_match("@aws-sdk/*", "@aws-sdk/client-s3"));
        assert!(wildcard_match(
            "spring-boot-starter*",
            "spring-boot-starter-web"
        ));
        assert!(wildcard_match("react", "react") && !wildcard_match("react", "react-dom"));
        assert!(wildcard_match("*/sdk-*-go", "github.com/x/sdk-core-go"));
        assert!(!wildcard_match("a*a", "a"));
    }

    #[test]
    fn table_parses_with_examples_for_every_entry() {
        assert!(!signatures().is_empty());
        assert_eq!(signatures_date().len(), 10);
        for s in signatures() {
            assert!(!s.examples.is_empty(), "{} has no example", s.name);
        }
        let mut seen = std::collections::HashSet::new();
        for s in signatures() {
            assert!(
                seen.insert((s.kind.as_str(), s.name.as_str())),
                "{} ({}) is listed twice",
                s.name,
                s.kind
            );
        }
    }

    #[test]
    fn globs() {
        let g = glob(".github/workflows/*.{yml,yaml}").expect("glob");
        assert!(g.is_match(".github/workflows/ci.yml"));
        assert!(g.is_match("sub/.github/workflows/ci.yaml"));
        assert!(!g.is_match(".github/workflows/sub/ci.yml"));
        let rooted = glob("/.gitlab-ci.yml").expect("glob");
        assert!(rooted.is_match(".gitlab-ci.yml") && !rooted.is_match("a/.gitlab-ci.yml"));
        let name = glob("Dockerfile.*").expect("glob");
        assert!(name.is_match("a/b/dockerfile.prod") && !name.is_match("a/Dockerfile"));
        let deep = glob("k8s/**").expect("glob");
        assert!(deep.is_match("deploy/k8s/a/b.yaml") && !deep.is_match("k8s.yaml"));
        assert!(
            glob("requirements/*.txt")
                .expect("glob")
                .is_match("requirements/base.txt")
        );
    }

    #[test]
    fn bad_tables_are_rejected() {
        assert!(parse("date = \"x\"\n[[signature]]\nkind = \"nope\"\nname = \"X\"\nfiles = [\"a\"]\nexamples = []\n").is_err());
        assert!(
            parse("date = \"x\"\n[[signature]]\nkind = \"ci\"\nname = \"X\"\nexamples = []\n")
                .is_err()
        );
        assert!(parse("date = \"x\"\n[[signature]]\nkind = \"ci\"\nname = \"X\"\ndependencies = [\"zz:a\"]\nexamples = []\n").is_err());
        assert!(parse("date = \"x\"\n[[signature]]\nkind = \"ci\"\nname = \"X\"\nfile = [\"a\"]\nexamples = []\n").is_err(), "unknown key");
    }
}
