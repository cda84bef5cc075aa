//! Gemfile.lock (and `gems.locked`): the gems of the `GEM` sections, Direct when listed under
//! `DEPENDENCIES` or required by a local gem (`PATH`). The lockfile does not say which gems
//! are for development; the Gemfile beside it does, through `group` blocks and options.

use std::collections::{HashMap, HashSet};

use super::ReadFile;
use super::common::{dedupe, dev_only, direct_or_transitive, find_unquoted};
use crate::deps::{Ecosystem, Package};

/// Groups whose gems are only needed for development or tests.
const DEV_GROUPS: [&str; 6] = ["development", "dev", "test", "tests", "ci", "lint"];

/// A gem resolved from a registry (`GEM` section).
struct Spec {
    name: String,
    version: String,
    line: u32,
}

/// What the lockfile says: registry gems, the dependency graph, the direct names.
#[derive(Default)]
struct Lockfile {
    specs: Vec<Spec>,
    edges: HashMap<String, Vec<String>>,
    /// Names under `DEPENDENCIES`.
    declared: Vec<String>,
    /// Names the local gems (`PATH`) depend on.
    local_deps: Vec<String>,
}

pub(super) fn parse(path: &str, text: &str, read: ReadFile<'_>) -> Result<Vec<Package>, String> {
    let lock = read_lockfile(path, text)?;
    let gemfile = read(&gemfile_path(path)).map(|t| gemfile_dev_gems(&t));
    let mut roots: HashMap<String, bool> = HashMap::new();
    for name in &lock.declared {
        let dev = gemfile
            .as_ref()
            .is_some_and(|g| g.get(name).copied().unwrap_or(false));
        roots.insert(name.clone(), dev);
    }
    for name in &lock.local_deps {
        roots.insert(name.clone(), false);
    }
    let dev = if gemfile.is_some() {
        dev_only(&lock.edges, &roots)
    } else {
        HashSet::new()
    };
    let packages = lock
        .specs
        .into_iter()
        .map(|s| Package {
            ecosystem: Ecosystem::RubyGems,
            relation: direct_or_transitive(roots.contains_key(&s.name)),
            dev: dev.contains(&s.name),
            file: path.to_string(),
            line: Some(s.line),
            name: s.name,
            version: s.version,
        })
        .collect();
    Ok(dedupe(packages))
}

/// `Gemfile` beside `Gemfile.lock`, `gems.rb` beside `gems.locked`.
fn gemfile_path(lockfile: &str) -> String {
    let (dir, name) = match lockfile.rsplit_once('/') {
        Some((dir, name)) => (format!("{dir}/"), name),
        None => (String::new(), lockfile),
    };
    let manifest = if name == "gems.locked" {
        "gems.rb"
    } else {
        "Gemfile"
    };
    format!("{dir}{manifest}")
}

/// Which section of the lockfile a line is in.
#[derive(PartialEq)]
enum Section {
    Gem,
    Git,
    Path,
    Dependencies,
    Other,
}

fn read_lockfile(path: &str, text: &str) -> Result<Lockfile, String> {
    let mut lock = Lockfile::default();
    let mut section: Option<Section> = None;
    let mut current: Option<String> = None;
    for (index, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        if !line.starts_with(' ') {
            section = Some(match line {
                "GEM" => Section::Gem,
                "GIT" => Section::Git,
                "PATH" => Section::Path,
                "DEPENDENCIES" => Section::Dependencies,
                _ => Section::Other,
            });
            current = None;
            continue;
        }
        let Some(section) = &section else {
            return Err(format!(
                "{path} line {}: an indented line before any section; this is not a Gemfile.lock",
                index + 1
            ));
        };
        let indent = line.len() - line.trim_start().len();
        match (section, indent) {
            (Section::Dependencies, 2) => {
                let (name, _) = name_and_paren(line.trim());
                lock.declared.push(name.trim_end_matches('!').to_string());
            }
            (Section::Gem | Section::Git | Section::Path, 4) => {
                let (name, version) = name_and_paren(line.trim());
                current = Some(name.to_string());
                if *section == Section::Gem {
                    let Some(version) = version else {
                        return Err(format!(
                            "{path} line {}: a gem without a version",
                            index + 1
                        ));
                    };
                    // Bundler splits `version-platform` at the first `-`.
                    let version = version.split('-').next().unwrap_or(version);
                    lock.specs.push(Spec {
                        name: name.to_string(),
                        version: version.to_string(),
                        line: index as u32 + 1,
                    });
                }
            }
            (Section::Gem | Section::Git | Section::Path, 6) => {
                let (dep, _) = name_and_paren(line.trim());
                if let Some(owner) = &current {
                    lock.edges
                        .entry(owner.clone())
                        .or_default()
                        .push(dep.to_string());
                    if *section == Section::Path {
                        lock.local_deps.push(dep.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    if section.is_none() {
        return Err(format!(
            "{path} has no sections; this is not a Gemfile.lock"
        ));
    }
    Ok(lock)
}

/// `name (inside)` ──▶ (`name`, `Some("inside")`); `name` ──▶ (`name`, `None`).
fn name_and_paren(entry: &str) -> (&str, Option<&str>) {
    match entry.split_once(" (") {
        Some((name, rest)) => (name, Some(rest.trim_end_matches('!').trim_end_matches(')'))),
        None => (entry, None),
    }
}

/// Each gem the Gemfile declares, and whether every declaration of it is in development or
/// test groups only (`group :development, :test do` blocks, `group:`/`groups:` options).
fn gemfile_dev_gems(text: &str) -> HashMap<String, bool> {
    let mut out: HashMap<String, bool> = HashMap::new();
    // One frame per open block: the groups of a `group` block, `None` for other blocks.
    let mut frames: Vec<Option<Vec<String>>> = Vec::new();
    for raw in text.lines() {
        let line = strip_ruby_comment(raw).trim();
        if line == "end" || line.starts_with("end ") || line.starts_with("end.") {
            frames.pop();
            continue;
        }
        let opens_block = opens_do_block(line);
        if is_group_call(line) && opens_block {
            let args = &line[5..line.rfind(" do").unwrap_or(line.len())];
            frames.push(Some(symbols(args)));
            continue;
        }
        if opens_block || starts_keyword_block(line) {
            frames.push(None);
        }
        if let Some(name) = gem_name(line) {
            let groups =
                option_groups(line).or_else(|| frames.iter().rev().flatten().next().cloned());
            let dev = groups.is_some_and(|g| {
                !g.is_empty() && g.iter().all(|g| DEV_GROUPS.contains(&g.as_str()))
            });
            let entry = out.entry(name).or_insert(dev);
            *entry = *entry && dev;
        }
    }
    out
}

/// `... do` or `... do |x|` at the end of a line.
fn opens_do_block(line: &str) -> bool {
    line.ends_with(" do") || (line.ends_with('|') && line.contains(" do |"))
}

fn is_group_call(line: &str) -> bool {
    line.starts_with("group ") || line.starts_with("group(")
}

/// Ruby statements that open a block closed by `end` without `do`.
fn starts_keyword_block(line: &str) -> bool {
    [
        "if ", "unless ", "case ", "while ", "until ", "begin", "def ", "class ", "module ",
    ]
    .iter()
    .any(|k| line.starts_with(k))
        && !line.ends_with(" end")
}

/// The line without a `#` comment (a `#` inside quotes is kept).
fn strip_ruby_comment(line: &str) -> &str {
    find_unquoted(line, &['"', '\''], true, "#").map_or(line, |at| &line[..at])
}

/// The gem of a `gem "name", ...` line.
fn gem_name(line: &str) -> Option<String> {
    let rest = line.strip_prefix("gem")?;
    let rest = match rest.strip_prefix('(') {
        Some(inside) => inside,
        None if rest.starts_with([' ', '\t']) => rest,
        None => return None,
    }
    .trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = &rest[1..];
    Some(inner[..inner.find(quote)?].to_string())
}

/// The groups of a `group: :test` / `groups: [:development, :test]` / `:group => :test`
/// option on a `gem` line.
fn option_groups(line: &str) -> Option<Vec<String>> {
    let at = [
        "groups:",
        "group:",
        ":groups =>",
        ":group =>",
        ":groups=>",
        ":group=>",
    ]
    .iter()
    .find_map(|k| line.find(k).map(|i| i + k.len()))?;
    let rest = line[at..].trim_start();
    let value = if rest.starts_with('[') {
        &rest[..rest.find(']').map_or(rest.len(), |i| i + 1)]
    } else {
        rest.split(',').next().unwrap_or(rest)
    };
    Some(symbols(value))
}

/// The symbols and strings in `:development, :test` or `[:dev, "test"]`.
fn symbols(args: &str) -> Vec<String> {
    args.split(|c: char| {
        c == ',' || c == '[' || c == ']' || c == '(' || c == ')' || c.is_whitespace()
    })
    .map(|w| {
        w.trim_start_matches(':')
            .trim_matches(|c| c == '"' || c == '\'')
    })
    .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    .map(str::to_string)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deps::Relation;

    const LOCK: &str = "GIT
  remote: https://github.com/rails/rails.git
  revision: 0123456789abcdef0123456789abcdef01234567
  branch: main
  specs:
    activesupport (7.2.0.alpha)
      tzinfo (~> 2.0)

PATH
  remote: .
  specs:
    shop (0.1.0)
      rack (>= 2.2)

GEM
  remote: https://rubygems.org/
  specs:
    concurrent-ruby (1.2.3)
    nokogiri (1.16.0-x86_64-linux)
      racc (~> 1.4)
    nokogiri (1.16.0-arm64-darwin)
      racc (~> 1.4)
    racc (1.7.3)
    rack (3.0.9.1)
    rspec (3.13.0)
      rspec-core (~> 3.13.0)
    rspec-core (3.13.0)
      rspec-support (~> 3.13.0)
    rspec-support (3.13.1)
    sass-embedded (1.69.5.rc1-x86_64-linux-gnu)
    tzinfo (2.0.6)
      concurrent-ruby (~> 1.0)

PLATFORMS
  arm64-darwin
  x86_64-linux

DEPENDENCIES
  activesupport!
  nokogiri (~> 1.16)
  rspec (~> 3.13)
  sass-embedded
  shop!

CHECKSUMS
  racc (1.7.3) sha256=abc

RUBY VERSION
   ruby 3.3.0p0

BUNDLED WITH
   2.5.4
";

    const GEMFILE: &str = r#"source "https://rubygems.org"

gemspec
gem "activesupport", github: "rails/rails", branch: "main"
gem 'nokogiri', '~> 1.16' # HTML parsing
gem "sass-embedded", group: [:development, :assets]

group :development, :test do
  gem "rspec", "~> 3.13"
  if ENV["CI"]
    gem "simplecov"
  end
end
"#;

    fn table(lock: &str, gemfile: Option<&str>) -> Vec<(String, String, Relation, bool, u32)> {
        let gemfile = gemfile.map(str::to_string);
        let read = move |p: &str| {
            if p == "app/Gemfile" {
                gemfile.clone()
            } else {
                None
            }
        };
        parse("app/Gemfile.lock", lock, &read)
            .unwrap()
            .into_iter()
            .map(|p| (p.name, p.version, p.relation, p.dev, p.line.unwrap()))
            .collect()
    }

    fn row(
        n: &str,
        v: &str,
        r: Relation,
        dev: bool,
        line: u32,
    ) -> (String, String, Relation, bool, u32) {
        (n.to_string(), v.to_string(), r, dev, line)
    }

    #[test]
    fn gem_specs_with_gemfile_groups() {
        use Relation::{Direct, Transitive};
        assert_eq!(
            table(LOCK, Some(GEMFILE)),
            [
                row("concurrent-ruby", "1.2.3", Transitive, false, 18),
                row("nokogiri", "1.16.0", Direct, false, 19),
                row("racc", "1.7.3", Transitive, false, 23),
                // Required by the local gem `shop`.
                row("rack", "3.0.9.1", Direct, false, 24),
                row("rspec", "3.13.0", Direct, true, 25),
                row("rspec-core", "3.13.0", Transitive, true, 27),
                row("rspec-support", "3.13.1", Transitive, true, 29),
                // In `:assets` as well, so not development-only.
                row("sass-embedded", "1.69.5.rc1", Direct, false, 30),
                // Reached through the git gem activesupport, which is not a development gem.
                row("tzinfo", "2.0.6", Transitive, false, 31),
            ]
        );
    }

    #[test]
    fn without_gemfile_nothing_is_dev() {
        let rows = table(LOCK, None);
        assert_eq!(rows.len(), 9);
        assert!(rows.iter().all(|r| !r.3));
    }

    #[test]
    fn gemfile_groups() {
        let gems = gemfile_dev_gems(GEMFILE);
        assert_eq!(gems.get("rspec"), Some(&true));
        assert_eq!(gems.get("simplecov"), Some(&true));
        assert_eq!(gems.get("nokogiri"), Some(&false));
        assert_eq!(gems.get("sass-embedded"), Some(&false));
        let after =
            gemfile_dev_gems("group :test do\n  gem 'a'\nend\ngem 'b', :group => :test\ngem 'c'\n");
        assert_eq!((after["a"], after["b"], after["c"]), (true, true, false));
    }

    #[test]
    fn not_a_gemfile_lock() {
        let read = |_: &str| None;
        assert!(parse("Gemfile.lock", "  specs:\n", &read).is_err());
        assert!(parse("Gemfile.lock", "", &read).is_err());
        assert!(parse("Gemfile.lock", "GEM\n  specs:\n    rack\n", &read).is_err());
    }
}
