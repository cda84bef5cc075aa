//! mix.lock: an Elixir map literal, app name ──▶ `{:hex, :package, "version", "hash",
//! [:mix], [deps], "hexpm", "hash"}`. Only packages from the public `hexpm` repository are
//! kept (git and path dependencies, and private organisations, are skipped). Direct and
//! development-only come from the `deps` of the mix.exs beside it, when it is readable.

use std::collections::HashMap;

use super::ReadFile;
use super::common::{Lines, dedupe, dev_only, find_unquoted, sibling};
use crate::deps::{Ecosystem, Package, Relation};

/// An Elixir term, as far as mix.lock needs one.
#[derive(Debug, PartialEq)]
enum Term {
    Atom(String),
    Str(String),
    Tuple(Vec<Term>),
    List(Vec<Term>),
    Map(Vec<(Term, Term, usize)>),
    /// `key: value` inside a list or map, the key without its colon.
    Pair(String, Box<Term>),
    /// Numbers, `true`, `false`, `nil`.
    Other,
}

/// One `hex` entry of the lockfile.
struct Locked {
    app: String,
    package: String,
    version: String,
    deps: Vec<String>,
    line: u32,
}

pub(super) fn parse(path: &str, text: &str, read: ReadFile<'_>) -> Result<Vec<Package>, String> {
    let term = Parser::new(text)
        .document()
        .map_err(|e| format!("{path} is not a valid mix.lock: {e}"))?;
    let Term::Map(entries) = term else {
        return Err(format!("{path} is not a valid mix.lock: it is not a map"));
    };
    let lines = Lines::new(text);
    let locked: Vec<Locked> = entries
        .iter()
        .filter_map(|(key, value, at)| hex_entry(key, value, lines.at(*at)))
        .collect();
    let manifest = read(&sibling(path, "mix.exs")).map(|t| mix_deps(&t));
    let dev = manifest.as_ref().map(|m| {
        let edges = locked
            .iter()
            .map(|l| (l.app.clone(), l.deps.clone()))
            .collect();
        dev_only(&edges, &m.deps)
    });
    let packages = locked
        .into_iter()
        .map(|l| Package {
            ecosystem: Ecosystem::Hex,
            relation: match &manifest {
                Some(m) if m.deps.contains_key(&l.app) => Relation::Direct,
                Some(m) if !m.umbrella => Relation::Transitive,
                _ => Relation::Unknown,
            },
            dev: dev.as_ref().is_some_and(|d| d.contains(&l.app)),
            file: path.to_string(),
            line: Some(l.line),
            name: l.package,
            version: l.version,
        })
        .collect();
    Ok(dedupe(packages))
}

/// A `{:hex, :package, "version", _, _, deps, repo, _}` entry from the public repository.
fn hex_entry(key: &Term, value: &Term, line: u32) -> Option<Locked> {
    let app = match key {
        Term::Str(s) | Term::Atom(s) | Term::Pair(s, _) => s.clone(),
        _ => return None,
    };
    let Term::Tuple(items) = value else {
        return None;
    };
    let [
        Term::Atom(kind),
        Term::Atom(package),
        Term::Str(version),
        rest @ ..,
    ] = items.as_slice()
    else {
        return None;
    };
    if kind != "hex" {
        return None;
    }
    let repo = match rest.get(3) {
        Some(Term::Str(repo)) => repo.as_str(),
        _ => "hexpm",
    };
    if repo != "hexpm" {
        return None;
    }
    let deps = match rest.get(2) {
        Some(Term::List(deps)) => deps
            .iter()
            .filter_map(|d| match d {
                Term::Tuple(t) => match t.first() {
                    Some(Term::Atom(name)) => Some(name.clone()),
                    _ => None,
                },
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    Some(Locked {
        app,
        package: package.clone(),
        version: version.clone(),
        deps,
        line,
    })
}

/// What mix.exs says about dependencies: app ──▶ development-only, and whether the project is
/// an umbrella (whose apps declare their own dependencies elsewhere).
struct MixDeps {
    deps: HashMap<String, bool>,
    umbrella: bool,
}

/// The `{:name, ...}` tuples of the `deps` function, with `only: :test` or
/// `only: [:dev, :test]` making a dependency development-only.
fn mix_deps(text: &str) -> MixDeps {
    let text = &without_comments(text);
    let umbrella = text.contains("apps_path:");
    let start = text.find("defp deps").or_else(|| text.find("def deps"));
    let Some(start) = start else {
        return MixDeps {
            deps: HashMap::new(),
            umbrella,
        };
    };
    let body = &text[start + 8..];
    let end = ["\n  defp ", "\n  def ", "\ndefp ", "\ndef "]
        .iter()
        .filter_map(|k| body.find(k))
        .min()
        .unwrap_or(body.len());
    let body = &body[..end];
    let mut deps = HashMap::new();
    let mut rest = body;
    while let Some(at) = rest.find("{:") {
        let tuple = &rest[at + 2..];
        let name_len = tuple
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tuple.len());
        let close = tuple.find('}').unwrap_or(tuple.len());
        let name = &tuple[..name_len];
        if !name.is_empty() {
            let dev = only_dev(&tuple[name_len..close]);
            let entry = deps.entry(name.to_string()).or_insert(dev);
            *entry = *entry && dev;
        }
        rest = &tuple[name_len..];
    }
    MixDeps { deps, umbrella }
}

/// The text without `#` comments (a `#` inside a string is kept).
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let end = find_unquoted(line, &['"'], true, "#").unwrap_or(line.len());
        out.push_str(&line[..end]);
        out.push('\n');
    }
    out
}

/// Whether the tuple's options hold `only:` with development environments only.
fn only_dev(options: &str) -> bool {
    let Some(at) = options.find("only:").map(|i| i + 5) else {
        return false;
    };
    let value = options[at..].trim_start();
    let value = if value.starts_with('[') {
        &value[..value.find(']').unwrap_or(value.len())]
    } else {
        value.split(',').next().unwrap_or(value)
    };
    let envs: Vec<&str> = value
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    !envs.is_empty() && envs.iter().all(|e| matches!(*e, "dev" | "test"))
}

/// A recursive-descent reader of Elixir literals.
struct Parser<'a> {
    text: &'a str,
    at: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Parser<'a> {
        Parser {
            text,
            at: 0,
            depth: 0,
        }
    }

    fn document(&mut self) -> Result<Term, String> {
        let term = self.term()?;
        self.skip_space();
        if self.at < self.text.len() {
            return Err(self.error("unexpected text after the map"));
        }
        Ok(term)
    }

    fn error(&self, what: &str) -> String {
        format!("{what} at line {}", Lines::new(self.text).at(self.at))
    }

    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    fn skip_space(&mut self) {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start();
            self.at += rest.len() - trimmed.len();
            if trimmed.starts_with('#') {
                self.at += trimmed.find('\n').unwrap_or(trimmed.len());
            } else {
                return;
            }
        }
    }

    fn term(&mut self) -> Result<Term, String> {
        self.skip_space();
        self.depth += 1;
        if self.depth > 64 {
            return Err(self.error("nesting too deep"));
        }
        let rest = self.rest();
        let term = if rest.starts_with("%{") {
            self.at += 2;
            self.map()
        } else if rest.starts_with('{') {
            self.at += 1;
            self.sequence('}').map(Term::Tuple)
        } else if rest.starts_with('[') {
            self.at += 1;
            self.sequence(']').map(Term::List)
        } else if rest.starts_with(":\"") {
            self.at += 1;
            self.string().map(Term::Atom)
        } else if rest.starts_with(':') {
            self.at += 1;
            Ok(Term::Atom(self.word().to_string()))
        } else if rest.starts_with('"') {
            let s = self.string()?;
            self.keyword_or(s, Term::Str)
        } else {
            let word = self.word().to_string();
            if word.is_empty() {
                return Err(self.error("unexpected character"));
            }
            self.keyword_or(word, |_| Term::Other)
        };
        self.depth -= 1;
        term
    }

    /// `word: value` is a keyword pair; otherwise the word itself.
    fn keyword_or(&mut self, word: String, plain: fn(String) -> Term) -> Result<Term, String> {
        if let Some(after) = self.rest().strip_prefix(':')
            && after.starts_with(char::is_whitespace)
        {
            self.at += 1;
            let value = self.term()?;
            return Ok(Term::Pair(word, Box::new(value)));
        }
        Ok(plain(word))
    }

    fn word(&mut self) -> &'a str {
        let rest = self.rest();
        let len = rest
            .find(|c: char| {
                !(c.is_alphanumeric() || matches!(c, '_' | '@' | '?' | '!' | '.' | '-'))
            })
            .unwrap_or(rest.len());
        self.at += len;
        &rest[..len]
    }

    fn string(&mut self) -> Result<String, String> {
        let body = &self.rest()[1..];
        let mut out = String::new();
        let mut chars = body.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.at += 1 + i + 1;
                    return Ok(out);
                }
                '\\' => {
                    if let Some((_, escaped)) = chars.next() {
                        out.push(escaped);
                    }
                }
                c => out.push(c),
            }
        }
        Err(self.error("unterminated string"))
    }

    /// Comma-separated terms up to `close`; a trailing comma is allowed.
    fn sequence(&mut self, close: char) -> Result<Vec<Term>, String> {
        let mut items = Vec::new();
        loop {
            self.skip_space();
            if self.rest().starts_with(close) {
                self.at += 1;
                return Ok(items);
            }
            items.push(self.term()?);
            self.skip_space();
            if self.rest().starts_with(',') {
                self.at += 1;
            } else if !self.rest().starts_with(close) {
                return Err(self.error(&format!("expected `,` or `{close}`")));
            }
        }
    }

    /// `%{"key": value, ...}` or `%{key => value, ...}`; each entry with its start offset.
    fn map(&mut self) -> Result<Term, String> {
        let mut entries = Vec::new();
        loop {
            self.skip_space();
            if self.rest().starts_with('}') {
                self.at += 1;
                return Ok(Term::Map(entries));
            }
            let start = self.at;
            let (key, value) = match self.term()? {
                Term::Pair(key, value) => (Term::Str(key), *value),
                key => {
                    self.skip_space();
                    let Some(after) = self.rest().strip_prefix("=>") else {
                        return Err(self.error("expected `=>` in a map"));
                    };
                    self.at = self.text.len() - after.len();
                    (key, self.term()?)
                }
            };
            entries.push((key, value, start));
            self.skip_space();
            if self.rest().starts_with(',') {
                self.at += 1;
            } else if !self.rest().starts_with('}') {
                return Err(self.error("expected `,` or `}`"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::rows;
    use super::*;

    const LOCK: &str = r#"%{
  "castore": {:hex, :castore, "1.0.5", "9eeebb394cc9a0f3ae56b813459f990abb0a3dedee1be6b27fdb50301930502f", [:mix], [], "hexpm", "8d7c597c3e4a64c395980882d4bca3cebb8d74197c590dc272cfd3b6a6310578"},
  "credo": {:hex, :credo, "1.7.3", "05bb11eaf2f2b8db370ecaa6a6bda2ec49b2acd5e0418bc106b73b07128c0436", [:mix], [{:bunt, "~> 0.2.1 or ~> 1.0", [hex: :bunt, repo: "hexpm", optional: false]}, {:jason, "~> 1.0", [hex: :jason, repo: "hexpm", optional: false]}], "hexpm", "35ea675a094c934c22fb1dca3696f3c31f2728ae6ef5a53b5d648c11180a4535"},
  "bunt": {:hex, :bunt, "1.0.0", "081c2c665f086849e6d57900292b3a161727ab40431219529f13c4ddcf3e7a44", [:mix], [], "hexpm", "dc5f86aa08a5f6fa6b8096f0735c4e76d54ae5c9fa2c143e5a1fc7c1cd9bb6b5"},
  "jason": {:hex, :jason, "1.4.1", "af1504e35f629ddcdd6addb3513c3853991f694921b1b9368b0bd32beb9f1b63", [:mix], [{:decimal, "~> 1.0 or ~> 2.0", [hex: :decimal, repo: "hexpm", optional: true]}], "hexpm", "fbb01ecdfd565b56261302f7e1fcc27c4fb8f32d56eab74db621fc154604a7a1"},
  "phoenix": {:git, "https://github.com/phoenixframework/phoenix.git", "1b4bd8ea2ef2a0b0e2bdd4f0e1c9b9f4d9e1e3c2", [branch: "main"]},
  "private_lib": {:hex, :private_lib, "0.2.0", "aa", [:mix], [], "hexpm:acme", "bb"},
  "my_tzdata": {:hex, :tzdata, "1.1.1", "20c8043476dfda8504952d00adac41c6eda23912278add38edc140ae0c5bcc46", [:mix], [{:hackney, "~> 1.17", [hex: :hackney, repo: "hexpm", optional: false]}], "hexpm", "a69cec8352eafcd2e198dea28a34113b60fdc6cb57eb5ad65c10292a6ba89787"},
}
"#;

    const MIX_EXS: &str = r#"defmodule Shop.MixProject do
  use Mix.Project

  def project do
    [app: :shop, version: "0.1.0", deps: deps()]
  end

  defp deps do
    [
      {:jason, "~> 1.4"},
      {:my_tzdata, "~> 1.1", hex: :tzdata},
      {:phoenix, github: "phoenixframework/phoenix"},
      # {:commented, "~> 1.0"},
      {:credo, "~> 1.7", only: [:dev, :test], runtime: false},
      {:castore, "~> 1.0", only: :prod}
    ]
  end
end
"#;

    #[test]
    fn hex_entries_with_mix_exs() {
        let read = |p: &str| (p == "mix.exs").then(|| MIX_EXS.to_string());
        let out = parse("mix.lock", LOCK, &read).unwrap();
        assert_eq!(
            rows(&out),
            [
                ("castore", "1.0.5", Relation::Direct, false, 2),
                ("credo", "1.7.3", Relation::Direct, true, 3),
                ("bunt", "1.0.0", Relation::Transitive, true, 4),
                // Also used by credo, but jason is a production dependency itself.
                ("jason", "1.4.1", Relation::Direct, false, 5),
                // The package name, not the app name of the key.
                ("tzdata", "1.1.1", Relation::Direct, false, 8),
            ]
        );
    }

    #[test]
    fn without_mix_exs_relation_is_unknown() {
        let out = parse("apps/x/mix.lock", LOCK, &|_: &str| None).unwrap();
        assert_eq!(out.len(), 5);
        assert!(
            out.iter()
                .all(|p| p.relation == Relation::Unknown && !p.dev)
        );
    }

    #[test]
    fn old_arrow_syntax_and_errors() {
        let old = r#"%{"plug" => {:hex, :plug, "1.3.0"}}"#;
        let out = parse("mix.lock", old, &|_: &str| None).unwrap();
        assert_eq!(
            (out[0].name.as_str(), out[0].version.as_str()),
            ("plug", "1.3.0")
        );
        let err = parse(
            "mix.lock",
            "%{\n  \"plug\": {:hex, :plug, \"1.3.0\"\n",
            &|_: &str| None,
        )
        .unwrap_err();
        assert_eq!(
            err,
            "mix.lock is not a valid mix.lock: expected `,` or `}` at line 3"
        );
        assert!(parse("mix.lock", "[1, 2]", &|_: &str| None).is_err());
        assert!(parse("mix.lock", &"[".repeat(500), &|_: &str| None).is_err());
    }
}
