//! The stack of a monorepo fixture read through the real inventory, malformed manifests, and
//! every example and counter-example of the signature table.

use fcto_facts::inventory::{
    FileEntry, Inventory, InventoryOptions, LineStats, is_well_known, read_inventory,
};
use fcto_facts::stack::{Stack, read_stack, signatures, signatures_date};
use fcto_facts::{RepoKind, Repository};
use fcto_testkit::{ALICE, Fixture};
use std::path::Path;

fn worktree(path: &Path) -> Repository {
    let git = gix::open(path).expect("open");
    let commit = git.head_id().ok().map(gix::Id::detach);
    Repository {
        root: path.canonicalize().expect("canonical path"),
        kind: RepoKind::WorkTree,
        git: Some(git.into_sync()),
        commit,
        rev: None,
        branch: None,
        commit_time: None,
        shallow: false,
        submodules: Vec::new(),
    }
}

/// An inventory holding these files, each kept as a document when it has text or a
/// well-known name.
fn inventory(files: &[(&str, Option<&str>)]) -> Inventory {
    let mut inv = Inventory {
        source: "test".into(),
        ..Inventory::default()
    };
    for (path, text) in files {
        inv.files.push(FileEntry {
            path: (*path).to_string(),
            bytes: text.map_or(0, |t| t.len() as u64),
            language: None,
            stats: LineStats::default(),
            embedded: LineStats::default(),
            exclusion: None,
            hidden: path.split('/').any(|c| c.starts_with('.')),
            symlink: None,
        });
        if text.is_some() || is_well_known(path) {
            inv.documents
                .insert((*path).to_string(), text.unwrap_or("").as_bytes().to_vec());
        }
    }
    inv.files.sort_by(|a, b| a.path.cmp(&b.path));
    inv
}

/// kind, name, version, via, declared in.
type Row = (
    String,
    String,
    Option<String>,
    Option<String>,
    Vec<(String, Option<u32>)>,
);

fn row(kind: &str, name: &str, version: Option<&str>, declared: &[(&str, Option<u32>)]) -> Row {
    row_via(kind, name, version, None, declared)
}

fn row_via(
    kind: &str,
    name: &str,
    version: Option<&str>,
    via: Option<&str>,
    declared: &[(&str, Option<u32>)],
) -> Row {
    (
        kind.to_string(),
        name.to_string(),
        version.map(str::to_string),
        via.map(str::to_string),
        declared
            .iter()
            .map(|(p, l)| ((*p).to_string(), *l))
            .collect(),
    )
}

fn rows(stack: &Stack, skip_languages: bool) -> Vec<Row> {
    stack
        .technologies
        .iter()
        .filter(|t| !(skip_languages && t.kind == "language"))
        .map(|t| {
            (
                t.kind.clone(),
                t.name.clone(),
                t.version.clone(),
                t.via.clone(),
                t.declared_in.clone(),
            )
        })
        .collect()
}

/// The technology of that kind and name.
fn tech<'a>(stack: &'a Stack, kind: &str, name: &str) -> &'a fcto_facts::stack::Technology {
    stack
        .technologies
        .iter()
        .find(|t| t.kind == kind && t.name == name)
        .unwrap_or_else(|| panic!("{name} ({kind}) missing from {:#?}", rows(stack, true)))
}

#[test]
fn monorepo_stack() {
    let mut f = Fixture::new();
    f.write(
        "package.json",
        "{\n  \"name\": \"mono\",\n  \"private\": true,\n  \"workspaces\": [\"apps/*\", \"services/*\"],\n  \"devDependencies\": {\n    \"turbo\": \"^2.0.0\"\n  }\n}\n",
    )
    .write(
        "apps/web/package.json",
        "{\n  \"name\": \"web\",\n  \"private\": true,\n  \"dependencies\": {\n    \"next\": \"14.2.3\",\n    \"react\": \"18.3.1\",\n    \"@prisma/client\": \"^5.14.0\"\n  },\n  \"devDependencies\": {\n    \"jest\": \"^29.7.0\"\n  }\n}\n",
    )
    .write("apps/web/package-lock.json", "{\"lockfileVersion\": 3}\n")
    .write("apps/web/pages/index.tsx", "export default function Home() {\n  return <main>Hi</main>;\n}\n")
    // Third-party code checked in: its manifest is not part of the stack.
    .write("apps/web/vendor/lib/package.json", "{\"dependencies\": {\"express\": \"4.19.2\"}}\n")
    .write("services/api/requirements.txt", "Django==5.0.6\npsycopg2-binary>=2.9\nredis\n")
    // Examples, tests and docs: listed as manifests, not evidence for the product's stack.
    .write("examples/celery/requirements.txt", "flask==2.3.2\ncelery[redis]==5.3.1\nredis==4.5.4\n")
    .write("test/e2e/proxy/package.json", "{\"dependencies\": {\"express\": \"4.21.2\", \"react\": \"17.0.0\"}}\n")
    .write("examples/mongo/docker-compose.yml", "services:\n  db:\n    image: mongo:7\n")
    .write("docs/Dockerfile", "FROM nginx\n")
    .write("docs/vercel.json", "{}\n")
    // A Dockerfile variant under a hidden directory.
    .write(".docker/Dockerfile-alpine", "# syntax=docker/dockerfile:1\nFROM alpine:3.20\n")
    .write("services/api/requirements-dev.txt", "pytest==8.2.0\n")
    .write("services/api/app/views.py", "def index(request):\n    return None\n")
    .write("services/api/Dockerfile", "FROM python:3.12-slim\n")
    .write(
        "services/worker/go.mod",
        "module example.com/worker\n\ngo 1.22\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgithub.com/aws/aws-sdk-go-v2/service/s3 v1.58.0\n)\n",
    )
    .write("services/worker/go.sum", "github.com/gin-gonic/gin v1.10.0 h1:x=\n")
    .write("services/worker/main.go", "package main\n\nfunc main() {}\n")
    .write("docker-compose.yml", "services:\n  db:\n    image: postgres:16\n  cache:\n    image: redis:7-alpine\n")
    .write("fly.toml", "app = \"mono-api\"\n")
    .write(".github/workflows/ci.yml", "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n")
    .write(
        "infra/main.tf",
        "terraform {\n  required_providers {\n    aws = { source = \"hashicorp/aws\" }\n  }\n}\n\nprovider \"aws\" {\n  region = \"eu-west-1\"\n}\n",
    );
    f.commit(ALICE, "monorepo");

    let inv = read_inventory(&worktree(f.path()), &InventoryOptions::default()).expect("inventory");
    let stack = read_stack(&inv);
    assert!(stack.problems.is_empty(), "{:?}", stack.problems);

    let requirements = "services/api/requirements.txt";
    let web = "apps/web/package.json";
    let go_mod = "services/worker/go.mod";
    assert_eq!(
        rows(&stack, true),
        vec![
            row(
                "framework",
                "Django",
                Some("==5.0.6"),
                &[(requirements, Some(1))]
            ),
            row("framework", "Gin", Some("v1.10.0"), &[(go_mod, Some(6))]),
            row("framework", "Next.js", Some("14.2.3"), &[(web, Some(5))]),
            row("framework", "React", Some("18.3.1"), &[(web, Some(6))]),
            // A driver's constraint is the driver's, not the database's version.
            row_via(
                "datastore",
                "PostgreSQL",
                None,
                Some("psycopg2-binary >=2.9"),
                &[(requirements, Some(2)), ("docker-compose.yml", Some(3))]
            ),
            // Seen in the example too (with a version), but only the product's evidence counts.
            row_via(
                "datastore",
                "Redis",
                None,
                Some("redis"),
                &[(requirements, Some(3)), ("docker-compose.yml", Some(5))]
            ),
            row(
                "orm",
                "Django ORM",
                Some("==5.0.6"),
                &[(requirements, Some(1))]
            ),
            row("orm", "Prisma", Some("^5.14.0"), &[(web, Some(7))]),
            row(
                "cloud-sdk",
                "AWS SDK",
                Some("v1.58.0"),
                &[(go_mod, Some(7))]
            ),
            row("hosting", "AWS", None, &[("infra/main.tf", Some(3))]),
            row("hosting", "Fly.io", None, &[("fly.toml", None)]),
            row(
                "ci",
                "GitHub Actions",
                None,
                &[(".github/workflows/ci.yml", None)]
            ),
            row(
                "container",
                "Docker",
                None,
                &[
                    ("services/api/Dockerfile", None),
                    (".docker/Dockerfile-alpine", Some(2))
                ]
            ),
            row(
                "container",
                "Docker Compose",
                None,
                &[("docker-compose.yml", None)]
            ),
            row(
                "infrastructure",
                "Terraform",
                None,
                &[("infra/main.tf", None)]
            ),
            row(
                "package-manager",
                "Go modules",
                None,
                &[(go_mod, None), ("services/worker/go.sum", None)]
            ),
            row(
                "package-manager",
                "npm",
                None,
                &[("apps/web/package-lock.json", None)]
            ),
            row(
                "package-manager",
                "pip",
                None,
                &[
                    ("services/api/requirements-dev.txt", None),
                    (requirements, None)
                ]
            ),
            row("testing", "Jest", Some("^29.7.0"), &[(web, Some(10))]),
            row(
                "testing",
                "pytest",
                Some("==8.2.0"),
                &[("services/api/requirements-dev.txt", Some(1))]
            ),
            row(
                "build",
                "Turborepo",
                Some("^2.0.0"),
                &[("package.json", Some(6))]
            ),
        ]
    );
    for (kind, name) in [
        ("framework", "Express"),
        ("framework", "Flask"),
        ("queue", "Celery"),
        ("datastore", "MongoDB"),
        ("hosting", "Vercel"),
    ] {
        assert!(
            !stack.has(kind, name),
            "{name} is only declared under examples/, test/ or docs/"
        );
    }
    assert!(
        !stack.has("framework", "Express"),
        "the vendored manifest is ignored"
    );

    // Languages come first, from the product code, each with its largest file.
    let languages: Vec<(&str, &str)> = stack
        .of_kind("language")
        .map(|t| {
            (
                t.name.as_str(),
                t.declared_in.first().map_or("", |d| d.0.as_str()),
            )
        })
        .collect();
    for expected in [
        ("TSX", "apps/web/pages/index.tsx"),
        ("Python", "services/api/app/views.py"),
        ("Go", "services/worker/main.go"),
        ("HCL", "infra/main.tf"),
    ] {
        assert!(
            languages.contains(&expected),
            "{expected:?} missing from {languages:?}"
        );
    }
    assert_eq!(stack.technologies[0].kind, "language");
    assert!(
        !languages
            .iter()
            .any(|(l, _)| *l == "Markdown" || *l == "Plain Text"),
        "no code lines: {languages:?}"
    );

    assert_eq!(
        stack.packages,
        vec![".", "apps/web", "services/api", "services/worker"]
    );
    assert_eq!(
        stack.auxiliary_packages,
        vec!["examples/celery", "test/e2e/proxy"]
    );
    let manifests: Vec<(&str, &str, Vec<&str>, bool, bool)> = stack
        .manifests
        .iter()
        .map(|m| {
            (
                m.path.as_str(),
                m.ecosystem.as_str(),
                m.lockfiles.iter().map(String::as_str).collect(),
                m.library,
                m.auxiliary,
            )
        })
        .collect();
    assert_eq!(
        manifests,
        vec![
            (
                "apps/web/package.json",
                "npm",
                vec!["apps/web/package-lock.json"],
                false,
                false
            ),
            (
                "examples/celery/requirements.txt",
                "pypi",
                vec![],
                false,
                true
            ),
            ("package.json", "npm", vec![], false, false),
            (
                "services/api/requirements-dev.txt",
                "pypi",
                vec![],
                false,
                false
            ),
            (
                "services/api/requirements.txt",
                "pypi",
                vec![],
                false,
                false
            ),
            (
                "services/worker/go.mod",
                "go",
                vec!["services/worker/go.sum"],
                false,
                false
            ),
            ("test/e2e/proxy/package.json", "npm", vec![], false, true),
        ]
    );
    assert_eq!(
        stack.manifests[1].dependencies.len(),
        3,
        "auxiliary manifests are still parsed"
    );
    assert_eq!(stack.product_manifests().count(), 5);
    let dev: Vec<(&str, bool)> = stack.manifests[0]
        .dependencies
        .iter()
        .map(|d| (d.name.as_str(), d.dev))
        .collect();
    assert_eq!(
        dev,
        vec![
            ("next", false),
            ("react", false),
            ("@prisma/client", false),
            ("jest", true)
        ]
    );
}

/// Workspace members without their own lockfile use the root's; a directory outside the
/// member globs does not.
#[test]
fn workspace_members_use_the_root_lockfile() {
    let inv = inventory(&[
        (
            "package.json",
            Some("{\"private\": true, \"workspaces\": [\"packages/*\"]}"),
        ),
        ("yarn.lock", Some("# yarn lockfile v1\n")),
        (
            "packages/ui/package.json",
            Some(
                "{\"name\": \"ui\", \"main\": \"index.js\", \"dependencies\": {\"react\": \"18\"}}",
            ),
        ),
        (
            "Cargo.toml",
            Some("[workspace]\nmembers = [\"crates/*\"]\n"),
        ),
        ("Cargo.lock", Some("version = 4\n")),
        (
            "crates/core/Cargo.toml",
            Some("[package]\nname = \"core\"\n[dependencies]\naxum = \"0.7\"\n"),
        ),
        ("crates/core/src/lib.rs", None),
        ("tools/x/package.json", Some("{\"dependencies\": {}}")),
    ]);
    let stack = read_stack(&inv);
    let locks: Vec<(&str, Vec<&str>, bool)> = stack
        .manifests
        .iter()
        .map(|m| {
            (
                m.path.as_str(),
                m.lockfiles.iter().map(String::as_str).collect(),
                m.library,
            )
        })
        .collect();
    assert_eq!(
        locks,
        vec![
            ("Cargo.toml", vec!["Cargo.lock"], false),
            ("crates/core/Cargo.toml", vec!["Cargo.lock"], true),
            ("package.json", vec!["yarn.lock"], false),
            ("packages/ui/package.json", vec!["yarn.lock"], true),
            ("tools/x/package.json", vec![], false),
        ]
    );
    assert_eq!(
        stack.packages,
        vec![".", "crates/core", "packages/ui", "tools/x"]
    );
}

#[test]
fn malformed_manifests_are_problems_not_panics() {
    let inv = inventory(&[
        ("package.json", Some("{\"dependencies\": {\"next\": \"14\"")),
        ("api/Cargo.toml", Some("[dependencies\naxum = \"0.7\"\n")),
        (
            "app/pubspec.yaml",
            Some("dependencies: [flutter\n  - : :\n"),
        ),
        (
            "svc/pyproject.toml",
            Some("[project]\ndependencies = \"not a list\"\n"),
        ),
        ("x/composer.json", Some("\u{0}\u{1}binary")),
        ("y/pom.xml", Some("")),
    ]);
    let stack = read_stack(&inv);
    let with_problems: Vec<&str> = stack
        .manifests
        .iter()
        .filter(|m| m.problem.is_some())
        .map(|m| m.path.as_str())
        .collect();
    assert_eq!(
        with_problems,
        vec![
            "api/Cargo.toml",
            "app/pubspec.yaml",
            "package.json",
            "x/composer.json",
            "y/pom.xml"
        ]
    );
    assert_eq!(stack.problems.len(), 5, "{:?}", stack.problems);
    assert!(
        stack
            .problems
            .iter()
            .any(|p| { p.starts_with("`package.json` could not be parsed (invalid JSON") })
    );
    assert!(!stack.has("framework", "Next.js"));
    assert_eq!(
        stack.manifests.len(),
        6,
        "malformed manifests are still listed"
    );
    // A wrongly typed field is ignored, not fatal.
    let svc = stack
        .manifests
        .iter()
        .find(|m| m.path == "svc/pyproject.toml")
        .expect("listed");
    assert!(svc.problem.is_none() && svc.dependencies.is_empty());
}

/// A technology seen through a client library (a driver, an SDK, a wrapper) has no version:
/// the client's constraint is shown as `via`. The version is only taken from the technology's
/// own package. ORMs are their own kind and do not invent a datastore.
#[test]
fn clients_are_not_versions_and_orms_are_not_datastores() {
    let inv = inventory(&[
        // full-stack-fastapi-template: psycopg's and sqlmodel's constraints.
        (
            "backend/pyproject.toml",
            Some(
                "[project]\nname = \"app\"\ndependencies = [\n  \"fastapi[standard]<1.0.0,>=0.114.2\",\n  \"psycopg[binary]<4.0.0,>=3.1.13\",\n  \"sqlmodel<1.0.0,>=0.0.21\",\n]\n",
            ),
        ),
        // ory/kratos: Go drivers' module versions.
        (
            "go.mod",
            Some(
                "module github.com/ory/kratos\n\ngo 1.23\n\nrequire (\n\tgithub.com/go-sql-driver/mysql v1.9.3\n\tgithub.com/jackc/pgx/v5 v5.10.0\n\tgorm.io/gorm v1.25.12\n)\n",
            ),
        ),
        ("main.go", Some("package main\n")),
        // maybe: the pg gem.
        (
            "Gemfile",
            Some("source 'https://rubygems.org'\ngem 'rails', '~> 7.2.2'\ngem 'pg', '~> 1.5'\n"),
        ),
        // An ORM's own package and its wrapper: the version is the ORM's, no `via`.
        (
            "worker/requirements.txt",
            Some("flask-sqlalchemy==3.1.1\nSQLAlchemy==2.0.30\n"),
        ),
        (
            "web/package.json",
            Some(
                "{\"dependencies\": {\"@prisma/client\": \"^5.14.0\", \"mongoose\": \"^8.4.0\", \"@vercel/postgres\": \"^0.9.0\", \"@planetscale/database\": \"^1.18.0\", \"@libsql/client\": \"^0.6.0\"}}",
            ),
        ),
    ]);
    let stack = read_stack(&inv);
    let summary = |kind: &str, name: &str| {
        let t = tech(&stack, kind, name);
        (t.version.clone(), t.via.clone())
    };
    let some = |s: &str| Some(s.to_string());
    assert_eq!(
        summary("datastore", "PostgreSQL"),
        (None, some("pg ~> 1.5")),
        "the first product manifest in path order names the client"
    );
    for (path, text, via) in [
        (
            "pyproject.toml",
            "[project]\ndependencies = [\"psycopg[binary]<4.0.0,>=3.1.13\"]\n",
            "psycopg <4.0.0,>=3.1.13",
        ),
        (
            "go.mod",
            "module x\n\nrequire github.com/jackc/pgx/v5 v5.10.0\n",
            "github.com/jackc/pgx/v5 v5.10.0",
        ),
        (
            "package.json",
            "{\"dependencies\": {\"@vercel/postgres\": \"^0.9.0\"}}",
            "@vercel/postgres ^0.9.0",
        ),
    ] {
        let alone = read_stack(&inventory(&[(path, Some(text))]));
        let t = tech(&alone, "datastore", "PostgreSQL");
        assert_eq!((t.version.as_deref(), t.via.as_deref()), (None, Some(via)));
    }
    assert_eq!(
        tech(&stack, "datastore", "PostgreSQL").declared_in,
        vec![
            ("Gemfile".to_string(), Some(3)),
            ("backend/pyproject.toml".to_string(), Some(5)),
            ("go.mod".to_string(), Some(7)),
            ("web/package.json".to_string(), Some(1)),
        ]
    );
    assert_eq!(
        summary("datastore", "MySQL"),
        (None, some("github.com/go-sql-driver/mysql v1.9.3"))
    );
    assert_eq!(
        summary("datastore", "MongoDB"),
        (None, some("mongoose ^8.4.0"))
    );
    assert_eq!(
        summary("datastore", "Turso (libSQL)"),
        (None, some("@libsql/client ^0.6.0"))
    );
    assert_eq!(summary("orm", "SQLModel"), (some("<1.0.0,>=0.0.21"), None));
    assert_eq!(summary("orm", "SQLAlchemy"), (some("==2.0.30"), None));
    assert_eq!(summary("orm", "Prisma"), (some("^5.14.0"), None));
    assert_eq!(summary("orm", "Mongoose"), (some("^8.4.0"), None));
    assert_eq!(summary("orm", "GORM"), (some("v1.25.12"), None));
    assert_eq!(summary("orm", "Active Record"), (some("~> 7.2.2"), None));
    assert_eq!(summary("framework", "Rails"), (some("~> 7.2.2"), None));
    assert_eq!(
        summary("framework", "FastAPI"),
        (some("<1.0.0,>=0.114.2"), None)
    );
    // No SQLAlchemy from SQLModel's constraint in the backend, and ORMs are not datastores.
    assert_eq!(
        tech(&stack, "orm", "SQLAlchemy").declared_in,
        vec![
            ("worker/requirements.txt".to_string(), Some(1)),
            ("worker/requirements.txt".to_string(), Some(2)),
        ]
    );
    for t in &stack.technologies {
        assert!(
            !(t.kind == "datastore"
                && [
                    "Prisma",
                    "SQLAlchemy",
                    "SQLModel",
                    "GORM",
                    "Active Record",
                    "Mongoose"
                ]
                .contains(&t.name.as_str())),
            "{} is an ORM, not a datastore",
            t.name
        );
    }
    // Kinds come in report order.
    let kinds: Vec<&str> = stack.technologies.iter().map(|t| t.kind.as_str()).collect();
    let mut sorted = kinds.clone();
    sorted.sort_by_key(|k| fcto_facts::stack::KINDS.iter().position(|x| x == k));
    assert_eq!(kinds, sorted);
}

/// Job queues and the services a CTO lists: payments, AI, error tracking, auth.
#[test]
fn services_and_queues() {
    let inv = inventory(&[
        (
            "Gemfile",
            Some(
                "source 'https://rubygems.org'\ngem 'rails', '~> 7.2'\ngem 'sidekiq', '~> 7.3'\ngem 'sentry-ruby'\ngem 'stripe', '~> 13.0'\ngem 'ruby-openai'\ngem 'devise', '~> 4.9'\n",
            ),
        ),
        (
            "apps/web/package.json",
            Some(
                "{\"dependencies\": {\"next\": \"15.0.0\", \"next-auth\": \"5.0.0-beta.25\", \"@clerk/nextjs\": \"^6.0.0\", \"@anthropic-ai/sdk\": \"^0.30.0\", \"ai\": \"^4.0.0\", \"@ai-sdk/openai\": \"^1.0.0\", \"bullmq\": \"^5.0.0\", \"@sentry/nextjs\": \"^8.0.0\", \"@paddle/paddle-js\": \"^1.3.0\"}}",
            ),
        ),
        (
            "ml/requirements.txt",
            Some(
                "celery==5.4.0\nanthropic>=0.40\nlangchain==0.3.0\nlangchain-openai==0.2.0\npaddlepaddle==2.6.0\n",
            ),
        ),
    ]);
    let stack = read_stack(&inv);
    let names =
        |kind: &str| -> Vec<String> { stack.of_kind(kind).map(|t| t.name.clone()).collect() };
    assert_eq!(names("queue"), vec!["BullMQ", "Celery", "Sidekiq"]);
    assert_eq!(names("payments"), vec!["Paddle", "Stripe"]);
    assert_eq!(
        names("ai"),
        vec!["Anthropic", "LangChain", "OpenAI", "Vercel AI SDK"]
    );
    assert_eq!(names("error-tracking"), vec!["Sentry"]);
    assert_eq!(names("auth"), vec!["Auth.js (NextAuth)", "Clerk", "Devise"]);
    // Sidekiq and BullMQ only run on Redis; Celery's broker is configuration.
    assert_eq!(
        tech(&stack, "datastore", "Redis").declared_in,
        vec![
            ("Gemfile".to_string(), Some(3)),
            ("apps/web/package.json".to_string(), Some(1)),
        ]
    );
    // Libraries carry their version; hosted services are named through their SDK.
    let t = tech(&stack, "queue", "Sidekiq");
    assert_eq!(
        (t.version.as_deref(), t.via.as_deref()),
        (Some("~> 7.3"), None)
    );
    let t = tech(&stack, "payments", "Stripe");
    assert_eq!(
        (t.version.as_deref(), t.via.as_deref()),
        (None, Some("stripe ~> 13.0"))
    );
    let t = tech(&stack, "ai", "OpenAI");
    assert_eq!(t.version, None);
    assert_eq!(
        t.via.as_deref(),
        Some("ruby-openai"),
        "the first client in path order"
    );
    assert_eq!(t.declared_in.len(), 3, "{:?}", t.declared_in);
    let t = tech(&stack, "ai", "LangChain");
    assert_eq!(
        (t.version.as_deref(), t.via.as_deref()),
        (Some("==0.3.0"), None)
    );
    let t = tech(&stack, "auth", "Auth.js (NextAuth)");
    assert_eq!(t.version.as_deref(), Some("5.0.0-beta.25"));
    let t = tech(&stack, "error-tracking", "Sentry");
    assert_eq!(t.via.as_deref(), Some("sentry-ruby"));
}

/// pnpm catalogs: `catalog:` and `catalog:NAME` resolve from `pnpm-workspace.yaml`; an unknown
/// catalog entry gives no version.
#[test]
fn pnpm_catalogs_resolve_versions() {
    let inv = inventory(&[
        (
            "pnpm-workspace.yaml",
            Some(
                "packages:\n  - apps/*\ncatalog:\n  vite: ^6.0.0\n  zod: 3.23.8\ncatalogs:\n  react19:\n    react: 19.1.0\n    react-dom: 19.1.0\n",
            ),
        ),
        ("pnpm-lock.yaml", Some("lockfileVersion: '9.0'\n")),
        (
            "apps/web/package.json",
            Some(
                "{\"dependencies\": {\"react\": \"catalog:react19\", \"next\": \"catalog:\", \"zod\": \"catalog:\", \"@acme/ui\": \"workspace:*\"}, \"devDependencies\": {\"vite\": \"catalog:\", \"vitest\": \"*\"}}",
            ),
        ),
    ]);
    let stack = read_stack(&inv);
    let version = |kind: &str, name: &str| tech(&stack, kind, name).version.clone();
    assert_eq!(version("framework", "React").as_deref(), Some("19.1.0"));
    assert_eq!(version("build", "Vite").as_deref(), Some("^6.0.0"));
    assert_eq!(version("framework", "Next.js"), None, "not in the catalog");
    assert_eq!(version("testing", "Vitest"), None, "`*` is not a version");
    let web = stack
        .manifests
        .iter()
        .find(|m| m.path == "apps/web/package.json")
        .expect("manifest");
    let constraints: Vec<(&str, Option<&str>)> = web
        .dependencies
        .iter()
        .map(|d| (d.name.as_str(), d.constraint.as_deref()))
        .collect();
    assert_eq!(
        constraints,
        vec![
            ("@acme/ui", Some("workspace:*")),
            ("next", Some("catalog:")),
            ("react", Some("19.1.0")),
            ("vite", Some("^6.0.0")),
            ("vitest", Some("*")),
            ("zod", Some("3.23.8")),
        ]
    );
    assert_eq!(web.lockfiles, vec!["pnpm-lock.yaml"]);
}

/// Builds an inventory from one signature example: `<ecosystem>:<package>` declares the package
/// in a minimal manifest of that ecosystem, `file:<path>[=<text>]` is a file.
fn example_inventory(example: &str) -> Inventory {
    if let Some(file) = example.strip_prefix("file:") {
        let (path, text) = match file.split_once('=') {
            Some((p, t)) => (p, Some(t)),
            None => (file, None),
        };
        return inventory(&[(path, text)]);
    }
    let (ecosystem, name) = example.split_once(':').expect("ecosystem:name");
    let (path, text) = match ecosystem {
        "npm" => (
            "package.json",
            format!("{{\"dependencies\": {{\"{name}\": \"1.0.0\"}}}}"),
        ),
        "pypi" => ("requirements.txt", format!("{name}==1.0\n")),
        "rubygems" => (
            "Gemfile",
            format!("source 'https://rubygems.org'\ngem '{name}', '~> 1.0'\n"),
        ),
        "go" => (
            "go.mod",
            format!("module example.com/x\n\nrequire {name} v1.0.0\n"),
        ),
        "cargo" => (
            "Cargo.toml",
            format!(
                "[package]\nname = \"x\"\nversion = \"0.1.0\"\n\n[dependencies]\n{name} = \"1\"\n"
            ),
        ),
        "packagist" => (
            "composer.json",
            format!("{{\"require\": {{\"{name}\": \"^1.0\"}}}}"),
        ),
        "maven" => {
            let (group, artifact) = name.split_once(':').expect("group:artifact");
            (
                "pom.xml",
                format!(
                    "<project>\n<dependencies>\n<dependency>\n<groupId>{group}</groupId>\n<artifactId>{artifact}</artifactId>\n<version>1.0</version>\n</dependency>\n</dependencies>\n</project>\n"
                ),
            )
        }
        "nuget" => (
            "src/App.csproj",
            format!(
                "<Project Sdk=\"Microsoft.NET.Sdk\">\n<ItemGroup>\n<PackageReference Include=\"{name}\" Version=\"1.0.0\" />\n</ItemGroup>\n</Project>\n"
            ),
        ),
        "hex" => (
            "mix.exs",
            format!(
                "defmodule X.MixProject do\n  defp deps do\n    [{{:{name}, \"~> 1.0\"}}]\n  end\nend\n"
            ),
        ),
        "pub" => (
            "pubspec.yaml",
            format!("name: x\ndependencies:\n  {name}: ^1.0.0\n"),
        ),
        other => panic!("no manifest for ecosystem {other} in {example}"),
    };
    inventory(&[(path, Some(&text))])
}

#[test]
fn signature_examples_and_counter_examples() {
    assert_eq!(signatures_date(), "2026-11-22");
    let mut failures = Vec::new();
    for s in signatures() {
        for example in &s.examples {
            let stack = read_stack(&example_inventory(example));
            if !stack
                .technologies
                .iter()
                .any(|t| t.kind == s.kind && t.name == s.name)
            {
                failures.push(format!(
                    "{} ({}) not detected from example {example:?}",
                    s.name, s.kind
                ));
            }
            if !stack.problems.is_empty() && !example.starts_with("file:") {
                failures.push(format!(
                    "example {example:?} gave problems {:?}",
                    stack.problems
                ));
            }
        }
        for counter in &s.counter_examples {
            let stack = read_stack(&example_inventory(counter));
            if stack
                .technologies
                .iter()
                .any(|t| t.kind == s.kind && t.name == s.name)
            {
                failures.push(format!(
                    "{} ({}) detected from counter-example {counter:?}",
                    s.name, s.kind
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn dependency_example_declares_with_line_and_version() {
    let stack = read_stack(&example_inventory("go:github.com/labstack/echo/v4"));
    let echo = stack
        .technologies
        .iter()
        .find(|t| t.name == "Echo")
        .expect("echo");
    assert_eq!(echo.version.as_deref(), Some("v1.0.0"));
    assert_eq!(echo.declared_in, vec![("go.mod".to_string(), Some(3))]);
}

/// The stack of real repositories, for review. Run with
/// `FCTO_STACK_REPOS=/path/a:/path/b FCTO_STACK_REPORT=/tmp/stack.md cargo test -p fcto_facts
/// --test stack -- --ignored real_repositories`.
#[test]
#[ignore = "needs real repositories"]
fn real_repositories() {
    use std::fmt::Write as _;
    let repos = std::env::var("FCTO_STACK_REPOS").expect("FCTO_STACK_REPOS");
    let mut report = String::new();
    for root in repos.split(':').filter(|s| !s.is_empty()) {
        let inv = read_inventory(&worktree(Path::new(root)), &InventoryOptions::default())
            .expect("inventory");
        let stack = read_stack(&inv);
        let _ = writeln!(
            report,
            "\n### {root}\n\npackages: {:?}\nauxiliary packages: {}\nproblems: {:?}\n",
            stack.packages,
            stack.auxiliary_packages.len(),
            stack.problems
        );
        for m in stack.product_manifests() {
            let _ = writeln!(
                report,
                "- manifest {} ({}, {} deps, lockfiles {:?}, library {})",
                m.path,
                m.ecosystem,
                m.dependencies.len(),
                m.lockfiles,
                m.library
            );
        }
        for t in &stack.technologies {
            let shown: Vec<String> = t
                .declared_in
                .iter()
                .take(3)
                .map(|(p, l)| format!("{p}:{}", l.map_or(String::new(), |l| l.to_string())))
                .collect();
            let _ = writeln!(
                report,
                "- {} | {} | {} | via {} | {} ({} places)",
                t.kind,
                t.name,
                t.version.as_deref().unwrap_or("-"),
                t.via.as_deref().unwrap_or("-"),
                shown.join(", "),
                t.declared_in.len()
            );
        }
        let _ = writeln!(
            report,
            "- markers: {}, documents: {}, links listed: {:?}, inventory problems: {:?}",
            inv.markers.len(),
            inv.documents.len(),
            inv.files
                .iter()
                .filter_map(|f| f.symlink.as_ref().map(|t| format!("{} -> {t}", f.path)))
                .collect::<Vec<_>>(),
            inv.problems
        );
    }
    std::fs::write(
        std::env::var("FCTO_STACK_REPORT").expect("FCTO_STACK_REPORT"),
        report,
    )
    .expect("write");
}
