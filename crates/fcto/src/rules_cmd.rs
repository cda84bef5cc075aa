//! `fcto rules` and `fcto explain`.

use crate::args::{FormatArg, RulesArgs};
use crate::assess::UsageError;
use crate::output;
use anyhow::Result;
use fcto_rules::{find_rule, rules};
use std::fmt::Write as _;

pub fn list(args: &RulesArgs) -> Result<()> {
    if args.format == FormatArg::Json {
        let metas: Vec<_> = rules()
            .iter()
            .map(|r| {
                let mut v = serde_json::to_value(r.meta).unwrap_or_default();
                v["catalogue_id"] = r.meta.catalogue_id().into();
                v["options"] = r
                    .options
                    .iter()
                    .map(|o| serde_json::json!({"key": o.key, "default": o.default}))
                    .collect();
                v
            })
            .collect();
        return output::stdout(&(serde_json::to_string_pretty(&metas)? + "\n")).map_err(Into::into);
    }
    let mut out = String::new();
    // The name column fits the longest name.
    let width = rules().iter().map(|r| r.meta.name.len()).max().unwrap_or(4);
    let _ = writeln!(
        out,
        "{:<8} {:<width$} {:<14} {:<9} {:<7} TITLE",
        "CODE", "NAME", "AREA", "SEVERITY", "STATUS"
    );
    for r in rules() {
        let m = &r.meta;
        let status = serde_json::to_value(m.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{:<8} {:<width$} {:<14} {:<9} {:<7} {}",
            m.code,
            m.name,
            m.area.as_str(),
            m.severity.as_str(),
            status,
            m.title
        );
    }
    let _ = writeln!(
        out,
        "\n{} rules. `fcto explain CODE` prints one rule's documentation.",
        rules().len()
    );
    output::stdout(&out).map_err(Into::into)
}

pub fn explain(word: &str) -> Result<()> {
    let Some(rule) = find_rule(word) else {
        return Err(anyhow::Error::new(UsageError(format!(
            "no rule is called `{word}`; `fcto rules` lists every code and name"
        ))));
    };
    let m = &rule.meta;
    let stages: Vec<&str> = m.stages.iter().map(|s| s.as_str()).collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}) · {} · {}",
        m.code,
        m.catalogue_id(),
        m.name,
        m.title
    );
    let _ = writeln!(
        out,
        "area: {} · default severity: {} · effort: {} · leads at: {}\n",
        m.area.title(),
        m.severity,
        m.effort,
        stages.join(", ")
    );
    for (heading, text) in [
        ("What it checks", m.docs.what),
        ("Why it matters", m.docs.why),
        ("How to fix", m.docs.how_to_fix),
        ("Options", m.docs.options),
    ] {
        let _ = writeln!(out, "{heading}\n{}\n", wrap(text, 96));
    }
    if !rule.options.is_empty() {
        let _ = writeln!(out, "Set options in fcto.toml:\n[rules.{}]", m.code);
        for o in rule.options {
            let _ = writeln!(out, "{} = {}", o.key, o.default);
        }
    }
    output::stdout(&out).map_err(Into::into)
}

/// Wraps text at `width` columns, indenting by two spaces.
fn wrap(text: &str, width: usize) -> String {
    let mut lines = Vec::new();
    let mut line = String::from(" ");
    for word in text.split_whitespace() {
        if line.len() + word.len() + 1 > width && line.len() > 1 {
            lines.push(std::mem::replace(&mut line, String::from(" ")));
        }
        line.push(' ');
        line.push_str(word);
    }
    if line.len() > 1 {
        lines.push(line);
    }
    lines.join("\n")
}
