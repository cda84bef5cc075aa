//! The assessment and its three renderings for a realistic repository: a small Next.js + Django
//! shop built mostly by one agency developer who has since left, now kept up by two people.
//! Paths, dates and versions are fixed in the input, so the snapshots are stable.

use fcto_model::{
    Area, ClonePairSummary, CodeHealthSummary, CompanyContext, ComponentHealth, Contributor,
    Effort, Evidence, ExcludedFile, FileHealthSummary, Finding, HistorySummary, Hotspot,
    InventorySummary, KnowledgeIsland, LanguageSummary, Note, OrphanedCode, RepositoryInfo,
    RuleDocs, RuleMeta, RuleStatus, Severity, StackItem, StackSummary, Stage, TeamSummary,
    TrendPoint, fingerprint,
};
use fcto_report::{AssessmentInput, Format, RenderOptions, assess, render};
use std::collections::BTreeMap;

const ALL_BUT_PRE: &[Stage] = &[
    Stage::Mvp,
    Stage::Rebuild,
    Stage::Growth,
    Stage::Scale,
    Stage::DueDiligence,
];

#[allow(clippy::too_many_arguments)] // One line per rule reads better than a builder here.
fn rule(
    code: &'static str,
    name: &'static str,
    title: &'static str,
    area: Area,
    severity: Severity,
    effort: Effort,
    stages: &'static [Stage],
    why: &'static str,
    how_to_fix: &'static str,
) -> RuleMeta {
    RuleMeta {
        code,
        name,
        title,
        area,
        severity,
        effort,
        stages,
        status: RuleStatus::Stable,
        needs: &[],
        uses: &[],
        docs: RuleDocs {
            what: "See the catalogue.",
            why,
            how_to_fix,
            options: "None.",
        },
    }
}

fn rules() -> Vec<RuleMeta> {
    vec![
        rule(
            "ARC001",
            "stack-inventory",
            "Stack inventory",
            Area::Architecture,
            Severity::Info,
            Effort::None,
            Stage::ALL,
            "Knowing what the product is built with is the starting point for hiring, hosting \
             and every technical decision.",
            "Nothing to fix; keep the list current as the stack changes.",
        ),
        rule(
            "SEC001",
            "secret-in-file",
            "Secret committed in a file",
            Area::Security,
            Severity::Critical,
            Effort::Hours,
            Stage::ALL,
            "Anyone who can read the code, now or later, can use this key to get into the \
             service it unlocks, and the bill or the data leak lands on you.",
            "Revoke the key in the provider's console and create a new one, then load it from \
             an environment variable or a secret manager. Deleting it from the file is not \
             enough: it stays in the git history.",
        ),
        rule(
            "SEC002",
            "secret-in-history",
            "Secret in the git history",
            Area::Security,
            Severity::High,
            Effort::Hours,
            Stage::ALL,
            "A key deleted from the code still works for anyone who reads the history.",
            "Revoke and replace every key found, then consider rewriting the history.",
        ),
        rule(
            "DEL001",
            "no-ci",
            "No continuous integration",
            Area::Delivery,
            Severity::High,
            Effort::Hours,
            ALL_BUT_PRE,
            "Without an automatic build and test of every change, mistakes reach customers \
             before anyone notices.",
            "Add a CI workflow (for example GitHub Actions) that installs dependencies from the \
             lockfile, runs the tests and builds the app on every pull request.",
        ),
        rule(
            "DEL013",
            "lockfile-missing",
            "Dependency lockfile missing",
            Area::Delivery,
            Severity::High,
            Effort::Hours,
            Stage::ALL,
            "Without a lockfile, two installs of the same code can get different library \
             versions, so what worked yesterday can break today without any change.",
            "Generate a lockfile (pip-tools, Poetry or uv for Python) and commit it; install \
             from it in CI and in production.",
        ),
        rule(
            "QUA001",
            "tests-missing",
            "No or few tests",
            Area::Quality,
            Severity::High,
            Effort::Weeks,
            ALL_BUT_PRE,
            "Without tests every change is checked by hand, or by customers.",
            "Start with tests of the flows that earn money: sign-up, checkout, payment.",
        ),
        rule(
            "QUA005",
            "huge-file",
            "Huge files",
            Area::Quality,
            Severity::Medium,
            Effort::Days,
            &[Stage::Rebuild, Stage::Growth, Stage::Scale],
            "Very large files are hard to understand and risky to change, so every change there \
             takes longer and breaks more often.",
            "Split the file along its responsibilities (one module per page section or per API \
             resource), starting with the parts that change most.",
        ),
        rule(
            "TEAM001",
            "low-truck-factor",
            "Few people know most of the code",
            Area::Team,
            Severity::High,
            Effort::Weeks,
            &[Stage::PreProduct, Stage::Mvp, Stage::DueDiligence],
            "If one person leaving means nobody understands most of the code, every departure \
             or holiday becomes a business risk.",
            "Pair a second engineer with the main author on the most-changed parts, ask for a \
             second reviewer on every change, and write down how the key flows work.",
        ),
        rule(
            "TEAM002",
            "knowledge-islands",
            "Files only one person knows",
            Area::Team,
            Severity::Medium,
            Effort::Weeks,
            &[Stage::Growth],
            "Files only one person understands slow everyone else down and stop when that \
             person is away.",
            "Rotate who changes these files and review every change to them.",
        ),
        rule(
            "TEAM003",
            "orphaned-code",
            "Code left behind by people who left",
            Area::Team,
            Severity::Medium,
            Effort::Weeks,
            &[Stage::Rebuild, Stage::DueDiligence],
            "Code whose author has left is changed with guesswork, which is slow and breaks \
             things.",
            "Have the current team take over these files on purpose: read them, add tests and \
             notes, and make the next change together.",
        ),
        rule(
            "DOC001",
            "thin-readme",
            "README does not explain how to run the product",
            Area::Documentation,
            Severity::Low,
            Effort::Hours,
            &[Stage::Rebuild, Stage::DueDiligence],
            "A new engineer or agency cannot get the product running without asking someone, \
             which costs days and depends on people who may leave.",
            "Add a \"Getting started\" section with the exact commands to install, configure and \
             run the app and its tests.",
        ),
    ]
}

fn finding(
    rule: &str,
    name: &str,
    area: Area,
    severity: Severity,
    effort: Effort,
    message: &str,
    evidence: Vec<Evidence>,
) -> Finding {
    let primary = evidence.first().and_then(|e| e.path.clone());
    Finding {
        rule: rule.to_string(),
        name: name.to_string(),
        area,
        severity,
        effort,
        message: message.to_string(),
        fingerprint: fingerprint(rule, primary.as_deref(), message),
        evidence,
        accepted: None,
    }
}

/// Unranked, as rules report them.
fn findings() -> Vec<Finding> {
    vec![
        finding(
            "QUA005",
            "huge-file",
            Area::Quality,
            Severity::Medium,
            Effort::Days,
            "`api/orders/views.py` has 1,020 code lines, above the limit of 800",
            vec![Evidence::file("api/orders/views.py")],
        ),
        finding(
            "ARC001",
            "stack-inventory",
            Area::Architecture,
            Severity::Info,
            Effort::None,
            "Built with Next.js 14.2, React 18.3, Django 5.0, PostgreSQL 16 and Redis; hosted on Vercel",
            vec![
                Evidence::line("web/package.json", 14),
                Evidence::line("api/requirements.txt", 1),
            ],
        ),
        finding(
            "TEAM003",
            "orphaned-code",
            Area::Team,
            Severity::Medium,
            Effort::Weeks,
            "31% of the code (4,070 lines) was mainly written by Alice Example, whose last commit was on 2024-08-30",
            vec![
                Evidence::file("api/orders/views.py").with_note("88% by Alice Example"),
                Evidence::file("api/payments/stripe_client.py").with_note("97% by Alice Example"),
                Evidence::file("web/lib/pricing.ts").with_note("99% by Alice Example"),
                Evidence::file("web/app/checkout/page.tsx").with_note("64% by Alice Example"),
            ],
        ),
        finding(
            "DEL001",
            "no-ci",
            Area::Delivery,
            Severity::High,
            Effort::Hours,
            "No CI configuration was found in the repository (looked for GitHub Actions, GitLab CI, CircleCI and 20 other services)",
            vec![],
        ),
        finding(
            "SEC001",
            "secret-in-file",
            Area::Security,
            Severity::Critical,
            Effort::Hours,
            "An AWS access key (AKIA…, 20 characters, sha256 3f2a9c1e) is committed in api/shop/settings.py",
            vec![Evidence::line("api/shop/settings.py", 24)],
        ),
        finding(
            "QUA005",
            "huge-file",
            Area::Quality,
            Severity::Medium,
            Effort::Days,
            "`web/app/checkout/page.tsx` has 1,240 code lines, above the limit of 800",
            vec![Evidence::file("web/app/checkout/page.tsx")],
        ),
        finding(
            "DOC001",
            "thin-readme",
            Area::Documentation,
            Severity::Low,
            Effort::Hours,
            "The README does not explain how to run the product: no setup, install or getting-started section",
            vec![Evidence::file("README.md")],
        ),
        finding(
            "TEAM001",
            "low-truck-factor",
            Area::Team,
            Severity::High,
            Effort::Weeks,
            "Truck factor is 1: Alice Example is the main author of 142 of 200 files (71%)",
            vec![Evidence::default().with_note("Alice Example: main author of 142 files")],
        ),
        finding(
            "DEL013",
            "lockfile-missing",
            Area::Delivery,
            Severity::High,
            Effort::Hours,
            "api/requirements.txt lists 14 packages without a lockfile, and 9 of them have no pinned version",
            (1..=5)
                .map(|l| Evidence::line("api/requirements.txt", l))
                .collect(),
        ),
    ]
}

fn language(
    name: &str,
    files: u64,
    code: u64,
    comments: u64,
    blanks: u64,
    total: u64,
) -> LanguageSummary {
    LanguageSummary {
        name: name.to_string(),
        files,
        code,
        comments,
        blanks,
        share: code as f64 / total as f64,
        excluded_code: 0,
        excluded_files: 0,
        programming: name != "YAML",
    }
}

fn inventory() -> InventorySummary {
    let rows: [(&str, u64, u64, u64, u64); 7] = [
        ("Python", 58, 4_480, 620, 1_010),
        ("CSS", 12, 690, 20, 95),
        ("TypeScript", 96, 7_412, 310, 902),
        ("JavaScript", 6, 210, 14, 30),
        ("YAML", 5, 140, 6, 12),
        ("HTML", 4, 120, 0, 8),
        ("Shell", 3, 64, 9, 11),
    ];
    let total: u64 = rows.iter().map(|r| r.2).sum();
    let mut languages: Vec<LanguageSummary> = rows
        .iter()
        .map(|r| language(r.0, r.1, r.2, r.3, r.4, total))
        .collect();
    languages[1].excluded_code = 0;
    languages[3].excluded_code = 1_840;
    languages[3].excluded_files = 1;
    languages[0].excluded_code = 96;
    languages[0].excluded_files = 1;
    InventorySummary {
        files: rows.iter().map(|r| r.1).sum(),
        code: total,
        comments: rows.iter().map(|r| r.3).sum(),
        blanks: rows.iter().map(|r| r.4).sum(),
        languages,
        other_files: 23,
        excluded: vec![
            ExcludedFile {
                path: "api/shop/migrations/0001_initial.py".to_string(),
                reason: "generated".to_string(),
                detail: "\"Generated by Django\" on line 1".to_string(),
                bytes: 4_210,
            },
            ExcludedFile {
                path: "web/public/vendor/chart.min.js".to_string(),
                reason: "minified".to_string(),
                detail: "average line length above 500 characters".to_string(),
                bytes: 205_118,
            },
        ],
        excluded_counts: BTreeMap::from([
            ("generated".to_string(), 1),
            ("minified".to_string(), 1),
        ]),
    }
}

fn item(kind: &str, name: &str, version: Option<&str>, evidence: Vec<Evidence>) -> StackItem {
    StackItem {
        kind: kind.to_string(),
        name: name.to_string(),
        version: version.map(str::to_string),
        via: None,
        evidence,
    }
}

fn stack() -> StackSummary {
    StackSummary {
        items: vec![
            item(
                "package-manager",
                "npm",
                None,
                vec![Evidence::file("web/package-lock.json")],
            ),
            item(
                "framework",
                "Next.js",
                Some("14.2.3"),
                vec![Evidence::line("web/package.json", 14)],
            ),
            item(
                "framework",
                "React",
                Some("^18.3.1"),
                vec![Evidence::line("web/package.json", 15)],
            ),
            item(
                "framework",
                "Django",
                Some("5.0.6"),
                vec![Evidence::line("api/requirements.txt", 1)],
            ),
            item(
                "framework",
                "Django REST framework",
                None,
                vec![Evidence::line("api/requirements.txt", 2)],
            ),
            item(
                "datastore",
                "PostgreSQL",
                Some("16"),
                vec![
                    Evidence::line("docker-compose.yml", 4),
                    Evidence::line("api/requirements.txt", 3),
                ],
            ),
            item(
                "datastore",
                "Redis",
                None,
                vec![Evidence::line("docker-compose.yml", 11)],
            ),
            item(
                "cloud-sdk",
                "AWS SDK (boto3)",
                None,
                vec![Evidence::line("api/requirements.txt", 6)],
            ),
            item(
                "hosting",
                "Vercel",
                None,
                vec![Evidence::file("web/vercel.json")],
            ),
            item(
                "container",
                "Docker",
                None,
                vec![
                    Evidence::file("api/Dockerfile"),
                    Evidence::file("docker-compose.yml"),
                ],
            ),
            item(
                "package-manager",
                "pip",
                None,
                vec![Evidence::file("api/requirements.txt")],
            ),
        ],
        packages: vec!["api".to_string(), "web".to_string()],
    }
}

#[allow(clippy::too_many_arguments)] // One line per person, like the rules above.
fn person(
    name: &str,
    email: &str,
    commits: u64,
    added: u64,
    removed: u64,
    first: &str,
    last: &str,
    active_90_days: bool,
    gone: bool,
    authored_files: u64,
) -> Contributor {
    Contributor {
        name: name.to_string(),
        email: email.to_string(),
        commits,
        lines_added: added,
        lines_removed: removed,
        first_commit: Some(first.to_string()),
        last_commit: Some(last.to_string()),
        active_90_days,
        active_12_months: true,
        gone,
        authored_files,
    }
}

fn team() -> TeamSummary {
    let alice = person(
        "Alice Example",
        "alice@agency.example",
        512,
        61_200,
        22_400,
        "2022-03-14T09:12:00+01:00",
        "2024-08-30T18:02:00+02:00",
        false,
        true,
        142,
    );
    let bob = person(
        "Bob Example",
        "bob@shopfront.example",
        251,
        18_900,
        9_700,
        "2023-06-01T10:00:00+02:00",
        "2025-02-27T17:40:00+01:00",
        true,
        false,
        41,
    );
    let carol = person(
        "Carol Example",
        "carol@shopfront.example",
        83,
        4_100,
        1_900,
        "2024-09-16T09:30:00+02:00",
        "2025-02-25T15:05:00+01:00",
        true,
        false,
        17,
    );
    let island = |path: &str, share: f64, code: u64, changes: u64| KnowledgeIsland {
        path: path.to_string(),
        owner: "Alice Example".to_string(),
        share,
        code,
        changes,
    };
    let orphan = |path: &str, share: f64, code: u64| OrphanedCode {
        path: path.to_string(),
        owner: "Alice Example".to_string(),
        owner_last_commit: Some("2024-08-30T18:02:00+02:00".to_string()),
        share,
        code,
    };
    TeamSummary {
        truck_factor: Some(1),
        truck_factor_authors: vec![alice.clone()],
        effective_truck_factor: Some(1),
        truck_factor_files: 200,
        contributors_total: 3,
        active_90_days: 2,
        active_12_months: 3,
        contributors: vec![alice, bob, carol],
        knowledge_island_share: 0.42,
        knowledge_island_files: 14,
        knowledge_islands: vec![
            island("api/orders/views.py", 0.96, 1_020, 61),
            island("api/payments/stripe_client.py", 0.97, 412, 23),
            island("web/lib/pricing.ts", 0.99, 288, 17),
        ],
        orphaned_share: 0.31,
        orphaned_files: 12,
        orphaned: vec![
            orphan("api/orders/views.py", 0.88, 1_020),
            orphan("api/payments/stripe_client.py", 0.97, 412),
            orphan("web/lib/pricing.ts", 0.99, 288),
        ],
    }
}

fn hotspot(
    path: &str,
    changes: u64,
    code: u64,
    score: f64,
    authors: u64,
    lines_changed: u64,
) -> Hotspot {
    Hotspot {
        path: path.to_string(),
        changes,
        code,
        score,
        authors,
        lines_changed,
        measure: "cyclomatic complexity".to_string(),
        measure_value: (code / 9) as f64,
        // A year ago the file was two thirds of its complexity now.
        trend: [
            "2024-02-28",
            "2024-05-29",
            "2024-08-28",
            "2024-11-27",
            "2025-02-27",
        ]
        .iter()
        .enumerate()
        .map(|(i, d)| TrendPoint {
            date: (*d).to_string(),
            complexity: Some(code / 9 * (4 + i as u64 / 2) / 6),
        })
        .collect(),
        // The two least healthy files of `code_health()`; the rest are healthy.
        code_health: Some(match path {
            "web/app/checkout/page.tsx" => 2.8,
            "api/orders/views.py" => 5.1,
            _ => 9.4,
        }),
    }
}

fn code_health() -> CodeHealthSummary {
    CodeHealthSummary {
        assessed: true,
        score: Some(7.6),
        band: Some("warning".to_string()),
        hotspot_score: Some(4.2),
        files_parsed: 212,
        functions: 1_804,
        files_with_parse_errors: 1,
        complex_functions: 37,
        duplication: 0.061,
        duplicated_lines: 1_420,
        components: vec![
            ComponentHealth {
                component: "web".to_string(),
                score: 6.9,
                code: 14_200,
                files: 120,
            },
            ComponentHealth {
                component: "api".to_string(),
                score: 8.4,
                code: 9_100,
                files: 92,
            },
        ],
        files: vec![
            FileHealthSummary {
                path: "web/app/checkout/page.tsx".to_string(),
                score: 2.8,
                band: "alert".to_string(),
                code: 1_240,
                smells: vec![
                    "large file (1,240 code lines)".to_string(),
                    "brain method `CheckoutPage` (cyclomatic 41, 380 code lines)".to_string(),
                ],
            },
            FileHealthSummary {
                path: "api/orders/views.py".to_string(),
                score: 5.1,
                band: "warning".to_string(),
                code: 1_020,
                smells: vec!["complex method `OrderView.post` (cyclomatic 24)".to_string()],
            },
        ],
        clones: vec![ClonePairSummary {
            first: "web/lib/pricing.ts:12-64".to_string(),
            second: "web/components/Cart.tsx:88-140".to_string(),
            lines: 53,
            tokens: 402,
        }],
    }
}

pub fn shopfront() -> AssessmentInput {
    AssessmentInput {
        tool_version: "0.1.0".to_string(),
        repository: RepositoryInfo {
            path: "/home/founder/shopfront".to_string(),
            kind: "git".to_string(),
            head: Some("9f3c2a7b1e4d5f60718293a4b5c6d7e8f9012345".to_string()),
            rev: None,
            branch: Some("main".to_string()),
            head_date: Some("2025-02-27T17:40:00+01:00".to_string()),
            tree: "worktree".to_string(),
            as_of: "2025-02-27T17:40:00+01:00".to_string(),
        },
        context: CompanyContext::default(),
        inventory: inventory(),
        stack: stack(),
        history: HistorySummary {
            available: true,
            unavailable_reason: None,
            commits: 958,
            human_commits: 846,
            merges: 37,
            authors: 3,
            bot_commits: 112,
            bots: vec!["dependabot[bot]".to_string()],
            mass_commits: 2,
            shallow: false,
            first_commit_date: Some("2022-03-14T09:12:00+01:00".to_string()),
            last_commit_date: Some("2025-02-27T17:40:00+01:00".to_string()),
            tags: vec![],
            commits_per_month: vec![
                ("2024-11".to_string(), 31),
                ("2024-12".to_string(), 18),
                ("2025-01".to_string(), 42),
                ("2025-02".to_string(), 37),
            ],
        },
        team: team(),
        hotspots: vec![
            hotspot("api/shop/settings.py", 33, 210, 0.14, 3, 410),
            hotspot("web/app/checkout/page.tsx", 74, 1_240, 0.91, 3, 5_210),
            hotspot("web/lib/pricing.ts", 38, 288, 0.21, 2, 940),
            hotspot("api/orders/views.py", 61, 1_020, 0.72, 2, 3_880),
            hotspot("web/components/Cart.tsx", 29, 340, 0.19, 2, 720),
            hotspot("api/payments/stripe_client.py", 23, 412, 0.18, 1, 830),
        ],
        code_health: code_health(),
        findings: findings(),
        accepted: vec![],
        rules: rules(),
        notes: vec![
            Note::info(
                "2 commits changed more than 30 files or 5,000 lines (mass changes such as \
                 reformatting) and were left out of per-file statistics.",
            ),
            Note::limitation(
                "web/tsconfig.json could not be parsed (expected `,` at line 12), so its settings \
                 were not read.",
            ),
        ],
    }
}

fn plain() -> RenderOptions {
    RenderOptions {
        color: false,
        width: 100,
    }
}

#[test]
fn assessment_scores_ranks_and_picks_actions() {
    let a = assess(shopfront());
    let scores: Vec<(&str, f64)> = a.scores.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(
        scores,
        [
            ("architecture", 100.0),
            ("delivery", 50.0),
            ("documentation", 97.0),
            ("quality", 84.0),
            ("security", 50.0),
            ("team", 67.0),
        ]
    );
    let actions: Vec<&str> = a.actions.iter().map(|x| x.rule.as_str()).collect();
    assert_eq!(actions, ["SEC001", "DEL001", "DEL013", "TEAM001", "QUA005"]);
    assert_eq!(a.findings.last().unwrap().rule, "ARC001");
    assert_eq!(a.hotspots[0].path, "web/app/checkout/page.tsx");
    assert_eq!(a.inventory.languages[0].name, "TypeScript");
    assert_eq!(a.rules_run.len(), 11);
    assert_eq!(a.rules.len(), 8);
}

#[test]
fn markdown_snapshot() {
    insta::assert_snapshot!(
        "markdown",
        render(&assess(shopfront()), Format::Markdown, &plain())
    );
}

#[test]
fn terminal_snapshot() {
    let text = render(&assess(shopfront()), Format::Terminal, &plain());
    for line in text.lines() {
        assert!(
            line.chars().count() <= 100,
            "longer than 100 columns: {line}"
        );
    }
    insta::assert_snapshot!("terminal", text);
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!("json", render(&assess(shopfront()), Format::Json, &plain()));
}

/// Follows a path like `findings[].evidence[].path` through a JSON value; `[]` means every
/// element of an array. Every key must be present at every step, and every step must reach at
/// least one value. Returns the values found at the end.
fn lookup<'a>(value: &'a serde_json::Value, path: &str) -> Vec<&'a serde_json::Value> {
    let mut current = vec![value];
    for part in path.split('.') {
        let (key, each) = match part.strip_suffix("[]") {
            Some(key) => (key, true),
            None => (part, false),
        };
        let mut next = Vec::new();
        for v in current {
            let obj = v
                .as_object()
                .unwrap_or_else(|| panic!("`{key}` of {path}: parent is not an object"));
            let child = obj
                .get(key)
                .unwrap_or_else(|| panic!("missing `{key}` in {path}"));
            if each {
                let items = child
                    .as_array()
                    .unwrap_or_else(|| panic!("`{key}` in {path} is not an array"));
                next.extend(items);
            } else {
                next.push(child);
            }
        }
        assert!(
            !next.is_empty(),
            "nothing at `{key}` in {path}, so nothing was checked"
        );
        current = next;
    }
    current
}

#[test]
fn json_has_the_contract_fields() {
    let text = render(&assess(shopfront()), Format::Json, &plain());
    assert!(text.ends_with("}\n"));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    for path in [
        "schema_version",
        "tool.version",
        "repository.path",
        "repository.head",
        "repository.rev",
        "inventory.languages[].name",
        "inventory.languages[].files",
        "inventory.languages[].code",
        "inventory.languages[].comments",
        "inventory.languages[].blanks",
        "repository.as_of",
        "inventory.languages[].programming",
        "history.commits",
        "history.human_commits",
        "history.bot_commits",
        "history.authors",
        "history.shallow",
        "team.truck_factor",
        "team.truck_factor_authors[].name",
        "team.knowledge_island_files",
        "team.orphaned_files",
        "hotspots[].path",
        "hotspots[].changes",
        "hotspots[].code",
        "hotspots[].score",
        "findings[].rule",
        "findings[].name",
        "findings[].area",
        "findings[].severity",
        "findings[].message",
        "findings[].fingerprint",
        "actions[].rule",
        "summary",
    ] {
        assert!(!lookup(&json, path).is_empty(), "{path}");
    }
    // Evidence: every piece has the three location keys, null when unknown.
    let evidence = lookup(&json, "findings[].evidence[]");
    assert!(evidence.len() > 5);
    for e in evidence {
        for key in ["path", "line", "commit"] {
            assert!(e.get(key).is_some(), "evidence without `{key}`: {e}");
        }
    }
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["tool"]["version"], "0.1.0");
    assert_eq!(
        json["team"]["truck_factor_authors"][0]["name"],
        "Alice Example"
    );
    let scores = json["scores"].as_object().unwrap();
    assert_eq!(scores.len(), 6);
    assert!(scores.values().all(serde_json::Value::is_number));
    assert_eq!(scores["team"], 67.0);
    assert!(!scores.contains_key("ai"));
    assert!(json["summary"].as_str().unwrap().contains("truck factor"));
}

#[test]
fn colour_codes_only_when_asked() {
    let a = assess(shopfront());
    for format in [Format::Terminal, Format::Markdown, Format::Json] {
        let text = render(&a, format, &plain());
        assert!(
            !text.contains('\u{1b}'),
            "{format} has escape codes without colour"
        );
    }
    let coloured = render(
        &a,
        Format::Terminal,
        &RenderOptions {
            color: true,
            width: 100,
        },
    );
    assert!(
        coloured.contains("\u{1b}[1;31mCRITICAL\u{1b}[0m"),
        "critical is red and bold"
    );
    assert!(coloured.contains("\u{1b}[31mHIGH\u{1b}[0m"));
    assert!(coloured.contains("\u{1b}[33mMEDIUM\u{1b}[0m"));
    assert!(coloured.contains("\u{1b}[36mLOW\u{1b}[0m"));
    assert!(coloured.contains("\u{1b}[2mINFO\u{1b}[0m"));
    // Markdown and JSON never colour.
    let opts = RenderOptions {
        color: true,
        width: 100,
    };
    assert!(!render(&a, Format::Markdown, &opts).contains('\u{1b}'));
    assert!(!render(&a, Format::Json, &opts).contains('\u{1b}'));
}

#[test]
fn terminal_wraps_to_the_width_asked() {
    let text = render(
        &assess(shopfront()),
        Format::Terminal,
        &RenderOptions {
            color: false,
            width: 60,
        },
    );
    let long: Vec<&str> = text.lines().filter(|l| l.chars().count() > 60).collect();
    assert!(long.is_empty(), "{long:#?}");
}

#[test]
fn evidence_counts_are_the_same_everywhere() {
    let mut input = shopfront();
    let secret = input
        .findings
        .iter_mut()
        .find(|f| f.rule == "SEC001")
        .unwrap();
    secret.evidence = (1..=13)
        .map(|l| Evidence::line("api/shop/settings.py", l))
        .collect();
    let a = assess(input);
    assert_eq!(a.actions[0].evidence.len(), 3);
    let term = render(&a, Format::Terminal, &plain());
    // The action and the findings list both count all 13.
    assert_eq!(
        term.matches("api/shop/settings.py:1 (+12 more)").count(),
        2,
        "{term}"
    );
    let md = render(&a, Format::Markdown, &plain());
    // The action lists 3 of them, the findings list 10.
    assert!(
        md.contains("`api/shop/settings.py:3`, and 10 more\n"),
        "{md}"
    );
    assert!(
        md.contains("`api/shop/settings.py:10`, and 3 more\n"),
        "{md}"
    );
}

#[test]
fn terminal_wraps_long_evidence_notes_instead_of_cutting_them() {
    let note = "1 person, 3 files, 2,400 lines: Alice Example wrote everything in api/orders \
                and nobody else has changed it since 2023";
    let mut input = shopfront();
    let truck = input
        .findings
        .iter_mut()
        .find(|f| f.rule == "TEAM001")
        .unwrap();
    truck.evidence = vec![Evidence::default().with_note(note)];
    let text = render(
        &assess(input),
        Format::Terminal,
        &RenderOptions {
            color: false,
            width: 60,
        },
    );
    assert!(text.lines().all(|l| l.chars().count() <= 60), "{text}");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // Once under the action, once in the findings list.
    assert_eq!(flat.matches(note).count(), 2, "{text}");
}

#[test]
fn hostile_names_are_escaped() {
    let mut input = shopfront();
    input.hotspots[0].path = "web/a|b`c.ts".to_string();
    input.findings[0].message = "odd ` tick and \u{1b}[31mred\u{1b}[0m".to_string();
    input.stack.items[0].name = "pipe|name".to_string();
    let a = assess(input);
    let md = render(&a, Format::Markdown, &plain());
    // The hotspot table cell: a longer fence around the backtick, the pipe escaped.
    assert!(md.contains("| ``web/a\\|b`c.ts`` |"), "{md}");
    assert!(md.contains("pipe\\|name"));
    assert!(md.contains("odd \\` tick"));
    assert!(!md.contains('\u{1b}'));
    let term = render(&a, Format::Terminal, &plain());
    assert!(!term.contains('\u{1b}'));
}

#[test]
fn empty_input_renders_without_panicking() {
    let input = AssessmentInput {
        tool_version: "0.1.0".to_string(),
        repository: RepositoryInfo {
            path: "/tmp/empty".to_string(),
            ..RepositoryInfo::default()
        },
        context: CompanyContext::default(),
        inventory: InventorySummary::default(),
        stack: StackSummary::default(),
        history: HistorySummary {
            unavailable_reason: Some("the repository has no commits yet".to_string()),
            ..HistorySummary::default()
        },
        team: TeamSummary::default(),
        hotspots: vec![],
        code_health: CodeHealthSummary::default(),
        findings: vec![],
        accepted: vec![],
        rules: vec![],
        notes: vec![],
    };
    let a = assess(input);
    assert!(a.scores.is_empty());
    assert!(a.summary.contains(
        "The git history was not available because the repository has no commits yet, so"
    ));
    for format in [Format::Terminal, Format::Markdown, Format::Json] {
        let text = render(
            &a,
            format,
            &RenderOptions {
                color: true,
                width: 0,
            },
        );
        assert!(text.ends_with('\n'), "{format}");
    }
    let md = render(&a, Format::Markdown, &plain());
    assert!(md.contains("Not assessed (no check of these areas ran)"));
}
