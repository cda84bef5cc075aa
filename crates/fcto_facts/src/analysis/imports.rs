//! The import graph (ARC-06): the imports the syntax walk read, resolved to the repository's
//! files or kept as external packages; directory cycles and UI code importing database clients.
//!
//! Resolution follows each language's own rules as far as the repository shows them: JS/TS
//! relative paths with extensions and `index` files, `tsconfig.json`/`jsconfig.json` `paths`
//! and `baseUrl`, workspace package names; Python package roots and relative imports; Go
//! module paths from `go.mod`; Rust `crate::`/`super::`/`self::` paths over the module tree
//! that `mod x;` declarations build; Java/Kotlin class and package names under their source
//! roots; Ruby `require_relative` and `require` under `lib/`. Only the product's own code is
//! in the graph: tests, fixtures, examples and generated code are left out.

use crate::analysis::is_analysed_code;
use crate::analysis::test_code::{Role, classify};
use crate::inventory::Inventory;
use crate::syntax::Import;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// One import resolved to a file or package directory of the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// The importing file.
    pub from: String,
    /// A file, or a package directory (Go packages, Java `import a.b.*`).
    pub to: String,
    pub line: u32,
}

/// One import of something outside the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct External {
    pub from: String,
    pub line: u32,
    /// As written: `@prisma/client`, `sqlalchemy.orm`, `github.com/gin-gonic/gin`.
    pub module: String,
}

/// The resolved imports of the product's code files.
#[derive(Debug, Clone, Default)]
pub struct ImportGraph {
    /// Sorted by importing file and line.
    pub edges: Vec<Edge>,
    pub external: Vec<External>,
    /// Imports that name the repository (relative paths, the crate, the Go module) but no file
    /// of it: generated code not checked in, or a resolution fcto does not know.
    pub unresolved: Vec<External>,
    /// Directories that are packages (Go packages, Java packages imported whole): an edge to
    /// one of them counts for that directory.
    pub package_dirs: BTreeSet<String>,
    /// Directories whose files are one module (Go and Java/Kotlin packages); elsewhere each
    /// file is a module of its own.
    pub package_units: BTreeSet<String>,
    /// Every `tsconfig*.json` of the product that no other one extends, with whether it turns
    /// the compiler's `strict` mode on (QUA-11).
    pub typescript_configs: Vec<TypeScriptConfig>,
}

/// A `tsconfig*.json` and its `compilerOptions.strict`, `extends` followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeScriptConfig {
    pub path: String,
    /// `Some(true)`: strict; `Some(false)`: `strict` is false or set nowhere along the chain;
    /// `None`: it extends a package the repository does not hold (`@tsconfig/node20`), so it
    /// cannot be told.
    pub strict: Option<bool>,
    /// The file along the chain that sets `strict` (itself or one it extends).
    pub set_in: Option<String>,
}

/// An import between two directories, with how many imports make it and one of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryEdge {
    pub from: String,
    pub to: String,
    pub imports: usize,
    /// The first import (by file and line) making the edge.
    pub example: (String, u32),
}

/// Directories that import each other, directly or through others (a strongly connected
/// component of two or more directories).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle {
    /// Sorted.
    pub members: Vec<String>,
    /// The edges between members.
    pub edges: Vec<DirectoryEdge>,
    /// Edges whose removal leaves the members without a cycle, fewest imports first: the
    /// edges that close it.
    pub closing: Vec<DirectoryEdge>,
}

/// A UI file importing a database client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerViolation {
    pub file: String,
    pub line: u32,
    pub module: String,
}

/// Database clients and ORMs whose import in UI code bypasses the data layer (ARC-06). A module
/// matches a name exactly or as a prefix followed by `/` or `.`.
pub const DATABASE_CLIENTS: &[&str] = &[
    "prisma",
    "@prisma/client",
    "knex",
    "sequelize",
    "mongoose",
    "mongodb",
    "pg",
    "mysql",
    "mysql2",
    "drizzle-orm",
    "typeorm",
    "@mikro-orm/core",
    "sqlalchemy.orm",
    "psycopg2",
    "pymongo",
];

impl ImportGraph {
    /// Reads the imports of every parsed product code file and resolves them.
    pub fn build(inventory: &Inventory) -> ImportGraph {
        let resolver = Resolver::new(inventory);
        let mut graph = ImportGraph::default();
        for (path, syntax) in &inventory.syntax {
            if !resolver.in_graph(path) || syntax.imports.is_empty() {
                continue;
            }
            let language = inventory
                .file(path)
                .and_then(|f| f.language.as_deref())
                .unwrap_or_default();
            let packaged = matches!(language, "Go" | "Java" | "Kotlin");
            if packaged {
                graph.package_units.insert(directory(path).to_string());
            }
            for import in &syntax.imports {
                for target in resolver.resolve(language, path, import) {
                    match target {
                        Target::File(to) | Target::Directory(to) if to == *path => {}
                        Target::File(to) => {
                            if packaged {
                                graph.package_units.insert(directory(&to).to_string());
                            }
                            if resolver.in_graph(&to) {
                                graph.edges.push(Edge {
                                    from: path.clone(),
                                    to,
                                    line: import.line,
                                });
                            }
                        }
                        Target::Directory(to) => {
                            graph.package_dirs.insert(to.clone());
                            graph.package_units.insert(to.clone());
                            graph.edges.push(Edge {
                                from: path.clone(),
                                to,
                                line: import.line,
                            });
                        }
                        Target::External(module) => graph.external.push(External {
                            from: path.clone(),
                            line: import.line,
                            module,
                        }),
                        Target::Unresolved => graph.unresolved.push(External {
                            from: path.clone(),
                            line: import.line,
                            module: import.module.clone(),
                        }),
                    }
                }
            }
        }
        graph.edges.dedup();
        graph.typescript_configs = resolver.typescript_configs();
        graph
    }

    /// The directory an edge end stands for: a package directory itself, a file's directory
    /// (`.` for the root).
    pub fn directory_of<'p>(&self, path: &'p str) -> &'p str {
        if self.package_dirs.contains(path) {
            path
        } else {
            match path.rsplit_once('/') {
                Some((dir, _)) => dir,
                None => ".",
            }
        }
    }

    /// The imports collapsed to directories (self-edges dropped), by (from, to).
    pub fn directory_edges(&self) -> Vec<DirectoryEdge> {
        let mut by_pair: BTreeMap<(&str, &str), DirectoryEdge> = BTreeMap::new();
        for e in &self.edges {
            let from = self.directory_of(&e.from);
            let to = self.directory_of(&e.to);
            if from == to {
                continue;
            }
            by_pair
                .entry((from, to))
                .and_modify(|d| d.imports += 1)
                .or_insert_with(|| DirectoryEdge {
                    from: from.to_string(),
                    to: to.to_string(),
                    imports: 1,
                    example: (e.from.clone(), e.line),
                });
        }
        by_pair.into_values().collect()
    }

    /// The directory of a module (see `unit_of`).
    fn unit_directory<'p>(&self, unit: &'p str) -> &'p str {
        if self.package_units.contains(unit) {
            unit
        } else {
            self.directory_of(unit)
        }
    }

    /// The module a path belongs to: its package directory for Go and Java/Kotlin, else the
    /// file itself.
    fn unit_of<'p>(&self, path: &'p str) -> &'p str {
        let dir = self.directory_of(path);
        if self.package_units.contains(dir) {
            dir
        } else {
            path
        }
    }

    /// Directories that import each other (Martin's Acyclic Dependencies Principle; ARC-06),
    /// largest cycle first. The cycles are those of the modules (files; Go and Java/Kotlin
    /// packages) collapsed to their directories: a directory holding both a facade that
    /// imports a subdirectory and a base module the subdirectory imports (`root.ts` and
    /// `trpc.ts` around `router/`) is no cycle, as no module is on one.
    pub fn directory_cycles(&self) -> Vec<Cycle> {
        let mut names: Vec<&str> = self
            .edges
            .iter()
            .flat_map(|e| [self.unit_of(&e.from), self.unit_of(&e.to)])
            .collect();
        names.sort_unstable();
        names.dedup();
        let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let mut adjacency = vec![Vec::new(); names.len()];
        for e in &self.edges {
            let (from, to) = (index[self.unit_of(&e.from)], index[self.unit_of(&e.to)]);
            if from != to {
                adjacency[from].push(to);
            }
        }
        // Module cycles whose directories overlap make one directory cycle.
        let mut component_of = vec![usize::MAX; names.len()];
        let mut groups: Vec<BTreeSet<&str>> = Vec::new();
        for (c, component) in strongly_connected(&adjacency).into_iter().enumerate() {
            let dirs: BTreeSet<&str> = component
                .iter()
                .map(|&u| self.unit_directory(names[u]))
                .collect();
            if component.len() < 2 || dirs.len() < 2 {
                continue;
            }
            for &u in &component {
                component_of[u] = c;
            }
            match groups.iter_mut().find(|g| !g.is_disjoint(&dirs)) {
                Some(g) => g.extend(dirs),
                None => groups.push(dirs),
            }
        }
        // Merging may make groups overlap in turn.
        let mut merged: Vec<BTreeSet<&str>> = Vec::new();
        for g in groups {
            let (mut joined, rest): (Vec<_>, Vec<_>) =
                merged.into_iter().partition(|m| !m.is_disjoint(&g));
            let mut all = g;
            for j in joined.drain(..) {
                all.extend(j);
            }
            merged = rest;
            merged.push(all);
        }
        // The imports inside module cycles, between directories.
        let mut by_pair: BTreeMap<(&str, &str), DirectoryEdge> = BTreeMap::new();
        for e in &self.edges {
            let (from, to) = (index[self.unit_of(&e.from)], index[self.unit_of(&e.to)]);
            if component_of[from] == usize::MAX || component_of[from] != component_of[to] {
                continue;
            }
            let (from_dir, to_dir) = (self.directory_of(&e.from), self.directory_of(&e.to));
            if from_dir == to_dir {
                continue;
            }
            by_pair
                .entry((from_dir, to_dir))
                .and_modify(|d| d.imports += 1)
                .or_insert_with(|| DirectoryEdge {
                    from: from_dir.to_string(),
                    to: to_dir.to_string(),
                    imports: 1,
                    example: (e.from.clone(), e.line),
                });
        }
        let mut cycles: Vec<Cycle> = merged
            .into_iter()
            .map(|members| {
                let inner: Vec<DirectoryEdge> = by_pair
                    .values()
                    .filter(|e| members.contains(e.from.as_str()))
                    .cloned()
                    .collect();
                let closing = closing_edges(&inner);
                Cycle {
                    members: members.iter().map(|m| (*m).to_string()).collect(),
                    edges: inner,
                    closing,
                }
            })
            .collect();
        cycles.sort_by(|a, b| {
            b.members
                .len()
                .cmp(&a.members.len())
                .then_with(|| a.members.cmp(&b.members))
        });
        cycles
    }

    /// Domain and model files (`is_domain_path`) importing an HTTP framework
    /// (`HTTP_FRAMEWORKS`).
    pub fn domain_http_imports(&self) -> Vec<LayerViolation> {
        self.layer_violations(is_domain_path, is_http_framework)
    }

    /// External imports from files `from` accepts of modules `module` accepts.
    fn layer_violations(
        &self,
        from: fn(&str) -> bool,
        module: fn(&str) -> bool,
    ) -> Vec<LayerViolation> {
        self.external
            .iter()
            .filter(|x| from(&x.from) && module(&x.module))
            .map(|x| LayerViolation {
                file: x.from.clone(),
                line: x.line,
                module: x.module.clone(),
            })
            .collect()
    }

    /// UI files (`components/`, `pages/` outside `pages/api/`, `views/`, Next.js `app/**/page.*`)
    /// importing a database client directly (`DATABASE_CLIENTS`).
    pub fn ui_database_imports(&self) -> Vec<LayerViolation> {
        self.layer_violations(is_ui_path, is_database_client)
    }
}

/// HTTP frameworks and servers whose import in domain or model code ties the business rules
/// to the web layer (ARC-06). Matched as `DATABASE_CLIENTS` are, `::` also separating.
pub const HTTP_FRAMEWORKS: &[&str] = &[
    // JavaScript and TypeScript
    "express",
    "fastify",
    "koa",
    "@koa/router",
    "hono",
    "@hapi/hapi",
    "restify",
    "elysia",
    "next/server",
    "next/headers",
    // Python
    "flask",
    "fastapi",
    "starlette",
    "django.http",
    "django.shortcuts",
    "django.views",
    "rest_framework",
    "aiohttp.web",
    "tornado.web",
    "sanic",
    "bottle",
    "falcon",
    // Go
    "net/http",
    "github.com/gin-gonic/gin",
    "github.com/labstack/echo",
    "github.com/gofiber/fiber",
    "github.com/go-chi/chi",
    "github.com/gorilla/mux",
    // Rust
    "axum",
    "actix_web",
    "rocket",
    "warp",
    "poem",
    "tide",
    // Java and Kotlin
    "org.springframework.web",
    "org.springframework.http",
    "javax.servlet",
    "jakarta.servlet",
    "javax.ws.rs",
    "jakarta.ws.rs",
    "io.ktor.server",
    "io.micronaut.http",
    "io.javalin",
];

/// Whether a path is domain or model code by naming convention: under a `domain`, `entities`
/// or `model(s)` directory, or a Python `models.py`.
pub fn is_domain_path(path: &str) -> bool {
    let (dirs, name) = path.rsplit_once('/').unwrap_or(("", path));
    name == "models.py"
        || dirs.split('/').any(|d| {
            matches!(
                d,
                "domain" | "domains" | "entities" | "entity" | "model" | "models"
            )
        })
}

/// Whether a module is one of `HTTP_FRAMEWORKS` or inside one.
pub fn is_http_framework(module: &str) -> bool {
    HTTP_FRAMEWORKS.iter().any(|c| {
        module == *c
            || module.strip_prefix(c).is_some_and(|rest| {
                rest.starts_with('/') || rest.starts_with('.') || rest.starts_with("::")
            })
    })
}

/// Whether a path is UI code by naming convention.
pub fn is_ui_path(path: &str) -> bool {
    let dirs: Vec<&str> = path.split('/').collect();
    let (name, dirs) = dirs.split_last().unwrap_or((&"", &[]));
    if dirs.windows(2).any(|w| w == ["pages", "api"]) {
        return false;
    }
    let stem = name.split('.').next().unwrap_or_default();
    dirs.iter()
        .any(|d| matches!(*d, "components" | "pages" | "views"))
        || (dirs.contains(&"app") && stem == "page")
}

/// Whether a module is one of `DATABASE_CLIENTS` or inside one.
pub fn is_database_client(module: &str) -> bool {
    DATABASE_CLIENTS.iter().any(|c| {
        module == *c
            || module
                .strip_prefix(c)
                .is_some_and(|rest| rest.starts_with('/') || rest.starts_with('.'))
    })
}

/// Tarjan's strongly connected components, iteratively (no recursion on big graphs).
fn strongly_connected(adjacency: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = adjacency.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut next = 0;
    for start in 0..n {
        if index[start] != UNSEEN {
            continue;
        }
        // (node, position in its adjacency list)
        let mut work = vec![(start, 0usize)];
        index[start] = next;
        low[start] = next;
        next += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (v, ref mut i)) = work.last_mut() {
            if let Some(&w) = adjacency[v].get(*i) {
                *i += 1;
                if index[w] == UNSEEN {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                components.push(component);
            }
        }
    }
    components
}

/// A small set of edges whose removal breaks every cycle among `edges` (a minimal feedback arc
/// set): order the nodes greedily (Eades, Lin and Smyth: sinks last, sources first, otherwise
/// the node with the most imports out minus in), take the edges going backwards, then put back
/// every one that closes no cycle, heaviest first. What is left are light edges against the
/// main direction of the imports.
fn closing_edges(edges: &[DirectoryEdge]) -> Vec<DirectoryEdge> {
    let mut names: Vec<&str> = edges
        .iter()
        .flat_map(|e| [e.from.as_str(), e.to.as_str()])
        .collect();
    names.sort_unstable();
    names.dedup();
    let id = |n: &str| names.binary_search(&n).unwrap_or_default();
    let n = names.len();
    let arcs: Vec<(usize, usize, usize)> = edges
        .iter()
        .map(|e| (id(&e.from), id(&e.to), e.imports))
        .collect();
    let mut alive = vec![true; n];
    let (mut head, mut tail) = (Vec::new(), Vec::new());
    let weight = |v: usize, alive: &[bool], outgoing: bool| -> usize {
        arcs.iter()
            .filter(|(f, t, _)| alive[*f] && alive[*t] && if outgoing { *f == v } else { *t == v })
            .map(|(_, _, w)| w)
            .sum()
    };
    for _ in 0..n {
        let live: Vec<usize> = (0..n).filter(|&v| alive[v]).collect();
        let pick = live
            .iter()
            .find(|&&v| weight(v, &alive, true) == 0)
            .map(|&v| (v, false))
            .or_else(|| {
                live.iter()
                    .find(|&&v| weight(v, &alive, false) == 0)
                    .map(|&v| (v, true))
            })
            .or_else(|| {
                live.iter()
                    .max_by_key(|&&v| {
                        (
                            weight(v, &alive, true) as i64 - weight(v, &alive, false) as i64,
                            std::cmp::Reverse(v),
                        )
                    })
                    .map(|&v| (v, true))
            });
        let Some((v, to_head)) = pick else { break };
        alive[v] = false;
        if to_head {
            head.push(v);
        } else {
            tail.push(v);
        }
    }
    tail.reverse();
    head.extend(tail);
    let mut position = vec![0; n];
    for (i, &v) in head.iter().enumerate() {
        position[v] = i;
    }
    let mut backward: Vec<usize> = (0..arcs.len())
        .filter(|&a| position[arcs[a].0] > position[arcs[a].1])
        .collect();
    // Heaviest first back in, as long as the rest stays acyclic.
    backward.sort_by_key(|&a| (std::cmp::Reverse(arcs[a].2), a));
    let mut removed: HashSet<usize> = backward.iter().copied().collect();
    for &a in &backward {
        removed.remove(&a);
        if has_cycle(n, &arcs, &removed) {
            removed.insert(a);
        }
    }
    let mut closing: Vec<DirectoryEdge> = removed.iter().map(|&a| edges[a].clone()).collect();
    closing.sort_by(|a, b| {
        a.imports
            .cmp(&b.imports)
            .then_with(|| (&a.from, &a.to).cmp(&(&b.from, &b.to)))
    });
    closing
}

/// Whether the arcs not in `removed` hold a cycle (Kahn's algorithm).
fn has_cycle(n: usize, arcs: &[(usize, usize, usize)], removed: &HashSet<usize>) -> bool {
    let mut incoming = vec![0usize; n];
    let mut out = vec![Vec::new(); n];
    for (a, &(f, t, _)) in arcs.iter().enumerate() {
        if !removed.contains(&a) {
            incoming[t] += 1;
            out[f].push(t);
        }
    }
    let mut ready: Vec<usize> = (0..n).filter(|&v| incoming[v] == 0).collect();
    let mut seen = 0;
    while let Some(v) = ready.pop() {
        seen += 1;
        for &t in &out[v] {
            incoming[t] -= 1;
            if incoming[t] == 0 {
                ready.push(t);
            }
        }
    }
    seen < n
}

/// What an import names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    File(String),
    Directory(String),
    External(String),
    Unresolved,
}

const JS_EXTENSIONS: &[&str] = &[
    ".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts", ".vue", ".svelte",
    ".json",
];

/// A `tsconfig.json`'s module resolution, `extends` followed.
#[derive(Debug, Clone, Default)]
struct TsConfig {
    base_url: Option<String>,
    /// Pattern → targets, each already a repository path (`*` kept).
    paths: Vec<(String, Vec<String>)>,
}

/// A workspace package: its directory and its `package.json`.
struct Package {
    dir: String,
    manifest: serde_json::Value,
}

struct Resolver<'a> {
    inventory: &'a Inventory,
    files: HashSet<&'a str>,
    /// Directories holding at least one file.
    dirs: HashSet<&'a str>,
    /// Directory → nearest tsconfig (cached lazily would need interior mutability; computed
    /// for every directory holding a JS/TS file up front instead).
    tsconfigs: HashMap<String, Option<TsConfig>>,
    packages: HashMap<String, Package>,
    python_roots: Vec<String>,
    /// (module path, directory) from every `go.mod`, longest module path first.
    go_modules: Vec<(String, String)>,
    rust: RustModules,
    /// Dotted suffix of a Java/Kotlin file path without extension → files.
    jvm_classes: HashMap<String, Vec<&'a str>>,
    /// Dotted suffix of a directory holding Java/Kotlin files → directories.
    jvm_packages: HashMap<String, Vec<&'a str>>,
    /// Path after the last `lib/` without `.rb` → file.
    ruby_lib: HashMap<&'a str, &'a str>,
}

impl<'a> Resolver<'a> {
    fn new(inventory: &'a Inventory) -> Resolver<'a> {
        let files: HashSet<&str> = inventory.files.iter().map(|f| f.path.as_str()).collect();
        let mut dirs = HashSet::new();
        for f in &files {
            let mut at = *f;
            while let Some((dir, _)) = at.rsplit_once('/') {
                if !dirs.insert(dir) {
                    break;
                }
                at = dir;
            }
        }
        let mut r = Resolver {
            inventory,
            files,
            dirs,
            tsconfigs: HashMap::new(),
            packages: HashMap::new(),
            python_roots: Vec::new(),
            go_modules: Vec::new(),
            rust: RustModules::default(),
            jvm_classes: HashMap::new(),
            jvm_packages: HashMap::new(),
            ruby_lib: HashMap::new(),
        };
        r.read_packages();
        r.read_tsconfigs();
        r.read_python_roots();
        r.read_go_modules();
        r.rust = RustModules::read(inventory, &r.files);
        r.read_jvm();
        r.read_ruby();
        r
    }

    /// Whether a file belongs in the graph: analysed product code, not tests or examples.
    fn in_graph(&self, path: &str) -> bool {
        self.inventory.file(path).is_some_and(is_analysed_code)
            && classify(path).role == Role::Production
    }

    fn is_file(&self, path: &str) -> bool {
        self.files.contains(path)
    }

    fn resolve(&self, language: &str, from: &str, import: &Import) -> Vec<Target> {
        match language {
            "JavaScript" | "JSX" | "TypeScript" | "TSX" => {
                vec![self.javascript(from, &import.module)]
            }
            "Python" => self.python(from, import),
            "Go" => vec![self.go(&import.module)],
            "Rust" => self.rust.resolve(from, import),
            "Java" | "Kotlin" => vec![self.jvm(from, &import.module)],
            "Ruby" => vec![self.ruby(from, import)],
            _ => Vec::new(),
        }
    }

    // ---- JavaScript and TypeScript ----

    fn read_packages(&mut self) {
        for (path, bytes) in &self.inventory.documents {
            let (dir, name) = split(path);
            if name != "package.json" || path.contains("node_modules/") {
                continue;
            }
            let Ok(manifest) = serde_json::from_slice::<serde_json::Value>(bytes) else {
                continue;
            };
            if let Some(package) = manifest.get("name").and_then(|n| n.as_str()) {
                self.packages.insert(
                    package.to_string(),
                    Package {
                        dir: dir.to_string(),
                        manifest: manifest.clone(),
                    },
                );
            }
        }
    }

    fn read_tsconfigs(&mut self) {
        let mut dirs: BTreeSet<&str> = BTreeSet::new();
        for path in self.inventory.syntax.keys() {
            if is_js(path) {
                dirs.insert(split(path).0);
            }
        }
        for dir in dirs {
            let config = self.nearest_tsconfig(dir);
            self.tsconfigs.insert(dir.to_string(), config);
        }
    }

    /// The `tsconfig.json` or `jsconfig.json` nearest above `dir`.
    fn nearest_tsconfig(&self, dir: &str) -> Option<TsConfig> {
        let mut at = Some(dir);
        while let Some(d) = at {
            for name in ["tsconfig.json", "jsconfig.json"] {
                let path = join_path(d, name);
                if self.inventory.documents.contains_key(&path) {
                    return Some(self.tsconfig(&path, d, 0));
                }
            }
            at = (!d.is_empty()).then(|| split(d).0);
        }
        None
    }

    /// Reads one config, its `extends` first; `paths` are relative to `baseUrl` if set, else
    /// to the config that declares them; `${configDir}` is the directory of the config used.
    fn tsconfig(&self, path: &str, config_dir: &str, depth: u32) -> TsConfig {
        let mut config = TsConfig::default();
        let Some(value) = self
            .inventory
            .document_text(path)
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&strip_jsonc(&t)).ok())
        else {
            return config;
        };
        let dir = split(path).0;
        let extends: Vec<&str> = match value.get("extends") {
            Some(serde_json::Value::String(s)) => vec![s.as_str()],
            Some(serde_json::Value::Array(a)) => a.iter().filter_map(|v| v.as_str()).collect(),
            _ => Vec::new(),
        };
        if depth < 5 {
            for parent in extends {
                if let Some(p) = self.extended_config(dir, parent) {
                    let inherited = self.tsconfig(&p, config_dir, depth + 1);
                    config.base_url = inherited.base_url.or(config.base_url);
                    if !inherited.paths.is_empty() {
                        config.paths = inherited.paths;
                    }
                }
            }
        }
        let place = |p: &str| -> Option<String> {
            match p.strip_prefix("${configDir}") {
                Some(rest) => normalise(&join_path(config_dir, rest.trim_start_matches('/'))),
                None => normalise(&join_path(dir, p)),
            }
        };
        let options = value.get("compilerOptions");
        if let Some(base) = options
            .and_then(|o| o.get("baseUrl"))
            .and_then(|b| b.as_str())
        {
            config.base_url = place(base);
        }
        if let Some(paths) = options
            .and_then(|o| o.get("paths"))
            .and_then(|p| p.as_object())
        {
            let base = config.base_url.clone();
            config.paths = paths
                .iter()
                .map(|(pattern, targets)| {
                    let targets = targets
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|t| t.as_str())
                        .filter_map(|t| match &base {
                            Some(b) if !t.starts_with("${configDir}") => {
                                normalise(&join_path(b, t))
                            }
                            _ => place(t),
                        })
                        .collect();
                    (pattern.clone(), targets)
                })
                .collect();
        }
        config
    }

    /// The product's `tsconfig*.json` files that no other one extends, with their strictness.
    fn typescript_configs(&self) -> Vec<TypeScriptConfig> {
        let configs: Vec<&String> = self
            .inventory
            .documents
            .keys()
            .filter(|p| {
                let name = split(p).1;
                name.starts_with("tsconfig")
                    && name.ends_with(".json")
                    && self
                        .inventory
                        .file(p)
                        .is_some_and(|f| f.exclusion.is_none() && !f.hidden)
            })
            .collect();
        let mut extended = HashSet::new();
        for path in &configs {
            for parent in self.extends(path) {
                if let Some(p) = self.extended_config(split(path).0, &parent) {
                    extended.insert(p);
                }
            }
        }
        configs
            .into_iter()
            .filter(|p| !extended.contains(p.as_str()))
            .map(|path| {
                let (strict, set_in) = match self.strictness(path, 0) {
                    Some(Some((strict, at))) => (Some(strict), Some(at)),
                    Some(None) => (Some(false), None),
                    None => (None, None),
                };
                TypeScriptConfig {
                    path: path.clone(),
                    strict,
                    set_in,
                }
            })
            .collect()
    }

    fn config_value(&self, path: &str) -> Option<serde_json::Value> {
        self.inventory
            .document_text(path)
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&strip_jsonc(&t)).ok())
    }

    /// What a config's `extends` names, in order.
    fn extends(&self, path: &str) -> Vec<String> {
        match self
            .config_value(path)
            .as_ref()
            .and_then(|v| v.get("extends"))
        {
            Some(serde_json::Value::String(s)) => vec![s.clone()],
            Some(serde_json::Value::Array(a)) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// `compilerOptions.strict` and the config setting it, its own value first, then the
    /// configs it extends, the last one first (later entries override earlier ones);
    /// `Some(None)` when set nowhere, `None` when an extended config is not in the repository.
    #[allow(clippy::option_option)] // Unknown, unset and set are three different answers.
    fn strictness(&self, path: &str, depth: u32) -> Option<Option<(bool, String)>> {
        let value = self.config_value(path)?;
        if let Some(strict) = value
            .get("compilerOptions")
            .and_then(|o| o.get("strict"))
            .and_then(serde_json::Value::as_bool)
        {
            return Some(Some((strict, path.to_string())));
        }
        if depth >= 5 {
            return Some(None);
        }
        for parent in self.extends(path).iter().rev() {
            let found = self.extended_config(split(path).0, parent)?;
            if let Some(set) = self.strictness(&found, depth + 1)? {
                return Some(Some(set));
            }
        }
        Some(None)
    }

    /// The path of a config named in `extends`, when the repository holds it.
    fn extended_config(&self, dir: &str, parent: &str) -> Option<String> {
        let candidates: Vec<String> = if parent.starts_with('.') {
            let p = normalise(&join_path(dir, parent))?;
            vec![
                p.clone(),
                format!("{p}.json"),
                join_path(&p, "tsconfig.json"),
            ]
        } else {
            let (name, sub) = package_name(parent);
            let package = self.packages.get(name)?;
            if sub.is_empty() {
                vec![join_path(&package.dir, "tsconfig.json")]
            } else {
                vec![
                    join_path(&package.dir, sub),
                    join_path(&package.dir, &format!("{sub}.json")),
                ]
            }
        };
        candidates
            .into_iter()
            .find(|c| self.inventory.documents.contains_key(c))
    }

    fn javascript(&self, from: &str, spec: &str) -> Target {
        let dir = split(from).0;
        if spec.starts_with("./") || spec.starts_with("../") || spec == "." || spec == ".." {
            return normalise(&join_path(dir, spec))
                .and_then(|base| self.js_file(&base))
                .map_or(Target::Unresolved, Target::File);
        }
        if spec.starts_with('/') || spec.contains("://") || spec.is_empty() {
            return Target::Unresolved;
        }
        let config = self.tsconfigs.get(dir).and_then(Option::as_ref);
        if let Some(found) = config.and_then(|c| self.ts_paths(c, spec)) {
            return found;
        }
        let (name, sub) = package_name(spec);
        if let Some(package) = self.packages.get(name) {
            return self
                .package_entry(package, sub)
                .map_or(Target::Unresolved, Target::File);
        }
        if let Some(base) = config.and_then(|c| c.base_url.as_deref())
            && let Some(found) = normalise(&join_path(base, spec)).and_then(|p| self.js_file(&p))
        {
            return Target::File(found);
        }
        Target::External(spec.strip_prefix("node:").unwrap_or(spec).to_string())
    }

    /// `paths` aliases: the longest matching pattern wins; its targets are tried in order.
    fn ts_paths(&self, config: &TsConfig, spec: &str) -> Option<Target> {
        let mut best: Option<(usize, &Vec<String>, &str)> = None;
        for (pattern, targets) in &config.paths {
            let matched = match pattern.split_once('*') {
                Some((prefix, suffix)) => spec
                    .strip_prefix(prefix)
                    .and_then(|rest| rest.strip_suffix(suffix))
                    .map(|star| (prefix.len(), star)),
                None => (pattern == spec).then_some((pattern.len() + 1, "")),
            };
            if let Some((len, star)) = matched
                && best.is_none_or(|(l, _, _)| len > l)
            {
                best = Some((len, targets, star));
            }
        }
        let (_, targets, star) = best?;
        let found = targets
            .iter()
            .find_map(|t| self.js_file(&t.replacen('*', star, 1)));
        // An alias that matches but names no file is still the repository's (generated code).
        Some(found.map_or(Target::Unresolved, Target::File))
    }

    /// A package's entry for `sub` (empty for the package itself): `exports`, then
    /// `main`/`module`/`types`, then `index` or `src/index`. Built files (`dist/`) that are not
    /// in the repository map back to `src/`.
    fn package_entry(&self, package: &Package, sub: &str) -> Option<String> {
        let key = if sub.is_empty() {
            ".".to_string()
        } else {
            format!("./{sub}")
        };
        let m = &package.manifest;
        let mut candidates = Vec::new();
        if let Some(exports) = m.get("exports") {
            match exports {
                serde_json::Value::Object(o) if o.keys().any(|k| k.starts_with('.')) => {
                    if let Some(v) = o.get(&key) {
                        candidates.extend(export_targets(v));
                    } else {
                        for (pattern, v) in o {
                            if let Some((prefix, suffix)) = pattern.split_once('*')
                                && let Some(star) = key
                                    .strip_prefix(prefix)
                                    .and_then(|r| r.strip_suffix(suffix))
                            {
                                candidates.extend(
                                    export_targets(v).into_iter().map(|t| t.replace('*', star)),
                                );
                            }
                        }
                    }
                }
                other if sub.is_empty() => candidates.extend(export_targets(other)),
                _ => {}
            }
        }
        if sub.is_empty() {
            for field in ["source", "module", "main", "types", "typings"] {
                if let Some(v) = m.get(field).and_then(|v| v.as_str()) {
                    candidates.push(v.to_string());
                }
            }
            candidates.push("index".into());
            candidates.push("src/index".into());
        } else {
            candidates.push(sub.to_string());
            candidates.push(format!("src/{sub}"));
        }
        candidates.iter().find_map(|c| {
            let path = normalise(&join_path(&package.dir, c))?;
            self.js_file(&path).or_else(|| {
                let built = ["dist/", "build/", "lib/", "out/"]
                    .iter()
                    .find_map(|b| c.trim_start_matches("./").strip_prefix(b))?;
                let stem = strip_js_extension(built);
                let src = normalise(&join_path(&package.dir, &format!("src/{stem}")))?;
                self.js_file(&src)
            })
        })
    }

    /// A file for a JS/TS path written without or with its extension, or a directory's index.
    fn js_file(&self, base: &str) -> Option<String> {
        if self.is_file(base) && !self.dirs.contains(base) {
            return Some(base.to_string());
        }
        for ext in JS_EXTENSIONS {
            let p = format!("{base}{ext}");
            if self.is_file(&p) {
                return Some(p);
            }
        }
        // ESM TypeScript writes `./x.js` for `./x.ts`.
        let stem = strip_js_extension(base);
        if stem.len() < base.len() {
            for ext in [".ts", ".tsx", ".mts", ".cts"] {
                let p = format!("{stem}{ext}");
                if self.is_file(&p) {
                    return Some(p);
                }
            }
        }
        for ext in JS_EXTENSIONS {
            let p = format!("{}{ext}", join_path(base, "index"));
            if self.is_file(&p) {
                return Some(p);
            }
        }
        None
    }

    // ---- Python ----

    /// Package roots: the parent of every top-level package (a folder with `__init__.py` whose
    /// parent has none), `src/` folders, and the repository root.
    fn read_python_roots(&mut self) {
        let mut roots = BTreeSet::new();
        for f in &self.files {
            let (dir, name) = split(f);
            if name == "__init__.py" && !dir.is_empty() {
                let parent = split(dir).0;
                if !self.is_file(&join_path(parent, "__init__.py")) {
                    roots.insert(parent.to_string());
                }
            }
        }
        for d in &self.dirs {
            if *d == "src" || d.ends_with("/src") {
                roots.insert((*d).to_string());
            }
        }
        roots.insert(String::new());
        self.python_roots = roots.into_iter().collect();
        // Deeper roots first: `src/` before the root it is in.
        self.python_roots.sort_by(|a, b| {
            b.matches('/')
                .count()
                .cmp(&a.matches('/').count())
                .then(a.cmp(b))
        });
    }

    /// The file of a dotted module under `root`: `a/b.py` or `a/b/__init__.py`.
    fn python_module(&self, root: &str, dotted: &[&str]) -> Option<String> {
        let rel = dotted.join("/");
        let base = if rel.is_empty() {
            root.to_string()
        } else {
            join_path(root, &rel)
        };
        let module = format!("{base}.py");
        if !rel.is_empty() && self.is_file(&module) {
            return Some(module);
        }
        let package = join_path(&base, "__init__.py");
        self.is_file(&package).then_some(package)
    }

    fn python(&self, from: &str, import: &Import) -> Vec<Target> {
        let spec = import.module.as_str();
        let dots = spec.len() - spec.trim_start_matches('.').len();
        let dotted: Vec<&str> = spec[dots..].split('.').filter(|s| !s.is_empty()).collect();
        let roots: Vec<String> = if dots > 0 {
            let mut base = split(from).0;
            for _ in 1..dots {
                base = split(base).0;
            }
            vec![base.to_string()]
        } else {
            let mut roots = self.python_roots.clone();
            // A script outside any package imports its neighbours.
            let dir = split(from).0;
            if !self.is_file(&join_path(dir, "__init__.py")) {
                roots.insert(0, dir.to_string());
            }
            roots
        };
        for root in &roots {
            // `from pkg import sub` imports the submodule `pkg/sub.py`.
            let submodules: Vec<Target> = import
                .names
                .iter()
                .filter_map(|name| {
                    let mut path = dotted.clone();
                    path.push(name.as_str());
                    self.python_module(root, &path)
                })
                .map(Target::File)
                .collect();
            if !submodules.is_empty() {
                return submodules;
            }
            // The deepest module that exists: `import a.b.c` loads `a.b.c`, `from a.b import c`
            // may import the attribute `c` of `a.b`.
            for depth in (0..=dotted.len()).rev() {
                if depth == 0 && dots == 0 {
                    break;
                }
                if let Some(module) = self.python_module(root, &dotted[..depth]) {
                    return vec![Target::File(module)];
                }
            }
        }
        if dots > 0 {
            vec![Target::Unresolved]
        } else {
            vec![Target::External(spec.to_string())]
        }
    }

    // ---- Go ----

    fn read_go_modules(&mut self) {
        for path in self.inventory.documents.keys() {
            let (dir, name) = split(path);
            if name != "go.mod" || path.contains("vendor/") {
                continue;
            }
            let text = self.inventory.document_text(path).unwrap_or_default();
            if let Some(module) = text.lines().find_map(|l| {
                l.trim()
                    .strip_prefix("module ")
                    .map(|m| m.trim().trim_matches('"').to_string())
            }) {
                self.go_modules.push((module, dir.to_string()));
            }
        }
        self.go_modules
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.cmp(b)));
    }

    fn go(&self, spec: &str) -> Target {
        for (module, dir) in &self.go_modules {
            let rest = if spec == module {
                Some("")
            } else {
                spec.strip_prefix(module.as_str())
                    .and_then(|r| r.strip_prefix('/'))
            };
            if let Some(rest) = rest {
                let package = if rest.is_empty() {
                    dir.clone()
                } else {
                    join_path(dir, rest)
                };
                let package = if package.is_empty() {
                    ".".to_string()
                } else {
                    package
                };
                return if package == "." || self.dirs.contains(package.as_str()) {
                    Target::Directory(package)
                } else {
                    Target::Unresolved
                };
            }
        }
        Target::External(spec.to_string())
    }

    // ---- Java and Kotlin ----

    fn read_jvm(&mut self) {
        let inventory = self.inventory;
        for f in &inventory.files {
            let Some(stem) = f
                .path
                .strip_suffix(".java")
                .or_else(|| f.path.strip_suffix(".kt"))
            else {
                continue;
            };
            let segments: Vec<&str> = stem.split('/').collect();
            for k in 1..=segments.len() {
                let key = segments[segments.len() - k..].join(".");
                self.jvm_classes
                    .entry(key)
                    .or_default()
                    .push(f.path.as_str());
            }
            let dir = split(&f.path).0;
            let dir_segments: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
            for k in 1..=dir_segments.len() {
                let key = dir_segments[dir_segments.len() - k..].join(".");
                let dirs = self.jvm_packages.entry(key).or_default();
                if !dirs.contains(&dir) {
                    dirs.push(dir);
                }
            }
        }
    }

    /// `a.b.C` (a class), `a.b.C.m` (a static member) or `a.b` (`import a.b.*`).
    fn jvm(&self, from: &str, spec: &str) -> Target {
        let segments: Vec<&str> = spec.split('.').collect();
        let nearest = |candidates: &[&str]| -> String {
            candidates
                .iter()
                .max_by_key(|c| (common_prefix(c, from), std::cmp::Reverse(**c)))
                .map(|c| (*c).to_string())
                .unwrap_or_default()
        };
        for k in (2..=segments.len()).rev() {
            if let Some(files) = self.jvm_classes.get(&segments[..k].join(".")) {
                return Target::File(nearest(files));
            }
        }
        if segments.len() >= 2
            && let Some(dirs) = self.jvm_packages.get(spec)
        {
            return Target::Directory(nearest(dirs));
        }
        Target::External(spec.to_string())
    }

    // ---- Ruby ----

    fn read_ruby(&mut self) {
        for f in &self.files {
            let Some(stem) = f.strip_suffix(".rb") else {
                continue;
            };
            let rest = stem
                .rsplit_once("/lib/")
                .map(|(_, r)| r)
                .or_else(|| stem.strip_prefix("lib/"));
            if let Some(rest) = rest {
                self.ruby_lib.entry(rest).or_insert(f);
            }
        }
    }

    /// `require_relative` paths start from the file; `require` ones from the load path
    /// (`lib/` folders), else they name a gem.
    fn ruby(&self, from: &str, import: &Import) -> Target {
        let spec = import.module.as_str();
        let rel = spec.strip_suffix(".rb").unwrap_or(spec);
        if import.call.as_deref() == Some("require_relative") {
            return normalise(&join_path(split(from).0, &format!("{rel}.rb")))
                .filter(|p| self.is_file(p))
                .map_or(Target::Unresolved, Target::File);
        }
        if let Some(p) = self.ruby_lib.get(rel) {
            return Target::File((*p).to_string());
        }
        Target::External(spec.to_string())
    }
}

/// The Rust crates of the repository and their module trees, built from `mod x;`.
#[derive(Debug, Default)]
struct RustModules {
    /// Crate names (`-` as `_`) → crate index.
    crates: HashMap<String, usize>,
    /// File → (crate, module path).
    modules: HashMap<String, (usize, Vec<String>)>,
    /// (crate, module path joined with `::`) → file.
    files: HashMap<(usize, String), String>,
    /// File → its `use` paths expanded, by the name they bring in (for following re-exports).
    uses: HashMap<String, Vec<(String, String)>>,
}

impl RustModules {
    fn read(inventory: &Inventory, files: &HashSet<&str>) -> RustModules {
        let mut m = RustModules::default();
        let mut roots: Vec<(usize, String)> = Vec::new();
        let mut crate_count = 0;
        for path in inventory.documents.keys() {
            let (dir, name) = split(path);
            if name != "Cargo.toml" {
                continue;
            }
            let text = inventory.document_text(path).unwrap_or_default();
            let Ok(manifest) = text.parse::<toml::Table>() else {
                continue;
            };
            let Some(package) = manifest.get("package").and_then(|p| p.as_table()) else {
                continue;
            };
            let crate_name = package
                .get("name")
                .and_then(|n| n.as_str())
                .unwrap_or_default()
                .replace('-', "_");
            let lib = manifest
                .get("lib")
                .and_then(|l| l.get("path"))
                .and_then(|p| p.as_str())
                .map_or_else(|| join_path(dir, "src/lib.rs"), |p| join_path(dir, p));
            let mut crate_roots = vec![lib];
            crate_roots.push(join_path(dir, "src/main.rs"));
            let bin_dir = join_path(dir, "src/bin/");
            crate_roots.extend(
                files
                    .iter()
                    .filter(|f| f.starts_with(&bin_dir) && f.ends_with(".rs"))
                    .filter(|f| !f[bin_dir.len()..].contains('/') || f.ends_with("/main.rs"))
                    .map(|f| (*f).to_string()),
            );
            for (i, root) in crate_roots.into_iter().enumerate() {
                if !files.contains(root.as_str()) {
                    continue;
                }
                // The library is the crate others name; binaries are crates of their own.
                let id = crate_count;
                crate_count += 1;
                if i == 0 && !crate_name.is_empty() {
                    m.crates.insert(crate_name.clone(), id);
                }
                roots.push((id, root));
            }
        }
        // Walk the module tree from every root.
        let mut queue: Vec<(usize, Vec<String>, String)> = roots
            .into_iter()
            .map(|(id, root)| (id, Vec::new(), root))
            .collect();
        while let Some((id, path, file)) = queue.pop() {
            if m.modules.contains_key(&file) {
                continue;
            }
            m.files.insert((id, path.join("::")), file.clone());
            m.modules.insert(file.clone(), (id, path.clone()));
            let Some(syntax) = inventory.syntax.get(&file) else {
                continue;
            };
            let dir = module_dir(&file, path.is_empty());
            for import in syntax.imports.iter().filter(|i| i.child_module) {
                let mut sub_dir = dir.clone();
                for s in &import.scope {
                    sub_dir = join_path(&sub_dir, s);
                }
                let name = import.module.trim_start_matches("r#");
                let candidates = [
                    join_path(&sub_dir, &format!("{name}.rs")),
                    join_path(&sub_dir, &format!("{name}/mod.rs")),
                ];
                if let Some(child) = candidates.into_iter().find(|c| files.contains(c.as_str())) {
                    let mut child_path = path.clone();
                    child_path.extend(import.scope.iter().cloned());
                    child_path.push(name.to_string());
                    queue.push((id, child_path, child));
                }
            }
            let mut uses = Vec::new();
            for import in syntax.imports.iter().filter(|i| !i.child_module) {
                for (full, name) in expand_use(&import.module) {
                    uses.push((name, full));
                }
            }
            m.uses.insert(file, uses);
        }
        m
    }

    fn resolve(&self, from: &str, import: &Import) -> Vec<Target> {
        // `mod x;` is containment, not a dependency; tests' imports are not the product's.
        if import.child_module || import.scope.iter().any(|s| s == "tests" || s == "test") {
            return Vec::new();
        }
        let Some((id, module)) = self.modules.get(from) else {
            return Vec::new();
        };
        let mut here = module.clone();
        here.extend(import.scope.iter().cloned());
        expand_use(&import.module)
            .into_iter()
            .filter_map(|(full, _)| self.resolve_path(*id, &here, &full, 0))
            .collect()
    }

    /// The file a `use` path leads to: the deepest module on it, or, when the path goes on to
    /// an item that module re-exports with a `use`, that `use`'s target.
    fn resolve_path(&self, id: usize, here: &[String], path: &str, depth: u32) -> Option<Target> {
        let segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
        let first = *segments.first()?;
        let (crate_id, mut base, rest): (usize, Vec<String>, &[&str]) = match first {
            "crate" => (id, Vec::new(), &segments[1..]),
            "self" => (id, here.to_vec(), &segments[1..]),
            "super" => {
                let mut base = here.to_vec();
                let mut i = 0;
                while segments.get(i) == Some(&"super") {
                    base.pop()?;
                    i += 1;
                }
                (id, base, &segments[i..])
            }
            name if path.starts_with("::") => {
                return Some(self.extern_crate(name, &segments[1..], depth));
            }
            name => {
                // Uniform paths: a child module of the current one, else a crate.
                let mut local = here.to_vec();
                local.push(name.to_string());
                if self.files.contains_key(&(id, local.join("::"))) {
                    (id, here.to_vec(), &segments[..])
                } else {
                    return Some(self.extern_crate(name, &segments[1..], depth));
                }
            }
        };
        let mut file = self.files.get(&(crate_id, base.join("::")))?.clone();
        let mut used = 0;
        for s in rest {
            base.push((*s).to_string());
            match self.files.get(&(crate_id, base.join("::"))) {
                Some(f) => {
                    file.clone_from(f);
                    used += 1;
                }
                None => break,
            }
        }
        // `crate::Error` re-exported by `lib.rs` from `error.rs` is `error.rs`'s.
        if let Some(item) = rest.get(used)
            && depth < 4
            && let Some((_, full)) = self
                .uses
                .get(&file)
                .and_then(|u| u.iter().find(|(name, _)| name == item))
        {
            let module = self.modules.get(&file)?.1.clone();
            if let Some(t) = self.resolve_path(crate_id, &module, full, depth + 1) {
                return Some(t);
            }
        }
        Some(Target::File(file))
    }

    fn extern_crate(&self, name: &str, rest: &[&str], depth: u32) -> Target {
        match self.crates.get(name) {
            Some(&id) => {
                let path = std::iter::once("crate")
                    .chain(rest.iter().copied())
                    .collect::<Vec<_>>()
                    .join("::");
                self.resolve_path(id, &[], &path, depth)
                    .unwrap_or(Target::Unresolved)
            }
            None => Target::External(name.to_string()),
        }
    }
}

/// The directory holding the child modules of a Rust module file: a crate root's or a
/// `mod.rs`'s own directory, else `dir/name/` for `dir/name.rs`.
fn module_dir(file: &str, root: bool) -> String {
    let (dir, name) = split(file);
    if root || name == "mod.rs" {
        dir.to_string()
    } else {
        join_path(dir, name.trim_end_matches(".rs"))
    }
}

/// A Rust `use` tree as written, expanded to (full path, name brought in): `a::{b, c as d}` is
/// (`a::b`, `b`) and (`a::c`, `d`); `a::{self}` is (`a`, `a`); globs keep their prefix.
fn expand_use(tree: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    expand_into("", tree.trim(), &mut out);
    out
}

fn expand_into(prefix: &str, tree: &str, out: &mut Vec<(String, String)>) {
    let tree = tree.trim();
    if tree.is_empty() {
        return;
    }
    let join = |p: &str, s: &str| {
        if p.is_empty() {
            s.to_string()
        } else if s.is_empty() {
            p.to_string()
        } else {
            format!("{p}::{s}")
        }
    };
    if let Some(open) = tree.find('{') {
        let head = tree[..open].trim().trim_end_matches("::");
        let inner = tree[open + 1..].trim_end().trim_end_matches('}');
        let prefix = join(prefix, head);
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand_into(&prefix, &inner[start..i], out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        expand_into(&prefix, &inner[start..], out);
        return;
    }
    let (path, alias) = match tree.split_once(" as ") {
        Some((p, a)) => (p.trim(), Some(a.trim())),
        None => (tree, None),
    };
    let full = if path == "self" {
        prefix.to_string()
    } else {
        join(prefix, path.trim_end_matches("::*"))
    };
    let last = full.rsplit("::").next().unwrap_or_default();
    let name = if path.ends_with('*') {
        "*"
    } else {
        alias.unwrap_or(last)
    };
    out.push((full.clone(), name.to_string()));
}

fn export_targets(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::String(s) => vec![s.clone()],
        serde_json::Value::Array(a) => a.iter().flat_map(export_targets).collect(),
        serde_json::Value::Object(o) => {
            // Source-first conditions, then the usual ones, then whatever else is there.
            let order = [
                "source",
                "development",
                "import",
                "default",
                "require",
                "node",
                "types",
            ];
            let mut out: Vec<String> = order
                .iter()
                .filter_map(|k| o.get(*k))
                .flat_map(export_targets)
                .collect();
            for (k, v) in o {
                if !order.contains(&k.as_str()) {
                    out.extend(export_targets(v));
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

/// A package name and the path inside it: `@scope/name/sub` is (`@scope/name`, `sub`).
fn package_name(spec: &str) -> (&str, &str) {
    let segments = if spec.starts_with('@') { 2 } else { 1 };
    let mut end = spec.len();
    let mut seen = 0;
    for (i, c) in spec.char_indices() {
        if c == '/' {
            seen += 1;
            if seen == segments {
                end = i;
                break;
            }
        }
    }
    (&spec[..end], spec.get(end + 1..).unwrap_or_default())
}

fn strip_js_extension(path: &str) -> &str {
    for ext in [
        ".d.ts", ".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts",
    ] {
        if let Some(stem) = path.strip_suffix(ext) {
            return stem;
        }
    }
    path
}

fn is_js(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".mts", ".cts"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// A file's directory, `.` for the root.
fn directory(path: &str) -> &str {
    path.rsplit_once('/').map_or(".", |(d, _)| d)
}

/// (directory, file name); the directory of a root file is empty.
fn split(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

fn join_path(dir: &str, rel: &str) -> String {
    if dir.is_empty() || dir == "." {
        rel.to_string()
    } else if rel.is_empty() {
        dir.to_string()
    } else {
        format!("{dir}/{rel}")
    }
}

/// `a/./b/../c` as `a/c`; `None` when it leaves the repository.
fn normalise(path: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for s in path.split('/') {
        match s {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            s => out.push(s),
        }
    }
    Some(out.join("/"))
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

/// JSON with comments and trailing commas (`tsconfig.json`) as plain JSON.
fn strip_jsonc(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut start = 0;
    let mut in_string = false;
    while i < bytes.len() {
        let c = bytes[i];
        if in_string {
            if c == b'\\' {
                i += 2;
                continue;
            }
            if c == b'"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        match c {
            b'"' => {
                in_string = true;
                i += 1;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                out.push_str(&text[start..i]);
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                start = i;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                out.push_str(&text[start..i]);
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i = (i + 2).min(bytes.len());
                start = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&text[start.min(text.len())..]);
    // Trailing commas: a comma followed (spaces aside) by a closing bracket.
    let mut cleaned = String::with_capacity(out.len());
    let chars: Vec<char> = out.chars().collect();
    let mut in_string = false;
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k];
        if in_string {
            cleaned.push(c);
            if c == '\\' && k + 1 < chars.len() {
                cleaned.push(chars[k + 1]);
                k += 2;
                continue;
            }
            if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            cleaned.push(c);
        } else if c == ',' {
            let next = chars[k + 1..].iter().find(|c| !c.is_whitespace());
            if !matches!(next, Some('}' | ']')) {
                cleaned.push(c);
            }
        } else {
            cleaned.push(c);
        }
        k += 1;
    }
    cleaned
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn use_trees_expand_to_paths_and_names() {
        assert_eq!(
            expand_use("super::c::{d, e as f, g::{self, h}}"),
            vec![
                ("super::c::d".to_string(), "d".to_string()),
                ("super::c::e".to_string(), "f".to_string()),
                ("super::c::g".to_string(), "g".to_string()),
                ("super::c::g::h".to_string(), "h".to_string()),
            ]
        );
        assert_eq!(
            expand_use("crate::db::*"),
            vec![("crate::db".to_string(), "*".to_string())]
        );
    }

    #[test]
    fn jsonc_loses_comments_and_trailing_commas_but_not_strings() {
        let text = "{ /* a */ \"p\": \"//not a comment\", // b\n \"q\": [1, 2,], }";
        let v: serde_json::Value = serde_json::from_str(&strip_jsonc(text)).unwrap();
        assert_eq!(v["p"], "//not a comment");
        assert_eq!(v["q"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn package_names_split_scopes() {
        assert_eq!(package_name("@acme/db/client"), ("@acme/db", "client"));
        assert_eq!(package_name("react"), ("react", ""));
        assert_eq!(package_name("lodash/fp"), ("lodash", "fp"));
    }

    #[test]
    fn cycles_are_found_and_broken_at_their_lightest_edge() {
        let edge = |from: &str, to: &str, imports: usize| DirectoryEdge {
            from: from.into(),
            to: to.into(),
            imports,
            example: (format!("{from}/x.ts"), 1),
        };
        // a → b → c → a, with c → a the lightest; d only imports a.
        let edges = [
            edge("a", "b", 5),
            edge("b", "c", 4),
            edge("c", "a", 1),
            edge("d", "a", 3),
        ];
        let closing = closing_edges(&edges[..3]);
        assert_eq!(closing.len(), 1);
        assert_eq!(
            (closing[0].from.as_str(), closing[0].to.as_str()),
            ("c", "a")
        );
        let adjacency = vec![vec![1], vec![2], vec![0], vec![0]];
        let mut components: Vec<Vec<usize>> = strongly_connected(&adjacency)
            .into_iter()
            .map(|mut c| {
                c.sort_unstable();
                c
            })
            .collect();
        components.sort();
        assert_eq!(components, vec![vec![0, 1, 2], vec![3]]);
    }

    #[test]
    fn deep_chains_do_not_overflow_the_stack() {
        let n = 200_000;
        let adjacency: Vec<Vec<usize>> = (0..n).map(|i| vec![(i + 1) % n]).collect();
        let components = strongly_connected(&adjacency);
        assert_eq!(components.len(), 1);
        assert_eq!(components[0].len(), n);
    }

    #[test]
    fn ui_paths_and_database_clients() {
        assert!(is_ui_path("src/components/UserList.tsx"));
        assert!(is_ui_path("app/(dashboard)/users/page.tsx"));
        assert!(is_ui_path("web/views/users.py"));
        assert!(!is_ui_path("pages/api/users.ts"));
        assert!(!is_ui_path("src/server/db.ts"));
        assert!(is_database_client("@prisma/client"));
        assert!(is_database_client("sqlalchemy.orm"));
        assert!(is_database_client("drizzle-orm/pg-core"));
        assert!(!is_database_client("pgp"));
        assert!(!is_database_client("sqlalchemy"));
    }
}
