//! SEC-16, SEC-18, SEC-19 and SEC-22 on realistic repositories that make them fire and on
//! careful ones that must not.

use crate::testing::{World, evidence_lines, run_rule};
use fcto_facts::code_patterns::PatternSet;
use fcto_facts::inventory::{Exclusion, FileEntry, LineStats};
use fcto_facts::stack::read_stack;
use fcto_model::{CompanyContext, Finding, Severity, Stage};

/// Runs `code` on a world whose stack is read from its documents, as fcto reads it.
fn run(code: &str, w: World) -> Vec<Finding> {
    run_in(code, w, &CompanyContext::default())
}

fn run_in(code: &str, mut w: World, context: &CompanyContext) -> Vec<Finding> {
    w.stack = read_stack(&w.inventory);
    run_rule(code, &w.facts(), context)
}

/// A well-known document that the code patterns also scan (a requirements file).
fn scanned_doc(mut w: World, path: &str, text: &str) -> World {
    w.inventory
        .pattern_hits
        .extend(PatternSet::builtin().scan(path, text));
    w.doc(path, text)
}

/// A committed file of `bytes` bytes that is not read (a binary or a large file).
fn blob(mut w: World, path: &str, bytes: u64, exclusion: Exclusion) -> World {
    w.inventory.files.push(FileEntry {
        path: path.to_string(),
        bytes,
        language: None,
        stats: LineStats::default(),
        embedded: LineStats::default(),
        exclusion: Some(exclusion),
        hidden: false,
        symlink: None,
    });
    w
}

// ---------------------------------------------------------------------------------------------
// SEC016
// ---------------------------------------------------------------------------------------------

const DJANGO_SETTINGS: &str = r#"from pathlib import Path

SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
"#;

const EXPRESS_APP: &str = r"const express = require('express');
const session = require('express-session');
const app = express();
app.use(session({
  secret: process.env.SESSION_SECRET,
  resave: false,
  cookie: { httpOnly: false, maxAge: 3600000 },
}));
";

#[test]
fn sec016_fires_on_insecure_cookies_and_missing_protections() {
    let w = World::new()
        .doc("requirements.txt", "Django==5.1.2\n")
        .pattern_file("shop/settings.py", DJANGO_SETTINGS)
        .pattern_file(
            "shop/views.py",
            "from django.views.decorators.csrf import csrf_exempt\n\n@csrf_exempt\ndef stripe_webhook(request):\n    pass\n",
        )
        // development settings may switch the flags off
        .pattern_file("shop/settings_local.py", "SESSION_COOKIE_SECURE = False\n")
        .doc(
            "api/package.json",
            r#"{"name": "api", "private": true, "dependencies": {"express": "^4.19.2", "express-session": "^1.18.0"}}"#,
        )
        .pattern_file("api/src/app.js", EXPRESS_APP);
    let findings = run("SEC016", w);
    let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(findings.len(), 5, "{messages:#?}");

    let cookies = findings
        .iter()
        .find(|f| f.message.starts_with("In `shop/settings.py`"))
        .expect("Django cookie flags");
    assert_eq!(cookies.severity, Severity::Medium);
    assert_eq!(
        evidence_lines(cookies),
        vec![("shop/settings.py", 12), ("shop/settings.py", 13)]
    );
    assert!(
        cookies
            .message
            .contains("`CSRF_COOKIE_SECURE`, `SESSION_COOKIE_SECURE`"),
        "{}",
        cookies.message
    );

    let exempt = findings
        .iter()
        .find(|f| f.message.starts_with("In `shop/views.py`"))
        .expect("csrf_exempt");
    assert_eq!(exempt.severity, Severity::Low);
    assert_eq!(evidence_lines(exempt), vec![("shop/views.py", 3)]);
    assert!(exempt.message.contains("to review"));

    let express = findings
        .iter()
        .find(|f| f.message.starts_with("In `api/src/app.js`"))
        .expect("Express cookie");
    assert_eq!(evidence_lines(express), vec![("api/src/app.js", 7)]);
    assert!(
        express.message.contains("`httpOnly`"),
        "{}",
        express.message
    );

    let helmet = findings
        .iter()
        .find(|f| f.message.contains("declares Express"))
        .expect("Express without helmet");
    assert_eq!(helmet.severity, Severity::Medium);
    assert_eq!(helmet.evidence[0].path.as_deref(), Some("api/package.json"));
    assert!(
        helmet.message.contains("add `helmet`"),
        "{}",
        helmet.message
    );

    let django = findings
        .iter()
        .find(|f| f.message.starts_with("Django settings `shop/settings.py`"))
        .expect("SecurityMiddleware left out");
    assert_eq!(evidence_lines(django), vec![("shop/settings.py", 6)]);
    assert!(django.message.contains("SecurityMiddleware"));
    // the cookie flags are assigned (to False): reported above, not as unset
    assert!(
        !django.message.contains("assigned nowhere"),
        "{}",
        django.message
    );
}

#[test]
fn sec016_silent_on_a_careful_app() {
    let settings = DJANGO_SETTINGS
        .replace(
            "MIDDLEWARE = [\n",
            "MIDDLEWARE = [\n    \"django.middleware.security.SecurityMiddleware\",\n",
        )
        .replace("= False\nCSRF", "= True\nCSRF")
        .replace("CSRF_COOKIE_SECURE = False", "CSRF_COOKIE_SECURE = True");
    let w = World::new()
        .doc("requirements.txt", "Django==5.1.2\n")
        .pattern_file("shop/settings.py", &settings)
        .doc(
            "package.json",
            r#"{"name": "api", "private": true, "dependencies": {"express": "^4.19.2", "helmet": "^7.1.0", "nodemailer": "^6.9.0"}}"#,
        )
        .pattern_file(
            "src/mail.js",
            "const t = nodemailer.createTransport({ host, port: 587, secure: false });\n",
        )
        .pattern_file(
            "src/app.js",
            "app.use(session({ cookie: { secure: process.env.NODE_ENV === 'production', httpOnly: true } }));\n",
        )
        // a stateless token API may switch CSRF off
        .pattern_file(
            "api/src/main/java/com/acme/SecurityConfig.java",
            "http.csrf(csrf -> csrf.disable())\n    .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));\n",
        )
        // tests switch protections off on purpose
        .pattern_file(
            "tests/test_views.py",
            "SESSION_COOKIE_SECURE = False\n@csrf_exempt\ndef view(r):\n    pass\n",
        );
    let findings = run("SEC016", w);
    assert!(findings.is_empty(), "{findings:#?}");
}

// ---------------------------------------------------------------------------------------------
// SEC018
// ---------------------------------------------------------------------------------------------

const SHA: &str = "4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39";

#[test]
fn sec018_fires_on_unpinned_git_sources_extra_index_and_pipe_to_shell() {
    let w = World::new()
        .doc(
            "package.json",
            r#"{
  "name": "web",
  "private": true,
  "dependencies": {
    "react": "^18.3.1",
    "ui-kit": "github:acme/ui-kit#main",
    "charts": "git+https://github.com/acme/charts.git"
  }
}"#,
        )
        .pattern_file(
            "scripts/bootstrap.sh",
            "#!/bin/sh\nset -e\ncurl -fsSL https://get.pnpm.io/install.sh | sh -\n",
        );
    let w = scanned_doc(
        w,
        "requirements.txt",
        "--extra-index-url https://pypi.acme.internal/simple\ndjango==5.1.2\nacme-billing==2.3.0\n",
    );
    let findings = run("SEC018", w);
    assert_eq!(findings.len(), 3, "{findings:#?}");

    let git = findings
        .iter()
        .find(|f| f.message.starts_with("`package.json`"))
        .expect("git dependencies");
    assert_eq!(git.severity, Severity::Medium);
    assert_eq!(
        evidence_lines(git),
        vec![("package.json", 6), ("package.json", 7)]
    );
    assert!(
        git.message.contains("2 dependencies")
            && git
                .message
                .contains("`ui-kit` from git `github:acme/ui-kit#main`"),
        "{}",
        git.message
    );

    let index = findings
        .iter()
        .find(|f| f.message.starts_with("`requirements.txt`"))
        .expect("extra index");
    assert_eq!(index.severity, Severity::High);
    assert_eq!(evidence_lines(index), vec![("requirements.txt", 1)]);
    assert!(index.message.contains("`pypi.acme.internal`"));
    assert!(index.message.contains("dependency confusion"));

    let shell = findings
        .iter()
        .find(|f| f.message.starts_with("`scripts/bootstrap.sh`"))
        .expect("pipe to shell");
    assert_eq!(shell.severity, Severity::Medium);
    assert_eq!(evidence_lines(shell), vec![("scripts/bootstrap.sh", 3)]);
}

#[test]
fn sec018_silent_on_pinned_sources_and_checked_downloads() {
    let w = World::new()
        .doc(
            "package.json",
            &format!(
                r#"{{"name": "web", "private": true, "dependencies": {{"react": "^18.3.1", "ui-kit": "github:acme/ui-kit#{SHA}", "shared": "workspace:*"}}}}"#
            ),
        )
        .doc(
            "Cargo.toml",
            &format!(
                "[package]\nname = \"svc\"\nversion = \"0.1.0\"\n\n[dependencies]\nserde = \"1\"\nfork = {{ git = \"https://github.com/acme/fork\", rev = \"{SHA}\" }}\n"
            ),
        )
        .doc("src/main.rs", "fn main() {}\n")
        .pattern_file(
            "scripts/bootstrap.sh",
            "#!/bin/sh\n# curl https://x | sh is what we avoid\ncurl -fsSLo /tmp/i.sh https://get.pnpm.io/install.sh\necho \"$SUM  /tmp/i.sh\" | sha256sum -c\nsh /tmp/i.sh\n",
        )
        // a README tells users how to install: not something the project runs
        .pattern_file("docs/install.md", "curl -fsSL https://acme.dev/install.sh | sh\n");
    let w = scanned_doc(
        w,
        "requirements.txt",
        "--index-url https://pypi.acme.internal/simple\ndjango==5.1.2\n",
    );
    let findings = run("SEC018", w);
    assert!(findings.is_empty(), "{findings:#?}");
}

// ---------------------------------------------------------------------------------------------
// SEC019
// ---------------------------------------------------------------------------------------------

/// A SQL dump of `rows` customers, as mysqldump writes it.
fn customer_dump(rows: usize) -> String {
    let mut text = String::from(
        "-- MySQL dump 10.13\n\nCREATE TABLE `customers` (\n  `id` int NOT NULL,\n  `email` varchar(255) NOT NULL,\n  `phone` varchar(32) DEFAULT NULL\n);\n\n",
    );
    for i in 0..rows {
        text.push_str(&format!(
            "INSERT INTO `customers` VALUES ({i},'person{i}@example.com','+44 20 7946 {i:04}');\n"
        ));
    }
    text
}

#[test]
fn sec019_fires_on_binaries_build_output_and_a_personal_dump() {
    let dump = customer_dump(3);
    let mut w = World::new()
        .code("src/app.ts", "TypeScript", 200)
        .pattern_file("db/backup-2024-05.sql", &dump);
    // the dump is 2 MB in the tree
    if let Some(f) = w
        .inventory
        .files
        .iter_mut()
        .find(|f| f.path == "db/backup-2024-05.sql")
    {
        f.bytes = 2 * 1024 * 1024;
    }
    w = blob(w, "tools/protoc.exe", 3_500_000, Exclusion::Binary);
    w = blob(w, "lib/native/libcrypto.so", 1_200_000, Exclusion::Binary);
    w = blob(
        w,
        "gradle/wrapper/gradle-wrapper.jar",
        60_000,
        Exclusion::Binary,
    );
    w = w.code("web/dist/main.js", "JavaScript", 3_000).code(
        "web/dist/vendor.js",
        "JavaScript",
        1_000,
    );
    let findings = run("SEC019", w);
    assert_eq!(findings.len(), 3, "{findings:#?}");

    let binaries = findings
        .iter()
        .find(|f| f.message.contains("compiled binaries"))
        .expect("binaries");
    assert_eq!(binaries.severity, Severity::Low);
    assert!(
        binaries.message.starts_with(
            "2 compiled binaries or packages are committed (4.5 MB in all): `tools/protoc.exe` (3.3 MB), `lib/native/libcrypto.so` (1.1 MB)"
        ),
        "{}",
        binaries.message
    );
    assert!(
        !binaries
            .evidence
            .iter()
            .any(|e| e.path.as_deref() == Some("gradle/wrapper/gradle-wrapper.jar"))
    );

    let output = findings
        .iter()
        .find(|f| f.message.starts_with("Build output"))
        .expect("build output");
    assert!(output.message.contains("2 files"), "{}", output.message);
    assert_eq!(output.evidence[0].path.as_deref(), Some("web/dist/"));

    let dump = findings
        .iter()
        .find(|f| f.message.contains("database dump"))
        .expect("dump");
    assert_eq!(dump.severity, Severity::High);
    assert_eq!(
        dump.evidence[0].path.as_deref(),
        Some("db/backup-2024-05.sql")
    );
    assert!(
        dump.message.contains("table `customers`") && dump.message.contains("column `email`"),
        "{}",
        dump.message
    );
}

#[test]
fn sec019_silent_on_sources_schemas_and_test_databases() {
    let mut w = World::new()
        .code("src/app.ts", "TypeScript", 200)
        // a schema: no rows
        .pattern_file(
            "db/schema.sql",
            "CREATE TABLE users (id serial primary key, email text not null);\n",
        )
        // a small seed file with rows: under 1 MB, not a dump
        .pattern_file(
            "db/seeds.sql",
            "INSERT INTO users (id, email) VALUES (1, 'admin@example.com');\n",
        )
        .code("src/build/index.ts", "TypeScript", 40)
        .code("crates/core/target/notes.rs", "Rust", 10)
        .doc(
            "action.yml",
            "name: x\nruns:\n  using: node20\n  main: dist/index.js\n",
        )
        .code("dist/index.js", "JavaScript", 9_000);
    w = blob(w, "tests/fixtures/sample.db", 40_000, Exclusion::Binary);
    w = blob(
        w,
        "gradle/wrapper/gradle-wrapper.jar",
        60_000,
        Exclusion::Binary,
    );
    w = blob(w, "assets/Thumbs.db", 20_000, Exclusion::Binary);
    let findings = run("SEC019", w);
    assert!(findings.is_empty(), "{findings:#?}");
}

// ---------------------------------------------------------------------------------------------
// SEC022
// ---------------------------------------------------------------------------------------------

const CI: &str = r"name: CI
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      # - run: npx snyk test
      - run: npm ci && npm test
      - run: npm audit --audit-level=high
";

#[test]
fn sec022_lists_what_is_missing_and_what_was_found() {
    let w = World::new()
        .code("src/app.ts", "TypeScript", 500)
        .doc(".github/workflows/ci.yml", CI)
        .doc("SECURITY.md", "# Security\n\nWe take security seriously.\n");
    let findings = run("SEC022", w);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert_eq!(f.severity, Severity::Low);
    assert_eq!(
        f.message,
        "No static analysis (SAST), secret scanning and security policy (`SECURITY.md` gives \
         no contact) in the repository's workflow; found: dependency audit: npm audit in \
         `.github/workflows/ci.yml`"
    );
    assert_eq!(evidence_lines(f), vec![(".github/workflows/ci.yml", 10)]);

    // medium at due diligence
    let w = World::new()
        .code("src/app.ts", "TypeScript", 500)
        .doc(".github/workflows/ci.yml", CI);
    let context = CompanyContext {
        stage: Stage::DueDiligence,
        ..CompanyContext::default()
    };
    let findings = run_in("SEC022", w, &context);
    assert_eq!(findings[0].severity, Severity::Medium);
}

#[test]
fn sec022_silent_when_every_kind_of_tool_is_there() {
    let w = World::new()
        .code("src/app.py", "Python", 500)
        .doc(
            ".github/workflows/codeql.yml",
            "name: CodeQL\non: [push]\njobs:\n  analyze:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: github/codeql-action/init@v3\n      - uses: github/codeql-action/analyze@v3\n",
        )
        .doc(".github/dependabot.yml", "version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    schedule:\n      interval: weekly\n")
        .doc(
            ".pre-commit-config.yaml",
            "repos:\n  - repo: https://github.com/gitleaks/gitleaks\n    rev: v8.18.4\n    hooks:\n      - id: gitleaks\n",
        )
        .doc(
            ".github/SECURITY.md",
            "# Security policy\n\nReport vulnerabilities to security@acme.example.\n",
        );
    let findings = run("SEC022", w);
    assert!(findings.is_empty(), "{findings:#?}");
}
