//! Test code: which files are tests, test support or neither product nor tests (conventions per
//! language and framework in `test_paths.toml`), test versus production code lines, the test
//! frameworks in use, and whether tests change together with the code (QUA-01, QUA-02, S10).

use super::is_analysed_code;
use crate::history::{FileHistories, History};
use crate::inventory::{FileEntry, Inventory};
use crate::stack::Stack;
use crate::syntax::FileSyntax;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

/// What a code file is for, as far as testing goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The product's own code.
    Production,
    /// A test, or code only tests run (helpers under a test directory, `conftest.py`).
    Test,
    /// What tests read rather than run: fixtures, test data, snapshots, mocks.
    Support,
    /// Neither product nor tests: examples, docs, benchmarks.
    Auxiliary,
}

/// How a path was classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathClass {
    pub role: Role,
    /// The `test_paths.toml` convention that decided, `None` for production code.
    pub convention: Option<&'static str>,
    /// The test runner the path implies without any manifest (`go test`, `cargo test`...).
    pub runner: Option<&'static str>,
}

impl PathClass {
    const PRODUCTION: PathClass = PathClass {
        role: Role::Production,
        convention: None,
        runner: None,
    };
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    convention: Vec<RawConvention>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConvention {
    name: String,
    role: String,
    #[serde(default)]
    directories: Vec<String>,
    #[serde(default)]
    files: Vec<String>,
    #[serde(default)]
    extensions: Vec<String>,
    #[serde(default)]
    inside_tests: bool,
    #[serde(default)]
    not_under: Vec<String>,
    runner: Option<String>,
    examples: Vec<String>,
    #[serde(default)]
    counter_examples: Vec<String>,
}

/// One convention of `test_paths.toml`.
#[derive(Debug)]
pub struct Convention {
    pub name: String,
    pub role: Role,
    /// Paths it must classify, and must not: run by a test.
    pub examples: Vec<String>,
    pub counter_examples: Vec<String>,
    /// Name globs with braces expanded; directories when `on_directories`, else file names.
    globs: Vec<String>,
    on_directories: bool,
    extensions: Vec<String>,
    inside_tests: bool,
    not_under: Vec<String>,
    runner: Option<String>,
}

impl Convention {
    fn names(&self, name: &str, extension: &str) -> bool {
        (self.extensions.is_empty() || self.extensions.iter().any(|e| e == extension))
            && self
                .globs
                .iter()
                .any(|g| name_match(g.as_bytes(), name.as_bytes()))
    }
}

fn parse(text: &str) -> Result<Vec<Convention>, String> {
    let raw: RawTable = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for c in raw.convention {
        let role = match c.role.as_str() {
            "test" => Role::Test,
            "support" => Role::Support,
            "auxiliary" => Role::Auxiliary,
            other => return Err(format!("{}: unknown role `{other}`", c.name)),
        };
        if c.directories.is_empty() == c.files.is_empty() {
            return Err(format!("{}: give either directories or files", c.name));
        }
        if c.inside_tests && (role != Role::Support || c.directories.is_empty()) {
            return Err(format!(
                "{}: inside_tests is for support directories",
                c.name
            ));
        }
        let on_directories = !c.directories.is_empty();
        let mut globs = Vec::new();
        for g in c.directories.iter().chain(&c.files) {
            if g.contains('/') {
                return Err(format!("{}: `{g}` is a name, not a path", c.name));
            }
            globs.extend(expand_braces(g).map_err(|e| format!("{}: `{g}`: {e}", c.name))?);
        }
        out.push(Convention {
            name: c.name,
            role,
            examples: c.examples,
            counter_examples: c.counter_examples,
            globs,
            on_directories,
            extensions: c.extensions,
            inside_tests: c.inside_tests,
            not_under: c.not_under,
            runner: c.runner,
        });
    }
    Ok(out)
}

/// `*.{a,b}.{x,y}` → `*.a.x`, `*.a.y`, `*.b.x`, `*.b.y`.
fn expand_braces(glob: &str) -> Result<Vec<String>, String> {
    let Some(open) = glob.find('{') else {
        return if glob.contains('}') {
            Err("unbalanced `}`".into())
        } else {
            Ok(vec![glob.to_string()])
        };
    };
    let close = glob[open..]
        .find('}')
        .map(|i| open + i)
        .ok_or("unbalanced `{`")?;
    let mut out = Vec::new();
    for choice in glob[open + 1..close].split(',') {
        for rest in expand_braces(&glob[close + 1..])? {
            out.push(format!("{}{choice}{rest}", &glob[..open]));
        }
    }
    Ok(out)
}

/// Whether all of `name` matches `glob` (`*` any run of characters, `?` one), case-sensitive.
fn name_match(glob: &[u8], name: &[u8]) -> bool {
    match glob.first() {
        None => name.is_empty(),
        Some(b'*') => (0..=name.len()).any(|i| name_match(&glob[1..], &name[i..])),
        Some(b'?') => !name.is_empty() && name_match(&glob[1..], &name[1..]),
        Some(c) => name.first() == Some(c) && name_match(&glob[1..], &name[1..]),
    }
}

static CONVENTIONS: LazyLock<Vec<Convention>> = LazyLock::new(|| {
    parse(include_str!("test_paths.toml")).unwrap_or_else(|e| panic!("test_paths.toml: {e}"))
});

/// The conventions of `test_paths.toml`, in table order.
pub fn conventions() -> &'static [Convention] {
    &CONVENTIONS
}

/// Classifies a relative, `/`-separated path by the conventions of `test_paths.toml`: the
/// first directory (from the root) that a directory convention names decides; under a test
/// directory only support directories are looked for further down; a path under no such
/// directory is a test when a file convention names its file; anything else is production.
/// Works on any path, including files deleted long ago.
pub fn classify(path: &str) -> PathClass {
    let conventions = conventions();
    let (dirs, name) = path.rsplit_once('/').unwrap_or(("", path));
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let file_runner = || {
        conventions
            .iter()
            .filter(|c| !c.on_directories && c.role == Role::Test)
            .find(|c| c.names(name, &extension))
            .and_then(|c| c.runner.as_deref())
    };
    let mut test_dir: Option<&Convention> = None;
    let dirs: Vec<&str> = dirs.split('/').filter(|d| !d.is_empty()).collect();
    for (depth, dir) in dirs.iter().enumerate() {
        for c in conventions.iter().filter(|c| c.on_directories) {
            if !c.names(dir, &extension)
                || dirs[..depth]
                    .iter()
                    .any(|d| c.not_under.iter().any(|n| n == d))
            {
                continue;
            }
            let decides = match (c.role, test_dir) {
                (Role::Support, None) => !c.inside_tests,
                (Role::Support, Some(_)) | (_, None) => true,
                (_, Some(_)) => false,
            };
            if !decides {
                continue;
            }
            if c.role == Role::Test {
                test_dir = Some(c);
                break;
            }
            return PathClass {
                role: c.role,
                convention: Some(c.name.as_str()),
                runner: None,
            };
        }
    }
    if let Some(c) = test_dir {
        return PathClass {
            role: Role::Test,
            convention: Some(c.name.as_str()),
            runner: file_runner().or(c.runner.as_deref()),
        };
    }
    conventions
        .iter()
        .filter(|c| !c.on_directories)
        .find(|c| c.names(name, &extension))
        .map_or(PathClass::PRODUCTION, |c| PathClass {
            role: c.role,
            convention: Some(c.name.as_str()),
            runner: c.runner.as_deref(),
        })
}

/// Whether the path is written for the tests: a test or test support (fixtures, test data,
/// snapshots, mocks).
pub fn is_test_path(path: &str) -> bool {
    matches!(classify(path).role, Role::Test | Role::Support)
}

/// Code lines of Rust tests inside a production file: the functions the syntax module names
/// under a `tests` or `test` module (`tests::parses`, `parser::tests::helper`), outermost
/// only. This approximates the `#[cfg(test)] mod tests { ... }` block: the `mod` line, `use`
/// lines and constants of the block are not inside a function and stay production lines, and
/// the `cfg` attribute itself is not checked.
pub fn inline_test_lines(language: &str, syntax: &FileSyntax) -> u64 {
    inline_tests(language, syntax)
        .map(|f| u64::from(f.code_lines))
        .sum()
}

/// The outermost Rust test functions inside a production file (see `inline_test_lines`).
pub fn inline_tests<'a>(
    language: &str,
    syntax: &'a FileSyntax,
) -> impl Iterator<Item = &'a crate::syntax::Function> {
    let rust = language == "Rust";
    let mut covered_to = 0u32;
    syntax.functions.iter().filter(move |f| {
        if !rust || f.start_line <= covered_to {
            return false;
        }
        let mut segments: Vec<&str> = f.name.split("::").collect();
        segments.pop();
        let test = segments.iter().any(|s| matches!(*s, "tests" | "test"));
        if test {
            covered_to = f.end_line;
        }
        test
    })
}

/// An analysed code file and its test lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeFile<'a> {
    pub path: &'a str,
    pub class: PathClass,
    /// Code lines (tokei).
    pub code: u64,
    /// For a production file, the code lines of tests inside it (`inline_test_lines`).
    pub inline_test: u64,
}

impl CodeFile<'_> {
    pub fn role(&self) -> Role {
        self.class.role
    }

    pub fn production_lines(&self) -> u64 {
        match self.class.role {
            Role::Production => self.code.saturating_sub(self.inline_test),
            _ => 0,
        }
    }

    pub fn test_lines(&self) -> u64 {
        match self.class.role {
            Role::Production => self.inline_test.min(self.code),
            Role::Test => self.code,
            Role::Support | Role::Auxiliary => 0,
        }
    }

    /// Whether the file holds tests: a test file or a production file with inline tests.
    pub fn has_tests(&self) -> bool {
        self.test_lines() > 0
    }

    /// The runner its tests imply, `cargo test` for inline Rust tests.
    pub fn runner(&self) -> Option<&'static str> {
        match self.class.role {
            Role::Production if self.inline_test > 0 => Some("cargo test"),
            _ => self.class.runner,
        }
    }
}

fn code_file<'a>(inventory: &'a Inventory, f: &'a FileEntry) -> CodeFile<'a> {
    let class = classify(&f.path);
    let inline_test = match (class.role, f.language.as_deref()) {
        (Role::Production, Some(language)) => inventory
            .syntax
            .get(&f.path)
            .map_or(0, |s| inline_test_lines(language, s)),
        _ => 0,
    };
    CodeFile {
        path: &f.path,
        class,
        code: f.stats.code,
        inline_test,
    }
}

/// tokei languages of markup, style sheets, templates, build and shell scripts, schemas and
/// queries. Nobody writes unit tests for them, so they count on neither side of the test ratio
/// (a Rails app's 10,000 lines of ERB views or a site's Sass would otherwise read as untested
/// product code) and a change to them is not a production change for the co-change rate.
const NOT_UNIT_TESTED: &[&str] = &[
    "CSS",
    "Sass",
    "Less",
    "Stylus",
    "PostCSS",
    "HTML",
    "Ruby HTML",
    "Handlebars",
    "Mustache",
    "Jinja2",
    "Liquid",
    "Twig",
    "Pug",
    "Haml",
    "Slim",
    "Templ",
    "Razor",
    "Dockerfile",
    "Makefile",
    "CMake",
    "Rakefile",
    "Meson",
    "Nix",
    "HCL",
    "Shell",
    "BASH",
    "Zsh",
    "Fish",
    "PowerShell",
    "Batch",
    "SQL",
    "Protocol Buffers",
    "GraphQL",
    "Thrift",
];

/// Whether code in this tokei language is what unit tests are written for.
pub fn is_unit_tested_language(language: &str) -> bool {
    !NOT_UNIT_TESTED.contains(&language)
}

/// Every analysed code file (`is_analysed_code`: generated, vendored, hidden files and
/// non-program languages left out) in a language unit tests are written for
/// (`is_unit_tested_language`), classified, in path order.
pub fn code_files(inventory: &Inventory) -> Vec<CodeFile<'_>> {
    inventory
        .files
        .iter()
        .filter(|f| {
            is_analysed_code(f) && f.language.as_deref().is_some_and(is_unit_tested_language)
        })
        .map(|f| code_file(inventory, f))
        .collect()
}

/// Production and test code of a part of the codebase.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TestTotals {
    pub production_files: u64,
    pub production_lines: u64,
    /// Files holding tests (test files, and production files with inline tests).
    pub test_files: u64,
    pub test_lines: u64,
    pub support_lines: u64,
    pub auxiliary_lines: u64,
}

impl TestTotals {
    /// Test code lines ÷ production code lines (QUA-01); `None` without production code.
    pub fn ratio(&self) -> Option<f64> {
        (self.production_lines > 0).then(|| self.test_lines as f64 / self.production_lines as f64)
    }

    fn add(&mut self, f: &CodeFile<'_>) {
        match f.role() {
            Role::Production => {
                self.production_files += 1;
                self.production_lines += f.production_lines();
            }
            Role::Test => {}
            Role::Support => self.support_lines += f.code,
            Role::Auxiliary => self.auxiliary_lines += f.code,
        }
        if f.has_tests() {
            self.test_files += 1;
            self.test_lines += f.test_lines();
        }
    }
}

/// Totals per unit (`unit_of` maps a path to its component), and over everything.
pub fn totals(
    files: &[CodeFile<'_>],
    unit_of: &dyn Fn(&str) -> String,
) -> (BTreeMap<String, TestTotals>, TestTotals) {
    let mut units: BTreeMap<String, TestTotals> = BTreeMap::new();
    let mut all = TestTotals::default();
    for f in files {
        units.entry(unit_of(f.path)).or_default().add(f);
        all.add(f);
    }
    (units, all)
}

/// Test frameworks per unit: the stack's `testing` technologies, for every unit with code
/// under the folder of a manifest declaring them (a root `Gemfile`'s Minitest serves every
/// component), and the runners test files imply without a manifest (`go test` for
/// `*_test.go`, `cargo test` for Rust tests, `pytest` for `conftest.py`, Minitest for
/// `*_test.rb`, `RSpec` for `*_spec.rb`, `ExUnit`, `XCTest`).
pub fn frameworks(
    stack: &Stack,
    files: &[CodeFile<'_>],
    unit_of: &dyn Fn(&str) -> String,
) -> BTreeMap<String, BTreeSet<String>> {
    // (framework, folder of the manifest declaring it; empty for the root)
    let declared: Vec<(&str, &str)> = stack
        .of_kind("testing")
        .flat_map(|t| {
            t.declared_in
                .iter()
                .map(move |(p, _)| (t.name.as_str(), p.rsplit_once('/').map_or("", |(d, _)| d)))
        })
        .collect();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let names = out.entry(unit_of(f.path)).or_default();
        for (name, dir) in &declared {
            if dir.is_empty()
                || (f.path.starts_with(dir) && f.path.as_bytes().get(dir.len()) == Some(&b'/'))
            {
                names.insert((*name).to_string());
            }
        }
        if let Some(runner) = f.runner()
            && !names.iter().any(|n| n.eq_ignore_ascii_case(runner))
        {
            names.insert(runner.to_string());
        }
    }
    out.retain(|_, names| !names.is_empty());
    out
}

/// Whether one commit that changed production code also changed tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommitTests {
    pub index: usize,
    pub time: i64,
    pub tests: bool,
    /// Lines added to production files and to test files (test support included).
    pub production_added: u64,
    pub test_added: u64,
}

/// Production commits and how many of them changed tests, over a window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CoChange {
    pub production_commits: u64,
    pub with_tests: u64,
    pub production_added: u64,
    pub test_added: u64,
}

impl CoChange {
    /// The test co-change rate: commits changing production code that also change a test
    /// file ÷ commits changing production code (QUA-02, signal S10); `None` without any.
    pub fn rate(&self) -> Option<f64> {
        (self.production_commits > 0)
            .then(|| self.with_tests as f64 / self.production_commits as f64)
    }

    /// Test lines added ÷ production lines added (S10's growth ratio).
    pub fn growth(&self) -> Option<f64> {
        (self.production_added > 0).then(|| self.test_added as f64 / self.production_added as f64)
    }
}

/// When a unit's production code and tests last changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UnitActivity {
    pub last_production: Option<i64>,
    pub last_test: Option<i64>,
    /// Commits changing the unit's production code after its tests last changed (all of them
    /// when its tests never changed).
    pub production_changes_since_test: u64,
}

/// The commits that changed production code, and per unit the last test and production change.
#[derive(Debug, Clone, Default)]
pub struct TestActivity {
    /// Newest first.
    pub commits: Vec<CommitTests>,
    pub units: BTreeMap<String, UnitActivity>,
}

impl TestActivity {
    /// The commits with `from < time <= to`.
    pub fn co_change(&self, from: i64, to: i64) -> CoChange {
        let mut out = CoChange::default();
        for c in self
            .commits
            .iter()
            .filter(|c| c.time > from && c.time <= to)
        {
            out.production_commits += 1;
            out.with_tests += u64::from(c.tests);
            out.production_added += c.production_added;
            out.test_added += c.test_added;
        }
        out
    }

    /// Per calendar month (UTC) of the `months` months ending with the month of `as_of`,
    /// oldest first: (`YYYY-MM`, the commits of that month up to `as_of`).
    pub fn monthly(&self, as_of: i64, months: u32) -> Vec<(String, CoChange)> {
        let Ok(now) = jiff::Timestamp::from_second(as_of) else {
            return Vec::new();
        };
        let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();
        let this_month = today.first_of_month();
        let start_of = |d: jiff::civil::Date| {
            d.to_zoned(jiff::tz::TimeZone::UTC)
                .map_or(i64::MIN, |z| z.timestamp().as_second())
        };
        let mut out = Vec::new();
        for back in (0..months).rev() {
            let Ok(first) = this_month.checked_sub(jiff::Span::new().months(back)) else {
                continue;
            };
            let end = if back == 0 {
                as_of
            } else {
                first
                    .checked_add(jiff::Span::new().months(1))
                    .map_or(as_of, start_of)
                    - 1
            };
            let label = format!("{:04}-{:02}", first.year(), first.month());
            out.push((label, self.co_change(start_of(first) - 1, end)));
        }
        out
    }
}

/// Which commits changed production code and whether they changed tests too. Counts non-merge,
/// non-bot, non-mass commits up to `as_of` (as for hotspots, metrics.md §2.4). Production code
/// is the analysed code files that still exist, followed back through renames (`histories`, as
/// `analysis::analysed_file_histories` computes them) whose role is production; a test change is
/// a change to any path `is_test_path` accepts, deleted and non-code files included (snapshots,
/// fixtures). Line numbers of changes are not known, so a change to a file holding inline tests
/// counts as a test change too: for such code the rate is an upper bound.
pub fn test_activity(
    history: &History,
    files: &[CodeFile<'_>],
    histories: &FileHistories,
    unit_of: &dyn Fn(&str) -> String,
    as_of: i64,
) -> TestActivity {
    struct Touch {
        production_added: u64,
        inline_tests: bool,
        units: BTreeSet<usize>,
    }
    let mut unit_names: Vec<String> = Vec::new();
    let mut unit_index: HashMap<String, usize> = HashMap::new();
    let mut intern = |name: String| -> usize {
        *unit_index.entry(name.clone()).or_insert_with(|| {
            unit_names.push(name);
            unit_names.len() - 1
        })
    };
    let mut touched: HashMap<usize, Touch> = HashMap::new();
    for f in files.iter().filter(|f| f.role() == Role::Production) {
        let Some(changes) = histories.get(f.path) else {
            continue;
        };
        let unit = intern(unit_of(f.path));
        for &(ci, xi) in changes {
            let t = touched.entry(ci).or_insert_with(|| Touch {
                production_added: 0,
                inline_tests: false,
                units: BTreeSet::new(),
            });
            t.production_added += u64::from(history.commits[ci].changes[xi].added);
            t.inline_tests |= f.inline_test > 0;
            t.units.insert(unit);
        }
    }
    let mut activity = TestActivity::default();
    let mut units: HashMap<usize, (UnitActivity, bool)> = HashMap::new();
    // Newest first: a unit's production changes count until its newest test change is met.
    for (ci, c) in history.commits.iter().enumerate() {
        if c.is_merge() || c.mass || history.is_bot_commit(c) || c.author_time > as_of {
            continue;
        }
        let mut test_added = 0u64;
        let mut test_units = BTreeSet::new();
        for ch in &c.changes {
            if is_test_path(&ch.path) || ch.previous_path.as_deref().is_some_and(is_test_path) {
                test_added += u64::from(ch.added);
                test_units.insert(intern(unit_of(&ch.path)));
            }
        }
        let production = touched.get(&ci);
        if let Some(t) = production.filter(|t| t.inline_tests) {
            test_units.extend(t.units.iter().copied());
        }
        for u in &test_units {
            let (a, tests_seen) = units.entry(*u).or_default();
            if !*tests_seen {
                *tests_seen = true;
                a.last_test = Some(c.author_time);
            }
        }
        let Some(t) = production else { continue };
        for u in &t.units {
            let (a, tests_seen) = units.entry(*u).or_default();
            a.last_production.get_or_insert(c.author_time);
            if !*tests_seen {
                a.production_changes_since_test += 1;
            }
        }
        activity.commits.push(CommitTests {
            index: ci,
            time: c.author_time,
            tests: !test_units.is_empty(),
            production_added: t.production_added,
            test_added,
        });
    }
    activity.units = units
        .into_iter()
        .map(|(u, (a, _))| (unit_names[u].clone(), a))
        .collect();
    activity
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_convention_classifies_its_examples_and_not_its_counter_examples() {
        assert!(!conventions().is_empty());
        for c in conventions() {
            assert!(!c.examples.is_empty(), "{} has no example", c.name);
            for e in &c.examples {
                let got = classify(e);
                assert_eq!(
                    (got.role, got.convention),
                    (c.role, Some(c.name.as_str())),
                    "{e} should be classified by `{}`",
                    c.name
                );
            }
            for e in &c.counter_examples {
                assert_ne!(
                    classify(e).convention,
                    Some(c.name.as_str()),
                    "{e} must not be classified by `{}`",
                    c.name
                );
            }
        }
    }

    #[test]
    fn globs_and_braces() {
        assert_eq!(
            expand_braces("*.{a,b}.{x,y}").unwrap(),
            ["*.a.x", "*.a.y", "*.b.x", "*.b.y"]
        );
        assert!(expand_braces("*.{a").is_err());
        assert!(name_match(b"*Test.java", b"UserTest.java"));
        assert!(name_match(b"*Test.java", b"Test.java"));
        assert!(!name_match(b"*Test.java", b"Latest.java"));
        assert!(name_match(b"test_?.py", b"test_a.py") && !name_match(b"test_?.py", b"test_.py"));
    }

    #[test]
    fn bad_tables_are_rejected() {
        let entry =
            |body: &str| format!("[[convention]]\nname = \"x\"\nexamples = [\"a\"]\n{body}\n");
        assert!(parse(&entry("role = \"test\"\nfiles = [\"*_test.go\"]")).is_ok());
        assert!(
            parse(&entry("role = \"tests\"\nfiles = [\"a\"]")).is_err(),
            "unknown role"
        );
        assert!(parse(&entry("role = \"test\"")).is_err(), "no globs");
        assert!(
            parse(&entry(
                "role = \"test\"\nfiles = [\"a\"]\ndirectories = [\"b\"]"
            ))
            .is_err(),
            "both"
        );
        assert!(
            parse(&entry("role = \"test\"\nfiles = [\"a/b\"]")).is_err(),
            "a path"
        );
        assert!(
            parse(&entry(
                "role = \"test\"\ndirectories = [\"t\"]\ninside_tests = true"
            ))
            .is_err(),
            "inside_tests on a test directory"
        );
        assert!(
            parse(&entry("role = \"test\"\nfile = [\"a\"]")).is_err(),
            "unknown key"
        );
    }
}
