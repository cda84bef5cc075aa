//! QUA-10: no shared code style or pre-commit checks.

use crate::components::percent;
use crate::{Analysis, Emitter};
use fcto_model::{Evidence, RuleDocs};

pub const DOCS: RuleDocs = RuleDocs {
    what: "For each language with at least 5% of the code, looks for a linter or formatter \
           configuration: ESLint, Biome or Prettier (files or package.json keys) for \
           JavaScript/TypeScript; Ruff, Black, Flake8 or Pylint (files, pyproject.toml or \
           setup.cfg sections) for Python; RuboCop or Standard for Ruby; PHP_CodeSniffer, PHP CS \
           Fixer or Pint for PHP; detekt or ktlint for Kotlin; SwiftLint for Swift; \
           golangci-lint for Go. Go and Rust ship a standard formatter, so they are not reported. \
           Pre-commit hooks (pre-commit, Husky, Lefthook, lint-staged) are named when present.",
    why: "Without agreed automatic style rules, reviews waste time on formatting and code from \
          different people looks like different products.",
    how_to_fix: "Add the standard linter and formatter for each language with a shared \
                 configuration file, run them in CI, and add a pre-commit hook so problems are \
                 caught before review.",
    options: "None.",
};

struct Tooling {
    languages: &'static [&'static str],
    label: &'static str,
    files: &'static [&'static str],
    /// (document, text that shows the tool is configured there).
    keys: &'static [(&'static str, &'static str)],
}

const TOOLING: &[Tooling] = &[
    Tooling {
        languages: &["JavaScript", "TypeScript", "JSX", "TSX", "Vue", "Svelte"],
        label: "ESLint, Biome or Prettier",
        files: &[
            "eslint.config.js",
            "eslint.config.mjs",
            "eslint.config.cjs",
            "eslint.config.ts",
            ".eslintrc",
            ".eslintrc.js",
            ".eslintrc.cjs",
            ".eslintrc.json",
            ".eslintrc.yml",
            ".eslintrc.yaml",
            "biome.json",
            "biome.jsonc",
            ".prettierrc",
            ".prettierrc.json",
            ".prettierrc.js",
            ".prettierrc.cjs",
            ".prettierrc.yml",
            ".prettierrc.yaml",
            "prettier.config.js",
            "prettier.config.mjs",
            ".prettierrc.mjs",
            "deno.json",
        ],
        keys: &[
            ("package.json", "\"eslintConfig\""),
            ("package.json", "\"prettier\""),
            ("package.json", "\"@biomejs/biome\""),
            ("package.json", "\"eslint\""),
        ],
    },
    Tooling {
        languages: &["Python"],
        label: "Ruff, Black, Flake8 or Pylint",
        files: &[
            "ruff.toml",
            ".ruff.toml",
            ".flake8",
            ".pylintrc",
            "pylintrc",
            "tox.ini",
        ],
        keys: &[
            ("pyproject.toml", "[tool.ruff"),
            ("pyproject.toml", "[tool.black"),
            ("pyproject.toml", "[tool.pylint"),
            ("setup.cfg", "[flake8]"),
            ("pyproject.toml", "[tool.flake8"),
        ],
    },
    Tooling {
        languages: &["Ruby"],
        label: "RuboCop or Standard",
        files: &[".rubocop.yml", ".standard.yml"],
        keys: &[("Gemfile", "rubocop"), ("Gemfile", "standard")],
    },
    Tooling {
        languages: &["PHP"],
        label: "PHP_CodeSniffer, PHP CS Fixer or Pint",
        files: &[
            "phpcs.xml",
            "phpcs.xml.dist",
            ".php-cs-fixer.php",
            ".php-cs-fixer.dist.php",
            "pint.json",
        ],
        keys: &[],
    },
    Tooling {
        languages: &["Kotlin"],
        label: "detekt or ktlint",
        files: &["detekt.yml", "detekt.yaml", ".editorconfig"],
        keys: &[],
    },
    Tooling {
        languages: &["Swift"],
        label: "SwiftLint or swift-format",
        files: &[".swiftlint.yml", ".swift-format"],
        keys: &[],
    },
    Tooling {
        languages: &["C#"],
        label: ".editorconfig analyzers",
        files: &[".editorconfig"],
        keys: &[],
    },
];

const HOOKS: &[&str] = &[
    ".pre-commit-config.yaml",
    ".husky",
    "lefthook.yml",
    ".lefthook.yml",
    ".lintstagedrc",
    ".lintstagedrc.json",
];

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let inv = &a.facts.inventory;
    let totals = inv.language_totals();
    let all: u64 = totals.iter().map(|(_, _, s)| s.code).sum();
    if all == 0 {
        return;
    }
    let name_of = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
    let has_file = |names: &[&str]| {
        inv.files.iter().any(|f| {
            names.contains(&name_of(&f.path).as_str()) && !f.path.contains("node_modules/")
        })
    };
    let has_key = |keys: &[(&str, &str)]| {
        inv.documents.iter().any(|(p, text)| {
            keys.iter().any(|(doc, needle)| {
                name_of(p) == *doc && String::from_utf8_lossy(text).contains(needle)
            })
        })
    };
    let hooks: Vec<&str> = HOOKS
        .iter()
        .copied()
        .filter(|h| {
            inv.files
                .iter()
                .any(|f| f.path == *h || f.path.starts_with(&format!("{h}/")))
        })
        .collect();
    for tool in TOOLING {
        let code: u64 = totals
            .iter()
            .filter(|(l, _, _)| tool.languages.contains(&l.as_str()))
            .map(|(_, _, s)| s.code)
            .sum();
        let share = code as f64 / all as f64;
        if share < 0.05 || has_file(tool.files) || has_key(tool.keys) {
            continue;
        }
        let languages: Vec<&str> = totals
            .iter()
            .map(|(l, _, _)| l.as_str())
            .filter(|l| tool.languages.contains(l))
            .collect();
        let mut message = format!(
            "No linter or formatter configuration ({}) was found for {} ({} of the code)",
            tool.label,
            languages.join(" and "),
            percent(share)
        );
        if hooks.is_empty() {
            message.push_str("; no pre-commit hooks either");
        }
        let evidence = hooks
            .iter()
            .map(|h| Evidence::file(*h).with_note("pre-commit hook configuration"))
            .collect();
        e.report(message, evidence, tool.label);
    }
}
