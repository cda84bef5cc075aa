//! Which files are not the product's own code: generated, vendored (third-party code checked
//! in), minified or binary. Paths and names come from small tables below, modelled on GitHub
//! Linguist's `vendor.yml` and `generated.rb` (as of 2026-11); `.gitattributes`
//! `linguist-generated` / `linguist-vendored` override them either way.

use super::Exclusion;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use regex::bytes::{RegexSet, RegexSetBuilder};
use std::sync::LazyLock;

/// How many bytes are looked at for NUL bytes (as git and ripgrep do).
pub(crate) const BINARY_PROBE_BYTES: usize = 8 * 1024;

/// Path patterns of third-party code (Linguist's `vendor.yml`, the common part), with the
/// detail shown in the report. Paths are relative, `/`-separated.
const VENDOR_PATTERNS: &[(&str, &str)] = &[
    (r"(^|/)vendor/", "under a vendor/ directory"),
    (r"(^|/)node_modules/", "under node_modules/"),
    (r"(^|/)third[-_]party/", "under a third-party directory"),
    (r"(^|/)bower_components/", "under bower_components/"),
    (r"(^|/)Pods/", "under Pods/ (CocoaPods)"),
    (r"(^|/)Carthage/", "under Carthage/"),
    (
        r"(^|/)\.yarn/(releases|plugins|sdks|cache|unplugged)/",
        "Yarn's own files under .yarn/",
    ),
    (r"(^|/)\.pnp\.c?js$", "Yarn Plug'n'Play loader"),
    (r"(^|/)dist/", "under a dist/ directory (build output)"),
    // `build/` holds sources in some ecosystems; only JavaScript/CSS output there is counted out.
    (
        r"(^|/)build/.*\.(js|mjs|cjs|css|map)$",
        "JavaScript/CSS under a build/ directory (build output)",
    ),
    (r"^target/", "under target/ (build output)"),
    (
        r"(^|/)Godeps/_workspace/",
        "Go dependencies under Godeps/_workspace/",
    ),
    (
        r"(^|/)(\.venv|venv|site-packages)/",
        "a Python virtual environment",
    ),
    (r"(^|/)gradlew(\.bat)?$", "the Gradle wrapper script"),
    (r"(^|/)gradle/wrapper/", "the Gradle wrapper"),
    (r"(^|/)mvnw(\.cmd)?$", "the Maven wrapper script"),
    (r"(^|/)\.mvn/wrapper/", "the Maven wrapper"),
    (
        r"(^|/)(jquery|jquery-ui)([^/]*)\.(js|css)$",
        "a copy of jQuery",
    ),
    (
        r"(^|/)bootstrap([^/.]*)(\.[^/]*)?\.(js|css|less|scss|styl)$",
        "a copy of Bootstrap",
    ),
    (
        r"(^|/)(modernizr|normalize|select2|d3|underscore|lodash|moment|backbone|angular)(\.min)?\.(js|css)$",
        "a copy of a well-known library",
    ),
    (r"(^|/)(extern|external)/", "under an extern/ directory"),
    (
        r"(^|/)deps/.*\.(ex|exs|erl|c|h)$",
        "Elixir/Erlang dependencies under deps/",
    ),
];

/// File names of generated code and lockfiles (Linguist's `generated.rb`, the common part).
const GENERATED_NAMES: &[(&str, &str)] = &[
    (
        r"\.pb\.(go|cc|h|swift|rb|ts|js)$",
        "protocol buffers output",
    ),
    (r"_pb2(_grpc)?\.pyi?$", "protocol buffers output"),
    (r"_grpc\.pb\.go$", "gRPC output"),
    (
        r"\.g\.dart$|\.freezed\.dart$|\.gr\.dart$",
        "Dart code generation output",
    ),
    (r"(?i)\.designer\.(cs|vb)$", "Visual Studio designer file"),
    (r"\.g\.(cs|i\.cs)$", "C# generated file"),
    (
        r"(^|/)zz_generated\.[^/]*\.go$",
        "Kubernetes code generation output",
    ),
    (r"\.generated\.[^/]+$", "named .generated"),
    (
        r"\.gen\.[^/.]+$",
        "named .gen (e.g. TanStack Router's routeTree.gen.ts)",
    ),
    (r"(^|/)__generated__/", "under __generated__/"),
    (r"\.(js|css)\.map$", "source map"),
    (
        r"(^|/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|Cargo\.lock|poetry\.lock|uv\.lock|pdm\.lock|Pipfile\.lock|Gemfile\.lock|go\.sum|composer\.lock|gradle\.lockfile|packages\.lock\.json|mix\.lock|pubspec\.lock|Podfile\.lock|Package\.resolved|flake\.lock|\.terraform\.lock\.hcl)$",
        "lockfile",
    ),
];

// Byte sets without Unicode classes: the patterns are ASCII, and Unicode tables made building
// these two sets a large share of a small repository's run.
static VENDOR_SET: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSetBuilder::new(VENDOR_PATTERNS.iter().map(|p| p.0))
        .unicode(false)
        .build()
        .expect("vendor patterns")
});
static GENERATED_SET: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSetBuilder::new(GENERATED_NAMES.iter().map(|p| p.0))
        .unicode(false)
        .build()
        .expect("generated names")
});

/// Why a path is third-party code, from the vendor table.
pub(crate) fn vendored_path(path: &str) -> Option<&'static str> {
    VENDOR_SET
        .matches(path.as_bytes())
        .iter()
        .next()
        .map(|i| VENDOR_PATTERNS[i].1)
}

/// Why a path is generated, from the name table.
pub(crate) fn generated_name(path: &str) -> Option<&'static str> {
    GENERATED_SET
        .matches(path.as_bytes())
        .iter()
        .next()
        .map(|i| GENERATED_NAMES[i].1)
}

/// Lines searched for the weaker markers (`auto-generated`, `automatically generated`...),
/// which hand-written files also use in prose further down.
const MARKER_LINES: usize = 5;

/// Lines searched for the strong markers (`@generated`, `DO NOT EDIT`), which hand-written code
/// does not carry near its top. Generators often put them after a license or API description
/// header (the Go and TypeScript clients of the `OpenAPI` Generator have them on lines 9-12), so the
/// window is wider than for the weak markers.
const STRONG_MARKER_LINES: usize = 10;

/// Go's convention (<https://go.dev/s/generatedcode>): this line anywhere before the package
/// clause.
static GO_GENERATED: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
    regex::bytes::Regex::new(r"(?m)^// Code generated .* DO NOT EDIT\.\r?$").expect("go marker")
});
static GO_PACKAGE: LazyLock<regex::bytes::Regex> =
    LazyLock::new(|| regex::bytes::Regex::new(r"(?m)^package\s").expect("go package"));

/// A generated-code marker: for Go, Go's `// Code generated ... DO NOT EDIT.` line anywhere
/// before the package clause; for every language `@generated` or `DO NOT EDIT` in the first ten
/// lines, or `auto-generated`, `autogenerated`, `automatically generated` or `generated` with
/// `do not edit` in the first five.
pub(crate) fn generated_marker(text: &[u8], language: Option<&str>) -> Option<String> {
    let mut weak = None;
    for (i, line) in text
        .split(|b| *b == b'\n')
        .take(STRONG_MARKER_LINES)
        .enumerate()
    {
        let line = String::from_utf8_lossy(line);
        let strong = if line.contains("@generated") {
            Some("@generated")
        } else if line.contains("DO NOT EDIT") {
            Some("DO NOT EDIT")
        } else {
            None
        };
        if let Some(marker) = strong {
            return Some(format!("`{marker}` on line {}", i + 1));
        }
        if weak.is_some() || i >= MARKER_LINES {
            continue;
        }
        let lower = line.to_ascii_lowercase();
        weak = if lower.contains("auto-generated") {
            Some("auto-generated")
        } else if lower.contains("autogenerated") {
            Some("autogenerated")
        } else if lower.contains("automatically generated") {
            Some("automatically generated")
        } else if lower.contains("generated") && lower.contains("do not edit") {
            Some("generated, do not edit")
        } else {
            None
        }
        .map(|marker| format!("`{marker}` on line {}", i + 1));
    }
    if weak.is_some() {
        return weak;
    }
    if language == Some("Go") {
        let header = GO_PACKAGE.find(text).map_or(text, |m| &text[..m.start()]);
        if let Some(m) = GO_GENERATED.find(header) {
            let line = super::newlines(&text[..m.start()]) + 1;
            return Some(format!("`Code generated ... DO NOT EDIT.` on line {line}"));
        }
    }
    None
}

/// Languages that get minified; long prose lines in Markdown are not minification.
const MINIFIABLE: &[&str] = &["JavaScript", "JSX", "CSS", "HTML", "JSON", "SVG"];

/// Minified or bundled code: a `.min.` name, or a few very long lines.
pub(crate) fn minified(path: &str, language: Option<&str>, text: &[u8]) -> Option<String> {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    for ext in [".min.js", ".min.mjs", ".min.css", "-min.js", ".bundle.js"] {
        if name.ends_with(ext) {
            return Some(format!("named *{ext}"));
        }
    }
    if !language.is_some_and(|l| MINIFIABLE.contains(&l)) || text.len() < 1024 {
        return None;
    }
    let lines = text
        .split(|b| *b == b'\n')
        .filter(|l| !l.trim_ascii().is_empty())
        .count()
        .max(1);
    let average = text.len() / lines;
    (lines <= 25 && average > 300)
        .then(|| format!("{lines} line(s) averaging {average} characters"))
}

/// Whether the bytes look binary: a NUL byte in the first 8 KB.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(BINARY_PROBE_BYTES)].contains(&0)
}

/// The `linguist-generated` / `linguist-vendored` rules of the tree's `.gitattributes` files.
#[derive(Default)]
pub(crate) struct LinguistAttributes {
    rules: Vec<AttributeRule>,
}

struct AttributeRule {
    /// The directory holding the `.gitattributes` file, with a trailing `/`, or empty.
    dir: String,
    matcher: Gitignore,
    generated: Option<bool>,
    vendored: Option<bool>,
    /// `path:line` of the rule.
    origin: String,
}

/// What `.gitattributes` says about one path: `Some(true)` set, `Some(false)` unset.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct AttributeVerdict {
    pub generated: Option<(bool, String)>,
    pub vendored: Option<(bool, String)>,
}

impl LinguistAttributes {
    /// Adds the rules of the `.gitattributes` file at `path` (relative), in file order. Add
    /// files from the root down: deeper files and later lines win, as in git.
    pub(crate) fn add_file(&mut self, path: &str, text: &str) {
        let dir = path
            .strip_suffix(".gitattributes")
            .unwrap_or("")
            .to_string();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty()
                || line.starts_with('#')
                || line.starts_with('!')
                || line.starts_with("[attr]")
            {
                continue;
            }
            let mut words = line.split_whitespace();
            let Some(pattern) = words.next() else {
                continue;
            };
            let (mut generated, mut vendored) = (None, None);
            for attr in words {
                let (name, value) = attribute(attr);
                match name {
                    "linguist-generated" => generated = Some(value),
                    "linguist-vendored" => vendored = Some(value),
                    _ => {}
                }
            }
            if generated.is_none() && vendored.is_none() {
                continue;
            }
            let mut builder = GitignoreBuilder::new("");
            if builder.add_line(None, pattern).is_err() {
                continue;
            }
            let Ok(matcher) = builder.build() else {
                continue;
            };
            self.rules.push(AttributeRule {
                dir: dir.clone(),
                matcher,
                generated,
                vendored,
                origin: format!("{path}:{}", i + 1),
            });
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    pub(crate) fn lookup(&self, path: &str) -> AttributeVerdict {
        let mut verdict = AttributeVerdict::default();
        for rule in &self.rules {
            let Some(rest) = path.strip_prefix(rule.dir.as_str()) else {
                continue;
            };
            if !rule.matcher.matched(rest, false).is_ignore() {
                continue;
            }
            if let Some(v) = rule.generated {
                verdict.generated = Some((v, rule.origin.clone()));
            }
            if let Some(v) = rule.vendored {
                verdict.vendored = Some((v, rule.origin.clone()));
            }
        }
        verdict
    }
}

/// `name`, `name=true` → set; `-name`, `!name`, `name=false` → unset.
fn attribute(attr: &str) -> (&str, bool) {
    if let Some(name) = attr.strip_prefix('-').or_else(|| attr.strip_prefix('!')) {
        return (name, false);
    }
    match attr.split_once('=') {
        Some((name, value)) => (name, !matches!(value, "false" | "0" | "no")),
        None => (attr, true),
    }
}

/// Whether the path is third-party code, by `.gitattributes` or the vendor table.
pub(crate) fn is_vendored(path: &str, attributes: &LinguistAttributes) -> bool {
    let attribute = if attributes.is_empty() {
        None
    } else {
        attributes.lookup(path).vendored
    };
    match attribute {
        Some((set, _)) => set,
        None => vendored_path(path).is_some(),
    }
}

/// Everything the classification needs to know about one file.
pub(crate) struct FileFacts<'a> {
    pub path: &'a str,
    pub language: Option<&'a str>,
    pub large: bool,
    pub binary: bool,
    /// The (decoded) text, or its first bytes for a large file.
    pub text: &'a [u8],
}

/// Decides the exclusion of a file. Order: too large to parse, binary, vendored, generated,
/// minified; `.gitattributes` can switch vendored and generated on or off.
pub(crate) fn exclusion(
    file: &FileFacts<'_>,
    attributes: &LinguistAttributes,
) -> Option<Exclusion> {
    if file.large {
        return Some(Exclusion::Large);
    }
    if file.binary {
        return Some(Exclusion::Binary);
    }
    let verdict = if attributes.is_empty() {
        AttributeVerdict::default()
    } else {
        attributes.lookup(file.path)
    };
    match &verdict.vendored {
        Some((true, origin)) => {
            return Some(Exclusion::Vendored(format!(
                "linguist-vendored in {origin}"
            )));
        }
        Some((false, _)) => {}
        None => {
            if let Some(why) = vendored_path(file.path) {
                return Some(Exclusion::Vendored(why.to_string()));
            }
        }
    }
    match &verdict.generated {
        Some((true, origin)) => {
            return Some(Exclusion::Generated(format!(
                "linguist-generated in {origin}"
            )));
        }
        Some((false, _)) => {}
        None => {
            if let Some(why) = generated_name(file.path) {
                return Some(Exclusion::Generated(why.to_string()));
            }
            if let Some(why) = generated_marker(file.text, file.language) {
                return Some(Exclusion::Generated(why));
            }
        }
    }
    minified(file.path, file.language, file.text).map(Exclusion::Minified)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_table() {
        for p in [
            "vendor/github.com/x/y.go",
            "web/node_modules/react/index.js",
            "lib/third_party/zlib/inflate.c",
            "third-party/x.py",
            "static/bower_components/a.js",
            "ios/Pods/AFNetworking/a.m",
            "dist/app.js",
            "frontend/build/static/js/main.js",
            "target/debug/build.rs",
            "gradlew",
            "static/js/jquery-3.6.0.min.js",
            "assets/bootstrap.min.css",
            ".yarn/releases/yarn-4.0.cjs",
            "deps/plug/lib/plug.ex",
        ] {
            assert!(vendored_path(p).is_some(), "{p}");
        }
        for p in [
            "src/vendors.ts",
            "src/build/mod.rs",
            "build/gradle/plugin.gradle",
            "crates/x/target/y.rs",
            "src/distance.py",
            "app/models/vendor.rb",
            "my_node_modules_tool.js",
        ] {
            assert!(vendored_path(p).is_none(), "{p}");
        }
    }

    #[test]
    fn generated_table() {
        for p in [
            "api/v1/user.pb.go",
            "proto/user_pb2.py",
            "proto/user_pb2_grpc.py",
            "lib/model.g.dart",
            "Forms/Main.Designer.cs",
            "package-lock.json",
            "web/yarn.lock",
            "Cargo.lock",
            "go.sum",
            "pkg/apis/zz_generated.deepcopy.go",
            "src/__generated__/schema.ts",
            "static/app.js.map",
            "apps/web/src/routeTree.gen.ts",
        ] {
            assert!(generated_name(p).is_some(), "{p}");
        }
        for p in [
            "src/lib.rs",
            "api/pb.go",
            "generated_report.py",
            "src/lockfile.rs",
            "yarn.lock.md",
            "src/gen.ts",
            "src/gen/x.ts",
        ] {
            assert!(generated_name(p).is_none(), "{p}");
        }
    }

    #[test]
    fn generated_markers() {
        assert_eq!(
            generated_marker(
                b"// Code generated by protoc-gen-go. DO NOT EDIT.\npackage x\n",
                Some("Go")
            )
            .as_deref(),
            Some("`DO NOT EDIT` on line 1")
        );
        assert_eq!(
            generated_marker(b"\n\n\n\n// @generated\n", None).as_deref(),
            Some("`@generated` on line 5")
        );
        assert_eq!(
            generated_marker(b"\n\n\n\n\n\n\n\n\n// @generated\n", None).as_deref(),
            Some("`@generated` on line 10"),
            "strong markers in the first ten lines"
        );
        assert!(
            generated_marker(b"\n\n\n\n\n\n\n\n\n\n// @generated\n", None).is_none(),
            "only the first ten lines"
        );
        assert!(
            generated_marker(b"\n\n\n\n\n# This file is auto-generated\n", None).is_none(),
            "weak markers only in the first five lines"
        );
        assert_eq!(
            generated_marker(b"# auto-generated\n// DO NOT EDIT\n", None).as_deref(),
            Some("`DO NOT EDIT` on line 2"),
            "a strong marker wins"
        );
        assert!(generated_marker(b"# This file is auto-generated by x\n", None).is_some());
        assert!(generated_marker(b"/* Autogenerated */", None).is_some());
        assert!(generated_marker(b"// generate the report\nfn x() {}\n", None).is_none());
        assert!(generated_marker(b"// do not edit lightly\n", None).is_none());
    }

    #[test]
    fn go_generated_code_before_the_package_clause() {
        // ory/kratos's OpenAPI client: the marker on line 12 after the API description.
        let header = "/*\nOry Identities API\n\nThis is the API specification.\n\nAPI version:\nContact: office@ory.sh\n*/\n\n// Licensed under the Apache License.\n\n// Code generated by OpenAPI Generator (https://openapi-generator.tech); DO NOT EDIT.\n\npackage client\n";
        assert_eq!(
            generated_marker(header.as_bytes(), Some("Go")).as_deref(),
            Some("`Code generated ... DO NOT EDIT.` on line 12")
        );
        assert!(
            generated_marker(header.as_bytes(), Some("Rust")).is_none(),
            "Go's rule is for Go"
        );
        let crlf = header.replace('\n', "\r\n");
        assert!(generated_marker(crlf.as_bytes(), Some("Go")).is_some());
        let after = format!(
            "{}package client\n\n// Code generated by hand. DO NOT EDIT.\n",
            "// Copyright\n".repeat(12)
        );
        assert!(
            generated_marker(after.as_bytes(), Some("Go")).is_none(),
            "after the package clause it is not a file marker"
        );
        let not_exact = format!(
            "{}// Code generated by x; do not edit.\npackage y\n",
            "//\n".repeat(12)
        );
        assert!(
            generated_marker(not_exact.as_bytes(), Some("Go")).is_none(),
            "the exact form only"
        );
        let indented = format!(
            "{}  // Code generated by x. DO NOT EDIT.\npackage y\n",
            "//\n".repeat(12)
        );
        assert!(generated_marker(indented.as_bytes(), Some("Go")).is_none());
    }

    #[test]
    fn minified_files() {
        assert!(minified("a/app.min.js", Some("JavaScript"), b"x").is_some());
        let long = format!("{}\n", "var a=1;".repeat(200));
        assert!(minified("a/app.js", Some("JavaScript"), long.as_bytes()).is_some());
        assert!(minified("README.md", Some("Markdown"), long.as_bytes()).is_none());
        let normal = "var a = 1;\n".repeat(200);
        assert!(minified("a/app.js", Some("JavaScript"), normal.as_bytes()).is_none());
    }

    #[test]
    fn gitattributes_rules() {
        let mut a = LinguistAttributes::default();
        a.add_file(".gitattributes", "# c\n*.gen.ts linguist-generated\nlegacy/** linguist-vendored=true\nvendor/ours/** -linguist-vendored\n");
        a.add_file("web/.gitattributes", "schema.ts linguist-generated=true\n");
        assert_eq!(
            a.lookup("src/api.gen.ts").generated,
            Some((true, ".gitattributes:2".to_string()))
        );
        assert_eq!(
            a.lookup("legacy/x/y.js").vendored,
            Some((true, ".gitattributes:3".to_string()))
        );
        assert_eq!(
            a.lookup("vendor/ours/z.go").vendored,
            Some((false, ".gitattributes:4".to_string()))
        );
        assert_eq!(
            a.lookup("web/src/schema.ts").generated,
            Some((true, "web/.gitattributes:1".to_string()))
        );
        assert_eq!(a.lookup("schema.ts"), AttributeVerdict::default());
        assert_eq!(a.lookup("src/api.ts"), AttributeVerdict::default());

        let file = FileFacts {
            path: "vendor/ours/z.go",
            language: Some("Go"),
            large: false,
            binary: false,
            text: b"package z\n",
        };
        assert_eq!(
            exclusion(&file, &a),
            None,
            "linguist-vendored unset wins over the vendor/ path"
        );
        let file = FileFacts {
            path: "src/api.gen.ts",
            language: Some("TypeScript"),
            large: false,
            binary: false,
            text: b"x\n",
        };
        assert_eq!(
            exclusion(&file, &a),
            Some(Exclusion::Generated(
                "linguist-generated in .gitattributes:2".into()
            ))
        );
    }
}
