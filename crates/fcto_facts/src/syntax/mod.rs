//! Functions and their complexity, read with tree-sitter for 14 languages. What counts as a
//! function, a decision or a nesting structure is data: one table per grammar in `languages/`.

mod kotlin;
mod macros;
mod table;
mod walk;

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::LazyLock;
use table::{Spec, Table};
use tree_sitter::{Language, Parser};

/// One function, method, closure or anonymous function that the language table lists.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Function {
    /// Qualified with the classes, impls or modules around it (`Parser::parse`).
    pub name: String,
    /// 1-based, inclusive.
    pub start_line: u32,
    pub end_line: u32,
    /// Lines in the function holding code (not blank, not only comments).
    pub code_lines: u32,
    pub parameters: u32,
    /// McCabe's: 1 + decision points, counted as lizard counts them (`if`, loops, `case`,
    /// `catch`, `&&`, `||`, ternaries).
    pub cyclomatic: u32,
    /// Campbell's cognitive complexity (metrics.md §2.9), without the recursion increment.
    pub cognitive: u32,
    /// Deepest nesting of control structures (`if`, loops, `switch`, `try`/`catch`); an
    /// `else if` chain is one level.
    pub nesting: u32,
    /// Most logical operators in one logical expression (complex conditionals).
    pub condition_operators: u32,
    /// Top-level control structures nesting two levels or more (CodeScene's "bumpy road"
    /// counts these chunks).
    pub nested_chunks: u32,
}

/// A normalised token for clone detection: identifiers and literals reduced to their kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: u32,
    pub line: u32,
}

/// What the parse of one file gave.
#[derive(Debug, Clone, Default)]
pub struct FileSyntax {
    /// Sorted by start line (outer functions before the functions they hold).
    pub functions: Vec<Function>,
    /// Lines holding code, as the parse sees them.
    pub code_lines: u32,
    /// ERROR and MISSING nodes: the file is still measured, around them.
    pub parse_errors: u32,
    pub first_error_line: Option<u32>,
    pub tokens: Vec<Token>,
    /// Import statements and calls, in the order written (tables with `[[imports]]`).
    pub imports: Vec<Import>,
    /// Escape hatches, swallowed errors and disabled tests, in the order written (tables with
    /// `[[markers]]`).
    pub markers: Vec<Marker>,
    /// Classes with their cohesion, in the order written (tables with `[cohesion]`).
    pub classes: Vec<Class>,
}

/// A class and how many unrelated groups its methods fall into (LCOM4, Hitz and Montazeri):
/// two methods are related when one uses the other or both use the same member of the object
/// (`self.x`, `this.x`); constructors and methods that use no member and no other method uses
/// are left out.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Class {
    /// Qualified like functions (`billing.Invoice`).
    pub name: String,
    /// 1-based line where the class starts.
    pub line: u32,
    /// Methods counted.
    pub methods: u32,
    /// Connected groups among them: 1 is cohesive, 2 or more means several jobs in one class.
    pub lcom4: u32,
}

/// What a marker switches off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MarkerKind {
    /// A type or lint check switched off (`@ts-ignore`, `any`, `# type: ignore`, `.unwrap()`).
    EscapeHatch,
    /// An error handler that does nothing (`catch {}`, `except: pass`).
    SwallowedError,
    /// An error thrown away on purpose without looking at it (Go's `_ = f()`, Rust's
    /// `let _ = f();`).
    DiscardedError,
    /// A test switched off (`it.skip`, `@Disabled`, `#[ignore]`).
    DisabledTest,
    /// A test focused on, which stops the rest of its suite from running (`it.only`, `fit`).
    FocusedTest,
    /// A test retried until it passes (`jest.retryTimes`, `@pytest.mark.flaky`).
    RetriedTest,
}

impl MarkerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MarkerKind::EscapeHatch => "escape-hatch",
            MarkerKind::SwallowedError => "swallowed-error",
            MarkerKind::DiscardedError => "discarded-error",
            MarkerKind::DisabledTest => "disabled-test",
            MarkerKind::FocusedTest => "focused-test",
            MarkerKind::RetriedTest => "retried-test",
        }
    }
}

/// One escape hatch, swallowed error or disabled test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub kind: MarkerKind,
    /// As the language table names it (`@ts-ignore`, `empty catch`).
    pub name: &'static str,
    /// 1-based line where the marker starts.
    pub line: u32,
    /// For an empty handler: it holds a comment, which may say why nothing is done.
    pub commented: bool,
    /// For a disabled or focused test: its first line as written (trimmed), to date it from
    /// the history.
    pub line_text: Option<String>,
}

/// One imported module as written: `import x from './a'` is `./a`, `from ..m import n` is
/// `..m` naming `n`, `use crate::db::{Pool, Row}` is that path.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Import {
    /// 1-based line of the import statement.
    pub line: u32,
    /// Without quotes; spaces collapsed to one.
    pub module: String,
    /// Names imported from the module that may be modules themselves (Python's
    /// `from . import views`); empty for most languages.
    pub names: Vec<String>,
    /// Declares a child module of the file (Rust's `mod x;`) rather than using one.
    pub child_module: bool,
    /// The inline modules around the import inside the file (Rust's `mod tests { ... }`).
    pub scope: Vec<String>,
    /// For an import by a call: the function called (`require`, `require_relative`, `import`).
    pub call: Option<String>,
}

impl FileSyntax {
    /// Sum of the functions' cyclomatic complexity.
    pub fn cyclomatic(&self) -> u64 {
        self.functions.iter().map(|f| u64::from(f.cyclomatic)).sum()
    }

    /// Sum of the functions' cognitive complexity.
    pub fn cognitive(&self) -> u64 {
        self.functions.iter().map(|f| u64::from(f.cognitive)).sum()
    }
}

/// The tables, with the grammar each names.
const TABLES: &[(&str, &str)] = &[
    ("rust", include_str!("languages/rust.toml")),
    ("python", include_str!("languages/python.toml")),
    ("javascript", include_str!("languages/javascript.toml")),
    ("typescript", include_str!("languages/typescript.toml")),
    ("tsx", include_str!("languages/tsx.toml")),
    ("go", include_str!("languages/go.toml")),
    ("ruby", include_str!("languages/ruby.toml")),
    ("php", include_str!("languages/php.toml")),
    ("swift", include_str!("languages/swift.toml")),
    ("c", include_str!("languages/c.toml")),
    ("cpp", include_str!("languages/cpp.toml")),
    ("java", include_str!("languages/java.toml")),
    ("csharp", include_str!("languages/csharp.toml")),
    ("kotlin", include_str!("languages/kotlin.toml")),
];

fn grammar(name: &str) -> Option<Language> {
    Some(match name {
        "rust" => tree_sitter_rust::LANGUAGE.into(),
        "python" => tree_sitter_python::LANGUAGE.into(),
        "javascript" => tree_sitter_javascript::LANGUAGE.into(),
        "typescript" => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
        "tsx" => tree_sitter_typescript::LANGUAGE_TSX.into(),
        "go" => tree_sitter_go::LANGUAGE.into(),
        "java" => tree_sitter_java::LANGUAGE.into(),
        "ruby" => tree_sitter_ruby::LANGUAGE.into(),
        "php" => tree_sitter_php::LANGUAGE_PHP.into(),
        "c" => tree_sitter_c::LANGUAGE.into(),
        "cpp" => tree_sitter_cpp::LANGUAGE.into(),
        "csharp" => tree_sitter_c_sharp::LANGUAGE.into(),
        "kotlin" => tree_sitter_kotlin_ng::LANGUAGE.into(),
        "swift" => tree_sitter_swift::LANGUAGE.into(),
        _ => return None,
    })
}

struct Registry {
    tables: Vec<Table>,
    /// tokei language name → table index.
    by_language: HashMap<String, usize>,
}

/// Compiles every table. A table naming a node kind or field its grammar lacks is a bug in
/// fcto, caught by the tests; it is reported here rather than counting nothing.
fn build() -> Result<Registry, String> {
    let mut tables = Vec::new();
    let mut by_language = HashMap::new();
    for (file, source) in TABLES {
        let spec: Spec =
            toml::from_str(source).map_err(|e| format!("languages/{file}.toml: {e}"))?;
        let language = grammar(&spec.grammar)
            .ok_or_else(|| format!("{file}: unknown grammar {}", spec.grammar))?;
        let table = table::compile(file, &spec, language)?;
        for l in &spec.languages {
            by_language.insert(l.clone(), tables.len());
        }
        tables.push(table);
    }
    Ok(Registry {
        tables,
        by_language,
    })
}

static REGISTRY: LazyLock<Registry> =
    LazyLock::new(|| build().unwrap_or_else(|e| panic!("language table: {e}")));

/// Checks every language table against its grammar.
pub fn check_tables() -> Result<(), String> {
    build().map(|_| ())
}

/// Whether functions are read for this tokei language.
pub fn supports(language: &str) -> bool {
    REGISTRY.by_language.contains_key(language)
}

/// The tokei languages whose functions are read.
pub fn languages() -> Vec<&'static str> {
    let mut names: Vec<&str> = REGISTRY.by_language.keys().map(String::as_str).collect();
    names.sort_unstable();
    names
}

/// How cyclomatic complexity counts decisions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Counting {
    /// fcto's own definition: lizard's, except where a table documents a deliberate
    /// difference (Rust `where` clauses, TypeScript optional-parameter `?`).
    #[default]
    Fcto,
    /// Exactly the tokens lizard 1.24 counts, to compare with it.
    Lizard,
}

thread_local! {
    static PARSERS: RefCell<HashMap<usize, Parser>> = RefCell::new(HashMap::new());
}

/// Parses `text` as the tokei language `language` and measures its functions; `None` for a
/// language without a table.
pub fn analyse(language: &str, text: &str) -> Option<FileSyntax> {
    analyse_counting(language, text, Counting::Fcto)
}

/// `analyse`, counting cyclomatic complexity as `counting` says.
pub fn analyse_counting(language: &str, text: &str, counting: Counting) -> Option<FileSyntax> {
    let registry: &'static Registry = &REGISTRY;
    let index = *registry.by_language.get(language)?;
    let table = &registry.tables[index];
    let blanked = table
        .blank_visibility_after_annotations
        .then(|| kotlin::blank_visibility_after_annotations(text))
        .flatten();
    let text = blanked.as_deref().unwrap_or(text);
    let tree = PARSERS.with(|parsers| {
        let mut parsers = parsers.borrow_mut();
        let parser = parsers.entry(index).or_insert_with(|| {
            let mut p = Parser::new();
            p.set_language(&table.language)
                .expect("grammar ABI supported by the tree-sitter core");
            p
        });
        parser.parse(text, None)
    })?;
    let decision = match counting {
        Counting::Fcto => table::DECISION,
        Counting::Lizard => table::LIZARD_DECISION,
    };
    let syntax = walk::walk(table, index, &tree, text.as_bytes(), decision);
    if syntax.parse_errors == 0 || !table.macros {
        return Some(syntax);
    }
    // Macros the grammar cannot expand: parse again without them, keep the best parse.
    let strict = macros::blank_specifier_macros(text, false);
    let relaxed = macros::blank_specifier_macros(text, true).filter(|r| strict.as_ref() != Some(r));
    let mut best = syntax;
    for blanked in [strict, relaxed].into_iter().flatten() {
        let Some(tree) = PARSERS.with(|parsers| {
            let mut parsers = parsers.borrow_mut();
            parsers
                .get_mut(&index)
                .and_then(|p| p.parse(&blanked, None))
        }) else {
            continue;
        };
        let retried = walk::walk(table, index, &tree, blanked.as_bytes(), decision);
        if retried.parse_errors < best.parse_errors {
            best = retried;
        }
    }
    Some(best)
}

/// Parses `text` and drops the tree without walking it: the floor under `analyse`'s cost, for
/// the speed measurements of `examples/syntax_speed.rs`. Whether the language has a table.
#[doc(hidden)]
pub fn parse_only(language: &str, text: &str) -> bool {
    let registry: &'static Registry = &REGISTRY;
    let Some(&index) = registry.by_language.get(language) else {
        return false;
    };
    let table = &registry.tables[index];
    PARSERS.with(|parsers| {
        let mut parsers = parsers.borrow_mut();
        let parser = parsers.entry(index).or_insert_with(|| {
            let mut p = Parser::new();
            p.set_language(&table.language)
                .expect("grammar ABI supported by the tree-sitter core");
            p
        });
        parser.parse(text, None).is_some()
    })
}

/// The syntax tree of `text` as an S-expression with positions, for writing language tables.
pub fn debug_tree(language: &str, text: &str) -> Option<String> {
    let registry = &*REGISTRY;
    let table = &registry.tables[*registry.by_language.get(language)?];
    let mut parser = Parser::new();
    parser.set_language(&table.language).ok()?;
    let tree = parser.parse(text, None)?;
    let mut out = String::new();
    let mut cursor = tree.walk();
    let mut depth = 0usize;
    loop {
        let node = cursor.node();
        let field = cursor
            .field_name()
            .map(|f| format!("{f}: "))
            .unwrap_or_default();
        let p = node.start_position();
        let shown = if node.is_named() {
            node.kind().to_string()
        } else {
            format!("\"{}\"", node.kind())
        };
        out.push_str(&format!(
            "{}{field}{shown} [{}:{}]\n",
            "  ".repeat(depth),
            p.row + 1,
            p.column
        ));
        if cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return Some(out);
            }
            depth -= 1;
        }
    }
}
