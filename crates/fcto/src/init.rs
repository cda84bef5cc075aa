//! `fcto init`: asks for the company's stage, markets, headcount and agency use and writes
//! `fcto.toml`.

use crate::args::InitArgs;
use crate::assess::UsageError;
use crate::{config, output};
use anyhow::{Context, Result};
use fcto_model::{CompanyContext, ContextSource, Stage};

fn usage(message: String) -> anyhow::Error {
    anyhow::Error::new(UsageError(message))
}

pub fn run(args: &InitArgs) -> Result<()> {
    if args.output.exists() && !args.force {
        return Err(usage(format!(
            "`{}` already exists; use --force to replace it",
            args.output.display()
        )));
    }
    // Answers may come from a terminal or a pipe; at the end of input the defaults apply.
    let interactive = !args.yes;
    let mut ctx = CompanyContext {
        source: ContextSource::File {
            path: args.output.display().to_string(),
        },
        ..CompanyContext::default()
    };

    ctx.stage = match &args.stage {
        Some(s) => s.parse::<Stage>().map_err(|e| usage(e.to_string()))?,
        None if interactive => loop {
            let answer = output::ask(&format!(
                "Company stage ({}) [mvp]:",
                Stage::WORDS.join(" / ")
            ))?;
            if answer.is_empty() {
                break Stage::Mvp;
            }
            match answer.parse::<Stage>() {
                Ok(s) => break s,
                Err(e) => output::status(&e.to_string()),
            }
        },
        None => Stage::Mvp,
    };
    ctx.markets = match &args.markets {
        Some(m) => m.clone(),
        None if interactive => split(&output::ask("Markets, comma-separated (e.g. EU, US) []:")?),
        None => Vec::new(),
    };
    ctx.engineers = match args.engineers {
        Some(n) => Some(n),
        None if interactive => loop {
            let answer = output::ask("How many engineers work on the product? []:")?;
            if answer.is_empty() {
                break None;
            }
            match answer.parse::<u32>() {
                Ok(n) => break Some(n),
                Err(_) => output::status("Please give a whole number, or press Enter to skip."),
            }
        },
        None => None,
    };
    ctx.uses_agency = match args.agency {
        Some(b) => Some(b),
        None if interactive => loop {
            let answer =
                output::ask("Does an agency or freelancers build the product? (yes/no) []:")?;
            match answer.to_ascii_lowercase().as_str() {
                "" => break None,
                "y" | "yes" => break Some(true),
                "n" | "no" => break Some(false),
                _ => output::status("Please answer yes or no, or press Enter to skip."),
            }
        },
        None => None,
    };
    let text = config::render(&ctx);
    std::fs::write(&args.output, text)
        .with_context(|| format!("writing {}", args.output.display()))?;
    output::status(&format!(
        "fcto: wrote {} (stage: {})",
        args.output.display(),
        ctx.stage
    ));
    Ok(())
}

fn split(answer: &str) -> Vec<String> {
    answer
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}
