//! go.mod: the `require` directives (one line or a block), `// indirect` marking transitive
//! ones, with `replace` directives applied (a replacement by a local path drops the module).
//! Versions lose their leading `v`; pseudo-versions and `+incompatible` are kept as written.

use std::collections::HashMap;

use super::ReadFile;
use super::common::{dedupe, direct_or_transitive, find_unquoted};
use crate::deps::{Ecosystem, Package};

/// One `require` line.
struct Require {
    module: String,
    version: String,
    indirect: bool,
    line: u32,
}

/// Where a `replace` sends a module: another module at a version, or a local directory.
enum Target {
    Module(String, String),
    Local,
}

pub(super) fn parse_go_mod(
    path: &str,
    text: &str,
    _read: ReadFile<'_>,
) -> Result<Vec<Package>, String> {
    let (requires, replaces) = read_directives(path, text)?;
    let packages = requires
        .into_iter()
        .filter_map(|r| {
            let target = replaces
                .get(&(r.module.clone(), Some(r.version.clone())))
                .or_else(|| replaces.get(&(r.module.clone(), None)));
            let (module, version) = match target {
                Some(Target::Local) => return None,
                Some(Target::Module(m, v)) => (m.clone(), v.clone()),
                None => (r.module, r.version),
            };
            Some(Package {
                ecosystem: Ecosystem::Go,
                name: module,
                version: version.strip_prefix('v').unwrap_or(&version).to_string(),
                relation: direct_or_transitive(!r.indirect),
                dev: false,
                file: path.to_string(),
                line: Some(r.line),
            })
        })
        .collect();
    Ok(dedupe(packages))
}

type Replaces = HashMap<(String, Option<String>), Target>;

/// The `require` and `replace` directives, in single-line and block form.
fn read_directives(path: &str, text: &str) -> Result<(Vec<Require>, Replaces), String> {
    let mut requires = Vec::new();
    let mut replaces = HashMap::new();
    let mut block: Option<String> = None;
    let mut seen_module = false;
    for (index, raw) in text.lines().enumerate() {
        let number = index as u32 + 1;
        let (code, comment) = split_comment(raw);
        let code = code.trim();
        if code.is_empty() {
            continue;
        }
        let (verb, args) = if let Some(verb) = &block {
            if code == ")" {
                block = None;
                continue;
            }
            (verb.clone(), code)
        } else {
            let (verb, rest) = code.split_once(char::is_whitespace).unwrap_or((code, ""));
            let rest = rest.trim();
            if rest == "(" {
                block = Some(verb.to_string());
                continue;
            }
            (verb.to_string(), rest)
        };
        match verb.as_str() {
            "module" => seen_module = true,
            "require" => {
                let words = words(args);
                if let [module, version] = words.as_slice() {
                    requires.push(Require {
                        module: module.clone(),
                        version: version.clone(),
                        indirect: is_indirect(comment),
                        line: number,
                    });
                } else {
                    return Err(format!(
                        "{path} line {number}: a require needs a module path and a version"
                    ));
                }
            }
            "replace" => {
                if let Some((from, to)) = replacement(args) {
                    replaces.insert(from, to);
                } else {
                    return Err(format!(
                        "{path} line {number}: a replace needs `module [version] => target`"
                    ));
                }
            }
            // go, toolchain, exclude, retract, tool, godebug, ignore: not dependencies.
            _ => {}
        }
    }
    if !seen_module && !requires.is_empty() {
        return Err(format!(
            "{path} has no module directive; it is not a go.mod file"
        ));
    }
    Ok((requires, replaces))
}

/// The code and the comment of a line; `//` inside a quoted string is not a comment.
fn split_comment(line: &str) -> (&str, &str) {
    match find_unquoted(line, &['"', '`'], true, "//") {
        Some(at) => (&line[..at], &line[at + 2..]),
        None => (line, ""),
    }
}

/// Go's rule: the comment is `indirect`, or starts with `indirect;`.
fn is_indirect(comment: &str) -> bool {
    let comment = comment.trim();
    comment == "indirect" || comment.starts_with("indirect;")
}

/// Whitespace-separated words, with quoted strings unquoted.
fn words(args: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = args.trim();
    while !rest.is_empty() {
        let word;
        if let Some(inner) = rest.strip_prefix('`') {
            let end = inner.find('`').unwrap_or(inner.len());
            word = inner[..end].to_string();
            rest = inner.get(end + 1..).unwrap_or("");
        } else if let Some(inner) = rest.strip_prefix('"') {
            let end = inner.find('"').unwrap_or(inner.len());
            word = inner[..end].replace("\\\"", "\"");
            rest = inner.get(end + 1..).unwrap_or("");
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            word = rest[..end].to_string();
            rest = &rest[end..];
        }
        out.push(word);
        rest = rest.trim_start();
    }
    out
}

/// `old [version] => new version` or `old [version] => ./local/path`.
fn replacement(args: &str) -> Option<((String, Option<String>), Target)> {
    let words = words(args);
    let arrow = words.iter().position(|w| w == "=>")?;
    let from = match &words[..arrow] {
        [module] => (module.clone(), None),
        [module, version] => (module.clone(), Some(version.clone())),
        _ => return None,
    };
    let to = match &words[arrow + 1..] {
        [dir] if is_local(dir) => Target::Local,
        [module, version] => Target::Module(module.clone(), version.clone()),
        _ => return None,
    };
    Some((from, to))
}

/// Go treats a replacement as a directory when it starts with `./`, `../` or is absolute.
fn is_local(target: &str) -> bool {
    target.starts_with("./")
        || target.starts_with("../")
        || target.starts_with('/')
        || target.starts_with(".\\")
        || target.starts_with("..\\")
        || target.as_bytes().get(1) == Some(&b':')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deps::Relation;

    fn no_files(_: &str) -> Option<String> {
        None
    }

    const GO_MOD: &str = r#"module github.com/acme/shop // the shop

go 1.22.0

toolchain go1.22.3

require github.com/gin-gonic/gin v1.9.1

require (
	// database
	github.com/jackc/pgx/v5 v5.5.4
	golang.org/x/net v0.0.0-20220722155237-a158d28d115b // indirect
	github.com/docker/docker v24.0.7+incompatible // indirect; used by tests
	"github.com/quoted/mod" v1.0.0
	github.com/acme/internal v0.3.0
	github.com/old/name v1.2.0
	github.com/pinned/only v1.0.0 // indirectly useful
)

replace github.com/acme/internal => ../internal

replace (
	github.com/old/name => github.com/new/name v1.3.1
	github.com/pinned/only v0.9.0 => github.com/fork/only v0.9.1
)

exclude golang.org/x/net v0.1.0

retract [v1.0.0, v1.0.5] // broken release
"#;

    #[test]
    fn requires_with_replacements() {
        let out = parse_go_mod("go.mod", GO_MOD, &no_files).unwrap();
        let got: Vec<_> = out
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.version.as_str(),
                    p.relation,
                    p.line.unwrap(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("github.com/gin-gonic/gin", "1.9.1", Relation::Direct, 7),
                ("github.com/jackc/pgx/v5", "5.5.4", Relation::Direct, 11),
                (
                    "golang.org/x/net",
                    "0.0.0-20220722155237-a158d28d115b",
                    Relation::Transitive,
                    12
                ),
                (
                    "github.com/docker/docker",
                    "24.0.7+incompatible",
                    Relation::Transitive,
                    13
                ),
                ("github.com/quoted/mod", "1.0.0", Relation::Direct, 14),
                // github.com/acme/internal is replaced by a directory: gone.
                ("github.com/new/name", "1.3.1", Relation::Direct, 16),
                // The versioned replace is for v0.9.0 only; "indirectly" is not "indirect".
                ("github.com/pinned/only", "1.0.0", Relation::Direct, 17),
            ]
        );
    }

    #[test]
    fn malformed_go_mod_is_an_error() {
        let err = parse_go_mod(
            "go.mod",
            "module x\nrequire (\n\tgithub.com/a\n)\n",
            &no_files,
        )
        .unwrap_err();
        assert_eq!(
            err,
            "go.mod line 3: a require needs a module path and a version"
        );
        assert!(parse_go_mod("go.mod", "require a v1\n", &no_files).is_err());
        assert!(
            parse_go_mod("go.mod", "module x\n\ngo 1.21\n", &no_files)
                .unwrap()
                .is_empty()
        );
    }
}
