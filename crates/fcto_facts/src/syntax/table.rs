//! The per-language data tables (`languages/*.toml`): which tree-sitter node kinds are
//! functions, classes, decisions and nesting structures. Each table is read once and compiled
//! into flags indexed by node kind id, so the walk over a tree only looks up bits.

use serde::Deserialize;
use tree_sitter::Language;

/// One language table as written in `languages/*.toml`.
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
    /// Node kinds holding a function's parameters; their named children (comments aside) are
    /// the parameters.
    #[serde(default)]
    pub parameter_lists: Vec<String>,
    /// A field holding a lone parameter without a list (`x => x + 1`).
    #[serde(default)]
    pub single_parameter_field: Option<String>,
    /// Comment node kinds.
    pub comments: Vec<String>,
    /// Node kinds (named or anonymous tokens) that each add one to cyclomatic complexity.
    pub decisions: Vec<String>,
    /// The decisions exactly as lizard 1.24 counts them, where fcto deliberately differs
    /// (used by `fcto functions --count lizard`); by default the same as `decisions`.
    /// `empty:KIND` counts a KIND node without named children (lizard reads Rust's empty
    /// closure `||` as a logical or).
    #[serde(default)]
    pub lizard_decisions: Option<Vec<String>>,
    pub cognitive: CognitiveSpec,
    /// Node kinds that are one token for clone detection although they have children
    /// (string literals whose contents the grammar splits up).
    #[serde(default)]
    pub atomic_tokens: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FunctionSpec {
    pub kind: String,
    /// Fields followed, repeatedly, to reach the name: `["declarator"]` walks C's nested
    /// declarators down to the identifier. Empty: anonymous (named from the parent if possible).
    #[serde(default)]
    pub name: Vec<String>,
    /// A field the node must have to count as a function (a body: declarations without one,
    /// such as interface methods, are not functions).
    #[serde(default)]
    pub requires: Option<String>,
    /// Bodies that only hold one of these (a Python `...`) are stubs, not functions.
    #[serde(default)]
    pub stub_bodies: Vec<String>,
    /// Fields followed, repeatedly, to the parameter list, when the first parameter list
    /// among the children is not the right one (Go's method receiver comes first).
    #[serde(default)]
    pub parameters: Vec<String>,
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
    pub single_parameter_field: Option<u16>,
    pub alternative_field: Option<u16>,
}

pub(crate) struct CompiledFunction {
    pub name: Vec<u16>,
    pub requires: Option<u16>,
    pub parameters: Vec<u16>,
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
    let ids = |kind: &str| -> Result<Vec<u16>, String> {
        let found: Vec<u16> = (0..count as u16)
            .filter(|&id| language.node_kind_for_id(id) == Some(kind))
            .collect();
        if found.is_empty() {
            Err(format!("{name}: the grammar has no node kind `{kind}`"))
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
    let mut set = |kinds: &[String], flag: u32| -> Result<(), String> {
        for kind in kinds {
            for id in ids(kind)? {
                flags[id as usize] |= flag;
            }
        }
        Ok(())
    };
    set(&spec.comments, COMMENT)?;
    set(&spec.decisions, DECISION)?;
    let lizard = spec.lizard_decisions.as_ref().unwrap_or(&spec.decisions);
    let (empty, tokens): (Vec<String>, Vec<String>) =
        lizard.iter().cloned().partition(|k| k.starts_with("empty:"));
    set(&tokens, LIZARD_DECISION)?;
    let empty: Vec<String> = empty
        .iter()
        .map(|k| k.trim_start_matches("empty:").to_string())
        .collect();
    set(&empty, LIZARD_EMPTY)?;
    set(&spec.parameter_lists, PARAMETERS)?;
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
        let name = f.name.iter().map(|n| field(n)).collect::<Result<_, _>>()?;
        let requires = f.requires.as_deref().map(field).transpose()?;
        for stub in &f.stub_bodies {
            for id in ids(stub)? {
                flags[id as usize] |= STUB;
            }
        }
        let parameters: Vec<u16> = f.parameters.iter().map(|n| field(n)).collect::<Result<_, _>>()?;
        for id in ids(&f.kind)? {
            flags[id as usize] |= FUNCTION;
            functions[id as usize] = Some(CompiledFunction {
                name: Vec::clone(&name),
                requires,
                parameters: parameters.clone(),
            });
        }
    }
    let mut containers: Vec<Option<Vec<u16>>> = vec![None; count];
    for c in &spec.containers {
        let path: Vec<u16> = c.name.iter().map(|n| field(n)).collect::<Result<_, _>>()?;
        for id in ids(&c.kind)? {
            flags[id as usize] |= CONTAINER;
            containers[id as usize] = Some(path.clone());
        }
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
        single_parameter_field: spec.single_parameter_field.as_deref().map(field).transpose()?,
        alternative_field: c.alternative_field.as_deref().map(field).transpose()?,
        language,
    })
}
