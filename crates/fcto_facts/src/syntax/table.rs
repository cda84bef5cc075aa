//! The per-language data tables (`languages/*.toml`): which tree-sitter node kinds are
//! functions, classes, decisions and nesting structures. Each table is read once and compiled
//! into flags indexed by node kind id, so the walk over a tree only looks up bits.

use serde::Deserialize;
use std::collections::BTreeMap;
use tree_sitter::Language;

/// One language table as written in `languages/*.toml`. A node kind is written as the grammar
/// names it; where a keyword and a named node share that name, `"if"` is only the keyword and
/// `(if)` only the node (tree-sitter's query notation).
///
/// A step of a name path or a `requires` is a field, or, for grammars that give the part no
/// field, a child of a kind: `(function_body)` is the first named child of that kind,
/// `"get"` the first keyword child (Kotlin's `fun` has no `body` field, its getter no name).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Spec {
    /// The tokei language names this table applies to.
    pub languages: Vec<String>,
    /// Which grammar parses them (see `grammar()`).
    pub grammar: String,
    /// Between a container's name and a function's name (`::` in Rust, `.` in Java).
    pub separator: String,
    /// Nodes that are functions.
    pub functions: Vec<FunctionSpec>,
    /// Nodes whose name qualifies the functions inside them (classes, impls, modules).
    #[serde(default)]
    pub containers: Vec<ContainerSpec>,
    /// Where an anonymous function takes its name from: `const f = () => ...` is `f`.
    #[serde(default)]
    pub name_from_parent: Vec<ParentNameSpec>,
    /// Node kinds between an anonymous function and the parent naming it: Go's
    /// `expression_list` in `f := func() {...}`.
    #[serde(default)]
    pub name_through: Vec<String>,
    /// Node kinds holding a function's parameters; their named children (comments aside) are
    /// the parameters.
    #[serde(default)]
    pub parameter_lists: Vec<String>,
    /// Parameter lists, as written (spaces aside), that declare no parameter: C's `(void)`.
    #[serde(default)]
    pub empty_parameter_lists: Vec<String>,
    /// Node kinds in a parameter list that are not parameters: Python's `/` and `*` markers.
    #[serde(default)]
    pub not_parameters: Vec<String>,
    /// A field of a parameter declaration holding its names, where one declaration may name
    /// several parameters (Go's `a, b int` is two); a declaration without one is one parameter.
    #[serde(default)]
    pub parameter_names: Option<String>,
    /// Node kinds that are each one parameter, counted among a function's own children where
    /// the grammar gives them no list node (Swift's `parameter`).
    #[serde(default)]
    pub parameter_kinds: Vec<String>,
    /// Node kinds whose members declare and never define: no function inside them (Swift's
    /// `protocol_body`, whose subscripts and accessors are requirements; lizard skips it).
    #[serde(default)]
    pub declarations_only: Vec<String>,
    /// Whether a file that did not parse cleanly is parsed again with its capitalised
    /// specifier macros blanked (C and C++, see `macros.rs`).
    #[serde(default)]
    pub macros: bool,
    /// Whether the visibility modifiers of top-level declarations after two annotations or
    /// more are blanked before parsing (Kotlin, see `kotlin.rs`).
    #[serde(default)]
    pub blank_visibility_after_annotations: bool,
    /// A field holding a lone parameter without a list (`x => x + 1`).
    #[serde(default)]
    pub single_parameter_field: Option<String>,
    /// Comment node kinds.
    pub comments: Vec<String>,
    /// Node kinds (named or anonymous tokens) that each add one to cyclomatic complexity.
    pub decisions: Vec<String>,
    /// The decisions exactly as lizard 1.24 counts them, where fcto deliberately differs
    /// (used by `fcto functions --count lizard`); by default the same as `decisions`.
    /// `empty:KIND` counts a KIND node holding nothing but its delimiters (lizard reads Rust's
    /// empty closure `||` as a logical or, not `|_|`); `twice:KIND` counts a KIND node twice (lizard reads
    /// JavaScript's `??` as two `?`).
    #[serde(default)]
    pub lizard_decisions: Option<Vec<String>>,
    /// Decision tokens that count only as a child of one of the listed node kinds: C++'s `&&`
    /// is a logical operator in a `binary_expression` but an rvalue reference in a declarator.
    #[serde(default)]
    pub decision_parents: BTreeMap<String, Vec<String>>,
    /// `[kind, field]`: what that field of that node holds counts toward no function's
    /// complexity (the condition of C's `#if`, which lizard reads as one token).
    #[serde(default)]
    pub uncounted_fields: Vec<[String; 2]>,
    /// Node kinds whose contents count toward no function's complexity (Swift's `directive`:
    /// the `||` of `#if os(Linux) || os(Android)` is decided when compiling).
    #[serde(default)]
    pub uncounted: Vec<String>,
    /// `[kind, field]`: a decision of that kind counts only when it has that field (PHP's
    /// `conditional_expression` with its middle operand: lizard reads the short `a ?: b` as
    /// one `?:` token, no ternary, as it reads `??`).
    #[serde(default)]
    pub decision_fields: Vec<[String; 2]>,
    /// Node kinds without fields that name and parameter paths pass through to their first
    /// named child: C's `parenthesized_declarator` (`int (*f(void))(int)`), C++'s
    /// `reference_declarator` (`T& get()`).
    #[serde(default)]
    pub transparent: Vec<String>,
    /// Node kinds where a function's name ends although its name path goes on: the name is
    /// their text before the next node on the path (C++'s `operator_cast` is `operator bool`,
    /// not the `() const` its declarator leads to).
    #[serde(default)]
    pub name_ends: Vec<String>,
    /// `[statement kind, string kind]`: a statement holding nothing but a string is
    /// documentation (Python's docstrings), not code: no code lines, no tokens.
    #[serde(default)]
    pub docstrings: Vec<[String; 2]>,
    pub cognitive: CognitiveSpec,
    /// Node kinds that are one token for clone detection although they have children
    /// (string literals whose contents the grammar splits up).
    #[serde(default)]
    pub atomic_tokens: Vec<String>,
    /// Import statements and calls, with where their module is written (ARC-06's import
    /// graph).
    #[serde(default)]
    pub imports: Vec<ImportSpec>,
    /// Container kinds that open a module scope for the imports inside (Rust's inline
    /// `mod tests { use super::*; }`: `super` is the file's module there, not its parent).
    #[serde(default)]
    pub import_scopes: Vec<String>,
    /// Escape hatches, swallowed errors, disabled, focused and retried tests (QUA-11, QUA-12,
    /// QUA-13): syntax that switches a safety net off.
    #[serde(default)]
    pub markers: Vec<MarkerSpec>,
    /// How a method names the members of its own object, for cohesion (LCOM4); only for
    /// languages where that is written out (`self.x`, `this.x`).
    #[serde(default)]
    pub cohesion: Option<CohesionSpec>,
}

/// Classes and the member accesses that tie their methods together (LCOM4).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CohesionSpec {
    /// Container kinds that are classes: the functions directly in them are its methods.
    pub classes: Vec<String>,
    /// Method names left out: constructors touch every field and would tie everything.
    #[serde(default)]
    pub constructors: Vec<String>,
    pub members: Vec<MemberSpec>,
}

/// A member access: a node whose `object` field is one of `receivers` (as written) and whose
/// `name` field names the member.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MemberSpec {
    pub node: String,
    pub object: String,
    pub name: String,
    pub receivers: Vec<String>,
}

/// One kind of marker: a node kind, and what its text, parent, previous sibling or body must
/// be. Regular expressions match the node's text as written (`text`), or its `field`'s.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MarkerSpec {
    /// What the report calls it (`@ts-ignore`, `empty catch`).
    pub name: String,
    pub kind: super::MarkerKind,
    /// Node kinds, written as in `decisions`.
    pub node: Vec<String>,
    /// A regular expression the node's text (or its `field`'s) must match.
    #[serde(default)]
    pub text: Option<String>,
    /// A regular expression the node's own text must not match.
    #[serde(default)]
    pub unless: Option<String>,
    /// A field (or child kind, see `Spec`) whose text `text` matches; without the field, no
    /// marker.
    #[serde(default)]
    pub field: Option<String>,
    /// Parent kinds the node must have.
    #[serde(default)]
    pub parent: Vec<String>,
    /// A regular expression the previous named sibling's text must match (`.catch` before
    /// the arguments of `p.catch(() => {})`).
    #[serde(default)]
    pub previous: Option<String>,
    /// A field (or child kind) that must hold nothing but comments and `trivial` statements;
    /// a node without it counts as empty (Ruby's `rescue` without a body).
    #[serde(default)]
    pub empty: Option<String>,
    /// Statements that do nothing, as text (`pass`, `...`).
    #[serde(default)]
    pub trivial: Option<String>,
    /// Only in a function, outside its control structures: `t.Skip()` as a statement of the
    /// test, not under `if testing.Short()`.
    #[serde(default)]
    pub unconditional: bool,
}

/// An import statement or call and where its module specifier is written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ImportSpec {
    pub kind: String,
    /// The field holding the module: each child at it is one import, followed through the same
    /// field while there is one (Python's `aliased_import`). Without it (and without
    /// `arguments`), the first named child (Java's `import a.b.C;`).
    #[serde(default)]
    pub module: Option<String>,
    /// The field of the names imported from the module, which may name modules themselves
    /// (Python's `from . import views`).
    #[serde(default)]
    pub names: Option<String>,
    /// For calls: the field naming the function called, and the names that import
    /// (`require`, `import`).
    #[serde(default)]
    pub callee: Option<String>,
    #[serde(default)]
    pub callees: Vec<String>,
    /// For calls: the field of the argument list; its first argument, when a plain string
    /// literal, is the module (`require(name)` and template strings import nothing known).
    #[serde(default)]
    pub arguments: Option<String>,
    /// A field whose presence means the node imports nothing: `mod x { ... }` has a body,
    /// `mod x;` loads `x.rs`.
    #[serde(default)]
    pub unless: Option<String>,
    /// The node declares a child module of the file (Rust's `mod x;`) rather than naming a
    /// module to use.
    #[serde(default)]
    pub child_module: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FunctionSpec {
    pub kind: String,
    /// Fields (or child kinds, see `Spec`) followed, repeatedly, to reach the name:
    /// `["declarator"]` walks C's nested declarators down to the identifier. Empty: anonymous
    /// (named from the parent if possible).
    #[serde(default)]
    pub name: Vec<String>,
    /// A field (or child kind, see `Spec`) the node must have to count as a function (a body:
    /// declarations without one, such as interface methods, are not functions).
    #[serde(default)]
    pub requires: Option<String>,
    /// Bodies that only hold one of these (a Python `...`) are stubs, not functions.
    #[serde(default)]
    pub stub_bodies: Vec<String>,
    /// Fields followed, repeatedly, to the parameter list, when the first parameter list
    /// among the children is not the right one (Go's method receiver comes first).
    #[serde(default)]
    pub parameters: Vec<String>,
    /// A field holding the parameter list on nodes along the name path; the innermost node
    /// having it gives the parameters. C's declarators nest: `int (*f(int a))(char)` is `f`
    /// taking `a`, and the outer `(char)` belongs to the function pointer it returns.
    #[serde(default)]
    pub innermost_parameters: Option<String>,
    /// The function starts on its name's line rather than on its own first line: C's return
    /// type often stands on a line of its own (GNU style), and lizard and ctags place such a
    /// function at its name.
    #[serde(default)]
    pub starts_at_name: bool,
    /// A field some node along the name path must have: a C definition's declarator has a
    /// parameter list, but error recovery around an unknown macro (`MACRO namespace x {`)
    /// makes definitions whose declarator is a bare identifier.
    #[serde(default)]
    pub requires_on_name: Option<String>,
    /// Only a function as a child of one of these node kinds.
    #[serde(default)]
    pub parents: Vec<String>,
    /// `[parent kind, field]`: inside a function, as a child of that kind, the node must also
    /// have that field. In a C++ function's block, a definition without a return type is a
    /// macro call before a block (`CAPTURE(x) { ... }`): only constructors have none, and none
    /// is defined in a block. (Outside functions, error recovery around macros can make a
    /// class body a block, holding real constructors.)
    #[serde(default)]
    pub requires_within: Vec<[String; 2]>,
    /// The name path starts at the previous named sibling (comments aside), and without a name
    /// there the node is no function: a block at the top of a C++ file follows the macro call
    /// that opens it (`TEST_CASE("name") { ... }`).
    #[serde(default)]
    pub name_from_previous: bool,
    /// Names no function has: keywords that error recovery reads as names (after an `#ifdef`,
    /// C's `else if (x) {` can parse as the definition of a function `if` returning `else`).
    #[serde(default)]
    pub reserved_names: Vec<String>,
    /// Only a function where no other function holds it; inside one it is part of that
    /// function, its decisions counted there (lizard's PHP reader does not look for closures
    /// inside a function's body).
    #[serde(default)]
    pub outermost: bool,
    /// The name of a function of this kind that has none of its own (Swift's `deinit`, `get`,
    /// `set`, `subscript`), used before a name from the parent.
    #[serde(default)]
    pub label: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ContainerSpec {
    pub kind: String,
    /// Fields followed, repeatedly, to reach the name (as for functions).
    pub name: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ParentNameSpec {
    pub parent: String,
    pub field: String,
}

/// Cognitive complexity (metrics.md §2.9) in node kinds.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CognitiveSpec {
    /// `if`-like nodes: +1 plus nesting, unless they continue an `else`, when they are an
    /// `else if` (+1, no nesting).
    pub ifs: Vec<String>,
    /// Other structures that add 1 plus the current nesting and nest what they hold:
    /// `switch`, loops, `catch`, ternaries.
    pub nesting: Vec<String>,
    /// `else`-like nodes: +1, unless all they hold is an `if` (then the `if` counts as `else if`).
    #[serde(default)]
    pub elses: Vec<String>,
    /// `elif`/`elsif`-like nodes: +1, no nesting.
    #[serde(default)]
    pub else_ifs: Vec<String>,
    /// The field of an `if` node holding its `else` branch when the grammar has no `else`
    /// node (Go, Java): a branch there that is not an `if` counts +1 as an `else`.
    #[serde(default)]
    pub alternative_field: Option<String>,
    /// Jumps that break the linear flow: +1 each (`goto`).
    #[serde(default)]
    pub jumps: Vec<String>,
    /// `[kind, label kind]`: `break`/`continue` count +1 only when they carry a label.
    #[serde(default)]
    pub labelled_jumps: Vec<[String; 2]>,
    /// Nodes that nest without adding (lambdas, closures, nested blocks of functions that are
    /// not listed as functions).
    #[serde(default)]
    pub nesting_only: Vec<String>,
    /// Binary expression kinds whose operator may be a logical operator.
    pub binary: Vec<String>,
    /// Logical operator tokens (`&&`, `||`, `and`, `or`): each run of the same operator is +1.
    pub logical_operators: Vec<String>,
    /// Binary kinds a run of logical operators goes on through: tree-sitter-swift gives its
    /// operators no precedence, `a > 0 && b > 0 && c` nests as `a > (0 && (b > (0 && c)))`,
    /// and the comparisons between the `&&`s do not end their run.
    #[serde(default)]
    pub logical_pass_through: Vec<String>,
}

pub(crate) const FUNCTION: u32 = 1;
pub(crate) const CONTAINER: u32 = 1 << 1;
pub(crate) const DECISION: u32 = 1 << 2;
pub(crate) const IF: u32 = 1 << 3;
pub(crate) const NESTING: u32 = 1 << 4;
pub(crate) const ELSE: u32 = 1 << 5;
pub(crate) const ELSE_IF: u32 = 1 << 6;
pub(crate) const JUMP: u32 = 1 << 7;
pub(crate) const LABELLED_JUMP: u32 = 1 << 8;
pub(crate) const NESTING_ONLY: u32 = 1 << 9;
pub(crate) const BINARY: u32 = 1 << 10;
pub(crate) const LOGICAL: u32 = 1 << 11;
pub(crate) const COMMENT: u32 = 1 << 12;
pub(crate) const PARAMETERS: u32 = 1 << 13;
pub(crate) const PARENT_NAME: u32 = 1 << 14;
pub(crate) const ATOMIC: u32 = 1 << 15;
pub(crate) const LABEL: u32 = 1 << 16;
pub(crate) const LIZARD_DECISION: u32 = 1 << 17;
pub(crate) const STUB: u32 = 1 << 18;
pub(crate) const LIZARD_EMPTY: u32 = 1 << 19;
pub(crate) const PARENTED_DECISION: u32 = 1 << 20;
pub(crate) const TRANSPARENT: u32 = 1 << 21;
pub(crate) const NAME_END: u32 = 1 << 22;
pub(crate) const DOC_STATEMENT: u32 = 1 << 23;
pub(crate) const DOC_STRING: u32 = 1 << 24;
pub(crate) const UNCOUNTED_FIELDS: u32 = 1 << 25;
pub(crate) const MARKER: u32 = 1 << 26;
pub(crate) const CLASS: u32 = 1 << 27;
pub(crate) const MEMBER: u32 = 1 << 28;
pub(crate) const UNCOUNTED: u32 = 1 << 29;
/// Import kinds take the top bit, apart from the flags above that grow upwards.
pub(crate) const IMPORT: u32 = 1 << 31;

/// Marks a path step that is a child's kind id rather than a field id (see `Spec`).
pub(crate) const CHILD_OF_KIND: u16 = 1 << 15;

/// A table compiled against its grammar.
pub(crate) struct Table {
    pub language: Language,
    pub separator: String,
    /// Flags per node kind id.
    pub flags: Vec<u32>,
    /// Per function kind id: how to name it and what it requires.
    pub functions: Vec<Option<CompiledFunction>>,
    /// Per container kind id: the name path.
    pub containers: Vec<Option<Vec<u16>>>,
    /// Per parent kind id: the field naming an anonymous function inside it.
    pub parent_names: Vec<Option<u16>>,
    /// Kind ids an anonymous function's name is looked up through.
    pub name_through: Vec<u16>,
    pub single_parameter_field: Option<u16>,
    /// Parameter lists without spaces that declare no parameter (`(void)`).
    pub empty_parameter_lists: Vec<String>,
    /// Kind ids in a parameter list that are not parameters.
    pub not_parameters: Vec<u16>,
    /// The field naming a parameter declaration's parameters (`parameter_names`).
    pub parameter_names: Option<u16>,
    /// Node kinds that are each one parameter among a function's children.
    pub parameter_kinds: Vec<u16>,
    /// Node kinds holding no function (`declarations_only`).
    pub declarations_only: Vec<u16>,
    /// Binary kinds a run of logical operators goes on through (`logical_pass_through`).
    pub logical_pass_through: Vec<u16>,
    /// Kind ids that `--count lizard` counts twice (`twice:KIND`).
    pub lizard_twice: Vec<u16>,
    pub alternative_field: Option<u16>,
    /// Per decision kind id with `PARENTED_DECISION`: the parent kinds it counts in.
    pub decision_parents: Vec<Vec<u16>>,
    /// Per kind id with `UNCOUNTED_FIELDS`: the fields whose contents count toward nothing.
    pub uncounted_fields: Vec<Vec<u16>>,
    /// Per import kind id: where its module is written.
    pub imports: Vec<Option<CompiledImport>>,
    /// Container kind ids that open a module scope for imports.
    pub import_scopes: Vec<u16>,
    /// Per decision kind id: the field it needs to count (`decision_fields`).
    pub decision_fields: Vec<Option<u16>>,
    /// Per marker kind id: the markers a node of that kind may be.
    pub markers: Vec<Vec<CompiledMarker>>,
    /// Per member-access kind id: (object field, name field, receivers).
    pub members: Vec<Option<(u16, u16, Vec<String>)>>,
    /// Method names cohesion leaves out.
    pub constructors: Vec<String>,
    /// `Spec::macros`.
    pub macros: bool,
    /// `Spec::blank_visibility_after_annotations`.
    pub blank_visibility_after_annotations: bool,
}

pub(crate) struct CompiledMarker {
    pub name: String,
    pub kind: super::MarkerKind,
    pub text: Option<regex::Regex>,
    pub unless: Option<regex::Regex>,
    pub field: Option<u16>,
    pub parents: Vec<u16>,
    pub previous: Option<regex::Regex>,
    pub empty: Option<u16>,
    pub trivial: Option<regex::Regex>,
    pub unconditional: bool,
}

pub(crate) struct CompiledFunction {
    pub name: Vec<u16>,
    pub requires: Option<u16>,
    pub parameters: Vec<u16>,
    pub innermost_parameters: Option<u16>,
    pub starts_at_name: bool,
    pub requires_on_name: Option<u16>,
    pub parents: Vec<u16>,
    pub requires_within: Vec<(u16, u16)>,
    pub name_from_previous: bool,
    pub reserved_names: Vec<String>,
    pub outermost: bool,
    pub label: Option<String>,
}

pub(crate) struct CompiledImport {
    pub module: Option<u16>,
    pub names: Option<u16>,
    pub callee: Option<u16>,
    pub callees: Vec<String>,
    pub arguments: Option<u16>,
    pub unless: Option<u16>,
    pub child_module: bool,
}

impl Table {
    pub fn has(&self, kind: u16, flag: u32) -> bool {
        self.flags.get(kind as usize).is_some_and(|f| f & flag != 0)
    }
}

/// Compiles a table; errors name the table and the unknown kind or field, so a wrong table
/// fails its test rather than silently counting nothing.
pub(crate) fn compile(name: &str, spec: &Spec, language: Language) -> Result<Table, String> {
    let count = language.node_kind_count();
    let mut flags = vec![0u32; count];
    // Where a keyword and a named node share a name (Ruby's `if` token inside its `if` node),
    // tree-sitter's query notation picks one: `"if"` the keyword, `(if)` the node; a bare kind
    // is every node of that name.
    let ids = |written: &str| -> Result<Vec<u16>, String> {
        let unwrap = |open: char, close: char| {
            written
                .strip_prefix(open)
                .and_then(|k| k.strip_suffix(close))
                .filter(|k| !k.is_empty())
        };
        let (kind, named) = match (unwrap('"', '"'), unwrap('(', ')')) {
            (Some(k), _) => (k, Some(false)),
            (_, Some(k)) => (k, Some(true)),
            _ => (written, None),
        };
        let found: Vec<u16> = (0..count as u16)
            .filter(|&id| {
                language.node_kind_for_id(id) == Some(kind)
                    && named.is_none_or(|n| language.node_kind_is_named(id) == n)
            })
            .collect();
        if found.is_empty() {
            Err(format!("{name}: the grammar has no node kind `{written}`"))
        } else {
            Ok(found)
        }
    };
    let field = |f: &str| -> Result<u16, String> {
        language
            .field_id_for_name(f)
            .map(std::num::NonZero::get)
            .ok_or_else(|| format!("{name}: the grammar has no field `{f}`"))
    };
    // A path step: a field id, or `CHILD_OF_KIND` with the kind id of a `(named)` or
    // `"anonymous"` child.
    let step = |s: &str| -> Result<u16, String> {
        let unwrap = |open: char, close: char| {
            s.strip_prefix(open)
                .and_then(|k| k.strip_suffix(close))
                .filter(|k| !k.is_empty())
        };
        let (kind, named) = match (unwrap('"', '"'), unwrap('(', ')')) {
            (Some(k), _) => (k, false),
            (_, Some(k)) => (k, true),
            _ => return field(s),
        };
        match language.id_for_node_kind(kind, named) {
            0 => Err(format!("{name}: the grammar has no node kind `{s}`")),
            id if id >= CHILD_OF_KIND => Err(format!("{name}: kind id of `{s}` out of range")),
            id => Ok(CHILD_OF_KIND | id),
        }
    };
    let mut set = |kinds: &[String], flag: u32| -> Result<(), String> {
        for kind in kinds {
            for id in ids(kind)? {
                flags[id as usize] |= flag;
            }
        }
        Ok(())
    };
    set(&spec.comments, COMMENT)?;
    for [statement, string] in &spec.docstrings {
        set(std::slice::from_ref(statement), DOC_STATEMENT)?;
        set(std::slice::from_ref(string), DOC_STRING)?;
    }
    set(&spec.decisions, DECISION)?;
    let lizard = spec.lizard_decisions.as_ref().unwrap_or(&spec.decisions);
    let (empty, tokens): (Vec<String>, Vec<String>) = lizard
        .iter()
        .cloned()
        .partition(|k| k.starts_with("empty:"));
    let (twice, tokens): (Vec<String>, Vec<String>) =
        tokens.into_iter().partition(|k| k.starts_with("twice:"));
    let mut lizard_twice = Vec::new();
    for kind in &twice {
        let kind = kind.trim_start_matches("twice:");
        lizard_twice.extend(ids(kind)?);
        set(&[kind.to_string()], LIZARD_DECISION)?;
    }
    set(&tokens, LIZARD_DECISION)?;
    let empty: Vec<String> = empty
        .iter()
        .map(|k| k.trim_start_matches("empty:").to_string())
        .collect();
    set(&empty, LIZARD_EMPTY)?;
    set(&spec.parameter_lists, PARAMETERS)?;
    set(&spec.transparent, TRANSPARENT)?;
    set(&spec.name_ends, NAME_END)?;
    set(&spec.atomic_tokens, ATOMIC)?;
    let c = &spec.cognitive;
    set(&c.ifs, IF)?;
    set(&c.nesting, NESTING)?;
    set(&c.elses, ELSE)?;
    set(&c.else_ifs, ELSE_IF)?;
    set(&c.jumps, JUMP)?;
    set(&c.nesting_only, NESTING_ONLY)?;
    set(&c.binary, BINARY)?;
    set(&c.logical_operators, LOGICAL)?;
    for [jump, label] in &c.labelled_jumps {
        set(std::slice::from_ref(jump), LABELLED_JUMP)?;
        set(std::slice::from_ref(label), LABEL)?;
    }

    let mut functions: Vec<Option<CompiledFunction>> = (0..count).map(|_| None).collect();
    for f in &spec.functions {
        let name = f.name.iter().map(|n| step(n)).collect::<Result<_, _>>()?;
        let requires = f.requires.as_deref().map(step).transpose()?;
        for stub in &f.stub_bodies {
            for id in ids(stub)? {
                flags[id as usize] |= STUB;
            }
        }
        let parameters: Vec<u16> = f
            .parameters
            .iter()
            .map(|n| field(n))
            .collect::<Result<_, _>>()?;
        let innermost_parameters = f.innermost_parameters.as_deref().map(field).transpose()?;
        let requires_on_name = f.requires_on_name.as_deref().map(field).transpose()?;
        let mut parents = Vec::new();
        for parent in &f.parents {
            parents.extend(ids(parent)?);
        }
        let mut requires_within = Vec::new();
        for [parent, within] in &f.requires_within {
            let within = field(within)?;
            requires_within.extend(ids(parent)?.into_iter().map(|id| (id, within)));
        }
        for id in ids(&f.kind)? {
            flags[id as usize] |= FUNCTION;
            functions[id as usize] = Some(CompiledFunction {
                name: Vec::clone(&name),
                requires,
                parameters: parameters.clone(),
                innermost_parameters,
                starts_at_name: f.starts_at_name,
                requires_on_name,
                parents: parents.clone(),
                requires_within: requires_within.clone(),
                name_from_previous: f.name_from_previous,
                reserved_names: f.reserved_names.clone(),
                outermost: f.outermost,
                label: f.label.clone(),
            });
        }
    }
    let mut containers: Vec<Option<Vec<u16>>> = vec![None; count];
    for c in &spec.containers {
        let path: Vec<u16> = c.name.iter().map(|n| step(n)).collect::<Result<_, _>>()?;
        for id in ids(&c.kind)? {
            flags[id as usize] |= CONTAINER;
            containers[id as usize] = Some(path.clone());
        }
    }
    let mut decision_parents = vec![Vec::new(); count];
    for (token, parents) in &spec.decision_parents {
        let mut parent_ids = Vec::new();
        for parent in parents {
            parent_ids.extend(ids(parent)?);
        }
        for id in ids(token)? {
            flags[id as usize] |= PARENTED_DECISION;
            decision_parents[id as usize].clone_from(&parent_ids);
        }
    }
    let mut decision_fields = vec![None; count];
    for [kind, f] in &spec.decision_fields {
        let f = field(f)?;
        for id in ids(kind)? {
            decision_fields[id as usize] = Some(f);
        }
    }
    let mut uncounted_fields = vec![Vec::new(); count];
    for [kind, f] in &spec.uncounted_fields {
        let f = field(f)?;
        for id in ids(kind)? {
            flags[id as usize] |= UNCOUNTED_FIELDS;
            uncounted_fields[id as usize].push(f);
        }
    }
    for kind in &spec.uncounted {
        for id in ids(kind)? {
            flags[id as usize] |= UNCOUNTED;
        }
    }
    let mut name_through = Vec::new();
    for kind in &spec.name_through {
        name_through.extend(ids(kind)?);
    }
    let mut not_parameters = Vec::new();
    for kind in &spec.not_parameters {
        not_parameters.extend(ids(kind)?);
    }
    let mut parameter_kinds = Vec::new();
    for kind in &spec.parameter_kinds {
        parameter_kinds.extend(ids(kind)?);
    }
    let mut declarations_only = Vec::new();
    for kind in &spec.declarations_only {
        declarations_only.extend(ids(kind)?);
    }
    let mut logical_pass_through = Vec::new();
    for kind in &spec.cognitive.logical_pass_through {
        logical_pass_through.extend(ids(kind)?);
    }
    let mut imports: Vec<Option<CompiledImport>> = (0..count).map(|_| None).collect();
    for i in &spec.imports {
        for id in ids(&i.kind)? {
            flags[id as usize] |= IMPORT;
            imports[id as usize] = Some(CompiledImport {
                module: i.module.as_deref().map(field).transpose()?,
                names: i.names.as_deref().map(field).transpose()?,
                callee: i.callee.as_deref().map(field).transpose()?,
                callees: i.callees.clone(),
                arguments: i.arguments.as_deref().map(field).transpose()?,
                unless: i.unless.as_deref().map(field).transpose()?,
                child_module: i.child_module,
            });
        }
    }
    let mut import_scopes = Vec::new();
    for kind in &spec.import_scopes {
        import_scopes.extend(ids(kind)?);
    }
    let regex = |r: &str| {
        regex::Regex::new(r).map_err(|e| format!("{name}: regular expression `{r}`: {e}"))
    };
    let mut markers: Vec<Vec<CompiledMarker>> = (0..count).map(|_| Vec::new()).collect();
    for m in &spec.markers {
        let mut parents = Vec::new();
        for parent in &m.parent {
            parents.extend(ids(parent)?);
        }
        if m.field.is_some() && m.text.is_none() {
            return Err(format!(
                "{name}: marker `{}` has a field but no text",
                m.name
            ));
        }
        for kind in &m.node {
            for id in ids(kind)? {
                flags[id as usize] |= MARKER;
                markers[id as usize].push(CompiledMarker {
                    name: m.name.clone(),
                    kind: m.kind,
                    text: m.text.as_deref().map(regex).transpose()?,
                    unless: m.unless.as_deref().map(regex).transpose()?,
                    field: m.field.as_deref().map(step).transpose()?,
                    parents: parents.clone(),
                    previous: m.previous.as_deref().map(regex).transpose()?,
                    empty: m.empty.as_deref().map(step).transpose()?,
                    trivial: m.trivial.as_deref().map(regex).transpose()?,
                    unconditional: m.unconditional,
                });
            }
        }
    }
    let mut members: Vec<Option<(u16, u16, Vec<String>)>> = vec![None; count];
    let mut constructors = Vec::new();
    if let Some(c) = &spec.cohesion {
        for kind in &c.classes {
            for id in ids(kind)? {
                if flags[id as usize] & CONTAINER == 0 {
                    return Err(format!("{name}: class `{kind}` is not a container"));
                }
                flags[id as usize] |= CLASS;
            }
        }
        for m in &c.members {
            let (object, field_name) = (field(&m.object)?, field(&m.name)?);
            for id in ids(&m.node)? {
                flags[id as usize] |= MEMBER;
                members[id as usize] = Some((object, field_name, m.receivers.clone()));
            }
        }
        constructors.clone_from(&c.constructors);
    }
    let mut parent_names = vec![None; count];
    for p in &spec.name_from_parent {
        let f = field(&p.field)?;
        for id in ids(&p.parent)? {
            flags[id as usize] |= PARENT_NAME;
            parent_names[id as usize] = Some(f);
        }
    }
    Ok(Table {
        separator: spec.separator.clone(),
        flags,
        functions,
        containers,
        parent_names,
        name_through,
        single_parameter_field: spec
            .single_parameter_field
            .as_deref()
            .map(field)
            .transpose()?,
        empty_parameter_lists: spec
            .empty_parameter_lists
            .iter()
            .map(|l| l.split_whitespace().collect())
            .collect(),
        not_parameters,
        parameter_names: spec.parameter_names.as_deref().map(field).transpose()?,
        parameter_kinds,
        declarations_only,
        logical_pass_through,
        lizard_twice,
        alternative_field: c.alternative_field.as_deref().map(field).transpose()?,
        decision_parents,
        uncounted_fields,
        imports,
        import_scopes,
        decision_fields,
        markers,
        members,
        constructors,
        macros: spec.macros,
        blank_visibility_after_annotations: spec.blank_visibility_after_annotations,
        language,
    })
}
