//! THE table: every rule, its code, name, area, default severity, stages, options and docs.
//! Every rule code appears as a literal here and nowhere else.

use crate::analysis::{Analysis, Emitter};
use crate::rules::{architecture, delivery, documentation, operations, quality, security, team};
use fcto_model::{Area, Effort, FactKind, RuleDocs, RuleMeta, RuleStatus, Severity, Stage};

/// An option of a rule, overridable in `fcto.toml` under `[rules.CODE]`.
#[derive(Debug, Clone, Copy)]
pub struct RuleOption {
    pub key: &'static str,
    pub default: f64,
}

/// One rule: its metadata, options and check.
pub struct Rule {
    pub meta: RuleMeta,
    pub options: &'static [RuleOption],
    pub check: fn(&Analysis<'_>, &mut Emitter<'_>),
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("code", &self.meta.code)
            .finish_non_exhaustive()
    }
}

use Stage::{
    DueDiligence as DD, Growth as GRO, Mvp as MVP, PreProduct as PRE, Rebuild as RB, Scale as A,
};
const ALL: &[Stage] = &[PRE, MVP, RB, GRO, A, DD];
const INV: &[FactKind] = &[FactKind::Inventory];
const INV_STACK: &[FactKind] = &[FactKind::Inventory, FactKind::Stack];
/// The facts a rule cannot work without; a rule that only *uses* history when it is there
/// (e.g. for a staleness check) does not list it, so it still runs with `--no-history`.
const HIST: &[FactKind] = &[FactKind::Inventory, FactKind::History];
const ALL_FACTS: &[FactKind] = &[FactKind::Inventory, FactKind::Stack, FactKind::History];
const SYNTAX: &[FactKind] = &[FactKind::Inventory, FactKind::Syntax];
const HIST_SYNTAX: &[FactKind] = &[FactKind::Inventory, FactKind::History, FactKind::Syntax];
/// Test code: Rust's inline test modules are read from the syntax.
const TESTS: &[FactKind] = &[FactKind::Inventory, FactKind::Stack, FactKind::Syntax];
const TESTS_HIST: &[FactKind] = &[
    FactKind::Inventory,
    FactKind::Stack,
    FactKind::History,
    FactKind::Syntax,
];

#[allow(clippy::too_many_arguments)] // A table row: every field is named at the call site.
const fn rule(
    code: &'static str,
    name: &'static str,
    title: &'static str,
    area: Area,
    severity: Severity,
    effort: Effort,
    stages: &'static [Stage],
    needs: &'static [FactKind],
    docs: RuleDocs,
    options: &'static [RuleOption],
    check: fn(&Analysis<'_>, &mut Emitter<'_>),
) -> Rule {
    Rule {
        meta: RuleMeta {
            code,
            name,
            title,
            area,
            severity,
            effort,
            stages,
            status: RuleStatus::Stable,
            needs,
            uses: &[],
            docs,
        },
        options,
        check,
    }
}

impl Rule {
    /// The facts the rule uses when they are there (`RuleMeta::uses`).
    const fn using(mut self, uses: &'static [FactKind]) -> Rule {
        self.meta.uses = uses;
        self
    }
}

const SECRETS: &[FactKind] = &[FactKind::Inventory, FactKind::Secrets];
const SECRETS_HIST: &[FactKind] = &[
    FactKind::Inventory,
    FactKind::Secrets,
    FactKind::SecretHistory,
];

/// Both walks of the history, for a rule that uses them when they are there.
const DEPS_ADVISORIES: &[FactKind] = &[FactKind::Dependencies, FactKind::Advisories];
const HISTORIES: &[FactKind] = &[FactKind::History, FactKind::SecretHistory];

/// History, for rules that use it when it is there.
const WITH_HISTORY: &[FactKind] = &[FactKind::History];

/// Rules that read the code-pattern hits (and the manifests).
const INV_PATTERNS: &[FactKind] = &[FactKind::Inventory, FactKind::CodePatterns];
const INV_STACK_PATTERNS: &[FactKind] =
    &[FactKind::Inventory, FactKind::Stack, FactKind::CodePatterns];

const fn opt(key: &'static str, default: f64) -> RuleOption {
    RuleOption { key, default }
}

static RULES: &[Rule] = &[
    rule(
        "ARC001",
        "stack-inventory",
        "Stack inventory",
        Area::Architecture,
        Severity::Info,
        Effort::None,
        ALL,
        INV_STACK,
        architecture::stack_inventory::DOCS,
        &[],
        architecture::stack_inventory::check,
    ),
    rule(
        "ARC002",
        "stack-sprawl",
        "Stack sprawl",
        Area::Architecture,
        Severity::Medium,
        Effort::Weeks,
        &[RB, GRO, A],
        INV_STACK,
        architecture::stack_sprawl::DOCS,
        &[opt("max_languages", 3.0), opt("small_team", 5.0)],
        architecture::stack_sprawl::check,
    ),
    rule(
        "ARC006",
        "dependency-cycles",
        "Dependency cycles and layer violations",
        Area::Architecture,
        Severity::Medium,
        Effort::Weeks,
        &[GRO, A],
        SYNTAX,
        architecture::dependency_cycles::DOCS,
        &[],
        architecture::dependency_cycles::check,
    ),
    rule(
        "ARC007",
        "hidden-coupling",
        "Hidden coupling between components",
        Area::Architecture,
        Severity::Medium,
        Effort::Weeks,
        &[GRO, A],
        HIST_SYNTAX,
        architecture::hidden_coupling::DOCS,
        &[opt("min_degree", 50.0), opt("min_shared_commits", 10.0)],
        architecture::hidden_coupling::check,
    ),
    rule(
        "DEL001",
        "no-ci",
        "No continuous integration",
        Area::Delivery,
        Severity::High,
        Effort::Days,
        &[MVP, RB, GRO, A, DD],
        INV,
        delivery::no_ci::DOCS,
        &[],
        delivery::no_ci::check,
    )
    .using(WITH_HISTORY),
    rule(
        "DEL009",
        "release-cadence",
        "Release cadence (tags) and its trend",
        Area::Delivery,
        Severity::Info,
        Effort::None,
        &[MVP, GRO, A, DD],
        HIST,
        delivery::release_cadence::DOCS,
        &[opt("max_idle_days", 90.0), opt("min_commits_since", 20.0)],
        delivery::release_cadence::check,
    ),
    rule(
        "DEL013",
        "missing-lockfile",
        "Dependency lockfile missing or ignored",
        Area::Delivery,
        Severity::High,
        Effort::Hours,
        &[MVP, RB, GRO, A, DD],
        INV_STACK,
        delivery::lockfile::DOCS,
        &[],
        delivery::lockfile::check,
    ),
    rule(
        "DEL014",
        "ci-installs-ignore-lockfile",
        "CI installs without honouring the lockfile",
        Area::Delivery,
        Severity::Medium,
        Effort::Hours,
        &[MVP, GRO, A],
        INV,
        delivery::ci_installs::DOCS,
        &[],
        delivery::ci_installs::check,
    ),
    rule(
        "DEL015",
        "no-dependency-updates",
        "No automated dependency updates",
        Area::Delivery,
        Severity::Medium,
        Effort::Hours,
        &[MVP, GRO, A, DD],
        INV_STACK,
        delivery::dependency_updates::DOCS,
        &[],
        delivery::dependency_updates::check,
    )
    .using(WITH_HISTORY),
    rule(
        "DOC001",
        "thin-readme",
        "README does not explain how to run the product",
        Area::Documentation,
        Severity::Medium,
        Effort::Hours,
        &[MVP, RB, GRO, A, DD],
        INV,
        documentation::readme::DOCS,
        &[opt("min_lines", 30.0)],
        documentation::readme::check,
    )
    .using(WITH_HISTORY),
    rule(
        "DOC003",
        "no-architecture-docs",
        "No architecture overview or decision record",
        Area::Documentation,
        Severity::Low,
        Effort::Days,
        &[GRO, A, DD],
        INV,
        documentation::operations_docs::ARCHITECTURE_DOCS,
        &[],
        documentation::operations_docs::check_architecture,
    ),
    rule(
        "DOC004",
        "no-runbooks",
        "No runbooks or release instructions",
        Area::Documentation,
        Severity::Low,
        Effort::Days,
        &[GRO, A, DD],
        INV,
        documentation::operations_docs::RUNBOOKS,
        &[],
        documentation::operations_docs::check_runbooks,
    ),
    rule(
        "OPS015",
        "dockerfile-practices",
        "Dockerfile practices",
        Area::Operations,
        Severity::Medium,
        Effort::Hours,
        &[MVP, GRO, A, DD],
        INV,
        operations::dockerfile_practices::DOCS,
        &[],
        operations::dockerfile_practices::check,
    ),
    rule(
        "QUA001",
        "missing-tests",
        "Test presence and test-to-code ratio",
        Area::Quality,
        Severity::High,
        Effort::Weeks,
        &[MVP, RB, GRO, A, DD],
        TESTS,
        quality::tests_presence::DOCS,
        &[opt("min_code", 500.0), opt("min_ratio", 0.1)],
        quality::tests_presence::check,
    ),
    rule(
        "QUA002",
        "tests-not-kept-up",
        "Tests not kept up with the code",
        Area::Quality,
        Severity::Medium,
        Effort::Weeks,
        &[GRO, A],
        TESTS_HIST,
        quality::tests_kept_up::DOCS,
        &[
            opt("max_rate", 0.1),
            opt("min_commits", 10.0),
            opt("stale_days", 182.0),
            opt("stale_changes", 20.0),
        ],
        quality::tests_kept_up::check,
    ),
    rule(
        "QUA005",
        "huge-file",
        "Huge files",
        Area::Quality,
        Severity::Medium,
        Effort::Days,
        &[RB, GRO, A],
        INV,
        quality::huge_files::DOCS,
        &[opt("max_code", 1000.0), opt("high_code", 3000.0)],
        quality::huge_files::check,
    ),
    rule(
        "QUA006",
        "tangled-function",
        "Huge or tangled functions",
        Area::Quality,
        Severity::Medium,
        Effort::Days,
        &[RB, GRO, A],
        SYNTAX,
        quality::tangled_functions::DOCS,
        &[
            opt("max_lines", 100.0),
            opt("high_lines", 300.0),
            opt("max_cognitive", 15.0),
            opt("max_cyclomatic", 20.0),
            opt("max_nesting", 4.0),
            opt("max_parameters", 7.0),
        ],
        quality::tangled_functions::check,
    )
    .using(WITH_HISTORY),
    rule(
        "QUA007",
        "hotspot",
        "Hotspots: complex code that changes all the time",
        Area::Quality,
        Severity::Medium,
        Effort::Weeks,
        &[RB, GRO, A, DD],
        HIST_SYNTAX,
        quality::hotspots::DOCS,
        &[],
        quality::hotspots::check,
    ),
    rule(
        "QUA008",
        "duplicated-code",
        "Duplicated code",
        Area::Quality,
        Severity::Medium,
        Effort::Days,
        &[RB, GRO, A],
        SYNTAX,
        quality::duplication::DOCS,
        &[opt("medium", 0.05), opt("high", 0.15)],
        quality::duplication::check,
    ),
    rule(
        "QUA010",
        "no-code-style",
        "No shared code style or pre-commit checks",
        Area::Quality,
        Severity::Low,
        Effort::Hours,
        &[MVP, GRO],
        INV,
        quality::code_style::DOCS,
        &[],
        quality::code_style::check,
    ),
    rule(
        "QUA011",
        "escape-hatches",
        "Type and lint escape hatches",
        Area::Quality,
        Severity::Low,
        Effort::Days,
        &[GRO, A],
        SYNTAX,
        quality::escape_hatches::DOCS,
        &[opt("low_density", 1.0), opt("medium_density", 5.0)],
        quality::escape_hatches::check,
    ),
    rule(
        "QUA012",
        "swallowed-errors",
        "Errors silently swallowed",
        Area::Quality,
        Severity::Medium,
        Effort::Days,
        &[MVP, RB, GRO],
        SYNTAX,
        quality::swallowed_errors::DOCS,
        &[opt("medium_count", 3.0)],
        quality::swallowed_errors::check,
    ),
    rule(
        "QUA013",
        "disabled-tests",
        "Disabled and flaky tests",
        Area::Quality,
        Severity::Low,
        Effort::Hours,
        &[GRO, A],
        SYNTAX,
        quality::disabled_tests::DOCS,
        &[opt("min_flaky_commits", 3.0)],
        quality::disabled_tests::check,
    )
    .using(WITH_HISTORY),
    rule(
        "QUA016",
        "debt-markers",
        "Debt markers (TODO/FIXME/HACK)",
        Area::Quality,
        Severity::Info,
        Effort::None,
        &[RB, DD],
        INV,
        quality::debt_markers::DOCS,
        &[opt("max_density", 10.0)],
        quality::debt_markers::check,
    ),
    rule(
        "SEC001",
        "secrets-in-code",
        "Secrets in the current code",
        Area::Security,
        Severity::High,
        Effort::Hours,
        ALL,
        SECRETS,
        security::secrets::DOCS_CODE,
        &[],
        security::secrets::check_code,
    ),
    rule(
        "SEC002",
        "secrets-in-history",
        "Secrets still in the git history",
        Area::Security,
        Severity::High,
        Effort::Hours,
        ALL,
        SECRETS_HIST,
        security::secrets::DOCS_HISTORY,
        &[],
        security::secrets::check_history,
    ),
    rule(
        "SEC003",
        "credential-files",
        "Environment and credential files committed",
        Area::Security,
        Severity::High,
        Effort::Hours,
        ALL,
        SECRETS,
        security::credential_files::DOCS,
        &[],
        security::credential_files::check,
    )
    .using(HISTORIES),
    rule(
        "SEC004",
        "secrets-in-client",
        "Secret keys shipped to the browser or mobile app",
        Area::Security,
        Severity::Critical,
        Effort::Hours,
        &[PRE, MVP, RB, GRO],
        INV_PATTERNS,
        security::client_secrets::DOCS,
        &[],
        security::client_secrets::check,
    )
    .using(&[FactKind::Secrets]),
    rule(
        "SEC005",
        "vulnerable-dependencies",
        "Libraries with known vulnerabilities",
        Area::Security,
        Severity::High,
        Effort::Hours,
        ALL,
        DEPS_ADVISORIES,
        security::vulnerable_dependencies::DOCS,
        &[],
        security::vulnerable_dependencies::check,
    ),
    rule(
        "SEC006",
        "unpinned-actions",
        "GitHub Actions not pinned to exact versions",
        Area::Security,
        Severity::Medium,
        Effort::Hours,
        &[MVP, GRO, A, DD],
        INV,
        security::actions_pinning::DOCS,
        &[],
        security::actions_pinning::check,
    ),
    rule(
        "SEC007",
        "dangerous-workflow-triggers",
        "Dangerous workflow triggers (pull_request_target / workflow_run)",
        Area::Security,
        Severity::Critical,
        Effort::Hours,
        ALL,
        INV,
        security::workflow_triggers::DOCS,
        &[],
        security::workflow_triggers::check,
    ),
    rule(
        "SEC008",
        "workflow-script-injection",
        "Script injection in workflows",
        Area::Security,
        Severity::Critical,
        Effort::Hours,
        ALL,
        INV,
        security::script_injection::DOCS,
        &[],
        security::script_injection::check,
    ),
    rule(
        "SEC009",
        "broad-workflow-permissions",
        "Workflow token has too much power",
        Area::Security,
        Severity::High,
        Effort::Hours,
        &[MVP, GRO, A, DD],
        INV,
        security::token_permissions::DOCS,
        &[],
        security::token_permissions::check,
    ),
    rule(
        "SEC010",
        "weak-password-storage",
        "Weak password storage",
        Area::Security,
        Severity::Critical,
        Effort::Days,
        ALL,
        INV_PATTERNS,
        security::password_storage::DOCS,
        &[],
        security::password_storage::check,
    ),
    rule(
        "SEC011",
        "broken-crypto",
        "Home-made or broken cryptography and tokens",
        Area::Security,
        Severity::High,
        Effort::Hours,
        ALL,
        INV_PATTERNS,
        security::broken_crypto::DOCS,
        &[],
        security::broken_crypto::check,
    ),
    rule(
        "SEC012",
        "tls-verification-off",
        "Certificate checks switched off",
        Area::Security,
        Severity::High,
        Effort::Hours,
        ALL,
        INV_PATTERNS,
        security::tls_verification::DOCS,
        &[],
        security::tls_verification::check,
    ),
    rule(
        "SEC013",
        "cors-open",
        "CORS open to every website",
        Area::Security,
        Severity::High,
        Effort::Hours,
        &[MVP, GRO, A],
        INV_PATTERNS,
        security::cors::DOCS,
        &[],
        security::cors::check,
    ),
    rule(
        "SEC014",
        "debug-in-production",
        "Debug mode in production settings",
        Area::Security,
        Severity::High,
        Effort::Hours,
        ALL,
        INV_PATTERNS,
        security::debug_mode::DOCS,
        &[],
        security::debug_mode::check,
    ),
    rule(
        "SEC015",
        "injection-prone-code",
        "Injection-prone code (SQL, shell, eval)",
        Area::Security,
        Severity::High,
        Effort::Hours,
        ALL,
        INV_PATTERNS,
        security::injection::DOCS,
        &[],
        security::injection::check,
    ),
    rule(
        "SEC016",
        "missing-web-protections",
        "Missing web security headers, cookie flags and CSRF protection",
        Area::Security,
        Severity::Medium,
        Effort::Hours,
        &[MVP, GRO, A],
        INV_STACK_PATTERNS,
        security::web_protections::DOCS,
        &[],
        security::web_protections::check,
    ),
    rule(
        "SEC017",
        "missing-ownership-checks",
        "Data access without ownership checks",
        Area::Security,
        Severity::High,
        Effort::Days,
        &[MVP, GRO, A, DD],
        INV_PATTERNS,
        security::ownership_checks::DOCS,
        &[],
        security::ownership_checks::check,
    ),
    rule(
        "SEC018",
        "risky-code-sources",
        "Risky ways of pulling in code",
        Area::Security,
        Severity::Medium,
        Effort::Hours,
        &[GRO, A, DD],
        INV_STACK_PATTERNS,
        security::code_sources::DOCS,
        &[],
        security::code_sources::check,
    ),
    rule(
        "SEC019",
        "committed-binaries",
        "Binaries and build outputs committed",
        Area::Security,
        Severity::Low,
        Effort::Hours,
        &[RB, GRO, DD],
        INV_PATTERNS,
        security::committed_binaries::DOCS,
        &[],
        security::committed_binaries::check,
    ),
    rule(
        "SEC020",
        "open-baas-rules",
        "Backend-as-a-service data open to the internet (Firebase / Supabase)",
        Area::Security,
        Severity::Critical,
        Effort::Hours,
        &[PRE, MVP, RB, GRO],
        INV_PATTERNS,
        security::baas_rules::DOCS,
        &[],
        security::baas_rules::check,
    ),
    rule(
        "SEC021",
        "infrastructure-misconfiguration",
        "Cloud infrastructure misconfigurations",
        Area::Security,
        Severity::High,
        Effort::Hours,
        &[MVP, GRO, A, DD],
        INV,
        security::infrastructure::DOCS,
        &[],
        security::infrastructure::check,
    ),
    rule(
        "SEC022",
        "no-security-tooling",
        "No security tooling or policy in the workflow",
        Area::Security,
        Severity::Low,
        Effort::Hours,
        &[GRO, A, DD],
        INV,
        security::security_tooling::DOCS,
        &[],
        security::security_tooling::check,
    ),
    rule(
        "TEAM001",
        "low-truck-factor",
        "Bus factor (truck factor)",
        Area::Team,
        Severity::High,
        Effort::Weeks,
        ALL,
        HIST,
        team::truck_factor::DOCS,
        &[],
        team::truck_factor::check,
    ),
    rule(
        "TEAM002",
        "knowledge-island",
        "Single-author areas (knowledge islands)",
        Area::Team,
        Severity::Medium,
        Effort::Weeks,
        &[GRO, A, DD],
        HIST,
        team::knowledge_islands::DOCS,
        &[opt("min_share", 0.25)],
        team::knowledge_islands::check,
    ),
    rule(
        "TEAM003",
        "code-left-behind",
        "Code left behind by people who have gone",
        Area::Team,
        Severity::Medium,
        Effort::Weeks,
        &[RB, GRO, A, DD],
        ALL_FACTS,
        team::code_left_behind::DOCS,
        &[opt("max_share", 0.4), opt("max_component_share", 0.7)],
        team::code_left_behind::check,
    ),
    rule(
        "TEAM004",
        "abandoned-live-area",
        "Abandoned but still live areas",
        Area::Team,
        Severity::Medium,
        Effort::Weeks,
        &[RB, GRO, DD],
        ALL_FACTS,
        team::abandoned_area::DOCS,
        &[opt("min_code", 1000.0), opt("idle_days", 365.0)],
        team::abandoned_area::check,
    ),
    rule(
        "TEAM005",
        "who-built-this",
        "Who built this, and are they still here?",
        Area::Team,
        Severity::Info,
        Effort::None,
        ALL,
        HIST,
        team::who_built_this::DOCS,
        &[],
        team::who_built_this::check,
    ),
];

/// Every rule, in code order.
pub fn rules() -> &'static [Rule] {
    RULES
}

/// The rule with this code or name (case-insensitive).
pub fn find_rule(word: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| {
        r.meta.code.eq_ignore_ascii_case(word)
            || r.meta.name.eq_ignore_ascii_case(word)
            || r.meta.catalogue_id().eq_ignore_ascii_case(word)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_table_is_consistent() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for r in RULES {
            let m = &r.meta;
            assert!(codes.insert(m.code), "duplicate code {}", m.code);
            assert!(names.insert(m.name), "duplicate name {}", m.name);
            assert!(
                m.code.starts_with(m.area.prefix()),
                "{} is not in {}",
                m.code,
                m.area
            );
            assert!(
                m.code[m.area.prefix().len()..].len() == 3
                    && m.code[m.area.prefix().len()..]
                        .chars()
                        .all(|c| c.is_ascii_digit()),
                "{}",
                m.code
            );
            assert!(
                m.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                m.name
            );
            for (section, text) in [
                ("what", m.docs.what),
                ("why", m.docs.why),
                ("how to fix", m.docs.how_to_fix),
                ("options", m.docs.options),
            ] {
                assert!(
                    !text.trim().is_empty(),
                    "{} has no `{section}` section",
                    m.code
                );
            }
            assert!(
                m.docs.why.trim_end().ends_with('.') && !m.docs.why.contains('\n'),
                "{}: why is one sentence",
                m.code
            );
        }
        let sorted: Vec<&str> = RULES.iter().map(|r| r.meta.code).collect();
        let mut expected = sorted.clone();
        expected.sort_unstable();
        assert_eq!(sorted, expected, "keep the table in code order");
    }

    #[test]
    fn finds_by_code_name_and_catalogue_id() {
        assert_eq!(find_rule("team001").unwrap().meta.code, "TEAM001");
        assert_eq!(find_rule("low-truck-factor").unwrap().meta.code, "TEAM001");
        assert_eq!(find_rule("TEAM-01").unwrap().meta.code, "TEAM001");
        assert!(find_rule("TEAM999").is_none());
    }
}
