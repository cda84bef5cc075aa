//! ARC-06: dependency cycles between directories and UI code importing database clients, read
//! from the import graph (`fcto_facts::analysis::imports`).

use crate::{Analysis, Emitter};
use fcto_facts::analysis::imports::{Cycle, DirectoryEdge, LayerViolation};
use fcto_model::{Evidence, RuleDocs, Severity};
use std::collections::HashMap;

pub const DOCS: RuleDocs = RuleDocs {
    what: "Builds the import graph of the product's code (tests, fixtures, examples and \
           generated code left out): JS/TS `import`, `export ... from`, `require` and `import()` \
           with relative paths, `index` files, `tsconfig`/`jsconfig` `paths` and `baseUrl`, and \
           workspace package names; Python `import` and `from` (relative too) under the package \
           roots; Go imports under the `go.mod` module path; Rust `use` paths over the module \
           tree of `mod` declarations, following re-exports; Java/Kotlin imports by class and \
           package; Ruby `require_relative` and `require` under `lib/`. Modules (files; Go and \
           Java/Kotlin packages) that import each other, directly or round a loop, are \
           collapsed to their directories, and every set of two or more directories such \
           cycles join is reported once, with one example import per edge between them and \
           the edges that close the cycle: a small set whose removal leaves no cycle, fewest \
           imports first. Directories that import each other only because one holds both a \
           facade and a base module (`root.ts` importing `router/`, which imports `trpc.ts`) \
           are not reported: no module is on a cycle there. Also reports UI code (`components/`, `pages/` \
           outside `pages/api/`, `views/`, Next.js `app/**/page.*`) importing a database \
           client or ORM directly, and domain or model code (`domain/`, `entities/`, \
           `model(s)/`, Python's `models.py`) importing a web framework (Express, Fastify, \
           Flask, FastAPI, Django's HTTP modules, Go's `net/http`, Gin, Echo, axum, actix-web, \
           Spring Web, servlets, JAX-RS, Ktor...).",
    why: "When everything depends on everything, a small change ripples unpredictably and work \
          slows down as the product grows.",
    how_to_fix: "Start with the edges that close each cycle: they are the few imports against \
                 the main direction. Move what they import to the side that everyone depends \
                 on (a shared module, a types package), or invert the dependency with an \
                 interface or callback. In UI code, fetch data through the API or a data-access \
                 module instead of the database client; in domain code, return plain results \
                 and errors and let the web layer turn them into HTTP responses.",
    options: "None.",
};

/// Edges shown per cycle: those that close it first, then the others.
const EDGES_SHOWN: usize = 12;
/// Members named in a message.
const MEMBERS_NAMED: usize = 4;
/// Imports across a layer shown (UI → database, domain → web).
const LAYER_SHOWN: usize = 20;

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    for cycle in a.imports.directory_cycles() {
        report_cycle(&cycle, e);
    }

    report_layer(
        e,
        &a.imports.ui_database_imports(),
        (
            "UI code imports a database client",
            "UI code imports database clients",
        ),
        "ui imports database clients",
    );
    report_layer(
        e,
        &a.imports.domain_http_imports(),
        (
            "Domain code imports a web framework",
            "Domain code imports web frameworks",
        ),
        "domain imports web frameworks",
    );
}

/// One finding for the imports that cross a layer the wrong way; `subject` is (one, many).
fn report_layer(e: &mut Emitter<'_>, layer: &[LayerViolation], subject: (&str, &str), key: &str) {
    let Some(first) = layer.first() else { return };
    let files = {
        let mut f: Vec<&str> = layer.iter().map(|v| v.file.as_str()).collect();
        f.dedup();
        f.len()
    };
    let message = if layer.len() == 1 {
        format!(
            "{} directly: `{}` in `{}`",
            subject.0, first.module, first.file
        )
    } else {
        format!(
            "{} directly: {} imports in {} files (first: `{}` in `{}`)",
            subject.1,
            layer.len(),
            files,
            first.module,
            first.file
        )
    };
    let evidence = layer
        .iter()
        .take(LAYER_SHOWN)
        .map(|v| Evidence::line(v.file.clone(), v.line).with_note(v.module.clone()))
        .collect();
    e.report_summary(Severity::Medium, message, evidence, key);
}

fn report_cycle(cycle: &Cycle, e: &mut Emitter<'_>) {
    let n = cycle.members.len();
    // Most connected members first when only some are named.
    let mut degree: HashMap<&str, usize> = HashMap::new();
    for edge in &cycle.edges {
        *degree.entry(edge.from.as_str()).or_default() += edge.imports;
        *degree.entry(edge.to.as_str()).or_default() += edge.imports;
    }
    let mut named: Vec<&str> = cycle.members.iter().map(String::as_str).collect();
    named.sort_by_key(|m| (std::cmp::Reverse(degree.get(m).copied().unwrap_or(0)), *m));
    let shown: Vec<String> = named.iter().map(|m| format!("`{}`", dir(m))).collect();
    let mut sorted: Vec<String> = cycle
        .members
        .iter()
        .map(|m| format!("`{}`", dir(m)))
        .collect();
    let subject = match n {
        2 => format!("{} and {} import each other", sorted[0], sorted[1]),
        _ if n <= MEMBERS_NAMED => {
            let last = sorted.pop().unwrap_or_default();
            format!(
                "{} and {last} import each other ({n} directories in a cycle)",
                sorted.join(", ")
            )
        }
        _ => format!(
            "{n} directories import each other in a cycle, among them {}",
            shown[..MEMBERS_NAMED - 1].join(", ")
        ),
    };
    let closing_imports: usize = cycle.closing.iter().map(|c| c.imports).sum();
    let closes = match cycle.closing.as_slice() {
        [one] => format!(
            "it closes at `{}` → `{}` ({})",
            dir(&one.from),
            dir(&one.to),
            imports(one.imports)
        ),
        many => format!(
            "{} edges close it ({})",
            many.len(),
            imports(closing_imports)
        ),
    };
    let mut evidence: Vec<Evidence> = cycle
        .closing
        .iter()
        .map(|c| edge_evidence(c, "closes the cycle"))
        .collect();
    evidence.extend(
        cycle
            .edges
            .iter()
            .filter(|edge| !cycle.closing.contains(edge))
            .map(|edge| edge_evidence(edge, "in the cycle")),
    );
    let hidden = evidence.len().saturating_sub(EDGES_SHOWN);
    evidence.truncate(EDGES_SHOWN);
    if hidden > 0 || n > MEMBERS_NAMED {
        let members: Vec<String> = cycle.members.iter().map(|m| dir(m)).collect();
        let mut note = format!("members: {}", members.join(", "));
        if hidden > 0 {
            note.push_str(&format!("; {hidden} more edges not shown"));
        }
        evidence.push(Evidence::default().with_note(note));
    }
    e.report_summary(
        Severity::Medium,
        format!("{subject}; {closes}"),
        evidence,
        &format!("cycle {}", cycle.members.join(" ")),
    );
}

fn edge_evidence(edge: &DirectoryEdge, role: &str) -> Evidence {
    Evidence::line(edge.example.0.clone(), edge.example.1).with_note(format!(
        "`{}` → `{}`: {}, {role}",
        dir(&edge.from),
        dir(&edge.to),
        imports(edge.imports)
    ))
}

/// A directory as shown: `billing/`, `(root)/`.
fn dir(d: &str) -> String {
    if d == "." {
        "(root)/".to_string()
    } else {
        format!("{d}/")
    }
}

fn imports(n: usize) -> String {
    if n == 1 {
        "1 import".to_string()
    } else {
        format!("{n} imports")
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{World, run_rule};
    use fcto_model::CompanyContext;

    fn run(world: World) -> Vec<fcto_model::Finding> {
        run_rule("ARC006", &world.facts(), &CompanyContext::default())
    }

    #[test]
    fn fires_on_directories_importing_each_other() {
        let world = World::new()
            .source(
                "src/orders/list.ts",
                "TypeScript",
                "import { total } from '../billing/total';\nexport const list = 1;\n",
            )
            .source(
                "src/billing/total.ts",
                "TypeScript",
                "import { list } from '../orders/list';\nimport type { L } from '../orders/list';\n\
                 import { tax } from '../orders/tax';\nexport const total = list + tax;\n",
            )
            .source("src/orders/tax.ts", "TypeScript", "export const tax = 1;\n");
        let findings = run(world);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        let f = &findings[0];
        assert_eq!(
            f.message,
            "`src/billing/` and `src/orders/` import each other; it closes at `src/orders/` → \
             `src/billing/` (1 import)"
        );
        assert_eq!(f.evidence[0].path.as_deref(), Some("src/orders/list.ts"));
        assert_eq!(f.evidence[0].line, Some(1));
        assert_eq!(f.evidence[1].path.as_deref(), Some("src/billing/total.ts"));
        assert!(f.evidence[1].note.as_deref().unwrap().contains("2 imports"));
    }

    #[test]
    fn the_fingerprint_follows_the_members_not_the_lines() {
        let world = |pad: &str| {
            World::new()
                .source("a/x.py", "Python", &format!("{pad}from b import y\n"))
                .source("b/y.py", "Python", "from a import x\n")
        };
        let first = run(world(""));
        let moved = run(world("\n\n"));
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].fingerprint, moved[0].fingerprint);
        assert_ne!(first[0].evidence, moved[0].evidence);
    }

    #[test]
    fn does_not_fire_on_one_way_imports_tests_or_comments() {
        let world = World::new()
            .source(
                "src/orders/list.ts",
                "TypeScript",
                "import { total } from '../billing/total';\nexport const list = 1;\n",
            )
            .source(
                "src/billing/total.ts",
                "TypeScript",
                "// import { list } from '../orders/list';\n\
                 const doc = \"import { list } from '../orders/list'\";\nexport const total = 1;\n",
            )
            // A test importing both sides closes no cycle in the product.
            .source(
                "src/billing/total.test.ts",
                "TypeScript",
                "import { list } from '../orders/list';\n",
            );
        assert!(run(world).is_empty());
    }

    #[test]
    fn fires_on_ui_code_importing_a_database_client() {
        let world = World::new()
            .source(
                "app/components/Users.tsx",
                "TSX",
                "import { PrismaClient } from '@prisma/client';\nexport const Users = () => null;\n",
            )
            .source(
                "app/(shop)/orders/page.tsx",
                "TSX",
                "import { eq } from 'drizzle-orm';\nexport default function Page() { return null; }\n",
            )
            // An API route is server code: it may talk to the database.
            .source(
                "pages/api/users.ts",
                "TypeScript",
                "import { PrismaClient } from '@prisma/client';\n",
            );
        let findings = run(world);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert!(
            findings[0].message.contains("2 imports in 2 files"),
            "{}",
            findings[0].message
        );
        let places: Vec<(Option<&str>, Option<u32>)> = findings[0]
            .evidence
            .iter()
            .map(|e| (e.path.as_deref(), e.line))
            .collect();
        assert_eq!(
            places,
            vec![
                (Some("app/(shop)/orders/page.tsx"), Some(1)),
                (Some("app/components/Users.tsx"), Some(1)),
            ]
        );
    }

    #[test]
    fn fires_on_domain_code_importing_a_web_framework_and_not_on_handlers() {
        let world = World::new()
            .source(
                "src/domain/order.py",
                "Python",
                "from flask import abort


def ship(order):
    abort(404)
",
            )
            // The web layer may use the framework; the domain may use other libraries.
            .source(
                "src/web/routes.py",
                "Python",
                "from flask import Flask

app = Flask(__name__)
",
            )
            .source(
                "src/domain/money.py",
                "Python",
                "from decimal import Decimal

ZERO = Decimal(0)
",
            );
        let findings = run(world);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert_eq!(
            findings[0].message,
            "Domain code imports a web framework directly: `flask` in `src/domain/order.py`"
        );
        assert_eq!(findings[0].evidence[0].line, Some(1));
        let clean = World::new().source(
            "src/domain/money.py",
            "Python",
            "from decimal import Decimal

ZERO = Decimal(0)
",
        );
        assert!(run(clean).is_empty());
    }

    #[test]
    fn names_the_lightest_edges_of_a_larger_cycle() {
        // a → b → c → a; c → a is the one import against the main direction.
        let world = World::new()
            .source("a/m.py", "Python", "from b import m\nfrom b import n\n")
            .source("b/m.py", "Python", "from c import m\n")
            .source("b/n.py", "Python", "from c import m\n")
            .source("c/m.py", "Python", "from a import m\n");
        let findings = run(world);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "`a/`, `b/` and `c/` import each other (3 directories in a cycle); it closes at \
             `c/` → `a/` (1 import)"
        );
        assert_eq!(findings[0].evidence[0].path.as_deref(), Some("c/m.py"));
    }
}
