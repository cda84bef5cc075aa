//! `fcto.toml`: the company context and rule options. Read raw with spans, then validated; every
//! problem is reported at once with file and line, and an unknown key is an error.

use fcto_model::{CompanyContext, ContextSource, Stage};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A validated configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub context: CompanyContext,
    /// (rule code, option) → value.
    pub rule_options: HashMap<(String, String), f64>,
}

/// Every problem in a configuration file.
#[derive(Debug)]
pub struct ConfigError {
    pub path: String,
    pub problems: Vec<(usize, String)>,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = String::new();
        for (i, (line, message)) in self.problems.iter().enumerate() {
            if i > 0 {
                out.push_str("; ");
            }
            let _ = write!(out, "{}:{line}: {message}", self.path);
        }
        let _ = write!(
            out,
            " (fix {} or run `fcto init` to write a new one)",
            self.path
        );
        f.write_str(&out)
    }
}

impl std::error::Error for ConfigError {}

const COMPANY_KEYS: &[&str] = &[
    "stage",
    "markets",
    "handles",
    "engineers",
    "uses-agency",
    "kpis",
];
const PEOPLE_KEYS: &[&str] = &["departed"];

/// Reads and validates `path`.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        path: shown.clone(),
        problems: vec![(0, format!("cannot read it: {e}"))],
    })?;
    parse(&text, &shown)
}

/// Parses and validates configuration text; `shown` is the path used in messages.
pub fn parse(text: &str, shown: &str) -> Result<Config, ConfigError> {
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let (root, errors) = DeTable::parse_recoverable(text);
    let mut problems: Vec<(usize, String)> = errors
        .iter()
        .map(|e| {
            (
                e.span().map_or(1, |s| line_of(s.start)),
                format!("invalid TOML: {}", e.message()),
            )
        })
        .collect();
    let mut config = Config {
        context: CompanyContext {
            source: ContextSource::File {
                path: shown.to_string(),
            },
            ..CompanyContext::default()
        },
        ..Config::default()
    };
    let mut problem = |span: std::ops::Range<usize>, message: String| {
        problems.push((line_of(span.start), message));
    };

    for (key, value) in root.get_ref() {
        match key.get_ref().as_ref() {
            "company" => {
                let Some(table) = as_table(value, "[company]", &mut problem) else {
                    continue;
                };
                for (k, v) in table {
                    let span = k.span();
                    match k.get_ref().as_ref() {
                        "stage" => {
                            if let Some(s) = as_str(v, "company.stage", &mut problem) {
                                match s.parse::<Stage>() {
                                    Ok(stage) => config.context.stage = stage,
                                    Err(e) => problem(v.span(), format!("company.stage: {e}")),
                                }
                            }
                        }
                        "markets" => {
                            config.context.markets = as_strings(v, "company.markets", &mut problem);
                        }
                        "handles" => {
                            config.context.handles = as_strings(v, "company.handles", &mut problem);
                        }
                        "kpis" => config.context.kpis = as_strings(v, "company.kpis", &mut problem),
                        "engineers" => match v.get_ref() {
                            DeValue::Integer(i) => match i.as_str().replace('_', "").parse::<u32>()
                            {
                                Ok(n) => config.context.engineers = Some(n),
                                Err(_) => problem(
                                    v.span(),
                                    "company.engineers must be a whole number of people, 0 or more"
                                        .into(),
                                ),
                            },
                            _ => problem(
                                v.span(),
                                "company.engineers must be a whole number of people".into(),
                            ),
                        },
                        "uses-agency" => match v.get_ref() {
                            DeValue::Boolean(b) => config.context.uses_agency = Some(*b),
                            _ => problem(
                                v.span(),
                                "company.uses-agency must be true or false".into(),
                            ),
                        },
                        other => problem(span, unknown("company", other, COMPANY_KEYS)),
                    }
                }
            }
            "people" => {
                let Some(table) = as_table(value, "[people]", &mut problem) else {
                    continue;
                };
                for (k, v) in table {
                    match k.get_ref().as_ref() {
                        "departed" => {
                            config.context.departed =
                                as_strings(v, "people.departed", &mut problem);
                        }
                        other => problem(k.span(), unknown("people", other, PEOPLE_KEYS)),
                    }
                }
            }
            "rules" => {
                let Some(table) = as_table(value, "[rules]", &mut problem) else {
                    continue;
                };
                for (k, v) in table {
                    let word = k.get_ref().as_ref();
                    let Some(rule) = fcto_rules::find_rule(word) else {
                        problem(
                            k.span(),
                            format!(
                                "[rules.{word}]: no rule has this code or name; `fcto rules` lists them"
                            ),
                        );
                        continue;
                    };
                    let Some(options) = as_table(v, &format!("[rules.{word}]"), &mut problem)
                    else {
                        continue;
                    };
                    for (ok, ov) in options {
                        let key = ok.get_ref().as_ref();
                        let known: Vec<&str> = rule.options.iter().map(|o| o.key).collect();
                        if !known.contains(&key) {
                            let hint = if known.is_empty() {
                                format!("{} has no options", rule.meta.code)
                            } else {
                                format!("expected one of: {}", known.join(", "))
                            };
                            problem(
                                ok.span(),
                                format!("[rules.{word}]: unknown option `{key}`; {hint}"),
                            );
                            continue;
                        }
                        let number = match ov.get_ref() {
                            DeValue::Integer(i) => i.as_str().replace('_', "").parse::<f64>().ok(),
                            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
                            _ => None,
                        };
                        match number {
                            Some(n) if n >= 0.0 => {
                                config
                                    .rule_options
                                    .insert((rule.meta.code.to_string(), key.to_string()), n);
                            }
                            _ => problem(
                                ov.span(),
                                format!("[rules.{word}].{key} must be a number, 0 or more"),
                            ),
                        }
                    }
                }
            }
            other => problem(
                key.span(),
                unknown("the top level", other, &["company", "people", "rules"]),
            ),
        }
    }
    if problems.is_empty() {
        Ok(config)
    } else {
        problems.sort_by_key(|p| p.0);
        Err(ConfigError {
            path: shown.to_string(),
            problems,
        })
    }
}

fn unknown(section: &str, key: &str, known: &[&str]) -> String {
    format!(
        "unknown key `{key}` in {section}; expected one of: {}",
        known.join(", ")
    )
}

fn as_table<'a, 'i>(
    v: &'a Spanned<DeValue<'i>>,
    name: &str,
    problem: &mut impl FnMut(std::ops::Range<usize>, String),
) -> Option<&'a DeTable<'i>> {
    if let DeValue::Table(t) = v.get_ref() {
        Some(t)
    } else {
        problem(v.span(), format!("{name} must be a table"));
        None
    }
}

fn as_str<'a>(
    v: &'a Spanned<DeValue<'_>>,
    name: &str,
    problem: &mut impl FnMut(std::ops::Range<usize>, String),
) -> Option<&'a str> {
    if let DeValue::String(s) = v.get_ref() {
        Some(s.as_ref())
    } else {
        problem(v.span(), format!("{name} must be a string"));
        None
    }
}

fn as_strings(
    v: &Spanned<DeValue<'_>>,
    name: &str,
    problem: &mut impl FnMut(std::ops::Range<usize>, String),
) -> Vec<String> {
    let DeValue::Array(items) = v.get_ref() else {
        problem(
            v.span(),
            format!("{name} must be a list of strings, like [\"a\", \"b\"]"),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        match item.get_ref() {
            DeValue::String(s) => out.push(s.to_string()),
            _ => problem(item.span(), format!("{name} must contain only strings")),
        }
    }
    out
}

/// The `fcto.toml` text `fcto init` writes.
pub fn render(context: &CompanyContext) -> String {
    let list = |v: &[String]| -> String {
        let items: Vec<String> = v.iter().map(|s| format!("{s:?}")).collect();
        format!("[{}]", items.join(", "))
    };
    let mut out = String::from(
        "# fcto company context: read by `fcto assess`. Stage changes how findings are weighed.\n\
         # stage: pre-product | mvp | rebuild | growth | scale | due-diligence\n\n[company]\n",
    );
    let _ = writeln!(out, "stage = {:?}", context.stage.as_str());
    let _ = writeln!(out, "markets = {}", list(&context.markets));
    let _ = writeln!(out, "handles = {}", list(&context.handles));
    if let Some(n) = context.engineers {
        let _ = writeln!(out, "engineers = {n}");
    }
    if let Some(b) = context.uses_agency {
        let _ = writeln!(out, "uses-agency = {b}");
    }
    let _ = writeln!(out, "kpis = {}", list(&context.kpis));
    out.push_str("\n[people]\n# emails or names of people who have left\n");
    let _ = writeln!(out, "departed = {}", list(&context.departed));
    out.push_str("\n# Rule options, e.g.:\n# [rules.QUA005]\n# max_code = 1500\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_full_context() {
        let c = parse(
            "[company]\nstage = \"growth\"\nmarkets = [\"EU\"]\nengineers = 4\nuses-agency = true\n\n[people]\ndeparted = [\"a@x.io\"]\n\n[rules.QUA005]\nmax_code = 1500\n",
            "fcto.toml",
        )
        .unwrap();
        assert_eq!(c.context.stage, Stage::Growth);
        assert_eq!(c.context.engineers, Some(4));
        assert_eq!(c.context.departed, vec!["a@x.io"]);
        let max_code = c.rule_options[&("QUA005".to_string(), "max_code".to_string())];
        assert!((max_code - 1500.0).abs() < f64::EPSILON);
    }

    #[test]
    fn reports_every_problem_with_its_line() {
        let err = parse(
            "[company]\nstage = \"seed\"\ncolour = \"red\"\n\n[rules.huge-file]\nmax_lines = 3\n[teams]\n",
            "fcto.toml",
        )
        .unwrap_err();
        let lines: Vec<usize> = err.problems.iter().map(|p| p.0).collect();
        assert_eq!(lines, vec![2, 3, 6, 7], "{err}");
        let text = err.to_string();
        assert!(text.contains("fcto.toml:3: unknown key `colour`"), "{text}");
        assert!(
            text.contains("unknown option `max_lines`; expected one of: max_code, high_code"),
            "{text}"
        );
    }

    #[test]
    fn written_context_reads_back() {
        let ctx = CompanyContext {
            stage: Stage::DueDiligence,
            markets: vec!["EU".into(), "US".into()],
            engineers: Some(2),
            uses_agency: Some(false),
            ..CompanyContext::default()
        };
        let back = parse(&render(&ctx), "x").unwrap().context;
        assert_eq!(back.stage, Stage::DueDiligence);
        assert_eq!(back.markets, ctx.markets);
        assert_eq!(back.engineers, Some(2));
    }
}
