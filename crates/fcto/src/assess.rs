//! `fcto assess`: facts → rules → assessment → renderer.

use crate::accept;
use crate::args::{AssessArgs, ReportFormatArg};
use crate::config::{self, Config};
use crate::progress::Progress;
use crate::{output, summaries};
use anyhow::{Context, Result};
use fcto_facts::{CollectOptions, collect};
use fcto_model::{FactKind, RepositoryInfo};
use fcto_report::{AssessmentInput, Format, RenderOptions};
use fcto_rules::{Analysis, AnalysisOptions, Selection, rules};

/// A problem with what the user gave: exit code 2 with the message.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

fn usage(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UsageError(message.into()))
}

pub fn run(args: &AssessArgs) -> Result<()> {
    let format = match (args.format, &args.output) {
        (Some(ReportFormatArg::Terminal), _) | (None, None) => Format::Terminal,
        (Some(ReportFormatArg::Markdown), _) => Format::Markdown,
        (Some(ReportFormatArg::Json), _) => Format::Json,
        (Some(ReportFormatArg::Sarif), _) => Format::Sarif,
        (None, Some(path)) => Format::from_extension(path).ok_or_else(|| {
            usage(format!(
                "cannot tell the format from `{}`; use a .md, .json or .sarif file name, or --format markdown|json|sarif",
                path.display()
            ))
        })?,
    };
    let selection = Selection::new(&args.select, &args.ignore).map_err(|e| usage(e.to_string()))?;
    let config = load_config(args)?;

    let needs = |kind: &FactKind| {
        rules()
            .iter()
            .filter(|r| selection.includes(&r.meta))
            .any(|r| r.meta.needs.contains(kind) || r.meta.uses.contains(kind))
    };
    let needs_history = !args.no_history && needs(&FactKind::History);
    let secret_rules = match &args.gitleaks_config {
        None => None,
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                usage(format!(
                    "the gitleaks config `{}` could not be read: {e}",
                    path.display()
                ))
            })?;
            let rules = fcto_facts::secrets::RuleSet::with_gitleaks_config(
                &path.display().to_string(),
                &text,
            )
            .map_err(|e| {
                let one_line: Vec<String> = e
                    .to_string()
                    .lines()
                    .map(|l| l.trim().to_string())
                    .collect();
                usage(format!(
                    "the gitleaks config is not valid: {}",
                    one_line.join(" ")
                ))
            })?;
            // One rule set for the whole run.
            Some(&*Box::leak(Box::new(rules)))
        }
    };
    let dependencies = needs(&FactKind::Dependencies) || needs(&FactKind::Advisories);
    let advisories = if needs(&FactKind::Advisories) {
        Some(crate::db::advisory_source(args.osv_db.as_deref())?)
    } else {
        None
    };
    let progress = Progress::start("reading the repository");
    let facts = collect(
        &args.path,
        &CollectOptions {
            rev: args.rev.clone(),
            history: needs_history,
            syntax: needs(&FactKind::Syntax),
            secrets: needs(&FactKind::Secrets) || needs(&FactKind::SecretHistory),
            secret_history: !args.no_history && needs(&FactKind::SecretHistory),
            secret_rules,
            code_patterns: needs(&FactKind::CodePatterns),
            dependencies,
            advisories,
        },
    )
    .map_err(|e| usage(e.to_string()))?;
    progress.set("analysing");

    let as_of = as_of(&facts)?;
    let analysis = Analysis::new(
        &facts,
        &config.context,
        as_of,
        AnalysisOptions {
            rule_options: config.rule_options.clone(),
        },
    );
    let findings = fcto_rules::run(&analysis, &selection);
    let ran: Vec<fcto_model::RuleMeta> = fcto_rules::rules_to_run(&analysis, &selection)
        .iter()
        .map(|r| r.meta)
        .collect();

    // Accepted findings: the baseline file, comments on their lines.
    let baseline_path = match &args.baseline {
        Some(p) if !p.is_file() => {
            return Err(usage(format!(
                "the baseline `{}` does not exist; give an existing file or write one with --write-baseline",
                p.display()
            )));
        }
        Some(p) => Some(p.clone()),
        None => Some(args.path.join(accept::BASELINE_FILE)).filter(|p| p.is_file()),
    };
    let baseline = baseline_path
        .as_deref()
        .map(accept::read_baseline)
        .transpose()
        .map_err(usage)?;
    let (findings, accepted, accept_notes) = accept::split(
        findings,
        baseline_path.as_deref().zip(baseline.as_ref()),
        &facts.repo,
    );
    if let Some(path) = &args.write_baseline {
        let text = accept::baseline_of(&findings, &accepted, &summaries::rfc3339(as_of)[..10])
            .context("writing the baseline")?;
        std::fs::write(path, text)
            .with_context(|| format!("writing the baseline to {}", path.display()))?;
        output::status(&format!("fcto: wrote {}", path.display()));
    }

    // The summary says when the stage was assumed.
    let mut notes = facts.notes.clone();
    notes.extend(accept_notes);
    let repository = RepositoryInfo {
        path: facts.repo.root.display().to_string(),
        kind: facts.repo.kind.as_str().to_string(),
        head: facts.repo.commit.map(|c| c.to_string()),
        rev: facts.repo.rev.clone(),
        branch: facts.repo.branch.clone(),
        head_date: facts.repo.commit_time.map(summaries::rfc3339),
        tree: facts.inventory.source.clone(),
        as_of: summaries::rfc3339(as_of),
    };
    let input = AssessmentInput {
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        repository,
        context: config.context.clone(),
        inventory: summaries::inventory(&facts),
        stack: summaries::stack(&facts),
        history: summaries::history(&facts),
        team: summaries::team(&analysis),
        hotspots: summaries::hotspots(&analysis, 20),
        code_health: summaries::code_health(&analysis),
        findings,
        accepted,
        rules: ran,
        notes,
    };
    let assessment = fcto_report::assess(input);
    drop(progress);

    let colour = args.output.is_none() && format == Format::Terminal && output::colour_on_stdout();
    let text = fcto_report::render(
        &assessment,
        format,
        &RenderOptions {
            color: colour,
            width: output::width(),
        },
    );
    match &args.output {
        Some(path) => {
            std::fs::write(path, text)
                .with_context(|| format!("writing the report to {}", path.display()))?;
            output::status(&format!("fcto: wrote {}", path.display()));
        }
        None => output::stdout(&text).context("writing the report")?,
    }
    Ok(())
}

fn load_config(args: &AssessArgs) -> Result<Config> {
    let path = match &args.context {
        Some(p) => {
            if !p.is_file() {
                return Err(usage(format!(
                    "the context file `{}` does not exist; give an existing file or run `fcto init`",
                    p.display()
                )));
            }
            Some(p.clone())
        }
        None => Some(args.path.join("fcto.toml")).filter(|p| p.is_file()),
    };
    match path {
        Some(p) => config::load(&p).map_err(|e| usage(e.to_string())),
        None => Ok(Config::default()),
    }
}

/// The moment "recent" is measured from: `FCTO_NOW` when set (RFC 3339 or YYYY-MM-DD, for
/// reproducible reports), the assessed commit's time with `--rev`, else now.
fn as_of(facts: &fcto_facts::Facts) -> Result<i64> {
    if let Ok(value) = std::env::var("FCTO_NOW") {
        return parse_moment(&value).ok_or_else(|| {
            usage(format!(
                "FCTO_NOW=`{value}` is not a date; use YYYY-MM-DD or an RFC 3339 time"
            ))
        });
    }
    if facts.repo.rev.is_some()
        && let Some(t) = facts.repo.commit_time
    {
        return Ok(t);
    }
    Ok(jiff::Timestamp::now().as_second())
}

fn parse_moment(value: &str) -> Option<i64> {
    if let Ok(ts) = value.parse::<jiff::Timestamp>() {
        return Some(ts.as_second());
    }
    let date: jiff::civil::Date = value.parse().ok()?;
    date.to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp().as_second())
}
