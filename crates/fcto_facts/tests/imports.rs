//! The import graph on small fixture trees, one per language: which imports the syntax walk
//! reads, which files they resolve to, and the directory cycles they make. Each fixture states
//! its expected edges; imports written in comments and strings must not count.

use fcto_facts::Repository;
use fcto_facts::analysis::imports::ImportGraph;
use fcto_facts::inventory::{Inventory, InventoryOptions, read_inventory};
use fcto_testkit::Fixture;

fn inventory(files: &[(&str, &str)]) -> (Fixture, Inventory) {
    let fixture = Fixture::new();
    for (path, text) in files {
        fixture.write(path, text);
    }
    let repo = Repository::open(fixture.path(), None).expect("open");
    let inventory = read_inventory(&repo, &InventoryOptions::default()).expect("inventory");
    (fixture, inventory)
}

/// The graph's edges as `from:line -> to`.
fn edges(graph: &ImportGraph) -> Vec<String> {
    graph
        .edges
        .iter()
        .map(|e| format!("{}:{} -> {}", e.from, e.line, e.to))
        .collect()
}

fn cycles(graph: &ImportGraph) -> Vec<Vec<String>> {
    graph
        .directory_cycles()
        .into_iter()
        .map(|c| c.members)
        .collect()
}

#[test]
fn typescript_relative_index_alias_and_workspace_imports() {
    let (_f, inv) = inventory(&[
        (
            "apps/web/tsconfig.json",
            r#"{
              // comments and trailing commas, as tsconfig allows
              "compilerOptions": { "paths": { "~/*": ["./src/*"], }, },
            }"#,
        ),
        ("apps/web/package.json", r#"{ "name": "@acme/web" }"#),
        (
            "apps/web/src/orders/list.ts",
            "import { total } from '../billing';\n\
             import React from 'react';\n\
             // import { nope } from '../comment';\n\
             const s = \"import { nope } from '../string'\";\n\
             export const list = () => total;\n",
        ),
        (
            "apps/web/src/billing/index.ts",
            "import type { Order } from '~/orders/types';\n\
             export { list } from '~/orders/list';\n\
             export const total = 1;\n",
        ),
        (
            "apps/web/src/orders/types.ts",
            "export type Order = { id: string };\n",
        ),
        (
            "apps/web/src/components/Orders.tsx",
            "import { db } from '@acme/db';\n\
             import { PrismaClient } from '@prisma/client';\n\
             const lazy = require('./lazy');\n\
             export const Orders = () => <div>{String(db)}</div>;\n",
        ),
        ("apps/web/src/components/lazy.js", "module.exports = 1;\n"),
        (
            "packages/db/package.json",
            r#"{ "name": "@acme/db", "exports": { ".": { "types": "./dist/index.d.ts", "default": "./src/index.ts" } } }"#,
        ),
        ("packages/db/src/index.ts", "export const db = 1;\n"),
    ]);
    let graph = ImportGraph::build(&inv);
    assert_eq!(
        edges(&graph),
        vec![
            "apps/web/src/billing/index.ts:1 -> apps/web/src/orders/types.ts",
            "apps/web/src/billing/index.ts:2 -> apps/web/src/orders/list.ts",
            "apps/web/src/components/Orders.tsx:1 -> packages/db/src/index.ts",
            "apps/web/src/components/Orders.tsx:3 -> apps/web/src/components/lazy.js",
            "apps/web/src/orders/list.ts:1 -> apps/web/src/billing/index.ts",
        ]
    );
    let external: Vec<&str> = graph.external.iter().map(|x| x.module.as_str()).collect();
    assert_eq!(external, vec!["@prisma/client", "react"]);
    let cycle = &graph.directory_cycles()[0];
    assert_eq!(
        cycle.members,
        vec!["apps/web/src/billing", "apps/web/src/orders"]
    );
    // The lighter direction (one import against two) closes the cycle.
    assert_eq!(cycle.closing.len(), 1);
    assert_eq!(cycle.closing[0].from, "apps/web/src/orders");
    assert_eq!(
        cycle.closing[0].example,
        ("apps/web/src/orders/list.ts".to_string(), 1)
    );
    let layer = graph.ui_database_imports();
    assert_eq!(layer.len(), 1);
    assert_eq!(
        (
            layer[0].file.as_str(),
            layer[0].line,
            layer[0].module.as_str()
        ),
        ("apps/web/src/components/Orders.tsx", 2, "@prisma/client")
    );
}

#[test]
fn typescript_base_url_extends_and_esm_extensions() {
    let (_f, inv) = inventory(&[
        (
            "tsconfig.base.json",
            r#"{ "compilerOptions": { "baseUrl": "./src" } }"#,
        ),
        ("tsconfig.json", r#"{ "extends": "./tsconfig.base.json" }"#),
        (
            "src/lib/a.ts",
            "import { b } from 'lib/b';\nexport const a = b;\n",
        ),
        (
            "src/lib/b.ts",
            "import { c } from './c.js';\nexport const b = c;\n",
        ),
        ("src/lib/c.ts", "export const c = 1;\n"),
    ]);
    let graph = ImportGraph::build(&inv);
    assert_eq!(
        edges(&graph),
        vec![
            "src/lib/a.ts:1 -> src/lib/b.ts",
            "src/lib/b.ts:1 -> src/lib/c.ts",
        ]
    );
    assert!(cycles(&graph).is_empty());
}

#[test]
fn python_absolute_and_relative_imports() {
    let (_f, inv) = inventory(&[
        ("src/shop/__init__.py", ""),
        ("src/shop/models/__init__.py", "from . import user\n"),
        (
            "src/shop/models/user.py",
            "\"\"\"import shop.billing.invoice is only a docstring\"\"\"\n\
             from ..billing import invoice\n\
             # import shop.billing.tax\n\
             import os.path\n",
        ),
        ("src/shop/billing/__init__.py", ""),
        (
            "src/shop/billing/invoice.py",
            "from shop.models.user import User\nfrom sqlalchemy.orm import Session\n",
        ),
        ("tests/test_user.py", "from shop.models import user\n"),
    ]);
    let graph = ImportGraph::build(&inv);
    assert_eq!(
        edges(&graph),
        vec![
            "src/shop/billing/invoice.py:1 -> src/shop/models/user.py",
            "src/shop/models/__init__.py:1 -> src/shop/models/user.py",
            "src/shop/models/user.py:2 -> src/shop/billing/invoice.py",
        ]
    );
    let external: Vec<&str> = graph.external.iter().map(|x| x.module.as_str()).collect();
    assert_eq!(external, vec!["sqlalchemy.orm", "os.path"]);
    assert_eq!(
        cycles(&graph),
        vec![vec!["src/shop/billing", "src/shop/models"]]
    );
}

#[test]
fn go_imports_under_the_module_path() {
    let (_f, inv) = inventory(&[
        ("go.mod", "module example.com/shop\n\ngo 1.22\n"),
        (
            "orders/orders.go",
            "package orders\n\nimport (\n\t\"fmt\"\n\t\"example.com/shop/billing\"\n)\n\n\
             // import \"example.com/shop/comment\"\nfunc F() { fmt.Println(billing.X) }\n",
        ),
        (
            "billing/billing.go",
            "package billing\n\nimport \"example.com/shop/orders\"\n\nvar X = orders.F\n",
        ),
        (
            "main.go",
            "package main\n\nimport _ \"example.com/shop/orders\"\n\nfunc main() {}\n",
        ),
    ]);
    let graph = ImportGraph::build(&inv);
    assert_eq!(
        edges(&graph),
        vec![
            "billing/billing.go:3 -> orders",
            "main.go:3 -> orders",
            "orders/orders.go:5 -> billing",
        ]
    );
    assert_eq!(cycles(&graph), vec![vec!["billing", "orders"]]);
}

#[test]
fn rust_modules_uses_and_re_exports() {
    let (_f, inv) = inventory(&[
        (
            "Cargo.toml",
            "[package]\nname = \"my-shop\"\nversion = \"0.1.0\"\n",
        ),
        ("src/lib.rs", "mod api;\nmod db;\npub use db::Pool;\n"),
        (
            "src/db/mod.rs",
            "mod pool;\npub use pool::Pool;\nuse crate::api::Handler;\n",
        ),
        (
            "src/db/pool.rs",
            "use crate::api::Handler;\npub struct Pool;\n\
             #[cfg(test)]\nmod tests {\n    use super::*;\n    use crate::api;\n}\n",
        ),
        (
            "src/api/mod.rs",
            "// use crate::db::secret;\nuse crate::Pool;\nuse std::io;\npub struct Handler;\n",
        ),
        ("src/main.rs", "use my_shop::Pool;\nfn main() {}\n"),
    ]);
    let graph = ImportGraph::build(&inv);
    assert_eq!(
        edges(&graph),
        vec![
            // `crate::Pool` is `lib.rs`'s re-export of `db::Pool`, itself `pool::Pool`.
            "src/api/mod.rs:2 -> src/db/pool.rs",
            "src/db/mod.rs:2 -> src/db/pool.rs",
            "src/db/mod.rs:3 -> src/api/mod.rs",
            "src/db/pool.rs:1 -> src/api/mod.rs",
            "src/lib.rs:3 -> src/db/pool.rs",
            "src/main.rs:1 -> src/db/pool.rs",
        ]
    );
    assert_eq!(cycles(&graph), vec![vec!["src/api", "src/db"]]);
}

#[test]
fn a_facade_beside_a_base_module_makes_no_cycle() {
    // `root.ts` imports `router/`, which imports `trpc.ts` beside it: the directories import
    // each other, but no module is on a cycle.
    let (_f, inv) = inventory(&[
        (
            "src/root.ts",
            "import { post } from './router/post';\nexport const root = post;\n",
        ),
        ("src/trpc.ts", "export const procedure = 1;\n"),
        (
            "src/router/post.ts",
            "import { procedure } from '../trpc';\nexport const post = procedure;\n",
        ),
    ]);
    let graph = ImportGraph::build(&inv);
    assert_eq!(graph.directory_edges().len(), 2);
    assert!(cycles(&graph).is_empty());
}

#[test]
fn java_classes_and_packages_and_ruby_requires() {
    let (_f, inv) = inventory(&[
        (
            "src/main/java/com/shop/orders/Order.java",
            "package com.shop.orders;\n\nimport com.shop.billing.Invoice;\nimport java.util.List;\n\
             // import com.shop.secret.Nope;\npublic class Order {}\n",
        ),
        (
            "src/main/java/com/shop/billing/Invoice.java",
            "package com.shop.billing;\n\nimport com.shop.orders.*;\npublic class Invoice {}\n",
        ),
        (
            "lib/shop/cart.rb",
            "require_relative 'item'\nrequire 'json'\n",
        ),
        ("lib/shop/item.rb", "require 'shop/cart'\n"),
        // `require "json"` is the gem, not this neighbour of `cart.rb`.
        ("lib/shop/json.rb", "X = 1\n"),
    ]);
    let graph = ImportGraph::build(&inv);
    let external: Vec<&str> = graph.external.iter().map(|x| x.module.as_str()).collect();
    assert_eq!(external, vec!["json", "java.util.List"]);
    assert_eq!(
        edges(&graph),
        vec![
            "lib/shop/cart.rb:1 -> lib/shop/item.rb",
            "lib/shop/item.rb:1 -> lib/shop/cart.rb",
            "src/main/java/com/shop/billing/Invoice.java:3 -> src/main/java/com/shop/orders",
            "src/main/java/com/shop/orders/Order.java:3 -> src/main/java/com/shop/billing/Invoice.java",
        ]
    );
    assert_eq!(
        cycles(&graph),
        vec![vec![
            "src/main/java/com/shop/billing",
            "src/main/java/com/shop/orders"
        ]]
    );
}

/// `line module [names] (mod) {scope} call` for each import the walk reads.
fn read(language: &str, text: &str) -> Vec<String> {
    let syntax = fcto_facts::syntax::analyse(language, text).expect("a language with a table");
    syntax
        .imports
        .iter()
        .map(|i| {
            let mut s = format!("{} {}", i.line, i.module);
            if !i.names.is_empty() {
                s.push_str(&format!(" [{}]", i.names.join(",")));
            }
            if i.child_module {
                s.push_str(" (mod)");
            }
            if !i.scope.is_empty() {
                s.push_str(&format!(" {{{}}}", i.scope.join("::")));
            }
            if let Some(call) = &i.call {
                s.push_str(&format!(" {call}"));
            }
            s
        })
        .collect()
}

#[test]
fn the_walk_reads_imports_as_written() {
    assert_eq!(
        read(
            "TypeScript",
            "import a from './a';\nexport * from \"./b\";\nconst c = require('./c');\n\
             const d = await import(`./d/${x}`);\nconst e = require(name);\nimport f = require('./f');\n\
             // import g from './g';\nexport const h = 1;\n",
        ),
        vec!["1 ./a", "2 ./b", "3 ./c require", "6 ./f"]
    );
    assert_eq!(
        read(
            "Python",
            "import a.b as c, d\nfrom .. import e, f as g\nfrom .h import *\ndef i():\n    import j\n",
        ),
        vec!["1 a.b", "1 d", "2 .. [e,f]", "3 .h", "5 j"]
    );
    assert_eq!(
        read("Go", "package p\n\nimport (\n\tx \"a/b\"\n\t`c/d`\n)\n"),
        vec!["4 a/b", "5 c/d"]
    );
    assert_eq!(
        read(
            "Rust",
            "mod a;\nmod b { }\nuse crate::{c::D, e as f};\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\n",
        ),
        vec!["1 a (mod)", "3 crate::{c::D, e as f}", "6 super::* {tests}"]
    );
    assert_eq!(
        read(
            "Ruby",
            "require_relative \"a/b\"\nrequire 'c'\nrequire \"d#{e}\"\nfoo.require 'f'\n",
        ),
        vec!["1 a/b require_relative", "2 c require"]
    );
}

#[test]
fn domain_code_importing_a_web_framework_is_a_layer_violation() {
    let (_f, inv) = inventory(&[
        ("go.mod", "module example.com/shop\n\ngo 1.22\n"),
        (
            "internal/domain/order.go",
            "package domain\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\nfunc Status() int { return http.StatusOK }\n\nvar _ = time.Now\n",
        ),
        (
            "internal/handlers/order.go",
            "package handlers\n\nimport \"github.com/gin-gonic/gin\"\n\nvar _ gin.HandlerFunc\n",
        ),
        (
            "shop/models.py",
            "from django.db import models\nfrom django.http import Http404\n",
        ),
        (
            "src/main/java/com/shop/model/Order.java",
            "package com.shop.model;\n\nimport org.springframework.web.bind.annotation.RestController;\nimport java.util.List;\n\npublic class Order {}\n",
        ),
        (
            "src/models/user.ts",
            "import express from 'express';\nimport { z } from 'zod';\nexport const r = express.Router();\n",
        ),
        // `expressive` is not `express`.
        (
            "src/domain/text.ts",
            "import { tone } from 'expressive';\nexport const t = tone;\n",
        ),
    ]);
    let graph = ImportGraph::build(&inv);
    let found: Vec<String> = graph
        .domain_http_imports()
        .iter()
        .map(|v| format!("{}:{} {}", v.file, v.line, v.module))
        .collect();
    assert_eq!(
        found,
        vec![
            "internal/domain/order.go:4 net/http",
            "shop/models.py:2 django.http",
            "src/main/java/com/shop/model/Order.java:3 org.springframework.web.bind.annotation.RestController",
            "src/models/user.ts:1 express",
        ]
    );
}
