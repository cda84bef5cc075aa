use super::*;

/// The file name an example is read as: `name => line`, or a file of the pattern's first
/// extension.
fn example(pattern: &Pattern, text: &str) -> (String, String) {
    if let Some((name, line)) = text.split_once(" => ") {
        return (name.trim().to_string(), line.to_string());
    }
    let path = match pattern.files.first() {
        None => "example.txt".to_string(),
        // An exact file name (`settings.py`) or a name prefix (`dockerfile*`).
        Some(f) if f.contains('.') || f.ends_with('*') => f.trim_end_matches('*').to_string(),
        Some(extension) => format!("example.{extension}"),
    };
    (path, text.to_string())
}

#[test]
fn every_pattern_finds_its_examples_and_not_its_counter_examples() {
    let set = PatternSet::builtin();
    for (i, p) in set.patterns.iter().enumerate() {
        assert!(!p.examples.is_empty(), "{} has no examples", p.id);
        for e in &p.examples {
            let (path, text) = example(p, e);
            let hits = set.scan(&path, &text);
            assert!(
                hits.iter().any(|h| h.pattern == i),
                "{}: example not found in {path}: {text}",
                p.id
            );
        }
        for e in &p.counter_examples {
            let (path, text) = example(p, e);
            let hits = set.scan(&path, &text);
            assert!(
                !hits.iter().any(|h| h.pattern == i),
                "{}: counter-example matched in {path}: {text}",
                p.id
            );
        }
    }
}

#[test]
fn ids_are_unique_and_rules_are_security_or_operations() {
    let set = PatternSet::builtin();
    let mut ids: Vec<&str> = set.patterns.iter().map(|p| p.id.as_str()).collect();
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(before, ids.len(), "duplicate pattern ids");
    for p in &set.patterns {
        assert!(
            p.rule.len() == 6
                && (p.rule.starts_with("SEC")
                    || p.rule.starts_with("OPS")
                    || p.rule.starts_with("AI")
                    || p.rule.starts_with("PRI")),
            "{}: {}",
            p.id,
            p.rule
        );
    }
}

fn set_of(toml_text: &str) -> PatternSet {
    let file: PatternFile = toml::from_str(toml_text).unwrap();
    PatternSet::new(file.pattern).unwrap()
}

#[test]
fn hits_have_lines_values_and_skip_comments() {
    let set = set_of(
        r#"
[[pattern]]
id = "bcrypt-cost"
rule = "SEC010"
description = "bcrypt cost"
files = ["js", "ts"]
keywords = ["gensalt"]
regex = 'genSalt(?:Sync)?\(\s*(?P<value>\d+)\s*\)'
examples = ["bcrypt.genSaltSync(8)"]
"#,
    );
    let text = "const a = 1;\n// bcrypt.genSaltSync(4) is too weak\nconst s = bcrypt.genSaltSync(8);\nconst u = \"http://x\"; bcrypt.genSalt(6)\n";
    let hits = set.scan("src/auth.ts", text);
    let found: Vec<(u32, Option<&str>)> =
        hits.iter().map(|h| (h.line, h.value.as_deref())).collect();
    assert_eq!(
        found,
        vec![(3, Some("8")), (4, Some("6"))],
        "the comment on line 2 is skipped, the URL's // is not a comment"
    );
    assert!(
        set.scan("src/auth.py", text).is_empty(),
        "files restricts the pattern"
    );
    assert!(set.scan("src/auth.ts", "nothing here").is_empty());
}

#[test]
fn comment_detection_by_language() {
    assert!(in_comment("a.py", "x = 1  # verify=False", 10));
    assert!(!in_comment("a.py", "requests.get(u, verify=False)", 16));
    assert!(in_comment("a.go", "\t// InsecureSkipVerify: true", 4));
    assert!(in_comment("a.java", " * new TrustAllCerts()", 3));
    assert!(!in_comment("a.js", "fetch('http://a/b#c', x)", 18));
    assert!(in_comment("a.sql", "-- WHERE password = 'x'", 4));
}

#[test]
fn python_docstrings_are_documentation_but_other_triple_quoted_strings_are_code() {
    let text = "\"\"\"Module doc: SECRET_KEY = 'x'\"\"\"\nimport os\n\ndef f():\n    \"\"\"Example::\n\n        DEBUG = True\n    \"\"\"\n    cur.execute(\"\"\"SELECT * FROM t WHERE id = {x}\"\"\")\n";
    let ranges = python_docstrings("app/config.py", text);
    assert_eq!(ranges.len(), 2, "{ranges:?}");
    let debug = text.find("DEBUG").unwrap();
    let module = text.find("SECRET_KEY").unwrap();
    let sql = text.find("SELECT").unwrap();
    assert!(ranges.iter().any(|r| r.contains(&debug)));
    assert!(ranges.iter().any(|r| r.contains(&module)));
    assert!(
        !ranges.iter().any(|r| r.contains(&sql)),
        "SQL handed to execute stays code"
    );
    assert!(python_docstrings("app/config.js", text).is_empty());
    let typed = "class Config(dict):  # type: ignore[type-arg]\n    \"\"\"Use::\n\n        SECRET_KEY = 'development key'\n    \"\"\"\n";
    let key = typed.find("SECRET_KEY").unwrap();
    assert!(
        python_docstrings("config.py", typed)
            .iter()
            .any(|r| r.contains(&key)),
        "a comment after the colon"
    );
}

#[test]
fn quotes_hide_comment_markers_whatever_the_characters() {
    assert_eq!(code_part("x = 'é#ü' # note"), "x = 'é#ü' ");
    assert_eq!(code_part("s = \"a\\\"#\" + b"), "s = \"a\\\"#\" + b");
    assert_eq!(outside_strings("f('ä//b') // c"), "f('    ') // c");
}
