//! One walk over a parsed file: its functions with their complexity, the lines that hold
//! code, the token stream for clone detection and the parse errors.

use super::table::{
    ATOMIC, BINARY, CHILD_OF_KIND, COMMENT, CONTAINER, DOC_STATEMENT, DOC_STRING, ELSE, ELSE_IF,
    FUNCTION, IF, JUMP, LABEL, LABELLED_JUMP, LIZARD_DECISION, LIZARD_EMPTY, LOGICAL, NAME_END,
    NESTING, NESTING_ONLY, PARAMETERS, PARENT_NAME, PARENTED_DECISION, STUB, TRANSPARENT, Table,
    UNCOUNTED, UNCOUNTED_FIELDS,
};
use super::table::{CLASS, IMPORT, MARKER, MEMBER};
use super::{Class, FileSyntax, Function, Import, Marker, MarkerKind, Token};
use tree_sitter::{Node, Tree};

/// Longest function name kept (a name is one line of source; macros can make it long).
const NAME_CAP: usize = 120;

/// What the walk knows about one node on the path from the root.
#[derive(Clone, Copy)]
struct Frame<'t> {
    node: Node<'t>,
    kind: u16,
    /// The innermost function holding the node.
    function: Option<usize>,
    /// Cognitive-complexity nesting inside that function.
    nesting: u32,
    /// Control structures around the node inside that function.
    depth: u32,
    /// For a logical binary expression: its operator's kind.
    logical: Option<u16>,
    /// The logical expression this one is part of (index into `conditions`).
    condition: Option<usize>,
    /// The top-level control structure of the function holding the node (index into `chunks`).
    chunk: Option<usize>,
    container: bool,
    /// A comment or documentation: nothing inside is code.
    skip: bool,
    /// The innermost class around the node (index into `Walk::classes`).
    class: Option<usize>,
    /// The method of that class holding the node (index into `Walk::methods`).
    method: Option<usize>,
    /// The last named child walked so far, comments aside: the previous named sibling of the
    /// child being entered (tree-sitter's `prev_named_sibling` descends from the root again).
    previous: Option<Node<'t>>,
}

struct Walk<'a> {
    /// The registry's, which lives as long as the program: markers borrow their names.
    table: &'static Table,
    text: &'a [u8],
    functions: Vec<Function>,
    /// Per function: the number of logical operators in each of its logical expressions.
    conditions: Vec<(usize, u32)>,
    /// Per function: the deepest nesting reached in each of its top-level control structures.
    chunks: Vec<(usize, u32)>,
    containers: Vec<String>,
    code_rows: Vec<bool>,
    tokens: Vec<Token>,
    parse_errors: u32,
    first_error_line: Option<u32>,
    imports: Vec<Import>,
    markers: Vec<Marker>,
    /// Classes of the cohesion table: (qualified name, start line).
    classes: Vec<(String, u32)>,
    /// Methods of those classes.
    methods: Vec<Method>,
    token_base: u32,
    /// `DECISION`, or `LIZARD_DECISION` to count as lizard does.
    decision: u32,
}

pub(super) fn walk(
    table: &'static Table,
    language_index: usize,
    tree: &Tree,
    text: &[u8],
    decision: u32,
) -> FileSyntax {
    let rows = tree.root_node().end_position().row + 1;
    let mut w = Walk {
        table,
        text,
        functions: Vec::new(),
        conditions: Vec::new(),
        chunks: Vec::new(),
        containers: Vec::new(),
        code_rows: vec![false; rows],
        tokens: Vec::new(),
        parse_errors: 0,
        first_error_line: None,
        imports: Vec::new(),
        markers: Vec::new(),
        classes: Vec::new(),
        methods: Vec::new(),
        token_base: (language_index as u32) << 17,
        decision,
    };
    let mut cursor = tree.walk();
    let mut stack: Vec<Frame<'_>> = Vec::with_capacity(64);
    let root = cursor.node();
    let frame = w.enter(root, None, &stack);
    stack.push(frame);
    'outer: loop {
        let descend = {
            let top = stack.last().expect("the root stays on the stack");
            !top.skip && !w.table.has(top.kind, ATOMIC) && top.node.child_count() > 0
        };
        if descend && cursor.goto_first_child() {
            let field = cursor.field_id().map(std::num::NonZero::get);
            let frame = w.enter(cursor.node(), field, &stack);
            stack.push(frame);
            continue;
        }
        loop {
            let done = stack.pop().expect("a node was entered");
            w.leave(&done);
            if let Some(parent) = stack.last_mut()
                && done.node.is_named()
                && !w.table.has(done.kind, COMMENT)
            {
                parent.previous = Some(done.node);
            }
            if cursor.goto_next_sibling() {
                let field = cursor.field_id().map(std::num::NonZero::get);
                let frame = w.enter(cursor.node(), field, &stack);
                stack.push(frame);
                continue 'outer;
            }
            if !cursor.goto_parent() {
                break 'outer;
            }
        }
    }
    w.finish()
}

impl Walk<'_> {
    fn enter<'t>(&mut self, node: Node<'t>, field: Option<u16>, stack: &[Frame<'t>]) -> Frame<'t> {
        let kind = node.kind_id();
        let t = self.table;
        let parent = stack.last();
        let mut frame = Frame {
            node,
            kind,
            function: parent.and_then(|p| p.function),
            nesting: parent.map_or(0, |p| p.nesting),
            depth: parent.map_or(0, |p| p.depth),
            logical: None,
            condition: None,
            chunk: parent.and_then(|p| p.chunk),
            container: false,
            skip: false,
            previous: None,
            class: parent.and_then(|p| p.class),
            method: parent.and_then(|p| p.method),
        };
        if node.is_error() || node.is_missing() {
            self.parse_errors += 1;
            let line = node.start_position().row as u32 + 1;
            self.first_error_line = Some(self.first_error_line.map_or(line, |l| l.min(line)));
        }
        let is_comment = t.has(kind, COMMENT) || is_documentation(t, node);
        frame.skip = is_comment;
        if !is_comment && (node.child_count() == 0 || t.has(kind, ATOMIC)) {
            self.token(node);
        }
        if t.has(kind, FUNCTION) && self.is_function(node, frame.function.is_some(), stack) {
            let index = self.function(node, parent);
            frame.function = Some(index);
            if let Some(class) = frame.class
                && frame.method.is_none()
            {
                let qualified = &self.functions[index].name;
                let name = qualified
                    .rsplit(t.separator.as_str())
                    .next()
                    .unwrap_or(qualified)
                    .to_string();
                self.methods.push(Method {
                    class,
                    name,
                    members: Vec::new(),
                });
                frame.method = Some(self.methods.len() - 1);
            }
            frame.nesting = 0;
            frame.depth = 0;
            frame.chunk = None;
        } else if let Some(p) = parent
            && t.has(p.kind, UNCOUNTED_FIELDS)
            && field.is_some_and(|f| t.uncounted_fields[p.kind as usize].contains(&f))
        {
            // Nothing inside counts toward the function's complexity.
            frame.function = None;
        } else if t.has(kind, UNCOUNTED) {
            frame.function = None;
        } else if let Some(f) = frame.function {
            self.complexity(f, node, field, &mut frame, stack);
        }
        if t.has(kind, IMPORT) {
            self.import(node, stack);
        }
        if t.has(kind, MARKER) {
            self.marker(
                node,
                &frame,
                parent.map(|p| p.kind),
                parent.and_then(|p| p.previous),
            );
        }
        if t.has(kind, CONTAINER) {
            let path = t.containers[kind as usize].as_deref().unwrap_or_default();
            if let Some(name) = self.follow(node, path) {
                self.containers.push(name);
                frame.container = true;
            }
        }
        if t.has(kind, CLASS) && frame.container {
            let name = self.containers.join(&t.separator);
            self.classes
                .push((name, node.start_position().row as u32 + 1));
            frame.class = Some(self.classes.len() - 1);
            frame.method = None;
        }
        if t.has(kind, MEMBER)
            && let Some(method) = frame.method
            && let Some((object, name, receivers)) = &t.members[kind as usize]
            && let Some(object) = node.child_by_field_id(*object)
            && receivers
                .iter()
                .any(|r| r.as_bytes() == &self.text[object.byte_range()])
            && let Some(name) = node.child_by_field_id(*name)
        {
            let member = String::from_utf8_lossy(&self.text[name.byte_range()]).into_owned();
            self.methods[method].members.push(member);
        }
        frame
    }

    fn leave(&mut self, frame: &Frame<'_>) {
        if frame.container {
            self.containers.pop();
        }
    }

    /// `stack` holds the node's ancestors, its parent last (tree-sitter's `Node::parent`
    /// descends from the root again each time).
    fn is_function(&self, node: Node<'_>, inside_function: bool, stack: &[Frame<'_>]) -> bool {
        let spec = self.table.functions[node.kind_id() as usize]
            .as_ref()
            .expect("a function kind has its spec");
        if spec.outermost && inside_function {
            return false;
        }
        let parent = stack.last().map(|f| f.node);
        if !spec.parents.is_empty() && !parent.is_some_and(|p| spec.parents.contains(&p.kind_id()))
        {
            return false;
        }
        if inside_function
            && let Some(parent) = parent
            && spec
                .requires_within
                .iter()
                .any(|&(kind, f)| kind == parent.kind_id() && node.child_by_field_id(f).is_none())
        {
            return false;
        }
        if spec.name_from_previous
            && previous_named(self.table, node)
                .and_then(|p| self.follow_name(p, &spec.name))
                .is_none()
        {
            return false;
        }
        if !spec.reserved_names.is_empty()
            && self
                .follow(node, &spec.name)
                .is_some_and(|name| spec.reserved_names.contains(&name))
        {
            return false;
        }
        if let Some(f) = spec.requires_on_name
            && !path_nodes(self.table, node, &spec.name)
                .iter()
                .any(|n| n.child_by_field_id(f).is_some())
        {
            return false;
        }
        // Accessors sit a few levels below the declaration list that holds them.
        if !self.table.declarations_only.is_empty()
            && stack
                .iter()
                .rev()
                .take(3)
                .any(|f| self.table.declarations_only.contains(&f.kind))
        {
            return false;
        }
        let Some(body) = spec.requires else {
            return true;
        };
        let Some(mut at) = child_at(node, body) else {
            return false;
        };
        // A body holding nothing but a stub (`...`), comments and documentation aside,
        // declares, it does not define.
        loop {
            if self.table.has(at.kind_id(), STUB) {
                return false;
            }
            let mut cursor = at.walk();
            let mut named = at.named_children(&mut cursor).filter(|c| {
                !self.table.has(c.kind_id(), COMMENT) && !is_documentation(self.table, *c)
            });
            match (named.next(), named.next()) {
                (Some(only), None) => at = only,
                _ => return true,
            }
        }
    }

    /// Adds the function at `node` and returns its index.
    fn function(&mut self, node: Node<'_>, parent: Option<&Frame<'_>>) -> usize {
        let t = self.table;
        let spec = t.functions[node.kind_id() as usize]
            .as_ref()
            .expect("a function kind has its spec");
        let named = if spec.name_from_previous {
            previous_named(self.table, node).and_then(|p| self.follow_name(p, &spec.name))
        } else {
            self.follow_name(node, &spec.name)
        };
        let name_row = named.as_ref().map(|(_, n)| n.start_position().row);
        let name = named
            .map(|(name, _)| name)
            .or_else(|| spec.label.clone())
            .or_else(|| {
                let (mut holder, mut p) = (node, parent?.node);
                while t.name_through.contains(&p.kind_id()) {
                    (holder, p) = (p, p.parent()?);
                }
                if !t.has(p.kind_id(), PARENT_NAME) {
                    return None;
                }
                let field = t.parent_names[p.kind_id() as usize]?;
                let named = p.child_by_field_id(field)?;
                (named.id() != holder.id()).then(|| self.text_of(named))
            })
            .unwrap_or_else(|| "(anonymous)".to_string());
        let mut qualified = String::new();
        for c in &self.containers {
            qualified.push_str(c);
            qualified.push_str(&t.separator);
        }
        qualified.push_str(&name);
        let start = node.start_position();
        let end = code_end(t, node);
        let end_row = if end.column == 0 && end.row > start.row {
            end.row - 1
        } else {
            end.row
        };
        let start_row = match name_row {
            Some(row) if spec.starts_at_name => row,
            _ => start.row,
        };
        self.functions.push(Function {
            name: qualified,
            start_line: start_row as u32 + 1,
            end_line: end_row as u32 + 1,
            code_lines: 0,
            parameters: self.parameters(node),
            cyclomatic: 1,
            cognitive: 0,
            nesting: 0,
            condition_operators: 0,
            nested_chunks: 0,
        });
        self.functions.len() - 1
    }

    /// Follows `path` (fields tried in order, repeatedly) from `node` and returns the text
    /// reached, if at least one field was followed; a name-ending node on the way is the name
    /// up to the next node on the path.
    fn follow(&self, node: Node<'_>, path: &[u16]) -> Option<String> {
        self.follow_name(node, path).map(|(name, _)| name)
    }

    /// `follow`, with the node the name starts at.
    fn follow_name<'t>(&self, node: Node<'t>, path: &[u16]) -> Option<(String, Node<'t>)> {
        let nodes = path_nodes(self.table, node, path);
        for pair in nodes.windows(2) {
            if self.table.has(pair[0].kind_id(), NAME_END) {
                let name = self.text_in(pair[0].start_byte()..pair[1].start_byte());
                return Some((name, pair[0]));
            }
        }
        nodes.last().map(|n| (self.text_of(*n), *n))
    }

    fn text_of(&self, node: Node<'_>) -> String {
        self.text_in(node.byte_range())
    }

    fn text_in(&self, range: std::ops::Range<usize>) -> String {
        let bytes = &self.text[range];
        let text = String::from_utf8_lossy(bytes);
        let mut one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if one_line.len() > NAME_CAP {
            let mut cut = NAME_CAP;
            while !one_line.is_char_boundary(cut) {
                cut -= 1;
            }
            one_line.truncate(cut);
            one_line.push('…');
        }
        one_line
    }

    /// The number of parameters: named children of the first parameter list found among the
    /// function's children (or their children, for C's declarators), comments aside.
    fn parameters(&self, node: Node<'_>) -> u32 {
        let t = self.table;
        let spec = t.functions[node.kind_id() as usize].as_ref();
        let body = spec
            .and_then(|spec| spec.requires)
            .and_then(|f| child_at(node, f));
        let list = match spec {
            Some(spec) if spec.innermost_parameters.is_some() => {
                let field = spec.innermost_parameters.unwrap_or_default();
                path_nodes(t, node, &spec.name)
                    .iter()
                    .rev()
                    .find_map(|n| n.child_by_field_id(field))
                    .filter(|n| t.has(n.kind_id(), PARAMETERS))
            }
            Some(spec) if !spec.parameters.is_empty() => {
                follow_node(t, node, &spec.parameters).filter(|n| t.has(n.kind_id(), PARAMETERS))
            }
            _ => find_kind(t, node, body, PARAMETERS, 3),
        };
        if let Some(list) = list {
            if !t.empty_parameter_lists.is_empty() {
                let text = String::from_utf8_lossy(&self.text[list.byte_range()]);
                let written: String = text.split_whitespace().collect();
                if t.empty_parameter_lists.contains(&written) {
                    return 0;
                }
            }
            let mut cursor = list.walk();
            return list
                .named_children(&mut cursor)
                .filter(|c| {
                    !t.has(c.kind_id(), COMMENT) && !t.not_parameters.contains(&c.kind_id())
                })
                .map(|c| {
                    let names = t.parameter_names.and_then(std::num::NonZero::new);
                    names.map_or(1, |names| {
                        let mut cursor = c.walk();
                        c.children_by_field_id(names, &mut cursor).count().max(1) as u32
                    })
                })
                .sum();
        }
        if !t.parameter_kinds.is_empty() {
            let mut cursor = node.walk();
            return node
                .named_children(&mut cursor)
                .filter(|c| t.parameter_kinds.contains(&c.kind_id()))
                .count() as u32;
        }
        match t.single_parameter_field {
            Some(f) if node.child_by_field_id(f).is_some() => 1,
            _ => 0,
        }
    }

    fn complexity<'t>(
        &mut self,
        f: usize,
        node: Node<'t>,
        field: Option<u16>,
        frame: &mut Frame<'t>,
        stack: &[Frame<'t>],
    ) {
        let t = self.table;
        let kind = frame.kind;
        let parent = stack.last();
        if t.has(kind, self.decision)
            && decision_counts_here(t, kind, parent)
            && t.decision_fields[kind as usize].is_none_or(|f| node.child_by_field_id(f).is_some())
            || (self.decision == LIZARD_DECISION
                && t.has(kind, LIZARD_EMPTY)
                && node.named_child_count() == 0
                && node.child_count() <= 2)
        {
            self.functions[f].cyclomatic += 1;
            if self.decision == LIZARD_DECISION && t.lizard_twice.contains(&kind) {
                self.functions[f].cyclomatic += 1;
            }
        }
        let mut nests = false;
        if t.has(kind, IF) {
            if self.is_else_if(node, field, stack) {
                self.functions[f].cognitive += 1;
            } else {
                self.functions[f].cognitive += 1 + frame.nesting;
                nests = true;
            }
            if let Some(alt) = t.alternative_field.and_then(|a| node.child_by_field_id(a))
                && !t.has(alt.kind_id(), IF | ELSE | ELSE_IF)
            {
                self.functions[f].cognitive += 1;
            }
        } else if t.has(kind, NESTING) {
            self.functions[f].cognitive += 1 + frame.nesting;
            nests = true;
        }
        if nests {
            if frame.depth == 0 {
                self.chunks.push((f, 0));
                frame.chunk = Some(self.chunks.len() - 1);
            }
            frame.nesting += 1;
            frame.depth += 1;
            let depth = frame.depth;
            let func = &mut self.functions[f];
            func.nesting = func.nesting.max(depth);
            if let Some(c) = frame.chunk {
                self.chunks[c].1 = self.chunks[c].1.max(depth);
            }
        }
        // An `else` keyword without a node of its own (Kotlin's, Swift's) is an `else` only in
        // an `if`, not in a `when` or a `guard`, and not when an `if` follows it (`else if`).
        if t.has(kind, ELSE)
            && !wraps_if(t, node)
            && (node.child_count() > 0
                || (parent.is_some_and(|p| t.has(p.kind, IF))
                    && !sibling(t, node, Node::next_sibling)
                        .is_some_and(|n| t.has(n.kind_id(), IF))))
        {
            self.functions[f].cognitive += 1;
        }
        if t.has(kind, ELSE_IF | JUMP) {
            self.functions[f].cognitive += 1;
        }
        if t.has(kind, LABELLED_JUMP) {
            let mut cursor = node.walk();
            if node
                .children(&mut cursor)
                .any(|c| t.has(c.kind_id(), LABEL))
            {
                self.functions[f].cognitive += 1;
            }
        }
        if t.has(kind, NESTING_ONLY) {
            frame.nesting += 1;
        }
        if t.has(kind, BINARY) {
            let mut cursor = node.walk();
            frame.logical = node
                .children(&mut cursor)
                .find(|c| !c.is_named() && t.has(c.kind_id(), LOGICAL))
                .map(|c| c.kind_id());
            if let Some(op) = frame.logical {
                let parent_op = parent.and_then(|p| p.logical);
                if parent_op != Some(op) {
                    self.functions[f].cognitive += 1;
                }
                if let Some(c) = parent.and_then(|p| p.logical.and(p.condition)) {
                    self.conditions[c].1 += 1;
                    frame.condition = Some(c);
                } else {
                    self.conditions.push((f, 1));
                    frame.condition = Some(self.conditions.len() - 1);
                }
            }
        } else if t.logical_pass_through.contains(&kind)
            && let Some(p) = parent
        {
            frame.logical = p.logical;
            frame.condition = p.condition;
        }
    }

    /// An `if` that continues an `else`: the alternative of an `if`, all an `else` holds, or
    /// what follows an `else` keyword in an `if`.
    fn is_else_if(&self, node: Node<'_>, field: Option<u16>, stack: &[Frame<'_>]) -> bool {
        let t = self.table;
        let Some(parent) = stack.last() else {
            return false;
        };
        if t.has(parent.kind, IF) && field.is_some() && field == t.alternative_field {
            return true;
        }
        if t.has(parent.kind, IF)
            && sibling(t, node, Node::prev_sibling)
                .is_some_and(|e| e.child_count() == 0 && t.has(e.kind_id(), ELSE))
        {
            return true;
        }
        t.has(parent.kind, ELSE)
            && wraps_if(t, parent.node)
            && stack.len() >= 2
            && t.has(stack[stack.len() - 2].kind, IF | ELSE_IF)
    }

    fn token(&mut self, node: Node<'_>) {
        let start = node.start_position().row;
        let end = node.end_position().row;
        let last = if end > start && node.end_position().column == 0 {
            end - 1
        } else {
            end
        };
        if node.end_byte() > node.start_byte() {
            for row in start..=last.min(self.code_rows.len().saturating_sub(1)) {
                self.code_rows[row] = true;
            }
        } else {
            // A zero-width (missing) token holds no code.
            return;
        }
        // Identifiers and literals (named leaves) are normalised to their kind; keywords and
        // punctuation keep their own kind.
        let named = u32::from(node.is_named()) << 16;
        self.tokens.push(Token {
            kind: self.token_base | named | u32::from(node.kind_id()),
            line: start as u32 + 1,
        });
    }

    fn finish(mut self) -> FileSyntax {
        for (f, count) in &self.conditions {
            let func = &mut self.functions[*f];
            func.condition_operators = func.condition_operators.max(*count);
        }
        for (f, depth) in &self.chunks {
            if *depth >= 2 {
                self.functions[*f].nested_chunks += 1;
            }
        }
        for func in &mut self.functions {
            let from = func.start_line as usize - 1;
            let to = (func.end_line as usize).min(self.code_rows.len());
            func.code_lines = self.code_rows[from..to].iter().filter(|&&c| c).count() as u32;
        }
        self.functions
            .sort_by_key(|f| (f.start_line, std::cmp::Reverse(f.end_line)));
        FileSyntax {
            code_lines: self.code_rows.iter().filter(|&&c| c).count() as u32,
            functions: self.functions,
            parse_errors: self.parse_errors,
            first_error_line: self.first_error_line,
            tokens: self.tokens,
            imports: self.imports,
            markers: self.markers,
            classes: cohesion(&self.classes, &self.methods, &self.table.constructors),
        }
    }

    /// Records the first of the node kind's markers that the node is (see `MarkerSpec`).
    fn marker(
        &mut self,
        node: Node<'_>,
        frame: &Frame<'_>,
        parent: Option<u16>,
        previous_named: Option<Node<'_>>,
    ) {
        let t = self.table;
        for m in &t.markers[node.kind_id() as usize] {
            if m.unconditional && (frame.function.is_none() || frame.depth > 0) {
                continue;
            }
            if let Some(unless) = &m.unless
                && unless.is_match(&String::from_utf8_lossy(&self.text[node.byte_range()]))
            {
                continue;
            }
            if !m.parents.is_empty() && !parent.is_some_and(|p| m.parents.contains(&p)) {
                continue;
            }
            if let Some(text) = &m.text {
                let Some(at) = (match m.field {
                    Some(f) => child_at(node, f),
                    None => Some(node),
                }) else {
                    continue;
                };
                if !text.is_match(&String::from_utf8_lossy(&self.text[at.byte_range()])) {
                    continue;
                }
            }
            if let Some(previous) = &m.previous {
                let Some(p) = previous_named else {
                    continue;
                };
                if !previous.is_match(&String::from_utf8_lossy(&self.text[p.byte_range()])) {
                    continue;
                }
            }
            if let Some(step) = m.empty
                && let Some(body) = child_at(node, step)
            {
                let mut cursor = body.walk();
                let busy = body.named_children(&mut cursor).any(|child| {
                    !t.has(child.kind_id(), COMMENT)
                        && !m.trivial.as_ref().is_some_and(|r| {
                            r.is_match(&String::from_utf8_lossy(&self.text[child.byte_range()]))
                        })
                });
                if busy {
                    continue;
                }
            }
            let commented = m.kind == MarkerKind::SwallowedError && holds_comment(t, node);
            let line_text = matches!(m.kind, MarkerKind::DisabledTest | MarkerKind::FocusedTest)
                .then(|| {
                    let start = node.start_byte() - node.start_position().column;
                    let end = self.text[start..]
                        .iter()
                        .position(|&b| b == b'\n')
                        .map_or(self.text.len(), |p| start + p);
                    String::from_utf8_lossy(&self.text[start..end])
                        .trim()
                        .to_string()
                });
            self.markers.push(Marker {
                kind: m.kind,
                name: &m.name,
                line: node.start_position().row as u32 + 1,
                commented,
                line_text,
            });
            return;
        }
    }

    /// Records the modules an import statement or call names (see `ImportSpec`); it looks at
    /// the node's own children only, so the walk stays one pass.
    fn import(&mut self, node: Node<'_>, stack: &[Frame<'_>]) {
        let t = self.table;
        let Some(spec) = t.imports[node.kind_id() as usize].as_ref() else {
            return;
        };
        if spec
            .unless
            .is_some_and(|f| node.child_by_field_id(f).is_some())
        {
            return;
        }
        let mut call = None;
        if let Some(callee) = spec.callee {
            let called = node
                .child_by_field_id(callee)
                .map(|c| &self.text[c.byte_range()]);
            call = called.and_then(|c| spec.callees.iter().find(|n| n.as_bytes() == c));
            if call.is_none() {
                return;
            }
        }
        let mut modules = Vec::new();
        if let Some(arguments) = spec.arguments {
            let first = node.child_by_field_id(arguments).and_then(|list| {
                let mut cursor = list.walk();
                list.named_children(&mut cursor)
                    .find(|c| !t.has(c.kind_id(), COMMENT))
            });
            // Only a plain string names a module: not `require(name)`, not a template.
            if let Some(text) = first.and_then(|a| self.quoted(a))
                && !text.contains("${")
                && !text.contains("#{")
            {
                modules.push(text);
            }
        } else if let Some(field) = spec.module {
            let mut cursor = node.walk();
            let children = std::num::NonZero::new(field)
                .map(|f| {
                    node.children_by_field_id(f, &mut cursor)
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            for child in children {
                let at = follow_field(child, field);
                modules.push(self.quoted(at).unwrap_or_else(|| self.specifier(at)));
            }
        } else {
            let mut cursor = node.walk();
            if let Some(first) = node
                .named_children(&mut cursor)
                .find(|c| !t.has(c.kind_id(), COMMENT))
            {
                modules.push(self.specifier(first));
            }
        }
        let names: Vec<String> = spec.names.map_or_else(Vec::new, |field| {
            let mut cursor = node.walk();
            let Some(field_id) = std::num::NonZero::new(field) else {
                return Vec::new();
            };
            node.children_by_field_id(field_id, &mut cursor)
                .map(|n| self.specifier(follow_field(n, field)))
                .collect()
        });
        let scope: Vec<String> = stack
            .iter()
            .filter(|f| t.import_scopes.contains(&f.kind))
            .filter_map(|f| {
                let path = t.containers[f.kind as usize].as_deref().unwrap_or_default();
                self.follow(f.node, path)
            })
            .collect();
        let line = node.start_position().row as u32 + 1;
        for module in modules.into_iter().filter(|m| !m.is_empty()) {
            self.imports.push(Import {
                line,
                module,
                names: names.clone(),
                child_module: spec.child_module,
                scope: scope.clone(),
                call: call.cloned(),
            });
        }
    }

    /// A string literal's text without its quotes, if the node is one.
    fn quoted(&self, node: Node<'_>) -> Option<String> {
        let text = &self.text[node.byte_range()];
        let (&first, &last) = (text.first()?, text.last()?);
        (text.len() >= 2 && matches!(first, b'"' | b'\'' | b'`') && last == first)
            .then(|| String::from_utf8_lossy(&text[1..text.len() - 1]).into_owned())
    }

    /// A module path as written, its spaces collapsed (a Rust `use` list may span lines).
    fn specifier(&self, node: Node<'_>) -> String {
        let text = String::from_utf8_lossy(&self.text[node.byte_range()]);
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// Follows `field` from `node` while the node reached has one (Python's `aliased_import`
/// holds the imported `name`).
fn follow_field(node: Node<'_>, field: u16) -> Node<'_> {
    let mut at = node;
    while let Some(next) = at.child_by_field_id(field) {
        at = next;
    }
    at
}

/// A method of a class and the members of its object it names.
struct Method {
    class: usize,
    name: String,
    members: Vec<String>,
}

/// LCOM4 of each class (see `Class`): methods are joined when one names the other or both
/// name the same member; constructors are left out, and so are methods that name no member
/// and that no other method names.
fn cohesion(classes: &[(String, u32)], methods: &[Method], constructors: &[String]) -> Vec<Class> {
    use std::collections::HashMap;
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    // Blocks of one class count together (Rust's `impl T` and `impl Display for T`).
    let mut first_of: HashMap<&str, usize> = HashMap::new();
    for (c, (name, _)) in classes.iter().enumerate() {
        first_of.entry(name.as_str()).or_insert(c);
    }
    let mut out = Vec::new();
    for (c, (name, line)) in classes.iter().enumerate() {
        if first_of[name.as_str()] != c {
            continue;
        }
        let own: Vec<&Method> = methods
            .iter()
            .filter(|m| classes[m.class].0 == *name && !constructors.contains(&m.name))
            .collect();
        if own.is_empty() {
            continue;
        }
        let mut parent: Vec<usize> = (0..own.len()).collect();
        let mut by_name: HashMap<&str, usize> = HashMap::new();
        for (i, m) in own.iter().enumerate() {
            // Overloads and a getter with its setter share a name: one method.
            if let Some(&j) = by_name.get(m.name.as_str()) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a] = b;
            } else {
                by_name.insert(&m.name, i);
            }
        }
        let mut used = vec![false; own.len()];
        let mut field_user: HashMap<&str, usize> = HashMap::new();
        for (i, m) in own.iter().enumerate() {
            for member in &m.members {
                let other = match by_name.get(member.as_str()) {
                    Some(&j) => {
                        used[j] = true;
                        j
                    }
                    None => *field_user.entry(member.as_str()).or_insert(i),
                };
                let (a, b) = (root(&mut parent, i), root(&mut parent, other));
                parent[a] = b;
            }
        }
        let counted: Vec<usize> = (0..own.len())
            .filter(|&i| !own[i].members.is_empty() || used[i])
            .collect();
        if counted.is_empty() {
            continue;
        }
        let mut roots: Vec<usize> = counted.iter().map(|&i| root(&mut parent, i)).collect();
        roots.sort_unstable();
        roots.dedup();
        out.push(Class {
            name: name.clone(),
            line: *line,
            methods: counted.len() as u32,
            lcom4: roots.len() as u32,
        });
    }
    out
}

/// Whether a comment is among the first nodes inside `node` (an empty handler's reason).
fn holds_comment(t: &Table, node: Node<'_>) -> bool {
    let mut cursor = node.walk();
    let mut seen = 0;
    loop {
        if t.has(cursor.node().kind_id(), COMMENT) {
            return true;
        }
        seen += 1;
        if seen > 64 {
            return false;
        }
        if cursor.goto_first_child() || cursor.goto_next_sibling() {
            continue;
        }
        loop {
            if !cursor.goto_parent() || cursor.node().id() == node.id() {
                return false;
            }
            if cursor.goto_next_sibling() {
                break;
            }
        }
    }
}

/// The child a path step leads to: the field's node, or the first child of the step's kind.
fn child_at(node: Node<'_>, step: u16) -> Option<Node<'_>> {
    if step & CHILD_OF_KIND == 0 {
        return node.child_by_field_id(step);
    }
    let kind = step & !CHILD_OF_KIND;
    let mut cursor = node.walk();
    node.children(&mut cursor).find(|c| c.kind_id() == kind)
}

/// The named sibling before `node`, comments aside.
fn previous_named<'t>(t: &Table, node: Node<'t>) -> Option<Node<'t>> {
    let mut at = node.prev_named_sibling();
    while let Some(n) = at
        && t.has(n.kind_id(), COMMENT)
    {
        at = n.prev_named_sibling();
    }
    at
}

/// Follows `path` (fields tried in order, repeatedly) from `node`; the node reached, if at
/// least one field was followed.
fn follow_node<'t>(t: &Table, node: Node<'t>, path: &[u16]) -> Option<Node<'t>> {
    path_nodes(t, node, path).last().copied()
}

/// The nodes met following `path` (fields tried in order, repeatedly) from `node`, `node`
/// first, passing through transparent nodes to their first named child; empty if no field
/// was followed.
fn path_nodes<'t>(t: &Table, node: Node<'t>, path: &[u16]) -> Vec<Node<'t>> {
    let mut nodes = vec![node];
    let mut at = node;
    let mut moved = false;
    'step: loop {
        for &field in path {
            if let Some(next) = child_at(at, field) {
                at = next;
                nodes.push(at);
                moved = true;
                continue 'step;
            }
        }
        if t.has(at.kind_id(), TRANSPARENT) {
            let mut cursor = at.walk();
            let inner = at
                .named_children(&mut cursor)
                .find(|c| !t.has(c.kind_id(), COMMENT));
            if let Some(inner) = inner {
                at = inner;
                nodes.push(at);
                continue;
            }
        }
        break;
    }
    if moved { nodes } else { Vec::new() }
}

/// Where a function's code ends: at its last token that is not a comment. Python's grammar
/// puts comments after an indented body's last statement inside the body, but the function
/// ends at that statement (as Python's own `end_lineno` and lizard have it).
fn code_end(t: &Table, node: Node<'_>) -> tree_sitter::Point {
    let mut at = node;
    loop {
        let mut cursor = at.walk();
        let last = at
            .children(&mut cursor)
            .filter(|c| !t.has(c.kind_id(), COMMENT))
            .last();
        match last {
            Some(child) => at = child,
            None => return at.end_position(),
        }
    }
}

/// A statement holding nothing but a string: documentation (Python's docstrings), not code.
fn is_documentation(t: &Table, node: Node<'_>) -> bool {
    t.has(node.kind_id(), DOC_STATEMENT)
        && node.named_child_count() == 1
        && node
            .named_child(0)
            .is_some_and(|c| t.has(c.kind_id(), DOC_STRING))
}

/// Whether a decision token counts under its parent: a token with listed parents
/// (`decision_parents`) counts only in one of them.
fn decision_counts_here(t: &Table, kind: u16, parent: Option<&Frame<'_>>) -> bool {
    !t.has(kind, PARENTED_DECISION)
        || parent.is_some_and(|p| t.decision_parents[kind as usize].contains(&p.kind))
}

/// Whether all an `else` node holds (comments aside) is an `if`; for an `else` keyword without
/// a node of its own, whether the node after it is.
fn wraps_if(t: &Table, node: Node<'_>) -> bool {
    if node.child_count() == 0 {
        return sibling(t, node, Node::next_sibling).is_some_and(|n| t.has(n.kind_id(), IF));
    }
    let mut cursor = node.walk();
    let mut named = node
        .named_children(&mut cursor)
        .filter(|c| !t.has(c.kind_id(), COMMENT));
    matches!((named.next(), named.next()), (Some(only), None) if t.has(only.kind_id(), IF))
}

/// The nearest sibling in one direction (`Node::next_sibling` or `prev_sibling`), comments aside.
fn sibling<'t>(
    t: &Table,
    node: Node<'t>,
    step: fn(&Node<'t>) -> Option<Node<'t>>,
) -> Option<Node<'t>> {
    let mut at = step(&node);
    while let Some(n) = at
        && t.has(n.kind_id(), COMMENT)
    {
        at = step(&n);
    }
    at
}

/// The first node with `flag` among `node`'s children, breadth first, down to `depth` levels,
/// not entering the function's body or functions nested inside.
fn find_kind<'t>(
    t: &Table,
    node: Node<'t>,
    body: Option<Node<'t>>,
    flag: u32,
    depth: u32,
) -> Option<Node<'t>> {
    let mut level = vec![node];
    for _ in 0..depth {
        let mut next = Vec::new();
        for n in level {
            let mut cursor = n.walk();
            for child in n.children(&mut cursor) {
                if t.has(child.kind_id(), flag) {
                    return Some(child);
                }
                let is_body = body.is_some_and(|b| b.id() == child.id());
                if child.is_named() && !is_body && !t.has(child.kind_id(), FUNCTION | COMMENT) {
                    next.push(child);
                }
            }
        }
        level = next;
    }
    None
}
