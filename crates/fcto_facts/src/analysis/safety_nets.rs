//! Safety nets switched off in configuration rather than in code: mypy's `ignore_errors`
//! (QUA-11) and test runners told to retry failing tests (QUA-13). The markers in code are
//! read by the syntax walk (`syntax::Marker`); TypeScript's `strict` mode by the import graph,
//! which follows `tsconfig` `extends`.

use crate::inventory::Inventory;
use regex::Regex;
use std::sync::LazyLock;

/// One setting in a configuration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    pub path: String,
    /// 1-based.
    pub line: u32,
    /// What it sets, as written (spaces collapsed).
    pub text: String,
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The INI or TOML section each line is in (`mypy`, `tool.mypy`, `mypy-app.*`).
fn sections(text: &str) -> Vec<&str> {
    let mut current = "";
    text.lines()
        .map(|line| {
            let t = line.trim();
            if let Some(name) = t.strip_prefix('[') {
                current = name.trim_start_matches('[').trim_end_matches(']').trim();
            }
            current
        })
        .collect()
}

/// `ignore_errors = True` in mypy's settings (`mypy.ini`, `setup.cfg`, `pyproject.toml`):
/// the type checker reads those modules and reports nothing.
pub fn mypy_ignore_errors(inventory: &Inventory) -> Vec<Setting> {
    static SETTING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*ignore_errors\s*=\s*(?i:true)\s*(#.*)?$").expect("valid regex")
    });
    let mut out = Vec::new();
    for (path, bytes) in &inventory.documents {
        let name = file_name(path).to_ascii_lowercase();
        let whole_file = matches!(name.as_str(), "mypy.ini" | ".mypy.ini");
        if !whole_file && !matches!(name.as_str(), "setup.cfg" | "pyproject.toml") {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        let sections = sections(&text);
        for (i, line) in text.lines().enumerate() {
            let section = sections[i];
            if SETTING.is_match(line)
                && (whole_file || section.starts_with("mypy") || section.starts_with("tool.mypy"))
            {
                out.push(Setting {
                    path: path.clone(),
                    line: i as u32 + 1,
                    text: line.split_whitespace().collect::<Vec<_>>().join(" "),
                });
            }
        }
    }
    out
}

/// Test runners told to run a failing test again until it passes: Playwright's and Mocha's
/// `retries`, Cypress's `runMode`, pytest-rerunfailures' `--reruns` (in configuration and in
/// CI workflows). Jest's `jest.retryTimes()` is a call in the tests, read as a marker.
pub fn test_retries(inventory: &Inventory) -> Vec<Setting> {
    static RETRIES: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"\b"?(retries|runMode)"?\s*:\s*([^,{}\n]*[1-9][^,}\n]*)"#)
            .expect("valid regex")
    });
    static RERUNS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"--reruns(\s*=\s*|\s+)[1-9]").expect("valid regex"));
    let mut out = Vec::new();
    for (path, bytes) in &inventory.documents {
        let name = file_name(path).to_ascii_lowercase();
        let runner_config = name.starts_with("playwright.config")
            || name.starts_with("cypress.config")
            || name == "cypress.json"
            || name.starts_with(".mocharc");
        let python_config = matches!(
            name.as_str(),
            "pytest.ini" | "tox.ini" | "setup.cfg" | "pyproject.toml"
        );
        let workflow = path.contains(".github/workflows/")
            || name == ".gitlab-ci.yml"
            || path.contains(".circleci/");
        if !runner_config && !python_config && !workflow {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        for (i, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") || code.starts_with('#') && !workflow {
                continue;
            }
            let hit = if runner_config {
                RETRIES.is_match(line)
            } else {
                RERUNS.is_match(line)
            };
            if hit {
                out.push(Setting {
                    path: path.clone(),
                    line: i as u32 + 1,
                    text: line.split_whitespace().collect::<Vec<_>>().join(" "),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::Inventory;

    fn inventory(files: &[(&str, &str)]) -> Inventory {
        Inventory {
            documents: files
                .iter()
                .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
                .collect(),
            ..Inventory::default()
        }
    }

    #[test]
    fn mypy_ignore_errors_only_in_mypy_sections() {
        let inv = inventory(&[
            (
                "mypy.ini",
                "[mypy]\nstrict = True\n\n[mypy-legacy.*]\nignore_errors = True\n",
            ),
            (
                "setup.cfg",
                "[flake8]\nignore_errors = True\n[mypy-app.old]\nignore_errors=true\n",
            ),
            (
                "pyproject.toml",
                "[[tool.mypy.overrides]]\nmodule = \"x\"\nignore_errors = false\n",
            ),
        ]);
        let found: Vec<(String, u32)> = mypy_ignore_errors(&inv)
            .into_iter()
            .map(|s| (s.path, s.line))
            .collect();
        assert_eq!(
            found,
            vec![("mypy.ini".to_string(), 5), ("setup.cfg".to_string(), 4)]
        );
    }

    #[test]
    fn retries_in_runner_configs_and_workflows() {
        let inv = inventory(&[
            (
                "e2e/playwright.config.ts",
                "export default defineConfig({\n  retries: process.env.CI ? 2 : 0,\n  workers: 1,\n});\n",
            ),
            ("playwright.config.ts", "export default { retries: 0 };\n"),
            (
                "cypress.config.js",
                "module.exports = { retries: { runMode: 2, openMode: 0 } };\n",
            ),
            ("pytest.ini", "[pytest]\naddopts = --reruns 3 -q\n"),
            ("tox.ini", "[pytest]\n# addopts = --reruns 3\n"),
            (
                ".github/workflows/ci.yml",
                "jobs:\n  t:\n    steps:\n      - run: pytest --reruns=2\n",
            ),
        ]);
        let found: Vec<(String, u32)> = test_retries(&inv)
            .into_iter()
            .map(|s| (s.path, s.line))
            .collect();
        assert_eq!(
            found,
            vec![
                (".github/workflows/ci.yml".to_string(), 4),
                ("cypress.config.js".to_string(), 1),
                ("e2e/playwright.config.ts".to_string(), 2),
                ("pytest.ini".to_string(), 2),
            ]
        );
    }
}
