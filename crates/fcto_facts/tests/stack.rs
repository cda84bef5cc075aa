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
        });
        if text.is_some() || is_well_known(path) {
            inv.documents
                .insert((*path).to_string(), text.unwrap_or("").as_bytes().to_vec());
        }
    }
    inv.files.sort_by(|a, b| a.path.cmp(&b.path));
    inv
}

type Row = (String, String, Option<String>, Vec<(String, Option<u32>)>);

fn row(kind: &str, name: &str, version: Option<&str>, declared: &[(&str, Option<u32>)]) -> Row {
    (
        kind.to_string(),
        name.to_string(),
        version.map(str::to_string),
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
                t.declared_in.clone(),
            )
        })
        .collect()
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
            row(
                "datastore",
                "Django ORM",
                Some("==5.0.6"),
                &[(requirements, Some(1))]
            ),
            row(
                "datastore",
                "PostgreSQL",
                Some(">=2.9"),
                &[(requirements, Some(2)), ("docker-compose.yml", Some(3))]
            ),
            row("datastore", "Prisma", Some("^5.14.0"), &[(web, Some(7))]),
            row(
                "datastore",
                "Redis",
                None,
                &[(requirements, Some(3)), ("docker-compose.yml", Some(5))]
            ),
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
                &[("services/api/Dockerfile", None)]
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
    let manifests: Vec<(&str, &str, Vec<&str>, bool)> = stack
        .manifests
        .iter()
        .map(|m| {
            (
                m.path.as_str(),
                m.ecosystem.as_str(),
                m.lockfiles.iter().map(String::as_str).collect(),
                m.library,
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
                false
            ),
            ("package.json", "npm", vec![], false),
            ("services/api/requirements-dev.txt", "pypi", vec![], false),
            ("services/api/requirements.txt", "pypi", vec![], false),
            (
                "services/worker/go.mod",
                "go",
                vec!["services/worker/go.sum"],
                false
            ),
        ]
    );
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
            "\n### {root}\n\npackages: {:?}\nproblems: {:?}\n",
            stack.packages, stack.problems
        );
        for m in &stack.manifests {
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
                "- {} | {} | {} | {} ({} places)",
                t.kind,
                t.name,
                t.version.as_deref().unwrap_or("-"),
                shown.join(", "),
                t.declared_in.len()
            );
        }
        let _ = writeln!(
            report,
            "- markers: {}, documents: {}, inventory problems: {:?}",
            inv.markers.len(),
            inv.documents.len(),
            inv.problems
        );
    }
    std::fs::write(
        std::env::var("FCTO_STACK_REPORT").expect("FCTO_STACK_REPORT"),
        report,
    )
    .expect("write");
}
