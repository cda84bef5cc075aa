//! SEC-18: risky ways of pulling in code: dependencies from git or URLs without a pinned commit,
//! a second Python package index (`--extra-index-url`), downloads piped into a shell in scripts.

use super::pattern_groups::{collapsed, plain_line_list, rule_hits, unique_texts};
use crate::{Analysis, Emitter};
use fcto_facts::analysis::test_code::is_test_path;
use fcto_facts::code_patterns::PatternHit;
use fcto_facts::stack::{Manifest, is_auxiliary_path};
use fcto_model::{Evidence, RuleDocs, Severity};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

pub const DOCS: RuleDocs = RuleDocs {
    what: "Reads the product's manifests for dependencies taken from git or a URL instead of a \
           registry, without a pinned commit: npm `github:user/repo`, `user/repo`, `git+https://…` \
           and `git://…` without `#<40-hex commit>`, and tarball URLs; pip `git+https://…` \
           requirements (in `requirements*.txt`, `pyproject.toml`, `setup.py`) without \
           `@<40-hex commit>`; Gemfile `git:`/`github:` gems without `ref:`; Cargo and Pipfile \
           `git = …` without `rev`/`ref`; Go `replace` directives pointing a module at another \
           module (a fork, low). Medium without a lockfile beside the manifest, low when one \
           records the commit until the next update. Also reports `--extra-index-url` (and \
           `extra-index-url =`, `PIP_EXTRA_INDEX_URL`) in any file but docs: high, as pip \
           then takes a package from whichever index offers the higher version (dependency \
           confusion), medium for the well-known public indexes of PyTorch and NVIDIA; and \
           downloads piped into a shell (`curl … | sh`, `iwr … | iex`) in shell, PowerShell \
           and make scripts (CI files and Dockerfiles are DEL014's and OPS015's). Examples \
           and docs are left out. One finding per file.",
    why: "Code fetched this way can change without anyone noticing, and is a favourite route \
          for supply-chain attacks: a moved branch, a taken-over repository or a package \
          uploaded to the public index under your internal package's name runs with your \
          developers' and servers' access.",
    how_to_fix: "Take dependencies from the registry, or pin git sources to a full commit \
                 (`github:org/repo#<sha>`, `git+https://…@<sha>`, `ref: \"<sha>\"`, `rev = \
                 \"<sha>\"`). Replace `--extra-index-url` with a single index that proxies \
                 PyPI (`--index-url`), uv's per-package `[[tool.uv.index]]` with `explicit = \
                 true`, or hash-pinned requirements (`--require-hashes`). Download install \
                 scripts, check their checksum, then run them.",
    options: "None.",
};

const RULE: &str = "SEC018";

/// Public indexes published by well-known vendors: a name clash there is less likely than on
/// a private index whose package names are not reserved on PyPI.
const PUBLIC_INDEXES: &[&str] = &[
    "download.pytorch.org",
    "pypi.nvidia.com",
    "pypi.ngc.nvidia.com",
    "data.pyg.org",
];

/// A dependency taken from git or a URL.
struct Source {
    name: String,
    line: Option<u32>,
    /// What it is taken from, in a few words.
    what: String,
    pinned: bool,
}

static FULL_SHA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9a-f]{40}$").expect("valid regex"));
static NPM_SHORTHAND: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(#.*)?$").expect("valid regex"));
static PIP_GIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"git\+[a-z]+://[^\s"'#;,\]]+"#).expect("valid regex"));
static GEM_GIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^\s*gem\s*\(?\s*["']([^"']+)["'].*\b(?:git|github|gitlab|bitbucket)\s*(?::|=>)\s*["']([^"']+)["']"#)
        .expect("valid regex")
});
static GEM_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\bref\s*(?::|=>)\s*["']([0-9a-f]{7,40})["']"#).expect("valid regex")
});
static TOML_GIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\bgit\s*=\s*["']([^"']+)["']"#).expect("valid regex"));
static TOML_REV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\b(?:rev|ref)\s*=\s*["']([0-9a-f]{7,40})["']"#).expect("valid regex")
});
static TOML_HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\[+([^\]]+)\]+\s*$").expect("valid regex"));
static TOML_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^\s*["']?([A-Za-z0-9_.-]+)["']?\s*="#).expect("valid regex"));

/// What an npm constraint takes the package from, and whether it names a full commit; `None`
/// for a registry version.
fn npm_source(constraint: &str) -> Option<(String, bool)> {
    let c = constraint.trim();
    let fragment = c.split_once('#').map(|(_, f)| f);
    let pinned = fragment.is_some_and(|f| FULL_SHA.is_match(f));
    let git = [
        "github:",
        "gitlab:",
        "bitbucket:",
        "gist:",
        "git+",
        "git://",
        "git@",
    ]
    .iter()
    .any(|p| c.starts_with(p))
        || (c.starts_with("http") && c.split('#').next().is_some_and(|u| u.ends_with(".git")));
    if git || (NPM_SHORTHAND.is_match(c) && !c.starts_with('.')) {
        return Some((format!("git `{c}`"), pinned));
    }
    if c.starts_with("http://") || c.starts_with("https://") {
        return Some((format!("the URL `{c}`"), false));
    }
    None
}

/// A `git+…` requirement and whether it ends in a full commit (`…@<sha>`).
fn pip_git_pinned(url: &str) -> bool {
    url.rsplit_once('@')
        .is_some_and(|(_, tail)| FULL_SHA.is_match(tail))
}

/// The git sources of one manifest.
fn sources(m: &Manifest, text: &str) -> Vec<Source> {
    let name = m
        .path
        .rsplit('/')
        .next()
        .unwrap_or(&m.path)
        .to_ascii_lowercase();
    match m.ecosystem.as_str() {
        "npm" => m
            .dependencies
            .iter()
            .filter_map(|d| {
                let (what, pinned) = npm_source(d.constraint.as_deref()?)?;
                Some(Source {
                    name: d.name.clone(),
                    line: d.line,
                    what,
                    pinned,
                })
            })
            .collect(),
        "pypi" if name == "pipfile" => toml_git(text),
        // Poetry's `foo = { git = "…", rev = "…" }` besides PEP 508 `foo @ git+https://…`.
        "pypi" if name == "pyproject.toml" => {
            let mut found = pip_git(text);
            found.extend(toml_git(text));
            found
        }
        "pypi" => pip_git(text),
        "rubygems" if name == "gemfile" => text
            .lines()
            .enumerate()
            .filter_map(|(i, l)| {
                let c = GEM_GIT.captures(l)?;
                Some(Source {
                    name: c[1].to_string(),
                    line: Some(i as u32 + 1),
                    what: format!("git `{}`", &c[2]),
                    pinned: GEM_REF.is_match(l),
                })
            })
            .collect(),
        "cargo" => toml_git(text),
        "go" => go_replaces(text),
        _ => Vec::new(),
    }
}

/// `git+…://` requirements in a Python manifest (requirements, PEP 508 strings, `setup.py`).
fn pip_git(text: &str) -> Vec<Source> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with('#'))
        .flat_map(|(i, l)| {
            PIP_GIT.find_iter(l).map(move |u| Source {
                name: u
                    .as_str()
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .split(['@', '.'])
                    .next()
                    .unwrap_or_default()
                    .to_string(),
                line: Some(i as u32 + 1),
                what: format!("`{}`", u.as_str()),
                pinned: pip_git_pinned(u.as_str()),
            })
        })
        .collect()
}

/// `git = "…"` dependencies of a TOML manifest (Cargo, Pipfile), pinned when the same inline
/// table or section has a `rev`/`ref` that is a commit.
fn toml_git(text: &str) -> Vec<Source> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    let mut section: Option<(usize, String)> = None;
    for (i, line) in lines.iter().enumerate() {
        if let Some(h) = TOML_HEADER.captures(line) {
            section = Some((i, h[1].trim().to_string()));
            continue;
        }
        let Some(git) = TOML_GIT.captures(line) else {
            continue;
        };
        let inline = line.contains('{');
        let (name, pinned) = if inline {
            let key = TOML_KEY
                .captures(line)
                .map_or_else(String::new, |k| k[1].to_string());
            (key, TOML_REV.is_match(line))
        } else {
            // `[dependencies.serde]` with `git = …` on its own line: the whole section.
            let start = section.as_ref().map_or(0, |(s, _)| s + 1);
            let end = lines[start..]
                .iter()
                .position(|l| TOML_HEADER.is_match(l))
                .map_or(lines.len(), |p| start + p);
            let name = section
                .as_ref()
                .and_then(|(_, h)| h.rsplit('.').next())
                .unwrap_or_default()
                .to_string();
            (name, lines[start..end].iter().any(|l| TOML_REV.is_match(l)))
        };
        found.push(Source {
            name,
            line: Some(i as u32 + 1),
            what: format!("git `{}`", &git[1]),
            pinned,
        });
    }
    found
}

/// Go `replace` directives that point a module at a different module (a fork), not at a local
/// folder. The version is pinned by `go.sum`; the risk is code nobody upstream reviews.
fn go_replaces(text: &str) -> Vec<Source> {
    let mut found = Vec::new();
    let mut in_block = false;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split("//").next().unwrap_or(raw).trim();
        let spec = if in_block {
            if line.starts_with(')') {
                in_block = false;
                continue;
            }
            line
        } else if let Some(rest) = line.strip_prefix("replace") {
            let rest = rest.trim();
            if rest.starts_with('(') {
                in_block = true;
                continue;
            }
            rest
        } else {
            continue;
        };
        let Some((from, to)) = spec.split_once("=>") else {
            continue;
        };
        let from = from.split_whitespace().next().unwrap_or_default();
        let to = to.split_whitespace().next().unwrap_or_default();
        let local = to.starts_with('.') || to.starts_with('/');
        if local || to.is_empty() || to == from {
            continue;
        }
        found.push(Source {
            name: from.to_string(),
            line: Some(i as u32 + 1),
            what: format!("the fork `{to}`"),
            pinned: true,
        });
    }
    found
}

/// Whether a file is documentation, where a command is quoted rather than run.
fn is_doc(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".md", ".mdx", ".rst", ".adoc", ".html", ".ipynb"]
        .iter()
        .any(|e| lower.ends_with(e))
        || (is_auxiliary_path(path) && !is_test_path(path))
}

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    for m in a.facts.stack.product_manifests() {
        let Some(text) = a.facts.inventory.document_text(&m.path) else {
            continue;
        };
        report_manifest(e, m, &sources(m, &text));
    }
    let mut groups: BTreeMap<(&str, &str), Vec<&PatternHit>> = BTreeMap::new();
    for (h, p) in rule_hits(a, RULE) {
        if !is_doc(&h.path) {
            groups.entry((&h.path, p.id.as_str())).or_default().push(h);
        }
    }
    for ((path, id), hits) in groups {
        if id == "sec018-extra-index-url" {
            report_extra_index(e, path, &hits);
        } else {
            report_pipe_to_shell(e, path, &hits);
        }
    }
}

fn report_manifest(e: &mut Emitter<'_>, m: &Manifest, found: &[Source]) {
    let forks: Vec<&Source> = found
        .iter()
        .filter(|s| m.ecosystem == "go" && s.pinned)
        .collect();
    let unpinned: Vec<&Source> = found.iter().filter(|s| !s.pinned).collect();
    let evidence = |list: &[&Source]| -> Vec<Evidence> {
        list.iter()
            .map(|s| match s.line {
                Some(l) => Evidence::line(&m.path, l).with_note(s.name.clone()),
                None => Evidence::file(&m.path).with_note(s.name.clone()),
            })
            .collect()
    };
    let describe = |list: &[&Source]| -> String {
        let mut parts: Vec<String> = list
            .iter()
            .take(5)
            .map(|s| format!("`{}` from {}", s.name, s.what))
            .collect();
        if list.len() > 5 {
            parts.push(format!("{} more", list.len() - 5));
        }
        parts.join(", ")
    };
    let key = |list: &[&Source]| -> String {
        let mut names: Vec<&str> = list.iter().map(|s| s.name.as_str()).collect();
        names.sort_unstable();
        names.join(" ")
    };
    if !unpinned.is_empty() {
        let locked = !m.lockfiles.is_empty();
        let n = unpinned.len();
        e.report_with(
            if locked {
                Severity::Low
            } else {
                Severity::Medium
            },
            format!(
                "`{}` takes {n} dependenc{} from git or a URL without a pinned commit: {}{}",
                m.path,
                if n == 1 { "y" } else { "ies" },
                describe(&unpinned),
                if locked {
                    "; the lockfile records a commit until the next update"
                } else {
                    "; with no lockfile, every install takes whatever the branch or URL holds"
                }
            ),
            evidence(&unpinned),
            &format!("unpinned {}", key(&unpinned)),
        );
    }
    if !forks.is_empty() {
        e.report_with(
            Severity::Low,
            format!(
                "`{}` replaces {} module{} with another module: {}; to review: forks miss \
                 upstream fixes and are reviewed by fewer people",
                m.path,
                forks.len(),
                if forks.len() == 1 { "" } else { "s" },
                describe(&forks)
            ),
            evidence(&forks),
            &format!("forks {}", key(&forks)),
        );
    }
}

/// The host of an index URL, credentials and path removed.
fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or(rest);
    authority
        .rsplit('@')
        .next()
        .unwrap_or(authority)
        .to_ascii_lowercase()
}

fn report_extra_index(e: &mut Emitter<'_>, path: &str, hits: &[&PatternHit]) {
    let mut hosts: Vec<String> = hits
        .iter()
        .filter_map(|h| h.value.as_deref())
        .map(host)
        .collect();
    hosts.sort();
    hosts.dedup();
    let public = !hosts.is_empty() && hosts.iter().all(|h| PUBLIC_INDEXES.contains(&h.as_str()));
    let lines: Vec<u32> = hits.iter().map(|h| h.line).collect();
    let list = hosts
        .iter()
        .map(|h| format!("`{h}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let message = if public {
        format!(
            "`{path}` adds a second package index besides PyPI with `--extra-index-url` \
             ({list}, {}): pip takes each package from whichever index has the higher version",
            plain_line_list(&lines)
        )
    } else {
        format!(
            "`{path}` adds a second package index besides PyPI with `--extra-index-url` \
             ({list}, {}): anyone can publish a package with one of your internal names on \
             PyPI and pip will install it if its version is higher (dependency confusion)",
            plain_line_list(&lines)
        )
    };
    e.report_with(
        if public {
            Severity::Medium
        } else {
            Severity::High
        },
        message,
        lines.iter().map(|&l| Evidence::line(path, l)).collect(),
        &format!("extra index {}", hosts.join(" ")),
    );
}

fn report_pipe_to_shell(e: &mut Emitter<'_>, path: &str, hits: &[&PatternHit]) {
    let lines: Vec<u32> = hits.iter().map(|h| h.line).collect();
    let first = hits.first().map(|h| collapsed(&h.text)).unwrap_or_default();
    let texts = unique_texts(hits);
    e.report_with(
        Severity::Medium,
        format!(
            "`{path}` pipes a download straight into a shell ({}: `{first}`): it runs whatever \
             the server sends that day, unchecked",
            plain_line_list(&lines)
        ),
        lines.iter().map(|&l| Evidence::line(path, l)).collect(),
        &format!("pipe to shell {}", texts.join(" | ")),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Name, line and whether pinned, of each source found.
    fn summary(sources: Vec<Source>) -> Vec<(String, Option<u32>, bool)> {
        sources
            .into_iter()
            .map(|s| (s.name, s.line, s.pinned))
            .collect()
    }

    #[test]
    fn npm_sources() {
        let sha = "0123456789abcdef0123456789abcdef01234567";
        assert_eq!(
            npm_source("github:acme/ui"),
            Some(("git `github:acme/ui`".into(), false))
        );
        assert!(npm_source(&format!("github:acme/ui#{sha}")).is_some_and(|s| s.1));
        assert!(npm_source("acme/ui#v1.2.0").is_some_and(|s| !s.1));
        assert!(npm_source("git+https://github.com/acme/ui.git#main").is_some_and(|s| !s.1));
        assert!(npm_source("https://example.com/ui-1.0.0.tgz").is_some_and(|s| !s.1));
        for registry in [
            "^1.2.3",
            "~4",
            "workspace:*",
            "npm:other@1",
            "file:../ui",
            "latest",
        ] {
            assert_eq!(npm_source(registry), None, "{registry}");
        }
    }

    #[test]
    fn toml_git_sources() {
        let cargo = "[dependencies]\nserde = \"1\"\nfoo = { git = \"https://github.com/a/foo\", branch = \"main\" }\nbar = { git = \"https://github.com/a/bar\", rev = \"9f8e7d6c\" }\n\n[dependencies.baz]\ngit = \"https://github.com/a/baz\"\nrev = \"0123456789abcdef0123456789abcdef01234567\"\n\n[dependencies.qux]\ngit = \"https://github.com/a/qux\"\ntag = \"v1\"\n";
        let found = summary(toml_git(cargo));
        assert_eq!(
            found,
            vec![
                ("foo".into(), Some(3), false),
                ("bar".into(), Some(4), true),
                ("baz".into(), Some(7), true),
                ("qux".into(), Some(11), false),
            ]
        );
    }

    #[test]
    fn gem_and_pip_git_sources() {
        let gem = "gem 'rails', '~> 7.1'\ngem 'pay', github: 'acme/pay', branch: 'main'\ngem \"lucide\", git: \"https://github.com/x/lucide\", ref: \"9f8e7d6c5b\"\n";
        let found: Vec<(String, bool)> = gem
            .lines()
            .filter_map(|l| {
                GEM_GIT
                    .captures(l)
                    .map(|c| (c[1].to_string(), GEM_REF.is_match(l)))
            })
            .collect();
        assert_eq!(found, vec![("pay".into(), false), ("lucide".into(), true)]);
        let reqs = format!(
            "django==5.1\n# git+https://github.com/a/old.git\ngit+https://github.com/acme/billing.git@main#egg=billing\nlib @ git+ssh://git@github.com/acme/lib.git@{}\n",
            "0123456789abcdef0123456789abcdef01234567"
        );
        let found = summary(pip_git(&reqs));
        assert_eq!(
            found,
            vec![
                ("billing".into(), Some(3), false),
                ("lib".into(), Some(4), true)
            ]
        );
    }

    #[test]
    fn go_fork_replaces() {
        let text = "module x\n\nreplace github.com/a/b => github.com/me/b v1.2.4\nreplace (\n\tgithub.com/c/d => ../d\n\tgithub.com/e/f v1.0.0 => github.com/fork/f v1.0.1 // fix\n)\n";
        let found: Vec<(String, Option<u32>)> = go_replaces(text)
            .into_iter()
            .map(|s| (s.name, s.line))
            .collect();
        assert_eq!(
            found,
            vec![
                ("github.com/a/b".into(), Some(3)),
                ("github.com/e/f".into(), Some(6))
            ]
        );
        assert_eq!(
            host("https://user:tok@pypi.corp.example/simple/"),
            "pypi.corp.example"
        );
    }
}
